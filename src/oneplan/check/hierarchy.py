"""The hierarchy of areas: the district (อำเภอ) and province (จังหวัด) each area belongs to,
read from the plan's optional columns `district`, `province` and `geocode`.

Rows are read in the plan's order (file, then row). An area's place is the first one its
rows give; a later row may add what the first left blank, never change it. A row that
contradicts what is known is a warning on its cell, and its place is not used:

- a geocode that is not 6 digits (`geocode_invalid`) or names no sub-district of the
  Department of Provincial Administration (`geocode_unknown`): the code is dropped, the
  names given still count;
- a geocode whose district or province is not the one the row names (`geocode_mismatch`);
- an area placed elsewhere than by its first row (`area_place_conflict`);
- a district placed in another province than by an earlier row (`district_province_conflict`),
  unless the official list has a district of that name in this province too (เฉลิมพระเกียรติ
  is in five provinces; `เมือง` is every province's capital district) or both rows'
  geocodes show two districts of the same name.

A valid geocode names the district and province officially (its first 4 and 2 digits); a
row with names only keeps them as written, without their level word (`อ.`, `อำเภอ`), but
`เมือง` as the capital district's official name (`เมืองพัทลุง`). An
area that gives a district but no province takes the district's province from the other
areas. Areas with no place are "unassigned" (`oneplan.values.places`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import geothai
import pandas as pd

from oneplan.check.schema import cell_location
from oneplan.issues import Issue, Words, make_issue
from oneplan.values.places import district_words, place_name, province_words

_SIX_DIGITS = re.compile(r"^\d{6}$")
PLACE_COLUMNS = ("district", "province", "geocode")


@dataclass(frozen=True)
class AreaPlace:
    """Where an area lies: names without their level word; the geocode when it is known."""

    district: str | None = None
    province: str | None = None
    geocode: str | None = None

    @property
    def district_code(self) -> str | None:
        return self.geocode[:4] if self.geocode else None

    @property
    def province_code(self) -> str | None:
        return self.geocode[:2] if self.geocode else None

    def words(self) -> Words:
        """`อำเภอควนขนุน จังหวัดพัทลุง`, what is known of it."""
        thai, english = [], []
        if self.district:
            thai.append(district_words(self.district, self.province))
            english.append(f"district {self.district}")
        if self.province:
            thai.append(province_words(self.province))
            english.append(f"province {self.province}")
        return Words(" ".join(thai), ", ".join(english))

    def contradicts(self, other: AreaPlace) -> bool:
        """Some part is given by both and differs."""
        return any(
            mine is not None and theirs is not None and mine != theirs
            for mine, theirs in zip(
                (self.district, self.province, self.geocode),
                (other.district, other.province, other.geocode),
                strict=True,
            )
        )

    def filled_from(self, other: AreaPlace) -> AreaPlace:
        """This place with what it leaves blank taken from `other`."""
        return AreaPlace(
            self.district or other.district,
            self.province or other.province,
            self.geocode or other.geocode,
        )


@dataclass(frozen=True)
class Hierarchy:
    """Each area's place (areas of the plan without one are absent)."""

    places: dict[str, AreaPlace]

    def of(self, area_code: str) -> AreaPlace:
        return self.places.get(area_code, AreaPlace())

    def frame(self, areas: Iterable[str]) -> pd.DataFrame:
        """area_code, province, district, district_code, province_code of each area: None
        where unassigned."""
        rows = []
        for area in areas:
            place = self.of(area)
            rows.append(
                {
                    "area_code": area,
                    "province": place.province,
                    "district": place.district,
                    "province_code": place.province_code,
                    "district_code": place.district_code,
                }
            )
        columns = ["area_code", "province", "district", "province_code", "district_code"]
        return pd.DataFrame(rows, columns=columns, dtype=object)


@dataclass
class _Seen:
    place: AreaPlace
    row: dict


def check_hierarchy(rows: list[dict], area_words) -> tuple[Hierarchy, list[Issue]]:
    """Each area's place from the plan's counted `rows` (in reading order), and the
    warnings of the rows that contradict it. `area_words(code)` names an area in a message."""
    areas: dict[str, _Seen] = {}
    districts: dict[str, list[_Seen]] = {}  # by bare name: a name may recur elsewhere
    issues: list[Issue] = []
    for row in rows:
        place, found = _row_place(row)
        issues += found
        if place is None:
            continue
        problem = _district_problem(place, row, districts) or _area_problem(
            place, row, areas.get(row["area_code"]), area_words
        )
        if problem is not None:
            issues.append(problem)
            continue
        seen = areas.get(row["area_code"])
        areas[row["area_code"]] = _Seen(
            place if seen is None else seen.place.filled_from(place), row
        )
        if place.district and place.province:
            known = districts.setdefault(place.district, [])
            if not any(_same_district(place, other.place) for other in known):
                known.append(_Seen(place, row))
    places = {area: _with_province(seen.place, districts) for area, seen in areas.items()}
    return Hierarchy(places), issues


