"""Phone numbers as the PBX writes them, normalised once at the edge.

The spec shows ``+380442246595``, ``380991280042`` (country code without ``+``), ``0800218500``
(national), numbers with spaces, dashes and parentheses, and the history's ``"o=380442249895;"``
(a prefixed, ``;``-terminated item, possibly several). Everything that :mod:`phonenumbers` can
read as a possible number becomes E.164 (``+380…``); short internal extensions (``001``) and
anything that is not a phone number are kept as the trimmed text, so nothing here ever raises
on data from the PBX.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, ValidationResult

from vega_desktop.api.errors import InvalidNumber

__all__ = [
    "InvalidNumber",
    "format_number",
    "is_extension",
    "normalize_number",
    "parse_dial_input",
    "split_trunks",
]

# "o=380442249895" — a short alphabetic tag and "=" in front of a trunk item.
_ITEM_TAG = re.compile(r"^[A-Za-z]{1,8}\s*=\s*")
# What a written phone number may consist of: an optional leading "+", digits and separators.
_NUMBERISH = re.compile(r"^\+?[\d\s\-().\/]+$")
_DIGITS = re.compile(r"\d")
_EXTENSION = re.compile(r"^[0-9]{2,5}$")
_URI_SCHEME = re.compile(r"^(?:tel|callto|sip):", re.IGNORECASE)

# phonenumbers refuses longer input anyway; checking first keeps the work bounded.
_MAX_INPUT = 64


def _unwrap(text: str) -> str:
    """``"o=380442249895;"`` -> ``"380442249895"``; other text is only trimmed."""
    item = text.strip()
    while item.endswith(";"):
        item = item[:-1].rstrip()
    return _ITEM_TAG.sub("", item, count=1).strip()


def _parse(text: str, region: str) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException:
        return None


def _e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _strictly_possible(number: PhoneNumber) -> bool:
    reason = phonenumbers.is_possible_number_with_reason(number)
    return bool(reason == ValidationResult.IS_POSSIBLE)


def _to_e164(text: str, region: str) -> str | None:
    """E.164 for ``text`` if it reads as a phone number, else ``None``."""
    if len(text) > _MAX_INPUT or not _NUMBERISH.match(text):
        return None
    digits = "".join(_DIGITS.findall(text))
    if len(digits) < 6:
        return None
    as_written = _parse(text, region)
    if as_written is not None and phonenumbers.is_valid_number(as_written):
        return _e164(as_written)
    # "380991280042" or "48221234567": a country code written without the "+".
    with_plus = None if text.startswith("+") else _parse("+" + digits, region)
    if with_plus is not None and phonenumbers.is_valid_number(with_plus):
        return _e164(with_plus)
    if as_written is not None and _strictly_possible(as_written):
        return _e164(as_written)
    return None


def normalize_number(raw: str | None, region: str = "UA") -> str | None:
    """Return ``raw`` as E.164 when it reads as a phone number, else the trimmed text.

    ``None`` and blank text give ``None``. Extensions such as ``"001"`` and text that is not a
    number come back trimmed (``o=…;`` wrapping removed). Never raises.
    """
    if raw is None:
        return None
    item = _unwrap(raw)
    if not item:
        return None
    return _to_e164(item, region) or item


def split_trunks(raw: str | None, region: str = "UA") -> tuple[str, ...]:
    """Split the history's ``trunk`` field into normalised numbers.

    ``"o=380442249895;"`` -> ``("+380442249895",)``; several ``;``-separated items keep their
    order; blank items and repeats are dropped; ``None`` or ``""`` -> ``()``.
    """
    if raw is None:
        return ()
    result: list[str] = []
    for piece in raw.split(";"):
        number = normalize_number(piece, region)
        if number is not None and number not in result:
            result.append(number)
    return tuple(result)


def format_number(e164: str, region: str = "UA") -> str:
    """A number for people: national format for ``region``'s numbers, international otherwise.

    Text that is not a valid phone number (an extension, a placeholder) comes back trimmed.
    """
    text = e164.strip()
    if len(text) > _MAX_INPUT or not _NUMBERISH.match(text):
        return text
    number = _parse(text, region)
    if number is None or not phonenumbers.is_valid_number(number):
        return text
    if phonenumbers.region_code_for_number(number) == region.upper():
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def is_extension(text: str) -> bool:
    """True for an internal extension as typed for dialling: 2–5 digits."""
    return bool(_EXTENSION.match(text.strip()))


def parse_dial_input(text: str, region: str = "UA") -> str:
    """Validate what a user typed (or a ``tel:`` link) for dialling.

    Returns an extension of 2–5 digits as typed, or the number in E.164. Raises
    :class:`InvalidNumber` for anything else. The message never repeats the input.
    """
    candidate = _URI_SCHEME.sub("", text.strip(), count=1)
    if candidate != text.strip():
        candidate = unquote(candidate).split(";", 1)[0]
    candidate = candidate.strip()
    if not candidate:
        raise InvalidNumber("Enter a phone number or an extension.")
    if is_extension(candidate):
        return candidate
    if len(candidate) > _MAX_INPUT:
        raise InvalidNumber("That is too long to be a phone number.")
    if not _NUMBERISH.match(candidate):
        raise InvalidNumber(
            "A phone number may contain only digits, spaces, dashes, parentheses and a leading +."
        )
    digits = "".join(_DIGITS.findall(candidate))
    if len(digits) < 6:
        raise InvalidNumber("Too few digits: an extension has 2 to 5 digits, a phone number more.")
    as_written = _parse(candidate, region)
    if as_written is not None and phonenumbers.is_valid_number(as_written):
        return _e164(as_written)
    if not candidate.startswith("+"):
        with_plus = _parse("+" + digits, region)
        if with_plus is not None and phonenumbers.is_valid_number(with_plus):
            return _e164(with_plus)
    raise InvalidNumber("This is not a valid phone number. Check the digits and the country code.")
