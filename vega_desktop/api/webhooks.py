"""Part A of the spec: what the PBX sends to a CRM, and what the CRM answers.

- :func:`parse_call_event` — ``call.dial`` / ``call.bridge`` / ``call.hangup`` (A.3);
- :class:`EventDeduplicator` — events "may be duplicated"; the key is ``(uuid, event)`` because
  the three events of one call share a uuid (inconsistency 10);
- :class:`CallSettingsRequest` / :class:`CallSettingsResponse` — the contact lookup (A.2), whose
  encoding the spec leaves open, so JSON and form-encoded bodies are both read;
- :func:`parse_utm_push` — the UTM tags pushed once a minute (A.4);
- :func:`source_allowed` — the IP check A.1 recommends.

The parsers follow the same tolerance rules as :mod:`vega_desktop.api.parse` and raise only
:class:`~vega_desktop.api.errors.ProtocolError`.
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from vega_desktop.api.errors import ProtocolError
from vega_desktop.api.models import ActiveCall, CallEvent, Direction, Leg, OtherLeg
from vega_desktop.api.parse import (
    Fields,
    as_enum,
    as_list,
    as_uuid,
    decode_json,
    opt_bool,
    opt_phone,
    opt_str,
    opt_uuid,
    parse_leg,
    parse_other_legs,
    parse_time,
)

__all__ = [
    "ADD_CONTACT_TEXT",
    "CALL_SETTINGS",
    "VEGA_SOURCE_ADDRESS",
    "CallEventPayload",
    "CallSettingsKind",
    "CallSettingsRequest",
    "CallSettingsResponse",
    "EventDeduplicator",
    "UtmRecord",
    "parse_call_event",
    "parse_utm_push",
    "source_allowed",
]

#: The ``request`` value of the contact lookup.
CALL_SETTINGS = "call.settings"
#: The link text the spec suggests for "create a contact" (Ukrainian "Add contact").
ADD_CONTACT_TEXT = "Додати контакт"
#: The source address the spec's A.1 filter examples compare with. The spec does not say whether
#: it is current, so callers should make the list configurable.
VEGA_SOURCE_ADDRESS = "89.184.65.208"

# Google Analytics' placeholder for "unknown".
_NOT_SET = "(not set)"


# --------------------------------------------------------------------------- A.1


def source_allowed(remote_addr: str, allowed: Iterable[str] = (VEGA_SOURCE_ADDRESS,)) -> bool:
    """True if ``remote_addr`` is in ``allowed`` (addresses, or networks like ``a.b.c.0/24``)."""
    try:
        address = ipaddress.ip_address(remote_addr.strip())
    except ValueError:
        return False
    for entry in allowed:
        try:
            if address in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


# --------------------------------------------------------------------------- A.3 call events


@dataclass(frozen=True, slots=True)
class CallEventPayload:
    """One call event as the PBX posts it."""

    event: CallEvent
    account_domain: str | None
    uuid: str
    parent_uuid: str | None
    dial_at: datetime | None
    bridge_at: datetime | None
    server_time: datetime | None
    direction: Direction
    leg: Leg | None
    leg2: Leg | None
    other_legs: tuple[OtherLeg, ...]
    trunk_num: str | None
    trunk_name: str | None

    @property
    def dedup_key(self) -> tuple[str, CallEvent]:
        """``(uuid, event)``: the uuid alone would also drop a call's later events."""
        return (self.uuid, self.event)

    @property
    def other_number(self) -> str | None:
        for other in self.other_legs:
            if other.num:
                return other.num
        return None

    def to_active_call(self) -> ActiveCall:
        """The event as an :class:`ActiveCall` snapshot (``last_event`` = this event)."""
        return ActiveCall(
            uuid=self.uuid,
            parent_uuid=self.parent_uuid,
            last_event=self.event,
            dial_at=self.dial_at,
            bridge_at=self.bridge_at,
            direction=self.direction,
            leg=self.leg,
            leg2=self.leg2,
            other_legs=self.other_legs,
            trunk_num=self.trunk_num,
            trunk_name=self.trunk_name,
        )


def parse_call_event(obj: object, region: str = "UA") -> CallEventPayload:
    """A decoded call-event body -> :class:`CallEventPayload` (or ``ProtocolError``)."""
    data = Fields(obj, "call event")
    return CallEventPayload(
        event=as_enum(CallEvent, data.require("event"), data.at("event")),
        account_domain=opt_str(data.get("accountDomain"), data.at("accountDomain")),
        uuid=as_uuid(data.require("uuid"), data.at("uuid")),
        parent_uuid=opt_uuid(data.get("parentUuid"), data.at("parentUuid")),
        dial_at=parse_time(data.get("dialAt"), data.at("dialAt")),
        bridge_at=parse_time(data.get("bridgeAt"), data.at("bridgeAt")),
        server_time=parse_time(data.get("serverTime"), data.at("serverTime")),
        direction=as_enum(Direction, data.require("lgDirection"), data.at("lgDirection")),
        leg=parse_leg(data.get("leg"), data.at("leg")),
        leg2=parse_leg(data.get("leg2"), data.at("leg2")),
        other_legs=parse_other_legs(data.get("otherLegs"), data.at("otherLegs"), region),
        trunk_num=opt_phone(data.get("trunkNum"), data.at("trunkNum"), region),
        trunk_name=opt_str(data.get("trunkName"), data.at("trunkName")),
    )


