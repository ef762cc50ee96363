"""Rendering a period's results: summary.json, reconciliation.xlsx, parquet tables and
Word reports, published atomically into `outputs/<period>/`."""
