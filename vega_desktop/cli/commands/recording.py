"""``recording``: download a call's recording to a file, with progress on a terminal."""

from __future__ import annotations

import asyncio
from pathlib import Path

from vega_desktop.cli.context import Context
from vega_desktop.cli.errors import EXIT_OK


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
