"""The tray app in demo mode, end to end: the simulated PBX on a real loopback socket, driven
through its HTTP control interface, and the app's real client, tracker, poller and widgets."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import qasync
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

from tests.gui_thread import collect_on_the_gui_thread
from tests.ui.test_app import until
from vega_desktop.app import (
    AppOptions,
    DemoBackend,
    MemorySecretStore,
    VegaApp,
    default_client_factory,
)
from vega_desktop.core.outbox import NoteOutbox
from vega_desktop.core.poller import Connection
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.ui.crash import CrashHandler
from vega_desktop.ui.icons import TrayState
from vega_desktop.ui.popup import CallerPopup
from vega_desktop.ui.tray import TrayController

pytestmark = [
    pytest.mark.e2e,
    # the offscreen platform warns on raise() for every window brought to the front
    pytest.mark.qt_log_ignore("This plugin does not support raise"),
]

T = TypeVar("T")


_collect_on_the_gui_thread = pytest.fixture(autouse=True)(collect_on_the_gui_thread)


POLL = 1.0
KNOWN_NUMBER = "+380443358253"  # Олександр Гнатюк, ТОВ «Зелена долина» in the seed-7 CRM
KNOWN_NAME = "Олександр Гнатюк"
KNOWN_CONTACT = 7001


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop on the test's QApplication (pytest-qt does not drive asyncio)."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        asyncio.set_event_loop(None)
        loop.close()


@pytest.fixture
def backend() -> Iterator[DemoBackend]:
    demo = DemoBackend(seed=7, traffic=False)
    demo.start()
    yield demo
    demo.stop()


class Control:
    """The demo PBX's HTTP control interface, the way an external test driver uses it."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        async with httpx.AsyncClient(base_url=self.url, timeout=5) as http:
            response = await http.post(f"/_control{path}", json=body or {})
            response.raise_for_status()
            return response.json()

    async def delete(self, path: str) -> Any:
        async with httpx.AsyncClient(base_url=self.url, timeout=5) as http:
            response = await http.delete(f"/_control{path}")
            response.raise_for_status()
            return response.json()

    async def log(self) -> list[dict[str, Any]]:
        async with httpx.AsyncClient(base_url=self.url, timeout=5) as http:
            response = await http.get("/_control/log")
            response.raise_for_status()
            result: list[dict[str, Any]] = response.json()
            return result

    async def requests(self, path: str, method: str | None = None) -> list[dict[str, Any]]:
        return [
            r
            for r in await self.log()
            if str(r.get("path", "")).startswith(path) and (method is None or r["method"] == method)
        ]


class DemoHarness:
    """VegaApp in demo mode on ``backend``, with its data in ``data_dir``."""

    def __init__(
        self,
        tmp_path: Path,
        backend: DemoBackend,
        *,
        data_dir: Path | None = None,
        settings: Settings | None = None,
        crash: CrashHandler | None = None,
    ) -> None:
        store = SettingsStore(tmp_path / "config" / "demo-settings.json")
        store.save(settings or Settings(poll_interval=POLL, popup_close_delay=1.0))
        self.backend = backend
        self.control = Control(backend.url)
        self.app = VegaApp(
            options=AppOptions(demo=True),
            settings_store=store,
            secrets=MemorySecretStore(),
            client_factory=default_client_factory(timeout=2.0),
            data_dir=data_dir or tmp_path / "data",
            demo=backend,
            tray=TrayController(tray_available=False),
            crash=crash,
            watch_network=False,
        )

    def run(self, qloop: asyncio.AbstractEventLoop, scenario: Callable[[], Awaitable[T]]) -> T:
        async def main() -> T:
            try:
                return await scenario()
            finally:
                await self.app.shutdown()
                # connection attempts cancelled by the shutdown unwind inside the loop
                await asyncio.sleep(0.1)

        return qloop.run_until_complete(main())

    def connected(self) -> bool:
        session = self.app.session
        return session is not None and session.poller.status.state is Connection.ONLINE

    async def online(self) -> None:
        await self.app.start()
        await until(self.connected, 5)

    def popup_for(self, number: str) -> CallerPopup | None:
        return next((p for p in self.app.popups.popups if p.number == number), None)


def name_of(popup: CallerPopup) -> str:
    label = popup.findChild(object, "popupName")
    return str(label.full_text()) if label is not None else ""  # type: ignore[attr-defined]


