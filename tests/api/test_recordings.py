"""Recording downloads: streamed, progress, atomic rename, cleanup, cookie only to the PBX."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.api.fakepbx import CALL_UUID, FakePbx
from vega_desktop.api import NotFound, ProtocolError, ServerError, TransportError, VegaClient

pytestmark = pytest.mark.asyncio

AUDIO = bytes(range(256)) * 1000  # 256 000 bytes: several 64 KiB chunks
FOREIGN = (
    "https://podium.betell.com.ua/rest/public/calls/d38f07d9-3b59-47aa-c711-94c6bebe1621/audio"
)


def serve_audio(pbx: FakePbx, handler: object = None) -> None:
    def default(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=AUDIO, headers={"Content-Type": "audio/mpeg"})

    pbx.on("GET", "/rest/public/calls/[^/]+/audio", handler or default)  # type: ignore[arg-type]


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


async def test_download_by_uuid_streams_with_progress(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    serve_audio(pbx)
    reports: list[tuple[int, int | None]] = []
    dest = tmp_path / "call.mp3"
    result = await client.recordings.download(
        CALL_UUID, dest, progress=lambda d, t: reports.append((d, t))
    )
    assert result == dest
    assert dest.read_bytes() == AUDIO
    assert reports[0] == (0, len(AUDIO))
    assert reports[-1] == (len(AUDIO), len(AUDIO))
    assert len(reports) >= 1 + len(AUDIO) // (64 * 1024)
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)
    assert leftovers(tmp_path) == []
    seen = pbx.log[-1]
    assert (seen.host, seen.path) == ("acme.pbx.vega.ua", f"/rest/public/calls/{CALL_UUID}/audio")
    assert pbx.authorizations == 0  # the public link needs no session


async def test_download_with_unknown_length(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    async def body() -> AsyncIterator[bytes]:
        for start in range(0, len(AUDIO), 10_000):
            yield AUDIO[start : start + 10_000]

    serve_audio(pbx, lambda request: httpx.Response(200, content=body()))
    reports: list[tuple[int, int | None]] = []
    await client.recordings.download(
        CALL_UUID, tmp_path / "a.wav", progress=lambda d, t: reports.append((d, t))
    )
    assert (tmp_path / "a.wav").read_bytes() == AUDIO
    assert {t for _, t in reports} == {None}
    assert reports[-1][0] == len(AUDIO)


async def test_download_from_another_host_never_gets_the_session_cookie(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    await client.users.list()  # we hold a session for the PBX
    pbx.on(
        "GET",
        "/rest/public/calls/[^/]+/audio",
        lambda r: httpx.Response(200, content=b"ID3" + AUDIO),
    )
    await client.recordings.download(FOREIGN, tmp_path / "b.mp3")
    seen = pbx.log[-1]
    assert seen.host == "podium.betell.com.ua"
    assert seen.path == "/rest/public/calls/d38f07d9-3b59-47aa-c711-94c6bebe1621/audio"
    assert seen.cookie is None
    assert (tmp_path / "b.mp3").read_bytes() == b"ID3" + AUDIO
    # while the PBX's own link does carry it
    await client.recordings.download(client.recordings.url_for(CALL_UUID), tmp_path / "c.mp3")
    assert pbx.log[-1].cookie is not None
    assert "JSESSIONID" in pbx.log[-1].cookie


async def test_a_redirect_to_another_host_drops_the_cookie(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    await client.users.list()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "acme.pbx.vega.ua":
            return httpx.Response(302, headers={"Location": FOREIGN})
        return httpx.Response(200, content=AUDIO)

    serve_audio(pbx, handler)
    await client.recordings.download(CALL_UUID, tmp_path / "r.mp3")
    own, foreign = pbx.log[-2:]
    assert own.cookie is not None
    assert foreign.host == "podium.betell.com.ua"
    assert foreign.cookie is None
    assert (tmp_path / "r.mp3").read_bytes() == AUDIO


@pytest.mark.parametrize("location", ["ftp://example.com/a.mp3", "file:///etc/passwd"])
async def test_a_redirect_to_a_non_http_url_is_refused(
    client: VegaClient, pbx: FakePbx, tmp_path: Path, location: str
) -> None:
    serve_audio(pbx, lambda request: httpx.Response(302, headers={"Location": location}))
    with pytest.raises(ProtocolError, match="http"):
        await client.recordings.download(CALL_UUID, tmp_path / "r.mp3")
    assert files(tmp_path) == []


async def test_endless_redirects_are_cut(client: VegaClient, pbx: FakePbx, tmp_path: Path) -> None:
    serve_audio(pbx, lambda request: httpx.Response(302, headers={"Location": request.url.path}))
    with pytest.raises(ProtocolError, match="redirects"):
        await client.recordings.download(CALL_UUID, tmp_path / "r.mp3")
    assert len(pbx.log) == 6


async def test_public_audio_behind_a_session(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        cookie = request.headers.get("cookie") or ""
        if not any(session in cookie for session in pbx.sessions):
            return httpx.Response(403)
        return httpx.Response(200, content=AUDIO)

    serve_audio(pbx, handler)
    await client.recordings.download(CALL_UUID, tmp_path / "s.mp3")
    assert [s.path for s in pbx.log] == [
        f"/rest/public/calls/{CALL_UUID}/audio",
        "/rest/security/authorize",
        f"/rest/public/calls/{CALL_UUID}/audio",
    ]


async def test_404_is_not_found_and_leaves_nothing(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    serve_audio(pbx, lambda request: httpx.Response(404, text="no recording"))
    dest = tmp_path / "missing.mp3"
    with pytest.raises(NotFound) as caught:
        await client.recordings.download(CALL_UUID, dest)
    assert caught.value.status == 404
    assert files(tmp_path) == []


async def test_failure_mid_stream_keeps_the_old_file(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    dest = tmp_path / "call.mp3"
    dest.write_bytes(b"previous recording")

    async def broken() -> AsyncIterator[bytes]:
        yield AUDIO[:70_000]
        raise httpx.ReadError("connection reset")

    serve_audio(pbx, lambda request: httpx.Response(200, content=broken()))
    with pytest.raises(TransportError, match="recording"):
        await client.recordings.download(CALL_UUID, dest)
    assert dest.read_bytes() == b"previous recording"
    assert leftovers(tmp_path) == []
    assert len(pbx.log) == 3  # an idempotent read: retried, then given up


async def test_a_short_body_is_detected(client: VegaClient, pbx: FakePbx, tmp_path: Path) -> None:
    serve_audio(
        pbx,
        lambda request: httpx.Response(
            200, content=AUDIO[:1000], headers={"Content-Length": str(len(AUDIO))}
        ),
    )
    with pytest.raises(TransportError, match="cut short"):
        await client.recordings.download(CALL_UUID, tmp_path / "x.mp3")
    assert files(tmp_path) == []


async def test_an_html_page_is_not_a_recording(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    serve_audio(
        pbx,
        lambda request: httpx.Response(
            200, text="<html>login</html>", headers={"Content-Type": "text/html; charset=utf-8"}
        ),
    )
    with pytest.raises(ProtocolError, match="page"):
        await client.recordings.download(CALL_UUID, tmp_path / "x.mp3")
    assert files(tmp_path) == []


async def test_server_errors_after_retries(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    serve_audio(pbx, lambda request: httpx.Response(503))
    with pytest.raises(ServerError):
        await client.recordings.download(CALL_UUID, tmp_path / "x.mp3")
    assert len(pbx.log) == 3
    assert files(tmp_path) == []


async def test_a_failing_progress_callback_cleans_up(
    client: VegaClient, pbx: FakePbx, tmp_path: Path
) -> None:
    serve_audio(pbx)

    def progress(done: int, total: int | None) -> None:
        if done > 100_000:
            raise RuntimeError("window closed")

    with pytest.raises(RuntimeError, match="window closed"):
        await client.recordings.download(CALL_UUID, tmp_path / "x.mp3", progress=progress)
    assert files(tmp_path) == []


async def test_cancellation_cleans_up(client: VegaClient, pbx: FakePbx, tmp_path: Path) -> None:
    started = asyncio.Event()

    async def slow() -> AsyncIterator[bytes]:
        yield AUDIO[:65536]
        started.set()
        await asyncio.sleep(30)
        yield AUDIO[65536:]

    serve_audio(pbx, lambda request: httpx.Response(200, content=slow()))
    task = asyncio.create_task(client.recordings.download(CALL_UUID, tmp_path / "x.mp3"))
    await asyncio.wait_for(started.wait(), 5)
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert files(tmp_path) == []


@pytest.mark.parametrize(
    "target",
    [
        "ftp://podium.betell.com.ua/a.mp3",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "podium.betell.com.ua/rest/public/calls/x/audio",
        "http://",
        "",
        "   ",
        "47a9688939",
    ],
)
async def test_only_http_urls_or_uuids(
    client: VegaClient, pbx: FakePbx, tmp_path: Path, target: str
) -> None:
    with pytest.raises(ValueError, match=r"URL|uuid"):
        await client.recordings.download(target, tmp_path / "x.mp3")
    assert pbx.log == []


async def test_url_for_keeps_the_uuid_form(client: VegaClient) -> None:
    dashed = "d38f07d9-3b59-47aa-c711-94c6bebe1621"
    assert client.recordings.url_for(dashed).endswith(f"/calls/{dashed}/audio")
    assert client.recordings.url_for(CALL_UUID.upper()).endswith(f"/calls/{CALL_UUID}/audio")
    with pytest.raises(ValueError, match="uuid"):
        client.recordings.url_for("../../rest/users")


async def test_dest_folder_must_exist(client: VegaClient, pbx: FakePbx, tmp_path: Path) -> None:
    serve_audio(pbx)
    with pytest.raises(FileNotFoundError):
        await client.recordings.download(CALL_UUID, tmp_path / "no" / "such" / "x.mp3")
    with pytest.raises(IsADirectoryError):
        await client.recordings.download(CALL_UUID, tmp_path)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("given", "served"),
    [
        ("d38f07d93b5947aac71194c6bebe1621", "d38f07d9-3b59-47aa-c711-94c6bebe1621"),
        ("d38f07d9-3b59-47aa-c711-94c6bebe1621", "d38f07d93b5947aac71194c6bebe1621"),
    ],
)
async def test_a_recording_is_found_under_either_uuid_spelling(
    tmp_path: Path, given: str, served: str
) -> None:
    asked: list[str] = []

    def pbx(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path == f"/rest/public/calls/{served}/audio":
            return httpx.Response(
                200, content=b"RIFF....WAVE", headers={"content-type": "audio/wav"}
            )
        return httpx.Response(404, text="no such call")

    async with VegaClient(
        domain="acme.pbx.vega.ua",
        api_key="secret-key-1234",
        transport=httpx.MockTransport(pbx),
    ) as client:
        dest = await client.recordings.download(given, tmp_path / "call.wav")
    assert dest.read_bytes() == b"RIFF....WAVE"
    assert asked == [f"/rest/public/calls/{given}/audio", f"/rest/public/calls/{served}/audio"]
