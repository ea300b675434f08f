"""Speed and memory of the tray companion, each measured in the same run as a bare PySide6 tray app.

    python benchmarks/bench_tray.py [--calls 30] [--idle 20] [--screen auto|xvfb|offscreen]

Both apps run as real processes against the simulated PBX on a loopback socket, on a real X
screen with a system tray: the current ``DISPLAY``, else (``--screen auto``, when Xvfb and trayer
are installed) a private Xvfb with trayer as the tray host, so both icons dock as they do on an
operator's desktop. ``--screen offscreen`` uses Qt's offscreen platform instead (no tray there:
the app shows its status window). Printed figures:

- start-up: process start -> event loop running with the tray icon shown (median of 3 launches)
- idle RSS: resident memory after start-up has settled, signed in and polling (and again after
  the popups, which load fonts and keep a CRM cache)
- idle CPU: share of one core over ``--idle`` seconds while polling active calls at 1 Hz
- popup latency: a call created on the PBX -> its popup shown, at 1 s polling (median, p95);
  real calls ring at any moment of the poll cycle, so the calls are started at moments spread
  evenly over it (read from the PBX's request log), which makes the median stable from run to
  run: about half the interval plus the app's own time to poll and show the popup
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, DemoServer, SimulatedPbx

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "vega_desktop"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def compile_package() -> None:
    """Compile the package's bytecode, as installing it does. A source checkout run with
    ``PYTHONDONTWRITEBYTECODE`` (or from a read-only folder) would otherwise compile every module
    at each start, and the start-up figure would measure the compiler."""
    compileall.compile_dir(str(PACKAGE), quiet=1)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def wait_for(predicate: Callable[[], object], limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.02)


class Proc:
    """A launched app: its process, and the unix times of marker lines it wrote."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path | None) -> None:
        self.log = log
        self._offset = 0
        self.marks: list[tuple[str, str, float]] = []
        self.started = time.time()
        self.proc = subprocess.Popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def new_log_lines(self) -> str:
        """What the app logged since the last call (read incrementally: the simulated PBX
        shares this process's GIL, and re-reading the whole log would slow its answers)."""
        assert self.log is not None
        try:
            with self.log.open("rb") as fh:
                fh.seek(self._offset)
                data = fh.read()
        except FileNotFoundError:
            return ""
        cut = data.rfind(b"\n") + 1
        self._offset += cut
        return data[:cut].decode("utf-8", errors="replace")


def launch_bare(env: dict[str, str]) -> tuple[Proc, float]:
    proc = Proc([sys.executable, str(HERE / "bare_tray.py")], env, None)
    assert proc.proc.stdout is not None
    line = proc.proc.stdout.readline()
    ready = float(line.split()[1])
    return proc, ready - proc.started


MARK = re.compile(
    r"^(?P<t>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) "
    r".*?(?P<what>tray ready|popup shown) ?(?P<uuid>\w*)",
    re.M,
)


def _unix(asctime: str) -> float:
    """The log's local ``asctime`` (millisecond resolution) as a unix time."""
    return datetime.strptime(asctime, "%Y-%m-%d %H:%M:%S,%f").timestamp()


def marks(proc: Proc) -> list[tuple[str, str, float]]:
    text = proc.new_log_lines()
    proc.marks.extend((m["what"], m["uuid"], _unix(m["t"])) for m in MARK.finditer(text))
    return proc.marks


def launch_app(env: dict[str, str], server: str, home: Path) -> tuple[Proc, float]:
    log_dir = home / f"logs-{time.monotonic_ns()}"
    env = {
        **env,
        "VEGA_API_KEY": DEMO_API_KEY,
        "VEGA_LOG_DIR": str(log_dir),
        "VEGA_CONFIG_DIR": str(home / "config"),
        "VEGA_DATA_DIR": str(home / "data"),
    }
    argv = [
        sys.executable,
        "-m",
        "vega_desktop",
        "--server",
        server,
        "--domain",
        DEMO_DOMAIN,
        "--ext",
        "001",
    ]
    proc = Proc(argv, env, log_dir / "vega-desktop.log")
    wait_for(lambda: any(w == "tray ready" for w, _, _ in marks(proc)), 30, "the tray icon")
    ready = next(t for w, _, t in marks(proc) if w == "tray ready")
    return proc, ready - proc.started


def settle_and_measure(pid: int, idle: float) -> tuple[float, float]:
    time.sleep(3)
    cpu0, wall0 = cpu_seconds(pid), time.monotonic()
    time.sleep(idle)
    cpu1, wall1 = cpu_seconds(pid), time.monotonic()
    return rss_mib(pid), 100 * (cpu1 - cpu0) / (wall1 - wall0)


ACTIVE_CALLS_PATH = "/rest/calls/active/v3"


def last_poll(pbx: SimulatedPbx) -> float:
    """When the app's latest active-calls poll was answered (unix time, from the PBX's log)."""
    for entry in reversed(pbx.request_log()):
        path, at = entry.get("path"), entry.get("at")
        if isinstance(path, str) and path.endswith(ACTIVE_CALLS_PATH) and isinstance(at, int):
            return at / 1000
    raise RuntimeError("the app has not polled yet")


