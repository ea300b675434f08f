"""The Contacts page and its notes against the simulated PBX: search, paging, details, edit,
create, delete, notes (also offline through the outbox), calling a phone."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from vega_desktop.api import NotFound, VegaClient
from vega_desktop.core.caller import UserDirectory
from vega_desktop.core.contact_edit import PHONE_WORK
from vega_desktop.core.outbox import NoteOutbox, NoteSender
from vega_desktop.demo import SimulatedPbx
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.workbench.contacts import ContactListModel, ContactsPage

from .conftest import until
from .crm_fixtures import client_fixture, pbx_fixture, requests_to
from .test_i18n import qm_dir, translations
from .workbench_fixtures import switch_language as switch

__all__ = ["client_fixture", "pbx_fixture", "qm_dir", "translations"]

HNATIUK = 7001  # names in fields, three phones, e-mail, company, category
HTML_NAMED = 7004  # first name "<b>Жирний</b>", last name "<script>alert(1)</script>"
WITH_NOTES = 7019  # several notes


class FakeDial:
    def __init__(self) -> None:
        self.numbers: list[str] = []

    async def __call__(self, number: str) -> str:
        self.numbers.append(number)
        return "e" * 32


@pytest.fixture
def dial() -> FakeDial:
    return FakeDial()


@pytest.fixture
def sender(client: VegaClient, tmp_path: Path) -> NoteSender:
    return NoteSender(client, NoteOutbox(tmp_path / "outbox.json"))


@pytest.fixture
def page(qtbot: QtBot, client: VegaClient, sender: NoteSender, dial: FakeDial) -> ContactsPage:
    widget = ContactsPage(
        client=client, note_sender=sender, dial=dial, users=UserDirectory(client), debounce_ms=0
    )
    qtbot.addWidget(widget)
    widget.resize(980, 640)
    return widget


def run(loop: asyncio.AbstractEventLoop, scenario: Callable[[], Awaitable[object]]) -> None:
    """Run ``scenario()`` on the test's qasync loop (it may start a page's tasks)."""

    async def go() -> None:
        await scenario()

    loop.run_until_complete(asyncio.wait_for(go(), 10))


async def loaded(page: ContactsPage) -> None:
    await asyncio.sleep(0)
    await page.model.wait()


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """Make every confirmation answer ``button``; returns the questions asked."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def add_contacts(pbx: SimulatedPbx, count: int) -> None:
    contacts = [
        {
            "firstName": f"Тест {i:02d}",
            "fields": [{"enumCode": "Телефон", "values": [{"value": f"+38067000{i:04d}"}]}],
        }
        for i in range(count)
    ]
    assert pbx.batch_contacts({"merge": 0, "contacts": contacts}) == (count, 0)


# --- the list ---------------------------------------------------------------------------------


def test_paging_across_exactly_full_pages(
    qloop: asyncio.AbstractEventLoop, page: ContactsPage, pbx: SimulatedPbx
) -> None:
    add_contacts(pbx, 60 - len(pbx.world.contacts))  # exactly two pages of 30
    model = page.model

    async def scenario() -> None:
        page.reload()
        await loaded(page)
        assert model.rowCount() == 30
        assert model.canFetchMore(QModelIndex())  # a full page: there may be more
        model.fetchMore(QModelIndex())
        await loaded(page)
        assert model.rowCount() == 60
        assert model.canFetchMore(QModelIndex())  # full again: ask once more
        model.fetchMore(QModelIndex())
        await loaded(page)
        assert model.rowCount() == 60
        assert model.exhausted
        assert not model.canFetchMore(QModelIndex())

    run(qloop, scenario)
    pages = requests_to(pbx, "/crm/contacts/v2/", "GET")
    queries = [p["query"] for p in pages if p["path"] == "/crm/contacts/v2/"]
    assert [(q["offset"], q["limit"]) for q in queries] == [  # type: ignore[index]
        ("0", "30"),
        ("30", "30"),
        ("60", "30"),
    ]
    ids = [model.contact(r).id for r in range(60)]  # type: ignore[union-attr]
    assert len(set(ids)) == 60
    assert page.count_label.text() == "60 contact(s)"


def test_search_by_text_and_in_notes(
    qloop: asyncio.AbstractEventLoop, page: ContactsPage, pbx: SimulatedPbx
) -> None:
    async def scenario() -> None:
        page.search_edit.setText("Гнатюк")
        await until(lambda: page.model.pages_requested > 0)
        await loaded(page)
        assert page.model.rowCount() == 1
        assert page.model.contact(0).id == HNATIUK  # type: ignore[union-attr]
        page.search_edit.setText("знижка")
        page.notes_check.setChecked(True)
        await loaded(page)
        found = {page.model.contact(r).id for r in range(page.model.rowCount())}  # type: ignore[union-attr]
        assert WITH_NOTES in found
        assert found == {
            n.contact_id for n in pbx.world.notes.values() if "знижка" in (n.content or "")
        }

    run(qloop, scenario)
    queries = [e["query"] for e in requests_to(pbx, "/crm/contacts/v2/", "GET")]
    assert {"searchText": "Гнатюк", "offset": "0", "limit": "30"} in queries
    assert {"searchNoteText": "знижка", "offset": "0", "limit": "30"} in queries


