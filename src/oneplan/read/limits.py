"""The documented limits on one submitted file, and the refusal of a file that fails them."""

from __future__ import annotations

from dataclasses import dataclass


class UnreadableWorkbook(Exception):
    """The file is not a workbook oneplan can read; `code` names the issue to report."""

    def __init__(self, code: str, **details: str):
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Limits:
    """Documented limits for one submitted file (README, 'Messy and hostile workbooks')."""

    max_file_bytes: int = 20 * 2**20
    max_uncompressed_bytes: int = 200 * 2**20
    max_compression_ratio: int = 150
    max_members: int = 1_000
    max_cells: int = 2_000_000
    # An .xls or .ods is read in a child process (`oneplan.read.isolated`): at most this
    # much more memory than it starts with, and this long.
    max_reader_memory_bytes: int = 2 * 2**30
    max_read_seconds: int = 60


DEFAULT_LIMITS = Limits()
