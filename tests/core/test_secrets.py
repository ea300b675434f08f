"""Secret stores: keyring through a worker thread, refusal of insecure backends, env, resolver."""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, KeyringLocked, PasswordDeleteError

from vega_desktop.core.secrets import (
    KEYRING_SERVICE,
    EnvSecretStore,
    KeyResolver,
    KeyringSecretStore,
    KeySource,
    NoKeyringBackend,
    ResolvedKey,
    SecretStore,
    SecretStoreError,
    check_keyring_backend,
)

KEY = "k3y-Th4t-mUst-n0t-l3ak"


class MemoryKeyring(KeyringBackend):
    """A keyring backend kept in memory."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.threads: set[int] = set()
        self.fail_with: Exception | None = None

    def _enter(self) -> None:
        self.threads.add(threading.get_ident())
        if self.fail_with is not None:
            raise self.fail_with

    def get_password(self, service: str, username: str) -> str | None:
        self._enter()
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._enter()
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._enter()
        try:
            del self.items[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


class AltPlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt's plaintext file backend."""


AltPlaintextKeyring.__module__ = "keyrings.alt.file"

# keyring registers every backend class for auto-detection; these must never be picked up by a
# later keyring.core.init_backend() (the Secret Service fixture runs one).
for _cls in (MemoryKeyring, AltPlaintextKeyring):
    KeyringBackend._classes.discard(_cls)  # type: ignore[attr-defined]


