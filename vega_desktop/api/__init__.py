"""The Vega PBX protocol: an async httpx client, typed models and the webhook parsers.

No Qt, no keyring, no settings here: the caller hands in a domain and a key and gets typed,
immutable models back. See :class:`VegaClient` for the entry point and
:mod:`vega_desktop.api.errors` for the error tree.

The names below load on first use: the error tree is cheap, while the client pulls in httpx and
the models pull in phonenumbers, and the desktop app shows its tray icon before it needs either.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vega_desktop.api.client import VegaClient
    from vega_desktop.api.errors import (
        AuthError,
        BadRequest,
        InvalidNumber,
        NotFound,
        ProtocolError,
        ServerError,
        SessionExpired,
        TransportError,
        VegaError,
    )
    from vega_desktop.api.models import (
        ActiveCall,
        BatchResult,
        CallEvent,
        Contact,
        ContactField,
        Direction,
        Disposition,
        EntityType,
        FieldValue,
        HistoryRecord,
        Leg,
        Note,
        OtherLeg,
        User,
    )
    from vega_desktop.api.resources import ContactDateFilter
    from vega_desktop.api.retry import RetryPolicy

_HOMES = {
    "client": ("VegaClient",),
    "errors": (
        "AuthError",
        "BadRequest",
        "NotFound",
        "ProtocolError",
        "ServerError",
        "SessionExpired",
        "TransportError",
        "VegaError",
        "InvalidNumber",
    ),
    "models": (
        "ActiveCall",
        "BatchResult",
        "CallEvent",
        "Contact",
        "ContactField",
        "Direction",
        "Disposition",
        "EntityType",
        "FieldValue",
        "HistoryRecord",
        "Leg",
        "Note",
        "OtherLeg",
        "User",
    ),
    "resources": ("ContactDateFilter",),
    "retry": ("RetryPolicy",),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "ActiveCall",
    "AuthError",
    "BadRequest",
    "BatchResult",
    "CallEvent",
    "Contact",
    "ContactDateFilter",
    "ContactField",
    "Direction",
    "Disposition",
    "EntityType",
    "FieldValue",
    "HistoryRecord",
    "InvalidNumber",
    "Leg",
    "NotFound",
    "Note",
    "OtherLeg",
    "ProtocolError",
    "RetryPolicy",
    "ServerError",
    "SessionExpired",
    "TransportError",
    "User",
    "VegaClient",
    "VegaError",
]


if not TYPE_CHECKING:  # for the type checker the names are the imports above

    def __getattr__(name: str) -> Any:
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # once loaded, a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
