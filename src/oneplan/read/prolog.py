"""Whether an XML part declares a DTD or entities, read from the prolog as parsers read it.

A document type declaration, where entities (and entity bombs) are declared, can stand
only in an XML document's prolog: after the XML declaration, among comments, processing
instructions and white space, before the root element (XML 1.0, productions [1], [22]).
`scan_prolog` reads that prolog from a part's first bytes and relies on exactly this:

- The encoding is found as parsers find it (XML 1.0, Appendix F; expat; libxml2): a
  byte-order mark (UTF-8, UTF-16, UTF-32 in either order); without one, UCS-4 when three
  of the first four bytes are zero, UTF-16 when the first or the second byte is (expat
  reads UTF-16 so whatever the first character); else bytes in which ASCII is ASCII. Those
  are read as they are, and once more in each other encoding the XML declaration names
  (Python's codec of that name: UTF-7 or ISO-2022 can spell `<!` without those bytes); a
  name Python has no text codec for, EBCDIC and the unusual UCS-4 orders are
  `UNKNOWN_ENCODING`, refused.
- A part whose first character after white space is not `<` is no XML document to any
  parser (a picture, printer settings): `CLEAN`, it has no prolog.
- Comments (`<!--` to the next `-->`, searched from the second `-`, as a lenient reader
  could end `<!-->`) and processing instructions (`<?` to the next `?>`) are passed over;
  any other `<!` before the root element is a `DECLARATION`: `<!DOCTYPE`, or `<!ENTITY`
  and the like, which no well-formed document has there. Text a parser would reject is
  passed over too, looking on for a later declaration, so a malformed prolog errs on the
  side of refusing.
- The first `<` followed by anything else opens the root element: `CLEAN`.

Bytes that end inside the prolog are `UNFINISHED` unless they are the whole part.
`check_no_dtd` and `refuse_declaration` turn a verdict into the guard's refusal.
"""

from __future__ import annotations

import codecs
import enum
import re

from oneplan.read.limits import UnreadableWorkbook


class Prolog(enum.Enum):
    CLEAN = "no declaration before the root element"
    DECLARATION = "a DTD or another declaration before the root element"
    UNFINISHED = "the bytes end inside the prolog"
    UNKNOWN_ENCODING = "an encoding no codec reads"


# The first bytes of every part a spreadsheet program writes: in UTF-8, the XML
# declaration (naming no encoding, or UTF-8) or none, then the root element. Decided at once.
_PLAIN = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml([^?<>]*)\?>)?[ \t\r\n]*<[A-Za-z_]")
_UTF8_NAMES = {b"utf-8", b"utf8"}

_BYTE_ORDER_MARKS = (  # the longer marks first: the UTF-32 LE mark begins as UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_UCS4 = {0: "utf-32-le", 3: "utf-32-be"}  # where the one byte of `<` is, without a mark
_EBCDIC = b"\x4c\x6f\xa7\x94"  # `<?xm`
_DECLARATION = re.compile(rb"<\?xml[ \t\r\n]")
_ENCODING = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][\w.-]*)["']""")
_SPACE = " \t\r\n"
_WINDOW = 1024  # the prolog is looked for here first, and in all the bytes only if longer


def scan_prolog(data: bytes, complete: bool) -> Prolog:
    """What the prolog of the XML part starting with `data` holds.

    `complete` says `data` is the whole part; if not, `UNFINISHED` asks for more.
    """
    if len(data) < 4 and not complete:
        return Prolog.UNFINISHED  # too few bytes to know the encoding
    plain = _PLAIN.match(data)
    if plain and all(
        name.lower() in _UTF8_NAMES for name in _ENCODING.findall(plain.group(1) or b"")
    ):
        return Prolog.CLEAN
    verdict = _scan_readings(data[:_WINDOW], complete and len(data) <= _WINDOW)
    if verdict is Prolog.UNFINISHED and len(data) > _WINDOW:
        verdict = _scan_readings(data, complete)
    return verdict


