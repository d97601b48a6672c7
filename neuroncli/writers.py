"""Write results as CSV, TSV, JSON or JSON Lines, and replace output files atomically.

Numbers are written with Python's ``repr`` of the float64 value, the shortest text that parses
back to the identical float. Non-finite values are written as ``nan``, ``inf`` and ``-inf`` (in
JSON as the strings ``"nan"``, ``"inf"`` and ``"-inf"``, because JSON has no such numbers), and
negative zero as ``-0.0``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import IO, TYPE_CHECKING

from neuroncli.errors import OutputError, UsageError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Column = NDArray[np.float64] | Sequence[object]

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SPOOL_MEMORY = 32 * 1024 * 1024
# From this many values on, numbers are formatted with pyarrow (neuroncli.numtext), which gives
# the same text. Below it, repr is quicker than importing pyarrow.compute (about 0.04 s).
ARROW_VALUES = 4096
# Characters that make a CSV field need quotes (with the delimiter).
_QUOTED_CHARACTERS = ('"', "\n", "\r")


class OutputFormat(str, Enum):
    """The output formats; ``table`` is for people, the others for programs."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


SUFFIX_FORMATS = {
    ".csv": OutputFormat.csv,
    ".tsv": OutputFormat.tsv,
    ".tab": OutputFormat.tsv,
    ".json": OutputFormat.json,
    ".jsonl": OutputFormat.jsonl,
    ".ndjson": OutputFormat.jsonl,
    ".txt": OutputFormat.table,
}


def format_from_path(path: str) -> OutputFormat | None:
    """Return the format an output file's extension names, or None if it names none."""
    return SUFFIX_FORMATS.get(os.path.splitext(path.lower())[1])


def format_numbers(values: NDArray[np.float64]) -> list[str]:
    """Format floats as the shortest text that reads back to the same float64.

    Parameters
    ----------
    values : ndarray of float64, shape (n,)

    Returns
    -------
    list of str, length n
        ``repr`` of each value.
    """
    numbers = values.tolist()
    if values.dtype.kind != "f":
        return list(map(repr, numbers))
    if len(numbers) >= ARROW_VALUES:
        from neuroncli.numtext import repr_list

        return repr_list(values)
    # float.__repr__ is what repr calls for a float, without looking the method up each time.
    return list(map(float.__repr__, numbers))


def _json_numbers(values: NDArray[np.float64]) -> list[str]:
    import numpy as np

    texts = format_numbers(values)
    if not np.isfinite(values).all():
        texts = [f'"{text}"' if text in ("nan", "inf", "-inf") else text for text in texts]
    return texts


