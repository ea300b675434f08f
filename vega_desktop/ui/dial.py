"""The Dial window: search as you type over contacts, colleagues and recent numbers, then call.

The app injects two coroutines, so the window is testable with fakes::

    DialWindow(search=dialer.search, dial=lambda number: dialer.dial(number, ext=settings.ext))

``search(text)`` returns :class:`DialCandidate` rows; ``dial(number)`` places the call and
returns its uuid. Typing restarts a 200 ms debounce; each search carries a sequence number and
only the answer to the latest one is applied, so a slow answer to "ol" never overwrites the
answer to "olena". Before dialling, the text is validated and normalised with
:func:`parse_dial_input` (E.164, or an extension as typed); a bad number is reported inline and
the text stays for correction. After dialling the window says that the operator's own phone
rings first, and the app reports the call's progress with :meth:`DialWindow.set_call_state`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import TransportError, VegaError
from vega_desktop.api.phone import InvalidNumber, parse_dial_input
from vega_desktop.core.dialer import CandidateKind, DialCandidate
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import arg, format_phone, plain_label, plain_tooltip

__all__ = [
    "CandidateModel",
    "DialFn",
    "DialState",
    "DialWindow",
    "SearchFn",
]

_log = logging.getLogger("vega_desktop.ui.dial")

SearchFn = Callable[[str], Awaitable[Sequence[DialCandidate]]]
#: ``dial(number)`` with the normalised number (E.164 or an extension) -> the call's uuid
DialFn = Callable[[str], Awaitable[str]]

DEBOUNCE_MS = 200

KIND_COLORS = {
    CandidateKind.CONTACT: "#2563eb",
    CandidateKind.COLLEAGUE: "#7c3aed",
    CandidateKind.RECENT: "#64748b",
    CandidateKind.TYPED: "#16a34a",
}

STYLE = """
QWidget#DialWindow { background: #ffffff; }
QLineEdit#dialSearch { border: 1px solid #cbd2d9; border-radius: 4px; padding: 6px 8px;
                       font-size: 12pt; color: #111827; background: #ffffff; }
QLineEdit#dialSearch:focus { border-color: #2563eb; }
QPushButton#dialButton { background: #16a34a; color: #ffffff; border: 1px solid #15803d;
                         border-radius: 4px; padding: 6px 16px; font-size: 10pt;
                         font-weight: 600; }
QPushButton#dialButton:hover { background: #15803d; }
QPushButton#dialButton:disabled { background: #9fd8b2; border-color: #9fd8b2; }
QListView#dialResults { border: 1px solid #e5e9f0; border-radius: 4px; background: #ffffff;
                        outline: none; }
