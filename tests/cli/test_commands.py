"""Every subcommand against the simulated PBX, in process (httpx.ASGITransport): output, JSON
shapes, exit codes, and what the PBX saw."""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.fakes import MemoryKeyring
from tests.cli.helpers import ACCOUNT, KEY, Result, error_lines, run
from vega_desktop.core.settings import SettingsStore
from vega_desktop.demo import DEMO_DOMAIN, SimulatedPbx

pytestmark = pytest.mark.usefixtures("inproc")

UUID32 = re.compile(r"^[0-9a-f]{32}$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")


def millis(moment: datetime) -> int:
    """Exact milliseconds since 1970 (float timestamps lose the last digit)."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def requests_to(pbx: SimulatedPbx, path: str) -> list[dict[str, Any]]:
    return [e for e in pbx.request_log() if str(e.get("path", "")).startswith(path)]


def assert_ok(result: Result) -> None:
    assert result.code == 0, result.err
    assert not error_lines(result)


def assert_fails(result: Result, code: int, *words: str) -> None:
    assert result.code == code, (result.out, result.err)
    lines = error_lines(result)
    assert len(lines) == 1, result.err
    for word in words:
        assert word in lines[0]
    assert KEY not in result.out + result.err


# --- status and live calls ------------------------------------------------------------------


def test_status(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *ACCOUNT, "status")
    assert_ok(result)
    assert DEMO_DOMAIN in result.out
    assert "env" in result.out
    assert "ok, 0 active call(s)" in result.out


def test_status_json(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    inproc.start_call("incoming", number="+380501234567")
    data = run(capsys, "--json", *ACCOUNT, "status").json()
    assert data == {
        "domain": DEMO_DOMAIN,
        "server": f"https://{DEMO_DOMAIN}",
        "ext": "001",
        "key_source": "env",
        "reachable": True,
        "authorized": True,
        "active_calls": 1,
        "error": None,
    }


def test_calls_empty_and_with_a_call(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    assert run(capsys, *ACCOUNT, "calls").out.strip() == "No active calls."
    uuid = inproc.start_call("incoming", number="+380501234567")
    result = run(capsys, *ACCOUNT, "calls")
    assert_ok(result)
    header, *rows = result.out.splitlines()
    assert header.split()[:3] == ["UUID", "DIRECTION", "STATE"]
    assert len(rows) == 1
    assert rows[0].startswith(uuid.replace("-", ""))
    assert "incoming" in rows[0]
    assert "ringing" in rows[0]
    assert "050 123 4567" in rows[0]  # national format for a Ukrainian number


def test_calls_json(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    uuid = inproc.start_call("incoming", number="+380501234567")
    inproc.answer_call(uuid)
    inproc.start_call("internal", ext="002", to_ext="003")
    data = run(capsys, "--json", *ACCOUNT, "calls").json()
    assert isinstance(data, list)
    assert len(data) == 2
    for call in data:
        assert set(call) == {
            "uuid", "parent_uuid", "direction", "state", "last_event", "dial_at", "bridge_at",
            "leg", "leg2", "other_number", "other_legs", "trunk_num", "trunk_name",
        }  # fmt: skip
        assert UUID32.match(call["uuid"])
        assert ISO.match(call["dial_at"])
    by_direction = {c["direction"]: c for c in data}
    incoming = by_direction["incoming"]
    assert incoming["state"] == "answered"
    assert incoming["other_number"] == "+380501234567"
    assert incoming["leg"]["ext"] == "001"
    assert ISO.match(incoming["bridge_at"])
    internal = by_direction["internal"]
    assert internal["state"] == "ringing"
    assert internal["leg2"]["ext"] == "003"
    assert internal["other_legs"] == []


# --- dial and hangup -----------------------------------------------------------------------


def test_dial_normalises_and_prints_the_uuid(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    result = run(capsys, *ACCOUNT, "dial", "044 224-98-95")
    assert_ok(result)
    uuid = result.out.strip()
    assert UUID32.match(uuid)
    [call] = requests_to(inproc, "/rest/user/makeCall")
    assert call["json"] == {"legExt": "001", "otherLegNum": "+380442249895"}
    assert inproc.live_call(uuid) is not None


def test_dial_ext_option_and_json(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    data = run(capsys, "--json", *ACCOUNT, "dial", "+380 44 224 9895", "--ext", "002").json()
    assert UUID32.match(data["uuid"])
    assert data["ext"] == "002"
    assert data["number"] == "+380442249895"
    [call] = requests_to(inproc, "/rest/user/makeCall")
    assert call["json"]["legExt"] == "002"


@pytest.mark.parametrize("number", ["12345678901234567890", "call me", "+", "1"])
def test_dial_invalid_number_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx, number: str
) -> None:
    assert_fails(run(capsys, *ACCOUNT, "dial", number), 2, "cannot dial")
    assert not requests_to(inproc, "/rest")


def test_dial_without_an_extension(capsys: pytest.CaptureFixture[str]) -> None:
    assert_fails(run(capsys, "--domain", DEMO_DOMAIN, "dial", "0442249895"), 2, "--ext")


def test_hangup(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    uuid = inproc.start_call("incoming", number="+380501234567")
    inproc.answer_call(uuid)
    dashed = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
    result = run(capsys, *ACCOUNT, "hangup", dashed.upper())
    assert_ok(result)
    assert uuid in result.out
    assert inproc.live_call(uuid) is None
    data = run(capsys, "--json", *ACCOUNT, "hangup", "0" * 32)
    assert data.code == 5  # the PBX does not know that call


def test_hangup_rejects_a_malformed_uuid(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *ACCOUNT, "hangup", "not-a-uuid")
    assert result.code == 2
    assert "uuid" in result.err


# --- history --------------------------------------------------------------------------------


HISTORY_KEYS = {
    "uuid", "parent_uuid", "end_at", "direction", "disposition", "other_number", "other_name",
    "leg", "leg2", "bill_secs", "duration", "transfer_history", "audio_url", "trunks",
}  # fmt: skip


def test_history_default_window_is_24h(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    before = datetime.now(UTC)
    result = run(capsys, "--json", *ACCOUNT, "history")
    assert_ok(result)
    records = result.json()
    assert records, "the demo world has calls in the last day"
    for record in records:
        assert set(record) == HISTORY_KEYS
        assert ISO.match(record["end_at"])
        assert record["direction"] in {"incoming", "outgoing", "internal"}
    query = requests_to(inproc, "/rest/calls/company.api")[0]["query"]
    span = int(query["timeTo"]) - int(query["timeFrom"])
    assert span == 24 * 3600 * 1000
    assert abs(int(query["timeTo"]) / 1000 - before.timestamp()) < 60


def test_history_since_limit_and_paging(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    everything = run(capsys, "--json", *ACCOUNT, "history", "--since", "7d").json()
    assert len(everything) > 50, "a week of demo traffic spans several pages"
    pages = requests_to(inproc, "/rest/calls/company.api")
    assert len(pages) >= 2
    inproc.clear_request_log()
    limited = run(capsys, "--json", *ACCOUNT, "history", "--since", "7d", "--limit", "3").json()
    assert [r["uuid"] for r in limited] == [r["uuid"] for r in everything[:3]]
    assert len(requests_to(inproc, "/rest/calls/company.api")) == 1  # paging stopped


def test_history_human_table(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *ACCOUNT, "history", "--since", "2d", "--limit", "5")
    assert_ok(result)
    header, *rows = result.out.splitlines()
    assert header.split() == [
        "ENDED", "DIRECTION", "EMPLOYEE", "OTHER", "PARTY", "TOTAL", "TALK", "RESULT", "UUID",
    ]  # fmt: skip
    assert len(rows) == 5
    assert all(re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", row) for row in rows)


def test_history_direction_filter(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    records = run(
        capsys, "--json", *ACCOUNT, "history", "--since", "3d", "--direction", "in"
    ).json()
    assert records
    assert {r["direction"] for r in records} == {"incoming"}
    assert requests_to(inproc, "/rest/calls/company.api")[0]["query"]["directions"] == "4"
    inproc.clear_request_log()
    both = run(
        capsys, "--json", *ACCOUNT, "history", "--since", "3d",
        "--direction", "out", "--direction", "internal",
    ).json()  # fmt: skip
    assert {r["direction"] for r in both} <= {"outgoing", "internal"}
    assert requests_to(inproc, "/rest/calls/company.api")[0]["query"]["directions"] == "3"


def test_history_employee_filter_uses_users_api(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    records = run(
        capsys, "--json", *ACCOUNT, "history", "--since", "7d", "--employee", "002"
    ).json()
    assert records
    for record in records:
        exts = {leg["ext"] for leg in (record["leg"], record["leg2"]) if leg}
        assert "002" in exts
    assert requests_to(inproc, "/rest/calls/users.api")
    assert not requests_to(inproc, "/rest/calls/company.api")


def test_history_from_to_dates(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    day = (datetime.now() - timedelta(days=2)).date()
    result = run(
        capsys, "--json", *ACCOUNT, "history", "--from", day.isoformat(), "--to", day.isoformat()
    )
    assert_ok(result)
    query = requests_to(inproc, "/rest/calls/company.api")[0]["query"]
    start = datetime.combine(day, datetime.min.time()).astimezone()
    end = datetime.combine(day, datetime.max.time()).astimezone()
    assert int(query["timeFrom"]) == millis(start)
    assert int(query["timeTo"]) == millis(end)
    for record in result.json():
        ended = datetime.fromisoformat(record["end_at"])
        assert start <= ended <= end


def test_history_from_datetime_to_now(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    result = run(capsys, "--json", *ACCOUNT, "history", "--from", "2020-01-01T10:00+00:00")
    assert_ok(result)
    query = requests_to(inproc, "/rest/calls/company.api")[0]["query"]
    assert int(query["timeFrom"]) == millis(datetime(2020, 1, 1, 10, tzinfo=UTC))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", "yesterday"], ["invalid duration"]),
        (["--since", "0h"], ["longer than zero"]),
        (["--from", "2024-05-02", "--to", "2024-05-01"], ["must be before"]),
        (["--to", "2024-05-01"], ["--to needs --from"]),
        (["--from", "someday"], ["invalid date"]),
        (["--since", "1h", "--from", "2024-05-01"], ["not allowed with"]),
        (["--direction", "sideways"], ["invalid choice"]),
        (["--limit", "0"], ["must be 1 or more"]),
    ],
)
def test_history_bad_windows_are_usage_errors(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx, args: list[str], words: list[str]
) -> None:
    result = run(capsys, *ACCOUNT, "history", *args)
    assert_fails(result, 2, *words)
    assert not requests_to(inproc, "/rest")


def test_missed(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    records = run(capsys, "--json", *ACCOUNT, "missed", "--since", "7d").json()
    assert records
    assert all(set(r) == HISTORY_KEYS for r in records)
    assert requests_to(inproc, "/rest/calls/missed.api")
    limited = run(capsys, "--json", *ACCOUNT, "missed", "--since", "7d", "--limit", "2").json()
    assert len(limited) == 2
    table = run(capsys, *ACCOUNT, "missed", "--since", "7d", "--limit", "2")
    assert len(table.out.splitlines()) == 3


def test_missed_empty_window(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *ACCOUNT, "missed", "--from", "2001-01-01", "--to", "2001-01-02")
    assert_ok(result)
    assert result.out.strip() == "No missed calls in this period."
    assert run(capsys, "--json", *ACCOUNT, "missed", "--from", "2001-01-01").out.strip() != ""


# --- users, contacts, notes -----------------------------------------------------------------


def test_users(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *ACCOUNT, "users")
    assert_ok(result)
    assert re.search(r"^36\s+001\s+Андрій Васильєв\s+\S+@", result.out, re.MULTILINE)
    data = run(capsys, "--json", *ACCOUNT, "users").json()
    first = next(u for u in data if u["ext"] == "001")
    assert first == {
        "id": 36,
        "ext": "001",
        "display_name": "Андрій Васильєв",
        "email": first["email"],
    }
    assert "@" in first["email"]


CONTACT_KEYS = {
    "id", "display_name", "first_name", "last_name", "company", "phones", "responsible_user_id",
    "create_user_id", "date_create", "last_modified", "fields",
}  # fmt: skip


def a_contact_with_a_phone(pbx: SimulatedPbx) -> Any:
    return next(c for c in pbx.world.contacts.values() if c.phones() and c.display_name())


def test_contacts_search_show_and_by_number(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    contact = a_contact_with_a_phone(inproc)
    word = contact.display_name().split()[0]
    found = run(capsys, "--json", *ACCOUNT, "contacts", "search", word).json()
    assert contact.id in [c["id"] for c in found]
    for c in found:
        assert set(c) == CONTACT_KEYS
        assert all(p.startswith("+") for p in c["phones"])

    table = run(capsys, *ACCOUNT, "contacts", "search", word, "--limit", "60")
    assert_ok(table)
    assert table.out.splitlines()[0].split() == ["ID", "NAME", "COMPANY", "PHONES"]

    shown = run(capsys, "--json", *ACCOUNT, "contacts", "show", str(contact.id)).json()
    assert shown["id"] == contact.id
    assert set(shown) == CONTACT_KEYS
    assert shown["fields"][0].keys() == {"id", "code", "values"}
    assert shown["fields"][0]["values"][0].keys() == {"id", "code", "value", "last_modified"}
    text = run(capsys, *ACCOUNT, "contacts", "show", str(contact.id))
    assert_ok(text)
    assert f"id:           {contact.id}" in text.out

    phone = contact.phones()[0]
    by_number = run(capsys, "--json", *ACCOUNT, "contacts", "by-number", phone).json()
    assert contact.id in [c["id"] for c in by_number]


def test_contacts_search_in_notes(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    note = next(iter(inproc.world.notes.values()))
    word = max(note.content.split(), key=len)
    found = run(capsys, "--json", *ACCOUNT, "contacts", "search", "--notes", word).json()
    assert found
    [request] = requests_to(inproc, "/crm/contacts/v2")
    assert request["query"].get("searchNoteText") == word
    assert "searchText" not in request["query"]


def test_contacts_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert_fails(run(capsys, *ACCOUNT, "contacts", "show", "999999999"), 5, "not found")
    assert run(capsys, *ACCOUNT, "contacts", "show", "abc").code == 2
    assert run(capsys, *ACCOUNT, "contacts", "search", "x", "--limit", "61").code == 2
    assert run(capsys, *ACCOUNT, "contacts").code == 2
    assert_fails(run(capsys, *ACCOUNT, "contacts", "by-number", "nope"), 2, "cannot dial")


def test_notes_lifecycle(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact = a_contact_with_a_phone(inproc)
    cid = str(contact.id)
    before = run(capsys, "--json", *ACCOUNT, "notes", "list", cid).json()

    added = run(capsys, "--json", *ACCOUNT, "notes", "add", cid, "Передзвонити о 15:00").json()
    assert added["content"] == "Передзвонити о 15:00"
    assert added["contact_id"] == contact.id
    note_id = added["id"]
    assert isinstance(note_id, int)

    monkeypatch.setattr(sys, "stdin", io.StringIO("Текст зі stdin\n"))
    from_stdin = run(capsys, *ACCOUNT, "notes", "add", cid, "-")
    assert_ok(from_stdin)
    assert from_stdin.out.startswith("Added note ")

    listed = run(capsys, "--json", *ACCOUNT, "notes", "list", cid).json()
    assert len(listed) == len(before) + 2
    assert {"Передзвонити о 15:00", "Текст зі stdin"} <= {n["content"] for n in listed}
    assert set(listed[0]) == {
        "id", "contact_id", "content", "date_create", "last_modified", "responsible_user_id",
        "note_type", "call_uuid", "other_number", "other_name", "record_link",
    }  # fmt: skip

    edited = run(capsys, *ACCOUNT, "notes", "edit", cid, str(note_id), "Вже передзвонили")
    assert_ok(edited)
    contents = {n["id"]: n["content"] for n in inproc.list_notes(contact.id)}
    assert contents[note_id] == "Вже передзвонили"

    table = run(capsys, *ACCOUNT, "notes", "list", cid)
    assert "Вже передзвонили" in table.out

    deleted = run(capsys, "--json", *ACCOUNT, "notes", "delete", cid, str(note_id)).json()
    assert deleted == {"id": note_id, "contact_id": contact.id, "deleted": True}
    assert note_id not in {n["id"] for n in inproc.list_notes(contact.id)}


def test_notes_errors(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    contact = a_contact_with_a_phone(inproc)
    cid = str(contact.id)
    assert_fails(run(capsys, *ACCOUNT, "notes", "add", cid, "   "), 2, "empty")
    assert_fails(run(capsys, *ACCOUNT, "notes", "edit", cid, "987654321", "x"), 5, "no note")
    assert_fails(run(capsys, *ACCOUNT, "notes", "list", "999999999"), 5)


# --- recordings -----------------------------------------------------------------------------


def a_recorded_call(pbx: SimulatedPbx) -> str:
    uuid = pbx.start_call("incoming", number="+380501234567")
    pbx.answer_call(uuid)
    pbx.end_call(uuid)
    return uuid.replace("-", "")


def test_recording(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx, tmp_path: Path
) -> None:
    records = run(capsys, "--json", *ACCOUNT, "history", "--since", "2d").json()
    uuid = next(r["uuid"] for r in records if r["audio_url"])
    dest = tmp_path / "call.wav"
    result = run(capsys, *ACCOUNT, "recording", uuid, "-o", str(dest))
    assert_ok(result)
    assert dest.read_bytes()[:4] == b"RIFF"
    assert f"Saved {dest}" in result.out
    assert "Downloading" not in result.err  # stderr is not a terminal here

    again = tmp_path / "again.wav"
    data = run(capsys, "--json", *ACCOUNT, "recording", uuid, "--output", str(again)).json()
    assert data == {"uuid": uuid, "path": str(again), "bytes": again.stat().st_size}


def test_recording_progress_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    inproc: SimulatedPbx,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = run(capsys, "--json", *ACCOUNT, "history", "--since", "2d").json()
    uuid = next(r["uuid"] for r in records if r["audio_url"])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    result = run(capsys, *ACCOUNT, "recording", uuid, "-o", str(tmp_path / "r.wav"))
    assert_ok(result)
    assert "\rDownloading: " in result.err


def test_recording_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert_fails(run(capsys, *ACCOUNT, "recording", "a" * 32, "-o", str(tmp_path)), 2, "folder")
    result = run(capsys, *ACCOUNT, "recording", "a" * 32, "-o", str(tmp_path / "x.wav"))
    assert_fails(result, 5)
    assert not (tmp_path / "x.wav").exists()
    assert run(capsys, *ACCOUNT, "recording", "a" * 32).code == 2  # -o is required


# --- errors from the PBX -------------------------------------------------------------------


def test_wrong_key_is_an_auth_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEGA_API_KEY", "definitely-wrong")
    result = run(capsys, *ACCOUNT, "calls")
    assert_fails(result, 3, "refused")
    assert "definitely-wrong" not in result.err


def test_wrong_domain_is_an_auth_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert_fails(run(capsys, "--domain", "other.pbx.vega.ua", "users"), 3, "refused")


@pytest.mark.parametrize(
    ("kind", "words"),
    [("500", ["PBX failed", "500"]), ("invalid_json", ["invalid answer"])],
)
def test_pbx_faults_are_pbx_errors(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx, kind: str, words: list[str]
) -> None:
    inproc.add_fault(kind, "/rest/users", count=100)
    assert_fails(run(capsys, *ACCOUNT, "users"), 5, *words)


def test_injected_500_gives_exit_5(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    inproc.add_fault("500", "/rest/calls/active", count=100)
    assert_fails(run(capsys, *ACCOUNT, "calls"), 5, "500")


def test_status_reports_failures_and_exits_non_zero(
    capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx
) -> None:
    inproc.add_fault("500", "/rest/calls/active", count=100)
    result = run(capsys, "--json", *ACCOUNT, "status")
    assert result.code == 5
    data = result.json()
    assert data["reachable"] is True
    assert data["active_calls"] is None
    assert "500" in data["error"]
    assert len(error_lines(result)) == 1


def test_verbose_adds_details(capsys: pytest.CaptureFixture[str], inproc: SimulatedPbx) -> None:
    inproc.add_fault("500", "/rest/calls/active", count=100)
    quiet = run(capsys, *ACCOUNT, "calls")
    assert "Traceback" not in quiet.err
    loud = run(capsys, "-v", *ACCOUNT, "calls")
    assert loud.code == 5
    assert "Traceback" in loud.err
    assert KEY not in loud.err


# --- account resolution ---------------------------------------------------------------------


def test_no_domain_tells_to_log_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert_fails(run(capsys, "calls"), 3, "log in")


def test_no_key_is_an_auth_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VEGA_API_KEY")
    assert_fails(run(capsys, *ACCOUNT, "calls"), 3, "no API key", "login")


def test_key_from_the_keyring_and_saved_settings(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.delenv("VEGA_API_KEY")
    memory_keyring.items[("vega-desktop", DEMO_DOMAIN)] = KEY
    SettingsStore().update(domain=DEMO_DOMAIN, ext="001")
    result = run(capsys, "--json", "status")
    assert result.code == 0, result.err
    assert result.json()["key_source"] == "keyring"
    assert result.json()["ext"] == "001"


def test_bad_global_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert_fails(run(capsys, "--domain", "https://x.pbx.vega.ua", "calls"), 2, "--server")
    assert_fails(run(capsys, "--domain", "bad domain", "calls"), 2, "domain")
    assert_fails(run(capsys, *ACCOUNT, "--server", "ftp://x", "calls"), 2, "http")
    assert_fails(run(capsys, "--domain", DEMO_DOMAIN, "--ext", "abc", "calls"), 2, "extension")
