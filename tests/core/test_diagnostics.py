"""The diagnostics bundle: what it holds, what it never holds (a planted key, anywhere), the
bounded log tail, the PBX errors noted by the log filter and read back from the log."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import secrets
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import keyring
import pytest
from keyring.backend import KeyringBackend

from vega_desktop import __version__
from vega_desktop.api import NotFound, ServerError, TransportError, VegaClient, VegaError
from vega_desktop.core import diagnostics, logsetup
from vega_desktop.core.diagnostics import (
    LOG_TAIL_BYTES,
    DiagnosticsCollector,
    DiagnosticsError,
    DiagnosticsInputs,
    LogExcerpt,
    build_bundle,
    default_file_name,
    keyring_backend,
    platform_facts,
    read_log_tail,
    write_bundle,
)
from vega_desktop.core.logsetup import PbxError, PbxErrorRing, read_pbx_errors, redact
from vega_desktop.core.poller import ActiveCallsPoller, Connection
from vega_desktop.core.secrets import EnvSecretStore, KeyResolver, KeyringSecretStore
from vega_desktop.core.settings import SettingsStore
from vega_desktop.demo import SimulatedPbx

# Distinctive values, new each run, so that a leak cannot hide behind a fixed string.
KEY = f"Pl4nted-{secrets.token_urlsafe(18)}"
# Keys the token heuristic alone would not catch: only knowing them redacts them.
ENV_KEY = "plantedenvkey" + "".join(secrets.choice("abcdefghjkmn") for _ in range(12))
KEYRING_KEY = "plantedringkey" + "".join(secrets.choice("pqrstuvwxyz") for _ in range(12))
SESSION = secrets.token_hex(16).upper()  # the shape of a call uuid, on purpose
CALL = "47a968893984475b8c20e29dec144ce1"
CALL_DASHED = "47A96889-3984-475B-8C20-E29DEC144CE1"
DOMAIN = "acme.pbx.vega.ua"
T0 = datetime(2025, 3, 14, 10, 30, 5, tzinfo=UTC)


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


KeyringBackend._classes.discard(MemoryKeyring)  # type: ignore[attr-defined]


@pytest.fixture
def ring_keyring() -> Iterator[MemoryKeyring]:
    """keyring's active backend is an in-memory one holding KEYRING_KEY for DOMAIN."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    backend.items[("vega-desktop", DOMAIN)] = KEYRING_KEY
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        assert bundle.testzip() is None
        return {name: bundle.read(name) for name in bundle.namelist()}


def leaks(files: dict[str, bytes], *values: str) -> list[str]:
    """Every (member, value) where a value appears as written, URL-encoded or JSON-escaped."""
    found = []
    for name, body in files.items():
        for value in values:
            for spelling in {value, quote(value, safe=""), json.dumps(value)[1:-1]}:
                if spelling.encode() in body:
                    found.append(f"{name}: {value[:6]}…")
    return found


def inputs(**changes: object) -> DiagnosticsInputs:
    base: dict[str, object] = {
        "created_at": T0,
        "source": "app",
        "platform": {"os": "Linux", "qt": "6.11.3"},
        "keyring_backend": "keyring.backends.SecretService.Keyring",
        "settings_file": "/home/olena/.config/vega-desktop/settings.json",
        "settings_text": json.dumps({"domain": DOMAIN, "ext": "001"}),
        "log_dir": "/home/olena/.local/state/vega-desktop/log",
        "logs": [LogExcerpt("vega-desktop.log", "2025-03-14 10:00:00,000 INFO x: hello\n", 40)],
        "pbx_errors": [],
        "pbx_errors_from": "app",
        "home": "/home/olena",
    }
    base.update(changes)
    return DiagnosticsInputs(**base)  # type: ignore[arg-type]


# -- redaction rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('{"domain": "acme", "apiKey": "abc-123-secret"}', "abc-123-secret"),
        ("GET /rest/x?key=abc12345&page=2", "abc12345"),
        ("POST /cb?access_token=zz9yy8xx7&x=1", "zz9yy8xx7"),
        ("{'password': 'hunter2hunter2'}", "hunter2hunter2"),
        ('"clientSecret": "s3cr3t-value"', "s3cr3t-value"),
        ("X-Api-Key: abcdefgh1", "abcdefgh1"),
        ("token=opaque-value-1", "opaque-value-1"),
        ("Cookie: lang=uk; JSESSIONID=0123456789ABCDEF", "0123456789ABCDEF"),
        ("Set-Cookie: JSESSIONID=AA11BB22; Path=/", "AA11BB22"),
        ("headers [('cookie', 'JSESSIONID=AA11BB22')]", "AA11BB22"),
        ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
        ("sent with Bearer abcdEFGH1234", "abcdEFGH1234"),
        ("Cookie(version=0, name='SID', value='cafe-1234', port=None)", "cafe-1234"),
        ("https://user:pa55word@pbx.example.com/", "pa55word"),
        ("the key bHGbn240QSjFJgydWOWyZ3ve6UeNDT8CV leaked", "bHGbn240QSjFJgydWOWyZ3ve6UeNDT8CV"),
        ("sha 0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef01"),
    ],
)
def test_redaction_rules(text: str, secret: str) -> None:
    cleaned = redact(text)
    assert secret not in cleaned
    assert logsetup.REDACTED in cleaned