QLabel#dialStatus { font-size: 9pt; color: #475569; padding: 2px 2px; }
QLabel#dialStatus[tone="error"] { color: #b91c1c; }
QLabel#dialStatus[tone="progress"] { color: #1d4ed8; }
QLabel#dialStatus[tone="ok"] { color: #15803d; }
QLabel#dialHint { font-size: 8pt; color: #94a3b8; }
"""


class DialState(Enum):
    """How a call placed from the window is going (fed back by the app)."""

    RINGING_YOU = "ringing_you"  # makeCall accepted: the operator's own phone rings
    CONNECTED = "connected"
    ENDED = "ended"
    NOT_ANSWERED = "not_answered"


class CandidateModel(QAbstractListModel):
    """The search results, :class:`DialCandidate` rows."""

    CandidateRole = Qt.ItemDataRole.UserRole + 1
    NumberTextRole = Qt.ItemDataRole.UserRole + 2
    KindTextRole = Qt.ItemDataRole.UserRole + 3
    SubtitleRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, region: str = "UA", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[DialCandidate] = []
        self._region = region

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def set_candidates(self, items: Sequence[DialCandidate]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def retranslate(self) -> None:
        """The kind and number texts are translated: repaint them in the new language."""
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def candidate(self, row: int) -> DialCandidate | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    @property
    def candidates(self) -> tuple[DialCandidate, ...]:
        return tuple(self._items)

    def kind_text(self, kind: CandidateKind) -> str:
        if kind is CandidateKind.CONTACT:
            return self.tr("Contact")
        if kind is CandidateKind.COLLEAGUE:
            return self.tr("Colleague")
        if kind is CandidateKind.RECENT:
            return self.tr("Recent")
        return self.tr("Number")

    def number_text(self, item: DialCandidate) -> str:
        if item.kind is CandidateKind.COLLEAGUE:
            return arg(self.tr("Ext. %1"), item.number)
        return format_phone(item.number, self._region)

    def title(self, item: DialCandidate) -> str:
        """The bold first line: the name, or the number itself written for people."""
        if item.kind is CandidateKind.TYPED or not item.label or item.label == item.number:
            return self.number_text(item)
        return item.label

    def subtitle(self, item: DialCandidate) -> str:
        """The second line: the number (unless it is the title) and the detail."""
        if item.kind is CandidateKind.TYPED:
            return self.tr("Dial the number as typed")
        number = self.number_text(item)
        parts = [number] if number != self.title(item) else []
        if item.detail:
            parts.append(item.detail)
        return " · ".join(parts)

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        item = self.candidate(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.title(item)
        if role == self.SubtitleRole:
            return self.subtitle(item)
        if role == self.NumberTextRole:
            return self.number_text(item)
        if role == self.KindTextRole:
            return self.kind_text(item.kind)
        if role == self.CandidateRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self.title(item), self.subtitle(item)]
            return plain_tooltip("\n".join(line for line in lines if line))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [self.kind_text(item.kind), item.label, self.number_text(item), item.detail]
            return ", ".join(p for p in parts if p)
        return None


def _initials(item: DialCandidate) -> str:
    if item.kind is CandidateKind.TYPED:
        return "#"
    if item.kind is CandidateKind.RECENT and item.label == item.number:
        return "↺"
    words = [w for w in item.label.split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper()
    return letters or "?"


class CandidateDelegate(QStyledItemDelegate):
    """Two lines per candidate: the name in bold, then the number and detail; a kind badge."""

    ROW_HEIGHT = 46

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), self.ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item = index.data(CandidateModel.CandidateRole)
        if not isinstance(item, DialCandidate):
            super().paint(painter, option, index)
            return
        painter.save()
        rect = QRect(option.rect)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.fillRect(rect, QColor("#e0ecff"))
        elif hovered:
            painter.fillRect(rect, QColor("#f3f6fa"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        color = QColor(KIND_COLORS.get(item.kind, "#64748b"))
        diameter = 30
        circle = QRect(rect.left() + 10, rect.center().y() - diameter // 2, diameter, diameter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(circle)
        base: QFont = option.font
        badge_font = QFont(base)
        badge_font.setBold(True)
        badge_font.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        painter.setFont(badge_font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, _initials(item))

        kind_text = str(index.data(CandidateModel.KindTextRole) or "")
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        second = str(index.data(CandidateModel.SubtitleRole) or "")
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        small_metrics = QFontMetrics(small)
        kind_width = small_metrics.horizontalAdvance(kind_text) + 4
        left = circle.right() + 10
        right = rect.right() - 10
        text_width = max(10, right - left - kind_width - 8)

        name_font = QFont(base)
        name_font.setBold(True)
        name_metrics = QFontMetrics(name_font)
        top = rect.top() + 6
        name_rect = QRect(left, top, text_width, name_metrics.height())
        painter.setFont(name_font)
        painter.setPen(QColor("#111827"))
        painter.drawText(
            name_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            name_metrics.elidedText(title, Qt.TextElideMode.ElideRight, text_width),
        )

        painter.setFont(small)
        painter.setPen(QColor("#52606d"))
        line_rect = QRect(left, name_rect.bottom() + 2, text_width, small_metrics.height())
        painter.drawText(
            line_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            small_metrics.elidedText(second, Qt.TextElideMode.ElideRight, text_width),
        )
        kind_rect = QRect(right - kind_width, top, kind_width, small_metrics.height())
        painter.setPen(color)
        painter.drawText(
            kind_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), kind_text
        )
        painter.setPen(QColor("#eef1f5"))
        painter.drawLine(rect.left() + 10, rect.bottom(), rect.right() - 10, rect.bottom())
        painter.restore()


class DialWindow(QWidget):
    """Search, pick, dial. ``dialled(uuid, number)`` after the PBX accepted a call."""

    dialled = Signal(str, str)

    def __init__(
        self,
        *,
        search: SearchFn,
        dial: DialFn,
        region: str = "UA",
        debounce_ms: int = DEBOUNCE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("DialWindow")
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._search_fn = search
        self._dial_fn = dial
        self._region = region
        self._tasks = WidgetTasks(self, logger=_log)
        self._seq = 0
        self._applied_seq = 0
        self._results_text: str | None = None
        self._user_picked = False
        self._dialling = False
        self._call_uuid: str | None = None
        self._call_target = ""

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._search_now)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.setSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(8)
        self._edit = QLineEdit(self)
        self._edit.setObjectName("dialSearch")
        self._edit.setClearButtonEnabled(True)
        self._edit.textChanged.connect(self._text_changed)
        self._edit.returnPressed.connect(self.dial_current)
        self._edit.installEventFilter(self)
        self._button = QPushButton(self)
        self._button.setObjectName("dialButton")
        self._button.setDefault(False)
        self._button.setAutoDefault(False)
        self._button.clicked.connect(self.dial_current)
        row.addWidget(self._edit, 1)
        row.addWidget(self._button)
        layout.addLayout(row)

        self._model = CandidateModel(region, self)
        self._list = QListView(self)
        self._list.setObjectName("dialResults")
        self._list.setModel(self._model)
        self._list.setItemDelegate(CandidateDelegate(self._list))
        self._list.setUniformItemSizes(True)
        self._list.setMouseTracking(True)
        self._list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self._list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self._list.doubleClicked.connect(self._activated)
        self._list.clicked.connect(self._picked)
        palette = self._list.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        self._list.setPalette(palette)
        layout.addWidget(self._list, 1)

        self._status = plain_label("", self, name="dialStatus")
        self._status.setWordWrap(True)
        layout.addWidget(self._status)
        self._hint = plain_label("", self, name="dialHint")
        layout.addWidget(self._hint)
        self._set_status("", "")
        self._retranslate()
        self.resize(440, 400)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Dial"))
        self._edit.setPlaceholderText(self.tr("Name, extension or number"))
        self._button.setText(self.tr("Dial"))
        self._hint.setText(self.tr("Enter dials the highlighted entry · ↑↓ choose · Esc closes"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._model.retranslate()

    # ------------------------------------------------------------------ public

    @property
    def search_edit(self) -> QLineEdit:
        return self._edit

    @property
    def results(self) -> CandidateModel:
        return self._model

    @property
    def results_view(self) -> QListView:
        return self._list

    @property
    def dial_button(self) -> QPushButton:
        return self._button

    @property
    def dialling(self) -> bool:
        return self._dialling

    @property
    def call_uuid(self) -> str | None:
        """The uuid of the last call placed from here."""
        return self._call_uuid

    def status_text(self) -> str:
        return self._status.text()

    def status_tone(self) -> str:
        return str(self._status.property("tone") or "")

    def present(self, number: str | None = None) -> None:
        """Show the window in front with the search field focused (and ``number`` in it)."""
        if number is not None:
            self.prefill(number)
        else:
            self._search_now()  # fresh recent numbers / results for what is in the field
        self.show()
        self.raise_()
        self.activateWindow()
        self._edit.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def prefill(self, number: str) -> None:
        """Put a number (a ``tel:`` link, the clipboard) in the field and search at once."""
        self._edit.setText(number.strip())
        self._edit.selectAll()
        self._set_status("", "")
        self._search_now()

    def set_call_state(self, state: DialState, uuid: str | None = None) -> None:
        """Progress of the call placed from here (``uuid`` ``None`` = the latest one)."""
        if uuid is not None and uuid != self._call_uuid:
            return
        if state is DialState.RINGING_YOU:
            self._set_status(self.tr("Your phone rings first — pick it up to connect"), "progress")
        elif state is DialState.CONNECTED:
            self._set_status(arg(self.tr("Connected to %1"), self._call_target), "ok")
        elif state is DialState.ENDED:
            self._set_status(self.tr("Call ended"), "")
        elif state is DialState.NOT_ANSWERED:
            self._set_status(self.tr("The call was not answered"), "")

    # ------------------------------------------------------------------ search

    def _text_changed(self, _text: str) -> None:
        self._user_picked = False
        if self._status.property("tone") == "error":
            self._set_status("", "")
        self._debounce.start()

    def _search_now(self) -> None:
        self._debounce.stop()
        self._seq += 1
        self._tasks.start(self._search(self._seq, self._edit.text()), name="dial search")

    async def _search(self, seq: int, text: str) -> None:
        try:
            found = await self._search_fn(text)
        except Exception as exc:
            _log.warning("dial search failed: %s", exc)
            if is_alive(self) and seq == self._seq:
                self._set_status(self.tr("Search is unavailable right now."), "")
            return
        if is_alive(self):
            self.apply_results(seq, text, found)

    def apply_results(self, seq: int, text: str, found: Sequence[DialCandidate]) -> bool:
        """Show ``found`` if it answers the latest search; returns whether it was applied."""
        if seq != self._seq:
            return False  # a newer search was started: this answer is stale
        self._applied_seq = seq
        keep = self._current_candidate() if self._user_picked else None
        self._model.set_candidates(found)
        self._results_text = text.strip()
        row = 0
        if keep is not None and keep in found:
            row = list(found).index(keep)
        else:
            self._user_picked = False
        if found:
            self._list.setCurrentIndex(self._model.index(row, 0))
        return True

    @property
    def search_seq(self) -> int:
        return self._seq

    # ------------------------------------------------------------------ picking and dialling

    def _current_candidate(self) -> DialCandidate | None:
        index = self._list.currentIndex()
        return self._model.candidate(index.row()) if index.isValid() else None

    def selected_candidate(self) -> DialCandidate | None:
        """The highlighted row, if it belongs to the text now in the field (or was picked)."""
        current = self._current_candidate()
        if current is None:
            return None
        if self._user_picked or self._results_text == self._edit.text().strip():
            return current
        return None

    def _picked(self, _index: QModelIndex) -> None:
        self._user_picked = True

    def _activated(self, index: QModelIndex) -> None:
        item = self._model.candidate(index.row())
        if item is not None:
            self._list.setCurrentIndex(index)
            self._user_picked = True
            self._start_dial(item.number, item.label)

    def dial_current(self) -> None:
        """Enter / the Dial button: the highlighted candidate, else the typed text."""
        item = self.selected_candidate()
        if item is not None:
            self._start_dial(item.number, item.label)
        else:
            self._start_dial(self._edit.text(), "")

    def _start_dial(self, text: str, label: str) -> None:
        if self._dialling:
            return  # makeCall is never repeated by a double Enter
        try:
            number = parse_dial_input(text, self._region)
        except InvalidNumber:
            typed = text.strip()
            if typed:
                self._set_status(arg(self.tr("Not a phone number: %1"), typed), "error")
            else:
                self._set_status(self.tr("Type a name, an extension or a number."), "error")
            return
        shown = format_phone(number, self._region)
        self._call_target = f"{label} ({shown})" if label and label != number else shown
        self._dialling = True
        self._button.setEnabled(False)
        self._set_status(arg(self.tr("Calling %1…"), self._call_target), "progress")
        self._tasks.start(self._dial(number), name="dial")

    async def _dial(self, number: str) -> None:
        try:
            uuid = await self._dial_fn(number)
        except InvalidNumber:
            if is_alive(self):
                self._dial_failed(arg(self.tr("Not a phone number: %1"), number))
            return
        except TransportError as exc:
            if is_alive(self):
                self._dial_failed(arg(self.tr("Cannot reach the PBX: %1"), exc.detail))
            return
        except VegaError as exc:
            if is_alive(self):
                self._dial_failed(arg(self.tr("The PBX did not place the call: %1"), exc.detail))
            return
        except Exception as exc:
            _log.exception("dialling failed")
            if is_alive(self):
                self._dial_failed(
                    arg(self.tr("Dialling failed: %1"), str(exc) or type(exc).__name__)
                )
            return
        if not is_alive(self):
            return
        self._dialling = False
        self._button.setEnabled(True)
        self._call_uuid = uuid
        self.set_call_state(DialState.RINGING_YOU)
        self.dialled.emit(uuid, number)

    def _dial_failed(self, message: str) -> None:
        self._dialling = False
        self._button.setEnabled(True)
        self._set_status(message, "error")

    # ------------------------------------------------------------------ keys and helpers

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move_selection(key)
                return True
        return super().eventFilter(watched, event)

    def _move_selection(self, key: int) -> None:
        count = self._model.rowCount()
        if not count:
            return
        row = self._list.currentIndex().row()
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 5,
            Qt.Key.Key_PageUp: -5,
        }[Qt.Key(key)]
        row = 0 if row < 0 else min(max(row + step, 0), count - 1)
        self._list.setCurrentIndex(self._model.index(row, 0))
        self._user_picked = True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._edit.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        self._edit.selectAll()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        # a search typed just before closing is not worth a request nobody will see
        self._debounce.stop()
        super().hideEvent(event)

    def _set_status(self, text: str, tone: str) -> None:
        self._status.setText(text)
        if self._status.property("tone") != tone:
            self._status.setProperty("tone", tone)
            style = self._status.style()
            style.unpolish(self._status)
            style.polish(self._status)
        self._status.setVisible(bool(text))
