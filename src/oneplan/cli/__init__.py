"""The `oneplan` command line: a thin shell over the library.

Each command parses its options, calls one library function, and turns a known failure
into a one-line message and an exit code (0 done, 1 could not, 2 usage error).

The commands, one module a group: `monthly` (run; `account` the run's account printed),
`demo` (the demo, afresh), `workbooks` (validate, template), `starters` (the blank plan
and registry), `state` (history, backup), `discipline` (status, received), `closing`
(close, reopen), `sending` (send, remind), `serving` (serve, token);
`shell` holds what they share (consoles, options, the inputs checked), `words` their words
in Thai and English, `names` areas and agencies named, `exits` how a command ends (Ctrl-C,
SIGTERM, the exit status). They are registered here, in the order `--help`
lists them.
"""

from __future__ import annotations

import typer

from flows.prefect_setup import apply_defaults
from oneplan.cli.closing import close, reopen
from oneplan.cli.demo import demo
from oneplan.cli.discipline import received, status
from oneplan.cli.exits import run_to_the_end
from oneplan.cli.monthly import run
from oneplan.cli.sending import remind, send
from oneplan.cli.serving import serve_command, token_create, token_revoke
from oneplan.cli.starters import starters
from oneplan.cli.state import backup, history
from oneplan.cli.workbooks import template, validate

apply_defaults()

app = typer.Typer(
    help="oneplan: reconcile partner agencies' budgets against one shared community plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(run)
app.command()(demo)
app.command()(validate)
app.command()(template)
app.command()(starters)
app.command()(history)
app.command()(status)
app.command()(received)
app.command()(close)
app.command()(reopen)
app.command()(send)
app.command()(remind)
app.command("serve")(serve_command)
app.command()(backup)

token_app = typer.Typer(help="Agencies' private links to their web page.", no_args_is_help=True)
app.add_typer(token_app, name="token")
token_app.command("create")(token_create)
token_app.command("revoke")(token_revoke)


def main() -> None:  # pragma: no cover - console entry point
    run_to_the_end(app)
