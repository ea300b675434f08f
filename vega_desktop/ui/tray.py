"""The tray icon and its menu: the operator's always-there view of the PBX.

:class:`TrayController` shows the state in the icon and the tooltip — signed out, connecting,
online, offline (with the reason), on a call — with the number of missed calls painted as a
badge. Its menu offers Dial…, a Hang up entry for each active call, dialling the number on the
clipboard, the Workbench…, Missed calls (n) (the workbench's Missed calls page, where each caller
is one click from a call-back), Do not disturb, Settings…, Save diagnostics…, Sign out and Quit.
Save diagnostics… is there when signed out too: it matters most when signing in fails.

The controller only shows state and raises intents (Qt signals); the app decides what they do.
The menu is rebuilt only when what it shows changes, never on every poll. Left-click opens the
Dial window on Linux and Windows; on macOS a click opens the menu, as the platform expects.

Where the desktop has no system tray (some Wayland and tiling setups), a small
:class:`StatusWindow` takes its place so the app stays usable; the fact is logged.

The app shows the icon before it loads the PBX client, the phone-number library, the text helpers
and PySide6's ``Qt`` namespace, so this module imports those only in the functions that use them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QClipboard, QCloseEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.core.poller import Connection, Status
from vega_desktop.ui.icons import TrayState, app_icon, tray_icon

if TYPE_CHECKING:
    from vega_desktop.api import ActiveCall, HistoryRecord

__all__ = ["MissedCall", "StatusWindow", "TrayController", "call_party", "missed_party"]

_log = logging.getLogger("vega_desktop.ui.tray")

MISSED_SHOWN = 10
LABEL_MAX = 40


@dataclass(frozen=True, slots=True)
class MissedCall:
    """One entry of the missed-calls menu."""

    number: str
    label: str
    when: str


def _clip(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _menu_text(text: str) -> str:
    """Text from the PBX shown in a menu: ``&`` would otherwise become a shortcut marker."""
    return text.replace("&", "&&")


def call_party(call: ActiveCall, own_ext: str | None, region: str = "UA") -> str:
    """Who the operator talks to in ``call``: the CRM name, else the number, else a colleague."""
    from vega_desktop.api import Direction
    from vega_desktop.ui.text import format_phone

    if call.direction is Direction.INTERNAL:
        legs = [leg for leg in (call.leg, call.leg2) if leg is not None]
        other = next((leg for leg in legs if leg.ext != own_ext), None) or (
            legs[0] if legs else None
        )
        if other is not None:
            if other.display_name and other.ext:
                return f"{other.display_name} ({other.ext})"
            return other.display_name or other.ext or ""
        return ""
    for leg in call.other_legs:
        if leg.name and leg.name.strip() and leg.name != leg.num:
            return leg.name.strip()
    number = call.other_number
    return format_phone(number, region) if number else ""


def missed_party(record: HistoryRecord, region: str = "UA") -> MissedCall | None:
    """The menu entry for a missed call, or ``None`` when there is no number to call back."""
    from vega_desktop.ui.text import format_clock, format_phone

    number = record.other_leg_num
    if not number:
        return None
    shown = format_phone(number, region)
    name = record.other_leg_name
    label = f"{name} ({shown})" if name and name != number else shown
    when = format_clock(record.end_at) if record.end_at is not None else ""
    return MissedCall(number=number, label=label, when=when)


def clipboard_number(text: str | None, region: str = "UA") -> str | None:
    """The number on the clipboard, if its text reads as one (a short, single line)."""
    if not text:
        return None
    text = text.strip()
    if not text or len(text) > 40 or "\n" in text:
        return None
    from vega_desktop.api.phone import InvalidNumber, parse_dial_input

    try:
        return parse_dial_input(text, region)
    except InvalidNumber:
        return None


class TrayController(QObject):
    """The tray icon, its tooltip and menu. Feed it state; connect to its intents."""

    dial_requested = Signal()
    workbench_requested = Signal()
    missed_requested = Signal()  # the workbench's Missed calls page
    dial_number_requested = Signal(str)
    hangup_requested = Signal(str)  # call uuid
    sign_in_requested = Signal()
    settings_requested = Signal()
    diagnostics_requested = Signal()  # Save diagnostics…
    sign_out_requested = Signal()
    quit_requested = Signal()
    dnd_changed = Signal(bool)

    def __init__(
        self,
        *,
        tray_available: bool | None = None,
        clipboard: QClipboard | None = None,
        platform: str = sys.platform,
        region: str = "UA",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._platform = platform
        self._region = region
        self._clipboard = clipboard if clipboard is not None else QGuiApplication.clipboard()
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self._signed_in = False
        self._account = ""
        self._own_ext: str | None = None
        self._status = Status(Connection.CONNECTING)
        self._calls: tuple[ActiveCall, ...] = ()
        self._missed: tuple[MissedCall, ...] = ()
        self._missed_count = 0
        self._dnd = False
        self._menu_key: object = None
        self._icon_key: object = None
        self._visible = False

        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.menu.aboutToShow.connect(self._refresh_clipboard_action)
        self._clipboard_action: QAction | None = None
        self._clipboard_number: str | None = None

        self.tray: QSystemTrayIcon | None = None
        self.window: StatusWindow | None = None
        if tray_available:
            self.tray = QSystemTrayIcon(self)
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._on_activated)
        else:
            _log.warning("no system tray on this desktop; showing a status window instead")
            self.window = StatusWindow(self.menu)
            self.window.dial_clicked.connect(self.dial_requested)
        self._update()

    # -- state in -----------------------------------------------------------------------------

    @property
    def state(self) -> TrayState:
        if not self._signed_in:
            return TrayState.SIGNED_OUT
        if self._status.state in (Connection.OFFLINE, Connection.AUTH_FAILED):
            return TrayState.OFFLINE
        if self._status.state is Connection.CONNECTING:
            return TrayState.CONNECTING
        if self._calls:
            return TrayState.ON_CALL
        return TrayState.ONLINE

    @property
    def visible(self) -> bool:
        return self._visible

    @property
    def missed_count(self) -> int:
        return self._missed_count

    @property
    def dnd(self) -> bool:
        return self._dnd

    def set_signed_in(self, signed_in: bool, *, account: str = "", ext: str | None = None) -> None:
        self._signed_in = signed_in
        self._account = account if signed_in else ""
        self._own_ext = ext if signed_in else None
        if not signed_in:
            self._status = Status(Connection.CONNECTING)
            self._calls = ()
            self._missed = ()
            self._missed_count = 0
        self._update()

    def set_status(self, status: Status) -> None:
        self._status = status
        self._update()

    def set_calls(self, calls: Sequence[ActiveCall]) -> None:
        self._calls = tuple(calls)
        self._update()

    def set_missed(self, records: Sequence[HistoryRecord], count: int | None = None) -> None:
        """The missed calls waiting for a call-back (newest first) and their count."""
        entries: list[MissedCall] = []
        seen: set[str] = set()
        for record in records:
            entry = missed_party(record, self._region)
            if entry is not None and entry.number not in seen:
                seen.add(entry.number)
                entries.append(entry)
        self._missed = tuple(entries)
        self._missed_count = count if count is not None else len(entries)
        self._update()

    def set_dnd(self, on: bool) -> None:
        if on != self._dnd:
            self._dnd = on
            self._update()

    def show(self) -> None:
        self._visible = True
        if self.tray is not None:
            self.tray.show()
        elif self.window is not None:
            self.window.show()

    def hide(self) -> None:
        self._visible = False
        if self.tray is not None:
            self.tray.hide()
        if self.window is not None:
            self.window.hide()

    def raise_window(self) -> None:
        """Bring the status window forward (the tray has nothing to raise)."""
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def show_message(self, title: str, text: str, *, error: bool = False) -> None:
        """A short, non-modal notice (a tray balloon, or the status window's line)."""
        if self.tray is not None and self.tray.isVisible() and self.tray.supportsMessages():
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if error
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage(title, text, icon, 8000)
        elif self.window is not None:
            self.window.show_notice(f"{title}\n{text}")
        else:
            _log.info("notice: %s — %s", title, text)

    def close(self) -> None:
        self.hide()
        if self.window is not None:
            self.window.allow_close = True
            self.window.close()
            self.window.deleteLater()
            self.window = None
        self.menu.deleteLater()

    # -- rendering ----------------------------------------------------------------------------

    def tooltip(self) -> str:
        lines = [self.tr("Vega Desktop")]
        state = self.state
        if state is TrayState.SIGNED_OUT:
            lines.append(self.tr("Not signed in"))
        elif self._status.state is Connection.AUTH_FAILED:
            lines.append(self.tr("The PBX did not accept the API key"))
        elif state is TrayState.OFFLINE:
            reason = _clip(self._status.reason, 80)
            lines.append(
                self.tr("Offline: %1").replace("%1", reason) if reason else self.tr("Offline")
            )
        elif state is TrayState.CONNECTING:
            lines.append(self.tr("Connecting to %1…").replace("%1", self._account))
        elif state is TrayState.ON_CALL:
            if len(self._calls) == 1:
                party = call_party(self._calls[0], self._own_ext, self._region)
                lines.append(self.tr("On a call: %1").replace("%1", _clip(party) or "…"))
            else:
                lines.append(self.tr("%n active call(s)", "", len(self._calls)))
        else:
            lines.append(self._online_text())
        if self._signed_in and self._missed_count:
            lines.append(self.tr("%n missed call(s)", "", self._missed_count))
        if self._signed_in and self._dnd:
            lines.append(self.tr("Do not disturb: popups are off"))
        return "\n".join(lines)

    def _online_text(self) -> str:
        if self._own_ext:
            return (
                self.tr("Online: %1, ext. %2")
                .replace("%1", self._account)
                .replace("%2", self._own_ext)
            )
        return self.tr("Online: %1").replace("%1", self._account)

    def _update(self) -> None:
        state = self.state
        icon_key = (state, self._missed_count if self._signed_in else 0)
        if icon_key != self._icon_key:
            self._icon_key = icon_key
            icon = tray_icon(state, icon_key[1])
            if self.tray is not None:
                self.tray.setIcon(icon)
            if self.window is not None:
                self.window.setWindowIcon(icon)
        tip = self.tooltip()
        if self.tray is not None and self.tray.toolTip() != tip:
            self.tray.setToolTip(tip)
        if self.window is not None:
            self.window.set_status(tip, tray_icon(state, icon_key[1]))
        self._rebuild_menu_if_needed()

    def _menu_state(self) -> object:
        calls = tuple(
            (c.uuid, call_party(c, self._own_ext, self._region), c.answered) for c in self._calls
        )
        return (
            self._signed_in,
            self._status.state,
            calls,
            self._missed,
            self._missed_count,
            self._dnd,
        )

    def _rebuild_menu_if_needed(self) -> None:
        key = self._menu_state()
        if key != self._menu_key:
            self._menu_key = key
            self._build_menu()

    def rebuild_menu(self) -> None:
        """Rebuild the menu now (the language changed)."""
        self._menu_key = None
        self._icon_key = None
        self._update()

    def _build_menu(self) -> None:
        menu = self.menu
        menu.clear()
        self._clipboard_action = None
        if not self._signed_in:
            sign_in = menu.addAction(self.tr("Sign in…"))
            sign_in.setObjectName("signInAction")
            sign_in.triggered.connect(self.sign_in_requested)
            self._add_diagnostics_action(menu)
            menu.addSeparator()
            quit_action = menu.addAction(self.tr("Quit"))
            quit_action.setObjectName("quitAction")
            quit_action.triggered.connect(self.quit_requested)
            return

        dial = menu.addAction(self.tr("Dial…"))
        dial.setObjectName("dialAction")
        dial.triggered.connect(self.dial_requested)
        clip = menu.addAction(self.tr("Dial number from clipboard"))
        clip.setObjectName("clipboardAction")
        clip.triggered.connect(self._dial_clipboard)
        self._clipboard_action = clip
        self._refresh_clipboard_action()

        if self._calls:
            menu.addSeparator()
            for call in self._calls:
                party = _clip(call_party(call, self._own_ext, self._region)) or self.tr("a call")
                action = menu.addAction(
                    tray_icon(TrayState.ON_CALL), self.tr("Hang up %1").replace("%1", party)
                )
                action.setObjectName(f"hangup:{call.uuid}")
                action.triggered.connect(lambda _=False, u=call.uuid: self.hangup_requested.emit(u))

        menu.addSeparator()
        workbench = menu.addAction(self.tr("Workbench…"))
        workbench.setObjectName("workbenchAction")
        workbench.triggered.connect(self.workbench_requested)
        missed = menu.addAction(self.tr("Missed calls (%1)").replace("%1", str(self._missed_count)))
        missed.setObjectName("missedAction")
        missed.triggered.connect(self.missed_requested)

        dnd = menu.addAction(self.tr("Do not disturb"))
        dnd.setObjectName("dndAction")
        dnd.setCheckable(True)
        dnd.setChecked(self._dnd)
        dnd.setToolTip(self.tr("No caller popups until switched off"))
        dnd.toggled.connect(self._on_dnd_toggled)

        menu.addSeparator()
        status = menu.addAction(self._status_line())
        status.setObjectName("statusAction")
        status.setEnabled(False)
        settings = menu.addAction(self.tr("Settings…"))
        settings.setObjectName("settingsAction")
        settings.triggered.connect(self.settings_requested)
        self._add_diagnostics_action(menu)
        sign_out = menu.addAction(self.tr("Sign out"))
        sign_out.setObjectName("signOutAction")
        sign_out.triggered.connect(self.sign_out_requested)
        menu.addSeparator()
        quit_action = menu.addAction(self.tr("Quit"))
        quit_action.setObjectName("quitAction")
        quit_action.triggered.connect(self.quit_requested)

    def _add_diagnostics_action(self, menu: QMenu) -> None:
        action = menu.addAction(self.tr("Save diagnostics…"))
        action.setObjectName("diagnosticsAction")
        action.setToolTip(self.tr("A zip for support: the log and settings, with no secrets"))
        action.triggered.connect(self.diagnostics_requested)

    def _status_line(self) -> str:
        state = self.state
        if self._status.state is Connection.AUTH_FAILED:
            return self.tr("The PBX did not accept the API key")
        if state is TrayState.OFFLINE:
            return self.tr("Offline — retrying")
        if state is TrayState.CONNECTING:
            return self.tr("Connecting…")
        return _menu_text(self._online_text())

    def _on_dnd_toggled(self, on: bool) -> None:
        if on != self._dnd:
            self._dnd = on
            self._menu_key = self._menu_state()
            self._update()
            self.dnd_changed.emit(on)

    def _refresh_clipboard_action(self) -> None:
        action = self._clipboard_action
        if action is None:
            return
        number = clipboard_number(self._clipboard.text(), self._region)
        self._clipboard_number = number
        action.setEnabled(number is not None)
        if number is not None:
            from vega_desktop.ui.text import format_phone

            action.setText(
                self.tr("Dial %1 from clipboard").replace("%1", format_phone(number, self._region))
            )
        else:
            action.setText(self.tr("Dial number from clipboard"))

    def _dial_clipboard(self) -> None:
        number = clipboard_number(self._clipboard.text(), self._region)
        if number is not None:
            self.dial_number_requested.emit(number)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if self._platform == "darwin":
            return  # the menu opens on click there
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            if self._signed_in:
                self.dial_requested.emit()
            else:
                self.sign_in_requested.emit()

    def activate(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """What a click on the icon does (also used by tests and the status window)."""
        self._on_activated(reason)


class StatusWindow(QWidget):
    """A small window standing in for the tray icon on desktops without one."""

    dial_clicked = Signal()

    def __init__(self, menu: QMenu, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("statusWindow")
        self.allow_close = False
        self.setWindowTitle(self.tr("Vega Desktop"))
        self.setWindowIcon(app_icon())
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._notice = QLabel(self)
        self._notice.setTextFormat(Qt.TextFormat.PlainText)
        self._notice.setWordWrap(True)
        self._notice.hide()
        self._dial = QPushButton(self.tr("Dial…"), self)
        self._dial.clicked.connect(self.dial_clicked)
        self._menu_button = QToolButton(self)
        self._menu_button.setText(self.tr("Menu"))
        self._menu_button.setMenu(menu)
        self._menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        top = QHBoxLayout()
        top.addWidget(self._icon)
        top.addWidget(self._text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._dial)
        buttons.addWidget(self._menu_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._notice)
        layout.addLayout(buttons)

    def set_status(self, text: str, icon: QIcon) -> None:
        self._text.setText(text)
        self._icon.setPixmap(icon.pixmap(32, 32))

    def status_text(self) -> str:
        return self._text.text()

    def show_notice(self, text: str) -> None:
        self._notice.setText(text)
        self._notice.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.allow_close:
            event.accept()
            return
        # without a tray this window is the app: closing it only gets it out of the way
        event.ignore()
        self.showMinimized()
