"""The CLI against the simulated PBX over a real loopback socket, and as a real process."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.cli.helpers import KEY, error_lines, run
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, SimulatedPbx

pytestmark = pytest.mark.e2e


@pytest.fixture
def account(live: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("VEGA_API_KEY", KEY)
    return ["--domain", DEMO_DOMAIN, "--server", live, "--ext", "001"]


def test_status_calls_dial_hangup(
    capsys: pytest.CaptureFixture[str], account: list[str], pbx: SimulatedPbx
) -> None:
    status = run(capsys, "--json", *account, "status")
    assert status.code == 0, status.err
    assert status.json()["server"] == account[3]

    dial = run(capsys, *account, "dial", "+380442249895")
    assert dial.code == 0, dial.err
    uuid = dial.out.strip()
    calls = run(capsys, "--json", *account, "calls").json()
    assert uuid in [c["uuid"] for c in calls]

    hangup = run(capsys, *account, "hangup", uuid)
    assert hangup.code == 0, hangup.err
    assert pbx.live_call(uuid) is None


def test_history_and_recording(
    capsys: pytest.CaptureFixture[str], account: list[str], tmp_path: Path
) -> None:
    records = run(capsys, "--json", *account, "history", "--since", "2d").json()
    uuid = next(r["uuid"] for r in records if r["audio_url"])
    dest = tmp_path / "rec.wav"
    result = run(capsys, *account, "recording", uuid, "-o", str(dest))
    assert result.code == 0, result.err
    assert dest.read_bytes()[:4] == b"RIFF"


def test_wrong_key_exits_3(
    capsys: pytest.CaptureFixture[str], account: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEGA_API_KEY", "wrong-key-123")
    result = run(capsys, *account, "calls")
    assert result.code == 3
    assert len(error_lines(result)) == 1


def test_injected_500_exits_5(
    capsys: pytest.CaptureFixture[str], account: list[str], live: str
) -> None:
    answer = httpx.post(
        f"{live}/_control/faults", json={"kind": "500", "path": "/rest/users", "count": 10}
    )
    assert answer.status_code < 300
    result = run(capsys, *account, "users")
    assert result.code == 5
    [line] = error_lines(result)
    assert "500" in line


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_down_exits_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEGA_API_KEY", KEY)
    url = f"http://127.0.0.1:{_closed_port()}"
    result = run(capsys, "--domain", DEMO_DOMAIN, "--server", url, "calls")
    assert result.code == 4
    [line] = error_lines(result)
    assert "cannot reach the PBX" in line

    status = run(capsys, "--json", "--domain", DEMO_DOMAIN, "--server", url, "status")
    assert status.code == 4
    assert status.json()["reachable"] is False


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VEGA_API_KEY", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def test_demo_server_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vega-desktop demo-server` serves the demo account until Ctrl-C, then exits 0."""
    log = tmp_path / "demo-server.log"
    with (
        log.open("w") as errors,
        subprocess.Popen(
            [sys.executable, "-m", "vega_desktop", "demo-server", "--port", "0", "--no-traffic"],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=_env(),
        ) as proc,
    ):
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            match = re.search(r"(http://127\.0\.0\.1:\d+)", first)
            assert match, first + log.read_text()
            url = match.group(1)
            rest = [proc.stdout.readline() for _ in range(2)]
            assert DEMO_DOMAIN in rest[0]
            assert DEMO_API_KEY in rest[1]

            monkeypatch.setenv("VEGA_API_KEY", DEMO_API_KEY)
            status = run(capsys, "--json", "--domain", DEMO_DOMAIN, "--server", url, "status")
            assert status.code == 0, status.err
            assert status.json()["active_calls"] == 0
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                code = proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise
    assert code == 0, log.read_text()


def test_real_process_json_and_no_qt(live: str) -> None:
    """The installed entry point works as a process, and the CLI path never imports Qt."""
    script = (
        "import sys\n"
        "from vega_desktop.cli import main\n"
        f"code = main(['--json', '--domain', {DEMO_DOMAIN!r}, '--server', {live!r}, 'users'])\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync'))\n"
        "print('QT-MODULES', qt, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = _env()
    env["VEGA_API_KEY"] = KEY
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "QT-MODULES []" in done.stderr
    users = json.loads(done.stdout)
    assert any(u["ext"] == "001" for u in users)


def test_version_as_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vega_desktop", "--version"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert done.returncode == 0
    assert re.match(r"^vega-desktop \d+\.\d+", done.stdout)


def test_demo_server_on_a_busy_port(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(capsys, "demo-server", "--port", str(port), "--no-traffic")
    assert result.code == 1
    [line] = error_lines(result)
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert run(capsys, "demo-server", "--port", "70000").code == 2
