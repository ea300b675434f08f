"""Plain text for people: phone numbers, durations, times, and labels that never read markup.

Everything that comes from the PBX (names, companies, notes, field values) is untrusted text. It
is shown through :func:`plain_label` / :class:`ElidedLabel`, which force ``Qt.PlainText``, and
tooltips go through :func:`plain_tooltip`, which escapes it, because Qt guesses "rich text" for
any string that looks like a tag (a contact named ``<b>x</b>`` must show those characters).
"""

from __future__ import annotations

import functools
import html
import re
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    QSize,
    Qt,
    QTimeZone,
)
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = [
    "ElidedLabel",
    "arg",
    "format_clock",
    "format_duration",
    "format_phone",
    "plain_label",
    "plain_tooltip",
    "relative_time",
    "short_datetime",
]

_PLACEHOLDER = re.compile(r"%([1-9])")


def arg(template: str, *values: str) -> str:
    """Qt-style ``%1``/``%2`` substitution in one pass: a value that itself contains ``%2`` is
    left alone (``str.format`` would choke on braces in a contact's name)."""

    def pick(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return values[index] if index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(pick, template)


def format_phone(number: str | None, region: str = "UA") -> str:
    """``+380671234567`` -> ``067 123 4567``; a foreign number in international form; an
    extension or anything unparseable as it was (trimmed); ``None`` -> ``""``."""
    if not number:
        return ""
    from vega_desktop.api.phone import format_number  # phonenumbers: loaded after the tray icon

    try:
        return format_number(number, region)
    except Exception:  # a formatting library must never break a popup
        return number.strip()


def format_duration(seconds: float | None) -> str:
    """``75`` -> ``01:15``; ``3725`` -> ``1:02:05``; ``None`` -> ``""``; negatives count as 0."""
    if seconds is None:
        return ""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def _local(moment: datetime) -> QDateTime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ms = int(moment.timestamp() * 1000)
    return QDateTime.fromMSecsSinceEpoch(ms, QTimeZone.systemTimeZone())


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def format_clock(moment: datetime) -> str:
    """The local time of day, ``14:05``."""
    return QLocale().toString(_local(moment).time(), "HH:mm")


def short_datetime(moment: datetime | None, now: datetime | None = None) -> str:
    """A compact local time stamp: ``14:05`` today, ``Yesterday 14:05``, ``12 Mar 14:05`` this
    year, ``12 Mar 2023`` before that."""
    if moment is None:
        return ""
    local = _local(moment)
    today = _local(_now(now)).date()
    day = local.date()
    clock = QLocale().toString(local.time(), "HH:mm")
    if day == today:
        return clock
    if day == today.addDays(-1):
        return arg(QCoreApplication.translate("text", "Yesterday %1"), clock)
    if day.year() == today.year():
        return QLocale().toString(local, "d MMM HH:mm")
    return QLocale().toString(local.date(), "d MMM yyyy")


def relative_time(moment: datetime | None, now: datetime | None = None) -> str:
    """``just now``, ``5 min ago``, ``3 h ago``, ``yesterday``, ``4 days ago``, then a date."""
    if moment is None:
        return ""
    delta = _now(now) - moment
    if delta < timedelta(minutes=1):
        return QCoreApplication.translate("text", "just now")
    if delta < timedelta(hours=1):
        return _relative().minutes(int(delta.total_seconds() // 60))
    if delta < timedelta(hours=24):
        return _relative().hours(int(delta.total_seconds() // 3600))
    days = delta.days
    if days == 1:
        return QCoreApplication.translate("text", "yesterday")
    if days < 7:
        return _relative().days(days)
    return short_datetime(moment, now)


class RelativeTime(QObject):
    """The counted phrases of :func:`relative_time`. They go through ``tr()`` with a count, the
    only form in which pyside6-lupdate sees plural forms (context ``RelativeTime``)."""

    def minutes(self, n: int) -> str:
        return self.tr("%n min ago", "", n)

    def hours(self, n: int) -> str:
        return self.tr("%n h ago", "", n)

    def days(self, n: int) -> str:
        return self.tr("%n day(s) ago", "", n)


@functools.cache
def _relative() -> RelativeTime:
    return RelativeTime()


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (tooltips are rich text whenever Qt guesses so)."""
    if not text:
        return ""
    body = html.escape(text).replace("\n", "<br>")
    return f"<qt>{body}</qt>"


def plain_label(text: str = "", parent: QWidget | None = None, *, name: str = "") -> QLabel:
    """A QLabel that never interprets markup or links."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if name:
        label.setObjectName(name)
    label.setText(text)
    return label


class ElidedLabel(QLabel):
    """A one-line plain-text label that elides to its width; the full text is in the tooltip.

    :meth:`full_text` is what was set; :meth:`text` is what is shown (the same when it fits).
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        name: str = "",
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setWordWrap(False)
        # natural width when there is room, down to a few characters when there is not
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        if name:
            self.setObjectName(name)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def set_full_text(self, text: str) -> None:
        # one line: a newline inside a name would otherwise break the layout
        full = " ".join(text.split()) if "\n" in text or "\r" in text else text
        if full != self._full:
            self._full = full
            self.updateGeometry()
        self._elide()

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        margins = self.contentsMargins()
        width = QFontMetrics(self.font()).horizontalAdvance(self._full)
        return QSize(width + margins.left() + margins.right() + 2 * self.margin(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), QFontMetrics(self.font()).horizontalAdvance("…") * 4), hint.height()
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        # hidden, the width may be stale (resize events wait for the show): elide when shown
        width = self.contentsRect().width() if self.isVisible() else 0
        metrics = QFontMetrics(self.font())
        shown = self._full
        if width > 0 and metrics.horizontalAdvance(self._full) > width:
            shown = metrics.elidedText(self._full, self._mode, width)
        if shown != self.text():
            super().setText(shown)
        tip = plain_tooltip(self._full) if shown != self._full else ""
        if tip != self.toolTip():
            self.setToolTip(tip)
