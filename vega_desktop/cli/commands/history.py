"""``missed`` and ``history``: past calls in a time window, fetched page by page."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from typing import TypeVar

from vega_desktop.api import Direction, HistoryRecord
from vega_desktop.cli.context import Context, check_ext
from vega_desktop.cli.errors import EXIT_OK, usage
from vega_desktop.cli.output import show_history
from vega_desktop.core.timespec import TimeWindow, parse_window

_T = TypeVar("_T")

# history --direction NAME (parser.DIRECTION_ARGS)
_DIRECTIONS = {
    "in": Direction.INCOMING,
    "out": Direction.OUTGOING,
    "internal": Direction.INTERNAL,
}


def _window(args: argparse.Namespace) -> TimeWindow:
    try:
        return parse_window(args.since, args.time_from, args.time_to)
    except ValueError as exc:
        raise usage(str(exc)) from None


async def _collect(iterator: AsyncIterator[_T], limit: int | None) -> list[_T]:
    """Up to ``limit`` items; stopping early closes the pager so no further page is fetched."""
    result: list[_T] = []
    try:
        async for item in iterator:
            if limit is not None and len(result) >= limit:
                break
            result.append(item)
    finally:
        await _aclose(iterator)
    return result


async def _aclose(iterator: object) -> None:
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


async def cmd_missed(ctx: Context) -> int:
    window = _window(ctx.args)
    async with ctx.client() as client:
        records = await _collect(
            client.history.iter_missed(window.start, window.end), ctx.args.limit
        )
    show_history(ctx.out, records, ctx.settings.region, "No missed calls in this period.")
    return EXIT_OK


async def cmd_history(ctx: Context) -> int:
    args = ctx.args
    window = _window(args)
    directions = sorted({_DIRECTIONS[d] for d in args.direction}) if args.direction else None
    employee = check_ext(args.employee) if args.employee else None
    async with ctx.client() as client:
        if employee is None:
            records = await _collect(
                client.history.iter_company(window.start, window.end, directions=directions),
                args.limit,
            )
        else:

            async def mine() -> AsyncIterator[HistoryRecord]:
                source = client.history.iter_by_users(
                    window.start, window.end, directions=directions
                )
                try:
                    async for record in source:
                        exts = {leg.ext for leg in (record.leg, record.leg2) if leg is not None}
                        if employee in exts:
                            yield record
                finally:
                    await _aclose(source)

            records = await _collect(mine(), args.limit)
    show_history(ctx.out, records, ctx.settings.region, "No calls in this period.")
    return EXIT_OK
