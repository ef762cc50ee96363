"""Normalisation of the text people type into workbooks: Thai digits, codes, villages;
and Thai dictionary order for names people read.

Every comparison of codes (area, agency, plan item) and villages goes through these
functions, so that `KS–01`, `ks-01` and `KS-๐๑` are one code everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-")
)
_SPACES = re.compile(r"\s+")
_CODE_PREFIX = re.compile(r"^([A-Za-z0-9\-]+)(?:\s+|$)")
_VILLAGE_NUMBER = re.compile(r"(\d+)")


# Characters that make a text need more than a strip: zero-width, no-break space, runs of
# spaces, tabs and line breaks.
_NEEDS_WORK = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\xa0\t\n\r\f\v]| {2}")
BLANK_CHARS = " \t\n\r\f\v\xa0\u200b\u200c\u200d\u2060\ufeff"


def clean_text(value: object) -> str:
    """Trim, NFC-normalise and drop zero-width characters; '' for empty cells."""
    if value is None:
        return ""
    if type(value) is str:
        return _clean_str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean_str(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _clean_str(text: str) -> str:
    # Cached: a month repeats the same categories, villages, dates and activities often.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _NEEDS_WORK.search(text):
        text = _SPACES.sub(" ", text.translate(_ZERO_WIDTH).replace("\xa0", " "))
    return text.strip()


def is_blank(value: object) -> bool:
    """An empty cell: nothing, or only spaces and invisible characters."""
    return value is None or (type(value) is str and not value.strip(BLANK_CHARS))


def arabic_digits(text: str) -> str:
    """Thai digits (๐–๙) as Arabic digits."""
    return text.translate(THAI_DIGITS)


@functools.lru_cache(maxsize=1 << 16)
def _normalize_code_text(text: str) -> str:
    text = arabic_digits(text).translate(_DASHES)
    if not text:
        return ""
    match = _CODE_PREFIX.match(text)
    if match and match.end() < len(text):
        rest = text[match.end() :]
        # The tail is a title when it holds anything a code cannot (Thai letters, dots…),
        # even if it starts with a digit (`KS-01 1 ตำบล 1 ผลิตภัณฑ์`); `KS 01` stays a code.
        if re.search(r"[^A-Za-z0-9\-\s]", rest):
            text = match.group(1)
    return re.sub(r"\s+", "", text).upper()


def normalize_code(value: object) -> str:
    """The comparable form of an area, agency or plan item code.

    Case ignored (upper case), Thai digits as Arabic, every dash as '-', spaces removed.
    A cell holding a code followed by its title (`KS-01 ธนาคารเมล็ดพันธุ์`, as a template's
    drop-down writes it) is that code.
    """
    return _normalize_code_text(clean_text(value))


def normalize_village(value: object) -> str:
    """A village as its number: `หมู่ 3`, `ม.3`, `๓` and `3` are all '3'."""
    return _village_text(clean_text(value))


@functools.lru_cache(maxsize=1 << 12)
def _village_text(text: str) -> str:
    text = arabic_digits(text)
    if not text:
        return ""
    match = _VILLAGE_NUMBER.search(text)
    if match:
        return str(int(match.group(1)))
    return text


def normalize_header(value: object) -> str:
    """A header as it is matched, whatever the office's typing habits.

    Case ignored; `_` read as a space and spaces collapsed; no space between Thai letters
    (`เบิกจ่าย สะสม` is `เบิกจ่ายสะสม`: a header wrapped by hand); a trailing unit or note in
    brackets dropped, (), [] or full-width (`จำนวนเงิน (บาท)`, `งบประมาณ[บาท]`); a trailing
    label colon, required-field star or full stop dropped (`งวดรายงาน :`, `งบประมาณ*`, `no.`).
    """
    return _header_text(clean_text(value))


_THAI_GAP = re.compile(r"(?<=[\u0e00-\u0e7f]) +(?=[\u0e00-\u0e7f])")
_TRAILING_NOTE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|（[^（）]*）)\s*$")
_TRAILING_MARK = re.compile(r"\s*[:：*.]+\s*$")


@functools.lru_cache(maxsize=1 << 12)
def _header_text(text: str) -> str:
    text = _SPACES.sub(" ", text.lower().replace("_", " ")).strip()
    while True:  # `จำนวนเงิน (บาท) :`, `งบประมาณ * (บาท)`: marks and notes in any order
        shorter = _TRAILING_MARK.sub("", _TRAILING_NOTE.sub("", text))
        if shorter == text or not shorter:
            break
        text = shorter
    return _THAI_GAP.sub("", text).strip()


def split_list(value: object, separators: str = ",;") -> list[str]:
    """Split a cell holding several values (`a, b; c`) into clean, non-empty parts."""
    text = clean_text(value)
    if not text:
        return []
    parts = re.split("[" + re.escape(separators) + "]", text)
    return [p.strip() for p in parts if p.strip()]


def in_thai_dictionary_order(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """`items` sorted by Thai dictionary order of their names (pythainlp's collation);
    equal names keep their order."""
    items = list(items)
    names = [name(item) for item in items]
    rank = _collation_rank(frozenset(names))
    order = sorted(range(len(items)), key=lambda index: rank[names[index]])
    return [items[index] for index in order]


@functools.lru_cache(maxsize=1 << 12)
def _collation_rank(names: frozenset[str]) -> dict[str, int]:
    """Each name's place in Thai dictionary order among `names`. Cached: reports sort the
    same few partners of an item again in each of their reports (tens of thousands of
    sorts a month), and collation costs far more than the lookup."""
    from pythainlp.util import collate  # only where people read names, not in every reader

    return {text: place for place, text in enumerate(collate(names))}
