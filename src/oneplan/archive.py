"""The archive: every file received, byte for byte, by content hash; never deleted.

`state/archive/ab/abcdef…0123.xlsx` holds the file whose SHA-256 is `abcdef…0123`. A file
is copied in before anything else happens to it, through a temporary name and an atomic
rename, so the archive never holds a partial file; storing the same content again is a
no-op. The drop zone is never touched.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class Archive:
    def __init__(self, root: Path):
        self.root = root

    def path_for(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{suffix.lower()}"

    def store(self, source: Path, sha256: str) -> Path:
        """Copy `source` in (if not there yet) and return its archived path.

        The copy is hashed again: if the source changed since it was fingerprinted, nothing
        is archived under the wrong name (the caller sees a ValueError).
        """
        target = self.path_for(sha256, source.suffix)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        try:
            digest = hashlib.sha256()
            with os.fdopen(handle, "wb") as out, source.open("rb") as original:
                for chunk in iter(lambda: original.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                raise ValueError(f"{source} changed while it was archived")
            os.chmod(temporary, 0o444)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return target
