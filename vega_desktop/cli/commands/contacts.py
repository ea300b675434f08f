"""``users``, ``contacts`` and ``notes``: the company's people and the CRM's contacts and notes."""

from __future__ import annotations

import dataclasses
import sys

from vega_desktop.api import Note, NotFound, VegaClient
from vega_desktop.api.phone import parse_dial_input
from vega_desktop.cli.context import Context
from vega_desktop.cli.errors import EXIT_OK, usage
from vega_desktop.cli.output import (
    show_contact,
    show_contacts,
    show_note,
    show_notes,
    show_users,
)


async def cmd_users(ctx: Context) -> int:
    async with ctx.client() as client:
        users = await client.users.list()
    show_users(ctx.out, users)
    return EXIT_OK


async def cmd_contacts(ctx: Context) -> int:
    args = ctx.args
    action = args.contacts_command
    region = ctx.settings.region
    if action == "by-number":
        account = ctx.account()
        number = parse_dial_input(args.number, account.region)
        async with ctx.client(account) as client:
            show_contacts(ctx.out, await client.contacts.by_number(number), region)
        return EXIT_OK
    async with ctx.client() as client:
        if action == "search":
            text = args.text.strip()
            if not text:
                raise usage("the search text is empty")
            if args.notes:
                found = await client.contacts.list(search_note_text=text, limit=args.limit)
            else:
                found = await client.contacts.list(search_text=text, limit=args.limit)
            show_contacts(ctx.out, found, region)
            return EXIT_OK
        contact = await client.contacts.get(args.contact_id)
    show_contact(ctx.out, contact, region)
    return EXIT_OK


def _read_text(text: str) -> str:
    """A note's text: ``text``, or stdin for ``-``."""
    if text == "-":
        text = sys.stdin.read()
    text = text.strip()
    if not text:
        raise usage("the note text is empty")
    return text


async def _find_note(client: VegaClient, contact_id: int, note_id: int) -> Note:
    for note in await client.notes.list(contact_id):
        if note.id == note_id:
            return note
    raise NotFound(f"contact {contact_id} has no note {note_id}", status=None)


async def cmd_notes(ctx: Context) -> int:
    args, out = ctx.args, ctx.out
    action = args.notes_command
    text = _read_text(args.text) if action in ("add", "edit") else ""
    async with ctx.client() as client:
        if action == "list":
            show_notes(out, await client.notes.list(args.contact_id))
        elif action == "add":
            note = await client.notes.create(args.contact_id, text)
            if note.contact_id is None:
                note = dataclasses.replace(note, contact_id=args.contact_id)
            show_note(out, note, "Added")
        elif action == "edit":
            current = await _find_note(client, args.contact_id, args.note_id)
            updated = dataclasses.replace(current, content=text, contact_id=args.contact_id)
            await client.notes.update(args.contact_id, updated)
            show_note(out, updated, "Updated")
        else:
            await client.notes.delete(args.contact_id, args.note_id)
            if out.as_json:
                out.json({"id": args.note_id, "contact_id": args.contact_id, "deleted": True})
            else:
                out.line(f"Deleted note {args.note_id} on contact {args.contact_id}.")
    return EXIT_OK
