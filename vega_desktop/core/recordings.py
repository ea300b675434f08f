"""Call recordings on disk: a private cache of downloaded audio, and saving a copy for the user.

:class:`RecordingCache` downloads a call's recording (``client.recordings.download``, streamed
and atomic) into a private temporary folder, keyed by the call's uuid. A finished download is
reused; two requests for the same call while it downloads share one transfer, and each gets the
progress reports. :meth:`RecordingCache.cleanup` removes the folder when the app exits; folders
left behind by a crash are removed by the next run once they are a day old.

Every file operation runs in a worker thread, so a GUI thread that awaits these coroutines never
waits for a disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from vega_desktop.api import HistoryRecord, NotFound
from vega_desktop.core import paths

__all__ = [
    "FOLDER_PREFIX",
    "STALE_AFTER",
    "ProgressCallback",
    "RecordingCache",
    "RecordingUnavailable",
    "audio_suffix",
    "remove_stale_folders",
    "sniff_suffix",
]

_log = logging.getLogger("vega_desktop.core.recordings")

#: ``progress(bytes_received, total_or_None)``
ProgressCallback = Callable[[int, int | None], None]

#: Name prefix of the cache's temporary folders (what :func:`remove_stale_folders` looks for).
FOLDER_PREFIX = "vega-recordings-"
#: A folder from a previous run is removed once it has not changed for this long (seconds).
STALE_AFTER = 24 * 3600.0
#: The cache keeps at most this many bytes of finished downloads, dropping the least recent.
MAX_BYTES = 256 * 1024 * 1024

_COPY_CHUNK = 256 * 1024


class RecordingUnavailable(Exception):  # noqa: N818 - reads as a state, like NotFound
    """This call has no recording (the PBX did not record it, or no longer has it)."""

    def __init__(self, uuid: str, reason: str = "") -> None:
        self.uuid = uuid
        self.reason = reason or "the call has no recording"
        super().__init__(self.reason)


class RecordingDownloader(Protocol):
    async def download(
        self, url_or_uuid: str, dest: Path, progress: ProgressCallback | None = None
    ) -> Path: ...


class RecordingClient(Protocol):
    """What the cache needs of :class:`~vega_desktop.api.VegaClient`."""

    @property
    def recordings(self) -> RecordingDownloader: ...


def audio_suffix(header: bytes) -> str | None:
    """The file suffix for audio starting with ``header``: ``.wav``, ``.mp3`` or ``None``.

    WAV starts ``RIFF....WAVE``; MP3 with an ID3 tag starts ``ID3``, without one with an MPEG
    frame sync (``0xFF`` then three set bits, e.g. ``FF FB``).
    """
    if header[:4] == b"RIFF" and header[8:12] == b"WAVE":
        return ".wav"
    if header[:3] == b"ID3":
        return ".mp3"
    if len(header) >= 2 and header[0] == 0xFF and header[1] & 0xE0 == 0xE0:
        return ".mp3"
    return None


def sniff_suffix(path: Path) -> str | None:
    """:func:`audio_suffix` of a file (blocking: call it in a worker thread)."""
    try:
        with path.open("rb") as handle:
            return audio_suffix(handle.read(12))
    except OSError:
        return None


def remove_stale_folders(
    root: Path, max_age: float = STALE_AFTER, *, now: float | None = None, keep: Path | None = None
) -> int:
    """Remove the cache folders under ``root`` untouched for ``max_age`` seconds (blocking).

    Returns how many were removed. ``keep`` (the live folder) is never touched.
    """
    moment = time.time() if now is None else now
    removed = 0
    try:
        entries = list(root.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(FOLDER_PREFIX) or entry == keep:
            continue
        try:
            if not entry.is_dir() or entry.is_symlink():
                continue
            newest = max([entry.stat().st_mtime, *(p.stat().st_mtime for p in entry.iterdir())])
        except OSError:
            continue
        if moment - newest >= max_age:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    if removed:
        _log.info("removed %d old recording folder(s) from %s", removed, root)
    return removed


def _make_folder(root: Path | None, max_age: float) -> Path:
    """A fresh private folder under ``root`` (else the app's cache dir, else the system temp)."""
    candidates = [root] if root is not None else [paths.cache_dir() / "recordings", None]
    last_error: OSError | None = None
    for base in candidates:
        try:
            if base is not None:
                paths.ensure_dir(base)
            folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=base))
        except OSError as exc:
            last_error = exc
            continue
        remove_stale_folders(folder.parent, max_age, keep=folder)
        return folder
    assert last_error is not None
    raise last_error


