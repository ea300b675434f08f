"""One instance per user: a second launch's request reaches the first one."""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDir, QEvent, QUrl
from PySide6.QtGui import QFileOpenEvent

from vega_desktop.core.instance import send_to_running_app, socket_address
from vega_desktop.ui.single_instance import (
    InstanceRequest,
    LinkEvents,
    SingleInstance,
    parse_link,
    request_from_url,
    send_request,
    server_name,
)

SENDER = """
import sys
from PySide6.QtCore import QCoreApplication
from vega_desktop.ui.single_instance import request_from_url, send_request
app = QCoreApplication([])
sys.exit(0 if send_request(sys.argv[1], request_from_url(sys.argv[2]), timeout_ms=5000) else 3)
"""


@pytest.fixture
def name() -> str:
    return f"vega-desktop-test-{uuid.uuid4().hex[:12]}"


def launch_second(name: str, url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-c", SENDER, name, url], env=env)


def test_second_launch_hands_its_tel_link_to_the_first(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    first = SingleInstance(name)
    try:
        assert first.listen()
        with qtbot.waitSignal(first.request_received, timeout=10_000) as blocker:
            second = launch_second(name, "tel:+380-44-224-98-95")
        assert blocker.args == [InstanceRequest("dial", "+380-44-224-98-95")]
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)
        assert second.returncode == 0
    finally:
        first.close()


def test_a_plain_second_launch_asks_to_show(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    first = SingleInstance(name)
    try:
        assert first.listen()
        with qtbot.waitSignal(first.request_received, timeout=10_000) as blocker:
            second = launch_second(name, "")
        assert blocker.args == [InstanceRequest("show")]
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)
        assert second.returncode == 0
    finally:
        first.close()


def test_nobody_listening_means_this_launch_is_the_first(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    assert not send_request(name, InstanceRequest("show"), timeout_ms=200)


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave nothing behind")
def test_a_stale_socket_is_taken_over(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    # a crashed instance leaves its socket file behind, and nobody accepts on it
    path = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()
    assert path.exists()
    assert not send_request(name, InstanceRequest("show"), timeout_ms=500)
    instance = SingleInstance(name)
    try:
        assert instance.listen()
        assert instance.listening
    finally:
        instance.close()


def test_server_names_are_per_user_and_config_folder(tmp_path: Path) -> None:
    a = server_name(tmp_path / "a", user="olena")
    assert a == server_name(tmp_path / "a", user="olena")
    assert a != server_name(tmp_path / "b", user="olena")
    assert a != server_name(tmp_path / "a", user="petro")
    assert a.startswith("vega-desktop-olena-")
    assert "/" not in server_name(tmp_path, user="dom/ain user")


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("tel:+380442249895", "+380442249895"),
        ("TEL:+380%2044%20224%2098%2095", "+380 44 224 98 95"),
        ("callto://0442249895", "0442249895"),
        ("callto:+380501112233", "+380501112233"),
        ("tel:+380442249895;ext=12", "+380442249895"),
        ("mailto:x@example.com", None),
        ("tel:", None),
    ],
)
def test_parse_link(url: str, number: str | None) -> None:
    assert parse_link(url) == number


def test_request_from_url() -> None:
    assert request_from_url(None) == InstanceRequest("show")
    assert request_from_url("tel:+380442249895") == InstanceRequest("dial", "+380442249895")
    assert request_from_url("+380 44 224 98 95") == InstanceRequest("dial", "+380 44 224 98 95")
    assert request_from_url("https://example.com") == InstanceRequest("show")


def test_malformed_lines_are_refused() -> None:
    assert InstanceRequest.from_line(b"not json") is None
    assert InstanceRequest.from_line(b'{"action": "format-disk"}') is None
    assert InstanceRequest.from_line(b'{"action": "dial", "number": ""}') is None
    assert InstanceRequest.from_line(InstanceRequest("dial", "001").to_line().strip()) == (
        InstanceRequest("dial", "001")
    )


# --- the CLI's Qt-free client against the real server ---------------------------------------


def send_in_thread(request: InstanceRequest, name: str) -> list[bool]:
    """Run the blocking client off the GUI thread, so the Qt event loop can answer it."""
    result: list[bool] = []
    worker = threading.Thread(
        target=lambda: result.append(send_to_running_app(request, 5.0, name=name)), daemon=True
    )
    worker.start()
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are not tested here")
@pytest.mark.parametrize("tmpdir", ["default", "custom"])
def test_the_cli_client_reaches_a_real_instance(  # type: ignore[no-untyped-def]
    qtbot, name: str, tmpdir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if tmpdir == "custom":
        # short, so the socket path stays well under the AF_UNIX limit
        folder = tempfile.mkdtemp(prefix="vq", dir="/tmp")
        monkeypatch.setenv("TMPDIR", folder)
    first = SingleInstance(name)
    try:
        assert first.listen()
        assert first.address == socket_address(name)
        with qtbot.waitSignal(first.request_received, timeout=10_000) as blocker:
            result = send_in_thread(InstanceRequest("dial", "+380442249895"), name)
        assert blocker.args == [InstanceRequest("dial", "+380442249895")]
        qtbot.waitUntil(lambda: bool(result), timeout=10_000)
        assert result == [True]
    finally:
        first.close()
        if tmpdir == "custom":
            os.rmdir(folder)  # the closed server removed its socket file


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are not tested here")
def test_the_cli_client_is_refused_an_invalid_request(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    first = SingleInstance(name)
    try:
        assert first.listen()
        with qtbot.assertNotEmitted(first.request_received, wait=200):
            result = send_in_thread(InstanceRequest("format-disk"), name)
            qtbot.waitUntil(lambda: bool(result), timeout=10_000)
        assert result == [False]
    finally:
        first.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
def test_an_unparented_instance_is_freed_cleanly_while_a_client_is_connected(  # type: ignore[no-untyped-def]
    qtbot, name: str
) -> None:
    # Regression: slots that held the instance kept it alive until a socket's deferred
    # deletion released it, and it then deleted that socket a second time (a segfault).
    first = SingleInstance(name)
    assert first.listen()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(socket_address(name))
        with qtbot.waitSignal(first.request_received, timeout=10_000):
            client.sendall(InstanceRequest("show").to_line())
        client.settimeout(5)
        assert client.recv(16) == b"ok\n"
        first.close()  # the client is still connected: close() aborts its socket
        del first
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


def test_links_opened_by_the_system_become_dial_requests(qapp: QCoreApplication) -> None:
    """macOS hands a tel:/callto: link to the running app as an open-URL event."""
    links = LinkEvents()
    qapp.installEventFilter(links)
    heard: list[InstanceRequest] = []
    links.request_received.connect(heard.append)
    try:
        assert QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl("tel:+380-44-224-98-95")))
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl("callto:0671112233")))
        assert heard == [
            InstanceRequest("dial", "+380-44-224-98-95"),
            InstanceRequest("dial", "0671112233"),
        ]
        # a document is not a link: left to others, and nothing is requested
        document = QFileOpenEvent(str(Path(tempfile.gettempdir()) / "report.pdf"))
        assert not links.eventFilter(qapp, document)
        assert len(heard) == 2
    finally:
        qapp.removeEventFilter(links)
