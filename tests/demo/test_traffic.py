"""The traffic driver: scripted calls at a human pace, deterministic on a manual clock."""

from __future__ import annotations

import asyncio
import itertools
import random
from typing import Any

import httpx
import pytest

from tests.demo.conftest import NOW, week
from vega_desktop.demo import DEMO_OPERATOR_EXT, ManualClock, SimulatedPbx, TrafficDriver
from vega_desktop.demo.pbx import dashed
from vega_desktop.demo.traffic import KINDS


def _drive(seed: int, seconds: float) -> tuple[list[Any], list[Any]]:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(NOW))
    driver = TrafficDriver(pbx, random.Random(seed))
    scenarios = driver.run_for(seconds)
    return [(s.kind, s.uuid, s.number, s.started_at) for s in scenarios], pbx.events()


def test_traffic_is_deterministic() -> None:
    first = _drive(7, 900)
    assert first == _drive(7, 900)
    assert first != _drive(8, 900)


def test_traffic_runs_at_a_human_pace() -> None:
    scenarios, _ = _drive(7, 1800)
    assert 40 <= len(scenarios) <= 200
    starts = [s[3] for s in scenarios]
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 10
    assert max(gaps) <= 30.5
    assert {s[0] for s in scenarios} == set(KINDS)


def test_every_call_rings_then_ends_and_answered_ones_talk() -> None:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(NOW))
    driver = TrafficDriver(pbx, random.Random(3))
    driver.run_for(1200)
    pbx.advance(600)  # let the last calls finish
    assert pbx.state()["activeCalls"] == 0
    by_uuid: dict[str, list[dict[str, Any]]] = {}
    for event in pbx.events():
        by_uuid.setdefault(str(event["uuid"]), []).append(event)
    for uuid, events in by_uuid.items():
        names = [e["event"] for e in events]
        assert names[0] == "call.dial", uuid
        assert names[-1] == "call.hangup", uuid
        assert names.count("call.hangup") == 1
        assert names.count("call.bridge") <= 1
        times = [e["at"] for e in events]
        assert times == sorted(times)
        if "call.bridge" in names:
            ring = events[names.index("call.bridge")]["at"] - events[0]["at"]
            talk = events[-1]["at"] - events[names.index("call.bridge")]["at"]
            assert 2 <= ring <= 10
            assert talk >= 10


@pytest.mark.parametrize("kind", KINDS)
def test_each_scenario(kind: str) -> None:
    pbx = SimulatedPbx(seed=1, clock=ManualClock(NOW))
    driver = TrafficDriver(pbx, random.Random(11))
    scenario = driver.step(kind)
    assert scenario.kind == kind
    pbx.advance(0.1)
    assert pbx.state()["activeCalls"] >= 1
    pbx.advance(200)
    assert pbx.state()["activeCalls"] == 0
    records = [r for r in pbx.history_records() if scenario.uuid in (r.uuid, r.parent_uuid)]
    assert records
    main = next(r for r in records if r.uuid == scenario.uuid)
    op = DEMO_OPERATOR_EXT
    if kind == "missed":
        assert main.disposition in (1, 4)
        assert main.direction == 4
    else:
        assert main.disposition == 0
    if kind == "incoming":
        assert main.leg is not None
        assert main.leg.ext == op
        assert main.transfers == (op,)
    if kind == "group_operator":
        assert main.transfers == (op,)
    if kind == "group_colleague":
        assert main.transfers != (op,)
        mine = next(r for r in records if r.leg is not None and r.leg.ext == op)
        assert mine.disposition == 1  # answered elsewhere
    if kind == "transfer":
        assert main.transfers[0] == op
        assert len(main.transfers) == 2
    if kind == "colleague_outgoing":
        assert main.direction == 2
        assert main.leg is not None
        assert main.leg.ext != op
    if kind == "internal":
        assert main.direction == 1


@pytest.mark.asyncio
async def test_the_operator_sees_ringing_then_answered_then_gone(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    driver = TrafficDriver(pbx, random.Random(5))
    scenario = driver.step("incoming")
    seen: list[str] = []
    for _ in range(120):
        calls = (await client.get("/rest/calls/active/v3")).json()
        mine = [c for c in calls if c["uuid"] == scenario.uuid]
        state = mine[0]["lastEvent"] if mine else "gone"
        if not seen or seen[-1] != state:
            seen.append(state)
        pbx.advance(1)
    assert seen == ["call.dial", "call.bridge", "gone"]
    history = (await client.get("/rest/calls/company.api", params=week(pbx))).json()
    assert history[0]["uuid"] == dashed(scenario.uuid)
    assert history[0]["audioRecUrl"]


def test_the_user_hanging_up_first_does_not_break_the_script(pbx: SimulatedPbx) -> None:
    driver = TrafficDriver(pbx, random.Random(5))
    scenario = driver.step("transfer")
    pbx.advance(1)
    pbx.hangup(scenario.uuid)  # the operator rejects the call from the app
    pbx.advance(300)  # the scripted answer, transfer and hang-up find no call: ignored
    assert pbx.state()["activeCalls"] == 0
    assert pbx.state()["pendingTimers"] == 0


def test_busy_operator_is_left_alone(pbx: SimulatedPbx) -> None:
    pbx.start_call("incoming", number="+380501112233")
    driver = TrafficDriver(pbx, random.Random(1))
    kinds = {driver.step().kind for _ in range(20)}
    assert kinds <= {"colleague_outgoing", "internal"}
    assert all(
        DEMO_OPERATOR_EXT not in (c["ext"], c["ext2"])
        for c in pbx.state()["calls"]
        if c["origin"] == "traffic"
    )


def test_missed_callers_call_again(pbx: SimulatedPbx) -> None:
    driver = TrafficDriver(pbx, random.Random(2))
    missed = driver.step("missed")
    pbx.advance(60)
    again = [driver.step("incoming") for _ in range(10)]
    assert missed.number in [s.number for s in again]


def test_run_for_needs_a_manual_clock() -> None:
    driver = TrafficDriver(SimulatedPbx(seed=1))
    with pytest.raises(TypeError):
        driver.run_for(1)
    with pytest.raises(ValueError, match="unknown scenario"):
        driver.step("party")


@pytest.mark.asyncio
async def test_run_is_a_cancellable_task(pbx: SimulatedPbx) -> None:
    driver = TrafficDriver(pbx, random.Random(1), first_call_after=0, poll_interval=0.001)
    task = asyncio.create_task(driver.run())
    for _ in range(100):
        if driver.started:
            break
        await asyncio.sleep(0.001)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(driver.started) == 1
