"""The recording player: a call's recording fetched through the cache, played with QtMultimedia.

:class:`RecordingPlayer` shows who the call was with and when, a play/pause button, a seek
slider with elapsed and total time, speed (1×, 1.5×, 2×) and volume, a progress bar while the
recording downloads, and "Save as…". Every problem is a line of plain text in the player — a
call without a recording, a download that failed, a file the media backend cannot read — never
a dialog. The app hands it records with :meth:`RecordingPlayer.play_record`::

    player = RecordingPlayer(cache=RecordingCache(client))
    player.play_record(history_record)   # returns the loading task
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QSignalBlocker, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import Direction, HistoryRecord, TransportError, VegaError
from vega_desktop.core.recordings import RecordingCache, RecordingUnavailable
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import (
    ElidedLabel,
    arg,
    format_duration,
    format_phone,
    plain_label,
    short_datetime,
)

__all__ = ["SPEEDS", "RecordingPlayer"]

_log = logging.getLogger("vega_desktop.ui.player")
T = TypeVar("T")

SPEEDS = (1.0, 1.5, 2.0)
SEEK_STEP_MS = 5000

STYLE = """
QWidget#RecordingPlayer { background: #ffffff; }
QLabel#playerTitle { font-size: 11pt; font-weight: 600; color: #111827; }
QLabel#playerSubtitle { font-size: 9pt; color: #52606d; }
QLabel#playerTime { font-size: 9pt; color: #334155; font-family: monospace; }
QLabel#playerStatus { font-size: 9pt; color: #475569; }
QLabel#playerStatus[tone="error"] { color: #b91c1c; }
QLabel#playerStatus[tone="ok"] { color: #15803d; }
QToolButton#playerPlay { border: 1px solid #cbd2d9; border-radius: 16px; background: #f8fafc; }
QToolButton#playerPlay:hover { background: #e0ecff; }
QToolButton[speed="true"] { border: 1px solid #cbd2d9; border-radius: 4px; padding: 2px 6px;
                            background: #ffffff; color: #334155; font-size: 9pt; }
QToolButton[speed="true"]:checked { background: #2563eb; border-color: #1d4ed8; color: #ffffff; }
QProgressBar#playerProgress { border: 1px solid #cbd2d9; border-radius: 3px; height: 8px;
                              background: #f1f5f9; text-align: center; font-size: 8pt; }
QProgressBar#playerProgress::chunk { background: #2563eb; }
"""


def _set_tone(label: QLabel, tone: str) -> None:
    label.setProperty("tone", tone)
    label.style().unpolish(label)
    label.style().polish(label)


class RecordingPlayer(QWidget):
    """Plays one call's recording at a time. ``saved(path)`` after "Save as…" wrote a file."""

    saved = Signal(str)

    def __init__(
        self, *, cache: RecordingCache, region: str = "UA", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RecordingPlayer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self._cache = cache
        self._region = region
        self._tasks = WidgetTasks(self, logger=_log)
        self._load_task: asyncio.Task[None] | None = None
        self._record: HistoryRecord | None = None
        self.save_dialog: QFileDialog | None = None

        self.audio_output = QAudioOutput(self)
        self.media_player = QMediaPlayer(self)
        self.media_player.setAudioOutput(self.audio_output)
        self.media_player.durationChanged.connect(self._duration_changed)
        self.media_player.positionChanged.connect(self._position_changed)
        self.media_player.playbackStateChanged.connect(self._state_changed)
        self.media_player.mediaStatusChanged.connect(self._status_changed)
        self.media_player.errorOccurred.connect(self._media_error)

        self._build()
        self._show_record(None)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(1)
        self.title_label = ElidedLabel("", self, name="playerTitle")
        self.subtitle_label = ElidedLabel("", self, name="playerSubtitle")
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        head.addLayout(titles, 1)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("playerSave")
        self.save_button.clicked.connect(self.request_save)
        head.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)

        row = QHBoxLayout()
        row.setSpacing(8)
        self._play = QToolButton(self)
        self._play.setObjectName("playerPlay")
        self._play.setFixedSize(32, 32)
        self._play.clicked.connect(self.toggle_play)
        row.addWidget(self._play)
        self.elapsed_label = plain_label("00:00", self, name="playerTime")
        row.addWidget(self.elapsed_label)
        self.seek_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.seek_slider.setObjectName("playerSeek")
        self.seek_slider.setRange(0, 0)
        self.seek_slider.setSingleStep(1000)
        self.seek_slider.setPageStep(SEEK_STEP_MS)
        self.seek_slider.valueChanged.connect(self._slider_value_changed)
        self.seek_slider.sliderReleased.connect(self._slider_released)
        row.addWidget(self.seek_slider, 1)
        self.total_label = plain_label("00:00", self, name="playerTime")
        row.addWidget(self.total_label)

        self._speeds = QButtonGroup(self)
        self._speeds.setExclusive(True)
        for index, rate in enumerate(SPEEDS):
            button = QToolButton(self)
            button.setText(f"{rate:g}×")
            button.setCheckable(True)
            button.setProperty("speed", True)
            self._speeds.addButton(button, index)
            row.addWidget(button)
        self._speeds.button(0).setChecked(True)
        self._speeds.idClicked.connect(lambda index: self.set_speed(SPEEDS[index]))

        volume_icon = QLabel(self)
        volume_icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume).pixmap(16, 16)
        )
        row.addSpacing(6)
        row.addWidget(volume_icon)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setObjectName("playerVolume")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setFixedWidth(80)
        self.volume_slider.valueChanged.connect(
            lambda value: self.audio_output.setVolume(value / 100)
        )
        self.volume_slider.setValue(80)
        row.addWidget(self.volume_slider)
        layout.addLayout(row)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("playerProgress")
        self.progress_bar.setFixedHeight(14)
        self.progress_bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self._status = plain_label("", self, name="playerStatus")
        self._status.setWordWrap(True)
        self._status_source: Callable[[], str] | None = None
        self._progress: tuple[int, int | None] = (0, None)
        layout.addWidget(self._status)
        layout.addStretch(1)  # as a whole page, keep the player together at the top

        for keys, slot in (
            (Qt.Key.Key_Space, self.toggle_play),
            (Qt.Key.Key_Left, lambda: self.seek(self.media_player.position() - SEEK_STEP_MS)),
            (Qt.Key.Key_Right, lambda: self.seek(self.media_player.position() + SEEK_STEP_MS)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._retranslate_controls()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _retranslate_controls(self) -> None:
        self.save_button.setText(self.tr("Save as…"))
        self.seek_slider.setAccessibleName(self.tr("Position"))
        self.volume_slider.setAccessibleName(self.tr("Volume"))
        for index, rate in enumerate(SPEEDS):
            self._speeds.button(index).setToolTip(arg(self.tr("Play at %1 speed"), f"{rate:g}×"))

    def retranslate(self) -> None:
        """Every text in the new language; playback, position and speed go on as they were."""
        self._retranslate_controls()
        self._show_titles(self._record)
        self._state_changed(self.media_player.playbackState())
        if not self.progress_bar.isHidden():
            self._download_progress(*self._progress)
        if self._status_source is not None:
            self._status.setText(self._status_source())

    # ------------------------------------------------------------------ public

    @property
    def record(self) -> HistoryRecord | None:
        return self._record

    def title_text(self) -> str:
        return self.title_label.full_text()

    def status_text(self) -> str:
        return self._status.text()

    def status_tone(self) -> str:
        return str(self._status.property("tone") or "")

    def speed(self) -> float:
        return float(self.media_player.playbackRate())

    def play_record(self, record: HistoryRecord) -> asyncio.Task[None]:
        """Fetch ``record``'s audio (through the cache) and play it; returns the loading task."""
        return self.load_record(record, autoplay=True)

    def load_record(self, record: HistoryRecord, *, autoplay: bool = False) -> asyncio.Task[None]:
        """Show ``record`` and fetch its audio; play when ``autoplay``. A previous load stops.
        The recording already loaded starts again from the beginning, without being unloaded."""
        if self._is_loaded(record):
            return self._tasks.start(self._replay(autoplay), name="replay recording")
        self.clear(record)
        task = self._tasks.start(self._load(record, autoplay), name="load recording")
        self._load_task = task
        return task

    def clear(self, record: HistoryRecord | None = None) -> None:
        """Stop, and show ``record`` (no call when ``None``) without fetching its audio."""
        if self._load_task is not None:
            self._load_task.cancel()
        if not self.media_player.source().isEmpty():  # nothing to unload otherwise
            self.media_player.stop()
            self.media_player.setSource(QUrl())
        self._record = record
        self._show_record(record)

    def toggle_play(self) -> None:
        if self.media_player.source().isEmpty():
            return
        if self.media_player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.media_player.pause()
        else:
            self.media_player.play()

    def seek(self, position_ms: int) -> None:
        duration = self.media_player.duration()
        upper = duration if duration > 0 else position_ms
        self.media_player.setPosition(max(0, min(int(position_ms), upper)))

    def set_speed(self, rate: float) -> None:
        """1×, 1.5× or 2× (other rates are allowed, and no speed button is then checked)."""
        self.media_player.setPlaybackRate(rate)
        for index, known in enumerate(SPEEDS):
            if abs(known - rate) < 1e-6:
                self._speeds.button(index).setChecked(True)

    def set_volume(self, percent: int) -> None:
        self.volume_slider.setValue(max(0, min(100, int(percent))))

    def request_save(self) -> asyncio.Task[None] | None:
        """ "Save as…": make sure the audio is here (its header names the file type), then ask
        where to save it. Returns the task that opens the dialog."""
        if self._record is None:
            return None
        return self._tasks.start(self._ask_where(self._record), name="save recording")

    def save_to(self, dest: Path) -> asyncio.Task[None] | None:
        """Save the current recording to ``dest`` (what the dialog does once a file is chosen)."""
        if self._record is None:
            return None
        return self._tasks.start(self._save(self._record, Path(dest)), name="save recording")

    # ------------------------------------------------------------------ loading

    def _show_record(self, record: HistoryRecord | None) -> None:
        self.progress_bar.hide()
        self._set_status("", "")
        self._duration_changed(0)
        self._position_changed(0)
        self._set_controls(enabled=False)
        self.save_button.setEnabled(bool(record is not None and record.audio_url))
        self._show_titles(record)

    def _show_titles(self, record: HistoryRecord | None) -> None:
        if record is None:
            self.title_label.set_full_text(self.tr("No call selected"))
            self.subtitle_label.set_full_text(self.tr("Pick a recorded call to listen to it."))
            return
        self.title_label.set_full_text(self._title_for(record))
        self.subtitle_label.set_full_text(self._subtitle_for(record))

    def _title_for(self, record: HistoryRecord) -> str:
        number = format_phone(record.other_leg_num, self._region)
        if record.direction is Direction.INTERNAL and record.leg2 is not None:
            number = number or (record.leg2.ext or "")
            name = record.other_leg_name or (record.leg2.display_name or "")
        else:
            name = record.other_leg_name or ""
        parts = [p for p in (name.strip(), number) if p]
        return " · ".join(dict.fromkeys(parts)) or self.tr("Unknown number")

    def _subtitle_for(self, record: HistoryRecord) -> str:
        direction = {
            Direction.INCOMING: self.tr("Incoming"),
            Direction.OUTGOING: self.tr("Outgoing"),
            Direction.INTERNAL: self.tr("Internal"),
        }.get(record.direction, "")
        parts = [short_datetime(record.end_at), direction]
        if record.leg is not None and record.leg.display_name:
            parts.append(record.leg.display_name)
        if record.bill_secs:
            parts.append(arg(self.tr("talk %1"), format_duration(record.bill_secs)))
        return " · ".join(p for p in parts if p)

    def _set_controls(self, *, enabled: bool) -> None:
        for widget in (self._play, self.seek_slider):
            widget.setEnabled(enabled)
        self._state_changed(self.media_player.playbackState())

    def _download_progress(self, done: int, total: int | None) -> None:
        if not is_alive(self):
            return
        self._progress = (done, total)
        self.progress_bar.show()
        if total:
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(done * 1000 / total))
            self.progress_bar.setFormat(arg(self.tr("Downloading… %1%"), str(done * 100 // total)))
        else:
            self.progress_bar.setRange(0, 0)  # busy: the size is not known

    async def _guarded(self, work: Awaitable[T], what: Callable[[], str]) -> T | None:
        """``work``'s result, or ``None`` after its failure is shown in the status line."""
        try:
            return await work
        except RecordingUnavailable:
            if is_alive(self):
                self.save_button.setEnabled(False)
                self._failed(lambda: self.tr("This call has no recording."), tone="")
        except Exception as exc:
            if is_alive(self):
                self._failed(self._describe(exc, what))
        return None

    def _is_loaded(self, record: HistoryRecord) -> bool:
        current = self._record
        return (
            current is not None
            and current.uuid == record.uuid
            and (self._load_task is None or self._load_task.done())
            and not self.media_player.source().isEmpty()
        )

    async def _replay(self, autoplay: bool) -> None:
        self.media_player.setPosition(0)
        if autoplay:
            self.media_player.play()

    async def _load(self, record: HistoryRecord, autoplay: bool) -> None:
        if not record.audio_url:
            self._set_status(lambda: self.tr("This call has no recording."), "")
            return
        self._set_status(lambda: self.tr("Downloading the recording…"), "")
        self._download_progress(0, None)
        fetch = self._cache.fetch(record, self._download_progress)
        path = await self._guarded(fetch, lambda: self.tr("The recording could not be downloaded"))
        if path is None or not is_alive(self) or record is not self._record:
            return
        self.progress_bar.hide()
        self._set_status("", "")
        self.media_player.setSource(QUrl.fromLocalFile(str(path)))
        if autoplay:
            self.media_player.play()

    def _failed(self, message: str | Callable[[], str], tone: str = "error") -> None:
        self.progress_bar.hide()
        self._set_status(message, tone)

    def _describe(self, exc: BaseException, what: Callable[[], str]) -> Callable[[], str]:
        """The failure's words, as a function: they are built again after a language change."""
        if isinstance(exc, TransportError):
            return lambda: arg(self.tr("%1: the PBX cannot be reached."), what())
        if isinstance(exc, VegaError):
            detail = exc.detail
        elif isinstance(exc, OSError):
            detail = exc.strerror or str(exc)
        else:
            _log.error("recording failed", exc_info=(type(exc), exc, exc.__traceback__))
            detail = str(exc) or type(exc).__name__
        return lambda: arg(self.tr("%1: %2"), what(), detail)

    # ------------------------------------------------------------------ saving

    async def _ask_where(self, record: HistoryRecord) -> None:
        self._set_status(lambda: self.tr("Preparing the file…"), "")
        fetch = self._cache.fetch(record, self._download_progress)
        path = await self._guarded(fetch, lambda: self.tr("The recording could not be saved"))
        if path is None or not is_alive(self) or record is not self._record:
            return
        self.progress_bar.hide()
        self._set_status("", "")
        suffix = path.suffix if path.suffix in (".wav", ".mp3") else ".wav"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        stamp = record.end_at.strftime("%Y-%m-%d_%H-%M") if record.end_at else record.uuid[:8]
        number = (record.other_leg_num or "").lstrip("+") or record.uuid[:8]
        dialog = QFileDialog(self, self.tr("Save the recording"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        kind = self.tr("MP3 audio") if suffix == ".mp3" else self.tr("WAV audio")
        dialog.setNameFilter(f"{kind} (*{suffix})")
        dialog.setDefaultSuffix(suffix.lstrip("."))
        dialog.setDirectory(folder or str(Path.home()))
        dialog.selectFile(f"{stamp}_{number}{suffix}")
        dialog.fileSelected.connect(lambda chosen: self.save_to(Path(chosen)))
        dialog.finished.connect(self._dialog_finished)
        self.save_dialog = dialog
        dialog.open()

    def _dialog_finished(self, _result: int) -> None:
        if self.save_dialog is not None:
            self.save_dialog.deleteLater()
            self.save_dialog = None

    async def _save(self, record: HistoryRecord, dest: Path) -> None:
        self._set_status(lambda: self.tr("Saving…"), "")
        self._download_progress(0, None)
        work = self._cache.save_as(record, dest, self._download_progress)
        if await self._guarded(work, lambda: self.tr("The recording could not be saved")) is None:
            return
        if is_alive(self):
            self.progress_bar.hide()
            self._set_status(lambda: arg(self.tr("Saved to %1"), str(dest)), "ok")
            self.saved.emit(str(dest))

    # ------------------------------------------------------------------ media player

    def _duration_changed(self, duration: int) -> None:
        with QSignalBlocker(self.seek_slider):
            self.seek_slider.setRange(0, max(0, duration))
        self.total_label.setText(format_duration(duration / 1000))

    def _position_changed(self, position: int) -> None:
        if self.seek_slider.isSliderDown():
            return
        with QSignalBlocker(self.seek_slider):
            self.seek_slider.setValue(position)
        self.elapsed_label.setText(format_duration(position / 1000))

    def _slider_value_changed(self, value: int) -> None:
        self.elapsed_label.setText(format_duration(value / 1000))
        if not self.seek_slider.isSliderDown():
            self.media_player.setPosition(value)  # a click on the track, or the keyboard

    def _slider_released(self) -> None:
        self.media_player.setPosition(self.seek_slider.value())

    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        pixmaps = QStyle.StandardPixmap
        icon = pixmaps.SP_MediaPause if playing else pixmaps.SP_MediaPlay
        self._play.setIcon(self.style().standardIcon(icon))
        self._play.setToolTip(self.tr("Pause") if playing else self.tr("Play"))
        self._play.setAccessibleName(self._play.toolTip())

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status in (
            QMediaPlayer.MediaStatus.LoadedMedia,
            QMediaPlayer.MediaStatus.BufferedMedia,
            QMediaPlayer.MediaStatus.EndOfMedia,
        ):
            self._set_controls(enabled=True)
        if status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._set_controls(enabled=False)

    def _media_error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error == QMediaPlayer.Error.NoError:
            return
        _log.warning("media player: %s (%s)", text, error)
        reason = text or str(error)
        self._failed(lambda: arg(self.tr("This recording cannot be played: %1"), reason))

    def _set_status(self, text: str | Callable[[], str], tone: str) -> None:
        """``text`` as a function is asked again for the words after a language change."""
        self._status_source = text if callable(text) else None
        shown = text() if callable(text) else text
        self._status.setText(shown)
        self._status.setVisible(bool(shown))
        _set_tone(self._status, tone)
