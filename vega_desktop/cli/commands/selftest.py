"""``self-test``: is this installation complete, and does the app run here?

For support and for the frozen bundles (a bundle that left something out fails here rather than
on an operator's desktop), it prints:

- the version, and whether this is a bundle (PyInstaller) or a Python install;
- Python's, Qt's and PySide6's versions;
- whether the tray icons render from the packaged SVGs;
- which translations load (ours for ``uk`` and ``en``, Qt's own ``qtbase_uk``);
- whether Qt's multimedia backend (FFmpeg, for the recording player) is present;
- the keyring backend the API key would be kept in — a secure one, never keyring's ``fail``
  backend or a plaintext file;
- with ``--demo-seconds N``: how ``vega-desktop --demo`` ran for about N seconds. The same
  executable is started as a child process with a throwaway configuration, data and log folder,
  so a running vega-desktop and the operator's settings are never touched (the demo PBX needs no
  key and the keyring is not used). The check waits until the app is signed in to its simulated
  PBX and polling (``online``), places a call to the demo operator through the PBX's control
  interface and waits for the app to show its popup, ends it, lets the app run out the N seconds,
  and then asks it to quit as a session manager would (SIGTERM): it must exit with status 0,
  with no traceback and no error in its log. (On Windows a process cannot be asked to quit that
  way; there the app is ended and its exit is not judged.)

Exit status 0 when everything passed, 6 when only the keyring is missing, 1 otherwise. The checks
are read-only; Qt is imported only when the command runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import re
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from vega_desktop import __version__
from vega_desktop.cli.context import Context
from vega_desktop.cli.errors import EXIT_FAILURE, EXIT_KEYRING, EXIT_OK, PROG

__all__ = ["Check", "DemoError", "DemoRun", "cmd_self_test"]

# how long the demo may take to reach each point (a cold start of a bundle is the slow part)
ONLINE_TIMEOUT: Final = 60.0
POPUP_TIMEOUT: Final = 20.0
EXIT_TIMEOUT: Final = 20.0
POLL_INTERVAL: Final = 0.1
# the test call comes from a number the demo CRM does not know
TEST_CALLER: Final = "+380442998095"

_LISTENING = re.compile(r"demo PBX listening on (?P<url>http://\S+)")
_ONLINE = re.compile(r"connection: online\b")
_POPUP = re.compile(r"popup shown (?P<uuid>\w+)")
_PROBLEM = re.compile(r"^\S+ \S+ (?:ERROR|CRITICAL)\b.*$", re.MULTILINE)
_STOPPED = re.compile(r": stopped$", re.MULTILINE)
_TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report."""

    name: str
    ok: bool
    detail: str


async def cmd_self_test(ctx: Context) -> int:
    """Run every check, print the report, and exit 0 (all passed), 6 (no keyring) or 1."""
    out = ctx.out
    qt_version, pyside_version = _qt_versions()
    checks = [
        Check("version", True, f"{PROG} {__version__} ({_installation()})"),
        Check("python", True, f"{platform.python_version()} ({sys.platform})"),
        Check("qt", True, f"Qt {qt_version}, PySide6 {pyside_version}"),
        _icons_check(),
        *_translation_checks(),
        _multimedia_check(),
        await _keyring_check(),
    ]
    if not out.as_json:
        _print_checks(out.line, checks)
    seconds = ctx.args.demo_seconds
    if seconds is not None:
        if not out.as_json:
            out.line(f"running the demo app for about {seconds} s…")
        demo = await DemoRun(seconds).run()
        checks.append(demo.check())
        if not out.as_json:
            _print_checks(out.line, checks[-1:])
        if not demo.ok:
            for line in demo.log_tail():
                out.note(f"demo log: {line}")

    failed = [check.name for check in checks if not check.ok]
    if out.as_json:
        out.json(
            {
                "version": __version__,
                "executable": sys.executable,
                "frozen": _frozen(),
                "python": platform.python_version(),
                "qt": qt_version,
                "pyside6": pyside_version,
                "checks": [asdict(check) for check in checks],
                "ok": not failed,
            }
        )
    elif failed:
        out.line(f"{len(failed)} check(s) failed: {', '.join(failed)}")
    else:
        out.line("all checks passed")
    if not failed:
        return EXIT_OK
    return EXIT_KEYRING if failed == ["keyring"] else EXIT_FAILURE


def _print_checks(line: Callable[[str], None], checks: list[Check]) -> None:
    for check in checks:
        line(f"{'ok' if check.ok else 'FAIL':<5} {check.name:<15} {check.detail}")


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _installation() -> str:
    if _frozen():
        return f"bundle: {Path(sys.executable).parent}"
    return f"Python package: {Path(__file__).resolve().parents[2]}"