def button(popup: CallerPopup, name: str) -> QPushButton:
    found = popup.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_incoming_call_shows_a_popup_with_the_crm_name_within_two_polls(
    qloop, tmp_path: Path, backend: DemoBackend
) -> None:  # type: ignore[no-untyped-def]
    h = DemoHarness(tmp_path, backend)

    async def scenario() -> float:
        await h.online()
        started = time.monotonic()
        await h.control.post("/calls", {"direction": "incoming", "number": KNOWN_NUMBER})
        await until(lambda: h.popup_for(KNOWN_NUMBER) is not None, 2 * POLL)
        popup = h.popup_for(KNOWN_NUMBER)
        assert popup is not None
        assert popup.isVisible()
        shown_after = time.monotonic() - started
        assert name_of(popup) == KNOWN_NAME  # from otherLegs: no lookup needed for this
        # then the CRM teler contact, its notes and recent calls are added
        await until(lambda: popup.info is not None and popup.info.known, 5)
        assert popup.info is not None
        assert popup.info.contact is not None
        assert popup.info.contact.id == KNOWN_CONTACT
        assert h.app.tray.state is TrayState.ON_CALL
        return shown_after

    assert h.run(qloop, scenario) <= 2 * POLL


def test_hang_up_reaches_the_pbx_and_closes_the_popup(
    qloop, tmp_path: Path, backend: DemoBackend
) -> None:  # type: ignore[no-untyped-def]
    h = DemoHarness(tmp_path, backend)

    async def scenario() -> None:
        await h.online()
        call = await h.control.post("/calls", {"direction": "incoming", "number": KNOWN_NUMBER})
        await h.control.post(f"/calls/{call['uuid']}/answer", {})
        await until(lambda: h.popup_for(KNOWN_NUMBER) is not None, 2 * POLL)
        popup = h.popup_for(KNOWN_NUMBER)
        assert popup is not None
        button(popup, "popupHangup").click()
        await until(lambda: h.popup_for(KNOWN_NUMBER) is None, 5)  # ended, then closed
        hangups = await h.control.requests("/rest/calls/active/")
        assert [r["path"] for r in hangups if r["path"].endswith("/hangup")] == [
            f"/rest/calls/active/{call['uuid']}/hangup"
        ]
        assert h.app.tray.state is TrayState.ONLINE
        assert backend.pbx.live_call(call["uuid"]) is None

    h.run(qloop, scenario)


def test_the_dial_window_sends_make_call_with_the_ext_and_number(
    qloop, tmp_path: Path, backend: DemoBackend
) -> None:  # type: ignore[no-untyped-def]
    h = DemoHarness(tmp_path, backend)

    async def scenario() -> None:
        await h.online()
        window = h.app.show_dial()
        assert window is not None
        window.search_edit.setText("(067) 123-45-67")
        window.dial_button.click()
        await until(lambda: window.call_uuid is not None, 5)
        calls = await h.control.requests("/rest/user/makeCall", "POST")
        assert [c["json"] for c in calls] == [{"legExt": "001", "otherLegNum": "+380671234567"}]
        assert "rings first" in window.status_text()
        # the call appears with its Hang up entry in the tray
        await until(
            lambda: any(
                a.objectName() == f"hangup:{window.call_uuid}" for a in h.app.tray.menu.actions()
            ),
            3 * POLL,
        )

    h.run(qloop, scenario)


