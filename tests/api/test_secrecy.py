"""The API key never shows: not in errors, reprs, URLs or logs (httpx's and httpcore's too)."""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import traceback
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from tests.api.conftest import FAST_RETRY
from tests.api.fakepbx import API_KEY, CALL_UUID, DOMAIN, FakePbx
from vega_desktop.api import VegaClient, VegaError
from vega_desktop.api.auth import Secret

T0 = datetime(2015, 6, 26, tzinfo=UTC)
LOGGERS = ("", "httpx", "httpcore", "vega_desktop", "vega_desktop.api", "asyncio")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def assert_no_key(*texts: str) -> None:
    for text in texts:
        assert API_KEY not in text
        assert json.dumps(API_KEY)[1:-1] not in text


@pytest.mark.asyncio
async def test_nothing_leaks_through_a_busy_session(
    pbx: FakePbx, debug_logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    errors: list[BaseException] = []
    async with VegaClient(
        domain=DOMAIN, api_key=API_KEY, transport=pbx.transport(), retry=FAST_RETRY
    ) as client:
        assert_no_key(repr(client), str(client), repr(vars(client)), repr(vars(client._conn)))
        await client.users.list()
        pbx.expire_sessions()
        await client.calls.active()
        pbx.fail("/rest/users", status=503, times=5)
        pbx.fail("/rest/calls/active", exception=httpx.ConnectError, times=5)
        pbx.reply("POST", "/rest/user/makeCall", status=400, text="rejected")
        for attempt in (
            client.users.list(),
            client.calls.active(),
            client.calls.make_call("001", "+380993034330"),
            client.contacts.get(999_999),
            client.recordings.download(CALL_UUID, tmp_path / "a.wav"),
        ):
            try:
                await attempt
            except VegaError as exc:
                errors.append(exc)
        pbx.key = "rotated"
        pbx.expire_sessions()
        try:
            await client.history.missed(T0, T0 + timedelta(days=1))
        except VegaError as exc:
            errors.append(exc)
    assert len(errors) >= 4
    for error in errors:
        chain = [error, error.__cause__, error.__context__]
        assert_no_key(*(str(e) for e in chain), *(repr(e) for e in chain))
    assert "HTTP Request" in debug_logs.text  # httpx's own INFO lines were captured
    assert "/rest/security/authorize" in debug_logs.text
    assert_no_key(debug_logs.text)
    for seen in pbx.log:
        assert_no_key(str(seen.path), repr(seen.params), str(seen.headers))
    bodies_with_key = [s for s in pbx.log if API_KEY in json.dumps(s.body, ensure_ascii=False)]
    assert {s.path for s in bodies_with_key} == {"/rest/security/authorize"}


@pytest.mark.asyncio
async def test_an_echoed_key_is_scrubbed_from_error_details() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(401, text=f"API key {API_KEY} is not valid for {DOMAIN}")
    )
    async with VegaClient(domain=DOMAIN, api_key=API_KEY, transport=transport) as client:
        with pytest.raises(VegaError) as caught:
            await client.authorize()
    assert caught.value.detail == f"API key *** is not valid for {DOMAIN}"
    assert_no_key(str(caught.value), repr(caught.value))


@pytest.mark.asyncio
async def test_an_echoed_key_is_scrubbed_from_other_errors(pbx: FakePbx) -> None:
    pbx.reply("POST", "/rest/user/makeCall", status=400, text=f"debug: apiKey={API_KEY}")
    async with VegaClient(domain=DOMAIN, api_key=API_KEY, transport=pbx.transport()) as client:
        with pytest.raises(VegaError) as caught:
            await client.calls.make_call("001", "+380993034330")
    assert caught.value.detail == "debug: apiKey=***"


def test_the_secret_holder() -> None:
    secret = Secret(API_KEY)
    assert_no_key(repr(secret), str(secret), f"{secret}", repr([secret]))
    assert secret.reveal() == API_KEY
    assert secret.scrub(f"a {API_KEY} b {API_KEY}") == "a *** b ***"
    with pytest.raises(TypeError):
        pickle.dumps(secret)


# --------------------------------------------------------------------------- a real socket


class TinyPbx:
    """Just enough HTTP/1.1 on a loopback socket to exercise httpcore and its logging."""

    def __init__(self) -> None:
        self.server: asyncio.Server | None = None
        self.port = 0
        self.sessions = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {
                    k.lower(): v for k, _, v in (line.partition(": ") for line in lines[1:] if line)
                }
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                writer.write(self._answer(method, target, headers, body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def _answer(self, method: str, target: str, headers: dict[str, str], body: bytes) -> bytes:
        extra = ""
        if target == "/rest/security/authorize":
            sent = json.loads(body)
            if sent.get("apiKey") == API_KEY:
                self.sessions += 1
                status, text = "200 OK", ""
                extra = f"Set-Cookie: JSESSIONID=T{self.sessions}; Path=/\r\n"
            else:
                status, text = "401 Unauthorized", f"bad key {sent.get('apiKey')}"
        elif f"JSESSIONID=T{self.sessions}" in headers.get("cookie", ""):
            status, text = "200 OK", "[]"
        else:
            status, text = "403 Forbidden", "Forbidden"
        data = text.encode()
        return (
            f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode() + data


@pytest_asyncio.fixture
async def tiny_pbx() -> AsyncIterator[TinyPbx]:
    server = TinyPbx()
    await server.start()
    yield server
    await server.stop()


@pytest.mark.asyncio
async def test_httpcore_logs_over_a_real_socket_hold_no_key(
    tiny_pbx: TinyPbx, debug_logs: pytest.LogCaptureFixture
) -> None:
    server = f"http://127.0.0.1:{tiny_pbx.port}"
    async with VegaClient(domain=DOMAIN, api_key=API_KEY, server=server) as client:
        assert await client.users.list() == []
        tiny_pbx.sessions += 1  # every session the client holds is now stale
        assert await client.calls.active() == []
    async with VegaClient(domain=DOMAIN, api_key=API_KEY + "-wrong", server=server) as client:
        with pytest.raises(VegaError) as caught:
            await client.users.list()
    assert "send_request_body" in debug_logs.text  # httpcore's trace was captured
    assert_no_key(debug_logs.text, str(caught.value), repr(caught.value))
    assert caught.value.detail == "bad key ***"  # the whole echoed key is masked


@pytest.mark.asyncio
@pytest.mark.parametrize("lazy", [True, False])
async def test_a_failed_authorize_leaves_no_key_in_the_traceback(lazy: bool) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = VegaClient(
        domain=DOMAIN,
        api_key=API_KEY,
        server="https://pbx.example",
        transport=httpx.MockTransport(refuse),
        retry=FAST_RETRY,
    )
    async with client:
        call = client.users.list if lazy else client.authorize
        with pytest.raises(VegaError) as caught:
            await call()
    error = caught.value
    assert error.__cause__ is None
    assert error.__suppress_context__
    printed = "".join(traceback.format_exception(error))
    assert "ConnectError" not in printed
    assert_no_key(printed, repr(error), str(error))
