"""The archive: byte-for-byte copies by content hash, never a partial or misnamed file."""

from __future__ import annotations

import hashlib

from oneplan.receive.archive import Archive
from oneplan.receive.files import fingerprint


def test_files_are_stored_by_hash_read_only_and_once(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.xlsx").write_bytes(b"first workbook" * 10_000)
    (drop / "same.xlsx").write_bytes(b"first workbook" * 10_000)  # the same content
    (drop / "b.xlsx").write_bytes(b"second")
    found = [fingerprint(drop / name, name) for name in ("a.xlsx", "same.xlsx", "b.xlsx")]
    archive = Archive(tmp_path / "archive")
    archived, changed = archive.store_each(found)
    assert changed == []
    assert len(archived) == 2
    for file in found:
        stored = archived[file.sha256]
        assert stored == archive.path_for(file.sha256, ".xlsx")
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == file.sha256
        assert stored.stat().st_mode & 0o777 == 0o444
    stored_files = [p for p in (tmp_path / "archive").rglob("*") if p.is_file()]
    assert len(stored_files) == 2  # no temporary copy left behind
    assert archive.store_each(found) == (archived, [])  # storing again changes nothing


def test_a_file_changed_after_it_was_hashed_is_not_archived_under_its_old_hash(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.xlsx").write_bytes(b"as it was hashed")
    found = fingerprint(drop / "a.xlsx", "a.xlsx")
    (drop / "a.xlsx").write_bytes(b"still being written, longer now")
    archived, changed = Archive(tmp_path / "archive").store_each([found])
    assert archived == {}
    assert [(f.rel_path, f.settled) for f in changed] == [("a.xlsx", False)]
    assert [p for p in (tmp_path / "archive").rglob("*") if p.is_file()] == []
