"""Writing an export as it is read: CSV rows and JSON records, handed on in blocks."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

FLUSH_BYTES = 64 * 1024
# Excel opens a UTF-8 CSV as UTF-8 (Cyrillic, Japanese) only when it starts with a BOM.
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet (CSV injection) — also
# after spaces, and in full width (spreadsheets read "＝" as "="). Neutralised with an
# apostrophe by both writers: stream_csv (FORMULA_RE) and PostgreSQL's COPY (copy.py's
# SQL_FORMULA_RE, derived from FORMULA_RE).
FORMULA_CHARACTERS = "=+@\t\r\n＝＋＠－-"  # "-" last: it stays literal in a character class
LEADING_SPACES = " \u00a0\u3000\f\v"
FORMULA_RE = re.compile(f"[{LEADING_SPACES}]*[{FORMULA_CHARACTERS}]")


def in_blocks[S: (str, bytes)](parts: Iterable[S], empty: S) -> Iterator[S]:
    """The parts joined into blocks of about ``FLUSH_BYTES``: few, large writes to the client,
    and no more than a block held at a time."""
    buffer: list[S] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= FLUSH_BYTES:
            yield empty.join(buffer)
            buffer, size = [], 0
    yield empty.join(buffer)


class _Line:
    """A file-like object for csv.writer that hands back what was written."""

    def write(self, value: str) -> str:
        return value


def csv_line(values: Iterable[Any], lineterminator: str = "\r\n") -> str:
    """One CSV line, quoted as the csv module quotes it."""
    return csv.writer(_Line(), lineterminator=lineterminator).writerow(values)


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    """Each row as a CSV line; a text cell that a spreadsheet would run as a formula gets an
    apostrophe first."""
    writer = csv.writer(_Line())
    return (
        writer.writerow(
            [
                "'" + cell if cell.__class__ is str and FORMULA_RE.match(cell) else cell
                for cell in row
            ]
        )
        for row in rows
    )


def csv_head(header: Iterable[str]) -> str:
    """What a CSV file starts with: the BOM and the header line."""
    return BOM + csv_line(header)


def stream_csv(header: Iterable[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    return in_blocks(itertools.chain([csv_head(header)], csv_lines(rows)), "")


def stream_json(head: dict[str, Any], records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """``{…head…, "events": [ … ]}`` written one record at a time, as UTF-8.

    orjson: compact JSON with dates in ISO 8601, several times faster than ``json`` (the
    export of everything is half a gigabyte).
    """
    opening = orjson.dumps(head)[:-1] + b', "events": [\n' if head else b'{"events": [\n'
    texts = (
        orjson.dumps(record) if index == 0 else b",\n" + orjson.dumps(record)
        for index, record in enumerate(records)
    )
    return in_blocks(itertools.chain([opening], texts, [b"\n]}\n"]), b"")
