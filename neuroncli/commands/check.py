"""The check command: evaluate like eval and compare the result with an expected CSV file.

The data and the expected file are read in step, one chunk of rows at a time, so memory stays
bounded by ``--chunk-size`` and the result does not depend on it. The comparison rule and its
default tolerances are explained in :mod:`neuroncli.compare`.
"""

import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer

from neuroncli.errors import EXIT_MISMATCH, InputDataError, UsageError
from neuroncli.messages import text

if TYPE_CHECKING:
    from neuroncli.compare import ComparisonTally, Tolerance
    from neuroncli.pipeline import EvalRequest
    from neuroncli.readers import Chunk

DEFAULT_MAX_REPORT = 10
# The defaults of neuroncli.compare, repeated here because the help shows them and that module
# imports numpy. A test keeps the two equal.
DEFAULT_RTOL = 1e-9
DEFAULT_ATOL = 0.0
# Output files of eval that are not delimited text, and so cannot be an expected file.
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def register(app: typer.Typer, lang: str, opts: Any) -> None:
    """Add the check command to *app*, with help text in *lang*."""
    from neuroncli.cli import PlainHelpCommand
    from neuroncli.commands.options import (
        DEFAULT_CHUNK_SIZE,
        MissingPolicy,
        build_request,
        reports_errors,
    )

    app_lang = lang

    def h(key: str, **fields: Any) -> str:
        return text(key, app_lang, **fields)

    @app.command("check", help=h("check.help"), cls=PlainHelpCommand)
    @reports_errors(app_lang)
    def check_command(
        data: opts.Data,
        params: opts.Params,
        expected: Annotated[str, typer.Option(
            "--expected", metavar="EXPECTED.csv", help=h("check.help.expected"))],
        rtol: Annotated[float, typer.Option(
            "--rtol", metavar="R", help=h("check.help.rtol"))] = DEFAULT_RTOL,
        atol: Annotated[float, typer.Option(
            "--atol", metavar="A", help=h("check.help.atol"))] = DEFAULT_ATOL,
        columns: Annotated[list[str] | None, typer.Option(
            "--columns", metavar="NAMES", help=h("check.help.columns"))] = None,
        nan_equal: Annotated[bool, typer.Option(
            "--nan-equal", help=h("check.help.nan_equal"))] = False,
        max_report: Annotated[int, typer.Option(
            "--max-report", metavar="N", help=h("check.help.max_report"))] = DEFAULT_MAX_REPORT,
        activation: opts.Activation = None,
        activation_param: opts.ActivationParam = None,
        features: opts.Features = None,
        id_column: opts.IdColumn = None,
        keep_input: Annotated[bool, typer.Option(
            "--keep-input", help=h("help.keep_input"))] = False,
        delimiter: opts.Delimiter = None,
        no_header: opts.NoHeader = False,
        encoding: opts.Encoding = None,
        decimal: opts.Decimal = ".",
        missing: opts.Missing = MissingPolicy.error,
        target: opts.Target = None,
        loss: opts.Loss = None,
        all_layers: Annotated[bool, typer.Option(
            "--all-layers", help=h("help.all_layers"))] = False,
        chunk_size: opts.ChunkSize = DEFAULT_CHUNK_SIZE,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=h("check.help.quiet"))] = False,
        # Named lang because reports_errors reads the message language from this keyword.
        lang: opts.Lang = None,
        debug: opts.Debug = False,
    ) -> None:
        language = lang.value if lang else app_lang
        tolerance = _check_tolerance(rtol, atol, nan_equal)
        if max_report < 0:
            raise UsageError("usage.bad_positive", option="--max-report", minimum=0,
                             value=max_report)
        request = build_request(
            data=data, params=params, activation=activation, activation_param=activation_param,
            features=features, id_column=id_column, keep_input=keep_input, delimiter=delimiter,
            no_header=no_header, encoding=encoding, decimal=decimal, missing=missing,
            chunk_size=chunk_size, target=target, loss=loss, all_layers=all_layers,
        )
        _check_expected_path(expected, data, params)

        outcome = compare_with_expected(request, expected, columns, tolerance, max_report)

        if outcome.passed:
            if not quiet:
                _print_lines([text("check.match", language, rows=outcome.output_rows,
                                   columns=len(outcome.compared_columns),
                                   rule=_rule(tolerance, language))], dim=True)
            return
        _print_report(outcome, expected, language)
        raise typer.Exit(EXIT_MISMATCH)


