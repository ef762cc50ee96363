"""Settings: defaults in one place, overridable by a settings file and environment variables.

Precedence, lowest first: the defaults below, the TOML file named by `ONEPLAN_SETTINGS`
(or `oneplan.toml` in the working folder; folders and files it names are relative to its own
folder),
environment variables `ONEPLAN_<NAME>`, and finally command-line options. Secrets (SMTP and coordinator passwords) belong in the environment, never in
the repository.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# The partner registry's names, in the order they are looked for (`Settings.registry_file`).
REGISTRY_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class Settings:
    inputs: Path = Path("inputs")
    outputs: Path = Path("outputs")
    state: Path = Path("state")
    lang: str = "th"
    timezone: str = "Asia/Bangkok"
    # A period's submission deadline: this day of the following month, 23:59 in `timezone`;
    # an agency may have its own (the registry's `deadline_days`). A period may be given
    # its own deadline for every agency (a holiday): period -> `YYYY-MM-DD` (that day,
    # 23:59) or `YYYY-MM-DD HH:MM`, a TOML table or `2026-12=2027-01-15,...` in the
    # environment (`oneplan.timeliness.deadlines`).
    deadline_day: int = 10
    period_deadlines: tuple[tuple[str, str], ...] = ()
    # The coordination centre that issues the reports and messages: shown on every report
    # and in every message (the sender's name too). `centre_logo`: an image file, optional.
    centre_name: str = ""
    centre_address: str = ""
    centre_phone: str = ""
    centre_email: str = ""
    signatory_name: str = ""
    signatory_position: str = ""
    centre_logo: str = ""
    templates: Path = PROJECT_ROOT / "templates"
    ledger_url: str = ""  # SQLAlchemy URL; empty: SQLite in the state folder
    pdf: bool = False  # also write PDFs of the reports (needs LibreOffice)
    # A Word report per district as well as per province, when the plan places the areas
    # (`oneplan.rollup`).
    district_reports: bool = False
    # E-mail: outbox mode (.eml files) unless smtp_host is set. The password belongs in the
    # environment (ONEPLAN_SMTP_PASSWORD), never in a settings file in the repository.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_sender: str = ""  # empty: the centre's e-mail (`centre_email`), else oneplan@localhost
    smtp_starttls: bool = True
    # `oneplan serve`: the monthly run (cron, in `timezone`) and the intake's quiet spell
    # Empty: the day after the month's deadline (a period's own included), 07:00; a cron
    # expression instead runs the month just ended on it (`oneplan.month.schedule`).
    schedule: str = ""
    # Reminders under `serve` (daily, 08:00): this many days before an agency's deadline to
    # those with nothing accepted, and once after it; a negative number sends none.
    reminder_days_before: int = 3
    # The scheduled run of a period also closes it (`oneplan close`), so that the reports it
    # sends are the final ones; off, the schedule never closes or reopens anything.
    close_after_send: bool = False
    intake_quiet_seconds: float = 3.0
    # A failed intake (the period re-run after it included) is tried again after
    # `intake_retry_seconds`, doubling each time up to `intake_retry_max_seconds`.
    intake_retry_seconds: float = 5.0
    intake_retry_max_seconds: float = 300.0
    # Parallel work (reading files, rendering reports): `workers` local processes (0: one
    # per CPU), or a Dask cluster: an existing one at `dask_address`, else a local one
    # of `workers` processes when `dask` is set.
    workers: int = 0
    dask: bool = False
    dask_address: str = ""

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    @property
    def sender_address(self) -> str:
        """The address messages are sent from: `smtp_sender`'s, else `centre_email`, else
        oneplan@localhost (a display name in `smtp_sender` is not part of it)."""
        for candidate in (self.smtp_sender, self.centre_email):
            address = email.utils.parseaddr(candidate)[1] or candidate.strip()
            if "@" in address:
                return address
        return "oneplan@localhost"

    @property
    def on_dask(self) -> bool:
        """Whether batches run on a Dask cluster rather than in local processes."""
        return self.dask or bool(self.dask_address)

    # The web pages of `oneplan serve` (agency upload, coordinator's month): loopback only
    # unless the coordinator sets another host. The password belongs in the environment.
    web_host: str = "127.0.0.1"
    web_port: int = 8470
    coordinator_password: str = ""
    public_url: str = ""  # the address agencies reach; empty: http://{web_host}:{web_port}
    # Sign-in throttling: after `sign_in_failures` wrong passwords from one client within
    # `sign_in_window_minutes`, that client is refused (429) for `sign_in_lockout_minutes`.
    sign_in_failures: int = 5
    sign_in_window_minutes: float = 15.0
    sign_in_lockout_minutes: float = 15.0
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the client;
    # empty: the client is always the connection's peer.
    trusted_proxies: tuple[str, ...] = ()

    @property
    def web_url(self) -> str:
        """The address printed in agency links (no trailing slash)."""
        return (self.public_url or f"http://{self.web_host}:{self.web_port}").rstrip("/")

    @property
    def archive_dir(self) -> Path:
        return self.state / "archive"

    @property
    def plan_dir(self) -> Path:
        return self.inputs / "plan"

    @property
    def registry_file(self) -> Path:
        """`agencies.xlsx`, or else the first of `agencies.xlsm`, `.xls` and `.ods` found
        (the formats the reader takes); `agencies.xlsx` when there is none."""
        for suffix in REGISTRY_SUFFIXES:
            path = self.inputs / f"agencies{suffix}"
            if path.is_file():
                return path
        return self.inputs / "agencies.xlsx"

    @property
    def drop_zone(self) -> Path:
        return self.inputs / "submissions"

    def period_outputs(self, period: str) -> Path:
        return self.outputs / period


_PATH_FIELDS = {"inputs", "outputs", "state", "templates"}
_RELATIVE_TO_FILE = _PATH_FIELDS | {"centre_logo"}
_BOOL_FIELDS = {"pdf", "smtp_starttls", "dask", "close_after_send", "district_reports"}
_INT_FIELDS = {
    "smtp_port",
    "workers",
    "web_port",
    "sign_in_failures",
    "deadline_day",
    "reminder_days_before",
}
_FLOAT_FIELDS = {
    "intake_quiet_seconds",
    "intake_retry_seconds",
    "intake_retry_max_seconds",
    "sign_in_window_minutes",
    "sign_in_lockout_minutes",
}
_LIST_FIELDS = {"trusted_proxies"}
_MAP_FIELDS = {"period_deadlines"}


def _coerce(name: str, value: object) -> object:
    """A setting's value in its field's type (environment variables arrive as text)."""
    if name in _PATH_FIELDS:
        return Path(str(value))
    if name in _BOOL_FIELDS:
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes", "on")
    if name in _INT_FIELDS:
        return int(value)
    if name in _FLOAT_FIELDS:
        return float(value)
    if name in _MAP_FIELDS:
        return _period_deadlines(value)
    if name in _LIST_FIELDS:  # a TOML list, or text separated by commas or spaces
        items = value if isinstance(value, list | tuple) else str(value).replace(",", " ").split()
        return tuple(str(item).strip() for item in items if str(item).strip())
    return str(value)


def _period_deadlines(value: object) -> tuple[tuple[str, str], ...]:
    """Periods' own deadlines, from a TOML table (text, dates or date-times) or `P=DEADLINE`
    pairs separated by commas, each checked: ValueError names the entry that is not a
    period and a deadline after the period's end."""
    if isinstance(value, dict):
        pairs = [(str(period), _deadline_text(deadline)) for period, deadline in value.items()]
    elif isinstance(value, tuple):
        pairs = [(str(period), str(deadline)) for period, deadline in value]
    else:
        entries = [entry.strip() for entry in str(value).split(",") if entry.strip()]
        pairs = [tuple(part.strip() for part in entry.partition("=")[::2]) for entry in entries]
    for period, deadline in pairs:
        try:
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
                raise ValueError(period)
            # What `oneplan.timeliness.deadlines.local_deadline` reads.
            shape = "%Y-%m-%d" if len(deadline) == 10 else "%Y-%m-%d %H:%M"
            day = dt.datetime.strptime(deadline, shape).date()
            year, month = int(period[:4]), int(period[5:])
            if day < dt.date(year + month // 12, month % 12 + 1, 1):
                raise ValueError(deadline)  # before the month is over: a typo
        except ValueError:
            raise ValueError(
                f"period_deadlines: {period!r} = {deadline!r} is not a period (YYYY-MM) and "
                "a deadline after its end (YYYY-MM-DD or YYYY-MM-DD HH:MM)"
            ) from None
    return tuple(sorted(pairs))


def _deadline_text(value: object) -> str:
    """A deadline as the settings file gives it: text, or a TOML date or date-time."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def load_settings(**overrides: object) -> Settings:
    """Settings from defaults, the settings file, the environment and `overrides` (None = unset)."""
    values: dict[str, object] = {}
    settings_file = Path(os.environ.get("ONEPLAN_SETTINGS", "oneplan.toml"))
    if settings_file.is_file():
        with settings_file.open("rb") as handle:
            from_file = tomllib.load(handle).get("oneplan", {})
        # Folders and files named in a settings file are relative to the file's own folder.
        for name in _RELATIVE_TO_FILE & from_file.keys():
            if str(from_file[name]):
                from_file[name] = str(settings_file.parent / Path(str(from_file[name])))
        values.update(from_file)
    for field in dataclasses.fields(Settings):
        env = os.environ.get(f"ONEPLAN_{field.name.upper()}")
        if env:
            values[field.name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in dataclasses.fields(Settings)}
    return Settings(**{k: _coerce(k, v) for k, v in values.items() if k in known})
