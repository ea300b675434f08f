"""Live call traffic for demo mode: the PBX's phones ring at a human pace.

A :class:`TrafficDriver` starts a call scenario every so often and schedules the rest of it
(answer, transfer, hang-up) as timers on the PBX clock:

* a client or an unknown number calls the demo operator, who answers after a few seconds and
  talks for 10–60 s;
* a call to a ring group with the operator in it is answered by the operator, or by a colleague
  (the operator's leg ends: answered elsewhere);
* a call rings unanswered until the caller gives up (a missed call); the same number may call
  again later and get through;
* the operator answers and transfers the call to a colleague;
* colleagues place outgoing calls and call each other or the operator.

While the operator is on a call, new scenarios leave the operator alone.

Everything is drawn from ``rng`` and timed by the PBX clock, so with a seeded ``random.Random``
and a :class:`~vega_desktop.demo.clock.ManualClock` the traffic is the same on every run:
:meth:`TrafficDriver.run_for` compresses minutes of traffic into a loop without sleeping.
:meth:`TrafficDriver.run` is the asyncio task the demo server runs on its loop.
"""

from __future__ import annotations

import asyncio
import random
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vega_desktop.demo.clock import ManualClock
from vega_desktop.demo.model import BUSY, NO_ANSWER
from vega_desktop.demo.pbx import SimulatedPbx

KINDS = (
    "incoming",  # rings the operator, answered
    "group_operator",  # rings a group, the operator answers
    "group_colleague",  # rings a group, a colleague answers
    "missed",  # rings the operator or a group, nobody answers
    "transfer",  # the operator answers and hands over to a colleague
    "colleague_outgoing",
    "internal",
)
_WEIGHTS = (24, 14, 14, 16, 10, 11, 11)
_QUIET_KINDS = ("colleague_outgoing", "internal")  # while the operator is busy


@dataclass(frozen=True, slots=True)
class Scenario:
    """One call the driver started: what kind, its uuid (a ring group's parent) and number."""

    kind: str
    uuid: str
    number: str | None
    target: str  # the extension (user or group) it rings or that places it
    started_at: float


