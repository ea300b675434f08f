"""The call tracker turns successive active-call snapshots into the events an operator sees."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from vega_desktop.api import ActiveCall, CallEvent, Direction, Leg, OtherLeg
from vega_desktop.core.tracker import CallTracker

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
ME = Leg(id=1, ext="001", display_name="Оксана")
PETRO = Leg(id=2, ext="002", display_name="Петро")
IVAN = Leg(id=3, ext="003", display_name="Іван")
CLIENT = OtherLeg(id="7", name="ТОВ Ромашка", num="+380442249895", company_name=None, url=None)


def call(
    uuid: str,
    leg: Leg,
    *,
    answered: bool = False,
    parent: str | None = None,
    direction: Direction = Direction.INCOMING,
    leg2: Leg | None = None,
) -> ActiveCall:
    return ActiveCall(
        uuid=uuid,
        parent_uuid=parent,
        last_event=CallEvent.BRIDGE if answered else CallEvent.DIAL,
        dial_at=T0,
        bridge_at=T0 if answered else None,
        direction=direction,
        leg=leg,
        leg2=leg2,
        other_legs=(CLIENT,),
        trunk_num="+380442246595",
        trunk_name="Основна лінія",
    )


class Recorder:
    def __init__(self, tracker: CallTracker) -> None:
        self.events: list[tuple[str, ...]] = []
        tracker.call_ringing.connect(lambda c: self.events.append(("ringing", c.uuid)))
        tracker.call_answered.connect(lambda c: self.events.append(("answered", c.uuid)))
        tracker.call_ended.connect(
            lambda c, answered: self.events.append(("ended", c.uuid, str(answered)))
        )
        tracker.call_transferred.connect(
            lambda c, frm: self.events.append(("transferred", c.uuid, frm or "", c.leg.ext or ""))
        )
        tracker.call_answered_elsewhere.connect(
            lambda c, by: self.events.append(("elsewhere", c.uuid, by.ext if by else ""))
        )


@pytest.fixture
def tracker() -> CallTracker:
    return CallTracker(own_ext="001")


def test_ring_answer_end(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("a", ME)])
    tracker.update([call("a", ME)])  # nothing new: no repeated event
    tracker.update([call("a", ME, answered=True)])
    tracker.update([])
    assert rec.events == [("ringing", "a"), ("answered", "a"), ("ended", "a", "True")]
    assert tracker.calls == ()


def test_missed_call_ends_unanswered(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("a", ME)])
    tracker.update([])
    assert rec.events == [("ringing", "a"), ("ended", "a", "False")]


def test_first_seen_already_answered_raises_both(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("a", ME, answered=True)])
    assert rec.events == [("ringing", "a"), ("answered", "a")]


def test_other_peoples_calls_are_ignored_unless_supervisor() -> None:
    own = CallTracker(own_ext="001")
    rec = Recorder(own)
    own.update([call("b", PETRO)])
    assert rec.events == []
    sup = CallTracker(own_ext="001", supervisor=True)
    rec = Recorder(sup)
    sup.update([call("b", PETRO)])
    assert rec.events == [("ringing", "b")]


def test_internal_call_to_me_as_leg2(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("i", PETRO, leg2=ME, direction=Direction.INTERNAL)])
    assert rec.events == [("ringing", "i")]


def test_transfer_is_reported(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("a", ME, answered=True)])
    tracker.update([call("a", IVAN, answered=True)])
    assert ("transferred", "a", "001", "003") in rec.events


def test_ring_group_answered_elsewhere(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("m", ME, parent="g"), call("p", PETRO, parent="g")])
    tracker.update([call("p", PETRO, parent="g", answered=True)])
    assert rec.events == [("ringing", "m"), ("elsewhere", "m", "002"), ("ended", "m", "False")]


def test_ring_group_answered_elsewhere_seen_one_poll_late(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("m", ME, parent="g"), call("p", PETRO, parent="g")])
    # the colleague answered while our leg was still listed
    tracker.update([call("m", ME, parent="g"), call("p", PETRO, parent="g", answered=True)])
    tracker.update([call("p", PETRO, parent="g", answered=True)])
    assert ("elsewhere", "m", "002") in rec.events


def test_ring_group_nobody_answered_is_a_plain_miss(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("m", ME, parent="g"), call("p", PETRO, parent="g")])
    tracker.update([])
    assert rec.events == [("ringing", "m"), ("ended", "m", "False")]


def test_a_failing_listener_does_not_silence_others(tracker: CallTracker) -> None:
    seen: list[str] = []

    def broken(_c: ActiveCall) -> None:
        raise RuntimeError("boom")

    tracker.call_ringing.connect(broken)
    tracker.call_ringing.connect(lambda c: seen.append(c.uuid))
    tracker.update([call("a", ME)])
    assert seen == ["a"]


def test_changing_extension_and_reset(tracker: CallTracker) -> None:
    rec = Recorder(tracker)
    tracker.update([call("a", ME)])
    tracker.reset()
    tracker.own_ext = "002"
    tracker.update([call("b", PETRO), call("a", ME)])
    assert rec.events == [("ringing", "a"), ("ringing", "b")]


def test_call_details_follow_the_latest_snapshot(tracker: CallTracker) -> None:
    first = call("a", ME)
    tracker.update([first])
    renamed = replace(first, other_legs=(replace(CLIENT, name="Нова назва"),))
    tracker.update([renamed])
    assert tracker.calls[0].other_legs[0].name == "Нова назва"
