"""Destinations for evaluated rows: a record writer (CSV, TSV, JSON) or a table for people."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Sequence
from typing import IO

import numpy as np

from neuroncli.messages import text
from neuroncli.numtext import MAX_SIGNIFICANT_DIGITS
from neuroncli.pipeline import BatchInfo, Column, Summary
from neuroncli.writers import OutputFormat, RecordWriter

# Columns that a table keeps at its right edge when it has to leave some out.
TABLE_TAIL_COLUMNS = 3


def summary_lines(summary: Summary, lang: str) -> list[str]:
    """Describe the loss and accuracy of a run with a target, or nothing without one."""
    if summary.loss is None:
        return []
    lines = [text("summary.loss", lang, loss=summary.loss, rows=summary.rows,
                  mean=repr(summary.mean_loss))]
    if summary.accuracy is not None:
        lines.append(text("summary.accuracy", lang, accuracy=repr(summary.accuracy),
                          correct=summary.correct, total=summary.classified))
    return lines


class RecordSink:
    """Send columns to a :class:`~neuroncli.writers.RecordWriter` once their names are known."""

    def __init__(self, stream: IO[bytes], fmt: OutputFormat, *, safe_csv: bool, bom: bool
                 ) -> None:
        self.stream = stream
        self.format = fmt
        self.safe_csv = safe_csv
        self.bom = bom
        self.writer: RecordWriter | None = None

    def begin(self, info: BatchInfo) -> None:
        self.writer = RecordWriter(self.stream, self.format, info.columns,
                                   safe_csv=self.safe_csv, bom=self.bom,
                                   text_columns=info.free_text)

    def write(self, columns: Sequence[Column]) -> None:
        assert self.writer is not None
        self.writer.write(columns)

    def finish(self, summary: Summary) -> None:
        assert self.writer is not None
        self.writer.close()


class TableSink:
    """Keep the first and last rows, formatted for display, and print one table at the end.

    Memory stays bounded: only ``max_rows`` rows are kept, whatever the size of the input.
    """

    def __init__(self, stream: IO[str] | None, lang: str, *, precision: int, max_rows: int,
                 max_columns: int) -> None:
        self.stream = stream
        self.lang = lang
        # --precision and --max-rows accept any integer. Beyond these bounds the table is the
        # same, and format() rejects a precision above 2**31 - 1 and deque a length above
        # sys.maxsize.
        self.precision = min(precision, MAX_SIGNIFICANT_DIGITS)
        self.limit = max_rows
        self.max_columns = max_columns
        self.head: list[list[str]] = []
        self.tail: deque[list[str]] = deque(
            maxlen=min(max_rows // 2, sys.maxsize) if max_rows else None)
        self.info: BatchInfo | None = None

    def begin(self, info: BatchInfo) -> None:
        self.info = info

    def _display(self, column: Column) -> list[str]:
        from neuroncli.render import format_display

        if isinstance(column, np.ndarray):
            return [format_display(value, self.precision) for value in column.tolist()]
        return [str(cell) for cell in column]

    def write(self, columns: Sequence[Column]) -> None:
        if not columns:
            return
        rows = [list(row) for row in zip(*(self._display(c) for c in columns), strict=True)]
        if not self.limit:
            self.head.extend(rows)
            return
        room = max(self.limit - self.limit // 2 - len(self.head), 0)
        self.head.extend(rows[:room])
        self.tail.extend(rows[room:])

    def _visible_columns(self, count: int, limit: int | None = None) -> list[int | None]:
        """Return the column positions to show; None marks where columns were left out."""
        limit = self.max_columns if limit is None else limit
        if not limit or count <= limit:
            return list(range(count))
        keep_tail = min(TABLE_TAIL_COLUMNS, limit - 1)
        keep_head = limit - keep_tail
        return [*range(keep_head), None, *range(count - keep_tail, count)]

    def _fitting_columns(self, headers: Sequence[str], width: int | None) -> list[int | None]:
        """Leave out more columns while the table would be wider than a terminal of *width*."""
        visible = self._visible_columns(len(headers))
        if width is None or not self.max_columns:
            return visible
        rows = [*self.head, *self.tail]

        def table_width(columns: list[int | None]) -> int:
            widths = [max([len(headers[p])] + [len(row[p]) for row in rows]) if p is not None
                      else 1 for p in columns]
            return sum(widths) + 3 * len(widths) + 1

        limit = sum(position is not None for position in visible)
        while limit > 2 and table_width(visible) > width:
            limit -= 1
            visible = self._visible_columns(len(headers), limit)
        return visible

    def finish(self, summary: Summary) -> None:
        from neuroncli.render import print_table

        info = self.info
        assert info is not None
        rows = summary.rows
        omitted = rows - len(self.head) - len(self.tail)
        from neuroncli.render import terminal_width

        visible = self._fitting_columns(info.columns,
                                        terminal_width() if self.stream is None else None)
        hidden = len(info.columns) - sum(position is not None for position in visible)

        first = info.layers[0]
        if len(info.layers) == 1 and first.units == 1:
            title_key = "table.title"
            shapes = f"({rows} x {first.inputs})({first.inputs}) + b"
        else:
            title_key = "table.title_layer" if len(info.layers) == 1 else "table.title_network"
            shapes = " -> ".join(f"({rows} x {layer.inputs})({layer.inputs} x {layer.units}) + b"
                                 for layer in info.layers)
        title = text(title_key, self.lang, activation=info.activation.describe(), shapes=shapes,
                     layers=len(info.layers))
        notes = []
        if omitted > 0:
            notes.append(text("table.omitted", self.lang, omitted=omitted, rows=rows))
        elif rows == 0:
            notes.append(text("table.no_rows", self.lang))
        if hidden:
            notes.append(text("table.columns_omitted", self.lang, hidden=hidden,
                              total=len(info.columns)))
        notes.extend(summary_lines(summary, self.lang))

        def pick(row: Sequence[str]) -> list[str]:
            return [row[position] if position is not None else "…" for position in visible]

        headers = pick(info.columns)
        numeric = [info.numeric[position] if position is not None else False
                   for position in visible]
        body = [pick(row) for row in self.head]
        tail = [pick(row) for row in self.tail]
        print_table(self.stream, title=title, headers=headers, numeric=numeric, head=body,
                    tail=tail, omitted=omitted, notes=notes)
