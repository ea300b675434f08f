"""Linux (XDG) desktop integration for one user: the applications-menu entry, its icon, the
AppStream metainfo, the ``tel:``/``callto:`` handler, and the entry that starts the app at login.

What goes where (``$XDG_DATA_HOME`` is ``~/.local/share`` and ``$XDG_CONFIG_HOME`` is
``~/.config`` unless set)::

    $XDG_DATA_HOME/applications/vega-desktop.desktop            install() / uninstall()
    $XDG_DATA_HOME/icons/hicolor/scalable/apps/vega-desktop.svg
    $XDG_DATA_HOME/metainfo/ua.vega.desktop.metainfo.xml
    $XDG_CONFIG_HOME/mimeapps.list                              tel: and callto: (xdg-mime)
    $XDG_CONFIG_HOME/autostart/vega-desktop.desktop             Autostart (Settings)

The files come from the package data ``vega_desktop.resources/linux`` (laid out like
``share/``), where a pip install and the frozen bundle both carry them. Both entries are made
from the packaged ``vega-desktop.desktop``, with ``Exec`` and ``TryExec`` naming this
installation's program by its absolute path (:func:`launch_command`), quoted as the Desktop Entry
Specification says (:func:`exec_value`). The desktop id, ``vega-desktop.desktop``, is the name
the running app gives Qt (``QGuiApplication.desktopFileName``), so window managers match its
windows to the entry.

The handler is registered with ``xdg-mime default``; the menu and icon caches are refreshed with
``update-desktop-database`` and ``gtk-update-icon-cache`` when those exist. Nothing here uses Qt.
"""

from __future__ import annotations

import errno
import importlib.resources
import logging
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "APP_ID",
    "DESKTOP_ID",
    "HANDLED_TYPES",
    "ICON_NAME",
    "Autostart",
    "DesktopIntegrationError",
    "Installed",
    "MissingToolError",
    "Removed",
    "XdgDirs",
    "autostart_entry",
    "autostart_supported",
    "exec_value",
    "install",
    "launch_command",
    "menu_entry",
    "query_default",
    "quote_exec_arg",
    "uninstall",
]

_log = logging.getLogger(__name__)

APP_ID: Final = "ua.vega.desktop"
"""The AppStream component id (and the macOS bundle id)."""
DESKTOP_ID: Final = "vega-desktop.desktop"
ICON_NAME: Final = "vega-desktop"
SCRIPT_NAME: Final = "vega-desktop"
HANDLED_TYPES: Final = ("x-scheme-handler/tel", "x-scheme-handler/callto")

METAINFO_FILE: Final = f"{APP_ID}.metainfo.xml"
ICON_PATH: Final = ("icons", "hicolor", "scalable", "apps", f"{ICON_NAME}.svg")
_MAIN_GROUP: Final = "Desktop Entry"
_MIMEAPPS_GROUPS: Final = ("Default Applications", "Added Associations")
# Characters that make an Exec argument need quotes (Desktop Entry Specification, "The Exec key").
_RESERVED: Final = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_KEY_LINE: Final = re.compile(r"^([A-Za-z0-9-]+)(\[[^\]]*\])?[ \t]*=[ \t]*(.*)$")
_TOOL_TIMEOUT: Final = 30.0


