"""HTTP face of the simulated PBX: every Part B route, plus a ``/_control`` interface for tests.

``create_app(pbx)`` returns a Starlette app. REST errors answer in plain text (``makeCall``'s
>= 400 body is plain text in the spec); ``/_control`` answers JSON, errors as ``{"error": …}``.
Every REST/CRM route except authorize and the public recording needs the ``JSESSIONID`` cookie;
without a live session it answers 403.

Before routing, each non-control request may meet an injected fault (see
:meth:`SimulatedPbx.add_fault`) and is written to the PBX's request log (method, path, query,
JSON body, status, fault) with API keys redacted.

How the faults look to a client:

* ``500``: ``500 Internal Server Error``, plain text.
* ``invalid_json``: ``200``, ``application/json``, a body cut off mid-object.
* ``stall``: the answer comes ``seconds`` late; if the client gives up first, nothing is sent.
  (``httpx.ASGITransport`` applies no timeouts, so in process the request simply takes longer.)
* ``drop``: over a socket served by uvicorn, the connection is closed without a response:
  httpx raises ``RemoteProtocolError("Server disconnected without sending a response.")``.
  In process there is no connection to close, and ``httpx.ASGITransport`` re-raises whatever the
  app raises (or turns it into a 500 with ``raise_app_exceptions=False``), so the app raises
  :class:`DroppedConnectionError`; when httpx is loaded, the exception is also an
  ``httpx.RemoteProtocolError``, so both paths surface as the same httpx transport error.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any, cast

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from vega_desktop.demo.clock import ManualClock
from vega_desktop.demo.errors import BadRequestError, ConflictError, NotFoundError, PbxError
from vega_desktop.demo.faults import Fault
from vega_desktop.demo.pbx import SimulatedPbx
from vega_desktop.demo.wire import Json

SESSION_COOKIE = "JSESSIONID"
CONTROL_PREFIX = "/_control"
TRUNCATED_JSON = b'[{"uuid": "47a968893984475b8c20e29dec144ce1", "parentUuid": nu'
_MAX_LOGGED_BODY = 64 * 1024

Endpoint = Callable[[Request], Awaitable[Response]]


class DroppedConnectionError(ConnectionResetError):
    """Raised in process for a ``drop`` fault, where there is no connection to close."""


def _dropped_error() -> BaseException:
    message = "Server disconnected without sending a response."
    httpx = sys.modules.get("httpx")  # only when the caller already uses httpx: no import here
    base = getattr(httpx, "RemoteProtocolError", None)
    if isinstance(base, type) and issubclass(base, Exception):
        combined = type("DroppedConnectionError", (base, DroppedConnectionError), {})
        return cast(BaseException, combined(message))
    return DroppedConnectionError(message)


# --- request parsing ---------------------------------------------------------------------------


def _int_param(request: Request, name: str, *, required: bool = False) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or not raw.strip():
        if required:
            raise BadRequestError(f"{name} is required")
        return None
    text = raw.strip()
    if not text.lstrip("-").isdigit():
        raise BadRequestError(f"{name} must be a whole number")
    return int(text)


def _directions(request: Request) -> int | None:
    """``directions`` as one value, a bitmask sum (6), repeated parameters or a comma list."""
    raw = request.query_params.getlist("directions") + request.query_params.getlist("directions[]")
    tokens = [t.strip() for value in raw for t in value.split(",") if t.strip()]
    if not tokens:
        return None
    mask = 0
    for token in tokens:
        if not token.isdigit():
            raise BadRequestError("directions must be numbers")
        mask |= int(token)
    return mask


async def _json_body(request: Request, *, empty: Json = None) -> Json:
    raw = await request.body()
    if not raw.strip():
        return empty
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequestError("The body is not valid JSON") from exc


def _path_int(request: Request, name: str) -> int:
    raw = str(request.path_params[name])
    if not raw.isdigit():
        raise BadRequestError(f"{name} must be a number")
    return int(raw)


def _one() -> Response:
    return Response(b"1", media_type="application/json")


def _json(content: Json, status_code: int = 200) -> Response:
    return JSONResponse(content, status_code=status_code)


# --- the app -----------------------------------------------------------------------------------


class DemoApp(Starlette):
    """The Starlette app of one simulated PBX (faults and the request log wrap the routes)."""

    def __init__(self, pbx: SimulatedPbx, *, control: bool = True) -> None:
        self.pbx = pbx
        self._stalls: set[asyncio.Future[None]] = set()
        routes = _rest_routes(pbx) + (_control_routes(pbx) if control else [])
        super().__init__(routes=routes, exception_handlers={PbxError: _pbx_error})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path.startswith(CONTROL_PREFIX):
            await super().__call__(scope, receive, send)
            return
        await self._serve_logged(scope, receive, send, path)

    async def _serve_logged(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        body = await _read_body(receive)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        fault = self.pbx.take_fault(path)
        entry: dict[str, Json] = {
            "method": scope.get("method"),
            "path": path,
            "query": _query(scope),
            "json": _loggable_json(body),
            "fault": fault.kind if fault else None,
        }
        try:
            if fault is None:
                await super().__call__(scope, replay, watch)
            else:
                await self._fault(fault, scope, receive, replay, watch)
        finally:
            entry["status"] = status[0] if status else None
            self.pbx.log_request(entry)

    async def _fault(
        self, fault: Fault, scope: Scope, receive: Receive, replay: Receive, send: Send
    ) -> None:
        if fault.kind == "500":
            await PlainTextResponse("Internal Server Error", 500)(scope, replay, send)
        elif fault.kind == "invalid_json":
            await Response(TRUNCATED_JSON, media_type="application/json")(scope, replay, send)
        elif fault.kind == "stall":
            outcome = await self._stall(receive, fault.seconds)
            if outcome == "served":
                await super().__call__(scope, replay, send)
            elif outcome == "shutdown":
                await _drop_connection(receive)
        else:
            await _drop_connection(receive)

    async def _stall(self, receive: Receive, seconds: float) -> str:
        """Wait ``seconds``, then return "served"; "left" if the client goes away first,
        "shutdown" if :meth:`end_stalls` comes first."""
        waiter = asyncio.ensure_future(receive())
        stop: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._stalls.add(stop)
        either: set[asyncio.Future[Any]] = {waiter, stop}
        try:
            done, _ = await asyncio.wait(either, timeout=seconds, return_when="FIRST_COMPLETED")
            if stop in done:
                return "shutdown"
            if waiter in done and waiter.result().get("type") == "http.disconnect":
                return "left"
            return "served"
        finally:
            self._stalls.discard(stop)
            for future in (waiter, stop):
                if not future.done():
                    future.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiter

    def end_stalls(self) -> None:
        """Cut every stalled request short by dropping its connection (call on the app's loop).

        A server shutting down does this, so it need not wait for stalls to run out.
        """
        for stop in list(self._stalls):
            if not stop.done():
                stop.set_result(None)


def create_app(pbx: SimulatedPbx, *, control: bool = True) -> Starlette:
    """The ASGI app of ``pbx``: Part B of the spec, plus ``/_control`` unless ``control=False``."""
    return DemoApp(pbx, control=control)


async def _read_body(receive: Receive) -> bytes:
    """The whole request body (requests to the PBX are small), to log it and replay it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client left before sending it all
            return b"".join(chunks)
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _drop_connection(receive: Receive) -> None:
    """Close the client's connection without a response.

    Under uvicorn, ``receive`` is a method of the request cycle, which holds the asyncio
    transport: closing it and waiting for the disconnect makes uvicorn treat the request as
    abandoned by the peer (no 500, no error log). Anywhere else, raise.
    """
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if not isinstance(transport, asyncio.BaseTransport):
        raise _dropped_error()
    transport.close()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(2.0):
            while (await receive()).get("type") != "http.disconnect":
                pass


def _query(scope: Scope) -> dict[str, Json]:
    request = Request(scope)
    out: dict[str, Json] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        out[key] = values[0] if len(values) == 1 else values
    return out


def _loggable_json(body: bytes) -> Json:
    if not body.strip() or len(body) > _MAX_LOGGED_BODY:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


async def _pbx_error(request: Request, exc: Exception) -> Response:
    error = cast(PbxError, exc)
    if request.url.path.startswith(CONTROL_PREFIX):
        return _json({"error": error.message}, error.status)
    return PlainTextResponse(error.message, error.status)


def _session(pbx: SimulatedPbx, endpoint: Endpoint) -> Endpoint:
    async def guarded(request: Request) -> Response:
        pbx.check_session(request.cookies.get(SESSION_COOKIE))
        return await endpoint(request)

    return guarded


# --- Part B ------------------------------------------------------------------------------------


def _rest_routes(pbx: SimulatedPbx) -> list[Route]:
    async def authorize(request: Request) -> Response:
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise BadRequestError("domain and apiKey are required")
        session = pbx.authorize(body.get("domain"), body.get("apiKey"))
        response = Response(status_code=200)
        response.set_cookie(SESSION_COOKIE, session, path="/", httponly=True)
        return response

    async def make_call(request: Request) -> Response:
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise BadRequestError("legExt and otherLegNum are required")
        return _json({"uuid": pbx.make_call(body.get("legExt"), body.get("otherLegNum"))})

    async def active(request: Request) -> Response:
        return _json(pbx.active_calls())

    async def hangup(request: Request) -> Response:
        pbx.hangup(str(request.path_params["uuid"]))
        return Response(status_code=200)

    def history_args(request: Request) -> dict[str, Any]:
        return {
            "time_from": _int_param(request, "timeFrom", required=True),
            "time_to": _int_param(request, "timeTo", required=True),
            "limit": _int_param(request, "limit"),
            "offset": _int_param(request, "offset"),
            "base_url": str(request.base_url),
        }

    async def company(request: Request) -> Response:
        return _json(pbx.company_history(directions=_directions(request), **history_args(request)))

    async def missed(request: Request) -> Response:
        return _json(pbx.missed_history(**history_args(request)))

    async def users_calls(request: Request) -> Response:
        return _json(pbx.users_history(directions=_directions(request), **history_args(request)))

    async def users(request: Request) -> Response:
        return _json(pbx.users())

    async def contacts(request: Request) -> Response:
        q = request.query_params
        return _json(
            pbx.list_contacts(
                search_text=q.get("searchText"),
                search_note_text=q.get("searchNoteText"),
                fields=q.getlist("field"),
                filter_by=_int_param(request, "filterBy"),
                date_from=_int_param(request, "from"),
                date_to=_int_param(request, "to"),
                offset=_int_param(request, "offset"),
                limit=_int_param(request, "limit"),
            )
        )

    async def by_number(request: Request) -> Response:
        return _json(
            pbx.contacts_by_number(
                request.query_params.get("otherLegNum"),
                offset=_int_param(request, "offset"),
                limit=_int_param(request, "limit"),
            )
        )

    async def update_contact(request: Request) -> Response:
        pbx.update_contact(await _json_body(request))
        return _one()

    async def get_contact(request: Request) -> Response:
        return _json(pbx.get_contact(_path_int(request, "id")))

    async def delete_contact(request: Request) -> Response:
        pbx.delete_contact(_path_int(request, "id"))
        return _one()

    async def batch(request: Request) -> Response:
        succeeded, failed = pbx.batch_contacts(await _json_body(request))
        return _json({"succeeded": succeeded, "failed": failed}, 201)

    async def notes(request: Request) -> Response:
        contact_id = _path_int(request, "id")
        if request.method == "GET":
            return _json(pbx.list_notes(contact_id))
        body = await _json_body(request)
        if request.method == "POST":
            return _json(pbx.create_note(contact_id, body))
        pbx.update_note(contact_id, body)
        return _one()

    async def delete_note(request: Request) -> Response:
        pbx.delete_note(_path_int(request, "cntId"), _path_int(request, "noteId"))
        return _one()

    async def audio(request: Request) -> Response:
        uuid = str(request.path_params["uuid"])
        wav = pbx.recording(uuid)
        return Response(
            wav,
            media_type="audio/wav",
            headers={"Content-Disposition": f'inline; filename="{uuid}.wav"'},
        )

    def s(endpoint: Endpoint) -> Endpoint:
        return _session(pbx, endpoint)

    crm = "/crm/contacts/v2"
    return [
        Route("/rest/security/authorize", authorize, methods=["POST"]),
        Route("/rest/user/makeCall", s(make_call), methods=["POST"]),
        Route("/rest/calls/active/v3", s(active), methods=["GET"]),
        Route("/rest/calls/active/{uuid}/hangup", s(hangup), methods=["GET"]),
        Route("/rest/calls/company.api", s(company), methods=["GET"]),
        Route("/rest/calls/missed.api", s(missed), methods=["GET"]),
        Route("/rest/calls/users.api", s(users_calls), methods=["GET"]),
        Route("/rest/users", s(users), methods=["GET"]),
        Route("/rest/public/calls/{uuid}/audio", audio, methods=["GET"]),
        Route(f"{crm}/", s(contacts), methods=["GET"]),
        Route(crm, s(contacts), methods=["GET"]),
        Route(f"{crm}/", s(update_contact), methods=["POST"]),
        Route(crm, s(update_contact), methods=["POST"]),
        Route(f"{crm}/searchByOLNum", s(by_number), methods=["GET"]),
        Route(f"{crm}/batch", s(batch), methods=["POST"]),
        Route(f"{crm}/{{id}}", s(get_contact), methods=["GET"]),
        Route(f"{crm}/{{id}}", s(delete_contact), methods=["DELETE"]),
        Route(f"{crm}/{{id}}/notes", s(notes), methods=["GET", "POST", "PUT"]),
        Route(f"{crm}/{{cntId}}/notes/{{noteId}}", s(delete_note), methods=["DELETE"]),
    ]


# --- /_control ---------------------------------------------------------------------------------


def _opt_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None or isinstance(value, str):
        return value
    raise BadRequestError(f"{key} must be a string")


def _control_routes(pbx: SimulatedPbx) -> list[Route]:
    async def body_of(request: Request) -> dict[str, Any]:
        body = await _json_body(request, empty={})
        if not isinstance(body, dict):
            raise BadRequestError("The body must be a JSON object")
        return body

    def call_id(request: Request) -> str:
        return str(request.path_params["uuid"])

    async def start(request: Request) -> Response:
        body = await body_of(request)
        direction = _opt_str(body, "direction")
        if direction is None:
            raise BadRequestError("direction is required")
        uuid = pbx.start_call(
            direction,
            number=_opt_str(body, "number"),
            ext=_opt_str(body, "ext"),
            to_ext=_opt_str(body, "to_ext"),
            trunk=_opt_str(body, "trunk"),
            group=_opt_str(body, "group"),
        )
        return _json({"uuid": uuid})

    async def show(request: Request) -> Response:
        summary = pbx.live_call(call_id(request))
        if summary is None:
            raise NotFoundError("No such live call")
        return _json(summary)

    async def answer(request: Request) -> Response:
        body = await body_of(request)
        return _json({"uuid": pbx.answer_call(call_id(request), _opt_str(body, "ext"))})

    async def end(request: Request) -> Response:
        body = await body_of(request)
        disposition = body.get("disposition")
        if disposition is not None and (
            isinstance(disposition, bool) or not isinstance(disposition, int)
        ):
            raise BadRequestError("disposition must be a number")
        return _json({"uuid": pbx.end_call(call_id(request), disposition)})

    async def transfer(request: Request) -> Response:
        body = await body_of(request)
        to_ext = _opt_str(body, "to_ext")
        if to_ext is None:
            raise BadRequestError("to_ext is required")
        return _json({"uuid": pbx.transfer_call(call_id(request), to_ext)})

    async def expire(request: Request) -> Response:
        return _json({"expired": pbx.expire_sessions()})

    async def faults(request: Request) -> Response:
        if request.method == "GET":
            return _json([f.to_json() for f in pbx.faults()])
        if request.method == "DELETE":
            return _json({"cleared": pbx.clear_faults()})
        body = await body_of(request)
        fault = pbx.add_fault(
            str(body.get("kind")),
            _opt_str(body, "path"),
            body.get("count", 1),
            body.get("seconds", 5.0),
        )
        return _json(fault.to_json())

    async def log(request: Request) -> Response:
        if request.method == "DELETE":
            pbx.clear_request_log()
            return _json({"cleared": True})
        return _json(pbx.request_log())

    async def state(request: Request) -> Response:
        return _json(pbx.state())

    async def events(request: Request) -> Response:
        return _json(pbx.events())

    async def advance(request: Request) -> Response:
        body = await body_of(request)
        seconds = body.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise BadRequestError("seconds must be a non-negative number")
        if not isinstance(pbx.clock, ManualClock):
            raise ConflictError("The PBX runs on the wall clock")
        pbx.advance(float(seconds))
        return _json(pbx.state())

    c = CONTROL_PREFIX
    return [
        Route(f"{c}/calls", start, methods=["POST"]),
        Route(f"{c}/calls/{{uuid}}", show, methods=["GET"]),
        Route(f"{c}/calls/{{uuid}}/answer", answer, methods=["POST"]),
        Route(f"{c}/calls/{{uuid}}/end", end, methods=["POST"]),
        Route(f"{c}/calls/{{uuid}}/transfer", transfer, methods=["POST"]),
        Route(f"{c}/sessions/expire", expire, methods=["POST"]),
        Route(f"{c}/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route(f"{c}/log", log, methods=["GET", "DELETE"]),
        Route(f"{c}/state", state, methods=["GET"]),
        Route(f"{c}/events", events, methods=["GET"]),
        Route(f"{c}/advance", advance, methods=["POST"]),
    ]
