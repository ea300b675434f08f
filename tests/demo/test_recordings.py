"""Call recordings: a real WAV, public, only after the call has ended."""

from __future__ import annotations

import io
import wave

import httpx
import pytest

from tests.demo.conftest import week
from vega_desktop.demo import SimulatedPbx, create_app
from vega_desktop.demo.audio import recording_wav
from vega_desktop.demo.pbx import dashed


def _check_wav(data: bytes, min_seconds: float) -> None:
    with wave.open(io.BytesIO(data)) as wav:
        assert wav.getnchannels() == 1
        assert wav.getframerate() == 8000
        assert wav.getsampwidth() == 2
        assert wav.getnframes() >= min_seconds * 8000
        frames = wav.readframes(wav.getnframes())
    samples = memoryview(frames).cast("h")
    assert max(samples) > 3000  # not silence
    assert min(samples) < -3000


@pytest.mark.asyncio
async def test_recordings_of_the_history_are_public_wav_files(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    history = (await client.get("/rest/calls/company.api", params=week(pbx))).json()
    url = next(r["audioRecUrl"] for r in history if r["audioRecUrl"])
    transport = httpx.ASGITransport(app=create_app(pbx))
    async with httpx.AsyncClient(transport=transport, base_url="http://pbx.test") as anon:
        response = await anon.get(url)  # no session: the path is public
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.content[:4] == b"RIFF"
    assert response.content[8:12] == b"WAVE"
    _check_wav(response.content, 2.0)


@pytest.mark.asyncio
async def test_recording_appears_only_after_the_call_ends(
    client: httpx.AsyncClient, pbx: SimulatedPbx
) -> None:
    uuid = pbx.start_call("incoming", number="+380501112233")
    pbx.answer_call(uuid)
    pbx.advance(8)
    assert (await client.get(f"/rest/public/calls/{uuid}/audio")).status_code == 404
    pbx.end_call(uuid)
    for form in (uuid, dashed(uuid), uuid.upper()):
        response = await client.get(f"/rest/public/calls/{form}/audio")
        assert response.status_code == 200
        _check_wav(response.content, 2.0)


@pytest.mark.asyncio
async def test_no_recording_is_404(client: httpx.AsyncClient, pbx: SimulatedPbx) -> None:
    uuid = pbx.start_call("incoming", number="+380501112233")
    pbx.end_call(uuid)  # never answered: nothing recorded
    history = (await client.get("/rest/calls/company.api", params=week(pbx))).json()
    assert history[0]["audioRecUrl"] is None
    for path in (uuid, "0" * 32, "not-a-uuid"):
        assert (await client.get(f"/rest/public/calls/{path}/audio")).status_code == 404


def test_the_same_call_sounds_the_same() -> None:
    first = recording_wav("d38f07d93b5947aac71194c6bebe1621", 3.0)
    assert first == recording_wav("d38f07d93b5947aac71194c6bebe1621", 3.0)
    assert first != recording_wav("f457486fa53945ddc5f5e735a5870b92", 3.0)
    _check_wav(first, 3.0)
