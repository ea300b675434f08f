"""Decoded JSON from the PBX -> typed models, tolerant of every variant the spec shows.

The tolerance rules (the spec's list of inconsistencies):

- a time is seconds if it is below ``10**11``, milliseconds otherwise; it may be an int, a float
  or a digit string; ``0`` and ``null`` mean "not set";
- ids may be numbers or strings; uuids may be dashed (8-4-4-4-12) or plain, and always come out
  as 32 lowercase hex digits;
- ``otherLegs`` may be ``null``, missing or a list (sorted by ``priority``, unknown last);
- ``transferHistory`` is ``'017> 019'``, ``'003 > 001'``, a single ``'017'`` or ``null``;
- ``trunk`` is ``"o=380442249895;"`` or several such items; numbers come in every notation;
- ``billSecs``/``duration``/``parentUuid``/``leg.type`` may be missing, ``leg2`` ``null``;
- directions 32/64 (pause on/off) are accepted everywhere;
- contact lists may arrive as a single object; note placeholders ``0``/``""`` mean "not set";
- unknown fields are ignored.

Anything else that breaks the spec — a missing ``uuid`` or ``lgDirection``, a value of the wrong
JSON type, an unknown enum value — raises :class:`~vega_desktop.api.errors.ProtocolError`, whose
detail names the offending field. No other exception escapes these functions.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from enum import Enum, IntEnum
from typing import TypeVar

from vega_desktop.api.errors import ProtocolError
from vega_desktop.api.models import (
    ActiveCall,
    BatchResult,
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
    User,
)
from vega_desktop.api.phone import normalize_number, split_trunks

__all__ = [
    "SECONDS_LIMIT",
    "decode_json",
    "normalize_uuid",
    "parse_active_call",
    "parse_active_calls",
    "parse_batch_result",
    "parse_contact",
    "parse_contacts",
    "parse_history",
    "parse_history_record",
    "parse_leg",
    "parse_make_call",
    "parse_note",
    "parse_notes",
    "parse_ok",
    "parse_other_legs",
    "parse_time",
    "parse_transfer_history",
    "parse_user",
    "parse_users",
]

#: Times below this are seconds since 1970, at or above it milliseconds (10**11 s is year 5138).
SECONDS_LIMIT = 10**11

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_INT_TEXT = re.compile(r"^\s*[0-9]{1,18}\s*$")
_NUMBER_TEXT = re.compile(r"^\s*[0-9]{1,18}(?:\.[0-9]{1,9})?\s*$")
_PLAIN_UUID = re.compile(r"^[0-9a-f]{32}$")
_DASHED_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

_E = TypeVar("_E", bound=Enum)
_T = TypeVar("_T")


# --------------------------------------------------------------------------- primitives


def json_kind(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def decode_json(content: bytes, what: str) -> object:
    """Decode a response body; anything that is not JSON is a :class:`ProtocolError`."""
    try:
        return json.loads(content)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        raise ProtocolError(f"{what}: the answer is not valid JSON") from exc


def _fail(path: str, expected: str, value: object) -> ProtocolError:
    return ProtocolError(f"{path}: expected {expected}, got {json_kind(value)}")


def as_int(value: object, path: str) -> int:
    """An integer from a JSON number (integral) or a digit string."""
    if isinstance(value, bool):
        raise _fail(path, "an integer", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_TEXT.match(value):
        return int(value)
    raise _fail(path, "an integer", value)


def opt_int(value: object, path: str) -> int | None:
    return None if value is None else as_int(value, path)


def opt_id(value: object, path: str) -> int | None:
    """A numeric id that may be sent as a number or a string; ``null``/``""`` -> ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return as_int(value, path)


def opt_text_id(value: object, path: str) -> str | None:
    """An id kept as text (``otherLegs[].id`` is ``1`` in one example and ``"6137"`` in another)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(as_int(value, path)) if isinstance(value, float) else str(value)
    raise _fail(path, "a string or a number", value)


def opt_str(value: object, path: str) -> str | None:
    """A string, trimmed; blank text is ``None``."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    raise _fail(path, "a string", value)


