"""The simulated Vega PBX: sessions, live calls, call history and CRM teler, as a state machine.

:class:`SimulatedPbx` is transport-free: :mod:`vega_desktop.demo.server` turns HTTP requests into
calls of its methods and their results (JSON-ready dicts in the PBX's wire formats) into
responses. Errors are :class:`PbxError` subclasses that carry the HTTP status to answer with.

Time comes from an injectable clock (UNIX seconds). Things that happen later (a makeCall being
answered a few seconds after it was placed, scripted traffic) are timers, fired by
:meth:`SimulatedPbx.tick`, which every public method calls first. With a
:class:`~vega_desktop.demo.clock.ManualClock`, :meth:`SimulatedPbx.advance` moves time and fires
the timers, so tests never sleep.

Every public method takes the PBX's lock, so the server thread, the traffic driver and a test
thread can share one instance.

Wire formats follow the spec's examples, inconsistencies included: active calls carry times in
seconds, 32-hex uuids, ``otherLegs[].id`` as strings, ``otherLegs: null`` and a trunk on internal
calls, and two key orders; histories carry times in milliseconds, dashed uuids, ``trunk`` as
``o=380…;``, ``otherLegName`` equal to ``otherLegNum`` for numbers not in the CRM, and leave out
``parentUuid`` when there is none; contacts carry times in milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import hmac
import itertools
import random
import secrets
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar
from urllib.parse import quote

from vega_desktop.demo import phones
from vega_desktop.demo.audio import recording_wav
from vega_desktop.demo.clock import Clock, ManualClock, system_clock
from vega_desktop.demo.world import (
    ANSWERED,
    BUSY,
    CONGESTION,
    EMAIL,
    FAILED,
    GROUP,
    INCOMING,
    INTERNAL,
    NO_ANSWER,
    OUTGOING,
    PAUSE_OFF,
    PAUSE_ON,
    PHONE,
    CallRecord,
    Contact,
    ContactField,
    Entity,
    FieldValue,
    Note,
    Trunk,
    World,
    build_world,
)

DEMO_DOMAIN = "demo.pbx.vega.ua"
DEMO_API_KEY = "demo"
DEMO_OPERATOR_EXT = "001"

Json = Any  # a JSON-ready value (dict/list/str/int/float/bool/None)
FaultKind = Literal["500", "stall", "invalid_json", "drop"]
FAULT_KINDS: tuple[FaultKind, ...] = ("500", "stall", "invalid_json", "drop")

CALL_DIRECTIONS = INTERNAL | OUTGOING | INCOMING
USER_DIRECTIONS = CALL_DIRECTIONS | PAUSE_ON | PAUSE_OFF
HISTORY_PAGE_MAX = 50
CONTACTS_PAGE_MAX = 60
CONTACTS_PAGE_DEFAULT = 30
DISPOSITIONS = (ANSWERED, NO_ANSWER, CONGESTION, FAILED, BUSY)

_MAX_SESSIONS = 1000
_MAX_HISTORY = 20000
_SECRET_KEYS = frozenset({"apikey", "api_key", "password", "jsessionid"})
REDACTED = "***"

P = ParamSpec("P")
R = TypeVar("R")


class PbxError(Exception):
    """A request the PBX refuses; ``status`` is the HTTP status to answer with."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequestError(PbxError):
    status = 400


class UnauthorizedError(PbxError):
    status = 401


class ForbiddenError(PbxError):
    status = 403


class NotFoundError(PbxError):
    status = 404


class ConflictError(PbxError):
    status = 409


@dataclass(slots=True)
class Fault:
    """An injected failure for requests whose path starts with ``path`` (None: every path)."""

    kind: FaultKind
    path: str | None
    count: int
    seconds: float = 5.0

    def to_json(self) -> dict[str, Json]:
        return {"kind": self.kind, "path": self.path, "count": self.count, "seconds": self.seconds}


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


def redact(value: Json, secret: str | None = None) -> Json:
    """A copy of ``value`` with API keys (and the given secret anywhere) replaced by ``***``."""
    if isinstance(value, dict):
        return {
            k: REDACTED if str(k).lower() in _SECRET_KEYS else redact(v, secret)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v, secret) for v in value]
    if isinstance(value, str) and secret and secret in value:
        return value.replace(secret, REDACTED)
    return value


def dashed(uuid: str) -> str:
    """``8-4-4-4-12`` form of a 32-hex uuid, as the history APIs print it."""
    return f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"


def plain_uuid(uuid: str) -> str | None:
    """32 lowercase hex digits from a dashed or plain uuid; None when it is not one."""
    candidate = uuid.strip().replace("-", "").lower()
    if len(candidate) == 32 and all(ch in "0123456789abcdef" for ch in candidate):
        return candidate
    return None


