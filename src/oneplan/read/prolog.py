"""Whether an XML part declares a DTD or entities, read from the prolog as parsers read it.

A document type declaration, where entities (and entity bombs) are declared, can stand
only in an XML document's prolog: after the XML declaration, among comments, processing
instructions and white space, before the root element (XML 1.0, productions [1], [22]).
`scan_prolog` reads that prolog from a part's first bytes and relies on exactly this:

- The encoding is found as parsers find it (XML 1.0, Appendix F): a byte-order mark
  (UTF-8, UTF-16, UTF-32 in either order), else `<` in UTF-32 or UTF-16 without one, else
  bytes in which ASCII is ASCII. For those, the prolog is read from the bytes, and once
  more in each other encoding the XML declaration names (Python's codec of that name:
  UTF-7 or ISO-2022 can spell `<!` without those bytes); a name Python has no text codec
  for, EBCDIC and the unusual UCS-4 orders are `UNKNOWN_ENCODING`, refused.
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
"""

from __future__ import annotations

import codecs
import enum
import re


class Prolog(enum.Enum):
    CLEAN = "no declaration before the root element"
    DECLARATION = "a DTD or another declaration before the root element"
    UNFINISHED = "the bytes end inside the prolog"
    UNKNOWN_ENCODING = "an encoding no codec reads"


# The first bytes of every part a spreadsheet program writes: the XML declaration in
# UTF-8 (with no encoding, or UTF-8 named), then the root element. Decided at once.
_PLAIN = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml([^?<>]*)\?>[ \t\r\n]*<[A-Za-z_]")
_UTF8_NAMES = {b"utf-8", b"utf8"}

_BYTE_ORDER_MARKS = (  # the longer marks first: the UTF-32 LE mark begins as UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_UNMARKED = (  # `<` without a mark: the four-byte forms first
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00<\x00", None),  # UCS-4 in the order 2143: no codec
    (b"\x00<\x00\x00", None),  # UCS-4 in the order 3412: no codec
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", None),  # `<?xm` in EBCDIC
)
_DECLARATION = re.compile(rb"<\?xml[ \t\r\n]")
_ENCODING = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][\w.-]*)["']""")
_SPACE = " \t\r\n"
_WINDOW = 1024  # the prolog is looked for here first, and in all the bytes only if longer


def scan_prolog(data: bytes, complete: bool) -> Prolog:
    """What the prolog of the XML part starting with `data` holds.

    `complete` says `data` is the whole part; if not, `UNFINISHED` asks for more.
    """
    plain = _PLAIN.match(data)
    if plain and all(name.lower() in _UTF8_NAMES for name in _ENCODING.findall(plain.group(1))):
        return Prolog.CLEAN
    verdict = _scan_readings(data[:_WINDOW], complete and len(data) <= _WINDOW)
    if verdict is Prolog.UNFINISHED and len(data) > _WINDOW:
        verdict = _scan_readings(data, complete)
    return verdict


def _scan_readings(data: bytes, complete: bool) -> Prolog:
    """The worst verdict of each way a parser could read these bytes."""
    try:
        readings = _readings(data)
    except (LookupError, ValueError):  # no codec of that name, or none that reads bytes
        return Prolog.UNKNOWN_ENCODING
    verdicts = {_scan(text, complete) for text in readings}
    for verdict in (Prolog.DECLARATION, Prolog.UNFINISHED):
        if verdict in verdicts:
            return verdict
    return Prolog.CLEAN


def _readings(data: bytes) -> list[str]:
    """The characters of `data` in each encoding a parser could read them in."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            if encoding == "utf-8":
                return _ascii_readings(data[len(mark) :])
            return [data[len(mark) :].decode(encoding, "replace")]
    for start, encoding in _UNMARKED:
        if data.startswith(start):
            if encoding is None:
                raise LookupError(start)
            return [data.decode(encoding, "replace")]
    return _ascii_readings(data)


def _ascii_readings(data: bytes) -> list[str]:
    """Bytes in which ASCII is ASCII: as they are (exact for UTF-8 and any single-byte
    encoding), and in each other encoding the XML declaration names."""
    readings = [data.decode("latin-1")]
    if _DECLARATION.match(data):
        end = data.find(b"?>")
        declaration = data if end < 0 else data[:end]
        for name in _ENCODING.findall(declaration):
            if name.lower() not in _UTF8_NAMES:
                readings.append(data.decode(name.decode("ascii"), "replace"))
    return readings


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
