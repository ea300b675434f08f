"""Parsers: the spec's examples, and one parametrized test per family of inconsistencies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.api import samples
from vega_desktop.api import (
    ActiveCall,
    CallEvent,
    Contact,
    ContactField,
    Direction,
    Disposition,
    EntityType,
    FieldValue,
    HistoryRecord,
    Leg,
    Note,
    OtherLeg,
    ProtocolError,
    User,
)
from vega_desktop.api.parse import (
    decode_json,
    parse_active_call,
    parse_active_calls,
    parse_batch_result,
    parse_contact,
    parse_contacts,
    parse_history,
    parse_history_record,
    parse_make_call,
    parse_note,
    parse_notes,
    parse_ok,
    parse_time,
    parse_users,
)
from vega_desktop.api.webhooks import parse_call_event

T_2015_05_15 = datetime(2015, 5, 15, 10, 35, tzinfo=UTC)  # 1431686100 s
T_HISTORY = datetime(2015, 6, 26, 11, 48, 18, 470000, tzinfo=UTC)  # 1435319298470 ms


def active(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = samples.active_calls()[0]
    record.update(changes)
    return record


def without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    for key in keys:
        record.pop(key, None)
    return record


def history(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = samples.history()[1]
    record.update(changes)
    return record


# --------------------------------------------------------------------------- the examples


def test_the_active_calls_example() -> None:
    calls = parse_active_calls(samples.active_calls())
    ivan = Leg(id=36, ext="001", display_name="Іван Іванов", type=None)
    telecom = OtherLeg(
        id="6137",
        name="Telecom company",
        num="+380442249895",
        company_name=None,
        url="https://self.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id=6137",
        priority=None,
    )
    assert calls[0] == ActiveCall(
        uuid="47a968893984475b8c20e29dec144ce1",
        parent_uuid=None,
        last_event=CallEvent.DIAL,
        dial_at=T_2015_05_15,
        bridge_at=None,
        direction=Direction.OUTGOING,
        leg=ivan,
        leg2=None,
        other_legs=(telecom,),
        trunk_num="+380442246595",
        trunk_name="+380442246595",
    )
    assert not calls[0].answered
    assert calls[0].other_number == "+380442249895"
    assert calls[1].answered
    assert calls[1].direction is Direction.INCOMING
    assert calls[1].bridge_at == T_2015_05_15
    internal = calls[2]
    assert internal.direction is Direction.INTERNAL
    assert internal.leg2 == Leg(id=27, ext="002", display_name="Петро Петров")
    assert internal.other_legs == ()
    assert internal.other_number is None
    assert internal.trunk_num == "+380442246595"  # the example contradicts "always null"


def test_the_history_example() -> None:
    first, second = parse_history(samples.history())
    assert first == HistoryRecord(
        uuid="f457486fa53945ddc5f5e735a5870b92",
        parent_uuid="d267486fa53945ddc5f5e735a5870b80",
        end_at=T_HISTORY,
        direction=Direction.INTERNAL,
        other_leg_num=None,
        other_leg_name=None,
        leg=Leg(id=36, ext="001", display_name="Васильєв Андрій", type=EntityType.USER),
        leg2=Leg(id=19, ext="004", display_name="Operator 4", type=EntityType.USER),
        bill_secs=None,
        duration=None,
        disposition=Disposition.ANSWERED,
        transfer_history=(),
        audio_url="https://podium.betell.com.ua/rest/public/calls/"
        "f457486f-a539-45dd-c5f5-e735a5870b92/audio",
        trunks=(),
    )
    assert first.answered
    assert second.parent_uuid is None
    assert second.bill_secs == 4
    assert second.duration == 15
    assert second.transfer_history == ("003", "001")
    assert second.trunks == ("+380442249895",)
    assert second.other_leg_num == "+380993034330"
    assert second.end_at == datetime(2015, 6, 26, 11, 24, 48, 511000, tzinfo=UTC)


def test_the_users_example() -> None:
    assert parse_users(samples.users()) == [
        User(id=30, display_name="Іван Іванов", ext="901", email="ivan.ivanov@pbx.vega.ua"),
        User(id=14, display_name="Юрій Юр'єв", ext="990", email="yuriy.yuriev@pbx.vega.ua"),
    ]


def test_the_contact_example() -> None:
    contact = parse_contact(samples.contact())
    assert contact.id == 7068
    assert contact.first_name is None
    assert contact.last_name is None
    assert contact.last_modified == datetime(2015, 9, 30, 7, 24, 36, 359000, tzinfo=UTC)
    assert contact.date_create == datetime(2015, 9, 30, 7, 24, 36, tzinfo=UTC)
    assert (contact.responsible_user_id, contact.create_user_id) == (18, 59)
    assert contact.fields[0] == ContactField(
        id=32045,
        enum_code="Компанія",
        values=(
            FieldValue(
                id=33427,
                enum_value_code="Компанія",
                value="Vega",
                last_modified=datetime(2015, 10, 28, 10, 18, 19, 803000, tzinfo=UTC),
            ),
        ),
    )
    assert contact.company == "Vega"
    assert contact.display_name == "Vega"  # no names: the company
    assert contact.phones == ()


def test_the_listed_contact_example() -> None:
    contact = parse_contact(samples.contact_listed())
    assert contact.display_name == "Олександр"
    assert contact.phones == ("+380440000000",)
    assert contact.company == "Online company"


def test_contact_to_wire_round_trips() -> None:
    for raw in (samples.contact(), samples.contact_listed()):
        contact = parse_contact(raw)
        wire = contact.to_wire()
        assert wire["id"] == raw["id"]
        assert wire["lastModified"] == raw["lastModified"]
        assert wire["fields"] == raw["fields"]
        assert parse_contact(wire) == contact


def test_contact_display_name_fallbacks() -> None:
    phone = ContactField(
        id=1, enum_code="Телефон", values=(FieldValue(2, "Робочий", "0442249895"),)
    )
    assert Contact(id=1, first_name="Петро", last_name="Петров").display_name == "Петро Петров"
    assert Contact(id=1, fields=(phone,)).display_name == "+380442249895"
    assert Contact(id=1).display_name == ""
    names = (
        ContactField(1, "Прізвище", (FieldValue(1, "Прізвище", "Петров"),)),
        ContactField(2, "Ім'я", (FieldValue(2, "Ім'я", "Петро"),)),
    )
    assert Contact(id=1, fields=names).display_name == "Петро Петров"
    assert Contact(id=1, company_title=" ACME ").company == "ACME"


def test_the_event_example() -> None:
    event = parse_call_event(samples.event())
    assert event.event is CallEvent.DIAL
    assert event.account_domain == "qwerty.pbx.vega.ua"
    assert event.dial_at == T_2015_05_15
    assert event.server_time is None
    assert event.other_legs[0].id == "1"  # a number here, a string in B.3
    assert event.other_legs[0].num == "+380000000000"
    assert event.dedup_key == ("47a968893984475b8c20e29dec144ce1", CallEvent.DIAL)
    assert event.to_active_call().last_event is CallEvent.DIAL


# --------------------------------------------------------------------------- 1. times


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1431686100, T_2015_05_15),  # seconds (event and active-call examples)
        (1431686100000, T_2015_05_15),  # milliseconds (as the text says)
        (1431686100.0, T_2015_05_15),
        (1431686100.5, datetime(2015, 5, 15, 10, 35, 0, 500000, tzinfo=UTC)),
        ("1431686100", T_2015_05_15),
        ("1431686100000", T_2015_05_15),
        (1435319298470, T_HISTORY),  # history example
        (" 1435319298470 ", T_HISTORY),
        (10**11 - 1, datetime(5138, 11, 16, 9, 46, 39, tzinfo=UTC)),  # the largest "seconds"
        (10**11, datetime(1973, 3, 3, 9, 46, 40, tzinfo=UTC)),  # the smallest "milliseconds"
        (0, None),
        ("0", None),
        (None, None),
        ("", None),
    ],
)
def test_times(value: Any, expected: datetime | None) -> None:
    assert parse_time(value) == expected
    for key in ("dialAt", "bridgeAt"):
        assert getattr(parse_active_call(active(**{key: value})), _snake(key)) == expected
    assert parse_history_record(history(endAt=value)).end_at == expected
    assert parse_call_event({**samples.event(), "serverTime": value}).server_time == expected


@pytest.mark.parametrize("value", [-1, True, "abc", "1e9", [], {}, float("nan"), 10**30])
def test_bad_times(value: Any) -> None:
    with pytest.raises(ProtocolError, match="dialAt"):
        parse_active_call(active(dialAt=value))


def _snake(name: str) -> str:
    return {"dialAt": "dial_at", "bridgeAt": "bridge_at"}[name]


# --------------------------------------------------------------------------- 2. numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+380442246595", "+380442246595"),
        ("380442246595", "+380442246595"),
        ("0442246595", "+380442246595"),
        ("044 224-65-95", "+380442246595"),
        ("(044) 224 65 95", "+380442246595"),
        ("o=380442246595;", "+380442246595"),
        (380442246595, "+380442246595"),
        ("0800218500", "+380800218500"),
        ("+380000000000", "+380000000000"),
        ("001", "001"),
        ("", None),
        (None, None),
    ],
)
def test_numbers(value: Any, expected: str | None) -> None:
    call = parse_active_call(active(trunkNum=value, otherLegs=[{"num": value}]))
    assert call.trunk_num == expected
    assert call.other_legs[0].num == expected
    assert parse_history_record(history(otherLegNum=value)).other_leg_num == expected


@pytest.mark.parametrize("value", [True, [], {}, 1.5])
def test_bad_numbers(value: Any) -> None:
    with pytest.raises(ProtocolError, match="otherLegNum"):
        parse_history_record(history(otherLegNum=value))


# --------------------------------------------------------------------------- 3. uuids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("47a968893984475b8c20e29dec144ce1", "47a968893984475b8c20e29dec144ce1"),
        ("47A968893984475B8C20E29DEC144CE1", "47a968893984475b8c20e29dec144ce1"),
        ("f457486f-a539-45dd-c5f5-e735a5870b92", "f457486fa53945ddc5f5e735a5870b92"),
        (" F457486F-A539-45DD-C5F5-E735A5870B92 ", "f457486fa53945ddc5f5e735a5870b92"),
    ],
)
def test_uuids(value: str, expected: str) -> None:
    assert parse_active_call(active(uuid=value, parentUuid=value)).uuid == expected
    assert parse_active_call(active(parentUuid=value)).parent_uuid == expected
    assert parse_history_record(history(uuid=value)).uuid == expected
    assert parse_make_call({"uuid": value}) == expected
    assert parse_call_event({**samples.event(), "uuid": value}).uuid == expected


@pytest.mark.parametrize(
    "value",
    [
        "47a968893984475b8c20e29dec144ce1e",  # the A.3 copy's extra character
        "47a968893984475b8c20e29dec144ce",
        "zza968893984475b8c20e29dec144ce1",
        "f457486f-a539-45dd-c5f5e735a5870b92",
        "f457486fa539-45dd-c5f5-e735a5870b92-",
        "",
        None,
        123,
        ["47a968893984475b8c20e29dec144ce1"],
    ],
)
def test_bad_uuids(value: Any) -> None:
    with pytest.raises(ProtocolError, match="uuid"):
        parse_active_call(active(uuid=value))
    with pytest.raises(ProtocolError, match="uuid"):
        parse_history_record(history(uuid=value))


# --------------------------------------------------------------------------- 4. ids


@pytest.mark.parametrize(
    ("value", "as_int", "as_text"),
    [(36, 36, "36"), ("36", 36, "36"), (36.0, 36, "36"), (None, None, None), ("", None, None)],
)
def test_ids(value: Any, as_int: int | None, as_text: str | None) -> None:
    call = parse_active_call(active(leg={"id": value, "ext": "001"}, otherLegs=[{"id": value}]))
    assert call.leg is not None
    assert call.leg.id == as_int
    assert call.other_legs[0].id == as_text
    assert parse_contact({"id": value}).id == as_int
    if as_int is not None:
        assert parse_users([{"id": value, "displayName": "A"}])[0].id == as_int


def test_other_leg_ids_keep_non_numeric_text() -> None:
    call = parse_active_call(active(otherLegs=[{"id": "crm-6137"}]))
    assert call.other_legs[0].id == "crm-6137"


@pytest.mark.parametrize("value", [True, 36.5, "thirty-six", [], {}])
def test_bad_ids(value: Any) -> None:
    with pytest.raises(ProtocolError, match=r"leg\.id"):
        parse_active_call(active(leg={"id": value}))


def test_a_user_needs_an_id() -> None:
    with pytest.raises(ProtocolError, match=r"users\[0\]\.id"):
        parse_users([{"displayName": "Nobody"}])


# --------------------------------------------------------------------------- 5. otherLegs


@pytest.mark.parametrize(
    ("value", "expected_names"),
    [
        (None, ()),
        ("missing", ()),
        ([], ()),
        ([{"name": "A"}], ("A",)),
        (
            [
                {"name": "none"},
                {"name": "three", "priority": 3},
                {"name": "one", "priority": 1},
                {"name": "two", "priority": "2"},
                {"name": "also none", "priority": None},
            ],
            ("one", "two", "three", "none", "also none"),
        ),
    ],
)
def test_other_legs(value: Any, expected_names: tuple[str, ...]) -> None:
    record = without(active(), "otherLegs") if value == "missing" else active(otherLegs=value)
    call = parse_active_call(record)
    assert tuple(leg.name for leg in call.other_legs) == expected_names
    event = samples.event()
    if value == "missing":
        del event["otherLegs"]
    else:
        event["otherLegs"] = value
    assert tuple(leg.name for leg in parse_call_event(event).other_legs) == expected_names


def test_other_number_skips_legs_without_a_number() -> None:
    call = parse_active_call(active(otherLegs=[{"priority": 1}, {"num": "0442249895"}]))
    assert call.other_number == "+380442249895"


@pytest.mark.parametrize("value", [{"name": "A"}, "A", 1, [1], [None]])
def test_bad_other_legs(value: Any) -> None:
    with pytest.raises(ProtocolError, match="otherLegs"):
        parse_active_call(active(otherLegs=value))


# --------------------------------------------------------------------------- 6. transferHistory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("017> 019", ("017", "019")),  # the description
        ("003 > 001", ("003", "001")),  # the example
        ("017", ("017",)),  # no transfer: the single employee
        ("017>019>021", ("017", "019", "021")),
        (" 017 ", ("017",)),
        ("", ()),
        (None, ()),
    ],
)
def test_transfer_history(value: Any, expected: tuple[str, ...]) -> None:
    assert parse_history_record(history(transferHistory=value)).transfer_history == expected


@pytest.mark.parametrize("value", [["017", "019"], {}, True])
def test_bad_transfer_history(value: Any) -> None:
    with pytest.raises(ProtocolError, match="transferHistory"):
        parse_history_record(history(transferHistory=value))


# --------------------------------------------------------------------------- 7. trunk


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("o=380442249895;", ("+380442249895",)),
        ("o=380442249895;o=380442246595;", ("+380442249895", "+380442246595")),
        ("o=380442249895; o=0800218500", ("+380442249895", "+380800218500")),
        ("+380442246595", ("+380442246595",)),
        ("380442246595", ("+380442246595",)),
        ("", ()),
        (None, ()),
    ],
)
def test_trunk(value: Any, expected: tuple[str, ...]) -> None:
    assert parse_history_record(history(trunk=value)).trunks == expected


# --------------------------------------------------------------------------- 8. missing fields


@pytest.mark.parametrize(
    "missing",
    [
        "billSecs",
        "duration",
        "parentUuid",
        "endAt",
        "leg",
        "leg2",
        "disposition",
        "audioRecUrl",
        "trunk",
        "transferHistory",
        "otherLegNum",
        "otherLegName",
    ],
)
def test_optional_history_fields_may_be_missing(missing: str) -> None:
    record = parse_history_record(without(history(), missing))
    snake = {
        "billSecs": "bill_secs",
        "duration": "duration",
        "parentUuid": "parent_uuid",
        "endAt": "end_at",
        "leg": "leg",
        "leg2": "leg2",
        "disposition": "disposition",
        "audioRecUrl": "audio_url",
        "trunk": "trunks",
        "transferHistory": "transfer_history",
        "otherLegNum": "other_leg_num",
        "otherLegName": "other_leg_name",
    }[missing]
    assert getattr(record, snake) in (None, ())


@pytest.mark.parametrize(
    "missing",
    [
        "lastEvent",
        "parentUuid",
        "dialAt",
        "bridgeAt",
        "leg",
        "leg2",
        "trunkNum",
        "trunkName",
        "otherLegs",
    ],
)
def test_optional_active_call_fields_may_be_missing(missing: str) -> None:
    parse_active_call(without(active(), missing))


@pytest.mark.parametrize("required", ["uuid", "lgDirection"])
def test_required_fields(required: str) -> None:
    with pytest.raises(ProtocolError, match=required):
        parse_active_call(without(active(), required))
    with pytest.raises(ProtocolError, match=required):
        parse_history_record(without(history(), required))
    with pytest.raises(ProtocolError, match=required):
        parse_call_event(without(samples.event(), required))


def test_unknown_fields_are_ignored() -> None:
    record = active(somethingNew={"nested": [1, 2]}, serverTime=1431686100)
    record["leg"]["avatar"] = "x.png"
    assert parse_active_call(record) == parse_active_call(active())


# --------------------------------------------------------------------------- 9. leg.type


@pytest.mark.parametrize(
    ("leg", "expected"),
    [
        ({"id": 36, "ext": "001", "displayName": "A"}, Leg(36, "001", "A", None)),  # events
        (
            {"id": 36, "type": 1, "ext": "001", "displayName": "A"},
            Leg(36, "001", "A", EntityType.USER),
        ),
        (
            {"id": 7, "type": 2, "ext": "700", "displayName": "Sales"},
            Leg(7, "700", "Sales", EntityType.GROUP),
        ),
        (
            {"id": 3, "type": 4, "ext": None, "displayName": "IVR"},
            Leg(3, None, "IVR", EntityType.SCENARIO),
        ),
        ({"id": 36, "type": "1", "ext": 1, "displayName": "A"}, Leg(36, "1", "A", EntityType.USER)),
        ({}, Leg(None, None, None, None)),
    ],
)
def test_leg_type(leg: dict[str, Any], expected: Leg) -> None:
    assert parse_history_record(history(leg=leg)).leg == expected
    assert parse_active_call(active(leg=leg)).leg == expected


@pytest.mark.parametrize("value", [3, 8, "user", True])
def test_bad_leg_type(value: Any) -> None:
    with pytest.raises(ProtocolError, match=r"leg\.type"):
        parse_history_record(history(leg={"id": 1, "type": value}))


@pytest.mark.parametrize("value", [[], "001", 36])
def test_bad_leg(value: Any) -> None:
    with pytest.raises(ProtocolError, match="leg2"):
        parse_history_record(history(leg2=value))


# --------------------------------------------------------------------------- 10. directions


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, Direction.INTERNAL),
        (2, Direction.OUTGOING),
        (4, Direction.INCOMING),
        (32, Direction.PAUSE_ON),
        (64, Direction.PAUSE_OFF),
        ("4", Direction.INCOMING),
        (4.0, Direction.INCOMING),
    ],
)
def test_directions(value: Any, expected: Direction) -> None:
    assert parse_active_call(active(lgDirection=value)).direction is expected
    assert parse_history_record(history(lgDirection=value)).direction is expected
    assert parse_call_event({**samples.event(), "lgDirection": value}).direction is expected


@pytest.mark.parametrize("value", [0, 3, 6, 8, 128, "outgoing", True, None])
def test_bad_directions(value: Any) -> None:
    with pytest.raises(ProtocolError, match="lgDirection"):
        parse_history_record(history(lgDirection=value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, Disposition.ANSWERED),
        (1, Disposition.NO_ANSWER),
        (2, Disposition.CONGESTION),
        (3, Disposition.FAILED),
        (4, Disposition.BUSY),
        (None, None),
    ],
)
def test_dispositions(value: Any, expected: Disposition | None) -> None:
    assert parse_history_record(history(disposition=value)).disposition == expected


@pytest.mark.parametrize("value", ["call.transfer", 1, "CALL.DIAL"])
def test_bad_last_event(value: Any) -> None:
    with pytest.raises(ProtocolError, match="lastEvent"):
        parse_active_call(active(lastEvent=value))


# --------------------------------------------------------------------------- 11. contact lists


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(samples.contact_listed(), id="single object, as the spec prints it"),
        pytest.param([samples.contact_listed()], id="a list of one"),
    ],
)
def test_contact_list_as_object_or_list(body: Any) -> None:
    contacts = parse_contacts(body)
    assert [c.id for c in contacts] == [85491]
    assert contacts[0].first_name is None  # the list example has no firstName at all


def test_contact_lists() -> None:
    assert parse_contacts([]) == []
    assert len(parse_contacts([samples.contact(), samples.contact_listed()])) == 2
    for bad in (None, 1, "x", [1], {"fields": {}}):
        with pytest.raises(ProtocolError):
            parse_contacts(bad)


# --------------------------------------------------------------------------- 12. bare 1 bodies


@pytest.mark.parametrize("body", [1, True, "1", None, {"id": 7068}, [1]])
def test_ok_bodies(body: Any) -> None:
    parse_ok(body, "update contact")


@pytest.mark.parametrize("body", [0, False, "0", 0.0])
def test_failure_bodies(body: Any) -> None:
    with pytest.raises(ProtocolError, match="reported failure"):
        parse_ok(body, "update contact")


# --------------------------------------------------------------------------- 13. note placeholders


def test_note_placeholders_become_none() -> None:
    assert parse_note(samples.note()) == Note()
    assert parse_notes([samples.note()]) == [Note()]
    assert parse_notes(samples.note()) == [Note()]  # a single object, as printed


def test_note_with_values_and_round_trip() -> None:
    raw = samples.note() | {
        "id": 12,
        "elementId": 7068,
        "dateCreate": 1503319698348,
        "content": "Передзвонити завтра",
        "otherLegNum": "0442249895",
        "uuid": "D38F07D9-3B59-47AA-C711-94C6BEBE1621",
        "billSec": 4,
        "tag": "vip",
    }
    note = parse_note(raw)
    assert note.id == 12
    assert note.contact_id == 7068
    assert note.content == "Передзвонити завтра"
    assert note.date_create == datetime(2017, 8, 21, 12, 48, 18, 348000, tzinfo=UTC)
    assert note.other_leg_num == "0442249895"  # kept as written: notes are free text
    assert note.uuid == "d38f07d93b5947aac71194c6bebe1621"
    assert note.bill_sec == 4
    assert note.tag == "vip"
    assert note.trunk is None
    wire = note.to_wire()
    assert set(wire) == set(samples.note())
    assert wire["trunk"] == ""
    assert wire["end"] == 0
    assert wire["status"] is None
    assert parse_note(wire) == note
    assert Note().to_wire() == samples.note()


# --------------------------------------------------------------------------- small bodies


def test_make_call_and_batch_bodies() -> None:
    assert parse_make_call({"uuid": "47a968893984475b8c20e29dec144ce1"}) == (
        "47a968893984475b8c20e29dec144ce1"
    )
    assert parse_make_call("47a968893984475b8c20e29dec144ce1") == "47a968893984475b8c20e29dec144ce1"
    for bad in ({}, {"uuid": None}, [], 1, None):
        with pytest.raises(ProtocolError):
            parse_make_call(bad)
    assert parse_batch_result({"succeeded": 1, "failed": 0}).succeeded == 1
    assert parse_batch_result({"succeeded": "3"}).failed == 0
    with pytest.raises(ProtocolError):
        parse_batch_result({"failed": 0})


@pytest.mark.parametrize(
    "content", [b"", b"{", b"\xff\xfe", b"[1,]", b"NaN-ish", b"[" * 100_000, b"1" * 5000]
)
def test_decode_json_only_raises_protocol_error(content: bytes) -> None:
    with pytest.raises(ProtocolError, match="not valid JSON"):
        decode_json(content, "active calls")


@pytest.mark.parametrize("body", [None, {}, "calls", 1, [None], [[]], [{"uuid": 1}]])
def test_wrong_shapes_of_lists(body: Any) -> None:
    with pytest.raises(ProtocolError):
        parse_active_calls(body)
    with pytest.raises(ProtocolError):
        parse_history(body)
    with pytest.raises(ProtocolError):
        parse_users(body)
