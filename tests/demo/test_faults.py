"""Injected faults (500, stall, invalid JSON, dropped connection) and the request log."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.demo.conftest import login
from vega_desktop.demo import (
    DEMO_API_KEY,
    DEMO_DOMAIN,
    DemoServer,
    DroppedConnectionError,
    ManualClock,
    SimulatedPbx,
    create_app,
)


@pytest.mark.asyncio
async def test_500(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    pbx.add_fault("500", "/rest/users", count=2)
    for _ in range(2):
        response = await client.get("/rest/users")
        assert response.status_code == 500
        assert response.text == "Internal Server Error"
    assert (await client.get("/rest/users")).status_code == 200


@pytest.mark.asyncio
async def test_invalid_json(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    pbx.add_fault("invalid_json", "/rest/calls/active")
    response = await client.get("/rest/calls/active/v3")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)
    assert (await client.get("/rest/calls/active/v3")).json() == []


@pytest.mark.asyncio
async def test_stall_in_process_just_answers_late(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    pbx.add_fault("stall", "/rest/users", seconds=0.2)
    started = time.monotonic()
    response = await client.get("/rest/users")
    assert time.monotonic() - started >= 0.2
    assert response.status_code == 200  # ASGITransport has no timeouts: the answer arrives


@pytest.mark.asyncio
async def test_drop_in_process_raises_an_httpx_transport_error(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    pbx.add_fault("drop", "/rest/user/makeCall")
    with pytest.raises(httpx.RemoteProtocolError) as caught:
        await client.post(
            "/rest/user/makeCall", json={"legExt": "001", "otherLegNum": "0501112233"}
        )
    assert isinstance(caught.value, httpx.TransportError)
    assert isinstance(caught.value, DroppedConnectionError)
    assert await (await client.get("/rest/calls/active/v3")).aread() == b"[]"  # never placed


@pytest.mark.asyncio
async def test_faults_match_a_path_prefix_and_count(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    pbx.add_fault("500", "/crm/", count=3)
    assert (await client.get("/rest/users")).status_code == 200  # other paths are spared
    statuses = [(await client.get("/crm/contacts/v2/7009")).status_code for _ in range(4)]
    assert statuses == [500, 500, 500, 200]
    assert pbx.faults() == []


@pytest.mark.asyncio
async def test_a_fault_for_every_path_spares_the_control_api(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    pbx.add_fault("500", None, count=5)
    assert (await client.get("/_control/state")).status_code == 200
    assert (await client.get("/rest/users")).status_code == 500
    assert (await client.post("/rest/security/authorize", json={})).status_code == 500
    assert (await client.get("/rest/public/calls/x/audio")).status_code == 500
    assert pbx.faults()[0].count == 2


@pytest.mark.asyncio
async def test_faults_through_the_control_api(client: httpx.AsyncClient) -> None:
    added = await client.post(
        "/_control/faults", json={"kind": "500", "path": "/rest/users", "count": 2}
    )
    assert added.json() == {"kind": "500", "path": "/rest/users", "count": 2, "seconds": 5.0}
    assert len((await client.get("/_control/faults")).json()) == 1
    assert (await client.get("/rest/users")).status_code == 500
    assert (await client.delete("/_control/faults")).json() == {"cleared": 1}
    assert (await client.get("/rest/users")).status_code == 200
    for bad in (
        {"kind": "teapot"},
        {"kind": "500", "path": "rest"},
        {"kind": "500", "count": 0},
        {"kind": "500", "count": "2"},
        {"kind": "stall", "seconds": -1},
    ):
        response = await client.post("/_control/faults", json=bad)
        assert response.status_code == 400, bad
        assert "error" in response.json()


@pytest.mark.asyncio
async def test_request_log_redacts_the_key(anon: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    await login(anon)
    await anon.get(
        "/rest/calls/company.api",
        params=[("timeFrom", 1), ("timeTo", 2), ("directions", 2), ("directions", 4)],
    )
    await anon.post("/crm/contacts/v2/7009/notes", json={"content": "Привіт"})
    log = (await anon.get("/_control/log")).json()
    assert log == pbx.request_log()
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("POST", "/rest/security/authorize", 200),
        ("GET", "/rest/calls/company.api", 200),
        ("POST", "/crm/contacts/v2/7009/notes", 200),
    ]
    assert log[0]["json"] == {"domain": DEMO_DOMAIN, "apiKey": "***"}
    assert log[1]["query"] == {"timeFrom": "1", "timeTo": "2", "directions": ["2", "4"]}
    assert log[2]["json"] == {"content": "Привіт"}
    assert all(e["fault"] is None for e in log)
    await anon.delete("/_control/log")
    assert pbx.request_log() == []


@pytest.mark.asyncio
async def test_a_long_key_never_reaches_the_log() -> None:
    key = "bHGbn240QSjFJgydWOWyZ3ve6UeNDT8CV"
    pbx = SimulatedPbx(seed=2, clock=ManualClock(1.75e9), api_key=key)
    transport = httpx.ASGITransport(app=create_app(pbx))
    async with httpx.AsyncClient(transport=transport, base_url="http://pbx.test") as client:
        ok = await client.post(
            "/rest/security/authorize", json={"domain": DEMO_DOMAIN, "apiKey": key}
        )
        assert ok.status_code == 200
        await client.post("/rest/security/authorize", json={"domain": DEMO_DOMAIN, "api_key": key})
        await client.get("/rest/users", params={"apiKey": key, "q": f"x{key}y"})
        await client.post("/crm/contacts/v2/7009/notes", json={"content": f"key is {key}"})
        text = json.dumps((await client.get("/_control/log")).json())
    assert key not in text
    assert DEMO_DOMAIN in text


@pytest.fixture
def server() -> Iterator[tuple[SimulatedPbx, DemoServer]]:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(1.75e9))
    with DemoServer(pbx) as srv:
        yield pbx, srv


@pytest.mark.asyncio
async def test_faults_over_a_real_socket(server: tuple[SimulatedPbx, DemoServer]) -> None:
    pbx, srv = server
    async with httpx.AsyncClient(base_url=srv.url, timeout=5.0) as client:
        await login(client)

        pbx.add_fault("drop", "/rest/calls/active")
        with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
            await client.get("/rest/calls/active/v3")

        pbx.add_fault("stall", "/rest/users", seconds=30)
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/rest/users", timeout=0.3)
        assert time.monotonic() - started < 5

        pbx.add_fault("stall", "/rest/users", seconds=0.2)
        assert (await client.get("/rest/users")).status_code == 200

        pbx.add_fault("500", "/rest/users")
        assert (await client.get("/rest/users")).status_code == 500
        pbx.add_fault("invalid_json", "/rest/users")
        with pytest.raises(json.JSONDecodeError):
            (await client.get("/rest/users")).json()

        assert (await client.get("/rest/users")).status_code == 200  # the server is fine
        faults = [e["fault"] for e in pbx.request_log() if e["fault"]]
        assert faults == ["drop", "stall", "stall", "500", "invalid_json"]
        dropped = next(e for e in pbx.request_log() if e["fault"] == "drop")
        assert dropped["status"] is None


def test_unauthorized_key_is_refused_over_a_socket(server: tuple[SimulatedPbx, DemoServer]) -> None:
    _, srv = server
    with httpx.Client(base_url=srv.url) as client:
        response = client.post(
            "/rest/security/authorize", json={"domain": DEMO_DOMAIN, "apiKey": DEMO_API_KEY + "x"}
        )
        assert response.status_code == 401