class TrafficDriver:
    """Drives scripted call traffic on ``pbx``; deterministic for a seeded ``rng``.

    ``gap``: seconds between two scenarios (uniform in the range); ``first_call_after``: delay
    before the first one; ``poll_interval``: how often :meth:`run` wakes up.
    """

    def __init__(
        self,
        pbx: SimulatedPbx,
        rng: random.Random | None = None,
        *,
        operator_ext: str | None = None,
        gap: tuple[float, float] = (10.0, 30.0),
        first_call_after: float = 3.0,
        poll_interval: float = 0.5,
    ) -> None:
        self.pbx = pbx
        self.rng = rng or random.Random(pbx.seed)
        self.operator_ext = operator_ext or pbx.operator_ext
        self.gap = gap
        self.first_call_after = first_call_after
        self.poll_interval = poll_interval
        self.started: list[Scenario] = []
        self._next_at: float | None = None
        self._missed_numbers: deque[str] = deque(maxlen=5)
        world = pbx.world
        self._groups = [g for g in world.groups if self.operator_ext in g.members]
        self._colleagues = [u.ext for u in world.users if u.ext and u.ext != self.operator_ext]

    # --- driving ---------------------------------------------------------------------------

    def poll(self) -> Scenario | None:
        """Fire due PBX timers and start the next scenario if its time has come."""
        self.pbx.tick()
        now = self.pbx.now()
        if self._next_at is None:
            self._next_at = now + self.first_call_after
        if now < self._next_at:
            return None
        scenario = self.step()
        self._next_at = now + self.rng.uniform(*self.gap)
        return scenario

    async def run(self) -> None:
        """Poll forever at ``poll_interval`` (cancel the task to stop)."""
        while True:
            self.poll()
            await asyncio.sleep(self.poll_interval)

    def run_for(self, seconds: float, resolution: float = 0.5) -> list[Scenario]:
        """Advance a ManualClock by ``seconds`` in ``resolution`` steps, polling each time."""
        if not isinstance(self.pbx.clock, ManualClock):
            raise TypeError("run_for() needs the PBX to run on a ManualClock")
        started: list[Scenario] = []
        elapsed = 0.0
        while elapsed < seconds:
            step = min(resolution, seconds - elapsed)
            self.pbx.advance(step)
            elapsed += step
            scenario = self.poll()
            if scenario is not None:
                started.append(scenario)
        return started

    def step(self, kind: str | None = None) -> Scenario:
        """Start one scenario now (``kind`` or a random one) and schedule the rest of it."""
        rng = self.rng
        if kind is None:
            kinds: Sequence[str] = KINDS
            weights: Sequence[float] = _WEIGHTS
            if self.pbx.busy(self.operator_ext):
                kinds, weights = _QUIET_KINDS, (1, 1)
            kind = rng.choices(kinds, weights=weights)[0]
        if kind not in KINDS:
            raise ValueError(f"unknown scenario {kind!r}")
        start: Callable[[float], Scenario] = getattr(self, f"_{kind}")
        scenario = start(self.pbx.now())
        self.started.append(scenario)
        return scenario

    # --- helpers ---------------------------------------------------------------------------

    def _caller(self) -> str:
        rng = self.rng
        if self._missed_numbers and rng.random() < 0.4:
            return self._missed_numbers.popleft()  # someone who could not get through before
        known = self.pbx.contact_numbers()
        if known and rng.random() < 0.6:
            return rng.choice(known)
        return rng.choice(self.pbx.world.unknown_numbers)

    def _later(self, at: float, action: Callable[[float], object]) -> None:
        def fire(when: float) -> None:
            action(when)

        self.pbx.schedule(at, fire)

    def _talk(self, lo: float = 10.0, hi: float = 60.0) -> float:
        return self.rng.uniform(lo, hi)

    def _answer_then_end(self, uuid: str, at: float, ext: str | None, talk: float) -> None:
        pbx = self.pbx
        self._later(at, lambda t: pbx.answer_call(uuid, ext, at=t))
        self._later(at + talk, lambda t: pbx.end_call(uuid, at=t))

    # --- scenarios -------------------------------------------------------------------------

    def _incoming(self, now: float) -> Scenario:
        number = self._caller()
        uuid = self.pbx.start_call(
            "incoming", number=number, ext=self.operator_ext, origin="traffic", at=now
        )
        self._answer_then_end(uuid, now + self.rng.uniform(3, 8), None, self._talk())
        return Scenario("incoming", uuid, number, self.operator_ext, now)

    def _group(self, now: float, kind: str, by_operator: bool) -> Scenario:
        rng = self.rng
        group = rng.choice(self._groups)
        colleagues = [m for m in group.members if m != self.operator_ext]
        answerer = self.operator_ext if by_operator else rng.choice(colleagues)
        number = self._caller()
        uuid = self.pbx.start_call(
            "incoming", number=number, group=group.ext, origin="traffic", at=now
        )
        self._answer_then_end(uuid, now + rng.uniform(3, 9), answerer, self._talk())
        return Scenario(kind, uuid, number, group.ext or "", now)

    def _group_operator(self, now: float) -> Scenario:
        return self._group(now, "group_operator", by_operator=True)

    def _group_colleague(self, now: float) -> Scenario:
        return self._group(now, "group_colleague", by_operator=False)

    def _missed(self, now: float) -> Scenario:
        rng = self.rng
        number = self._caller()
        to_group = rng.random() < 0.5
        group = rng.choice(self._groups).ext if to_group else None
        uuid = self.pbx.start_call(
            "incoming", number=number, ext=self.operator_ext, group=group, origin="traffic", at=now
        )
        self._missed_numbers.append(number)
        disposition = BUSY if rng.random() < 0.15 else NO_ANSWER
        pbx = self.pbx
        self._later(now + rng.uniform(12, 25), lambda t: pbx.end_call(uuid, disposition, at=t))
        return Scenario("missed", uuid, number, group or self.operator_ext, now)

    def _transfer(self, now: float) -> Scenario:
        rng = self.rng
        number = self._caller()
        pbx = self.pbx
        uuid = pbx.start_call(
            "incoming", number=number, ext=self.operator_ext, origin="traffic", at=now
        )
        answer_at = now + rng.uniform(3, 8)
        transfer_at = answer_at + rng.uniform(8, 20)
        colleague = rng.choice(self._colleagues)
        self._later(answer_at, lambda t: pbx.answer_call(uuid, at=t))
        self._later(transfer_at, lambda t: pbx.transfer_call(uuid, colleague, at=t))
        self._later(transfer_at + self._talk(10, 40), lambda t: pbx.end_call(uuid, at=t))
        return Scenario("transfer", uuid, number, self.operator_ext, now)

    def _colleague_outgoing(self, now: float) -> Scenario:
        rng = self.rng
        caller = rng.choice(self._colleagues)
        number = self._caller()
        pbx = self.pbx
        uuid = pbx.start_call("outgoing", number=number, ext=caller, origin="traffic", at=now)
        if rng.random() < 0.8:
            self._answer_then_end(uuid, now + rng.uniform(4, 10), None, self._talk())
        else:
            self._later(now + rng.uniform(15, 30), lambda t: pbx.end_call(uuid, at=t))
        return Scenario("colleague_outgoing", uuid, number, caller, now)

    def _internal(self, now: float) -> Scenario:
        rng = self.rng
        caller = rng.choice(self._colleagues)
        busy = self.pbx.busy(self.operator_ext)
        choices = [e for e in self._colleagues if e != caller]
        callee = rng.choice(choices) if busy or rng.random() < 0.5 else self.operator_ext
        uuid = self.pbx.start_call("internal", ext=caller, to_ext=callee, origin="traffic", at=now)
        self._answer_then_end(uuid, now + rng.uniform(2, 6), None, self._talk(10, 40))
        return Scenario("internal", uuid, None, caller, now)
