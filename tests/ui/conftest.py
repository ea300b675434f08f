"""UI test helpers: a qasync loop per test, a controllable clock, and model factories.

pytest-qt does not drive asyncio (pytest-dev/pytest-qt#448). Tests that need coroutines run a
scenario with ``qloop.run_until_complete(...)``: the Qt event loop turns underneath (timers
fire, slots run) while asyncio tasks advance. Inside such a scenario wait with ``asyncio``
(:func:`until`), never with ``qtbot.wait*``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from vega_desktop.api import (
    ActiveCall,
    CallEvent,
    Contact,
    ContactField,
    Direction,
    Disposition,
    FieldValue,
    HistoryRecord,
    Leg,
    Note,
    OtherLeg,
)
from vega_desktop.core.caller import CallerInfo

T0 = datetime(2025, 3, 14, 10, 30, 0, tzinfo=UTC)
OWN_EXT = "001"


class FakeClock:
    """A settable "now" for ring/talk timers."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        asyncio.set_event_loop(None)
        loop.close()


async def until(predicate: Callable[[], object], limit: float = 3.0) -> None:
    """Wait (asyncio-friendly) until ``predicate()`` is truthy."""
    deadline = asyncio.get_running_loop().time() + limit
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    """Where screenshots go: ``$VEGA_SHOTS_DIR`` when set (e.g. /tmp/vega-shots), else tmp."""
    target = Path(os.environ.get("VEGA_SHOTS_DIR") or tmp_path / "shots")
    target.mkdir(parents=True, exist_ok=True)
    return target


def leg(ext: str = OWN_EXT, name: str = "Іван Іваненко", leg_id: int = 36) -> Leg:
    return Leg(id=leg_id, ext=ext, display_name=name)


def other(
    num: str | None = "+380671234567",
    name: str | None = "Олена Петренко",
    company: str | None = "ТОВ «Світанок»",
    url: str | None = "https://demo.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id=6137",
    priority: int | None = 1,
    leg_id: str | None = "6137",
) -> OtherLeg:
    return OtherLeg(id=leg_id, name=name, num=num, company_name=company, url=url, priority=priority)


def make_call(
    *,
    uuid: str = "47a968893984475b8c20e29dec144ce1",
    direction: Direction = Direction.INCOMING,
    others: tuple[OtherLeg, ...] | None = None,
    answered: bool = False,
    dial_at: datetime | None = T0,
    leg1: Leg | None = None,
    leg2: Leg | None = None,
    trunk_num: str | None = "+380442246595",
    trunk_name: str | None = "Відділ продажів",
    parent_uuid: str | None = None,
) -> ActiveCall:
    return ActiveCall(
        uuid=uuid,
        parent_uuid=parent_uuid,
        last_event=CallEvent.BRIDGE if answered else CallEvent.DIAL,
        dial_at=dial_at,
        bridge_at=(dial_at + timedelta(seconds=5)) if answered and dial_at else None,
        direction=direction,
        leg=leg1 if leg1 is not None else leg(),
        leg2=leg2,
        other_legs=(other(),) if others is None else others,
        trunk_num=trunk_num,
        trunk_name=trunk_name,
    )


def answered(call: ActiveCall, at: datetime) -> ActiveCall:
    return ActiveCall(
        uuid=call.uuid,
        parent_uuid=call.parent_uuid,
        last_event=CallEvent.BRIDGE,
        dial_at=call.dial_at,
        bridge_at=at,
        direction=call.direction,
        leg=call.leg,
        leg2=call.leg2,
        other_legs=call.other_legs,
        trunk_num=call.trunk_num,
        trunk_name=call.trunk_name,
    )


def make_contact(
    contact_id: int = 6137,
    first: str = "Олена",
    last: str = "Петренко",
    company: str | None = "ТОВ «Світанок»",
) -> Contact:
    def field(code: str, *values: tuple[str, str | None]) -> ContactField:
        return ContactField(
            id=None,
            enum_code=code,
            values=tuple(FieldValue(id=None, enum_value_code=k, value=v) for v, k in values),
        )

    return Contact(
        id=contact_id,
        first_name=first,
        last_name=last,
        company_title=company,
        fields=(
            field("Телефон", ("+380671234567", "Мобільний"), ("+380442249895", "Робочий")),
            field("Email", ("olena@svitanok.ua", "Робочий")),
            field("Категорія", ("VIP", None)),
        ),
    )


def make_info(number: str = "+380671234567", *, known: bool = True) -> CallerInfo:
    if not known:
        return CallerInfo(number=number)
    notes = (
        Note(
            id=1,
            contact_id=6137,
            content="Просила передзвонити щодо доставки у п'ятницю 🚚",
            date_create=T0 - timedelta(days=1, hours=2),
        ),
        Note(
            id=2,
            contact_id=6137,
            content="Оплата пройшла, рахунок №1289.",
            date_create=T0 - timedelta(days=9),
        ),
    )
    calls = (
        HistoryRecord(
            uuid="a" * 32,
            parent_uuid=None,
            end_at=T0 - timedelta(hours=3),
            direction=Direction.INCOMING,
            other_leg_num=number,
            other_leg_name=None,
            leg=leg("002", "Петро Петров", 27),
            leg2=None,
            bill_secs=134,
            duration=150,
            disposition=Disposition.ANSWERED,
            transfer_history=(),
            audio_url=None,
            trunks=(),
        ),
        HistoryRecord(
            uuid="b" * 32,
            parent_uuid=None,
            end_at=T0 - timedelta(days=2),
            direction=Direction.OUTGOING,
            other_leg_num=number,
            other_leg_name=None,
            leg=leg(),
            leg2=None,
            bill_secs=0,
            duration=30,
            disposition=Disposition.NO_ANSWER,
            transfer_history=(),
            audio_url=None,
            trunks=(),
        ),
    )
    return CallerInfo(number=number, contacts=(make_contact(),), notes=notes, recent_calls=calls)


@pytest.fixture
def translator(
    qapp: QApplication, tmp_path: Path
) -> Iterator[Callable[[dict[str, dict[str, str]]], None]]:
    """Install a translation built on the spot: ``{context: {source: translation}}``."""
    installed: list[QTranslator] = []

    def install(messages: dict[str, dict[str, str]]) -> None:
        body = "".join(
            f"<context><name>{escape(ctx)}</name>"
            + "".join(
                f"<message><source>{escape(src)}</source>"
                f"<translation>{escape(dst)}</translation></message>"
                for src, dst in pairs.items()
            )
            + "</context>"
            for ctx, pairs in messages.items()
        )
        ts = tmp_path / "test.ts"
        ts.write_text(
            f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="uk">'
            f"{body}</TS>",
            encoding="utf-8",
        )
        qm = tmp_path / "test.qm"
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
        translator = QTranslator()
        assert translator.load(str(qm))
        qapp.installTranslator(translator)
        installed.append(translator)

    yield install
    for translator in installed:
        qapp.removeTranslator(translator)