@pytest.mark.parametrize(
    "text",
    [
        f"popup shown {CALL}",
        f"hangup {CALL_DASHED} failed",
        f"GET /rest/public/calls/{CALL.upper()}/audio",
        f"cached rec-{CALL}.mp3",
        "vega-desktop-diagnostics-20250314-103005.zip",
        "/tmp/pytest-of-root/pytest-12/test_diagnostics_zip0/logs",
        "keyring.backends.SecretService.Keyring, key_source: env, keyring_backend=x",
        "dialled +380442249895-380442249896-380442249897",
        "active calls poll failed (TransportError): could not connect",
    ],
)
def test_what_support_needs_is_kept(text: str) -> None:
    assert redact(text) == text


def test_redact_knows_given_secrets_in_every_spelling() -> None:
    key = "short/and+plain=1"
    text = f"a {key} b {quote(key, safe='')} c {json.dumps(key)}"
    cleaned = redact(text, also=[key])
    assert "short" not in cleaned
    assert redact("ab" * 3, also=["ab" * 3]) == "ab" * 3  # too short to redact


# -- the PBX error ring ------------------------------------------------------------------------


def test_ring_keeps_the_last_errors_and_counts_repeats() -> None:
    ring = PbxErrorRing(size=3)
    first = PbxError(at=T0, error="TransportError", message="could not connect")
    ring.add(first)
    ring.add(
        PbxError(at=T0 + timedelta(seconds=5), error="TransportError", message="could not connect")
    )
    assert len(ring) == 1
    assert ring.entries()[0].count == 2
    assert ring.entries()[0].last_at == T0 + timedelta(seconds=5)
    for n in range(4):
        ring.add(PbxError(at=T0, error="ServerError", status=500, message=f"failed {n}"))
    assert [e.message for e in ring.entries()] == ["failed 1", "failed 2", "failed 3"]


def test_one_error_logged_twice_is_recorded_once() -> None:
    ring = PbxErrorRing()
    error = ServerError("down", status=503)
    assert ring.record(error, message="poll failed") is not None
    assert ring.record(error, message="poll failed again") is None
    assert len(ring) == 1


@pytest.mark.asyncio
async def test_pbx_errors_are_noted_tagged_and_read_back(
    client: VegaClient, pbx: SimulatedPbx, tmp_path: Path
) -> None:
    """The log filter notes the errors the existing code logs (here the real poller, and a
    contact that is not there), with the request taken from the client; the tagged lines give
    the same entries back when the app is not running."""
    ring = PbxErrorRing()
    logsetup.setup_logging(log_dir=tmp_path, console=False, errors=ring)
    log = logging.getLogger("vega_desktop.test")
    try:
        assert logsetup.pbx_errors() is ring
        log.info("nothing wrong here")
        pbx.add_fault("500", "/rest/calls/active", count=5)
        poller = ActiveCallsPoller(client.calls.active, interval=1.0)
        poller.start()
        for _ in range(300):
            if poller.status.state is Connection.OFFLINE:
                break
            await asyncio.sleep(0.01)
        await poller.stop()
        try:
            await client.contacts.get(987654)
        except NotFound as exc:
            log.warning("contact lookup failed: %s", exc.detail)
        try:
            raise TransportError(f"could not connect ?apiKey={KEY}")
        except VegaError:
            log.warning("the PBX is out of reach")
    finally:
        logsetup.teardown_logging()

    entries = ring.entries()
    assert [(e.error, e.status, e.method, e.endpoint) for e in entries] == [
        ("ServerError", 500, "GET", "/rest/calls/active/v3"),
        ("NotFound", 404, "GET", "/crm/contacts/v2/987654"),
        ("TransportError", None, None, None),
    ]
    assert entries[0].message.startswith("active calls poll failed (ServerError)")
    assert entries[0].logger == "vega_desktop.core.poller"
    assert KEY not in entries[2].message  # the detail is quoted, redacted
    assert entries[2].message == "the PBX is out of reach — could not connect ?apiKey=[redacted]"

    text = (tmp_path / logsetup.LOG_FILE_NAME).read_text()
    assert "[PBX ServerError 500, GET /rest/calls/active/v3] active calls poll failed" in text
    assert "[PBX NotFound 404, GET /crm/contacts/v2/987654] contact lookup failed" in text
    assert "INFO    vega_desktop.test: nothing wrong here" in text
    assert KEY not in text

    again = read_pbx_errors(tmp_path)
    assert [(e.error, e.status, e.method, e.endpoint, e.message, e.logger) for e in again] == [
        (e.error, e.status, e.method, e.endpoint, e.message, e.logger) for e in entries
    ]
    for back, live in zip(again, entries, strict=True):
        assert abs(back.at - live.at) < timedelta(milliseconds=1)