def _copy_atomic(src: Path, dest: Path, report: Callable[[int, int], None]) -> None:
    """Copy ``src`` to ``dest`` through a temporary file beside it (blocking)."""
    total = src.stat().st_size
    fd, partial = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    try:
        done = 0
        report(done, total)
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            while chunk := inp.read(_COPY_CHUNK):
                out.write(chunk)
                done += len(chunk)
                report(done, total)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, dest)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


@dataclass(slots=True)
class _Download:
    task: asyncio.Task[Path]
    listeners: list[ProgressCallback] = field(default_factory=list)

    def report(self, done: int, total: int | None) -> None:
        for listener in tuple(self.listeners):
            try:
                listener(done, total)
            except Exception:
                _log.exception("a recording progress listener failed")


class RecordingCache:
    """Downloaded recordings in a private temporary folder, one file per call uuid.

    ``root`` is where the temporary folder is made (tests pass their own); by default the app's
    cache folder (``paths.cache_dir() / "recordings"``), or the system's temp if that fails.
    """

    def __init__(
        self,
        client: RecordingClient,
        *,
        root: Path | None = None,
        max_bytes: int = MAX_BYTES,
        stale_after: float = STALE_AFTER,
    ) -> None:
        self._client = client
        self._root = root
        self._max_bytes = max_bytes
        self._stale_after = stale_after
        self._folder: Path | None = None
        self._folder_lock = asyncio.Lock()
        self._files: dict[str, Path] = {}  # uuid -> finished file, least recently used first
        self._downloads: dict[str, _Download] = {}

    @property
    def folder(self) -> Path | None:
        """The temporary folder, once the first download made it."""
        return self._folder

    def cached(self, record: HistoryRecord | str) -> Path | None:
        """The finished file for this call, if it is in the cache."""
        uuid = record if isinstance(record, str) else record.uuid
        path = self._files.get(uuid)
        return path if path is not None and path.exists() else None

    def downloading(self, record: HistoryRecord | str) -> bool:
        uuid = record if isinstance(record, str) else record.uuid
        return uuid in self._downloads

    async def fetch(self, record: HistoryRecord, progress: ProgressCallback | None = None) -> Path:
        """The call's recording as a local file: from the cache, or downloaded now.

        Raises :class:`RecordingUnavailable` when the call has none; other failures come as the
        client's errors (``TransportError``, ``ServerError``…). Cancelling one caller does not
        stop a download that another caller also waits for.
        """
        if not record.audio_url:
            raise RecordingUnavailable(record.uuid)
        hit = self.cached(record)
        if hit is not None:
            self._touch(record.uuid)
            size = await asyncio.to_thread(lambda: hit.stat().st_size)
            if progress is not None:
                progress(size, size)
            return hit
        download = self._downloads.get(record.uuid)
        if download is None:
            download = _Download(asyncio.get_running_loop().create_task(self._download(record)))
            self._downloads[record.uuid] = download
            download.task.add_done_callback(functools.partial(self._finished, record.uuid))
        if progress is not None:
            download.listeners.append(progress)
        try:
            return await asyncio.shield(download.task)
        finally:
            if progress is not None and progress in download.listeners:
                download.listeners.remove(progress)

    async def save_as(
        self, record: HistoryRecord, dest: Path, progress: ProgressCallback | None = None
    ) -> Path:
        """Write the call's recording to ``dest`` (replaced atomically): a copy of the cached
        file, or a download straight to ``dest`` when the cache does not have it."""
        if not record.audio_url:
            raise RecordingUnavailable(record.uuid)
        target = Path(dest)
        source = self.cached(record)
        if source is None and self.downloading(record):
            source = await self.fetch(record)  # finish the transfer in flight, then copy it
        if source is not None:
            loop = asyncio.get_running_loop()

            def report(done: int, total: int) -> None:
                if progress is not None:
                    loop.call_soon_threadsafe(progress, done, total)

            await asyncio.to_thread(_copy_atomic, source, target, report)
            await asyncio.sleep(0)  # let the last progress report run before returning
            return target
        try:
            return await self._client.recordings.download(record.audio_url, target, progress)
        except NotFound as exc:
            raise RecordingUnavailable(record.uuid, exc.detail) from None

    def cleanup(self) -> None:
        """Stop downloads in flight and remove the folder (blocking; for the app's exit)."""
        for download in self._downloads.values():
            download.task.cancel()
        self._downloads.clear()
        self._files.clear()
        folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            remove_stale_folders(folder.parent, self._stale_after)

    async def aclose(self) -> None:
        """:meth:`cleanup` without blocking the caller's thread."""
        for download in self._downloads.values():
            download.task.cancel()
        pending = [d.task for d in self._downloads.values()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        await asyncio.to_thread(self.cleanup)

    # ------------------------------------------------------------------ internals

    async def _ensure_folder(self) -> Path:
        async with self._folder_lock:
            if self._folder is None or not await asyncio.to_thread(self._folder.is_dir):
                self._folder = await asyncio.to_thread(_make_folder, self._root, self._stale_after)
            return self._folder

    async def _download(self, record: HistoryRecord) -> Path:
        assert record.audio_url is not None
        download = self._downloads.get(record.uuid)
        report = download.report if download is not None else None
        folder = await self._ensure_folder()
        raw = folder / f"{record.uuid}.download"
        try:
            await self._client.recordings.download(record.audio_url, raw, report)
        except NotFound as exc:
            raise RecordingUnavailable(record.uuid, exc.detail) from None
        final = await asyncio.to_thread(_settle, raw)
        self._files[record.uuid] = final
        snapshot = list(self._files.items())
        for uuid in await asyncio.to_thread(_evict, snapshot, record.uuid, self._max_bytes):
            self._files.pop(uuid, None)
        return final

    def _finished(self, uuid: str, task: asyncio.Task[Path]) -> None:
        download = self._downloads.get(uuid)
        if download is not None and download.task is task:
            del self._downloads[uuid]
        if not task.cancelled() and task.exception() is None:
            _log.debug("recording %s cached", uuid[:8])

    def _touch(self, uuid: str) -> None:
        path = self._files.pop(uuid, None)
        if path is not None:
            self._files[uuid] = path


def _evict(files: list[tuple[str, Path]], keep: str, max_bytes: int) -> list[str]:
    """Delete the least recently used ``files`` (oldest first) while they add up to more than
    ``max_bytes``; returns the uuids removed (blocking)."""
    sizes: dict[str, int] = {}
    for uuid, path in files:
        with contextlib.suppress(OSError):
            sizes[uuid] = path.stat().st_size
    total = sum(sizes.values())
    removed: list[str] = []
    for uuid, path in files:
        if total <= max_bytes:
            break
        if uuid == keep:
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError:  # in use (a player holds it open on Windows): try again later
            continue
        removed.append(uuid)
        total -= sizes.get(uuid, 0)
    return removed


def _settle(raw: Path) -> Path:
    """Rename a finished download after what its header says it is (blocking)."""
    final = raw.with_suffix(sniff_suffix(raw) or ".audio")
    os.replace(raw, final)
    return final
