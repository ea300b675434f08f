"""The fixed part of the seeded company: its employees, departments, IVR menu and trunks.

The same for every seed, so the demo operator is always ``001`` Андрій Васильєв.
"""

from __future__ import annotations

from vega_desktop.demo.model import GROUP, SCENARIO, USER, Entity, Trunk

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


def fixed_users() -> list[Entity]:
    return [
        Entity(uid, USER, ext, name, email=f"{login}@{DOMAIN_MAIL}")
        for uid, ext, name, login in USERS
    ]
