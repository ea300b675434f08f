"""One running app per user: the protocol a later launch speaks to the first one, without Qt.

The running app listens on a local socket (:mod:`vega_desktop.ui.single_instance`, a
``QLocalServer``) whose name, :func:`server_name`, is private to the user and the configuration
folder. A later launch connects, writes one JSON line — ``{"action": "dial", "number": "+380…"}``
or ``{"action": "show"}`` — and waits for the answer ``ok``. Lines longer than
:data:`MAX_MESSAGE` bytes are refused.

:func:`send_to_running_app` is that later launch written with Python's :mod:`socket`, for the
command line (which never imports Qt). It must find the socket where ``QLocalServer`` puts it for
a plain name (:func:`socket_address`):

* Unix: ``QDir::tempPath() + "/" + name`` — ``$TMPDIR`` when set and not empty, else ``/tmp``,
  made absolute and cleaned, symlinks kept (checked against PySide6 6.11). On macOS without
  ``$TMPDIR`` Qt would ask the system for its temporary folder; a login session always sets
  ``$TMPDIR`` there, so the fallback ``/tmp`` only matters for stripped environments.
* Windows: the named pipe ``\\\\.\\pipe\\<name>``.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from vega_desktop.core import paths

__all__ = [
    "MAX_MESSAGE",
    "HandOver",
    "InstanceRequest",
    "hand_over",
    "parse_link",
    "request_from_url",
    "send_to_running_app",
    "server_name",
    "socket_address",
]

_log = logging.getLogger("vega_desktop.core.instance")

MAX_MESSAGE = 4096
_LINK = re.compile(r"^\s*(tel|callto|sip)\s*:\s*(?://)?(.*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class InstanceRequest:
    """What a second launch asks the running app to do."""

    action: str  # "show" or "dial"
    number: str = ""

    def to_line(self) -> bytes:
        data: dict[str, str] = {"action": self.action}
        if self.number:
            data["number"] = self.number
        return json.dumps(data, ensure_ascii=False).encode() + b"\n"

    @staticmethod
    def from_line(line: bytes) -> InstanceRequest | None:
        try:
            data: Any = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        action = data.get("action")
        number = data.get("number", "")
        if action == "show":
            return InstanceRequest("show")
        if action == "dial" and isinstance(number, str) and number.strip():
            return InstanceRequest("dial", number.strip()[:64])
        return None


def parse_link(url: str) -> str | None:
    """The number in a ``tel:``/``callto:`` link (``tel:+380-44-…;ext=1`` → ``+380-44-…``)."""
    match = _LINK.match(url)
    if match is None:
        return None
    number = unquote(match.group(2)).split(";", 1)[0].split("?", 1)[0].strip()
    return number or None


def request_from_url(url: str | None) -> InstanceRequest:
    """The request for a command-line URL: dial its number, or just show the app."""
    number = parse_link(url) if url else None
    if number is None and url and re.fullmatch(r"[\s\d+()\-.]{3,}", url):
        number = url.strip()  # a bare number is accepted too
    return InstanceRequest("dial", number) if number else InstanceRequest("show")


def server_name(config_dir: Path, user: str | None = None) -> str:
    """A local-socket name private to this user and configuration folder."""
    if user is None:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (containers)
            user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    safe_user = re.sub(r"[^A-Za-z0-9_.-]", "_", user)[:32]
    digest = hashlib.sha256(str(config_dir.expanduser().resolve()).encode()).hexdigest()[:12]
    return f"vega-desktop-{safe_user}-{digest}"


def socket_address(name: str) -> str:
    """Where ``QLocalServer.listen(name)`` listens: a socket file, or a Windows named pipe."""
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}"
    return os.path.join(os.path.abspath(os.environ.get("TMPDIR") or "/tmp"), name)  # noqa: S108


class HandOver(Enum):
    """How handing a request to the running app went."""

    DELIVERED = "delivered"  # the app answered ok
    NOBODY = "nobody"  # no app listening, or it refused: the caller may do the work itself
    UNCONFIRMED = "unconfirmed"  # the app has the request but did not confirm it in time


class _UnconfirmedError(TimeoutError):
    """The request went out, and no answer came back in time."""


def hand_over(
    request: InstanceRequest, timeout: float = 1.0, *, name: str | None = None
) -> HandOver:
    """Hand ``request`` to the running app, and say how it went.

    ``name`` defaults to this user's and configuration folder's :func:`server_name`. Never an
    exception; failures are logged at DEBUG. :attr:`HandOver.UNCONFIRMED` means the app may
    still act on the request (a busy app answers late), so doing the work as well could do it
    twice: a dial would ring two calls.
    """
    address = socket_address(name or server_name(paths.config_dir()))
    line = request.to_line()
    if len(line) > MAX_MESSAGE:
        _log.debug("request too long for the running app")
        return HandOver.NOBODY
    try:
        if sys.platform == "win32":
            answer = _exchange_pipe(address, line, timeout)
        else:
            answer = _exchange_unix(address, line, timeout)
    except _UnconfirmedError:
        _log.debug("the running app at %s did not answer in time", address)
        return HandOver.UNCONFIRMED
    except (OSError, TimeoutError) as exc:
        _log.debug("no running app at %s: %s", address, exc)
        return HandOver.NOBODY
    if not answer.startswith(b"ok"):
        _log.debug("the running app did not accept the request: %r", answer[:32])
        return HandOver.NOBODY
    return HandOver.DELIVERED


def send_to_running_app(
    request: InstanceRequest, timeout: float = 1.0, *, name: str | None = None
) -> bool:
    """Hand ``request`` to the running app; ``True`` once it has answered ``ok``."""
    return hand_over(request, timeout, name=name) is HandOver.DELIVERED


def _exchange_unix(address: str, line: bytes, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(address)
        sock.sendall(line)
        answer = b""
        while b"\n" not in answer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _UnconfirmedError("no answer in time")
            sock.settimeout(remaining)
            try:
                chunk = sock.recv(64)
            except TimeoutError:
                raise _UnconfirmedError("no answer in time") from None
            if not chunk:
                break
            answer += chunk
        return answer


def _exchange_pipe(address: str, line: bytes, timeout: float) -> bytes:
    """The Windows client: a blocking pipe, so the exchange runs in a thread that may be left
    behind (as a daemon) when the app does not answer in time."""
    result: list[bytes] = []
    errors: list[OSError] = []
    sent = threading.Event()

    def exchange() -> None:
        try:
            with open(address, "r+b", buffering=0) as pipe:
                pipe.write(line)
                sent.set()
                result.append(pipe.read(64) or b"")
        except OSError as exc:
            errors.append(exc)

    worker = threading.Thread(target=exchange, name="vega-instance-pipe", daemon=True)
    worker.start()
    worker.join(timeout)
    if errors:
        raise errors[0]
    if not result:
        raise _UnconfirmedError("no answer in time") if sent.is_set() else TimeoutError("no pipe")
    return result[0]