def test_a_failed_page_is_said_in_place_and_retried(
    qloop: asyncio.AbstractEventLoop, page: ContactsPage, pbx: SimulatedPbx
) -> None:
    pbx.add_fault("500", path="/crm/contacts/v2/", count=10)

    async def scenario() -> None:
        page.reload()
        await loaded(page)
        assert page.banner.isVisibleTo(page)
        assert not page.model.canFetchMore(QModelIndex())  # no retry loop by itself
        pbx.clear_faults()
        page.banner.retry_button.click()
        await loaded(page)
        assert page.model.rowCount() == 30

    run(qloop, scenario)


# --- details ----------------------------------------------------------------------------------


def test_details_list_every_field_and_notes_newest_first(
    qloop: asyncio.AbstractEventLoop,
    page: ContactsPage,
    client: VegaClient,
    shots_dir: Path,
    dial: FakeDial,
) -> None:
    opened: list[int] = []
    page.contact_opened.connect(opened.append)

    async def scenario() -> None:
        page.show()
        page.reload()
        await loaded(page)
        count = len(await client.notes.list(WITH_NOTES))
        assert count >= 2
        await page.open_contact(WITH_NOTES)
        await until(lambda: page.notes.model.rowCount() == count)
        await asyncio.sleep(0.05)

    run(qloop, scenario)
    assert opened == [WITH_NOTES]
    rows = page.details.field_rows()
    labels = [label for label, _ in rows]
    assert ("First name", "Вікторія") in rows
    assert ("Last name", "Дячук") in rows
    assert ("Category", "Потенційні клієнти") in rows
    assert "Phone" in labels
    assert "Created" in labels
    assert "Modified" in labels
    assert page.details.company_label.text() == "Кав'ярня «Львівська»"
    notes = page.notes.model.items()
    dates = [n.when for n in notes]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    page.view.setCurrentIndex(page.model.index(page.model.row_of(WITH_NOTES), 0))
    page.grab().save(str(shots_dir / "contacts.png"))

    async def call() -> None:
        page.details.call_buttons[0].click()
        await until(lambda: bool(dial.numbers))

    run(qloop, call)
    assert dial.numbers == ["+380676649979"]


def test_an_html_name_shows_literally(qloop: asyncio.AbstractEventLoop, page: ContactsPage) -> None:
    run(qloop, lambda: page.open_contact(HTML_NAMED))
    name = "<b>Жирний</b> <script>alert(1)</script>"
    assert page.details.name_label.text() == name
    assert page.details.name_label.textFormat() == Qt.TextFormat.PlainText
    assert ("First name", "<b>Жирний</b>") in page.details.field_rows()
    model = ContactListModel()
    model.put(page.current_contact)  # type: ignore[arg-type]
    assert str(model.index(0, 0).data()).startswith(name)
    assert "&lt;b&gt;" in str(model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))


# --- edit, create, delete ---------------------------------------------------------------------


def test_edit_round_trip(
    qloop: asyncio.AbstractEventLoop, page: ContactsPage, client: VegaClient
) -> None:
    saved: list[int] = []
    page.contact_saved.connect(saved.append)

    async def scenario() -> None:
        await page.open_contact(HNATIUK)
        page.edit_current()
        assert page.stack.currentWidget() is page.editor
        assert page.editor.first_name.text() == "Олександр"
        assert len(page.editor.phone_rows) == 3
        page.editor.company.setText("ТОВ «Нова долина»")
        page.editor.phone_rows[1].edit.setText("067 111 22 33")
        task = page.save_edits()
        assert task is not None
        await task
        fresh = await client.contacts.get(HNATIUK)
        assert fresh.company == "ТОВ «Нова долина»"
        assert "+380671112233" in fresh.phones
        assert len(fresh.phones) == 3

    run(qloop, scenario)
    assert saved == [HNATIUK]
    assert page.stack.currentIndex() == 1
    assert page.details.company_label.text() == "ТОВ «Нова долина»"
    rows = page.details.field_rows()
    assert ("", "067 111 2233 (mobile)") in rows  # the field's name is on its first value only
    assert rows[rows.index(("", "067 111 2233 (mobile)")) - 1][0] == "Phone"


