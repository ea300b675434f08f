"""Time specs: --since durations and --from/--to dates into aware UTC windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from vega_desktop.core.timespec import parse_duration, parse_moment, parse_window

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", timedelta(hours=24)),
        ("7d", timedelta(days=7)),
        ("90m", timedelta(minutes=90)),
        ("2w", timedelta(weeks=2)),
        ("45s", timedelta(seconds=45)),
        ("1d12h", timedelta(hours=36)),
        (" 3H ", timedelta(hours=3)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "24", "h", "1y", "-1h", "1.5h", "abc", "24 hours"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)


def test_parse_duration_zero_and_huge() -> None:
    with pytest.raises(ValueError, match="longer than zero"):
        parse_duration("0h")
    with pytest.raises(ValueError, match="too long"):
        parse_duration("99999999999999999999w")
    with pytest.raises(ValueError, match="too long"):
        parse_duration("30000d")


def test_since_window() -> None:
    w = parse_window("90m", now=NOW)
    assert w.end == NOW
    assert w.start == NOW - timedelta(minutes=90)
    assert w.start.tzinfo is UTC


def test_default_since_is_24h() -> None:
    w = parse_window(now=NOW)
    assert (w.start, w.end) == (NOW - timedelta(hours=24), NOW)
    w = parse_window(now=NOW, default_since="7d")
    assert w.start == NOW - timedelta(days=7)


def test_from_to_dates_in_local_zone() -> None:
    w = parse_window(None, "2024-05-01", "2024-05-02", now=NOW, tz=KYIV)
    # Kyiv is UTC+3 in May
    assert w.start == datetime(2024, 4, 30, 21, 0, tzinfo=UTC)
    assert w.end == datetime(2024, 5, 2, 20, 59, 59, 999999, tzinfo=UTC)


def test_from_alone_runs_to_now() -> None:
    w = parse_window(None, "2024-05-09T08:00", None, now=NOW, tz=KYIV)
    assert w.start == datetime(2024, 5, 9, 5, 0, tzinfo=UTC)
    assert w.end == NOW


def test_aware_datetimes_keep_their_offset() -> None:
    w = parse_window(None, "2024-05-01T10:00+02:00", "2024-05-01T12:00Z", now=NOW, tz=KYIV)
    assert w.start == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert w.end == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_to_datetime_is_not_extended() -> None:
    w = parse_window(None, "2024-05-01", "2024-05-01 18:30", now=NOW, tz=UTC)
    assert w.end == datetime(2024, 5, 1, 18, 30, tzinfo=UTC)


def test_naive_uses_system_zone_by_default() -> None:
    moment = parse_moment("2024-05-01T10:00")
    assert moment == datetime(2024, 5, 1, 10, 0).astimezone().astimezone(UTC)
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1h", "2024-05-01", None), "either --since or --from/--to"),
        ((None, None, "2024-05-01"), "--to needs --from"),
        ((None, "2024-05-02", "2024-05-01"), "must be before"),
        ((None, "2024-05-01T10:00", "2024-05-01T10:00"), "must be before"),
        ((None, "yesterday", None), "invalid date"),
        ((None, "2024-13-01", None), "invalid date"),
        ((None, "2024-05-01", "soon"), "invalid date"),
        ((None, " ", None), "empty date"),
        (("ten", None, None), "invalid duration"),
    ],
)
def test_window_errors(args: tuple[str | None, str | None, str | None], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_window(*args, now=NOW, tz=KYIV)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_window("1h", now=datetime(2024, 1, 1))
