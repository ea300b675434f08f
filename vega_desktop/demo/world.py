"""The seeded world of the simulated PBX: a small Ukrainian company, its CRM and a week of calls.

:func:`build_world` is deterministic for a seed and a "now": the same arguments give the same
employees, contacts, notes and call history, byte for byte. The employees, groups, IVR scenario
and trunks are fixed (so the demo operator is always ``001`` Андрій Васильєв); the contacts and
the call history are drawn from the seed.

The world deliberately contains the awkward cases a client must survive: a contact with several
phones, one whose name is HTML, one with a 200+ character name, one with an emoji; numbers in
``+380…``, ``380…``, ``0…`` and ``+38 (0XX) …`` forms; missed calls from the same number again
and again, some later called back; transfers written ``003 > 001`` and ``005> 002``; ring-group
calls with per-member legs; calls abandoned in the IVR; failed calls tried on several trunks.

Everything here is plain data. :mod:`vega_desktop.demo.pbx` owns the behaviour and the wire
formats.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from vega_desktop.demo import phones
from vega_desktop.demo.clock import kyiv_date, kyiv_to_utc

USER = 1
GROUP = 2
SCENARIO = 4

INTERNAL = 1
OUTGOING = 2
INCOMING = 4
PAUSE_ON = 32
PAUSE_OFF = 64

ANSWERED = 0
NO_ANSWER = 1
CONGESTION = 2
FAILED = 3
BUSY = 4

PHONE = "Телефон"
EMAIL = "Email"
FIRST_NAME = "Ім'я"
LAST_NAME = "Прізвище"
COMPANY = "Компанія"
CATEGORY = "Категорія"
WORK_PHONE = "Робочий"
MOBILE_PHONE = "Мобільний"
WORK_EMAIL = "Email робочий"


@dataclass(frozen=True, slots=True)
class Entity:
    """A user (employee), a group (department) or a scenario (IVR menu)."""

    id: int
    type: int  # USER, GROUP or SCENARIO
    ext: str | None
    name: str
    email: str | None = None
    members: tuple[str, ...] = ()  # extensions of a group's users


@dataclass(frozen=True, slots=True)
class Trunk:
    """An external number of the company."""

    number: str  # E.164
    name: str


@dataclass(slots=True)
class FieldValue:
    id: int
    enum_value_code: str
    value: str
    last_modified: int  # ms


@dataclass(slots=True)
class ContactField:
    id: int
    enum_code: str
    values: list[FieldValue]


@dataclass(slots=True)
class Contact:
    """A CRM teler contact. Times are ms, as the CRM sends them."""

    id: int
    first_name: str | None
    last_name: str | None
    company_title: str | None
    last_modified: int
    responsible_user_id: int | None
    date_create: int
    create_user_id: int | None
    fields: list[ContactField]

    def values_of(self, code: str) -> list[str]:
        return [v.value for f in self.fields if f.enum_code == code for v in f.values]

    def phones(self) -> list[str]:
        return self.values_of(PHONE)

    def display_name(self) -> str | None:
        """First and last name, else the name fields, else the company; None when none is set."""
        first = self.first_name or " ".join(self.values_of(FIRST_NAME))
        last = self.last_name or " ".join(self.values_of(LAST_NAME))
        name = f"{first} {last}".strip()
        return name or self.company()

    def company(self) -> str | None:
        values = self.values_of(COMPANY)
        return self.company_title or (values[0] if values else None)

    def search_texts(self) -> list[str]:
        texts = [t for t in (self.first_name, self.last_name, self.company_title) if t]
        texts.extend(v.value for f in self.fields for v in f.values)
        return texts


@dataclass(slots=True)
class Note:
    """A note on a contact; ``call`` holds the call-related keys of a call note."""

    id: int
    contact_id: int
    content: str | None
    date_create: int  # ms
    last_modified: int  # ms
    responsible_user_id: int | None
    note_type: int = 1
    element_type: int = 1
    call: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class CallRecord:
    """A finished call (or a pause on/off record) as the history APIs report it.

    Times are UNIX seconds. ``other_num`` is kept in the form the PBX puts on the wire.
    """

    uuid: str  # 32 hex digits
    direction: int
    leg: Entity | None
    end_at: float
    dial_at: float | None = None
    bridge_at: float | None = None
    parent_uuid: str | None = None
    leg2: Entity | None = None
    other_num: str | None = None
    other_name: str | None = None
    disposition: int | None = None
    transfers: tuple[str, ...] = ()
    transfer_sep: str = " > "
    recording: bool = False
    trunks: tuple[str, ...] = ()  # E.164
    in_company: bool = True  # listed by company.api (and missed.api)
    in_users: bool = True  # listed by users.api
    omit_times: bool = False  # billSecs/duration left out, as in the first company.api example

    @property
    def bill_secs(self) -> int | None:
        if self.direction in (PAUSE_ON, PAUSE_OFF):
            return None
        if self.bridge_at is None:
            return 0
        return max(0, round(self.end_at - self.bridge_at))

    @property
    def duration(self) -> int | None:
        if self.dial_at is None:
            return None
        return max(0, round(self.end_at - self.dial_at))

    @property
    def answered(self) -> bool:
        return self.disposition == ANSWERED


class Ids:
    """Id counters for objects created after the world was built."""

    def __init__(self, contact: int, field_: int, value: int, note: int) -> None:
        self._next = {"contact": contact, "field": field_, "value": value, "note": note}

    def _take(self, kind: str) -> int:
        value = self._next[kind]
        self._next[kind] = value + 1
        return value

    def contact(self) -> int:
        return self._take("contact")

    def field(self) -> int:
        return self._take("field")

    def value(self) -> int:
        return self._take("value")

    def note(self) -> int:
        return self._take("note")


@dataclass(slots=True)
class World:
    users: list[Entity]
    groups: list[Entity]
    scenarios: list[Entity]
    trunks: list[Trunk]
    contacts: dict[int, Contact]
    notes: dict[int, Note]
    history: list[CallRecord]
    unknown_numbers: list[str]  # E.164 numbers not in the CRM, for live traffic
    ids: Ids

    def user(self, ext: str) -> Entity | None:
        return next((u for u in self.users if u.ext == ext), None)

    def group(self, ext: str) -> Entity | None:
        return next((g for g in self.groups if g.ext == ext), None)


# --- the fixed part of the company ----------------------------------------------------------

DOMAIN_MAIL = "demo.pbx.vega.ua"

USERS: tuple[tuple[int, str, str, str], ...] = (
    (36, "001", "Андрій Васильєв", "andrii.vasyliev"),
    (27, "002", "Петро Петренко", "petro.petrenko"),
    (41, "003", "Оксана Мельник", "oksana.melnyk"),
    (19, "004", "Марія Шевченко", "mariia.shevchenko"),
    (52, "005", "Дмитро Бондаренко", "dmytro.bondarenko"),
    (23, "006", "Наталія Ткаченко", "nataliia.tkachenko"),
    (58, "007", "Олег Кравченко", "oleh.kravchenko"),
    (31, "008", "Ірина Коваленко", "iryna.kovalenko"),
    (14, "009", "Юрій Юр'єв", "yurii.yuriev"),
    (45, "010", "Софія Литвиненко", "sofiia.lytvynenko"),
)
SALES_GROUP = Entity(101, GROUP, "100", "Відділ продажів", members=("001", "002", "003", "005"))
SUPPORT_GROUP = Entity(102, GROUP, "200", "Підтримка", members=("001", "004", "006", "007", "008"))
IVR = Entity(7, SCENARIO, None, "Головне меню")
TRUNKS = (
    Trunk("+380442246595", "+380442246595"),
    Trunk("+380800218500", "Гаряча лінія 0800"),
)

_FIRST_M = (
    "Олександр",
    "Сергій",
    "Володимир",
    "Михайло",
    "Тарас",
    "Богдан",
    "Віктор",
    "Максим",
    "Роман",
    "Ярослав",
    "Василь",
    "Степан",
)
_FIRST_F = (
    "Олена",
    "Тетяна",
    "Юлія",
    "Анна",
    "Катерина",
    "Людмила",
    "Вікторія",
    "Галина",
    "Христина",
    "Зоряна",
    "Лариса",
    "Дарина",
)
_LAST = (
    "Коваль",
    "Олійник",
    "Поліщук",
    "Лисенко",
    "Савченко",
    "Руденко",
    "Марченко",
    "Захарченко",
    "Павленко",
    "Кузьменко",
    "Бойко",
    "Мороз",
    "Кравець",
    "Романюк",
    "Гончаренко",
    "Федоренко",
    "Ярмоленко",
    "Стасюк",
    "Дячук",
)
_COMPANIES = (
    "ТОВ «Зелена долина»",
    "ПП «Світанок»",
    "ТОВ «Київ Логістик»",
    "Укрбуд-Сервіс",
    "ФОП Лисенко О. В.",
    "ТОВ «Агроспецмонтаж»",
    "Online company",
    "ПрАТ «Дніпро-Трейд»",
    "ТОВ «Карпатські ліки»",
    "Кав'ярня «Львівська»",
)
_CATEGORIES = ("Потенційні клієнти", "Клієнти", "Клієнти", "Партнери", "Постачальники")
_NOTES = (
    "Просив передзвонити після 15:00",
    "Цікавиться тарифом «Бізнес», надіслати комерційну пропозицію",
    "Надіслали рахунок, чекаємо оплату",
    "Клієнт незадоволений швидкістю доставки",
    "Домовились про зустріч у четвер о 10:00",
    "Оплату отримано, дякуємо!",
    "Постійний клієнт, знижка 5%",
    "Номер мобільного змінився — уточнити",
    "Запит у підтримку: не працює переадресація на мобільний",
    "Передати Оксані, вона веде цей проєкт",
)
_MOBILE_CODES = ("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99")
_TRANSLIT = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "iu",
            "ia",
            "",
        ],
        strict=True,
    )
)


def _translit(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def fixed_users() -> list[Entity]:
    return [
        Entity(uid, USER, ext, name, email=f"{login}@{DOMAIN_MAIL}")
        for uid, ext, name, login in USERS
    ]


# --- the seeded part ------------------------------------------------------------------------


class _Builder:
    def __init__(self, seed: int, now: float) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.users = fixed_users()
        self.by_ext: dict[str, Entity] = {u.ext: u for u in self.users if u.ext}
        self.contacts: dict[int, Contact] = {}
        self.notes: dict[int, Note] = {}
        self.history: list[CallRecord] = []
        self.taken_numbers: set[str] = set()  # national significant numbers in use
        self.by_number: dict[str, Contact] = {}
        self.next_id = {"contact": 7001, "field": 32001, "value": 33001, "note": 501}

    def take(self, kind: str, step: int = 1) -> int:
        value = self.next_id[kind]
        self.next_id[kind] = value + step
        return value

    def uuid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def new_nsn(self, landline: bool = False) -> str:
        while True:
            if landline:
                nsn = "44" + str(self.rng.randint(2000000, 5999999))
            else:
                nsn = self.rng.choice(_MOBILE_CODES) + str(self.rng.randint(1000000, 9999999))
            if nsn not in self.taken_numbers:
                self.taken_numbers.add(nsn)
                return nsn

    # -- contacts --

    def field_(self, code: str, values: list[tuple[str, str]], ms: int) -> ContactField:
        return ContactField(
            self.take("field"),
            code,
            [FieldValue(self.take("value"), sub, value, ms) for sub, value in values],
        )

    def contact(
        self,
        *,
        first: str | None,
        last: str | None,
        names_in_fields: bool,
        company: str | None,
        phones_: list[tuple[str, str]],
        email: str | None = None,
        category: str | None = None,
        company_in_title: bool = False,
    ) -> Contact:
        created = int((self.now - self.rng.uniform(20, 400) * 86400) * 1000)
        modified = created + int(self.rng.uniform(0, 15) * 86400 * 1000)
        modified = min(modified, int((self.now - 3600) * 1000))
        fields: list[ContactField] = []
        if names_in_fields:
            if first:
                fields.append(self.field_(FIRST_NAME, [(FIRST_NAME, first)], modified))
            if last:
                fields.append(self.field_(LAST_NAME, [(LAST_NAME, last)], modified))
        if phones_:
            fields.append(self.field_(PHONE, phones_, modified))
        if email:
            sub = WORK_EMAIL if self.rng.random() < 0.6 else EMAIL
            fields.append(self.field_(EMAIL, [(sub, email)], modified))
        if company and not company_in_title:
            fields.append(self.field_(COMPANY, [(COMPANY, company)], modified))
        if category:
            fields.append(self.field_(CATEGORY, [(CATEGORY, category)], modified))
        owner = self.rng.choice(self.users[:6]).id
        c = Contact(
            id=self.take("contact", self.rng.randint(1, 4)),
            first_name=None if names_in_fields else first,
            last_name=None if names_in_fields else last,
            company_title=company if company_in_title else None,
            last_modified=modified,
            responsible_user_id=owner,
            date_create=created,
            create_user_id=self.rng.choice(self.users).id,
            fields=fields,
        )
        self.contacts[c.id] = c
        for number in c.phones():
            self.by_number[phones.match_key(number)] = c
        return c

    def phone_form(self, nsn: str, index: int) -> str:
        if index % 11 == 5:
            return phones.pretty_ua(nsn)
        if index % 7 == 3:
            return phones.national_ua(nsn)
        if index % 13 == 8:
            return "380" + nsn
        return phones.e164_ua(nsn)

    def build_contacts(self) -> None:
        rng = self.rng
        # the awkward ones first, so their ids are stable whatever the pools hold
        self.contact(
            first="Олександр",
            last="Гнатюк",
            names_in_fields=True,
            company="ТОВ «Зелена долина»",
            phones_=[
                (WORK_PHONE, phones.e164_ua(self.new_nsn(landline=True))),
                (MOBILE_PHONE, phones.e164_ua(self.new_nsn())),
                (MOBILE_PHONE, phones.national_ua(self.new_nsn())),
            ],
            email="o.hnatiuk@zelena-dolyna.ua",
            category="Клієнти",
        )
        self.contact(
            first="<b>Жирний</b>",
            last="<script>alert(1)</script>",
            names_in_fields=True,
            company=None,
            phones_=[(MOBILE_PHONE, phones.e164_ua(self.new_nsn()))],
            category="Потенційні клієнти",
        )
        self.contact(
            first="Марія-Антуанетта-Олександра-Вікторія-Анастасія-Катерина-Єлизавета",
            last="Святополк-Мирська-Новгород-Сіверська-Заславська-Острозька-Вишневецька-"
            "Збаразька-Чорторийська-Корецька-Ружинська-Любомирська-Потоцька-Сапіжанка",
            names_in_fields=False,
            company="Товариство з обмеженою відповідальністю «Надзвичайно довга назва "
            "компанії для перевірки переносу рядків»",
            phones_=[(WORK_PHONE, phones.e164_ua(self.new_nsn()))],
            email="maria.antoinette@example.com",
            category="Партнери",
        )
        self.contact(
            first="Світлана 🌻",
            last="Квітка",
            names_in_fields=True,
            company="Квіткова крамниця 🌷",
            phones_=[(MOBILE_PHONE, phones.e164_ua(self.new_nsn()))],
            email="svitlana@kvitka.ua",
            category="Клієнти",
        )
        telecom = "442249895"
        self.taken_numbers.add(telecom)
        self.contact(
            first=None,
            last=None,
            names_in_fields=False,
            company="Telecom company",
            company_in_title=True,
            phones_=[(WORK_PHONE, phones.e164_ua(telecom))],
            category="Постачальники",
        )
        self.contact(
            first=None,
            last=None,
            names_in_fields=False,
            company="Vega",
            phones_=[(WORK_PHONE, phones.e164_ua(self.new_nsn(landline=True)))],
            email="office@vega.ua",
            category="EMPL",
        )
        for i in range(34):
            female = rng.random() < 0.5
            first = rng.choice(_FIRST_F if female else _FIRST_M)
            last = rng.choice(_LAST)
            company = rng.choice(_COMPANIES) if rng.random() < 0.5 else None
            landline = company is not None and rng.random() < 0.4
            nsn = self.new_nsn(landline=landline)
            email = None
            if rng.random() < 0.6:
                host = "gmail.com" if company is None else "company.ua"
                email = f"{_translit(first)}.{_translit(last)}@{host}"
            self.contact(
                first=first,
                last=last,
                names_in_fields=i % 2 == 0,
                company=company,
                phones_=[(WORK_PHONE if landline else MOBILE_PHONE, self.phone_form(nsn, i))],
                email=email,
                category=rng.choice(_CATEGORIES),
                company_in_title=company is not None and i % 3 == 0,
            )

    def build_notes(self) -> None:
        rng = self.rng
        for c in rng.sample(sorted(self.contacts.values(), key=lambda c: c.id), 12):
            for _ in range(rng.randint(1, 3)):
                created = int((self.now - rng.uniform(0.5, 30) * 86400) * 1000)
                note = Note(
                    self.take("note"),
                    c.id,
                    rng.choice(_NOTES),
                    created,
                    created,
                    rng.choice(self.users).id,
                )
                self.notes[note.id] = note

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

    # -- calls --

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


def build_world(seed: int, now: float) -> World:
    """The company, its CRM and a week of call history ending at ``now`` (UNIX seconds)."""
    b = _Builder(seed, now)
    b.build_contacts()
    b.build_notes()
    unknown = b.build_history()
    return World(
        users=b.users,
        groups=[SALES_GROUP, SUPPORT_GROUP],
        scenarios=[IVR],
        trunks=list(TRUNKS),
        contacts=b.contacts,
        notes=b.notes,
        history=b.history,
        unknown_numbers=unknown,
        ids=Ids(
            b.next_id["contact"] + 10,
            b.next_id["field"] + 10,
            b.next_id["value"] + 10,
            b.next_id["note"] + 10,
        ),
    )
