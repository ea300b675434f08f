"""Where the PBX API key lives: behind a small :class:`SecretStore` interface.

- :class:`KeyringSecretStore`: the system keyring (Secret Service, KWallet, macOS Keychain,
  Windows Credential Locker) through the ``keyring`` package, service ``vega-desktop``, username
  = the PBX domain. Every keyring call runs in a worker thread (``asyncio.to_thread``): an unlock
  prompt must not freeze the GUI. When keyring has no secure backend (only its ``fail`` backend,
  the ``null`` backend, or a ``keyrings.alt`` file) it raises :class:`NoKeyringBackend` — there is
  never a plaintext fallback.
- :class:`EnvSecretStore`: ``VEGA_API_KEY`` from the environment, read-only (scripts, CI).
- :class:`KeyResolver`: the environment first, then the keyring.

No message, log line or ``repr`` here ever contains a key.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final, Protocol, TypeVar, runtime_checkable

__all__ = [
    "API_KEY_ENV",
    "KEYRING_SERVICE",
    "EnvSecretStore",
    "KeyResolver",
    "KeySource",
    "KeyringSecretStore",
    "NoKeyringBackend",
    "ResolvedKey",
    "SecretStore",
    "SecretStoreError",
    "check_keyring_backend",
]

_log = logging.getLogger(__name__)

KEYRING_SERVICE: Final = "vega-desktop"
API_KEY_ENV: Final = "VEGA_API_KEY"

_T = TypeVar("_T")

# Backends that would keep the key in plain sight, or not at all.
_INSECURE_MODULES: Final = ("keyring.backends.fail", "keyring.backends.null")
_INSECURE_PACKAGES: Final = ("keyrings.alt",)


class SecretStoreError(Exception):
    """The secret store failed. The message never contains the key."""


class NoKeyringBackend(SecretStoreError):  # noqa: N818 - the name the design uses
    """No secure keyring is available, and vega-desktop will not store the key in a file."""


@runtime_checkable
class SecretStore(Protocol):
    """Keeps one API key per PBX domain."""

    async def get(self, domain: str) -> str | None: ...

    async def set(self, domain: str, key: str) -> None: ...

    async def delete(self, domain: str) -> None: ...


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_secure(backend: object) -> bool:
    module = type(backend).__module__
    if module in _INSECURE_MODULES:
        return False
    return not any(module == p or module.startswith(p + ".") for p in _INSECURE_PACKAGES)


def _no_backend(detail: str) -> NoKeyringBackend:
    return NoKeyringBackend(
        f"no secure keyring is available ({detail}); unlock or install a keyring service "
        "(GNOME Keyring, KWallet, macOS Keychain, Windows Credential Locker), "
        f"or set {API_KEY_ENV} for this process"
    )


def check_keyring_backend(backend: Any) -> Any:
    """The backend to use for ``backend`` (keyring's active one), or :class:`NoKeyringBackend`.

    A chainer is narrowed to its best secure member, so a failing Secret Service can never fall
    through to a plaintext file further down the chain.
    """
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        secure = [b for b in backend.backends if _is_secure(b)]
        if not secure:
            names = ", ".join(_backend_name(b) for b in backend.backends) or "nothing to chain"
            raise _no_backend(f"keyring backend chain: {names}")
        return secure[0]
    if not _is_secure(backend):
        raise _no_backend(f"keyring backend: {_backend_name(backend)}")
    return backend


def _check_domain(domain: str) -> str:
    domain = domain.strip().lower()
    if not domain:
        raise ValueError("a PBX domain is required")
    return domain


class KeyringSecretStore:
    """The API key in the system keyring: service ``vega-desktop``, username = the domain.

    ``backend`` pins a keyring backend object (tests); by default keyring's active backend is
    looked up on every call, so a keyring configured after start-up is honoured.
    """

    def __init__(self, backend: Any = None, *, service: str = KEYRING_SERVICE) -> None:
        self._backend = backend
        self._service = service

    def __repr__(self) -> str:
        return f"KeyringSecretStore(service={self._service!r})"

    def backend(self) -> Any:
        """The secure backend in use (blocking: keyring may probe D-Bus). Raises
        :class:`NoKeyringBackend`."""
        import keyring

        return check_keyring_backend(
            self._backend if self._backend is not None else keyring.get_keyring()
        )

    async def backend_name(self) -> str:
        return _backend_name(await asyncio.to_thread(self.backend))

    async def get(self, domain: str) -> str | None:
        domain = _check_domain(domain)

        def call(backend: Any) -> str | None:
            value = backend.get_password(self._service, domain)
            return value if isinstance(value, str) and value else None

        return await self._run("read", call)

    async def set(self, domain: str, key: str) -> None:
        domain = _check_domain(domain)
        if not key:
            raise ValueError("refusing to store an empty key")

        def call(backend: Any) -> None:
            backend.set_password(self._service, domain, key)

        await self._run("store", call)

    async def delete(self, domain: str) -> None:
        """Remove the key for ``domain``; nothing stored is not an error."""
        domain = _check_domain(domain)
        from keyring.errors import PasswordDeleteError

        def call(backend: Any) -> None:
            try:
                backend.delete_password(self._service, domain)
            except PasswordDeleteError:
                _log.debug("keyring: nothing stored for %s", domain)

        await self._run("delete", call)

    async def _run(self, what: str, call: Callable[[Any], _T]) -> _T:
        def work() -> _T:
            backend = self.backend()
            return call(backend)

        try:
            return await asyncio.to_thread(work)
        except SecretStoreError:
            raise
        except Exception as exc:  # a backend may raise anything (D-Bus, OS, its own errors)
            # The cause is dropped on purpose: a backend's exception could quote its arguments.
            raise SecretStoreError(
                f"could not {what} the key in the keyring: {_describe(exc)}"
            ) from None


def _describe(exc: Exception) -> str:
    from keyring.errors import KeyringLocked, NoKeyringError

    if isinstance(exc, KeyringLocked):
        return "the keyring is locked (the unlock prompt was dismissed)"
    if isinstance(exc, NoKeyringError):
        return "no keyring backend"
    return type(exc).__name__


class EnvSecretStore:
    """``VEGA_API_KEY`` from the environment: the same key for every domain, read-only."""

    def __init__(self, environ: Mapping[str, str] | None = None, *, var: str = API_KEY_ENV) -> None:
        self._environ = environ
        self._var = var

    def __repr__(self) -> str:
        return f"EnvSecretStore(var={self._var!r})"

    @property
    def var(self) -> str:
        return self._var

    def _value(self) -> str | None:
        environ = self._environ if self._environ is not None else os.environ
        value = environ.get(self._var, "").strip()
        return value or None

    async def get(self, domain: str) -> str | None:
        return self._value()

    async def set(self, domain: str, key: str) -> None:
        raise SecretStoreError(f"{self._var} is read-only; change it in the environment")

    async def delete(self, domain: str) -> None:
        raise SecretStoreError(f"{self._var} is read-only; unset it in the environment")


class KeySource(StrEnum):
    ENV = "env"
    KEYRING = "keyring"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    """A key and where it came from. The key is left out of ``repr``."""

    source: KeySource
    key: str | None = field(default=None, repr=False)


class KeyResolver:
    """Finds the key for a domain: ``VEGA_API_KEY`` first, then the keyring."""

    def __init__(
        self, env: SecretStore | None = None, keyring_store: SecretStore | None = None
    ) -> None:
        self.env = env if env is not None else EnvSecretStore()
        self.keyring = keyring_store if keyring_store is not None else KeyringSecretStore()

    async def resolve(self, domain: str) -> ResolvedKey:
        """The key and its source; ``KeySource.NONE`` when neither has one. Raises
        :class:`NoKeyringBackend` / :class:`SecretStoreError` only when the environment has no
        key and the keyring cannot be read."""
        key = await self.env.get(domain)
        if key:
            return ResolvedKey(KeySource.ENV, key)
        key = await self.keyring.get(domain)
        if key:
            return ResolvedKey(KeySource.KEYRING, key)
        return ResolvedKey(KeySource.NONE)
