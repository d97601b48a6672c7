"""Rich tables and the two consoles: results go to standard output, messages to standard error.

This is the only module that imports rich. Functions here build renderables and return them; the
command prints them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO

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


def terminal_width() -> int | None:
    """Return the width of the terminal that standard output shows, or None off a terminal."""
    if sys.stdout is None or not sys.stdout.isatty():
        return None
    return Console(file=sys.stdout).width


def stderr_console() -> Console:
    """Return the console for messages; rich drops colour when stderr is not a terminal."""
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def format_display(value: float, precision: int) -> str:
    """Round *value* to *precision* significant digits for people; CSV output is never rounded."""
    return format(value, f".{precision}g")


def print_table(
    stream: IO[str] | None,
    *,
    title: str,
    headers: Sequence[str],
    numeric: Sequence[bool],
    head: Sequence[Sequence[str]],
    tail: Sequence[Sequence[str]],
    omitted: int,
    notes: Sequence[str],
) -> None:
    """Print the result table: the title, the rows with numbers right-aligned, then the notes.

    With *stream* None the table goes to standard output; a file gets it without colour and
    without a width limit. When ``omitted`` is positive a row of dots is put between the head and
    the tail rows.
    """
    table = Table()
    for index, (name, is_number) in enumerate(zip(headers, numeric, strict=True)):
        # A number is never folded across lines, where it would be misread; text may be.
        widest = max([len(name)] + [len(row[index]) for row in [*head, *tail]]) if is_number else 0
        table.add_column(Text(name), justify="right" if is_number else "left",
                         overflow="fold", no_wrap=is_number, min_width=widest or None)
    for row in head:
        table.add_row(*[Text(cell) for cell in row])
    if omitted > 0:
        table.add_row(*[Text("⋮") for _ in headers])
    for row in tail:
        table.add_row(*[Text(cell) for cell in row])

    # The title and notes stand outside the table, so a narrow table does not wrap them.
    parts: list[Text | Table] = [Text(title, style="bold"), table]
    parts += [Text(note, style="dim") for note in notes]
    console = stdout_console() if stream is None else Console(
        file=stream, width=UNLIMITED_WIDTH, color_system=None, highlight=False)
    console.print(Group(*parts))


def error_text(message: str, lang: str) -> Text:
    """Format an error message for standard error, with user text kept out of rich markup."""
    label = Text(text("label.error", lang) + ": ", style="bold red")
    return label + Text(message)


def note_text(message: str) -> Text:
    return Text(message, style="dim")
