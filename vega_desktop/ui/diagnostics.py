"""Save diagnostics…: ask where, write the bundle off the GUI thread, tell the operator.

:class:`DiagnosticsSaver` is what the tray's ``diagnostics_requested`` connects to::

    saver = DiagnosticsSaver(collector=collector, notify=tray.show_message, parent=app)
    tray.diagnostics_requested.connect(saver.ask)

:meth:`ask` opens a file dialog — not blocking: ``QFileDialog.open()``, so the event loop and
the asyncio tasks on it go on — in Documents (or the home folder) with the default name
``vega-desktop-diagnostics-YYYYMMDD-HHMMSS.zip``. The chosen path goes to :meth:`save_to`,
which anyone (a test) can call with a path of its own. The
:class:`~vega_desktop.core.diagnostics.DiagnosticsCollector` reads the log, the settings and the
keyring and writes the zip in worker threads; the operator then gets a short notice: where the
file went, or that it could not be written (the reason goes to the log).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from vega_desktop.core.diagnostics import default_file_name
from vega_desktop.ui.asyncutil import WidgetTasks

if TYPE_CHECKING:
    from vega_desktop.core.diagnostics import DiagnosticsCollector

__all__ = ["DiagnosticsSaver", "Notify"]

_log = logging.getLogger("vega_desktop.ui.diagnostics")


class Notify(Protocol):
    """Shows a short notice (:meth:`~vega_desktop.ui.tray.TrayController.show_message`)."""

    def __call__(self, title: str, text: str, *, error: bool = False) -> None: ...


class DiagnosticsSaver(QObject):
    """Asks for a file name and writes the diagnostics bundle there."""

    saved = Signal(str)  # the path written
    failed = Signal(str)  # the path that could not be written

    def __init__(
        self,
        *,
        collector: DiagnosticsCollector,
        notify: Notify,
        parent_widget: QWidget | None = None,
        folder: Path | None = None,
        clock: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._collector = collector
        self._notify = notify
        self._parent_widget = parent_widget
        self._folder = folder
        self._clock = clock
        self._dialog: QFileDialog | None = None
        self._tasks = WidgetTasks(self, logger=_log)

    @property
    def dialog(self) -> QFileDialog | None:
        """The file dialog while it is open."""
        return self._dialog

    @property
    def busy(self) -> bool:
        """True while a bundle is being written."""
        return self._tasks.busy

    def default_folder(self) -> Path:
        """Documents when the desktop has that folder, else the home folder."""
        if self._folder is not None:
            return self._folder
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        if documents and Path(documents).is_dir():
            return Path(documents)
        return Path.home()

    def default_path(self) -> Path:
        return self.default_folder() / default_file_name(self._clock())

    def ask(self) -> QFileDialog:
        """Open the Save dialog (or bring the open one forward); choosing a file saves there."""
        dialog = self._dialog
        if dialog is None:
            dialog = QFileDialog(
                self._parent_widget,
                self.tr("Save diagnostics"),
                str(self.default_path()),
                self.tr("Zip archives (*.zip)"),
            )
            dialog.setObjectName("diagnosticsDialog")
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
            dialog.setDefaultSuffix("zip")
            dialog.fileSelected.connect(self._on_file_selected)
            dialog.finished.connect(self._on_dialog_finished)
            self._dialog = dialog
            dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _on_file_selected(self, name: str) -> None:
        if name:
            self.save_to(Path(name))

    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def save_to(self, path: Path) -> asyncio.Task[Path | None]:
        """Write the bundle to ``path`` (in worker threads); the task's result is the path
        written, or ``None`` when it failed (the operator was told, the log has why)."""
        return self._tasks.start(self._save(path), name="save diagnostics")

    async def _save(self, path: Path) -> Path | None:
        try:
            written = await self._collector.save(path)
        except Exception:  # whatever went wrong, the operator hears of it, the log says what
            _log.warning("diagnostics could not be saved to %s", path, exc_info=True)
            self._notify(
                self.tr("Diagnostics not saved"),
                self.tr("Could not write %1. The log has the details.").replace("%1", path.name),
                error=True,
            )
            self.failed.emit(str(path))
            return None
        _log.info("diagnostics saved to %s", written)
        self._notify(
            self.tr("Diagnostics saved"),
            self.tr("Saved to %1. Send this file to support.").replace("%1", str(written)),
        )
        self.saved.emit(str(written))
        return written
