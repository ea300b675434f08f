"""The app icon and the tray icon for each connection state, with the missed-calls badge.

The artwork is SVG (``vega_desktop.resources/icons``) rendered with :class:`QSvgRenderer` at the
sizes tray hosts ask for, so it stays crisp at 16 px and on HiDPI screens. Each icon draws a size
only when something asks for it (an icon engine with a cache), not every size up front: a tray
host wants one or two sizes, and drawing SVG is the slowest thing the app does before its icon
appears. The badge is painted
over the top-right corner with :class:`QPainter`: a red disc with the count ("9+" beyond nine,
since a tray icon has no room for more digits).

The tray icon is drawn before the app has loaded anything else, so this module leaves PySide6's
``Qt`` namespace (whose hundred enums take tens of milliseconds to create) to the badge, which is
painted only once there are missed calls.
"""

from __future__ import annotations

import functools
import importlib.resources
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QColor, QFont, QIcon, QIconEngine, QImage, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

__all__ = [
    "TRAY_SIZES",
    "TrayState",
    "app_icon",
    "badge_text",
    "clear_caches",
    "icon_path",
    "tray_icon",
]

TRAY_SIZES = (16, 20, 22, 24, 32, 40, 48, 64)
# what an icon says it has: a StatusNotifierItem tray draws every one of them at each change
OFFERED_SIZES = (16, 22, 32, 64)
BADGE_COLOR = QColor("#E5484D")


class TrayState(Enum):
    """What the tray icon shows, most urgent last."""

    SIGNED_OUT = "signedout"
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"
    ON_CALL = "oncall"


def icons_dir() -> Path:
    return Path(str(importlib.resources.files("vega_desktop.resources") / "icons"))


def icon_path(name: str) -> Path:
    return icons_dir() / f"{name}.svg"


@functools.cache
def _renderer(name: str) -> QSvgRenderer:
    renderer = QSvgRenderer(str(icon_path(name)))
    if not renderer.isValid():
        raise FileNotFoundError(f"icon {name!r} is missing or not valid SVG")
    return renderer


def render(name: str, size: int) -> QImage:
    """The SVG ``name`` as a transparent ``size``×``size`` image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0))  # transparent
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _renderer(name).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def badge_text(count: int) -> str:
    return "" if count <= 0 else (str(count) if count <= 9 else "9+")


def paint_badge(image: QImage, count: int) -> None:
    """Paint the missed-calls badge on the top-right corner of ``image`` (in place)."""
    text = badge_text(count)
    if not text:
        return
    from PySide6.QtCore import Qt

    size = image.width()
    diameter = max(9.0, size * 0.56)
    width = diameter if len(text) == 1 else diameter * 1.3
    rect = QRectF(size - width, 0, width, diameter)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    ring = max(1.0, size / 24)
    painter.setPen(QPen(QColor("#FFFFFF"), ring))
    painter.setBrush(BADGE_COLOR)
    inner = rect.adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2)
    painter.drawRoundedRect(inner, inner.height() / 2, inner.height() / 2)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(7, round(diameter * (0.72 if len(text) == 1 else 0.62))))
    painter.setFont(font)
    painter.setPen(QColor("#FFFFFF"))
    painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()


def tray_image(state: TrayState, missed: int = 0, size: int = 32) -> QImage:
    image = render(f"tray-{state.value}", size)
    paint_badge(image, missed)
    return image


def tray_icon(state: TrayState, missed: int = 0) -> QIcon:
    """The tray icon for ``state`` with ``missed`` on the badge, at every tray size."""
    # counts above nine look the same ("9+"): cache by what is drawn
    return _icon(f"tray-{state.value}", min(max(missed, 0), 10))


class RenderedIconEngine(QIconEngine):
    """Draws the SVG ``name`` (with ``missed`` on the badge) at the size asked for, once."""

    def __init__(self, name: str, missed: int = 0) -> None:
        super().__init__()
        self._name = name
        self._missed = missed
        self._pixmaps: dict[int, QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        side = max(1, min(size.width(), size.height()))
        pixmap = self._pixmaps.get(side)
        if pixmap is None:
            image = render(self._name, side)
            paint_badge(image, self._missed)
            pixmap = self._pixmaps[side] = QPixmap.fromImage(image)
        return pixmap

    def scaledPixmap(  # noqa: N802 - Qt's name
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(self.pixmap(size * scale, mode, state))  # a copy: the cache keeps 1.0
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(  # noqa: N802 - Qt's name
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(side, side) for side in OFFERED_SIZES]

    def forget(self) -> None:
        """Drop the drawn pixmaps (they are drawn again when asked for)."""
        self._pixmaps.clear()

    def clone(self) -> QIconEngine:
        return RenderedIconEngine(self._name, self._missed)

    def key(self) -> str:
        return "vega-rendered"


# One QIcon per drawing, kept for the life of the process: Qt copies an icon freely (the tray,
# every window's icon) and the copies share its engine, which belongs to the first QIcon made
# with it; a second QIcon made from the same engine would delete it a second time. At most a few
# dozen: five states by eleven badge counts, and the app icon.
_ICONS: dict[tuple[str, int], tuple[QIcon, RenderedIconEngine]] = {}


def _icon(name: str, missed: int = 0) -> QIcon:
    entry = _ICONS.get((name, missed))
    if entry is None:
        engine = RenderedIconEngine(name, missed)
        entry = _ICONS[name, missed] = (QIcon(engine), engine)
    return entry[0]


def app_icon() -> QIcon:
    """The application's own icon (windows, the task bar, notifications)."""
    return _icon("vega-desktop")


def clear_caches() -> None:
    """Drop the drawn pixmaps and the SVG renderers (before the QApplication goes away); the
    icons stay, since copies of them may outlive this, and draw again when asked to."""
    for _copy, engine in _ICONS.values():
        engine.forget()
    _renderer.cache_clear()