class EventDeduplicator:
    """Remembers recently seen keys for ``ttl`` seconds, holding at most ``max_entries``.

    ``is_duplicate(x)`` answers and records in one step: the first time a key is seen it
    returns False, a repeat within ``ttl`` returns True. Memory stays bounded: expired keys are
    dropped as new ones arrive, and beyond ``max_entries`` the oldest are forgotten.
    """

    def __init__(
        self,
        ttl: float = 600.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl <= 0 or max_entries < 1:
            raise ValueError("ttl and max_entries must be positive")
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def is_duplicate(self, item: CallEventPayload | Hashable) -> bool:
        key = item.dedup_key if isinstance(item, CallEventPayload) else item
        now = self._clock()
        self._expire(now)
        if key in self._seen:
            return True
        self._seen[key] = now
        while len(self._seen) > self._max:
            self._seen.popitem(last=False)
        return False

    def clear(self) -> None:
        self._seen.clear()

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest_key, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self._ttl:
                break
            del self._seen[oldest_key]


# --------------------------------------------------------------------------- A.2 contact lookup


@dataclass(frozen=True, slots=True)
class CallSettingsRequest:
    """The PBX asks the CRM who owns ``other_leg_num`` (``request = "call.settings"``)."""

    other_leg_num: str | None
    trunk_num: str | None
    request: str = CALL_SETTINGS

    @classmethod
    def parse(cls, body: bytes, content_type: str, region: str = "UA") -> CallSettingsRequest:
        """Read a JSON or a form-encoded body (the spec does not say which the PBX uses).

        With no usable ``Content-Type``, a body starting with ``{`` is read as JSON, anything
        else as form fields.
        """
        media = content_type.split(";", 1)[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("call.settings: the body is not UTF-8") from None
        as_json = media == "application/json" or media.endswith("+json")
        if not as_json and media != "application/x-www-form-urlencoded":
            as_json = text.lstrip().startswith("{")
        if as_json:
            data = Fields(decode_json(body, "call.settings"), "call.settings")
            values = {key: data.get(key) for key in ("request", "otherLegNum", "trunkNum")}
        else:
            try:
                pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False)
            except ValueError:
                raise ProtocolError("call.settings: the form body cannot be read") from None
            form = dict(pairs)
            values = {key: form.get(key) for key in ("request", "otherLegNum", "trunkNum")}
        kind = opt_str(values["request"], "call.settings.request")
        if kind != CALL_SETTINGS:
            raise ProtocolError("call.settings: request must be 'call.settings'")
        return cls(
            other_leg_num=opt_phone(values["otherLegNum"], "call.settings.otherLegNum", region),
            trunk_num=opt_phone(values["trunkNum"], "call.settings.trunkNum", region),
        )


class CallSettingsKind(StrEnum):
    """The three documented answers to a contact lookup."""

    FOUND = "found"  # the contact exists: name, card link, responsible employee
    CREATE_LINK = "create_link"  # unknown number: a link that creates the contact (newEntry)
    NULL = "null"  # unknown number: {"otherLeg": null}


@dataclass(frozen=True, slots=True)
class CallSettingsResponse:
    """The CRM's answer to ``call.settings``."""

    kind: CallSettingsKind
    name: str | None = None
    url: str | None = None
    url_text: str | None = None
    responsible_employee_ext: str | None = None
    responsible_employee_email: str | None = None

    @property
    def new_entry(self) -> bool:
        return self.kind is CallSettingsKind.CREATE_LINK

    @classmethod
    def found(
        cls,
        name: str,
        url: str,
        url_text: str | None = None,
        responsible_employee_ext: str | None = None,
        responsible_employee_email: str | None = None,
    ) -> CallSettingsResponse:
        """The contact exists (variant 1)."""
        return cls(
            CallSettingsKind.FOUND,
            name=name,
            url=url,
            url_text=name if url_text is None else url_text,
            responsible_employee_ext=responsible_employee_ext,
            responsible_employee_email=responsible_employee_email,
        )

    @classmethod
    def create_link(
        cls, url: str, url_text: str = ADD_CONTACT_TEXT, phone: str | None = None
    ) -> CallSettingsResponse:
        """Unknown number, answered with a "create contact" link (variant 2a).

        With ``phone`` the link gets a ``phone`` query parameter (URL-encoded, ``+`` -> ``%2B``)
        so the new card is pre-filled, as the spec recommends.
        """
        if phone is not None:
            parts = urlsplit(url)
            query = parse_qsl(parts.query, keep_blank_values=True)
            query.append(("phone", phone))
            url = urlunsplit(parts._replace(query=urlencode(query)))
        return cls(CallSettingsKind.CREATE_LINK, url=url, url_text=url_text)

    @classmethod
    def null(cls) -> CallSettingsResponse:
        """Unknown number, no link (variant 2b: ``{"otherLeg": null}``)."""
        return cls(CallSettingsKind.NULL)

    def to_dict(self) -> dict[str, object]:
        if self.kind is CallSettingsKind.NULL:
            return {"otherLeg": None}
        return {
            "otherLeg": {
                "name": self.name,
                "url": self.url,
                "urlText": self.url_text,
                "newEntry": self.new_entry,
                "responsibleEmployeeExt": self.responsible_employee_ext,
                "responsibleEmployeeEmail": self.responsible_employee_email,
            }
        }

    def to_json(self) -> str:
        """The response body (UTF-8 text, Cyrillic kept as is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def parse(cls, obj: object) -> CallSettingsResponse:
        """A decoded answer (or its raw JSON bytes/text) -> :class:`CallSettingsResponse`."""
        if isinstance(obj, bytes | str):
            raw = obj.encode("utf-8") if isinstance(obj, str) else obj
            obj = decode_json(raw, "call.settings answer")
        data = Fields(obj, "call.settings answer")
        if not data.has("otherLeg"):
            raise ProtocolError("call.settings answer.otherLeg: required field is missing")
        leg_value = data.get("otherLeg")
        if leg_value is None:
            return cls.null()
        leg = Fields(leg_value, "call.settings answer.otherLeg")
        new_entry = opt_bool(leg.get("newEntry"), leg.at("newEntry")) or False
        return cls(
            CallSettingsKind.CREATE_LINK if new_entry else CallSettingsKind.FOUND,
            name=opt_str(leg.get("name"), leg.at("name")),
            url=opt_str(leg.get("url"), leg.at("url")),
            url_text=opt_str(leg.get("urlText"), leg.at("urlText")),
            responsible_employee_ext=opt_str(
                leg.get("responsibleEmployeeExt"), leg.at("responsibleEmployeeExt")
            ),
            responsible_employee_email=opt_str(
                leg.get("responsibleEmployeeEmail"), leg.at("responsibleEmployeeEmail")
            ),
        )


# --------------------------------------------------------------------------- A.4 UTM tags


@dataclass(frozen=True, slots=True)
class UtmRecord:
    """The marketing source of one call. ``"(not set)"`` values become ``None``."""

    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_content: str | None
    utm_term: str | None
    google_client_id: str | None
    client_ip: str | None
    referer: str | None
    other_leg_num: str | None
    trunk_source: str | None
    tags: tuple[str, ...]
    call_date: datetime | None
    call_start: datetime | None
    call_parent_uuid: str | None

    @property
    def dedup_key(self) -> tuple[str | None, datetime | None, str | None]:
        """The push repeats every minute; this identifies one call's record."""
        return (self.call_parent_uuid, self.call_start, self.other_leg_num)


def _utm_text(data: Fields, key: str) -> str | None:
    value = opt_str(data.get(key), data.at(key))
    return None if value == _NOT_SET else value


def _tags(value: object, path: str) -> tuple[str, ...]:
    text = opt_str(value, path)
    if text is None:
        return ()
    return tuple(tag.strip() for tag in text.splitlines() if tag.strip())


def _parse_utm(obj: object, path: str, region: str) -> UtmRecord:
    data = Fields(obj, path)
    return UtmRecord(
        utm_source=_utm_text(data, "utmSource"),
        utm_medium=_utm_text(data, "utmMedium"),
        utm_campaign=_utm_text(data, "utmCampaign"),
        utm_content=_utm_text(data, "utmContent"),
        utm_term=_utm_text(data, "utmTerm"),
        google_client_id=_utm_text(data, "googleClientId"),
        client_ip=_utm_text(data, "clientIp"),
        referer=_utm_text(data, "referer"),
        other_leg_num=opt_phone(data.get("otherLegNum"), data.at("otherLegNum"), region),
        trunk_source=opt_phone(data.get("trunkSource"), data.at("trunkSource"), region),
        tags=_tags(data.get("label"), data.at("label")),
        call_date=parse_time(data.get("callDate"), data.at("callDate")),
        call_start=parse_time(data.get("callStart"), data.at("callStart")),
        call_parent_uuid=opt_uuid(data.get("callParentUuid"), data.at("callParentUuid")),
    )


def parse_utm_push(obj: object, region: str = "UA") -> list[UtmRecord]:
    """A decoded UTM push (a JSON array; a single object is taken as a list of one)."""
    if isinstance(obj, dict):
        return [_parse_utm(obj, "utm[0]", region)]
    items = as_list(obj, "utm")
    return [_parse_utm(item, f"utm[{index}]", region) for index, item in enumerate(items)]