def _qt_versions() -> tuple[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion

    return qVersion(), PySide6.__version__


def _icons_check() -> Check:
    """The app icon and every tray state render from their SVGs, as the tray draws them."""
    from vega_desktop.ui.icons import TrayState, icons_dir, render, tray_image

    try:
        rendered = [render("vega-desktop", 32), *(tray_image(state) for state in TrayState)]
    except (OSError, ValueError) as exc:
        return Check("icons", False, str(exc))
    if any(image.isNull() for image in rendered):
        return Check("icons", False, "an icon rendered as an empty image")
    return Check("icons", True, f"{len(rendered)} icons render ({icons_dir()})")


def _translation_checks() -> list[Check]:
    """Our catalogue for each language, and Qt's own where the app installs it."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from vega_desktop.ui.i18n import CATALOGUE, LANGUAGES, translations_dir

    folder = str(translations_dir())
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    checks = []
    for language in LANGUAGES:
        loaded: list[str] = []
        missing: list[str] = []
        wanted = [(f"{CATALOGUE}_{language}", folder)]
        if language != "en":  # as ui.i18n: Qt's catalogue for English is its source text
            wanted.append((f"qtbase_{language}", qt_folder))
        for name, where in wanted:
            translator = QTranslator()
            if translator.load(name, where) and not translator.isEmpty():
                loaded.append(Path(translator.filePath()).name)
            else:
                missing.append(f"{name} not in {where}")
        detail = ", ".join(loaded + missing)
        checks.append(Check(f"translation {language}", not missing, detail))
    return checks


def _multimedia_check() -> Check:
    """The FFmpeg backend of QtMultimedia (the recording player) is among Qt's plugins."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    backends = sorted(p.name for p in folder.glob("*ffmpeg*")) if folder.is_dir() else []
    if not backends:
        return Check("multimedia", False, f"no FFmpeg backend in {folder}")
    return Check("multimedia", True, f"FFmpeg backend ({', '.join(backends)})")


async def _keyring_check() -> Check:
    """The backend keyring chose, as the app would use it (a secure one, or a failure)."""
    from vega_desktop.core.secrets import KeyringSecretStore, SecretStoreError

    try:
        name = await KeyringSecretStore().backend_name()
    except SecretStoreError as exc:
        return Check("keyring", False, str(exc))
    except Exception as exc:  # keyring itself failed (a broken D-Bus, a backend's bug)
        return Check("keyring", False, f"keyring failed: {type(exc).__name__}: {exc}")
    return Check("keyring", True, name)


class DemoError(Exception):
    """The demo run went wrong; the message says how."""


class DemoRun:
    """``vega-desktop --demo`` in a child process, watched through its log (see the module)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ok = False
        self.detail = ""
        self.online_after: float | None = None
        self.popup_after: float | None = None
        self.exit_status: int | None = None
        self._log_text = ""
        self._offset = 0
        self._log: Path | None = None

    def check(self) -> Check:
        return Check("demo", self.ok, self.detail)

    def log_tail(self, lines: int = 20) -> list[str]:
        return self._log_text.splitlines()[-lines:]

    @staticmethod
    def argv() -> list[str]:
        """This very installation's front door: the bundle's executable, or ``python -m``."""
        if _frozen():
            return [sys.executable, "--demo"]
        return [sys.executable, "-m", "vega_desktop", "--demo"]

    @staticmethod
    def environment(home: Path) -> dict[str, str]:
        """Ours, with every folder of the app in ``home`` and no API key."""
        env = {k: v for k, v in os.environ.items() if k != "VEGA_API_KEY"}
        env.update(
            VEGA_CONFIG_DIR=str(home / "config"),
            VEGA_DATA_DIR=str(home / "data"),
            VEGA_LOG_DIR=str(home / "logs"),
            VEGA_CACHE_DIR=str(home / "cache"),
            VEGA_DEMO_TRAFFIC="0",  # only the test call: its popup is the one to wait for
        )
        no_display = not any(env.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and no_display and not env.get("QT_QPA_PLATFORM"):
            env["QT_QPA_PLATFORM"] = "offscreen"  # a server or CI: no screen to show a tray on
        return env

    async def run(self) -> DemoRun:
        """Start the app, take it through the run, stop it, and judge (:meth:`check`)."""
        with tempfile.TemporaryDirectory(prefix="vega-self-test-") as tmp:
            home = Path(tmp)
            self._log = home / "logs" / "vega-desktop.log"
            stderr_path = home / "stderr.txt"
            started = time.monotonic()
            with stderr_path.open("wb") as stderr:
                process = await asyncio.create_subprocess_exec(
                    *self.argv(),
                    env=self.environment(home),
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=stderr,
                )
            problem = ""
            try:
                await self._drive(process, started)
            except DemoError as exc:
                problem = str(exc)
            finally:
                if process.returncode is None:
                    process.kill()
                    await process.wait()
            ran = time.monotonic() - started
            self._read_log()
            stderr_text = stderr_path.read_text(encoding="utf-8", errors="replace")
        self._judge(problem, stderr_text, ran)
        return self

    async def _drive(self, process: asyncio.subprocess.Process, started: float) -> None:
        from vega_desktop.demo import DEMO_OPERATOR_EXT

        listening = await self._wait_for(process, _LISTENING, ONLINE_TIMEOUT, "the demo PBX")
        url = listening["url"]
        await self._wait_for(process, _ONLINE, ONLINE_TIMEOUT, "the app to be online")
        self.online_after = time.monotonic() - started

        call_started = time.monotonic()
        call = {"direction": "incoming", "number": TEST_CALLER, "ext": DEMO_OPERATOR_EXT}
        uuid = str((await self._control(url, "/_control/calls", call))["uuid"])
        await self._wait_for(process, _POPUP, POPUP_TIMEOUT, f"the popup of call {uuid}", uuid)
        self.popup_after = time.monotonic() - call_started
        await self._control(url, f"/_control/calls/{uuid}/end", {})

        remaining = self.seconds - (time.monotonic() - started)
        if remaining > 0:
            await asyncio.sleep(remaining)
        if process.returncode is not None:
            raise DemoError(f"the app exited by itself with status {process.returncode}")
        await self._stop(process)

    async def _wait_for(
        self,
        process: asyncio.subprocess.Process,
        pattern: re.Pattern[str],
        limit: float,
        what: str,
        uuid: str | None = None,
    ) -> dict[str, str]:
        """The first match of ``pattern`` in the app's log (for ``uuid``, when given)."""
        deadline = time.monotonic() + limit
        while process.returncode is None:
            self._read_log()
            for match in pattern.finditer(self._log_text):
                if uuid is None or match["uuid"] == uuid:
                    return match.groupdict()
            if time.monotonic() > deadline:
                raise DemoError(f"timed out after {limit:.0f} s waiting for {what}")
            await asyncio.sleep(POLL_INTERVAL)
        raise DemoError(f"the app exited with status {process.returncode} before {what}")

    @staticmethod
    async def _control(url: str, path: str, body: dict[str, str]) -> dict[str, object]:
        """A request to the demo PBX's control interface (a test call, its end)."""
        import httpx

        try:
            async with httpx.AsyncClient(base_url=url, timeout=10) as client:
                response = await client.post(path, json=body)
                response.raise_for_status()
                answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise DemoError(f"the demo PBX did not answer {path}: {exc}") from exc
        if not isinstance(answer, dict):
            raise DemoError(f"the demo PBX answered {path} with {answer!r}")
        return answer

    async def _stop(self, process: asyncio.subprocess.Process) -> None:
        if sys.platform == "win32":
            process.terminate()  # TerminateProcess: Windows has no gentler request to quit
        else:
            process.send_signal(signal.SIGTERM)
        try:
            self.exit_status = await asyncio.wait_for(process.wait(), EXIT_TIMEOUT)
        except TimeoutError:
            raise DemoError(f"the app did not quit within {EXIT_TIMEOUT:.0f} s") from None
        if sys.platform != "win32" and self.exit_status != 0:
            raise DemoError(f"the app quit with status {self.exit_status}")

    def _read_log(self) -> None:
        assert self._log is not None
        with contextlib.suppress(FileNotFoundError), self._log.open("rb") as fh:
            fh.seek(self._offset)
            data = fh.read()
            cut = data.rfind(b"\n") + 1  # whole lines only: the app may be writing one
            self._offset += cut
            self._log_text += data[:cut].decode("utf-8", errors="replace")

    def _judge(self, problem: str, stderr_text: str, ran: float) -> None:
        if not problem and _TRACEBACK in self._log_text + stderr_text:
            problem = "a traceback in the app's log or stderr"
        if not problem and (error := _PROBLEM.search(self._log_text)):
            problem = f"an error in the app's log: {error[0]}"
        if not problem and sys.platform != "win32" and not _STOPPED.search(self._log_text):
            problem = "the app did not log that it stopped"
        self.ok = not problem
        if problem:
            self.detail = problem
            return
        self.detail = (
            f"online after {self.online_after:.1f} s, a test call's popup after "
            f"{self.popup_after:.1f} s, ran {ran:.1f} s, "
            + ("ended (Windows)" if sys.platform == "win32" else "quit on SIGTERM with status 0")
        )
