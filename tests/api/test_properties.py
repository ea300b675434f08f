"""Property tests: whatever JSON arrives, a parser returns a model or raises ProtocolError."""

from __future__ import annotations

import contextlib
import copy
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.api import samples
from vega_desktop.api import (
    ActiveCall,
    BatchResult,
    Contact,
    HistoryRecord,
    Note,
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
    parse_users,
)
from vega_desktop.api.webhooks import (
    CallEventPayload,
    CallSettingsRequest,
    CallSettingsResponse,
    UtmRecord,
    parse_call_event,
    parse_utm_push,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = sorted(
    {
        key
        for sample in (
            samples.event(),
            samples.active_calls()[0],
            samples.history()[1],
            samples.users()[0],
            samples.contact(),
            samples.note(),
            samples.utm()[0],
            samples.settings_found()["otherLeg"],
        )
        for key in sample
    }
    | {"priority", "type", "values", "enumCode", "enumValueCode", "value", "succeeded", "failed"}
    | {"otherLeg", "serverTime"}
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=0, max_value=2 * 10**14)
    | st.floats()
    | st.text(max_size=16)
    | st.uuids().map(lambda u: u.hex)
    | st.uuids().map(str)
    | st.sampled_from(
        [
            "+380442246595",
            "380991280042",
            "0800218500",
            "o=380442249895;",
            "001",
            "003 > 001",
            "",
            "0",
            "1431686100",
            "1435319298470",
            "call.dial",
        ]
    )
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=16,
)


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with some fields dropped or replaced by random JSON, at any depth."""
    value = copy.deepcopy(base)
    actions = st.sampled_from(["keep", "keep", "keep", "dive", "dive", "drop", "replace"])

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            for key in list(node):
                action = draw(actions)
                if action == "drop":
                    del node[key]
                elif action == "replace":
                    node[key] = draw(json_values)
                elif action == "dive":
                    node[key] = walk(node[key])
            if draw(st.booleans()):
                node[draw(st.sampled_from(KEYS))] = draw(json_values)
        elif isinstance(node, list):
            for index in range(len(node)):
                action = draw(actions)
                if action == "replace":
                    node[index] = draw(json_values)
                elif action == "dive":
                    node[index] = walk(node[index])
        return node

    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    return walk(value)


def ok(value: Any) -> None:
    parse_ok(value, "update")


# (name, parser, the model(s) it returns, the spec example to mutate)
CASES: list[tuple[str, Callable[[Any], Any], Any, Any]] = [
    ("active calls", parse_active_calls, ActiveCall, samples.active_calls()),
    ("active call", parse_active_call, ActiveCall, samples.active_calls()[1]),
    ("history", parse_history, HistoryRecord, samples.history()),
    ("history record", parse_history_record, HistoryRecord, samples.history()[0]),
    ("users", parse_users, User, samples.users()),
    ("contacts", parse_contacts, Contact, [samples.contact(), samples.contact_listed()]),
    ("contact", parse_contact, Contact, samples.contact_listed()),
    ("notes", parse_notes, Note, [samples.note()]),
    ("note", parse_note, Note, samples.note() | {"id": 5, "content": "x", "dateCreate": 1}),
    ("batch", parse_batch_result, BatchResult, {"succeeded": 1, "failed": 0}),
    ("makeCall", parse_make_call, str, {"uuid": "47a968893984475b8c20e29dec144ce1"}),
    ("ok", ok, type(None), 1),
    ("call event", parse_call_event, CallEventPayload, samples.event()),
    ("utm", parse_utm_push, UtmRecord, samples.utm()),
    ("settings answer", CallSettingsResponse.parse, CallSettingsResponse, samples.settings_found()),
]
IDS = [case[0] for case in CASES]

_HEX32 = re.compile(r"^[0-9a-f]{32}$")


def check_result(result: Any, model: Any) -> None:
    items = result if isinstance(result, list) else [result]
    for item in items:
        assert isinstance(item, model)
        check_model(item)


def check_model(item: Any) -> None:
    """Invariants every parsed model keeps, however odd the input."""
    if isinstance(item, str):
        assert _HEX32.match(item)
        return
    for name in getattr(item, "__slots__", ()):
        value = getattr(item, name)
        if isinstance(value, datetime):
            assert value.utcoffset() == timedelta(0)
            assert value.tzinfo is UTC
        if name in ("uuid", "parent_uuid", "call_parent_uuid") and not isinstance(item, Note):
            assert value is None or _HEX32.match(value)
        if name == "other_legs":
            ranks = [leg.priority for leg in value]
            known = [rank for rank in ranks if rank is not None]
            assert known == sorted(known)
            assert ranks[: len(known)] == known  # unknown priorities last


def run(parser: Callable[[Any], Any], model: Any, value: Any) -> None:
    error: ProtocolError | None = None
    try:
        result = parser(value)
    except ProtocolError as exc:
        error = exc
    if error is None:
        check_result(result, model)
    else:
        assert error.detail
        assert "\n" not in error.detail


@pytest.mark.parametrize(("name", "parser", "model", "example"), CASES, ids=IDS)
def test_spec_examples_parse(name: str, parser: Any, model: Any, example: Any) -> None:
    check_result(parser(copy.deepcopy(example)), model)


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_arbitrary_json(value: Any) -> None:
    for _name, parser, model, _example in CASES:
        run(parser, model, copy.deepcopy(value))


@settings(max_examples=250, deadline=None)
@given(data=st.data(), case=st.sampled_from(CASES))
def test_mutated_examples(data: st.DataObject, case: tuple[str, Any, Any, Any]) -> None:
    _name, parser, model, example = case
    run(parser, model, data.draw(mutated(example)))


@SETTINGS
@given(body=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_decoding_bytes(body: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        decode_json(body, "body")
    with contextlib.suppress(ProtocolError):
        CallSettingsResponse.parse(body)


@SETTINGS
@given(
    body=st.binary(max_size=120)
    | st.text(max_size=80).map(str.encode)
    | json_values.map(lambda v: json.dumps(v).encode())
    | mutated({"request": "call.settings", "otherLegNum": "+380442246595", "trunkNum": "0800"}).map(
        lambda v: json.dumps(v).encode()
    ),
    content_type=st.sampled_from(
        ["application/json", "application/x-www-form-urlencoded", "", "text/plain", "a/b; c=d"]
    )
    | st.text(max_size=20),
)
def test_call_settings_requests(body: bytes, content_type: str) -> None:
    try:
        request = CallSettingsRequest.parse(body, content_type)
    except ProtocolError:
        return
    assert request.request == "call.settings"


WIRE_EPOCH = datetime(1973, 3, 4, tzinfo=UTC)  # from here on, milliseconds read back as such


def wire_safe(item: Any) -> bool:
    """True if every time in ``item`` survives the trip to milliseconds and back.

    Before March 1973 a millisecond count is below 10**11 and reads back as seconds, and the
    wire has no room for microseconds; real PBX times are neither.
    """
    if isinstance(item, datetime):
        return item >= WIRE_EPOCH and item.microsecond % 1000 == 0
    if isinstance(item, tuple):
        return all(wire_safe(part) for part in item)
    return all(wire_safe(getattr(item, name)) for name in getattr(item, "__slots__", ()))


@SETTINGS
@given(value=mutated(samples.contact_listed()))
def test_contacts_survive_a_round_trip(value: Any) -> None:
    try:
        contact = parse_contact(value)
    except ProtocolError:
        return
    assume(wire_safe(contact))
    wire = json.loads(json.dumps(contact.to_wire()))
    assert parse_contact(wire) == contact


@SETTINGS
@given(
    value=mutated(samples.note() | {"id": 3, "elementId": 9, "content": "hi", "end": 1431686100})
)
def test_notes_survive_a_round_trip(value: Any) -> None:
    try:
        note = parse_note(value)
    except ProtocolError:
        return
    assume(wire_safe(note))
    wire = json.loads(json.dumps(note.to_wire()))
    assert set(wire) == set(samples.note())
    assert parse_note(wire) == note


@SETTINGS
@given(value=mutated(samples.settings_create()))
def test_call_settings_answers_survive_a_round_trip(value: Any) -> None:
    try:
        answer = CallSettingsResponse.parse(value)
    except ProtocolError:
        return
    assert CallSettingsResponse.parse(answer.to_json()) == answer
