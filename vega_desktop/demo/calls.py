"""Live calls of the simulated PBX: ringing, answering, transfers and hang-ups, ring groups too.

A call rings from the moment it starts until it is answered or ends; when it ends it becomes a
history record (:mod:`~vega_desktop.demo.history`). A ring-group call is a hidden parent (its
``leg`` is the group) with one ringing leg per member: the first member to answer takes it and
the other legs end unanswered; a member who declines drops only their own leg.

``active calls`` on the wire follow the spec's examples, inconsistencies included: times in
seconds, 32-hex uuids, ``otherLegs[].id`` as strings, ``otherLegs: null`` and a trunk on internal
calls, and two key orders.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import quote

from vega_desktop.demo import phones
from vega_desktop.demo.crm import Crm
from vega_desktop.demo.errors import BadRequestError, ConflictError, NotFoundError, as_int
from vega_desktop.demo.history import History
from vega_desktop.demo.model import (
    ANSWERED,
    BUSY,
    CONGESTION,
    FAILED,
    GROUP,
    INCOMING,
    INTERNAL,
    NO_ANSWER,
    OUTGOING,
    CallRecord,
    Entity,
    Trunk,
)
from vega_desktop.demo.timers import Timers
from vega_desktop.demo.wire import Json, plain_uuid
from vega_desktop.demo.world import World

DISPOSITIONS = (ANSWERED, NO_ANSWER, CONGESTION, FAILED, BUSY)


@dataclass(slots=True)
class LiveCall:
    uuid: str  # 32 hex digits
    direction: int
    leg: Entity  # the user; a group for the (hidden) parent call of a ring-group call
    dial_at: float
    leg2: Entity | None = None
    number: str | None = None  # the external party, in wire form
    contact_id: int | None = None
    contact_name: str | None = None
    contact_company: str | None = None
    trunk: Trunk | None = None
    bridge_at: float | None = None
    parent_uuid: str | None = None
    children: list[str] = field(default_factory=list)
    transfers: list[str] = field(default_factory=list)
    origin: str = "control"

    @property
    def is_parent(self) -> bool:
        return self.leg.type == GROUP

    @property
    def state(self) -> str:
        return "ringing" if self.bridge_at is None else "answered"

    def summary(self) -> dict[str, Json]:
        """The control API's view of the call."""
        return {
            "uuid": self.uuid,
            "parentUuid": self.parent_uuid,
            "state": self.state,
            "direction": self.direction,
            "ext": self.leg.ext,
            "ext2": self.leg2.ext if self.leg2 else None,
            "number": self.number,
            "children": list(self.children),
            "transfers": list(self.transfers),
            "origin": self.origin,
        }


