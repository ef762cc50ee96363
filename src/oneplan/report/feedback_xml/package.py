"""The workbook package a feedback copy is edited in: its parts read from the zip, the
XML ones parsed safely, and the copy written with the parts changed, added or removed.

Parsed only after `oneplan.read.prolog.check_no_dtd` (no DTD, no entity declaration) and
with lxml told to resolve no entity, load no DTD and touch no network; the zip is opened
with the guard's own limits (`oneplan.read.container.open_package`). Anything outside that
raises `Unsupported`, and the openpyxl path writes the copy instead.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import etree

from oneplan.read.container import CORRUPT, open_package
from oneplan.read.limits import DEFAULT_LIMITS, UnreadableWorkbook
from oneplan.read.prolog import check_no_dtd
from oneplan.report.feedback_xml.zipcopy import ZipWriter, copyable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"


class Unsupported(Exception):
    """What the XML path does not edit: the openpyxl path writes this copy."""


def safe_parser() -> etree.XMLParser:
    """A parser that resolves no entity, loads no DTD and reads nothing from a network
    (one per package: lxml's parsers are not shared between threads)."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


class Parts:
    """The parts of one workbook package, the XML ones parsed when first asked for."""

    def __init__(self, content: bytes):
        try:
            package = open_package(content, DEFAULT_LIMITS)
        except (UnreadableWorkbook, *CORRUPT) as exc:
            raise Unsupported(f"package: {exc}") from None
        self._content = content
        self._package = package  # open until the copy is written (`write`)
        self._members = {member.filename: member for member in package.members}
        self._order = list(self._members)
        self._trees: dict[str, etree._Element] = {}
        self._edited: set[str] = set()  # the parts written anew (the others are copied)
        self._parser = safe_parser()

    def __contains__(self, name: str) -> bool:
        return name in self._members or name in self._trees

    def _read(self, name: str) -> bytes:
        """A part of the package inflated, exactly its declared size (as the guard reads)."""
        try:
            return self._package.read(name)
        except (UnreadableWorkbook, *CORRUPT) as exc:
            raise Unsupported(f"{name}: {exc}") from None

    @property
    def names(self) -> list[str]:
        return list(self._order)

    def xml(self, name: str, edit: bool = True) -> etree._Element:
        """The part parsed (and kept: what is changed in it is written back); `edit=False`:
        only read, the part is copied as stored unless another caller edits it."""
        if name not in self._trees:
            if name not in self._members:
                raise Unsupported(f"no part {name}")
            data = self._read(name)
            try:
                check_no_dtd(name, data)
                self._trees[name] = etree.fromstring(data, self._parser)
            except (UnreadableWorkbook, etree.XMLSyntaxError) as exc:
                raise Unsupported(f"{name}: {exc}") from None
        if edit:
            self._edited.add(name)
        return self._trees[name]

    def add(self, name: str, root: etree._Element) -> None:
        """A new XML part (or one replaced whole)."""
        if name not in self._order:
            self._order.append(name)
        self._trees[name] = root
        self._edited.add(name)

    def free_name(self, pattern: str) -> str:
        """The first `pattern.format(n)` (n = 1, 2, …) the package does not hold, whatever
        the case of its letters (zip names are compared so by Excel)."""
        taken = {name.lower() for name in self._order}
        number = 1
        while pattern.format(number).lower() in taken:
            number += 1
        return pattern.format(number)

    def write(self, target: Path) -> None:
        """The package with every part edited serialised again, the others copied as the
        agency's file stores them (`zipcopy`); the package is closed after."""
        archive = ZipWriter()
        with self._package:
            for name in self._order:
                if name in self._edited:
                    archive.add(name, etree.tostring(
                        self._trees[name], xml_declaration=True, encoding="UTF-8", standalone=True
                    ))  # fmt: skip
                elif copyable(self._members[name]):
                    archive.copy(self._content, self._members[name])
                else:
                    archive.add(name, self._read(name))
        target.write_bytes(archive.finish())

    # --- relationships and content types -------------------------------------------

    def rels_name(self, part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, type, target part) of each relationship of `part` (internal ones)."""
        name = self.rels_name(part)
        if name not in self:
            return []
        found = []
        for rel in self.xml(name, edit=False).iter(q(PKG_REL, "Relationship")):
            if rel.get("TargetMode") == "External":
                continue
            found.append((rel.get("Id"), rel.get("Type"), resolve(part, rel.get("Target", ""))))
        return found

    def relate(self, part: str, kind: str, target: str) -> str:
        """Add a relationship of `part` to `target` (a part name); its Id."""
        name = self.rels_name(part)
        if name not in self:
            self.add(name, etree.Element(q(PKG_REL, "Relationships"), nsmap={None: PKG_REL}))
        root = self.xml(name)
        ids = {rel.get("Id") for rel in root}
        number = len(ids) + 1
        while f"rId{number}" in ids:
            number += 1
        etree.SubElement(
            root,
            q(PKG_REL, "Relationship"),
            Id=f"rId{number}",
            Type=f"{REL}/{kind}",
            Target="/" + target,
        )
        return f"rId{number}"

    def declare(self, part: str, content_type: str) -> None:
        """An Override of `part`'s content type in `[Content_Types].xml`."""
        etree.SubElement(
            self.xml(CONTENT_TYPES),
            q(TYPES, "Override"),
            PartName="/" + part,
            ContentType=content_type,
        )

    def declare_extension(self, extension: str, content_type: str) -> None:
        root = self.xml(CONTENT_TYPES)
        known = {d.get("Extension", "").lower() for d in root.iter(q(TYPES, "Default"))}
        if extension not in known:
            root.insert(
                0, etree.Element(q(TYPES, "Default"), Extension=extension, ContentType=content_type)
            )

    def content_type(self, part: str) -> str:
        root = self.xml(CONTENT_TYPES, edit=False)
        for override in root.iter(q(TYPES, "Override")):
            if override.get("PartName", "").lstrip("/").lower() == part.lower():
                return override.get("ContentType", "")
        extension = part.rsplit(".", 1)[-1].lower()
        for default in root.iter(q(TYPES, "Default")):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType", "")
        return ""


def resolve(source: str, target: str) -> str:
    """The part a relationship of `source` names (absolute, or relative to its folder)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
