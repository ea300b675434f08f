"""The popup stack: one :class:`CallerPopup` per call, stacked from a corner of the screen.

The app feeds it the tracker's events (``show_call``, ``call_answered``, ``call_ended``…) and
the CRM answers (``set_caller_info``); it decides whether a popup is wanted at all (per-direction
switches, do-not-disturb), where each one goes, and when it goes away. It knows nothing of the
network or the app: requests leave as Qt signals, notes through the injected ``save_note``.

Layout: the oldest popup sits in the corner and newer ones stack outward, so a card the
operator is reaching for does not jump when another call rings. At most ``max_visible`` cards
(and never more than fit on the screen) are shown — the newest ones; the rest collapse into a
"+N more" line, which expands the stack when clicked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from vega_desktop.api import ActiveCall, CallEvent, Direction, Leg, OtherLeg
from vega_desktop.core.caller import CallerInfo
from vega_desktop.ui.asyncutil import is_alive
from vega_desktop.ui.popup import POPUP_FLAGS, POPUP_WIDTH, CallerPopup, SaveNote, is_safe_url

__all__ = ["CORNERS", "MoreLine", "PopupStack"]

_log = logging.getLogger("vega_desktop.ui.popup_stack")

CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
MARGIN = 12
SPACING = 8
DEFAULT_MAX_VISIBLE = 4

ScreenArea = Callable[[], QRect]
UrlOpener = Callable[[QUrl], Any]


def primary_screen_area() -> QRect:
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


class MoreLine(QWidget):
    """The "+N more calls" line for the popups that did not fit; a click expands the stack."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__(None, POPUP_FLAGS)
        self.setObjectName("popupMore")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QLabel#popupMoreText { background: #334155; color: #f8fafc; padding: 5px 12px;"
            " font-size: 9pt; font-weight: 600; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._label = QLabel(self)
        self._label.setObjectName("popupMoreText")
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._label)
        self.setFixedWidth(POPUP_WIDTH)

    def set_text(self, text: str) -> None:
        self.ensurePolished()
        self._label.ensurePolished()
        self._label.setText(text)
        self.setFixedHeight(self._label.sizeHint().height())

    def text(self) -> str:
        return self._label.text()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def _close_windows(popups: dict[str, CallerPopup], more: MoreLine) -> None:
    for popup in popups.values():
        if is_alive(popup):
            popup.retire()
    popups.clear()
    if is_alive(more):
        more.hide()
        more.deleteLater()


