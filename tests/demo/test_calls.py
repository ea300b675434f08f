"""Live calls: makeCall, the active list, hangup, ring groups, transfers, internal calls."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.demo.conftest import week
from vega_desktop.demo import SimulatedPbx
from vega_desktop.demo.pbx import dashed


async def active(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/rest/calls/active/v3")
    assert response.status_code == 200
    calls: list[dict[str, Any]] = response.json()
    assert isinstance(calls, list)
    return calls


async def company(client: httpx.AsyncClient, pbx: SimulatedPbx, **params: Any) -> list[Any]:
    response = await client.get("/rest/calls/company.api", params={**week(pbx), **params})
    assert response.status_code == 200, response.text
    records: list[Any] = response.json()
    return records


async def control(client: httpx.AsyncClient, path: str, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/_control{path}", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.asyncio
async def test_make_call_rings_the_operator_then_is_answered_then_talks(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    response = await client.post(
        "/rest/user/makeCall", json={"legExt": "001", "otherLegNum": "+380993034330"}
    )
    assert response.status_code == 200
    uuid = response.json()["uuid"]
    assert len(uuid) == 32
    assert int(uuid, 16) >= 0

    (ringing,) = await active(client)
    assert ringing["uuid"] == uuid
    assert ringing["lastEvent"] == "call.dial"
    assert ringing["bridgeAt"] is None
    assert ringing["lgDirection"] == 2
    assert ringing["leg"] == {"id": 36, "ext": "001", "displayName": "Андрій Васильєв"}
    assert ringing["leg2"] is None
    assert ringing["dialAt"] == int(pbx.now())  # seconds, as in the spec's example
    other = ringing["otherLegs"][0]
    assert other["num"] == "+380993034330"
    assert other["id"] is None
    assert other["name"] is None
    assert ringing["trunkNum"] == "+380442246595"

    pbx.advance(pbx.answer_delay - 0.5)
    assert (await active(client))[0]["lastEvent"] == "call.dial"
    pbx.advance(1.0)
    (talking,) = await active(client)
    assert talking["lastEvent"] == "call.bridge"
    assert talking["bridgeAt"] == talking["dialAt"] + int(pbx.answer_delay)

    pbx.advance(20.5)  # 21 s of talk, 24 s in all
    assert (await client.get(f"/rest/calls/active/{uuid}/hangup")).status_code == 200
    assert await active(client) == []

    record = (await company(client, pbx, limit=1))[0]
    assert record["uuid"] == dashed(uuid)
    assert record["disposition"] == 0
    assert record["billSecs"] == 21
    assert record["duration"] == 24
    assert record["otherLegName"] == record["otherLegNum"] == "+380993034330"
    assert record["transferHistory"] == "001"
    assert record["trunk"] == "o=380442246595;"
    assert record["audioRecUrl"] == f"http://pbx.test/rest/public/calls/{dashed(uuid)}/audio"


@pytest.mark.asyncio
async def test_make_call_to_a_contact_shows_its_crm_card(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    response = await client.post(
        "/rest/user/makeCall", json={"legExt": "001", "otherLegNum": "044 224 98 95"}
    )
    (call,) = await active(client)
    other = call["otherLegs"][0]
    assert other["id"] == "7009"  # a string, as in the active-calls example
    assert other["name"] == "Telecom company"
    assert other["num"] == "+380442249895"
    assert other["url"].endswith("?id=7009")
    await client.get(f"/rest/calls/active/{response.json()['uuid']}/hangup")
    record = (await company(client, pbx, limit=1))[0]
    assert record["otherLegName"] == "Telecom company"
    assert record["disposition"] == 1  # hung up while ringing
    assert record["billSecs"] == 0
    assert record["audioRecUrl"] is None


@pytest.mark.asyncio
async def test_make_call_ends_by_itself_after_the_talk_time(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    await client.post("/rest/user/makeCall", json={"legExt": "002", "otherLegNum": "0671234567"})
    assert pbx.talk_time is not None
    pbx.advance(pbx.answer_delay + pbx.talk_time + 1)
    assert await active(client) == []
    record = (await company(client, pbx, limit=1))[0]
    assert record["leg"]["ext"] == "002"
    assert record["billSecs"] == int(pbx.talk_time)


@pytest.mark.asyncio
async def test_make_call_to_an_extension_is_internal(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    await client.post("/rest/user/makeCall", json={"legExt": "001", "otherLegNum": "004"})
    (call,) = await active(client)
    assert call["lgDirection"] == 1
    assert call["leg2"]["ext"] == "004"
    assert call["otherLegs"] is None


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body",
    [
        {"legExt": "099", "otherLegNum": "+380993034330"},
        {"legExt": "", "otherLegNum": "+380993034330"},
        {"otherLegNum": "+380993034330"},
        {"legExt": "001", "otherLegNum": ""},
        {"legExt": "001", "otherLegNum": "   "},
        {"legExt": "001"},
        {"legExt": "001", "otherLegNum": "call me maybe"},
        {"legExt": "001", "otherLegNum": 380993034330},
        ["001", "+380993034330"],
    ],
)
async def test_make_call_refusals_are_plain_text_400(
    client: httpx.AsyncClient, body: object
) -> None:
    response = await client.post("/rest/user/makeCall", json=body)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text
    assert await active(client) == []


@pytest.mark.asyncio
async def test_hangup_of_an_unknown_call_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/rest/calls/active/47a968893984475b8c20e29dec144ce1/hangup")
    assert response.status_code == 404
    assert (await client.get("/rest/calls/active/not-a-uuid/hangup")).status_code == 404


@pytest.mark.asyncio
async def test_hangup_accepts_a_dashed_uuid(client: httpx.AsyncClient) -> None:
    uuid = (await control(client, "/calls", direction="incoming", number="+380501112233"))["uuid"]
    assert (await client.get(f"/rest/calls/active/{dashed(uuid)}/hangup")).status_code == 200
    assert await active(client) == []


@pytest.mark.asyncio
async def test_incoming_call_answered_and_ended(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    uuid = (await control(client, "/calls", direction="incoming", number="0501112233"))["uuid"]
    (call,) = await active(client)
    assert call["lgDirection"] == 4
    assert call["lastEvent"] == "call.dial"
    assert call["leg"]["ext"] == "001"
    pbx.advance(4)
    await control(client, f"/calls/{uuid}/answer")
    assert (await active(client))[0]["lastEvent"] == "call.bridge"
    pbx.advance(30)
    await control(client, f"/calls/{uuid}/end")
    record = (await company(client, pbx, limit=1))[0]
    assert (record["disposition"], record["billSecs"], record["duration"]) == (0, 30, 34)
    assert record["otherLegNum"] == "+380501112233"


@pytest.mark.asyncio
async def test_ring_group_is_answered_elsewhere(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    parent = (
        await control(client, "/calls", direction="incoming", number="+380661234567", group="100")
    )["uuid"]
    legs = await active(client)
    assert sorted(leg["leg"]["ext"] for leg in legs) == ["001", "002", "003", "005"]
    assert {leg["parentUuid"] for leg in legs} == {parent}
    assert all(leg["lastEvent"] == "call.dial" for leg in legs)

    pbx.advance(5)
    answered = (await control(client, f"/calls/{parent}/answer", ext="002"))["uuid"]
    (leg,) = await active(client)  # the operator's leg is gone: answered elsewhere
    assert leg["uuid"] == answered
    assert leg["leg"]["ext"] == "002"
    assert leg["lastEvent"] == "call.bridge"
    pbx.advance(40)
    await control(client, f"/calls/{answered}/end")

    records = await company(client, pbx, limit=5)
    by_uuid = {r["uuid"]: r for r in records}
    group_record = by_uuid[dashed(parent)]
    assert group_record["leg"] == {
        "id": 101,
        "type": 2,
        "displayName": "Відділ продажів",
        "ext": "100",
    }
    assert group_record["disposition"] == 0
    assert group_record["transferHistory"] == "002"
    assert "parentUuid" not in group_record
    member = by_uuid[dashed(answered)]
    assert member["parentUuid"] == dashed(parent)
    assert member["leg"]["ext"] == "002"

    users = await client.get("/rest/calls/users.api", params={**week(pbx), "limit": 10})
    mine = [r for r in users.json() if r.get("parentUuid") == dashed(parent)]
    assert sorted((r["leg"]["ext"], r["disposition"]) for r in mine) == [
        ("001", 1),
        ("002", 0),
        ("003", 1),
        ("005", 1),
    ]
    missed = await client.get("/rest/calls/missed.api", params={**week(pbx), "limit": 50})
    assert all(r["otherLegNum"] != "+380661234567" for r in missed.json())


@pytest.mark.asyncio
async def test_ring_group_member_declines_others_keep_ringing(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    parent = (
        await control(client, "/calls", direction="incoming", number="+380661234567", group="100")
    )["uuid"]
    legs = {leg["leg"]["ext"]: leg["uuid"] for leg in await active(client)}
    await client.get(f"/rest/calls/active/{legs['001']}/hangup")
    assert sorted(leg["leg"]["ext"] for leg in await active(client)) == ["002", "003", "005"]
    for ext in ("002", "003", "005"):
        await client.get(f"/rest/calls/active/{legs[ext]}/hangup")
    assert await active(client) == []
    group_record = (await company(client, pbx, limit=1))[0]
    assert group_record["uuid"] == dashed(parent)
    assert group_record["disposition"] == 1
    missed = await client.get("/rest/calls/missed.api", params={**week(pbx), "limit": 1})
    assert missed.json()[0]["uuid"] == dashed(parent)


@pytest.mark.asyncio
async def test_ring_group_parent_answers_with_the_operator_by_default(
    client: httpx.AsyncClient,
) -> None:
    parent = (
        await control(client, "/calls", direction="incoming", number="+380661234567", group="200")
    )["uuid"]
    answered = (await control(client, f"/calls/{parent}/answer"))["uuid"]
    (leg,) = await active(client)
    assert leg["uuid"] == answered
    assert leg["leg"]["ext"] == "001"


@pytest.mark.asyncio
async def test_transfer_moves_the_call_and_writes_the_history(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    uuid = (
        await control(client, "/calls", direction="incoming", number="+380671112233", ext="003")
    )["uuid"]
    await control(client, f"/calls/{uuid}/answer")
    pbx.advance(10)
    await control(client, f"/calls/{uuid}/transfer", to_ext="001")
    (call,) = await active(client)
    assert call["leg"]["ext"] == "001"
    pbx.advance(10)
    await control(client, f"/calls/{uuid}/end")
    record = (await company(client, pbx, limit=1))[0]
    assert record["leg"]["ext"] == "001"
    assert record["transferHistory"] in ("003 > 001", "003> 001")


@pytest.mark.asyncio
async def test_internal_call_has_no_other_legs_and_no_history_trunk(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    uuid = (await control(client, "/calls", direction="internal", ext="004", to_ext="001"))["uuid"]
    (call,) = await active(client)
    assert call["otherLegs"] is None
    assert call["leg"]["ext"] == "004"
    assert call["leg2"]["ext"] == "001"
    assert call["trunkNum"]  # the spec's internal example carries a trunk anyway
    await control(client, f"/calls/{uuid}/answer")
    pbx.advance(12)
    await control(client, f"/calls/{uuid}/end")
    record = (await company(client, pbx, limit=1))[0]
    assert record["lgDirection"] == 1
    assert record["otherLegNum"] is None
    assert record["otherLegName"] is None
    assert record["trunk"] is None
    assert record["transferHistory"] is None
    assert record["leg2"] == {"id": 36, "type": 1, "displayName": "Андрій Васильєв", "ext": "001"}


@pytest.mark.asyncio
async def test_active_calls_use_both_key_orders(client: httpx.AsyncClient) -> None:
    for i in range(12):
        await control(client, "/calls", direction="incoming", number=f"+38050111{i:04d}")
    orders = {tuple(call) for call in await active(client)}
    assert len(orders) == 2
    for order in orders:
        assert set(order) == {
            "uuid",
            "parentUuid",
            "lastEvent",
            "dialAt",
            "bridgeAt",
            "lgDirection",
            "leg",
            "leg2",
            "otherLegs",
            "trunkNum",
            "trunkName",
        }


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/calls", {"direction": "sideways", "number": "+380501112233"}, 400),
        ("/calls", {"number": "+380501112233"}, 400),
        ("/calls", {"direction": "incoming"}, 400),
        ("/calls", {"direction": "incoming", "number": "+380501112233", "ext": "777"}, 404),
        ("/calls", {"direction": "incoming", "number": "+380501112233", "group": "300"}, 404),
        ("/calls", {"direction": "internal", "ext": "001", "to_ext": "001"}, 400),
        ("/calls", {"direction": "internal", "ext": "001", "to_ext": 2}, 400),
        ("/calls/0123456789abcdef0123456789abcdef/answer", {}, 404),
        ("/calls/0123456789abcdef0123456789abcdef/end", {}, 404),
        ("/calls/0123456789abcdef0123456789abcdef/transfer", {"to_ext": "002"}, 404),
    ],
)
async def test_control_refusals_are_json(
    client: httpx.AsyncClient, path: str, body: dict[str, object], status: int
) -> None:
    response = await client.post(f"/_control{path}", json=body)
    assert response.status_code == status
    assert "error" in response.json()


@pytest.mark.asyncio
async def test_control_conflicts(client: httpx.AsyncClient) -> None:
    uuid = (await control(client, "/calls", direction="incoming", number="+380501112233"))["uuid"]
    transfer = await client.post(f"/_control/calls/{uuid}/transfer", json={"to_ext": "002"})
    assert transfer.status_code == 409  # not answered yet
    await control(client, f"/calls/{uuid}/answer")
    again = await client.post(f"/_control/calls/{uuid}/answer", json={})
    assert again.status_code == 409
    same = await client.post(f"/_control/calls/{uuid}/transfer", json={"to_ext": "001"})
    assert same.status_code == 400
    bad = await client.post(f"/_control/calls/{uuid}/end", json={"disposition": "busy"})
    assert bad.status_code == 400


@pytest.mark.asyncio
async def test_unanswered_call_ends_with_the_given_disposition(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    uuid = (
        await control(client, "/calls", direction="outgoing", number="+380501112233", ext="005")
    )["uuid"]
    summary = (await client.get(f"/_control/calls/{uuid}")).json()
    assert summary["state"] == "ringing"
    assert summary["ext"] == "005"
    await control(client, f"/calls/{uuid}/end", disposition=4)
    assert (await client.get(f"/_control/calls/{uuid}")).status_code == 404
    assert (await company(client, pbx, limit=1))[0]["disposition"] == 4


def test_python_control_api_matches_http(pbx: SimulatedPbx) -> None:
    uuid = pbx.start_call("incoming", number="+380501112233", group="200")
    answered = pbx.answer_call(uuid, "004")
    pbx.advance(5)
    pbx.transfer_call(answered, "001")
    pbx.end_call(uuid)
    events = [(e["event"], e["ext"]) for e in pbx.events() if e["uuid"] == answered]
    assert events == [
        ("call.dial", "004"),
        ("call.bridge", "004"),
        ("call.transfer", "001"),
        ("call.hangup", "001"),
    ]
    assert pbx.state()["activeCalls"] == 0


def test_a_direct_call_can_be_picked_up_on_another_phone(pbx: SimulatedPbx) -> None:
    incoming = pbx.start_call("incoming", number="+380501112233")
    pbx.answer_call(incoming, "007")
    outgoing = pbx.start_call("outgoing", number="+380501112244", ext="003")
    pbx.answer_call(outgoing, "007")  # the called party answers: the caller stays 003
    calls = {c["uuid"]: c for c in pbx.state()["calls"]}
    assert calls[incoming]["ext"] == "007"
    assert calls[outgoing]["ext"] == "003"
