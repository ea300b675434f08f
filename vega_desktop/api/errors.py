"""Errors raised by the PBX client.

Every error carries ``.status`` (the HTTP status, or ``None`` when no response was involved) and
a short, plain ``.detail``. No message, repr or detail ever contains the API key: texts that come
from the server are scrubbed of it and truncated before they are stored here.

::

    VegaError
     ├── AuthError          authorize answered >= 400 (wrong domain or key); never retried in a loop
     ├── SessionExpired     403 again right after a fresh authorize (the session cannot be kept)
     ├── NotFound           404
     ├── BadRequest         400 and other 4xx (makeCall's plain-text body becomes .detail)
     ├── ServerError        5xx
     ├── TransportError     connect error, timeout, dropped connection (wraps httpx's)
     └── ProtocolError      the PBX answered what the spec does not allow (bad JSON, shape)
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "BadRequest",
    "InvalidNumber",
    "NotFound",
    "ProtocolError",
    "ServerError",
    "SessionExpired",
    "TransportError",
    "VegaError",
]

#: Longest detail kept from a server's answer; anything longer is cut with an ellipsis.
MAX_DETAIL = 300


def shorten(text: str, limit: int = MAX_DETAIL) -> str:
    """Collapse whitespace and cut ``text`` to ``limit`` characters (plain, one line)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: max(limit - 1, 0)].rstrip() + "…"


class VegaError(Exception):
    """Base of every error the PBX client raises."""

    status: int | None
    detail: str

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        self.detail = shorten(detail) if detail else self._default_detail()
        self.status = status
        super().__init__(self.detail)

    @classmethod
    def _default_detail(cls) -> str:
        doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
        return doc.rstrip(".")

    def __str__(self) -> str:
        if self.status is None:
            return self.detail
        return f"{self.detail} (HTTP {self.status})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, detail={self.detail!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.detail, self.status))


def _rebuild(cls: type[VegaError], detail: str, status: int | None) -> VegaError:
    return cls(detail, status=status)


class AuthError(VegaError):
    """The PBX refused the domain or the API key."""


class SessionExpired(VegaError):  # noqa: N818 - the names are the public contract
    """The PBX refused the session right after a fresh authorization."""


class NotFound(VegaError):  # noqa: N818 - the names are the public contract
    """The PBX has no such object."""


class BadRequest(VegaError):  # noqa: N818 - the names are the public contract
    """The PBX rejected the request."""


class ServerError(VegaError):
    """The PBX failed to handle the request."""


class TransportError(VegaError):
    """The PBX could not be reached, or the connection broke or timed out."""


class ProtocolError(VegaError):
    """The PBX answered something the protocol does not allow."""


class InvalidNumber(ValueError):  # noqa: N818 - the name is the public contract
    """What the user typed cannot be dialled. The message says why, in plain English.

    Not a :class:`VegaError`: no request was made. It lives here, with the other errors, so that
    code which only handles it need not load the phone-number library.
    """
