"""The error tree: shape, messages, pickling."""

from __future__ import annotations

import pickle

import pytest

from vega_desktop.api import (
    AuthError,
    BadRequest,
    NotFound,
    ProtocolError,
    ServerError,
    SessionExpired,
    TransportError,
    VegaError,
    errors,
)

ALL = [AuthError, SessionExpired, NotFound, BadRequest, ServerError, TransportError, ProtocolError]


@pytest.mark.parametrize("cls", ALL)
def test_every_error_is_a_vega_error_with_status_and_detail(cls: type[VegaError]) -> None:
    err = cls("something went wrong", status=418)
    assert isinstance(err, VegaError)
    assert err.status == 418
    assert err.detail == "something went wrong"
    assert str(err) == "something went wrong (HTTP 418)"
    assert repr(err) == f"{cls.__name__}(status=418, detail='something went wrong')"


@pytest.mark.parametrize("cls", ALL)
def test_default_detail_is_a_sentence_and_status_is_optional(cls: type[VegaError]) -> None:
    err = cls()
    assert err.status is None
    assert err.detail
    assert "\n" not in err.detail
    assert str(err) == err.detail


def test_the_docstring_draws_the_tree() -> None:
    doc = errors.__doc__ or ""
    for cls in ALL:
        assert cls.__name__ in doc


def test_detail_is_one_plain_line_and_truncated() -> None:
    err = BadRequest("line one\n\n  line\ttwo " + "x" * 1000, status=400)
    assert "\n" not in err.detail
    assert "\t" not in err.detail
    assert err.detail.startswith("line one line two")
    assert len(err.detail) <= errors.MAX_DETAIL
    assert err.detail.endswith("…")


@pytest.mark.parametrize("cls", ALL)
def test_errors_survive_pickling(cls: type[VegaError]) -> None:
    copy = pickle.loads(pickle.dumps(cls("gone", status=404)))  # noqa: S301 - our own bytes
    assert type(copy) is cls
    assert (copy.status, copy.detail) == (404, "gone")
