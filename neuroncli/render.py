"""Rich tables and the two consoles: results go to standard output, messages to standard error.

This is the only module that imports rich. Functions here build renderables and return them; the
command prints them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from neuroncli.messages import text

# Wide enough that a table written to a pipe or a file is never cut to fit 80 columns.
UNLIMITED_WIDTH = 100_000


def stdout_console() -> Console:
    """Return the console for results; off a terminal it has no width limit and no colour."""
    if sys.stdout.isatty():
        return Console(file=sys.stdout, highlight=False)
    return Console(file=sys.stdout, highlight=False, width=UNLIMITED_WIDTH, color_system=None,
                   force_terminal=False)


def stderr_console() -> Console:
    """Return the console for messages; rich drops colour when stderr is not a terminal."""
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def format_display(value: float, precision: int) -> str:
    """Round *value* to *precision* significant digits for people; CSV output is never rounded."""
    return format(value, f".{precision}g")


def result_table(
    *,
    title: str,
    columns: Sequence[str],
    value_columns: int,
    head: Sequence[tuple[Sequence[object], Sequence[float]]],
    tail: Sequence[tuple[Sequence[object], Sequence[float]]],
    omitted: int,
    caption: str | None,
    precision: int,
) -> Group:
    """Build the result table: leading text columns, then the numeric columns right-aligned.

    ``head`` and ``tail`` hold (leading cells, numbers) per row; when ``omitted`` is positive a
    row of dots is put between them.
    """
    table = Table()
    lead_count = len(columns) - value_columns
    for index, name in enumerate(columns):
        numeric = index >= lead_count
        table.add_column(Text(name), justify="right" if numeric else "left", overflow="fold",
                         no_wrap=False)

    def add(row: tuple[Sequence[object], Sequence[float]]) -> None:
        lead, numbers = row
        cells = [Text(str(cell)) for cell in lead]
        cells += [Text(format_display(number, precision)) for number in numbers]
        table.add_row(*cells)

    for row in head:
        add(row)
    if omitted > 0:
        table.add_row(*[Text("⋮") for _ in columns])
    for row in tail:
        add(row)
    # The title and caption stand outside the table, so a narrow table does not wrap them.
    parts: list[Text | Table] = [Text(title, style="bold"), table]
    if caption:
        parts.append(Text(caption, style="dim"))
    return Group(*parts)


def error_text(message: str, lang: str) -> Text:
    """Format an error message for standard error, with user text kept out of rich markup."""
    label = Text(text("label.error", lang) + ": ", style="bold red")
    return label + Text(message)


def note_text(message: str) -> Text:
    return Text(message, style="dim")


def rows_of(lead: Sequence[Sequence[object]], values: Sequence[NDArray[np.float64]]
            ) -> list[tuple[Sequence[object], Sequence[float]]]:
    """Pair each row's leading cells with its numbers, as :func:`result_table` takes them."""
    numbers = list(zip(*(column.tolist() for column in values), strict=True)) if values else []
    return list(zip(lead, numbers, strict=True))
