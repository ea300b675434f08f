"""What the CLI prints: :class:`Output` (stdout for results, stderr for notes), the human tables,
and the stable JSON shapes of ``--json`` (snake_case keys, ISO-8601 times, E.164 numbers)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final, TextIO

from vega_desktop.api import (
    ActiveCall,
    Contact,
    Direction,
    Disposition,
    HistoryRecord,
    Leg,
    Note,
    OtherLeg,
    User,
)
from vega_desktop.api.phone import format_number
from vega_desktop.cli.errors import PROG

_DIRECTION_NAMES: Final = {
    Direction.INTERNAL: "internal",
    Direction.OUTGOING: "outgoing",
    Direction.INCOMING: "incoming",
    Direction.PAUSE_ON: "pause_on",
    Direction.PAUSE_OFF: "pause_off",
}
_DISPOSITION_NAMES: Final = {
    Disposition.ANSWERED: "answered",
    Disposition.NO_ANSWER: "no_answer",
    Disposition.CONGESTION: "congestion",
    Disposition.FAILED: "failed",
    Disposition.BUSY: "busy",
}


class Output:
    """Where results and messages go. JSON goes to stdout only; notes to stderr."""

    def __init__(self, *, as_json: bool, stdout: TextIO, stderr: TextIO) -> None:
        self.as_json = as_json
        self.stdout = stdout
        self.stderr = stderr

    def json(self, data: object) -> None:
        json.dump(data, self.stdout, ensure_ascii=False, indent=2)
        self.stdout.write("\n")

    def line(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def note(self, text: str) -> None:
        self.stderr.write(f"{PROG}: {text}\n")

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> None:
        body = [[_one_line(cell) for cell in row] for row in rows]
        if not body:
            self.line(empty)
            return
        widths = [len(h) for h in headers]
        for row in body:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
        for row in [list(headers), *body]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
            self.line("  ".join(cells).rstrip())


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:59] + "…"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment is not None else ""


def _secs(value: int | None) -> str:
    if value is None:
        return ""
    minutes, seconds = divmod(value, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def _num(number: str | None, region: str) -> str:
    return format_number(number, region) if number else ""


def _direction(direction: Direction) -> str:
    return _DIRECTION_NAMES.get(direction, str(int(direction)))


def _leg_json(leg: Leg | None) -> dict[str, object] | None:
    if leg is None:
        return None
    return {
        "id": leg.id,
        "ext": leg.ext,
        "display_name": leg.display_name,
        "type": leg.type.name.lower() if leg.type is not None else None,
    }


def _leg_text(leg: Leg | None) -> str:
    if leg is None:
        return ""
    return " ".join(part for part in (leg.ext, leg.display_name) if part)


def _other_leg_json(other: OtherLeg) -> dict[str, object]:
    return {
        "id": other.id,
        "name": other.name,
        "num": other.num,
        "company_name": other.company_name,
        "url": other.url,
        "priority": other.priority,
    }


def call_json(call: ActiveCall) -> dict[str, object]:
    return {
        "uuid": call.uuid,
        "parent_uuid": call.parent_uuid,
        "direction": _direction(call.direction),
        "state": "answered" if call.answered else "ringing",
        "last_event": str(call.last_event) if call.last_event is not None else None,
        "dial_at": _iso(call.dial_at),
        "bridge_at": _iso(call.bridge_at),
        "leg": _leg_json(call.leg),
        "leg2": _leg_json(call.leg2),
        "other_number": call.other_number,
        "other_legs": [_other_leg_json(o) for o in call.other_legs],
        "trunk_num": call.trunk_num,
        "trunk_name": call.trunk_name,
    }


def history_json(record: HistoryRecord) -> dict[str, object]:
    disposition = record.disposition
    return {
        "uuid": record.uuid,
        "parent_uuid": record.parent_uuid,
        "end_at": _iso(record.end_at),
        "direction": _direction(record.direction),
        "disposition": _DISPOSITION_NAMES.get(disposition) if disposition is not None else None,
        "other_number": record.other_leg_num,
        "other_name": record.other_leg_name,
        "leg": _leg_json(record.leg),
        "leg2": _leg_json(record.leg2),
        "bill_secs": record.bill_secs,
        "duration": record.duration,
        "transfer_history": list(record.transfer_history),
        "audio_url": record.audio_url,
        "trunks": list(record.trunks),
    }


def user_json(user: User) -> dict[str, object]:
    return {"id": user.id, "ext": user.ext, "display_name": user.display_name, "email": user.email}


def contact_json(contact: Contact) -> dict[str, object]:
    return {
        "id": contact.id,
        "display_name": contact.display_name,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "company": contact.company,
        "phones": list(contact.phones),
        "responsible_user_id": contact.responsible_user_id,
        "create_user_id": contact.create_user_id,
        "date_create": _iso(contact.date_create),
        "last_modified": _iso(contact.last_modified),
        "fields": [
            {
                "id": f.id,
                "code": f.enum_code,
                "values": [
                    {
                        "id": v.id,
                        "code": v.enum_value_code,
                        "value": v.value,
                        "last_modified": _iso(v.last_modified),
                    }
                    for v in f.values
                ],
            }
            for f in contact.fields
        ],
    }


def note_json(note: Note) -> dict[str, object]:
    return {
        "id": note.id,
        "contact_id": note.contact_id,
        "content": note.content,
        "date_create": _iso(note.date_create),
        "last_modified": _iso(note.last_modified),
        "responsible_user_id": note.responsible_user_id,
        "note_type": note.note_type,
        "call_uuid": note.uuid,
        "other_number": note.other_leg_num,
        "other_name": note.other_leg_name,
        "record_link": note.record_link,
    }


# --------------------------------------------------------------------------------------------
# what the commands show: JSON with --json, a table (or lines) otherwise


def show_calls(out: Output, calls: Sequence[ActiveCall], region: str) -> None:
    if out.as_json:
        out.json([call_json(c) for c in calls])
        return
    rows = []
    for call in calls:
        other = call.other_legs[0] if call.other_legs else None
        party = _num(call.other_number, region)
        if other is not None and other.name and other.name != call.other_number:
            party = f"{party} ({other.name})" if party else other.name
        if call.direction is Direction.INTERNAL:
            party = _leg_text(call.leg2)
        rows.append(
            [
                call.uuid,
                _direction(call.direction),
                "answered" if call.answered else "ringing",
                _local(call.dial_at),
                _leg_text(call.leg),
                party,
                _num(call.trunk_num, region),
            ]
        )
    out.table(
        ["UUID", "DIRECTION", "STATE", "STARTED", "EMPLOYEE", "OTHER PARTY", "TRUNK"],
        rows,
        "No active calls.",
    )


def _history_rows(records: Sequence[HistoryRecord], region: str) -> list[list[str]]:
    rows = []
    for r in records:
        if r.direction is Direction.INTERNAL:
            party = _leg_text(r.leg2)
        else:
            party = _num(r.other_leg_num, region)
            if r.other_leg_name and r.other_leg_name != r.other_leg_num:
                party = f"{party} ({r.other_leg_name})" if party else r.other_leg_name
        disposition = r.disposition
        rows.append(
            [
                _local(r.end_at),
                _direction(r.direction),
                _leg_text(r.leg),
                party,
                _secs(r.duration),
                _secs(r.bill_secs),
                _DISPOSITION_NAMES.get(disposition, "") if disposition is not None else "",
                r.uuid,
            ]
        )
    return rows


def show_history(out: Output, records: Sequence[HistoryRecord], region: str, empty: str) -> None:
    if out.as_json:
        out.json([history_json(r) for r in records])
        return
    out.table(
        ["ENDED", "DIRECTION", "EMPLOYEE", "OTHER PARTY", "TOTAL", "TALK", "RESULT", "UUID"],
        _history_rows(records, region),
        empty,
    )


def show_users(out: Output, users: Sequence[User]) -> None:
    if out.as_json:
        out.json([user_json(u) for u in users])
    else:
        rows = [[str(u.id), u.ext or "", u.display_name, u.email or ""] for u in users]
        out.table(["ID", "EXT", "NAME", "EMAIL"], rows, "No users.")


def show_contacts(out: Output, contacts: Sequence[Contact], region: str) -> None:
    if out.as_json:
        out.json([contact_json(c) for c in contacts])
        return
    rows = [
        [
            str(c.id) if c.id is not None else "",
            c.display_name,
            c.company or "",
            ", ".join(_num(p, region) for p in c.phones),
        ]
        for c in contacts
    ]
    out.table(["ID", "NAME", "COMPANY", "PHONES"], rows, "No contacts found.")


def show_contact(out: Output, contact: Contact, region: str) -> None:
    if out.as_json:
        out.json(contact_json(contact))
        return
    out.line(f"{'id:':<14}{contact.id}")
    out.line(f"{'name:':<14}{contact.display_name}")
    if contact.company:
        out.line(f"{'company:':<14}{contact.company}")
    if contact.phones:
        out.line(f"{'phones:':<14}{', '.join(_num(p, region) for p in contact.phones)}")
    if contact.date_create:
        out.line(f"{'created:':<14}{_local(contact.date_create)}")
    if contact.last_modified:
        out.line(f"{'modified:':<14}{_local(contact.last_modified)}")
    for f in contact.fields:
        for v in f.values:
            label = f.enum_code
            if v.enum_value_code and v.enum_value_code != f.enum_code:
                label = f"{label} ({v.enum_value_code})"
            out.line(f"  {label}: {_one_line(v.value)}")


def show_notes(out: Output, notes: Sequence[Note]) -> None:
    if out.as_json:
        out.json([note_json(n) for n in notes])
    else:
        rows = [[str(n.id or ""), _local(n.date_create), n.content or ""] for n in notes]
        out.table(["ID", "CREATED", "TEXT"], rows, "No notes.")


def show_note(out: Output, note: Note, verb: str) -> None:
    """One note just added or updated (``verb``: "Added", "Updated")."""
    if out.as_json:
        out.json(note_json(note))
    else:
        out.line(f"{verb} note {note.id} on contact {note.contact_id}.")
