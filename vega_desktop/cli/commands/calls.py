"""``calls``, ``dial`` and ``hangup``: the calls going on now."""

from __future__ import annotations

from vega_desktop.api.phone import parse_dial_input
from vega_desktop.cli.context import Context, check_ext
from vega_desktop.cli.errors import EXIT_OK, usage
from vega_desktop.cli.output import show_calls


async def cmd_calls(ctx: Context) -> int:
    async with ctx.client() as client:
        calls = await client.calls.active()
    show_calls(ctx.out, calls, ctx.settings.region)
    return EXIT_OK


async def cmd_dial(ctx: Context) -> int:
    account = ctx.account()
    ext = check_ext(ctx.args.dial_ext) if ctx.args.dial_ext else account.ext
    if not ext:
        raise usage("no extension to call from: pass --ext EXT (or log in with --ext)")
    number = parse_dial_input(ctx.args.number, account.region)
    async with ctx.client(account) as client:
        uuid = await client.calls.make_call(ext=ext, number=number)
    if ctx.out.as_json:
        ctx.out.json({"uuid": uuid, "ext": ext, "number": number})
    else:
        ctx.out.line(uuid)
    return EXIT_OK


async def cmd_hangup(ctx: Context) -> int:
    async with ctx.client() as client:
        await client.calls.hangup(ctx.args.uuid)
    if ctx.out.as_json:
        ctx.out.json({"uuid": ctx.args.uuid, "hung_up": True})
    else:
        ctx.out.line(f"Hung up {ctx.args.uuid}.")
    return EXIT_OK