def _row_place(row: dict) -> tuple[AreaPlace | None, list[Issue]]:
    """What the row says of its area's place (None if nothing, or if its geocode
    contradicts its names), with the warning of its geocode."""
    given = AreaPlace(place_name(row.get("district")), place_name(row.get("province")))
    place, problem, words = _placed(row.get("geocode"), given)
    if problem is None:
        return place, []
    where = cell_location(row, "geocode")
    found = make_issue(problem, where, value=row["geocode"], area_code=row["area_code"], **words)
    return place, [found]


@functools.lru_cache(maxsize=1 << 14)
def _placed(code: str | None, given: AreaPlace) -> tuple[AreaPlace | None, str | None, dict]:
    """The place a geocode and names give, the code of the geocode's problem if any, and the
    words of its message. Cached: a plan repeats an area's place on each of its items."""
    if given.district and given.province:  # `เมือง` as the province's official name
        given = replace(given, district=_official_district(given.district, given.province)[1])
    named = given if given.district or given.province else None
    if not code:
        return named, None, {}
    official = geothai.address(code) if _SIX_DIGITS.match(code) else None
    if official is None:
        problem = "geocode_unknown" if _SIX_DIGITS.match(code) else "geocode_invalid"
        return named, problem, {"given": named.words() if named else ""}
    coded = AreaPlace(official.district.name_th, official.province.name_th, code)
    if not _names_fit(official.subdistrict.name_th, code, given):
        words = {"coded": _words(official.subdistrict.name_th, coded), "given": given.words()}
        return None, "geocode_mismatch", words
    return coded, None, {}


def _names_fit(subdistrict: str, code: str, given: AreaPlace) -> bool:
    """The names given (any of them blank) are those of the geocode's district and province,
    as geothai reads names written by hand (`อ.เมือง`, `จ.พัทลุง`, `กทม`)."""
    if not given.district and not given.province:
        return True
    fitting = geothai.match(subdistrict, district=given.district, province=given.province)
    return any(address.subdistrict.code == code for address in fitting)


def _words(subdistrict: str, place: AreaPlace) -> Words:
    words = place.words()
    return Words(f"ตำบล{subdistrict} {words.th}", f"sub-district {subdistrict}, {words.en}")


def _same_district(place: AreaPlace, other: AreaPlace) -> bool:
    """Two rows naming a district of the same name mean one district, unless their geocodes
    show two."""
    if place.district_code and other.district_code:
        return place.district_code == other.district_code
    return place.province == other.province


@functools.lru_cache(maxsize=1 << 12)
def _official_district(district: str, province: str) -> tuple[bool | None, str]:
    """Whether the Department of Provincial Administration's list has a district of that
    name in that province (None: the province is not in the list as written), and its
    official name (`เมือง` is the province's capital district, `เมืองพัทลุง`)."""
    found = _provinces().get(province)
    if found is None:
        return None, district
    names = {d.name_th for d in geothai.districts(found)}
    for name in (district, f"เมือง{province}" if district == "เมือง" else None):
        if name in names:
            return True, name
    return False, district


@functools.lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    return {p.name_th: p.code for p in geothai.provinces()}


def _district_problem(place: AreaPlace, row: dict, districts: dict) -> Issue | None:
    """A district placed in another province than an earlier row placed a district of that
    name, unless the official list has a district of that name in this province too."""
    if not (place.district and place.province):
        return None
    if _official_district(place.district, place.province)[0]:
        return None  # one of the province's own districts, whatever other provinces have
    known = districts.get(place.district, [])
    if not known or any(_same_district(place, other.place) for other in known):
        return None
    if place.district_code and all(other.place.district_code for other in known):
        return None  # another district of the same name, in another province
    first = known[0]
    return make_issue(
        "district_province_conflict",
        cell_location(row, "province"),
        district=Words(district_words(place.district), f"district {place.district}"),
        first=AreaPlace(province=first.place.province).words(),
        given=AreaPlace(province=place.province).words(),
        first_row=first.row["_row"],
        first_file=first.row["_file"] if first.row["_file"] != row["_file"] else "",
        area_code=row["area_code"],
    )


def _area_problem(place: AreaPlace, row: dict, seen: _Seen | None, area_words) -> Issue | None:
    """A row placing its area elsewhere than the area's first place (on the cell that
    differs)."""
    if seen is None or not place.contradicts(seen.place):
        return None
    column = "district" if place.district != seen.place.district else "province"
    if place.district == seen.place.district and place.province == seen.place.province:
        column = "geocode"
    return make_issue(
        "area_place_conflict",
        cell_location(row, column),
        area=area_words(row["area_code"]),
        first=seen.place.words(),
        given=place.words(),
        first_row=seen.row["_row"],
        first_file=seen.row["_file"] if seen.row["_file"] != row["_file"] else "",
        area_code=row["area_code"],
    )


def _with_province(place: AreaPlace, districts: dict[str, list[_Seen]]) -> AreaPlace:
    """An area that names its district but not its province takes the district's, when
    the plan places that district in one province."""
    if place.province or not place.district:
        return place
    provinces = {seen.place.province for seen in districts.get(place.district, [])}
    return replace(place, province=provinces.pop()) if len(provinces) == 1 else place