def _scan_readings(data: bytes, complete: bool) -> Prolog:
    """The worst verdict of each way a parser could read these bytes."""
    try:
        readings = _readings(data, complete)
    except (LookupError, ValueError):  # no codec of that name, or none that reads bytes
        return Prolog.UNKNOWN_ENCODING
    verdicts = {_scan(text, complete) for text in readings}
    for verdict in (Prolog.DECLARATION, Prolog.UNFINISHED):
        if verdict in verdicts:
            return verdict
    return Prolog.CLEAN


def _readings(data: bytes, complete: bool) -> list[str]:
    """The characters of `data` in each encoding a parser could read them in."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            if encoding == "utf-8":
                return _ascii_readings(data[len(mark) :], complete)
            return [_decoded(data[len(mark) :], encoding, complete)]
    encoding = _unmarked_encoding(data[:4])
    if encoding is None:
        return _ascii_readings(data, complete)
    return [_decoded(data, encoding, complete)]


def _unmarked_encoding(first: bytes) -> str | None:
    """The encoding of a part without a byte-order mark, from its first four bytes; None
    for bytes in which ASCII is ASCII. As libxml2 for UCS-4, and as expat otherwise: a
    zero byte first is UTF-16 big-endian, a zero byte second UTF-16 little-endian."""
    if len(first) == 4 and first.count(0) == 3:
        nonzero = next(at for at, byte in enumerate(first) if byte)
        if nonzero not in _UCS4:
            raise LookupError("UCS-4 in the order 2143 or 3412")
        return _UCS4[nonzero]
    if first[:1] == b"\x00":
        return "utf-16-be"
    if first[1:2] == b"\x00":
        return "utf-16-le"
    if first == _EBCDIC:
        raise LookupError("EBCDIC")
    return None


def _ascii_readings(data: bytes, complete: bool) -> list[str]:
    """Bytes in which ASCII is ASCII: as they are (exact for UTF-8 and any single-byte
    encoding), and in each other encoding the XML declaration names."""
    readings = [data.decode("latin-1")]
    if _DECLARATION.match(data):
        end = data.find(b"?>")
        declaration = data if end < 0 else data[:end]
        for name in _ENCODING.findall(declaration):
            if name.lower() not in _UTF8_NAMES:
                readings.append(_decoded(data, name.decode("ascii"), complete))
    return readings


def _decoded(data: bytes, encoding: str, complete: bool) -> str:
    """The characters of `data`; of a head, without the bytes of a character it cuts."""
    b"<".decode(encoding, "replace")  # LookupError unless a text encoding (not zlib)
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    return decoder.decode(data, final=complete)


def _scan(text: str, complete: bool) -> Prolog:
    unfinished = Prolog.CLEAN if complete else Prolog.UNFINISHED
    at = len(text) - len(text.lstrip(_SPACE))
    if at == len(text):
        return unfinished
    if text[at] != "<":
        return Prolog.CLEAN  # not an XML document
    while (at := text.find("<", at)) >= 0:
        if len(text) - at < 4 and not complete:
            return Prolog.UNFINISHED  # `<!-` could open a comment or a declaration
        if text.startswith("<?", at):
            closer, at = "?>", text.find("?>", at + 1)
        elif text.startswith("<!--", at):
            closer, at = "-->", text.find("-->", at + 2)
        elif text.startswith("<!", at):
            return Prolog.DECLARATION
        else:
            return Prolog.CLEAN  # the root element: the prolog has ended
        if at < 0:
            return unfinished
        at += len(closer)
    return unfinished


def check_no_dtd(part: str, data: bytes) -> None:
    """No DTD or entity declaration in the part's prolog, the only place one can stand;
    `data` is the whole part."""
    refuse_declaration(part, scan_prolog(data, complete=True))


def refuse_declaration(part: str, verdict: Prolog) -> None:
    """Raise `UnreadableWorkbook` for a part that declares a DTD or entities, or whose
    encoding no codec reads; a clean verdict passes."""
    if verdict is Prolog.DECLARATION:
        raise UnreadableWorkbook(
            "file_bomb", reason=f"{part}: มีการประกาศ DTD/ENTITY / declares a DTD/ENTITY"
        )
    if verdict is Prolog.UNKNOWN_ENCODING:
        raise UnreadableWorkbook(
            "file_unreadable",
            reason=f"{part}: รหัสอักขระที่อ่านไม่ได้ / an encoding that cannot be read",
        )