def _check_tolerance(rtol: float, atol: float, nan_equal: bool) -> "Tolerance":
    from neuroncli.compare import Tolerance

    for option, value in (("--rtol", rtol), ("--atol", atol)):
        if not math.isfinite(value) or value < 0:
            raise UsageError("check.bad_tolerance", option=option, value=value)
    return Tolerance(rtol, atol, nan_equal)


def _check_expected_path(expected: str, data: str, params: str) -> None:
    from neuroncli.sources import base_suffix, check_readable

    if expected == "-" and "-" in (data, params):
        raise UsageError("check.stdin_twice")
    if base_suffix(expected) in JSON_SUFFIXES:
        raise UsageError("check.expected_format", path=expected,
                         hint="check.hint.expected_format")
    check_readable(expected)


@dataclass
class CheckOutcome:
    """Result of a check: totals over the compared cells, and row or column mismatches."""

    tally: "ComparisonTally"
    compared_columns: list[str]
    output_columns: list[str]
    expected_columns: list[str]
    missing_in_output: list[str] = field(default_factory=list)
    missing_in_expected: list[str] = field(default_factory=list)
    output_rows: int = 0
    expected_rows: int = 0

    @property
    def passed(self) -> bool:
        return (self.tally.differing == 0 and self.output_rows == self.expected_rows
                and not self.missing_in_output and not self.missing_in_expected)


@dataclass
class _ColumnPlan:
    """The compared columns: their positions in the output and in the expected file."""

    names: list[str]
    output_positions: list[int]
    expected_positions: list[int]
    numeric: list[bool]
    missing_in_output: list[str]
    missing_in_expected: list[str]

    @property
    def expected_numeric(self) -> list[int]:
        return [p for p, is_number in zip(self.expected_positions, self.numeric, strict=True)
                if is_number]

    @property
    def expected_text(self) -> list[int]:
        return [p for p, is_number in zip(self.expected_positions, self.numeric, strict=True)
                if not is_number]


def _requested_names(requested: Sequence[str] | None, known: Sequence[str]) -> list[str] | None:
    """Split ``--columns`` values on commas, unless a value is a whole column name."""
    if requested is None:
        return None
    names: list[str] = []
    for value in requested:
        for name in [value] if value in known else value.split(","):
            if name not in names:
                names.append(name)
    return names


def _plan_columns(output_columns: Sequence[str], output_numeric: Sequence[bool],
                  expected_columns: Sequence[str], requested: Sequence[str] | None,
                  expected_path: str, header_line: int | None) -> _ColumnPlan:
    names = _requested_names(requested, [*expected_columns, *output_columns])
    chosen = names if names is not None else list(dict.fromkeys(expected_columns))
    plan = _ColumnPlan([], [], [], [], [], [])
    for name in chosen:
        positions = [i for i, column in enumerate(expected_columns) if column == name]
        if len(positions) > 1:
            raise InputDataError("check.duplicate_column", path=expected_path, line=header_line,
                                 hint="check.hint.expected_file", column_name=name)
        if not positions:
            plan.missing_in_expected.append(name)
        elif name not in output_columns:
            plan.missing_in_output.append(name)
        else:
            output_position = list(output_columns).index(name)
            plan.names.append(name)
            plan.output_positions.append(output_position)
            plan.expected_positions.append(positions[0])
            plan.numeric.append(output_numeric[output_position])
    return plan


