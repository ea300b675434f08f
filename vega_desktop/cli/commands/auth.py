"""``login``, ``logout`` and ``status``: the API key in the keyring, and whether the PBX
takes it."""

from __future__ import annotations

import asyncio
import dataclasses
import getpass
import os
import sys
from typing import Any

from vega_desktop.api import TransportError, VegaError
from vega_desktop.cli.context import Context, check_domain
from vega_desktop.cli.errors import EXIT_OK, CliError, describe, usage
from vega_desktop.core.secrets import API_KEY_ENV, KeyringSecretStore, KeySource, SecretStoreError


def cmd_login(ctx: Context) -> int:
    """Ask for the key (terminal) or read it (stdin), check it with the PBX, keep it in the
    keyring, and remember the domain, server and extension (never the key) in the settings.

    Synchronous on purpose: a prompt blocked in a worker thread would outlive Ctrl-C."""
    args, out = ctx.args, ctx.out
    domain_text = args.domain or ctx.settings.domain
    interactive = not args.stdin and sys.stdin.isatty()
    if not domain_text and interactive:
        # the prompt goes to stderr so that --json output stays clean
        sys.stderr.write("PBX domain (e.g. acme.pbx.vega.ua): ")
        sys.stderr.flush()
        domain_text = sys.stdin.readline().strip()
    if not domain_text:
        raise usage("login needs a PBX domain: vega-desktop --domain DOMAIN login")
    account = ctx.account_on(check_domain(domain_text))
    domain, server, ext = account.domain, account.server, account.ext

    store = ctx.resolver.keyring
    # Fail before asking for the key when it could not be kept anyway.
    backend = asyncio.run(store.backend_name()) if isinstance(store, KeyringSecretStore) else ""

    if interactive:
        key = getpass.getpass(f"API key for {domain} (input hidden): ")
    else:
        key = sys.stdin.readline()
    key = key.strip()
    if not key:
        raise usage("no API key given")
    ctx.protect(key)

    async def verify_and_store() -> None:
        async with ctx.make_client(account, key) as client:
            await client.authorize()
        await store.set(domain, key)

    asyncio.run(verify_and_store())
    ctx.store.save(dataclasses.replace(ctx.settings, domain=domain, server=server, ext=ext))
    if out.as_json:
        out.json({"domain": domain, "server": server, "ext": ext, "key_stored_in": "keyring"})
    else:
        where = f" ({backend})" if backend else ""
        out.line(f"Logged in to {domain}. The API key is stored in the system keyring{where}.")
    if os.environ.get(API_KEY_ENV):
        out.note(f"note: {API_KEY_ENV} is set and takes precedence over the keyring")
    return EXIT_OK


async def cmd_logout(ctx: Context) -> int:
    account = ctx.account()
    had_key = await ctx.resolver.keyring.get(account.domain) is not None
    await ctx.resolver.keyring.delete(account.domain)
    if ctx.out.as_json:
        ctx.out.json({"domain": account.domain, "removed": had_key})
    elif had_key:
        ctx.out.line(f"Removed the API key for {account.domain} from the keyring.")
    else:
        ctx.out.line(f"No API key for {account.domain} was stored in the keyring.")
    if os.environ.get(API_KEY_ENV):
        ctx.out.note(f"note: {API_KEY_ENV} is still set in this environment")
    return EXIT_OK


async def cmd_status(ctx: Context) -> int:
    account = ctx.account()
    out = ctx.out
    info: dict[str, Any] = {
        "domain": account.domain,
        "server": account.server or f"https://{account.domain}",
        "ext": account.ext,
        "key_source": KeySource.NONE.value,
        "reachable": False,
        "authorized": False,
        "active_calls": None,
        "error": None,
    }
    failure: BaseException | None = None
    try:
        key, source = await ctx.key(account)
        info["key_source"] = source.value
        async with ctx.make_client(account, key) as client:
            await client.authorize()
            info["reachable"] = info["authorized"] = True
            info["active_calls"] = len(await client.calls.active())
    except (CliError, VegaError, SecretStoreError) as exc:
        failure = exc
        info["error"] = describe(exc)
        if isinstance(exc, VegaError) and not isinstance(exc, TransportError):
            info["reachable"] = True
    if out.as_json:
        out.json(info)
    else:
        if info["active_calls"] is not None:
            connection = f"ok, {info['active_calls']} active call(s)"
        else:
            connection = f"failed: {info['error']}"
        rows = [
            ("domain", info["domain"]),
            ("server", info["server"]),
            ("extension", info["ext"] or "(not set)"),
            ("key", info["key_source"]),
            ("connection", connection),
        ]
        for label, value in rows:
            out.line(f"{label + ':':<12}{value}")
    if failure is not None:
        raise failure
    return EXIT_OK
