"""PDF copies of the Word reports, made by LibreOffice when it is installed.

LibreOffice runs headless with a profile of its own (so it never collides with a desktop
session or another run) and converts a whole folder in one start-up.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NOT_INSTALLED = (
    "PDFs not written: LibreOffice is not installed (Debian: `make system-deps` installs "
    "libreoffice-writer-nogui and Thai fonts)."
)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_folder(folder: Path, timeout: int = 1800) -> str:
    """Write a PDF beside each .docx in `folder`; a one-line account of what happened."""
    program = soffice()
    if program is None:
        return NOT_INSTALLED
    documents = sorted(folder.glob("*.docx"))
    if not documents:
        return "PDFs: no report to convert."
    command = [
        program,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        *map(str, documents),
    ]
    with tempfile.TemporaryDirectory(prefix="oneplan-lo-") as profile:
        command.insert(1, f"-env:UserInstallation=file://{profile}")
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except (subprocess.TimeoutExpired, OSError) as error:
            return f"PDFs not written: LibreOffice failed ({type(error).__name__}: {error})."
    made = [d for d in documents if d.with_suffix(".pdf").is_file()]
    if len(made) < len(documents):
        return f"PDFs: {len(made)} of {len(documents)} written; LibreOffice said: {completed.stderr.strip()[:300]}"
    return f"PDFs: {len(made)} written beside the reports."
