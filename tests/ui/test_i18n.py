"""Translations: every Ukrainian string is translated, and switching languages takes effect."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from vega_desktop.ui.i18n import Translations, resolve_language, system_language, translations_dir
from vega_desktop.ui.text import relative_time

SOURCES = translations_dir()
UK_TS = SOURCES / "vega_desktop_uk.ts"
EN_TS = SOURCES / "vega_desktop_en.ts"


def lrelease() -> str:
    here = Path(sys.executable).parent / "pyside6-lrelease"
    found = str(here) if here.exists() else shutil.which("pyside6-lrelease")
    if not found:
        pytest.skip("pyside6-lrelease is not installed")
    return found


def compile_translations(folder: Path) -> Path:
    """Compile the .ts sources into ``folder`` (the tests never depend on a prior build)."""
    folder.mkdir(parents=True, exist_ok=True)
    tool = lrelease()
    for ts in SOURCES.glob("vega_desktop_*.ts"):
        subprocess.run(
            [tool, "-silent", str(ts), "-qm", str(folder / ts.with_suffix(".qm").name)],
            check=True,
        )
    return folder


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_translations(tmp_path_factory.mktemp("qm"))


@pytest.fixture
def translations(qapp: QApplication, qm_dir: Path) -> Iterator[Translations]:
    tr = Translations(qapp, directory=qm_dir)
    yield tr
    tr.clear()


def messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))  # noqa: S314 - our own file


def test_catalogues_cover_the_same_plurals() -> None:
    assert UK_TS.is_file(), f"{UK_TS.name} is missing"
    assert EN_TS.is_file(), f"{EN_TS.name} is missing"
    assert len(messages(UK_TS)) > 100

    def plurals(ts: Path) -> set[str]:
        return {m.findtext("source") or "" for m in messages(ts) if m.get("numerus") == "yes"}

    # English needs only the plural forms: every other source text is already English
    assert plurals(EN_TS) == plurals(UK_TS)
    assert plurals(EN_TS)


def test_every_ukrainian_message_is_translated() -> None:
    problems = []
    for message in messages(UK_TS):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        if kind in ("obsolete", "vanished"):
            continue
        if kind == "unfinished":
            problems.append(f"unfinished: {source!r}")
            continue
        if message.get("numerus") == "yes":
            forms = [f.text or "" for f in translation.iter("numerusform")]
            if len(forms) != 3 or not all(f.strip() for f in forms):
                problems.append(f"needs three plural forms: {source!r}")
            elif not all("%n" in f for f in forms):
                problems.append(f"a plural form lost %n: {source!r}")
        elif not (translation.text or "").strip():
            problems.append(f"empty: {source!r}")
        else:
            # placeholders survive translation
            wanted = sorted(re.findall(r"%\d", source))
            if sorted(re.findall(r"%\d", translation.text or "")) != wanted:
                problems.append(f"placeholders differ: {source!r}")
    assert not problems, "\n".join(problems)


def lupdate() -> str:
    here = Path(sys.executable).parent / "pyside6-lupdate"
    found = str(here) if here.exists() else shutil.which("pyside6-lupdate")
    if not found:
        pytest.skip("pyside6-lupdate is not installed")
    return found


def test_the_catalogue_has_every_string_of_the_code(tmp_path: Path) -> None:
    """A string added to the code without running scripts/update-translations (and
    translating it) fails here, not in front of an operator."""
    root = Path(__file__).resolve().parents[2]
    sources = sorted((root / "vega_desktop" / "ui").rglob("*.py"))
    sources.extend(sorted((root / "vega_desktop" / "app").rglob("*.py")))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [lupdate(), "-silent", "-locations", "none", *map(str, sources), "-ts", str(fresh)],
        check=True,
    )

    def keys(ts: Path) -> set[tuple[str, str]]:
        found = set()
        for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - our own file
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                    continue
                found.add((name, message.findtext("source") or ""))
        return found

    missing = sorted(keys(fresh) - keys(UK_TS))
    assert not missing, "run scripts/update-translations and translate:\n" + "\n".join(
        f"{context}: {source!r}" for context, source in missing
    )


def test_english_plurals_are_filled_in() -> None:
    for message in messages(EN_TS):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") not in ("unfinished",), message.findtext("source")
        forms = [f.text or "" for f in translation.iter("numerusform")]
        assert len(forms) == 2, message.findtext("source")
        assert all("%n" in f for f in forms), message.findtext("source")


def test_relative_times_take_ukrainian_and_english_plural_forms(
    translations: Translations,
) -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert translations.apply("uk") == "uk"
    assert relative_time(now - timedelta(minutes=1), now) == "1 хвилину тому"
    assert relative_time(now - timedelta(minutes=3), now) == "3 хвилини тому"
    assert relative_time(now - timedelta(minutes=25), now) == "25 хвилин тому"
    assert relative_time(now - timedelta(hours=21), now) == "21 годину тому"
    assert relative_time(now - timedelta(days=4), now) == "4 дні тому"
    assert translations.apply("en") == "en"
    assert relative_time(now - timedelta(days=1, hours=2), now) == "yesterday"
    assert relative_time(now - timedelta(days=2), now) == "2 days ago"
    assert relative_time(now - timedelta(minutes=1), now) == "1 min ago"


def test_switching_to_ukrainian_translates_known_strings(translations: Translations) -> None:
    assert translations.apply("uk") == "uk"
    tr = QCoreApplication.translate
    assert tr("TrayController", "Dial…") == "Набрати…"
    assert tr("TrayController", "Do not disturb") == "Не турбувати"
    assert tr("TrayController", "Settings…") == "Налаштування…"
    assert tr("TrayController", "Quit") == "Вийти"
    assert tr("TrayController", "%n missed call(s)", "", 1) == "1 пропущений дзвінок"
    assert tr("TrayController", "%n missed call(s)", "", 3) == "3 пропущені дзвінки"
    assert tr("TrayController", "%n missed call(s)", "", 5) == "5 пропущених дзвінків"
    assert tr("TrayController", "%n missed call(s)", "", 21) == "21 пропущений дзвінок"
    # Qt's own strings come in Ukrainian too
    assert tr("QPlatformTheme", "Cancel") == "Скасувати"

    assert translations.apply("en") == "en"
    assert tr("TrayController", "Dial…") == "Dial…"
    assert tr("TrayController", "%n missed call(s)", "", 1) == "1 missed call"
    assert tr("TrayController", "%n missed call(s)", "", 4) == "4 missed calls"


def test_language_follows_the_system_when_not_set() -> None:
    assert system_language(QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine)) == "uk"
    assert system_language(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "en"
    assert resolve_language("", QLocale(QLocale.Language.Ukrainian)) == "uk"
    assert resolve_language("en", QLocale(QLocale.Language.Ukrainian)) == "en"
    assert resolve_language("uk", QLocale(QLocale.Language.English)) == "uk"
