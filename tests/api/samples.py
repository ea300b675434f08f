"""The spec's example records, as the PBX prints them (fresh copies on every call)."""

from __future__ import annotations

import copy
from typing import Any

JSON = Any

_EVENT: JSON = {
    "event": "call.dial",
    "accountDomain": "qwerty.pbx.vega.ua",
    "uuid": "47a968893984475b8c20e29dec144ce1",
    "parentUuid": None,
    "dialAt": 1431686100,
    "bridgeAt": None,
    "lgDirection": 2,
    "leg": {"id": 36, "ext": "001", "displayName": "Іван Іванов"},
    "leg2": None,
    "otherLegs": [
        {
            "id": 1,
            "name": "Анастасія Березкіна",
            "num": "+380000000000",
            "companyName": "Тестова компанія",
            "url": "http://pbx.vega.ua/contacts/1",
        }
    ],
    "trunkNum": "+380442246595",
    "trunkName": "www.pbx.vega.ua",
}

_OTHER_LEG: JSON = {
    "id": "6137",
    "name": "Telecom company",
    "num": "+380442249895",
    "companyName": None,
    "url": "https://self.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id=6137",
}

_ACTIVE: JSON = [
    {
        "uuid": "47a968893984475b8c20e29dec144ce1",
        "parentUuid": None,
        "lastEvent": "call.dial",
        "dialAt": 1431686100,
        "bridgeAt": None,
        "lgDirection": 2,
        "leg": {"id": 36, "ext": "001", "displayName": "Іван Іванов"},
        "leg2": None,
        "otherLegs": [_OTHER_LEG],
        "trunkNum": "+380442246595",
        "trunkName": "+380442246595",
    },
    {
        "uuid": "562aa0bd8d9842cd95e4a581443f2e86",
        "parentUuid": None,
        "dialAt": 1431686088,
        "bridgeAt": 1431686100,
        "lgDirection": 4,
        "lastEvent": "call.bridge",
        "leg": {"id": 36, "ext": "001", "displayName": "Іван Іванов"},
        "leg2": None,
        "otherLegs": [_OTHER_LEG],
        "trunkNum": "+380442246595",
        "trunkName": "+380442246595",
    },
    {
        "uuid": "68333cd7aa94421e89dbc8acfe5027bb",
        "parentUuid": None,
        "dialAt": 1431686001,
        "bridgeAt": 1431686019,
        "lgDirection": 1,
        "lastEvent": "call.bridge",
        "leg": {"id": 36, "ext": "001", "displayName": "Іван Іванов"},
        "leg2": {"id": 27, "ext": "002", "displayName": "Петро Петров"},
        "otherLegs": None,
        "trunkNum": "+380442246595",
        "trunkName": "+380442246595",
    },
]

_HISTORY: JSON = [
    {
        "parentUuid": "d267486f-a539-45dd-c5f5-e735a5870b80",
        "uuid": "f457486f-a539-45dd-c5f5-e735a5870b92",
        "endAt": 1435319298470,
        "lgDirection": 1,
        "otherLegNum": None,
        "otherLegName": None,
        "leg": {"id": 36, "type": 1, "displayName": "Васильєв Андрій", "ext": "001"},
        "leg2": {"id": 19, "type": 1, "displayName": "Operator 4", "ext": "004"},
        "disposition": 0,
        "transferHistory": None,
        "audioRecUrl": "https://podium.betell.com.ua/rest/public/calls/"
        "f457486f-a539-45dd-c5f5-e735a5870b92/audio",
        "trunk": None,
    },
    {
        "uuid": "d38f07d9-3b59-47aa-c711-94c6bebe1621",
        "endAt": 1435317888511,
        "lgDirection": 2,
        "otherLegNum": "+380993034330",
        "otherLegName": "+380993034330",
        "leg": {"id": 36, "type": 1, "displayName": "Васильєв Андрій", "ext": "001"},
        "leg2": None,
        "billSecs": 4,
        "duration": 15,
        "disposition": 0,
        "transferHistory": "003 > 001",
        "audioRecUrl": "https://podium.betell.com.ua/rest/public/calls/"
        "d38f07d9-3b59-47aa-c711-94c6bebe1621/audio",
        "trunk": "o=380442249895;",
    },
]

_USERS: JSON = [
    {"id": 30, "displayName": "Іван Іванов", "ext": "901", "email": "ivan.ivanov@pbx.vega.ua"},
    {"id": 14, "displayName": "Юрій Юр'єв", "ext": "990", "email": "yuriy.yuriev@pbx.vega.ua"},
]

