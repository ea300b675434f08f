"""The workbench: the main window the tray opens, one page per feature.

``window.WorkbenchWindow`` holds the pages (``missed.MissedPage``, ``history.HistoryPage``, and
the contacts, colleagues and player pages built elsewhere). This package module keeps only what
every page shares: the inline banner that reports a failure in place (never a dialog), the
wording of PBX errors for people, and how a call's parties are written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, Qt, QTimeZone, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from vega_desktop.api import (
    AuthError,
    Direction,
    HistoryRecord,
    Leg,
    NotFound,
    ProtocolError,
    ServerError,
    SessionExpired,
    TransportError,
)
from vega_desktop.ui.text import format_phone, plain_label

__all__ = ["InlineBanner", "describe_error", "full_time", "leg_text", "party_text"]

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


def leg_text(leg: Leg | None) -> str:
    """``Петро Петров (002)``, or whichever half is known."""
    if leg is None:
        return ""
    name = (leg.display_name or "").strip()
    ext = (leg.ext or "").strip()
    if name and ext:
        return f"{name} ({ext})"
    return name or ext


@functools.lru_cache(maxsize=4096)
def _shown_number(number: str) -> str:
    return format_phone(number)  # phonenumbers takes ~0.3 ms; histories repeat their numbers


def _looks_like_number(text: str) -> bool:
    return all(ch.isdigit() or ch in " +-()." for ch in text)


def party_text(record: HistoryRecord, *, one_line: bool = True) -> str:
    """The other side: ``Name · 067 123 4567``, the number alone, or the colleague of an
    internal call. ``one_line`` folds line breaks in a CRM name (a table cell has one line)."""
    if record.other_leg_num:
        number = _shown_number(record.other_leg_num)
        raw = (record.other_leg_name or "").strip()
        name = " ".join(raw.split()) if one_line else raw
        if name and not _looks_like_number(name):
            return f"{name} · {number}"
        return number
    if record.direction is Direction.INTERNAL:
        return leg_text(record.leg2)
    return ""


def full_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    stamp = QDateTime.fromMSecsSinceEpoch(
        int(moment.timestamp() * 1000), QTimeZone.systemTimeZone()
    )
    return stamp.toString("yyyy-MM-dd HH:mm:ss")


class InlineBanner(QFrame):
    """A one-line message above a page's content, with an optional Retry button.

    ``show_error(text, retry=True)`` / ``show_info(text)`` / ``clear()``; ``retry_requested``
    fires when Retry is clicked. The text is plain (PBX details may contain anything). A text
    given as a function is built again in the new language when the language changes.
    """

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setProperty("tone", "error")
        self._source: Callable[[], str] | None = None
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
        """The message shown, "" when the banner is hidden."""
        return "" if self.isHidden() else self._label.text()

    @property
    def retry_button(self) -> QPushButton:
        return self._retry

    def show_error(self, text: str | Callable[[], str], *, retry: bool = True) -> None:
        self._show(text, "error", retry)

    def show_info(self, text: str | Callable[[], str]) -> None:
        self._show(text, "info", False)

    def clear(self) -> None:
        self._source = None
        self._label.setText("")
        self.hide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        self._retry.setText(self.tr("Retry"))
        if self._source is not None:
            self._label.setText(self._source())

    def _show(self, text: str | Callable[[], str], tone: str, retry: bool) -> None:
        self._source = text if callable(text) else None
        self._label.setText(text() if callable(text) else text)
        self._retry.setVisible(retry)
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            self.style().unpolish(self)
            self.style().polish(self)
        self.show()
