"""The progress bar of eval and its run statistics, both on standard error."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from neuroncli.messages import text
from neuroncli.pipeline import RunStats

# A run that ends sooner shows no bar, so short runs do not flash one.
PROGRESS_DELAY_SECONDS = 0.5


def progress_wanted(enabled: bool) -> bool:
    """Return True when a progress bar may be shown: enabled, standard error is a terminal, and
    the CI environment variable is not set."""
    if not enabled or os.environ.get("CI"):
        return False
    try:
        return os.isatty(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):
        return False


class ProgressBar:
    """A rich progress bar on standard error that appears once a run has lasted a moment.

    It shows the bytes of the data file read when the size is known, and the rows otherwise, and
    it is removed from the terminal when the run ends.
    """

    def __init__(self, lang: str, path: str, delay: float = PROGRESS_DELAY_SECONDS) -> None:
        self._lang = lang
        self._label = text("speed.progress.label", lang, path=path)
        self._delay = delay
        self._total: int | None = None
        self._started = 0.0
        self._bar: Any = None
        self._task: Any = None

    def start(self, total_bytes: int | None) -> None:
        self._total = total_bytes
        self._started = time.monotonic()

    def advance(self, rows: int, bytes_read: int | None) -> None:
        if self._bar is None:
            if time.monotonic() - self._started < self._delay:
                return
            self._open()
        rows_text = text("speed.progress.rows", self._lang, rows=f"{rows:,}")
        if self._total is not None and bytes_read is not None:
            self._bar.update(self._task, completed=min(bytes_read, self._total), rows=rows_text)
        else:
            self._bar.update(self._task, rows=rows_text)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _open(self) -> None:
        # rich is imported here so that runs without a bar never load rich.progress.
        from rich.progress import (  # noqa: TID251 - this module draws the bar with rich
            BarColumn,
            DownloadColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        from neuroncli.render import stderr_console

        columns: list[Any] = [TextColumn("{task.description}", markup=False)]
        if self._total is not None:
            columns += [BarColumn(), DownloadColumn(), TimeRemainingColumn()]
        else:
            columns.insert(0, SpinnerColumn())
        columns += [TextColumn("{task.fields[rows]}", markup=False), TimeElapsedColumn()]
        self._bar = Progress(*columns, console=stderr_console(), transient=True,
                             refresh_per_second=5)
        self._bar.start()
        self._task = self._bar.add_task(self._label, total=self._total, rows="")


def print_stats(stats: RunStats, seconds: float, lang: str) -> None:
    """Print the rows, chunks and seconds of each phase of a run that took *seconds*."""
    from neuroncli.render import note_text, stderr_console

    rate = stats.rows / seconds if seconds > 0 else 0.0
    console = stderr_console()
    console.print(note_text(text(
        "speed.stats.rows", lang, rows=f"{stats.rows:,}", chunks=f"{stats.chunks:,}",
        seconds=f"{seconds:.3f}", rate=f"{rate:,.0f}",
    )))
    console.print(note_text(text(
        "speed.stats.phases", lang, read=f"{stats.read:.3f}",
        background=f"{stats.background_read:.3f}", compute=f"{stats.compute:.3f}",
        write=f"{stats.write:.3f}",
    )))
