"""Tables to CSV files that Excel opens as they are, written off the GUI thread.

* UTF-8 with a byte-order mark, so Excel reads Cyrillic names instead of mojibake;
* RFC 4180 quoting (a name with a comma, a quote or a line break stays one cell), CRLF rows;
* the delimiter is the caller's choice: Excel splits on the system list separator, which is
  ``;`` wherever the decimal separator is a comma (Ukrainian locales included);
* cells that a spreadsheet would run as a formula (``=``, ``@``, ``+``/``-`` followed by
  anything but a phone number) get a leading apostrophe: a CRM name is untrusted text;
* the file appears whole or not at all (written next to the target, then renamed).

:func:`export_csv` runs the writing in a worker thread with :func:`asyncio.to_thread`.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

__all__ = ["export_csv", "safe_cell", "write_csv"]

ENCODING: Final = "utf-8-sig"
_FORMULA_START: Final = ("=", "@", "\t", "\r")
_PHONE_LIKE = re.compile(r"[+-][\d ()\-]*")


def safe_cell(value: object) -> str:
    """The text of one cell, defused if a spreadsheet would evaluate it."""
    text = "" if value is None else str(value)
    if not text:
        return text
    if text.startswith(_FORMULA_START) or (text[0] in "+-" and not _PHONE_LIKE.fullmatch(text)):
        return "'" + text
    return text


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
) -> int:
    """Write ``header`` and ``rows`` to ``path`` (blocking); return the number of data rows."""
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding=ENCODING, newline="") as handle:
            writer = csv.writer(
                handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
            )
            writer.writerow([safe_cell(h) for h in header])
            for row in rows:
                writer.writerow([safe_cell(cell) for cell in row])
                count += 1
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return count


async def export_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
) -> int:
    """:func:`write_csv` in a worker thread. ``rows`` is copied first, on the calling thread."""
    snapshot = [tuple(row) for row in rows]
    return await asyncio.to_thread(write_csv, path, tuple(header), snapshot, delimiter=delimiter)
