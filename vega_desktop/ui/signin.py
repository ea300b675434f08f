"""The sign-in dialog: PBX domain, API key, check it, pick the operator's extension, save.

"Check key" authorizes against the PBX and fetches ``/rest/users`` in the background (a busy
bar shows; Cancel stops it; the dialog never freezes). On success the extension picker is
filled with the company's employees. Save stores the key in the OS keyring through the
:class:`~vega_desktop.core.secrets.SecretStore` (in a worker thread) and the settings without
it, then emits :attr:`SignInDialog.signed_in`.

Errors are shown inline, in the user's language, and nothing the user typed is ever cleared. A
system with no secure keyring gets an explicit message; the key is never written to a file.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import (
    AuthError,
    ProtocolError,
    ServerError,
    SessionExpired,
    TransportError,
    User,
    VegaClient,
    VegaError,
)
from vega_desktop.core.secrets import NoKeyringBackend, SecretStore, SecretStoreError
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.icons import app_icon

__all__ = [
    "DEFAULT_SUFFIX",
    "ClientFactory",
    "SignInDialog",
    "SignInResult",
    "normalize_domain",
    "normalize_server",
]

_log = logging.getLogger("vega_desktop.ui.signin")

DEFAULT_SUFFIX = ".pbx.vega.ua"
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


class ClientFactory(Protocol):
    """Makes a client for an account (the app passes one that knows the demo's transport)."""

    def __call__(self, *, domain: str, server: str | None, api_key: str) -> VegaClient: ...


@dataclass(frozen=True, slots=True)
class SignInResult:
    settings: Settings
    api_key: str = dataclasses.field(repr=False)


def normalize_domain(text: str) -> str | None:
    """``Acme`` → ``acme.pbx.vega.ua``; ``https://acme.pbx.vega.ua/`` → ``acme.pbx.vega.ua``.

    ``None`` when the text cannot be a domain name.
    """
    text = text.strip().lower()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    text = text.split("/", 1)[0].strip().rstrip(".")
    if not text:
        return None
    if "." not in text:
        text += DEFAULT_SUFFIX
    return text if _DOMAIN.match(text) else None


def normalize_server(text: str) -> str | None:
    """An http(s) base URL without a trailing slash, ``""`` for none, ``None`` when invalid."""
    text = text.strip()
    if not text:
        return ""
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


class SignInDialog(QDialog):
    """Shown non-modally (``show()``); emits :attr:`signed_in` once the key is stored."""

    signed_in = Signal(object)  # SignInResult

    def __init__(
        self,
        *,
        client_factory: ClientFactory,
        secrets: SecretStore,
        settings_store: SettingsStore,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in to Vega PBX"))
        self.setWindowIcon(app_icon())
        self.setModal(False)
        self._client_factory = client_factory
        self._secrets = secrets
        self._store = settings_store
        self._settings = settings if settings is not None else Settings()
        self._tasks = WidgetTasks(self)
        self._check_task: asyncio.Task[None] | None = None
        self._save_task: asyncio.Task[None] | None = None
        self._phase = ""  # "check" or "save" while that work runs
        self._checked: tuple[str, str, str] | None = None  # (domain, server, key) that passed
        self._users: list[User] = []

        intro = QLabel(
            self.tr(
                "Enter your company's PBX domain and the API key from the PBX personal cabinet "
                "(Settings → Integration → Integration with another CRM system)."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.domain_edit = QLineEdit(self)
        self.domain_edit.setObjectName("domainEdit")
        self.domain_edit.setPlaceholderText(self.tr("acme.pbx.vega.ua"))
        self.domain_edit.setText(self._settings.domain or "")

        self.advanced_button = QToolButton(self)
        self.advanced_button.setObjectName("advancedButton")
        self.advanced_button.setText(self.tr("Advanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.toggled.connect(self._on_advanced_toggled)

        self.server_edit = QLineEdit(self)
        self.server_edit.setObjectName("serverEdit")
        self.server_edit.setPlaceholderText(self.tr("https://acme.pbx.vega.ua (optional)"))
        self.server_edit.setText(self._settings.server or "")
        self.server_label = QLabel(self.tr("Server URL:"), self)

        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("API key"))
        self.key_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhSensitiveData
        )
        self.show_key_action = QAction(self.tr("Show"), self.key_edit)
        self.show_key_action.setObjectName("showKeyAction")
        self.show_key_action.setCheckable(True)
        self.show_key_action.setToolTip(self.tr("Show or hide the key"))
        self.show_key_action.toggled.connect(self._on_show_key)
        self.show_key_button = QToolButton(self)
        self.show_key_button.setObjectName("showKeyButton")
        self.show_key_button.setDefaultAction(self.show_key_action)
        self.show_key_button.setAutoRaise(True)

        self.check_button = QPushButton(self.tr("Check key"), self)
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(self.check)

        self.busy = QProgressBar(self)
        self.busy.setObjectName("busyBar")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.hide()

        self.ext_combo = QComboBox(self)
        self.ext_combo.setObjectName("extCombo")
        self.ext_combo.currentIndexChanged.connect(self._update_buttons)
        self.ext_combo.editTextChanged.connect(self._update_buttons)
        self.ext_label = QLabel(self.tr("Your extension:"), self)

        self.message = QLabel(self)
        self.message.setObjectName("messageLabel")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self._on_cancel)

        key_row = QHBoxLayout()
        key_row.setContentsMargins(0, 0, 0, 0)
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key_button)
        check_row = QHBoxLayout()
        check_row.setContentsMargins(0, 0, 0, 0)
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.busy, 1)

        form = QFormLayout()
        form.addRow(self.tr("PBX domain:"), self.domain_edit)
        form.addRow("", self.advanced_button)
        form.addRow(self.server_label, self.server_edit)
        form.addRow(self.tr("API key:"), key_row)
        form.addRow("", check_row)
        form.addRow(self.ext_label, self.ext_combo)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        show_server = bool(self._settings.server)
        self.advanced_button.setChecked(show_server)
        self._on_advanced_toggled(show_server)
        self.ext_label.hide()
        self.ext_combo.hide()
        for edit in (self.domain_edit, self.server_edit, self.key_edit):
            edit.textChanged.connect(self._on_input_changed)
        self.setMinimumWidth(460)
        self._update_buttons()

    # -- state --------------------------------------------------------------------------------

    @property
    def checking(self) -> bool:
        return self._phase == "check"

    @property
    def saving(self) -> bool:
        return self._phase == "save"

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() or self.message.text() else ""

    def _inputs(self) -> tuple[str | None, str | None, str]:
        return (
            normalize_domain(self.domain_edit.text()),
            normalize_server(self.server_edit.text()),
            self.key_edit.text().strip(),
        )

    def _begin(self, phase: str) -> None:
        self._phase = phase
        self._set_busy(True)

    def _end(self) -> bool:
        """Leave the busy state; False when the dialog is already gone."""
        self._phase = ""
        if not is_alive(self):
            return False
        self._set_busy(False)
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.domain_edit, self.server_edit, self.key_edit, self.ext_combo):
            widget.setEnabled(not busy)
        self.check_button.setEnabled(not busy)
        self.advanced_button.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.checking or self.saving
        domain, server, key = self._inputs()
        self.check_button.setEnabled(not busy and bool(domain and key) and server is not None)
        self.save_button.setEnabled(not busy and self._checked is not None and bool(self._ext()))

    def _show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: palette(highlight);" if not error else "color: #C62828;")
        self.message.show()

    def show_problem(self, text: str) -> None:
        """Explain why the dialog is shown (no keyring, a key the PBX refused…)."""
        self._show_message(text)

    def _clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def _ext(self) -> str:
        data = self.ext_combo.currentData()
        if isinstance(data, str) and data:
            return data
        if self.ext_combo.isEditable():
            return self.ext_combo.currentText().strip()
        return ""

    # -- slots --------------------------------------------------------------------------------

    def _on_advanced_toggled(self, on: bool) -> None:
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.server_label.setVisible(on)
        self.server_edit.setVisible(on)

    def _on_show_key(self, on: bool) -> None:
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.show_key_action.setText(self.tr("Hide") if on else self.tr("Show"))

    def _on_input_changed(self) -> None:
        domain, server, key = self._inputs()
        if self._checked is not None and self._checked != (domain, server or "", key):
            # what was checked is no longer what is typed: check again before saving
            self._checked = None
            self.ext_label.hide()
            self.ext_combo.hide()
        self._update_buttons()

    def _on_cancel(self) -> None:
        if self.checking and self._check_task is not None:
            self._check_task.cancel()
            return
        if self.saving:
            return  # the keyring write is not interruptible; it finishes in a moment
        self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._check_task is not None:
            self._check_task.cancel()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.checking:
            self._on_cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.save_button.isEnabled():
                self.save()
            elif self.check_button.isEnabled():
                self.check()
            return
        super().keyPressEvent(event)

    # -- check --------------------------------------------------------------------------------

    def check(self) -> asyncio.Task[None] | None:
        """Authorize with what is typed and load the extensions (in the background)."""
        if self.checking or self.saving:
            return None
        domain, server, key = self._inputs()
        if domain is None:
            self._show_message(
                self.tr("Enter the PBX domain, for example acme.pbx.vega.ua or just acme.")
            )
            return None
        if server is None:
            self._show_message(
                self.tr("The server URL must start with http:// or https://, or be left empty.")
            )
            return None
        if not key:
            self._show_message(self.tr("Enter the API key."))
            return None
        if self.domain_edit.text().strip() != domain:
            self.domain_edit.setText(domain)  # show what "acme" became
        self._clear_message()
        self._checked = None
        self._begin("check")
        self._check_task = self._tasks.start(self._check(domain, server, key), name="check key")
        self._show_message(self.tr("Checking the key…"), error=False)
        return self._check_task

    async def _check(self, domain: str, server: str, key: str) -> None:
        try:
            client = self._client_factory(domain=domain, server=server or None, api_key=key)
            try:
                await client.authorize()
                users = await client.users.list()
            finally:
                await client.aclose()
        except asyncio.CancelledError:
            if self._end():
                self._show_message(self.tr("Check cancelled."), error=False)
            raise
        except VegaError as exc:
            _log.info("sign-in check failed: %s", type(exc).__name__)
            if self._end():
                self._show_message(self._describe(exc, domain, server))
            return
        except Exception:
            if self._end():
                self._show_message(self.tr("Unexpected error; see the log file for details."))
            raise
        if not self._end():
            return
        self._checked = (domain, server, key)
        self._fill_extensions(users)
        self._show_message(
            self.tr("The key works. Choose your extension and press Save."), error=False
        )
        self._update_buttons()

    def _describe(self, exc: VegaError, domain: str, server: str) -> str:
        host = server or domain
        if isinstance(exc, AuthError | SessionExpired):
            return self.tr(
                "The PBX did not accept this domain and API key. Check both and try again."
            )
        if isinstance(exc, TransportError):
            return self.tr(
                "Cannot reach %1. Check the domain, the server URL and your network connection."
            ).replace("%1", host)
        if isinstance(exc, ServerError):
            return self.tr("The PBX answered with an error (%1). Try again in a minute.").replace(
                "%1", str(exc.status or "5xx")
            )
        if isinstance(exc, ProtocolError):
            return self.tr("The server at %1 does not answer like a Vega PBX.").replace("%1", host)
        return self.tr("The check failed: %1").replace("%1", exc.detail)

    def _fill_extensions(self, users: list[User]) -> None:
        self._users = [u for u in users if u.ext]
        self._users.sort(key=lambda u: (u.ext or "", u.display_name))
        self.ext_combo.blockSignals(True)
        self.ext_combo.clear()
        self.ext_combo.setEditable(not self._users)
        for user in self._users:
            self.ext_combo.addItem(f"{user.ext} — {user.display_name}", user.ext)
        wanted = self._settings.ext
        index = self.ext_combo.findData(wanted) if wanted else -1
        self.ext_combo.setCurrentIndex(index if index >= 0 else (0 if self._users else -1))
        if not self._users and wanted:
            self.ext_combo.setEditText(wanted)
        self.ext_combo.blockSignals(False)
        self.ext_label.show()
        self.ext_combo.show()
        self.ext_combo.setFocus()

    # -- save ---------------------------------------------------------------------------------

    def save(self) -> asyncio.Task[None] | None:
        """Store the key in the keyring and the settings on disk (in the background)."""
        if self._checked is None or self.checking or self.saving:
            return None
        ext = self._ext()
        if not ext:
            self._show_message(self.tr("Choose your extension."))
            return None
        domain, server, key = self._checked
        settings = dataclasses.replace(
            self._settings, domain=domain, server=server or None, ext=ext
        )
        self._begin("save")
        self._save_task = self._tasks.start(self._save(settings, key), name="save key", keep=True)
        self._show_message(self.tr("Saving the key in the system keyring…"), error=False)
        return self._save_task

    async def _save(self, settings: Settings, key: str) -> None:
        stored = False
        try:
            try:
                await self._secrets.set(settings.domain or "", key)
            except NoKeyringBackend:
                _log.warning("no secure keyring backend; the key was not stored")
                self._show_message(
                    self.tr(
                        "No secure keyring is available on this system. Install and unlock a "
                        "Secret Service provider such as GNOME Keyring or KWallet."
                    )
                )
                return
            except SecretStoreError as exc:
                _log.warning("storing the key failed: %s", exc)
                self._show_message(
                    self.tr(
                        "The key could not be stored in the system keyring. Unlock the keyring "
                        "and try again."
                    )
                )
                return
            try:
                await asyncio.to_thread(self._store.save, settings)
            except OSError as exc:
                _log.warning("saving the settings failed: %s", exc)
                self._show_message(
                    self.tr("The settings could not be saved: %1").replace(
                        "%1", exc.strerror or type(exc).__name__
                    )
                )
                return
            stored = True
        finally:
            self._save_task = None
            alive = self._end()
        if not (stored and alive):
            return
        self._settings = settings
        self._clear_message()
        self.signed_in.emit(SignInResult(settings=settings, api_key=key))
        self.accept()
