"""A real, private Secret Service for keyring tests: dbus-daemon + gnome-keyring-daemon.

:func:`start_secret_service` makes a temporary HOME and XDG_RUNTIME_DIR (mode 700), starts a
session bus listening on a socket inside that runtime dir, then starts
``gnome-keyring-daemon --foreground --unlock --components=secrets`` on it with a password on
stdin (the "login" collection is created and unlocked with it, so nothing ever prompts), and waits
until ``org.freedesktop.secrets`` is owned on the bus. :meth:`SecretService.stop` ends both
processes (only those two, by their pids) and removes the folders.

Nothing here touches the developer's own session bus or keyring: both daemons get an
environment whose HOME, XDG_* and DBUS_SESSION_BUS_ADDRESS point into the temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

REQUIRED_PROGRAMS = ("dbus-daemon", "gnome-keyring-daemon", "secret-tool")
INSTALL_HINT = (
    "a real Secret Service is needed for the keyring tests: install the Debian packages "
    "gnome-keyring, dbus-x11 and libsecret-tools (apt-get install -y --no-install-recommends "
    "gnome-keyring dbus-x11 libsecret-tools)"
)
SECRETS_BUS_NAME = "org.freedesktop.secrets"
UNLOCK_PASSWORD = "vega-desktop-tests"  # protects only a throwaway keyring in a temp folder


class SecretServiceError(RuntimeError):
    """The private Secret Service could not be started."""


@dataclass
class SecretService:
    root: Path
    home: Path
    runtime_dir: Path
    address: str
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        """End the keyring daemon, then the bus (only the processes started here)."""
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)
        self.processes.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def lookup(self, service: str, username: str) -> str | None:
        """What ``secret-tool lookup`` finds (keyring's SecretService attributes)."""
        result = subprocess.run(
            ["secret-tool", "lookup", "service", service, "username", username],
            env=self.env,
            capture_output=True,
            timeout=20,
            check=False,
        )
        if result.returncode != 0:
            return None
        return result.stdout.decode()


def missing_programs() -> list[str]:
    return [name for name in REQUIRED_PROGRAMS if shutil.which(name) is None]


def _name_has_owner(address: str, name: str) -> bool:
    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    with contextlib.closing(open_dbus_connection(address)) as conn:
        reply = conn.send_and_get_reply(new_method_call(bus, "NameHasOwner", "s", (name,)))
    return bool(reply.body[0])


def _read_log(path: Path) -> str:
    try:
        return path.read_text(errors="replace").strip()[-2000:]
    except OSError:
        return ""


def start_secret_service(timeout: float = 20.0) -> SecretService:
    missing = missing_programs()
    if missing:
        raise SecretServiceError(f"{', '.join(missing)} not found; {INSTALL_HINT}")
    root = Path(tempfile.mkdtemp(prefix="vega-secret-service-"))
    home = root / "home"
    runtime_dir = root / "run"
    for folder in (home, runtime_dir):
        folder.mkdir(mode=0o700)
        folder.chmod(0o700)
    socket_path = runtime_dir / "bus"
    address = f"unix:path={socket_path}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "XDG_", "GNOME_KEYRING", "SSH_AUTH"))
        and key not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    env.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime_dir),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        DBUS_SESSION_BUS_ADDRESS=address,
    )
    service = SecretService(root, home, runtime_dir, address, env)
    try:
        bus_log = root / "dbus.log"
        with bus_log.open("wb") as log:
            bus = subprocess.Popen(
                ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address={address}"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        service.processes.append(bus)
        _wait(lambda: socket_path.exists(), timeout, "the D-Bus socket", bus, bus_log)

        keyring_log = root / "gnome-keyring.log"
        with keyring_log.open("wb") as log:
            daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                env=env,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        service.processes.append(daemon)
        assert daemon.stdin is not None
        daemon.stdin.write(UNLOCK_PASSWORD.encode())
        daemon.stdin.close()
        _wait(
            lambda: _name_has_owner(address, SECRETS_BUS_NAME),
            timeout,
            f"{SECRETS_BUS_NAME} on the private bus",
            daemon,
            keyring_log,
        )
    except BaseException:
        service.stop()
        raise
    return service


def _wait(
    ready: Callable[[], bool],
    timeout: float,
    what: str,
    proc: subprocess.Popen[bytes],
    log: Path,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SecretServiceError(
                f"{proc.args[0]} exited with {proc.returncode} before {what} was ready: "
                f"{_read_log(log)}"
            )
        with contextlib.suppress(Exception):
            if ready():
                return
        time.sleep(0.05)
    raise SecretServiceError(f"timed out waiting for {what}: {_read_log(log)}")
