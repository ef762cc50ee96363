"""Throttling the coordinator's sign-in, and who "one client" is.

After `failures` wrong passwords from one client within `window` seconds, that client's
further attempts are refused for `lockout` seconds (the page answers `429` with
`Retry-After`), even with the right password; a lock is not lengthened by the attempts it
refuses. Other clients are not affected, so an attacker cannot lock the coordinator out.

The client is the connection's peer. Only when the peer is one of the trusted proxies is
the `X-Forwarded-For` header believed: its addresses are read from the right (the one the
nearest proxy added) and the first that is not a trusted proxy is the client; what a client
writes into the header itself lies further left and is never reached. An IPv6 client is
counted by its /64 network (one subscriber's whole allocation).

The counts live in memory: a restart of `oneplan serve` forgets them and ends every lock.
That is deliberate: a coordinator who locked themselves out can restart the service, and an
attacker cannot restart it; a restart gives an attacker at most one more handful of guesses.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class SignInThrottle:
    """Counts failed sign-ins per client and says how long a client must still wait."""

    def __init__(
        self,
        failures: int,
        window: float,
        lockout: float,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ):
        self.failures, self.window, self.lockout = max(1, failures), window, lockout
        self._clock = clock
        self._max_clients = max_clients
        self._lock = threading.Lock()
        self._failed: dict[str, deque[float]] = {}
        self._locked: dict[str, float] = {}  # client -> when its lock ends (clock time)

    def wait_left(self, client: str) -> int | None:
        """Whole seconds this client must still wait before trying again, or None. Each
        attempt it refuses is logged."""
        with self._lock:
            left = self._left(client)
        if left is not None:
            log.warning("sign-in refused: %s is locked out for %d s more", client, left)
        return left

    def failed(self, client: str) -> int | None:
        """Record a wrong password; the lock it starts (whole seconds), or None."""
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            times = self._failed.setdefault(client, deque())
            times.append(now)
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) < self.failures:
                return None
            del self._failed[client]
            self._locked[client] = now + self.lockout
            left = self._left(client)
        log.warning(
            "sign-in locked: %d wrong passwords from %s within %g min; locked for %g min",
            self.failures,
            client,
            self.window / 60,
            self.lockout / 60,
        )
        return left

    def succeeded(self, client: str) -> None:
        """A right password: this client's earlier failures are forgotten."""
        with self._lock:
            self._failed.pop(client, None)

    def _left(self, client: str) -> int | None:
        until = self._locked.get(client)
        if until is None:
            return None
        left = until - self._clock()
        if left <= 0:
            del self._locked[client]
            return None
        return math.ceil(left)

    def _forget_old(self, now: float) -> None:
        """Keep memory bounded: drop ended locks and stale counts once there are many."""
        if len(self._failed) + len(self._locked) < self._max_clients:
            return
        self._locked = {c: until for c, until in self._locked.items() if until > now}
        self._failed = {c: t for c, t in self._failed.items() if t and t[-1] > now - self.window}
        while len(self._failed) >= self._max_clients // 2:  # the oldest counts go first
            del self._failed[next(iter(self._failed))]


def trusted_networks(proxies: Iterable[str]) -> tuple[Network, ...]:
    """The `trusted_proxies` setting as networks; a wrong entry is a settings error."""
    networks = []
    for entry in proxies:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"trusted_proxies: {entry!r} is neither an IP address nor a network"
            ) from None
    return tuple(networks)


def client_of(peer: str | None, forwarded: Iterable[str], trusted: tuple[Network, ...]) -> str:
    """Who is asking: the peer, or the right-most forwarded address that is not a trusted
    proxy when the peer is a trusted proxy (`forwarded`: the X-Forwarded-For headers)."""
    if not peer:
        return "unknown"
    if not _is_trusted(peer, trusted):
        return _key(peer)
    hops = [hop.strip() for header in forwarded for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return _key(hop)
    return _key(hops[0] if hops else peer)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in `text` (`1.2.3.4`, `1.2.3.4:80`, `::1`, `[::1]:80`), or None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(text: str, trusted: tuple[Network, ...]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in trusted)


def _key(text: str) -> str:
    address = _address(text)
    if address is None:
        return text.strip()[:64] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
