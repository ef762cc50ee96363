"""`python -m oneplan` is the `oneplan` command."""

from oneplan.cli import main

main()
