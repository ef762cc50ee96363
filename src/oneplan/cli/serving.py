"""`oneplan serve` and `oneplan token`: running the schedule, the intake and the web pages
until stopped, and the agencies' private links to their page."""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated

import typer

from oneplan.cli.shell import Inputs, Lang, Outputs, State, console, err_console, reference_or_exit
from oneplan.cli.words import say
from oneplan.settings import load_settings


def serve_command(
    inputs: Inputs = None,
    outputs: Outputs = None,
    state: State = None,
    no_web: Annotated[
        bool, typer.Option("--no-web", help="serve the schedule and intake without the web pages")
    ] = False,
    lang: Lang = None,
) -> None:
    """Run until stopped: the monthly run on its schedule (then send), intake of new files, and
    the web pages (agency upload, the coordinator's month) unless --no-web."""
    from flows.serve import serve_all

    settings = load_settings(inputs=inputs, outputs=outputs, state=state, lang=lang)
    reference_or_exit(settings)

    def tell(key: str, **values: object) -> None:
        console.print(say(settings.lang, key, **values), markup=False, highlight=False)

    # Ctrl-C or SIGTERM (once running, Prefect's serve ends quietly; while it starts, an
    # interruption comes out here): shut down as the blocks unwind, exit 0.
    with suppress(KeyboardInterrupt):
        serve_all(settings, say=tell, web=not no_web)
    tell("serve_stopped")


def token_create(
    agency: Annotated[str, typer.Option("--agency", help="agency code of the registry")],
    inputs: Inputs = None,
    state: State = None,
) -> None:
    """Make an agency's private link and print it (its earlier link stops working)."""
    from oneplan.ledger import open_ledger
    from oneplan.values.text import normalize_code
    from oneplan.web.access import UnknownAgency, create_link

    settings = load_settings(inputs=inputs, state=state)
    reference = reference_or_exit(settings)
    code = normalize_code(agency)
    try:
        url = create_link(open_ledger(settings), settings, code, reference.registry.codes)
    except UnknownAgency:
        err_console.print(
            f"oneplan: agency {code} is not in the registry ({reference.registry.file})"
        )
        raise typer.Exit(1) from None
    console.print(url, markup=False, highlight=False)


def token_revoke(
    agency: Annotated[str, typer.Option("--agency", help="agency code")],
    state: State = None,
    lang: Lang = None,
) -> None:
    """End an agency's link: it opens nothing any more."""
    import datetime as dt

    from oneplan.ledger import open_ledger
    from oneplan.values.text import normalize_code

    settings = load_settings(state=state, lang=lang)
    code = normalize_code(agency)
    ended = open_ledger(settings).revoke_links(code, dt.datetime.now(dt.UTC))
    if ended:
        console.print(say(settings.lang, "link_ended", code=code), markup=False)
    else:
        console.print(say(settings.lang, "no_link", code=code), markup=False)