def _locked(
    method: Callable[Concatenate[SimulatedPbx, P], R],
) -> Callable[Concatenate[SimulatedPbx, P], R]:
    """Run a public method under the PBX lock, after firing the timers that are due."""

    @functools.wraps(method)
    def wrapper(self: SimulatedPbx, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            if not self._ticking:
                self._tick()
            return method(self, *args, **kwargs)

    return wrapper


def _as_int(value: object, name: str) -> int:
    if isinstance(value, bool):
        raise BadRequestError(f"{name} must be a number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise BadRequestError(f"{name} must be a number")


def _optional_int(value: object, name: str) -> int | None:
    return None if value is None else _as_int(value, name)


def _optional_str(value: object, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise BadRequestError(f"{name} must be a string")


class SimulatedPbx:
    """A faithful, deterministic simulation of one Vega PBX account.

    ``seed`` fixes the contacts and the week of call history (which ends at the clock's "now"
    when the PBX is made); ``clock`` returns UNIX seconds (``time.time`` when None).
    """

    def __init__(
        self,
        seed: int = 1,
        clock: Clock | None = None,
        *,
        domain: str = DEMO_DOMAIN,
        api_key: str = DEMO_API_KEY,
        operator_ext: str = DEMO_OPERATOR_EXT,
        session_ttl: float = 1800.0,
        answer_delay: float = 3.0,
        talk_time: float | None = 90.0,
    ) -> None:
        self.seed = seed
        self.clock: Clock = clock or system_clock
        self.domain = domain.lower()
        self._api_key = api_key
        self.operator_ext = operator_ext
        self.session_ttl = session_ttl
        self.answer_delay = answer_delay
        self.talk_time = talk_time
        self._lock = threading.RLock()
        self._ticking = False
        self.world: World = build_world(seed, self.clock())
        if self.world.user(operator_ext) is None:
            raise ValueError(f"no user with extension {operator_ext!r}")
        self._ids = random.Random(seed * 7919 + 17)
        self._sessions: dict[str, float] = {}
        self._calls: dict[str, LiveCall] = {}
        self._timers: list[tuple[float, int, Callable[[float], None]]] = []
        self._seq = itertools.count()
        self._events: deque[dict[str, Json]] = deque(maxlen=2000)
        self._faults: list[Fault] = []
        self._log: deque[dict[str, Json]] = deque(maxlen=500)

    def __repr__(self) -> str:  # never shows the key
        return f"SimulatedPbx(seed={self.seed}, domain={self.domain!r})"

    # --- time ------------------------------------------------------------------------------

    def now(self) -> float:
        return self.clock()

    def _now_ms(self) -> int:
        return int(self.clock() * 1000)

    def _tick(self) -> None:
        now = self.clock()
        self._ticking = True  # a timer calling public methods must not fire later timers
        try:
            while self._timers and self._timers[0][0] <= now:
                at, _, action = heapq.heappop(self._timers)
                # a PbxError means the call moved on first (the user hung up, say)
                with contextlib.suppress(PbxError):
                    action(at)
        finally:
            self._ticking = False

    @_locked
    def tick(self) -> None:
        """Fire the timers that are due (every public method does this first)."""

    def advance(self, seconds: float) -> None:
        """Move a :class:`ManualClock` forward, firing each timer at its own moment."""
        if not isinstance(self.clock, ManualClock):
            raise TypeError("advance() needs the PBX to run on a ManualClock")
        clock = self.clock
        with self._lock:
            target = clock() + seconds
            while self._timers and self._timers[0][0] <= target:
                clock.advance(max(0.0, self._timers[0][0] - clock()))
                self._tick()
            clock.advance(max(0.0, target - clock()))
            self._tick()

    def schedule(self, at: float, action: Callable[[float], None]) -> None:
        """Run ``action(at)`` once the clock reaches ``at`` (a PbxError it raises is ignored)."""
        with self._lock:
            heapq.heappush(self._timers, (at, next(self._seq), action))

    def pending_timers(self) -> int:
        with self._lock:
            return len(self._timers)

    # --- sessions --------------------------------------------------------------------------

    @_locked
    def authorize(self, domain: object, api_key: object) -> str:
        """Check the domain and key; return a new JSESSIONID."""
        if not isinstance(domain, str) or not isinstance(api_key, str) or not domain or not api_key:
            raise BadRequestError("domain and apiKey are required")
        domain_ok = domain.strip().lower() == self.domain
        key_ok = hmac.compare_digest(api_key.encode(), self._api_key.encode())
        if not (domain_ok and key_ok):
            raise UnauthorizedError("Wrong domain or API key")
        if len(self._sessions) >= _MAX_SESSIONS:
            oldest = min(self._sessions, key=self._sessions.__getitem__)
            del self._sessions[oldest]
        session = secrets.token_hex(16).upper()
        self._sessions[session] = self.clock()
        return session

    @_locked
    def check_session(self, session: str | None) -> None:
        """Raise ForbiddenError unless ``session`` is live; refresh its idle timer."""
        now = self.clock()
        seen = self._sessions.get(session) if session else None
        if session is None or seen is None:
            raise ForbiddenError("Forbidden")
        if now - seen > self.session_ttl:
            del self._sessions[session]
            raise ForbiddenError("Forbidden")
        self._sessions[session] = now

    @_locked
    def expire_sessions(self) -> int:
        """End every session at once (the next request gets 403); return how many there were."""
        count = len(self._sessions)
        self._sessions.clear()
        return count

    # --- live calls ------------------------------------------------------------------------

    def _new_uuid(self) -> str:
        while True:
            uuid = f"{self._ids.getrandbits(128):032x}"
            if uuid not in self._calls:
                return uuid

    def _user(self, ext: object, what: str = "ext") -> Entity:
        if not isinstance(ext, str) or not ext.strip():
            raise BadRequestError(f"{what} is required")
        user = self.world.user(ext.strip())
        if user is None:
            raise NotFoundError(f"No user with extension {ext.strip()}")
        return user

    def _trunk(self, number: object) -> Trunk:
        if number is None:
            return self.world.trunks[0]
        if not isinstance(number, str):
            raise BadRequestError("trunk must be a string")
        key = phones.match_key(number)
        for trunk in self.world.trunks:
            if phones.match_key(trunk.number) == key:
                return trunk
        return Trunk(number.strip(), number.strip())

    def _contact_for(self, number: str) -> Contact | None:
        key = phones.match_key(number)
        if not key:
            return None
        return next(
            (
                c
                for c in sorted(self.world.contacts.values(), key=lambda c: c.id)
                if any(phones.match_key(p) == key for p in c.phones())
            ),
            None,
        )

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
        contact = self._contact_for(number)
        if contact is not None:
            call.contact_id = contact.id
            call.contact_name = contact.display_name()
            call.contact_company = contact.company()

    def _start(
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
            call = LiveCall(self._new_uuid(), INCOMING, self._user(ext or self.operator_ext), at)
            self._external(call, number)
            call.trunk = self._trunk(trunk)
            call.origin = origin
            if group is not None:
                if not isinstance(group, str) or self.world.group(group.strip()) is None:
                    raise NotFoundError(f"No group with extension {group}")
                call.leg = self.world.group(group.strip())  # type: ignore[assignment]
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
            call = LiveCall(self._new_uuid(), OUTGOING, self._user(ext or self.operator_ext), at)
            self._external(call, number)
            call.trunk = self._trunk(trunk)
        elif direction == "internal":
            caller = self._user(ext or self.operator_ext)
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

    def _find(self, uuid: str) -> LiveCall:
        key = plain_uuid(uuid)
        call = self._calls.get(key) if key else None
        if call is None:
            raise NotFoundError(f"Call {uuid.strip()[:64]} not found")
        return call

    def _answer(self, uuid: str, ext: object, at: float) -> str:
        call = self._find(uuid)
        if call.is_parent:
            if ext is not None:
                member = self._user(ext)
                pick = [c for c in call.children if self._calls[c].leg.ext == member.ext]
                if not pick:
                    raise BadRequestError(f"{member.ext} is not ringing on this call")
            else:
                pick = [
                    c for c in call.children if self._calls[c].leg.ext == self.operator_ext
                ] or call.children
            if not pick:
                raise ConflictError("Nobody is ringing on this call")
            return self._answer(pick[0], None, at)
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

    def _drop_leg(self, leg: LiveCall, disposition: int, at: float) -> None:
        """End one member's leg of a ring-group call (the others go on)."""
        self._calls.pop(leg.uuid, None)
        if leg.parent_uuid and leg.parent_uuid in self._calls:
            parent = self._calls[leg.parent_uuid]
            if leg.uuid in parent.children:
                parent.children.remove(leg.uuid)
        self._event("call.hangup", leg, at)
        self._record(leg, disposition, at, in_company=False, in_users=True)

    def _end(self, uuid: str, disposition: object, at: float) -> str:
        call = self._find(uuid)
        if call.parent_uuid is not None and call.parent_uuid in self._calls:
            call = self._calls[call.parent_uuid]
        if disposition is None:
            code = ANSWERED if call.bridge_at is not None else NO_ANSWER
        else:
            code = _as_int(disposition, "disposition")
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

    def _hangup(self, uuid: str, at: float) -> None:
        call = self._find(uuid)
        if call.parent_uuid is not None and call.bridge_at is None:
            parent = self._calls.get(call.parent_uuid)
            self._drop_leg(call, NO_ANSWER, at)  # this member declines; the others still ring
            if parent is not None and not parent.children:
                self._end(parent.uuid, NO_ANSWER, at)
            return
        self._end(call.uuid, None, at)

    def _transfer(self, uuid: str, to_ext: object, at: float) -> str:
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

    def _record(
        self, call: LiveCall, disposition: int, at: float, in_company: bool, in_users: bool
    ) -> None:
        answered = disposition == ANSWERED and call.bridge_at is not None
        transfers: tuple[str, ...] = ()
        if answered and (call.direction != INTERNAL or len(call.transfers) > 1):
            transfers = tuple(call.transfers)
        self.world.history.append(
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
        if len(self.world.history) > _MAX_HISTORY:
            del self.world.history[: len(self.world.history) - _MAX_HISTORY]

    # public call API (REST side)

    @_locked
    def make_call(self, leg_ext: object, number: object) -> str:
        """``POST /rest/user/makeCall``: ring the user's phone first, then the number.

        The call is answered ``answer_delay`` seconds later and, unless someone hangs up, ends
        after ``talk_time`` seconds. A number equal to a user's extension makes an internal call.
        """
        if not isinstance(leg_ext, str) or not leg_ext.strip():
            raise BadRequestError("legExt is required")
        if self.world.user(leg_ext.strip()) is None:
            raise BadRequestError(f"Unknown legExt: {leg_ext.strip()[:20]}")
        if not isinstance(number, str) or not number.strip():
            raise BadRequestError("otherLegNum is required")
        now = self.clock()
        if self.world.user(number.strip()) is not None:
            uuid = self._start("internal", now, ext=leg_ext, to_ext=number.strip(), origin="api")
        else:
            if not phones.looks_dialable(number):
                raise BadRequestError(f"Invalid otherLegNum: {number.strip()[:40]}")
            uuid = self._start("outgoing", now, number=number, ext=leg_ext, origin="api")
        answer_at = now + self.answer_delay

        def answer(at: float) -> None:
            self._answer(uuid, None, at)

        def end(at: float) -> None:
            self._end(uuid, None, at)

        self.schedule(answer_at, answer)
        if self.talk_time is not None:
            self.schedule(answer_at + self.talk_time, end)
        return uuid

    @_locked
    def active_calls(self) -> list[dict[str, Json]]:
        """``GET /rest/calls/active/v3``: the calls in progress (ring-group parents hidden)."""
        calls = sorted(
            (c for c in self._calls.values() if not c.is_parent),
            key=lambda c: (c.dial_at, c.uuid),
        )
        return [self._active_wire(c) for c in calls]

    @_locked
    def hangup(self, uuid: str) -> None:
        """``GET /rest/calls/active/{uuid}/hangup``.

        A ringing member leg of a ring-group call is declined alone (the others keep ringing);
        anything else ends the whole call.
        """
        self._hangup(uuid, self.clock())

    # control API (the /_control routes and tests)

    @_locked
    def start_call(
        self,
        direction: str,
        *,
        number: str | None = None,
        ext: str | None = None,
        to_ext: str | None = None,
        trunk: str | None = None,
        group: str | None = None,
        origin: str = "control",
        at: float | None = None,
    ) -> str:
        """Start a call that rings now (or at ``at``); returns its uuid (a ring group's parent).

        ``incoming``: from ``number`` to ``ext`` (default the operator) or to the ring group
        ``group``, on ``trunk``; ``outgoing``: from ``ext`` to ``number``; ``internal``: from
        ``ext`` to ``to_ext``. Nothing happens by itself afterwards: answer and end it.
        """
        return self._start(
            direction,
            self.clock() if at is None else at,
            number=number,
            ext=ext,
            to_ext=to_ext,
            trunk=trunk,
            group=group,
            origin=origin,
        )

    @_locked
    def answer_call(self, uuid: str, ext: str | None = None, *, at: float | None = None) -> str:
        """Answer a ringing call (for a ring group, by member ``ext`` or the operator/first).

        Returns the uuid of the leg that answered; the group's other legs end.
        """
        return self._answer(uuid, ext, self.clock() if at is None else at)

    @_locked
    def end_call(
        self, uuid: str, disposition: int | None = None, *, at: float | None = None
    ) -> str:
        """End the whole call (any leg's uuid will do); unanswered ends as ``disposition`` (1)."""
        return self._end(uuid, disposition, self.clock() if at is None else at)

    @_locked
    def transfer_call(self, uuid: str, to_ext: str, *, at: float | None = None) -> str:
        """Hand an answered call to the user ``to_ext``."""
        return self._transfer(uuid, to_ext, self.clock() if at is None else at)

    @_locked
    def live_call(self, uuid: str) -> dict[str, Json] | None:
        """A summary of a call in progress, or None when it is not (or no longer) live."""
        key = plain_uuid(uuid)
        call = self._calls.get(key) if key else None
        return None if call is None else self._call_summary(call)

    @_locked
    def busy(self, ext: str) -> bool:
        """True while the user ``ext`` has a call ringing or in progress."""
        return any(
            ext in (c.leg.ext, c.leg2.ext if c.leg2 else None)
            for c in self._calls.values()
            if not c.is_parent
        )

    @_locked
    def events(self) -> list[dict[str, Json]]:
        """The call events so far (dial, bridge, transfer and hangup), oldest first."""
        return list(self._events)

    # --- history ---------------------------------------------------------------------------

    @staticmethod
    def _window(time_from: int, time_to: int) -> tuple[int, int]:
        if time_from < 0 or time_to < 0:
            raise BadRequestError("timeFrom and timeTo must not be negative")
        if time_from > time_to:
            raise BadRequestError("timeFrom is after timeTo")
        return time_from, time_to

    @staticmethod
    def _page(
        records: Iterable[CallRecord], limit: int | None, offset: int | None
    ) -> list[CallRecord]:
        limit = HISTORY_PAGE_MAX if limit is None else limit
        offset = 0 if offset is None else offset
        if limit < 0 or offset < 0:
            raise BadRequestError("limit and offset must not be negative")
        ordered = sorted(records, key=lambda r: (r.end_at, r.uuid), reverse=True)
        return ordered[offset : offset + min(limit, HISTORY_PAGE_MAX)]

    def _in_window(self, records: Iterable[CallRecord], lo: int, hi: int) -> list[CallRecord]:
        return [r for r in records if lo <= int(r.end_at * 1000) <= hi]

    @_locked
    def company_history(
        self,
        time_from: int,
        time_to: int,
        directions: int | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        base_url: str = "",
    ) -> list[dict[str, Json]]:
        """``company.api``: calls to and from the company, newest first.

        A ring-group call appears as the group's record plus the answering member's leg.
        """
        mask = CALL_DIRECTIONS if directions is None else directions
        if mask & ~CALL_DIRECTIONS or not mask:
            raise BadRequestError("directions may combine 1, 2 and 4 only")
        lo, hi = self._window(time_from, time_to)
        picked = [
            r
            for r in self._in_window(self.world.history, lo, hi)
            if r.in_company and r.direction & mask
        ]
        return [self._history_wire(r, base_url) for r in self._page(picked, limit, offset)]

    def _missed_records(self) -> list[CallRecord]:
        reached: dict[str, float] = {}
        for r in self.world.history:
            if r.answered and r.other_num and r.direction in (INCOMING, OUTGOING):
                key = phones.match_key(r.other_num)
                reached[key] = max(reached.get(key, 0.0), r.end_at)
        return [
            r
            for r in self.world.history
            if r.direction == INCOMING
            and r.in_company
            and r.parent_uuid is None
            and not r.answered
            and r.other_num
            and reached.get(phones.match_key(r.other_num), 0.0) <= r.end_at
        ]

    @_locked
    def missed_history(
        self,
        time_from: int,
        time_to: int,
        limit: int | None = None,
        offset: int | None = None,
        *,
        base_url: str = "",
    ) -> list[dict[str, Json]]:
        """``missed.api``: unanswered incoming calls whose number nobody has reached since.

        A later answered call with the same number, in either direction, clears every earlier
        miss from it.
        """
        lo, hi = self._window(time_from, time_to)
        picked = self._in_window(self._missed_records(), lo, hi)
        return [self._history_wire(r, base_url) for r in self._page(picked, limit, offset)]

    @_locked
    def users_history(
        self,
        time_from: int,
        time_to: int,
        directions: int | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        base_url: str = "",
    ) -> list[dict[str, Json]]:
        """``users.api``: every employee's legs, incl. ring-group legs answered elsewhere.

        Pause records (32/64) only when ``directions`` asks for them.
        """
        mask = CALL_DIRECTIONS if directions is None else directions
        if mask & ~USER_DIRECTIONS or not mask:
            raise BadRequestError("directions may combine 1, 2, 4, 32 and 64 only")
        lo, hi = self._window(time_from, time_to)
        picked = [
            r
            for r in self._in_window(self.world.history, lo, hi)
            if r.in_users and r.direction & mask
        ]
        return [self._history_wire(r, base_url) for r in self._page(picked, limit, offset)]

    @_locked
    def history_records(self) -> list[CallRecord]:
        """All finished-call records, oldest first (a copy of the list, for tests)."""
        return list(self.world.history)

    @_locked
    def recording(self, uuid: str) -> bytes:
        """The WAV recording of a finished call; NotFoundError when there is none."""
        key = plain_uuid(uuid)
        if key is None:
            raise NotFoundError("No such recording")
        for r in reversed(self.world.history):
            if r.uuid == key and r.recording:
                seconds = min(5.0, max(2.0, float(r.bill_secs or 0)))
                return recording_wav(key, seconds)
        raise NotFoundError("No such recording")

    # --- users -----------------------------------------------------------------------------

    @_locked
    def users(self) -> list[dict[str, Json]]:
        """``GET /rest/users``."""
        return [
            {"id": u.id, "displayName": u.name, "ext": u.ext, "email": u.email}
            for u in self.world.users
        ]

    # --- CRM teler: contacts -----------------------------------------------------------------

    @_locked
    def contact_numbers(self) -> list[str]:
        """The first phone number of every contact, by contact id (for scripted traffic)."""
        contacts = sorted(self.world.contacts.values(), key=lambda c: c.id)
        return [c.phones()[0] for c in contacts if c.phones()]

    def _contact(self, contact_id: int) -> Contact:
        contact = self.world.contacts.get(contact_id)
        if contact is None:
            raise NotFoundError(f"Contact {contact_id} not found")
        return contact

    @_locked
    def get_contact(self, contact_id: int) -> dict[str, Json]:
        return self._contact_wire(self._contact(contact_id), (), full=True)

    @staticmethod
    def _slice(items: Sequence[Contact], offset: int | None, limit: int | None) -> list[Contact]:
        offset = 0 if offset is None else offset
        limit = CONTACTS_PAGE_DEFAULT if limit is None else limit
        if offset < 0 or limit < 0:
            raise BadRequestError("offset and limit must not be negative")
        return list(items[offset : offset + min(limit, CONTACTS_PAGE_MAX)])

    @_locked
    def list_contacts(
        self,
        *,
        search_text: str | None = None,
        search_note_text: str | None = None,
        fields: Sequence[str] = (),
        filter_by: int | None = None,
        date_from: int | None = None,
        date_to: int | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Json]]:
        """``GET /crm/contacts/v2/``, ordered by id.

        ``search_text``: every word must occur (case-insensitively) in a name, the company or a
        field value; digits also match phone numbers in any form. ``search_note_text``: a note
        contains it. ``filter_by`` 1 filters ``lastModified`` (the default when only ``from``/
        ``to`` are given), 0 ``dateCreate``. ``fields``: return only these fields.
        """
        if filter_by not in (None, 0, 1):
            raise BadRequestError("filterBy must be 0 or 1")
        picked = sorted(self.world.contacts.values(), key=lambda c: c.id)
        if search_text and search_text.strip():
            picked = [c for c in picked if self._matches(c, search_text)]
        if search_note_text and search_note_text.strip():
            needle = search_note_text.strip().casefold()
            with_note = {
                n.contact_id
                for n in self.world.notes.values()
                if needle in (n.content or "").casefold()
            }
            picked = [c for c in picked if c.id in with_note]
        if date_from is not None or date_to is not None:
            lo = date_from if date_from is not None else 0
            hi = date_to if date_to is not None else 2**63
            attr = "date_create" if filter_by == 0 else "last_modified"
            picked = [c for c in picked if lo <= getattr(c, attr) <= hi]
        return [self._contact_wire(c, fields) for c in self._slice(picked, offset, limit)]

    @staticmethod
    def _matches(contact: Contact, text: str) -> bool:
        texts = [t.casefold() for t in contact.search_texts()]
        phone_digits = [phones.digits(p) for p in contact.phones()]
        for word in text.casefold().split():
            word_digits = phones.digits(word)
            if any(word in t for t in texts):
                continue
            if len(word_digits) >= 3 and word_digits == word.lstrip("+"):
                key = phones.match_key(word_digits)
                if any(key in d or word_digits in d for d in phone_digits):
                    continue
            return False
        return True

    @_locked
    def contacts_by_number(
        self, number: str | None, offset: int | None = None, limit: int | None = None
    ) -> list[dict[str, Json]]:
        """``searchByOLNum``: contacts with a phone equal to ``number`` in any written form."""
        if number is None or not phones.digits(number):
            raise BadRequestError("otherLegNum is required")
        key = phones.match_key(number)
        picked = [
            c
            for c in sorted(self.world.contacts.values(), key=lambda c: c.id)
            if any(phones.match_key(p) == key for p in c.phones())
        ]
        return [self._contact_wire(c, ()) for c in self._slice(picked, offset, limit)]

    def _parse_fields(
        self, raw: object, existing: Contact | None, now_ms: int
    ) -> list[ContactField]:
        if not isinstance(raw, list):
            raise BadRequestError("fields must be a list")
        old_fields = {f.id: f for f in existing.fields} if existing else {}
        old_values = {v.id: v for f in (existing.fields if existing else []) for v in f.values}
        out: list[ContactField] = []
        for item in raw:
            if not isinstance(item, dict):
                raise BadRequestError("a field must be an object")
            code = item.get("enumCode")
            values = item.get("values")
            if not isinstance(code, str) or not code.strip() or not isinstance(values, list):
                raise BadRequestError("a field needs enumCode and values")
            fid = item.get("id")
            field_id = fid if isinstance(fid, int) and fid in old_fields else self.world.ids.field()
            parsed: list[FieldValue] = []
            for value in values:
                if not isinstance(value, dict):
                    raise BadRequestError("a field value must be an object")
                text = value.get("value")
                if isinstance(text, int | float) and not isinstance(text, bool):
                    text = str(text)
                if not isinstance(text, str):
                    raise BadRequestError("a field value needs a value")
                sub = value.get("enumValueCode")
                sub = sub if isinstance(sub, str) and sub else code
                vid = value.get("id")
                old = old_values.get(vid) if isinstance(vid, int) else None
                if old is not None and old.value == text and old.enum_value_code == sub:
                    parsed.append(old)
                else:
                    value_id = old.id if old is not None else self.world.ids.value()
                    parsed.append(FieldValue(value_id, sub, text, now_ms))
            out.append(ContactField(field_id, code, parsed))
        return out

    @_locked
    def update_contact(self, body: object) -> None:
        """``POST /crm/contacts/v2/``: replace the given parts of the contact ``body["id"]``."""
        if not isinstance(body, dict):
            raise BadRequestError("A contact object is required")
        if body.get("id") in (None, "", 0):
            raise BadRequestError("id is not set")
        contact = self._contact(_as_int(body["id"], "id"))
        now_ms = self._now_ms()
        fields = self._parse_fields(body["fields"], contact, now_ms) if "fields" in body else None
        names = {
            key: _optional_str(body[key], key)
            for key in ("firstName", "lastName", "companyTitle")
            if key in body
        }
        owner = (
            _optional_int(body["responsibleUserId"], "responsibleUserId")
            if ("responsibleUserId" in body)
            else contact.responsible_user_id
        )
        contact.first_name = names.get("firstName", contact.first_name)
        contact.last_name = names.get("lastName", contact.last_name)
        contact.company_title = names.get("companyTitle", contact.company_title)
        contact.responsible_user_id = owner
        if fields is not None:
            contact.fields = fields
        contact.last_modified = now_ms

    @_locked
    def delete_contact(self, contact_id: int) -> None:
        """``DELETE /crm/contacts/v2/{id}`` (its notes go too)."""
        self._contact(contact_id)
        del self.world.contacts[contact_id]
        for note_id in [n.id for n in self.world.notes.values() if n.contact_id == contact_id]:
            del self.world.notes[note_id]

    def _new_contact(self, body: dict[str, Any], now_ms: int) -> Contact:
        fields = self._parse_fields(body.get("fields") or [], None, now_ms)
        operator = self.world.user(self.operator_ext)
        owner = _optional_int(body.get("responsibleUserId"), "responsibleUserId")
        contact = Contact(
            id=self.world.ids.contact(),
            first_name=_optional_str(body.get("firstName"), "firstName"),
            last_name=_optional_str(body.get("lastName"), "lastName"),
            company_title=_optional_str(body.get("companyTitle"), "companyTitle"),
            last_modified=now_ms,
            responsible_user_id=owner or (operator.id if operator else None),
            date_create=now_ms,
            create_user_id=operator.id if operator else None,
            fields=fields,
        )
        if not (contact.display_name() or contact.phones()):
            raise BadRequestError("A contact needs a name, a company or a phone")
        return contact

    def _merge_into(self, contact: Contact, incoming: Contact, now_ms: int) -> None:
        for attr in ("first_name", "last_name", "company_title"):
            if getattr(incoming, attr):
                setattr(contact, attr, getattr(incoming, attr))
        for new_field in incoming.fields:
            old = next((f for f in contact.fields if f.enum_code == new_field.enum_code), None)
            if old is None:
                contact.fields.append(new_field)
            elif new_field.enum_code in (PHONE, EMAIL):
                norm = phones.match_key if new_field.enum_code == PHONE else str.casefold
                have = {norm(v.value) for v in old.values}
                old.values.extend(v for v in new_field.values if norm(v.value) not in have)
            else:
                old.values = new_field.values
        contact.last_modified = now_ms

    @_locked
    def batch_contacts(self, body: object) -> tuple[int, int]:
        """``POST /crm/contacts/v2/batch``; returns (succeeded, failed).

        ``merge`` 1: a contact whose ``id`` exists, or that shares a phone number with an
        existing contact, is merged into it (names and single-valued fields replaced, new
        phones and e-mails added); the rest are created. ``merge`` 0 (the default): every
        contact is created anew, whatever its ``id``. An invalid contact counts as failed.
        """
        if not isinstance(body, dict):
            raise BadRequestError("A batch object is required")
        contacts = body.get("contacts")
        if not isinstance(contacts, list):
            raise BadRequestError("contacts must be a list")
        merge_raw = body.get("merge", 0)
        if merge_raw not in (0, 1, True, False, "0", "1"):
            raise BadRequestError("merge must be 1 or 0")
        merge = merge_raw in (1, True, "1")
        now_ms = self._now_ms()
        succeeded = failed = 0
        for item in contacts:
            if not isinstance(item, dict):
                failed += 1
                continue
            try:
                incoming = self._new_contact(item, now_ms)
            except PbxError:
                failed += 1
                continue
            target: Contact | None = None
            if merge:
                raw_id = item.get("id")
                if isinstance(raw_id, int) and not isinstance(raw_id, bool):
                    target = self.world.contacts.get(raw_id)
                if target is None:
                    keys = {phones.match_key(p) for p in incoming.phones()}
                    target = next(
                        (
                            c
                            for c in sorted(self.world.contacts.values(), key=lambda c: c.id)
                            if keys & {phones.match_key(p) for p in c.phones()}
                        ),
                        None,
                    )
            if target is not None:
                self._merge_into(target, incoming, now_ms)
            else:
                self.world.contacts[incoming.id] = incoming
            succeeded += 1
        return succeeded, failed

    # --- CRM teler: notes --------------------------------------------------------------------

    @_locked
    def list_notes(self, contact_id: int) -> list[dict[str, Json]]:
        self._contact(contact_id)
        notes = sorted(
            (n for n in self.world.notes.values() if n.contact_id == contact_id),
            key=lambda n: (n.date_create, n.id),
        )
        return [self._note_wire(n) for n in notes]

    @_locked
    def create_note(self, contact_id: int, body: object) -> dict[str, Json]:
        """Save a new note; returns it with its ``id`` (and times) filled in."""
        if not isinstance(body, dict):
            raise BadRequestError("A note object is required")
        content = body.get("content")
        if not isinstance(content, str) or not content.strip():
            raise BadRequestError("content is required")
        self._contact(contact_id)
        operator = self.world.user(self.operator_ext)
        owner = _optional_int(body.get("responsibleUserId"), "responsibleUserId")
        note_type = _optional_int(body.get("noteType"), "noteType")
        now_ms = self._now_ms()
        note = Note(
            self.world.ids.note(),
            contact_id,
            content,
            now_ms,
            now_ms,
            owner or (operator.id if operator else None),
            note_type=note_type or 1,
        )
        self.world.notes[note.id] = note
        return self._note_wire(note)

    def _note(self, contact_id: int, note_id: int) -> Note:
        self._contact(contact_id)
        note = self.world.notes.get(note_id)
        if note is None or note.contact_id != contact_id:
            raise NotFoundError(f"Note {note_id} not found")
        return note

    @_locked
    def update_note(self, contact_id: int, body: object) -> None:
        """``PUT /crm/contacts/v2/{id}/notes``: the note is the one with the body's ``id``."""
        if not isinstance(body, dict) or body.get("id") in (None, "", 0):
            raise BadRequestError("The note id is not set")
        note = self._note(contact_id, _as_int(body["id"], "id"))
        if "content" in body:
            content = body["content"]
            if not isinstance(content, str):
                raise BadRequestError("content must be a string")
            note.content = content
        if "noteType" in body and body["noteType"] is not None:
            note.note_type = _as_int(body["noteType"], "noteType")
        note.last_modified = self._now_ms()

    @_locked
    def delete_note(self, contact_id: int, note_id: int) -> None:
        self._note(contact_id, note_id)
        del self.world.notes[note_id]

    # --- faults and the request log ----------------------------------------------------------

    @_locked
    def add_fault(
        self, kind: str, path: str | None = None, count: int = 1, seconds: float = 5.0
    ) -> Fault:
        """Make the next ``count`` requests under ``path`` (all when None) fail as ``kind``.

        ``500``: an HTTP 500; ``stall``: answer only after ``seconds``; ``invalid_json``: a
        200 whose JSON body is cut off; ``drop``: close the connection without a response.
        """
        if kind not in FAULT_KINDS:
            raise BadRequestError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        if path is not None and (not isinstance(path, str) or not path.startswith("/")):
            raise BadRequestError("path must start with /")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise BadRequestError("count must be a positive number")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise BadRequestError("seconds must not be negative")
        fault = Fault(kind, path, count, float(seconds))
        self._faults.append(fault)
        return fault

    @_locked
    def clear_faults(self) -> int:
        count = len(self._faults)
        self._faults.clear()
        return count

    @_locked
    def faults(self) -> list[Fault]:
        return [Fault(f.kind, f.path, f.count, f.seconds) for f in self._faults]

    @_locked
    def take_fault(self, path: str) -> Fault | None:
        """The fault the request to ``path`` must suffer, if any (its count goes down)."""
        for fault in self._faults:
            if fault.path is None or path.startswith(fault.path):
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return Fault(fault.kind, fault.path, fault.count, fault.seconds)
        return None

    @_locked
    def log_request(self, entry: dict[str, Json]) -> None:
        """Remember a request; keys named like an API key (and the key itself) are redacted.

        The key is searched for inside values only when it is long enough not to be an
        ordinary word (the demo key ``demo`` is part of the demo domain).
        """
        clean = redact(entry, self._api_key if len(self._api_key) >= 8 else None)
        clean.setdefault("at", self._now_ms())
        self._log.append(clean)

    @_locked
    def request_log(self) -> list[dict[str, Json]]:
        return list(self._log)

    @_locked
    def clear_request_log(self) -> None:
        self._log.clear()

    @_locked
    def state(self) -> dict[str, Json]:
        """Counts and the live calls, for the control API and for tests."""
        return {
            "now": self._now_ms(),
            "sessions": len(self._sessions),
            "activeCalls": sum(1 for c in self._calls.values() if not c.is_parent),
            "calls": [
                self._call_summary(c) for c in sorted(self._calls.values(), key=lambda c: c.dial_at)
            ],
            "historyRecords": len(self.world.history),
            "missed": len(self._missed_records()),
            "contacts": len(self.world.contacts),
            "notes": len(self.world.notes),
            "faults": [f.to_json() for f in self._faults],
            "pendingTimers": len(self._timers),
            "loggedRequests": len(self._log),
        }

    # --- wire formats ------------------------------------------------------------------------

    def _call_summary(self, call: LiveCall) -> dict[str, Json]:
        return {
            "uuid": call.uuid,
            "parentUuid": call.parent_uuid,
            "state": call.state,
            "direction": call.direction,
            "ext": call.leg.ext,
            "ext2": call.leg2.ext if call.leg2 else None,
            "number": call.number,
            "children": list(call.children),
            "transfers": list(call.transfers),
            "origin": call.origin,
        }

    def _contact_url(self, contact_id: int | None, number: str | None) -> str:
        base = f"https://{self.domain}/features/crm/contacts/edit.jsp#/"
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
        trunk = call.trunk or self.world.trunks[0]  # the spec's internal example has one too
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

    @staticmethod
    def _entity_wire(entity: Entity | None) -> dict[str, Json] | None:
        if entity is None:
            return None
        return {"id": entity.id, "type": entity.type, "displayName": entity.name, "ext": entity.ext}

    def _history_wire(self, rec: CallRecord, base_url: str) -> dict[str, Json]:
        out: dict[str, Json] = {}
        if rec.parent_uuid:
            out["parentUuid"] = dashed(rec.parent_uuid)
        out["uuid"] = dashed(rec.uuid)
        out["endAt"] = int(rec.end_at * 1000)
        out["lgDirection"] = rec.direction
        out["otherLegNum"] = rec.other_num
        out["otherLegName"] = rec.other_name
        out["leg"] = self._entity_wire(rec.leg)
        out["leg2"] = self._entity_wire(rec.leg2)
        if not rec.omit_times and rec.direction not in (PAUSE_ON, PAUSE_OFF):
            out["billSecs"] = rec.bill_secs
            out["duration"] = rec.duration
        out["disposition"] = rec.disposition
        history: str | None = None
        if len(rec.transfers) == 1:
            history = rec.transfers[0]
        elif rec.transfers:
            history = rec.transfer_sep.join(rec.transfers)
        out["transferHistory"] = history
        out["audioRecUrl"] = (
            f"{base_url.rstrip('/')}/rest/public/calls/{dashed(rec.uuid)}/audio"
            if rec.recording
            else None
        )
        out["trunk"] = "".join(f"o={phones.digits(t)};" for t in rec.trunks) or None
        return out

    @staticmethod
    def _contact_wire(
        contact: Contact, only_fields: Sequence[str], *, full: bool = False
    ) -> dict[str, Json]:
        out: dict[str, Json] = {"id": contact.id}
        # the single-contact example has firstName/lastName; the list example leaves them out
        if full or contact.first_name is not None or contact.last_name is not None:
            out["firstName"] = contact.first_name
            out["lastName"] = contact.last_name
        out["companyTitle"] = contact.company_title
        out["lastModified"] = contact.last_modified
        out["responsibleUserId"] = contact.responsible_user_id
        out["dateCreate"] = contact.date_create
        out["createUserId"] = contact.create_user_id
        wanted = {f.casefold() for f in only_fields}
        out["fields"] = [
            {
                "id": f.id,
                "enumCode": f.enum_code,
                "values": [
                    {
                        "id": v.id,
                        "enumValueCode": v.enum_value_code,
                        "lastModified": v.last_modified,
                        "value": v.value,
                    }
                    for v in f.values
                ],
            }
            for f in contact.fields
            if not wanted or f.enum_code.casefold() in wanted
        ]
        return out

    @staticmethod
    def _note_wire(note: Note) -> dict[str, Json]:
        call = note.call
        return {
            "id": note.id,
            "elementId": note.contact_id,
            "elementType": note.element_type,
            "noteType": note.note_type,
            "dateCreate": note.date_create,
            "lastModified": note.last_modified,
            "content": note.content,
            "responsibleUserId": note.responsible_user_id,
            "otherLegNum": call.get("otherLegNum", ""),
            "otherLegName": call.get("otherLegName"),
            "status": call.get("status"),
            "errorMsg": call.get("errorMsg"),
            "uuid": call.get("uuid", ""),
            "end": call.get("end", 0),
            "legId": call.get("legId", 0),
            "logicDirection": call.get("logicDirection", 0),
            "billSec": call.get("billSec", 0),
            "recordLink": call.get("recordLink", ""),
            "trunk": call.get("trunk", ""),
            "tag": call.get("tag", ""),
        }


__all__ = [
    "DEMO_API_KEY",
    "DEMO_DOMAIN",
    "DEMO_OPERATOR_EXT",
    "BadRequestError",
    "ConflictError",
    "Fault",
    "ForbiddenError",
    "NotFoundError",
    "PbxError",
    "SimulatedPbx",
    "UnauthorizedError",
    "dashed",
    "plain_uuid",
    "redact",
]
