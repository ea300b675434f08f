"""The sign-in dialog against the simulated PBX in process, with a fake secret store."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QLineEdit

from tests.ui.test_app import until
from vega_desktop.api import VegaClient
from vega_desktop.core.secrets import NoKeyringBackend, SecretStoreError
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, SimulatedPbx, create_app
from vega_desktop.ui.signin import SignInDialog, SignInResult, normalize_domain, normalize_server


class FakeSecretStore:
    """Remembers keys in a dict; ``fail`` makes ``set`` raise it."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.keys: dict[str, str] = {}
        self.fail = fail

    async def get(self, domain: str) -> str | None:
        return self.keys.get(domain)

    async def set(self, domain: str, key: str) -> None:
        await asyncio.sleep(0)
        if self.fail is not None:
            raise self.fail
        self.keys[domain] = key

    async def delete(self, domain: str) -> None:
        self.keys.pop(domain, None)


@pytest.fixture
def pbx() -> SimulatedPbx:
    return SimulatedPbx(seed=3)


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "settings.json")


def factory_for(pbx: SimulatedPbx):  # type: ignore[no-untyped-def]
    app = create_app(pbx)

    def make(*, domain: str, server: str | None, api_key: str) -> VegaClient:
        return VegaClient(
            domain=domain,
            api_key=api_key,
            server=server or "http://pbx.test",
            transport=httpx.ASGITransport(app=app),
        )

    return make


