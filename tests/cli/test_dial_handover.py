"""``dial`` while the desktop app runs: the app gets the number, the PBX no makeCall; without an
app, or when the command line names its own extension or account, the CLI calls makeCall."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from tests.cli.helpers import error_lines, run
from tests.cli.running_app import FakeRunningApp
from vega_desktop.core.instance import InstanceRequest
from vega_desktop.core.settings import SettingsStore
from vega_desktop.demo import DEMO_DOMAIN, SimulatedPbx

pytestmark = [
    pytest.mark.usefixtures("inproc"),
    pytest.mark.skipif(sys.platform == "win32", reason="the fake app is a Unix socket"),
]


@pytest.fixture(autouse=True)
def logged_in() -> None:
    """Saved settings, as after 'login --domain … --ext 001' (the key is VEGA_API_KEY)."""
    SettingsStore().update(domain=DEMO_DOMAIN, ext="001")


def make_calls(pbx: SimulatedPbx) -> list[dict[str, Any]]:
    return [e for e in pbx.request_log() if str(e.get("path", "")).endswith("/makeCall")]


def test_the_running_app_dials(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    with FakeRunningApp() as app:
        result = run(capsys, "dial", "044 224-98-95")
    assert result.code == 0, result.err
    assert result.out.strip() == "The running vega-desktop app is dialling +380442249895."
    assert app.requests == [InstanceRequest("dial", "+380442249895")]
    assert not inproc.request_log()  # not even an authorization


def test_the_running_app_dials_json(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    with FakeRunningApp() as app:
        result = run(capsys, "--json", "dial", "002")
    assert result.code == 0, result.err
    assert result.json() == {"handed_to_app": True, "number": "002"}
    assert app.requests == [InstanceRequest("dial", "002")]
    assert not make_calls(inproc)


def test_the_app_needs_no_login_here(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    SettingsStore().path.unlink()
    with FakeRunningApp() as app:
        result = run(capsys, "dial", "+380 44 224 9895")
    assert result.code == 0, result.err
    assert app.requests == [InstanceRequest("dial", "+380442249895")]


def test_without_an_app_the_cli_calls_makecall(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    result = run(capsys, "dial", "044 224-98-95")
    assert result.code == 0, result.err
    [call] = make_calls(inproc)
    assert call["json"] == {"legExt": "001", "otherLegNum": "+380442249895"}
    assert inproc.live_call(result.out.strip()) is not None


@pytest.mark.parametrize("answer", [b"error\n", b""], ids=["refused", "closed"])
def test_an_app_that_does_not_accept_means_makecall(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx, answer: bytes | None
) -> None:
    with FakeRunningApp(answer=answer) as app:
        result = run(capsys, "--json", "dial", "0442249895")
    assert result.code == 0, result.err
    assert "uuid" in result.json()
    assert len(app.lines) == 1
    assert len(make_calls(inproc)) == 1


def test_an_app_that_took_the_number_but_stays_silent_is_not_dialled_twice(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    """A busy app may still dial what it was handed: the CLI must not ring a second call."""
    with FakeRunningApp(answer=None) as app:
        result = run(capsys, "dial", "0442249895")
    assert result.code == 1
    assert "did not confirm" in error_lines(result)[0]
    assert app.requests == [InstanceRequest("dial", "+380442249895")]
    assert not make_calls(inproc)


@pytest.mark.parametrize(
    ("argv", "leg_ext"),
    [
        (["dial", "0442249895", "--ext", "002"], "002"),
        (["--ext", "002", "dial", "0442249895"], "002"),
        (["--domain", DEMO_DOMAIN, "dial", "0442249895"], "001"),
        (["dial", "0442249895", "--no-app"], "001"),
    ],
    ids=["dial-ext", "global-ext", "domain", "no-app"],
)
def test_the_command_line_account_or_no_app_dials_directly(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx, argv: list[str], leg_ext: str
) -> None:
    with FakeRunningApp() as app:
        result = run(capsys, *argv)
    assert result.code == 0, result.err
    assert not app.lines
    [call] = make_calls(inproc)
    assert call["json"]["legExt"] == leg_ext


def test_an_invalid_number_reaches_nobody(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    with FakeRunningApp() as app:
        result = run(capsys, "dial", "call me")
    assert result.code == 2
    assert "cannot dial" in error_lines(result)[0]
    assert not app.lines
    assert not inproc.request_log()


def test_an_invalid_dial_ext_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    with FakeRunningApp() as app:
        result = run(capsys, "dial", "0442249895", "--ext", "x1")
    assert result.code == 2
    assert "extension" in error_lines(result)[0]
    assert not app.lines
