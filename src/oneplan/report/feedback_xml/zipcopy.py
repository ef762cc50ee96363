"""A zip archive written from another one's parts as it stores them, and new parts.

A feedback copy changes a handful of a workbook's parts; the others (the sheets with no
problem, the theme, the shared strings, pictures) are copied as their compressed bytes
(`oneplan.read.container.local_record`), never inflated and deflated again. Written with
the zip format's own records (APPNOTE 4.3.7, 4.3.12, 4.3.16) through `struct`. A part
stored with a data descriptor after its data, or in zip64 form, is not copied so: its
`copyable` is False and the caller writes it as a new part. The parts written anew are
deflated for speed over size (`LEVEL`).
"""

from __future__ import annotations

import struct
import zipfile
import zlib

from oneplan.read.container import local_record

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_DESCRIPTOR = 0x08  # sizes and CRC after the data, not in the local header
_UTF8 = 0x800
_VERSION = 20
_STAMP = (0, 0x21)  # 1980-01-01 00:00, as DOS time and date
# The parts a copy rewrites are small (a few KB; the lines sheet some tens): deflated at
# level 1 with a window fitted to each, they take 0.2 ms a copy where level 6 with zlib's
# full window took 0.9 ms (most of it setting up the compressor's 256 KB of state), for
# 10% more bytes (7.8 KB instead of 7.1 KB for a 50-line workbook's rewritten parts).
LEVEL = 1


def copyable(member: zipfile.ZipInfo) -> bool:
    """Whether the part can be copied as it is stored."""
    small = max(member.file_size, member.compress_size, member.header_offset) < 0xFFFFFFFF
    return small and not member.flag_bits & _DESCRIPTOR and member.compress_type in (0, 8)


class ZipWriter:
    """The archive built in memory, part after part; `finish` gives its bytes."""

    def __init__(self) -> None:
        self._out = bytearray()
        self._central = bytearray()
        self._count = 0

    def copy(self, content: bytes, member: zipfile.ZipInfo) -> None:
        """Copy a `copyable` part of the archive `content` as it is stored."""
        offset = len(self._out)
        self._out += local_record(content, member)
        name = member.filename.encode("utf-8" if member.flag_bits & _UTF8 else "cp437")
        time_, date = _dos(member.date_time)
        self._entry(name, member.flag_bits, member.compress_type, (time_, date),
                    member.CRC, member.compress_size, member.file_size, offset)  # fmt: skip

    def add(self, name: str, data: bytes) -> None:
        """A new part, deflated (`LEVEL`, a window no wider than the part)."""
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -_window_bits(len(data)))
        packed = packer.compress(data) + packer.flush()
        crc = zlib.crc32(data)
        offset = len(self._out)
        self._out += _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, 8, *_STAMP, crc,
                                 len(packed), len(data), len(encoded), 0)  # fmt: skip
        self._out += encoded
        self._out += packed
        self._entry(encoded, flags, 8, _STAMP, crc, len(packed), len(data), offset)

    def _entry(self, name, flags, method, stamp, crc, packed, size, offset) -> None:
        self._central += _CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, flags, method,
                                       *stamp, crc, packed, size, len(name), 0, 0, 0, 0, 0,
                                       offset)  # fmt: skip
        self._central += name
        self._count += 1

    def finish(self) -> bytes:
        start = len(self._out)
        self._out += self._central
        self._out += _END.pack(b"PK\x05\x06", 0, 0, self._count, self._count,
                               len(self._central), start, 0)  # fmt: skip
        return bytes(self._out)


def _window_bits(size: int) -> int:
    """The deflate window for `size` bytes: the smallest that holds them (9 to 15 bits)."""
    return max(9, min(15, (size - 1).bit_length()))


def _dos(stamp: tuple) -> tuple[int, int]:
    year, month, day, hour, minute, second = stamp
    return hour << 11 | minute << 5 | second // 2, max(year - 1980, 0) << 9 | month << 5 | day
