"""The seeded people of the simulated PBX: the CRM contacts of the company and notes on them.

The awkward contacts come first, so their ids are the same for every seed: one with several
phones, one whose name is HTML, one with a 200+ character name, one with an emoji, companies
without a person. The rest are drawn from Ukrainian names and companies, their numbers written
in ``+380…``, ``380…``, ``0…`` and ``+38 (0XX) …`` forms.
"""

from __future__ import annotations

import random

from vega_desktop.demo import phones
from vega_desktop.demo.company import fixed_users
from vega_desktop.demo.model import (
    CATEGORY,
    COMPANY,
    EMAIL,
    FIRST_NAME,
    LAST_NAME,
    MOBILE_PHONE,
    PHONE,
    WORK_EMAIL,
    WORK_PHONE,
    Contact,
    ContactField,
    FieldValue,
    Note,
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


class PeopleBuilder:
    """The random draws, id counters and numbers in use of one build, and its contacts and notes.

    The order of the draws is the world: call the steps in the order :func:`build_world` does.
    """

    def __init__(self, seed: int, now: float) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.users = fixed_users()
        self.contacts: dict[int, Contact] = {}
        self.notes: dict[int, Note] = {}
        self.taken_numbers: set[str] = set()  # national significant numbers in use
        self.by_number: dict[str, Contact] = {}
        self.next_id = {"contact": 7001, "field": 32001, "value": 33001, "note": 501}

    def take(self, kind: str, step: int = 1) -> int:
        value = self.next_id[kind]
        self.next_id[kind] = value + step
        return value

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
