"""Forms shared by the PBX's wire formats: JSON-ready values, milliseconds and uuids."""

from __future__ import annotations

from typing import Any

Json = Any  # a JSON-ready value (dict/list/str/int/float/bool/None)


def to_ms(seconds: float) -> int:
    """UNIX milliseconds, as histories, contacts and notes carry times."""
    return int(seconds * 1000)


def dashed(uuid: str) -> str:
    """``8-4-4-4-12`` form of a 32-hex uuid, as the history APIs print it."""
    return f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"


def plain_uuid(uuid: str) -> str | None:
    """32 lowercase hex digits from a dashed or plain uuid; None when it is not one."""
    candidate = uuid.strip().replace("-", "").lower()
    if len(candidate) == 32 and all(ch in "0123456789abcdef" for ch in candidate):
        return candidate
    return None
