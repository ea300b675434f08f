"""The recording cache against the simulated PBX: shared downloads, reuse, save-as, cleanup."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vega_desktop.api import HistoryRecord, VegaClient
from vega_desktop.core.recordings import (
    FOLDER_PREFIX,
    RecordingCache,
    RecordingUnavailable,
    audio_suffix,
    remove_stale_folders,
)
from vega_desktop.demo import SimulatedPbx

from .conftest import requests_to

AUDIO_PATH = "/rest/public/calls/"


async def history(client: VegaClient) -> list[HistoryRecord]:
    now = datetime.now(UTC) + timedelta(minutes=1)
    return [r async for r in client.history.iter_company(now - timedelta(days=7), now)]


async def recorded(client: VegaClient, skip: int = 0) -> HistoryRecord:
    found = [r for r in await history(client) if r.audio_url]
    return found[skip]


async def unrecorded(client: VegaClient) -> HistoryRecord:
    return next(r for r in await history(client) if not r.audio_url)


def downloads(pbx: SimulatedPbx) -> int:
    return len(requests_to(pbx, AUDIO_PATH, "GET"))


@pytest.mark.asyncio
async def test_concurrent_requests_share_one_download(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    record = await recorded(client)
    cache = RecordingCache(client, root=tmp_path)
    first: list[tuple[int, int | None]] = []
    second: list[tuple[int, int | None]] = []
    paths = await asyncio.gather(
        cache.fetch(record, lambda d, t: first.append((d, t))),
        cache.fetch(record, lambda d, t: second.append((d, t))),
        cache.fetch(record),
    )
    assert len(set(paths)) == 1
    path = paths[0]
    assert downloads(pbx) == 1
    assert path.suffix == ".wav"
    assert path.read_bytes()[:4] == b"RIFF"
    assert path.parent == cache.folder
    assert cache.folder is not None
    assert cache.folder.parent == tmp_path
    assert cache.folder.name.startswith(FOLDER_PREFIX)
    size = path.stat().st_size
    assert first[-1] == (size, size)
    assert second[-1] == (size, size)
    assert not cache.downloading(record)


@pytest.mark.asyncio
async def test_a_finished_download_is_reused(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    record = await recorded(client)
    cache = RecordingCache(client, root=tmp_path)
    path = await cache.fetch(record)
    reports: list[tuple[int, int | None]] = []
    again = await cache.fetch(record, lambda d, t: reports.append((d, t)))
    assert again == path
    assert cache.cached(record) == path
    assert downloads(pbx) == 1
    assert reports == [(path.stat().st_size, path.stat().st_size)]


@pytest.mark.asyncio
async def test_one_caller_giving_up_does_not_stop_the_shared_download(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    record = await recorded(client)
    cache = RecordingCache(client, root=tmp_path)
    quitter = asyncio.ensure_future(cache.fetch(record))
    stayer = asyncio.ensure_future(cache.fetch(record))
    await asyncio.sleep(0)
    quitter.cancel()
    path = await stayer
    assert quitter.cancelled()
    assert path.exists()
    assert downloads(pbx) == 1


@pytest.mark.asyncio
async def test_missing_recordings_are_reported_clearly(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    cache = RecordingCache(client, root=tmp_path)
    plain = await unrecorded(client)
    assert plain.audio_url is None
    with pytest.raises(RecordingUnavailable) as no_url:
        await cache.fetch(plain)
    assert no_url.value.uuid == plain.uuid
    assert downloads(pbx) == 0

    # a link the PBX answers with 404 (the call was not recorded after all)
    gone = replace(plain, audio_url=client.recordings.url_for(plain.uuid))
    with pytest.raises(RecordingUnavailable):
        await cache.fetch(gone)
    assert downloads(pbx) == 1
    assert cache.cached(gone) is None
    assert cache.folder is not None
    assert list(cache.folder.iterdir()) == []  # no partial file left behind

    dest = tmp_path / "saved.wav"
    with pytest.raises(RecordingUnavailable):
        await cache.save_as(gone, dest)
    assert not dest.exists()


@pytest.mark.asyncio
async def test_save_as_copies_a_cached_recording(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    record = await recorded(client)
    cache = RecordingCache(client, root=tmp_path / "cache")
    cached = await cache.fetch(record)
    dest = tmp_path / "out" / "call.wav"
    dest.parent.mkdir()
    reports: list[tuple[int, int | None]] = []
    saved = await cache.save_as(record, dest, lambda d, t: reports.append((d, t)))
    assert saved == dest
    assert dest.read_bytes() == cached.read_bytes()
    assert downloads(pbx) == 1  # copied, not downloaded again
    size = dest.stat().st_size
    assert reports[0] == (0, size)
    assert reports[-1] == (size, size)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["call.wav"]


@pytest.mark.asyncio
async def test_save_as_downloads_straight_to_the_file(
    pbx: SimulatedPbx, client: VegaClient, tmp_path: Path
) -> None:
    record = await recorded(client)
    cache = RecordingCache(client, root=tmp_path / "cache")
    dest = tmp_path / "call.wav"
    reports: list[tuple[int, int | None]] = []
    await cache.save_as(record, dest, lambda d, t: reports.append((d, t)))
    assert dest.read_bytes()[:4] == b"RIFF"
    assert reports[-1][0] == dest.stat().st_size
    assert downloads(pbx) == 1
    assert cache.cached(record) is None
    assert cache.folder is None  # nothing was cached, so no folder was made


@pytest.mark.asyncio
async def test_cleanup_removes_the_folder_and_old_ones(client: VegaClient, tmp_path: Path) -> None:
    old = tmp_path / f"{FOLDER_PREFIX}old"
    old.mkdir()
    (old / "x.wav").write_bytes(b"RIFF")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old / "x.wav", (two_days_ago, two_days_ago))
    os.utime(old, (two_days_ago, two_days_ago))
    recent = tmp_path / f"{FOLDER_PREFIX}recent"
    recent.mkdir()
    unrelated = tmp_path / "something-else"
    unrelated.mkdir()
    os.utime(unrelated, (two_days_ago, two_days_ago))

    cache = RecordingCache(client, root=tmp_path)
    path = await cache.fetch(await recorded(client))
    folder = cache.folder
    assert folder is not None
    assert not old.exists()  # a crashed run's folder goes when a new one is made
    assert recent.exists()

    cache.cleanup()
    assert not folder.exists()
    assert not path.exists()
    assert cache.folder is None
    assert cache.cached(path.stem) is None
    assert recent.exists()
    assert unrelated.exists()

    # usable again after a cleanup: a fresh folder
    again = await cache.fetch(await recorded(client))
    assert again.exists()
    await cache.aclose()
    assert not again.parent.exists()


@pytest.mark.asyncio
async def test_the_cache_stays_under_its_size(client: VegaClient, tmp_path: Path) -> None:
    first_record = await recorded(client, 0)
    second_record = await recorded(client, 1)
    cache = RecordingCache(client, root=tmp_path, max_bytes=1)
    first = await cache.fetch(first_record)
    second = await cache.fetch(second_record)
    assert second.exists()
    assert not first.exists()
    assert cache.cached(first_record) is None
    assert cache.cached(second_record) == second


def test_remove_stale_folders_keeps_the_live_one(tmp_path: Path) -> None:
    live = tmp_path / f"{FOLDER_PREFIX}live"
    live.mkdir()
    assert remove_stale_folders(tmp_path, 0, now=time.time() + 10, keep=live) == 0
    assert live.exists()
    assert remove_stale_folders(tmp_path / "missing") == 0


@pytest.mark.parametrize(
    ("header", "suffix"),
    [
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", ".wav"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", ".mp3"),
        (b"\xff\xfb\x90\x64\x00\x00", ".mp3"),
        (b"\xff\xf3\x90\x64", ".mp3"),
        (b"RIFF\x24\x08\x00\x00AVI ", None),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_audio_suffix_from_the_header(header: bytes, suffix: str | None) -> None:
    assert audio_suffix(header) == suffix
