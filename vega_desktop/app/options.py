"""What the command line asked the desktop app for, and the demo mode's environment switches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["AppOptions", "demo_options"]


@dataclass(frozen=True, slots=True)
class AppOptions:
    """What the command line asked for (``vega_desktop.cli`` passes its argparse namespace)."""

    demo: bool = False
    domain: str | None = None
    server: str | None = None
    ext: str | None = None
    verbose: int = 0
    url: str | None = None

    @staticmethod
    def from_args(args: Any) -> AppOptions:
        def text(name: str) -> str | None:
            value = getattr(args, name, None)
            return value.strip() or None if isinstance(value, str) else None

        verbose = getattr(args, "verbose", 0)
        return AppOptions(
            demo=bool(getattr(args, "demo", False)),
            domain=text("domain"),
            server=text("server"),
            ext=text("ext"),
            verbose=int(verbose) if isinstance(verbose, int | bool) else 0,
            url=text("url"),
        )


def demo_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """``VEGA_DEMO_SEED`` (a fixed company and history) and ``VEGA_DEMO_TRAFFIC=0`` (no
    scripted calls: only those made through the control interface) for demos and screenshots."""
    options: dict[str, Any] = {}
    seed = environ.get("VEGA_DEMO_SEED", "").strip()
    if seed.isdigit():
        options["seed"] = int(seed)
    if environ.get("VEGA_DEMO_TRAFFIC", "").strip().lower() in ("0", "no", "off", "false"):
        options["traffic"] = False
    return options
