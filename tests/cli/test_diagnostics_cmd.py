"""``vega-desktop diagnostics``: writes the bundle, prints where, and leaks no key — with the app
not running, its PBX errors come from the log it left."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import secrets
import zipfile
from pathlib import Path

import httpx
import pytest
from PySide6 import QtCore

from tests.cli.fakes import MemoryKeyring
from tests.cli.helpers import run
from vega_desktop.api import VegaClient, VegaError
from vega_desktop.core import logsetup, paths
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.demo import DEMO_DOMAIN, SimulatedPbx, create_app

ENV_KEY = "envkey" + "".join(secrets.choice("abcdefghjk") for _ in range(16))
RING_KEY = "ringkey" + "".join(secrets.choice("mnpqrstuvw") for _ in range(16))
CALL = "9f0c2b7e5d3a4c1b8e6f7a9b0c1d2e3f"


def bundle(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def log_a_pbx_error() -> None:
    """What the app leaves in its log: a real failed request, logged where it was handled."""
    pbx = SimulatedPbx(seed=2, api_key=RING_KEY)
    pbx.add_fault("500", "/rest/users")

    async def fail() -> None:
        transport = httpx.ASGITransport(app=create_app(pbx))
        async with VegaClient(
            domain=DEMO_DOMAIN, api_key=RING_KEY, server="http://pbx.test", transport=transport
        ) as client:
            try:
                await client.users.list()
            except VegaError as exc:
                logging.getLogger("vega_desktop.core.caller").warning(
                    "users list unavailable: %s", exc.detail
                )

    logsetup.setup_logging(console=False)
    try:
        log = logging.getLogger("vega_desktop.test")
        log.info("popup shown %s", CALL)
        asyncio.run(fail())
    finally:
        logsetup.teardown_logging()
    with (paths.log_dir() / logsetup.LOG_FILE_NAME).open("a") as fh:  # an old line, unredacted
        fh.write(f"2025-03-14 10:00:00,000 INFO    old: keys {ENV_KEY} {RING_KEY}\n")


@pytest.fixture
def signed_in(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    SettingsStore().save(Settings(domain=DEMO_DOMAIN, ext="001"))
    memory_keyring.items[("vega-desktop", DEMO_DOMAIN)] = RING_KEY
    monkeypatch.setenv("VEGA_API_KEY", ENV_KEY)


def test_writes_the_bundle_and_prints_its_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, signed_in: None
) -> None:
    log_a_pbx_error()
    target = tmp_path / "support.zip"
    result = run(capsys, "diagnostics", "-o", str(target))
    assert result.code == 0, result.err
    assert re.fullmatch(rf"Saved {re.escape(str(target))} \(\d+ KiB\)\.\n", result.out)
    assert result.err == ""

    files = bundle(target)
    assert {"summary.json", "settings.json", "pbx-errors.json", "README.txt"} <= set(files)
    assert "logs/vega-desktop.log" in files
    for name, body in files.items():
        assert ENV_KEY.encode() not in body, name
        assert RING_KEY.encode() not in body, name
    assert CALL.encode() in files["logs/vega-desktop.log"]

    summary = json.loads(files["summary.json"])
    assert summary["source"] == "command line"
    assert summary["keyring_backend"] == "tests.cli.fakes.MemoryKeyring"
    assert summary["platform"]["qt"] == QtCore.qVersion()  # loaded only to read it
    assert json.loads(files["settings.json"])["domain"] == DEMO_DOMAIN
    errors = json.loads(files["pbx-errors.json"])
    assert errors["from"] == "log"
    assert [(e["error"], e["status"], e["method"], e["endpoint"]) for e in errors["errors"]] == [
        ("ServerError", 500, "GET", "/rest/users")
    ]
    assert errors["errors"][0]["message"].startswith("users list unavailable")


def test_json_output_and_a_folder_as_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run(capsys, "--json", "diagnostics", "-o", str(tmp_path))
    assert result.code == 0, result.err
    answer = result.json()
    written = Path(answer["path"])
    assert written.parent == tmp_path
    assert re.fullmatch(r"vega-desktop-diagnostics-\d{8}-\d{6}\.zip", written.name)
    assert answer["bytes"] == written.stat().st_size
    files = bundle(written)
    summary = json.loads(files["summary.json"])
    assert summary["settings_found"] is False  # never signed in: still a useful bundle
    assert summary["notes"] == ["no log files were found"]
    assert json.loads(files["pbx-errors.json"]) == {"from": "log", "errors": []}


def test_default_target_is_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "diagnostics")
    assert result.code == 0, result.err
    [written] = tmp_path.glob("vega-desktop-diagnostics-*.zip")
    assert str(written.name) in result.out
    assert [p.name for p in tmp_path.iterdir()] == [written.name]


def test_a_folder_that_does_not_exist_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, signed_in: None
) -> None:
    result = run(capsys, "diagnostics", "-o", str(tmp_path / "missing" / "x.zip"))
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("vega-desktop: error: No such file or directory")
    assert ENV_KEY not in result.err
