"""Editing CRM teler contacts: the form an operator fills in, checked, turned back into a contact.

:class:`ContactForm` holds what the editor shows: first and last name, company, phones (each
with its type, ``Робочий`` or ``Мобільний``), e-mails and category. :func:`form_from_contact`
fills it from a contact; :func:`apply_form` writes it back into a copy of that contact, keeping
every other field and every value id as they were, and writing each name where the contact
already keeps it (``firstName`` or the ``Ім'я`` field). :func:`new_contact` builds a contact for
a batch upload (``merge=1``), and :func:`create_contact` / :func:`save_contact` do the round
trip with the PBX. Phone numbers are checked with
:func:`~vega_desktop.api.phone.parse_dial_input`; a changed number is stored in E.164.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from vega_desktop.api import BadRequest, Contact, ContactField, FieldValue, VegaClient
from vega_desktop.api.models import FIELD_COMPANY, FIELD_FIRST_NAME, FIELD_LAST_NAME, FIELD_PHONE
from vega_desktop.api.phone import InvalidNumber, normalize_number, parse_dial_input

__all__ = [
    "EDITED_CODES",
    "FIELD_CATEGORY",
    "FIELD_EMAIL",
    "PHONE_MOBILE",
    "PHONE_TYPES",
    "PHONE_WORK",
    "ContactForm",
    "FormInvalid",
    "Problem",
    "Reason",
    "Slot",
    "TypedValue",
    "apply_form",
    "create_contact",
    "form_for_number",
    "form_from_contact",
    "new_contact",
    "save_contact",
    "validate",
]

FIELD_EMAIL = "Email"
FIELD_CATEGORY = "Категорія"
PHONE_WORK = "Робочий"
PHONE_MOBILE = "Мобільний"
PHONE_TYPES = (PHONE_WORK, PHONE_MOBILE)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
#: The fields the form edits; every other field is kept as it is.
EDITED_CODES = frozenset(
    {FIELD_FIRST_NAME, FIELD_LAST_NAME, FIELD_COMPANY, FIELD_PHONE, FIELD_EMAIL, FIELD_CATEGORY}
)


@dataclass(frozen=True, slots=True)
class TypedValue:
    """One row of the phone or e-mail list: the text, its sub-type and the PBX's value id."""

    value: str
    kind: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ContactForm:
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    phones: tuple[TypedValue, ...] = ()
    emails: tuple[TypedValue, ...] = ()
    category: str = ""


class Slot(Enum):
    """Which part of the form a :class:`Problem` is about."""

    CONTACT = "contact"
    PHONE = "phone"
    EMAIL = "email"


class Reason(Enum):
    EMPTY = "empty"  # no name, company or phone at all
    BAD_PHONE = "bad_phone"
    DUPLICATE_PHONE = "duplicate_phone"
    BAD_EMAIL = "bad_email"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something to fix before saving; ``row`` indexes the phone or e-mail list."""

    slot: Slot
    reason: Reason
    row: int = -1
    detail: str = ""


class FormInvalid(ValueError):  # noqa: N818 - the name says what the form is
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.reason.value for p in problems))


def _values(contact: Contact, code: str) -> list[FieldValue]:
    return [v for f in contact.fields if f.enum_code == code for v in f.values]


def _first(contact: Contact, code: str) -> str:
    values = [v.value.strip() for v in _values(contact, code) if v.value.strip()]
    return values[0] if values else ""


def form_from_contact(contact: Contact) -> ContactForm:
    """What the editor shows for ``contact``."""
    return ContactForm(
        first_name=(contact.first_name or "").strip() or _first(contact, FIELD_FIRST_NAME),
        last_name=(contact.last_name or "").strip() or _first(contact, FIELD_LAST_NAME),
        company=contact.company or "",
        phones=tuple(
            TypedValue(v.value, v.enum_value_code, v.id) for v in _values(contact, FIELD_PHONE)
        ),
        emails=tuple(
            TypedValue(v.value, v.enum_value_code, v.id) for v in _values(contact, FIELD_EMAIL)
        ),
        category=_first(contact, FIELD_CATEGORY),
    )


def form_for_number(number: str, region: str = "UA") -> ContactForm:
    """An empty form with one phone, for a caller who is not in the CRM yet."""
    normalized = normalize_number(number, region) or number.strip()
    return ContactForm(phones=(TypedValue(normalized, PHONE_MOBILE),) if normalized else ())


def _phone_value(row: TypedValue, region: str) -> str:
    return parse_dial_input(row.value, region)


def validate(form: ContactForm, region: str = "UA") -> list[Problem]:
    """Everything wrong with ``form`` (blank rows are ignored: they are dropped on save)."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row, phone in enumerate(form.phones):
        if not phone.value.strip():
            continue
        try:
            number = _phone_value(phone, region)
        except InvalidNumber as exc:
            problems.append(Problem(Slot.PHONE, Reason.BAD_PHONE, row, str(exc)))
            continue
        if number in seen:
            problems.append(Problem(Slot.PHONE, Reason.DUPLICATE_PHONE, row))
        seen.setdefault(number, row)
    for row, email in enumerate(form.emails):
        text = email.value.strip()
        if text and not _EMAIL.match(text):
            problems.append(Problem(Slot.EMAIL, Reason.BAD_EMAIL, row))
    if not (form.first_name.strip() or form.last_name.strip() or form.company.strip() or seen):
        problems.append(Problem(Slot.CONTACT, Reason.EMPTY))
    return problems


def _checked(form: ContactForm, region: str) -> None:
    problems = validate(form, region)
    if problems:
        raise FormInvalid(problems)


