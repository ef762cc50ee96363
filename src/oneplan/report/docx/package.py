"""The zip package of a compiled report: the template's parts kept compressed as its file
holds them, and each document written from them with its own body (and pictures).

Written with `zipfile`'s public `ZipInfo` fields and the zip format's own records, so that
unchanged parts are copied as they are, never recompressed.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

from oneplan.read.container import local_record


class Package:
    """The template's zip parts, kept compressed; a document is written from them.

    The template is first rewritten by zipfile into memory, so that every part has the
    plain form copied below (sizes in its header, no data descriptor, no zip64).
    """

    def __init__(self, content: bytes, texts: tuple[str, ...]):
        plain = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(content)) as source,
            zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for member in source.infolist():
                target.writestr(member.filename, source.read(member.filename))
        self._data = plain.getvalue()
        with zipfile.ZipFile(plain) as archive:
            self._members = archive.infolist()
            names = set(archive.namelist())
            # The parts a report may change (`texts`, those pictures add to): kept as bytes.
            self._texts = {name: archive.read(name) for name in texts if name in names}

    def holds(self, name: str) -> bool:
        """Whether `name` is one of the parts kept as bytes (the template has it)."""
        return name in self._texts

    def read(self, name: str) -> bytes:
        """One of the parts kept as bytes (`texts`), uncompressed."""
        return self._texts[name]

    def write(self, replaced: dict[str, bytes], added: list[tuple[str, bytes]]) -> bytes:
        """A package: the template's parts in order, those in `replaced` with their new
        content (compressed), then the `added` parts (stored)."""
        out = bytearray()
        central = bytearray()
        for member in self._members:
            offset = len(out)
            if member.filename in replaced:
                record, entry = _entry(member.filename, replaced[member.filename], offset)
            else:
                record = local_record(self._data, member)
                entry = _central_entry(
                    member.filename.encode(),
                    member.CRC,
                    member.compress_size,
                    member.file_size,
                    member.compress_type,
                    offset,
                    _dos_stamp(member.date_time),
                )
            out += record
            central += entry
        for name, blob in added:
            record, entry = _entry(name, blob, len(out), compress=False)
            out += record
            central += entry
        count = len(self._members) + len(added)
        start = len(out)
        out += central
        out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
        return bytes(out)


def _dos_stamp(moment: tuple) -> tuple[int, int]:
    """(time, date) as a zip header writes them."""
    year, month, day, hour, minute, second = moment[:6]
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


# The date and time written on the parts a report adds: when this module was loaded in the
# process (a zip's dates are informative only; Word shows the document's own).
_NOW = _dos_stamp(time.localtime())


def _entry(name: str, data: bytes, offset: int, compress: bool = True) -> tuple[bytes, bytes]:
    """A part's local record (header and data) and its central directory entry."""
    encoded = name.encode()
    crc = zlib.crc32(data)
    if compress:
        # Fastest compression: a report's body is a third larger (10 KB for 250 lines),
        # in a third of the time (a month compresses a gigabyte of report XML).
        packer = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
        packed = packer.compress(data) + packer.flush()
        method = zipfile.ZIP_DEFLATED
    else:
        packed, method = data, zipfile.ZIP_STORED
    header = struct.pack(
        "<4s5H3L2H",
        b"PK\x03\x04",
        20,
        0,
        method,
        *_NOW,
        crc,
        len(packed),
        len(data),
        len(encoded),
        0,
    )
    return header + encoded + packed, _central_entry(
        encoded, crc, len(packed), len(data), method, offset, _NOW
    )


def _central_entry(
    name: bytes, crc: int, packed: int, size: int, method: int, offset: int, stamp
) -> bytes:
    return (
        struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            method,
            *stamp,
            crc,
            packed,
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )
