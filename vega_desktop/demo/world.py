"""The seeded world of the simulated PBX: a small Ukrainian company, its CRM and a week of calls.

:func:`build_world` is deterministic for a seed and a "now": the same arguments give the same
employees, contacts, notes and call history, byte for byte. The employees, groups, IVR scenario
and trunks are fixed (:mod:`~vega_desktop.demo.company`); the contacts and notes
(:mod:`~vega_desktop.demo.seed_people`) and the call history
(:mod:`~vega_desktop.demo.seed_history`) are drawn from the seed.

Everything here is plain data (:mod:`~vega_desktop.demo.model`, whose names this module also
offers). :mod:`vega_desktop.demo.pbx` and its parts own the behaviour and the wire formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from vega_desktop.demo.company import IVR, SALES_GROUP, SUPPORT_GROUP, TRUNKS
from vega_desktop.demo.model import (
    ANSWERED,
    BUSY,
    CATEGORY,
    COMPANY,
    CONGESTION,
    EMAIL,
    FAILED,
    FIRST_NAME,
    GROUP,
    INCOMING,
    INTERNAL,
    LAST_NAME,
    MOBILE_PHONE,
    NO_ANSWER,
    OUTGOING,
    PAUSE_OFF,
    PAUSE_ON,
    PHONE,
    SCENARIO,
    USER,
    WORK_EMAIL,
    WORK_PHONE,
    CallRecord,
    Contact,
    ContactField,
    Entity,
    FieldValue,
    Note,
    Trunk,
)
from vega_desktop.demo.seed_history import HistoryBuilder


class Ids:
    """Id counters for objects created after the world was built."""

    def __init__(self, contact: int, field_: int, value: int, note: int) -> None:
        self._next = {"contact": contact, "field": field_, "value": value, "note": note}

    def _take(self, kind: str) -> int:
        value = self._next[kind]
        self._next[kind] = value + 1
        return value

    def contact(self) -> int:
        return self._take("contact")

    def field(self) -> int:
        return self._take("field")

    def value(self) -> int:
        return self._take("value")

    def note(self) -> int:
        return self._take("note")


@dataclass(slots=True)
class World:
    users: list[Entity]
    groups: list[Entity]
    scenarios: list[Entity]
    trunks: list[Trunk]
    contacts: dict[int, Contact]
    notes: dict[int, Note]
    history: list[CallRecord]
    unknown_numbers: list[str]  # E.164 numbers not in the CRM, for live traffic
    ids: Ids

    def user(self, ext: str) -> Entity | None:
        return next((u for u in self.users if u.ext == ext), None)

    def group(self, ext: str) -> Entity | None:
        return next((g for g in self.groups if g.ext == ext), None)


def build_world(seed: int, now: float) -> World:
    """The company, its CRM and a week of call history ending at ``now`` (UNIX seconds)."""
    b = HistoryBuilder(seed, now)
    b.build_contacts()
    b.build_notes()
    unknown = b.build_history()
    return World(
        users=b.users,
        groups=[SALES_GROUP, SUPPORT_GROUP],
        scenarios=[IVR],
        trunks=list(TRUNKS),
        contacts=b.contacts,
        notes=b.notes,
        history=b.history,
        unknown_numbers=unknown,
        ids=Ids(
            b.next_id["contact"] + 10,
            b.next_id["field"] + 10,
            b.next_id["value"] + 10,
            b.next_id["note"] + 10,
        ),
    )


__all__ = [
    "ANSWERED",
    "BUSY",
    "CATEGORY",
    "COMPANY",
    "CONGESTION",
    "EMAIL",
    "FAILED",
    "FIRST_NAME",
    "GROUP",
    "INCOMING",
    "INTERNAL",
    "LAST_NAME",
    "MOBILE_PHONE",
    "NO_ANSWER",
    "OUTGOING",
    "PAUSE_OFF",
    "PAUSE_ON",
    "PHONE",
    "SCENARIO",
    "USER",
    "WORK_EMAIL",
    "WORK_PHONE",
    "CallRecord",
    "Contact",
    "ContactField",
    "Entity",
    "FieldValue",
    "Ids",
    "Note",
    "Trunk",
    "World",
    "build_world",
]
