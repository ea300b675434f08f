"""CRM teler of the simulated PBX: contacts (search, edit, batch import) and notes on them.

The contacts live in the world (:attr:`World.contacts <vega_desktop.demo.world.World>`), keyed
by id and listed in id order; numbers match in any written form (``+380…``, ``380…``, ``0…``).
On the wire times are milliseconds, and a contact in a list leaves out ``firstName``/
``lastName`` when it has neither, as the spec's list example does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from vega_desktop.demo import phones
from vega_desktop.demo.clock import Clock
from vega_desktop.demo.errors import (
    BadRequestError,
    NotFoundError,
    PbxError,
    as_int,
    optional_int,
    optional_str,
)
from vega_desktop.demo.model import EMAIL, PHONE, Contact, ContactField, FieldValue, Note
from vega_desktop.demo.wire import Json, to_ms
from vega_desktop.demo.world import World

CONTACTS_PAGE_MAX = 60
CONTACTS_PAGE_DEFAULT = 30


class Crm:
    """The contacts and notes of ``world``; new ones belong to the operator unless told."""

    def __init__(self, world: World, clock: Clock, operator_ext: str) -> None:
        self._world = world
        self._clock = clock
        self._operator_ext = operator_ext

    def _now_ms(self) -> int:
        return to_ms(self._clock())

    def _operator_id(self) -> int | None:
        operator = self._world.user(self._operator_ext)
        return operator.id if operator else None

    # --- contacts ----------------------------------------------------------------------------

    def _by_id(self) -> list[Contact]:
        return sorted(self._world.contacts.values(), key=lambda c: c.id)

    def _with_numbers(self, keys: set[str]) -> Iterator[Contact]:
        """Contacts with a phone whose match key is one of ``keys``, by id."""
        return (c for c in self._by_id() if keys & {phones.match_key(p) for p in c.phones()})

    def contact_numbers(self) -> list[str]:
        return [c.phones()[0] for c in self._by_id() if c.phones()]

    def contact_for(self, number: str) -> Contact | None:
        """The first contact with ``number`` (in any written form), if any."""
        key = phones.match_key(number)
        return next(self._with_numbers({key}), None) if key else None

    def _contact(self, contact_id: int) -> Contact:
        contact = self._world.contacts.get(contact_id)
        if contact is None:
            raise NotFoundError(f"Contact {contact_id} not found")
        return contact

    def get(self, contact_id: int) -> dict[str, Json]:
        return _contact_wire(self._contact(contact_id), (), full=True)

    def find(
        self,
        text: str | None,
        note_text: str | None,
        filter_by: int | None,
        date_from: int | None,
        date_to: int | None,
    ) -> list[Contact]:
        if filter_by not in (None, 0, 1):
            raise BadRequestError("filterBy must be 0 or 1")
        picked = self._by_id()
        if text and text.strip():
            picked = [c for c in picked if _matches(c, text)]
        if note_text and note_text.strip():
            needle = note_text.strip().casefold()
            with_note = {
                n.contact_id
                for n in self._world.notes.values()
                if needle in (n.content or "").casefold()
            }
            picked = [c for c in picked if c.id in with_note]
        if date_from is not None or date_to is not None:
            lo = date_from if date_from is not None else 0
            hi = date_to if date_to is not None else 2**63
            attr = "date_create" if filter_by == 0 else "last_modified"
            picked = [c for c in picked if lo <= getattr(c, attr) <= hi]
        return picked

    def by_number(self, number: str | None) -> list[Contact]:
        if number is None or not phones.digits(number):
            raise BadRequestError("otherLegNum is required")
        return list(self._with_numbers({phones.match_key(number)}))

    @staticmethod
    def page(
        contacts: Sequence[Contact],
        offset: int | None,
        limit: int | None,
        only_fields: Sequence[str] = (),
    ) -> list[dict[str, Json]]:
        offset = 0 if offset is None else offset
        limit = CONTACTS_PAGE_DEFAULT if limit is None else limit
        if offset < 0 or limit < 0:
            raise BadRequestError("offset and limit must not be negative")
        picked = contacts[offset : offset + min(limit, CONTACTS_PAGE_MAX)]
        return [_contact_wire(c, only_fields) for c in picked]

    def _parse_fields(
        self, raw: object, existing: Contact | None, now_ms: int
    ) -> list[ContactField]:
        if not isinstance(raw, list):
            raise BadRequestError("fields must be a list")
        old_fields = {f.id: f for f in existing.fields} if existing else {}
        old_values = {v.id: v for f in (existing.fields if existing else []) for v in f.values}
        out: list[ContactField] = []
        for item in raw:
            if not isinstance(item, dict):
                raise BadRequestError("a field must be an object")
            code = item.get("enumCode")
            values = item.get("values")
            if not isinstance(code, str) or not code.strip() or not isinstance(values, list):
                raise BadRequestError("a field needs enumCode and values")
            fid = item.get("id")
            field_id = (
                fid if isinstance(fid, int) and fid in old_fields else self._world.ids.field()
            )
            parsed: list[FieldValue] = []
            for value in values:
                if not isinstance(value, dict):
                    raise BadRequestError("a field value must be an object")
                text = value.get("value")
                if isinstance(text, int | float) and not isinstance(text, bool):
                    text = str(text)
                if not isinstance(text, str):
                    raise BadRequestError("a field value needs a value")
                sub = value.get("enumValueCode")
                sub = sub if isinstance(sub, str) and sub else code
                vid = value.get("id")
                old = old_values.get(vid) if isinstance(vid, int) else None
                if old is not None and old.value == text and old.enum_value_code == sub:
                    parsed.append(old)
                else:
                    value_id = old.id if old is not None else self._world.ids.value()
                    parsed.append(FieldValue(value_id, sub, text, now_ms))
            out.append(ContactField(field_id, code, parsed))
        return out

    def update(self, body: object) -> None:
        if not isinstance(body, dict):
            raise BadRequestError("A contact object is required")
        if body.get("id") in (None, "", 0):
            raise BadRequestError("id is not set")
        contact = self._contact(as_int(body["id"], "id"))
        now_ms = self._now_ms()
        fields = self._parse_fields(body["fields"], contact, now_ms) if "fields" in body else None
        names = {
            key: optional_str(body[key], key)
            for key in ("firstName", "lastName", "companyTitle")
            if key in body
        }
        owner = (
            optional_int(body["responsibleUserId"], "responsibleUserId")
            if ("responsibleUserId" in body)
            else contact.responsible_user_id
        )
        contact.first_name = names.get("firstName", contact.first_name)
        contact.last_name = names.get("lastName", contact.last_name)
        contact.company_title = names.get("companyTitle", contact.company_title)
        contact.responsible_user_id = owner
        if fields is not None:
            contact.fields = fields
        contact.last_modified = now_ms

    def delete(self, contact_id: int) -> None:
        self._contact(contact_id)
        del self._world.contacts[contact_id]
        for note_id in [n.id for n in self._world.notes.values() if n.contact_id == contact_id]:
            del self._world.notes[note_id]

    def _new_contact(self, body: dict[str, Any], now_ms: int) -> Contact:
        fields = self._parse_fields(body.get("fields") or [], None, now_ms)
        owner = optional_int(body.get("responsibleUserId"), "responsibleUserId")
        contact = Contact(
            id=self._world.ids.contact(),
            first_name=optional_str(body.get("firstName"), "firstName"),
            last_name=optional_str(body.get("lastName"), "lastName"),
            company_title=optional_str(body.get("companyTitle"), "companyTitle"),
            last_modified=now_ms,
            responsible_user_id=owner or self._operator_id(),
            date_create=now_ms,
            create_user_id=self._operator_id(),
            fields=fields,
        )
        if not (contact.display_name() or contact.phones()):
            raise BadRequestError("A contact needs a name, a company or a phone")
        return contact

    @staticmethod
    def _merge_into(contact: Contact, incoming: Contact, now_ms: int) -> None:
        for attr in ("first_name", "last_name", "company_title"):
            if getattr(incoming, attr):
                setattr(contact, attr, getattr(incoming, attr))
        for new_field in incoming.fields:
            old = next((f for f in contact.fields if f.enum_code == new_field.enum_code), None)
            if old is None:
                contact.fields.append(new_field)
            elif new_field.enum_code in (PHONE, EMAIL):
                norm = phones.match_key if new_field.enum_code == PHONE else str.casefold
                have = {norm(v.value) for v in old.values}
                old.values.extend(v for v in new_field.values if norm(v.value) not in have)
            else:
                old.values = new_field.values
        contact.last_modified = now_ms

    def batch(self, body: object) -> tuple[int, int]:
        if not isinstance(body, dict):
            raise BadRequestError("A batch object is required")
        contacts = body.get("contacts")
        if not isinstance(contacts, list):
            raise BadRequestError("contacts must be a list")
        merge_raw = body.get("merge", 0)
        if merge_raw not in (0, 1, True, False, "0", "1"):
            raise BadRequestError("merge must be 1 or 0")
        merge = merge_raw in (1, True, "1")
        now_ms = self._now_ms()
        succeeded = failed = 0
        for item in contacts:
            if not isinstance(item, dict):
                failed += 1
                continue
            try:
                incoming = self._new_contact(item, now_ms)
            except PbxError:
                failed += 1
                continue
            target: Contact | None = None
            if merge:
                raw_id = item.get("id")
                if isinstance(raw_id, int) and not isinstance(raw_id, bool):
                    target = self._world.contacts.get(raw_id)
                if target is None:
                    keys = {phones.match_key(p) for p in incoming.phones()}
                    target = next(self._with_numbers(keys), None)
            if target is not None:
                self._merge_into(target, incoming, now_ms)
            else:
                self._world.contacts[incoming.id] = incoming
            succeeded += 1
        return succeeded, failed

    # --- notes -------------------------------------------------------------------------------

    def notes(self, contact_id: int) -> list[dict[str, Json]]:
        self._contact(contact_id)
        notes = sorted(
            (n for n in self._world.notes.values() if n.contact_id == contact_id),
            key=lambda n: (n.date_create, n.id),
        )
        return [_note_wire(n) for n in notes]

    def create_note(self, contact_id: int, body: object) -> dict[str, Json]:
        if not isinstance(body, dict):
            raise BadRequestError("A note object is required")
        content = body.get("content")
        if not isinstance(content, str) or not content.strip():
            raise BadRequestError("content is required")
        self._contact(contact_id)
        owner = optional_int(body.get("responsibleUserId"), "responsibleUserId")
        note_type = optional_int(body.get("noteType"), "noteType")
        now_ms = self._now_ms()
        note = Note(
            self._world.ids.note(),
            contact_id,
            content,
            now_ms,
            now_ms,
            owner or self._operator_id(),
            note_type=note_type or 1,
        )
        self._world.notes[note.id] = note
        return _note_wire(note)

    def _note(self, contact_id: int, note_id: int) -> Note:
        self._contact(contact_id)
        note = self._world.notes.get(note_id)
        if note is None or note.contact_id != contact_id:
            raise NotFoundError(f"Note {note_id} not found")
        return note

    def update_note(self, contact_id: int, body: object) -> None:
        if not isinstance(body, dict) or body.get("id") in (None, "", 0):
            raise BadRequestError("The note id is not set")
        note = self._note(contact_id, as_int(body["id"], "id"))
        if "content" in body:
            content = body["content"]
            if not isinstance(content, str):
                raise BadRequestError("content must be a string")
            note.content = content
        if "noteType" in body and body["noteType"] is not None:
            note.note_type = as_int(body["noteType"], "noteType")
        note.last_modified = self._now_ms()

    def delete_note(self, contact_id: int, note_id: int) -> None:
        self._note(contact_id, note_id)
        del self._world.notes[note_id]


def _matches(contact: Contact, text: str) -> bool:
    """Every word of ``text`` is in a name, the company or a value, or (digits) in a phone."""
    texts = [t.casefold() for t in contact.search_texts()]
    phone_digits = [phones.digits(p) for p in contact.phones()]
    for word in text.casefold().split():
        word_digits = phones.digits(word)
        if any(word in t for t in texts):
            continue
        if len(word_digits) >= 3 and word_digits == word.lstrip("+"):
            key = phones.match_key(word_digits)
            if any(key in d or word_digits in d for d in phone_digits):
                continue
        return False
    return True


def _contact_wire(
    contact: Contact, only_fields: Sequence[str], *, full: bool = False
) -> dict[str, Json]:
    out: dict[str, Json] = {"id": contact.id}
    # the single-contact example has firstName/lastName; the list example leaves them out
    if full or contact.first_name is not None or contact.last_name is not None:
        out["firstName"] = contact.first_name
        out["lastName"] = contact.last_name
    out["companyTitle"] = contact.company_title
    out["lastModified"] = contact.last_modified
    out["responsibleUserId"] = contact.responsible_user_id
    out["dateCreate"] = contact.date_create
    out["createUserId"] = contact.create_user_id
    wanted = {f.casefold() for f in only_fields}
    out["fields"] = [
        {
            "id": f.id,
            "enumCode": f.enum_code,
            "values": [
                {
                    "id": v.id,
                    "enumValueCode": v.enum_value_code,
                    "lastModified": v.last_modified,
                    "value": v.value,
                }
                for v in f.values
            ],
        }
        for f in contact.fields
        if not wanted or f.enum_code.casefold() in wanted
    ]
    return out


def _note_wire(note: Note) -> dict[str, Json]:
    call = note.call
    return {
        "id": note.id,
        "elementId": note.contact_id,
        "elementType": note.element_type,
        "noteType": note.note_type,
        "dateCreate": note.date_create,
        "lastModified": note.last_modified,
        "content": note.content,
        "responsibleUserId": note.responsible_user_id,
        "otherLegNum": call.get("otherLegNum", ""),
        "otherLegName": call.get("otherLegName"),
        "status": call.get("status"),
        "errorMsg": call.get("errorMsg"),
        "uuid": call.get("uuid", ""),
        "end": call.get("end", 0),
        "legId": call.get("legId", 0),
        "logicDirection": call.get("logicDirection", 0),
        "billSec": call.get("billSec", 0),
        "recordLink": call.get("recordLink", ""),
        "trunk": call.get("trunk", ""),
        "tag": call.get("tag", ""),
    }
