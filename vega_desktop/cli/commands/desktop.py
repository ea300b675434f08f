"""``install-desktop`` and ``uninstall-desktop``: the applications-menu entry, icon and AppStream
metainfo for this user, and Vega Desktop as the application for ``tel:`` and ``callto:`` links
(the work is :mod:`vega_desktop.core.desktop_entry`)."""

from __future__ import annotations

import asyncio
import sys

from vega_desktop.cli.context import Context
from vega_desktop.cli.errors import EXIT_OK, CliError, usage
from vega_desktop.core.desktop_entry import (
    DESKTOP_ID,
    DesktopIntegrationError,
    MissingToolError,
    autostart_supported,
    exec_value,
    install,
    uninstall,
)


def _links(mime_types: tuple[str, ...]) -> str:
    """``x-scheme-handler/tel`` → ``tel:``; other MIME types as they are."""
    scheme = "x-scheme-handler/"
    return " and ".join(f"{t[len(scheme) :]}:" if t.startswith(scheme) else t for t in mime_types)


def _check_platform() -> None:
    if not autostart_supported(sys.platform):
        raise usage(
            "desktop entries are for Linux and other XDG desktops; on this system use the "
            "installer of the app"
        )


async def cmd_install_desktop(ctx: Context) -> int:
    _check_platform()
    out = ctx.out
    register = not ctx.args.no_handler
    try:
        done = await asyncio.to_thread(install, register_handler=register)
    except MissingToolError as exc:
        raise CliError(
            f"{exc.tool} was not found; it makes Vega Desktop the application for tel: and "
            f"callto: links. Install {exc.package} (Debian, Ubuntu: sudo apt install "
            f"{exc.package}), or run 'vega-desktop install-desktop --no-handler' for the menu "
            "entry alone"
        ) from exc
    except DesktopIntegrationError as exc:
        raise CliError(str(exc)) from exc
    if out.as_json:
        out.json(
            {
                "desktop_id": DESKTOP_ID,
                "command": list(done.command),
                "installed": [str(path) for path in done.files],
                "default_for": list(done.handler_for),
                "autostart_updated": done.autostart_updated,
                "warnings": list(done.warnings),
            }
        )
    else:
        for path in done.files:
            out.line(f"installed {path}")
        out.line(f"starts    {exec_value(done.command)}")
        if done.handler_for:
            out.line(f"opens     {_links(done.handler_for)} links")
        if done.autostart_updated:
            out.line("start at login now runs the same program")
    for warning in done.warnings:
        out.note(f"warning: {warning}")
    return EXIT_OK


async def cmd_uninstall_desktop(ctx: Context) -> int:
    _check_platform()
    out = ctx.out
    done = await asyncio.to_thread(uninstall)
    if out.as_json:
        out.json(
            {
                "desktop_id": DESKTOP_ID,
                "removed": [str(path) for path in done.files],
                "no_longer_default_for": list(done.handler_for),
                "warnings": list(done.warnings),
            }
        )
    else:
        for path in done.files:
            out.line(f"removed {path}")
        if done.handler_for:
            out.line(f"no longer opens {_links(done.handler_for)} links")
        if not done.files and not done.handler_for:
            out.line("nothing to remove: the desktop integration is not installed for this user")
    for warning in done.warnings:
        out.note(f"warning: {warning}")
    return EXIT_OK
