"""The single-instance protocol without Qt: requests, links, names, and the socket client."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from tests.cli.running_app import FakeRunningApp
from vega_desktop.core import paths
from vega_desktop.core.instance import (
    MAX_MESSAGE,
    HandOver,
    InstanceRequest,
    hand_over,
    parse_link,
    request_from_url,
    send_to_running_app,
    server_name,
    socket_address,
)

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")


@pytest.mark.parametrize(
    "request_",
    [
        InstanceRequest("show"),
        InstanceRequest("dial", "+380442249895"),
        InstanceRequest("dial", "002"),
    ],
)
def test_a_request_survives_its_line(request_: InstanceRequest) -> None:
    line = request_.to_line()
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert InstanceRequest.from_line(line.strip()) == request_


def test_malformed_lines_are_refused() -> None:
    assert InstanceRequest.from_line(b"not json") is None
    assert InstanceRequest.from_line(b"\xff\xfe") is None
    assert InstanceRequest.from_line(b"[1, 2]") is None
    assert InstanceRequest.from_line(b'{"action": "format-disk"}') is None
    assert InstanceRequest.from_line(b'{"action": "dial", "number": ""}') is None
    assert InstanceRequest.from_line(b'{"action": "dial", "number": 380}') is None
    assert InstanceRequest.from_line(b'{"action": "dial", "number": " 001 "}') == (
        InstanceRequest("dial", "001")
    )


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("tel:+380442249895", "+380442249895"),
        ("TEL:+380%2044%20224%2098%2095", "+380 44 224 98 95"),
        ("callto://0442249895", "0442249895"),
        ("callto:+380501112233", "+380501112233"),
        (" sip: 002 ", "002"),
        ("tel:+380442249895;ext=12", "+380442249895"),
        ("tel:+380442249895?call", "+380442249895"),
        ("mailto:x@example.com", None),
        ("https://example.com/tel:1", None),
        ("tel:", None),
        ("tel:%20", None),
    ],
)
def test_parse_link(url: str, number: str | None) -> None:
    assert parse_link(url) == number


def test_request_from_url() -> None:
    assert request_from_url(None) == InstanceRequest("show")
    assert request_from_url("") == InstanceRequest("show")
    assert request_from_url("tel:+380442249895") == InstanceRequest("dial", "+380442249895")
    assert request_from_url("+380 44 224 98 95") == InstanceRequest("dial", "+380 44 224 98 95")
    assert request_from_url("https://example.com") == InstanceRequest("show")


def test_server_name_is_per_configuration_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path / "a"))
    a = server_name(paths.config_dir())
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path / "b"))
    b = server_name(paths.config_dir())
    assert a != b
    assert server_name(tmp_path / "b") == b
    assert a.startswith("vega-desktop-")
    assert server_name(tmp_path, user="olena") != server_name(tmp_path, user="petro")
    assert "/" not in server_name(tmp_path, user="dom/ain user")


@unix_only
def test_socket_address_follows_tmpdir_like_qt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", f"{tmp_path}//x/../")
    assert socket_address("n") == f"{tmp_path}/n"
    monkeypatch.setenv("TMPDIR", "")
    assert socket_address("n") == "/tmp/n"
    monkeypatch.delenv("TMPDIR")
    assert socket_address("n") == "/tmp/n"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", "rel")
    assert socket_address("n") == f"{tmp_path}/rel/n"


@unix_only
def test_nobody_listening_is_false_at_once() -> None:
    started = time.monotonic()
    assert not send_to_running_app(InstanceRequest("dial", "001"), timeout=5)
    assert time.monotonic() - started < 1


@unix_only
def test_a_stale_socket_file_is_false() -> None:
    # a crashed app leaves its socket file behind, and nobody accepts on it
    address = socket_address(server_name(paths.config_dir()))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        stale.bind(address)
        stale.close()
        assert not send_to_running_app(InstanceRequest("show"), timeout=5)
    finally:
        Path(address).unlink(missing_ok=True)


@unix_only
def test_the_running_app_gets_the_request() -> None:
    with FakeRunningApp() as app:
        assert send_to_running_app(InstanceRequest("dial", "+380442249895"))
    assert app.requests == [InstanceRequest("dial", "+380442249895")]


@unix_only
def test_an_explicit_name_is_used() -> None:
    name = f"vega-desktop-test-{time.monotonic_ns()}"
    with FakeRunningApp(socket_address(name)) as app:
        assert not send_to_running_app(InstanceRequest("show"))  # the default name: nobody
        assert send_to_running_app(InstanceRequest("show"), name=name)
    assert app.requests == [InstanceRequest("show")]


@unix_only
def test_a_refusal_is_false() -> None:
    with FakeRunningApp(answer=b"error\n") as app:
        assert not send_to_running_app(InstanceRequest("dial", "001"))
    assert len(app.lines) == 1


@unix_only
def test_a_closed_connection_without_answer_is_false() -> None:
    with FakeRunningApp(answer=b"") as app:
        assert not send_to_running_app(InstanceRequest("dial", "001"))
    assert len(app.lines) == 1


@unix_only
def test_no_answer_in_time_is_false_and_unconfirmed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="vega_desktop.core.instance")
    with FakeRunningApp(answer=None):
        started = time.monotonic()
        assert not send_to_running_app(InstanceRequest("dial", "001"), timeout=0.3)
        assert hand_over(InstanceRequest("dial", "001"), timeout=0.3) is HandOver.UNCONFIRMED
        assert time.monotonic() - started < 3
    assert any("did not answer in time" in r.getMessage() for r in caplog.records)
    assert all(r.levelname == "DEBUG" for r in caplog.records)


@unix_only
def test_hand_over_tells_delivered_from_nobody() -> None:
    assert hand_over(InstanceRequest("show"), timeout=5) is HandOver.NOBODY
    with FakeRunningApp():
        assert hand_over(InstanceRequest("show"), timeout=5) is HandOver.DELIVERED
    with FakeRunningApp(answer=b"error\n"):
        assert hand_over(InstanceRequest("show"), timeout=5) is HandOver.NOBODY


def test_an_oversized_request_is_not_sent() -> None:
    assert not send_to_running_app(InstanceRequest("dial", "1" * MAX_MESSAGE))
