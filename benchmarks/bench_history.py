"""Filtering and sorting a 10,000-call history, as the History page does it.

    python benchmarks/bench_history.py [--rows 10000] [--runs 7] [--compare]

Builds the page's models (HistoryTableModel under HistoryProxyModel) in a QTableView shown
offscreen (1200x800), loads synthetic records, then times each filter change and each column's
sort, including the view's reaction (pending events processed). Prints the median of ``--runs``
per case and the worst case against the 50 ms target. ``--compare`` also times a plain
QSortFilterProxyModel doing the same work per row in Python (the approach the models avoid).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication, QTableView

from vega_desktop.api import Direction, Disposition, HistoryRecord, Leg
from vega_desktop.core.history_query import RowFilter, filter_key
from vega_desktop.ui.workbench.history_model import Column, HistoryProxyModel, HistoryTableModel

TARGET_MS = 50.0
NAMES = ["Олена Петренко", "Іван Коваль", "ТОВ «Світанок»", "Марта Бойко", "Oleh Kravets", None]
STAFF = [
    Leg(36, "001", "Андрій Васильєв"),
    Leg(27, "002", "Петро Петренко"),
    Leg(41, "003", "Оксана Мельник"),
    Leg(19, "004", "Марія Шевченко"),
]


def synthetic(count: int, seed: int = 7) -> list[HistoryRecord]:
    rng = random.Random(seed)
    now = datetime(2025, 3, 14, 18, 0, tzinfo=UTC)
    out = []
    for i in range(count):
        direction = rng.choice([Direction.INCOMING, Direction.OUTGOING, Direction.INTERNAL])
        external = direction is not Direction.INTERNAL
        answered = rng.random() < 0.7
        talk = rng.randint(3, 900) if answered else 0
        number = f"+38067{rng.randint(0, 9_999_999):07d}" if external else None
        out.append(
            HistoryRecord(
                uuid=f"{i:032x}",
                parent_uuid=None,
                end_at=now - timedelta(seconds=i * 260 + rng.randint(0, 200)),
                direction=direction,
                other_leg_num=number,
                other_leg_name=(rng.choice(NAMES) or number) if external else None,
                leg=rng.choice(STAFF),
                leg2=None if external else rng.choice(STAFF),
                bill_secs=talk,
                duration=talk + rng.randint(2, 40),
                disposition=Disposition.ANSWERED if answered else rng.choice(list(Disposition)[1:]),
                transfer_history=("001", "004") if rng.random() < 0.05 else (),
                audio_url="https://pbx.test/a" if answered else None,
                trunks=(),
            )
        )
    return out


def timed(action: Callable[[], object], view: QTableView) -> tuple[float, float]:
    """(model ms, model + view ms): the change with the proxy's mapping rebuilt, then also the
    view's reaction."""
    start = time.perf_counter()
    action()
    view.model().rowCount()
    model_done = time.perf_counter()
    view.viewport().update()
    QApplication.processEvents()  # the layout change and one repaint of the visible rows
    end = time.perf_counter()
    return (model_done - start) * 1000, (end - start) * 1000


def median_ms(action: Callable[[], object], view: QTableView, runs: int) -> tuple[float, float]:
    samples = [timed(action, view) for _ in range(runs)]
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


class PerRowProxy(QSortFilterProxyModel):
    """What the models avoid: a Python callback per row and per comparison."""

    def __init__(self, keys: list[Any]) -> None:
        super().__init__()
        self.keys = keys
        self.accept: Callable[[Any], bool] | None = None

    def filterAcceptsRow(  # noqa: N802
        self, row: int, parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return self.accept is None or self.accept(self.keys[row])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    records = synthetic(args.rows)
    model = HistoryTableModel()
    proxy = HistoryProxyModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(False)
    view.resize(1200, 800)
    view.show()
    start = time.perf_counter()
    model.load_records(records)
    app.processEvents()
    print(f"{args.rows} rows prepared in {(time.perf_counter() - start) * 1000:.0f} ms (once)")

    missed = frozenset(set(Disposition) - {Disposition.ANSWERED})
    filters = {
        "text '067 12'": RowFilter(text="067 12"),
        "text 'олена'": RowFilter(text="олена"),
        "result: not answered": RowFilter(dispositions=missed),
        "employee 004": RowFilter(employee="004"),
        "all three": RowFilter(dispositions=missed, employee="002", text="петр"),
        "cleared": RowFilter(),
    }
    results: list[tuple[str, float, float]] = []
    print(f"\nmedian of {args.runs} runs, ms:          model   +view")
    print("filter")
    for label, row_filter in filters.items():

        def apply(f: RowFilter = row_filter) -> None:
            proxy.set_row_filter(f)

        model_ms, view_ms = median_ms(apply, view, args.runs)
        results.append((f"filter {label}", model_ms, view_ms))
        print(f"  {label:<28} {model_ms:7.2f} {view_ms:7.2f}   ({proxy.rowCount()} rows)")

    print("sort (ascending / descending)")
    for column in Column:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            view.selectRow(5)  # a selection to carry across the sort

            def run(c: int = column, o: Qt.SortOrder = order) -> None:
                proxy.sort(c, o)

            model_ms, view_ms = median_ms(run, view, args.runs)
            direction = "asc" if order is Qt.SortOrder.AscendingOrder else "desc"
            results.append((f"sort {column.name.lower()} {direction}", model_ms, view_ms))
            print(f"  {column.name.lower() + ' ' + direction:<28} {model_ms:7.2f} {view_ms:7.2f}")

    proxy.set_row_filter(RowFilter(text="олена"))

    def talk() -> None:
        proxy.sort(Column.TALK, Qt.SortOrder.DescendingOrder)

    model_ms, view_ms = median_ms(talk, view, args.runs)
    results.append(("sort talk desc, filtered", model_ms, view_ms))
    print(f"  {'talk desc, filtered':<28} {model_ms:7.2f} {view_ms:7.2f}")

    worst_model = max(results, key=lambda item: item[1])
    worst_view = max(results, key=lambda item: item[2])
    verdict = "OK" if worst_model[1] <= TARGET_MS else "OVER"
    print(
        f"\nworst, model: {worst_model[0]} {worst_model[1]:.2f} ms (target <= {TARGET_MS:.0f} ms)"
    )
    print(f"worst, with the view repainted: {worst_view[0]} {worst_view[2]:.2f} ms")
    print(verdict)

    if args.compare:
        keys = [filter_key(r) for r in records]
        plain = PerRowProxy(keys)
        plain.setSourceModel(model)
        proxy.set_row_filter(RowFilter())
        model.sort(-1)
        accept = RowFilter(text="олена").compile()

        def per_row_filter() -> None:
            plain.accept = accept
            plain.beginFilterChange()
            plain.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            plain.rowCount()

        print("\nfor comparison, QSortFilterProxyModel calling Python per row:")
        per_row = statistics.median(once(per_row_filter) for _ in range(3))
        print(f"  filter 'олена'   {per_row:8.1f} ms")
        plain.setSortRole(Qt.ItemDataRole.UserRole + 2)
        print(f"  sort talk time   {once(lambda: plain.sort(Column.TALK)):8.1f} ms")
    view.close()
    return 0 if worst_model[1] <= TARGET_MS else 1


def once(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    sys.exit(main())
