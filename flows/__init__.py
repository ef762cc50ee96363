"""Prefect flows and deployments of oneplan: thin wiring of the package's stages."""

from flows.prefect_setup import apply_defaults

apply_defaults()
