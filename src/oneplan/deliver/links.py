"""Links to an agency's web page that a message carries, and the key that signs them.

The pages' secret key is made once and kept in the state folder (`state/web/secret.key`,
0600): it signs the web pages' session cookies (`oneplan.web.access`) and the links of
reminders (`reminder_token`), so that the state folder, moved or restored, keeps them
valid.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from oneplan.settings import Settings

# A reminder's link: `r.<agency>.<period>.<signature>` (agency codes and periods hold no dot).
REMINDER_PREFIX = "r."


def secret_key(settings: Settings) -> str:
    """The pages' secret key: made once, kept in the state folder (0600)."""
    path = Path(settings.state) / "web" / "secret.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def reminder_token(key: str, agency_code: str, period: str) -> str:
    """The token of the link a reminder carries: the agency and period, signed with an HMAC
    under the pages' secret key. The pages open the agency's page for it, as for its own
    link, until the period is closed (`oneplan.web.access.agency_of`); nothing is stored
    for it, and the agency's own link keeps working."""
    return f"{REMINDER_PREFIX}{agency_code}.{period}.{reminder_signature(key, agency_code, period)}"


def reminder_signature(key: str, agency_code: str, period: str) -> str:
    message = f"oneplan reminder\0{agency_code}\0{period}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]


def reminded(token: str, key: str) -> tuple[str, str] | None:
    """The (agency, period) of a reminder's token signed with `key`; None for any other."""
    if not token.startswith(REMINDER_PREFIX):
        return None
    parts = token[len(REMINDER_PREFIX) :].split(".")
    if len(parts) != 3:
        return None
    agency_code, period, signature = parts
    if not hmac.compare_digest(signature, reminder_signature(key, agency_code, period)):
        return None
    return agency_code, period


def reminder_link(settings: Settings, agency_code: str, period: str) -> str:
    """The full address of an agency's page as a reminder of `period` links it."""
    return f"{settings.web_url}/a/{reminder_token(secret_key(settings), agency_code, period)}"
