"""One HTTP connection to one PBX account: session, retries, timeouts, errors, logging.

The resource classes in :mod:`vega_desktop.api.resources` build requests; this module sends
them through a single :class:`httpx.AsyncClient`, repeats idempotent reads when the policy says
so, and turns every HTTP status and transport failure into the error tree of
:mod:`vega_desktop.api.errors`.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from http.cookiejar import CookieJar

import httpx

from vega_desktop import __version__
from vega_desktop.api.auth import AUTHORIZE_PATH, Secret, SessionAuth, error_text
from vega_desktop.api.errors import (
    BadRequest,
    NotFound,
    ProtocolError,
    ServerError,
    SessionExpired,
    TransportError,
    VegaError,
)
from vega_desktop.api.parse import decode_json
from vega_desktop.api.retry import RetryPolicy

__all__ = ["MAX_REDIRECTS", "Connection", "QueryParams"]

logger = logging.getLogger("vega_desktop.api")

QueryParams = Sequence[tuple[str, str | int]]

#: Redirects followed when downloading a recording (other requests never follow redirects).
MAX_REDIRECTS = 5

_USER_AGENT = f"vega-desktop/{__version__}"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def _describe(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        what = "timed out"
    elif isinstance(exc, httpx.ConnectError):
        what = "could not connect"
    elif isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        what = "the connection broke"
    else:
        what = "network error"
    text = str(exc).strip()
    return f"{what}: {text}" if text else what


class Connection:
    """The shared HTTP machinery behind a :class:`~vega_desktop.api.client.VegaClient`."""

    def __init__(
        self,
        *,
        domain: str,
        secret: Secret,
        base_url: httpx.URL,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None,
        retry: RetryPolicy,
    ) -> None:
        self.domain = domain
        self.base_url = base_url
        self.retry = retry
        self._secret = secret
        self._timeout = httpx.Timeout(timeout)
        jar = CookieJar()
        self._auth = SessionAuth(
            base_url=base_url,
            build_authorize=self._build_authorize,
            cookies=jar,
            secret=secret,
        )
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=self._timeout,
            cookies=jar,
            auth=self._auth,
            follow_redirects=False,
            verify=True,
            headers={"User-Agent": _USER_AGENT, "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"Connection(base_url={str(self.base_url)!r})"

    @property
    def auth(self) -> SessionAuth:
        return self._auth

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def url(self, path: str) -> httpx.URL:
        """An absolute URL on the PBX for ``path`` (which may start with ``/``)."""
        return self.base_url.join(path.lstrip("/"))

    def owns(self, url: httpx.URL) -> bool:
        return self._auth.owns(url)

    async def aclose(self) -> None:
        await self._http.aclose()

    # ----------------------------------------------------------------- session

    def _build_authorize(self) -> httpx.Request:
        request = self._http.build_request(
            "POST",
            self.url(AUTHORIZE_PATH),
            json={"domain": self.domain, "apiKey": self._secret.reveal()},
            timeout=self._timeout,
        )
        request.headers.pop("Cookie", None)
        return request

    async def authorize(self) -> None:
        """Log in now: a fresh session, or the error saying why not."""
        try:
            await self._auth.login(lambda request: self._http.send(request, stream=True))
        except httpx.TransportError as exc:
            raise TransportError(f"authorize: {self._scrub(_describe(exc))}") from None
        except httpx.RequestError as exc:
            raise ProtocolError(f"authorize: {self._scrub(str(exc))}") from None

    # ----------------------------------------------------------------- requests

    async def request(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: QueryParams | None = None,
        json: object = None,
        retry: bool = False,
        refusals_as_bad_request: bool = False,
    ) -> httpx.Response:
        """Send one request; return its (read, 2xx) response or raise a :class:`VegaError`.

        ``retry`` is for idempotent reads only: transport failures and the policy's statuses
        (502/503/504) are then repeated with backoff. ``refusals_as_bad_request`` maps every
        4xx (404 included) to ``BadRequest``, for endpoints whose refusals are plain-text
        explanations rather than "no such object" (``makeCall``).
        """
        attempts = self.retry.attempts if retry else 1
        url = self.url(path)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = await self._send(method, url, what=what, params=params, json=json)
            except VegaError as exc:  # a transport failure, or a 5xx from a lazy authorize
                if last or not is_retryable(exc, self.retry):
                    raise
                await self._pause(what, attempt, attempts, str(exc), None)
                continue
            if not last and self.retry.should_retry_status(response.status_code):
                reason = f"HTTP {response.status_code}"
                await self._pause(what, attempt, attempts, reason, _retry_after(response))
                continue
            self.check(response, what, refusals_as_bad_request=refusals_as_bad_request)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send(
        self,
        method: str,
        url: httpx.URL,
        *,
        what: str,
        params: QueryParams | None,
        json: object,
    ) -> httpx.Response:
        request = self._http.build_request(
            method,
            url,
            params=list(params) if params is not None else None,
            json=json,
            headers={"Content-Type": "application/json"},
            timeout=self._timeout,
        )
        started = time.perf_counter()
        try:
            return await self._http.send(request)
        except httpx.TransportError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            logger.debug(
                "%s %s failed after %.0f ms: %s", method, url.path, elapsed, type(exc).__name__
            )
            raise TransportError(f"{what}: {self._scrub(_describe(exc))}") from None
        except httpx.RequestError as exc:  # DecodingError, TooManyRedirects
            raise ProtocolError(f"{what}: {self._scrub(str(exc))}") from None

    async def _pause(
        self, what: str, attempt: int, attempts: int, reason: str, retry_after: float | None
    ) -> None:
        delay = self.retry.delay(attempt, retry_after=retry_after)
        logger.info(
            "%s: %s; trying again in %.1f s (attempt %d of %d)",
            what,
            reason,
            delay,
            attempt + 2,
            attempts,
        )
        await asyncio.sleep(delay)

    def check(
        self, response: httpx.Response, what: str, *, refusals_as_bad_request: bool = False
    ) -> None:
        """Raise the error that matches a non-2xx ``response`` (whose body must be read)."""
        status = response.status_code
        if httpx.codes.is_success(status):
            return
        detail = error_text(response, self._secret)
        if status == httpx.codes.FORBIDDEN and self.owns(response.url):
            raise SessionExpired(
                detail or f"{what}: the PBX refused a fresh session", status=status
            )
        if status == httpx.codes.NOT_FOUND and not refusals_as_bad_request:
            raise NotFound(detail or f"{what}: not found", status=status)
        if httpx.codes.is_client_error(status):
            raise BadRequest(detail or f"{what}: the PBX rejected the request", status=status)
        if httpx.codes.is_server_error(status):
            raise ServerError(detail or f"{what}: the PBX failed", status=status)
        raise ProtocolError(f"{what}: unexpected HTTP {status}", status=status)

    def json(self, response: httpx.Response, what: str) -> object:
        return decode_json(response.content, what)

    def lenient_json(self, response: httpx.Response) -> object:
        """The decoded body, ``None`` when it is empty, the raw text when it is not JSON."""
        content = response.content.strip()
        if not content:
            return None
        try:
            return decode_json(content, "body")
        except ProtocolError:
            return response.text.strip()

    def _scrub(self, text: str) -> str:
        return self._secret.scrub(text)

    # ----------------------------------------------------------------- streaming

    @asynccontextmanager
    async def stream(
        self, url: httpx.URL, *, what: str, headers: Mapping[str, str] | None = None
    ) -> AsyncIterator[httpx.Response]:
        """GET ``url`` as a stream, following up to :data:`MAX_REDIRECTS` http(s) redirects.

        The session cookie only ever goes to the PBX's own origin (the auth flow strips it for
        every other host, redirect targets included). A non-2xx answer raises its error.
        """
        for _hop in range(MAX_REDIRECTS + 1):
            request = self._http.build_request("GET", url, headers=headers, timeout=self._timeout)
            try:
                response = await self._http.send(request, stream=True)
            except httpx.TransportError as exc:
                raise TransportError(f"{what}: {self._scrub(_describe(exc))}") from None
            except httpx.RequestError as exc:
                raise ProtocolError(f"{what}: {self._scrub(str(exc))}") from None
            try:
                if response.has_redirect_location:
                    target = response.url.join(response.headers["Location"])
                    if target.scheme not in ("http", "https") or not target.host:
                        raise ProtocolError(f"{what}: redirected to a URL that is not http(s)")
                    url = target
                    continue
                if not httpx.codes.is_success(response.status_code):
                    await response.aread()
                    self.check(response, what)
                try:
                    yield response
                except httpx.TransportError as exc:
                    raise TransportError(f"{what}: {self._scrub(_describe(exc))}") from None
                except httpx.RequestError as exc:
                    raise ProtocolError(f"{what}: {self._scrub(str(exc))}") from None
                return
            except httpx.TransportError as exc:
                raise TransportError(f"{what}: {self._scrub(_describe(exc))}") from None
            finally:
                await response.aclose()
        raise ProtocolError(f"{what}: too many redirects")


def is_retryable(error: VegaError, policy: RetryPolicy) -> bool:
    """True for failures that repeating an idempotent read may cure."""
    if isinstance(error, TransportError):
        return True
    return isinstance(error, ServerError) and policy.should_retry_status(error.status or 0)
