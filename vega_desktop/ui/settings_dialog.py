"""The Settings dialog: account, polling, popups, supervisor mode, language, start at login.

It edits a :class:`~vega_desktop.core.settings.Settings` value and saves it through the
:class:`~vega_desktop.core.settings.SettingsStore` (in a worker thread). The API key is not here:
it lives in the keyring and changes only through Sign out / Sign in.

Start at login is implemented on Linux and other XDG desktops as a ``.desktop`` file in
``$XDG_CONFIG_HOME/autostart`` (``~/.config/autostart``), written by
:class:`~vega_desktop.core.desktop_entry.Autostart` from the same entry and for the same program
as the applications menu's. On Windows and macOS the option is hidden until a Run-key /
LaunchAgent implementation exists.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sys

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import User
from vega_desktop.core.desktop_entry import Autostart, autostart_supported
from vega_desktop.core.settings import (
    POLL_INTERVAL_MAX,
    POLL_INTERVAL_MIN,
    POPUP_CLOSE_DELAY_MAX,
    Settings,
    SettingsStore,
)
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.icons import app_icon
from vega_desktop.ui.signin import normalize_domain, normalize_server

__all__ = ["Autostart", "SettingsDialog", "autostart_supported"]

_log = logging.getLogger("vega_desktop.ui.settings")


class SettingsDialog(QDialog):
    """Shown non-modally; emits :attr:`settings_saved` with the new settings after saving."""

    settings_saved = Signal(object)  # Settings

    CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")

    def __init__(
        self,
        *,
        settings: Settings,
        settings_store: SettingsStore,
        users: list[User] | tuple[User, ...] = (),
        autostart: Autostart | None = None,
        platform: str = sys.platform,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Vega Desktop settings"))
        self.setWindowIcon(app_icon())
        self._settings = settings
        self._store = settings_store
        self._autostart = (
            autostart
            if autostart is not None
            else (Autostart.default() if autostart_supported(platform) else None)
        )
        self._tasks = WidgetTasks(self)
        self._saving = False

        # account
        self.domain_edit = QLineEdit(settings.domain or "", self)
        self.domain_edit.setObjectName("domainEdit")
        self.domain_edit.setPlaceholderText(self.tr("acme.pbx.vega.ua"))
        self.server_edit = QLineEdit(settings.server or "", self)
        self.server_edit.setObjectName("serverEdit")
        self.server_edit.setPlaceholderText(self.tr("optional, e.g. https://acme.pbx.vega.ua"))
        self.ext_combo = QComboBox(self)
        self.ext_combo.setObjectName("extCombo")
        self.ext_combo.setEditable(True)
        self.ext_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.set_users(users)
        account_note = QLabel(
            self.tr("The API key is kept in the system keyring; use Sign out to change it."), self
        )
        account_note.setWordWrap(True)
        account_note.setTextFormat(Qt.TextFormat.PlainText)
        account = QGroupBox(self.tr("Account"), self)
        account_form = QFormLayout(account)
        account_form.addRow(self.tr("PBX domain:"), self.domain_edit)
        account_form.addRow(self.tr("Server URL:"), self.server_edit)
        account_form.addRow(self.tr("Your extension:"), self.ext_combo)
        account_form.addRow(account_note)

        # calls
        self.poll_spin = QDoubleSpinBox(self)
        self.poll_spin.setObjectName("pollSpin")
        self.poll_spin.setRange(POLL_INTERVAL_MIN, POLL_INTERVAL_MAX)
        self.poll_spin.setSingleStep(0.5)
        self.poll_spin.setDecimals(1)
        self.poll_spin.setSuffix(self.tr(" s"))
        self.poll_spin.setValue(settings.poll_interval)
        self.supervisor_check = QCheckBox(
            self.tr("Supervisor mode: follow every call of the company"), self
        )
        self.supervisor_check.setObjectName("supervisorCheck")
        self.supervisor_check.setChecked(settings.supervisor)
        calls = QGroupBox(self.tr("Calls"), self)
        calls_form = QFormLayout(calls)
        calls_form.addRow(self.tr("Check for calls every:"), self.poll_spin)
        calls_form.addRow(self.supervisor_check)

        # popups
        self.corner_combo = QComboBox(self)
        self.corner_combo.setObjectName("cornerCombo")
        corner_names = {
            "top-left": self.tr("Top left"),
            "top-right": self.tr("Top right"),
            "bottom-left": self.tr("Bottom left"),
            "bottom-right": self.tr("Bottom right"),
        }
        for corner in self.CORNERS:
            self.corner_combo.addItem(corner_names[corner], corner)
        self.corner_combo.setCurrentIndex(max(0, self.corner_combo.findData(settings.popup_corner)))
        self.delay_spin = QDoubleSpinBox(self)
        self.delay_spin.setObjectName("delaySpin")
        self.delay_spin.setRange(0.0, POPUP_CLOSE_DELAY_MAX)
        self.delay_spin.setSingleStep(1.0)
        self.delay_spin.setDecimals(0)
        self.delay_spin.setSuffix(self.tr(" s"))
        self.delay_spin.setValue(settings.popup_close_delay)
        self.incoming_check = QCheckBox(self.tr("Incoming calls"), self)
        self.incoming_check.setObjectName("incomingCheck")
        self.incoming_check.setChecked(settings.popup_incoming)
        self.outgoing_check = QCheckBox(self.tr("Outgoing calls"), self)
        self.outgoing_check.setObjectName("outgoingCheck")
        self.outgoing_check.setChecked(settings.popup_outgoing)
        self.internal_check = QCheckBox(self.tr("Internal calls"), self)
        self.internal_check.setObjectName("internalCheck")
        self.internal_check.setChecked(settings.popup_internal)
        popup_note = QLabel(
            self.tr("With every kind switched off no popups appear (desk-phone mode)."), self
        )
        popup_note.setWordWrap(True)
        popups = QGroupBox(self.tr("Caller popups"), self)
        popups_form = QFormLayout(popups)
        popups_form.addRow(self.tr("Screen corner:"), self.corner_combo)
        popups_form.addRow(self.tr("Close after the call ends:"), self.delay_spin)
        popups_form.addRow(self.tr("Show popups for:"), self.incoming_check)
        popups_form.addRow("", self.outgoing_check)
        popups_form.addRow("", self.internal_check)
        popups_form.addRow(popup_note)

        # general
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(self.tr("System language"), "")
        self.language_combo.addItem("Українська", "uk")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        language_note = QLabel(
            self.tr(
                "A new language applies at once to the tray menu and to windows opened "
                "afterwards; restart the app to apply it everywhere."
            ),
            self,
        )
        language_note.setWordWrap(True)
        self.autostart_check = QCheckBox(self.tr("Start Vega Desktop when I log in"), self)
        self.autostart_check.setObjectName("autostartCheck")
        # The entry on disk is the truth: the desktop's own settings can switch it off too.
        self.autostart_check.setChecked(self._autostart is not None and self._autostart.enabled())
        general = QGroupBox(self.tr("General"), self)
        general_form = QFormLayout(general)
        general_form.addRow(self.tr("Language:"), self.language_combo)
        general_form.addRow(language_note)
        general_form.addRow(self.autostart_check)
        self.autostart_check.setVisible(self._autostart is not None)

        self.message = QLabel(self)
        self.message.setObjectName("messageLabel")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #C62828;")
        self.message.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for group in (account, calls, popups, general):
            layout.addWidget(group)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def set_users(self, users: list[User] | tuple[User, ...]) -> None:
        """Offer the company's extensions (the current choice is kept)."""
        current = self._ext() if self.ext_combo.count() or self.ext_combo.currentText() else ""
        self.ext_combo.blockSignals(True)
        self.ext_combo.clear()
        for user in sorted((u for u in users if u.ext), key=lambda u: u.ext or ""):
            self.ext_combo.addItem(f"{user.ext} — {user.display_name}", user.ext)
        self._set_ext(current or self._settings.ext or "")
        self.ext_combo.blockSignals(False)

    def _set_ext(self, ext: str) -> None:
        index = self.ext_combo.findData(ext) if ext else -1
        if index >= 0:
            self.ext_combo.setCurrentIndex(index)
        else:
            self.ext_combo.setCurrentIndex(-1)
            self.ext_combo.setEditText(ext)

    def _ext(self) -> str:
        text = self.ext_combo.currentText().strip()
        index = self.ext_combo.currentIndex()
        if index >= 0 and self.ext_combo.itemText(index) == text:
            data = self.ext_combo.itemData(index)
            if isinstance(data, str):
                return data
        return text.split(" ", 1)[0] if text else ""

    def edited(self) -> Settings | None:
        """The settings as edited, or ``None`` (with a message shown) when a field is invalid."""
        domain_text = self.domain_edit.text().strip()
        domain = normalize_domain(domain_text) if domain_text else ""
        if domain is None:
            self._error(self.tr("Enter the PBX domain, for example acme.pbx.vega.ua."))
            return None
        server = normalize_server(self.server_edit.text())
        if server is None:
            self._error(
                self.tr("The server URL must start with http:// or https://, or be left empty.")
            )
            return None
        corner = self.corner_combo.currentData()
        language = self.language_combo.currentData()
        return dataclasses.replace(
            self._settings,
            domain=domain or None,
            server=server or None,
            ext=self._ext() or None,
            poll_interval=float(self.poll_spin.value()),
            popup_corner=corner if isinstance(corner, str) else self._settings.popup_corner,
            popup_close_delay=float(self.delay_spin.value()),
            popup_incoming=self.incoming_check.isChecked(),
            popup_outgoing=self.outgoing_check.isChecked(),
            popup_internal=self.internal_check.isChecked(),
            supervisor=self.supervisor_check.isChecked(),
            language=language if isinstance(language, str) else "",
            start_at_login=self.autostart_check.isChecked() and self._autostart is not None,
        )

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def save(self) -> asyncio.Task[None] | None:
        if self._saving:
            return None
        settings = self.edited()
        if settings is None:
            return None
        self._saving = True
        self.save_button.setEnabled(False)
        return self._tasks.start(self._save(settings), name="save settings", keep=True)

    async def _save(self, settings: Settings) -> None:
        try:
            await asyncio.to_thread(self._write, settings)
        except OSError as exc:
            _log.warning("saving settings failed: %s", exc)
            if is_alive(self):
                self._error(
                    self.tr("The settings could not be saved: %1").replace(
                        "%1", exc.strerror or type(exc).__name__
                    )
                )
            return
        finally:
            self._saving = False
            if is_alive(self):
                self.save_button.setEnabled(True)
        self._settings = settings
        self.settings_saved.emit(settings)
        if is_alive(self):
            self.accept()

    def _write(self, settings: Settings) -> None:
        self._store.save(settings)
        if self._autostart is not None:
            self._autostart.apply(settings.start_at_login)