_CONTACT: JSON = {
    "id": 7068,
    "firstName": None,
    "lastName": None,
    "companyTitle": None,
    "lastModified": 1443597876359,
    "responsibleUserId": 18,
    "dateCreate": 1443597876000,
    "createUserId": 59,
    "fields": [
        {
            "id": 32045,
            "enumCode": "Компанія",
            "values": [
                {
                    "id": 33427,
                    "enumValueCode": "Компанія",
                    "lastModified": 1446027499803,
                    "value": "Vega",
                }
            ],
        },
        {
            "id": 32049,
            "enumCode": "Категорія",
            "values": [
                {
                    "id": 33431,
                    "enumValueCode": "Категорія",
                    "lastModified": 1446027499803,
                    "value": "EMPL",
                }
            ],
        },
    ],
}


def _field(fid: int, code: str, vid: int, value_code: str, value: str) -> JSON:
    return {
        "id": fid,
        "enumCode": code,
        "values": [
            {"id": vid, "enumValueCode": value_code, "lastModified": 1503319698348, "value": value}
        ],
    }


_CONTACT_LISTED: JSON = {
    "id": 85491,
    "companyTitle": None,
    "lastModified": 1503319698348,
    "responsibleUserId": 2097,
    "dateCreate": 1503315376354,
    "createUserId": 2097,
    "fields": [
        _field(568725, "Ім'я", 592835, "Ім'я", "Олександр"),
        _field(568888, "Email", 593013, "Email робочий", "product@online.com"),
        _field(568727, "Телефон", 592837, "Робочий", "+380440000000"),
        _field(568887, "Компанія", 593012, "Компанія", "Online company"),
        _field(568728, "Категорія", 592838, "Категорія", "Потенційні клієнти"),
    ],
}

_NOTE: JSON = {
    "id": 0,
    "elementId": 0,
    "elementType": 0,
    "noteType": 0,
    "dateCreate": 0,
    "lastModified": 0,
    "content": None,
    "responsibleUserId": 0,
    "otherLegNum": "",
    "otherLegName": None,
    "status": None,
    "errorMsg": None,
    "uuid": "",
    "end": 0,
    "legId": 0,
    "logicDirection": 0,
    "billSec": 0,
    "recordLink": "",
    "trunk": "",
    "tag": "",
}

_UTM: JSON = [
    {
        "utmSource": "google",
        "utmMedium": "cpc",
        "utmCampaign": "(not set)",
        "utmContent": "(not set)",
        "utmTerm": "(not set)",
        "googleClientId": "1340605716.1544986520",
        "clientIp": "91.243.203.133",
        "referer": "https://www.google.com/",
        "otherLegNum": "+380505826633",
        "trunkSource": "380991280042",
        "label": "callcatcher\n firstcall",
        "callDate": 1549954944251,
        "callStart": 1549954873000,
        "callParentUuid": "005f1dfae76d4c379e1d4095c07a76a2",
    },
    {
        "utmSource": "google",
        "utmMedium": "cpc",
        "utmCampaign": "(not set)",
        "utmContent": "(not set)",
        "utmTerm": "(not set)",
        "googleClientId": "887050860.1549546147",
        "clientIp": "213.110.117.120",
        "referer": "(not set)",
        "otherLegNum": "+380934434012",
        "trunkSource": "380934745004",
        "label": "callcatcher\n",
        "callDate": 1549895156709,
        "callStart": 1549895008000,
        "callParentUuid": "032e13417526409a98a0967f11f8b6fa",
    },
]

_SETTINGS_FOUND: JSON = {
    "otherLeg": {
        "name": "Іван Іванов",
        "url": "http://crm.com/contacts?id=1",
        "urlText": "Іван Іванов",
        "newEntry": False,
        "responsibleEmployeeExt": "001",
        "responsibleEmployeeEmail": "example@email.com",
    }
}

_SETTINGS_CREATE: JSON = {
    "otherLeg": {
        "name": None,
        "url": "http://crm.com/contacts/new?phone=%2B380442246595",
        "urlText": "Добавить контакт",
        "newEntry": True,
        "responsibleEmployeeExt": None,
        "responsibleEmployeeEmail": None,
    }
}


def event() -> JSON:
    return copy.deepcopy(_EVENT)


def active_calls() -> JSON:
    return copy.deepcopy(_ACTIVE)


def history() -> JSON:
    return copy.deepcopy(_HISTORY)


def users() -> JSON:
    return copy.deepcopy(_USERS)


def contact() -> JSON:
    return copy.deepcopy(_CONTACT)


def contact_listed() -> JSON:
    return copy.deepcopy(_CONTACT_LISTED)


def note() -> JSON:
    return copy.deepcopy(_NOTE)


def utm() -> JSON:
    return copy.deepcopy(_UTM)


def settings_found() -> JSON:
    return copy.deepcopy(_SETTINGS_FOUND)


def settings_create() -> JSON:
    return copy.deepcopy(_SETTINGS_CREATE)


def history_record(index: int, *, uuid: str | None = None) -> JSON:
    """A history record with a distinct uuid, for paging tests."""
    record = copy.deepcopy(_HISTORY[1])
    record["uuid"] = uuid or f"{index:032x}"
    return record
