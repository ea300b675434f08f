"""The plain data of the simulated PBX: users, groups, trunks, CRM contacts, notes and calls.

Codes are the PBX's own: entity types (``USER``, ``GROUP``, ``SCENARIO``), call directions
(``lgDirection``, with the pause records ``PAUSE_ON``/``PAUSE_OFF``), dispositions, and the CRM's
field codes in Ukrainian. :mod:`vega_desktop.demo.world` seeds this data; the other modules give
it behaviour and wire formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

USER = 1
GROUP = 2
SCENARIO = 4

INTERNAL = 1
OUTGOING = 2
INCOMING = 4
PAUSE_ON = 32
PAUSE_OFF = 64

ANSWERED = 0
NO_ANSWER = 1
CONGESTION = 2
FAILED = 3
BUSY = 4

PHONE = "Телефон"
EMAIL = "Email"
FIRST_NAME = "Ім'я"
LAST_NAME = "Прізвище"
COMPANY = "Компанія"
CATEGORY = "Категорія"
WORK_PHONE = "Робочий"
MOBILE_PHONE = "Мобільний"
WORK_EMAIL = "Email робочий"


@dataclass(frozen=True, slots=True)
class Entity:
    """A user (employee), a group (department) or a scenario (IVR menu)."""

    id: int
    type: int  # USER, GROUP or SCENARIO
    ext: str | None
    name: str
    email: str | None = None
    members: tuple[str, ...] = ()  # extensions of a group's users


@dataclass(frozen=True, slots=True)
class Trunk:
    """An external number of the company."""

    number: str  # E.164
    name: str


@dataclass(slots=True)
class FieldValue:
    id: int
    enum_value_code: str
    value: str
    last_modified: int  # ms


@dataclass(slots=True)
class ContactField:
    id: int
    enum_code: str
    values: list[FieldValue]


@dataclass(slots=True)
class Contact:
    """A CRM teler contact. Times are ms, as the CRM sends them."""

    id: int
    first_name: str | None
    last_name: str | None
    company_title: str | None
    last_modified: int
    responsible_user_id: int | None
    date_create: int
    create_user_id: int | None
    fields: list[ContactField]

    def values_of(self, code: str) -> list[str]:
        return [v.value for f in self.fields if f.enum_code == code for v in f.values]

    def phones(self) -> list[str]:
        return self.values_of(PHONE)

    def display_name(self) -> str | None:
        """First and last name, else the name fields, else the company; None when none is set."""
        first = self.first_name or " ".join(self.values_of(FIRST_NAME))
        last = self.last_name or " ".join(self.values_of(LAST_NAME))
        name = f"{first} {last}".strip()
        return name or self.company()

    def company(self) -> str | None:
        values = self.values_of(COMPANY)
        return self.company_title or (values[0] if values else None)

    def search_texts(self) -> list[str]:
        texts = [t for t in (self.first_name, self.last_name, self.company_title) if t]
        texts.extend(v.value for f in self.fields for v in f.values)
        return texts


@dataclass(slots=True)
class Note:
    """A note on a contact; ``call`` holds the call-related keys of a call note."""

    id: int
    contact_id: int
    content: str | None
    date_create: int  # ms
    last_modified: int  # ms
    responsible_user_id: int | None
    note_type: int = 1
    element_type: int = 1
    call: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class CallRecord:
    """A finished call (or a pause on/off record) as the history APIs report it.

    Times are UNIX seconds. ``other_num`` is kept in the form the PBX puts on the wire.
    """

    uuid: str  # 32 hex digits
    direction: int
    leg: Entity | None
    end_at: float
    dial_at: float | None = None
    bridge_at: float | None = None
    parent_uuid: str | None = None
    leg2: Entity | None = None
    other_num: str | None = None
    other_name: str | None = None
    disposition: int | None = None
    transfers: tuple[str, ...] = ()
    transfer_sep: str = " > "
    recording: bool = False
    trunks: tuple[str, ...] = ()  # E.164
    in_company: bool = True  # listed by company.api (and missed.api)
    in_users: bool = True  # listed by users.api
    omit_times: bool = False  # billSecs/duration left out, as in the first company.api example

    @property
    def bill_secs(self) -> int | None:
        if self.direction in (PAUSE_ON, PAUSE_OFF):
            return None
        if self.bridge_at is None:
            return 0
        return max(0, round(self.end_at - self.bridge_at))

    @property
    def duration(self) -> int | None:
        if self.dial_at is None:
            return None
        return max(0, round(self.end_at - self.dial_at))

    @property
    def answered(self) -> bool:
        return self.disposition == ANSWERED
