"""The call tracker: successive active-call snapshots in, call events out.

The PBX only answers "which calls are active now" (B.3). The tracker compares each snapshot with
the previous one and raises what an operator cares about::

    call_ringing(call)                 a call concerning us appeared, not answered yet
    call_answered(call)                it was answered (by us)
    call_transferred(call, from_ext)   the same call moved to another employee
    call_answered_elsewhere(call, by)  a ring-group call we were offered was taken by `by`
    call_ended(call, answered)         it left the active list

By default a call concerns the operator when their extension is ``leg`` or ``leg2``; in
supervisor mode every call of the company does. Ring-group calls (B.3 ``parentUuid``) are
recognised by their shared parent: when our child call disappears unanswered while a sibling
with the same parent was answered, the call was answered elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vega_desktop.api import ActiveCall, Leg
from vega_desktop.core.events import Signal


@dataclass(slots=True)
class _Tracked:
    call: ActiveCall
    answered: bool


@dataclass(slots=True)
class CallTracker:
    """Turns snapshots into events. Feed it with :meth:`update`; it does no I/O."""

    own_ext: str | None = None
    supervisor: bool = False
    call_ringing: Signal[[ActiveCall]] = field(default_factory=lambda: Signal("call_ringing"))
    call_answered: Signal[[ActiveCall]] = field(default_factory=lambda: Signal("call_answered"))
    call_transferred: Signal[[ActiveCall, str | None]] = field(
        default_factory=lambda: Signal("call_transferred")
    )
    call_answered_elsewhere: Signal[[ActiveCall, Leg | None]] = field(
        default_factory=lambda: Signal("call_answered_elsewhere")
    )
    call_ended: Signal[[ActiveCall, bool]] = field(default_factory=lambda: Signal("call_ended"))
    _tracked: dict[str, _Tracked] = field(default_factory=dict)
    # answered members of each ring group seen in the previous and current snapshots
    _answered_by_parent: dict[str, Leg | None] = field(default_factory=dict)

    @property
    def calls(self) -> tuple[ActiveCall, ...]:
        """The calls concerning us, oldest first."""
        return tuple(t.call for t in self._tracked.values())

    def concerns(self, call: ActiveCall) -> bool:
        if self.supervisor:
            return True
        if not self.own_ext:
            return False
        return any(leg is not None and leg.ext == self.own_ext for leg in (call.leg, call.leg2))

    def reset(self) -> None:
        """Forget every call without raising events (e.g. after signing in as someone else)."""
        self._tracked.clear()
        self._answered_by_parent.clear()

    def update(self, snapshot: list[ActiveCall] | tuple[ActiveCall, ...]) -> None:
        by_uuid = {call.uuid: call for call in snapshot}
        answered_now: dict[str, Leg | None] = {}
        for call in snapshot:
            if call.parent_uuid and call.answered:
                answered_now[call.parent_uuid] = call.leg2 or call.leg
        answered_by_parent = {**self._answered_by_parent, **answered_now}

        for uuid in [u for u in self._tracked if u not in by_uuid]:
            gone = self._tracked.pop(uuid)
            parent = gone.call.parent_uuid
            if not gone.answered and parent and parent in answered_by_parent:
                by = answered_by_parent[parent]
                if by is None or by.ext != self.own_ext:
                    self.call_answered_elsewhere.emit(gone.call, by)
            self.call_ended.emit(gone.call, gone.answered)

        for call in snapshot:
            previous = self._tracked.get(call.uuid)
            if previous is None:
                if not self.concerns(call):
                    continue
                self._tracked[call.uuid] = _Tracked(call, call.answered)
                self.call_ringing.emit(call)
                if call.answered:
                    self.call_answered.emit(call)
                continue
            old_ext = _ext(previous.call)
            previous.call = call
            if _ext(call) != old_ext and previous.answered:
                self.call_transferred.emit(call, old_ext)
            if call.answered and not previous.answered:
                previous.answered = True
                self.call_answered.emit(call)

        # keep only ring groups that are still alive
        live_parents = {c.parent_uuid for c in snapshot if c.parent_uuid}
        self._answered_by_parent = {
            p: leg for p, leg in answered_by_parent.items() if p in live_parents
        }


def _ext(call: ActiveCall) -> str | None:
    if call.leg2 is not None and call.leg2.ext:
        return call.leg2.ext
    return call.leg.ext if call.leg is not None else None
