"""The desktop app: :func:`run` starts it (``vega-desktop`` with no subcommand).

:mod:`~vega_desktop.app.process` owns the process and shows the tray icon;
:mod:`~vega_desktop.app.application` is the composition root it loads behind the icon. The
application's names are available here too, loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vega_desktop.app.options import AppOptions, demo_options
from vega_desktop.app.process import run

if TYPE_CHECKING:
    from vega_desktop.app.application import (
        DemoBackend,
        MainThreadGarbageCollector,
        MemorySecretStore,
        ResumeWatcher,
        Session,
        VegaApp,
        default_client_factory,
        outbox_path,
    )

_APPLICATION_NAMES = frozenset(
    {
        "DemoBackend",
        "MainThreadGarbageCollector",
        "MemorySecretStore",
        "ResumeWatcher",
        "Session",
        "VegaApp",
        "default_client_factory",
        "outbox_path",
    }
)

__all__ = [
    "AppOptions",
    "DemoBackend",
    "MainThreadGarbageCollector",
    "MemorySecretStore",
    "ResumeWatcher",
    "Session",
    "VegaApp",
    "default_client_factory",
    "demo_options",
    "outbox_path",
    "run",
]


if not TYPE_CHECKING:  # for the type checker the names are the imports above

    def __getattr__(name: str) -> Any:
        if name not in _APPLICATION_NAMES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.application"), name)
        globals()[name] = value
        return value
