"""Fixtures for the simulated-PBX tests: a PBX on a manual clock, driven with raw httpx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
import pytest_asyncio

from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, ManualClock, SimulatedPbx, create_app

#: Wednesday 2025-06-11, 12:00 in Kyiv (09:00 UTC): the middle of a working day.
NOW = datetime(2025, 6, 11, 9, 0, tzinfo=UTC).timestamp()
WEEK_MS = 7 * 86400 * 1000
BASE_URL = "http://pbx.test"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def pbx(clock: ManualClock) -> SimulatedPbx:
    return SimulatedPbx(seed=1, clock=clock)


@pytest_asyncio.fixture
async def anon(pbx: SimulatedPbx) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the in-process app without a session."""
    transport = httpx.ASGITransport(app=create_app(pbx))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest_asyncio.fixture
async def client(anon: httpx.AsyncClient) -> httpx.AsyncClient:
    """A client of the in-process app, logged in to the demo account."""
    await login(anon)
    return anon


async def login(client: httpx.AsyncClient) -> httpx.Response:
    response = await client.post(
        "/rest/security/authorize", json={"domain": DEMO_DOMAIN, "apiKey": DEMO_API_KEY}
    )
    assert response.status_code == 200, response.text
    return response


def week(pbx: SimulatedPbx) -> dict[str, int]:
    """timeFrom/timeTo covering the seeded week up to now."""
    now = int(pbx.now() * 1000)
    return {"timeFrom": now - WEEK_MS - 86400 * 1000, "timeTo": now}