def test_a_bad_edit_is_marked_and_a_failed_save_keeps_the_typing(
    qloop: asyncio.AbstractEventLoop, page: ContactsPage, pbx: SimulatedPbx, shots_dir: Path
) -> None:
    async def scenario() -> None:
        await page.open_contact(HNATIUK)
        page.edit_current()
        page.editor.phone_rows[0].edit.setText("not a number")
        assert page.save_edits() is None
        assert page.editor.message_text() == "Phone 1 is not a valid phone number."
        assert page.editor.phone_rows[0].edit.property("invalid") is True
        page.show()
        await asyncio.sleep(0.05)
        page.grab().save(str(shots_dir / "contact_editor.png"))
        page.editor.phone_rows[0].edit.setText("+380441234567")
        page.editor.last_name.setText("Гнатюк-Новий")
        typed = page.editor.form()
        pbx.add_fault("500", path="/crm/contacts/v2/", count=1)
        task = page.save_edits()
        assert task is not None
        await task
        assert page.editor.message_text().startswith("Not saved: ")
        assert page.stack.currentWidget() is page.editor
        assert page.editor.form() == typed
        assert page.editor.save_button.isEnabled()

    run(qloop, scenario)


def test_create_from_a_number_by_batch_with_merge(
    qloop: asyncio.AbstractEventLoop, page: ContactsPage, pbx: SimulatedPbx
) -> None:
    created: list[int] = []
    page.contact_created.connect(created.append)

    async def scenario() -> None:
        await page.open_for_number("+380631112244")  # nobody has it: a new contact
        assert page.stack.currentWidget() is page.editor
        assert [r.typed().value for r in page.editor.phone_rows] == ["+380631112244"]
        page.editor.first_name.setText("Ірина")
        page.editor.last_name.setText("Коваль")
        page.editor.add_email().edit.setText("iryna@koval.ua")
        task = page.save_edits()
        assert task is not None
        await task

    run(qloop, scenario)
    assert len(created) == 1
    batch = requests_to(pbx, "/crm/contacts/v2/batch", "POST")
    assert batch[0]["json"]["merge"] == 1  # type: ignore[index]
    contact = page.current_contact
    assert contact is not None
    assert contact.id == created[0]
    assert contact.display_name == "Ірина Коваль"
    assert page.model.row_of(created[0]) == 0


def test_open_for_a_known_number_shows_the_contact(
    qloop: asyncio.AbstractEventLoop, page: ContactsPage
) -> None:
    run(qloop, lambda: page.open_for_number("0442249895"))
    assert page.current_contact is not None
    assert page.current_contact.company == "Telecom company"
    assert page.stack.currentIndex() == 1


