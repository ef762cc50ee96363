"""What a `send` did: the agencies whose message went out, was already sent or had no
address, and the recipients it is not known to have reached (`SendReport`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from oneplan.deliver.smtp import PERMANENT, TEMPORARY, UNCONFIRMED


@dataclass(frozen=True)
class Undelivered:
    """A recipient the agency's message is not known to have reached."""

    agency_code: str
    recipient: str
    status: str  # refused_temporary | refused_permanent | unconfirmed
    code: int | None
    reply: str
    earlier: bool  # recorded by an earlier `send`, not tried in this one

    @property
    def reply_text(self) -> str:
        return " ".join(str(x) for x in (self.code, self.reply) if x not in (None, ""))


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # agencies that got it at an address now
    corrections: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)  # every address had it before
    without_address: list[str] = field(default_factory=list)
    invalid_addresses: dict[str, list[str]] = field(default_factory=dict)
    undelivered: list[Undelivered] = field(default_factory=list)

    @property
    def refused(self) -> list[Undelivered]:
        return [u for u in self.undelivered if u.status in (TEMPORARY, PERMANENT)]

    @property
    def unconfirmed(self) -> list[Undelivered]:
        return [u for u in self.undelivered if u.status == UNCONFIRMED]

    @property
    def failed(self) -> dict[str, str]:
        """Agency -> what became of its addresses not confirmed sent."""
        failed: dict[str, list[str]] = {}
        for u in self.undelivered:
            failed.setdefault(u.agency_code, []).append(
                f"{u.recipient}: {u.status} {u.reply_text}".strip()
            )
        return {agency: "; ".join(lines) for agency, lines in failed.items()}

    @property
    def all_sent(self) -> bool:
        return not self.undelivered and not self.without_address