class LiveCalls:
    """The calls in progress and the events they went through (the last 2000)."""

    def __init__(
        self,
        world: World,
        timers: Timers,
        history: History,
        crm: Crm,
        *,
        seed: int,
        operator_ext: str,
        domain: str,
    ) -> None:
        self._world = world
        self._timers = timers
        self._history = history
        self._crm = crm
        self._operator_ext = operator_ext
        self._domain = domain
        self._ids = random.Random(seed * 7919 + 17)
        self._calls: dict[str, LiveCall] = {}
        self._events: deque[dict[str, Json]] = deque(maxlen=2000)

    # --- starting, answering and ending calls ----------------------------------------------

    def start(
        self,
        direction: str,
        at: float,
        *,
        number: object = None,
        ext: object = None,
        to_ext: object = None,
        trunk: object = None,
        group: object = None,
        origin: str = "control",
    ) -> str:
        if direction == "incoming":
            call = LiveCall(self._new_uuid(), INCOMING, self._user(ext or self._operator_ext), at)
            self._external(call, number)
            call.trunk = self._trunk(trunk)
            call.origin = origin
            if group is not None:
                if not isinstance(group, str) or self._world.group(group.strip()) is None:
                    raise NotFoundError(f"No group with extension {group}")
                call.leg = self._world.group(group.strip())  # type: ignore[assignment]
                self._calls[call.uuid] = call
                for member in call.leg.members:
                    child = LiveCall(
                        self._new_uuid(),
                        INCOMING,
                        self._user(member),
                        at,
                        number=call.number,
                        contact_id=call.contact_id,
                        contact_name=call.contact_name,
                        contact_company=call.contact_company,
                        trunk=call.trunk,
                        parent_uuid=call.uuid,
                        origin=origin,
                    )
                    call.children.append(child.uuid)
                    self._calls[child.uuid] = child
                    self._event("call.dial", child, at)
                return call.uuid
        elif direction == "outgoing":
            call = LiveCall(self._new_uuid(), OUTGOING, self._user(ext or self._operator_ext), at)
            self._external(call, number)
            call.trunk = self._trunk(trunk)
        elif direction == "internal":
            caller = self._user(ext or self._operator_ext)
            callee = self._user(to_ext, "to_ext")
            if callee.ext == caller.ext:
                raise BadRequestError("An internal call needs two different users")
            call = LiveCall(self._new_uuid(), INTERNAL, caller, at, leg2=callee)
        else:
            raise BadRequestError("direction must be incoming, outgoing or internal")
        call.origin = origin
        self._calls[call.uuid] = call
        self._event("call.dial", call, at)
        return call.uuid

    def answer(self, uuid: str, ext: object, at: float) -> str:
        call = self._find(uuid)
        if call.is_parent:
            if ext is not None:
                member = self._user(ext)
                pick = [c for c in call.children if self._calls[c].leg.ext == member.ext]
                if not pick:
                    raise BadRequestError(f"{member.ext} is not ringing on this call")
            else:
                pick = [
                    c for c in call.children if self._calls[c].leg.ext == self._operator_ext
                ] or call.children
            if not pick:
                raise ConflictError("Nobody is ringing on this call")
            return self.answer(pick[0], None, at)
        if call.bridge_at is not None:
            raise ConflictError("The call is already answered")
        if ext is not None and call.parent_uuid is None and call.direction == INCOMING:
            call.leg = self._user(ext)  # picked up on another phone
        call.bridge_at = at
        call.transfers = [call.leg2.ext if call.leg2 and call.leg2.ext else call.leg.ext or ""]
        self._event("call.bridge", call, at)
        if call.parent_uuid is not None:
            parent = self._calls[call.parent_uuid]
            parent.bridge_at = at
            parent.transfers = list(call.transfers)
            for other in [c for c in parent.children if c != call.uuid]:
                self._drop_leg(self._calls[other], NO_ANSWER, at)  # answered elsewhere
            parent.children = [call.uuid]
        return call.uuid

    def end(self, uuid: str, disposition: object, at: float) -> str:
        call = self._find(uuid)
        if call.parent_uuid is not None and call.parent_uuid in self._calls:
            call = self._calls[call.parent_uuid]
        if disposition is None:
            code = ANSWERED if call.bridge_at is not None else NO_ANSWER
        else:
            code = as_int(disposition, "disposition")
            if code not in DISPOSITIONS:
                raise BadRequestError("disposition must be 0..4")
            if call.bridge_at is not None:
                code = ANSWERED  # an answered call ends answered, whoever hangs up
            elif code == ANSWERED:
                raise BadRequestError("An unanswered call cannot end answered")
        if call.is_parent:
            for child_id in list(call.children):
                child = self._calls.pop(child_id)
                self._event("call.hangup", child, at)
                answered = child.bridge_at is not None
                self._record(child, code if answered else NO_ANSWER, at, answered, True)
            self._calls.pop(call.uuid, None)
            self._record(call, code, at, in_company=True, in_users=False)
        else:
            self._calls.pop(call.uuid, None)
            self._event("call.hangup", call, at)
            self._record(call, code, at, in_company=True, in_users=True)
        return call.uuid

    def hangup(self, uuid: str, at: float) -> None:
        call = self._find(uuid)
        if call.parent_uuid is not None and call.bridge_at is None:
            parent = self._calls.get(call.parent_uuid)
            self._drop_leg(call, NO_ANSWER, at)  # this member declines; the others still ring
            if parent is not None and not parent.children:
                self.end(parent.uuid, NO_ANSWER, at)
            return
        self.end(call.uuid, None, at)

    def transfer(self, uuid: str, to_ext: object, at: float) -> str:
        call = self._find(uuid)
        if call.is_parent:
            if not call.children:
                raise ConflictError("The call is not answered")
            call = self._calls[call.children[0]]
        if call.bridge_at is None:
            raise ConflictError("Only an answered call can be transferred")
        target = self._user(to_ext, "to_ext")
        current = call.leg2 if call.direction == INTERNAL and call.leg2 else call.leg
        if target.ext == current.ext:
            raise BadRequestError(f"The call is already with {target.ext}")
        if call.direction == INTERNAL:
            call.leg2 = target
        else:
            call.leg = target
        call.transfers.append(target.ext or "")
        if call.parent_uuid and call.parent_uuid in self._calls:
            self._calls[call.parent_uuid].transfers = list(call.transfers)
        self._event("call.transfer", call, at)
        return call.uuid

    def make_call(
        self,
        leg_ext: object,
        number: object,
        now: float,
        answer_delay: float,
        talk_time: float | None,
    ) -> str:
        """``makeCall`` at ``now``: answered ``answer_delay`` later, ended ``talk_time`` after."""
        if not isinstance(leg_ext, str) or not leg_ext.strip():
            raise BadRequestError("legExt is required")
        if self._world.user(leg_ext.strip()) is None:
            raise BadRequestError(f"Unknown legExt: {leg_ext.strip()[:20]}")
        if not isinstance(number, str) or not number.strip():
            raise BadRequestError("otherLegNum is required")
        if self._world.user(number.strip()) is not None:
            uuid = self.start("internal", now, ext=leg_ext, to_ext=number.strip(), origin="api")
        else:
            if not phones.looks_dialable(number):
                raise BadRequestError(f"Invalid otherLegNum: {number.strip()[:40]}")
            uuid = self.start("outgoing", now, number=number, ext=leg_ext, origin="api")
        answer_at = now + answer_delay

        def answer(at: float) -> None:
            self.answer(uuid, None, at)

        def end(at: float) -> None:
            self.end(uuid, None, at)

        self._timers.schedule(answer_at, answer)
        if talk_time is not None:
            self._timers.schedule(answer_at + talk_time, end)
        return uuid

    # --- what is going on ------------------------------------------------------------------

    def _in_progress(self) -> list[LiveCall]:
        """The calls as users see them: ring-group parents left out."""
        return [c for c in self._calls.values() if not c.is_parent]

    def active(self) -> list[dict[str, Json]]:
        calls = sorted(self._in_progress(), key=lambda c: (c.dial_at, c.uuid))
        return [self._active_wire(c) for c in calls]

    def active_count(self) -> int:
        return len(self._in_progress())

    def summary(self, uuid: str) -> dict[str, Json] | None:
        key = plain_uuid(uuid)
        call = self._calls.get(key) if key else None
        return None if call is None else call.summary()

    def summaries(self) -> list[dict[str, Json]]:
        """Every call, ring-group parents too, in the order they were dialled."""
        return [c.summary() for c in sorted(self._calls.values(), key=lambda c: c.dial_at)]

    def busy(self, ext: str) -> bool:
        return any(ext in (c.leg.ext, c.leg2.ext if c.leg2 else None) for c in self._in_progress())

    def events(self) -> list[dict[str, Json]]:
        return list(self._events)

    # --- helpers ---------------------------------------------------------------------------

    def _new_uuid(self) -> str:
        while True:
            uuid = f"{self._ids.getrandbits(128):032x}"
            if uuid not in self._calls:
                return uuid

    def _user(self, ext: object, what: str = "ext") -> Entity:
        if not isinstance(ext, str) or not ext.strip():
            raise BadRequestError(f"{what} is required")
        user = self._world.user(ext.strip())
        if user is None:
            raise NotFoundError(f"No user with extension {ext.strip()}")
        return user

    def _trunk(self, number: object) -> Trunk:
        if number is None:
            return self._world.trunks[0]
        if not isinstance(number, str):
            raise BadRequestError("trunk must be a string")
        key = phones.match_key(number)
        for trunk in self._world.trunks:
            if phones.match_key(trunk.number) == key:
                return trunk
        return Trunk(number.strip(), number.strip())

    @staticmethod
    def _wire_number(number: str) -> str:
        raw = number.strip()
        d = phones.digits(raw)
        if (len(d) == 12 and d.startswith("380")) or (len(d) == 10 and d.startswith("0")):
            return phones.e164_ua(phones.match_key(raw))
        return raw

    def _event(self, name: str, call: LiveCall, at: float) -> None:
        self._events.append(
            {
                "event": name,
                "uuid": call.uuid,
                "parentUuid": call.parent_uuid,
                "at": at,
                "ext": call.leg.ext,
                "direction": call.direction,
            }
        )

    def _external(self, call: LiveCall, number: object) -> None:
        if not isinstance(number, str) or not number.strip():
            raise BadRequestError("number is required")
        if not phones.looks_dialable(number):
            raise BadRequestError(f"Invalid phone number: {number.strip()[:40]}")
        call.number = self._wire_number(number)
        contact = self._crm.contact_for(number)
        if contact is not None:
            call.contact_id = contact.id
            call.contact_name = contact.display_name()
            call.contact_company = contact.company()

    def _find(self, uuid: str) -> LiveCall:
        key = plain_uuid(uuid)
        call = self._calls.get(key) if key else None
        if call is None:
            raise NotFoundError(f"Call {uuid.strip()[:64]} not found")
        return call

    def _drop_leg(self, leg: LiveCall, disposition: int, at: float) -> None:
        """End one member's leg of a ring-group call (the others go on)."""
        self._calls.pop(leg.uuid, None)
        if leg.parent_uuid and leg.parent_uuid in self._calls:
            parent = self._calls[leg.parent_uuid]
            if leg.uuid in parent.children:
                parent.children.remove(leg.uuid)
        self._event("call.hangup", leg, at)
        self._record(leg, disposition, at, in_company=False, in_users=True)

    def _record(
        self, call: LiveCall, disposition: int, at: float, in_company: bool, in_users: bool
    ) -> None:
        answered = disposition == ANSWERED and call.bridge_at is not None
        transfers: tuple[str, ...] = ()
        if answered and (call.direction != INTERNAL or len(call.transfers) > 1):
            transfers = tuple(call.transfers)
        self._history.add(
            CallRecord(
                uuid=call.uuid,
                direction=call.direction,
                leg=call.leg,
                end_at=at,
                dial_at=call.dial_at,
                bridge_at=call.bridge_at if answered else None,
                parent_uuid=call.parent_uuid,
                leg2=call.leg2,
                other_num=call.number,
                other_name=(call.contact_name or call.number) if call.number else None,
                disposition=disposition,
                transfers=transfers,
                transfer_sep=" > " if int(call.uuid[-1], 16) % 2 else "> ",
                recording=answered and at - (call.bridge_at or at) >= 1.0,
                trunks=(call.trunk.number,) if call.trunk else (),
                in_company=in_company,
                in_users=in_users,
            )
        )

    # --- wire format -----------------------------------------------------------------------

    def _contact_url(self, contact_id: int | None, number: str | None) -> str:
        base = f"https://{self._domain}/features/crm/contacts/edit.jsp#/"
        if contact_id is not None:
            return f"{base}?id={contact_id}"
        return f"{base}?phone={quote(number or '', safe='')}"

    def _active_wire(self, call: LiveCall) -> dict[str, Json]:
        other: list[dict[str, Json]] | None = None
        if call.direction != INTERNAL:
            known = call.contact_id is not None
            item: dict[str, Json] = {
                "id": str(call.contact_id) if known else None,
                "name": call.contact_name,
                "num": call.number,
                "companyName": call.contact_company,
                "url": self._contact_url(call.contact_id, call.number),
            }
            if known and int(call.uuid[1], 16) % 2:
                item["priority"] = 1
            other = [item]
        trunk = call.trunk or self._world.trunks[0]  # the spec's internal example has one too
        leg: dict[str, Json] = {
            "id": call.leg.id,
            "ext": call.leg.ext,
            "displayName": call.leg.name,
        }
        leg2: dict[str, Json] | None = None
        if call.leg2 is not None:
            leg2 = {"id": call.leg2.id, "ext": call.leg2.ext, "displayName": call.leg2.name}
        last_event = "call.dial" if call.bridge_at is None else "call.bridge"
        out: dict[str, Json] = {"uuid": call.uuid, "parentUuid": call.parent_uuid}
        if int(call.uuid[-1], 16) % 2 == 0:  # the first example's key order
            out["lastEvent"] = last_event
        out["dialAt"] = int(call.dial_at)
        out["bridgeAt"] = None if call.bridge_at is None else int(call.bridge_at)
        out["lgDirection"] = call.direction
        out.setdefault("lastEvent", last_event)  # the second example's order
        out["leg"] = leg
        out["leg2"] = leg2
        out["otherLegs"] = other
        out["trunkNum"] = trunk.number
        out["trunkName"] = trunk.name
        return out
