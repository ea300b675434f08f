"""The command line's grammar: the argparse definition, its value types, and the checks on raw
``argv`` that come before argparse (a ``tel:`` link, an API key given as an option)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Final, NoReturn

from vega_desktop import __version__
from vega_desktop.cli.errors import PROG, usage
from vega_desktop.core.secrets import API_KEY_ENV

# history --direction values (commands.history maps them to the PBX's directions)
DIRECTION_ARGS: Final = ("in", "internal", "out")

_URI_ARG = re.compile(r"^(?:tel|callto):", re.IGNORECASE)
# Options that would put the key in argv (and in shell history, `ps`, argparse's error text).
_KEY_OPTION = re.compile(
    r"^--?(?:api[-_]?key|key|apikey|token|secret|password)(?:=|$)", re.IGNORECASE
)
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors become a usage :class:`CliError` instead of ``sys.exit``."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise usage(message)


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
    """The global options and every subcommand; errors raise :class:`CliError`."""
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
    p = add(
        "self-test",
        "check this installation: version, icons, translations, multimedia backend, keyring "
        "backend; with --demo-seconds, run the demo app and quit it",
    )
    p.add_argument(
        "--demo-seconds",
        type=_positive_int,
        metavar="N",
        help="also start 'vega-desktop --demo' (a throwaway configuration) for about N seconds: "
        "it must come online, show a test call's popup and quit cleanly",
    )

    p = sub.add_parser(
        "dial",
        help="call a number from your extension",
        description="Call a number from your extension. When the desktop app is running for "
        "this user and configuration folder, it gets the number and dials it (with its "
        "signed-in operator's extension, showing the call in the tray). With --ext, --domain "
        "or --server on the command line, or with --no-app, the PBX is asked directly.",
        allow_abbrev=False,
    )
    p.add_argument("number", help="phone number (any common format) or an extension")
    p.add_argument(
        "--ext",
        dest="dial_ext",
        metavar="EXT",
        help="extension to call from (default: --ext); dials directly",
    )
    p.add_argument(
        "--no-app",
        action="store_true",
        help="ask the PBX directly even when the desktop app is running",
    )

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
                choices=sorted(DIRECTION_ARGS),
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

    p = add(
        "diagnostics",
        "save a zip for support: version, platform, settings, the app's recent log and its last "
        "PBX errors, with the API key and every other secret redacted",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="where to write (a folder, or default: vega-desktop-diagnostics-YYYYMMDD-HHMMSS.zip "
        "in the current folder)",
    )

    p = add("demo-server", "run the simulated PBX (for trying the app and for tests)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8123)
    p.add_argument("--no-traffic", action="store_true", help="no simulated calls")
    p.add_argument("--seed", type=int, default=1, help="seed of the simulated company")

    p = add(
        "install-desktop",
        "add Vega Desktop to this user's applications menu and make it open tel: and callto: "
        "links (Linux)",
    )
    p.add_argument(
        "--no-handler",
        action="store_true",
        help="only the menu entry, icon and metainfo; leave tel: and callto: links alone",
    )
    add("uninstall-desktop", "remove what install-desktop added for this user")
    return parser


def refuse_key_options(argv: list[str]) -> None:
    """Refuse an option that would carry the API key (before argparse could echo it)."""
    for arg in argv:
        if arg == "--":
            break
        if _KEY_OPTION.match(arg):
            raise usage(
                "the API key is never accepted on the command line; run 'vega-desktop "
                f"login' (it asks for the key or reads it from stdin) or set {API_KEY_ENV}"
            )


def split_app_link(argv: list[str]) -> tuple[list[str], str | None]:
    """Take a ``tel:``/``callto:`` link out of ``argv`` (a desktop handler passes one)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if _URI_ARG.match(arg):
            return [*argv[:index], *argv[index + 1 :]], arg
    return argv, None
