"""Areas and agencies as a person reads them on the terminal: the area's Thai name (the
plan's `Plan.area_names`) and the agency's usual short name (else its Thai name), each with
its code in brackets, listed in Thai dictionary order of the names
(`in_thai_dictionary_order`)."""

from __future__ import annotations

from collections.abc import Iterable

from oneplan.check.reference import agency_names
from oneplan.values.text import in_thai_dictionary_order

__all__ = ["agency_names", "in_name_order", "named"]


def named(code: str, names: dict[str, str]) -> str:
    """`ตำบลแพรกหา (PLG-PKH)`; the code alone when it has no name."""
    name = names.get(code)
    return f"{name} ({code})" if name and name != code else code


def in_name_order(codes: Iterable[str], names: dict[str, str]) -> list[str]:
    """`codes` in Thai dictionary order of their names (codes without one by the code)."""
    return in_thai_dictionary_order(codes, name=lambda code: names.get(code) or code)
