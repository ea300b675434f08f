"""Settings: defaults, validation, JSON round trip, tolerance of bad files, atomic save, no keys."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path

import pytest

from vega_desktop.core import paths
from vega_desktop.core.settings import (
    Settings,
    SettingsError,
    SettingsStore,
    default_settings_path,
    is_secret_name,
)


def test_defaults() -> None:
    s = Settings()
    assert (s.domain, s.server, s.ext) == (None, None, None)
    assert s.poll_interval == 1.0
    assert s.popup_corner == "bottom-right"
    assert s.popup_close_delay == 5.0
    assert (s.popup_incoming, s.popup_outgoing, s.popup_internal) == (True, True, True)
    assert s.supervisor is False
    assert s.language == ""
    assert s.start_at_login is False
    assert s.region == "UA"


def test_default_path_follows_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEGA_CONFIG_DIR", str(tmp_path / "cfg"))
    assert default_settings_path() == tmp_path / "cfg" / "settings.json"
    assert SettingsStore().path == tmp_path / "cfg" / "settings.json"


def test_paths_follow_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var, func in [
        ("VEGA_CONFIG_DIR", paths.config_dir),
        ("VEGA_DATA_DIR", paths.data_dir),
        ("VEGA_LOG_DIR", paths.log_dir),
        ("VEGA_CACHE_DIR", paths.cache_dir),
    ]:
        monkeypatch.setenv(var, str(tmp_path / var))
        assert func() == tmp_path / var
        monkeypatch.delenv(var)
        assert "vega-desktop" in str(func())


def test_ensure_dir_is_private(tmp_path: Path) -> None:
    target = paths.ensure_dir(tmp_path / "a" / "b")
    assert target.is_dir()
    assert target.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(("given", "expected"), [(0.1, 0.5), (0.5, 0.5), (3, 3.0), (99, 10.0)])
def test_poll_interval_is_clamped(given: float, expected: float) -> None:
    assert Settings(poll_interval=given).poll_interval == expected


def test_text_fields_are_trimmed_and_domain_lowercased() -> None:
    s = Settings(domain="  Acme.PBX.Vega.UA. ", ext=" 001 ", server="")
    assert s.domain == "acme.pbx.vega.ua"
    assert s.ext == "001"
    assert s.server is None


@pytest.mark.parametrize(
    "bad",
    [
        {"popup_corner": "middle"},
        {"language": "de"},
        {"region": "Ukraine"},
        {"poll_interval": "fast"},
        {"poll_interval": float("nan")},
        {"popup_incoming": "yes"},
        {"domain": 5},
    ],
)
def test_invalid_values_raise(bad: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        Settings(**bad)  # type: ignore[arg-type]


def test_with_overrides_keeps_none_and_rejects_secrets() -> None:
    s = Settings(domain="a.pbx.vega.ua", ext="001")
    t = s.with_overrides(domain=None, ext="002", popup_corner="top-left")
    assert t.domain == "a.pbx.vega.ua"
    assert t.ext == "002"
    assert t.popup_corner == "top-left"
    assert s.with_overrides() is s
    for name in ("api_key", "apiKey", "key", "secret", "token", "password"):
        with pytest.raises(SettingsError, match="never hold secrets"):
            s.with_overrides(**{name: "x"})
    with pytest.raises(SettingsError, match="unknown setting"):
        s.with_overrides(colour="red")


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("api_key", True),
        ("apiKey", True),
        ("APIKEY", True),
        ("key", True),
        ("auth-token", True),
        ("password", True),
        ("client_secret", True),
        ("domain", False),
        ("hotkey", False),
        ("popup_corner", False),
    ],
)
def test_is_secret_name(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_no_field_is_secret_like() -> None:
    assert not [f.name for f in dataclasses.fields(Settings) if is_secret_name(f.name)]


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "cfg" / "settings.json")
    s = Settings(
        domain="acme.pbx.vega.ua",
        server="http://127.0.0.1:8123",
        ext="001",
        poll_interval=2.5,
        popup_corner="top-right",
        popup_close_delay=0,
        popup_outgoing=False,
        supervisor=True,
        language="uk",
        start_at_login=True,
        region="pl",
    )
    store.save(s)
    assert store.load() == s
    assert store.path.stat().st_mode & 0o077 == 0
    assert store.path.parent.stat().st_mode & 0o077 == 0
    data = json.loads(store.path.read_text("utf-8"))
    assert data["domain"] == "acme.pbx.vega.ua"
    assert data["region"] == "PL"


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert SettingsStore(tmp_path / "nope.json").load() == Settings()


@pytest.mark.parametrize(
    "content", [b"{not json", b"\xff\xfe\x00", b"[1, 2, 3]", b"", b'"text"', b"null"]
)
def test_corrupt_file_gives_defaults_and_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="vega_desktop.core.settings"):
        assert SettingsStore(path).load() == Settings()
    assert caplog.records


def test_corrupt_file_is_replaced_on_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"{garbage")
    store = SettingsStore(path)
    store.save(Settings(ext="007"))
    assert store.load().ext == "007"


def test_bad_values_fall_back_per_field(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "domain": "acme.pbx.vega.ua",
                "poll_interval": "often",
                "popup_corner": "centre",
                "language": "en",
                "supervisor": 1,
            }
        )
    )
    with caplog.at_level(logging.WARNING):
        s = SettingsStore(path).load()
    assert s == Settings(domain="acme.pbx.vega.ua", language="en")
    assert "poll_interval" in caplog.text


def test_unknown_keys_are_kept_secret_keys_dropped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"domain": "a.pbx.vega.ua", "future_option": [1, 2], "apiKey": "s3cr3t-value"})
    )
    store = SettingsStore(path)
    s = store.load()
    assert s.domain == "a.pbx.vega.ua"
    store.save(s.with_overrides(ext="005"))
    data = json.loads(path.read_text())
    assert data["future_option"] == [1, 2]
    assert data["ext"] == "005"
    assert "apiKey" not in data
    assert b"s3cr3t-value" not in path.read_bytes()


def test_update_loads_applies_and_saves(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "s.json")
    result = store.update(domain="x.pbx.vega.ua", ext=None)
    assert result.domain == "x.pbx.vega.ua"
    assert store.load() == result
    with pytest.raises(SettingsError):
        store.update(api_key="nope")
    assert b"nope" not in store.path.read_bytes()


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves the old file whole and no temporary files behind."""
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(ext="001"))
    before = store.path.read_bytes()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        store.save(Settings(ext="999"))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_save_goes_through_a_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The final file only ever appears by rename of a complete temporary file."""
    store = SettingsStore(tmp_path / "settings.json")
    seen: list[tuple[str, bytes]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append((Path(src).name, Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    store.save(Settings(ext="042"))
    assert len(seen) == 1
    name, content = seen[0]
    assert name != "settings.json"
    assert json.loads(content)["ext"] == "042"


def test_unreadable_path_gives_defaults(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "settings.json"
    folder.mkdir()  # reading a directory fails with an OSError
    with caplog.at_level(logging.WARNING):
        assert SettingsStore(folder).load() == Settings()
    assert "cannot read" in caplog.text
