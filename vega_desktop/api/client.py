"""``VegaClient``: one PBX account, one :class:`httpx.AsyncClient`, typed resource groups.

::

    async with VegaClient(domain="acme.pbx.vega.ua", api_key=key) as client:
        calls = await client.calls.active()
        async for record in client.history.iter_missed(since, now):
            ...

The base URL is ``https://{domain}``; ``server`` (for example ``http://127.0.0.1:8123``, the
simulated PBX) overrides it, while the authorize body still carries ``domain``. TLS certificates
are always verified; every request has a timeout. The API key goes only into the body of
``POST /rest/security/authorize`` — never into a URL, a log line, an error or this object's repr.
"""

from __future__ import annotations

import re
from types import TracebackType

import httpx

from vega_desktop.api.auth import Secret
from vega_desktop.api.connection import Connection
from vega_desktop.api.resources import Calls, Contacts, History, Notes, Recordings, Users
from vega_desktop.api.retry import RetryPolicy

__all__ = ["VegaClient"]

# A host name: dot-separated labels of letters, digits and dashes (IDN in its ASCII form).
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def _check_domain(domain: str) -> str:
    if not isinstance(domain, str):
        raise ValueError("domain must be a host name such as acme.pbx.vega.ua")
    host = domain.strip().lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError("domain must be a host name such as acme.pbx.vega.ua") from None
    if not _HOSTNAME.match(host):
        raise ValueError("domain must be a host name such as acme.pbx.vega.ua")
    return host


def _base_url(domain: str, server: str | None) -> httpx.URL:
    if server is None:
        return httpx.URL(f"https://{domain}/")
    try:
        url = httpx.URL(server.strip())
    except (httpx.InvalidURL, TypeError, AttributeError):
        raise ValueError("server must be an http:// or https:// URL") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("server must be an http:// or https:// URL")
    if url.userinfo:
        raise ValueError("server must not carry a user name or password")
    path = url.path if url.path.endswith("/") else url.path + "/"
    return url.copy_with(path=path, query=None, fragment=None)


class VegaClient:
    """A client for one PBX account. Use it as an async context manager, or call :meth:`aclose`.

    Resource groups: :attr:`calls`, :attr:`history`, :attr:`users`, :attr:`contacts`,
    :attr:`notes`, :attr:`recordings`. The session is opened lazily on the first request;
    :meth:`authorize` opens it at once (to check a key).
    """

    calls: Calls
    history: History
    users: Users
    contacts: Contacts
    notes: Notes
    recordings: Recordings

    def __init__(
        self,
        domain: str,
        api_key: str,
        server: str | None = None,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        region: str = "UA",
    ) -> None:
        if not isinstance(api_key, str) or not api_key.strip():
            raise ValueError("api_key must not be empty")
        if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        self._domain = _check_domain(domain)
        self._region = region.upper()
        self._conn = Connection(
            domain=self._domain,
            secret=Secret(api_key.strip()),
            base_url=_base_url(self._domain, server),
            timeout=float(timeout),
            transport=transport,
            retry=retry if retry is not None else RetryPolicy(),
        )
        self.calls = Calls(self._conn, self._region)
        self.history = History(self._conn, self._region)
        self.users = Users(self._conn)
        self.contacts = Contacts(self._conn)
        self.notes = Notes(self._conn)
        self.recordings = Recordings(self._conn)

    @property
    def domain(self) -> str:
        return self._domain

    @property
    def base_url(self) -> str:
        """``https://{domain}`` or the ``server`` override, without a trailing slash."""
        return str(self._conn.base_url).rstrip("/")

    @property
    def region(self) -> str:
        return self._region

    @property
    def authorized(self) -> bool:
        """True while the client holds a session the PBX gave it."""
        return self._conn.auth.authorized

    @property
    def is_closed(self) -> bool:
        return self._conn.is_closed

    async def authorize(self) -> None:
        """Authorize now (checks the domain and key): raises ``AuthError`` if refused.

        Also clears a remembered refusal, so requests after it try the PBX again.
        """
        await self._conn.authorize()

    async def aclose(self) -> None:
        await self._conn.aclose()

    async def __aenter__(self) -> VegaClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"VegaClient(domain={self._domain!r}, base_url={self.base_url!r})"
