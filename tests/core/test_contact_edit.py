"""Contact forms: filled from a contact, checked, written back and saved to the simulated PBX."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vega_desktop.api import Contact, ContactField, FieldValue, VegaClient
from vega_desktop.core.contact_edit import (
    FIELD_CATEGORY,
    FIELD_EMAIL,
    PHONE_MOBILE,
    PHONE_WORK,
    ContactForm,
    FormInvalid,
    Reason,
    Slot,
    TypedValue,
    apply_form,
    create_contact,
    form_for_number,
    form_from_contact,
    new_contact,
    save_contact,
    validate,
)
from vega_desktop.demo import SimulatedPbx

from .conftest import requests_to

NAMES_IN_FIELDS = 7001  # Олександр Гнатюк: names and company in fields, three phones
NAMES_IN_ATTRIBUTES = 7008  # firstName/lastName set, company in a field


def field(contact: Contact, code: str) -> ContactField:
    return next(f for f in contact.fields if f.enum_code == code)


@pytest.mark.asyncio
async def test_the_form_shows_every_edited_part(client: VegaClient) -> None:
    contact = await client.contacts.get(NAMES_IN_FIELDS)
    form = form_from_contact(contact)
    assert (form.first_name, form.last_name) == ("Олександр", "Гнатюк")
    assert form.company == "ТОВ «Зелена долина»"
    assert [p.kind for p in form.phones] == [PHONE_WORK, PHONE_MOBILE, PHONE_MOBILE]
    assert all(p.id is not None for p in form.phones)
    assert [e.value for e in form.emails] == ["o.hnatiuk@zelena-dolyna.ua"]
    assert form.category == "Клієнти"


@pytest.mark.asyncio
async def test_unchanged_form_changes_nothing(client: VegaClient) -> None:
    contact = await client.contacts.get(NAMES_IN_FIELDS)
    assert apply_form(contact, form_from_contact(contact)) == contact
    other = await client.contacts.get(NAMES_IN_ATTRIBUTES)
    assert apply_form(other, form_from_contact(other)) == other


@pytest.mark.asyncio
async def test_edit_round_trip_keeps_other_fields_and_ids(
    pbx: SimulatedPbx, client: VegaClient
) -> None:
    contact = await client.contacts.get(NAMES_IN_FIELDS)
    form = form_from_contact(contact)
    phones = list(form.phones)
    phones[1] = replace(phones[1], value="067 111 22 33")
    form = replace(
        form,
        company="ТОВ «Нова долина»",
        phones=(*phones, TypedValue("+48 22 123 45 67", PHONE_WORK)),
        emails=(*form.emails, TypedValue("sales@dolyna.ua")),
    )
    saved = await save_contact(client, contact, form)
    assert saved.company == "ТОВ «Нова долина»"
    assert saved.display_name == "Олександр Гнатюк"
    phone_field = field(saved, "Телефон")
    assert [v.value for v in phone_field.values] == [
        contact.phones[0],
        "+380671112233",
        "0738953298",  # untouched: kept as the PBX wrote it
        "+48221234567",
    ]
    old_ids = [v.id for v in field(contact, "Телефон").values]
    assert [v.id for v in phone_field.values][:3] == old_ids  # edited in place
    assert field(saved, FIELD_EMAIL).values[1].value == "sales@dolyna.ua"
    assert field(saved, FIELD_CATEGORY) == field(contact, FIELD_CATEGORY)
    assert [f.enum_code for f in saved.fields] == [f.enum_code for f in contact.fields]
    body = requests_to(pbx, "/crm/contacts/v2/", "POST")[-1]["json"]
    assert isinstance(body, dict)
    assert body["id"] == NAMES_IN_FIELDS


@pytest.mark.asyncio
async def test_names_are_written_where_the_contact_keeps_them(client: VegaClient) -> None:
    contact = await client.contacts.get(NAMES_IN_ATTRIBUTES)
    form = replace(form_from_contact(contact), first_name="Марія", last_name="Мирська")
    saved = await save_contact(client, contact, form)
    assert (saved.first_name, saved.last_name) == ("Марія", "Мирська")
    assert not any(f.enum_code in ("Ім'я", "Прізвище") for f in saved.fields)

    in_fields = await client.contacts.get(NAMES_IN_FIELDS)
    form = replace(form_from_contact(in_fields), first_name="Олесь", category="")
    saved = await save_contact(client, in_fields, form)
    assert saved.first_name is None
    assert field(saved, "Ім'я").values[0].value == "Олесь"
    assert field(saved, "Ім'я").values[0].id == field(in_fields, "Ім'я").values[0].id
    assert not any(f.enum_code == FIELD_CATEGORY for f in saved.fields)


def test_validation_names_each_problem() -> None:
    form = ContactForm(
        phones=(
            TypedValue("+380671234567"),
            TypedValue("hello"),
            TypedValue("067 123 45 67"),
            TypedValue("   "),
        ),
        emails=(TypedValue("nobody"), TypedValue("ok@example.com")),
    )
    problems = validate(form)
    assert [(p.slot, p.reason, p.row) for p in problems] == [
        (Slot.PHONE, Reason.BAD_PHONE, 1),
        (Slot.PHONE, Reason.DUPLICATE_PHONE, 2),
        (Slot.EMAIL, Reason.BAD_EMAIL, 0),
    ]
    assert problems[0].detail  # the phone library's explanation
    with pytest.raises(FormInvalid) as caught:
        apply_form(Contact(id=1), form)
    assert caught.value.problems == problems
    empty = validate(ContactForm(first_name="  ", emails=(TypedValue("a@b.ua"),)))
    assert [(p.slot, p.reason) for p in empty] == [(Slot.CONTACT, Reason.EMPTY)]
    assert validate(ContactForm(company="Vega")) == []


def test_new_contact_from_a_number() -> None:
    form = form_for_number("0671234567")
    assert form.phones == (TypedValue("+380671234567", PHONE_MOBILE),)
    contact = new_contact(replace(form, first_name="Ірина", category="Клієнти"))
    assert contact.id is None
    assert contact.first_name == "Ірина"
    assert contact.phones == ("+380671234567",)
    assert field(contact, "Телефон").values == (
        FieldValue(id=None, enum_value_code=PHONE_MOBILE, value="+380671234567"),
    )
    assert field(contact, FIELD_CATEGORY).values[0].value == "Клієнти"
    assert form_for_number("  ") == ContactForm()


@pytest.mark.asyncio
async def test_create_contact_by_batch_with_merge(pbx: SimulatedPbx, client: VegaClient) -> None:
    form = replace(form_for_number("+380631112244"), first_name="Ірина", last_name="Коваль")
    created = await create_contact(client, form)
    assert created.id is not None
    assert created.id not in (NAMES_IN_FIELDS, NAMES_IN_ATTRIBUTES)
    assert created.display_name == "Ірина Коваль"
    assert created.phones == ("+380631112244",)
    batch = requests_to(pbx, "/crm/contacts/v2/batch", "POST")
    assert len(batch) == 1
    body = batch[0]["json"]
    assert isinstance(body, dict)
    assert body["merge"] == 1


@pytest.mark.asyncio
async def test_create_with_a_known_number_merges(client: VegaClient) -> None:
    known = await client.contacts.get(NAMES_IN_FIELDS)
    form = replace(form_for_number(known.phones[1]), emails=(TypedValue("new@dolyna.ua"),))
    merged = await create_contact(client, form)
    assert merged.id == NAMES_IN_FIELDS
    assert "new@dolyna.ua" in merged.field_values(FIELD_EMAIL)


@pytest.mark.asyncio
async def test_create_without_a_phone_finds_the_new_contact(client: VegaClient) -> None:
    created = await create_contact(client, ContactForm(company="Нова компанія «Тест»"))
    assert created.company == "Нова компанія «Тест»"
    assert created.phones == ()
