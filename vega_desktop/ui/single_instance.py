"""One running app per user: a second launch hands its request to the first and exits.

The first instance listens on a :class:`QLocalServer` (a Unix socket, a Windows named pipe)
whose name is private to the user and the configuration folder, so two users on one machine, or
two test runs with their own ``VEGA_CONFIG_DIR``, never meet. A later launch connects, writes
one JSON line — ``{"action": "dial", "number": "+380…"}`` for a ``tel:``/``callto:`` link or
``{"action": "show"}`` — waits for ``ok`` and exits with status 0.

A socket left behind by a crashed instance answers nobody; :meth:`SingleInstance.listen` removes
it and takes over.

On macOS a ``tel:``/``callto:`` link never reaches the command line: the system sends the app an
"open URL" event, which Qt delivers to the ``QApplication`` as a ``QFileOpenEvent``.
:class:`LinkEvents` turns those into the same requests.

The Qt-free half — the request, the server name, and a client for the command line — lives in
:mod:`vega_desktop.core.instance`; its names are importable from here too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QObject, Signal, Slot
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from vega_desktop.core.instance import (
    MAX_MESSAGE,
    InstanceRequest,
    parse_link,
    request_from_url,
    server_name,
)

__all__ = [
    "MAX_MESSAGE",
    "InstanceRequest",
    "LinkEvents",
    "SingleInstance",
    "parse_link",
    "request_from_url",
    "send_request",
    "server_name",
]

_log = logging.getLogger("vega_desktop.ui.single_instance")


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

    @property
    def address(self) -> str:
        """Where it listens (a socket file, a named pipe); empty when not listening."""
        return self._server.fullServerName()

    def close(self) -> None:
        for socket in list(self._buffers):
            socket.abort()
        self._buffers.clear()
        self._server.close()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            # Slots are methods, not lambdas holding ``self``: a lambda kept alive by a socket's
            # connection would keep this object alive, and release it (deleting the server and
            # the socket with it) while the socket is being destroyed.
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(self._on_socket_disconnected)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_ready_read(socket)

    @Slot()
    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._on_ready_read(socket)

    @Slot()
    def _on_socket_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._buffers.pop(socket, None)

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


class LinkEvents(QObject):
    """``tel:``/``callto:`` links handed over as open-URL events, as :class:`InstanceRequest`.

    The app's ``QApplication`` passes its events to :meth:`eventFilter` (or install it as an
    event filter); each link becomes a ``request_received``, a document is left alone.
    """

    request_received = Signal(object)  # InstanceRequest

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        url = event.url().toString() or event.file()
        if parse_link(url) is None:
            return False  # a document, not a link: not ours
        request = request_from_url(url)
        _log.info("link opened by the system (%s)", request.action)
        self.request_received.emit(request)
        return True
