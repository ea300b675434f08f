"""The workbench: the main window the tray opens, one page per feature.

``window.WorkbenchWindow`` holds the pages (``missed.MissedPage``, ``history.HistoryPage``, and
the contacts, colleagues and player pages built elsewhere). This package module keeps only what
every page shares: the inline banner that reports a failure in place (never a dialog), and the
wording of PBX errors for people.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from vega_desktop.api import (
    AuthError,
    NotFound,
    ProtocolError,
    ServerError,
    SessionExpired,
    TransportError,
)
from vega_desktop.ui.text import plain_label

__all__ = ["InlineBanner", "describe_error"]

BANNER_STYLE = """
QFrame#inlineBanner { border-radius: 4px; padding: 2px; }
QFrame#inlineBanner[tone="error"] { background: #fdecec; border: 1px solid #f3b4b4; }
QFrame#inlineBanner[tone="info"] { background: #eef4ff; border: 1px solid #c7d7fe; }
QLabel#bannerText { color: #1f2937; }
"""


def _tr(text: str) -> str:
    return QCoreApplication.translate("workbench", text)


def describe_error(exc: BaseException) -> str:
    """A short sentence for an operator; never the exception's repr."""
    if isinstance(exc, TransportError):
        return _tr("The PBX cannot be reached. Check the connection.")
    if isinstance(exc, AuthError | SessionExpired):
        return _tr("The PBX did not accept the sign-in.")
    if isinstance(exc, ServerError):
        return _tr("The PBX had a problem answering. Try again in a moment.")
    if isinstance(exc, ProtocolError):
        return _tr("The PBX sent something unexpected.")
    if isinstance(exc, NotFound):
        return _tr("The PBX does not know this item.")
    detail = getattr(exc, "detail", "")
    return str(detail) if detail else _tr("Something went wrong.")


class InlineBanner(QFrame):
    """A one-line message above a page's content, with an optional Retry button.

    ``show_error(text, retry=True)`` / ``show_info(text)`` / ``clear()``; ``retry_requested``
    fires when Retry is clicked. The text is plain (PBX details may contain anything).
    """

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setProperty("tone", "error")
        self._label = plain_label("", self, name="bannerText")
        self._label.setWordWrap(True)
        self._retry = QPushButton(self.tr("Retry"), self)
        self._retry.setObjectName("bannerRetry")
        self._retry.clicked.connect(self.retry_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._retry, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def text(self) -> str:
        return self._label.text() if self.isVisibleTo(self.parentWidget()) else ""

    @property
    def retry_button(self) -> QPushButton:
        return self._retry

    def show_error(self, text: str, *, retry: bool = True) -> None:
        self._show(text, "error", retry)

    def show_info(self, text: str) -> None:
        self._show(text, "info", False)

    def clear(self) -> None:
        self._label.setText("")
        self.hide()

    def _show(self, text: str, tone: str, retry: bool) -> None:
        self._label.setText(text)
        self._retry.setVisible(retry)
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            self.style().unpolish(self)
            self.style().polish(self)
        self.show()
