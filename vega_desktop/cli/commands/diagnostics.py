"""``diagnostics``: save a zip for support — the version, the platform, the keyring backend, the
settings, the end of the app's log and its last PBX errors — with every secret redacted.

The bundle is the one the tray's Save diagnostics… writes (:mod:`vega_desktop.core.diagnostics`);
here the app is not running, so the PBX errors are read back from its log. The keys to redact
come from ``VEGA_API_KEY`` and the keyring entry of the domain (``--domain`` or the saved one).
It needs no PBX and no sign-in: it is what to run when signing in does not work.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from pathlib import Path

from vega_desktop.cli.context import Context, check_domain
from vega_desktop.cli.errors import EXIT_OK
from vega_desktop.core import paths
from vega_desktop.core.diagnostics import DiagnosticsCollector, default_file_name

SOURCE = "command line"


def _load_qt_core() -> None:
    """Load QtCore, when it is installed, only so that the bundle can name the Qt version (no
    application object, no GUI)."""
    with contextlib.suppress(ImportError, OSError):  # OSError: a Qt library that cannot load
        importlib.import_module("PySide6.QtCore")


def target_path(output: Path | None) -> Path:
    """Where to write: ``-o FILE``, a default name in ``-o FOLDER``, or one in the current
    folder."""
    if output is None:
        return Path(default_file_name())
    if output.is_dir():
        return output / default_file_name()
    return output


async def cmd_diagnostics(ctx: Context) -> int:
    args, out = ctx.args, ctx.out
    domain = check_domain(args.domain) if args.domain else None
    _load_qt_core()
    collector = DiagnosticsCollector(
        settings_store=ctx.store,
        log_dir=paths.log_dir(),
        resolver=ctx.resolver,
        domain=domain,
        source=SOURCE,
    )
    path = await collector.save(target_path(args.output))
    size = (await asyncio.to_thread(path.stat)).st_size
    if out.as_json:
        out.json({"path": str(path), "bytes": size})
    else:
        out.line(f"Saved {path} ({max(size // 1024, 1)} KiB).")
    return EXIT_OK
