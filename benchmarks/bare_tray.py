"""The baseline: a bare PySide6 tray app (an icon, a menu, an event loop), nothing else.

Prints ``ready <unix time>`` once its event loop runs with the tray icon shown.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon


def main() -> int:
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor("#1d6fd6"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    menu = QMenu()
    menu.addAction("Quit", app.quit)
    tray.setContextMenu(menu)
    tray.show()
    QTimer.singleShot(0, lambda: print(f"ready {time.time():.6f}", flush=True))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
