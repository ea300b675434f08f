"""The simulated PBX in process for the workbench's contacts, colleagues and player tests.

Import the fixtures into a test module (``from .crm_fixtures import client_fixture, pbx_fixture``);
they are registered under the names ``pbx`` and ``client``. The client is closed on the test's
qasync loop (the ``qloop`` fixture).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from vega_desktop.api import HistoryRecord, VegaClient
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, SimulatedPbx, create_app


@pytest.fixture(name="pbx")
def pbx_fixture() -> SimulatedPbx:
    return SimulatedPbx(seed=3)


@pytest.fixture(name="client")
def client_fixture(pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop) -> Iterator[VegaClient]:
    vega = VegaClient(
        domain=DEMO_DOMAIN,
        api_key=DEMO_API_KEY,
        server="http://pbx.test",
        transport=httpx.ASGITransport(app=create_app(pbx)),
    )
    yield vega
    qloop.run_until_complete(vega.aclose())


async def recent_history(client: VegaClient, days: int = 7) -> list[HistoryRecord]:
    now = datetime.now(UTC) + timedelta(minutes=1)
    return [r async for r in client.history.iter_company(now - timedelta(days=days), now)]


def requests_to(pbx: SimulatedPbx, path: str, method: str | None = None) -> list[dict[str, object]]:
    return [
        entry
        for entry in pbx.request_log()
        if str(entry.get("path", "")).startswith(path)
        and (method is None or entry.get("method") == method)
    ]