def _rows(
    rows: tuple[TypedValue, ...],
    old: list[FieldValue],
    default_kind: str,
    clean: Callable[[str], str] | None,
) -> tuple[FieldValue, ...]:
    """The field values for the form's rows: untouched ones exactly as they were."""
    by_id = {v.id: v for v in old if v.id is not None}
    out: list[FieldValue] = []
    for row in rows:
        text = row.value.strip()
        if not text:
            continue
        kind = row.kind or default_kind
        previous = by_id.get(row.id) if row.id is not None else None
        if previous is not None and previous.value.strip() == text:
            if previous.enum_value_code != kind:
                previous = replace(previous, enum_value_code=kind, last_modified=None)
            out.append(previous)
            continue
        value = clean(text) if clean is not None else text
        value_id = previous.id if previous is not None else None
        out.append(FieldValue(id=value_id, enum_value_code=kind, value=value))
    return tuple(out)


def _text_values(old: list[FieldValue], text: str, code: str) -> tuple[FieldValue, ...]:
    """A single-valued field (a name, the category) set to ``text``; other values kept."""
    text = text.strip()
    rest = tuple(old[1:])
    if not text:
        return rest
    if old and old[0].value.strip() == text:
        return (old[0], *rest)
    if old:
        return (replace(old[0], value=text, last_modified=None), *rest)
    return (FieldValue(id=None, enum_value_code=code, value=text),)


def _set_field(
    fields: list[ContactField], code: str, values: tuple[FieldValue, ...]
) -> list[ContactField]:
    """Replace the values of the first ``code`` field (dropping any others with that code);
    append the field when it is new; drop it when it has no values left."""
    out: list[ContactField] = []
    placed = False
    for item in fields:
        if item.enum_code != code:
            out.append(item)
        elif not placed:
            placed = True
            if values:
                out.append(replace(item, values=values))
    if not placed and values:
        out.append(ContactField(id=None, enum_code=code, values=values))
    return out


def apply_form(contact: Contact, form: ContactForm, region: str = "UA") -> Contact:
    """A copy of ``contact`` with the form's data; every other field is kept as it was.

    Raises :class:`FormInvalid` when :func:`validate` finds problems.
    """
    _checked(form, region)
    fields = list(contact.fields)

    def dial(text: str) -> str:
        return parse_dial_input(text, region)

    phones = _rows(form.phones, _values(contact, FIELD_PHONE), PHONE_MOBILE, dial)
    fields = _set_field(fields, FIELD_PHONE, phones)
    emails = _rows(form.emails, _values(contact, FIELD_EMAIL), FIELD_EMAIL, None)
    fields = _set_field(fields, FIELD_EMAIL, emails)
    category = _text_values(_values(contact, FIELD_CATEGORY), form.category, FIELD_CATEGORY)
    fields = _set_field(fields, FIELD_CATEGORY, category)

    def name(attr: str | None, code: str, text: str) -> str | None:
        """Write a name where the contact keeps it: the attribute, the field, or both."""
        nonlocal fields
        in_field = any(f.enum_code == code for f in fields)
        if in_field:
            fields = _set_field(fields, code, _text_values(_values(contact, code), text, code))
        if in_field and not (attr or "").strip():
            return attr
        return text.strip() or None

    first = name(contact.first_name, FIELD_FIRST_NAME, form.first_name)
    last = name(contact.last_name, FIELD_LAST_NAME, form.last_name)
    company = name(contact.company_title, FIELD_COMPANY, form.company)
    return replace(
        contact, first_name=first, last_name=last, company_title=company, fields=tuple(fields)
    )


def new_contact(form: ContactForm, region: str = "UA") -> Contact:
    """A contact to create with a batch upload (``merge=1``). Raises :class:`FormInvalid`."""
    blank = Contact(id=None)
    return apply_form(blank, form, region)


def _ids(contacts: list[Contact]) -> set[int]:
    return {c.id for c in contacts if c.id is not None}


async def save_contact(
    client: VegaClient, contact: Contact, form: ContactForm, region: str = "UA"
) -> Contact:
    """Save the edited contact and return it as the PBX now has it."""
    edited = apply_form(contact, form, region)
    if edited.id is None:
        raise ValueError("only a contact with an id can be saved")
    await client.contacts.update(edited)
    return await client.contacts.get(edited.id)


async def create_contact(client: VegaClient, form: ContactForm, region: str = "UA") -> Contact:
    """Create a contact (batch, ``merge=1``: a known phone number merges into its contact) and
    return it as the PBX has it. Raises ``BadRequest`` when the PBX does not accept it."""
    contact = new_contact(form, region)
    numbers = [v.value for f in contact.fields if f.enum_code == FIELD_PHONE for v in f.values]
    query = " ".join(p for p in (form.first_name.strip(), form.last_name.strip()) if p)
    query = query or form.company.strip()
    before = _ids(await client.contacts.list(search_text=query, limit=60)) if not numbers else set()
    result = await client.contacts.batch([contact], merge=True)
    if result.succeeded < 1:
        raise BadRequest("the PBX did not accept the contact")
    if numbers:
        found = await client.contacts.by_number(numbers[0], limit=1)
    else:
        found = [
            c
            for c in await client.contacts.list(search_text=query, limit=60)
            if c.id is not None and c.id not in before
        ]
    if not found or found[0].id is None:
        raise BadRequest("the new contact was saved but cannot be found")
    return await client.contacts.get(max(_ids(found)) if not numbers else found[0].id)
