"""Click-to-call: search-as-you-type over CRM contacts, colleagues and recent numbers, and dialling.

A search merges three sources, each allowed to fail on its own (an unreachable CRM still leaves
colleagues and recent numbers): colleagues match by name or extension, recent numbers by digits
or name, CRM teler contacts through the PBX's own ``searchText`` (or ``searchByOLNum`` when the
text looks like a number). Dialling validates and normalises the number with phonenumbers before
``makeCall`` is sent with the operator's extension.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from enum import Enum

from vega_desktop.api import VegaClient, VegaError
from vega_desktop.api.phone import normalize_number, parse_dial_input
from vega_desktop.core.caller import HistoryCache, UserDirectory

_log = logging.getLogger("vega_desktop.core.dialer")

_DIGITS = re.compile(r"\D+")


class CandidateKind(Enum):
    CONTACT = "contact"
    COLLEAGUE = "colleague"
    RECENT = "recent"
    TYPED = "typed"


@dataclass(frozen=True, slots=True)
class DialCandidate:
    kind: CandidateKind
    label: str
    number: str
    detail: str = ""
    contact_id: int | None = None


def _digits(text: str) -> str:
    return _DIGITS.sub("", text)


class Dialer:
    def __init__(
        self, *, client: VegaClient, users: UserDirectory, history: HistoryCache, region: str = "UA"
    ) -> None:
        self._client = client
        self._users = users
        self._history = history
        self._region = region

    async def search(self, text: str, *, limit: int = 20) -> list[DialCandidate]:
        text = text.strip()
        if not text:
            return await self._recent(limit)
        needle = text.casefold()
        digits = _digits(text)
        looks_numeric = len(digits) >= 3 and len(digits) >= len(text.replace(" ", "")) - 2
        out: list[DialCandidate] = []

        typed = self._typed(text)
        for user in await self._users.users():
            if user.ext and (
                needle in user.display_name.casefold() or (digits and user.ext.startswith(digits))
            ):
                out.append(
                    DialCandidate(
                        CandidateKind.COLLEAGUE,
                        user.display_name,
                        user.ext,
                        detail=user.email or "",
                    )
                )

        if len(text) >= 2:
            try:
                if looks_numeric:
                    number = normalize_number(text, self._region) or text
                    contacts = await self._client.contacts.by_number(number, limit=limit)
                else:
                    contacts = await self._client.contacts.list(search_text=text, limit=limit)
            except VegaError as exc:
                _log.warning("contact search failed: %s", exc.detail)
                contacts = []
            for contact in contacts:
                for phone in contact.phones:
                    out.append(
                        DialCandidate(
                            CandidateKind.CONTACT,
                            contact.display_name,
                            phone,
                            detail=contact.company or "",
                            contact_id=contact.id,
                        )
                    )
        for record in await self._history.recent_numbers(200):
            num = record.other_leg_num or ""
            name = record.other_leg_name if record.other_leg_name != num else None
            if (digits and digits in _digits(num)) or (name and needle in name.casefold()):
                out.append(DialCandidate(CandidateKind.RECENT, name or num, num))
        return _dedupe(out, typed)[:limit]

    async def _recent(self, limit: int) -> list[DialCandidate]:
        out = []
        for record in await self._history.recent_numbers(limit):
            num = record.other_leg_num or ""
            name = record.other_leg_name if record.other_leg_name != num else None
            out.append(DialCandidate(CandidateKind.RECENT, name or num, num))
        return out

    def _typed(self, text: str) -> DialCandidate | None:
        try:
            number = parse_dial_input(text, self._region)
        except ValueError:
            return None
        return DialCandidate(CandidateKind.TYPED, number, number)

    async def dial(self, text: str, *, ext: str) -> str:
        """Validate ``text`` and ask the PBX to call it from ``ext``; returns the call uuid.

        Raises :class:`vega_desktop.api.phone.InvalidNumber` for text that is not a number.
        """
        number = parse_dial_input(text, self._region)
        return await self._client.calls.make_call(ext=ext, number=number)


def _dedupe(items: list[DialCandidate], typed: DialCandidate | None) -> list[DialCandidate]:
    """One row per number, the richest source kept (colleague, CRM contact, recent).

    A number typed in full comes first; when it is somebody's known number, that row moves to
    the top in its place, so the operator sees who they are about to call.
    """
    seen: set[str] = set()
    out: list[DialCandidate] = []
    for item in items:
        if item.number not in seen:
            seen.add(item.number)
            out.append(item)
    if typed is not None:
        known = next((i for i in out if i.number == typed.number), None)
        if known is None:
            out.insert(0, typed)
        else:
            out.remove(known)
            out.insert(0, known)
    return out
