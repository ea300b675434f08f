"""One running app per user: a second launch hands its request to the first and exits.

The first instance listens on a :class:`QLocalServer` (a Unix socket, a Windows named pipe)
whose name is private to the user and the configuration folder, so two users on one machine, or
two test runs with their own ``VEGA_CONFIG_DIR``, never meet. A later launch connects, writes
one JSON line — ``{"action": "dial", "number": "+380…"}`` for a ``tel:``/``callto:`` link or
``{"action": "show"}`` — waits for ``ok`` and exits with status 0.

A socket left behind by a crashed instance answers nobody; :meth:`SingleInstance.listen` removes
it and takes over.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

__all__ = [
    "InstanceRequest",
    "SingleInstance",
    "parse_link",
    "request_from_url",
    "send_request",
    "server_name",
]

_log = logging.getLogger("vega_desktop.ui.single_instance")

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


def send_request(name: str, request: InstanceRequest, *, timeout_ms: int = 1500) -> bool:
    """Deliver ``request`` to a running instance; ``False`` when none is listening.

    Blocking (it runs before the event loop exists, in the second launch only).
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(QByteArray(request.to_line()))
        if not socket.waitForBytesWritten(timeout_ms):
            _log.warning("the running instance did not take the request")
            return False
        # the first instance answers "ok" once it has read the request
        if not socket.waitForReadyRead(timeout_ms):
            _log.warning("the running instance did not acknowledge the request")
            return False
        return bytes(socket.readAll().data()).startswith(b"ok")
    finally:
        socket.disconnectFromServer()
        socket.close()


class SingleInstance(QObject):
    """The listening side: emits :attr:`request_received` for each request of a later launch."""

    request_received = Signal(object)  # InstanceRequest

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def send(self, request: InstanceRequest, *, timeout_ms: int = 1500) -> bool:
        """Hand ``request`` to an instance already running under this name."""
        return send_request(self.name, request, timeout_ms=timeout_ms)

    def listen(self) -> bool:
        """Start listening; a stale socket of a crashed instance is removed first."""
        if self._server.isListening():
            return True
        if self._server.listen(self.name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.name)
            if self._server.listen(self.name):
                _log.info("took over a stale single-instance socket")
                return True
        _log.warning("single-instance server not started: %s", self._server.errorString())
        return False

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        for socket in list(self._buffers):
            socket.abort()
        self._buffers.clear()
        self._server.close()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._on_ready_read(socket)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer.extend(bytes(socket.readAll().data()))
        if len(buffer) > MAX_MESSAGE:
            _log.warning("single-instance request too long; dropped")
            socket.abort()
            return
        while b"\n" in buffer:
            line, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            request = InstanceRequest.from_line(line)
            socket.write(QByteArray(b"ok\n" if request is not None else b"error\n"))
            socket.flush()
            if request is None:
                _log.warning("ignored a malformed single-instance request")
                continue
            _log.info("request from a second launch: %s", request.action)
            self.request_received.emit(request)
