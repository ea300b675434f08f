"""Typed, immutable models of what the PBX sends and accepts.

Every time is an aware UTC :class:`~datetime.datetime`; every external number is E.164 when it
reads as one (otherwise the trimmed text the PBX sent); every call uuid is 32 lowercase hex
digits. The raw wire forms live only in :mod:`vega_desktop.api.parse`, which builds these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum, StrEnum

from vega_desktop.api.phone import normalize_number

__all__ = [
    "FIELD_COMPANY",
    "FIELD_FIRST_NAME",
    "FIELD_LAST_NAME",
    "FIELD_PHONE",
    "ActiveCall",
    "BatchResult",
    "CallEvent",
    "Contact",
    "ContactField",
    "Direction",
    "Disposition",
    "EntityType",
    "FieldValue",
    "HistoryRecord",
    "Leg",
    "Note",
    "OtherLeg",
    "User",
    "to_millis",
]

#: ``enumCode`` values of CRM teler's typed contact fields, as the spec prints them. The spec warns
#: they "may be different in your account".
FIELD_FIRST_NAME = "Ім'я"
FIELD_LAST_NAME = "Прізвище"
FIELD_PHONE = "Телефон"
FIELD_COMPANY = "Компанія"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_millis(moment: datetime) -> int:
    """Milliseconds since 1970 UTC, as the PBX expects. ``moment`` must be aware."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("expected an aware datetime (with a time zone)")
    delta = moment - _EPOCH
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


def _millis_or_none(moment: datetime | None) -> int | None:
    return None if moment is None else to_millis(moment)


class Direction(IntEnum):
    """``lgDirection``: a call's direction, or a pause switch in users.api and events."""

    INTERNAL = 1
    OUTGOING = 2
    INCOMING = 4
    PAUSE_ON = 32
    PAUSE_OFF = 64


class Disposition(IntEnum):
    """How a finished call ended."""

    ANSWERED = 0
    NO_ANSWER = 1
    CONGESTION = 2
    FAILED = 3
    BUSY = 4


class EntityType(IntEnum):
    """What ``leg`` is in the histories: a user, a group (department) or an IVR scenario."""

    USER = 1
    GROUP = 2
    SCENARIO = 4


class CallEvent(StrEnum):
    """A call's life-cycle event (webhook ``event``, active call ``lastEvent``)."""

    DIAL = "call.dial"
    BRIDGE = "call.bridge"
    HANGUP = "call.hangup"


@dataclass(frozen=True, slots=True)
class Leg:
    """An employee (or, in the histories, a group or scenario) on the company's side of a call."""

    id: int | None
    ext: str | None
    display_name: str | None
    type: EntityType | None = None


@dataclass(frozen=True, slots=True)
class OtherLeg:
    """What one connected CRM knows about the external party."""

    id: str | None
    name: str | None
    num: str | None
    company_name: str | None
    url: str | None
    priority: int | None = None


@dataclass(frozen=True, slots=True)
class ActiveCall:
    """One call in progress (``GET /rest/calls/active/v3``)."""

    uuid: str
    parent_uuid: str | None
    last_event: CallEvent | None
    dial_at: datetime | None
    bridge_at: datetime | None
    direction: Direction
    leg: Leg | None
    leg2: Leg | None
    other_legs: tuple[OtherLeg, ...]
    trunk_num: str | None
    trunk_name: str | None

    @property
    def answered(self) -> bool:
        """True once the call was bridged (answered)."""
        return self.bridge_at is not None or self.last_event is CallEvent.BRIDGE

    @property
    def other_number(self) -> str | None:
        """The external party's number, from the highest-priority CRM answer."""
        for other in self.other_legs:
            if other.num:
                return other.num
        return None


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One finished call (company.api, missed.api or users.api)."""

    uuid: str
    parent_uuid: str | None
    end_at: datetime | None
    direction: Direction
    other_leg_num: str | None
    other_leg_name: str | None
    leg: Leg | None
    leg2: Leg | None
    bill_secs: int | None
    duration: int | None
    disposition: Disposition | None
    transfer_history: tuple[str, ...]
    audio_url: str | None
    trunks: tuple[str, ...]

    @property
    def answered(self) -> bool:
        return self.disposition is Disposition.ANSWERED


@dataclass(frozen=True, slots=True)
class User:
    """An employee with a PBX account (``GET /rest/users``)."""

    id: int
    display_name: str
    ext: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One value of a contact field (a phone, an e-mail, a name…)."""

    id: int | None
    enum_value_code: str | None
    value: str
    last_modified: datetime | None = None

    def to_wire(self) -> dict[str, object]:
        wire: dict[str, object] = {}
        if self.id is not None:
            wire["id"] = self.id
        wire["enumValueCode"] = self.enum_value_code
        if self.last_modified is not None:
            wire["lastModified"] = to_millis(self.last_modified)
        wire["value"] = self.value
        return wire


