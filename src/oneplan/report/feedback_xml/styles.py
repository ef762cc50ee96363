"""The styles part of a feedback copy: a new cell format (`cellXfs`) for each original
format and fill a marked cell needs, and the few formats of the added problems sheet.

The fills, fonts and formats written are those openpyxl writes for the same workbook
(`oneplan.report.feedback`): a solid fill with its colour as `00RRGGBB`, a bold font, a
link's blue underlined font, top-aligned wrapped text. A package without a styles part
gets a plain one (openpyxl's default font, the two fills every workbook has, one border).
"""

from __future__ import annotations

import copy

from lxml import etree

from oneplan.report.feedback_xml.package import MAIN, Parts, Unsupported, q

STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
# The kinds of the styleSheet's children, in the order its schema gives them.
_ORDER = (
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
    "dxfs", "tableStyles", "colors", "extLst",
)  # fmt: skip
_PLAIN = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><name val="Calibri"/><family val="2"/>'
    '<color theme="1"/><sz val="11"/><scheme val="minor"/></font></fonts><fills count="2">'
    '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
    '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
    'builtinId="0"/></cellStyles></styleSheet>'
)


class Styles:
    """The workbook's styles part, with the formats a feedback copy adds."""

    def __init__(self, parts: Parts, workbook: str):
        rels = parts.relationships(workbook)
        named = [target for _, kind, target in rels if kind.endswith("/styles")]
        if named and named[0] in parts:
            self.root = parts.xml(named[0])
        else:
            if named:  # a relationship to a part the package lacks: not guessed at
                raise Unsupported("the styles part named is missing")
            name = (
                "xl/styles.xml"
                if "xl/styles.xml" not in parts
                else parts.free_name("xl/styles{}.xml")
            )
            self.root = etree.fromstring(_PLAIN)
            parts.add(name, self.root)
            parts.relate(workbook, "styles", name)
            parts.declare(name, STYLES_TYPE)
        self._xfs = self._child("cellXfs")
        if len(self._xfs) == 0:
            etree.SubElement(
                self._xfs, q(MAIN, "xf"), numFmtId="0", fontId="0", fillId="0", borderId="0"
            )
        self._fills: dict[str, int] = {}
        self._fonts: dict[str, int] = {}
        self._made: dict[tuple, int] = {}  # (base format, fill) or a listing format -> index
        self._base: dict[int, int] = {}  # a format made here -> the format it was made from

    def _child(self, kind: str) -> etree._Element:
        found = self.root.find(q(MAIN, kind))
        if found is None:
            found = etree.Element(q(MAIN, kind))
            later = [
                c for c in self.root if etree.QName(c).localname in _ORDER[_ORDER.index(kind) + 1 :]
            ]
            if later:
                later[0].addprevious(found)
            else:
                self.root.append(found)
        return found

    def _append(self, kind: str, element: etree._Element) -> int:
        collection = self._child(kind)
        collection.append(element)
        collection.set("count", str(len(collection)))
        return len(collection) - 1

    def fill(self, rgb: str) -> int:
        """The index of a solid fill of colour `rgb` (RRGGBB), added once."""
        if rgb not in self._fills:
            fill = etree.Element(q(MAIN, "fill"))
            pattern = etree.SubElement(fill, q(MAIN, "patternFill"), patternType="solid")
            etree.SubElement(pattern, q(MAIN, "fgColor"), rgb=f"00{rgb}")
            self._fills[rgb] = self._append("fills", fill)
        return self._fills[rgb]

    def font(self, kind: str) -> int:
        """The index of the bold font (`bold`) or the link's font (`link`), added once."""
        if kind not in self._fonts:
            font = etree.Element(q(MAIN, "font"))
            if kind == "bold":
                etree.SubElement(font, q(MAIN, "b"), val="1")
            else:
                etree.SubElement(font, q(MAIN, "color"), rgb="000563C1")
                etree.SubElement(font, q(MAIN, "u"), val="single")
            self._fonts[kind] = self._append("fonts", font)
        return self._fonts[kind]

    def filled(self, style: int, rgb: str) -> int:
        """The format of a cell of format `style` filled with `rgb`: the original format
        with its fill replaced (a format made here is replaced from its original)."""
        base = self._base.get(style, style)
        key = (base, rgb)
        if key not in self._made:
            if base >= len(self._xfs):
                raise Unsupported(f"cell format {base} is not in the styles part")
            xf = copy.deepcopy(self._xfs[base])
            xf.set("fillId", str(self.fill(rgb)))
            xf.set("applyFill", "1")
            self._made[key] = self._append("cellXfs", xf)
            self._base[self._made[key]] = base
        return self._made[key]

    def listing(self, font: str = "", fill: str = "", wrap: bool = False) -> int:
        """A format of the problems sheet, made from openpyxl's defaults (all zero)."""
        key = ("listing", font, fill, wrap)
        if key not in self._made:
            xf = etree.Element(q(MAIN, "xf"), numFmtId="0", fontId="0", fillId="0", borderId="0")
            if font:
                xf.set("fontId", str(self.font(font)))
                xf.set("applyFont", "1")
            if fill:
                xf.set("fillId", str(self.fill(fill)))
                xf.set("applyFill", "1")
            xf.set("xfId", "0")
            if wrap:
                xf.set("applyAlignment", "1")
                etree.SubElement(xf, q(MAIN, "alignment"), vertical="top", wrapText="1")
            self._made[key] = self._append("cellXfs", xf)
        return self._made[key]
