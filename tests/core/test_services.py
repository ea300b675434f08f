"""Caller lookup, note outbox and dialer: the real client against the simulated PBX."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from vega_desktop.api import Direction, VegaClient
from vega_desktop.api.phone import InvalidNumber
from vega_desktop.core.caller import (
    KNOWN_TTL,
    UNKNOWN_TTL,
    CallerLookup,
    HistoryCache,
    UserDirectory,
)
from vega_desktop.core.dialer import CandidateKind, Dialer
from vega_desktop.core.outbox import Delivery, NoteOutbox, NoteSender
from vega_desktop.demo import SimulatedPbx

from .conftest import requests_to


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def known_contact(pbx: SimulatedPbx) -> tuple[int, str]:
    contact = pbx.world.contacts[7001]
    phone = next(f for f in contact.fields if f.enum_code == "Телефон").values[0].value
    return contact.id, phone


# --- caller lookup ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_lookup_finds_contact_notes_and_recent_calls(
    pbx: SimulatedPbx, client: VegaClient
) -> None:
    contact_id, phone = known_contact(pbx)
    lookup = CallerLookup(client)
    info = await lookup.lookup(phone)
    assert info.known
    assert info.contact is not None
    assert info.contact.id == contact_id
    assert info.contact.display_name == "Олександр Гнатюк"
    assert info.error is None
    assert all(r.other_leg_num == phone for r in info.recent_calls)


@pytest.mark.asyncio
async def test_lookup_cache_times_follow_the_pbx(pbx: SimulatedPbx, client: VegaClient) -> None:
    clock = FakeClock()
    lookup = CallerLookup(client, clock=clock)
    _, known = known_contact(pbx)
    unknown = "+380671112233"
    await lookup.lookup(known)
    await lookup.lookup(unknown)
    searches = len(requests_to(pbx, "/crm/contacts/v2/searchByOLNum"))
    assert searches == 2

    clock.now += UNKNOWN_TTL - 1
    await lookup.lookup(known)
    await lookup.lookup(unknown)
    assert len(requests_to(pbx, "/crm/contacts/v2/searchByOLNum")) == 2  # both still cached

    clock.now += 2  # an unknown number expires after about a minute
    await lookup.lookup(unknown)
    await lookup.lookup(known)
    assert len(requests_to(pbx, "/crm/contacts/v2/searchByOLNum")) == 3

    clock.now += KNOWN_TTL  # a known one after five
    await lookup.lookup(known)
    assert len(requests_to(pbx, "/crm/contacts/v2/searchByOLNum")) == 4


@pytest.mark.asyncio
async def test_concurrent_lookups_share_one_request(pbx: SimulatedPbx, client: VegaClient) -> None:
    _, phone = known_contact(pbx)
    lookup = CallerLookup(client)
    results = await asyncio.gather(*(lookup.lookup(phone) for _ in range(10)))
    assert len({id(r) for r in results}) == 1
    assert len(requests_to(pbx, "/crm/contacts/v2/searchByOLNum")) == 1
    # and one slice of history serves every popup
    assert len(requests_to(pbx, "/rest/calls/company.api")) >= 1
    await lookup.lookup("+380671112233")
    history_requests = len(requests_to(pbx, "/rest/calls/company.api"))
    await lookup.lookup("+380671112244")
    assert len(requests_to(pbx, "/rest/calls/company.api")) == history_requests


@pytest.mark.asyncio
async def test_lookup_failure_is_reported_not_cached(pbx: SimulatedPbx, client: VegaClient) -> None:
    _, phone = known_contact(pbx)
    lookup = CallerLookup(client)
    pbx.add_fault("500", "/crm/contacts/v2/searchByOLNum", count=1)
    info = await lookup.lookup(phone)
    assert info.error is not None
    assert not info.known
    info = await lookup.lookup(phone)
    assert info.known
    assert info.error is None


@pytest.mark.asyncio
async def test_history_cache_keeps_serving_when_the_pbx_fails(
    pbx: SimulatedPbx, client: VegaClient
) -> None:
    clock = FakeClock()
    cache = HistoryCache(client, clock=clock)
    first = await cache.records()
    assert first
    clock.now += 1000
    pbx.add_fault("500", "/rest/calls/company.api", count=5)
    assert await cache.records() == first
    recent = await cache.recent_numbers(10)
    assert len({r.other_leg_num for r in recent}) == len(recent)


# --- the note outbox -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_note_is_sent_and_the_outbox_emptied(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    contact_id, phone = known_contact(pbx)
    outbox = NoteOutbox(tmp_path / "outbox.json")
    sender = NoteSender(client, outbox)
    result = await sender.submit("Передзвонити після обіду", contact_id=contact_id, number=phone)
    assert result.delivery is Delivery.SENT
    assert result.note is not None
    assert result.note.id is not None
    assert outbox.pending == ()
    assert "Передзвонити після обіду" in [n.content for n in await client.notes.list(contact_id)]


@pytest.mark.asyncio
async def test_note_typed_while_the_pbx_is_down_survives_a_restart(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    contact_id, phone = known_contact(pbx)
    path = tmp_path / "outbox.json"
    sender = NoteSender(client, NoteOutbox(path))
    pbx.add_fault("drop", "/crm/contacts/v2", count=50)
    result = await sender.submit("Клієнт просить рахунок", contact_id=contact_id, number=phone)
    assert result.delivery is Delivery.QUEUED
    assert result.error is not None
    # it is on disk, in plain JSON, before anything else happens
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert [item["text"] for item in on_disk] == ["Клієнт просить рахунок"]
    assert on_disk[0]["attempts"] == 1

    # "restart": a new outbox and sender over the same file, the PBX is back
    pbx.clear_faults()
    outbox = NoteOutbox(path)
    await outbox.load()
    assert [p.text for p in outbox.pending] == ["Клієнт просить рахунок"]
    sender = NoteSender(client, outbox)
    assert await sender.flush() == 1
    assert outbox.pending == ()
    assert json.loads(path.read_text(encoding="utf-8")) == []
    assert "Клієнт просить рахунок" in [n.content for n in await client.notes.list(contact_id)]


@pytest.mark.asyncio
async def test_note_for_an_unknown_caller_creates_the_contact(
    client: VegaClient, tmp_path: Path
) -> None:
    number = "+380671234567"
    assert await client.contacts.by_number(number) == []
    sender = NoteSender(client, NoteOutbox(tmp_path / "outbox.json"))
    result = await sender.submit(
        "Новий клієнт, цікавиться доставкою", contact_id=None, number=number
    )
    assert result.delivery is Delivery.SENT
    found = await client.contacts.by_number(number)
    assert len(found) == 1
    assert found[0].id == result.contact_id
    assert number in found[0].phones
    notes = await client.notes.list(found[0].id or 0)
    assert [n.content for n in notes] == ["Новий клієнт, цікавиться доставкою"]


@pytest.mark.asyncio
async def test_flush_stops_at_the_first_unreachable_answer(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    contact_id, phone = known_contact(pbx)
    outbox = NoteOutbox(tmp_path / "outbox.json")
    sender = NoteSender(client, outbox)
    pbx.add_fault("500", "/crm/contacts/v2", count=100)
    for text in ("перша", "друга", "третя"):
        await sender.submit(text, contact_id=contact_id, number=phone)
    before = len(requests_to(pbx, "/crm/contacts/v2"))
    assert await sender.flush() == 0
    assert len(requests_to(pbx, "/crm/contacts/v2")) == before + 1  # no storm
    assert [p.text for p in outbox.pending] == ["перша", "друга", "третя"]


@pytest.mark.asyncio
async def test_corrupt_outbox_is_kept_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    path.write_text("{not json", encoding="utf-8")
    outbox = NoteOutbox(path)
    await outbox.load()
    assert outbox.pending == ()
    kept = sorted(tmp_path.glob("outbox.broken-*"))  # noqa: ASYNC240 - a test's own folder
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "{not json"


@pytest.mark.asyncio
async def test_empty_note_is_refused(client: VegaClient, tmp_path: Path) -> None:
    sender = NoteSender(client, NoteOutbox(tmp_path / "o.json"))
    with pytest.raises(ValueError, match="empty"):
        await sender.submit("   ", contact_id=1, number=None)


# --- the dialer ------------------------------------------------------------------------------


def make_dialer(client: VegaClient) -> Dialer:
    return Dialer(client=client, users=UserDirectory(client), history=HistoryCache(client))


@pytest.mark.asyncio
async def test_search_finds_colleagues_by_name_and_extension(client: VegaClient) -> None:
    dialer = make_dialer(client)
    by_name = await dialer.search("Петро")
    assert any(c.kind is CandidateKind.COLLEAGUE and c.number == "002" for c in by_name)
    by_ext = await dialer.search("00")
    assert {c.number for c in by_ext if c.kind is CandidateKind.COLLEAGUE} >= {"001", "002"}


@pytest.mark.asyncio
async def test_search_finds_crm_contacts_by_name_and_number(
    pbx: SimulatedPbx, client: VegaClient
) -> None:
    dialer = make_dialer(client)
    _, phone = known_contact(pbx)
    by_name = await dialer.search("Гнатюк")
    assert any(c.kind is CandidateKind.CONTACT and c.number == phone for c in by_name)
    national = "0" + phone[4:]
    by_number = await dialer.search(national)
    # the typed number is someone known: that contact is the first row
    assert by_number[0].number == phone
    assert by_number[0].kind is CandidateKind.CONTACT
    assert by_number[0].label == "Олександр Гнатюк"
    assert len([c for c in by_number if c.number == phone]) == 1
    fresh = await dialer.search("067 000 11 22")
    assert fresh[0].kind is CandidateKind.TYPED
    assert fresh[0].number == "+380670001122"


@pytest.mark.asyncio
async def test_empty_search_offers_recent_numbers(client: VegaClient) -> None:
    recent = await make_dialer(client).search("")
    assert recent
    assert all(c.kind is CandidateKind.RECENT for c in recent)
    assert len({c.number for c in recent}) == len(recent)


@pytest.mark.asyncio
async def test_dial_normalises_and_sends_the_operators_extension(
    pbx: SimulatedPbx, client: VegaClient
) -> None:
    dialer = make_dialer(client)
    uuid = await dialer.dial("067 123 45 67", ext="001")
    body = requests_to(pbx, "/rest/user/makeCall", "POST")[-1]["json"]
    assert body == {"legExt": "001", "otherLegNum": "+380671234567"}
    calls = await client.calls.active()
    mine = next(c for c in calls if c.uuid == uuid)
    assert mine.direction is Direction.OUTGOING
    assert mine.leg is not None
    assert mine.leg.ext == "001"


@pytest.mark.asyncio
async def test_dial_refuses_what_is_not_a_number(pbx: SimulatedPbx, client: VegaClient) -> None:
    with pytest.raises(InvalidNumber):
        await make_dialer(client).dial("подзвони мені", ext="001")
    assert requests_to(pbx, "/rest/user/makeCall") == []


@pytest.mark.asyncio
async def test_search_survives_a_crm_failure(pbx: SimulatedPbx, client: VegaClient) -> None:
    pbx.add_fault("500", "/crm/", count=10)
    found = await make_dialer(client).search("Петро")
    assert any(c.kind is CandidateKind.COLLEAGUE for c in found)
