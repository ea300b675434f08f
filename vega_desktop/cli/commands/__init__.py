"""The subcommands, one module a group. Each takes the :class:`~vega_desktop.cli.context.Context`
and returns an exit code or raises; ``login`` and ``demo-server`` run synchronously, the rest
are coroutines in :data:`COMMANDS`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Final

from vega_desktop.cli.commands.auth import cmd_login, cmd_logout, cmd_status
from vega_desktop.cli.commands.calls import cmd_calls, cmd_dial, cmd_hangup
from vega_desktop.cli.commands.contacts import cmd_contacts, cmd_notes, cmd_users
from vega_desktop.cli.commands.demo_server import run_demo_server
from vega_desktop.cli.commands.desktop import cmd_install_desktop, cmd_uninstall_desktop
from vega_desktop.cli.commands.diagnostics import cmd_diagnostics
from vega_desktop.cli.commands.history import cmd_history, cmd_missed
from vega_desktop.cli.commands.recording import cmd_recording
from vega_desktop.cli.commands.selftest import cmd_self_test
from vega_desktop.cli.context import Context

__all__ = ["COMMANDS", "cmd_login", "run_demo_server"]

COMMANDS: Final[dict[str, Callable[[Context], Coroutine[Any, Any, int]]]] = {
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
    "self-test": cmd_self_test,
    "install-desktop": cmd_install_desktop,
    "uninstall-desktop": cmd_uninstall_desktop,
    "diagnostics": cmd_diagnostics,
}
