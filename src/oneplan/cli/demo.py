"""`oneplan demo DIR`: a clean demo every time. What an earlier demo wrote into DIR
(inputs, outputs, state, pages, oneplan.toml) is removed first, and nothing else: a
folder that holds anything else, or that is not a demo's, is refused. The demo writes its
inputs and its settings file (`write_demo_settings`: the folders and the coordination
centre's details), runs the month on those settings, and prints the commands that use it
(`ONEPLAN_SETTINGS=DIR/oneplan.toml .venv/bin/oneplan …`).

Each agency's private link is made anew (its token is random, as every link's is): a
re-made demo has a fresh state folder, so an earlier demo's links open nothing, and the
demo says so.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import typer

from oneplan.cli.exits import stopped_cleanly
from oneplan.cli.monthly import run_period
from oneplan.cli.names import agency_names, in_name_order, named
from oneplan.cli.shell import Lang, console, fail
from oneplan.cli.words import say
from oneplan.settings import load_settings

# What the demo writes into its folder (`make report-pngs` adds pages/): all it removes.
DEMO_PARTS = ("inputs", "outputs", "state", "pages", "oneplan.toml")
COMMAND = ".venv/bin/oneplan"


def demo(
    directory: Annotated[Path, typer.Argument(help="where to write the demo")] = Path("demo"),
    lang: Lang = None,
) -> None:
    """Write a realistic demo (plan, registry, a dozen submissions) into DIR, afresh, and
    run on it."""
    from oneplan.demo import DEMO_PERIOD, write_demo_inputs
    from oneplan.demo.centre import DEMO_CLOSED_AREA, DEMO_CLOSER, write_demo_settings
    from oneplan.demo.receipts import record_demo_receipts

    lang = lang or load_settings().lang
    cleaned = clear_demo_folder(directory, lang)
    console.print(say(lang, "demo_cleaned" if cleaned else "demo_fresh", directory=directory))
    inputs = directory / "inputs"
    write_demo_inputs(inputs)
    settings_file = write_demo_settings(directory)
    console.print(
        say(lang, "demo_written", inputs=inputs, settings=settings_file),
        markup=False,
        highlight=False,
    )
    # The run's flow reads its settings again (from the file): it is this one. The folders
    # are given too, so that no ONEPLAN_INPUTS (…) of the environment moves the demo.
    os.environ["ONEPLAN_SETTINGS"] = str(settings_file)
    folders = {name: directory / name for name in ("inputs", "outputs", "state")}
    settings = load_settings(**folders, lang=lang)
    record_demo_receipts(settings, inputs)
    with stopped_cleanly(lang):
        # The demo's one run is the closing of one area (`oneplan close --area`): the
        # demo shows a closed area beside an open one.
        status = run_period(
            DEMO_PERIOD, settings, closing_by=DEMO_CLOSER, closing_area=DEMO_CLOSED_AREA
        )
    if status == 0:
        line = say(
            lang,
            "area_closed_now",
            period=DEMO_PERIOD,
            area=DEMO_CLOSED_AREA,
            by=DEMO_CLOSER,
            folder=settings.period_outputs(DEMO_PERIOD),
        )
        console.print(line, markup=False, highlight=False)
        _look_further(directory, settings_file, settings, DEMO_PERIOD)
    raise typer.Exit(status)


def is_demo_folder(directory: Path) -> bool:
    """Whether `directory` holds only what a demo writes, and a demo's own files."""
    from oneplan.demo import PLAN_FILE
    from oneplan.demo.centre import demo_settings_text

    names = {path.name for path in directory.iterdir()}
    if not names <= set(DEMO_PARTS):
        return False
    toml = directory / "oneplan.toml"
    if toml.is_file() and toml.read_text(encoding="utf-8") == demo_settings_text():
        return True
    # A demo written by another version (or before it had a settings file): its plan
    # workbook says it is one.
    return (directory / "inputs" / PLAN_FILE).is_file()


def clear_demo_folder(directory: Path, lang: str) -> bool:
    """Remove what an earlier demo wrote into `directory`; whether there was one. An empty
    or missing folder is fine; any other folder is refused (a message, exit 1)."""
    if not directory.exists():
        return False
    if not directory.is_dir() or directory.is_symlink():
        fail(say(lang, "demo_not_a_demo", directory=directory, names=directory.name))
    if not any(directory.iterdir()):
        return False
    if not is_demo_folder(directory):
        names = sorted(path.name for path in directory.iterdir())
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        fail(say(lang, "demo_not_a_demo", directory=directory, names=shown))
    for name in DEMO_PARTS:
        path = directory / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    return True


def _look_further(directory: Path, settings_file: Path, settings, period: str) -> None:
    lang = settings.lang
    command = f"ONEPLAN_SETTINGS={settings_file} {COMMAND}"
    lines = [
        "",
        say(lang, "look_further"),
        say(lang, "look_outputs", folder=settings.period_outputs(period)),
        say(lang, "look_run", command=command, period=period),
        say(lang, "look_serve", command=command),
        say(lang, "look_serve_then", drop=settings.drop_zone),
    ]
    lines += _demo_links(settings)
    lines += [
        say(lang, "look_send", command=command, period=period),
        say(lang, "look_history", command=command),
    ]
    for line in lines:
        console.print(line, markup=False, highlight=False)


def _demo_links(settings) -> list[str]:
    """The coordinator's page, and each demo agency's private page (links made anew), the
    agencies in Thai dictionary order of their names."""
    from rich.cells import cell_len

    from oneplan.ledger import open_ledger
    from oneplan.month.reference import load_reference
    from oneplan.web.access import create_link

    registry = load_reference(settings).registry
    names = agency_names(registry.agencies)
    ledger = open_ledger(settings)
    lines = [
        say(settings.lang, "web_coordinator", url=settings.web_url),
        say(settings.lang, "web_links_new"),
    ]
    width = max(cell_len(named(code, names)) for code in registry.codes)
    for code in in_name_order(registry.codes, names):
        url = create_link(ledger, settings, code, registry.codes)
        name = named(code, names)
        lines.append(f"    {name}{' ' * (width - cell_len(name))}  {url}")
    return lines
