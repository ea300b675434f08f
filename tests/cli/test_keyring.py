"""login → status → logout with a REAL Secret Service (gnome-keyring on a private D-Bus), over
a real loopback socket, and a hunt for the key everywhere it must not be."""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService as SecretServiceBackend

from tests.cli.helpers import KEY, Result, run
from tests.cli.secret_service import SecretService, SecretServiceError, start_secret_service
from vega_desktop.core.settings import SettingsStore
from vega_desktop.demo import DEMO_DOMAIN

pytestmark = [pytest.mark.keyring, pytest.mark.e2e]


def login(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str,
          *extra: str) -> Result:  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.StringIO(KEY + "\n"))
    return run(capsys, *extra, "--domain", DEMO_DOMAIN, "--server", url, "--ext", "001", "login")


def test_login_status_logout(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    secret_service: SecretService,
    live: str,
) -> None:
    assert os.environ.get("VEGA_API_KEY") is None

    result = login(capsys, monkeypatch, live)
    assert result.code == 0, result.err
    assert f"Logged in to {DEMO_DOMAIN}" in result.out
    assert "SecretService" in result.out

    # the key is in the Secret Service, readable by other clients of it
    assert secret_service.lookup("vega-desktop", DEMO_DOMAIN) == KEY
    backend = keyring.get_keyring()
    assert isinstance(backend, SecretServiceBackend.Keyring)
    assert backend.get_password("vega-desktop", DEMO_DOMAIN) == KEY

    # the settings remember the account, never the key
    settings = SettingsStore().load()
    assert (settings.domain, settings.server, settings.ext) == (DEMO_DOMAIN, live, "001")

    # status, with no VEGA_API_KEY and no options: everything from settings and the keyring
    status = run(capsys, "--json", "status")
    assert status.code == 0, status.err
    data = status.json()
    assert data["key_source"] == "keyring"
    assert data["server"] == live
    assert data["authorized"] is True
    assert data["active_calls"] == 0

    calls = run(capsys, "calls")
    assert calls.code == 0, calls.err

    out = run(capsys, "--json", "logout")
    assert out.code == 0, out.err
    assert out.json() == {"domain": DEMO_DOMAIN, "removed": True}
    assert secret_service.lookup("vega-desktop", DEMO_DOMAIN) is None
    assert backend.get_password("vega-desktop", DEMO_DOMAIN) is None

    after = run(capsys, "status")
    assert after.code == 3
    assert "no API key" in after.err
    again = run(capsys, "logout")
    assert again.code == 0
    assert "No API key" in again.out


def test_wrong_key_is_not_stored(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    secret_service: SecretService,
    live: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("not-the-key\n"))
    result = run(capsys, "--domain", DEMO_DOMAIN, "--server", live, "login")
    assert result.code == 3
    assert secret_service.lookup("vega-desktop", DEMO_DOMAIN) is None
    assert SettingsStore().load().domain is None


def _files_under(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


def test_the_key_leaks_nowhere(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    secret_service: SecretService,
    live: str,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    outputs: list[Result] = [login(capsys, monkeypatch, live, "-vv")]
    for argv in (
        ["-vv", "status"],
        ["-vv", "--json", "status"],
        ["-vv", "calls"],
        ["-vv", "--json", "history", "--since", "1d", "--limit", "5"],
        ["-vv", "users"],
        ["-vv", "dial", "0442249895"],
    ):
        outputs.append(run(capsys, *argv))
    records = json.loads(run(capsys, "--json", "history", "--since", "2d").out)
    uuid = next(r["uuid"] for r in records if r["audio_url"])
    outputs.append(run(capsys, "-vv", "recording", uuid, "-o", str(tmp_path / "r.wav")))
    outputs.append(run(capsys, "-vv", "logout"))
    assert [r.code for r in outputs] == [0] * len(outputs), [r.err for r in outputs]

    for result in outputs:
        assert KEY not in result.out
        assert KEY not in result.err
    assert caplog.records, "DEBUG logging was captured"
    assert KEY not in caplog.text
    for record in caplog.records:
        assert KEY not in record.getMessage()

    folders = [Path(os.environ[v]) for v in ("VEGA_CONFIG_DIR", "VEGA_DATA_DIR", "VEGA_LOG_DIR")]
    files = _files_under(*folders)
    assert any(f.name == "settings.json" for f in files)
    needle = KEY.encode()
    for path in files:
        assert needle not in path.read_bytes(), f"the key was written to {path}"


def test_the_fixture_fails_clearly_without_gnome_keyring(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dbus-daemon, no gnome-keyring-daemon
    with pytest.raises(SecretServiceError, match="gnome-keyring"):
        start_secret_service()