def test_a_note_typed_while_the_pbx_is_down_arrives_after_it_is_back_and_after_a_restart(
    qloop, tmp_path: Path, backend: DemoBackend
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    first = DemoHarness(tmp_path, backend, data_dir=data)
    pbx = backend.pbx
    notes_before = len(pbx.list_notes(KNOWN_CONTACT))

    async def type_note(h: DemoHarness, text: str) -> None:
        popup = h.popup_for(KNOWN_NUMBER)
        assert popup is not None
        popup.open_note()
        edit = popup.findChild(QPlainTextEdit, "popupNoteEdit")
        assert edit is not None
        edit.setPlainText(text)
        button(popup, "popupSaveNote").click()
        await until(lambda: not popup.busy, 10)

    async def while_down() -> None:
        await first.online()
        await first.control.post("/calls", {"direction": "incoming", "number": KNOWN_NUMBER})
        await until(lambda: first.popup_for(KNOWN_NUMBER) is not None, 2 * POLL)
        # the PBX goes down: every request fails
        await first.control.post("/faults", {"kind": "500", "path": None, "count": 100000})
        await until(lambda: first.app.tray.state is TrayState.OFFLINE, 10)
        await type_note(first, "Передзвонити після обіду")
        popup = first.popup_for(KNOWN_NUMBER)
        assert popup is not None
        assert "will be sent when the PBX is back" in popup.message()
        session = first.app.session
        assert session is not None
        assert len(session.outbox.pending) == 1
        # back up: the note goes out on the return to ONLINE, without a restart …
        await first.control.delete("/faults")
        await until(lambda: first.app.tray.state is not TrayState.OFFLINE, 40)
        await until(lambda: not session.outbox.pending, 10)

    first.run(qloop, while_down)
    texts = [n["content"] for n in pbx.list_notes(KNOWN_CONTACT)]
    assert texts.count("Передзвонити після обіду") == 1
    assert len(texts) == notes_before + 1

    # … and a note queued before a restart is sent by the next run
    second = DemoHarness(tmp_path, backend, data_dir=data)
    third: list[DemoHarness] = []

    async def queue_then_quit() -> None:
        await second.online()
        await second.control.post("/calls", {"direction": "incoming", "number": KNOWN_NUMBER})
        await until(lambda: second.popup_for(KNOWN_NUMBER) is not None, 2 * POLL)
        await second.control.post("/faults", {"kind": "500", "path": "/crm", "count": 100000})
        await type_note(second, "Нотатка, що пережила перезапуск")
        assert second.app.session is not None
        assert len(second.app.session.outbox.pending) == 1

    second.run(qloop, queue_then_quit)
    outbox = next((data / "outbox").glob("*.json"))
    assert "пережила перезапуск" in outbox.read_text(encoding="utf-8")
    qloop.run_until_complete(second.control.delete("/faults"))

    third.append(DemoHarness(tmp_path, backend, data_dir=data))

    async def restart() -> None:
        await third[0].online()
        session = third[0].app.session
        assert session is not None
        await until(lambda: not session.outbox.pending, 10)

    third[0].run(qloop, restart)
    texts = [n["content"] for n in pbx.list_notes(KNOWN_CONTACT)]
    assert texts.count("Нотатка, що пережила перезапуск") == 1

    async def empty() -> int:
        box = NoteOutbox(outbox)
        await box.load()
        return len(box.pending)

    assert qloop.run_until_complete(empty()) == 0


@pytest.mark.parametrize(
    ("kind", "seconds"),
    [("500", 0.0), ("invalid_json", 0.0), ("stall", 5.0), ("drop", 0.0)],
)
def test_pbx_failures_show_offline_then_recover_without_a_storm(
    qloop,
    tmp_path: Path,
    backend: DemoBackend,
    kind: str,
    seconds: float,
    caplog: pytest.LogCaptureFixture,
) -> None:  # type: ignore[no-untyped-def]
    crash = CrashHandler()
    h = DemoHarness(tmp_path, backend, crash=crash)
    statuses: list[Connection] = []
    h.app.bridge.status_changed.connect(lambda s: statuses.append(s.state))
    failures = 4

    async def scenario() -> tuple[int, float]:
        await h.online()
        await h.control.delete("/log")
        await h.control.post(
            "/faults",
            {"kind": kind, "path": "/rest/calls/active", "count": failures, "seconds": seconds},
        )
        started = time.monotonic()
        await until(lambda: h.app.tray.state is TrayState.OFFLINE, 10)
        assert "Offline" in h.app.tray.tooltip()
        await until(lambda: h.app.tray.state is TrayState.ONLINE, 60)
        elapsed = time.monotonic() - started
        # still fine afterwards: a call shows up as usual
        await h.control.post("/calls", {"direction": "incoming", "number": KNOWN_NUMBER})
        await until(lambda: h.popup_for(KNOWN_NUMBER) is not None, 3 * POLL)
        polls = await h.control.requests("/rest/calls/active", "GET")
        return len(polls), elapsed

    with caplog.at_level(logging.WARNING):
        polls, elapsed = h.run(qloop, scenario)
    assert statuses[-2:] == [Connection.OFFLINE, Connection.ONLINE] or (
        Connection.OFFLINE in statuses and statuses[-1] is Connection.ONLINE
    )
    # backed off: the failing stretch costs a handful of requests, never one per poll interval
    # (at most the failures, the recovering request and a few normal polls after it)
    assert polls <= failures + 1 + 3 / POLL + 2, (polls, elapsed)
    assert crash.count == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_expired_session_is_renewed_without_going_offline(
    qloop, tmp_path: Path, backend: DemoBackend
) -> None:  # type: ignore[no-untyped-def]
    h = DemoHarness(tmp_path, backend)
    statuses: list[Connection] = []
    h.app.bridge.status_changed.connect(lambda s: statuses.append(s.state))

    async def scenario() -> int:
        await h.online()
        statuses.clear()
        await h.control.delete("/log")
        for _ in range(3):
            await h.control.post("/sessions/expire")
            await asyncio.sleep(2.5 * POLL)
        await h.control.post("/calls", {"direction": "incoming", "number": KNOWN_NUMBER})
        await until(lambda: h.popup_for(KNOWN_NUMBER) is not None, 3 * POLL)
        return len(await h.control.requests("/rest/security/authorize", "POST"))

    authorizations = h.run(qloop, scenario)
    assert authorizations == 3  # one per expiry, never a loop
    assert Connection.OFFLINE not in statuses
    assert h.app.tray.state is not TrayState.OFFLINE
