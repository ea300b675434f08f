"""Serve a simulated PBX over a real socket: in a background thread, or in the foreground.

:class:`DemoServer` runs uvicorn in a daemon thread with its own event loop; ``start()`` returns
once the socket is listening, ``stop()`` shuts down cleanly (connections closed, the traffic
task cancelled, the loop closed, the thread joined). :func:`serve` runs in the foreground until
Ctrl+C, for ``vega-desktop demo-server`` and ``python -m vega_desktop.demo``.

uvicorn is configured not to touch the process's logging (``log_config=None``), to speak plain
HTTP/1.1 through h11, and to skip websockets and lifespan, none of which the PBX needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import sys
import threading
import time
from types import TracebackType
from typing import TextIO

import uvicorn

from vega_desktop.demo.pbx import DEMO_API_KEY, DEMO_DOMAIN, SimulatedPbx
from vega_desktop.demo.server import DemoApp
from vega_desktop.demo.traffic import TrafficDriver


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that name their protocol,
    # and without it every small answer waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _config(app: DemoApp, *, access_log: bool = False) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http="h11",
        ws="none",
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=access_log,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=2,
    )


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _driver_for(pbx: SimulatedPbx, traffic: TrafficDriver | bool) -> TrafficDriver | None:
    if isinstance(traffic, TrafficDriver):
        return traffic
    return TrafficDriver(pbx, random.Random(pbx.seed)) if traffic else None


class DemoServer:
    """uvicorn serving ``pbx`` on ``host:port`` (0: any free port) in a daemon thread.

    ``traffic``: True to run a :class:`TrafficDriver` on the server's loop, or a driver to run.
    """

    def __init__(
        self,
        pbx: SimulatedPbx,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        traffic: TrafficDriver | bool = False,
    ) -> None:
        self.pbx = pbx
        self.host = host
        self.port = port
        self.traffic = _driver_for(pbx, traffic)
        self._app = DemoApp(pbx)
        self._server: uvicorn.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (the real port once started)."""
        return _url(self.host, self.port)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> DemoServer:
        """Bind, start serving in the background, and return once it is listening."""
        if self._thread is not None:
            raise RuntimeError("DemoServer already started")
        sock = _bind(self.host, self.port)
        self.port = int(sock.getsockname()[1])
        server = self._server = uvicorn.Server(_config(self._app))
        self._thread = threading.Thread(
            target=self._run, args=(sock,), name=f"vega-demo-pbx:{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                error = self._error
                self.stop()
                sock.close()
                raise RuntimeError(f"the demo PBX did not start on {self.url}") from error
            time.sleep(0.005)
        return self

    def _run(self, sock: socket.socket) -> None:
        try:
            asyncio.run(self._main(sock))
        except BaseException as exc:  # reported by start(); the thread must not die loudly
            self._error = exc
        finally:
            sock.close()

    async def _main(self, sock: socket.socket) -> None:
        assert self._server is not None
        server = self._server
        self._loop = asyncio.get_running_loop()
        driver = None
        if self.traffic is not None:
            driver = asyncio.create_task(self.traffic.run(), name="vega-demo-traffic")
        try:
            await server.serve(sockets=[sock])
        finally:
            if driver is not None:
                driver.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await driver

    def stop(self, timeout: float = 10.0) -> None:
        """Shut down and join the thread (idempotent)."""
        thread, server = self._thread, self._server
        if thread is None or server is None:
            return
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in the meantime
                loop.call_soon_threadsafe(self._app.end_stalls)
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        self._thread = None
        self._loop = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"DemoServer({self.url}, running={self.running})"


def serve(
    host: str = "127.0.0.1",
    port: int = 8123,
    *,
    traffic: bool = True,
    seed: int = 1,
    pbx: SimulatedPbx | None = None,
    out: TextIO | None = None,
) -> None:
    """Run a demo PBX in the foreground until interrupted, printing how to connect to it."""
    pbx = pbx or SimulatedPbx(seed=seed)
    out = out or sys.stdout
    sock = _bind(host, port)
    bound = int(sock.getsockname()[1])
    print(f"Vega demo PBX listening on {_url(host, bound)}", file=out)
    print(f"  domain:  {pbx.domain}", file=out)
    print(
        f"  API key: {DEMO_API_KEY if pbx.domain == DEMO_DOMAIN else '(as configured)'}", file=out
    )
    print(f"  live call traffic: {'on' if traffic else 'off'}; Ctrl+C to stop", file=out)
    out.flush()
    server = uvicorn.Server(_config(DemoApp(pbx), access_log=True))
    driver = _driver_for(pbx, traffic)

    async def main() -> None:
        task = asyncio.create_task(driver.run()) if driver is not None else None
        try:
            await server.serve(sockets=[sock])
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
