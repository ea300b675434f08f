"""The PBX client against the simulated PBX: in process (ASGI) and over a real loopback socket.

Every endpoint, a session expiring mid-run, concurrent requests during re-authorization, paging
across exactly full pages, and every fault the simulated PBX can inject.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from vega_desktop.api import (
    AuthError,
    Contact,
    ContactField,
    Direction,
    Disposition,
    FieldValue,
    NotFound,
    ProtocolError,
    RetryPolicy,
    ServerError,
    TransportError,
    VegaClient,
)
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, DemoServer, SimulatedPbx, create_app

WEEK = timedelta(days=8)


@pytest.fixture(params=["asgi", "loopback"])
def where(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def pbx() -> SimulatedPbx:
    return SimulatedPbx(seed=5, answer_delay=0.2)


@pytest.fixture
def server_url(where: str, pbx: SimulatedPbx) -> Iterator[str | None]:
    if where == "asgi":
        yield None
        return
    with DemoServer(pbx) as server:
        yield server.url


def make_client(
    pbx: SimulatedPbx, server_url: str | None, *, key: str = DEMO_API_KEY, **kwargs: Any
) -> VegaClient:
    if server_url is None:
        return VegaClient(
            domain=DEMO_DOMAIN,
            api_key=key,
            server="http://pbx.test",
            transport=httpx.ASGITransport(app=create_app(pbx)),
            **kwargs,
        )
    return VegaClient(domain=DEMO_DOMAIN, api_key=key, server=server_url, **kwargs)


@pytest_asyncio.fixture
async def vega(pbx: SimulatedPbx, server_url: str | None) -> AsyncIterator[VegaClient]:
    async with make_client(pbx, server_url) as client:
        yield client


def logged(pbx: SimulatedPbx, path: str) -> list[dict[str, Any]]:
    return [e for e in pbx.request_log() if str(e.get("path", "")).startswith(path)]


async def settled(pbx: SimulatedPbx) -> None:
    """Let the server thread log the requests it has just answered (it logs after sending)."""
    while True:
        before = len(pbx.request_log())
        await asyncio.sleep(0.05)
        if len(pbx.request_log()) == before:
            return


async def wait_until(predicate: Any, limit: float = 5.0) -> None:
    async def loop() -> None:
        while not await predicate():  # noqa: ASYNC110 - polling the PBX is the behaviour under test
            await asyncio.sleep(0.05)

    await asyncio.wait_for(loop(), limit)


# --- calls -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_make_call_rings_is_answered_and_hangs_up_into_history(
    pbx: SimulatedPbx, vega: VegaClient
) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    uuid = await vega.calls.make_call(ext="001", number="+380 67 123 45 67")
    assert len(uuid) == 32
    call = next(c for c in await vega.calls.active() if c.uuid == uuid)
    assert call.direction is Direction.OUTGOING
    assert call.leg is not None
    assert call.leg.ext == "001"
    assert not call.answered  # the operator's own phone rings first

    async def answered() -> bool:
        return any(c.uuid == uuid and c.answered for c in await vega.calls.active())

    await wait_until(answered)
    await vega.calls.hangup(uuid)
    assert all(c.uuid != uuid for c in await vega.calls.active())
    history = [
        r
        async for r in vega.history.iter_company(started, datetime.now(UTC) + timedelta(seconds=5))
    ]
    record = next(r for r in history if r.uuid == uuid)
    assert record.disposition is Disposition.ANSWERED
    assert record.other_leg_num == "+380671234567"
    assert record.direction is Direction.OUTGOING


@pytest.mark.asyncio
async def test_incoming_call_from_control_shows_in_active_calls_with_crm_data(
    pbx: SimulatedPbx, vega: VegaClient
) -> None:
    contact = pbx.world.contacts[7001]
    phone = next(f for f in contact.fields if f.enum_code == "Телефон").values[0].value
    uuid = pbx.start_call("incoming", number=phone, ext="001")
    call = next(c for c in await vega.calls.active() if c.uuid == uuid)
    assert call.direction is Direction.INCOMING
    assert call.dial_at is not None
    assert abs((datetime.now(UTC) - call.dial_at).total_seconds()) < 5  # seconds on the wire
    assert call.other_legs
    assert call.other_legs[0].num == phone
    assert call.other_legs[0].name
    with pytest.raises(NotFound):
        await vega.calls.hangup("0" * 32)


# --- history ---------------------------------------------------------------------------------


def window_with_exactly(pbx: SimulatedPbx, count: int) -> tuple[datetime, datetime]:
    ends = sorted((r.end_at for r in pbx.history_records() if r.in_company), reverse=True)
    assert len(ends) > count
    assert ends[count - 1] != ends[count]
    return (
        datetime.fromtimestamp(ends[count - 1], UTC),
        datetime.fromtimestamp(ends[0], UTC) + timedelta(seconds=1),
    )


@pytest.mark.parametrize("count", [50, 100])
@pytest.mark.asyncio
async def test_paging_across_exactly_full_pages(
    pbx: SimulatedPbx, vega: VegaClient, count: int
) -> None:
    time_from, time_to = window_with_exactly(pbx, count)
    records = [r async for r in vega.history.iter_company(time_from, time_to)]
    assert len(records) == count
    assert len({r.uuid for r in records}) == count
    expected = [str(i * 50) for i in range(count // 50 + 1)]

    async def all_logged() -> bool:  # the server thread logs each page just after sending it
        return len(logged(pbx, "/rest/calls/company.api")) >= len(expected)

    await wait_until(all_logged)
    pages = logged(pbx, "/rest/calls/company.api")
    assert [p["query"].get("offset") for p in pages] == expected


@pytest.mark.asyncio
async def test_history_filters_and_missed(pbx: SimulatedPbx, vega: VegaClient) -> None:
    now = datetime.now(UTC) + timedelta(minutes=1)
    incoming = [
        r async for r in vega.history.iter_company(now - WEEK, now, directions=[Direction.INCOMING])
    ]
    assert incoming
    assert all(r.direction is Direction.INCOMING for r in incoming)
    both = [
        r
        async for r in vega.history.iter_company(
            now - WEEK, now, directions=[Direction.INCOMING, Direction.OUTGOING]
        )
    ]
    assert {r.direction for r in both} == {Direction.INCOMING, Direction.OUTGOING}
    missed = [r async for r in vega.history.iter_missed(now - WEEK, now)]
    assert missed
    assert all(r.direction is Direction.INCOMING and not r.answered for r in missed)
    users = [r async for r in vega.history.iter_by_users(now - WEEK, now)]
    assert users
    # the PBX's dashed history uuids arrive normalised
    assert all(len(r.uuid) == 32 and "-" not in r.uuid for r in users)


# --- users, contacts and notes ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_users_and_every_crm_endpoint(pbx: SimulatedPbx, vega: VegaClient) -> None:
    users = await vega.users.list()
    assert {"001", "002"} <= {u.ext for u in users}

    contact = await vega.contacts.get(7001)
    assert contact.display_name == "Олександр Гнатюк"
    found = await vega.contacts.list(search_text="Гнатюк")
    assert [c.id for c in found] == [7001]
    national = "0" + contact.phones[0][4:]
    assert [c.id for c in await vega.contacts.by_number(national)] == [7001]
    page = await vega.contacts.list(limit=5, offset=5)
    assert len(page) == 5

    renamed = Contact(
        id=contact.id,
        first_name=contact.first_name,
        last_name=contact.last_name,
        company_title="ТОВ «Нова назва»",
        responsible_user_id=contact.responsible_user_id,
        fields=contact.fields,
    )
    await vega.contacts.update(renamed)
    assert (await vega.contacts.get(7001)).company == "ТОВ «Нова назва»"

    new = Contact(
        id=None,
        fields=(
            ContactField(id=None, enum_code="Ім'я", values=(FieldValue(None, "Ім'я", "Марта"),)),
            ContactField(
                id=None,
                enum_code="Телефон",
                values=(FieldValue(None, "Мобільний", "+380501112233"),),
            ),
        ),
    )
    result = await vega.contacts.batch([new], merge=True)
    assert (result.succeeded, result.failed) == (1, 0)
    created = await vega.contacts.by_number("+380501112233")
    assert [c.display_name for c in created] == ["Марта"]
    marta = created[0].id
    assert marta is not None

    note = await vega.notes.create(marta, "Перший дзвінок: цікавиться тарифами")
    assert note.id is not None
    await vega.notes.update(marta, type(note)(id=note.id, contact_id=marta, content="Оновлено"))
    assert [n.content for n in await vega.notes.list(marta)] == ["Оновлено"]
    await vega.notes.delete(marta, note.id)
    assert await vega.notes.list(marta) == []

    await vega.contacts.delete(marta)
    with pytest.raises(NotFound):
        await vega.contacts.get(marta)


# --- recordings ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_recording_downloads_with_progress(
    pbx: SimulatedPbx, vega: VegaClient, tmp_path: Path
) -> None:
    now = datetime.now(UTC) + timedelta(minutes=1)
    recorded = None
    async for record in vega.history.iter_company(now - WEEK, now):
        if record.audio_url is not None:
            recorded = record
            break
    assert recorded is not None
    seen: list[tuple[int, int | None]] = []
    dest = await vega.recordings.download(
        recorded.uuid,
        tmp_path / "call.wav",
        progress=lambda done, total: seen.append((done, total)),
    )
    data = dest.read_bytes()
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WAVE"
    assert seen
    assert seen[-1][0] == len(data)
    with pytest.raises(NotFound):
        await vega.recordings.download("f" * 32, tmp_path / "none.wav")
    assert not (tmp_path / "none.wav").exists()


# --- session -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_session_expiry_mid_run_reauthorizes_once_for_concurrent_requests(
    pbx: SimulatedPbx, vega: VegaClient
) -> None:
    await vega.calls.active()
    await settled(pbx)
    assert len(logged(pbx, "/rest/security/authorize")) == 1
    pbx.expire_sessions()
    results = await asyncio.gather(*(vega.calls.active() for _ in range(10)), vega.users.list())
    assert len(results) == 11
    await settled(pbx)
    assert len(logged(pbx, "/rest/security/authorize")) == 2
    forbidden = [e for e in pbx.request_log() if e.get("status") == 403]
    assert 1 <= len(forbidden) <= 11


@pytest.mark.asyncio
async def test_wrong_key_is_an_auth_error_without_a_storm(
    pbx: SimulatedPbx, server_url: str | None
) -> None:
    async with make_client(pbx, server_url, key="not-the-key") as vega:
        with pytest.raises(AuthError) as caught:
            await vega.calls.active()
    assert "not-the-key" not in repr(caught.value)
    assert "not-the-key" not in str(caught.value)
    await settled(pbx)
    assert len(logged(pbx, "/rest/security/authorize")) == 1
    assert logged(pbx, "/rest/calls/active") == []


# --- faults ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_server_error_surfaces_and_the_next_request_recovers(
    pbx: SimulatedPbx, vega: VegaClient
) -> None:
    pbx.add_fault("500", "/rest/calls/active", count=1)
    with pytest.raises(ServerError) as caught:
        await vega.calls.active()
    assert caught.value.status == 500
    assert isinstance(await vega.calls.active(), list)


@pytest.mark.asyncio
async def test_invalid_json_is_a_protocol_error(pbx: SimulatedPbx, vega: VegaClient) -> None:
    pbx.add_fault("invalid_json", "/rest/users", count=1)
    with pytest.raises(ProtocolError):
        await vega.users.list()
    assert await vega.users.list()


@pytest.mark.asyncio
async def test_dropped_connection_is_retried_for_reads(pbx: SimulatedPbx, vega: VegaClient) -> None:
    pbx.add_fault("drop", "/rest/calls/active", count=1)
    assert isinstance(await vega.calls.active(), list)  # a safe read is retried
    pbx.add_fault("drop", "/rest/calls/active", count=20)
    with pytest.raises(TransportError):
        await vega.calls.active()


@pytest.mark.asyncio
async def test_make_call_is_never_repeated(pbx: SimulatedPbx, vega: VegaClient) -> None:
    await vega.calls.active()
    pbx.add_fault("drop", "/rest/user/makeCall", count=1)
    with pytest.raises(TransportError):
        await vega.calls.make_call(ext="001", number="+380671234567")

    async def logged_once() -> bool:  # the server thread may log just after the client gave up
        return len(logged(pbx, "/rest/user/makeCall")) >= 1

    await wait_until(logged_once)
    await asyncio.sleep(0.3)  # time enough for a (wrong) repeat to arrive
    assert len(logged(pbx, "/rest/user/makeCall")) == 1


@pytest.mark.asyncio
async def test_a_stalled_answer_times_out_over_the_socket() -> None:
    # ASGITransport applies no timeouts, so this one is over loopback only
    pbx = SimulatedPbx(seed=5)
    pbx.add_fault("stall", "/rest/users", count=5, seconds=3)
    with DemoServer(pbx) as server:
        vega = make_client(pbx, server.url, timeout=0.3, retry=RetryPolicy(attempts=1))
        async with vega:
            await vega.authorize()
            started = asyncio.get_running_loop().time()
            with pytest.raises(TransportError):
                await vega.users.list()
            assert asyncio.get_running_loop().time() - started < 2.5
