"""The package's layout is a rule the project keeps (docs/architecture.md): short modules,
each saying what it holds. The layering itself is checked by import-linter (`make test`
runs `lint-imports` with the contracts in pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONGEST = 300
# A module may be longer only when it is a data table, and its docstring says so.
LONGER_BECAUSE = "Longer than 300 lines:"


def _modules() -> list[Path]:
    folders = [ROOT / "src" / "oneplan", ROOT / "flows"]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*.py")
        if "migrations" not in path.parts
    )


def test_every_module_is_short_or_says_why_it_is_not():
    too_long = []
    for path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LONGEST and LONGER_BECAUSE not in (_docstring(path) or ""):
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert too_long == []


def test_every_module_says_what_it_holds():
    assert [str(p.relative_to(ROOT)) for p in _modules() if not _docstring(p)] == []


def _docstring(path: Path) -> str | None:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