def test_errors_are_read_back_across_the_rotation_set(tmp_path: Path) -> None:
    line = (
        "2025-03-14 10:00:0{n},000 WARNING vega_desktop.core.poller: "
        "[PBX ServerError 503, GET /rest/calls/active/v3] poll failed\n"
    )
    (tmp_path / "vega-desktop.log.2").write_text(line.format(n=1))
    (tmp_path / "vega-desktop.log.1").write_text(line.format(n=2) + "not a tagged line\n")
    (tmp_path / "vega-desktop.log").write_text(
        line.format(n=3)
        + "2025-03-14 10:00:04,500 INFO    x: [PBX TransportError] offline — timed out\n"
    )
    (tmp_path / "other.log").write_text(line.format(n=9))
    entries = read_pbx_errors(tmp_path)
    assert [(e.error, e.count) for e in entries] == [("ServerError", 3), ("TransportError", 1)]
    assert entries[0].at.replace(tzinfo=None) == datetime(2025, 3, 14, 10, 0, 1)
    assert entries[0].last_at is not None
    assert entries[0].last_at.replace(tzinfo=None) == datetime(2025, 3, 14, 10, 0, 3)
    assert entries[1].message == "offline — timed out"


# -- the log tail ------------------------------------------------------------------------------


def write_log(path: Path, lines: int, tag: str) -> int:
    text = "".join(
        f"2025-03-14 10:00:00,000 INFO    {tag}: line {n:07d} {'x' * 60}\n" for n in range(lines)
    )
    path.write_text(text)
    return len(text.encode())


def test_the_log_tail_is_bounded_and_starts_on_a_line(tmp_path: Path) -> None:
    newest = write_log(tmp_path / "vega-desktop.log", 5_000, "newest")  # about 0.6 MB
    for n in (1, 2, 3):
        write_log(tmp_path / f"vega-desktop.log.{n}", 8_000, f"older{n}")  # about 0.9 MB
    limit = 2_000_000
    excerpts = read_log_tail(tmp_path, limit)
    assert [e.name for e in excerpts] == [
        "vega-desktop.log",
        "vega-desktop.log.1",
        "vega-desktop.log.2",
    ]
    assert sum(len(e.text.encode()) for e in excerpts) <= limit
    assert excerpts[0].start == 0
    assert len(excerpts[0].text.encode()) == newest
    assert excerpts[1].start == 0
    partial = excerpts[2]
    assert partial.start > 0
    assert re.fullmatch(r"2025-03-14 .* older2: line \d{7} x{60}", partial.text.splitlines()[0])
    assert partial.text.endswith("line 0007999 " + "x" * 60 + "\n")


