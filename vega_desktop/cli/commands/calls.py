"""``calls``, ``dial`` and ``hangup``: the calls going on now."""

from __future__ import annotations

import asyncio

from vega_desktop.api.phone import parse_dial_input
from vega_desktop.cli.context import Context, check_ext
from vega_desktop.cli.errors import EXIT_OK, CliError, usage
from vega_desktop.cli.output import show_calls
from vega_desktop.core.instance import HandOver, InstanceRequest, hand_over


async def cmd_calls(ctx: Context) -> int:
    async with ctx.client() as client:
        calls = await client.calls.active()
    show_calls(ctx.out, calls, ctx.settings.region)
    return EXIT_OK


async def cmd_dial(ctx: Context) -> int:
    args = ctx.args
    if args.dial_ext:
        check_ext(args.dial_ext)
    number = parse_dial_input(args.number, ctx.settings.region)
    # The running app dials with its signed-in operator's extension on its own PBX, so it gets
    # the number only when the command line names no other extension, domain or server.
    explicit = args.no_app or args.dial_ext or args.ext or args.domain or args.server
    handed = HandOver.NOBODY
    if not explicit:
        handed = await asyncio.to_thread(hand_over, InstanceRequest("dial", number))
    if handed is HandOver.UNCONFIRMED:  # it may still dial: a makeCall here could ring twice
        raise CliError(
            f"the running vega-desktop app took {number} but did not confirm in time; "
            "check it before dialling again (or use --no-app)"
        )
    if handed is HandOver.DELIVERED:
        if ctx.out.as_json:
            ctx.out.json({"handed_to_app": True, "number": number})
        else:
            ctx.out.line(f"The running vega-desktop app is dialling {number}.")
        return EXIT_OK
    account = ctx.account()
    ext = check_ext(args.dial_ext) if args.dial_ext else account.ext
    if not ext:
        raise usage("no extension to call from: pass --ext EXT (or log in with --ext)")
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
