"""The recording player against the simulated PBX: loads, reports the duration, seeks, saves."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from vega_desktop.api import HistoryRecord, VegaClient
from vega_desktop.core.recordings import RecordingCache
from vega_desktop.demo import SimulatedPbx
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.workbench.player import RecordingPlayer

from .conftest import until
from .crm_fixtures import client_fixture, pbx_fixture, recent_history, requests_to
from .test_i18n import qm_dir, translations
from .workbench_fixtures import switch_language as switch

__all__ = ["client_fixture", "pbx_fixture", "qm_dir", "translations"]

# QtMultimedia on a machine without VA-API or a sound server: it says so (warnings from the
# categories qt.multimedia.symbolsresolver and default), and playback still runs to the end.
# pytest-qt matches these patterns against the message text, not the category.
NO_DEVICE = (
    r"^Couldn't (load|resolve) .+ (library|symbols)$",
    r"^PulseAudioService: pa_context_connect\(\) failed$",
    r"^No audio device detected$",
)
pytestmark = pytest.mark.qt_log_ignore(*NO_DEVICE)

Status = QMediaPlayer.MediaStatus


async def recorded(client: VegaClient) -> HistoryRecord:
    return next(r for r in await recent_history(client) if r.audio_url and r.other_leg_num)


async def unrecorded(client: VegaClient) -> HistoryRecord:
    return next(r for r in await recent_history(client) if not r.audio_url)


@pytest.fixture
def cache(client: VegaClient, tmp_path: Path) -> Iterator[RecordingCache]:
    recordings = RecordingCache(client, root=tmp_path / "cache")
    yield recordings
    recordings.cleanup()


@pytest.fixture
def player(qtbot: QtBot, cache: RecordingCache) -> RecordingPlayer:
    widget = RecordingPlayer(cache=cache)
    qtbot.addWidget(widget)
    widget.resize(640, 130)
    widget.show()
    return widget


def loaded(player: RecordingPlayer) -> bool:
    return player.media_player.mediaStatus() in (
        Status.LoadedMedia,
        Status.BufferedMedia,
        Status.EndOfMedia,
    )


def test_player_loads_the_recording_and_reports_its_duration(
    qloop: asyncio.AbstractEventLoop,
    player: RecordingPlayer,
    client: VegaClient,
    pbx: SimulatedPbx,
    shots_dir: Path,
) -> None:
    async def scenario() -> None:
        record = await recorded(client)
        await player.load_record(record)
        assert player.title_text()
        assert player.record is record
        await until(lambda: loaded(player))
        duration = player.media_player.duration()
        assert duration > 0
        assert player.seek_slider.maximum() == duration
        assert player.total_label.text() == f"00:{duration // 1000:02d}"
        assert player.seek_slider.isEnabled()
        assert not player.progress_bar.isVisible()
        assert player.status_text() == ""

        player.seek(1500)
        await until(lambda: player.media_player.position() >= 1000)
        assert player.seek_slider.value() == player.media_player.position()
        assert player.elapsed_label.text() == "00:01"
        player.seek_slider.setValue(500)  # a click on the track moves the playhead
        await until(lambda: player.media_player.position() < 1000)

        player.set_speed(1.5)
        assert player.speed() == 1.5
        player.set_speed(2.0)
        assert player.media_player.playbackRate() == 2.0
        player.set_volume(30)
        assert player.audio_output.volume() == pytest.approx(0.3)
        player.grab().save(str(shots_dir / "player.png"))

        player.toggle_play()
        await until(
            lambda: (
                player.media_player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
                or player.media_player.mediaStatus() == Status.EndOfMedia
            )
        )
        # a second play of the same call comes from the cache
        await player.play_record(record)
        assert len(requests_to(pbx, "/rest/public/calls/", "GET")) == 1

    qloop.run_until_complete(scenario())


def test_a_call_without_recording_is_one_line_of_text(
    qloop: asyncio.AbstractEventLoop, player: RecordingPlayer, client: VegaClient
) -> None:
    async def scenario() -> None:
        plain = await unrecorded(client)
        await player.play_record(plain)
        assert player.status_text() == "This call has no recording."
        assert not player.seek_slider.isEnabled()
        gone = replace(plain, audio_url=client.recordings.url_for(plain.uuid))  # PBX says 404
        await player.play_record(gone)
        assert player.status_text() == "This call has no recording."
        assert not player.progress_bar.isVisible()
        assert player.media_player.source().isEmpty()

    qloop.run_until_complete(scenario())
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog | QMessageBox)]


def test_a_failed_download_is_reported_in_place(
    qloop: asyncio.AbstractEventLoop,
    player: RecordingPlayer,
    client: VegaClient,
    pbx: SimulatedPbx,
) -> None:
    async def scenario() -> None:
        record = await recorded(client)
        pbx.add_fault("500", path="/rest/public/calls/", count=10)
        await player.play_record(record)
        assert player.status_tone() == "error"
        assert player.status_text().startswith("The recording could not be downloaded")

    qloop.run_until_complete(scenario())


@pytest.mark.qt_log_ignore(*NO_DEVICE, r"^Could not open media\. FFmpeg error description")
def test_an_unreadable_file_is_a_media_error(
    qloop: asyncio.AbstractEventLoop, player: RecordingPlayer, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF\x00\x00\x00\x00WAVE" + b"\x00garbage" * 50)

    async def scenario() -> None:
        player.media_player.setSource(QUrl.fromLocalFile(str(junk)))
        await until(lambda: player.status_tone() == "error")
        assert player.status_text().startswith("This recording cannot be played: ")

    qloop.run_until_complete(scenario())


def test_save_as_writes_the_file_the_user_picks(
    qloop: asyncio.AbstractEventLoop,
    player: RecordingPlayer,
    client: VegaClient,
    tmp_path: Path,
) -> None:
    saved: list[str] = []
    player.saved.connect(saved.append)

    async def scenario() -> None:
        record = await recorded(client)
        await player.load_record(record)
        task = player.request_save()
        assert task is not None
        await task
        dialog = player.save_dialog
        assert dialog is not None
        assert dialog.defaultSuffix() == "wav"
        assert dialog.selectedFiles()[0].endswith(".wav")
        dest = tmp_path / "chosen.wav"
        # what the dialog sends once a file is chosen (typing into a QFileDialog races its
        # directory model, so the test hands it the choice directly)
        dialog.fileSelected.emit(str(dest))
        dialog.reject()
        await until(lambda: bool(saved))
        assert Path(saved[0]) == dest
        assert dest.read_bytes()[:4] == b"RIFF"
        assert player.status_text() == f"Saved to {dest}"
        assert player.status_tone() == "ok"

    qloop.run_until_complete(scenario())


def test_a_language_switch_retranslates_and_keeps_playing(
    qloop: asyncio.AbstractEventLoop,
    translations: Translations,
    player: RecordingPlayer,
    client: VegaClient,
) -> None:
    switch(translations, "uk")
    assert player.title_text() == "Дзвінок не вибрано"
    assert player.save_button.text() == "Зберегти як…"

    async def scenario() -> HistoryRecord:
        record = await unrecorded(client)
        await player.load_record(record)
        return record

    record = qloop.run_until_complete(scenario())
    player.set_speed(1.5)
    subtitle = player.subtitle_label.full_text()
    assert player.status_text() == "Цей дзвінок не має запису."

    switch(translations, "en")
    assert player.save_button.text() == "Save as…"
    assert player.seek_slider.accessibleName() == "Position"
    assert player._play.toolTip() == "Play"
    assert player.status_text() == "This call has no recording."
    assert player.subtitle_label.full_text() != subtitle
    assert player.record is record
    assert player.speed() == 1.5

    switch(translations, "uk")
    assert player.save_button.text() == "Зберегти як…"
    assert player.status_text() == "Цей дзвінок не має запису."
    assert player.subtitle_label.full_text() == subtitle
    assert player.speed() == 1.5
