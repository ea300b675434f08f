"""The active-calls poll loop: one request in flight, back-off with jitter, instant wake-up."""

from __future__ import annotations

import asyncio
import random

import pytest

from vega_desktop.api import ActiveCall, AuthError, ServerError, TransportError
from vega_desktop.core.poller import (
    BACKOFF_CAP,
    ActiveCallsPoller,
    Connection,
    Status,
    backoff_delay,
    clamp_interval,
)


class FakePbx:
    def __init__(self) -> None:
        self.failures: list[Exception] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.calls = 0
        self.answered = asyncio.Event()
        self.latency = 0.01
        self.started_at: list[float] = []

    async def active(self) -> list[ActiveCall]:
        self.calls += 1
        self.started_at.append(asyncio.get_running_loop().time())
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
            if self.failures:
                raise self.failures.pop(0)
            return []
        finally:
            self.in_flight -= 1
            self.answered.set()


async def wait_for_status(statuses: list[Status], state: Connection, count: int = 1) -> None:
    async def until() -> None:
        while sum(s.state is state for s in statuses) < count:  # noqa: ASYNC110 - a list, not an event
            await asyncio.sleep(0.005)

    await asyncio.wait_for(until(), timeout=5)


def test_backoff_grows_is_capped_and_jittered() -> None:
    rng = random.Random(4)
    delays = [backoff_delay(n, rng) for n in range(1, 12)]
    assert all(0.5 <= d <= BACKOFF_CAP for d in delays)
    assert delays[-1] >= BACKOFF_CAP / 2
    # jitter: the same failure count does not always give the same wait
    assert len({round(backoff_delay(5, rng), 6) for _ in range(20)}) > 10
    # exponential envelope
    assert max(backoff_delay(1, rng) for _ in range(50)) <= 1.0
    assert min(backoff_delay(4, rng) for _ in range(50)) >= 4.0


def test_interval_is_clamped() -> None:
    assert clamp_interval(0.1) == 0.5
    assert clamp_interval(60) == 10.0
    assert clamp_interval(2) == 2.0


@pytest.mark.asyncio
async def test_offline_then_recovers_on_first_good_answer() -> None:
    pbx = FakePbx()
    pbx.failures = [ServerError("down", status=500), TransportError("timed out")]
    poller = ActiveCallsPoller(pbx.active, interval=0.5, rng=random.Random(1))
    statuses: list[Status] = []
    snapshots: list[list[ActiveCall]] = []
    poller.status_changed.connect(statuses.append)
    poller.snapshot_received.connect(snapshots.append)
    poller.start()
    try:
        await wait_for_status(statuses, Connection.OFFLINE)
        assert statuses[0].reason == "down"
        poller.poll_now()  # skip the back-off wait, as a network change would
        await wait_for_status(statuses, Connection.OFFLINE, 2)
        poller.poll_now()
        await wait_for_status(statuses, Connection.ONLINE)
    finally:
        await poller.stop()
    states = [s.state for s in statuses]
    assert states == [Connection.OFFLINE, Connection.OFFLINE, Connection.ONLINE]
    assert snapshots == [[]]
    assert not poller.running


@pytest.mark.asyncio
async def test_polls_start_at_a_fixed_rate_however_long_the_answer_takes() -> None:
    pbx = FakePbx()
    pbx.latency = 0.3  # a slow PBX: the wait for it must not stretch the cycle to 0.8 s
    poller = ActiveCallsPoller(pbx.active, interval=0.5)
    poller.start()
    try:
        while pbx.calls < 4:  # noqa: ASYNC110 - a counter, not an event
            await asyncio.sleep(0.01)
    finally:
        await poller.stop()
    gaps = [b - a for a, b in zip(pbx.started_at, pbx.started_at[1:], strict=False)]
    assert all(0.45 <= gap < 0.65 for gap in gaps), gaps


@pytest.mark.asyncio
async def test_a_poll_slower_than_the_interval_is_followed_at_once_never_overlapped() -> None:
    pbx = FakePbx()
    pbx.latency = 0.6
    poller = ActiveCallsPoller(pbx.active, interval=0.5)
    poller.start()
    try:
        while pbx.calls < 3:  # noqa: ASYNC110 - a counter, not an event
            await asyncio.sleep(0.01)
    finally:
        await poller.stop()
    gaps = [b - a for a, b in zip(pbx.started_at, pbx.started_at[1:], strict=False)]
    assert all(0.58 <= gap < 0.75 for gap in gaps), gaps
    assert pbx.max_in_flight == 1


@pytest.mark.asyncio
async def test_never_two_polls_in_flight() -> None:
    pbx = FakePbx()
    poller = ActiveCallsPoller(pbx.active, interval=0.5)
    poller.start()
    try:
        for _ in range(30):
            poller.poll_now()
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.05)
    finally:
        await poller.stop()
    assert pbx.calls >= 3
    assert pbx.max_in_flight == 1


@pytest.mark.asyncio
async def test_auth_failure_is_its_own_state_and_waits_long() -> None:
    pbx = FakePbx()
    pbx.failures = [AuthError("wrong key", status=401)]
    poller = ActiveCallsPoller(pbx.active, interval=0.5)
    statuses: list[Status] = []
    poller.status_changed.connect(statuses.append)
    poller.start()
    try:
        await wait_for_status(statuses, Connection.AUTH_FAILED)
        await asyncio.sleep(0.7)  # longer than the interval: no retry storm against a bad key
        assert pbx.calls == 1
    finally:
        await poller.stop()


@pytest.mark.asyncio
async def test_status_is_reported_on_transitions_only() -> None:
    pbx = FakePbx()
    poller = ActiveCallsPoller(pbx.active, interval=0.5)
    statuses: list[Status] = []
    poller.status_changed.connect(statuses.append)
    poller.start()
    try:
        for _ in range(3):
            pbx.answered.clear()
            poller.poll_now()
            await asyncio.wait_for(pbx.answered.wait(), 2)
        await asyncio.sleep(0.03)
    finally:
        await poller.stop()
    assert [s.state for s in statuses] == [Connection.ONLINE]
    assert pbx.calls >= 3


@pytest.mark.asyncio
async def test_stop_right_after_a_wake_up_does_not_hang() -> None:
    pbx = FakePbx()
    for _ in range(20):
        poller = ActiveCallsPoller(pbx.active, interval=0.5)
        poller.start()
        await asyncio.sleep(0.02)
        poller.poll_now()
        await asyncio.wait_for(poller.stop(), 2)
        assert not poller.running
