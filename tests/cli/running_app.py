"""A stand-in for the running desktop app: a plain AF_UNIX server at the single-instance socket
address that records each request line and answers it (``ok`` by default)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from types import TracebackType

from vega_desktop.core import paths
from vega_desktop.core.instance import InstanceRequest, server_name, socket_address


class FakeRunningApp:
    """Listens at ``address`` (default: where this configuration's app would) in a thread."""

    def __init__(self, address: str | None = None, *, answer: bytes | None = b"ok\n") -> None:
        self.address = address or socket_address(server_name(paths.config_dir()))
        self.answer = answer  # None: read the request and never answer
        self.lines: list[bytes] = []
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.settimeout(0.05)
        self._thread = threading.Thread(target=self._serve, name="fake-running-app", daemon=True)

    @property
    def requests(self) -> list[InstanceRequest | None]:
        return [InstanceRequest.from_line(line) for line in self.lines]

    def __enter__(self) -> FakeRunningApp:
        self._server.bind(self.address)
        self._server.listen(4)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(5)
        self._server.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.address)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                data = b""
                with contextlib.suppress(OSError):
                    while b"\n" not in data:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                self.lines.append(data.split(b"\n", 1)[0])
                if self.answer is None:
                    self._stop.wait(5)  # hold the connection, answer nothing
                else:
                    with contextlib.suppress(OSError):
                        conn.sendall(self.answer)
