"""``vega-desktop self-test`` against this source install: what it reports, how it fails, and a
real run of the demo app in a child process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from tests.cli.helpers import KEY, run
from tests.cli.secret_service import SecretService
from vega_desktop import __version__
from vega_desktop.cli.commands.selftest import DemoRun
from vega_desktop.ui import i18n

CHECKS = [
    "version",
    "python",
    "qt",
    "icons",
    "translation uk",
    "translation en",
    "multimedia",
    "keyring",
]


def line_of(out: str, name: str) -> str:
    """The report's line for check ``name``."""
    found = [line for line in out.splitlines() if re.match(rf"^(ok|FAIL) +{name} ", line)]
    assert len(found) == 1, out
    return found[0]


def test_reports_versions_translations_and_the_keyring(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "self-test")
    assert result.code == 0, result.out + result.err
    assert line_of(result.out, "version").endswith(
        f"vega-desktop {__version__} (Python package: {Path(i18n.__file__).parents[1]})"
    )
    assert re.search(r"Qt 6\.\d+\.\d+, PySide6 6\.\d+\.\d+$", line_of(result.out, "qt"))
    assert line_of(result.out, "translation uk").endswith("vega_desktop_uk.qm, qtbase_uk.qm")
    assert line_of(result.out, "translation en").endswith("vega_desktop_en.qm")
    assert line_of(result.out, "icons").startswith("ok    icons           6 icons render")
    assert "libffmpegmediaplugin" in line_of(result.out, "multimedia")
    # the CLI tests' in-memory keyring (tests/cli/conftest.py) is what keyring would use
    assert line_of(result.out, "keyring").endswith("tests.cli.fakes.MemoryKeyring")
    assert "demo" not in result.out
    assert result.out.endswith("all checks passed\n")


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "--json", "self-test")
    assert result.code == 0, result.err
    report = result.json()
    assert report["version"] == __version__
    assert report["frozen"] is False
    assert report["ok"] is True
    assert [check["name"] for check in report["checks"]] == CHECKS
    assert all(check["ok"] for check in report["checks"])


def test_no_secure_keyring_fails_with_the_keyring_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    keyring.set_keyring(fail.Keyring())  # what keyring picks when nothing else is there
    result = run(capsys, "self-test")
    assert result.code == 6
    assert line_of(result.out, "keyring").startswith("FAIL  keyring")
    assert "keyring.backends.fail.Keyring" in line_of(result.out, "keyring")
    assert result.out.endswith("1 check(s) failed: keyring\n")


def test_missing_translations_fail(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    result = run(capsys, "self-test")
    assert result.code == 1
    uk = line_of(result.out, "translation uk")
    assert uk.startswith("FAIL")
    assert f"vega_desktop_uk not in {tmp_path}" in uk
    assert "qtbase_uk.qm" in uk  # Qt's own still loads
    assert line_of(result.out, "translation en").startswith("FAIL")


@pytest.mark.keyring
def test_reports_the_secret_service(
    capsys: pytest.CaptureFixture[str], secret_service: SecretService
) -> None:
    result = run(capsys, "self-test")
    assert result.code == 0, result.out
    assert line_of(result.out, "keyring") == (
        "ok    keyring         keyring.backends.SecretService.Keyring"
    )


@pytest.mark.e2e
def test_demo_run_comes_online_shows_a_popup_and_quits_cleanly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEGA_API_KEY", KEY)  # must not reach the child, nor any output
    result = run(capsys, "self-test", "--demo-seconds", "3")
    assert result.code == 0, result.out + result.err
    demo = line_of(result.out, "demo")
    assert re.fullmatch(
        r"ok    demo            online after \d+\.\d s, a test call's popup after \d+\.\d s, "
        r"ran \d+\.\d s, quit on SIGTERM with status 0",
        demo,
    ), demo
    ran = re.search(r"ran (\d+\.\d) s", demo)
    assert ran is not None
    assert float(ran[1]) >= 3.0
    assert KEY not in result.out + result.err


@pytest.mark.e2e
def test_demo_run_reports_an_app_that_cannot_start(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")  # Qt aborts the child at start
    result = run(capsys, "--json", "self-test", "--demo-seconds", "1")
    assert result.code == 1
    demo = result.json()["checks"][-1]
    assert demo["name"] == "demo"
    assert demo["ok"] is False
    assert re.fullmatch(r"the app exited with status -?\d+ before the demo PBX", demo["detail"])


def test_demo_child_gets_its_own_folders_and_no_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEGA_API_KEY", KEY)
    env = DemoRun.environment(tmp_path)
    assert "VEGA_API_KEY" not in env
    assert {env[f"VEGA_{name}_DIR"] for name in ("CONFIG", "DATA", "LOG", "CACHE")} == {
        str(tmp_path / name) for name in ("config", "data", "logs", "cache")
    }
    assert DemoRun.argv() == [sys.executable, "-m", "vega_desktop", "--demo"]


def test_importing_the_command_does_not_import_qt() -> None:
    script = (
        "import sys\n"
        "import vega_desktop.cli.commands.selftest\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
