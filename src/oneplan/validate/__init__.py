"""Validating tables: parse raw cells into typed values and check them against the schemas.

Every problem becomes an `oneplan.issues.Issue`; nothing here raises for bad input.
"""
