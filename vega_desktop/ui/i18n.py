"""Translations: Qt's own (``qtbase_uk``: standard buttons, context menus) and vega-desktop's.

Our catalogues are ``vega_desktop_<lang>.qm`` in the ``translations`` folder of the
``vega_desktop.resources`` package, compiled from the ``.ts`` sources by
``scripts/build-translations``. The source strings are English; ``en`` is still loaded so that
plural forms (``%n missed call(s)``) read correctly.

The language is the one in the settings, or else the system's: Ukrainian when the system
language is Ukrainian, English otherwise. Switching installs the new catalogues at once; widgets
that handle :attr:`QEvent.Type.LanguageChange` (the tray menu does) update on the spot, windows
opened afterwards come up in the new language.
"""

from __future__ import annotations

import importlib.resources
import logging
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

__all__ = [
    "LANGUAGES",
    "Translations",
    "resolve_language",
    "system_language",
    "translations_dir",
]

_log = logging.getLogger("vega_desktop.ui.i18n")

LANGUAGES: Final = ("uk", "en")
CATALOGUE: Final = "vega_desktop"


def translations_dir() -> Path:
    return Path(str(importlib.resources.files("vega_desktop.resources") / "translations"))


def system_language(locale: QLocale | None = None) -> str:
    """``uk`` when the system speaks Ukrainian, else ``en``."""
    locale = locale if locale is not None else QLocale.system()
    return "uk" if locale.language() == QLocale.Language.Ukrainian else "en"


def resolve_language(setting: str | None, locale: QLocale | None = None) -> str:
    """The language to use for a settings value ("" = follow the system)."""
    if setting in LANGUAGES:
        return setting
    return system_language(locale)


class Translations(QObject):
    """Owns the installed translators; :meth:`apply` swaps them."""

    def __init__(self, app: QCoreApplication, *, directory: Path | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._directory = directory if directory is not None else translations_dir()
        self._installed: list[QTranslator] = []
        self._default_locale = QLocale()
        self.language = ""

    def apply(self, setting: str | None) -> str:
        """Install the catalogues for ``setting`` ("", "uk", "en"); returns the language used."""
        language = resolve_language(setting)
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()

        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(self)
        if language != "en" and qt.load(f"qtbase_{language}", qt_dir):
            self._install(qt)

        ours = QTranslator(self)
        if ours.load(f"{CATALOGUE}_{language}", str(self._directory)):
            self._install(ours)
        else:
            _log.warning(
                "no %s translation found in %s (run scripts/build-translations)",
                language,
                self._directory,
            )
        QLocale.setDefault(_locale_for(language))
        self.language = language
        return language

    def clear(self) -> None:
        """Uninstall the catalogues and give back the default locale found at construction."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        QLocale.setDefault(self._default_locale)
        self.language = ""

    def _install(self, translator: QTranslator) -> None:
        if self._app.installTranslator(translator):
            self._installed.append(translator)


def _locale_for(language: str) -> QLocale:
    """Number and time formats to match: Ukrainian, or English with a 24-hour clock."""
    if language == "uk":
        return QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
