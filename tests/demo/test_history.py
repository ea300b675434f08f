"""Call history: company.api, missed.api and users.api, their filters, pages and formats."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.demo.conftest import week
from vega_desktop.demo import SimulatedPbx
from vega_desktop.demo.phones import match_key

DASHED = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
API = ("company", "missed", "users")


async def get(client: httpx.AsyncClient, api: str, params: Any) -> list[dict[str, Any]]:
    response = await client.get(f"/rest/calls/{api}.api", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body, list)
    return body


async def everything(client: httpx.AsyncClient, api: str, params: dict[str, Any]) -> list[Any]:
    """Page the way the spec says: until a page holds fewer than 50 records."""
    out: list[Any] = []
    while True:
        page = await get(client, api, {**params, "limit": 50, "offset": len(out)})
        out.extend(page)
        if len(page) < 50:
            return out


@pytest.mark.asyncio
async def test_company_history_wire_format(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    records = await everything(client, "company", week(pbx))
    assert len(records) > 150
    for r in records:
        assert DASHED.match(r["uuid"])
        assert r["endAt"] > 10**12  # milliseconds
        assert r["lgDirection"] in (1, 2, 4)
        assert r["leg"]["type"] in (1, 2, 4)
        if r["lgDirection"] == 1:
            assert r["otherLegNum"] is None
            assert r["trunk"] is None
        else:
            assert r["otherLegNum"]
            assert re.fullmatch(r"(o=\d+;)+", r["trunk"])
        if "parentUuid" in r:
            assert DASHED.match(r["parentUuid"])
        if r["audioRecUrl"] is not None:
            assert r["audioRecUrl"] == f"http://pbx.test/rest/public/calls/{r['uuid']}/audio"
    ends = [r["endAt"] for r in records]
    assert ends == sorted(ends, reverse=True)  # newest first
    assert len({r["uuid"] for r in records}) == len(records)
    # the variety the client must cope with
    assert any(r["leg"]["type"] == 2 for r in records)
    assert any(r["leg"]["type"] == 4 and r["leg"]["ext"] is None for r in records)
    assert any(r["leg2"] is not None and r["leg2"]["type"] == 2 for r in records)
    assert any(r["otherLegNum"] and r["otherLegNum"].startswith("0") for r in records)
    assert any(r["otherLegName"] and r["otherLegName"] != r["otherLegNum"] for r in records)
    assert any(r["otherLegNum"] and r["otherLegName"] == r["otherLegNum"] for r in records)
    assert any(r["trunk"] and r["trunk"].count(";") == 2 for r in records)
    assert any("billSecs" not in r for r in records)
    transfers = {r["transferHistory"] for r in records}
    assert None in transfers
    assert any(t and re.fullmatch(r"\d{3}", t) for t in transfers)
    assert any(t and re.fullmatch(r"\d{3} > \d{3}", t) for t in transfers)
    assert any(t and re.fullmatch(r"\d{3}> \d{3}", t) for t in transfers)
    assert "003 > 001" in transfers
    assert {r["disposition"] for r in records} == {0, 1, 2, 3, 4}


@pytest.mark.asyncio
@pytest.mark.parametrize("api", API)
async def test_time_window_is_required_and_checked(client: httpx.AsyncClient, api: str) -> None:
    cases: list[dict[str, str | int]] = [
        {},
        {"timeFrom": 0},
        {"timeTo": 1},
        {"timeFrom": "yesterday", "timeTo": 1},
        {"timeFrom": "1.5", "timeTo": 3},
        {"timeFrom": 5, "timeTo": 1},
        {"timeFrom": -1, "timeTo": 1},
        {"timeFrom": 0, "timeTo": 1, "limit": "ten"},
        {"timeFrom": 0, "timeTo": 1, "limit": -1},
        {"timeFrom": 0, "timeTo": 1, "offset": -5},
    ]
    for params in cases:
        response = await client.get(f"/rest/calls/{api}.api", params=params)
        assert response.status_code == 400, params
        assert response.text


@pytest.mark.asyncio
@pytest.mark.parametrize("api", API)
async def test_window_bounds_are_inclusive(
    client: httpx.AsyncClient, pbx: SimulatedPbx, api: str
) -> None:
    newest = (await get(client, api, {**week(pbx), "limit": 1}))[0]
    exact = await get(client, api, {"timeFrom": newest["endAt"], "timeTo": newest["endAt"]})
    assert [r["uuid"] for r in exact] == [newest["uuid"]]
    after = await get(client, api, {"timeFrom": newest["endAt"] + 1, "timeTo": 2 * 10**13})
    assert after == []


@pytest.mark.asyncio
@pytest.mark.parametrize("api", API)
async def test_limit_defaults_to_50_and_is_capped(
    client: httpx.AsyncClient, pbx: SimulatedPbx, api: str
) -> None:
    window = week(pbx)
    if api == "missed":
        for i in range(60):  # enough unanswered calls to fill pages
            uuid = pbx.start_call("incoming", number=f"+38063000{i:04d}")
            pbx.end_call(uuid)
        window = week(pbx)
    assert len(await get(client, api, window)) == 50
    assert len(await get(client, api, {**window, "limit": 500})) == 50
    assert len(await get(client, api, {**window, "limit": 7})) == 7
    assert await get(client, api, {**window, "limit": 0}) == []


@pytest.mark.asyncio
async def test_offset_pages_do_not_overlap(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    window = week(pbx)
    first = await get(client, "company", {**window, "limit": 20})
    second = await get(client, "company", {**window, "limit": 20, "offset": 20})
    both = await get(client, "company", {**window, "limit": 40})
    assert [r["uuid"] for r in first + second] == [r["uuid"] for r in both]
    assert await get(client, "company", {**window, "offset": 100000}) == []


@pytest.mark.asyncio
async def test_exactly_full_pages_end_with_an_empty_page(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    all_records = await everything(client, "company", week(pbx))
    hundredth = all_records[99]["endAt"]
    assert all_records[100]["endAt"] < hundredth  # no tie at the edge
    window = {"timeFrom": hundredth, "timeTo": week(pbx)["timeTo"]}
    pages = [await get(client, "company", {**window, "offset": off}) for off in (0, 50, 100)]
    assert [len(p) for p in pages] == [50, 50, 0]
    assert [r["uuid"] for r in pages[0] + pages[1]] == [r["uuid"] for r in all_records[:100]]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("directions=1", {1}),
        ("directions=2", {2}),
        ("directions=4", {4}),
        ("directions=6", {2, 4}),
        ("directions=2&directions=4", {2, 4}),
        ("directions=2,4", {2, 4}),
        ("directions=2, 4", {2, 4}),
        ("directions[]=1&directions[]=4", {1, 4}),
        ("directions=7", {1, 2, 4}),
        ("directions=", {1, 2, 4}),
        ("", {1, 2, 4}),
    ],
)
async def test_directions_encodings(
    client: httpx.AsyncClient, pbx: SimulatedPbx, query: str, expected: set[int]
) -> None:
    w = week(pbx)
    url = f"/rest/calls/company.api?timeFrom={w['timeFrom']}&timeTo={w['timeTo']}&{query}"
    seen: set[int] = set()
    offset = 0
    while True:
        response = await client.get(f"{url}&offset={offset}")
        assert response.status_code == 200, response.text
        page = response.json()
        seen |= {r["lgDirection"] for r in page}
        offset += len(page)
        if len(page) < 50:
            break
    assert seen == expected


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("api", "value"),
    [
        ("company", "8"),
        ("company", "32"),
        ("company", "0"),
        ("company", "two"),
        ("company", "-2"),
        ("users", "128"),
        ("users", "2,x"),
    ],
)
async def test_bad_directions_are_400(
    client: httpx.AsyncClient, pbx: SimulatedPbx, api: str, value: str
) -> None:
    response = await client.get(f"/rest/calls/{api}.api", params={**week(pbx), "directions": value})
    assert response.status_code == 400


@pytest.mark.asyncio
async def test_users_api_lists_pauses_only_when_asked(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    default = await everything(client, "users", week(pbx))
    assert {r["lgDirection"] for r in default} == {1, 2, 4}
    assert all(r["leg"]["type"] == 1 for r in default)  # employees' legs only
    pauses = await everything(client, "users", {**week(pbx), "directions": 96})
    assert {r["lgDirection"] for r in pauses} == {32, 64}
    assert all(r["leg"]["type"] == 1 and r["otherLegNum"] is None for r in pauses)
    assert all("billSecs" not in r and r["audioRecUrl"] is None for r in pauses)
    on_only = await everything(client, "users", {**week(pbx), "directions": "32"})
    assert {r["lgDirection"] for r in on_only} == {32}
    mixed = await everything(client, "users", {**week(pbx), "directions": [4, 64]})
    assert {r["lgDirection"] for r in mixed} == {4, 64}


@pytest.mark.asyncio
async def test_users_api_has_ring_group_legs_company_api_has_the_group(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    company = await everything(client, "company", week(pbx))
    users = await everything(client, "users", week(pbx))
    groups = {r["uuid"] for r in company if r["leg"]["type"] == 2}
    assert groups
    assert not any(r["uuid"] in groups for r in users)
    legs_elsewhere = [r for r in users if r.get("parentUuid") in groups and r["disposition"] == 1]
    assert legs_elsewhere  # members whose phone rang while a colleague answered
    company_children = [r for r in company if r.get("parentUuid") in groups]
    assert all(r["disposition"] == 0 for r in company_children)


@pytest.mark.asyncio
async def test_missed_lists_unanswered_incoming_never_reached_since(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    missed = await everything(client, "missed", week(pbx))
    company = await everything(client, "company", week(pbx))
    assert missed
    for r in missed:
        assert r["lgDirection"] == 4
        assert r["disposition"] != 0
        assert "parentUuid" not in r
        later_answered = [
            c
            for c in company
            if c["disposition"] == 0
            and c["otherLegNum"]
            and match_key(c["otherLegNum"]) == match_key(r["otherLegNum"])
            and c["endAt"] > r["endAt"]
        ]
        assert later_answered == []
    # the seeded repeat caller who never got through is listed three times
    counts: dict[str, int] = {}
    for r in missed:
        counts[match_key(r["otherLegNum"])] = counts.get(match_key(r["otherLegNum"]), 0) + 1
    assert max(counts.values()) >= 3
    # and some misses in the week were cleared by a later answered call
    cleared = [
        r
        for r in company
        if r["lgDirection"] == 4
        and r["disposition"] != 0
        and "parentUuid" not in r
        and r["uuid"] not in {m["uuid"] for m in missed}
    ]
    assert cleared


@pytest.mark.asyncio
async def test_a_call_back_clears_the_misses(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    number = "+380931234567"
    for _ in range(2):
        pbx.advance(60)
        pbx.end_call(pbx.start_call("incoming", number=number))
    missed = await get(client, "missed", {**week(pbx), "limit": 2})
    assert [r["otherLegNum"] for r in missed] == [number, number]

    pbx.advance(60)
    call = await client.post(
        "/rest/user/makeCall", json={"legExt": "001", "otherLegNum": "0931234567"}
    )
    uuid = call.json()["uuid"]
    await client.get(f"/rest/calls/active/{uuid}/hangup")  # unanswered: not reached yet
    assert (
        len([r for r in await get(client, "missed", week(pbx)) if r["otherLegNum"] == number]) == 2
    )

    pbx.advance(60)
    call = await client.post(
        "/rest/user/makeCall", json={"legExt": "001", "otherLegNum": "0931234567"}
    )
    pbx.advance(pbx.answer_delay + 5)
    await client.get(f"/rest/calls/active/{call.json()['uuid']}/hangup")
    assert [r for r in await get(client, "missed", week(pbx)) if r["otherLegNum"] == number] == []

    pbx.advance(600)  # a new miss after the call-back is listed again
    pbx.end_call(pbx.start_call("incoming", number=number))
    again = await get(client, "missed", {**week(pbx), "limit": 5})
    assert [r["otherLegNum"] for r in again].count(number) == 1


@pytest.mark.asyncio
async def test_an_answered_incoming_call_also_clears_misses(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    number = "+380501230000"
    pbx.end_call(pbx.start_call("incoming", number=number, group="200"), 4)
    assert (await get(client, "missed", {**week(pbx), "limit": 1}))[0]["otherLegNum"] == number
    pbx.advance(300)
    uuid = pbx.start_call("incoming", number="050 123 00 00", ext="006")
    pbx.answer_call(uuid)
    pbx.advance(30)
    pbx.end_call(uuid)
    assert all(r["otherLegNum"] != number for r in await get(client, "missed", week(pbx)))


@pytest.mark.asyncio
async def test_live_calls_are_not_in_history_until_they_end(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    before = (await get(client, "company", {**week(pbx), "limit": 1}))[0]
    uuid = pbx.start_call("incoming", number="+380501112233")
    assert (await get(client, "company", {**week(pbx), "limit": 1}))[0] == before
    pbx.end_call(uuid)
    assert (await get(client, "company", {**week(pbx), "limit": 1}))[0] != before
