"""Phone-number helpers of the simulated PBX (it matches numbers by their digits).

The PBX stores and sends numbers in the mixed forms the spec shows (``+380…``, ``380…``,
``0…``, with spaces or dashes); it compares them by their national significant number.
"""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"\D+")
_ALLOWED = re.compile(r"^[+\d][\d\s().\-]*$")


def digits(number: str) -> str:
    """Only the digits of ``number``."""
    return _NON_DIGITS.sub("", number)


def match_key(number: str) -> str:
    """A key equal for every written form of one Ukrainian number.

    ``+380 67 111 2233``, ``380671112233`` and ``0671112233`` all give ``671112233``; other
    numbers keep all their digits.
    """
    d = digits(number)
    if len(d) == 12 and d.startswith("380"):
        return d[3:]
    if len(d) == 10 and d.startswith("0"):
        return d[1:]
    return d


def looks_dialable(number: str) -> bool:
    """True when ``number`` is something a phone could dial (digits, ``+``, separators)."""
    stripped = number.strip()
    return bool(stripped) and bool(_ALLOWED.match(stripped)) and len(digits(stripped)) >= 3


def e164_ua(nsn: str) -> str:
    """``+380`` + a nine-digit national significant number."""
    return "+380" + nsn


def national_ua(nsn: str) -> str:
    """``0`` + a nine-digit national significant number, as dialled inside Ukraine."""
    return "0" + nsn


def pretty_ua(nsn: str) -> str:
    """``+38 (0XX) XXX-XX-XX``, the way people type numbers into a CRM."""
    n = "0" + nsn
    return f"+38 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
