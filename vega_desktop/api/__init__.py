"""The Vega PBX protocol: an async httpx client, typed models and the webhook parsers.

No Qt, no keyring, no settings here: the caller hands in a domain and a key and gets typed,
immutable models back. See :class:`VegaClient` for the entry point and
:mod:`vega_desktop.api.errors` for the error tree.
"""

from vega_desktop.api.client import VegaClient
from vega_desktop.api.errors import (
    AuthError,
    BadRequest,
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
from vega_desktop.api.phone import InvalidNumber
from vega_desktop.api.resources import ContactDateFilter
from vega_desktop.api.retry import RetryPolicy

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
