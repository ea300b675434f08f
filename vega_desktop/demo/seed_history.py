"""The seeded call history of the simulated PBX: a week of the company's calls up to "now".

Working days are busy, weekends quiet; the last 30 calls are scripted (:meth:`stories`) so the
awkward cases are always there: missed calls from the same number again and again, some later
called back; transfers written ``003 > 001`` and ``005> 002``; ring-group calls with per-member
legs; calls abandoned in the IVR; failed calls tried on several trunks. The rest are drawn at
random, half of them from CRM contacts. Lunchtime pauses and two call notes complete it.
"""

from __future__ import annotations

from datetime import timedelta

from vega_desktop.demo import phones
from vega_desktop.demo.clock import kyiv_date, kyiv_to_utc
from vega_desktop.demo.company import IVR, SALES_GROUP, SUPPORT_GROUP, TRUNKS
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
    PAUSE_OFF,
    PAUSE_ON,
    USER,
    CallRecord,
    Contact,
    Entity,
    Note,
    Trunk,
)
from vega_desktop.demo.seed_people import PeopleBuilder


class HistoryBuilder(PeopleBuilder):
    """The people first (:class:`PeopleBuilder`), then a week of their calls."""

    def __init__(self, seed: int, now: float) -> None:
        super().__init__(seed, now)
        self.by_ext: dict[str, Entity] = {u.ext: u for u in self.users if u.ext}
        self.history: list[CallRecord] = []

    def uuid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def leg_for_number(self, nsn: str) -> tuple[str | None, Contact | None]:
        c = self.by_number.get(nsn)
        return (c.display_name() if c else None), c

    def add(self, rec: CallRecord) -> CallRecord:
        self.history.append(rec)
        return rec

    def external(
        self,
        direction: int,
        nsn: str,
        dial: float,
        *,
        leg: Entity,
        disposition: int,
        answered_by: str | None = None,
        transfer_to: str | None = None,
        transfer_sep: str = " > ",
        trunk: Trunk | None = None,
    ) -> CallRecord:
        """An incoming or outgoing call; for a group leg, also the members' legs."""
        rng = self.rng
        trunk = trunk or (TRUNKS[0] if rng.random() < 0.75 else TRUNKS[1])
        name, _ = self.leg_for_number(nsn)
        wire_num = phones.e164_ua(nsn)
        if direction == INCOMING and trunk is TRUNKS[1]:
            wire_num = phones.national_ua(nsn)  # the 0800 line reports national numbers
        answered = disposition == ANSWERED
        ring = rng.uniform(4, 18) if answered else rng.uniform(8, 35)
        bridge = dial + ring if answered else None
        end = (bridge + rng.uniform(15, 420)) if bridge is not None else dial + ring
        trunks: tuple[str, ...] = (trunk.number,)
        if direction == OUTGOING and disposition in (CONGESTION, FAILED):
            trunks = (trunk.number, *(t.number for t in TRUNKS if t is not trunk))
        transfers: tuple[str, ...] = ()
        final = answered_by
        if answered and answered_by:
            transfers = (answered_by,)
            if transfer_to:
                transfers = (answered_by, transfer_to)
                final = transfer_to
        uuid = self.uuid()
        recording = answered and rng.random() < 0.85
        rec = CallRecord(
            uuid=uuid,
            direction=direction,
            leg=leg if leg.type != USER or final is None else self.by_ext[final],
            end_at=end,
            dial_at=dial,
            bridge_at=bridge,
            other_num=wire_num,
            other_name=name or wire_num,
            disposition=disposition,
            transfers=transfers,
            transfer_sep=transfer_sep,
            recording=recording,
            trunks=trunks,
            in_users=leg.type == USER,
        )
        self.add(rec)
        if leg.type == GROUP:
            for ext in leg.members:
                took = answered and ext == answered_by
                self.add(
                    CallRecord(
                        uuid=self.uuid(),
                        direction=direction,
                        leg=self.by_ext[ext],
                        end_at=end if took else (bridge or end),
                        dial_at=dial,
                        bridge_at=bridge if took else None,
                        parent_uuid=uuid,
                        other_num=wire_num,
                        other_name=rec.other_name,
                        disposition=ANSWERED if took else NO_ANSWER,
                        transfers=transfers if took else (),
                        transfer_sep=transfer_sep,
                        recording=recording if took else False,
                        trunks=trunks,
                        in_company=took,
                        in_users=True,
                    )
                )
        return rec

    def internal(self, dial: float, caller: str, callee: Entity, disposition: int) -> CallRecord:
        rng = self.rng
        answered = disposition == ANSWERED
        ring = rng.uniform(2, 10) if answered else rng.uniform(8, 25)
        bridge = dial + ring if answered else None
        end = bridge + rng.uniform(10, 240) if bridge is not None else dial + ring
        return self.add(
            CallRecord(
                uuid=self.uuid(),
                direction=INTERNAL,
                leg=self.by_ext[caller],
                end_at=end,
                dial_at=dial,
                bridge_at=bridge,
                leg2=callee,
                disposition=disposition,
                recording=answered and rng.random() < 0.5,
                omit_times=not answered,
            )
        )

    def ivr_abandoned(self, dial: float, nsn: str) -> CallRecord:
        name, _ = self.leg_for_number(nsn)
        wire = phones.e164_ua(nsn)
        end = dial + self.rng.uniform(6, 40)
        return self.add(
            CallRecord(
                uuid=self.uuid(),
                direction=INCOMING,
                leg=IVR,
                end_at=end,
                dial_at=dial,
                other_num=wire,
                other_name=name or wire,
                disposition=NO_ANSWER,
                trunks=(TRUNKS[0].number,),
                in_users=False,
            )
        )

    def slots(self) -> list[float]:
        rng = self.rng
        today = kyiv_date(self.now)
        out: list[float] = []
        for back in range(7):
            day = today - timedelta(days=back)
            weekend = day.weekday() >= 5
            count = rng.randint(4, 8) if weekend else rng.randint(40, 52)
            start, stop = (10, 16) if weekend else (9, 18)
            for _ in range(count):
                t = kyiv_to_utc(day, rng.uniform(start * 3600, stop * 3600 - 600))
                if t < self.now - 1800:
                    out.append(t)
        out.sort()
        return out

    def pauses(self) -> None:
        rng = self.rng
        today = kyiv_date(self.now)
        for back in range(7):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            for user in rng.sample(self.users, 3):
                start = kyiv_to_utc(day, rng.uniform(12.5 * 3600, 13.5 * 3600))
                stop = start + rng.uniform(20 * 60, 50 * 60)
                for direction, at in ((PAUSE_ON, start), (PAUSE_OFF, stop)):
                    if at < self.now - 60:
                        self.add(
                            CallRecord(
                                uuid=self.uuid(),
                                direction=direction,
                                leg=user,
                                end_at=at,
                                in_company=False,
                            )
                        )

    def call_notes(self) -> None:
        """Notes that record a call, with the call keys of the note object filled in."""
        done = 0
        for rec in reversed(self.history):
            c = self.by_number.get(phones.match_key(rec.other_num or ""))
            if c is None or not rec.answered or rec.parent_uuid or rec.leg is None:
                continue
            ms = int(rec.end_at * 1000)
            note = Note(
                self.take("note"),
                c.id,
                "Розмова: домовились про наступний дзвінок",
                ms,
                ms,
                rec.leg.id,
                note_type=2,
                call={
                    "otherLegNum": rec.other_num,
                    "otherLegName": rec.other_name,
                    "status": "ANSWERED",
                    "uuid": rec.uuid,
                    "end": ms,
                    "legId": rec.leg.id,
                    "logicDirection": rec.direction,
                    "billSec": rec.bill_secs or 0,
                    "trunk": ";".join(rec.trunks),
                },
            )
            self.notes[note.id] = note
            done += 1
            if done == 2:
                return

    def build_history(self) -> list[str]:
        rng = self.rng
        contacts = sorted(self.contacts.values(), key=lambda c: c.id)
        known = [phones.match_key(c.phones()[0]) for c in contacts if c.phones()]
        unknown = [self.new_nsn() for _ in range(30)]
        slots = self.slots()
        story, free = slots[-30:], slots[:-30]
        self.stories(story, contacts, unknown[:4])
        pool = unknown[4:]
        for n, dial in enumerate(free):
            kind = rng.choices(
                ("in_user", "in_group", "ivr", "out", "int"), weights=(22, 30, 4, 28, 16)
            )[0]
            nsn = rng.choice(known) if rng.random() < 0.55 else rng.choice(pool)
            sep = " > " if n % 2 else "> "
            if kind == "in_user":
                ext = "001" if rng.random() < 0.4 else rng.choice(list(self.by_ext))
                dispo = rng.choices((ANSWERED, NO_ANSWER, BUSY), weights=(78, 17, 5))[0]
                transfer = (
                    rng.choice([e for e in self.by_ext if e != ext])
                    if (dispo == ANSWERED and rng.random() < 0.12)
                    else None
                )
                self.external(
                    INCOMING,
                    nsn,
                    dial,
                    leg=self.by_ext[ext],
                    disposition=dispo,
                    answered_by=ext,
                    transfer_to=transfer,
                    transfer_sep=sep,
                )
            elif kind == "in_group":
                group = SALES_GROUP if rng.random() < 0.55 else SUPPORT_GROUP
                dispo = ANSWERED if rng.random() < 0.86 else NO_ANSWER
                taker = rng.choice(group.members)
                transfer = (
                    rng.choice([e for e in self.by_ext if e != taker])
                    if (rng.random() < 0.1)
                    else None
                )
                self.external(
                    INCOMING,
                    nsn,
                    dial,
                    leg=group,
                    disposition=dispo,
                    answered_by=taker,
                    transfer_to=transfer,
                    transfer_sep=sep,
                )
            elif kind == "ivr":
                self.ivr_abandoned(dial, nsn)
            elif kind == "out":
                ext = "001" if rng.random() < 0.35 else rng.choice(list(self.by_ext))
                dispo = rng.choices(
                    (ANSWERED, NO_ANSWER, BUSY, CONGESTION, FAILED), weights=(70, 15, 8, 4, 3)
                )[0]
                self.external(
                    OUTGOING, nsn, dial, leg=self.by_ext[ext], disposition=dispo, answered_by=ext
                )
            else:
                caller, callee = rng.sample(list(self.by_ext), 2)
                target = self.by_ext[callee] if rng.random() < 0.93 else SUPPORT_GROUP
                dispo = rng.choices((ANSWERED, NO_ANSWER, BUSY), weights=(80, 15, 5))[0]
                self.internal(dial, caller, target, dispo)
        self.pauses()
        self.history.sort(key=lambda r: (r.end_at, r.uuid))
        self.call_notes()
        return [phones.e164_ua(n) for n in pool]

    def stories(self, s: list[float], contacts: list[Contact], unknown: list[str]) -> None:
        """The scripted part of the last working hours: repeat callers, call-backs, transfers."""
        multi, plain = contacts[0], [c for c in contacts[6:] if c.phones()]
        k1, k3 = phones.match_key(plain[0].phones()[0]), phones.match_key(plain[1].phones()[0])
        k4 = phones.match_key(plain[2].phones()[0])
        u1, u2, u3, _ = unknown
        op = self.by_ext["001"]
        # an unknown number tries the sales group three times and is never reached
        for i in (0, 8, 20):
            self.external(INCOMING, u1, s[i], leg=SALES_GROUP, disposition=NO_ANSWER)
        # a transfer from 003 to the operator, written as in the spec example
        self.external(
            INCOMING,
            k4,
            s[1],
            leg=self.by_ext["003"],
            disposition=ANSWERED,
            answered_by="003",
            transfer_to="001",
            transfer_sep=" > ",
        )
        # the operator hands an outgoing call to 002 (no space before '>')
        self.external(
            OUTGOING,
            k4,
            s[2],
            leg=op,
            disposition=ANSWERED,
            answered_by="001",
            transfer_to="002",
            transfer_sep="> ",
        )
        # a client misses the operator, who calls back and gets through
        self.external(INCOMING, k1, s[3], leg=op, disposition=NO_ANSWER)
        self.external(OUTGOING, k1, s[12], leg=op, disposition=ANSWERED, answered_by="001")
        # an answered internal call, with no transfer history (as in the spec example)
        self.internal(s[4], "001", self.by_ext["004"], ANSWERED)
        # an unknown number misses twice, then gets through to support
        self.external(INCOMING, u2, s[5], leg=op, disposition=NO_ANSWER)
        self.external(INCOMING, u2, s[10], leg=op, disposition=BUSY)
        self.external(
            INCOMING, u2, s[15], leg=SUPPORT_GROUP, disposition=ANSWERED, answered_by="004"
        )
        # the multi-phone client calls support from his second mobile and nobody answers
        second = phones.match_key(multi.phones()[2])
        self.external(INCOMING, second, s[18], leg=SUPPORT_GROUP, disposition=NO_ANSWER)
        # a caller gives up in the IVR menu
        self.ivr_abandoned(s[22], u3)
        # a client misses the operator, calls again and a colleague answers in the sales group
        self.external(INCOMING, k3, s[25], leg=op, disposition=NO_ANSWER)
        self.external(INCOMING, k3, s[27], leg=SALES_GROUP, disposition=ANSWERED, answered_by="002")
        # a failed outgoing call tried on both trunks
        self.external(
            OUTGOING, u1, s[28], leg=self.by_ext["005"], disposition=CONGESTION, trunk=TRUNKS[0]
        )
        self.external(
            OUTGOING,
            self.new_nsn(),
            s[29],
            leg=self.by_ext["007"],
            disposition=FAILED,
            trunk=TRUNKS[1],
        )
        for i in (6, 7, 9, 11, 13, 14, 16, 17, 19, 21, 23, 24, 26):
            nsn = (
                phones.match_key(self.rng.choice(contacts).phones()[0])
                if (i % 2)
                else self.new_nsn()
            )
            self.external(
                INCOMING if i % 3 else OUTGOING,
                nsn,
                s[i],
                leg=self.by_ext[self.rng.choice(["001", "002", "004", "006"])],
                disposition=ANSWERED,
                answered_by=None,
            )
