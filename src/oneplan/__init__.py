"""oneplan: reconcile partner agencies' budgets against one shared community plan."""

__version__ = "0.1.0"
