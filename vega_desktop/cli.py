"""The ``vega-desktop`` command: start the tray app, or run one PBX task from a shell or script.

``vega-desktop`` alone (or with a ``tel:``/``callto:`` link, or ``--demo``) starts the desktop app.
With a subcommand it does one thing and exits::

    vega-desktop --domain acme.pbx.vega.ua --ext 001 login     # key from the terminal or stdin
    vega-desktop status
    vega-desktop --json history --since 7d --direction in
    vega-desktop dial "+380 44 224 9895"

Global options go before the subcommand. Output is a plain table for people or, with ``--json``,
stable JSON for scripts (lists of objects, snake_case keys, ISO-8601 times, E.164 numbers).
A failure prints one line, ``vega-desktop: error: …``, on stderr (``-v`` adds details) and exits
with a code that tells its kind:

====  ==========================================================================
0     success
1     anything else (a file could not be written, an unexpected failure)
2     usage: a wrong option or value, a number that cannot be dialled
3     authorization: no key, the PBX refused the domain or key, not logged in
4     network: the PBX could not be reached, or the connection broke or timed out
5     the PBX failed or answered something invalid (5xx, 4xx, not found, bad data)
6     no secure keyring to keep the key in (or the keyring failed)
130   interrupted (Ctrl-C)
====  ==========================================================================

The API key is never taken from the command line, and never printed or logged. It comes from
``VEGA_API_KEY`` when set, otherwise from the system keyring (stored there by ``login``).
The CLI never imports Qt: every command runs with :func:`asyncio.run`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import getpass
import importlib
import json
import logging
import os
import re
import sys
import traceback
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, NoReturn, TextIO, TypeVar

import httpx

from vega_desktop import __version__
from vega_desktop.api import (
    ActiveCall,
    AuthError,
    BadRequest,
    Contact,
    Direction,
    Disposition,
    HistoryRecord,
    Leg,
    Note,
    NotFound,
    OtherLeg,
    ProtocolError,
    ServerError,
    SessionExpired,
    TransportError,
    User,
    VegaClient,
    VegaError,
)
from vega_desktop.api.phone import InvalidNumber, format_number, parse_dial_input
from vega_desktop.core.logsetup import RedactingFilter, redact, register_secret, unregister_secret
from vega_desktop.core.secrets import (
    API_KEY_ENV,
    KeyResolver,
    KeyringSecretStore,
    KeySource,
    SecretStoreError,
)
from vega_desktop.core.settings import Settings, SettingsError, SettingsStore
from vega_desktop.core.timespec import TimeWindow, parse_window

__all__ = [
    "EXIT_AUTH",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_KEYRING",
    "EXIT_NETWORK",
    "EXIT_OK",
    "EXIT_PBX",
    "EXIT_USAGE",
    "main",
]

PROG: Final = "vega-desktop"

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_USAGE: Final = 2
EXIT_AUTH: Final = 3
EXIT_NETWORK: Final = 4
EXIT_PBX: Final = 5
EXIT_KEYRING: Final = 6
EXIT_INTERRUPTED: Final = 130

_log = logging.getLogger(__name__)

# Keys seen by this run of main(), redacted from logs and error lines until it returns.
_protected: set[str] = set()

_T = TypeVar("_T")


def _network() -> httpx.AsyncBaseTransport | None:
    return None


# Tests replace this to reach an in-process PBX (an httpx transport); ``None`` = the network.
_transport_factory: Callable[[], httpx.AsyncBaseTransport | None] = _network

_URI_ARG = re.compile(r"^(?:tel|callto):", re.IGNORECASE)
# Options that would put the key in argv (and in shell history, `ps`, argparse's error text).
_KEY_OPTION = re.compile(
    r"^--?(?:api[-_]?key|key|apikey|token|secret|password)(?:=|$)", re.IGNORECASE
)
_DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})*$")
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)
_EXT = re.compile(r"^\d{1,8}$")

_DIRECTION_ARGS: Final = {
    "in": Direction.INCOMING,
    "out": Direction.OUTGOING,
    "internal": Direction.INTERNAL,
}
_DIRECTION_NAMES: Final = {
    Direction.INTERNAL: "internal",
    Direction.OUTGOING: "outgoing",
    Direction.INCOMING: "incoming",
    Direction.PAUSE_ON: "pause_on",
    Direction.PAUSE_OFF: "pause_off",
}
_DISPOSITION_NAMES: Final = {
    Disposition.ANSWERED: "answered",
    Disposition.NO_ANSWER: "no_answer",
    Disposition.CONGESTION: "congestion",
    Disposition.FAILED: "failed",
    Disposition.BUSY: "busy",
}


class CliError(Exception):
    """A failure with a message for the user and an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


