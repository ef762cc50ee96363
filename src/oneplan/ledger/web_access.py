"""The ledger's record of who may open the web pages: each agency's private link (by the
SHA-256 of its token) and the coordinator's sessions (by the SHA-256 of their id, with the
fingerprint of the password they were opened with)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from oneplan.ledger.stamps import moment as _moment
from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import agency_links, coordinator_sessions


class WebAccessRecord:
    """The ledger's methods on agency links and coordinator sessions (a part of
    `oneplan.ledger.Ledger`)."""

    engine: Engine

    # --- agency links ----------------------------------------------------------------------

    def create_link(self, agency_code: str, token_sha256: str, when: dt.datetime) -> int:
        """Record an agency's new link; its earlier links end (one live link per agency).
        Returns how many earlier links were ended."""
        stamp = _stamp(when)
        with self.engine.begin() as db:
            ended = self._end_links(db, agency_code, stamp)
            db.execute(
                insert(agency_links).values(
                    agency_code=agency_code, token_sha256=token_sha256, created_at=stamp
                )
            )
        return ended

    def revoke_links(self, agency_code: str, when: dt.datetime) -> int:
        """End every live link of an agency; how many there were."""
        with self.engine.begin() as db:
            return self._end_links(db, agency_code, _stamp(when))

    @staticmethod
    def _end_links(db, agency_code: str, stamp: str) -> int:
        return db.execute(
            update(agency_links)
            .where(agency_links.c.agency_code == agency_code, agency_links.c.revoked_at.is_(None))
            .values(revoked_at=stamp)
        ).rowcount

    def links_revoked(self, agency_code: str) -> bool:
        """Whether the agency's links were all ended (it had one, and has no live one): the
        coordinator shut its pages (`oneplan token revoke`)."""
        with self.engine.connect() as db:
            ended = [
                row.revoked_at
                for row in db.execute(
                    select(agency_links.c.revoked_at).where(
                        agency_links.c.agency_code == agency_code
                    )
                )
            ]
        return bool(ended) and all(ended)

    def agency_of_link(self, token_sha256: str) -> str | None:
        """The agency whose live link has this token hash, or None (unknown or ended)."""
        with self.engine.connect() as db:
            return db.execute(
                select(agency_links.c.agency_code).where(
                    agency_links.c.token_sha256 == token_sha256,
                    agency_links.c.revoked_at.is_(None),
                )
            ).scalar()

    # --- coordinator sessions --------------------------------------------------------------

    def start_session(
        self, session_sha256: str, fingerprint: str, when: dt.datetime, forget_before: dt.datetime
    ) -> None:
        """Record a coordinator's new session; sessions begun before `forget_before` (expired
        whatever they were) are deleted."""
        with self.engine.begin() as db:
            db.execute(
                delete(coordinator_sessions).where(
                    coordinator_sessions.c.started_at < _stamp(forget_before)
                )
            )
            db.execute(
                insert(coordinator_sessions).values(
                    session_sha256=session_sha256,
                    password_fingerprint=fingerprint,
                    started_at=_stamp(when),
                )
            )

    def live_session(self, session_sha256: str) -> tuple[str, dt.datetime] | None:
        """The password fingerprint and start of a session not ended, or None."""
        with self.engine.connect() as db:
            row = db.execute(
                select(
                    coordinator_sessions.c.password_fingerprint, coordinator_sessions.c.started_at
                ).where(
                    coordinator_sessions.c.session_sha256 == session_sha256,
                    coordinator_sessions.c.ended_at.is_(None),
                )
            ).first()
        return (row[0], _moment(row[1])) if row else None

    def end_session(self, session_sha256: str, when: dt.datetime) -> None:
        """End a coordinator's session for good (signing out)."""
        with self.engine.begin() as db:
            db.execute(
                update(coordinator_sessions)
                .where(
                    coordinator_sessions.c.session_sha256 == session_sha256,
                    coordinator_sessions.c.ended_at.is_(None),
                )
                .values(ended_at=_stamp(when))
            )
