"""Size and start-up time of the Linux bundle (packaging/build-linux), next to the source install.

    python benchmarks/bench_bundle.py [--bundle dist/vega-desktop] [--launches 5]
                                      [--screen auto|xvfb|offscreen]

Printed figures:

- size: the bundle folder on disk (MiB of allocated blocks, as ``du`` counts), its file count,
  and its biggest parts;
- start-up: process start -> the tray icon shown (the app's ``tray ready`` log line), median of
  ``--launches`` launches after one warm-up launch each (so both read their files from the page
  cache), for the bundle and for the source install (``python -m vega_desktop``), launched in
  turn; both sign in to the simulated PBX on a loopback socket;
- RSS 3 s after the tray icon, signed in and polling.

The screen is chosen as in ``bench_tray.py`` (whose launch helpers this reuses): the current
``DISPLAY``, else a private Xvfb with trayer as the tray host, else Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_tray import Proc, compile_package, marks, rss_mib, screen, wait_for

from vega_desktop import __version__
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, DemoServer, SimulatedPbx

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def disk_usage(folder: Path) -> tuple[int, int, dict[str, int]]:
    """Bytes allocated on disk, number of files, and bytes per top-level part of ``folder``
    (``_internal``'s entries are the parts: Python, Qt, each package)."""
    total = files = 0
    parts: dict[str, int] = {}
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        used = path.stat().st_blocks * 512
        total += used
        files += 1
        relative = path.relative_to(folder).parts
        part = "/".join(relative[:2]) if relative[0] == "_internal" else relative[0]
        if part.startswith("_internal/PySide6"):
            part = "/".join(relative[:4])  # PySide6/Qt/lib, /plugins, /translations
        parts[part] = parts.get(part, 0) + used
    return total, files, parts


def launch(argv: list[str], env: dict[str, str], server: str, home: Path) -> tuple[Proc, float]:
    """Start the app signed in to ``server``; returns it and its seconds to the tray icon."""
    log_dir = home / f"logs-{time.monotonic_ns()}"
    env = {
        **env,
        "VEGA_API_KEY": DEMO_API_KEY,  # the simulated PBX's public key, in the environment only
        "VEGA_LOG_DIR": str(log_dir),
        "VEGA_CONFIG_DIR": str(home / "config"),
        "VEGA_DATA_DIR": str(home / "data"),
        "VEGA_CACHE_DIR": str(home / "cache"),
    }
    account = ["--server", server, "--domain", DEMO_DOMAIN, "--ext", "001"]
    proc = Proc([*argv, *account], env, log_dir / "vega-desktop.log")
    try:
        wait_for(lambda: any(w == "tray ready" for w, _, _ in marks(proc)), 60, "the tray icon")
    except BaseException:
        proc.stop()
        raise
    ready = next(t for w, _, t in marks(proc) if w == "tray ready")
    return proc, ready - proc.started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "vega-desktop")
    parser.add_argument("--launches", type=int, default=5, help="timed launches of each")
    parser.add_argument("--screen", choices=("auto", "xvfb", "offscreen"), default="auto")
    args = parser.parse_args()
    executable = args.bundle / "vega-desktop"
    if not os.access(executable, os.X_OK):
        raise SystemExit(f"no bundle at {args.bundle}: run packaging/build-linux first")

    size, files, parts = disk_usage(args.bundle)
    print(f"bundle {args.bundle}: {size / MIB:.0f} MiB on disk, {files} files")
    for part, used in sorted(parts.items(), key=lambda item: -item[1])[:8]:
        print(f"  {used / MIB:6.1f} MiB  {part}")

    apps = {
        "source install": [sys.executable, "-m", "vega_desktop"],
        "bundle": [str(executable)],
    }
    starts: dict[str, list[float]] = {name: [] for name in apps}
    rss: dict[str, float] = {}
    env = dict(os.environ)
    compile_package()  # the source install as pip leaves it: with its bytecode
    pbx = SimulatedPbx(seed=11, answer_delay=3600)
    with (
        screen(args.screen, env) as where,
        DemoServer(pbx) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        home = Path(tmp)
        for argv in apps.values():  # warm-up: files into the page cache
            proc, _ = launch(argv, env, server.url, home)
            proc.stop()
        for _ in range(args.launches):
            for name, argv in apps.items():
                proc, seconds = launch(argv, env, server.url, home)
                starts[name].append(seconds)
                proc.stop()
        for name, argv in apps.items():
            proc, _ = launch(argv, env, server.url, home)
            time.sleep(3)
            rss[name] = rss_mib(proc.pid)
            proc.stop()

    print(f"\n{'':32}{'source install':>16}{'bundle':>10}")
    source, bundle = (statistics.median(starts[name]) for name in apps)
    print(f"{'start-up to tray icon, median':32}{source * 1000:>13.0f} ms{bundle * 1000:>7.0f} ms")
    fastest = [min(starts[name]) * 1000 for name in apps]
    print(f"{'start-up to tray icon, fastest':32}{fastest[0]:>13.0f} ms{fastest[1]:>7.0f} ms")
    print(
        f"{'RSS 3 s after the tray icon':32}{rss['source install']:>12.0f} MiB"
        f"{rss['bundle']:>6.0f} MiB"
    )
    print(
        f"(vega-desktop {__version__}; {args.launches} launches each after a warm-up; {where}; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
