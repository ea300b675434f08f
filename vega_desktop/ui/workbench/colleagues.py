"""The Colleagues page: every employee (name, extension, e-mail), who is on a call right now, and
a Call button per row.

The users come from the shared :class:`~vega_desktop.core.caller.UserDirectory`; who is busy
comes from the active-calls poller, whose snapshots the app passes to
:meth:`ColleaguesPage.update_active_calls`. ``dial(ext)`` is injected (the app's makeCall with
the operator's own extension), so the page never talks to the PBX about calls itself.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCollator,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import ActiveCall, Direction, Leg, TransportError, User, VegaError
from vega_desktop.core.caller import UserDirectory
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import arg, format_phone, plain_label, plain_tooltip

__all__ = ["Activity", "ColleagueModel", "ColleaguesPage", "Presence", "activity_by_ext"]

_log = logging.getLogger("vega_desktop.ui.colleagues")

Index = QModelIndex | QPersistentModelIndex
#: ``dial(ext)`` places a call to a colleague's extension.
DialFn = Callable[[str], Awaitable[object]]

STYLE = """
QWidget#ColleaguesPage { background: #ffffff; }
QLineEdit#colleaguesFilter { border: 1px solid #cbd2d9; border-radius: 4px; padding: 5px 8px; }
QTableView#colleaguesTable { border: 1px solid #e5e9f0; gridline-color: #eef1f5; }
QLabel#colleaguesStatus { font-size: 9pt; color: #475569; }
QLabel#colleaguesStatus[tone="error"] { color: #b91c1c; }
"""


class Presence(Enum):
    FREE = "free"
    RINGING = "ringing"
    ON_CALL = "on_call"


@dataclass(frozen=True, slots=True)
class Activity:
    """What a colleague is doing: ringing or talking, and with whom (plain text)."""

    presence: Presence
    other: str = ""


def _leg_text(leg: Leg | None) -> str:
    if leg is None:
        return ""
    return (leg.display_name or "").strip() or (leg.ext or "")


def _external_text(call: ActiveCall, region: str) -> str:
    for other in call.other_legs:
        if other.name and other.name.strip():
            return other.name.strip()
    return format_phone(call.other_number, region)


def activity_by_ext(calls: Sequence[ActiveCall], region: str = "UA") -> dict[str, Activity]:
    """Each busy extension's activity in a snapshot of active calls (talking beats ringing)."""
    found: dict[str, Activity] = {}
    for call in calls:
        presence = Presence.ON_CALL if call.answered else Presence.RINGING
        for mine, theirs in ((call.leg, call.leg2), (call.leg2, call.leg)):
            if mine is None or not mine.ext:
                continue
            if call.direction is Direction.INTERNAL:
                other = _leg_text(theirs)
            else:
                other = _external_text(call, region)
            known = found.get(mine.ext)
            if known is None or (
                known.presence is Presence.RINGING and presence is Presence.ON_CALL
            ):
                found[mine.ext] = Activity(presence, other)
    return found


def _collator() -> QCollator:
    """Names sort in Ukrainian alphabetical order (І after И, Ґ after Г), Latin after."""
    collator = QCollator(QLocale(QLocale.Language.Ukrainian))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator


