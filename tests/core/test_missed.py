"""The missed-call queue against the simulated PBX (on a manual clock), through the real client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio

from vega_desktop.api import (
    Direction,
    Disposition,
    EntityType,
    HistoryRecord,
    Leg,
    RetryPolicy,
    ServerError,
    VegaClient,
    VegaError,
)
from vega_desktop.core.caller import CallerInfo, CallerLookup
from vega_desktop.core.missed import MissedQueue, MissedRow, Scope, group_missed
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, ManualClock, SimulatedPbx, create_app

from .conftest import requests_to

START = datetime(2025, 3, 14, 10, 30, tzinfo=UTC)
CALLER = "+380671112233"  # not in the demo CRM
OWN = "001"


@pytest.fixture
def pbx() -> SimulatedPbx:
    return SimulatedPbx(seed=3, clock=ManualClock(START))


@pytest_asyncio.fixture
async def client(pbx: SimulatedPbx) -> AsyncIterator[VegaClient]:
    transport = httpx.ASGITransport(app=create_app(pbx))
    async with VegaClient(
        domain=DEMO_DOMAIN,
        api_key=DEMO_API_KEY,
        server="http://pbx.test",
        transport=transport,
        retry=RetryPolicy.never(),
    ) as vega:
        yield vega


class Events:
    """Everything a queue reported, in order."""

    def __init__(self, queue: MissedQueue) -> None:
        self.added: list[MissedRow] = []
        self.removed: list[MissedRow] = []
        self.changed: list[MissedRow] = []
        self.new: list[tuple[MissedRow, HistoryRecord]] = []
        self.failed: list[VegaError] = []
        queue.row_added.connect(self.added.append)
        queue.row_removed.connect(self.removed.append)
        queue.rows_changed.connect(self.changed.extend)
        queue.new_missed.connect(lambda row, record: self.new.append((row, record)))
        queue.refresh_failed.connect(self.failed.append)

    def clear(self) -> None:
        for seen in (self.added, self.removed, self.changed, self.new, self.failed):
            seen.clear()


def make_queue(pbx: SimulatedPbx, client: VegaClient, **kwargs: object) -> MissedQueue:
    async def dial(number: str) -> str:
        return await client.calls.make_call(OWN, number)

    return MissedQueue(
        client.history,
        own_ext=OWN,
        dial=dial,
        now=lambda: datetime.fromtimestamp(pbx.now(), UTC),
        **kwargs,  # type: ignore[arg-type]
    )


def miss(
    pbx: SimulatedPbx,
    number: str = CALLER,
    *,
    ext: str | None = None,
    group: str | None = None,
    trunk: str | None = None,
) -> str:
    """An incoming call that rings for a while and is not answered."""
    uuid = pbx.start_call("incoming", number=number, ext=ext, group=group, trunk=trunk)
    pbx.advance(20)
    pbx.end_call(uuid)
    pbx.advance(5)
    return uuid


@pytest.mark.asyncio
async def test_first_load_groups_by_number_and_notifies_nothing(
    pbx: SimulatedPbx, client: VegaClient
) -> None:
    queue = make_queue(pbx, client)
    events = Events(queue)
    assert await queue.refresh()

    now = pbx.now() * 1000
    raw = pbx.missed_history(int(now - 7 * 86_400_000), int(now), limit=50)
    listed = await client.history.missed(
        datetime.fromtimestamp(pbx.now(), UTC) - timedelta(days=7),
        datetime.fromtimestamp(pbx.now(), UTC),
    )
    assert len(raw) == len(listed) < 50  # one page: the comparison below sees every record
    numbers = {r.other_leg_num for r in listed}
    assert {row.number for row in queue.rows} == numbers
    for row in queue.rows:
        mine = [r for r in listed if r.other_leg_num == row.number]
        assert row.attempts == len(mine)
        assert row.last_at == max(r.end_at for r in mine if r.end_at)
        assert row.first_at == min(r.end_at for r in mine if r.end_at)
    times = [row.last_at or START for row in queue.rows]
    assert times == sorted(times, reverse=True)
    assert len(events.added) == len(numbers)
    assert events.new == []
    assert queue.loaded
    assert queue.count() == len(numbers)


@pytest.mark.asyncio
async def test_queue_clears_after_an_answered_call_back(
    pbx: SimulatedPbx, client: VegaClient
) -> None:
    queue = make_queue(pbx, client)
    events = Events(queue)
    await queue.refresh()
    before = len(queue.rows)
    events.clear()

    first = miss(pbx, trunk="+380442246595")
    await queue.refresh()
    assert [row.number for row in events.added] == [CALLER]
    row = queue.row(CALLER)
    assert row is not None
    assert row.attempts == 1
    assert row.name is None  # otherLegName is just the number again
    assert row.lines == ("+380442246595",)
    assert row.target is not None
    assert row.target.ext == OWN
    assert row.concerns(Scope.MINE, OWN)
    assert [(r.number, rec.uuid) for r, rec in events.new] == [(CALLER, first)]
    assert events.new[0][1].direction is Direction.INCOMING

    events.clear()
    second = miss(pbx)
    await queue.refresh()
    assert events.added == []
    assert [r.attempts for r in events.changed] == [2]
    assert [rec.uuid for _, rec in events.new] == [second]
    row = queue.row(CALLER)
    assert row is not None
    assert row.first_at is not None
    assert row.last_at is not None
    assert row.last_at > row.first_at
    assert [r.uuid for r in row.records] == [second, first]

    events.clear()
    await queue.refresh()  # nothing new: nothing reported
    assert (events.added, events.removed, events.changed, events.new) == ([], [], [], [])

    await queue.call_back(CALLER)
    body = requests_to(pbx, "/rest/user/makeCall")[-1]["json"]
    assert body == {"legExt": OWN, "otherLegNum": CALLER}
    await queue.refresh()  # still ringing: the PBX still lists the caller
    assert queue.row(CALLER) is not None
    pbx.advance(pbx.answer_delay + 30)  # answered, talking
    pbx.advance(120)  # and hung up
    await queue.refresh()
    assert [r.number for r in events.removed] == [CALLER]
    assert queue.row(CALLER) is None
    assert len(queue.rows) == before
    assert events.new == []


@pytest.mark.asyncio
async def test_scopes_follow_what_the_call_rang(pbx: SimulatedPbx, client: VegaClient) -> None:
    queue = make_queue(pbx, client)
    await queue.refresh()
    miss(pbx, "+380671112233")  # the operator
    miss(pbx, "+380671112244", group="200")  # a ring group with the operator in it
    miss(pbx, "+380671112255", ext="004")  # a colleague
    await queue.refresh()
    group_row = queue.row("+380671112244")
    assert group_row is not None
    assert group_row.target is not None
    assert group_row.target.type is EntityType.GROUP
    mine = {r.number for r in queue.rows_for(Scope.MINE)}
    group = {r.number for r in queue.rows_for(Scope.MY_GROUP)}
    everyone = {r.number for r in queue.rows_for(Scope.EVERYONE)}
    assert "+380671112233" in mine
    assert "+380671112244" not in mine
    assert {"+380671112233", "+380671112244"} <= group
    assert "+380671112255" not in group
    assert {"+380671112233", "+380671112244", "+380671112255"} <= everyone
    assert queue.count(Scope.MINE) == len(mine) <= queue.count(Scope.MY_GROUP)


@pytest.mark.asyncio
async def test_a_failed_refresh_keeps_the_rows(pbx: SimulatedPbx, client: VegaClient) -> None:
    queue = make_queue(pbx, client)
    events = Events(queue)
    await queue.refresh()
    rows = queue.rows
    events.clear()
    pbx.add_fault("500", "/rest/calls/missed.api")
    assert not await queue.refresh()
    assert queue.rows == rows
    assert isinstance(queue.error, ServerError)
    assert len(events.failed) == 1
    assert (events.added, events.removed) == ([], [])
    assert await queue.refresh()
    assert queue.error is None


@pytest.mark.asyncio
async def test_concurrent_refreshes_share_one_fetch(pbx: SimulatedPbx, client: VegaClient) -> None:
    queue = make_queue(pbx, client)
    pbx.clear_request_log()
    await asyncio.gather(queue.refresh(), queue.refresh(), queue.refresh())
    assert len(requests_to(pbx, "/rest/calls/missed.api")) == 1


@pytest.mark.asyncio
async def test_crm_names_and_companies_are_added(pbx: SimulatedPbx, client: VegaClient) -> None:
    contact = pbx.world.contacts[7001]
    phone = next(f for f in contact.fields if f.enum_code == "Телефон").values[0].value
    lookup = CallerLookup(client)
    queue = make_queue(pbx, client, lookup=lookup.lookup)
    await queue.refresh()
    events = Events(queue)
    miss(pbx, phone)
    await queue.refresh()
    row = next(r for r in queue.rows if r.contact_id == contact.id)
    assert row.name == "Олександр Гнатюк"
    assert row.company == (contact.company() or None)
    assert any(r.contact_id == contact.id for r in events.changed)
    asked = len(requests_to(pbx, "/crm/contacts/v2/searchByOLNum"))
    await queue.refresh()  # numbers already asked about are not asked again
    assert len(requests_to(pbx, "/crm/contacts/v2/searchByOLNum")) == asked


@pytest.mark.asyncio
async def test_a_failed_lookup_is_asked_again(pbx: SimulatedPbx, client: VegaClient) -> None:
    asked: list[str] = []

    async def lookup(number: str) -> CallerInfo:
        asked.append(number)
        return CallerInfo(number=number, error=ServerError("down", status=500))

    queue = make_queue(pbx, client, lookup=lookup)
    await queue.refresh()
    first = len(asked)
    await queue.refresh()
    assert first == len(queue.rows) > 0
    assert len(asked) == 2 * first


def record(uuid: str, number: str | None, minutes: int, name: str | None = None) -> HistoryRecord:
    return HistoryRecord(
        uuid=uuid * 32,
        parent_uuid=None,
        end_at=START + timedelta(minutes=minutes),
        direction=Direction.INCOMING,
        other_leg_num=number,
        other_leg_name=name,
        leg=Leg(id=1, ext="100", display_name="Продажі", type=EntityType.GROUP),
        leg2=None,
        bill_secs=0,
        duration=20,
        disposition=Disposition.NO_ANSWER,
        transfer_history=(),
        audio_url=None,
        trunks=("+380442246595",),
    )


def test_grouping_keeps_real_names_and_drops_numberless_records() -> None:
    rows = group_missed(
        [
            record("a", "+380671234567", 1, "+380 67 123 45 67"),
            record("b", "+380671234567", 5, "Олена, «Світанок»"),
            record("c", None, 3, None),
            record("d", "+380501112233", 2, "0501112233"),
        ]
    )
    assert set(rows) == {"+380671234567", "+380501112233"}
    olena = rows["+380671234567"]
    assert olena.name == "Олена, «Світанок»"
    assert olena.attempts == 2
    assert olena.label == "Олена, «Світанок»"
    assert [r.uuid[0] for r in olena.records] == ["b", "a"]
    assert olena.lines == ("+380442246595",)
    assert len(olena.targets) == 1
    assert rows["+380501112233"].name is None
    assert rows["+380501112233"].label == "+380501112233"
    assert olena.concerns(Scope.MY_GROUP, "001")
    assert not olena.concerns(Scope.MINE, "001")
    assert not olena.concerns(Scope.MINE, None)
