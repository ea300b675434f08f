"""History queries (windows, client-side filters, the page fetcher) and the CSV writer."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from vega_desktop.api import Direction, Disposition, HistoryRecord, Leg, VegaClient
from vega_desktop.core.csv_export import export_csv, safe_cell, write_csv
from vega_desktop.core.history_query import (
    HistoryQuery,
    Preset,
    RowFilter,
    Source,
    dial_target,
    filter_key,
    local_zone,
    number_digits,
    page_fetcher,
    preset_window,
)
from vega_desktop.demo import SimulatedPbx

from .conftest import requests_to

KYIV = ZoneInfo("Europe/Kyiv")
# 2025-03-31 00:30 in Kyiv (summer time since the 30th): 2025-03-30 21:30 UTC
NOW = datetime(2025, 3, 30, 21, 30, tzinfo=UTC)


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


# --- windows ---------------------------------------------------------------------------------


def test_today_starts_at_kyiv_midnight() -> None:
    lo, hi = preset_window(Preset.TODAY, now=NOW, zone=KYIV)
    assert lo == datetime(2025, 3, 30, 21, 0, tzinfo=UTC)  # 00:00 EEST
    assert hi == NOW
    assert lo.tzinfo is UTC


def test_yesterday_is_a_whole_local_day_across_the_clock_change() -> None:
    lo, hi = preset_window(Preset.YESTERDAY, now=NOW, zone=KYIV)
    assert lo == datetime(2025, 3, 29, 22, 0, tzinfo=UTC)  # 00:00 EET on the 30th
    assert hi == datetime(2025, 3, 30, 20, 59, 59, 999000, tzinfo=UTC)  # a 23-hour day


def test_seven_and_thirty_days_are_whole_days_ending_now() -> None:
    lo, hi = preset_window(Preset.LAST_7_DAYS, now=NOW, zone=KYIV)
    assert lo.astimezone(KYIV) == datetime(2025, 3, 25, tzinfo=KYIV)
    assert hi == NOW
    lo, _ = preset_window(Preset.LAST_30_DAYS, now=NOW, zone=KYIV)
    assert lo.astimezone(KYIV) == datetime(2025, 3, 2, tzinfo=KYIV)


def test_custom_range_is_inclusive_swapped_and_capped_at_now() -> None:
    lo, hi = preset_window(
        Preset.CUSTOM, now=NOW, zone=KYIV, start=date(2025, 3, 12), end=date(2025, 3, 10)
    )
    assert lo.astimezone(KYIV) == datetime(2025, 3, 10, tzinfo=KYIV)
    assert hi.astimezone(KYIV) == datetime(2025, 3, 12, 23, 59, 59, 999000, tzinfo=KYIV)
    _, hi = preset_window(
        Preset.CUSTOM, now=NOW, zone=KYIV, start=date(2025, 3, 29), end=date(2025, 4, 5)
    )
    assert hi == NOW


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        preset_window(Preset.TODAY, now=datetime(2025, 3, 1), zone=KYIV)


def test_local_zone_falls_back_to_the_system_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    assert str(local_zone()) == "Europe/Kyiv"
    import vega_desktop.core.history_query as module

    def missing(key: str) -> ZoneInfo:
        raise ZoneInfoNotFoundError(key)

    monkeypatch.setattr(module, "ZoneInfo", missing)
    zone = local_zone()
    assert zone.utcoffset(datetime.now()) == datetime.now().astimezone().utcoffset()
    lo, _ = HistoryQuery(zone=timezone(timedelta(hours=2))).window(NOW)
    assert lo == datetime(2025, 3, 29, 22, 0, tzinfo=UTC)


# --- client-side filters ---------------------------------------------------------------------


def rec(
    *,
    number: str | None = "+380671234567",
    name: str | None = "Олена Петренко",
    ext: str = "001",
    ext2: str | None = None,
    disposition: Disposition | None = Disposition.ANSWERED,
    transfers: tuple[str, ...] = (),
) -> HistoryRecord:
    return HistoryRecord(
        uuid="a" * 32,
        parent_uuid=None,
        end_at=NOW,
        direction=Direction.INCOMING if number else Direction.INTERNAL,
        other_leg_num=number,
        other_leg_name=name,
        leg=Leg(id=1, ext=ext, display_name="Андрій Васильєв"),
        leg2=Leg(id=2, ext=ext2, display_name="Марія Шевченко") if ext2 else None,
        bill_secs=10,
        duration=20,
        disposition=disposition,
        transfer_history=transfers,
        audio_url=None,
        trunks=(),
    )


def test_number_digits_include_the_national_form() -> None:
    assert number_digits("+380671234567") == "380671234567 0671234567"
    assert number_digits("+48123456789") == "48123456789"
    assert number_digits(None) == ""


def test_an_empty_filter_passes_everything() -> None:
    assert RowFilter().compile() is None
    assert not RowFilter(text="   ").active
    assert RowFilter().accepts(rec())


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("067 123", True),
        ("0671234567", True),
        ("+380 67 123-45-67", True),
        ("(067) 12", True),
        ("4568", False),
        ("олена", True),
        ("ПЕТРЕНКО", True),
        ("васильєв", True),  # the employee's name too
        ("Ірина", False),
    ],
)
def test_text_matches_digits_or_names(text: str, hit: bool) -> None:
    assert RowFilter(text=text).accepts(rec()) is hit


def test_disposition_employee_and_mine() -> None:
    missed = frozenset(set(Disposition) - {Disposition.ANSWERED})
    assert not RowFilter(dispositions=missed).accepts(rec())
    assert RowFilter(dispositions=missed).accepts(rec(disposition=Disposition.BUSY))
    assert not RowFilter(dispositions=missed).accepts(rec(disposition=None))
    assert RowFilter(employee="004").accepts(rec(ext2="004", number=None))
    assert RowFilter(employee="019").accepts(rec(transfers=("017", "019")))
    assert not RowFilter(employee="004").accepts(rec())
    both = RowFilter(mine="001", employee="004", text="марія")
    assert both.accepts(rec(ext2="004", number=None, name=None))
    assert not both.accepts(rec(ext="002", ext2="004", number=None, name=None))


def test_filter_keys_are_plain_tuples() -> None:
    key = filter_key(rec(ext2="004", transfers=("001", "004")))
    assert key[0] == 0
    assert key[1] == frozenset({"001", "004"})
    assert "олена петренко" in key[2]


def test_query_parts() -> None:
    query = HistoryQuery(
        source=Source.MY_CALLS,
        own_ext="001",
        text="067",
        dispositions=frozenset({Disposition.BUSY}),
    )
    assert query.row_filter() == RowFilter(
        dispositions=frozenset({Disposition.BUSY}), mine="001", text="067"
    )
    assert HistoryQuery(own_ext="001").row_filter().mine is None  # company history: everyone
    # only what the PBX filters needs a new fetch
    assert query.server_key() == HistoryQuery(source=Source.MY_CALLS).server_key()
    assert query.server_key() != HistoryQuery().server_key()
    custom = HistoryQuery(preset=Preset.CUSTOM, start=date(2025, 3, 1))
    assert custom.server_key() != HistoryQuery(preset=Preset.CUSTOM).server_key()


# --- the fetcher against the simulated PBX ---------------------------------------------------


@pytest.mark.asyncio
async def test_page_fetcher_reads_the_right_history(pbx: SimulatedPbx, client: VegaClient) -> None:
    now = datetime.fromtimestamp(pbx.now(), UTC)
    company = page_fetcher(
        client.history,
        HistoryQuery(preset=Preset.LAST_7_DAYS, directions=frozenset({Direction.INCOMING})),
        now,
    )
    page = await company(50, 0)
    assert page
    assert {r.direction for r in page} == {Direction.INCOMING}
    request = requests_to(pbx, "/rest/calls/company.api")[-1]
    assert request["query"]["directions"] == "4"  # type: ignore[index]

    everything = page_fetcher(
        client.history,
        HistoryQuery(
            preset=Preset.LAST_7_DAYS,
            directions=frozenset({Direction.INTERNAL, Direction.OUTGOING, Direction.INCOMING}),
        ),
        now,
    )
    await everything(50, 50)
    request = requests_to(pbx, "/rest/calls/company.api")[-1]
    assert "directions" not in request["query"]  # type: ignore[operator]
    assert request["query"]["offset"] == "50"  # type: ignore[index]

    mine = page_fetcher(
        client.history, HistoryQuery(source=Source.MY_CALLS, preset=Preset.LAST_7_DAYS), now
    )
    records = await mine(50, 0)
    request = requests_to(pbx, "/rest/calls/users.api")[-1]
    assert request["query"]["directions"] == "7"  # type: ignore[index]  # never pauses
    assert all(r.direction in (1, 2, 4) for r in records)


# --- CSV -------------------------------------------------------------------------------------


def read_back(path: Path, delimiter: str = ",") -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    return raw, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_csv_has_a_bom_a_header_and_quoted_cells(tmp_path: Path) -> None:
    target = tmp_path / "history.csv"
    tricky = 'Олена "Лена", ТОВ\nдругий рядок'
    count = write_csv(
        target,
        ["Time", "Number and name"],
        [["2025-03-14 12:30", tricky], ["2025-03-14 12:31", "+380671234567"]],
    )
    raw, rows = read_back(target)
    assert count == 2
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b'"\xd0\x9e\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb0 ""' in raw  # quotes doubled
    assert raw.endswith(b"\r\n")
    assert rows == [
        ["Time", "Number and name"],
        ["2025-03-14 12:30", tricky],
        ["2025-03-14 12:31", "+380671234567"],
    ]
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_csv_semicolons_for_comma_locales(tmp_path: Path) -> None:
    target = tmp_path / "h.csv"
    write_csv(target, ["a", "b"], [["1;2", "3,5"]], delimiter=";")
    raw, rows = read_back(target, ";")
    assert rows == [["a", "b"], ["1;2", "3,5"]]
    assert b'"1;2";3,5' in raw


def test_formulas_are_defused_but_phone_numbers_are_not() -> None:
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("+380671234567") == "+380671234567"
    assert safe_cell("+38 (067) 123-45-67") == "+38 (067) 123-45-67"
    assert safe_cell(None) == ""
    assert safe_cell(42) == "42"


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "h.csv"

    def rows() -> object:
        yield ["ok"]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_csv(target, ["a"], rows())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.asyncio
async def test_export_runs_in_a_worker_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vega_desktop.core.csv_export as module

    threads: list[str] = []
    real = module.write_csv

    def spy(*args: object, **kwargs: object) -> int:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "write_csv", spy)
    target = tmp_path / "h.csv"
    count = await export_csv(target, ["a"], iter([["1"], ["2"]]))
    assert count == 2
    assert threads
    assert threads[0] != threading.main_thread().name
    assert read_back(target)[1] == [["a"], ["1"], ["2"]]


def test_dial_target_is_the_other_side() -> None:
    assert dial_target(rec(), "001") == "+380671234567"
    internal = rec(number=None, ext="001", ext2="004")
    assert dial_target(internal, "001") == "004"
    assert dial_target(rec(number=None, ext="004", ext2="001"), "001") == "004"
    assert dial_target(rec(number=None, ext="001"), "001") is None


def test_a_preset_given_as_text_still_counts() -> None:
    assert preset_window("7d", now=NOW, zone=KYIV) == preset_window(  # type: ignore[arg-type]
        Preset.LAST_7_DAYS, now=NOW, zone=KYIV
    )
