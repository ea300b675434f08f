"""DemoServer over a real loopback socket, the control API over HTTP, and the command line."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.demo.conftest import login
from vega_desktop.demo import (
    DEMO_API_KEY,
    DEMO_DOMAIN,
    DemoServer,
    ManualClock,
    SimulatedPbx,
    TrafficDriver,
)


def running(server: DemoServer) -> bool:
    return server.running


def test_start_stop_leaves_nothing_behind() -> None:
    threads = threading.active_count()
    pbx = SimulatedPbx(seed=1, clock=ManualClock(1.75e9))
    server = DemoServer(pbx)
    server.start()
    assert running(server)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
    with httpx.Client(base_url=server.url) as client:  # keep-alive connection left open
        assert client.get("/rest/users").status_code == 403
        server.stop()
    assert not running(server)
    assert threading.active_count() == threads
    server.stop()  # idempotent
    with socket.socket() as sock:  # the port is free again
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", server.port))
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/rest/users")


def test_a_busy_port_is_reported() -> None:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(1.75e9))
    with DemoServer(pbx) as first, pytest.raises(OSError, match="in use"):
        DemoServer(pbx, port=first.port).start()


@pytest.mark.asyncio
async def test_the_whole_flow_over_loopback() -> None:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(1.75e9))
    with DemoServer(pbx) as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            assert (await client.get("/rest/users")).status_code == 403
            await login(client)
            call = await client.post(
                "/rest/user/makeCall", json={"legExt": "001", "otherLegNum": "+380993034330"}
            )
            uuid = call.json()["uuid"]
            advanced = await client.post("/_control/advance", json={"seconds": 10})
            assert advanced.json()["calls"][0]["state"] == "answered"
            (active,) = (await client.get("/rest/calls/active/v3")).json()
            assert active["lastEvent"] == "call.bridge"
            assert (await client.get(f"/rest/calls/active/{uuid}/hangup")).status_code == 200
            now = int(pbx.now() * 1000)
            history = await client.get(
                "/rest/calls/company.api", params={"timeFrom": now - 60000, "timeTo": now}
            )
            (record,) = history.json()
            assert record["audioRecUrl"].startswith(server.url + "/rest/public/calls/")
            audio = await client.get(record["audioRecUrl"])
            assert audio.status_code == 200
            assert audio.headers["content-type"] == "audio/wav"
            contacts = await client.get("/crm/contacts/v2/", params={"searchText": "Telecom"})
            assert contacts.json()[0]["companyTitle"] == "Telecom company"
            assert (await client.post("/_control/sessions/expire")).json() == {"expired": 1}
            assert (await client.get("/rest/users")).status_code == 403


@pytest.mark.asyncio
async def test_control_api_over_http(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    started = await client.post(
        "/_control/calls", json={"direction": "incoming", "number": "+380501112233", "group": "200"}
    )
    parent = started.json()["uuid"]
    state = (await client.get("/_control/state")).json()
    assert state["activeCalls"] == 5
    assert state["sessions"] == 1
    assert state["contacts"] == len(pbx.world.contacts)
    assert state["missed"] > 0
    assert {c["parentUuid"] for c in state["calls"] if c["parentUuid"]} == {parent}
    summary = (await client.get(f"/_control/calls/{parent}")).json()
    assert summary["ext"] == "200"
    assert len(summary["children"]) == 5
    answered = (await client.post(f"/_control/calls/{parent}/answer", json={"ext": "006"})).json()
    transfer = await client.post(
        f"/_control/calls/{answered['uuid']}/transfer", json={"to_ext": "001"}
    )
    assert transfer.status_code == 200
    ended = await client.post(f"/_control/calls/{parent}/end", json={})
    assert ended.json() == {"uuid": parent}
    events = (await client.get("/_control/events")).json()
    assert [e["event"] for e in events if e["uuid"] == answered["uuid"]] == [
        "call.dial",
        "call.bridge",
        "call.transfer",
        "call.hangup",
    ]
    bad = await client.post("/_control/calls", content=b"{oops")
    assert bad.status_code == 400
    assert (await client.post("/_control/advance", json={"seconds": -1})).status_code == 400


@pytest.mark.asyncio
async def test_advance_needs_a_manual_clock() -> None:
    pbx = SimulatedPbx(seed=1)
    with DemoServer(pbx) as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            response = await client.post("/_control/advance", json={"seconds": 1})
    assert response.status_code == 409


@pytest.mark.asyncio
async def test_server_runs_the_traffic_driver_on_its_loop() -> None:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(1.75e9))
    driver = TrafficDriver(pbx, first_call_after=0, poll_interval=0.01)
    with DemoServer(pbx, traffic=driver) as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            await login(client)
            for _ in range(200):
                calls = (await client.get("/rest/calls/active/v3")).json()
                if calls:
                    break
                await asyncio.sleep(0.01)
            assert calls
            assert driver.started


def test_serve_command_prints_how_to_connect() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "vega_desktop.demo", "--port", "0", "--no-traffic"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
        match = re.search(r"(http://127\.0\.0\.1:\d+)", lines[0])
        assert match, lines
        assert DEMO_DOMAIN in lines[1]
        assert DEMO_API_KEY in lines[2]
        assert "off" in lines[3]
        with httpx.Client(base_url=match.group(1)) as client:
            response = client.post(
                "/rest/security/authorize", json={"domain": DEMO_DOMAIN, "apiKey": DEMO_API_KEY}
            )
            assert response.status_code == 200
            assert len(client.get("/rest/users").json()) == 10
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=15)
        stderr = proc.stderr.read() if proc.stderr else ""
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert code == 0, stderr
    assert "Traceback" not in stderr


@pytest.mark.asyncio
async def test_stop_cuts_stalled_requests_short() -> None:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(1.75e9))
    server = DemoServer(pbx).start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            pbx.add_fault("stall", "/rest/users", seconds=60)
            pending = asyncio.create_task(client.get("/rest/users"))
            for _ in range(500):  # until the server has taken the request (and the fault)
                if not pbx.faults():
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.05)
            started = time.monotonic()
            await asyncio.to_thread(server.stop)
            assert time.monotonic() - started < 1.5
            with pytest.raises(httpx.RemoteProtocolError):
                await pending
    finally:
        server.stop()
