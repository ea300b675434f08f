"""Every endpoint: the request that goes on the wire and the models that come back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api import samples
from tests.api.conftest import FAST_RETRY
from tests.api.fakepbx import API_KEY, CALL_UUID, DOMAIN, FakePbx
from vega_desktop.api import (
    BadRequest,
    BatchResult,
    Contact,
    ContactDateFilter,
    ContactField,
    Direction,
    FieldValue,
    InvalidNumber,
    Note,
    NotFound,
    ProtocolError,
    ServerError,
    VegaClient,
)

T0 = datetime(2015, 6, 26, tzinfo=UTC)
T1 = T0 + timedelta(days=1)
MS0, MS1 = 1435276800000, 1435363200000

pytestmark = pytest.mark.asyncio


# --------------------------------------------------------------------------- construction


async def test_base_url_and_repr() -> None:
    async with VegaClient(domain=" ACME.pbx.vega.ua. ", api_key=API_KEY) as client:
        assert client.base_url == "https://acme.pbx.vega.ua"
        assert client.domain == "acme.pbx.vega.ua"
        assert repr(client) == (
            "VegaClient(domain='acme.pbx.vega.ua', base_url='https://acme.pbx.vega.ua')"
        )
        assert client.recordings.url_for(CALL_UUID) == (
            f"https://acme.pbx.vega.ua/rest/public/calls/{CALL_UUID}/audio"
        )
    assert client.is_closed


@pytest.mark.parametrize(
    ("server", "base"),
    [
        ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("http://127.0.0.1:8123/", "http://127.0.0.1:8123"),
        ("https://pbx.example.com/prefix", "https://pbx.example.com/prefix"),
    ],
)
async def test_server_override(server: str, base: str) -> None:
    url = httpx.URL(server)
    pbx = FakePbx(host=url.host, prefix=url.path.rstrip("/"))
    async with VegaClient(
        domain=DOMAIN, api_key=API_KEY, server=server, transport=pbx.transport()
    ) as client:
        assert client.base_url == base
        await client.users.list()
    authorize, users = pbx.log
    assert authorize.path == "/rest/security/authorize"
    assert authorize.body == {"domain": DOMAIN, "apiKey": API_KEY}  # always the domain
    assert users.host == url.host
    assert users.path == "/rest/users"
    assert users.cookie is not None
    assert "JSESSIONID" in users.cookie


@pytest.mark.parametrize(
    "kwargs",
    [
        {"domain": "https://acme.pbx.vega.ua"},
        {"domain": "acme.pbx.vega.ua/rest"},
        {"domain": "user@acme.pbx.vega.ua"},
        {"domain": ""},
        {"domain": "acme pbx"},
        {"api_key": ""},
        {"api_key": "   "},
        {"server": "ftp://127.0.0.1"},
        {"server": "127.0.0.1:8123"},
        {"server": "http://user:pw@127.0.0.1:8123"},
        {"timeout": 0},
        {"timeout": -1.0},
    ],
)
async def test_bad_construction(kwargs: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {"domain": DOMAIN, "api_key": API_KEY} | kwargs
    with pytest.raises(ValueError, match=r"domain|api_key|server|timeout") as caught:
        VegaClient(**arguments)
    assert API_KEY not in str(caught.value)


# --------------------------------------------------------------------------- calls


async def test_make_call(client: VegaClient, pbx: FakePbx) -> None:
    assert await client.calls.make_call(ext="001", number="+380993034330") == CALL_UUID
    seen = pbx.seen("/rest/user/makeCall")[0]
    assert seen.method == "POST"
    assert seen.body == {"legExt": "001", "otherLegNum": "+380993034330"}
    assert seen.headers["content-type"] == "application/json"
    assert seen.cookie is not None
    assert "JSESSIONID=" in seen.cookie


async def test_make_call_normalises_and_validates_the_number(
    client: VegaClient, pbx: FakePbx
) -> None:
    await client.calls.make_call(ext="001", number="(099) 303-43-30")
    await client.calls.make_call(ext=" 001 ", number="004")  # an internal call
    bodies = [s.body for s in pbx.seen("/rest/user/makeCall")]
    assert bodies == [
        {"legExt": "001", "otherLegNum": "+380993034330"},
        {"legExt": "001", "otherLegNum": "004"},
    ]
    with pytest.raises(InvalidNumber):
        await client.calls.make_call(ext="001", number="call me")
    with pytest.raises(ValueError, match="ext"):
        await client.calls.make_call(ext=" ", number="004")
    assert len(pbx.seen("/rest/user/makeCall")) == 2  # nothing sent for bad input


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, BadRequest), (404, BadRequest), (409, BadRequest), (500, ServerError)],
)
async def test_make_call_refusal_carries_the_plain_text(
    client: VegaClient, pbx: FakePbx, status: int, error: type[Exception]
) -> None:
    pbx.reply("POST", "/rest/user/makeCall", status=status, text="User 001 is\n  not online")
    with pytest.raises(error) as caught:
        await client.calls.make_call(ext="001", number="+380993034330")
    assert caught.value.detail == "User 001 is not online"  # type: ignore[attr-defined]
    assert caught.value.status == status  # type: ignore[attr-defined]


async def test_make_call_long_refusal_is_truncated(client: VegaClient, pbx: FakePbx) -> None:
    pbx.reply("POST", "/rest/user/makeCall", status=400, text="x" * 5000)
    with pytest.raises(BadRequest) as caught:
        await client.calls.make_call(ext="001", number="+380993034330")
    assert len(caught.value.detail) <= 300


async def test_make_call_html_refusal_gets_a_generic_detail(
    client: VegaClient, pbx: FakePbx
) -> None:
    pbx.reply("POST", "/rest/user/makeCall", status=400, text="<html><body>Bad</body></html>")
    with pytest.raises(BadRequest) as caught:
        await client.calls.make_call(ext="001", number="+380993034330")
    assert "<" not in caught.value.detail


async def test_make_call_bad_answer(client: VegaClient, pbx: FakePbx) -> None:
    pbx.reply("POST", "/rest/user/makeCall", {"id": 1})
    with pytest.raises(ProtocolError):
        await client.calls.make_call(ext="001", number="+380993034330")


async def test_active_calls(client: VegaClient, pbx: FakePbx) -> None:
    calls = await client.calls.active()
    assert [c.direction for c in calls] == [
        Direction.OUTGOING,
        Direction.INCOMING,
        Direction.INTERNAL,
    ]
    seen = pbx.seen("/rest/calls/active/v3")[0]
    assert (seen.method, seen.params, seen.body) == ("GET", [], None)
    assert seen.headers["content-type"] == "application/json"  # as B.3 lists it
    assert seen.headers["accept"] == "application/json"


async def test_active_calls_not_json(client: VegaClient, pbx: FakePbx) -> None:
    pbx.reply("GET", "/rest/calls/active/v3", text="<html>oops</html>")
    with pytest.raises(ProtocolError, match="active calls"):
        await client.calls.active()


@pytest.mark.parametrize("uuid", [CALL_UUID, "47A96889-3984-475B-8C20-E29DEC144CE1"])
async def test_hangup(client: VegaClient, pbx: FakePbx, uuid: str) -> None:
    await client.calls.hangup(uuid)
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("GET", f"/rest/calls/active/{CALL_UUID}/hangup")


@pytest.mark.parametrize("uuid", ["../users", "", "47a9", "x" * 32])
async def test_hangup_rejects_what_is_not_a_uuid(
    client: VegaClient, pbx: FakePbx, uuid: str
) -> None:
    with pytest.raises(ValueError, match="uuid"):
        await client.calls.hangup(uuid)
    assert pbx.log == []


async def test_hangup_of_an_unknown_call(client: VegaClient, pbx: FakePbx) -> None:
    pbx.on("GET", "/rest/calls/active/[^/]+/hangup", lambda r: httpx.Response(404))
    with pytest.raises(NotFound):
        await client.calls.hangup(CALL_UUID)


# --------------------------------------------------------------------------- history


@pytest.mark.parametrize(
    ("directions", "expected"),
    [
        (None, None),
        ([Direction.INCOMING], "4"),
        ([Direction.OUTGOING, Direction.INCOMING], "6"),
        ([Direction.INCOMING, Direction.INCOMING], "4"),
        ({Direction.INTERNAL, Direction.OUTGOING, Direction.INCOMING}, "7"),
        ([2], "2"),
    ],
)
async def test_company_history(
    client: VegaClient, pbx: FakePbx, directions: Any, expected: str | None
) -> None:
    records = await client.history.company(T0, T1, directions=directions, limit=20, offset=40)
    assert [r.uuid for r in records] == [
        "f457486fa53945ddc5f5e735a5870b92",
        "d38f07d93b5947aac71194c6bebe1621",
    ]
    seen = pbx.seen("/rest/calls/company.api")[0]
    assert seen.method == "GET"
    assert seen.body is None
    wanted = [("timeFrom", str(MS0)), ("timeTo", str(MS1))]
    if expected is not None:
        wanted.append(("directions", expected))
    wanted += [("limit", "20"), ("offset", "40")]
    assert seen.params == wanted


async def test_missed_history_has_no_directions(client: VegaClient, pbx: FakePbx) -> None:
    await client.history.missed(T0, T1)
    seen = pbx.seen("/rest/calls/missed.api")[0]
    assert seen.params == [
        ("timeFrom", str(MS0)),
        ("timeTo", str(MS1)),
        ("limit", "50"),
        ("offset", "0"),
    ]


async def test_users_history_takes_pauses(client: VegaClient, pbx: FakePbx) -> None:
    wanted = [Direction.INCOMING, Direction.PAUSE_ON, Direction.PAUSE_OFF]
    await client.history.by_users(T0, T1, directions=wanted)
    assert pbx.seen("/rest/calls/users.api")[0].query["directions"] == "100"
    with pytest.raises(ValueError, match="PAUSE_ON"):
        await client.history.company(T0, T1, directions=[Direction.PAUSE_ON])


async def test_history_times_in_other_zones(client: VegaClient, pbx: FakePbx) -> None:
    kyiv = timezone(timedelta(hours=3))
    await client.history.company(T0.astimezone(kyiv), T1.astimezone(kyiv))
    assert pbx.log[-1].query["timeFrom"] == str(MS0)


async def test_empty_directions_select_nothing(client: VegaClient, pbx: FakePbx) -> None:
    assert await client.history.company(T0, T1, directions=[]) == []
    assert [r async for r in client.history.iter_by_users(T0, T1, directions=())] == []
    assert pbx.log == []


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((datetime(2015, 6, 26), T1), {}, "aware"),
        ((T1, T0), {}, "later"),
        ((T0, T1), {"limit": 51}, "limit"),
        ((T0, T1), {"limit": 0}, "limit"),
        ((T0, T1), {"offset": -1}, "offset"),
        ((T0, T1), {"directions": [8]}, "direction"),
    ],
)
async def test_history_argument_checks(
    client: VegaClient, pbx: FakePbx, args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        await client.history.company(*args, **kwargs)
    assert pbx.log == []


async def test_history_400(client: VegaClient, pbx: FakePbx) -> None:
    pbx.reply("GET", "/rest/calls/company.api", status=400, text="timeFrom is required")
    with pytest.raises(BadRequest, match="timeFrom is required"):
        await client.history.company(T0, T1)


# --------------------------------------------------------------------------- users


async def test_users(client: VegaClient, pbx: FakePbx) -> None:
    users = await client.users.list()
    assert [(u.id, u.ext) for u in users] == [(30, "901"), (14, "990")]
    seen = pbx.seen("/rest/users")[0]
    assert (seen.method, seen.params) == ("GET", [])


# --------------------------------------------------------------------------- contacts


async def test_get_contact(client: VegaClient, pbx: FakePbx) -> None:
    contact = await client.contacts.get(7068)
    assert contact.id == 7068
    assert contact.company == "Vega"
    assert pbx.log[-1].path == "/crm/contacts/v2/7068"


async def test_get_missing_contact(client: VegaClient, pbx: FakePbx) -> None:
    pbx.on("GET", r"/crm/contacts/v2/\d+", lambda r: httpx.Response(404, text="not found"))
    with pytest.raises(NotFound) as caught:
        await client.contacts.get(1)
    assert caught.value.status == 404


async def test_list_contacts_defaults(client: VegaClient, pbx: FakePbx) -> None:
    contacts = await client.contacts.list()
    assert [c.id for c in contacts] == [85491]  # the single object the spec prints
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("GET", "/crm/contacts/v2/")
    assert seen.params == [("offset", "0"), ("limit", "30")]


async def test_list_contacts_every_parameter(client: VegaClient, pbx: FakePbx) -> None:
    pbx.reply("GET", "/crm/contacts/v2/", [samples.contact(), samples.contact_listed()])
    contacts = await client.contacts.list(
        search_text="Олександр",
        search_note_text="call back",
        fields=["Телефон", "Email"],
        filter_by=ContactDateFilter.MODIFIED,
        date_from=T0,
        date_to=T1,
        offset=60,
        limit=60,
    )
    assert [c.id for c in contacts] == [7068, 85491]
    assert pbx.log[-1].params == [
        ("field", "Телефон"),
        ("field", "Email"),
        ("offset", "60"),
        ("limit", "60"),
        ("searchText", "Олександр"),
        ("searchNoteText", "call back"),
        ("filterBy", "1"),
        ("from", str(MS0)),
        ("to", str(MS1)),
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"limit": 61},
        {"limit": -1},
        {"offset": -1},
        {"filter_by": 2},
        {"fields": [""]},
        {"date_from": datetime(2015, 1, 1)},
    ],
)
async def test_list_contacts_argument_checks(
    client: VegaClient, pbx: FakePbx, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match=r"limit|offset|filter_by|fields|aware"):
        await client.contacts.list(**kwargs)
    assert pbx.log == []


async def test_contacts_by_number(client: VegaClient, pbx: FakePbx) -> None:
    contacts = await client.contacts.by_number("+380440000000", limit=5)
    assert contacts[0].phones == ("+380440000000",)
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("GET", "/crm/contacts/v2/searchByOLNum")
    assert seen.params == [("otherLegNum", "+380440000000"), ("offset", "0"), ("limit", "5")]
    with pytest.raises(ValueError, match="number"):
        await client.contacts.by_number("  ")


async def test_update_contact(client: VegaClient, pbx: FakePbx) -> None:
    contact = Contact(
        id=7068,
        last_modified=datetime(2015, 9, 30, 7, 24, 36, 359000, tzinfo=UTC),
        responsible_user_id=18,
        date_create=datetime(2015, 9, 30, 7, 24, 36, tzinfo=UTC),
        create_user_id=59,
        fields=(
            ContactField(316480, "Ім'я", (FieldValue(365958, "Ім'я", "Петро"),)),
            ContactField(316481, "Прізвище", (FieldValue(365959, "Прізвище", "Петров"),)),
        ),
    )
    assert await client.contacts.update(contact) is None
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("POST", "/crm/contacts/v2/")
    assert seen.body == {  # B.9.4's example, plus explicit nulls for the names
        "id": 7068,
        "firstName": None,
        "lastName": None,
        "companyTitle": None,
        "lastModified": 1443597876359,
        "responsibleUserId": 18,
        "dateCreate": 1443597876000,
        "createUserId": 59,
        "fields": [
            {
                "id": 316480,
                "enumCode": "Ім'я",
                "values": [{"id": 365958, "enumValueCode": "Ім'я", "value": "Петро"}],
            },
            {
                "id": 316481,
                "enumCode": "Прізвище",
                "values": [{"id": 365959, "enumValueCode": "Прізвище", "value": "Петров"}],
            },
        ],
    }
    with pytest.raises(ValueError, match="id"):
        await client.contacts.update(Contact(id=None))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(httpx.Response(200, json=1), id="bare 1"),
        pytest.param(httpx.Response(200, text="1"), id="text 1"),
        pytest.param(httpx.Response(200, json=True), id="true"),
        pytest.param(httpx.Response(200), id="empty"),
        pytest.param(httpx.Response(200, text="OK"), id="plain OK"),
    ],
)
async def test_bare_success_bodies(client: VegaClient, pbx: FakePbx, body: httpx.Response) -> None:
    for method, path in [
        ("POST", "/crm/contacts/v2/"),
        ("DELETE", r"/crm/contacts/v2/\d+"),
        ("PUT", r"/crm/contacts/v2/\d+/notes"),
        ("DELETE", r"/crm/contacts/v2/\d+/notes/\d+"),
    ]:
        pbx.on(method, path, lambda r, b=body: httpx.Response(b.status_code, content=b.content))
    await client.contacts.update(Contact(id=1))
    await client.contacts.delete(1)
    await client.notes.update(1, Note(id=5, content="x"))
    await client.notes.delete(1, 5)


async def test_a_zero_body_is_a_failure(client: VegaClient, pbx: FakePbx) -> None:
    pbx.reply("DELETE", r"/crm/contacts/v2/\d+", 0)
    with pytest.raises(ProtocolError, match="delete contact"):
        await client.contacts.delete(7068)


async def test_delete_contact(client: VegaClient, pbx: FakePbx) -> None:
    await client.contacts.delete(7068)
    seen = pbx.log[-1]
    assert (seen.method, seen.path, seen.body) == ("DELETE", "/crm/contacts/v2/7068", None)
    for bad in (-1, True, "7068"):
        with pytest.raises(ValueError, match="non-negative"):
            await client.contacts.delete(bad)  # type: ignore[arg-type]


async def test_batch(client: VegaClient, pbx: FakePbx) -> None:
    contacts = [parse_contact_from_spec()]
    assert await client.contacts.batch(contacts) == BatchResult(succeeded=1, failed=0)
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("POST", "/crm/contacts/v2/batch")
    assert seen.body["merge"] == 1
    assert seen.body["contacts"][0]["id"] == 7068
    assert seen.body["contacts"][0]["fields"][1]["values"][0]["lastModified"] == 1446027499803
    await client.contacts.batch(contacts, merge=False)
    assert pbx.log[-1].body["merge"] == 0
    before = len(pbx.log)
    assert await client.contacts.batch([]) == BatchResult(0, 0)
    assert len(pbx.log) == before


def parse_contact_from_spec() -> Contact:
    from vega_desktop.api.parse import parse_contact

    return parse_contact(samples.contact())


# --------------------------------------------------------------------------- notes


async def test_list_notes(client: VegaClient, pbx: FakePbx) -> None:
    assert await client.notes.list(7068) == [Note()]
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("GET", "/crm/contacts/v2/7068/notes")


async def test_create_note(client: VegaClient, pbx: FakePbx) -> None:
    note = await client.notes.create(7068, "Передзвонити")
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("POST", "/crm/contacts/v2/7068/notes")
    assert seen.body == samples.note() | {"elementId": 7068, "content": "Передзвонити"}
    assert note.id is not None
    assert note.id > 500
    assert note.contact_id == 7068
    assert note.content == "Передзвонити"
    assert note.date_create is not None


@pytest.mark.parametrize(
    ("answer", "expected_id"),
    [
        pytest.param(1, None, id="bare 1"),
        pytest.param(None, None, id="empty"),
        pytest.param(
            [
                samples.note() | {"id": 9, "content": "old"},
                samples.note() | {"id": 10, "content": "hello"},
            ],
            10,
            id="list",
        ),
        pytest.param(samples.note() | {"id": 11, "content": "hello"}, 11, id="object"),
    ],
)
async def test_create_note_answer_shapes(
    client: VegaClient, pbx: FakePbx, answer: Any, expected_id: int | None
) -> None:
    pbx.reply("POST", r"/crm/contacts/v2/\d+/notes", answer)
    note = await client.notes.create(7068, "hello")
    assert note.id == expected_id
    assert note.contact_id == 7068
    assert note.content == "hello"


async def test_create_note_needs_text(client: VegaClient, pbx: FakePbx) -> None:
    with pytest.raises(ValueError, match="text"):
        await client.notes.create(7068, "  ")
    assert pbx.log == []


async def test_update_note(client: VegaClient, pbx: FakePbx) -> None:
    await client.notes.update(7068, Note(id=12, content="changed"))
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("PUT", "/crm/contacts/v2/7068/notes")
    assert seen.body["id"] == 12
    assert seen.body["elementId"] == 7068
    assert seen.body["content"] == "changed"
    with pytest.raises(ValueError, match="id"):
        await client.notes.update(7068, Note(content="no id"))


async def test_delete_note(client: VegaClient, pbx: FakePbx) -> None:
    await client.notes.delete(7068, 12)
    seen = pbx.log[-1]
    assert (seen.method, seen.path) == ("DELETE", "/crm/contacts/v2/7068/notes/12")


async def test_notes_of_a_missing_contact(client: VegaClient, pbx: FakePbx) -> None:
    pbx.on("GET", r"/crm/contacts/v2/\d+/notes", lambda r: httpx.Response(404))
    with pytest.raises(NotFound):
        await client.notes.list(1)


# --------------------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequest),
        (401, BadRequest),
        (404, NotFound),
        (422, BadRequest),
        (500, ServerError),
        (501, ServerError),
        (302, ProtocolError),
        (101, ProtocolError),
    ],
)
async def test_status_mapping(
    pbx: FakePbx, status: int, error: type[Exception], tmp_path: Path
) -> None:
    pbx.reply("GET", "/rest/users", status=status, text="nope", headers={"Location": "/x"})
    async with VegaClient(
        domain=DOMAIN, api_key=API_KEY, transport=pbx.transport(), retry=FAST_RETRY
    ) as client:
        with pytest.raises(error) as caught:
            await client.users.list()
    assert caught.value.status == status  # type: ignore[attr-defined]
