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

The class is a facade over one part per job: :mod:`.sessions`, :mod:`.calls` (live calls and
ring groups), :mod:`.history` (the history APIs, missed calls), :mod:`.crm` (contacts, notes),
:mod:`.faults` (faults, the request log) and :mod:`.timers`. Wire formats follow the spec's
examples, inconsistencies included; each part describes its own.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from typing import Concatenate, ParamSpec, TypeVar

from vega_desktop.demo.calls import LiveCalls
from vega_desktop.demo.clock import Clock, ManualClock, system_clock
from vega_desktop.demo.crm import Crm
from vega_desktop.demo.errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PbxError,
    UnauthorizedError,
)
from vega_desktop.demo.faults import Fault, Faults, RequestLog, redact
from vega_desktop.demo.history import History
from vega_desktop.demo.model import CallRecord
from vega_desktop.demo.sessions import Sessions
from vega_desktop.demo.timers import Action, Timers
from vega_desktop.demo.wire import Json, dashed, plain_uuid, to_ms
from vega_desktop.demo.world import World, build_world

DEMO_DOMAIN = "demo.pbx.vega.ua"
DEMO_API_KEY = "demo"
DEMO_OPERATOR_EXT = "001"

P = ParamSpec("P")
R = TypeVar("R")


def _locked(
    method: Callable[Concatenate[SimulatedPbx, P], R],
) -> Callable[Concatenate[SimulatedPbx, P], R]:
    """Run a public method under the PBX lock, after firing the timers that are due."""

    @functools.wraps(method)
    def wrapper(self: SimulatedPbx, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            if not self._timers.firing:  # a timer calling public methods fires no later timers
                self._tick()
            return method(self, *args, **kwargs)

    return wrapper


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
        self.operator_ext = operator_ext
        self.session_ttl = session_ttl
        self.answer_delay = answer_delay
        self.talk_time = talk_time
        self._lock = threading.RLock()
        self.world: World = build_world(seed, self.clock())
        if self.world.user(operator_ext) is None:
            raise ValueError(f"no user with extension {operator_ext!r}")
        self._timers = Timers()
        self._sessions = Sessions(self.clock, self.domain, api_key)
        self._history = History(self.world.history)
        self._crm = Crm(self.world, self.clock, operator_ext)
        self._live = LiveCalls(
            self.world,
            self._timers,
            self._history,
            self._crm,
            seed=seed,
            operator_ext=operator_ext,
            domain=self.domain,
        )
        self._faults = Faults()
        self._log = RequestLog(self.clock, api_key)

    def __repr__(self) -> str:  # never shows the key
        return f"SimulatedPbx(seed={self.seed}, domain={self.domain!r})"

    # --- time ------------------------------------------------------------------------------

    def now(self) -> float:
        return self.clock()

    def _tick(self) -> None:
        self._timers.fire_due(self.clock())

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
            while (due := self._timers.next_at()) is not None and due <= target:
                clock.advance(max(0.0, due - clock()))
                self._tick()
            clock.advance(max(0.0, target - clock()))
            self._tick()

    def schedule(self, at: float, action: Action) -> None:
        """Run ``action(at)`` once the clock reaches ``at`` (a PbxError it raises is ignored)."""
        with self._lock:
            self._timers.schedule(at, action)

    def pending_timers(self) -> int:
        with self._lock:
            return len(self._timers)

    # --- sessions --------------------------------------------------------------------------

    @_locked
    def authorize(self, domain: object, api_key: object) -> str:
        """Check the domain and key; return a new JSESSIONID."""
        return self._sessions.authorize(domain, api_key)

    @_locked
    def check_session(self, session: str | None) -> None:
        """Raise ForbiddenError unless ``session`` is live; refresh its idle timer."""
        self._sessions.check(session, self.session_ttl)

    @_locked
    def expire_sessions(self) -> int:
        """End every session at once (the next request gets 403); return how many there were."""
        return self._sessions.expire_all()

    # --- live calls: the REST API ----------------------------------------------------------

    @_locked
    def make_call(self, leg_ext: object, number: object) -> str:
        """``POST /rest/user/makeCall``: ring the user's phone first, then the number.

        The call is answered ``answer_delay`` seconds later and, unless someone hangs up, ends
        after ``talk_time`` seconds. A number equal to a user's extension makes an internal call.
        """
        return self._live.make_call(
            leg_ext, number, self.clock(), self.answer_delay, self.talk_time
        )

    @_locked
    def active_calls(self) -> list[dict[str, Json]]:
        """``GET /rest/calls/active/v3``: the calls in progress (ring-group parents hidden)."""
        return self._live.active()

    @_locked
    def hangup(self, uuid: str) -> None:
        """``GET /rest/calls/active/{uuid}/hangup``.

        A ringing member leg of a ring-group call is declined alone (the others keep ringing);
        anything else ends the whole call.
        """
        self._live.hangup(uuid, self.clock())

    # --- live calls: the control API (the /_control routes and tests) ------------------------

    def _at(self, at: float | None) -> float:
        return self.clock() if at is None else at

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
        return self._live.start(
            direction,
            self._at(at),
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
        return self._live.answer(uuid, ext, self._at(at))

    @_locked
    def end_call(
        self, uuid: str, disposition: int | None = None, *, at: float | None = None
    ) -> str:
        """End the whole call (any leg's uuid will do); unanswered ends as ``disposition`` (1)."""
        return self._live.end(uuid, disposition, self._at(at))

    @_locked
    def transfer_call(self, uuid: str, to_ext: str, *, at: float | None = None) -> str:
        """Hand an answered call to the user ``to_ext``."""
        return self._live.transfer(uuid, to_ext, self._at(at))

    @_locked
    def live_call(self, uuid: str) -> dict[str, Json] | None:
        """A summary of a call in progress, or None when it is not (or no longer) live."""
        return self._live.summary(uuid)

    @_locked
    def busy(self, ext: str) -> bool:
        """True while the user ``ext`` has a call ringing or in progress."""
        return self._live.busy(ext)

    @_locked
    def events(self) -> list[dict[str, Json]]:
        """The call events so far (dial, bridge, transfer and hangup), oldest first."""
        return self._live.events()

    # --- history ---------------------------------------------------------------------------

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
        picked = self._history.company(directions)
        return self._history.page(picked, time_from, time_to, limit, offset, base_url)

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
        picked = self._history.missed()
        return self._history.page(picked, time_from, time_to, limit, offset, base_url)

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
        picked = self._history.users(directions)
        return self._history.page(picked, time_from, time_to, limit, offset, base_url)

    @_locked
    def history_records(self) -> list[CallRecord]:
        """All finished-call records, oldest first (a copy of the list, for tests)."""
        return self._history.records()

    @_locked
    def recording(self, uuid: str) -> bytes:
        """The WAV recording of a finished call; NotFoundError when there is none."""
        return self._history.recording(uuid)

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
        return self._crm.contact_numbers()

    @_locked
    def get_contact(self, contact_id: int) -> dict[str, Json]:
        return self._crm.get(contact_id)

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
        picked = self._crm.find(search_text, search_note_text, filter_by, date_from, date_to)
        return self._crm.page(picked, offset, limit, fields)

    @_locked
    def contacts_by_number(
        self, number: str | None, offset: int | None = None, limit: int | None = None
    ) -> list[dict[str, Json]]:
        """``searchByOLNum``: contacts with a phone equal to ``number`` in any written form."""
        return self._crm.page(self._crm.by_number(number), offset, limit)

    @_locked
    def update_contact(self, body: object) -> None:
        """``POST /crm/contacts/v2/``: replace the given parts of the contact ``body["id"]``."""
        self._crm.update(body)

    @_locked
    def delete_contact(self, contact_id: int) -> None:
        """``DELETE /crm/contacts/v2/{id}`` (its notes go too)."""
        self._crm.delete(contact_id)

    @_locked
    def batch_contacts(self, body: object) -> tuple[int, int]:
        """``POST /crm/contacts/v2/batch``; returns (succeeded, failed).

        ``merge`` 1: a contact whose ``id`` exists, or that shares a phone number with an
        existing contact, is merged into it (names and single-valued fields replaced, new
        phones and e-mails added); the rest are created. ``merge`` 0 (the default): every
        contact is created anew, whatever its ``id``. An invalid contact counts as failed.
        """
        return self._crm.batch(body)

    # --- CRM teler: notes --------------------------------------------------------------------

    @_locked
    def list_notes(self, contact_id: int) -> list[dict[str, Json]]:
        return self._crm.notes(contact_id)

    @_locked
    def create_note(self, contact_id: int, body: object) -> dict[str, Json]:
        """Save a new note; returns it with its ``id`` (and times) filled in."""
        return self._crm.create_note(contact_id, body)

    @_locked
    def update_note(self, contact_id: int, body: object) -> None:
        """``PUT /crm/contacts/v2/{id}/notes``: the note is the one with the body's ``id``."""
        self._crm.update_note(contact_id, body)

    @_locked
    def delete_note(self, contact_id: int, note_id: int) -> None:
        self._crm.delete_note(contact_id, note_id)

    # --- faults and the request log ----------------------------------------------------------

    @_locked
    def add_fault(
        self, kind: str, path: str | None = None, count: int = 1, seconds: float = 5.0
    ) -> Fault:
        """Make the next ``count`` requests under ``path`` (all when None) fail as ``kind``.

        ``500``: an HTTP 500; ``stall``: answer only after ``seconds``; ``invalid_json``: a
        200 whose JSON body is cut off; ``drop``: close the connection without a response.
        """
        return self._faults.add(kind, path, count, seconds)

    @_locked
    def clear_faults(self) -> int:
        return self._faults.clear()

    @_locked
    def faults(self) -> list[Fault]:
        return self._faults.copies()

    @_locked
    def take_fault(self, path: str) -> Fault | None:
        """The fault the request to ``path`` must suffer, if any (its count goes down)."""
        return self._faults.take(path)

    @_locked
    def log_request(self, entry: dict[str, Json]) -> None:
        """Remember a request; keys named like an API key (and the key itself) are redacted."""
        self._log.add(entry)

    @_locked
    def request_log(self) -> list[dict[str, Json]]:
        return self._log.entries()

    @_locked
    def clear_request_log(self) -> None:
        self._log.clear()

    @_locked
    def state(self) -> dict[str, Json]:
        """Counts and the live calls, for the control API and for tests."""
        return {
            "now": to_ms(self.clock()),
            "sessions": len(self._sessions),
            "activeCalls": self._live.active_count(),
            "calls": self._live.summaries(),
            "historyRecords": len(self._history),
            "missed": len(self._history.missed()),
            "contacts": len(self.world.contacts),
            "notes": len(self.world.notes),
            "faults": self._faults.to_json(),
            "pendingTimers": len(self._timers),
            "loggedRequests": len(self._log),
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
