"""Who may see what: agencies' private links, the coordinator's password and sessions,
CSRF tokens.

An agency's link carries a long random token (`secrets.token_urlsafe(32)`); the ledger keeps
only its SHA-256, so a copy of the ledger opens no page. The coordinator signs in with the
password of the settings (`ONEPLAN_COORDINATOR_PASSWORD`); each sign-in opens a session
whose random id is kept in the signed cookie and, by its SHA-256, in the ledger with the
password's fingerprint (an HMAC under the pages' secret key). A session opens the
coordinator's pages only while the ledger says it is live, it is younger than
`SESSION_HOURS`, and its fingerprint is that of today's password: signing out ends it for
good, and a new password ends every session opened with the old one. Every form carries a
CSRF token that must equal the one kept in the visitor's signed session cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import MutableMapping

from oneplan.deliver.links import REMINDER_PREFIX, reminded
from oneplan.ledger import Ledger
from oneplan.settings import Settings

SESSION_HOURS = 12  # a coordinator's session, from sign-in; also the cookie's lifetime


class UnknownAgency(Exception):
    """The registry has no such agency (a usage error of `oneplan token create`)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def agency_link(settings: Settings, token: str) -> str:
    return f"{settings.web_url}/a/{token}"


def create_link(ledger: Ledger, settings: Settings, agency_code: str, registry_codes) -> str:
    """A new private link for an agency of the registry (its earlier link ends); the URL."""
    if agency_code not in registry_codes:
        raise UnknownAgency(agency_code)
    token = secrets.token_urlsafe(32)
    ledger.create_link(agency_code, token_hash(token), dt.datetime.now(dt.UTC))
    return agency_link(settings, token)


def agency_of(ledger: Ledger, token: str, key: str | None = None) -> str | None:
    """The agency a link's token opens, or None for an unknown or ended link. With the
    pages' secret `key`, a reminder's link opens its agency's page too, while its period
    is open (`reminder_token`)."""
    if not token or len(token) > 200:
        return None
    if token.startswith(REMINDER_PREFIX):
        return _reminded_agency(ledger, token, key) if key else None
    return ledger.agency_of_link(token_hash(token))


def _reminded_agency(ledger: Ledger, token: str, key: str) -> str | None:
    """The agency a reminder's link opens: while its period is open, and unless the
    coordinator ended the agency's links (`oneplan token revoke` ends these too)."""
    found = reminded(token, key)
    if found is None:
        return None
    agency_code, period = found
    if ledger.closure(period) is not None or ledger.links_revoked(agency_code):
        return None
    return agency_code


def password_ok(settings: Settings, given: str) -> bool:
    """The coordinator's password, compared in constant time; never true when none is set."""
    expected = settings.coordinator_password
    if not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def password_fingerprint(settings: Settings, key: str) -> str:
    """The password's fingerprint: an HMAC under the secret key (never the password itself,
    nor a plain hash of it, which a copy of the ledger could be checked against)."""
    message = b"oneplan coordinator password\0" + settings.coordinator_password.encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def start_session(ledger: Ledger, settings: Settings, key: str, now: dt.datetime) -> str:
    """A new coordinator session: its id, for the cookie (the ledger keeps its hash)."""
    session_id = secrets.token_urlsafe(32)
    ledger.start_session(
        token_hash(session_id),
        password_fingerprint(settings, key),
        now,
        forget_before=now - dt.timedelta(hours=SESSION_HOURS),
    )
    return session_id


def session_ok(
    ledger: Ledger, settings: Settings, key: str, session_id: object, now: dt.datetime
) -> bool:
    """Whether a cookie's session id still opens the coordinator's pages."""
    if not settings.coordinator_password or not isinstance(session_id, str):
        return False
    if not session_id or len(session_id) > 200:
        return False
    live = ledger.live_session(token_hash(session_id))
    if live is None:
        return False
    fingerprint, started = live
    young = now - started < dt.timedelta(hours=SESSION_HOURS)
    return young and hmac.compare_digest(fingerprint, password_fingerprint(settings, key))


def end_session(ledger: Ledger, session_id: object, now: dt.datetime) -> None:
    if isinstance(session_id, str) and 0 < len(session_id) <= 200:
        ledger.end_session(token_hash(session_id), now)


def csrf_token(session: MutableMapping) -> str:
    """This visitor's CSRF token (made on first use, kept in the signed session)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_ok(session: MutableMapping, sent: object) -> bool:
    expected = session.get("csrf")
    return bool(expected) and isinstance(sent, str) and hmac.compare_digest(sent, expected)