@pytest.fixture
def use_keyring() -> Iterator[Callable[[Any], None]]:
    """Set keyring's active backend for one test and put the previous one back."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def memory(use_keyring: Callable[[Any], None]) -> MemoryKeyring:
    backend = MemoryKeyring()
    use_keyring(backend)
    return backend


def test_keyring_round_trip_in_a_worker_thread(memory: MemoryKeyring) -> None:
    store = KeyringSecretStore()
    assert isinstance(store, SecretStore)

    async def scenario() -> None:
        assert await store.get("acme.pbx.vega.ua") is None
        await store.set("Acme.pbx.vega.ua", KEY)
        assert memory.items == {(KEYRING_SERVICE, "acme.pbx.vega.ua"): KEY}
        assert await store.get("acme.pbx.vega.ua") == KEY
        assert await store.get("other.pbx.vega.ua") is None
        await store.delete("acme.pbx.vega.ua")
        assert await store.get("acme.pbx.vega.ua") is None
        await store.delete("acme.pbx.vega.ua")  # nothing stored: not an error

    asyncio.run(scenario())
    assert memory.threads
    assert threading.get_ident() not in memory.threads
    assert KEY not in repr(store)


def test_pinned_backend_wins_over_the_active_one(use_keyring: Callable[[Any], None]) -> None:
    use_keyring(fail.Keyring())
    pinned = MemoryKeyring()
    store = KeyringSecretStore(pinned)
    asyncio.run(store.set("a.pbx.vega.ua", KEY))
    assert pinned.items[(KEYRING_SERVICE, "a.pbx.vega.ua")] == KEY


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), AltPlaintextKeyring()],
    ids=["fail", "null", "keyrings.alt"],
)
def test_insecure_backends_are_refused(use_keyring: Callable[[Any], None], backend: object) -> None:
    use_keyring(backend)
    store = KeyringSecretStore()
    for call in (store.get("a.pbx.vega.ua"), store.set("a.pbx.vega.ua", KEY)):
        with pytest.raises(NoKeyringBackend, match="no secure keyring") as info:
            asyncio.run(call)
        assert "VEGA_API_KEY" in str(info.value)
        assert KEY not in str(info.value)
    if isinstance(backend, MemoryKeyring):
        assert backend.items == {}  # nothing was written in plain text


def test_chainer_is_narrowed_to_its_secure_member(monkeypatch: pytest.MonkeyPatch) -> None:
    secure = MemoryKeyring()
    plaintext = AltPlaintextKeyring()
    monkeypatch.setattr(ChainerBackend, "backends", [secure, plaintext])
    assert check_keyring_backend(ChainerBackend()) is secure
    monkeypatch.setattr(ChainerBackend, "backends", [plaintext, fail.Keyring()])
    with pytest.raises(NoKeyringBackend, match="chain"):
        check_keyring_backend(ChainerBackend())
    monkeypatch.setattr(ChainerBackend, "backends", [])
    with pytest.raises(NoKeyringBackend, match="nothing to chain"):
        check_keyring_backend(ChainerBackend())


def test_a_failing_secure_backend_does_not_fall_through(
    monkeypatch: pytest.MonkeyPatch, use_keyring: Callable[[Any], None]
) -> None:
    secure = MemoryKeyring()
    secure.fail_with = KeyringError("dbus said no")
    plaintext = AltPlaintextKeyring()
    monkeypatch.setattr(ChainerBackend, "backends", [secure, plaintext])
    use_keyring(ChainerBackend())
    with pytest.raises(SecretStoreError):
        asyncio.run(KeyringSecretStore().set("a.pbx.vega.ua", KEY))
    assert plaintext.items == {}


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (KeyringError(f"backend failed for {KEY}"), "KeyringError"),
        (KeyringLocked("locked"), "locked"),
        (RuntimeError(f"D-Bus blew up with {KEY}"), "RuntimeError"),
        (OSError(5, f"I/O {KEY}"), "OSError"),
    ],
)
def test_backend_errors_are_wrapped_without_the_key(
    memory: MemoryKeyring, error: Exception, message: str
) -> None:
    memory.fail_with = error
    store = KeyringSecretStore()
    for call in (store.set("a.pbx.vega.ua", KEY), store.get("a.pbx.vega.ua")):
        with pytest.raises(SecretStoreError, match=message) as info:
            asyncio.run(call)
        assert type(info.value) is SecretStoreError
        assert KEY not in str(info.value)
        assert KEY not in "".join(traceback.format_exception(info.value))
        assert info.value.__cause__ is None


def test_bad_arguments(memory: MemoryKeyring) -> None:
    store = KeyringSecretStore()
    with pytest.raises(ValueError, match="domain"):
        asyncio.run(store.get("  "))
    with pytest.raises(ValueError, match="empty key"):
        asyncio.run(store.set("a.pbx.vega.ua", ""))


def test_backend_name(memory: MemoryKeyring) -> None:
    assert asyncio.run(KeyringSecretStore().backend_name()).endswith("MemoryKeyring")


def test_env_store_is_read_only() -> None:
    store = EnvSecretStore({"VEGA_API_KEY": f"  {KEY}\n"})
    assert asyncio.run(store.get("any.pbx.vega.ua")) == KEY
    assert asyncio.run(EnvSecretStore({}).get("x")) is None
    assert asyncio.run(EnvSecretStore({"VEGA_API_KEY": " "}).get("x")) is None
    with pytest.raises(SecretStoreError, match="read-only"):
        asyncio.run(store.set("x", "y"))
    with pytest.raises(SecretStoreError, match="read-only"):
        asyncio.run(store.delete("x"))
    assert KEY not in repr(store)


def test_env_store_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEGA_API_KEY", KEY)
    assert asyncio.run(EnvSecretStore().get("x")) == KEY


def test_resolver_prefers_env_then_keyring(memory: MemoryKeyring) -> None:
    memory.items[(KEYRING_SERVICE, "a.pbx.vega.ua")] = "from-keyring"
    keyring_store = KeyringSecretStore()

    got = asyncio.run(KeyResolver(EnvSecretStore({}), keyring_store).resolve("a.pbx.vega.ua"))
    assert got == ResolvedKey(KeySource.KEYRING, "from-keyring")
    assert "from-keyring" not in repr(got)

    env = EnvSecretStore({"VEGA_API_KEY": "from-env"})
    got = asyncio.run(KeyResolver(env, keyring_store).resolve("a.pbx.vega.ua"))
    assert got == ResolvedKey(KeySource.ENV, "from-env")

    got = asyncio.run(KeyResolver(EnvSecretStore({}), keyring_store).resolve("b.pbx.vega.ua"))
    assert got == ResolvedKey(KeySource.NONE, None)


def test_resolver_does_not_touch_a_broken_keyring_when_env_has_a_key(
    use_keyring: Callable[[Any], None],
) -> None:
    use_keyring(fail.Keyring())
    env = EnvSecretStore({"VEGA_API_KEY": "from-env"})
    assert asyncio.run(KeyResolver(env).resolve("a.pbx.vega.ua")).source is KeySource.ENV
    with pytest.raises(NoKeyringBackend):
        asyncio.run(KeyResolver(EnvSecretStore({})).resolve("a.pbx.vega.ua"))
