"""Reconciliation: which submission counts, and every figure of reconciliation.md.

Stages take plain frames and return new frames; amounts are whole satang (int).
"""

from oneplan.reconcile.figures import Reconciliation, reconcile
from oneplan.reconcile.selection import select_submissions

__all__ = ["Reconciliation", "reconcile", "select_submissions"]