def test_the_bundle_holds_at_most_the_tail(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    for n in range(6):
        name = "vega-desktop.log" + (f".{n}" if n else "")
        write_log(log_dir / name, 12_000, f"file{n}")
    data = build_bundle(inputs(logs=read_log_tail(log_dir)))
    files = members(data)
    logs = {name: body for name, body in files.items() if name.startswith("logs/")}
    assert sum(len(body) for body in logs.values()) <= LOG_TAIL_BYTES
    assert "logs/vega-desktop.log" in logs
    assert "logs/vega-desktop.log.5" not in logs
    assert b"file0: line 0011999" in logs["logs/vega-desktop.log"]


# -- the bundle --------------------------------------------------------------------------------


def test_bundle_members_and_facts() -> None:
    error = PbxError(
        at=T0, error="ServerError", status=503, method="GET",
        endpoint="/rest/calls/active/v3", message="poll failed", count=4,
    )  # fmt: skip
    files = members(build_bundle(inputs(pbx_errors=[error], notes=["no log files were found"])))
    assert sorted(files) == [
        "README.txt", "logs/vega-desktop.log", "pbx-errors.json", "settings.json", "summary.json",
    ]  # fmt: skip
    summary = json.loads(files["summary.json"])
    assert summary["version"] == __version__
    assert summary["platform"] == {"os": "Linux", "qt": "6.11.3"}
    assert summary["keyring_backend"] == "keyring.backends.SecretService.Keyring"
    assert summary["settings_file"] == "~/.config/vega-desktop/settings.json"  # home folder as ~
    assert summary["log_dir"] == "~/.local/state/vega-desktop/log"
    assert summary["logs"] == [
        {"file": "vega-desktop.log", "size": 40, "included_from_byte": 0, "included_bytes": 40}
    ]
    assert summary["pbx_errors"] == {"count": 1, "from": "app"}
    assert summary["notes"] == ["no log files were found"]
    assert json.loads(files["settings.json"]) == {"domain": DOMAIN, "ext": "001"}
    errors = json.loads(files["pbx-errors.json"])
    assert errors["from"] == "app"
    assert errors["errors"] == [
        {"at": "2025-03-14T10:30:05.000+00:00", "last_at": "2025-03-14T10:30:05.000+00:00",
         "count": 4, "error": "ServerError", "status": 503, "method": "GET",
         "endpoint": "/rest/calls/active/v3", "message": "poll failed", "logger": ""},
    ]  # fmt: skip
    assert b"Call uuids" in files["README.txt"]


def test_a_settings_file_that_is_not_json_is_kept_as_text() -> None:
    files = members(build_bundle(inputs(settings_text=f"{{broken apiKey={KEY}")))
    assert "settings.json" not in files
    assert files["settings.txt"] == b"{broken apiKey=[redacted]"
    files = members(build_bundle(inputs(settings_text=None)))
    assert "settings.json" not in files
    assert "settings.txt" not in files
    assert json.loads(files["summary.json"])["settings_found"] is False


def test_a_planted_key_appears_nowhere_in_the_bundle() -> None:
    settings = {"domain": DOMAIN, "apiKey": KEY, "note": f"my key is {KEY}", "tokens": [KEY]}
    log = (
        f"2025-03-14 10:00:00,000 INFO    vega_desktop.api: body {{'apiKey': '{KEY}'}}\n"
        f"2025-03-14 10:00:01,000 INFO    x: GET /rest/x?apiKey={quote(KEY)}&call={CALL}\n"
        f"2025-03-14 10:00:02,000 INFO    x: plain {KEY} and {json.dumps(KEY)}\n"
        f"2025-03-14 10:00:03,000 INFO    x: Cookie: JSESSIONID={SESSION}; lang=uk\n"
        f"2025-03-14 10:00:04,000 INFO    x: Set-Cookie: JSESSIONID={SESSION}; Path=/\n"
        f"2025-03-14 10:00:05,000 INFO    x: popup shown {CALL_DASHED}\n"
    )
    error = PbxError(
        at=T0, error="AuthError", status=401, method="POST",
        endpoint=f"/rest/security/authorize/{KEY}",
        message=f"refused ?key={KEY} Authorization: Bearer {KEY} Cookie: JSESSIONID={SESSION}",
    )  # fmt: skip
    data = build_bundle(
        inputs(
            settings_text=json.dumps(settings),
            logs=[LogExcerpt("vega-desktop.log", log, len(log))],
            pbx_errors=[error],
            platform={"os": "Linux", "desktop": KEY},
            notes=[f"note {KEY}"],
            secrets=frozenset({KEY}),
        )
    )
    files = members(data)
    assert leaks(files, KEY, SESSION) == []
    assert KEY.encode() not in data  # and not in the zip's own structure
    everything = b"".join(files.values())
    assert CALL.encode() in everything
    assert CALL_DASHED.encode() in everything
    assert json.loads(files["settings.json"])["domain"] == DOMAIN


def test_a_key_that_slipped_through_stops_the_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: should redaction ever miss a known key, nothing is written."""
    monkeypatch.setattr(diagnostics, "redact", lambda text, also=(): text)
    log = f"2025-03-14 10:00:00,000 INFO    x: {KEY}\n"
    made = inputs(logs=[LogExcerpt("vega-desktop.log", log, len(log))], secrets=frozenset({KEY}))
    with pytest.raises(DiagnosticsError, match=r"logs/vega-desktop\.log") as caught:
        write_bundle(made, tmp_path / "x.zip")
    assert KEY not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_write_bundle_replaces_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / default_file_name(datetime(2025, 3, 14, 10, 30, 5))
    assert target.name == "vega-desktop-diagnostics-20250314-103005.zip"
    assert write_bundle(inputs(), target) == target
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    first = target.read_bytes()

    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="No space"):
        write_bundle(inputs(source="command line"), target)
    assert target.read_bytes() == first  # the old file is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary left
    monkeypatch.undo()
    with pytest.raises(FileNotFoundError):
        write_bundle(inputs(), tmp_path / "missing" / "x.zip")


# -- the collector -----------------------------------------------------------------------------


def test_platform_facts() -> None:
    facts = platform_facts({"XDG_CURRENT_DESKTOP": "KDE", "WAYLAND_DISPLAY": "wayland-0"})
    assert facts["desktop"] == "KDE"
    assert facts["session_type"] == "wayland"
    assert str(facts["python"]).startswith("3.")
    assert facts["os"]
    assert platform_facts({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"})["session_type"] == "x11"
    assert platform_facts({})["desktop"] is None


def test_keyring_backend_names_the_active_one(ring_keyring: MemoryKeyring) -> None:
    assert keyring_backend() == "tests.core.test_diagnostics.MemoryKeyring"
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert keyring_backend().startswith("keyring.backends.fail.Keyring (not secure")


@pytest.mark.asyncio
async def test_the_collector_redacts_keys_from_the_environment_and_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ring_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("VEGA_API_KEY", ENV_KEY)
    store = SettingsStore(tmp_path / "config" / "settings.json")
    store.path.parent.mkdir()
    store.path.write_text(json.dumps({"domain": DOMAIN, "ext": "001", "comment": KEYRING_KEY}))
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    (log_dir / "vega-desktop.log").write_text(
        f"2025-03-14 10:00:00,000 INFO    x: old line with {ENV_KEY} and {KEYRING_KEY}\n"
        f"2025-03-14 10:00:01,000 INFO    x: popup shown {CALL}\n"
    )
    ring = PbxErrorRing()
    ring.add(PbxError(at=T0, error="AuthError", status=401, message=f"refused {ENV_KEY}"))
    collector = DiagnosticsCollector(
        settings_store=store,
        log_dir=log_dir,
        resolver=KeyResolver(env=EnvSecretStore(), keyring_store=KeyringSecretStore()),
        errors=ring,
        clock=lambda: T0,
    )
    target = tmp_path / "out.zip"
    assert await collector.save(target) == target
    files = members(target.read_bytes())
    assert leaks(files, ENV_KEY, KEYRING_KEY) == []
    assert CALL.encode() in files["logs/vega-desktop.log"]
    summary = json.loads(files["summary.json"])
    assert summary["keyring_backend"] == "tests.core.test_diagnostics.MemoryKeyring"
    assert summary["source"] == "app"
    assert summary["pbx_errors"] == {"count": 1, "from": "app"}
    assert json.loads(files["settings.json"])["ext"] == "001"
    errors = json.loads(files["pbx-errors.json"])["errors"]
    assert errors[0]["message"] == "refused [redacted]"


@pytest.mark.asyncio
async def test_the_collector_without_the_app_reads_errors_from_the_log(tmp_path: Path) -> None:
    """Signed out, nothing saved, a keyring that fails: still a useful bundle, and the problem
    is noted in it."""

    class Broken(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError("D-Bus said no")

    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    (log_dir / "vega-desktop.log").write_text(
        "2025-03-14 10:00:00,000 WARNING x: [PBX TransportError, GET /rest/calls/active/v3] "
        "active calls poll failed (TransportError): timed out\n"
    )
    collector = DiagnosticsCollector(
        settings_store=SettingsStore(tmp_path / "nowhere" / "settings.json"),
        log_dir=log_dir,
        resolver=KeyResolver(
            env=EnvSecretStore({}), keyring_store=KeyringSecretStore(backend=Broken())
        ),
        domain=DOMAIN,
        source="command line",
        backend=lambda: "keyring.backends.fail.Keyring",
    )
    made = await collector.collect()
    assert made.settings_text is None
    assert made.secrets == frozenset()
    assert [e.endpoint for e in made.pbx_errors] == ["/rest/calls/active/v3"]
    assert made.pbx_errors_from == "log"
    assert made.notes == [
        "the key in the keyring could not be read to redact it: "
        "could not read the key in the keyring: RuntimeError"
    ]
    files = members(build_bundle(made))
    assert "settings.json" not in files
    assert json.loads(files["pbx-errors.json"])["errors"][0]["error"] == "TransportError"
