"""Core tests talk to the simulated PBX in process, through the real client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from vega_desktop.api import VegaClient
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, SimulatedPbx, create_app


@pytest.fixture
def pbx() -> SimulatedPbx:
    return SimulatedPbx(seed=3)


@pytest_asyncio.fixture
async def client(pbx: SimulatedPbx) -> AsyncIterator[VegaClient]:
    transport = httpx.ASGITransport(app=create_app(pbx))
    async with VegaClient(
        domain=DEMO_DOMAIN, api_key=DEMO_API_KEY, server="http://pbx.test", transport=transport
    ) as vega:
        yield vega


def requests_to(pbx: SimulatedPbx, path: str, method: str | None = None) -> list[dict[str, object]]:
    return [
        entry
        for entry in pbx.request_log()
        if str(entry.get("path", "")).startswith(path)
        and (method is None or entry.get("method") == method)
    ]
