"""The command line itself: help, version, usage errors, the key never on argv, login input,
and handing over to the desktop app."""

from __future__ import annotations

import argparse
import getpass
import io
import sys
import types

import keyring
import pytest
from keyring.backends import fail

from tests.cli.fakes import MemoryKeyring
from tests.cli.helpers import ACCOUNT, KEY, error_lines, run
from vega_desktop import __version__
from vega_desktop.cli.commands import COMMANDS
from vega_desktop.core.settings import SettingsStore
from vega_desktop.demo import DEMO_DOMAIN, SimulatedPbx


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "--version")
    assert result.code == 0
    assert result.out.strip() == f"vega-desktop {__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["history", "--help"], ["notes", "add", "-h"]])
def test_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    result = run(capsys, *argv)
    assert result.code == 0
    assert "usage: vega-desktop" in result.out


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--help").out
    for name in (
        "login", "logout", "status", "calls", "dial", "hangup", "missed", "history", "users",
        "contacts", "notes", "recording", "demo-server",
    ):  # fmt: skip
        assert name in out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["calls", "--bogus"],
        ["notes"],
        ["notes", "add", "12"],
        ["dial"],
        ["--domain"],
        ["contacts", "show", "-5"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    result = run(capsys, *argv)
    assert result.code == 2
    assert len(error_lines(result)) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["--api-key", KEY, "calls"],
        [f"--api-key={KEY}", "calls"],
        ["calls", "--key", KEY],
        ["login", f"--token={KEY}"],
        ["login", "--password", KEY],
    ],
)
def test_the_key_is_never_taken_from_argv(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    result = run(capsys, *argv)
    assert result.code == 2
    [line] = error_lines(result)
    assert "never accepted on the command line" in line
    assert KEY not in result.out + result.err


# --- login input (in-memory keyring, in-process PBX) -----------------------------------------


@pytest.fixture
def stdin_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(KEY + "\n"))


