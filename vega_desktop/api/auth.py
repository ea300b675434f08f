"""The PBX session as an :class:`httpx.Auth` flow.

``POST /rest/security/authorize`` with ``{"domain", "apiKey"}`` answers with a ``JSESSIONID``
cookie that every later request carries; a ``403`` means the session is gone and the client must
authorize again and repeat the request. The flow here:

- authorizes lazily, before the first request that needs the session;
- on a ``403`` re-authorizes once and replays the request once. One :class:`asyncio.Lock` is
  shared by all requests, and each request remembers which session it used: when ten requests
  fail at once, the first to take the lock authorizes, the nine others find a newer session
  and simply replay with it;
- remembers a refused key (``AuthError``) so that later requests fail at once instead of
  hammering ``authorize`` — until :meth:`SessionAuth.login` is called explicitly;
- sends the session cookie only to the PBX's own origin: requests to any other host (recordings
  may live elsewhere) go out without a ``Cookie`` header;
- logs every exchange at DEBUG (method, path, status, duration) and never a body.

The API key exists only inside :class:`Secret` and in the body of the authorize request.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from http.cookiejar import CookieJar

import httpx

from vega_desktop.api.errors import AuthError, ProtocolError, ServerError, shorten

__all__ = [
    "AUTHORIZE_PATH",
    "PUBLIC_PATH",
    "SESSION_COOKIE",
    "Secret",
    "SessionAuth",
    "error_text",
]

AUTHORIZE_PATH = "rest/security/authorize"
PUBLIC_PATH = "rest/public/"
SESSION_COOKIE = "JSESSIONID"

logger = logging.getLogger("vega_desktop.api")

# RFC 6265 cookie-octet: what may appear in a cookie value without quoting.
_COOKIE_VALUE = re.compile(r"^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]{1,4096}$")
_HTML = re.compile(r"^\s*<(?:!doctype|html|head|body)", re.IGNORECASE)


class Secret:
    """A string that never shows itself in ``str``, ``repr`` or tracebacks' locals."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def scrub(self, text: str) -> str:
        """``text`` with every occurrence of the secret replaced by ``***``."""
        if len(self._value) < 4:  # too short to tell apart from ordinary text
            return text
        return text.replace(self._value, "***")

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, url.port or default)


def error_text(response: httpx.Response, secret: Secret) -> str:
    """A short plain-text description from an error response's body ('' if it has none)."""
    try:
        text = response.content.decode(response.encoding or "utf-8", errors="replace")
    except (httpx.ResponseNotRead, LookupError):
        return ""
    if _HTML.match(text):
        return ""  # an HTML error page says nothing a person needs in a one-line message
    return shorten(secret.scrub(text))


def _session_from(response: httpx.Response) -> str | None:
    """The last ``JSESSIONID`` value among the response's ``Set-Cookie`` headers."""
    found: str | None = None
    for header in response.headers.get_list("set-cookie"):
        name, sep, rest = header.partition("=")
        if sep and name.strip() == SESSION_COOKIE:
            found = rest.split(";", 1)[0].strip().strip('"')
    return found


def _with_session(header: str | None, session: str) -> str:
    kept = [
        part.strip()
        for part in (header or "").split(";")
        if part.strip() and part.split("=", 1)[0].strip() != SESSION_COOKIE
    ]
    return "; ".join([*kept, f"{SESSION_COOKIE}={session}"])


