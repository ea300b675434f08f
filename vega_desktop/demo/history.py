"""Call history of the simulated PBX: the three history APIs, missed calls and recordings.

Records are :class:`~vega_desktop.demo.model.CallRecord`; the world seeds a week of them and
every call that ends adds its own. Each API picks its records, keeps those that ended inside
``timeFrom``..``timeTo`` (ms) and returns a page of them, newest first, in the history wire
format: times in milliseconds, dashed uuids, ``trunk`` as ``o=380…;``, ``otherLegName`` equal to
``otherLegNum`` for numbers not in the CRM, and no ``parentUuid`` when there is none.
"""

from __future__ import annotations

from collections.abc import Iterable

from vega_desktop.demo import phones
from vega_desktop.demo.audio import recording_wav
from vega_desktop.demo.errors import BadRequestError, NotFoundError
from vega_desktop.demo.model import (
    INCOMING,
    INTERNAL,
    OUTGOING,
    PAUSE_OFF,
    PAUSE_ON,
    CallRecord,
    Entity,
)
from vega_desktop.demo.wire import Json, dashed, plain_uuid, to_ms

CALL_DIRECTIONS = INTERNAL | OUTGOING | INCOMING
USER_DIRECTIONS = CALL_DIRECTIONS | PAUSE_ON | PAUSE_OFF
HISTORY_PAGE_MAX = 50

_MAX_HISTORY = 20000


class History:
    """The finished-call records (``records``, oldest first, kept to the last 20000)."""

    def __init__(self, records: list[CallRecord]) -> None:
        self._records = records

    def __len__(self) -> int:
        return len(self._records)

    def add(self, record: CallRecord) -> None:
        self._records.append(record)
        if len(self._records) > _MAX_HISTORY:
            del self._records[: len(self._records) - _MAX_HISTORY]

    def records(self) -> list[CallRecord]:
        return list(self._records)

    # --- what each API lists -----------------------------------------------------------------

    def company(self, directions: int | None) -> list[CallRecord]:
        """``company.api``: calls to and from the company in the ``directions`` (1|2|4)."""
        mask = CALL_DIRECTIONS if directions is None else directions
        if mask & ~CALL_DIRECTIONS or not mask:
            raise BadRequestError("directions may combine 1, 2 and 4 only")
        return [r for r in self._records if r.in_company and r.direction & mask]

    def users(self, directions: int | None) -> list[CallRecord]:
        """``users.api``: every employee's legs; pauses (32/64) only when asked for."""
        mask = CALL_DIRECTIONS if directions is None else directions
        if mask & ~USER_DIRECTIONS or not mask:
            raise BadRequestError("directions may combine 1, 2, 4, 32 and 64 only")
        return [r for r in self._records if r.in_users and r.direction & mask]

    def missed(self) -> list[CallRecord]:
        """``missed.api``: unanswered incoming calls whose number nobody has reached since."""
        reached: dict[str, float] = {}
        for r in self._records:
            if r.answered and r.other_num and r.direction in (INCOMING, OUTGOING):
                key = phones.match_key(r.other_num)
                reached[key] = max(reached.get(key, 0.0), r.end_at)
        return [
            r
            for r in self._records
            if r.direction == INCOMING
            and r.in_company
            and r.parent_uuid is None
            and not r.answered
            and r.other_num
            and reached.get(phones.match_key(r.other_num), 0.0) <= r.end_at
        ]

    def page(
        self,
        records: Iterable[CallRecord],
        time_from: int,
        time_to: int,
        limit: int | None,
        offset: int | None,
        base_url: str,
    ) -> list[dict[str, Json]]:
        """A page of the ``records`` that ended in ``time_from``..``time_to`` (ms), newest first."""
        if time_from < 0 or time_to < 0:
            raise BadRequestError("timeFrom and timeTo must not be negative")
        if time_from > time_to:
            raise BadRequestError("timeFrom is after timeTo")
        limit = HISTORY_PAGE_MAX if limit is None else limit
        offset = 0 if offset is None else offset
        if limit < 0 or offset < 0:
            raise BadRequestError("limit and offset must not be negative")
        inside = [r for r in records if time_from <= to_ms(r.end_at) <= time_to]
        ordered = sorted(inside, key=lambda r: (r.end_at, r.uuid), reverse=True)
        picked = ordered[offset : offset + min(limit, HISTORY_PAGE_MAX)]
        return [_record_wire(r, base_url) for r in picked]

    def recording(self, uuid: str) -> bytes:
        """The WAV recording of a finished call; NotFoundError when there is none."""
        key = plain_uuid(uuid)
        if key is None:
            raise NotFoundError("No such recording")
        for r in reversed(self._records):
            if r.uuid == key and r.recording:
                seconds = min(5.0, max(2.0, float(r.bill_secs or 0)))
                return recording_wav(key, seconds)
        raise NotFoundError("No such recording")


def _entity_wire(entity: Entity | None) -> dict[str, Json] | None:
    if entity is None:
        return None
    return {"id": entity.id, "type": entity.type, "displayName": entity.name, "ext": entity.ext}


def _record_wire(rec: CallRecord, base_url: str) -> dict[str, Json]:
    out: dict[str, Json] = {}
    if rec.parent_uuid:
        out["parentUuid"] = dashed(rec.parent_uuid)
    out["uuid"] = dashed(rec.uuid)
    out["endAt"] = to_ms(rec.end_at)
    out["lgDirection"] = rec.direction
    out["otherLegNum"] = rec.other_num
    out["otherLegName"] = rec.other_name
    out["leg"] = _entity_wire(rec.leg)
    out["leg2"] = _entity_wire(rec.leg2)
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
