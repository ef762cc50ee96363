"""The web pages of `oneplan serve`: an agency hands in its workbook, the coordinator sees
the month. Thin: every page calls the package's stages (validation, intake, feedback,
templates, the monthly run) and the ledger; no business rule lives here."""