def neutralize_formula(cell: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote.

    This is the OWASP rule for CSV injection. Numeric columns are never passed here, so a number
    such as ``-2.5`` is never prefixed.
    """
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


# Values of RecordWriter's text_columns: 0 for no free text, 1 (True) for text that --safe-csv
# always neutralises (ids, class names), KEEP_NUMBERS for input columns whose numbers stay as
# they are.
KEEP_NUMBERS = 2


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def quote_field(cell: str, delimiter: str) -> str:
    """Quote a CSV field that contains the delimiter, a quote or a line break (RFC 4180).

    Python's csv writer leaves a lone carriage return unquoted when the line terminator is
    ``\\n``, and a reader then splits the row there, so the quoting is done here.
    """
    if delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


class RecordWriter:
    """Write rows of one text format to a binary stream, a chunk of columns at a time."""

    def __init__(self, stream: IO[bytes], fmt: OutputFormat, columns: Sequence[str],
                 *, safe_csv: bool = False, bom: bool = False,
                 text_columns: Sequence[int] | None = None) -> None:
        self.stream = stream
        self.format = fmt
        self.columns = list(columns)
        self.safe_csv = safe_csv
        # Which columns carry free text from the input, and so get --safe-csv's neutralisation.
        self.text_columns = list(text_columns) if text_columns is not None else (
            [True] * len(self.columns))
        self.delimiter = "\t" if fmt is OutputFormat.tsv else ","
        self._rows_written = 0
        if bom:
            stream.write(codecs_bom())
        if fmt in (OutputFormat.csv, OutputFormat.tsv):
            self._write_delimited([[quote_field(name, self.delimiter) for name in self.columns]])
        elif fmt is OutputFormat.json:
            stream.write(b"[")

    def _write_delimited(self, rows: Iterable[Sequence[str]]) -> None:
        text = "".join(self.delimiter.join(row) + "\n" for row in rows)
        self.stream.write(text.encode("utf-8"))

    def _text_cells(self, column: Sequence[object], free_text: int) -> list[str]:
        if self.format in (OutputFormat.json, OutputFormat.jsonl):
            return [json.dumps(cell, ensure_ascii=False) for cell in column]
        cells = list(map(str, column))
        if self.safe_csv and free_text == KEEP_NUMBERS:
            cells = [cell if _is_number(cell) else neutralize_formula(cell) for cell in cells]
        elif self.safe_csv and free_text:
            cells = [neutralize_formula(cell) for cell in cells]
        # One scan of all cells finds whether any needs quotes, which is rare.
        joined = "".join(cells)
        if self.delimiter in joined or any(mark in joined for mark in _QUOTED_CHARACTERS):
            return [quote_field(cell, self.delimiter) for cell in cells]
        return cells

    def write(self, columns: Sequence[Column]) -> None:
        """Write one chunk, given as columns: float64 arrays, or lists of text and integers."""
        import numpy as np

        if not columns or len(columns[0]) == 0:
            return
        json_like = self.format in (OutputFormat.json, OutputFormat.jsonl)
        if not json_like and self._write_delimited_chunk(columns):
            return
        formatted = []
        for column, free_text in zip(columns, self.text_columns, strict=True):
            if isinstance(column, np.ndarray):
                formatted.append(_json_numbers(column) if json_like else format_numbers(column))
            else:
                formatted.append(self._text_cells(column, free_text))
        count = len(formatted[0])
        if any(len(texts) != count for texts in formatted):
            raise ValueError("the columns of a chunk differ in length")
        if json_like:
            self._write_json(zip(*formatted, strict=True))
        else:
            self.stream.write(_delimited_rows(formatted, self.delimiter).encode("utf-8"))
        self._rows_written += count

    def _write_delimited_chunk(self, columns: Sequence[Column]) -> bool:
        """Write a large CSV or TSV chunk with pyarrow; return False to leave it to Python.

        The numbers are formatted by :func:`neuroncli.numtext.repr_texts`, and the fields and
        line ends are joined by pyarrow into one buffer, which is written as it is.
        """
        import numpy as np

        count = len(columns[0])
        if count * len(columns) < ARROW_VALUES or any(
                isinstance(column, np.ndarray) and column.dtype.kind != "f"
                for column in columns):
            return False
        import pyarrow as pa
        import pyarrow.compute as pc

        from neuroncli.numtext import numeric_array, repr_texts, string_array

        arrays = []
        for column, free_text in zip(columns, self.text_columns, strict=True):
            if isinstance(column, np.ndarray):
                arrays.append(repr_texts(column))
            elif isinstance(column, range) and column.step == 1:
                numbers = np.arange(column.start, column.stop, dtype=np.int64)
                arrays.append(pc.cast(numeric_array(numbers), pa.string()))
            else:
                arrays.append(string_array(self._text_cells(column, free_text)))
        if any(len(array) != count for array in arrays):
            raise ValueError("the columns of a chunk differ in length")
        newline, nothing, delimiter = string_array(["\n", "", self.delimiter])
        try:
            arrays[-1] = pc.binary_join_element_wise(arrays[-1], newline, nothing)
            lines = pc.binary_join_element_wise(*arrays, delimiter) if len(arrays) > 1 \
                else arrays[0]
        except (pa.ArrowCapacityError, pa.ArrowNotImplementedError):
            # A pyarrow string array contains at most 2**31 - 1 bytes, and the joins accept no
            # large_string, which string_array returns for more. A chunk with more text (such
            # as 10,000 rows of thousands of output columns) is written in two halves.
            if count < 2:
                return False
            half = count // 2
            self.write([column[:half] for column in columns])
            self.write([column[half:] for column in columns])
            return True
        _, offsets_buffer, data_buffer = lines.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=len(lines) + 1,
                                offset=lines.offset * 4)
        self.stream.write(memoryview(data_buffer)[offsets[0]:offsets[-1]])
        self._rows_written += count
        return True

    def _write_json(self, rows: Iterable[Sequence[str]]) -> None:
        keys = [json.dumps(name, ensure_ascii=False) + ": " for name in self.columns]
        parts = []
        for index, texts in enumerate(rows):
            pairs = zip(keys, texts, strict=True)
            body = "{" + ", ".join(key + value for key, value in pairs) + "}"
            if self.format is OutputFormat.json:
                separator = "\n" if self._rows_written + index == 0 else ",\n"
                parts.append(separator + body)
            else:
                parts.append(body + "\n")
        self.stream.write("".join(parts).encode("utf-8"))

    def close(self) -> None:
        """Finish the document (the closing bracket of a JSON array)."""
        if self.format is OutputFormat.json:
            self.stream.write(b"\n]\n" if self._rows_written else b"]\n")


def _delimited_rows(columns: Sequence[list[str]], delimiter: str) -> str:
    """Join equal-length columns of field texts into lines: fields split by *delimiter*, each
    line ending in a newline.

    The fields and separators are laid out in one list by slice assignment and joined once,
    which takes no Python call per row.
    """
    width = 2 * len(columns)
    count = len(columns[0])
    pieces = [delimiter] * (width * count)
    for position, column in enumerate(columns):
        pieces[2 * position::width] = column
    pieces[width - 1::width] = ["\n"] * count
    return "".join(pieces)


def codecs_bom() -> bytes:
    return "\ufeff".encode()


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _is_standard_input(path: str) -> bool:
    """True if *path* is the file that standard input reads (``< data.csv``)."""
    try:
        stdin_stat = os.fstat(sys.stdin.fileno())
        path_stat = os.stat(path)
    except (OSError, ValueError, AttributeError):
        return False
    return (stdin_stat.st_dev, stdin_stat.st_ino) == (path_stat.st_dev, path_stat.st_ino)


@contextlib.contextmanager
def atomic_output(path: str, inputs: Sequence[str] = ()) -> Iterator[IO[bytes]]:
    """Yield a temporary file next to *path* and rename it into place only on success.

    An interrupted or failed run leaves *path* as it was: either the old file or no file.

    Raises
    ------
    UsageError
        If *path* is one of the *inputs*.
    OutputError
        If the folder is missing or not writable, or the disk is full.
    """
    for source in inputs:
        if source == "-":
            if _is_standard_input(path):
                raise UsageError("output.is_input", path=path, hint="output.hint.other_name")
        elif os.path.exists(path) and _same_file(path, source):
            raise UsageError("output.is_input", path=path, hint="output.hint.other_name")
    if os.path.isdir(path):
        raise OutputError("output.is_directory", path=path, hint="output.hint.other_name")
    if os.path.exists(path) and not os.path.isfile(path):
        # A device or a named pipe (/dev/null, /dev/stdout, a FIFO) cannot be replaced by a
        # renamed file, so it is written directly.
        with _special_file(path) as stream:
            yield stream
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError("output.no_folder", path=path, hint="output.hint.folder", folder=folder)

    try:
        handle, temporary = tempfile.mkstemp(
            prefix="." + os.path.basename(path) + ".", suffix=".part", dir=folder
        )
    except OSError as exc:
        raise OutputError("output.cannot_write", path=path, hint="output.hint.folder",
                          reason=exc.strerror or str(exc), folder=folder) from None

    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError("output.cannot_write", path=path, hint="output.hint.folder",
                          reason=exc.strerror or str(exc), folder=folder) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _special_file(path: str) -> Iterator[IO[bytes]]:
    try:
        stream = open(path, "wb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise OutputError("output.cannot_write", path=path, hint="output.hint.folder",
                          reason=exc.strerror or str(exc), folder=os.path.dirname(path)) from None
    try:
        with stream:
            yield stream
    except OSError as exc:
        raise OutputError("output.cannot_write", path=path, hint="output.hint.folder",
                          reason=exc.strerror or str(exc), folder=os.path.dirname(path)) from None


@contextlib.contextmanager
def stdout_spool() -> Iterator[IO[bytes]]:
    """Yield a buffer that is copied to standard output only when the block succeeds.

    A run that fails half-way therefore prints no partial result. The buffer moves to a
    temporary file once it contains more than a few megabytes, so memory stays bounded.
    """
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as spool:
        yield spool
        spool.seek(0)
        if sys.stdout is None:
            raise OutputError("output.stdout_closed", hint="output.hint.stdout")
        try:
            sys.stdout.flush()
            target = getattr(sys.stdout, "buffer", None)
            if target is None:
                sys.stdout.write(spool.read().decode("utf-8"))
            else:
                shutil.copyfileobj(spool, target, 1024 * 1024)
                target.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError("output.stdout_failed", hint="output.hint.stdout",
                              reason=exc.strerror or str(exc)) from None
