"""The seeded world: deterministic, Ukrainian, and full of the cases a client must survive."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from tests.demo.conftest import NOW
from vega_desktop.demo import phones
from vega_desktop.demo.clock import (
    ManualClock,
    kyiv_date,
    kyiv_to_utc,
    kyiv_utcoffset,
)
from vega_desktop.demo.world import (
    GROUP,
    INCOMING,
    INTERNAL,
    OUTGOING,
    PAUSE_OFF,
    PAUSE_ON,
    SCENARIO,
    build_world,
)


def _snapshot(seed: int, now: float) -> list[tuple[object, ...]]:
    world = build_world(seed, now)
    calls = [(r.uuid, r.end_at, r.other_num, r.disposition) for r in world.history]
    contacts = [(c.id, c.display_name(), tuple(c.phones())) for c in world.contacts.values()]
    notes = [(n.id, n.contact_id, n.content) for n in world.notes.values()]
    return [*calls, *contacts, *notes]


def test_same_seed_same_world_other_seed_other_world() -> None:
    assert _snapshot(1, NOW) == _snapshot(1, NOW)
    assert _snapshot(1, NOW) != _snapshot(2, NOW)


def test_company_people_and_groups() -> None:
    world = build_world(1, NOW)
    assert [u.ext for u in world.users] == [f"{i:03d}" for i in range(1, 11)]
    operator = world.user("001")
    assert operator is not None
    assert operator.name == "Андрій Васильєв"
    assert len({u.id for u in world.users}) == 10
    assert all(u.email and u.email.endswith("@demo.pbx.vega.ua") for u in world.users)
    sales, support = world.group("100"), world.group("200")
    assert sales is not None
    assert sales.name == "Відділ продажів"
    assert "001" in sales.members
    assert support is not None
    assert support.name == "Підтримка"
    assert "001" in support.members
    assert world.scenarios[0].type == SCENARIO
    assert world.scenarios[0].ext is None


def test_contacts_include_the_awkward_cases() -> None:
    contacts = list(build_world(1, NOW).contacts.values())
    assert 38 <= len(contacts) <= 45
    names = [c.display_name() or "" for c in contacts]
    assert "<b>Жирний</b> <script>alert(1)</script>" in names
    assert any(len(n) > 200 for n in names)
    assert any("🌻" in n for n in names)
    assert any(len(c.phones()) >= 3 for c in contacts)
    assert any(c.company_title and not c.first_name and not c.values_of("Ім'я") for c in contacts)
    numbers = [p for c in contacts for p in c.phones()]
    for prefix in ("+380", "380", "0", "+38 ("):
        assert any(p.startswith(prefix) for p in numbers), prefix
    codes = {v.enum_value_code for c in contacts for f in c.fields for v in f.values}
    assert {"Робочий", "Мобільний", "Email робочий", "Компанія", "Категорія"} <= codes
    # both styles of names: top-level firstName/lastName and Ім'я/Прізвище fields
    assert any(c.first_name for c in contacts)
    assert any(c.first_name is None and c.values_of("Ім'я") for c in contacts)


def test_a_week_of_calls_in_kyiv_working_hours() -> None:
    world = build_world(1, NOW)
    calls = [r for r in world.history if r.direction in (INTERNAL, OUTGOING, INCOMING)]
    assert 200 <= len([r for r in calls if r.in_company]) <= 600
    assert all(NOW - 8 * 86400 < r.end_at < NOW for r in world.history)
    for r in calls:
        assert r.dial_at is not None
        local = datetime.fromtimestamp(r.dial_at + kyiv_utcoffset(r.dial_at), UTC)
        assert 9 <= local.hour < 18
    dispositions = Counter(r.disposition for r in calls)
    assert set(dispositions) == {0, 1, 2, 3, 4}
    assert {r.direction for r in world.history} == {1, 2, 4, PAUSE_ON, PAUSE_OFF}


def test_history_has_transfers_groups_ivr_and_several_trunks() -> None:
    history = build_world(1, NOW).history
    seps = {r.transfer_sep for r in history if len(r.transfers) == 2}
    assert seps == {" > ", "> "}
    assert any(len(r.transfers) == 1 for r in history)
    parents = {r.uuid for r in history if r.leg is not None and r.leg.type == GROUP}
    assert parents
    children = [r for r in history if r.parent_uuid in parents]
    assert any(c.answered and c.in_company for c in children)
    assert any(not c.answered and not c.in_company for c in children)
    assert any(r.leg is not None and r.leg.type == SCENARIO for r in history)
    assert any(len(r.trunks) > 1 for r in history)
    assert any(r.recording for r in history)
    # repeat callers: at least one number missed three times
    missed = Counter(
        phones.match_key(r.other_num)
        for r in history
        if r.direction == INCOMING and not r.answered and r.other_num and r.parent_uuid is None
    )
    assert max(missed.values()) >= 3


@pytest.mark.parametrize(
    ("moment", "offset"),
    [
        (datetime(2025, 1, 15, 12, tzinfo=UTC), 2),
        (datetime(2025, 7, 15, 12, tzinfo=UTC), 3),
        (datetime(2025, 3, 30, 0, 59, tzinfo=UTC), 2),  # last Sunday of March, 01:00 UTC
        (datetime(2025, 3, 30, 1, 0, tzinfo=UTC), 3),
        (datetime(2025, 10, 26, 0, 59, tzinfo=UTC), 3),
        (datetime(2025, 10, 26, 1, 0, tzinfo=UTC), 2),
    ],
)
def test_kyiv_offset_follows_the_eu_rule(moment: datetime, offset: int) -> None:
    assert kyiv_utcoffset(moment.timestamp()) == offset * 3600


def test_kyiv_wall_clock_round_trip() -> None:
    ts = kyiv_to_utc(date(2025, 6, 11), 12 * 3600)
    assert ts == NOW
    assert kyiv_date(ts) == date(2025, 6, 11)
    assert kyiv_date(datetime(2025, 6, 10, 21, 30, tzinfo=UTC).timestamp()) == date(2025, 6, 11)


def test_manual_clock() -> None:
    clock = ManualClock(datetime(2025, 6, 11, 9, tzinfo=UTC))
    assert clock() == NOW
    assert clock.advance(1.5) == NOW + 1.5
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="aware"):
        ManualClock(datetime(2025, 6, 11, 9))


@pytest.mark.parametrize(
    "number",
    ["+380671112233", "380671112233", "0671112233", "+38 (067) 111-22-33", "067 111 22 33"],
)
def test_numbers_match_in_every_form(number: str) -> None:
    assert phones.match_key(number) == "671112233"