class DesktopIntegrationError(OSError):
    """The desktop integration could not be done; the message says why, for the user."""

    def __init__(self, message: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingToolError(DesktopIntegrationError):
    """A program the step needs (``xdg-mime``) is not installed."""

    def __init__(self, tool: str, package: str) -> None:
        super().__init__(f"{tool} was not found (it comes with {package})", errno.ENOENT)
        self.tool = tool
        self.package = package


def autostart_supported(platform: str = sys.platform) -> bool:
    """Whether this system uses XDG desktop entries (Linux and the BSDs)."""
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


# --- the folders -------------------------------------------------------------------------------


def _absolute(value: str | None) -> Path | None:
    """An XDG base directory variable: only an absolute path counts (the spec ignores others)."""
    if value is None or not value.strip():
        return None
    path = Path(value.strip())
    return path if path.is_absolute() else None


@dataclass(frozen=True, slots=True)
class XdgDirs:
    """The XDG base directories the integration writes to (and the system ones it reads)."""

    data_home: Path
    config_home: Path
    config_dirs: tuple[Path, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> XdgDirs:
        env = os.environ if environ is None else environ
        home = _absolute(env.get("HOME")) or Path.home()
        system = tuple(
            path
            for part in env.get("XDG_CONFIG_DIRS", "").split(":")
            if (path := _absolute(part)) is not None
        )
        return cls(
            data_home=_absolute(env.get("XDG_DATA_HOME")) or home / ".local" / "share",
            config_home=_absolute(env.get("XDG_CONFIG_HOME")) or home / ".config",
            config_dirs=system or (Path("/etc/xdg"),),
        )

    @property
    def applications(self) -> Path:
        return self.data_home / "applications"

    @property
    def hicolor(self) -> Path:
        return self.data_home / "icons" / "hicolor"

    @property
    def metainfo(self) -> Path:
        return self.data_home / "metainfo"

    @property
    def autostart(self) -> Path:
        return self.config_home / "autostart"

    @property
    def mimeapps_lists(self) -> tuple[Path, ...]:
        """Where a default application can be set for this user: the current file and the
        deprecated one under applications/."""
        return (self.config_home / "mimeapps.list", self.applications / "mimeapps.list")

    def tool_env(self) -> dict[str, str]:
        """The environment for xdg-utils and the cache tools: these folders, whatever the
        process's own variables say."""
        env = dict(os.environ)
        env["XDG_DATA_HOME"] = str(self.data_home)
        env["XDG_CONFIG_HOME"] = str(self.config_home)
        return env


# --- the command and the Exec line -------------------------------------------------------------


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def launch_command(
    executable: str | None = None, *, frozen: bool | None = None, search_path: str | None = None
) -> list[str]:
    """How a desktop entry starts this installation of vega-desktop, as absolute paths.

    A frozen bundle starts its own executable. Otherwise the ``vega-desktop`` script that pip
    put next to the interpreter (a virtual environment's ``bin``) or in the interpreter's
    scripts folders (``~/.local/bin`` for ``pip install --user``), then the one on ``PATH``
    (``search_path``), and failing those the interpreter itself with ``-m vega_desktop``.
    ``executable`` stands for :data:`sys.executable`; given, only its own folder is searched.
    """
    program = executable if executable is not None else sys.executable
    if not program:
        raise DesktopIntegrationError("cannot tell which program runs vega-desktop")
    # abspath, not resolve(): a virtual environment's python is a symlink that must stay one.
    program = os.path.abspath(program)
    if frozen if frozen is not None else bool(getattr(sys, "frozen", False)):
        return [program]
    folders = [Path(program).parent]
    if executable is None:
        folders.append(Path(sysconfig.get_path("scripts")))
        user_scheme = f"{os.name}_user"
        if user_scheme in sysconfig.get_scheme_names():
            folders.append(Path(sysconfig.get_path("scripts", user_scheme)))
    for folder in folders:
        script = folder / SCRIPT_NAME
        if _runnable(script):
            return [os.path.abspath(script)]
    found = shutil.which(SCRIPT_NAME, path=search_path)
    if found:
        return [os.path.abspath(found)]
    return [program, "-m", "vega_desktop"]


def _check_writable(text: str) -> None:
    """A desktop entry is UTF-8 text of one line per key: refuse what it cannot hold."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise DesktopIntegrationError(
            f"{text!r} contains a control character and cannot go into a desktop entry"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DesktopIntegrationError(
            f"{text!r} is not valid UTF-8 and cannot go into a desktop entry"
        ) from None


def quote_exec_arg(arg: str) -> str:
    """One argument of an ``Exec`` line: in double quotes (with ``"`$\\`` escaped by a
    backslash) when it holds a reserved character, and ``%`` doubled."""
    _check_writable(arg)
    if not arg or not _RESERVED.isdisjoint(arg):
        arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
    return arg.replace("%", "%%")


def exec_value(command: Sequence[str], field_code: str | None = None) -> str:
    """The ``Exec`` value for ``command`` (before the key file's own escaping), with a field code
    such as ``%u`` (the URL being opened) at the end."""
    if not command:
        raise DesktopIntegrationError("no command to put in a desktop entry")
    words = [quote_exec_arg(arg) for arg in command]
    if field_code:
        words.append(field_code)
    return " ".join(words)


def _escape(value: str) -> str:
    """A string value in a key file: a backslash is written twice."""
    _check_writable(value)
    return value.replace("\\", "\\\\")


# --- the entries ---------------------------------------------------------------------------------


def _resource(*parts: str) -> bytes:
    root = importlib.resources.files("vega_desktop.resources").joinpath("linux")
    return root.joinpath(*parts).read_bytes()


def packaged_entry() -> str:
    """The desktop entry as packaged (``Exec=vega-desktop %u``), for distributions."""
    return _resource("applications", DESKTOP_ID).decode("utf-8")


def render_entry(template: str, updates: Mapping[str, str | None]) -> str:
    """``template`` with keys of its ``[Desktop Entry]`` group set (a value, already escaped) or
    removed (``None``, with their translations); new keys go at the end of the group."""
    out: list[str] = []
    group: str | None = None
    done: set[str] = set()

    def add_missing() -> None:
        at = len(out)
        while at > 0 and not out[at - 1].strip():
            at -= 1
        missing = [
            f"{key}={value}"
            for key, value in updates.items()
            if value is not None and key not in done
        ]
        out[at:at] = missing
        done.update(updates)

    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            if group == _MAIN_GROUP:
                add_missing()
            group = stripped[1:-1]
        elif group == _MAIN_GROUP and (match := _KEY_LINE.match(line)):
            key, locale = match.group(1), match.group(2)
            if key in updates:
                value = updates[key]
                if value is not None and not locale and key not in done:
                    out.append(f"{key}={value}")
                    done.add(key)
                continue
        out.append(line)
    if group == _MAIN_GROUP:
        add_missing()
    return "\n".join(out) + "\n"


def _program_keys(command: Sequence[str], field_code: str | None) -> dict[str, str | None]:
    return {
        "Exec": _escape(exec_value(command, field_code)),
        "TryExec": _escape(command[0]),
    }


def menu_entry(command: Sequence[str]) -> str:
    """The applications-menu entry: opens ``tel:``/``callto:`` links given as ``%u``."""
    return render_entry(packaged_entry(), _program_keys(command, "%u"))


def autostart_entry(command: Sequence[str], *, hidden: bool = False) -> str:
    """The login entry: the same program with no link, and no MIME types (it is not a handler).

    ``hidden`` makes the entry that switches off a system-wide login entry of the same name."""
    updates = _program_keys(command, None)
    updates["MimeType"] = None
    updates["X-GNOME-Autostart-enabled"] = "false" if hidden else "true"
    if hidden:
        updates["Hidden"] = "true"
    return render_entry(packaged_entry(), updates)


def read_entry(path: Path) -> dict[str, str] | None:
    """The untranslated keys of the ``[Desktop Entry]`` group of ``path``; ``None`` when there is
    no such file (or it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        _log.warning("cannot read %s: %s", path, exc)
        return None
    keys: dict[str, str] = {}
    group: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            group = stripped[1:-1]
        elif group == _MAIN_GROUP and (match := _KEY_LINE.match(line)) and not match.group(2):
            keys.setdefault(match.group(1), match.group(3).strip())
    return keys


# --- files ---------------------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    """Write ``path`` whole or not at all (a temporary name no menu would pick up, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_text(path: Path, text: str) -> Path:
    return _write(path, text.encode("utf-8"))


# --- start at login ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Autostart:
    """The login entry ``vega-desktop.desktop`` in ``folder`` (``$XDG_CONFIG_HOME/autostart``).

    ``system_folders`` are the autostart folders of ``$XDG_CONFIG_DIRS``: an entry there (from a
    distribution or an administrator) starts the app too, unless the user's entry of the same
    name hides it, which is how :meth:`disable` switches it off."""

    folder: Path
    system_folders: tuple[Path, ...] = ()

    @staticmethod
    def default() -> Autostart:
        dirs = XdgDirs.from_env()
        return Autostart(dirs.autostart, tuple(d / "autostart" for d in dirs.config_dirs))

    @property
    def path(self) -> Path:
        return self.folder / DESKTOP_ID

    def _system_entry(self) -> Path | None:
        return next(
            (f / DESKTOP_ID for f in self.system_folders if (f / DESKTOP_ID).is_file()), None
        )

    def enabled(self) -> bool:
        """Whether the app starts at login: the user's entry, or else a system one, exists and
        is neither ``Hidden`` nor switched off (``X-GNOME-Autostart-enabled=false``)."""
        for candidate in (self.path, self._system_entry()):
            keys = read_entry(candidate) if candidate is not None else None
            if keys is not None:
                return (
                    keys.get("Hidden", "false") != "true"
                    and keys.get("X-GNOME-Autostart-enabled", "true") != "false"
                )
        return False

    def enable(self, command: Sequence[str] | None = None) -> None:
        _write_text(self.path, autostart_entry(command or launch_command()))

    def disable(self) -> None:
        if self._system_entry() is not None:
            _write_text(self.path, autostart_entry(launch_command(), hidden=True))
        else:
            self.path.unlink(missing_ok=True)

    def apply(self, on: bool) -> None:
        if on:
            self.enable()
        else:
            self.disable()

    def refresh(self, command: Sequence[str]) -> bool:
        """Point the user's login entry, when it is on, at ``command``; whether it was."""
        if self.path.is_file() and self.enabled():
            self.enable(command)
            return True
        return False


# --- install and uninstall -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Installed:
    command: tuple[str, ...]
    files: tuple[Path, ...]
    handler_for: tuple[str, ...]
    """The MIME types (``x-scheme-handler/tel``, …) the app now opens by default."""
    autostart_updated: bool
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Removed:
    files: tuple[Path, ...]
    handler_for: tuple[str, ...]
    """The MIME types the app was the default application for, and no longer is."""
    warnings: tuple[str, ...]


def _run(argv: Sequence[str], dirs: XdgDirs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a fixed program found by shutil.which, fixed arguments
        list(argv),
        env=dirs.tool_env(),
        capture_output=True,
        text=True,
        timeout=_TOOL_TIMEOUT,
        check=False,
    )


def _refresh(argv: Sequence[str], dirs: XdgDirs) -> str | None:
    """Run a cache tool if it exists; a warning when it fails, nothing when it is absent."""
    tool = shutil.which(argv[0])
    if tool is None:
        _log.debug("%s is not installed; its cache is not refreshed", argv[0])
        return None
    try:
        done = _run([tool, *argv[1:]], dirs)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{argv[0]} failed: {exc}"
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout).split()) or f"exit {done.returncode}"
        return f"{argv[0]} failed: {detail}"
    return None


def _refresh_caches(dirs: XdgDirs) -> list[str]:
    warnings: list[str] = []
    if dirs.applications.is_dir():
        problem = _refresh(["update-desktop-database", "--quiet", str(dirs.applications)], dirs)
        if problem:
            warnings.append(problem)
    if dirs.hicolor.is_dir():
        # Touching the theme folder tells icon caches that it changed (Icon Theme Specification);
        # a cache file already there is rebuilt, none is created.
        os.utime(dirs.hicolor)
        if (dirs.hicolor / "icon-theme.cache").is_file():
            icon_cache = ["gtk-update-icon-cache", "--quiet", "--force", "--ignore-theme-index"]
            problem = _refresh([*icon_cache, str(dirs.hicolor)], dirs)
            if problem:
                warnings.append(problem)
    return warnings


def query_default(mime_type: str, dirs: XdgDirs | None = None) -> str | None:
    """The desktop id ``xdg-mime`` reports as the default for ``mime_type``; ``None`` when there
    is none or xdg-mime is missing."""
    dirs = dirs or XdgDirs.from_env()
    tool = shutil.which("xdg-mime")
    if tool is None:
        return None
    try:
        done = _run([tool, "query", "default", mime_type], dirs)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _log.warning("xdg-mime query failed: %s", exc)
        return None
    answer = done.stdout.strip().splitlines()
    return answer[0].strip() if done.returncode == 0 and answer and answer[0].strip() else None


def install(
    dirs: XdgDirs | None = None,
    command: Sequence[str] | None = None,
    *,
    register_handler: bool = True,
) -> Installed:
    """Install the menu entry, icon and metainfo for this user; make the app the default for
    ``tel:`` and ``callto:`` links (``register_handler``, needs ``xdg-mime``); refresh the caches;
    and, when the app starts at login, point that entry at the same program.

    Raises :class:`MissingToolError` (before writing anything) when xdg-mime is needed and missing,
    :class:`DesktopIntegrationError` when it fails, :class:`OSError` when a file cannot be
    written."""
    dirs = dirs or XdgDirs.from_env()
    xdg_mime = shutil.which("xdg-mime") if register_handler else None
    if register_handler and xdg_mime is None:
        raise MissingToolError("xdg-mime", "xdg-utils")
    program = tuple(command or launch_command())
    entry = menu_entry(program)  # refuses a command a desktop entry cannot hold, first

    files = (
        _write_text(dirs.applications / DESKTOP_ID, entry),
        _write(dirs.data_home.joinpath(*ICON_PATH), _resource(*ICON_PATH)),
        _write(dirs.metainfo / METAINFO_FILE, _resource("metainfo", METAINFO_FILE)),
    )
    warnings = _refresh_caches(dirs)
    autostart = Autostart(dirs.autostart, tuple(d / "autostart" for d in dirs.config_dirs))
    autostart_updated = autostart.refresh(program)

    handled: list[str] = []
    if xdg_mime is not None:
        try:
            done = _run([xdg_mime, "default", DESKTOP_ID, *HANDLED_TYPES], dirs)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DesktopIntegrationError(f"xdg-mime failed: {exc}") from exc
        if done.returncode != 0:
            detail = " ".join((done.stderr or done.stdout).split()) or f"exit {done.returncode}"
            raise DesktopIntegrationError(
                f"xdg-mime could not make {DESKTOP_ID} the default for tel: and callto: links: "
                f"{detail}"
            )
        for mime_type in HANDLED_TYPES:
            current = query_default(mime_type, dirs)
            if current == DESKTOP_ID:
                handled.append(mime_type)
            else:
                warnings.append(
                    f"{mime_type} links still open with {current or 'no application'}; "
                    "this desktop keeps its own choice (see its default-applications settings)"
                )
    return Installed(
        command=program,
        files=files,
        handler_for=tuple(handled),
        autostart_updated=autostart_updated,
        warnings=tuple(warnings),
    )


def _forget_handler(path: Path) -> set[str]:
    """Take ``vega-desktop.desktop`` out of a ``mimeapps.list``; the MIME types it was in."""
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        return set()
    changed: set[str] = set()
    out: list[str] = []
    group: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            group = stripped[1:-1]
        elif group in _MIMEAPPS_GROUPS and "=" in line:
            mime_type, _, value = line.partition("=")
            ids = [part.strip() for part in value.split(";") if part.strip()]
            if DESKTOP_ID in ids:
                changed.add(mime_type.strip())
                rest = [i for i in ids if i != DESKTOP_ID]
                if rest:
                    out.append(f"{mime_type}={';'.join(rest)};")
                continue
        out.append(line)
    if changed:
        _write(path, ("\n".join(out) + "\n").encode("utf-8", errors="surrogateescape"))
    return changed


def uninstall(dirs: XdgDirs | None = None) -> Removed:
    """Remove what :func:`install` added: the three files and the default-application entries
    naming ``vega-desktop.desktop``; refresh the caches. The login entry is left to Settings
    (its ``TryExec`` keeps it from starting a program that is gone)."""
    dirs = dirs or XdgDirs.from_env()
    removed: list[Path] = []
    for path in (
        dirs.applications / DESKTOP_ID,
        dirs.data_home.joinpath(*ICON_PATH),
        dirs.metainfo / METAINFO_FILE,
    ):
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    types: set[str] = set()
    for mimeapps in dirs.mimeapps_lists:
        types |= _forget_handler(mimeapps)
    warnings = _refresh_caches(dirs)
    return Removed(files=tuple(removed), handler_for=_ordered(types), warnings=tuple(warnings))


def _ordered(types: Iterable[str]) -> tuple[str, ...]:
    known = [t for t in HANDLED_TYPES if t in types]
    return (*known, *sorted(set(types) - set(known)))