class SessionAuth(httpx.Auth):
    """Lazy authorize, one re-authorize + replay on 403, one lock for all concurrent requests."""

    def __init__(
        self,
        *,
        base_url: httpx.URL,
        build_authorize: Callable[[], httpx.Request],
        cookies: CookieJar,
        secret: Secret,
    ) -> None:
        self._base = base_url
        self._origin = origin(base_url)
        self._authorize_path = base_url.join(AUTHORIZE_PATH).path
        self._public_prefix = base_url.join(PUBLIC_PATH).path
        self._build_authorize = build_authorize
        self._cookies = httpx.Cookies(cookies)  # shares the client's jar
        self._secret = secret
        self._lock = asyncio.Lock()
        self._session: str | None = None
        self._generation = 0
        self._refused: AuthError | None = None

    def __repr__(self) -> str:
        return f"SessionAuth(base_url={str(self._base)!r}, authorized={self.authorized})"

    @property
    def authorized(self) -> bool:
        return self._session is not None

    @property
    def generation(self) -> int:
        """How many times a session was obtained (for diagnostics and tests)."""
        return self._generation

    def owns(self, url: httpx.URL) -> bool:
        """True if ``url`` is on the PBX's own origin (scheme, host and port)."""
        return origin(url) == self._origin

    # ----------------------------------------------------------------- the flow

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if not self.owns(request.url):
            request.headers.pop("Cookie", None)
            started = time.perf_counter()
            response = yield request
            _log_exchange(request, response, started)
            return
        if request.url.path == self._authorize_path:
            started = time.perf_counter()
            response = yield request
            _log_exchange(request, response, started)
            return

        needs_session = not request.url.path.startswith(self._public_prefix)
        if needs_session and self._session is None:
            async with self._lock:
                self._raise_if_refused()
                if self._session is None:
                    authorize = self._build_authorize()
                    started = time.perf_counter()
                    answer = yield authorize
                    _log_exchange(authorize, answer, started)
                    await self._accept(answer)

        used = self._apply_session(request)
        started = time.perf_counter()
        response = yield request
        _log_exchange(request, response, started)
        if response.status_code != httpx.codes.FORBIDDEN:
            return

        async with self._lock:
            self._raise_if_refused()
            if self._generation == used:  # nobody renewed the session meanwhile: we do
                logger.debug("session refused (403); authorizing again")
                authorize = self._build_authorize()
                started = time.perf_counter()
                answer = yield authorize
                _log_exchange(authorize, answer, started)
                await self._accept(answer)
        self._apply_session(request)
        started = time.perf_counter()
        response = yield request
        _log_exchange(request, response, started)

    # ----------------------------------------------------------------- explicit login

    async def login(self, send: Callable[[httpx.Request], Awaitable[httpx.Response]]) -> None:
        """Authorize now (a fresh session), forgetting an earlier refusal."""
        async with self._lock:
            self._refused = None
            response = await send(self._build_authorize())
            try:
                await self._accept(response)
            finally:
                await response.aclose()

    # ----------------------------------------------------------------- helpers

    def _raise_if_refused(self) -> None:
        if self._refused is not None:
            raise AuthError(self._refused.detail, status=self._refused.status)

    def _apply_session(self, request: httpx.Request) -> int:
        """Put the PBX's cookies (and our session) on ``request``; return the session's number."""
        request.headers.pop("Cookie", None)
        self._cookies.set_cookie_header(request)
        if self._session is not None:
            request.headers["Cookie"] = _with_session(request.headers.get("Cookie"), self._session)
        return self._generation

    async def _accept(self, response: httpx.Response) -> None:
        """Take the session from an authorize answer, or raise the matching error."""
        await response.aread()
        status = response.status_code
        if httpx.codes.is_success(status):
            session = _session_from(response)
            if session is None or not _COOKIE_VALUE.match(session):
                raise ProtocolError(
                    f"authorize: the answer carries no usable {SESSION_COOKIE} cookie",
                    status=status,
                )
            self._session = session
            self._generation += 1
            self._refused = None
            return
        detail = error_text(response, self._secret)
        if httpx.codes.is_client_error(status):
            refused = AuthError(
                detail or "The PBX refused the domain or the API key", status=status
            )
            self._refused = refused
            self._session = None
            raise AuthError(refused.detail, status=status)
        if httpx.codes.is_server_error(status):
            raise ServerError(detail or "authorize failed on the PBX", status=status)
        raise ProtocolError(f"authorize: unexpected HTTP {status}", status=status)


def _log_exchange(request: httpx.Request, response: httpx.Response, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %d (%.0f ms)",
            request.method,
            request.url.copy_with(query=None, fragment=None),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
