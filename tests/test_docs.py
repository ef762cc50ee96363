"""The README and the guide in docs/ stay true to the code: every command, setting, column,
issue code and output table the code has is documented in both languages, the README's
command table is the CLI's, and every link between the pages leads somewhere."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from oneplan.issues.catalogue import CATALOGUE, SEVERITIES, SEVERITY_LABELS
from oneplan.schemas import (
    OUTPUT_TABLES,
    PLAN,
    REGISTRY,
    SUBMISSION_INFO,
    SUBMISSION_INFO_SHEET,
    SUBMISSION_LINES,
)
from oneplan.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ONEPLAN = str(Path(sys.executable).with_name("oneplan"))
LANGS = ("en", "th")
# A severity as the Thai guide's issue table names it: the catalogue's label without its note
# in brackets (ต้องแก้ไข, ควรตรวจสอบ, แจ้งเพื่อทราบ).
SEVERITY_TH = {name: SEVERITY_LABELS["th"][name].partition(" (")[0] for name in SEVERITIES}


def guide(lang: str, page: str) -> str:
    return (DOCS / lang / f"{page}.md").read_text(encoding="utf-8")


def table_rows(text: str) -> list[list[str]]:
    """Every row of every markdown table in `text`, as its cells without backticks."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"\|[-| ]+\|", line.strip()):
            cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
            rows.append([cell.strip().replace("`", "") for cell in cells])
    return rows


def cli_commands(*group: str) -> set[str]:
    """The commands `oneplan [GROUP] --help` lists, as a user reads them."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    shown = subprocess.run(
        [ONEPLAN, *group, "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    section = shown.stdout.split("Commands", 1)[1]
    return set(re.findall(r"^│ (\S+) {2,}", section, re.MULTILINE))


def documented_commands(text: str) -> set[str]:
    """The commands named in the first cell of a table's rows: `oneplan token create …`."""
    names = set()
    for row in table_rows(text):
        if match := re.match(r"oneplan ((?:token )?[a-z]+)", row[0]):
            names.add(match.group(1))
    return names


def every_cli_command() -> set[str]:
    top = cli_commands()
    return (top - {"token"}) | {f"token {name}" for name in cli_commands("token")}


def test_the_readme_is_short_and_names_no_folder_a_clone_lacks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for path in [ROOT / "README.md", ROOT / "inputs" / "README.md", *DOCS.rglob("*.md")]:
        assert "shared/" not in path.read_text(encoding="utf-8"), path


def test_the_readme_and_the_guide_list_exactly_the_commands_oneplan_has():
    commands = every_cli_command()
    assert "starters" in commands and "token create" in commands
    assert documented_commands((ROOT / "README.md").read_text(encoding="utf-8")) == commands
    for lang in LANGS:
        assert documented_commands(guide(lang, "operating")) == commands, lang


@pytest.mark.parametrize("lang", LANGS)
def test_every_setting_is_documented_with_its_environment_variable(lang):
    rows = {row[0]: row for row in table_rows(guide(lang, "settings"))}
    for field in dataclasses.fields(Settings):
        assert field.name in rows, f"{lang}: setting {field.name} is not in the guide"
        assert rows[field.name][1] == f"ONEPLAN_{field.name.upper()}", field.name


def section_under(text: str, sheet: str) -> str:
    """The text under the first heading naming `sheet` in backticks, to the next heading."""
    heading = re.search(rf"^#+ .*`{re.escape(sheet)}`.*$", text, re.MULTILINE)
    assert heading is not None, f"no heading names the sheet {sheet}"
    rest = text[heading.end() :]
    following = re.search(r"^#+ ", rest, re.MULTILINE)
    return rest[: following.start()] if following else rest


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_of_the_three_workbooks_is_in_the_guide(lang):
    text = guide(lang, "workbooks")
    all_rows = table_rows(text)
    for schema in (PLAN, REGISTRY, SUBMISSION_LINES):
        assert f"`{schema.metadata['sheet_th']}`" in text
        assert f"`{schema.metadata['sheet_en']}`" in text
        # Its column table, under the heading naming its sheet (two workbooks may share a
        # header, หน่วยนับ, with other headers read): header, English header, required,
        # other headers read, meaning.
        section = section_under(text, schema.metadata["sheet_th"])
        rows = {(row[0], row[1]): row for row in table_rows(section) if len(row) == 5}
        for column in schema.columns.values():
            meta = column.metadata
            row = rows.get((meta["th"], meta["en"]))
            assert row is not None, f"{lang}: {schema.name} column {meta['th']} ({meta['en']})"
            other_headers = {name.strip() for name in row[3].split(",") if name.strip()}
            assert other_headers == set(meta["aliases"]), (lang, meta["en"])
    assert all(f"`{name}`" in text for name in SUBMISSION_INFO_SHEET)
    labels = {(row[0], row[1]) for row in all_rows if len(row) == 4}
    for info in SUBMISSION_INFO:
        assert (info.th, info.name) in labels, f"{lang}: info label {info.th}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_output_table_is_in_the_guide_with_its_columns_in_order(lang):
    rows = {row[0]: row for row in table_rows(guide(lang, "outputs"))}
    for name, schema in OUTPUT_TABLES.items():
        assert name in rows, f"{lang}: table {name}"
        assert rows[name][2] == ", ".join(schema.columns), (lang, name)


@pytest.mark.parametrize("lang", LANGS)
def test_every_issue_code_is_in_the_guide_with_its_severity(lang):
    rows = {row[0]: row for row in table_rows(guide(lang, "rules"))}
    for code, kind in CATALOGUE.items():
        assert code in rows, f"{lang}: issue code {code}"
        expected = kind.severity if lang == "en" else SEVERITY_TH[kind.severity]
        assert rows[code][1] == expected, (lang, code)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as -."""
    text = heading.strip().lower()
    kept = "".join(
        ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in ("L", "M", "N")
    )
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}


def test_every_link_of_the_readme_and_the_guide_leads_somewhere():
    pages = [ROOT / "README.md", ROOT / "inputs" / "README.md", *sorted(DOCS.rglob("*.md"))]
    checked = 0
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            linked = (page.parent / file_part).resolve() if file_part else page
            assert linked.exists(), f"{page.relative_to(ROOT)}: {target}"
            if anchor:
                assert anchor in anchors(linked), f"{page.relative_to(ROOT)}: {target}"
            checked += 1
    assert checked > 50
