"""oneplan: reconcile partner agencies' budgets against one shared community plan."""

import os as _os

__version__ = "0.1.0"

# A process started for `serve` by a library (a flow run, by Prefect's runner) ends with it.
if _os.environ.get("ONEPLAN_END_WITH"):  # `oneplan.runtime.lifeline.PARENT_VARIABLE`
    from oneplan.runtime.lifeline import end_with_named_parent

    end_with_named_parent()
