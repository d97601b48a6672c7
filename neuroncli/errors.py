"""One exception hierarchy for every failure the user can fix, each class with its exit code.

An error stores the facts (file, line, column, value, expected) as attributes. The English and
Korean text is built from them in one place, :meth:`NeuronCliError.render`, so that a message
never exists in one language only.
"""

from __future__ import annotations

from typing import Any, ClassVar

from neuroncli.messages import text

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_PARAMS = 4
EXIT_OUTPUT = 5
EXIT_INTERNAL = 70
EXIT_SIGINT = 130
EXIT_SIGTERM = 143


class NeuronCliError(Exception):
    """Base class: a failure with a message key, its fields and an optional hint.

    Parameters
    ----------
    message_key
        Message key in :data:`neuroncli.messages.MESSAGES`.
    path
        The file the problem is in, as the user typed it (``-`` for standard input).
    line
        1-based line number as a text editor counts it.
    column
        Column name (or ``#3`` for a position) the problem is in.
    hint
        Message key of the advice on what to do next.
    fields
        Values for the placeholders of the message and of the hint.
    """

    exit_code: ClassVar[int] = EXIT_INTERNAL

    def __init__(
        self,
        message_key: str,
        /,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
        **fields: Any,
    ) -> None:
        self.key = message_key
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint
        self.fields = fields
        super().__init__(self.render("en"))

    def with_location(
        self, *, path: str | None = None, line: int | None = None
    ) -> NeuronCliError:
        """Fill in the file and line where the raiser did not know them."""
        if self.path is None:
            self.path = path
        if self.line is None:
            self.line = line
        self.args = (self.render("en"),)
        return self

    def location(self, lang: str) -> str:
        """Return "file, line 3, column 'x2'" in *lang*, leaving out what is unknown."""
        parts = []
        if self.path is not None:
            parts.append(text("loc.stdin", lang) if self.path == "-" else self.path)
        if self.line is not None:
            parts.append(text("loc.line", lang, line=self.line))
        if self.column is not None:
            parts.append(text("loc.column", lang, column=self.column))
        return ", ".join(parts)

    def render(self, lang: str) -> str:
        """Build the whole message: location, what failed, and what to do next."""
        body = text(self.key, lang, **self.fields)
        where = self.location(lang)
        message = f"{where}: {body}" if where else body
        if self.hint is not None:
            advice = text(self.hint, lang, **self.fields)
            message += "\n  " + text("label.hint", lang) + ": " + advice
        return message


class UsageError(NeuronCliError):
    """The command line is wrong: a missing file, a bad option value or combination."""

    exit_code = EXIT_USAGE


class InputDataError(NeuronCliError):
    """The data file cannot be read as a numeric table: encoding, shape or cell problems."""

    exit_code = EXIT_INPUT


class ParameterError(NeuronCliError):
    """The parameter file is invalid, or does not fit the selected features."""

    exit_code = EXIT_PARAMS


class OutputError(NeuronCliError):
    """The result could not be written."""

    exit_code = EXIT_OUTPUT
