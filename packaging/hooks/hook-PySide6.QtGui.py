"""QtGui for the vega-desktop bundle: PyInstaller's own collection of QtGui's plugins, minus those
a desktop tray app never loads. Dropping them here, before PyInstaller follows their library
dependencies, also keeps out what only they need:

- the GTK 3 platform theme: it would drag the build host's whole GTK stack into the bundle
  (Qt then uses its own look, or the xdg-desktop-portal theme);
- the virtual-keyboard input context: it needs QtQuick and QtQml (about 17 MB);
- the PDF, TIFF, TGA, WBMP and ICNS image formats (QtPdf alone is 4 MB);
- the platforms for embedded devices (eglfs, linuxfb, vnc, Vulkan display, minimal EGL) with
  their EGL device integrations and the evdev/TUIO input plugins (``generic``).

The desktop platforms stay: xcb, wayland (with its client plugins), offscreen and minimal on
Linux, windows on Windows, cocoa on macOS.
"""

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_PLUGINS = {
    "qgtk3",
    "qtvirtualkeyboardplugin",
    "qpdf",
    "qtiff",
    "qtga",
    "qwbmp",
    "qicns",
    "qeglfs",
    "qlinuxfb",
    "qvnc",
    "qvkkhrdisplay",
    "qminimalegl",
}
UNUSED_PLUGIN_TYPES = {"egldeviceintegrations", "generic"}


def wanted(src: str, dest: str) -> bool:
    name = PurePath(src).name.split(".", 1)[0].removeprefix("lib")
    return name not in UNUSED_PLUGINS and PurePath(dest).name not in UNUSED_PLUGIN_TYPES


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if wanted(src, dest)]
