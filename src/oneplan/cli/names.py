"""Areas and agencies as a person reads them on the terminal: the area's Thai name (the
plan's `Plan.area_names`) and the agency's usual short name (else its Thai name), each with
its code in brackets, listed in Thai dictionary order of the names
(`in_thai_dictionary_order`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from oneplan.values.text import in_thai_dictionary_order


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def agency_names(agencies: pd.DataFrame) -> dict[str, str]:
    """Each agency code of the registry → its short name, else its Thai name."""
    shorts = agencies["short_name"] if "short_name" in agencies else [None] * len(agencies)
    return {
        code: (_text(short) or _text(name) or code).strip()
        for code, short, name in zip(
            agencies["agency_code"], shorts, agencies["name_th"], strict=True
        )
    }


def named(code: str, names: dict[str, str]) -> str:
    """`ตำบลแพรกหา (PLG-PKH)`; the code alone when it has no name."""
    name = names.get(code)
    return f"{name} ({code})" if name and name != code else code


def in_name_order(codes: Iterable[str], names: dict[str, str]) -> list[str]:
    """`codes` in Thai dictionary order of their names (codes without one by the code)."""
    return in_thai_dictionary_order(codes, name=lambda code: names.get(code) or code)