def opt_number_text(value: object, path: str) -> str | None:
    """A phone number or an extension, which some writers send as a JSON number."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _fail(path, "a string", value)


def opt_phone(value: object, path: str, region: str) -> str | None:
    return normalize_number(opt_number_text(value, path), region)


def opt_bool(value: object, path: str) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _fail(path, "a boolean", value)


def parse_time(value: object, path: str = "time") -> datetime | None:
    """A PBX time: seconds below :data:`SECONDS_LIMIT`, else milliseconds; ``0``/null -> None."""
    if value is None:
        return None
    number: int | float
    if isinstance(value, bool):
        raise _fail(path, "a time", value)
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str) and _NUMBER_TEXT.match(value):
        text = value.strip()
        number = float(text) if "." in text else int(text)
    elif isinstance(value, str) and not value.strip():
        return None
    else:
        raise _fail(path, "a time", value)
    if not math.isfinite(number) or number < 0:
        raise ProtocolError(f"{path}: not a valid time")
    if number == 0:
        return None
    try:
        if number < SECONDS_LIMIT:
            return _EPOCH + timedelta(seconds=number)
        return _EPOCH + timedelta(milliseconds=number)
    except (OverflowError, ValueError) as exc:
        raise ProtocolError(f"{path}: the time is out of range") from exc


def normalize_uuid(value: str) -> str | None:
    """32 lowercase hex digits from a plain or dashed uuid, or ``None`` if it is not one."""
    text = value.strip().lower()
    if _PLAIN_UUID.match(text):
        return text
    if _DASHED_UUID.match(text):
        return text.replace("-", "")
    return None


def as_uuid(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, "a uuid string", value)
    uuid = normalize_uuid(value)
    if uuid is None:
        raise ProtocolError(f"{path}: not a uuid (32 hex digits, dashed or not)")
    return uuid


def opt_uuid(value: object, path: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return as_uuid(value, path)


def as_enum(enum: type[_E], value: object, path: str) -> _E:
    raw: object = value
    if issubclass(enum, IntEnum):
        raw = as_int(value, path)
    elif not isinstance(value, str):
        raise _fail(path, "a string", value)
    try:
        return enum(raw)
    except ValueError:
        raise ProtocolError(f"{path}: unknown value for {enum.__name__}") from None


def opt_enum(enum: type[_E], value: object, path: str) -> _E | None:
    return None if value is None else as_enum(enum, value, path)


class Fields:
    """A JSON object being read, with the path used in error messages."""

    __slots__ = ("_data", "path")

    def __init__(self, value: object, path: str) -> None:
        if not isinstance(value, dict):
            raise _fail(path, "an object", value)
        self._data: Mapping[str, object] = value
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def get(self, key: str) -> object:
        return self._data.get(key)

    def has(self, key: str) -> bool:
        return key in self._data

    def require(self, key: str) -> object:
        if key not in self._data or self._data[key] is None:
            raise ProtocolError(f"{self.at(key)}: required field is missing")
        return self._data[key]


def as_list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise _fail(path, "an array", value)
    return value


def _each(value: object, path: str, parse: Callable[[object, str], _T]) -> list[_T]:
    return [parse(item, f"{path}[{index}]") for index, item in enumerate(as_list(value, path))]


# --------------------------------------------------------------------------- legs and calls


def parse_leg(value: object, path: str = "leg") -> Leg | None:
    """``leg``/``leg2``: ``null`` -> ``None``; ``type`` is optional (absent in events)."""
    if value is None:
        return None
    obj = Fields(value, path)
    return Leg(
        id=opt_id(obj.get("id"), obj.at("id")),
        ext=opt_number_text(obj.get("ext"), obj.at("ext")),
        display_name=opt_str(obj.get("displayName"), obj.at("displayName")),
        type=opt_enum(EntityType, obj.get("type"), obj.at("type")),
    )


def _parse_other_leg(value: object, path: str, region: str) -> OtherLeg:
    obj = Fields(value, path)
    return OtherLeg(
        id=opt_text_id(obj.get("id"), obj.at("id")),
        name=opt_str(obj.get("name"), obj.at("name")),
        num=opt_phone(obj.get("num"), obj.at("num"), region),
        company_name=opt_str(obj.get("companyName"), obj.at("companyName")),
        url=opt_str(obj.get("url"), obj.at("url")),
        priority=opt_int(obj.get("priority"), obj.at("priority")),
    )


def parse_other_legs(
    value: object, path: str = "otherLegs", region: str = "UA"
) -> tuple[OtherLeg, ...]:
    """``otherLegs``: ``null``/missing -> ``()``; a list -> sorted by priority, unknown last."""
    if value is None:
        return ()
    legs = _each(value, path, lambda item, where: _parse_other_leg(item, where, region))
    ranked = sorted(
        enumerate(legs),
        key=lambda pair: (pair[1].priority is None, pair[1].priority or 0, pair[0]),
    )
    return tuple(leg for _, leg in ranked)


def parse_active_call(value: object, path: str = "active call", region: str = "UA") -> ActiveCall:
    obj = Fields(value, path)
    return ActiveCall(
        uuid=as_uuid(obj.require("uuid"), obj.at("uuid")),
        parent_uuid=opt_uuid(obj.get("parentUuid"), obj.at("parentUuid")),
        last_event=opt_enum(CallEvent, obj.get("lastEvent"), obj.at("lastEvent")),
        dial_at=parse_time(obj.get("dialAt"), obj.at("dialAt")),
        bridge_at=parse_time(obj.get("bridgeAt"), obj.at("bridgeAt")),
        direction=as_enum(Direction, obj.require("lgDirection"), obj.at("lgDirection")),
        leg=parse_leg(obj.get("leg"), obj.at("leg")),
        leg2=parse_leg(obj.get("leg2"), obj.at("leg2")),
        other_legs=parse_other_legs(obj.get("otherLegs"), obj.at("otherLegs"), region),
        trunk_num=opt_phone(obj.get("trunkNum"), obj.at("trunkNum"), region),
        trunk_name=opt_str(obj.get("trunkName"), obj.at("trunkName")),
    )


def parse_active_calls(value: object, region: str = "UA") -> list[ActiveCall]:
    """The body of ``GET /rest/calls/active/v3``: a JSON array of calls."""
    return _each(value, "active calls", lambda item, where: parse_active_call(item, where, region))


# --------------------------------------------------------------------------- histories


def parse_transfer_history(value: object, path: str = "transferHistory") -> tuple[str, ...]:
    """``'017> 019'`` / ``'003 > 001'`` -> extensions in order; ``'017'`` -> one; null -> ()."""
    if value is None:
        return ()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _fail(path, "a string", value)
    return tuple(part.strip() for part in value.split(">") if part.strip())


def _opt_trunks(value: object, path: str, region: str) -> tuple[str, ...]:
    return split_trunks(opt_number_text(value, path), region)


def parse_history_record(
    value: object, path: str = "history record", region: str = "UA"
) -> HistoryRecord:
    obj = Fields(value, path)
    return HistoryRecord(
        uuid=as_uuid(obj.require("uuid"), obj.at("uuid")),
        parent_uuid=opt_uuid(obj.get("parentUuid"), obj.at("parentUuid")),
        end_at=parse_time(obj.get("endAt"), obj.at("endAt")),
        direction=as_enum(Direction, obj.require("lgDirection"), obj.at("lgDirection")),
        other_leg_num=opt_phone(obj.get("otherLegNum"), obj.at("otherLegNum"), region),
        other_leg_name=opt_str(obj.get("otherLegName"), obj.at("otherLegName")),
        leg=parse_leg(obj.get("leg"), obj.at("leg")),
        leg2=parse_leg(obj.get("leg2"), obj.at("leg2")),
        bill_secs=opt_int(obj.get("billSecs"), obj.at("billSecs")),
        duration=opt_int(obj.get("duration"), obj.at("duration")),
        disposition=opt_enum(Disposition, obj.get("disposition"), obj.at("disposition")),
        transfer_history=parse_transfer_history(
            obj.get("transferHistory"), obj.at("transferHistory")
        ),
        audio_url=opt_str(obj.get("audioRecUrl"), obj.at("audioRecUrl")),
        trunks=_opt_trunks(obj.get("trunk"), obj.at("trunk"), region),
    )


def parse_history(value: object, region: str = "UA") -> list[HistoryRecord]:
    """The body of company.api, missed.api or users.api: a JSON array of records."""
    return _each(value, "history", lambda item, where: parse_history_record(item, where, region))


# --------------------------------------------------------------------------- users


def parse_user(value: object, path: str = "user") -> User:
    obj = Fields(value, path)
    ext = opt_number_text(obj.get("ext"), obj.at("ext"))
    name = opt_str(obj.get("displayName"), obj.at("displayName"))
    return User(
        id=as_int(obj.require("id"), obj.at("id")),
        display_name=name or ext or "",
        ext=ext,
        email=opt_str(obj.get("email"), obj.at("email")),
    )


def parse_users(value: object) -> list[User]:
    """The body of ``GET /rest/users``."""
    return _each(value, "users", parse_user)


# --------------------------------------------------------------------------- contacts and notes


def _parse_field_value(value: object, path: str) -> FieldValue:
    obj = Fields(value, path)
    return FieldValue(
        id=opt_id(obj.get("id"), obj.at("id")),
        enum_value_code=opt_str(obj.get("enumValueCode"), obj.at("enumValueCode")),
        value=opt_number_text(obj.get("value"), obj.at("value")) or "",
        last_modified=parse_time(obj.get("lastModified"), obj.at("lastModified")),
    )


def _parse_contact_field(value: object, path: str) -> ContactField:
    obj = Fields(value, path)
    values = obj.get("values")
    return ContactField(
        id=opt_id(obj.get("id"), obj.at("id")),
        enum_code=opt_str(obj.get("enumCode"), obj.at("enumCode")) or "",
        values=() if values is None else tuple(_each(values, obj.at("values"), _parse_field_value)),
    )


def parse_contact(value: object, path: str = "contact") -> Contact:
    obj = Fields(value, path)
    fields = obj.get("fields")
    return Contact(
        id=opt_id(obj.get("id"), obj.at("id")),
        first_name=opt_str(obj.get("firstName"), obj.at("firstName")),
        last_name=opt_str(obj.get("lastName"), obj.at("lastName")),
        company_title=opt_str(obj.get("companyTitle"), obj.at("companyTitle")),
        last_modified=parse_time(obj.get("lastModified"), obj.at("lastModified")),
        responsible_user_id=opt_id(obj.get("responsibleUserId"), obj.at("responsibleUserId")),
        date_create=parse_time(obj.get("dateCreate"), obj.at("dateCreate")),
        create_user_id=opt_id(obj.get("createUserId"), obj.at("createUserId")),
        fields=()
        if fields is None
        else tuple(_each(fields, obj.at("fields"), _parse_contact_field)),
    )


def parse_contacts(value: object) -> list[Contact]:
    """A contact list: a JSON array, or (as the spec prints it) a single contact object."""
    if isinstance(value, dict):
        return [parse_contact(value, "contacts[0]")]
    return _each(value, "contacts", parse_contact)


def _placeholder_id(value: object, path: str) -> int | None:
    number = opt_id(value, path)
    return None if number == 0 else number


def parse_note(value: object, path: str = "note") -> Note:
    """A note; ``0`` numbers and times and ``""`` strings (the spec's placeholders) -> None."""
    obj = Fields(value, path)

    def num(key: str) -> int | None:
        return _placeholder_id(obj.get(key), obj.at(key))

    def text(key: str) -> str | None:
        return opt_number_text(obj.get(key), obj.at(key))

    def time(key: str) -> datetime | None:
        return parse_time(obj.get(key), obj.at(key))

    raw_uuid = opt_str(obj.get("uuid"), obj.at("uuid"))
    content = obj.get("content")
    if content is not None and not isinstance(content, str):
        raise _fail(obj.at("content"), "a string", content)
    return Note(
        id=num("id"),
        contact_id=num("elementId"),
        content=content or None,
        date_create=time("dateCreate"),
        last_modified=time("lastModified"),
        responsible_user_id=num("responsibleUserId"),
        note_type=num("noteType"),
        element_type=num("elementType"),
        other_leg_num=text("otherLegNum"),
        other_leg_name=opt_str(obj.get("otherLegName"), obj.at("otherLegName")),
        status=text("status"),
        error_msg=opt_str(obj.get("errorMsg"), obj.at("errorMsg")),
        uuid=None if raw_uuid is None else (normalize_uuid(raw_uuid) or raw_uuid),
        end=time("end"),
        leg_id=num("legId"),
        logic_direction=num("logicDirection"),
        bill_sec=num("billSec"),
        record_link=opt_str(obj.get("recordLink"), obj.at("recordLink")),
        trunk=text("trunk"),
        tag=opt_str(obj.get("tag"), obj.at("tag")),
    )


def parse_notes(value: object) -> list[Note]:
    """A contact's notes: a JSON array (a single object is accepted as a list of one)."""
    if isinstance(value, dict):
        return [parse_note(value, "notes[0]")]
    return _each(value, "notes", parse_note)


def parse_batch_result(value: object) -> BatchResult:
    obj = Fields(value, "batch result")
    failed = obj.get("failed")
    return BatchResult(
        succeeded=as_int(obj.require("succeeded"), obj.at("succeeded")),
        failed=0 if failed is None else as_int(failed, obj.at("failed")),
    )


# --------------------------------------------------------------------------- small bodies


def parse_make_call(value: object) -> str:
    """``{"uuid": "47a9…"}`` (a bare uuid string is accepted too) -> the normalised uuid."""
    if isinstance(value, str):
        return as_uuid(value, "makeCall")
    obj = Fields(value, "makeCall")
    return as_uuid(obj.require("uuid"), obj.at("uuid"))


def parse_ok(value: object, what: str) -> None:
    """Success bodies of update/delete calls: the spec shows the bare value ``1``.

    ``1``, ``true``, ``"1"``, an empty body (``None``) and objects are accepted; ``0`` or
    ``false`` mean the PBX refused, which the spec does not allow with a 200.
    """
    if value is False or (isinstance(value, int | float) and value == 0) or value == "0":
        raise ProtocolError(f"{what}: the PBX answered 200 but reported failure")
