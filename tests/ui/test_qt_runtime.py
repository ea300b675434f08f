"""Guards on the Qt runtime itself.

PySide6 6.12.0 drops a reference to ``True`` on every ``SignalInstance.disconnect()``; on Python
3.11 the process aborts after a thousand or two (``bool_dealloc``), and qasync disconnects a
socket-notifier signal on every socket read and write. These tests make an upgrade that brings
the leak back fail here instead of killing operators' apps after a few minutes of polling.
"""

from __future__ import annotations

import asyncio
import gc
import sys

import httpx
from PySide6.QtCore import QObject, Signal

from vega_desktop.api import VegaClient
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, DemoServer, SimulatedPbx


class Emitter(QObject):
    fired = Signal()


def test_thousands_of_disconnects_keep_true_alive() -> None:
    emitter = Emitter()
    gc.collect()
    before = sys.getrefcount(True)

    def slot() -> None:
        pass

    for _ in range(5000):
        emitter.fired.connect(slot)
        emitter.fired.disconnect(slot)
    # a leak of one reference per disconnect would show as thousands
    assert sys.getrefcount(True) >= before - 50


def test_qasync_and_httpx_poll_loop_survives_a_long_stretch(
    qloop: asyncio.AbstractEventLoop,
) -> None:
    pbx = SimulatedPbx(seed=2)
    counts: list[int] = []
    with DemoServer(pbx) as server:

        async def poll() -> int:
            ok = 0
            async with VegaClient(
                domain=DEMO_DOMAIN, api_key=DEMO_API_KEY, server=server.url
            ) as vega:
                for _ in range(20):  # warm up: connection, session, caches
                    await vega.calls.active()
                gc.collect()
                counts.append(sys.getrefcount(True))
                for _ in range(400):
                    await vega.calls.active()
                    ok += 1
                gc.collect()
                counts.append(sys.getrefcount(True))
            return ok

        assert qloop.run_until_complete(poll()) == 400
    # every request disconnects socket-notifier signals at least twice: a leak would cost 800+
    before, after = counts
    assert after >= before - 200
    assert isinstance(httpx.__version__, str)