@dataclass(frozen=True, slots=True)
class ContactField:
    """A typed contact field (``enumCode``) with its values."""

    id: int | None
    enum_code: str
    values: tuple[FieldValue, ...] = ()

    def to_wire(self) -> dict[str, object]:
        wire: dict[str, object] = {}
        if self.id is not None:
            wire["id"] = self.id
        wire["enumCode"] = self.enum_code
        wire["values"] = [value.to_wire() for value in self.values]
        return wire


@dataclass(frozen=True, slots=True)
class Contact:
    """A CRM teler contact."""

    id: int | None
    first_name: str | None = None
    last_name: str | None = None
    company_title: str | None = None
    last_modified: datetime | None = None
    responsible_user_id: int | None = None
    date_create: datetime | None = None
    create_user_id: int | None = None
    fields: tuple[ContactField, ...] = ()

    def field_values(self, enum_code: str) -> tuple[str, ...]:
        """The non-blank values of every field with this ``enumCode``, in order."""
        return tuple(
            value.value.strip()
            for field in self.fields
            if field.enum_code == enum_code
            for value in field.values
            if value.value.strip()
        )

    @property
    def phones(self) -> tuple[str, ...]:
        """The contact's phone numbers, normalised (E.164 where possible), without repeats."""
        result: list[str] = []
        for raw in self.field_values(FIELD_PHONE):
            number = normalize_number(raw)
            if number is not None and number not in result:
                result.append(number)
        return tuple(result)

    @property
    def company(self) -> str | None:
        if self.company_title and self.company_title.strip():
            return self.company_title.strip()
        companies = self.field_values(FIELD_COMPANY)
        return companies[0] if companies else None

    @property
    def display_name(self) -> str:
        """First and last name, else the name fields, else the company, else the first phone."""
        parts = [p.strip() for p in (self.first_name, self.last_name) if p and p.strip()]
        if not parts:
            firsts = self.field_values(FIELD_FIRST_NAME)
            lasts = self.field_values(FIELD_LAST_NAME)
            parts = [*firsts[:1], *lasts[:1]]
        if parts:
            return " ".join(parts)
        company = self.company
        if company:
            return company
        phones = self.phones
        return phones[0] if phones else ""

    def to_wire(self) -> dict[str, object]:
        """The JSON body for update and batch upload (times back in milliseconds)."""
        wire: dict[str, object] = {}
        if self.id is not None:
            wire["id"] = self.id
        wire["firstName"] = self.first_name
        wire["lastName"] = self.last_name
        wire["companyTitle"] = self.company_title
        optional = {
            "lastModified": _millis_or_none(self.last_modified),
            "responsibleUserId": self.responsible_user_id,
            "dateCreate": _millis_or_none(self.date_create),
            "createUserId": self.create_user_id,
        }
        wire.update({key: value for key, value in optional.items() if value is not None})
        wire["fields"] = [field.to_wire() for field in self.fields]
        return wire


@dataclass(frozen=True, slots=True)
class Note:
    """A note on a CRM teler contact.

    The spec only shows an all-placeholder example, so a ``0`` number or time and an ``""``
    string are read as "not set" (``None``); :meth:`to_wire` writes them back the same way.
    """

    id: int | None = None
    contact_id: int | None = None
    content: str | None = None
    date_create: datetime | None = None
    last_modified: datetime | None = None
    responsible_user_id: int | None = None
    note_type: int | None = None
    element_type: int | None = None
    other_leg_num: str | None = None
    other_leg_name: str | None = None
    status: str | None = None
    error_msg: str | None = None
    uuid: str | None = None
    end: datetime | None = None
    leg_id: int | None = None
    logic_direction: int | None = None
    bill_sec: int | None = None
    record_link: str | None = None
    trunk: str | None = None
    tag: str | None = None

    def to_wire(self) -> dict[str, object]:
        """The note object in the spec's shape, placeholders (``0``, ``""``) for unset values."""

        def num(value: int | None) -> int:
            return 0 if value is None else value

        def time(value: datetime | None) -> int:
            return 0 if value is None else to_millis(value)

        def text(value: str | None) -> str:
            return "" if value is None else value

        return {
            "id": num(self.id),
            "elementId": num(self.contact_id),
            "elementType": num(self.element_type),
            "noteType": num(self.note_type),
            "dateCreate": time(self.date_create),
            "lastModified": time(self.last_modified),
            "content": self.content,
            "responsibleUserId": num(self.responsible_user_id),
            "otherLegNum": text(self.other_leg_num),
            "otherLegName": self.other_leg_name,
            "status": self.status,
            "errorMsg": self.error_msg,
            "uuid": text(self.uuid),
            "end": time(self.end),
            "legId": num(self.leg_id),
            "logicDirection": num(self.logic_direction),
            "billSec": num(self.bill_sec),
            "recordLink": text(self.record_link),
            "trunk": text(self.trunk),
            "tag": text(self.tag),
        }


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The answer to a batch upload of contacts."""

    succeeded: int
    failed: int
