"""Districts and provinces as people write them and as reports name them.

A plan may write `อำเภอควนขนุน`, `อ.ควนขนุน` or `ควนขนุน`, and `จังหวัดพัทลุง`, `จ.พัทลุง` or
`พัทลุง`: each is kept as the bare name (`place_name`), and named in full where it is shown
(`district_words`, `province_words`). Bangkok's districts are เขต, and Bangkok is no จังหวัด.
"""

from __future__ import annotations

import re

from oneplan.values.text import clean_text

BANGKOK = "กรุงเทพมหานคร"
_BANGKOK_SPELLINGS = {"กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม", "กทม."}

# Level words written before a name, longest first (`กิ่งอำเภอ` before `อำเภอ`).
_LEVEL_WORDS = re.compile(r"^(?:กิ่งอำเภอ|อำเภอ|จังหวัด|เขต|อ\s*\.|จ\s*\.)\s*")

UNASSIGNED_DISTRICT = "ไม่ระบุอำเภอ"
UNASSIGNED_PROVINCE = "ไม่ระบุจังหวัด"


def place_name(value: object) -> str | None:
    """A district or province as its bare name (`อ.ควนขนุน` → `ควนขนุน`), None if blank."""
    text = _LEVEL_WORDS.sub("", clean_text(value)).strip()
    if text in _BANGKOK_SPELLINGS:
        return BANGKOK
    return text or None


def province_words(name: str | None) -> str:
    """A province named in full: `จังหวัดพัทลุง`, `กรุงเทพมหานคร`, or that none was given."""
    if not name:
        return UNASSIGNED_PROVINCE
    return name if name == BANGKOK else f"จังหวัด{name}"


def district_words(name: str | None, province: str | None = None) -> str:
    """A district named in full: `อำเภอควนขนุน`, `เขตบางรัก` in Bangkok, or that none was
    given."""
    if not name:
        return UNASSIGNED_DISTRICT
    return f"เขต{name}" if province == BANGKOK else f"อำเภอ{name}"
