"""Why the simulated PBX refuses a request, and the checks on request values that say so.

Every refusal is a :class:`PbxError` carrying the HTTP status :mod:`vega_desktop.demo.server`
answers with::

    PbxError (500)
    ├── BadRequestError (400)     a value is missing, malformed or out of range
    ├── UnauthorizedError (401)   wrong domain or API key
    ├── ForbiddenError (403)      no live session
    ├── NotFoundError (404)       no such call, user, contact, note or recording
    └── ConflictError (409)       the call is not in a state that allows it
"""

from __future__ import annotations


class PbxError(Exception):
    """A request the PBX refuses; ``status`` is the HTTP status to answer with."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequestError(PbxError):
    status = 400


class UnauthorizedError(PbxError):
    status = 401


class ForbiddenError(PbxError):
    status = 403


class NotFoundError(PbxError):
    status = 404


class ConflictError(PbxError):
    status = 409


def as_int(value: object, name: str) -> int:
    """``value`` as an int (a number or a string of digits); BadRequestError otherwise."""
    if isinstance(value, bool):
        raise BadRequestError(f"{name} must be a number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise BadRequestError(f"{name} must be a number")


def optional_int(value: object, name: str) -> int | None:
    return None if value is None else as_int(value, name)


def optional_str(value: object, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise BadRequestError(f"{name} must be a string")
