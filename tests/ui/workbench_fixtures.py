"""The simulated PBX in process for the Missed calls, History and window tests.

Import into a test module (``from .workbench_fixtures import pbx_fixture, vega_fixture``); the
fixtures are registered as ``pbx`` (on a manual clock, so tests move time instead of sleeping)
and ``vega`` (a client that never retries, so an injected fault shows at once). The client is
closed on the test's qasync loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from vega_desktop.api import RetryPolicy, VegaClient
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, ManualClock, SimulatedPbx, create_app
from vega_desktop.ui.i18n import Translations

OWN_EXT = "001"


@pytest.fixture(name="pbx")
def pbx_fixture() -> SimulatedPbx:
    return SimulatedPbx(seed=3, clock=ManualClock(datetime.now(UTC)))


@pytest.fixture(name="vega")
def vega_fixture(pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop) -> Iterator[VegaClient]:
    client = VegaClient(
        domain=DEMO_DOMAIN,
        api_key=DEMO_API_KEY,
        server="http://pbx.test",
        transport=httpx.ASGITransport(app=create_app(pbx)),
        retry=RetryPolicy.never(),
    )
    yield client
    qloop.run_until_complete(client.aclose())


def pbx_now(pbx: SimulatedPbx) -> datetime:
    return datetime.fromtimestamp(pbx.now(), UTC)


def requests_to(pbx: SimulatedPbx, path: str) -> list[dict[str, object]]:
    return [e for e in pbx.request_log() if str(e.get("path", "")).startswith(path)]


def query_of(entry: dict[str, object]) -> dict[str, str]:
    query = entry.get("query")
    assert isinstance(query, dict)
    return {str(k): str(v) for k, v in query.items()}


def switch_language(translations: Translations, language: str) -> None:
    """Install ``language`` and deliver the LanguageChange events Qt posts for it."""
    translations.apply(language)
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QApplication.processEvents()
