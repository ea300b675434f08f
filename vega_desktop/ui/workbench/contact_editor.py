"""One contact, shown and edited: :class:`ContactDetails` lists every field and its values in
plain text with a Call button per phone; :class:`ContactEditor` is the form — names, company,
phone rows (with their type), e-mail rows, category.

The editor knows nothing of the PBX: it shows a :class:`~vega_desktop.core.contact_edit.
ContactForm`, hands back what was typed with :meth:`ContactEditor.form`, and marks the rows
:func:`~vega_desktop.core.contact_edit.validate` found wrong. The Contacts page saves. On a
failed save the typed data stays exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import Contact
from vega_desktop.api.models import FIELD_COMPANY, FIELD_FIRST_NAME, FIELD_LAST_NAME, FIELD_PHONE
from vega_desktop.api.phone import normalize_number
from vega_desktop.core.contact_edit import (
    FIELD_CATEGORY,
    FIELD_EMAIL,
    PHONE_MOBILE,
    PHONE_WORK,
    ContactForm,
    Problem,
    Reason,
    Slot,
    TypedValue,
)
from vega_desktop.ui.text import arg, format_phone, plain_label, short_datetime

__all__ = ["ContactDetails", "ContactEditor"]

STYLE = """
QWidget#ContactEditor, QScrollArea#editorScroll, QWidget#editorBody { background: #ffffff; }
QLabel#editorTitle { font-size: 13pt; font-weight: 600; color: #111827; }
QLabel#editorSection { font-weight: 600; color: #334155; padding-top: 6px; }
QLabel#editorMessage { color: #b91c1c; }
QLabel#editorNote { font-size: 9pt; color: #64748b; }
QLineEdit { border: 1px solid #cbd2d9; border-radius: 3px; padding: 4px 6px; }
QLineEdit[invalid="true"] { border: 1px solid #dc2626; background: #fef2f2; }
QPushButton#editorSave { background: #2563eb; color: #ffffff; border: 1px solid #1d4ed8;
                         border-radius: 4px; padding: 5px 16px; font-weight: 600; }
QPushButton#editorSave:disabled { background: #93b4f5; border-color: #93b4f5; }
"""

DETAILS_STYLE = """
QScrollArea#detailsScroll, QWidget#detailsBody { background: #ffffff; }
QLabel#detailsName { font-size: 14pt; font-weight: 600; color: #111827; }
QLabel#detailsCompany { font-size: 10pt; color: #475569; }
QLabel#detailsLabel { color: #64748b; }
QLabel#detailsValue { color: #111827; }
QLabel#detailsKind { color: #94a3b8; font-size: 9pt; }
QPushButton#detailsCall { padding: 1px 10px; }
QPushButton#detailsDelete { color: #b91c1c; }
"""


def _mark(edit: QLineEdit, invalid: bool) -> None:
    if bool(edit.property("invalid")) != invalid:
        edit.setProperty("invalid", invalid)
        edit.style().unpolish(edit)
        edit.style().polish(edit)


class _Row(QWidget):
    """One phone or e-mail: an optional type box, the text, and a remove button."""

    def __init__(self, value: TypedValue, kinds: Sequence[tuple[str, str]], parent: QWidget):
        super().__init__(parent)
        self.value_id = value.id
        self.default_kind = value.kind
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.kind: QComboBox | None = None
        if kinds:
            self.kind = QComboBox(self)
            for text, code in kinds:
                self.kind.addItem(text, code)
            if value.kind and self.kind.findData(value.kind) < 0:
                self.kind.addItem(value.kind, value.kind)  # a type this account uses
            index = self.kind.findData(value.kind) if value.kind else 0
            self.kind.setCurrentIndex(max(index, 0))
            layout.addWidget(self.kind)
        self.edit = QLineEdit(value.value, self)
        self.edit.textEdited.connect(lambda _text: _mark(self.edit, False))
        layout.addWidget(self.edit, 1)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        layout.addWidget(self.remove)

    def typed(self) -> TypedValue:
        kind = str(self.kind.currentData()) if self.kind is not None else self.default_kind
        return TypedValue(self.edit.text(), kind, self.value_id)


class ContactEditor(QWidget):
    """``save_requested`` when Save is clicked (the page validates and saves);
    ``cancelled`` when Cancel is."""

    save_requested = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self._phones: list[_Row] = []
        self._emails: list[_Row] = []
        self._creating: bool | None = None
        self._kept_fields: tuple[str, ...] = ()
        self._message_source: Callable[[], str] | None = None
        self._busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setObjectName("editorScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        body.setObjectName("editorBody")
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        self._title = plain_label("", body, name="editorTitle")
        layout.addWidget(self._title)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.first_name = QLineEdit(body)
        self.last_name = QLineEdit(body)
        self.company = QLineEdit(body)
        self.category = QComboBox(body)
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        fields = (self.first_name, self.last_name, self.company, self.category)
        self._form_labels = [plain_label("", body) for _ in fields]
        for label, field in zip(self._form_labels, fields, strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)

        self._phones_label = plain_label("", body, name="editorSection")
        layout.addWidget(self._phones_label)
        self._phone_box = QVBoxLayout()
        layout.addLayout(self._phone_box)
        self.add_phone_button = QPushButton(self.tr("Add phone"), body)
        self.add_phone_button.clicked.connect(lambda: self.add_phone().edit.setFocus())
        layout.addWidget(self.add_phone_button, 0, Qt.AlignmentFlag.AlignLeft)

        self._emails_label = plain_label("", body, name="editorSection")
        layout.addWidget(self._emails_label)
        self._email_box = QVBoxLayout()
        layout.addLayout(self._email_box)
        self.add_email_button = QPushButton(self.tr("Add e-mail"), body)
        self.add_email_button.clicked.connect(lambda: self.add_email().edit.setFocus())
        layout.addWidget(self.add_email_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._kept = plain_label("", body, name="editorNote")
        self._kept.setWordWrap(True)
        layout.addWidget(self._kept)
        layout.addStretch(1)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(16, 6, 16, 10)
        self.message = plain_label("", self, name="editorMessage")
        self.message.setWordWrap(True)
        bottom.addWidget(self.message, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancelled)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("editorSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_requested)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)
        self._retranslate_labels()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _retranslate_labels(self) -> None:
        for label, text in zip(
            self._form_labels,
            (self.tr("First name"), self.tr("Last name"), self.tr("Company"), self.tr("Category")),
            strict=True,
        ):
            label.setText(text)
        self._phones_label.setText(self.tr("Phones"))
        self._emails_label.setText(self.tr("E-mails"))

    def retranslate(self) -> None:
        """Every label in the new language; what is typed and chosen stays."""
        self._retranslate_labels()
        self.add_phone_button.setText(self.tr("Add phone"))
        self.add_email_button.setText(self.tr("Add e-mail"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.set_busy(self._busy)
        for row in self._phones:
            self._dress_phone(row)
            if row.kind is not None:
                for i, (text, _code) in enumerate(self._phone_kinds()):
                    row.kind.setItemText(i, text)
        for row in self._emails:
            self._dress_email(row)
        self._show_title()
        if self._message_source is not None:
            self.message.setText(self._message_source())

    # ------------------------------------------------------------------ rows

    def _phone_kinds(self) -> list[tuple[str, str]]:
        return [(self.tr("Mobile"), PHONE_MOBILE), (self.tr("Work"), PHONE_WORK)]

    def add_phone(self, value: TypedValue | None = None) -> _Row:
        row = _Row(value or TypedValue("", PHONE_MOBILE), self._phone_kinds(), self)
        self._dress_phone(row)
        row.remove.clicked.connect(lambda: self._remove(row, self._phones))
        self._phones.append(row)
        self._phone_box.addWidget(row)
        return row

    def add_email(self, value: TypedValue | None = None) -> _Row:
        row = _Row(value or TypedValue("", FIELD_EMAIL), (), self)
        self._dress_email(row)
        row.remove.clicked.connect(lambda: self._remove(row, self._emails))
        self._emails.append(row)
        self._email_box.addWidget(row)
        return row

    def _dress_phone(self, row: _Row) -> None:
        row.edit.setPlaceholderText(self.tr("Phone number"))
        row.remove.setToolTip(self.tr("Remove this phone"))

    def _dress_email(self, row: _Row) -> None:
        row.edit.setPlaceholderText(self.tr("name@example.com"))
        row.remove.setToolTip(self.tr("Remove this e-mail"))

    def _remove(self, row: _Row, rows: list[_Row]) -> None:
        if row in rows:
            rows.remove(row)
            row.hide()
            row.deleteLater()

    @property
    def phone_rows(self) -> tuple[_Row, ...]:
        return tuple(self._phones)

    @property
    def email_rows(self) -> tuple[_Row, ...]:
        return tuple(self._emails)

    # ------------------------------------------------------------------ the form

    def set_form(
        self,
        form: ContactForm,
        *,
        creating: bool,
        categories: Sequence[str] = (),
        kept_fields: Sequence[str] = (),
    ) -> None:
        """Show ``form``; ``kept_fields`` names the other fields, kept as they are."""
        self._creating = creating
        self._show_title()
        self.first_name.setText(form.first_name)
        self.last_name.setText(form.last_name)
        self.company.setText(form.company)
        self.category.clear()
        self.category.addItems(sorted({c for c in (*categories, form.category) if c}))
        self.category.setEditText(form.category)
        for row in (*self._phones, *self._emails):
            row.deleteLater()
        self._phones.clear()
        self._emails.clear()
        for phone in form.phones or (TypedValue("", PHONE_MOBILE),):
            self.add_phone(phone)
        for email in form.emails:
            self.add_email(email)
        self._kept_fields = tuple(kept_fields)
        self._show_title()
        self._message_source = None
        self.message.clear()
        for edit in (self.first_name, self.last_name, self.company):
            _mark(edit, False)
        self.set_busy(False)
        self.first_name.setFocus()

    def _show_title(self) -> None:
        if self._creating is not None:
            creating = self._creating
            self._title.setText(self.tr("New contact") if creating else self.tr("Edit contact"))
        shown = ", ".join(self._kept_fields)
        self._kept.setText(arg(self.tr("Also kept as they are: %1"), shown) if shown else "")

    def form(self) -> ContactForm:
        """What is typed now."""
        return ContactForm(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            company=self.company.text(),
            phones=tuple(row.typed() for row in self._phones),
            emails=tuple(row.typed() for row in self._emails),
            category=self.category.currentText(),
        )

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Mark the wrong rows and say what is wrong, in plain text."""
        for row in (*self._phones, *self._emails):
            _mark(row.edit, False)
        for problem in problems:
            rows = self._phones if problem.slot is Slot.PHONE else self._emails
            if problem.slot is not Slot.CONTACT and 0 <= problem.row < len(rows):
                _mark(rows[problem.row].edit, True)
        _mark(self.first_name, any(p.reason is Reason.EMPTY for p in problems))
        found = tuple(problems)
        self.show_error(
            lambda: "\n".join(dict.fromkeys(self._problem_text(problem) for problem in found))
        )

    def _problem_text(self, problem: Problem) -> str:
        number = str(problem.row + 1)
        if problem.reason is Reason.BAD_PHONE:
            return arg(self.tr("Phone %1 is not a valid phone number."), number)
        if problem.reason is Reason.DUPLICATE_PHONE:
            return arg(self.tr("Phone %1 is already listed."), number)
        if problem.reason is Reason.BAD_EMAIL:
            return arg(self.tr("E-mail %1 is not a valid address."), number)
        return self.tr("Enter a name, a company or a phone number.")

    def show_error(self, text: str | Callable[[], str]) -> None:
        """Say what went wrong; a function is asked again for the text after a language change."""
        self._message_source = text if callable(text) else None
        self.message.setText(text() if callable(text) else text)

    def message_text(self) -> str:
        return self.message.text()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.save_button.setText(self.tr("Saving…") if busy else self.tr("Save"))


class ContactDetails(QWidget):
    """One contact in plain text: every field with its values, a Call button per phone.

    ``call_requested(number)``, ``edit_requested``, ``delete_requested``.
    """

    call_requested = Signal(str)
    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, region: str = "UA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactDetails")
        self.setStyleSheet(DETAILS_STYLE)
        self._region = region
        self._rows: list[tuple[str, str]] = []
        self._shown: tuple[Contact, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        self.name_label = plain_label("", self, name="detailsName")
        self.name_label.setWordWrap(True)
        self.company_label = plain_label("", self, name="detailsCompany")
        self.company_label.setWordWrap(True)
        titles.addWidget(self.name_label)
        titles.addWidget(self.company_label)
        head.addLayout(titles, 1)
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.clicked.connect(self.edit_requested)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("detailsDelete")
        self.delete_button.clicked.connect(self.delete_requested)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("detailsScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self._scroll, 1)
        self.call_buttons: list[QPushButton] = []

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """The buttons and the field names in the new language, the contact shown again."""
        self.edit_button.setText(self.tr("Edit"))
        self.delete_button.setText(self.tr("Delete"))
        if self._shown is not None:
            contact, responsible = self._shown
            self.set_contact(contact, responsible=responsible)

    def field_rows(self) -> list[tuple[str, str]]:
        """(label, text) of every row shown, in order."""
        return list(self._rows)

    def set_contact(self, contact: Contact, *, responsible: str = "") -> None:
        self._shown = (contact, responsible)
        name = contact.display_name or self.tr("(no name)")
        self.name_label.setText(name)
        self.company_label.setText(contact.company or "")
        self.company_label.setVisible(bool(contact.company) and contact.company != name)
        body = QWidget(self._scroll)
        body.setObjectName("detailsBody")
        form = QFormLayout(body)
        form.setContentsMargins(0, 8, 4, 8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._rows = []
        self.call_buttons = []
        codes = {f.enum_code for f in contact.fields}
        for attr, code, text in (
            (contact.first_name, FIELD_FIRST_NAME, self.tr("First name")),
            (contact.last_name, FIELD_LAST_NAME, self.tr("Last name")),
            (contact.company_title, FIELD_COMPANY, self.tr("Company")),
        ):
            if attr and attr.strip() and code not in codes:
                self._add(form, text, attr.strip())
        for item in contact.fields:
            label = self._field_label(item.enum_code)
            for value in item.values:
                text = value.value.strip()
                if not text:
                    continue
                kind = value.enum_value_code
                extra = self._kind_label(kind) if kind and kind != item.enum_code else ""
                if item.enum_code == FIELD_PHONE:
                    number = normalize_number(text, self._region) or text
                    self._add(form, label, format_phone(text, self._region), extra, call=number)
                else:
                    self._add(form, label, text, extra)
                label = ""  # the field's name once, above its first value
        if contact.date_create is not None:
            self._add(form, self.tr("Created"), short_datetime(contact.date_create))
        if contact.last_modified is not None:
            self._add(form, self.tr("Modified"), short_datetime(contact.last_modified))
        if responsible:
            self._add(form, self.tr("Responsible"), responsible)
        self._scroll.setWidget(body)

    def _add(
        self, form: QFormLayout, label: str, text: str, extra: str = "", call: str = ""
    ) -> None:
        self._rows.append((label, f"{text} ({extra})" if extra else text))
        value = plain_label(text, name="detailsValue")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(value, 1 if not (extra or call) else 0)
        if extra:
            row.addWidget(plain_label(extra, name="detailsKind"))
        if call:
            button = QPushButton(self.tr("Call"))
            button.setObjectName("detailsCall")
            button.setToolTip(arg(self.tr("Call %1"), text))
            button.clicked.connect(lambda: self.call_requested.emit(call))
            self.call_buttons.append(button)
            row.addWidget(button)
        if extra or call:
            row.addStretch(1)
        form.addRow(plain_label(label, name="detailsLabel"), row)

    def _field_label(self, code: str) -> str:
        known = {
            FIELD_FIRST_NAME: self.tr("First name"),
            FIELD_LAST_NAME: self.tr("Last name"),
            FIELD_PHONE: self.tr("Phone"),
            FIELD_EMAIL: self.tr("E-mail"),
            FIELD_COMPANY: self.tr("Company"),
            FIELD_CATEGORY: self.tr("Category"),
        }
        return known.get(code, code)

    def _kind_label(self, kind: str) -> str:
        known = {
            PHONE_WORK: self.tr("work"),
            PHONE_MOBILE: self.tr("mobile"),
            "Email робочий": self.tr("work"),
        }
        return known.get(kind, kind)