@pytest.mark.usefixtures("inproc", "stdin_key")
def test_login_from_stdin(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.delenv("VEGA_API_KEY")
    result = run(capsys, "--json", *ACCOUNT, "login")
    assert result.code == 0, result.err
    assert result.json() == {
        "domain": DEMO_DOMAIN,
        "server": None,
        "ext": "001",
        "key_stored_in": "keyring",
    }
    assert memory_keyring.items == {("vega-desktop", DEMO_DOMAIN): KEY}
    saved = SettingsStore().load()
    assert (saved.domain, saved.ext) == (DEMO_DOMAIN, "001")
    assert KEY.encode() not in SettingsStore().path.read_bytes()
    assert KEY not in result.out + result.err


@pytest.mark.usefixtures("inproc")
def test_login_on_a_terminal_uses_getpass(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return f"  {KEY}  "

    tty = io.StringIO("")
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", tty)
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    result = run(capsys, *ACCOUNT, "login")
    assert result.code == 0, result.err
    assert prompts == [f"API key for {DEMO_DOMAIN} (input hidden): "]
    assert memory_keyring.items[("vega-desktop", DEMO_DOMAIN)] == KEY
    assert "VEGA_API_KEY is set" in result.err  # the inproc fixture sets it


@pytest.mark.usefixtures("inproc")
def test_login_stdin_flag_reads_stdin_even_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    tty = io.StringIO(KEY + "\n")
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", tty)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pytest.fail("prompted"))
    assert run(capsys, *ACCOUNT, "login", "--stdin").code == 0
    assert memory_keyring.items[("vega-desktop", DEMO_DOMAIN)] == KEY


@pytest.mark.usefixtures("inproc")
def test_login_wrong_key(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong-key\n"))
    result = run(capsys, *ACCOUNT, "login")
    assert result.code == 3
    assert memory_keyring.items == {}
    assert SettingsStore().load().domain is None


@pytest.mark.usefixtures("inproc")
def test_login_empty_key_and_no_domain(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert run(capsys, *ACCOUNT, "login").code == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO(KEY + "\n"))
    result = run(capsys, "login")
    assert result.code == 2
    assert "--domain" in result.err


@pytest.mark.usefixtures("inproc")
def test_login_without_a_secure_keyring_exits_6_before_reading_the_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pbx: SimulatedPbx
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the previous backend
    stdin = io.StringIO(KEY + "\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    result = run(capsys, *ACCOUNT, "login")
    assert result.code == 6
    [line] = error_lines(result)
    assert "no secure keyring" in line
    assert stdin.tell() == 0  # the key was not even read
    assert not pbx.request_log()


@pytest.mark.usefixtures("inproc")
def test_keyring_unavailable_without_env_key_exits_6(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VEGA_API_KEY")
    keyring.set_keyring(fail.Keyring())
    assert run(capsys, *ACCOUNT, "calls").code == 6
    assert run(capsys, *ACCOUNT, "logout").code == 6
    monkeypatch.setenv("VEGA_API_KEY", KEY)
    assert run(capsys, *ACCOUNT, "calls").code == 0  # the environment needs no keyring


# --- the desktop app ------------------------------------------------------------------------


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    seen: list[argparse.Namespace] = []
    module = types.ModuleType("vega_desktop.app")

    def run_app(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    module.run = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vega_desktop.app", module)
    return seen


def test_no_command_starts_the_app(
    capsys: pytest.CaptureFixture[str], fake_app: list[argparse.Namespace]
) -> None:
    assert run(capsys).code == 0
    [args] = fake_app
    assert args.command is None
    assert args.url is None
    assert args.demo is False


def test_a_tel_link_starts_the_app(
    capsys: pytest.CaptureFixture[str], fake_app: list[argparse.Namespace]
) -> None:
    assert run(capsys, "--ext", "002", "tel:+380442249895").code == 0
    assert run(capsys, "callto:0442249895").code == 0
    assert run(capsys, "--demo").code == 0
    assert [a.url for a in fake_app] == ["tel:+380442249895", "callto:0442249895", None]
    assert fake_app[0].ext == "002"
    assert fake_app[2].demo is True


def test_a_link_with_a_command_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], fake_app: list[argparse.Namespace]
) -> None:
    assert run(capsys, "calls", "tel:+380442249895").code == 2
    assert not fake_app


def test_missing_app_module_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "vega_desktop.app", None)  # import fails
    result = run(capsys)
    assert result.code == 1
    [line] = error_lines(result)
    assert "desktop app" in line


def test_ctrl_c_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("vega_desktop.app")

    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    module.run = interrupted  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vega_desktop.app", module)
    assert run(capsys).code == 130


@pytest.mark.usefixtures("inproc")
def test_ctrl_c_during_a_command_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:

    async def interrupted(ctx: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(COMMANDS, "calls", interrupted)
    result = run(capsys, *ACCOUNT, "calls")
    assert result.code == 130
    assert "interrupted" in result.err


@pytest.mark.usefixtures("inproc")
def test_an_unexpected_failure_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:

    async def broken(ctx: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setitem(COMMANDS, "calls", broken)
    result = run(capsys, *ACCOUNT, "calls")
    assert result.code == 1
    assert error_lines(result) == ["vega-desktop: error: unexpected RuntimeError: boom"]
    assert "Traceback" not in result.err
    loud = run(capsys, "-v", *ACCOUNT, "calls")
    assert "Traceback" in loud.err
    assert 'raise RuntimeError("boom")' in loud.err


@pytest.mark.usefixtures("inproc")
def test_an_unwritable_recording_path_exits_1(
    capsys: pytest.CaptureFixture[str], pbx: SimulatedPbx
) -> None:
    uuid = next(r.uuid for r in pbx.history_records() if r.recording)
    result = run(capsys, *ACCOUNT, "recording", uuid, "-o", "/nonexistent-dir/x/rec.wav")
    assert result.code == 1, result.err
    assert len(error_lines(result)) == 1


@pytest.mark.usefixtures("inproc")
def test_login_on_a_terminal_asks_for_the_domain_on_stderr(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    tty = io.StringIO(DEMO_DOMAIN + "\n")
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", tty)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": KEY)
    result = run(capsys, "--json", "login")
    assert result.code == 0, result.err
    assert result.json()["domain"] == DEMO_DOMAIN  # stdout holds only the JSON
    assert "PBX domain" in result.err
    assert memory_keyring.items[("vega-desktop", DEMO_DOMAIN)] == KEY


@pytest.mark.usefixtures("inproc")
def test_a_key_in_an_error_message_is_redacted(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: even a bug that puts the key in an exception does not print it."""
    from vega_desktop import cli

    async def leaky(ctx: cli.Context) -> int:
        key, _ = await ctx.key(ctx.account())
        raise RuntimeError(f"request failed with key {key}")

    monkeypatch.setitem(COMMANDS, "calls", leaky)
    result = run(capsys, "-vv", *ACCOUNT, "calls")
    assert result.code == 1
    assert KEY not in result.err
    assert "[redacted]" in error_lines(result)[0]
