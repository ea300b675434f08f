"""Sessions of the simulated PBX: ``authorize`` hands out a JSESSIONID that lapses when idle."""

from __future__ import annotations

import hmac
import secrets

from vega_desktop.demo.clock import Clock
from vega_desktop.demo.errors import BadRequestError, ForbiddenError, UnauthorizedError

_MAX_SESSIONS = 1000


class Sessions:
    """The live sessions of one account (``domain``, ``api_key``), by when each was last used."""

    def __init__(self, clock: Clock, domain: str, api_key: str) -> None:
        self._clock = clock
        self._domain = domain
        self._api_key = api_key
        self._last_used: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._last_used)

    def authorize(self, domain: object, api_key: object) -> str:
        """Check the domain and key; return a new JSESSIONID (the oldest goes past the cap)."""
        if not isinstance(domain, str) or not isinstance(api_key, str) or not domain or not api_key:
            raise BadRequestError("domain and apiKey are required")
        domain_ok = domain.strip().lower() == self._domain
        key_ok = hmac.compare_digest(api_key.encode(), self._api_key.encode())
        if not (domain_ok and key_ok):
            raise UnauthorizedError("Wrong domain or API key")
        if len(self._last_used) >= _MAX_SESSIONS:
            oldest = min(self._last_used, key=self._last_used.__getitem__)
            del self._last_used[oldest]
        session = secrets.token_hex(16).upper()
        self._last_used[session] = self._clock()
        return session

    def check(self, session: str | None, ttl: float) -> None:
        """Raise ForbiddenError unless ``session`` was used in the last ``ttl`` seconds; use it."""
        now = self._clock()
        seen = self._last_used.get(session) if session else None
        if session is None or seen is None:
            raise ForbiddenError("Forbidden")
        if now - seen > ttl:
            del self._last_used[session]
            raise ForbiddenError("Forbidden")
        self._last_used[session] = now

    def expire_all(self) -> int:
        count = len(self._last_used)
        self._last_used.clear()
        return count
