"""Fixtures for the CLI tests: an in-memory keyring by default, a real Secret Service for tests
marked ``keyring``, and the simulated PBX in process or on a loopback socket."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx
import keyring
import keyring.backend
import keyring.core
import pytest
from keyring.backends import SecretService as SecretServiceBackend

from tests.cli.fakes import MemoryKeyring
from tests.cli.helpers import KEY
from tests.cli.secret_service import SecretService, SecretServiceError, start_secret_service
from vega_desktop import cli
from vega_desktop.demo import DemoServer, SimulatedPbx, create_app


def _redetect_keyring() -> None:
    """Make keyring choose its backend again from the current environment, as a fresh process
    would (keyring caches both the list of viable backends and the chosen one)."""
    with contextlib.suppress(KeyError):  # KeyError: never computed yet
        keyring.backend.get_all_keyring.reset()
    keyring.core.init_backend()


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    """Every CLI test gets a fresh in-memory keyring, so none can reach the developer's own;
    tests marked ``keyring`` use the real Secret Service instead."""
    if request.node.get_closest_marker("keyring") is not None:
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def secret_service_daemon() -> Iterator[SecretService]:
    """A private D-Bus session with gnome-keyring's Secret Service, for the whole run.

    Fails (does not skip) when the programs are missing: CI installs them."""
    try:
        service = start_secret_service()
    except SecretServiceError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def secret_service(secret_service_daemon: SecretService) -> Iterator[SecretService]:
    """Point this process at the private Secret Service and let keyring detect it."""
    service = secret_service_daemon
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DBUS_SESSION_BUS_ADDRESS", service.address)
        # keyring reads its own config (keyringrc.cfg) from here; keep the developer's out.
        mp.setenv("XDG_CONFIG_HOME", service.env["XDG_CONFIG_HOME"])
        mp.delenv("PYTHON_KEYRING_BACKEND", raising=False)
        _redetect_keyring()
        try:
            active = keyring.get_keyring()
            assert isinstance(active, SecretServiceBackend.Keyring), (
                f"keyring chose {active!r} instead of the Secret Service"
            )
            yield service
        finally:
            mp.undo()
            _redetect_keyring()


@pytest.fixture
def pbx() -> SimulatedPbx:
    """A simulated PBX with a distinctive key (tests/cli/helpers.KEY)."""
    return SimulatedPbx(seed=7, api_key=KEY)


@pytest.fixture
def inproc(pbx: SimulatedPbx, monkeypatch: pytest.MonkeyPatch) -> SimulatedPbx:
    """The CLI talks to ``pbx`` in process (httpx.ASGITransport), with VEGA_API_KEY set."""
    app = create_app(pbx)
    monkeypatch.setattr(cli, "_transport_factory", lambda: httpx.ASGITransport(app=app))
    monkeypatch.setenv("VEGA_API_KEY", KEY)
    return pbx


@pytest.fixture
def live(pbx: SimulatedPbx) -> Iterator[str]:
    """``pbx`` served on a real loopback socket; yields its base URL."""
    with DemoServer(pbx, port=0) as server:
        yield server.url
