"""Part A: call events, de-duplication, the contact lookup and the UTM push."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.api import samples
from vega_desktop.api import CallEvent, Direction, Leg, ProtocolError
from vega_desktop.api.webhooks import (
    ADD_CONTACT_TEXT,
    CallSettingsKind,
    CallSettingsRequest,
    CallSettingsResponse,
    EventDeduplicator,
    UtmRecord,
    parse_call_event,
    parse_utm_push,
    source_allowed,
)

# --------------------------------------------------------------------------- call events


def test_call_event_example() -> None:
    event = parse_call_event(samples.event())
    assert event.uuid == "47a968893984475b8c20e29dec144ce1"
    assert event.parent_uuid is None
    assert event.direction is Direction.OUTGOING
    assert event.leg == Leg(id=36, ext="001", display_name="Іван Іванов")
    assert event.leg2 is None
    assert event.bridge_at is None
    assert event.trunk_num == "+380442246595"
    assert event.trunk_name == "www.pbx.vega.ua"
    assert event.other_legs[0].company_name == "Тестова компанія"
    assert event.other_number == "+380000000000"


def test_the_life_of_a_call_in_events() -> None:
    dial = samples.event()
    bridge = dial | {"event": "call.bridge", "bridgeAt": 1431686110000, "serverTime": 1431686110123}
    hangup = dial | {"event": "call.hangup", "bridgeAt": 1431686110, "serverTime": "1431686170000"}
    events = [parse_call_event(e) for e in (dial, bridge, hangup)]
    assert [e.event for e in events] == [CallEvent.DIAL, CallEvent.BRIDGE, CallEvent.HANGUP]
    assert len({e.uuid for e in events}) == 1
    assert len({e.dedup_key for e in events}) == 3  # the uuid alone would drop two of them
    assert events[1].bridge_at == datetime(2015, 5, 15, 10, 35, 10, tzinfo=UTC)
    assert events[1].server_time == datetime(2015, 5, 15, 10, 35, 10, 123000, tzinfo=UTC)
    assert events[2].bridge_at == events[1].bridge_at  # seconds or milliseconds alike
    snapshot = events[1].to_active_call()
    assert snapshot.answered
    assert snapshot.last_event is CallEvent.BRIDGE


@pytest.mark.parametrize(
    "change",
    [
        {"event": "call.transfer"},
        {"event": None},
        {"uuid": "not-a-uuid"},
        {"lgDirection": 3},
        {"leg": "001"},
        {"otherLegs": {"id": 1}},
        {"dialAt": "yesterday"},
        {"accountDomain": 42},
    ],
)
def test_bad_call_events(change: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        parse_call_event(samples.event() | change)


@pytest.mark.parametrize("body", [None, [], "call.dial", 1])
def test_call_event_must_be_an_object(body: Any) -> None:
    with pytest.raises(ProtocolError, match="object"):
        parse_call_event(body)


def test_internal_call_event_with_pauses() -> None:
    internal = samples.event() | {
        "lgDirection": 1,
        "leg2": {"id": 27, "ext": "002", "displayName": "Петро Петров"},
        "otherLegs": None,
        "trunkNum": None,
        "trunkName": None,
    }
    event = parse_call_event(internal)
    assert event.direction is Direction.INTERNAL
    assert event.other_legs == ()
    assert parse_call_event(samples.event() | {"lgDirection": 32}).direction is Direction.PAUSE_ON
    assert parse_call_event(samples.event() | {"lgDirection": 64}).direction is Direction.PAUSE_OFF


# --------------------------------------------------------------------------- de-duplication


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_deduplicator_by_uuid_and_event() -> None:
    dedup = EventDeduplicator()
    dial = parse_call_event(samples.event())
    bridge = parse_call_event(samples.event() | {"event": "call.bridge"})
    assert not dedup.is_duplicate(dial)
    assert dedup.is_duplicate(dial)
    assert dedup.is_duplicate(parse_call_event(samples.event()))  # a re-sent copy
    assert not dedup.is_duplicate(bridge)
    assert dedup.is_duplicate(("47a968893984475b8c20e29dec144ce1", CallEvent.BRIDGE))
    assert len(dedup) == 2
    dedup.clear()
    assert not dedup.is_duplicate(dial)


def test_deduplicator_forgets_after_the_ttl() -> None:
    clock = Clock()
    dedup = EventDeduplicator(ttl=60, clock=clock)
    assert not dedup.is_duplicate("a")
    clock.now += 59
    assert dedup.is_duplicate("a")
    assert not dedup.is_duplicate("b")
    clock.now += 2  # "a" is 61 s old, "b" 2 s
    assert not dedup.is_duplicate("a")
    assert dedup.is_duplicate("b")


def test_deduplicator_memory_is_bounded() -> None:
    clock = Clock()
    dedup = EventDeduplicator(ttl=3600, max_entries=100, clock=clock)
    for index in range(10_000):
        clock.now += 0.001
        assert not dedup.is_duplicate(index)
        assert len(dedup) <= 100
    assert dedup.is_duplicate(9_999)
    assert not dedup.is_duplicate(0)  # long forgotten
    clock.now += 7200
    dedup.is_duplicate("fresh")
    assert len(dedup) == 1  # everything expired was dropped


def test_deduplicator_arguments() -> None:
    with pytest.raises(ValueError, match="positive"):
        EventDeduplicator(ttl=0)
    with pytest.raises(ValueError, match="positive"):
        EventDeduplicator(max_entries=0)


# --------------------------------------------------------------------------- call.settings


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            b'{"request": "call.settings", "otherLegNum": "+380442246595", '
            b'"trunkNum": "0800218500"}',
            "application/json",
        ),
        (
            b'{"request":"call.settings","otherLegNum":"+380442246595","trunkNum":"0800218500"}',
            "application/json; charset=utf-8",
        ),
        (
            b"request=call.settings&otherLegNum=%2B380442246595&trunkNum=0800218500",
            "application/x-www-form-urlencoded",
        ),
        (
            b"request=call.settings&otherLegNum=+380442246595&trunkNum=0800218500",
            "application/x-www-form-urlencoded; charset=UTF-8",
        ),  # an unencoded "+" arrives as a space; the number still reads
        (b'{"request":"call.settings","otherLegNum":"+380442246595","trunkNum":"0800218500"}', ""),
        (b"request=call.settings&otherLegNum=%2B380442246595&trunkNum=0800218500", "text/plain"),
    ],
)
def test_call_settings_request(body: bytes, content_type: str) -> None:
    request = CallSettingsRequest.parse(body, content_type)
    assert request == CallSettingsRequest(other_leg_num="+380442246595", trunk_num="+380800218500")
    assert request.request == "call.settings"


def test_call_settings_request_for_an_outgoing_call() -> None:
    request = CallSettingsRequest.parse(
        b'{"request": "call.settings", "otherLegNum": "0442246595"}', "application/json"
    )
    assert request.other_leg_num == "+380442246595"
    assert request.trunk_num is None  # set only for incoming calls


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"request": "call.events"}', "application/json"),
        (b'{"otherLegNum": "+380442246595"}', "application/json"),
        (b"{not json", "application/json"),
        (b"[]", "application/json"),
        (b'{"request": "call.settings", "otherLegNum": []}', "application/json"),
        (b"\xff\xfe", "application/x-www-form-urlencoded"),
        (b"otherLegNum=%2B380442246595", "application/x-www-form-urlencoded"),
        (b"", ""),
    ],
)
def test_bad_call_settings_requests(body: bytes, content_type: str) -> None:
    with pytest.raises(ProtocolError, match=r"call\.settings"):
        CallSettingsRequest.parse(body, content_type)


def test_call_settings_responses_match_the_spec() -> None:
    found = CallSettingsResponse.found(
        "Іван Іванов",
        "http://crm.com/contacts?id=1",
        responsible_employee_ext="001",
        responsible_employee_email="example@email.com",
    )
    assert json.loads(found.to_json()) == samples.settings_found()
    assert "Іван" in found.to_json()  # Cyrillic as is, not \u-escaped
    create = CallSettingsResponse.create_link(
        "http://crm.com/contacts/new", url_text="Добавить контакт", phone="+380442246595"
    )
    assert json.loads(create.to_json()) == samples.settings_create()
    assert create.new_entry
    assert not found.new_entry
    assert json.loads(CallSettingsResponse.null().to_json()) == {"otherLeg": None}
    assert CallSettingsResponse.create_link("http://crm.com/new").url_text == ADD_CONTACT_TEXT


def test_create_link_keeps_existing_query() -> None:
    link = CallSettingsResponse.create_link("http://crm.com/new?src=pbx", phone="+380 44")
    assert link.url == "http://crm.com/new?src=pbx&phone=%2B380+44"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (samples.settings_found(), CallSettingsKind.FOUND),
        (samples.settings_create(), CallSettingsKind.CREATE_LINK),
        ({"otherLeg": None}, CallSettingsKind.NULL),
        (
            {"otherLeg": {"name": "A", "url": "http://x"}},
            CallSettingsKind.FOUND,
        ),  # newEntry optional
    ],
)
def test_call_settings_response_parse(body: Any, kind: CallSettingsKind) -> None:
    parsed = CallSettingsResponse.parse(body)
    assert parsed.kind is kind
    assert CallSettingsResponse.parse(parsed.to_json()) == parsed
    assert CallSettingsResponse.parse(json.dumps(body).encode()) == parsed


@pytest.mark.parametrize(
    "body",
    [{}, {"otherLeg": []}, {"otherLeg": {"newEntry": "yes"}}, {"otherLeg": {"name": 1}}, [], b"{"],
)
def test_bad_call_settings_responses(body: Any) -> None:
    with pytest.raises(ProtocolError):
        CallSettingsResponse.parse(body)


# --------------------------------------------------------------------------- UTM


def test_utm_example() -> None:
    first, second = parse_utm_push(samples.utm())
    assert first == UtmRecord(
        utm_source="google",
        utm_medium="cpc",
        utm_campaign=None,
        utm_content=None,
        utm_term=None,
        google_client_id="1340605716.1544986520",
        client_ip="91.243.203.133",
        referer="https://www.google.com/",
        other_leg_num="+380505826633",
        trunk_source="+380991280042",
        tags=("callcatcher", "firstcall"),
        call_date=datetime(2019, 2, 12, 7, 2, 24, 251000, tzinfo=UTC),
        call_start=datetime(2019, 2, 12, 7, 1, 13, tzinfo=UTC),
        call_parent_uuid="005f1dfae76d4c379e1d4095c07a76a2",
    )
    assert second.tags == ("callcatcher",)
    assert second.referer is None
    assert first.dedup_key != second.dedup_key


@pytest.mark.parametrize(
    ("label", "tags"),
    [
        ("callcatcher\n firstcall", ("callcatcher", "firstcall")),
        ("callcatcher\n", ("callcatcher",)),
        ("a\r\nb\n\n c ", ("a", "b", "c")),
        ("", ()),
        (None, ()),
    ],
)
def test_utm_labels(label: Any, tags: tuple[str, ...]) -> None:
    record = samples.utm()[0] | {"label": label}
    assert parse_utm_push([record])[0].tags == tags


def test_utm_shapes() -> None:
    assert parse_utm_push([]) == []
    assert len(parse_utm_push(samples.utm()[0])) == 1  # a single object
    extra = samples.utm()[0] | {"newField": {"x": 1}}
    assert parse_utm_push([extra]) == parse_utm_push([samples.utm()[0]])
    for bad in (None, "x", [1], [samples.utm()[0] | {"callDate": "soon"}]):
        with pytest.raises(ProtocolError):
            parse_utm_push(bad)


# --------------------------------------------------------------------------- A.1


@pytest.mark.parametrize(
    ("address", "allowed", "expected"),
    [
        ("89.184.65.208", None, True),
        ("89.184.65.209", None, False),
        (" 89.184.65.208 ", None, True),
        ("10.0.0.7", ["10.0.0.0/24"], True),
        ("10.0.1.7", ["10.0.0.0/24", "junk"], False),
        ("::1", ["::1"], True),
        ("not an ip", None, False),
    ],
)
def test_source_allowed(address: str, allowed: list[str] | None, expected: bool) -> None:
    if allowed is None:
        assert source_allowed(address) is expected
    else:
        assert source_allowed(address, allowed) is expected
