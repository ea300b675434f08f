"""The workbench window: a sidebar of pages and a status bar; each page is its own widget.

The app builds the pages and plugs them in, so this window knows none of them::

    window = WorkbenchWindow()
    window.add_page("missed", window.tr("Missed calls"), missed_page)
    window.add_page("history", window.tr("History"), history_page)
    window.add_page("contacts", window.tr("Contacts"), contacts_page, icon=...)
    window.show_page("missed"); window.raise_and_focus()

Closing the window only hides it (the app lives on in the tray); its size, position and page
are kept in memory for the next :meth:`raise_and_focus`.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from vega_desktop.ui.text import plain_label

__all__ = ["WorkbenchWindow"]

KeyRole = Qt.ItemDataRole.UserRole + 1
STYLE = """
QListWidget#workbenchSidebar { background: #f1f5f9; border: none; border-right: 1px solid #e2e8f0;
                               font-size: 10pt; outline: none; }
QListWidget#workbenchSidebar::item { padding: 8px 10px; color: #1e293b; }
QListWidget#workbenchSidebar::item:selected { background: #dbeafe; color: #1e3a8a; }
"""


class WorkbenchWindow(QMainWindow):
    """``page_changed(key)`` fires when another page is shown; ``language_changed`` after the
    window took a new language (whoever gave the page titles gives them again)."""

    page_changed = Signal(str)
    language_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WorkbenchWindow")
        self.retranslate()
        self.setStyleSheet(STYLE)
        self._titles: dict[str, str] = {}
        self._badges: dict[str, int] = {}
        self._geometry: QByteArray | None = None

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("workbenchSidebar")
        self.sidebar.setFixedWidth(190)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.currentRowChanged.connect(self._on_row)
        self.pages = QStackedWidget(self)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.connection_label = plain_label("", self, name="workbenchConnection")
        self.statusBar().addPermanentWidget(self.connection_label)
        self.resize(1100, 680)

    # --- pages --------------------------------------------------------------------------------

    def add_page(self, key: str, title: str, widget: QWidget, icon: QIcon | None = None) -> None:
        """Add (or replace) the page ``key``; the first page added is shown first."""
        if key in self._titles:
            self.remove_page(key)
        item = QListWidgetItem(title)
        item.setData(KeyRole, key)
        if icon is not None:
            item.setIcon(icon)
        self._titles[key] = title
        widget.setProperty("workbenchKey", key)
        self.pages.addWidget(widget)
        self.sidebar.addItem(item)
        if self.sidebar.currentRow() < 0:
            self.sidebar.setCurrentRow(0)

    def remove_page(self, key: str) -> None:
        row = self._row(key)
        if row < 0:
            return
        widget = self.page(key)
        self.sidebar.takeItem(row)
        if widget is not None:
            self.pages.removeWidget(widget)
        self._titles.pop(key, None)
        self._badges.pop(key, None)

    def page(self, key: str) -> QWidget | None:
        for i in range(self.pages.count()):
            widget = self.pages.widget(i)
            if widget is not None and widget.property("workbenchKey") == key:
                return widget
        return None

    def page_keys(self) -> list[str]:
        return [self.sidebar.item(i).data(KeyRole) for i in range(self.sidebar.count())]

    def current_page(self) -> str | None:
        item = self.sidebar.currentItem()
        return str(item.data(KeyRole)) if item is not None else None

    def show_page(self, key: str) -> bool:
        """Switch to ``key``; False if there is no such page."""
        row = self._row(key)
        if row >= 0:
            self.sidebar.setCurrentRow(row)
        return row >= 0

    def set_page_title(self, key: str, title: str) -> None:
        """A new title (after a language change)."""
        if key in self._titles:
            self._titles[key] = title
            self._refresh_item(key)

    def set_page_badge(self, key: str, count: int) -> None:
        """Show ``count`` next to the page's title (0 hides it), e.g. waiting missed calls."""
        self._badges[key] = max(0, count)
        self._refresh_item(key)

    def page_text(self, key: str) -> str:
        row = self._row(key)
        return self.sidebar.item(row).text() if row >= 0 else ""

    def _refresh_item(self, key: str) -> None:
        row = self._row(key)
        if row < 0:
            return
        count = self._badges.get(key, 0)
        title = self._titles[key]
        self.sidebar.item(row).setText(f"{title}  ({count})" if count else title)

    def _row(self, key: str) -> int:
        for i in range(self.sidebar.count()):
            if self.sidebar.item(i).data(KeyRole) == key:
                return i
        return -1

    def _on_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.sidebar.item(row).data(KeyRole)
        widget = self.page(key)
        if widget is not None:
            self.pages.setCurrentWidget(widget)
            self.page_changed.emit(key)

    # --- window -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.language_changed.emit()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Vega Desktop"))

    def set_connection(self, state_text: str) -> None:
        """What the status bar says about the PBX connection ("Online", "Offline — retrying")."""
        self.connection_label.setText(state_text)

    def connection_text(self) -> str:
        return self.connection_label.text()

    def raise_and_focus(self) -> None:
        """Show the window where it was, in front, with the keyboard focus."""
        if not self.isVisible() and self._geometry is not None:
            self.restoreGeometry(self._geometry)
        if self.isMinimized():
            self.showNormal()
        else:
            self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Closing hides: the app keeps running in the tray."""
        self._geometry = self.saveGeometry()
        event.ignore()
        self.hide()