def dialog_for(
    pbx: SimulatedPbx, store: SettingsStore, secrets: FakeSecretStore, qtbot, **kw
) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(
        client_factory=factory_for(pbx), secrets=secrets, settings_store=store, **kw
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def run(qloop: asyncio.AbstractEventLoop, start: Callable[[], asyncio.Task[None] | None]) -> None:
    """Start the dialog's work inside the loop and wait for it."""

    async def scenario() -> None:
        task = start()
        assert task is not None
        await task

    qloop.run_until_complete(scenario())


def type_in(dialog: SignInDialog, domain: str, key: str) -> None:
    dialog.domain_edit.setText(domain)
    dialog.key_edit.setText(key)


def test_wrong_key_is_reported_inline_and_keeps_the_input(qloop, qtbot, pbx, store) -> None:  # type: ignore[no-untyped-def]
    secrets = FakeSecretStore()
    dialog = dialog_for(pbx, store, secrets, qtbot)
    type_in(dialog, DEMO_DOMAIN, "not-the-key")

    async def scenario() -> None:
        task = dialog.check()
        assert task is not None
        assert dialog.busy.isVisible()
        assert not dialog.key_edit.isEnabled()
        await task

    qloop.run_until_complete(scenario())
    assert "did not accept this domain and API key" in dialog.message.text()
    assert dialog.domain_edit.text() == DEMO_DOMAIN
    assert dialog.key_edit.text() == "not-the-key"
    assert not dialog.busy.isVisible()
    assert dialog.check_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert secrets.keys == {}
    assert not store.path.exists()


def test_check_fills_extensions_and_save_stores_the_key(qloop, qtbot, pbx, store) -> None:  # type: ignore[no-untyped-def]
    secrets = FakeSecretStore()
    dialog = dialog_for(pbx, store, secrets, qtbot)
    results: list[SignInResult] = []
    dialog.signed_in.connect(results.append)
    # a bare company name becomes the full PBX domain
    type_in(dialog, "Demo", DEMO_API_KEY)
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_key_action.trigger()
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Normal

    async def check() -> None:
        task = dialog.check()
        assert task is not None
        await task

    qloop.run_until_complete(check())
    assert dialog.domain_edit.text() == DEMO_DOMAIN
    assert dialog.ext_combo.isVisible()
    exts = [dialog.ext_combo.itemData(i) for i in range(dialog.ext_combo.count())]
    assert "001" in exts
    assert len(exts) >= 3
    assert dialog.ext_combo.itemText(exts.index("001")).startswith("001 — ")
    dialog.ext_combo.setCurrentIndex(exts.index("001"))
    assert dialog.save_button.isEnabled()

    async def save() -> None:
        task = dialog.save()
        assert task is not None
        await task

    qloop.run_until_complete(save())
    assert secrets.keys == {DEMO_DOMAIN: DEMO_API_KEY}
    assert len(results) == 1
    assert results[0].settings.domain == DEMO_DOMAIN
    assert results[0].settings.ext == "001"
    assert results[0].api_key == DEMO_API_KEY
    assert "api_key" not in repr(results[0])
    saved = json.loads(store.path.read_text())
    assert saved["domain"] == DEMO_DOMAIN
    assert saved["ext"] == "001"
    assert DEMO_API_KEY not in [str(v) for v in saved.values()]
    assert "key" not in " ".join(saved).lower()
    assert store.load().domain == DEMO_DOMAIN
    assert not dialog.isVisible()


def test_no_keyring_backend_is_explained_and_nothing_is_written(qloop, qtbot, pbx, store) -> None:  # type: ignore[no-untyped-def]
    secrets = FakeSecretStore(fail=NoKeyringBackend("no secure keyring"))
    dialog = dialog_for(pbx, store, secrets, qtbot)
    type_in(dialog, DEMO_DOMAIN, DEMO_API_KEY)

    async def scenario() -> None:
        task = dialog.check()
        assert task is not None
        await task
        task = dialog.save()
        assert task is not None
        await task

    qloop.run_until_complete(scenario())
    assert dialog.message.text() == (
        "No secure keyring is available on this system. Install and unlock a Secret Service "
        "provider such as GNOME Keyring or KWallet."
    )
    assert dialog.isVisible()
    assert dialog.key_edit.text() == DEMO_API_KEY
    assert not store.path.exists()  # and certainly no key in a file anywhere


def test_a_locked_keyring_says_so(qloop, qtbot, pbx, store) -> None:  # type: ignore[no-untyped-def]
    secrets = FakeSecretStore(fail=SecretStoreError("locked"))
    dialog = dialog_for(pbx, store, secrets, qtbot)
    type_in(dialog, DEMO_DOMAIN, DEMO_API_KEY)

    run(qloop, dialog.check)
    run(qloop, dialog.save)
    assert "could not be stored in the system keyring" in dialog.message.text()
    assert dialog.save_button.isEnabled()  # try again once unlocked


def test_cancel_stops_a_slow_check_without_freezing(qloop, qtbot, pbx, store) -> None:  # type: ignore[no-untyped-def]
    pbx.add_fault("stall", "/rest/security/authorize", count=1, seconds=30)
    dialog = dialog_for(pbx, store, FakeSecretStore(), qtbot)
    type_in(dialog, DEMO_DOMAIN, DEMO_API_KEY)

    async def scenario() -> None:
        task = dialog.check()
        assert task is not None
        await asyncio.sleep(0.2)
        assert dialog.checking
        # the GUI keeps running: a timer fires while the check waits
        ticks: list[int] = []
        loop = asyncio.get_running_loop()
        loop.call_later(0.05, ticks.append, 1)
        await until(lambda: ticks)
        dialog.cancel_button.click()
        await until(task.done)

    qloop.run_until_complete(scenario())
    assert not dialog.checking
    assert dialog.message.text() == "Check cancelled."
    assert dialog.isVisible()  # Cancel stopped the check, not the dialog
    assert dialog.key_edit.isEnabled()
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_unreachable_server_is_a_network_message(qloop, qtbot, pbx, store) -> None:  # type: ignore[no-untyped-def]
    def unreachable(*, domain: str, server: str | None, api_key: str) -> VegaClient:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("connection refused", request=request)

        return VegaClient(
            domain=domain,
            api_key=api_key,
            server=server,
            transport=httpx.MockTransport(refuse),
            timeout=2,
        )

    dialog = SignInDialog(
        client_factory=unreachable,
        secrets=FakeSecretStore(),
        settings_store=store,
        settings=Settings(server="http://10.0.0.1:9"),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.server_edit.isVisible()  # a saved server opens the advanced part
    type_in(dialog, "acme", "k" * 32)

    run(qloop, dialog.check)
    assert dialog.message.text().startswith("Cannot reach http://10.0.0.1:9.")
    assert dialog.domain_edit.text() == "acme.pbx.vega.ua"


def test_changing_the_key_after_a_check_asks_for_a_new_check(qloop, qtbot, pbx, store) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(pbx, store, FakeSecretStore(), qtbot)
    type_in(dialog, DEMO_DOMAIN, DEMO_API_KEY)
    run(qloop, dialog.check)
    assert dialog.save_button.isEnabled()
    dialog.key_edit.setText(DEMO_API_KEY + "x")
    assert not dialog.save_button.isEnabled()
    assert not dialog.ext_combo.isVisible()


@pytest.mark.parametrize(
    ("typed", "domain"),
    [
        ("acme", "acme.pbx.vega.ua"),
        ("  ACME.pbx.vega.ua. ", "acme.pbx.vega.ua"),
        ("https://acme.pbx.vega.ua/cabinet", "acme.pbx.vega.ua"),
        ("pbx.example.com", "pbx.example.com"),
        ("", None),
        ("bad domain", None),
        ("-x", None),
    ],
)
def test_normalize_domain(typed: str, domain: str | None) -> None:
    assert normalize_domain(typed) == domain


def test_normalize_server() -> None:
    assert normalize_server("") == ""
    assert normalize_server("http://127.0.0.1:8123/") == "http://127.0.0.1:8123"
    assert normalize_server("acme.pbx.vega.ua") == "https://acme.pbx.vega.ua"
    assert normalize_server("ftp://x") is None
