"""The headers of an agency's message: the sender (the centre), the date in the configured
time zone, and a subject folded without losing its spaces.

Why the subject is folded here: a long non-ASCII subject is written as several RFC 2047
encoded words. Python's header folder (3.11–3.13, CPython gh-144156) may break the line at
a space between two words and leave that space *between* two encoded words, where
RFC 2047 (section 6.2) tells every reader to ignore it: `แผนชุมชน ประจำเดือน` arrived as
`แผนชุมชนประจำเดือน`. `LetterPolicy` folds an unstructured non-ASCII header with
`email.header.Header`, which keeps every space inside an encoded word; the folds fall
between encoded words, where nothing is lost. With SMTPUTF8 (`utf8=True`) headers are raw
UTF-8, folded only at spaces, and the standard folder is right.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from email.header import Header
from email.headerregistry import Address
from email.policy import EmailPolicy

from oneplan.settings import Settings
from oneplan.values.times import local_moment

ADDRESS = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"']+$")
# Headers whose text is free (RFC 5322 unstructured), folded by `LetterPolicy` itself.
UNSTRUCTURED = frozenset({"subject"})


class LetterPolicy(EmailPolicy):
    """The SMTP policy (CRLF lines), folding a non-ASCII subject without losing spaces."""

    def fold(self, name, value):
        if self._encodes(name, value):
            return self._encoded(name, value)
        return super().fold(name, value)

    def fold_binary(self, name, value):
        if self._encodes(name, value):
            return self._encoded(name, value).encode("ascii")
        return super().fold_binary(name, value)

    def _encodes(self, name, value) -> bool:
        return name.lower() in UNSTRUCTURED and not self.utf8 and not str(value).isascii()

    def _encoded(self, name, value) -> str:
        header = Header(str(value), "utf-8", header_name=name)
        folded = header.encode(linesep=self.linesep, maxlinelen=self.max_line_length or 78)
        return f"{name}: {folded}{self.linesep}"


LETTER = LetterPolicy(linesep="\r\n")


def one_line(text: str) -> str:
    """A header value on one line (registry and settings text may hold line breaks)."""
    return re.sub(r"[\r\n\t\v\f]+", " ", text).strip()


def sender(settings: Settings) -> Address | str:
    """`From`: the centre's name (else the name in `smtp_sender`) and the sender address
    (`Settings.sender_address`: `smtp_sender`'s, else the centre's e-mail)."""
    name = email.utils.parseaddr(settings.smtp_sender)[0]
    address = settings.sender_address
    name = one_line(settings.centre_name) or one_line(name)
    return Address(display_name=name, addr_spec=address) if name else address


def reply_to(settings: Settings) -> Address | None:
    """`Reply-To`: the centre's e-mail, when it is set and is not the sending address."""
    centre = one_line(settings.centre_email)
    if not ADDRESS.match(centre) or centre.lower() == settings.sender_address.lower():
        return None
    return Address(display_name=one_line(settings.centre_name), addr_spec=centre)


def date_header(now: dt.datetime, settings: Settings) -> str:
    """`Date`: the moment in the configured time zone (`+0700` in Asia/Bangkok)."""
    return email.utils.format_datetime(local_moment(now, settings.timezone))