def test_delete_asks_first(
    qloop: asyncio.AbstractEventLoop,
    page: ContactsPage,
    client: VegaClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deleted: list[int] = []
    page.contact_deleted.connect(deleted.append)

    async def scenario() -> None:
        page.reload()
        await loaded(page)
        await page.open_contact(HNATIUK)
        asked = answer(monkeypatch, QMessageBox.StandardButton.No)
        assert page.delete_current() is None
        assert asked == ["Delete Олександр Гнатюк and all their notes? This cannot be undone."]
        await client.contacts.get(HNATIUK)  # still there
        answer(monkeypatch, QMessageBox.StandardButton.Yes)
        task = page.delete_current()
        assert task is not None
        await task
        with pytest.raises(NotFound):
            await client.contacts.get(HNATIUK)

    run(qloop, scenario)
    assert deleted == [HNATIUK]
    assert page.model.row_of(HNATIUK) == -1
    assert page.current_contact is not None  # the next contact in the list is shown
    assert page.current_contact.id == page.model.contact(0).id  # type: ignore[union-attr]
    assert page.banner.text() == "The contact was deleted."


# --- notes ------------------------------------------------------------------------------------


def test_notes_add_edit_delete(
    qloop: asyncio.AbstractEventLoop,
    page: ContactsPage,
    client: VegaClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notes = page.notes

    async def contents() -> list[str]:
        return [n.content or "" for n in await client.notes.list(WITH_NOTES)]

    async def scenario() -> None:
        count = len(await client.notes.list(WITH_NOTES))
        await page.open_contact(WITH_NOTES)
        await until(lambda: notes.model.rowCount() == count)
        notes.edit.setPlainText("Передзвонити у п'ятницю <b>важливо</b>")
        task = notes.save()
        assert task is not None
        await task
        assert notes.status_text() == "Note saved."
        assert notes.edit.toPlainText() == ""
        await until(lambda: notes.model.rowCount() == count + 1)
        assert notes.model.items()[0].text == "Передзвонити у п'ятницю <b>важливо</b>"
        assert "Передзвонити у п'ятницю <b>важливо</b>" in await contents()

        notes.select_row(0)
        notes.edit_selected()
        assert notes.edit.toPlainText() == "Передзвонити у п'ятницю <b>важливо</b>"
        notes.edit.setPlainText("Передзвонити в понеділок")
        task = notes.save()
        assert task is not None
        await task
        await until(lambda: notes.model.items()[0].text == "Передзвонити в понеділок")
        assert "Передзвонити в понеділок" in await contents()

        answer(monkeypatch, QMessageBox.StandardButton.Yes)
        notes.select_row(0)
        task = notes.delete_selected()
        assert task is not None
        await task
        await until(lambda: notes.model.rowCount() == count)
        assert "Передзвонити в понеділок" not in await contents()

    run(qloop, scenario)


def test_a_note_typed_offline_waits_in_the_outbox(
    qloop: asyncio.AbstractEventLoop,
    page: ContactsPage,
    pbx: SimulatedPbx,
    sender: NoteSender,
    client: VegaClient,
) -> None:
    notes = page.notes
    text = "Клієнт просив рахунок на email"

    async def scenario() -> None:
        count = len(await client.notes.list(WITH_NOTES))
        await page.open_contact(WITH_NOTES)
        await until(lambda: notes.model.rowCount() == count)
        pbx.add_fault("drop", path=f"/crm/contacts/v2/{WITH_NOTES}/notes", count=1)
        notes.edit.setPlainText(text)
        task = notes.save()
        assert task is not None
        await task
        assert notes.status_text() == "Saved offline — will be sent when the PBX is back"
        assert notes.status_tone() == "queued"
        assert [p.text for p in sender.outbox.pending] == [text]
        await until(lambda: notes.model.rowCount() == count + 1)
        top = notes.model.items()[0]
        assert top.pending is not None
        assert top.text == text
        assert "waiting to be sent" in str(notes.model.index(0, 0).data())
        assert text not in [n.content for n in await client.notes.list(WITH_NOTES)]

        assert await sender.flush() == 1
        await until(lambda: notes.model.items()[0].note is not None)
        assert notes.model.items()[0].text == text
        assert notes.model.rowCount() == count + 1

    run(qloop, scenario)
    assert sender.outbox.pending == ()


# --- language ---------------------------------------------------------------------------------


def test_a_language_switch_retranslates_and_keeps_the_typing(
    qloop: asyncio.AbstractEventLoop, translations: Translations, page: ContactsPage
) -> None:
    switch(translations, "uk")
    page.search_edit.setText("Олександр")

    async def scenario() -> None:
        page.reload()
        await loaded(page)
        await page.open_contact(HNATIUK)
        page.notes.edit.setPlainText("Передзвонити")
        page.edit_current()
        page.editor.first_name.setText("Олесь")
        kind = page.editor.phone_rows[0].kind
        assert kind is not None
        kind.setCurrentIndex(kind.findData(PHONE_WORK))

    run(qloop, scenario)
    editor, notes = page.editor, page.notes
    kind = editor.phone_rows[0].kind
    assert kind is not None
    assert page.new_button.text() == "Новий контакт"
    assert page.count_label.text().endswith(("контакт", "контакти", "контактів"))
    assert editor._phones_label.text() == "Телефони"
    assert kind.itemText(0) == "Мобільний"
    assert notes.edit.placeholderText() == "Напишіть нотатку…"

    switch(translations, "en")
    assert page.search_edit.placeholderText() == "Search by name, company, phone…"
    assert page.new_button.text() == "New contact"
    assert page.notes_check.text() == "Search in notes"
    assert page.placeholder.text() == "Pick a contact on the left."
    assert page.count_label.text().endswith(("contact", "contacts"))
    assert editor._title.text() == "Edit contact"
    assert [label.text() for label in editor._form_labels] == [
        "First name",
        "Last name",
        "Company",
        "Category",
    ]
    assert editor._phones_label.text() == "Phones"
    assert editor.phone_rows[0].edit.placeholderText() == "Phone number"
    assert editor.save_button.text() == "Save"
    assert (kind.itemText(0), kind.currentText()) == ("Mobile", "Work")
    assert page.details.edit_button.text() == "Edit"
    assert "Phone" in [label for label, _text in page.details.field_rows()]
    assert notes.title.text() == "Notes"
    assert notes.edit.placeholderText() == "Write a note…"
    # what the operator typed and chose is all still there
    assert page.search_edit.text() == "Олександр"
    assert editor.first_name.text() == "Олесь"
    assert notes.edit.toPlainText() == "Передзвонити"
    assert page.stack.currentWidget() is editor

    switch(translations, "uk")
    assert page.new_button.text() == "Новий контакт"
    assert editor._title.text() == "Редагування контакту"
    assert editor._form_labels[3].text() == "Категорія"
    assert kind.currentText() == "Робочий"
    assert notes.title.text() == "Нотатки"
    assert editor.first_name.text() == "Олесь"
    assert notes.edit.toPlainText() == "Передзвонити"