class _ExpectedRows:
    """Reader of the expected file's rows in blocks of any size, independent of its chunk size."""

    def __init__(self, chunks: "Iterator[Chunk]", path: str) -> None:
        self._chunks = chunks
        self._path = path
        self._pending: Chunk | None = None
        self.rows = 0

    def take(self, count: int) -> "Chunk | None":
        """Return the next *count* rows, fewer at the end of the file, or None after it."""
        pieces: list[Chunk] = []
        needed = count
        while needed > 0:
            if self._pending is None:
                self._pending = self._next_chunk()
                if self._pending is None:
                    break
            chunk = self._pending
            if len(chunk) <= needed:
                pieces.append(chunk)
                self._pending = None
                needed -= len(chunk)
            else:
                pieces.append(_slice(chunk, 0, needed))
                self._pending = _slice(chunk, needed, len(chunk))
                needed = 0
        block = _concatenate(pieces)
        if block is not None:
            self.rows += len(block)
        return block

    def count_rest(self) -> None:
        """Read the remaining rows, checking them, and add them to ``rows``."""
        if self._pending is not None:
            self.rows += len(self._pending)
            self._pending = None
        while (chunk := self._next_chunk()) is not None:
            self.rows += len(chunk)

    def _next_chunk(self) -> "Chunk | None":
        try:
            return next(self._chunks, None)
        except InputDataError as error:
            raise _about_expected_file(error, self._path) from None


def _slice(chunk: "Chunk", start: int, stop: int) -> "Chunk":
    from neuroncli.readers import Chunk

    return Chunk(chunk.X[start:stop], chunk.text[start:stop], chunk.lines[start:stop],
                 chunk.first_row + start)


def _concatenate(pieces: "list[Chunk]") -> "Chunk | None":
    import numpy as np

    from neuroncli.readers import Chunk

    pieces = [piece for piece in pieces if len(piece)]
    if not pieces:
        return None
    if len(pieces) == 1:
        return pieces[0]
    return Chunk(np.concatenate([piece.X for piece in pieces]),
                 [row for piece in pieces for row in piece.text],
                 np.concatenate([piece.lines for piece in pieces]), pieces[0].first_row)


def _about_expected_file(error: InputDataError, path: str) -> InputDataError:
    """Replace the advice for a data file with advice for the expected file."""
    if error.path == path:
        error.hint = "check.hint.expected_file"
        error.args = (error.render("en"),)
    return error


def compare_with_expected(request: "EvalRequest", expected_path: str,
                          requested: Sequence[str] | None, tolerance: "Tolerance",
                          max_report: int) -> CheckOutcome:
    """Evaluate *request* chunk by chunk and compare every chunk with the expected file's rows.

    Raises
    ------
    NeuronCliError
        Any problem of eval with the data or parameters, and an InputDataError naming the
        line and column of a malformed expected file.
    """
    from neuroncli.compare import ComparisonTally
    from neuroncli.pipeline import Summary, evaluate_chunk, open_batch
    from neuroncli.readers import CsvOptions, CsvTable
    from neuroncli.sources import base_suffix, open_binary

    with open_batch(request) as batch, open_binary(expected_path) as stream:
        # eval writes UTF-8 with a comma, or a tab for .tsv, so nothing is guessed here.
        delimiter = "\t" if base_suffix(expected_path) == ".tsv" else ","
        options = CsvOptions(delimiter=delimiter, encoding="utf-8",
                             chunk_size=request.csv.chunk_size)
        try:
            table = CsvTable(stream, expected_path, options)
        except InputDataError as error:
            raise _about_expected_file(error, expected_path) from None
        output_columns = batch.info.columns
        plan = _plan_columns(output_columns, batch.info.numeric, table.columns, requested,
                             expected_path, table.header_line)
        expected_rows = _ExpectedRows(table.chunks(plan.expected_numeric, plan.expected_text),
                                      expected_path)
        outcome = CheckOutcome(ComparisonTally(tolerance, max_report), plan.names,
                               list(output_columns), list(table.columns),
                               plan.missing_in_output, plan.missing_in_expected)
        id_count = len(batch.selection.ids)
        summary = Summary(loss=batch.plan.loss)

        for chunk in batch.chunks:
            output = evaluate_chunk(batch, chunk, request, summary)
            outcome.output_rows += len(chunk)
            block = expected_rows.take(len(chunk))
            if block is None:
                continue
            rows = len(block)
            # NOTE: eval --safe-csv puts a quote before text cells that start with = + - @, so an
            # expected file written with it differs from the output in those cells.
            got = [output[position][:rows] for position in plan.output_positions]
            ids = [output[position][:rows] for position in range(id_count)]
            outcome.tally.add_block(chunk.first_row, plan.names, got,
                                    _expected_columns(block, plan.numeric), ids)
        expected_rows.count_rest()
        outcome.expected_rows = expected_rows.rows
    return outcome