class _CollatingProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._collator = _collator()

    def lessThan(  # noqa: N802
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        role = self.sortRole()
        return self._collator.compare(str(left.data(role)), str(right.data(role))) < 0


class ColleagueModel(QAbstractTableModel):
    """The users with their activity; the last column is the Call button."""

    NAME, EXT, EMAIL, STATUS, CALL = range(5)
    UserRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._users: list[User] = []
        self._activity: dict[str, Activity] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def set_users(self, users: Sequence[User]) -> None:
        self.beginResetModel()
        collator = _collator()

        def by_name(a: User, b: User) -> int:
            return collator.compare(a.display_name, b.display_name) or (a.id - b.id)

        self._users = sorted(users, key=functools.cmp_to_key(by_name))
        self.endResetModel()

    def retranslate(self) -> None:
        """Headers, statuses and the Call buttons in the current language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._users:
            last = self.index(len(self._users) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def set_activity(self, activity: dict[str, Activity]) -> None:
        if activity == self._activity:
            return
        self._activity = dict(activity)
        if self._users:
            self.dataChanged.emit(
                self.index(0, self.STATUS), self.index(len(self._users) - 1, self.STATUS)
            )

    def user(self, row: int) -> User | None:
        return self._users[row] if 0 <= row < len(self._users) else None

    def activity(self, user: User) -> Activity:
        return self._activity.get(user.ext or "", Activity(Presence.FREE))

    def status_text(self, user: User) -> str:
        act = self.activity(user)
        if act.presence is Presence.ON_CALL:
            return arg(self.tr("On a call · %1"), act.other) if act.other else self.tr("On a call")
        if act.presence is Presence.RINGING:
            return arg(self.tr("Ringing · %1"), act.other) if act.other else self.tr("Ringing")
        return ""

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Name"), self.tr("Ext."), self.tr("E-mail"), self.tr("Status"), "")
        return titles[section] if 0 <= section < len(titles) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        user = self.user(index.row()) if index.isValid() else None
        if user is None:
            return None
        column = index.column()
        if role == self.UserRole:
            return user
        texts = (user.display_name, user.ext or "", user.email or "", self.status_text(user))
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column] if column < len(texts) else self.tr("Call")
        if role == self.SortRole:
            if column == self.STATUS:
                order = {Presence.ON_CALL: 0, Presence.RINGING: 1, Presence.FREE: 2}
                return f"{order[self.activity(user).presence]}{user.display_name.casefold()}"
            return texts[column].casefold() if column < len(texts) else ""
        if role == Qt.ItemDataRole.ToolTipRole and column < len(texts) and texts[column]:
            return plain_tooltip(texts[column])
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            presence = self.activity(user).presence
            if presence is Presence.ON_CALL:
                return QColor("#b45309")
            if presence is Presence.RINGING:
                return QColor("#1d4ed8")
        return None


class CallButtonDelegate(QStyledItemDelegate):
    """Paints a push button in a cell and reports a click on it with ``clicked(index)``."""

    clicked = Signal(int)  # the row (of the view's model)

    def __init__(self, enabled: Callable[[Index], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._enabled = enabled

    def _button(self, option: QStyleOptionViewItem, index: Index) -> QStyleOptionButton:
        button = QStyleOptionButton()
        button.rect = option.rect.adjusted(4, 3, -4, -3)
        button.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        button.state = QStyle.StateFlag.State_Raised | QStyle.StateFlag.State_Enabled
        return button

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not self._enabled(index):
            return  # no button for yourself
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, self._button(option, index), painter)

    def editorEvent(  # noqa: N802
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            button = self._button(option, index)
            if button.rect.contains(event.position().toPoint()) and self._enabled(index):
                self.clicked.emit(index.row())
                return True
        return super().editorEvent(event, model, option, index)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class ColleaguesPage(QWidget):
    """Colleagues with their activity. ``dialled(ext)`` after the PBX accepted a call."""

    dialled = Signal(str)

    def __init__(
        self,
        *,
        users: UserDirectory,
        dial: DialFn,
        own_ext: str | None = None,
        region: str = "UA",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ColleaguesPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self._users = users
        self._dial = dial
        self._own_ext = own_ext
        self._region = region
        self._tasks = WidgetTasks(self, logger=_log)
        self._loaded = False
        self._dialling: set[str] = set()

        self.model = ColleagueModel(self)
        self.proxy = _CollatingProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(ColleagueModel.SortRole)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        top = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("colleaguesFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, extension or e-mail"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        top.addWidget(self.filter_edit, 1)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        self.view = QTableView(self)
        self.view.setObjectName("colleaguesTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(ColleagueModel.NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(30)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ColleagueModel.STATUS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ColleagueModel.CALL, QHeaderView.ResizeMode.Fixed)
        for column, width in ((ColleagueModel.NAME, 200), (ColleagueModel.EXT, 60)):
            header.resizeSection(column, width)
        header.resizeSection(ColleagueModel.EMAIL, 220)
        header.resizeSection(ColleagueModel.CALL, 72)
        self.call_delegate = CallButtonDelegate(self._can_call, self.view)
        self.call_delegate.clicked.connect(self.call_row)
        self.view.setItemDelegateForColumn(ColleagueModel.CALL, self.call_delegate)
        self.view.doubleClicked.connect(lambda index: self.call_row(index.row()))
        layout.addWidget(self.view, 1)

        self._status = plain_label("", self, name="colleaguesStatus")
        self._status.setWordWrap(True)
        self._status_source: Callable[[], str] | None = None
        layout.addWidget(self._status)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text in the new language; the filter, the order and the selection stay."""
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, extension or e-mail"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.model.retranslate()
        if self._status_source is not None:
            self._status.setText(self._status_source())

    # ------------------------------------------------------------------ public

    def status_text(self) -> str:
        return self._status.text()

    def reload(self) -> asyncio.Task[None]:
        """Fetch the users list (the directory caches it for a few minutes)."""
        self._loaded = True
        return self._tasks.start(self._reload(), name="load colleagues")

    def update_active_calls(self, calls: Sequence[ActiveCall]) -> None:
        """A snapshot from the active-calls poller."""
        self.model.set_activity(activity_by_ext(calls, self._region))

    def user_at(self, view_row: int) -> User | None:
        source = self.proxy.mapToSource(self.proxy.index(view_row, 0))
        return self.model.user(source.row())

    def call_row(self, view_row: int) -> asyncio.Task[None] | None:
        """Call the colleague shown in ``view_row`` (of the filtered, sorted view)."""
        user = self.user_at(view_row)
        if user is None or not user.ext:
            return None
        return self.call_ext(user.ext, user.display_name)

    def call_ext(self, ext: str, name: str = "") -> asyncio.Task[None] | None:
        if ext == self._own_ext or ext in self._dialling:
            return None
        self._dialling.add(ext)
        self._set_status(lambda: arg(self.tr("Calling %1…"), name or ext), "")
        return self._tasks.start(self._call(ext, name or ext), name="call colleague")

    # ------------------------------------------------------------------ internals

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._loaded and _loop_running():
            self.reload()

    def _can_call(self, index: Index) -> bool:
        user = index.data(ColleagueModel.UserRole)
        return isinstance(user, User) and bool(user.ext) and user.ext != self._own_ext

    async def _reload(self) -> None:
        self._set_status(lambda: self.tr("Loading colleagues…"), "")
        users = await self._users.users()
        if not is_alive(self):
            return
        self.model.set_users(users)
        if users:
            self._set_status("", "")
        else:
            self._set_status(
                lambda: self.tr("The list of colleagues is not available right now."), "error"
            )

    async def _call(self, ext: str, label: str) -> None:
        message: Callable[[], str]
        try:
            await self._dial(ext)
        except TransportError:
            message = lambda: self.tr("Cannot reach the PBX.")  # noqa: E731
            failed = True
        except VegaError as exc:
            detail = exc.detail
            message = lambda: arg(self.tr("The PBX did not place the call: %1"), detail)  # noqa: E731
            failed = True
        except Exception as exc:
            _log.exception("dialling a colleague failed")
            reason = str(exc) or type(exc).__name__
            message = lambda: arg(self.tr("Dialling failed: %1"), reason)  # noqa: E731
            failed = True
        else:
            message = lambda: arg(self.tr("Calling %1 — your phone rings first."), label)  # noqa: E731
            failed = False
        finally:
            self._dialling.discard(ext)
        if is_alive(self):
            self._set_status(message, "error" if failed else "")
            if not failed:
                self.dialled.emit(ext)

    def _set_status(self, text: str | Callable[[], str], tone: str) -> None:
        """``text`` as a function is asked again for the words after a language change."""
        self._status_source = text if callable(text) else None
        self._status.setText(text() if callable(text) else text)
        self._status.setProperty("tone", tone)
        self._status.style().unpolish(self._status)
        self._status.style().polish(self._status)
