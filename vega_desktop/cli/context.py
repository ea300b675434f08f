"""What a command runs with: the parsed arguments, the output, the saved settings, the account
(domain, server, extension) they add up to, its API key, and a client for the PBX."""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx

from vega_desktop.api import VegaClient
from vega_desktop.cli.errors import EXIT_AUTH, CliError, usage
from vega_desktop.cli.output import Output
from vega_desktop.core.logsetup import register_secret, unregister_secret
from vega_desktop.core.secrets import API_KEY_ENV, KeyResolver, KeySource
from vega_desktop.core.settings import Settings, SettingsStore

_DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})*$")
_EXT = re.compile(r"^\d{1,8}$")

# Keys seen by this run of main(), redacted from logs and error lines until it returns.
_protected: set[str] = set()


def forget_secrets() -> None:
    """Stop redacting the keys this run has seen (``main`` calls it on the way out)."""
    while _protected:
        unregister_secret(_protected.pop())


@dataclass(frozen=True, slots=True)
class Account:
    """The PBX and the extension a command works with."""

    domain: str
    server: str | None
    ext: str | None
    region: str


@dataclass
class Context:
    """Everything a command runs with; ``main`` makes one a run."""

    args: argparse.Namespace
    out: Output
    store: SettingsStore
    settings: Settings
    resolver: KeyResolver
    # the transport of every client: ``None`` is the network (tests pass an in-process PBX)
    transport: Callable[[], httpx.AsyncBaseTransport | None]

    def protect(self, key: str) -> str:
        """Redact ``key`` from log records and error lines until :func:`main` returns."""
        register_secret(key)
        _protected.add(key)
        return key

    def account(self) -> Account:
        domain = check_domain(self.args.domain) if self.args.domain else self.settings.domain
        if domain is None:
            raise CliError(
                "no PBX domain: log in first ('vega-desktop --domain DOMAIN login') "
                "or pass --domain",
                EXIT_AUTH,
            )
        return self.account_on(domain)

    def account_on(self, domain: str) -> Account:
        """The account on ``domain``: server and extension from the options, else the saved
        ones (the saved server only for the saved domain)."""
        if self.args.server:
            server: str | None = check_server(self.args.server)
        elif domain == self.settings.domain:
            server = self.settings.server
        else:
            server = None
        ext = check_ext(self.args.ext) if self.args.ext else self.settings.ext
        return Account(domain, server, ext, self.settings.region)

    async def key(self, account: Account) -> tuple[str, KeySource]:
        resolved = await self.resolver.resolve(account.domain)
        if resolved.key is None:
            raise CliError(
                f"no API key for {account.domain}: run 'vega-desktop login' or set {API_KEY_ENV}",
                EXIT_AUTH,
            )
        return self.protect(resolved.key), resolved.source

    @contextlib.asynccontextmanager
    async def client(self, account: Account | None = None) -> AsyncIterator[VegaClient]:
        account = account or self.account()
        key, _ = await self.key(account)
        async with self.make_client(account, key) as client:
            yield client

    def make_client(self, account: Account, key: str) -> VegaClient:
        return VegaClient(
            domain=account.domain,
            api_key=key,
            server=account.server,
            transport=self.transport(),
            region=account.region,
        )


def check_domain(text: str) -> str:
    domain = text.strip().lower().rstrip(".")
    if "://" in domain or "/" in domain:
        raise usage(
            f"--domain takes a host name like acme.pbx.vega.ua, not a URL ({text!r}); "
            "use --server for a URL"
        )
    if not _DOMAIN.match(domain):
        raise usage(f"not a valid PBX domain: {text!r}")
    return domain


def check_server(text: str) -> str:
    server = text.strip().rstrip("/")
    try:
        url = httpx.URL(server)
    except (httpx.InvalidURL, TypeError):
        raise usage(f"not a valid server URL: {text!r}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise usage(f"--server must be an http:// or https:// URL, not {text!r}")
    if url.userinfo or url.query:
        raise usage("--server must not contain credentials or a query string")
    return server


def check_ext(text: str) -> str:
    ext = text.strip()
    if not _EXT.match(ext):
        raise usage(f"not an extension (digits only): {text!r}")
    return ext
