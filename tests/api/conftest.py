"""Fixtures for the api tests: a fake PBX and a client wired to it (no real network)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.api.fakepbx import FakePbx
from vega_desktop.api import RetryPolicy, VegaClient

#: Real backoff shape, no real waiting.
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0)


@pytest.fixture
def pbx() -> FakePbx:
    return FakePbx()


@pytest_asyncio.fixture
async def client(pbx: FakePbx) -> AsyncIterator[VegaClient]:
    async with VegaClient(
        domain=pbx.domain, api_key=pbx.key, transport=pbx.transport(), retry=FAST_RETRY
    ) as vega:
        yield vega
