"""Prefect flows and deployments of oneplan: thin wiring of the package's stages."""

from oneplan.prefect_env import apply_defaults

apply_defaults()