def _usage(message: str) -> CliError:
    return CliError(message, EXIT_USAGE)


# --------------------------------------------------------------------------------------------
# argument parsing


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors become :class:`CliError` instead of ``sys.exit``."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise CliError(message, EXIT_USAGE)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _contact_limit(text: str) -> int:
    value = _positive_int(text)
    if value > 60:
        raise argparse.ArgumentTypeError("the PBX returns at most 60 contacts at a time")
    return value


def _id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an id (a whole number): {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"not an id (a whole number): {text!r}")
    return value


def _uuid(text: str) -> str:
    if not _UUID.match(text.strip()):
        raise argparse.ArgumentTypeError(
            f"not a call uuid (32 hex digits, dashes allowed): {text!r}"
        )
    return text.strip().replace("-", "").lower()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Desktop companion for the Vega cloud PBX. Without a command, starts the "
        "tray app; with one, runs it and exits.",
        epilog=f"The API key is read from {API_KEY_ENV} or the system keyring (see 'login'); "
        "it is never accepted as a command-line argument. Exit codes: 0 ok, 1 failure, "
        "2 usage, 3 authorization, 4 network, 5 PBX error, 6 keyring unavailable, "
        "130 interrupted.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--domain", help="PBX domain, e.g. acme.pbx.vega.ua (default: saved)")
    parser.add_argument(
        "--server", help="base URL instead of https://DOMAIN, e.g. http://127.0.0.1:8123"
    )
    parser.add_argument("--ext", help="your extension, e.g. 001 (default: saved)")
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more detail on stderr (-vv: debug)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="start the app against a built-in simulated PBX"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, allow_abbrev=False)

    p = add("login", "check an API key with the PBX and store it in the system keyring")
    p.add_argument(
        "--stdin", action="store_true", help="read the key from stdin even on a terminal"
    )
    add("logout", "remove the stored API key from the keyring")
    add("status", "show the account, where the key comes from, and whether the PBX answers")
    add("calls", "list active calls")

    p = add("dial", "call a number from your extension")
    p.add_argument("number", help="phone number (any common format) or an extension")
    p.add_argument("--ext", dest="dial_ext", help="extension to call from (default: --ext)")

    p = add("hangup", "end an active call")
    p.add_argument("uuid", type=_uuid, help="call uuid (see 'calls')")

    for name, text in (
        ("missed", "incoming calls that need a call-back"),
        ("history", "the company's call history"),
    ):
        p = add(name, text)
        span = p.add_mutually_exclusive_group()
        span.add_argument("--since", help="how far back: 90m, 24h (default), 7d, 2w")
        span.add_argument("--from", dest="time_from", help="start: YYYY-MM-DD[THH:MM] (local)")
        p.add_argument("--to", dest="time_to", help="end: YYYY-MM-DD[THH:MM] (default: now)")
        p.add_argument("--limit", type=_positive_int, help="show at most N calls")
        if name == "history":
            p.add_argument(
                "--direction",
                action="append",
                choices=sorted(_DIRECTION_ARGS),
                help="only these directions (repeatable)",
            )
            p.add_argument("--employee", metavar="EXT", help="only calls of this extension")

    add("users", "list the company's employees")

    contacts = add("contacts", "CRM teler contacts")
    csub = contacts.add_subparsers(
        dest="contacts_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    p = csub.add_parser("search", help="find contacts by text")
    p.add_argument("text")
    p.add_argument("--notes", action="store_true", help="search the contacts' notes instead")
    p.add_argument("--limit", type=_contact_limit, default=30, help="at most N (1–60, default 30)")
    p = csub.add_parser("show", help="show one contact")
    p.add_argument("contact_id", type=_id, metavar="ID")
    p = csub.add_parser("by-number", help="find contacts by phone number")
    p.add_argument("number")

    notes = add("notes", "notes on a contact")
    nsub = notes.add_subparsers(
        dest="notes_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    p = nsub.add_parser("list", help="list a contact's notes")
    p.add_argument("contact_id", type=_id, metavar="CONTACT_ID")
    p = nsub.add_parser("add", help="add a note (TEXT, or - to read it from stdin)")
    p.add_argument("contact_id", type=_id, metavar="CONTACT_ID")
    p.add_argument("text", metavar="TEXT")
    p = nsub.add_parser("edit", help="replace a note's text (TEXT, or - for stdin)")
    p.add_argument("contact_id", type=_id, metavar="CONTACT_ID")
    p.add_argument("note_id", type=_id, metavar="NOTE_ID")
    p.add_argument("text", metavar="TEXT")
    p = nsub.add_parser("delete", help="delete a note")
    p.add_argument("contact_id", type=_id, metavar="CONTACT_ID")
    p.add_argument("note_id", type=_id, metavar="NOTE_ID")

    p = add("recording", "download a call's recording")
    p.add_argument("uuid", type=_uuid, help="call uuid (see 'history')")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")

    p = add("demo-server", "run the simulated PBX (for trying the app and for tests)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8123)
    p.add_argument("--no-traffic", action="store_true", help="no simulated calls")
    p.add_argument("--seed", type=int, default=1, help="seed of the simulated company")
    return parser


def _split_app_link(argv: list[str]) -> tuple[list[str], str | None]:
    """Take a ``tel:``/``callto:`` link out of ``argv`` (a desktop handler passes one)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if _URI_ARG.match(arg):
            return [*argv[:index], *argv[index + 1 :]], arg
    return argv, None


# --------------------------------------------------------------------------------------------
# output


class Output:
    """Where results and messages go. JSON goes to stdout only; notes to stderr."""

    def __init__(self, *, as_json: bool, stdout: TextIO, stderr: TextIO) -> None:
        self.as_json = as_json
        self.stdout = stdout
        self.stderr = stderr

    def json(self, data: object) -> None:
        json.dump(data, self.stdout, ensure_ascii=False, indent=2)
        self.stdout.write("\n")

    def line(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def note(self, text: str) -> None:
        self.stderr.write(f"{PROG}: {text}\n")

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> None:
        body = [[_one_line(cell) for cell in row] for row in rows]
        if not body:
            self.line(empty)
            return
        widths = [len(h) for h in headers]
        for row in body:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
        for row in [list(headers), *body]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
            self.line("  ".join(cells).rstrip())


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:59] + "…"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment is not None else ""


def _secs(value: int | None) -> str:
    if value is None:
        return ""
    minutes, seconds = divmod(value, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def _num(number: str | None, region: str) -> str:
    return format_number(number, region) if number else ""


def _direction(direction: Direction) -> str:
    return _DIRECTION_NAMES.get(direction, str(int(direction)))


def _leg_json(leg: Leg | None) -> dict[str, object] | None:
    if leg is None:
        return None
    return {
        "id": leg.id,
        "ext": leg.ext,
        "display_name": leg.display_name,
        "type": leg.type.name.lower() if leg.type is not None else None,
    }


def _leg_text(leg: Leg | None) -> str:
    if leg is None:
        return ""
    return " ".join(part for part in (leg.ext, leg.display_name) if part)


def _other_leg_json(other: OtherLeg) -> dict[str, object]:
    return {
        "id": other.id,
        "name": other.name,
        "num": other.num,
        "company_name": other.company_name,
        "url": other.url,
        "priority": other.priority,
    }


def call_json(call: ActiveCall) -> dict[str, object]:
    return {
        "uuid": call.uuid,
        "parent_uuid": call.parent_uuid,
        "direction": _direction(call.direction),
        "state": "answered" if call.answered else "ringing",
        "last_event": str(call.last_event) if call.last_event is not None else None,
        "dial_at": _iso(call.dial_at),
        "bridge_at": _iso(call.bridge_at),
        "leg": _leg_json(call.leg),
        "leg2": _leg_json(call.leg2),
        "other_number": call.other_number,
        "other_legs": [_other_leg_json(o) for o in call.other_legs],
        "trunk_num": call.trunk_num,
        "trunk_name": call.trunk_name,
    }


def history_json(record: HistoryRecord) -> dict[str, object]:
    disposition = record.disposition
    return {
        "uuid": record.uuid,
        "parent_uuid": record.parent_uuid,
        "end_at": _iso(record.end_at),
        "direction": _direction(record.direction),
        "disposition": _DISPOSITION_NAMES.get(disposition) if disposition is not None else None,
        "other_number": record.other_leg_num,
        "other_name": record.other_leg_name,
        "leg": _leg_json(record.leg),
        "leg2": _leg_json(record.leg2),
        "bill_secs": record.bill_secs,
        "duration": record.duration,
        "transfer_history": list(record.transfer_history),
        "audio_url": record.audio_url,
        "trunks": list(record.trunks),
    }


def user_json(user: User) -> dict[str, object]:
    return {"id": user.id, "ext": user.ext, "display_name": user.display_name, "email": user.email}


def contact_json(contact: Contact) -> dict[str, object]:
    return {
        "id": contact.id,
        "display_name": contact.display_name,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "company": contact.company,
        "phones": list(contact.phones),
        "responsible_user_id": contact.responsible_user_id,
        "create_user_id": contact.create_user_id,
        "date_create": _iso(contact.date_create),
        "last_modified": _iso(contact.last_modified),
        "fields": [
            {
                "id": f.id,
                "code": f.enum_code,
                "values": [
                    {
                        "id": v.id,
                        "code": v.enum_value_code,
                        "value": v.value,
                        "last_modified": _iso(v.last_modified),
                    }
                    for v in f.values
                ],
            }
            for f in contact.fields
        ],
    }


def note_json(note: Note) -> dict[str, object]:
    return {
        "id": note.id,
        "contact_id": note.contact_id,
        "content": note.content,
        "date_create": _iso(note.date_create),
        "last_modified": _iso(note.last_modified),
        "responsible_user_id": note.responsible_user_id,
        "note_type": note.note_type,
        "call_uuid": note.uuid,
        "other_number": note.other_leg_num,
        "other_name": note.other_leg_name,
        "record_link": note.record_link,
    }


# --------------------------------------------------------------------------------------------
# the account: domain, server, extension, key


@dataclass(frozen=True, slots=True)
class Account:
    domain: str
    server: str | None
    ext: str | None
    region: str


@dataclass
class Context:
    args: argparse.Namespace
    out: Output
    store: SettingsStore
    settings: Settings
    resolver: KeyResolver

    def protect(self, key: str) -> str:
        """Redact ``key`` from log records and error lines until :func:`main` returns."""
        register_secret(key)
        _protected.add(key)
        return key

    def account(self) -> Account:
        domain = _check_domain(self.args.domain) if self.args.domain else self.settings.domain
        if domain is None:
            raise CliError(
                "no PBX domain: log in first ('vega-desktop --domain DOMAIN login') "
                "or pass --domain",
                EXIT_AUTH,
            )
        if self.args.server:
            server: str | None = _check_server(self.args.server)
        elif domain == self.settings.domain:
            server = self.settings.server
        else:
            server = None
        ext = _check_ext(self.args.ext) if self.args.ext else self.settings.ext
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
        async with _make_client(account, key) as client:
            yield client


def _make_client(account: Account, key: str) -> VegaClient:
    return VegaClient(
        domain=account.domain,
        api_key=key,
        server=account.server,
        transport=_transport_factory(),
        region=account.region,
    )


def _check_domain(text: str) -> str:
    domain = text.strip().lower().rstrip(".")
    if "://" in domain or "/" in domain:
        raise _usage(
            f"--domain takes a host name like acme.pbx.vega.ua, not a URL ({text!r}); "
            "use --server for a URL"
        )
    if not _DOMAIN.match(domain):
        raise _usage(f"not a valid PBX domain: {text!r}")
    return domain


def _check_server(text: str) -> str:
    server = text.strip().rstrip("/")
    try:
        url = httpx.URL(server)
    except (httpx.InvalidURL, TypeError):
        raise _usage(f"not a valid server URL: {text!r}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise _usage(f"--server must be an http:// or https:// URL, not {text!r}")
    if url.userinfo or url.query:
        raise _usage("--server must not contain credentials or a query string")
    return server


def _check_ext(text: str) -> str:
    ext = text.strip()
    if not _EXT.match(ext):
        raise _usage(f"not an extension (digits only): {text!r}")
    return ext


def _window(args: argparse.Namespace) -> TimeWindow:
    try:
        return parse_window(args.since, args.time_from, args.time_to)
    except ValueError as exc:
        raise _usage(str(exc)) from None


def _read_text(text: str) -> str:
    if text == "-":
        text = sys.stdin.read()
    text = text.strip()
    if not text:
        raise _usage("the note text is empty")
    return text


async def _collect(iterator: AsyncIterator[_T], limit: int | None) -> list[_T]:
    """Up to ``limit`` items; stopping early closes the pager so no further page is fetched."""
    result: list[_T] = []
    try:
        async for item in iterator:
            if limit is not None and len(result) >= limit:
                break
            result.append(item)
    finally:
        await _aclose(iterator)
    return result


async def _aclose(iterator: object) -> None:
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


# --------------------------------------------------------------------------------------------
# commands


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
        raise _usage("login needs a PBX domain: vega-desktop --domain DOMAIN login")
    domain = _check_domain(domain_text)
    server = _check_server(args.server) if args.server else None
    if server is None and domain == ctx.settings.domain:
        server = ctx.settings.server
    ext = _check_ext(args.ext) if args.ext else ctx.settings.ext
    account = Account(domain, server, ext, ctx.settings.region)

    store = ctx.resolver.keyring
    # Fail before asking for the key when it could not be kept anyway.
    backend = asyncio.run(store.backend_name()) if isinstance(store, KeyringSecretStore) else ""

    if interactive:
        key = getpass.getpass(f"API key for {domain} (input hidden): ")
    else:
        key = sys.stdin.readline()
    key = key.strip()
    if not key:
        raise _usage("no API key given")
    ctx.protect(key)

    async def verify_and_store() -> None:
        async with _make_client(account, key) as client:
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
        async with _make_client(account, key) as client:
            await client.authorize()
            info["reachable"] = info["authorized"] = True
            info["active_calls"] = len(await client.calls.active())
    except (CliError, VegaError, SecretStoreError) as exc:
        failure = exc
        info["error"] = _message(exc)
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


async def cmd_calls(ctx: Context) -> int:
    async with ctx.client() as client:
        calls = await client.calls.active()
    out, region = ctx.out, ctx.settings.region
    if out.as_json:
        out.json([call_json(c) for c in calls])
        return EXIT_OK
    rows = []
    for call in calls:
        other = call.other_legs[0] if call.other_legs else None
        party = _num(call.other_number, region)
        if other is not None and other.name and other.name != call.other_number:
            party = f"{party} ({other.name})" if party else other.name
        if call.direction is Direction.INTERNAL:
            party = _leg_text(call.leg2)
        rows.append(
            [
                call.uuid,
                _direction(call.direction),
                "answered" if call.answered else "ringing",
                _local(call.dial_at),
                _leg_text(call.leg),
                party,
                _num(call.trunk_num, region),
            ]
        )
    out.table(
        ["UUID", "DIRECTION", "STATE", "STARTED", "EMPLOYEE", "OTHER PARTY", "TRUNK"],
        rows,
        "No active calls.",
    )
    return EXIT_OK


async def cmd_dial(ctx: Context) -> int:
    account = ctx.account()
    ext = _check_ext(ctx.args.dial_ext) if ctx.args.dial_ext else account.ext
    if not ext:
        raise _usage("no extension to call from: pass --ext EXT (or log in with --ext)")
    number = parse_dial_input(ctx.args.number, account.region)
    async with ctx.client(account) as client:
        uuid = await client.calls.make_call(ext=ext, number=number)
    if ctx.out.as_json:
        ctx.out.json({"uuid": uuid, "ext": ext, "number": number})
    else:
        ctx.out.line(uuid)
    return EXIT_OK


async def cmd_hangup(ctx: Context) -> int:
    async with ctx.client() as client:
        await client.calls.hangup(ctx.args.uuid)
    if ctx.out.as_json:
        ctx.out.json({"uuid": ctx.args.uuid, "hung_up": True})
    else:
        ctx.out.line(f"Hung up {ctx.args.uuid}.")
    return EXIT_OK


def _history_rows(records: Sequence[HistoryRecord], region: str) -> list[list[str]]:
    rows = []
    for r in records:
        if r.direction is Direction.INTERNAL:
            party = _leg_text(r.leg2)
        else:
            party = _num(r.other_leg_num, region)
            if r.other_leg_name and r.other_leg_name != r.other_leg_num:
                party = f"{party} ({r.other_leg_name})" if party else r.other_leg_name
        disposition = r.disposition
        rows.append(
            [
                _local(r.end_at),
                _direction(r.direction),
                _leg_text(r.leg),
                party,
                _secs(r.duration),
                _secs(r.bill_secs),
                _DISPOSITION_NAMES.get(disposition, "") if disposition is not None else "",
                r.uuid,
            ]
        )
    return rows


def _print_history(ctx: Context, records: Sequence[HistoryRecord], empty: str) -> None:
    if ctx.out.as_json:
        ctx.out.json([history_json(r) for r in records])
        return
    ctx.out.table(
        ["ENDED", "DIRECTION", "EMPLOYEE", "OTHER PARTY", "TOTAL", "TALK", "RESULT", "UUID"],
        _history_rows(records, ctx.settings.region),
        empty,
    )


async def cmd_missed(ctx: Context) -> int:
    window = _window(ctx.args)
    async with ctx.client() as client:
        records = await _collect(
            client.history.iter_missed(window.start, window.end), ctx.args.limit
        )
    _print_history(ctx, records, "No missed calls in this period.")
    return EXIT_OK


async def cmd_history(ctx: Context) -> int:
    args = ctx.args
    window = _window(args)
    directions = sorted({_DIRECTION_ARGS[d] for d in args.direction}) if args.direction else None
    employee = _check_ext(args.employee) if args.employee else None
    async with ctx.client() as client:
        if employee is None:
            records = await _collect(
                client.history.iter_company(window.start, window.end, directions=directions),
                args.limit,
            )
        else:

            async def mine() -> AsyncIterator[HistoryRecord]:
                source = client.history.iter_by_users(
                    window.start, window.end, directions=directions
                )
                try:
                    async for record in source:
                        exts = {leg.ext for leg in (record.leg, record.leg2) if leg is not None}
                        if employee in exts:
                            yield record
                finally:
                    await _aclose(source)

            records = await _collect(mine(), args.limit)
    _print_history(ctx, records, "No calls in this period.")
    return EXIT_OK


async def cmd_users(ctx: Context) -> int:
    async with ctx.client() as client:
        users = await client.users.list()
    if ctx.out.as_json:
        ctx.out.json([user_json(u) for u in users])
    else:
        rows = [[str(u.id), u.ext or "", u.display_name, u.email or ""] for u in users]
        ctx.out.table(["ID", "EXT", "NAME", "EMAIL"], rows, "No users.")
    return EXIT_OK


def _print_contacts(ctx: Context, contacts: Sequence[Contact]) -> None:
    region = ctx.settings.region
    if ctx.out.as_json:
        ctx.out.json([contact_json(c) for c in contacts])
        return
    rows = [
        [
            str(c.id) if c.id is not None else "",
            c.display_name,
            c.company or "",
            ", ".join(_num(p, region) for p in c.phones),
        ]
        for c in contacts
    ]
    ctx.out.table(["ID", "NAME", "COMPANY", "PHONES"], rows, "No contacts found.")


async def cmd_contacts(ctx: Context) -> int:
    args, out = ctx.args, ctx.out
    action = args.contacts_command
    if action == "by-number":
        account = ctx.account()
        number = parse_dial_input(args.number, account.region)
        async with ctx.client(account) as client:
            _print_contacts(ctx, await client.contacts.by_number(number))
        return EXIT_OK
    async with ctx.client() as client:
        if action == "search":
            text = args.text.strip()
            if not text:
                raise _usage("the search text is empty")
            if args.notes:
                found = await client.contacts.list(search_note_text=text, limit=args.limit)
            else:
                found = await client.contacts.list(search_text=text, limit=args.limit)
            _print_contacts(ctx, found)
            return EXIT_OK
        contact = await client.contacts.get(args.contact_id)
    if out.as_json:
        out.json(contact_json(contact))
        return EXIT_OK
    region = ctx.settings.region
    out.line(f"{'id:':<14}{contact.id}")
    out.line(f"{'name:':<14}{contact.display_name}")
    if contact.company:
        out.line(f"{'company:':<14}{contact.company}")
    if contact.phones:
        out.line(f"{'phones:':<14}{', '.join(_num(p, region) for p in contact.phones)}")
    if contact.date_create:
        out.line(f"{'created:':<14}{_local(contact.date_create)}")
    if contact.last_modified:
        out.line(f"{'modified:':<14}{_local(contact.last_modified)}")
    for f in contact.fields:
        for v in f.values:
            label = f.enum_code
            if v.enum_value_code and v.enum_value_code != f.enum_code:
                label = f"{label} ({v.enum_value_code})"
            out.line(f"  {label}: {_one_line(v.value)}")
    return EXIT_OK


def _print_note(ctx: Context, note: Note, verb: str) -> None:
    if ctx.out.as_json:
        ctx.out.json(note_json(note))
    else:
        ctx.out.line(f"{verb} note {note.id} on contact {note.contact_id}.")


async def cmd_notes(ctx: Context) -> int:
    args, out = ctx.args, ctx.out
    action = args.notes_command
    text = _read_text(args.text) if action in ("add", "edit") else ""
    async with ctx.client() as client:
        if action == "list":
            notes = await client.notes.list(args.contact_id)
            if out.as_json:
                out.json([note_json(n) for n in notes])
            else:
                rows = [[str(n.id or ""), _local(n.date_create), n.content or ""] for n in notes]
                out.table(["ID", "CREATED", "TEXT"], rows, "No notes.")
        elif action == "add":
            note = await client.notes.create(args.contact_id, text)
            if note.contact_id is None:
                note = dataclasses.replace(note, contact_id=args.contact_id)
            _print_note(ctx, note, "Added")
        elif action == "edit":
            current = await _find_note(client, args.contact_id, args.note_id)
            updated = dataclasses.replace(current, content=text, contact_id=args.contact_id)
            await client.notes.update(args.contact_id, updated)
            _print_note(ctx, updated, "Updated")
        else:
            await client.notes.delete(args.contact_id, args.note_id)
            if out.as_json:
                out.json({"id": args.note_id, "contact_id": args.contact_id, "deleted": True})
            else:
                out.line(f"Deleted note {args.note_id} on contact {args.contact_id}.")
    return EXIT_OK


async def _find_note(client: VegaClient, contact_id: int, note_id: int) -> Note:
    for note in await client.notes.list(contact_id):
        if note.id == note_id:
            return note
    raise NotFound(f"contact {contact_id} has no note {note_id}", status=None)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024 or unit == "MiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"  # pragma: no cover


async def cmd_recording(ctx: Context) -> int:
    args, out = ctx.args, ctx.out
    dest: Path = args.output
    show_progress = out.stderr.isatty()

    def progress(done: int, total: int | None) -> None:
        text = f"{_size(done)} of {_size(total)} ({done * 100 // total}%)" if total else _size(done)
        out.stderr.write(f"\rDownloading: {text}   ")
        out.stderr.flush()

    async with ctx.client() as client:
        path = await client.recordings.download(
            args.uuid, dest, progress=progress if show_progress else None
        )
    if show_progress:
        out.stderr.write("\n")
    size = (await asyncio.to_thread(path.stat)).st_size
    if out.as_json:
        out.json({"uuid": args.uuid, "path": str(path), "bytes": size})
    else:
        out.line(f"Saved {path} ({_size(size)}).")
    return EXIT_OK


def run_demo_server(ctx: Context) -> int:
    """Run the simulated PBX in the foreground until Ctrl-C (then exit 0)."""
    args = ctx.args
    if not 0 <= args.port <= 65535:
        raise _usage(f"--port must be 0-65535, not {args.port}")
    from vega_desktop import demo

    try:
        demo.serve(
            args.host,
            args.port,
            traffic=not args.no_traffic,
            seed=args.seed,
            out=ctx.out.stdout,
        )
    except OSError as exc:  # the address is taken, or not ours to bind
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return EXIT_OK


_COMMANDS: Final[dict[str, Callable[[Context], Coroutine[Any, Any, int]]]] = {
    "logout": cmd_logout,
    "status": cmd_status,
    "calls": cmd_calls,
    "dial": cmd_dial,
    "hangup": cmd_hangup,
    "missed": cmd_missed,
    "history": cmd_history,
    "users": cmd_users,
    "contacts": cmd_contacts,
    "notes": cmd_notes,
    "recording": cmd_recording,
}


# --------------------------------------------------------------------------------------------
# errors


def _message(exc: BaseException) -> str:
    if isinstance(exc, AuthError):
        return f"the PBX refused the domain or API key: {exc}"
    if isinstance(exc, TransportError):
        return f"cannot reach the PBX: {exc}"
    if isinstance(exc, SessionExpired):
        return f"the PBX keeps refusing the session: {exc}"
    if isinstance(exc, NotFound):
        return f"not found: {exc}"
    if isinstance(exc, BadRequest):
        return f"the PBX rejected the request: {exc}"
    if isinstance(exc, ServerError):
        return f"the PBX failed: {exc}"
    if isinstance(exc, ProtocolError):
        return f"the PBX sent an invalid answer: {exc}"
    if isinstance(exc, InvalidNumber):
        return f"cannot dial that: {exc}"
    return str(exc) or type(exc).__name__


def _exit_code(exc: BaseException) -> int:
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, InvalidNumber | SettingsError):
        return EXIT_USAGE
    if isinstance(exc, AuthError):
        return EXIT_AUTH
    if isinstance(exc, TransportError):
        return EXIT_NETWORK
    if isinstance(exc, VegaError):
        return EXIT_PBX
    if isinstance(exc, SecretStoreError):
        return EXIT_KEYRING
    return EXIT_FAILURE


def _report(exc: BaseException, verbose: int, message: str | None = None) -> int:
    """One line on stderr; with -v the traceback too. Returns the exit code."""
    text = message if message is not None else _message(exc)
    sys.stderr.write(f"{PROG}: error: {redact(_one_line_message(text))}\n")
    if verbose:
        sys.stderr.write(redact("".join(traceback.format_exception(exc))))
    return _exit_code(exc)


def _one_line_message(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------
# logging


@contextlib.contextmanager
def _logging(verbose: int) -> Iterator[None]:
    """Log to stderr for this run: warnings by default, -v info, -vv debug (httpx included)."""
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"{PROG}: %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(
        logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    )
    handler.addFilter(RedactingFilter())
    previous_level = root.level
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    root.addHandler(handler)
    if verbose:
        root.setLevel(min(previous_level or logging.WARNING, handler.level))
    if verbose < 2:
        for name in quiet:
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


# --------------------------------------------------------------------------------------------
# entry point


def _run_app(args: argparse.Namespace) -> int:
    try:
        app = importlib.import_module("vega_desktop.app")
    except ModuleNotFoundError as exc:
        if exc.name == "vega_desktop.app":
            raise CliError(
                "the desktop app is not part of this installation; "
                "use a subcommand (see 'vega-desktop --help')"
            ) from None
        raise CliError(f"the desktop app cannot start: missing module {exc.name}") from exc
    result = app.run(args)
    return int(result) if result is not None else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code (see the module docstring)."""
    raw = list(sys.argv[1:] if argv is None else argv)
    verbose = sum(a.count("v") for a in raw if re.fullmatch(r"-v+", a) or a == "--verbose")
    try:
        for arg in raw:
            if arg == "--":
                break
            if _KEY_OPTION.match(arg):
                raise _usage(
                    "the API key is never accepted on the command line; run 'vega-desktop "
                    f"login' (it asks for the key or reads it from stdin) or set {API_KEY_ENV}"
                )
        rest, link = _split_app_link(raw)
        try:
            args = build_parser().parse_args(rest)
        except SystemExit as exc:  # --help, --version
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        verbose = args.verbose
        args.url = link
        if args.command is None or link is not None or args.demo:
            if args.command is not None:
                raise _usage(f"{link or '--demo'} starts the desktop app and takes no command")
            return _run_app(args)
        with _logging(verbose):
            return _dispatch(args)
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout was closed early (`| head`): stop quietly, and keep Python from complaining.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except (CliError, VegaError, SecretStoreError, InvalidNumber, SettingsError) as exc:
        return _report(exc, verbose)
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        return _report(exc, verbose, f"{exc.strerror or exc}{where}")
    except Exception as exc:  # a bug: one line, the traceback with -v
        return _report(exc, verbose, f"unexpected {type(exc).__name__}: {exc}")
    finally:
        while _protected:
            unregister_secret(_protected.pop())


def _dispatch(args: argparse.Namespace) -> int:
    out = Output(as_json=args.json, stdout=sys.stdout, stderr=sys.stderr)
    store = SettingsStore()
    ctx = Context(args=args, out=out, store=store, settings=store.load(), resolver=KeyResolver())
    _log.debug("%s %s: %s", PROG, __version__, args.command)
    if args.command == "demo-server":
        return run_demo_server(ctx)
    if args.command == "login":
        return cmd_login(ctx)
    if args.command == "recording" and args.output.is_dir():
        raise _usage(f"{args.output} is a folder; give a file name with -o")
    handler = _COMMANDS[args.command]
    return asyncio.run(handler(ctx))
