"""Read a delimited text file into float64 chunks of X, keeping what error messages need.

Lines are counted as a text editor counts them (blank lines and line breaks inside quoted fields
included), so that every message can point at the exact line of the file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

import numpy as np
from numpy.typing import NDArray

from neuroncli.dialect import PIECE_BYTES, PrefixedReader, detect_encoding, peek, sniff_delimiter
from neuroncli.errors import InputDataError
from neuroncli.sources import DECOMPRESSION_ERRORS, base_suffix

DEFAULT_CHUNK_SIZE = 10_000
DEFAULT_ENCODING = "utf-8-sig"
# A chunk contains at most this many cells, so very wide files get fewer rows per chunk.
CHUNK_CELLS = 2_000_000

# Cells that people and programs write for "no value". They are errors by default, and NaN with
# ``--missing nan``. The spellings nan/inf/infinity are numbers, not markers.
MISSING_MARKERS = frozenset(
    {"", "na", "n/a", "#n/a", "n.a.", "null", "none", "nil", "missing", "-", "?", ".",
     "없음", "결측"}
)
_INFINITY = re.compile(r"\s*[+-]?inf(inity)?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class CsvOptions:
    """How to split and decode the data file."""

    delimiter: str | None = None
    header: bool = True
    encoding: str | None = None
    decimal: str = "."
    thousands: str | None = None
    missing: str = "error"
    chunk_size: int = DEFAULT_CHUNK_SIZE


@dataclass
class Chunk:
    """Consecutive data rows of the file.

    ``X`` contains the selected feature columns as float64, shape (n, n_x). ``text`` contains the
    cells of the pass-through columns exactly as written. ``lines`` is the 1-based line on which
    each row starts, and ``first_row`` the 1-based data row number of the first row.
    """

    X: NDArray[np.float64]
    text: list[tuple[str, ...]]
    lines: NDArray[np.int64]
    first_row: int

    def __len__(self) -> int:
        return int(self.X.shape[0])


def normalize_encoding(name: str | None) -> str:
    """Return the codec to decode with; plain UTF-8 also drops a byte order mark."""
    if name is None:
        return DEFAULT_ENCODING
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputDataError(
            "input.unknown_encoding", hint="input.hint.encoding_names", encoding=name
        ) from None
    return DEFAULT_ENCODING if codec == "utf-8" else codec


def _splits_on_newline_byte(codec: str) -> bool:
    """True when every line of the encoded text ends in the byte 0x0A, as in UTF-8 and cp949."""
    try:
        encoded = "a,\n".encode(codec)
    except (UnicodeError, LookupError):
        return False
    # endswith, because utf-8-sig puts a byte order mark in front.
    return encoded.endswith(b"a,\n") and not codec.startswith(("utf-16", "utf-32"))


@dataclass
class _ByteCount:
    """The number of bytes of the lines that a reader has yielded so far."""

    bytes: int = 0


def _codec_label(codec: str) -> str:
    """Return the name of *codec* for messages: UTF-8 for the codec that drops a BOM."""
    return "UTF-8" if codecs.lookup(codec).name in ("utf-8", "utf-8-sig") else codec


def _decoded_lines(stream: IO[bytes], codec: str, path: str, first_line: int = 1,
                   consumed: _ByteCount | None = None, mid_file: bool = False) -> Iterator[str]:
    """Yield the decoded lines of *stream*, line endings kept, naming the line of a bad byte.

    Lines are numbered from *first_line*. For codecs whose lines end in the byte 0x0A, *consumed*
    (when given) counts the bytes of every line yielded. With *mid_file* the stream starts inside
    a file, where a UTF-8 byte order mark is a character, not a mark to drop.
    """
    if not _splits_on_newline_byte(codec):
        wrapper = io.TextIOWrapper(stream, encoding=codec, errors="strict", newline="")
        try:
            for number, line in enumerate(wrapper, start=first_line):
                if "\x00" in line:
                    raise InputDataError("input.nul", path=path, line=number,
                                         hint="input.hint.nul", position=line.index("\x00") + 1)
                yield line
        except UnicodeDecodeError as exc:
            raise InputDataError(
                "input.decode_stream", path=path, hint="input.hint.encoding",
                encoding=_codec_label(codec), byte=f"0x{exc.object[exc.start]:02x}",
            ) from None
        except UnicodeError as exc:
            # The UTF-16 and UTF-32 codecs raise a plain UnicodeError for a missing byte order
            # mark or an odd number of bytes.
            raise InputDataError("input.decode_other", path=path, hint="input.hint.encoding",
                                 encoding=_codec_label(codec), reason=str(exc)) from None
        finally:
            with contextlib.suppress(ValueError):
                wrapper.detach()
        return

    counter = consumed if consumed is not None else _ByteCount()
    decoding = "utf-8" if mid_file and codec == DEFAULT_ENCODING else codec
    decoder = codecs.getincrementaldecoder(decoding)("strict")
    number = first_line - 1
    try:
        for number, raw in enumerate(stream, start=first_line):  # noqa: B007 - used after the loop
            try:
                line = decoder.decode(raw)
            except UnicodeDecodeError as exc:
                raise InputDataError(
                    "input.decode", path=path, line=number, hint="input.hint.encoding",
                    encoding=_codec_label(codec), byte=f"0x{raw[exc.start]:02x}",
                    position=exc.start + 1,
                ) from None
            if "\x00" in line:
                raise InputDataError("input.nul", path=path, line=number, hint="input.hint.nul",
                                     position=line.index("\x00") + 1)
            counter.bytes += len(raw)
            yield line
        try:
            rest = decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputDataError(
                "input.decode_truncated", path=path, line=max(number, first_line),
                hint="input.hint.encoding", encoding=_codec_label(codec),
            ) from None
        if rest:
            yield rest
    except DECOMPRESSION_ERRORS as exc:
        raise InputDataError("file.bad_archive", path=path, reason=str(exc)) from None


class _RecordReader:
    """The records of decoded lines, each with the line it starts on, counting from *first_line*.

    ``lines_read`` is the number of the last line consumed, so a reader that stops between two
    records can tell where the next one starts.
    """

    def __init__(self, lines: Iterator[str], delimiter: str, path: str, first_line: int = 1
                 ) -> None:
        self._reader = csv.reader(lines, delimiter=delimiter, strict=True)
        self._path = path
        self._offset = first_line - 1
        self.lines_read = first_line - 1

    def __iter__(self) -> _RecordReader:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        start = self.lines_read + 1
        try:
            record = next(self._reader)
        except csv.Error as exc:
            raise InputDataError(
                "input.csv_syntax", path=self._path, line=start, hint="input.hint.quotes",
                reason=str(exc),
            ) from None
        self.lines_read = self._offset + self._reader.line_num
        return start, record


def _is_blank(record: list[str]) -> bool:
    return not "".join(record).strip()


def _looks_like_decimal_comma(record: Sequence[str]) -> bool:
    return any(cell.strip().lstrip("+-").replace(",", "").isdigit() and "," in cell
               for cell in record)


class CsvTable:
    """A header and a stream of data records from one delimited text file.

    Parameters
    ----------
    stream
        The file's bytes (already decompressed).
    path
        The name used in messages: the path as the user typed it, or ``-``.
    options
        How to decode and split it.
    fast
        Whether :meth:`chunks` may read blocks of plain numeric lines with pyarrow
        (:mod:`neuroncli.fastread`). The chunks and the errors are the same either way; False
        reads every line with Python's csv module.

    Raises
    ------
    InputDataError
        If the file has no header line (it is empty), or cannot be decoded or split.
    """

    def __init__(self, stream: IO[bytes], path: str, options: CsvOptions, *,
                 fast: bool = True) -> None:
        self.path = path
        self.options = options
        self.fast = fast
        # Seconds that the block reader's thread spent reading and parsing.
        self.background_seconds = 0.0
        sample, buffered = peek(stream)
        codec = (normalize_encoding(options.encoding) if options.encoding
                 else detect_encoding(sample, path))
        self.encoding = codec
        self.delimiter = options.delimiter or self._default_delimiter(sample, codec)
        csv.field_size_limit(sys.maxsize)
        self._buffered = buffered
        self._consumed = _ByteCount()
        self._records = _RecordReader(
            _decoded_lines(buffered, codec, path, consumed=self._consumed), self.delimiter, path)
        self._pending: tuple[int, list[str]] | None = None

        first = self._next_nonblank()
        if first is None:
            raise InputDataError("input.empty", path=path, hint="input.hint.empty")
        line, record = first
        # A delimiter at the end of the first line (as spreadsheets write) adds no column.
        width = len(record)
        while width > 1 and not record[width - 1].strip():
            width -= 1
        self._first_record_width = len(record)
        if options.header:
            self.columns: list[str] = record[:width]
            self.header_line: int | None = line
        else:
            self.columns = [f"x{i}" for i in range(1, width + 1)]
            self.header_line = None
            self._pending = first

    def _default_delimiter(self, sample: bytes, codec: str) -> str:
        if base_suffix(self.path) == ".tsv":
            return "\t"
        try:
            text = codecs.getincrementaldecoder(codec)("replace").decode(sample, final=False)
        except UnicodeError:
            text = ""  # reading the file reports the problem with its line
        sniffed = sniff_delimiter(text)
        if sniffed is None or (sniffed == "," and self.options.decimal == ","):
            return ";" if self.options.decimal == "," else ","
        return sniffed

    def _next_nonblank(self) -> tuple[int, list[str]] | None:
        for line, record in self._records:
            if not _is_blank(record):
                return line, record
        return None

    def _data_records(self) -> Iterator[tuple[int, list[str]]]:
        if self._pending is not None:
            yield self._pending
            self._pending = None
        for line, record in self._records:
            if not _is_blank(record):
                yield line, record

    def _check_width(self, line: int, record: list[str]) -> list[str]:
        width = len(self.columns)
        if len(record) > width and not "".join(record[width:]).strip():
            return record[:width]
        hints = []
        if len(self.columns) == 1 and (";" in self.columns[0] or "\t" in self.columns[0]):
            hints.append("input.hint.delimiter")
        if self.delimiter == "," and _looks_like_decimal_comma(record):
            hints.append("input.hint.decimal_comma")
        raise InputDataError(
            "input.ragged", path=self.path, line=line,
            hint=hints[0] if hints else "input.hint.ragged",
            fields=len(record), expected=width, delimiter=repr(self.delimiter),
            header_fields=", ".join(self.columns[:6]),
        )

    def chunks(self, features: Sequence[int], passthrough: Sequence[int]) -> Iterator[Chunk]:
        """Yield the data rows in chunks of at most ``options.chunk_size`` rows.

        A chunk contains at most ``CHUNK_CELLS`` cells, so wide files get fewer rows per chunk.
        Every chunk but the last is full, and a file without data rows gives one empty chunk.

        Parameters
        ----------
        features
            0-based positions of the columns that form X, in order.
        passthrough
            0-based positions of the columns whose text is carried to the output.
        """
        width = len(self.columns)
        limit = max(1, min(self.options.chunk_size, CHUNK_CELLS // max(1, width)))
        if self.fast and features and self._plain_numeric_layout():
            from neuroncli import fastread

            if fastread.available():
                return fastread.fast_chunks(self, features, passthrough, limit)
        return self._line_chunks(features, passthrough, limit)

    def _plain_numeric_layout(self) -> bool:
        """True when the options allow the pyarrow block reader to stand in for the csv module.

        It needs UTF-8 (the byte 0x0A ends every line), numbers with a decimal point and no
        thousands separator, a one-byte delimiter, and no trailing delimiter on the first line.
        """
        # NOTE: files written with a delimiter at the end of every line, as some spreadsheets
        # do, fail this test and are read line by line, at the old speed.
        return (self.encoding == DEFAULT_ENCODING
                and self.options.decimal == "."
                and not self.options.thousands
                and self.delimiter.isascii()
                and self.delimiter not in '"\r\n'
                and self._first_record_width == len(self.columns))

    def _line_chunks(self, features: Sequence[int], passthrough: Sequence[int], limit: int,
                     first_row: int = 1, stop_after: int | None = None
                     ) -> Generator[Chunk, None, int | None]:
        """Yield chunks of *limit* rows read line by line with the csv module.

        With *stop_after*, stop at the first chunk boundary after that many bytes of the current
        stream have been read, and return the number of the next data row. Return None at the
        end of the file.
        """
        width = len(self.columns)
        pick_features = _picker(features)
        pick_text = _picker(passthrough)
        rows: list[tuple[str, ...]] = []
        text: list[tuple[str, ...]] = []
        lines: list[int] = []

        for line, record in self._data_records():
            if len(record) != width:
                record = self._check_width(line, record)
            rows.append(pick_features(record))
            text.append(pick_text(record))
            lines.append(line)
            if len(rows) >= limit:
                yield self._convert(rows, text, lines, first_row, features)
                first_row += len(rows)
                rows, text, lines = [], [], []
                if stop_after is not None and self._consumed.bytes >= stop_after:
                    return first_row

        if rows or first_row == 1:
            yield self._convert(rows, text, lines, first_row, features)
        return None

    def _next_line(self) -> int:
        """Return the number of the first line that the record reader has not consumed."""
        return self._records.lines_read + 1

    def _detach_data(self) -> tuple[bytes, IO[bytes] | None, BaseException | None]:
        """Hand over the unread data: the bytes already read past the last consumed line, the
        stream that continues them (None at its end), and the error that reading it raised.
        """
        error: BaseException | None = None
        try:
            # With bytes in its buffer, read1 returns them without reading the stream.
            head = self._buffered.read1(PIECE_BYTES)
        except Exception as exc:  # noqa: BLE001 - replayed to the line reader, which reports it
            head, error = b"", exc
        raw = self._buffered.raw
        assert isinstance(raw, PrefixedReader)
        prefix, rest, pending_error = raw.detach_rest()
        return head + prefix, (None if error else rest), error or pending_error

    def _replay(self, data: bytes, rest: IO[bytes] | None, error: BaseException | None,
                first_line: int) -> None:
        """Read the next records line by line from *data*, which starts at line *first_line*,
        then from *rest*, or raise *error* where *data* ends.
        """
        self._buffered = io.BufferedReader(PrefixedReader(data, rest, error),
                                           buffer_size=PIECE_BYTES)
        self._consumed = _ByteCount()
        lines = _decoded_lines(self._buffered, self.encoding, self.path, first_line,
                               self._consumed, mid_file=True)
        self._records = _RecordReader(lines, self.delimiter, self.path, first_line)

    def _convert(
        self,
        rows: list[tuple[str, ...]],
        text: list[tuple[str, ...]],
        lines: list[int],
        first_row: int,
        features: Sequence[int],
    ) -> Chunk:
        line_numbers = np.array(lines, dtype=np.int64)
        cells = np.array(rows, dtype=str).reshape(len(rows), len(features))
        X = parse_cells(cells, self.options)
        if X is None:
            raise self._locate_bad_cell(cells, line_numbers, features)
        return Chunk(X, text, line_numbers, first_row)

    def _locate_bad_cell(
        self, cells: NDArray[np.str_], lines: NDArray[np.int64], features: Sequence[int]
    ) -> InputDataError:
        """Find the first cell that ``parse_cells`` rejected and describe it."""
        for i, j in np.ndindex(cells.shape):
            cell = str(cells[i, j])
            problem = cell_problem(cell, self.options)
            if problem is None:
                continue
            column = self.columns[features[j]]
            column_cells = [str(value) for value in cells[:, j]]
            hint = _cell_hint(problem, cell, column_cells, self.options)
            return InputDataError(
                problem, path=self.path, line=int(lines[i]), column=column, hint=hint,
                value=cell, column_name=column,
            )
        raise AssertionError("parse_cells rejected a chunk in which every cell is valid")


def _picker(positions: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    positions = tuple(positions)
    if not positions:
        return lambda record: ()
    if len(positions) == 1:
        only = positions[0]
        return lambda record: (record[only],)
    if positions == tuple(range(len(positions))):
        count = len(positions)
        return lambda record: tuple(record[:count])
    import operator

    getter = operator.itemgetter(*positions)
    return lambda record: getter(record)


def _missing_mask(cells: NDArray[np.str_]) -> NDArray[np.bool_]:
    lowered = np.strings.lower(np.strings.strip(cells))
    return np.isin(lowered, list(MISSING_MARKERS))


def parse_cells(cells: NDArray[np.str_], options: CsvOptions) -> NDArray[np.float64] | None:
    """Convert a 2-D array of cell texts to float64, or return None if any cell is invalid.

    Valid cells are decimal numbers with optional surrounding spaces, and the words nan, inf and
    infinity in any case with an optional sign. Underscores between digits, which Python's
    ``float`` accepts, are rejected, and so is a finite number too large for float64. numpy drops
    trailing NUL characters from strings, so the reader rejects NUL bytes before this step.
    """
    if cells.size == 0:
        return np.zeros(cells.shape, dtype=np.float64)
    if options.missing == "nan":
        cells = np.where(_missing_mask(cells), "nan", cells)
    if options.thousands:
        cells = np.strings.replace(cells, options.thousands, "")
    if options.decimal != ".":
        if np.any(np.strings.find(cells, ".") >= 0):
            return None
        cells = np.strings.replace(cells, options.decimal, ".")
    if np.any(np.strings.find(cells, "_") >= 0):
        return None
    try:
        X = cells.astype(np.float64)
    except ValueError:
        return None
    infinite = np.isinf(X)
    if infinite.any():
        for cell in cells[infinite]:
            if not _INFINITY.fullmatch(str(cell)):
                return None
    return X


def cell_problem(cell: str, options: CsvOptions) -> str | None:
    """Return the key of the message that explains why *cell* is invalid, or None if it is valid."""
    stripped = cell.strip()
    if stripped.lower() in MISSING_MARKERS and options.missing != "nan":
        return "input.missing_value" if stripped else "input.empty_cell"
    if options.missing == "nan" and stripped.lower() in MISSING_MARKERS:
        return None
    candidate = cell.replace(options.thousands, "") if options.thousands else cell
    if options.decimal != ".":
        if "." in candidate:
            return "input.not_a_number"
        candidate = candidate.replace(options.decimal, ".")
    if "_" in candidate:
        return "input.not_a_number"
    try:
        value = float(candidate)
    except ValueError:
        return "input.not_a_number"
    if np.isinf(value) and not _INFINITY.fullmatch(candidate):
        return "input.out_of_range"
    return None


def _cell_hint(problem: str, cell: str, column_cells: list[str], options: CsvOptions) -> str:
    if problem in ("input.missing_value", "input.empty_cell"):
        return "input.hint.missing"
    if problem == "input.out_of_range":
        return "input.hint.out_of_range"
    if options.decimal == "." and re.fullmatch(r"\s*[+-]?\d+,\d+\s*", cell):
        return "input.hint.decimal_comma"
    text_cells = sum(cell_problem(value, options) is not None for value in column_cells)
    if text_cells == len(column_cells):
        return "input.hint.text_column"
    return "input.hint.fix_cell"