def popup_latencies(
    proc: Proc, pbx: SimulatedPbx, count: int, rng: random.Random, interval: float = 1.0
) -> list[float]:
    """Time ``count`` popups; call ``i`` starts a fraction ``(i + 0.5) / count`` of the poll
    interval before the app's next poll (in shuffled order), so the calls sample every moment
    of the poll cycle evenly and the median is not at the mercy of a few random phases."""
    numbers = ["+380442998095", "+380671112233", "+380931234567", "+380501234567"]
    leads = [interval * (i + 0.5) / count for i in range(count)]
    rng.shuffle(leads)
    out = []
    for i, lead in enumerate(leads):
        time.sleep(0.3)
        now = time.time()
        anchor = last_poll(pbx)
        next_poll = anchor + interval * (1 + (now - anchor) // interval)
        start = next_poll - lead
        while start < now + 0.05:
            start += interval
        time.sleep(start - time.time())
        created = time.time()
        uuid = pbx.start_call("incoming", number=numbers[i % len(numbers)], ext="001")
        wait_for(lambda u=uuid: any(x == u for _, x, _ in marks(proc)), 10, "the popup")
        shown = next(t for w, x, t in marks(proc) if x == uuid)
        out.append(shown - created)
        pbx.end_call(uuid)
    return out


@contextlib.contextmanager
def screen(mode: str, env: dict[str, str]) -> Iterator[str]:
    """Set up ``env`` for the chosen screen; yields its description."""
    env["DBUS_SESSION_BUS_ADDRESS"] = env.get("DBUS_SESSION_BUS_ADDRESS", "disabled:")
    have_x = bool(shutil.which("Xvfb") and shutil.which("trayer"))
    if mode == "offscreen" or (mode == "auto" and not env.get("DISPLAY") and not have_x):
        env["QT_QPA_PLATFORM"] = "offscreen"
        yield "offscreen (no tray)"
        return
    if env.get("DISPLAY") and mode == "auto":
        env.setdefault("QT_QPA_PLATFORM", "xcb")
        yield f"X display {env['DISPLAY']}"
        return
    if not have_x:
        raise SystemExit("--screen xvfb needs Xvfb and trayer (scripts/bootstrap --dev)")
    display = f":{random.randint(150, 250)}"
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    trayer: subprocess.Popen[bytes] | None = None
    try:
        socket = Path("/tmp/.X11-unix") / f"X{display[1:]}"  # noqa: S108 - the X server's socket
        wait_for(socket.exists, 10, "Xvfb")
        trayer = subprocess.Popen(
            [
                *("trayer", "--edge", "top", "--align", "right", "--widthtype", "request"),
                *("--height", "32", "--SetDockType", "true", "--expand", "false"),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)  # trayer takes the tray selection
        yield f"Xvfb {display} with trayer as the tray host"
    finally:
        for proc in (trayer, xvfb):
            if proc is not None:
                proc.terminate()
                proc.wait(5)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=30, help="popups to time")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle CPU sampling")
    parser.add_argument("--launches", type=int, default=3, help="launches for start-up time")
    parser.add_argument("--screen", choices=("auto", "xvfb", "offscreen"), default="auto")
    args = parser.parse_args()

    env = dict(os.environ)
    compile_package()
    pbx = SimulatedPbx(seed=11, answer_delay=3600)
    with (
        screen(args.screen, env) as where,
        DemoServer(pbx) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        home = Path(tmp)
        bare_starts, app_starts = [], []
        for _ in range(args.launches):
            proc, start = launch_bare(env)
            bare_starts.append(start)
            proc.stop()
            proc, start = launch_app(env, server.url, home)
            app_starts.append(start)
            proc.stop()

        bare, _ = launch_bare(env)
        bare_rss, bare_cpu = settle_and_measure(bare.pid, args.idle)
        bare.stop()

        app, _ = launch_app(env, server.url, home)
        try:
            app_rss, app_cpu = settle_and_measure(app.pid, args.idle)
            latencies = popup_latencies(app, pbx, args.calls, random.Random(7))
            time.sleep(3)
            busy_rss = rss_mib(app.pid)
        finally:
            app.stop()

    bare_start, app_start = statistics.median(bare_starts), statistics.median(app_starts)
    rows = [
        (
            "start-up to tray icon",
            f"{bare_start * 1000:.0f} ms",
            f"{app_start * 1000:.0f} ms",
            f"{app_start / bare_start:.2f}x",
            "<= 1.5x",
        ),
        (
            "idle RSS",
            f"{bare_rss:.1f} MiB",
            f"{app_rss:.1f} MiB",
            f"{app_rss / bare_rss:.2f}x",
            "<= 1.5x",
        ),
        ("RSS after the popups", "", f"{busy_rss:.1f} MiB", f"{busy_rss / bare_rss:.2f}x", ""),
        ("idle CPU, polling at 1 Hz", f"{bare_cpu:.2f} %", f"{app_cpu:.2f} %", "", "<= 1 %"),
        ("popup latency, median", "", f"{statistics.median(latencies):.3f} s", "", "<= 0.55 s"),
        ("popup latency, p95", "", f"{percentile(latencies, 0.95):.3f} s", "", "<= 1.1 s"),
        ("popup latency, min", "", f"{min(latencies):.3f} s", "", ""),
    ]
    print(f"{'':28}{'bare tray':>12}{'vega-desktop':>15}{'ratio':>8}  target")
    for name, a, b, ratio, target in rows:
        print(f"{name:28}{a:>12}{b:>15}{ratio:>8}  {target}")
    print(
        f"({args.calls} calls, {args.launches} launches, {args.idle:.0f} s idle; {where}; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
