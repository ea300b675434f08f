"""CRM teler: contacts (get, list/search, by number, update, delete, batch) and notes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from vega_desktop.demo import SimulatedPbx

CRM = "/crm/contacts/v2"
TELECOM = 7009  # the company-only contact of the spec's active-calls example
GNATIUK = 7001  # the contact with three phones


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def names(contacts: list[dict[str, Any]]) -> list[str]:
    out = []
    for c in contacts:
        values = {f["enumCode"]: f["values"][0]["value"] for f in c["fields"]}
        first = c.get("firstName") or values.get("Ім'я", "")
        last = c.get("lastName") or values.get("Прізвище", "")
        out.append(f"{first} {last}".strip() or c["companyTitle"] or values.get("Компанія", ""))
    return out


@pytest.mark.asyncio
async def test_get_contact(client: httpx.AsyncClient) -> None:
    contact = await ok(await client.get(f"{CRM}/{TELECOM}"))
    assert list(contact) == [
        "id",
        "firstName",
        "lastName",
        "companyTitle",
        "lastModified",
        "responsibleUserId",
        "dateCreate",
        "createUserId",
        "fields",
    ]
    assert contact["id"] == TELECOM
    assert contact["firstName"] is None
    assert contact["companyTitle"] == "Telecom company"
    assert contact["lastModified"] > 10**12  # milliseconds
    assert contact["dateCreate"] <= contact["lastModified"]
    phone = next(f for f in contact["fields"] if f["enumCode"] == "Телефон")
    assert phone["values"][0]["enumValueCode"] == "Робочий"
    assert phone["values"][0]["value"] == "+380442249895"


@pytest.mark.asyncio
@pytest.mark.parametrize(("path", "status"), [("/999999", 404), ("/abc", 400), ("/-1", 400)])
async def test_get_contact_refusals(client: httpx.AsyncClient, path: str, status: int) -> None:
    assert (await client.get(f"{CRM}{path}")).status_code == status


@pytest.mark.asyncio
@pytest.mark.parametrize("path", [f"{CRM}/", CRM])
async def test_list_with_and_without_trailing_slash(client: httpx.AsyncClient, path: str) -> None:
    contacts = await ok(await client.get(path))
    assert isinstance(contacts, list)
    assert len(contacts) == 30  # the default limit
    ids = [c["id"] for c in contacts]
    assert ids == sorted(ids)
    # the list example has no firstName/lastName; they appear only when set
    assert any("firstName" not in c for c in contacts)
    assert any(c.get("firstName") for c in contacts)


@pytest.mark.asyncio
async def test_list_paging_and_limit_cap(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    total = len(pbx.world.contacts)
    first = await ok(await client.get(f"{CRM}/", params={"limit": 10}))
    rest = await ok(await client.get(f"{CRM}/", params={"limit": 60, "offset": 10}))
    assert len(first) == 10
    assert len(first) + len(rest) == total
    assert await ok(await client.get(f"{CRM}/", params={"limit": 0})) == []
    batch = {"merge": 0, "contacts": [{"firstName": f"Тест {i}"} for i in range(40)]}
    await ok(await client.post(f"{CRM}/batch", json=batch), 201)
    assert len(await ok(await client.get(f"{CRM}/", params={"limit": 1000}))) == 60
    for params in ({"limit": -1}, {"offset": -1}, {"limit": "many"}, {"filterBy": 2}):
        assert (await client.get(f"{CRM}/", params=params)).status_code == 400


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Гнатюк", ["Олександр Гнатюк"]),
        ("олександр гнатюк", ["Олександр Гнатюк"]),
        ("Жирний", ["<b>Жирний</b> <script>alert(1)</script>"]),
        ("<script>", ["<b>Жирний</b> <script>alert(1)</script>"]),
        ("🌻", ["Світлана 🌻 Квітка"]),
        ("telecom", ["Telecom company"]),
        ("0442249895", ["Telecom company"]),
        ("2249895", ["Telecom company"]),
        ("zelena-dolyna.ua", ["Олександр Гнатюк"]),
        ("немає-такого", []),
    ],
)
async def test_search_text(client: httpx.AsyncClient, text: str, expected: list[str]) -> None:
    found = await ok(await client.get(f"{CRM}/", params={"searchText": text}))
    assert names(found) == expected


@pytest.mark.asyncio
async def test_search_note_text(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    note = next(iter(pbx.world.notes.values()))
    assert note.content
    needle = note.content.split()[0].upper()
    found = await ok(await client.get(f"{CRM}/", params={"searchNoteText": needle, "limit": 60}))
    expected = sorted(
        {
            n.contact_id
            for n in pbx.world.notes.values()
            if needle.casefold() in (n.content or "").casefold()
        }
    )
    assert [c["id"] for c in found] == expected
    assert note.contact_id in expected


@pytest.mark.asyncio
async def test_filter_by_dates(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    contacts = sorted(pbx.world.contacts.values(), key=lambda c: c.date_create)
    cut = contacts[len(contacts) // 2].date_create
    created = await ok(
        await client.get(f"{CRM}/", params={"filterBy": 0, "from": cut, "limit": 60})
    )
    assert {c["id"] for c in created} == {c.id for c in contacts if c.date_create >= cut}
    modified_cut = sorted(c.last_modified for c in contacts)[10]
    modified = await ok(
        await client.get(f"{CRM}/", params={"filterBy": 1, "to": modified_cut, "limit": 60})
    )
    assert {c["id"] for c in modified} == {
        c.id for c in contacts if c.last_modified <= modified_cut
    }


@pytest.mark.asyncio
async def test_field_params_restrict_the_returned_fields(client: httpx.AsyncClient) -> None:
    found = await ok(
        await client.get(
            f"{CRM}/", params=[("field", "Телефон"), ("field", "Ім'я"), ("limit", "60")]
        )
    )
    codes = {f["enumCode"] for c in found for f in c["fields"]}
    assert codes == {"Телефон", "Ім'я"}
    assert all("id" in c and "lastModified" in c for c in found)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "number",
    ["+380442249895", "380442249895", "0442249895", "(044) 224-98-95", "+38 044 224 98 95"],
)
async def test_search_by_number_in_any_form(client: httpx.AsyncClient, number: str) -> None:
    found = await ok(await client.get(f"{CRM}/searchByOLNum", params={"otherLegNum": number}))
    assert [c["id"] for c in found] == [TELECOM]


@pytest.mark.asyncio
async def test_search_by_any_of_several_phones(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    for phone in pbx.world.contacts[GNATIUK].phones():
        found = await ok(await client.get(f"{CRM}/searchByOLNum", params={"otherLegNum": phone}))
        assert [c["id"] for c in found] == [GNATIUK]
    none = await ok(
        await client.get(f"{CRM}/searchByOLNum", params={"otherLegNum": "+380000000001"})
    )
    assert none == []


@pytest.mark.asyncio
@pytest.mark.parametrize("params", [{}, {"otherLegNum": ""}, {"otherLegNum": "abc"}])
async def test_search_by_number_needs_a_number(client: httpx.AsyncClient, params: Any) -> None:
    assert (await client.get(f"{CRM}/searchByOLNum", params=params)).status_code == 400


@pytest.mark.asyncio
@pytest.mark.parametrize("path", [f"{CRM}/", CRM])
async def test_update_contact(client: httpx.AsyncClient, pbx: SimulatedPbx, path: str) -> None:
    before = await ok(await client.get(f"{CRM}/{TELECOM}"))
    pbx.advance(60)
    body = {
        **before,
        "firstName": "Петро",
        "lastName": "Петров",
        "fields": [
            *before["fields"],
            {
                "enumCode": "Email",
                "values": [{"enumValueCode": "Email робочий", "value": "p@t.ua"}],
            },
        ],
    }
    response = await client.post(path, json=body)
    assert response.status_code == 200
    assert response.text == "1"
    after = await ok(await client.get(f"{CRM}/{TELECOM}"))
    assert (after["firstName"], after["lastName"]) == ("Петро", "Петров")
    assert after["lastModified"] == int(pbx.now() * 1000)
    email = next(f for f in after["fields"] if f["enumCode"] == "Email")
    assert email["values"][0]["value"] == "p@t.ua"
    assert isinstance(email["id"], int)
    assert isinstance(email["values"][0]["id"], int)
    kept = next(f for f in after["fields"] if f["enumCode"] == "Телефон")
    assert kept == next(f for f in before["fields"] if f["enumCode"] == "Телефон")


@pytest.mark.asyncio
async def test_update_only_what_is_given(client: httpx.AsyncClient) -> None:
    before = await ok(await client.get(f"{CRM}/{GNATIUK}"))
    await ok(await client.post(f"{CRM}/", json={"id": GNATIUK, "companyTitle": "Нова назва"}))
    after = await ok(await client.get(f"{CRM}/{GNATIUK}"))
    assert after["companyTitle"] == "Нова назва"
    assert after["fields"] == before["fields"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"firstName": "Без id"}, 400),
        ({"id": None}, 400),
        ({"id": 999999}, 404),
        ({"id": TELECOM, "fields": "Телефон"}, 400),
        ({"id": TELECOM, "fields": [{"enumCode": "Телефон"}]}, 400),
        ({"id": TELECOM, "fields": [{"enumCode": "Телефон", "values": [{"value": None}]}]}, 400),
        ({"id": TELECOM, "firstName": 5}, 400),
        ([], 400),
    ],
)
async def test_update_refusals(client: httpx.AsyncClient, body: Any, status: int) -> None:
    assert (await client.post(f"{CRM}/", json=body)).status_code == status
    assert (await client.post(f"{CRM}/", content=b"{not json")).status_code == 400
    contact = await ok(await client.get(f"{CRM}/{TELECOM}"))
    assert contact["companyTitle"] == "Telecom company"  # untouched


@pytest.mark.asyncio
async def test_delete_contact_and_its_notes(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    contact_id = next(iter(pbx.world.notes.values())).contact_id
    response = await client.delete(f"{CRM}/{contact_id}")
    assert response.status_code == 200
    assert response.text == "1"
    assert (await client.get(f"{CRM}/{contact_id}")).status_code == 404
    assert (await client.get(f"{CRM}/{contact_id}/notes")).status_code == 404
    assert all(n.contact_id != contact_id for n in pbx.world.notes.values())
    assert (await client.delete(f"{CRM}/{contact_id}")).status_code == 404


@pytest.mark.asyncio
async def test_batch_merge_updates_by_id_and_by_phone(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    count = len(pbx.world.contacts)
    body = {
        "merge": 1,
        "contacts": [
            {  # by id: a category changes and a second phone is added
                "id": TELECOM,
                "fields": [
                    {"enumCode": "Категорія", "values": [{"value": "EMPL"}]},
                    {
                        "enumCode": "Телефон",
                        "values": [
                            {"enumValueCode": "Робочий", "value": "0442249895"},  # already there
                            {"enumValueCode": "Мобільний", "value": "+380671231231"},
                        ],
                    },
                ],
            },
            {  # no id, but the phone of an existing contact (in another form)
                "firstName": "Олександр",
                "lastName": "Гнатюк-Оновлений",
                "fields": [
                    {
                        "enumCode": "Телефон",
                        "values": [
                            {"value": pbx.world.contacts[GNATIUK].phones()[1].replace("+380", "0")}
                        ],
                    }
                ],
            },
            {
                "firstName": "Зовсім",
                "lastName": "Новий",
                "fields": [
                    {
                        "enumCode": "Телефон",
                        "values": [{"enumValueCode": "Мобільний", "value": "0979990011"}],
                    }
                ],
            },
            {"fields": []},  # nothing to save
            "not a contact",
        ],
    }
    result = await ok(await client.post(f"{CRM}/batch", json=body), 201)
    assert result == {"succeeded": 3, "failed": 2}
    assert len(pbx.world.contacts) == count + 1

    telecom = await ok(await client.get(f"{CRM}/{TELECOM}"))
    fields = {f["enumCode"]: [v["value"] for v in f["values"]] for f in telecom["fields"]}
    assert fields["Категорія"] == ["EMPL"]
    assert fields["Телефон"] == ["+380442249895", "+380671231231"]
    gnatiuk = await ok(await client.get(f"{CRM}/{GNATIUK}"))
    assert gnatiuk["lastName"] == "Гнатюк-Оновлений"
    found = await ok(
        await client.get(f"{CRM}/searchByOLNum", params={"otherLegNum": "+380979990011"})
    )
    assert names(found) == ["Зовсім Новий"]


@pytest.mark.asyncio
async def test_batch_without_merge_creates_everything(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    count = len(pbx.world.contacts)
    body = {
        "merge": 0,
        "contacts": [
            {
                "id": TELECOM,
                "companyTitle": "Telecom company",
                "fields": [{"enumCode": "Телефон", "values": [{"value": "+380442249895"}]}],
            },
            {"companyTitle": "ТОВ «Нова»"},
        ],
    }
    assert await ok(await client.post(f"{CRM}/batch", json=body), 201) == {
        "succeeded": 2,
        "failed": 0,
    }
    assert len(pbx.world.contacts) == count + 2
    twins = await ok(
        await client.get(f"{CRM}/searchByOLNum", params={"otherLegNum": "+380442249895"})
    )
    assert len(twins) == 2
    assert twins[0]["id"] == TELECOM
    assert twins[1]["id"] > TELECOM


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body", [{"merge": 1}, {"merge": 1, "contacts": {}}, {"merge": 2, "contacts": []}, []]
)
async def test_batch_refusals(client: httpx.AsyncClient, body: Any) -> None:
    assert (await client.post(f"{CRM}/batch", json=body)).status_code == 400


@pytest.mark.asyncio
async def test_notes_crud(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    url = f"{CRM}/{TELECOM}/notes"
    before = await ok(await client.get(url))
    saved = await ok(await client.post(url, json={"content": "Перетелефонувати в п'ятницю"}))
    assert isinstance(saved["id"], int)
    assert saved["id"] > 0
    assert saved["elementId"] == TELECOM
    assert saved["content"] == "Перетелефонувати в п'ятницю"
    assert saved["dateCreate"] == int(pbx.now() * 1000)
    assert list(saved) == [
        "id",
        "elementId",
        "elementType",
        "noteType",
        "dateCreate",
        "lastModified",
        "content",
        "responsibleUserId",
        "otherLegNum",
        "otherLegName",
        "status",
        "errorMsg",
        "uuid",
        "end",
        "legId",
        "logicDirection",
        "billSec",
        "recordLink",
        "trunk",
        "tag",
    ]
    listed = await ok(await client.get(url))
    assert listed == [*before, saved]

    pbx.advance(5)
    update = await client.put(url, json={**saved, "content": "Перетелефонувати в понеділок"})
    assert update.status_code == 200
    assert update.text == "1"
    (changed,) = [n for n in await ok(await client.get(url)) if n["id"] == saved["id"]]
    assert changed["content"] == "Перетелефонувати в понеділок"
    assert changed["lastModified"] == saved["lastModified"] + 5000

    deleted = await client.delete(f"{url}/{saved['id']}")
    assert deleted.status_code == 200
    assert deleted.text == "1"
    assert await ok(await client.get(url)) == before
    assert (await client.delete(f"{url}/{saved['id']}")).status_code == 404


@pytest.mark.asyncio
async def test_notes_refusals(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    url = f"{CRM}/{TELECOM}/notes"
    other = next(n for n in pbx.world.notes.values() if n.contact_id != TELECOM)
    assert (await client.get(f"{CRM}/999999/notes")).status_code == 404
    assert (await client.post(f"{CRM}/999999/notes", json={"content": "x"})).status_code == 404
    assert (await client.post(url, json={})).status_code == 400
    assert (await client.post(url, json={"content": ""})).status_code == 400
    assert (await client.post(url, json=["x"])).status_code == 400
    assert (await client.put(url, json={"content": "без id"})).status_code == 400
    assert (await client.put(url, json={"id": 999999, "content": "x"})).status_code == 404
    # a note of another contact is not this contact's note
    assert (await client.put(url, json={"id": other.id, "content": "x"})).status_code == 404
    assert (await client.delete(f"{url}/{other.id}")).status_code == 404
    assert (await client.delete(f"{CRM}/{TELECOM}/notes/abc")).status_code == 400


@pytest.mark.asyncio
async def test_call_notes_carry_call_fields(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    call_note = next(n for n in pbx.world.notes.values() if n.note_type == 2)
    notes = await ok(await client.get(f"{CRM}/{call_note.contact_id}/notes"))
    wire = next(n for n in notes if n["id"] == call_note.id)
    assert wire["uuid"]
    assert wire["otherLegNum"]
    assert wire["billSec"] > 0
    plain = next(n for n in notes if n["noteType"] != 2) if len(notes) > 1 else None
    if plain is not None:
        assert plain["uuid"] == ""
        assert plain["end"] == 0


@pytest.mark.asyncio
async def test_users(client: httpx.AsyncClient) -> None:
    users = await ok(await client.get("/rest/users"))
    assert len(users) == 10
    assert users[0] == {
        "id": 36,
        "displayName": "Андрій Васильєв",
        "ext": "001",
        "email": "andrii.vasyliev@demo.pbx.vega.ua",
    }
    assert all(list(u) == ["id", "displayName", "ext", "email"] for u in users)
    assert "Юрій Юр'єв" in [u["displayName"] for u in users]
