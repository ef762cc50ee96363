"""Delivering the month's reports to the agencies (`oneplan send`)."""
