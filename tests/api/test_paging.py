"""History paging: the spec's offset procedure, and a guard against servers that ignore it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.api import samples
from tests.api.fakepbx import FakePbx
from vega_desktop.api import Direction, HistoryRecord, VegaClient

pytestmark = pytest.mark.asyncio

T0 = datetime(2015, 6, 26, tzinfo=UTC)
T1 = T0 + timedelta(days=1)

Iterate = Callable[[VegaClient], AsyncIterator[HistoryRecord]]
ITERATORS: list[tuple[str, Iterate]] = [
    ("/rest/calls/company.api", lambda c: c.history.iter_company(T0, T1)),
    ("/rest/calls/missed.api", lambda c: c.history.iter_missed(T0, T1)),
    ("/rest/calls/users.api", lambda c: c.history.iter_by_users(T0, T1)),
]


def serve(pbx: FakePbx, path: str, total: int) -> list[dict[str, Any]]:
    records = [samples.history_record(i) for i in range(total)]

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        limit = int(request.url.params["limit"])
        return httpx.Response(200, json=records[offset : offset + limit])

    pbx.on("GET", path, handler)
    return records


@pytest.mark.parametrize(("path", "iterate"), ITERATORS, ids=["company", "missed", "users"])
@pytest.mark.parametrize(
    ("total", "offsets"),
    [
        (0, [0]),
        (1, [0]),
        (49, [0]),
        (50, [0, 50]),  # a full page: one more request, which comes back empty
        (51, [0, 50]),
        (100, [0, 50, 100]),
        (120, [0, 50, 100]),
    ],
)
async def test_paging(
    client: VegaClient,
    pbx: FakePbx,
    path: str,
    iterate: Iterate,
    total: int,
    offsets: list[int],
) -> None:
    records = serve(pbx, path, total)
    got = [record.uuid async for record in iterate(client)]
    assert got == [r["uuid"] for r in records]
    pages = pbx.seen(path)
    assert [int(s.query["offset"]) for s in pages] == offsets
    assert all(s.query["limit"] == "50" for s in pages)
    assert all(s.query["timeFrom"] == "1435276800000" for s in pages)
    assert all(s.query["timeTo"] == "1435363200000" for s in pages)


async def test_paging_keeps_the_directions_filter(client: VegaClient, pbx: FakePbx) -> None:
    serve(pbx, "/rest/calls/company.api", 60)
    serve(pbx, "/rest/calls/users.api", 10)
    company = client.history.iter_company(
        T0, T1, directions=[Direction.INCOMING, Direction.OUTGOING]
    )
    assert len([r async for r in company]) == 60
    users = client.history.iter_by_users(T0, T1, directions=[Direction.PAUSE_ON])
    assert len([r async for r in users]) == 10
    assert [s.query["directions"] for s in pbx.seen("/rest/calls/company.api")] == ["6", "6"]
    assert [s.query["directions"] for s in pbx.seen("/rest/calls/users.api")] == ["32"]
    with pytest.raises(ValueError, match="PAUSE_OFF"):
        client.history.iter_company(T0, T1, directions=[Direction.PAUSE_OFF])
    with pytest.raises(ValueError, match="aware"):
        client.history.iter_missed(datetime(2015, 6, 26), T1)
    with pytest.raises(ValueError, match="later"):
        client.history.iter_by_users(T1, T0)
    assert len(pbx.log) == 4  # authorize and the three pages above: nothing for bad input


async def test_a_server_that_ignores_offset_cannot_loop_forever(
    client: VegaClient, pbx: FakePbx, caplog: pytest.LogCaptureFixture
) -> None:
    page = [samples.history_record(i) for i in range(50)]
    pbx.reply("GET", "/rest/calls/company.api", page)
    with caplog.at_level(logging.WARNING, logger="vega_desktop.api"):
        got = [r async for r in client.history.iter_company(T0, T1)]
    assert len(got) == 50  # the repeated page is not yielded again
    assert len(pbx.seen("/rest/calls/company.api")) == 2
    assert "same page again" in caplog.text


async def test_a_server_cycling_between_pages_is_stopped(client: VegaClient, pbx: FakePbx) -> None:
    pages = [
        [samples.history_record(i) for i in range(50)],
        [samples.history_record(i) for i in range(50, 100)],
    ]
    calls = iter(range(1000))
    pbx.on(
        "GET",
        "/rest/calls/missed.api",
        lambda request: httpx.Response(200, json=pages[next(calls) % 2]),
    )
    got = [r async for r in client.history.iter_missed(T0, T1)]
    assert len(got) == 100
    assert len(pbx.seen("/rest/calls/missed.api")) == 3


async def test_stopping_early_sends_no_more_requests(client: VegaClient, pbx: FakePbx) -> None:
    serve(pbx, "/rest/calls/company.api", 500)
    iterator = client.history.iter_company(T0, T1)
    first = [r async for r, _ in _zip_range(iterator, 60)]
    assert len(first) == 60
    assert len(pbx.seen("/rest/calls/company.api")) == 2


async def _zip_range(
    iterator: AsyncIterator[HistoryRecord], count: int
) -> AsyncIterator[tuple[HistoryRecord, int]]:
    index = 0
    async for record in iterator:
        yield record, index
        index += 1
        if index == count:
            await iterator.aclose()  # type: ignore[attr-defined]
            return
