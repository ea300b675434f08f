"""Retries: only idempotent reads, only transport failures and 502/503/504, bounded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import FAST_RETRY
from tests.api.fakepbx import API_KEY, CALL_UUID, DOMAIN, FakePbx
from vega_desktop.api import (
    Contact,
    Note,
    RetryPolicy,
    ServerError,
    TransportError,
    VegaClient,
)

pytestmark = pytest.mark.asyncio

T0 = datetime(2015, 6, 26, tzinfo=UTC)
T1 = T0 + timedelta(days=1)

Call = Callable[[VegaClient], Awaitable[object]]

READS: list[tuple[str, str, Call]] = [
    ("/rest/calls/active/v3", "active", lambda c: c.calls.active()),
    ("/rest/calls/company.api", "company", lambda c: c.history.company(T0, T1)),
    ("/rest/calls/missed.api", "missed", lambda c: c.history.missed(T0, T1)),
    ("/rest/calls/users.api", "by_users", lambda c: c.history.by_users(T0, T1)),
    ("/rest/users", "users", lambda c: c.users.list()),
    ("/crm/contacts/v2/7068", "contact", lambda c: c.contacts.get(7068)),
    ("/crm/contacts/v2/", "contacts", lambda c: c.contacts.list()),
    (
        "/crm/contacts/v2/searchByOLNum",
        "by_number",
        lambda c: c.contacts.by_number("+380440000000"),
    ),
    ("/crm/contacts/v2/7068/notes", "notes", lambda c: c.notes.list(7068)),
]

WRITES: list[tuple[str, str, Call]] = [
    ("/rest/user/makeCall", "makeCall", lambda c: c.calls.make_call("001", "+380993034330")),
    (f"/rest/calls/active/{CALL_UUID}/hangup", "hangup", lambda c: c.calls.hangup(CALL_UUID)),
    ("/crm/contacts/v2/", "update", lambda c: c.contacts.update(Contact(id=7068))),
    ("/crm/contacts/v2/7068", "delete", lambda c: c.contacts.delete(7068)),
    ("/crm/contacts/v2/batch", "batch", lambda c: c.contacts.batch([Contact(id=1)])),
    ("/crm/contacts/v2/7068/notes", "note create", lambda c: c.notes.create(7068, "x")),
    ("/crm/contacts/v2/7068/notes", "note update", lambda c: c.notes.update(7068, Note(id=1))),
    ("/crm/contacts/v2/7068/notes/1", "note delete", lambda c: c.notes.delete(7068, 1)),
]


def client_for(pbx: FakePbx, retry: RetryPolicy = FAST_RETRY) -> VegaClient:
    return VegaClient(domain=DOMAIN, api_key=API_KEY, transport=pbx.transport(), retry=retry)


def requests_to(pbx: FakePbx, path: str) -> int:
    return len([s for s in pbx.log if s.path == path])


@pytest.mark.parametrize(("path", "name", "call"), READS, ids=[r[1] for r in READS])
@pytest.mark.parametrize("status", [502, 503, 504])
async def test_reads_are_retried_on_gateway_errors(
    pbx: FakePbx, path: str, name: str, call: Call, status: int
) -> None:
    async with client_for(pbx) as client:
        await client.authorize()
        pbx.fail(path, status=status, times=2)
        await call(client)
    assert requests_to(pbx, path) == 3


@pytest.mark.parametrize(
    "exception", [httpx.ReadTimeout, httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError]
)
async def test_reads_are_retried_on_transport_errors(
    pbx: FakePbx, exception: type[httpx.TransportError]
) -> None:
    async with client_for(pbx) as client:
        await client.authorize()
        pbx.fail("/rest/calls/active/v3", exception=exception, times=2)
        assert len(await client.calls.active()) == 3
    assert requests_to(pbx, "/rest/calls/active/v3") == 3


async def test_retries_are_bounded(pbx: FakePbx) -> None:
    async with client_for(pbx) as client:
        await client.authorize()
        pbx.fail("/rest/users", status=503, times=100, text="maintenance")
        with pytest.raises(ServerError, match="maintenance") as caught:
            await client.users.list()
        assert caught.value.status == 503
        pbx.faults.clear()
        pbx.fail("/rest/users", exception=httpx.ConnectTimeout, times=100)
        with pytest.raises(TransportError, match="timed out"):
            await client.users.list()
    assert requests_to(pbx, "/rest/users") == 6


async def test_a_500_is_not_retried(pbx: FakePbx) -> None:
    async with client_for(pbx) as client:
        await client.authorize()
        pbx.fail("/rest/users", status=500, times=5)
        with pytest.raises(ServerError):
            await client.users.list()
    assert requests_to(pbx, "/rest/users") == 1


@pytest.mark.parametrize(("path", "name", "call"), WRITES, ids=[w[1] for w in WRITES])
@pytest.mark.parametrize(
    ("status", "exception"), [(503, None), (502, None), (None, httpx.ReadTimeout)]
)
async def test_writes_are_never_retried(
    pbx: FakePbx,
    path: str,
    name: str,
    call: Call,
    status: int | None,
    exception: type[httpx.TransportError] | None,
) -> None:
    async with client_for(pbx) as client:
        await client.authorize()
        pbx.fail(path, status=status, exception=exception, times=5)
        with pytest.raises(TransportError if exception else ServerError):
            await call(client)
    assert requests_to(pbx, path) == 1


async def test_downloads_are_retried(pbx: FakePbx, tmp_path: Path) -> None:
    path = f"/rest/public/calls/{CALL_UUID}/audio"
    pbx.fail(path, status=503, times=1)
    pbx.fail(path, exception=httpx.ReadError, times=1)
    async with client_for(pbx) as client:
        await client.recordings.download(CALL_UUID, tmp_path / "a.wav")
    assert requests_to(pbx, path) == 3
    assert (tmp_path / "a.wav").stat().st_size == 1004


async def test_retry_never_policy(pbx: FakePbx) -> None:
    async with client_for(pbx, RetryPolicy.never()) as client:
        await client.authorize()
        pbx.fail("/rest/users", status=503, times=5)
        with pytest.raises(ServerError):
            await client.users.list()
    assert requests_to(pbx, "/rest/users") == 1


async def test_retry_after_is_honoured_within_the_cap(
    pbx: FakePbx, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr("vega_desktop.api.connection.asyncio.sleep", fake_sleep)
    pbx.on(
        "GET",
        "/rest/users",
        lambda request: httpx.Response(503, headers={"Retry-After": "120"}),
    )
    policy = RetryPolicy(attempts=3, base_delay=0.5, max_delay=4.0)
    async with client_for(pbx, policy) as client:
        await client.authorize()
        with pytest.raises(ServerError):
            await client.users.list()
    assert waits == [4.0, 4.0]


async def test_backoff_waits_grow(pbx: FakePbx, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr("vega_desktop.api.connection.asyncio.sleep", fake_sleep)
    pbx.fail("/rest/users", exception=httpx.ConnectError, times=10)
    policy = RetryPolicy(attempts=4, base_delay=1.0, max_delay=3.0, jitter=0.0)
    async with client_for(pbx, policy) as client:
        with pytest.raises(TransportError):
            await client.users.list()
    assert waits == [1.0, 2.0, 3.0]
