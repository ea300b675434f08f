"""A small fake PBX behind ``httpx.MockTransport``: sessions, canned answers, faults, a log.

It plays the spec's server: ``POST /rest/security/authorize`` checks domain and key and sets a
``JSESSIONID`` cookie; every other ``/rest`` and ``/crm`` path (except ``/rest/public``) answers
403 without a live session. Answers default to the spec's examples and can be replaced per
route; faults (a status, an exception, a delay) can be queued per path prefix.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.api import samples

DOMAIN = "acme.pbx.vega.ua"
# Long and distinctive, so a leak anywhere is unmistakable.
API_KEY = "bHGbn240QSjFJgydWOWyZ3ve6UeNDT8CV-test-key"
CALL_UUID = "47a968893984475b8c20e29dec144ce1"

Handler = Callable[[httpx.Request], "httpx.Response | Awaitable[httpx.Response]"]


@dataclass
class Seen:
    """One request as the fake PBX received it."""

    method: str
    host: str
    path: str
    params: list[tuple[str, str]]
    body: Any
    cookie: str | None
    headers: httpx.Headers
    timeout: Any = None

    @property
    def query(self) -> dict[str, str]:
        return dict(self.params)


@dataclass
class Fault:
    prefix: str
    times: int
    status: int | None = None
    exception: type[httpx.TransportError] | None = None
    text: str = ""


@dataclass
class FakePbx:
    domain: str = DOMAIN
    key: str = API_KEY
    host: str = DOMAIN  # where the fake PBX lives (recordings may be on other hosts)
    prefix: str = ""  # a path prefix, for a server URL such as https://host/prefix
    log: list[Seen] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    faults: list[Fault] = field(default_factory=list)
    authorize_delay: float = 0.0
    delay: float = 0.0
    routes: list[tuple[str, re.Pattern[str], Handler]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.install_defaults()

    # ------------------------------------------------------------------ configuration

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def on(self, method: str, path: str, handler: Handler) -> None:
        """Answer ``method path`` (a regex, anchored) with ``handler`` from now on."""
        self.routes.insert(0, (method, re.compile(f"^{path}$"), handler))

    def reply(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        status: int = 200,
        text: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer ``method path`` with a fixed JSON body (or ``text``)."""

        def handler(request: httpx.Request) -> httpx.Response:
            if text is not None:
                return httpx.Response(status, text=text, headers=headers)
            return httpx.Response(status, json=body, headers=headers)

        self.on(method, path, handler)

    def fail(
        self,
        prefix: str,
        *,
        times: int = 1,
        status: int | None = None,
        exception: type[httpx.TransportError] | None = None,
        text: str = "",
    ) -> None:
        self.faults.append(Fault(prefix, times, status, exception, text))

    def expire_sessions(self) -> None:
        self.sessions.clear()

    def seen(self, path: str | None = None, method: str | None = None) -> list[Seen]:
        return [
            s
            for s in self.log
            if (path is None or s.path == path) and (method is None or s.method == method)
        ]

    @property
    def authorizations(self) -> int:
        return len(self.seen("/rest/security/authorize"))

    def install_defaults(self) -> None:
        ok = lambda request: httpx.Response(200, json=1)  # noqa: E731
        self.routes = []
        self.reply("GET", "/rest/calls/active/v3", samples.active_calls())
        self.reply("POST", "/rest/user/makeCall", {"uuid": CALL_UUID})
        self.on("GET", "/rest/calls/active/[^/]+/hangup", lambda r: httpx.Response(200))
        for name in ("company", "missed", "users"):
            self.reply("GET", f"/rest/calls/{name}.api", samples.history())
        self.reply("GET", "/rest/users", samples.users())
        self.reply("GET", r"/crm/contacts/v2/\d+", samples.contact())
        self.reply("GET", "/crm/contacts/v2/", samples.contact_listed())
        self.reply("GET", "/crm/contacts/v2/searchByOLNum", [samples.contact_listed()])
        self.on("POST", "/crm/contacts/v2/", ok)
        self.on("DELETE", r"/crm/contacts/v2/\d+", ok)
        self.reply("POST", "/crm/contacts/v2/batch", {"succeeded": 1, "failed": 0}, status=201)
        self.reply("GET", r"/crm/contacts/v2/\d+/notes", [samples.note()])
        self.on("POST", r"/crm/contacts/v2/\d+/notes", self._create_note)
        self.on("PUT", r"/crm/contacts/v2/\d+/notes", ok)
        self.on("DELETE", r"/crm/contacts/v2/\d+/notes/\d+", ok)
        self.on("GET", "/rest/public/calls/[^/]+/audio", self._audio)

    # ------------------------------------------------------------------ default handlers

    def _create_note(self, request: httpx.Request) -> httpx.Response:
        note = json.loads(request.content)
        note["id"] = 500 + next(self._ids)
        note["dateCreate"] = 1503319698348
        return httpx.Response(200, json=note)

    @staticmethod
    def _audio(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b"RIFF" + bytes(1000), headers={"Content-Type": "audio/wav"}
        )

    # ------------------------------------------------------------------ the server

    async def handle(self, request: httpx.Request) -> httpx.Response:
        content = await request.aread()
        try:
            body = json.loads(content) if content else None
        except ValueError:
            body = content
        cookies = _cookies(request.headers.get("cookie"))
        self.log.append(
            Seen(
                method=request.method,
                host=request.url.host,
                path=request.url.path.removeprefix(self.prefix),
                params=list(request.url.params.multi_items()),
                body=body,
                cookie=request.headers.get("cookie"),
                headers=request.headers,
                timeout=request.extensions.get("timeout"),
            )
        )
        path = request.url.path
        if self.prefix and path.startswith(self.prefix):
            path = path[len(self.prefix) :]
        for fault in self.faults:
            if fault.times > 0 and path.startswith(fault.prefix):
                fault.times -= 1
                if fault.exception is not None:
                    raise fault.exception("injected fault", request=request)
                return httpx.Response(fault.status or 500, text=fault.text)
        if path == "/rest/security/authorize":
            return await self._authorize(request, body)
        if self.delay:
            await asyncio.sleep(self.delay)
        needs_session = request.url.host == self.host and not path.startswith("/rest/public/")
        if needs_session and cookies.get("JSESSIONID") not in self.sessions:
            return httpx.Response(403, text="Forbidden")
        for method, pattern, handler in self.routes:
            if method == request.method and pattern.match(path):
                response = handler(request)
                if not isinstance(response, httpx.Response):
                    response = await response
                return response
        return httpx.Response(404, text="no such path")

    async def _authorize(self, request: httpx.Request, body: Any) -> httpx.Response:
        if self.authorize_delay:
            await asyncio.sleep(self.authorize_delay)
        if (
            request.method != "POST"
            or not isinstance(body, dict)
            or body.get("domain") != self.domain
            or body.get("apiKey") != self.key
        ):
            return httpx.Response(401, text="Wrong domain or API key")
        session = f"S{next(self._ids):04d}"
        self.sessions.add(session)
        return httpx.Response(
            200, headers={"Set-Cookie": f"JSESSIONID={session}; Path=/; HttpOnly"}
        )


def _cookies(header: str | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            result[name] = value
    return result
