"""Authorization: the JSESSIONID cookie, 403 without a live session, expiry."""

from __future__ import annotations

import httpx
import pytest

from tests.demo.conftest import login
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, ManualClock, SimulatedPbx, create_app

PROTECTED = [
    ("GET", "/rest/calls/active/v3"),
    ("GET", "/rest/users"),
    ("GET", "/rest/calls/company.api?timeFrom=0&timeTo=1"),
    ("GET", "/rest/calls/missed.api?timeFrom=0&timeTo=1"),
    ("GET", "/rest/calls/users.api?timeFrom=0&timeTo=1"),
    ("GET", "/rest/calls/active/47a968893984475b8c20e29dec144ce1/hangup"),
    ("POST", "/rest/user/makeCall"),
    ("GET", "/crm/contacts/v2/"),
    ("GET", "/crm/contacts/v2/7001"),
    ("GET", "/crm/contacts/v2/searchByOLNum?otherLegNum=0442249895"),
    ("POST", "/crm/contacts/v2/batch"),
    ("GET", "/crm/contacts/v2/7001/notes"),
    ("DELETE", "/crm/contacts/v2/7001/notes/1"),
]


@pytest.mark.asyncio
async def test_authorize_sets_the_session_cookie(anon: httpx.AsyncClient) -> None:
    response = await login(anon)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("JSESSIONID=")
    assert "Path=/" in cookie
    assert "HttpOnly" in cookie
    assert len(anon.cookies["JSESSIONID"]) == 32
    assert (await anon.get("/rest/users")).status_code == 200


@pytest.mark.asyncio
@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_every_private_route_needs_a_session(
    anon: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await anon.request(method, path)
    assert response.status_code == 403


@pytest.mark.asyncio
async def test_unknown_session_is_forbidden(anon: httpx.AsyncClient) -> None:
    anon.cookies.set("JSESSIONID", "0" * 32)
    assert (await anon.get("/rest/users")).status_code == 403


@pytest.mark.asyncio
async def test_domain_is_case_insensitive_and_must_match(anon: httpx.AsyncClient) -> None:
    ok = await anon.post(
        "/rest/security/authorize", json={"domain": " Demo.PBX.vega.ua ", "apiKey": DEMO_API_KEY}
    )
    assert ok.status_code == 200
    other = await anon.post(
        "/rest/security/authorize", json={"domain": "other.pbx.vega.ua", "apiKey": DEMO_API_KEY}
    )
    assert other.status_code == 401


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"domain": DEMO_DOMAIN, "apiKey": "wrong"}, 401),
        ({"domain": DEMO_DOMAIN}, 400),
        ({"apiKey": DEMO_API_KEY}, 400),
        ([DEMO_DOMAIN, DEMO_API_KEY], 400),
        ({"domain": DEMO_DOMAIN, "apiKey": 42}, 400),
    ],
)
async def test_authorize_refusals(anon: httpx.AsyncClient, body: object, status: int) -> None:
    response = await anon.post("/rest/security/authorize", json=body)
    assert response.status_code == status
    assert response.text  # >= 400 carries a description
    assert "set-cookie" not in response.headers


@pytest.mark.asyncio
async def test_authorize_with_invalid_json(anon: httpx.AsyncClient) -> None:
    response = await anon.post("/rest/security/authorize", content=b"{domain: demo")
    assert response.status_code == 400


@pytest.mark.asyncio
async def test_sessions_expire_after_idle_ttl(
    client: httpx.AsyncClient, pbx: SimulatedPbx, clock: ManualClock
) -> None:
    clock.advance(pbx.session_ttl - 1)
    assert (await client.get("/rest/users")).status_code == 200  # use refreshes the session
    clock.advance(pbx.session_ttl - 1)
    assert (await client.get("/rest/users")).status_code == 200
    clock.advance(pbx.session_ttl + 1)
    assert (await client.get("/rest/users")).status_code == 403
    await login(client)
    assert (await client.get("/rest/users")).status_code == 200


@pytest.mark.asyncio
async def test_sessions_expire_on_demand(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    assert pbx.expire_sessions() == 1
    assert (await client.get("/rest/users")).status_code == 403
    await login(client)
    expired = await client.post("/_control/sessions/expire")
    assert expired.json() == {"expired": 1}
    assert (await client.get("/rest/users")).status_code == 403


@pytest.mark.asyncio
async def test_two_sessions_live_side_by_side(pbx: SimulatedPbx, anon: httpx.AsyncClient) -> None:
    transport = httpx.ASGITransport(app=create_app(pbx))
    async with httpx.AsyncClient(transport=transport, base_url="http://pbx.test") as other:
        await login(anon)
        await login(other)
        assert anon.cookies["JSESSIONID"] != other.cookies["JSESSIONID"]
        assert (await anon.get("/rest/users")).status_code == 200
        assert (await other.get("/rest/users")).status_code == 200


def test_key_never_in_repr() -> None:
    pbx = SimulatedPbx(seed=3, api_key="s3cr3t-api-key-0123456789")
    assert "s3cr3t" not in repr(pbx)
    assert "s3cr3t" not in repr(vars(pbx).get("domain"))