class PopupStack(QObject):
    """Owns the caller popups. Feed it; connect to its signals.

    Signals (re-emitted from the popups): ``hangup_requested(uuid)``,
    ``add_contact_requested(number)``, ``open_contact_requested(contact_id)``, ``dismissed(uuid)``;
    and ``popup_shown(uuid)`` when a popup appears. "Open in CRM" is handled here: the link is
    checked again (http/https only) and handed to ``open_url`` (``QDesktopServices.openUrl`` by
    default).
    """

    hangup_requested = Signal(str)
    add_contact_requested = Signal(str)
    open_contact_requested = Signal(int)
    dismissed = Signal(str)
    popup_shown = Signal(str)

    def __init__(
        self,
        *,
        save_note: SaveNote | None = None,
        open_url: UrlOpener | None = None,
        screen_area: ScreenArea | None = None,
        own_ext: str | None = None,
        region: str = "UA",
        clock: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._save_note = save_note
        self._open_url: UrlOpener = open_url or QDesktopServices.openUrl
        self._screen_area: ScreenArea = screen_area or primary_screen_area
        self._own_ext = own_ext
        self._region = region
        self._clock = clock
        self._corner = "bottom-right"
        self._close_delay = 5.0
        self._enabled = {
            Direction.INCOMING: True,
            Direction.OUTGOING: True,
            Direction.INTERNAL: True,
        }
        self._dnd = False
        self._max_visible = DEFAULT_MAX_VISIBLE
        self._expanded = False
        self._popups: dict[str, CallerPopup] = {}  # insertion order = arrival order
        self._dismissed: set[str] = set()
        self._more = MoreLine()
        self._more.clicked.connect(self._toggle_expanded)
        # top-level windows cannot be Qt children of a QObject: close them with the stack
        popups, more = self._popups, self._more
        self.destroyed.connect(lambda *_: _close_windows(popups, more))
        if screen_area is None:
            app = QGuiApplication.instance()
            if isinstance(app, QGuiApplication):
                app.primaryScreenChanged.connect(self._screen_changed)
            self._watch_screen()

    # ------------------------------------------------------------------ settings

    def configure(
        self,
        *,
        corner: str | None = None,
        close_delay: float | None = None,
        incoming: bool | None = None,
        outgoing: bool | None = None,
        internal: bool | None = None,
        dnd: bool | None = None,
        max_visible: int | None = None,
        own_ext: str | None = None,
    ) -> None:
        """Change any subset of the settings; ``None`` keeps a value as it is.

        Switching a direction off, or do-not-disturb on, also closes the popups it covers.
        """
        if corner is not None:
            if corner not in CORNERS:
                raise ValueError(f"corner must be one of {', '.join(CORNERS)}")
            self._corner = corner
        if close_delay is not None:
            self._close_delay = max(0.0, float(close_delay))
            for popup in self._popups.values():
                popup.set_close_delay(self._close_delay)
        for direction, value in (
            (Direction.INCOMING, incoming),
            (Direction.OUTGOING, outgoing),
            (Direction.INTERNAL, internal),
        ):
            if value is not None:
                self._enabled[direction] = value
        if dnd is not None:
            self._dnd = dnd
        if max_visible is not None:
            self._max_visible = max(1, max_visible)
        if own_ext is not None and own_ext != self._own_ext:
            self._own_ext = own_ext or None
            for popup in self._popups.values():
                popup.set_own_ext(self._own_ext)
        for uuid, popup in list(self._popups.items()):
            if not self.wants(popup.direction):
                self._remove(uuid)
        self._relayout()

    @property
    def corner(self) -> str:
        return self._corner

    @property
    def close_delay(self) -> float:
        return self._close_delay

    @property
    def dnd(self) -> bool:
        return self._dnd

    @property
    def desk_phone_mode(self) -> bool:
        """Every direction switched off: the operator works from the desk phone alone."""
        return not any(self._enabled.values())

    def wants(self, direction: Direction) -> bool:
        return not self._dnd and self._enabled.get(direction, False)

    # ------------------------------------------------------------------ feeding

    def warm_up(self) -> None:
        """Build, render and drop one hidden popup, so the first real one is not the one that
        loads the fonts and polishes the style sheet (~30 ms saved on the first call)."""
        call = ActiveCall(
            uuid="0" * 32,
            parent_uuid=None,
            last_event=CallEvent.DIAL,
            dial_at=None,
            bridge_at=None,
            direction=Direction.INCOMING,
            leg=Leg(id=None, ext=self._own_ext or None, display_name=None),
            leg2=None,
            other_legs=(
                OtherLeg(id=None, name="Warm Up", num="+380440000000", company_name="-", url=None),
            ),
            trunk_num="+380440000001",
            trunk_name="-",
        )
        popup = CallerPopup(call, own_ext=self._own_ext, region=self._region)
        popup.ensurePolished()
        popup.adjustSize()
        popup.grab()  # renders offscreen: glyphs and style are cached now
        popup.deleteLater()

    def show_call(self, call: ActiveCall) -> CallerPopup | None:
        """A call concerning the operator appeared: show its popup (unless switched off)."""
        existing = self._popups.get(call.uuid)
        if existing is not None:
            existing.update_call(call)
            return existing
        if call.uuid in self._dismissed or not self.wants(call.direction):
            return None
        popup = CallerPopup(
            call,
            own_ext=self._own_ext,
            region=self._region,
            close_delay=self._close_delay,
            save_note=self._save_note,
            clock=self._clock,
        )
        popup.hangup_requested.connect(self.hangup_requested)
        popup.add_contact_requested.connect(self.add_contact_requested)
        popup.open_contact_requested.connect(self.open_contact_requested)
        popup.open_url_requested.connect(self._open)
        popup.dismissed.connect(self._on_dismissed)
        popup.expired.connect(self._on_expired)
        popup.size_changed.connect(self._relayout)
        self._popups[call.uuid] = popup
        self._relayout()
        if popup.isVisible():
            self.popup_shown.emit(call.uuid)
        return popup

    def update_call(self, call: ActiveCall) -> None:
        popup = self._popups.get(call.uuid)
        if popup is not None:
            popup.update_call(call)

    def call_answered(self, call: ActiveCall) -> None:
        popup = self._popups.get(call.uuid)
        if popup is not None:
            popup.call_answered(call)

    def call_ended(self, call: ActiveCall, answered: bool) -> None:
        popup = self._popups.get(call.uuid)
        self._dismissed.discard(call.uuid)  # the uuid will not come back
        if popup is not None:
            popup.call_ended(call, answered)

    def call_answered_elsewhere(self, call: ActiveCall, by_leg: Leg | None) -> None:
        popup = self._popups.get(call.uuid)
        if popup is not None:
            popup.call_answered_elsewhere(call, by_leg)

    def call_transferred(self, call: ActiveCall, from_ext: str | None) -> None:
        popup = self._popups.get(call.uuid)
        if popup is not None:
            popup.call_transferred(call, from_ext)

    def set_caller_info(self, key: str, info: CallerInfo) -> None:
        """The CRM's answer for a call (``key`` = its uuid) or for a number (every popup of it)."""
        popup = self._popups.get(key)
        targets = (
            [popup]
            if popup is not None
            else [p for p in self._popups.values() if p.number is not None and p.number == key]
        )
        for target in targets:
            target.set_caller_info(info)

    def show_error(self, uuid: str, message: str) -> None:
        """A request from this call's popup failed; say so on the popup."""
        popup = self._popups.get(uuid)
        if popup is not None:
            popup.show_error(message)

    # ------------------------------------------------------------------ access

    def popup(self, uuid: str) -> CallerPopup | None:
        return self._popups.get(uuid)

    @property
    def popups(self) -> tuple[CallerPopup, ...]:
        """Every popup, oldest first (shown or collapsed)."""
        return tuple(self._popups.values())

    @property
    def visible_popups(self) -> tuple[CallerPopup, ...]:
        return tuple(p for p in self._popups.values() if p.isVisible())

    @property
    def more_line(self) -> MoreLine:
        return self._more

    def close(self, uuid: str) -> None:
        """Close one popup (the call's card goes away; the call is not touched)."""
        if uuid in self._popups:
            self._remove(uuid)
            self._relayout()

    def close_all(self) -> None:
        for uuid in list(self._popups):
            self._remove(uuid)
        self._relayout()

    # ------------------------------------------------------------------ internals

    def _open(self, url: str) -> None:
        if not is_safe_url(url):
            _log.warning("refusing to open a CRM link that is not http(s)")
            return
        self._open_url(QUrl(url.strip()))

    def _on_dismissed(self, uuid: str) -> None:
        self._dismissed.add(uuid)
        self.close(uuid)
        self.dismissed.emit(uuid)

    def _on_expired(self, uuid: str) -> None:
        self.close(uuid)

    def _remove(self, uuid: str) -> None:
        popup = self._popups.pop(uuid, None)
        if popup is None:
            return
        popup.size_changed.disconnect(self._relayout)
        popup.retire()

    def _toggle_expanded(self) -> None:
        self._expanded = not self._expanded
        self._relayout()

    def _watch_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            screen.availableGeometryChanged.connect(self._relayout)

    def _screen_changed(self) -> None:
        self._watch_screen()
        self._relayout()

    def _relayout(self, *_args: object) -> None:
        """Place every popup: oldest in the corner, newer ones outward; collapse the rest."""
        area = self._screen_area()
        popups = list(self._popups.values())
        if len(popups) <= self._max_visible:
            self._expanded = False
        budget = len(popups) if self._expanded else self._max_visible
        room = area.height() - 2 * MARGIN
        more_height = self._more.sizeHint().height() + SPACING

        # the newest popups that fit, counted from the newest backwards
        shown: list[CallerPopup] = []
        used = 0
        for popup in reversed(popups):
            if len(shown) >= budget:
                break
            need = popup.height() + (SPACING if shown else 0)
            hidden_after = len(popups) - len(shown) - 1
            reserve = more_height if hidden_after > 0 else 0
            if shown and used + need + reserve > room:
                break
            shown.append(popup)
            used += need
        shown.reverse()
        hidden = [p for p in popups if p not in shown]

        right = self._corner.endswith("right")
        bottom = self._corner.startswith("bottom")
        x = area.right() + 1 - MARGIN - POPUP_WIDTH if right else area.left() + MARGIN
        cursor = area.bottom() + 1 - MARGIN if bottom else area.top() + MARGIN

        def place(widget: QWidget) -> None:
            nonlocal cursor
            height = widget.height()
            if bottom:
                cursor -= height
                widget.move(x, cursor)
                cursor -= SPACING
            else:
                widget.move(x, cursor)
                cursor += height + SPACING

        for popup in shown:
            place(popup)
        if hidden or self._expanded:
            if self._expanded:
                self._more.set_text(self.tr("Show fewer"))
            else:
                self._more.set_text(self.tr("+%n more call(s)", "", len(hidden)))
            place(self._more)
            self._more.show()
        else:
            self._more.hide()
        for popup in hidden:
            popup.hide()
        for popup in shown:
            if not popup.isVisible():
                popup.show()