def _expected_columns(block: "Chunk", numeric: Sequence[bool]) -> list[Any]:
    """Return the block's compared columns in plan order: float arrays and lists of text."""
    columns: list[Any] = []
    number_index = text_index = 0
    for is_number in numeric:
        if is_number:
            columns.append(block.X[:, number_index])
            number_index += 1
        else:
            columns.append([row[text_index] for row in block.text])
            text_index += 1
    return columns


# Reporting ----------------------------------------------------------------------------------

def _format_number(value: float) -> str:
    """Return the shortest text that reads back as *value*, without a trailing ".0"."""
    written = repr(float(value))
    return written[:-2] if written.endswith(".0") else written


def _rule(tolerance: "Tolerance", lang: str) -> str:
    key = "check.rule_nan_equal" if tolerance.nan_equal else "check.rule"
    return text(key, lang, rtol=_format_number(tolerance.rtol),
                atol=_format_number(tolerance.atol))


def _print_lines(lines: Sequence[str], *, dim: bool) -> None:
    from neuroncli.render import note_text, stderr_console

    console = stderr_console()
    for line in lines:
        if dim:
            console.print(note_text(line))
        else:
            # Paths and column names are user text, so rich must not read them as markup.
            console.print(line, markup=False, emoji=False)


def _report_lines(outcome: CheckOutcome, path: str, lang: str) -> list[str]:
    tally = outcome.tally
    lines = [text("check.failed", lang, path=path),
             text("check.cells", lang, differing=tally.differing, compared=tally.compared,
                  rule=_rule(tally.tolerance, lang))]
    if tally.differing:
        for key, peak in (("check.largest_abs", tally.largest_abs),
                          ("check.largest_rel", tally.largest_rel)):
            if peak is not None and peak.error > 0:
                lines.append(text(key, lang, error=repr(peak.error), row=peak.row,
                                  column=peak.column, expected=repr(peak.expected),
                                  got=repr(peak.got)))
    if outcome.output_rows != outcome.expected_rows:
        lines.append(text("check.row_count", lang, expected=outcome.expected_rows,
                          got=outcome.output_rows,
                          compared=min(outcome.output_rows, outcome.expected_rows)))
    for name in outcome.missing_in_expected:
        lines.append(text("check.missing_in_expected", lang, column=name,
                          columns=", ".join(outcome.expected_columns)))
    for name in outcome.missing_in_output:
        lines.append(text("check.missing_in_output", lang, column=name,
                          columns=", ".join(outcome.output_columns)))
    if outcome.missing_in_output or outcome.missing_in_expected:
        lines.append(text("label.hint", lang) + ": " + text("check.hint.columns", lang))
    return lines


def _print_report(outcome: CheckOutcome, path: str, lang: str) -> None:
    from neuroncli.render import print_table

    _print_lines(_report_lines(outcome, path, lang), dim=False)
    tally = outcome.tally
    if not tally.examples:
        return

    with_ids = any(example.row_id is not None for example in tally.examples)
    keys = ["row", *(["id"] if with_ids else []), "column", "expected", "got", "difference"]
    headers = [text(f"check.header.{key}", lang) for key in keys]
    numeric = [key in ("row", "expected", "got", "difference") for key in keys]
    rows = []
    for example in tally.examples:
        cells = [str(example.row)]
        if with_ids:
            cells.append(example.row_id or "")
        cells.append(example.column)
        for value in (example.expected, example.got):
            cells.append(repr(value) if isinstance(value, float) else value)
        cells.append("" if example.difference is None else repr(example.difference))
        rows.append(cells)

    hidden = tally.differing - len(tally.examples)
    notes = [text("check.more", lang, hidden=hidden)] if hidden > 0 else []
    title_key = "check.table_title" if hidden > 0 else "check.table_title_all"
    title = text(title_key, lang, shown=len(tally.examples), differing=tally.differing)
    print_table(sys.stderr, title=title, headers=headers, numeric=numeric, head=rows, tail=[],
                omitted=0, notes=notes)
