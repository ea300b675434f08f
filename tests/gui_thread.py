"""Garbage collection on the GUI thread for tests that run the whole app."""

from __future__ import annotations

import gc
from collections.abc import Iterator


def collect_on_the_gui_thread() -> Iterator[None]:
    """No cyclic garbage collection in worker threads while an app runs: a collected widget
    or timer must die on the GUI thread (what MainThreadGarbageCollector does in the app).
    Test modules that run the app use it as an autouse fixture of their own."""
    enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if enabled:
        gc.enable()
