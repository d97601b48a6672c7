"""The fast paths against the ones they replace: the same chunks, line numbers and errors from
the pyarrow block reader as from the line reader, and the same bytes from RecordWriter as from
its former row-by-row joining.

The line reader (``CsvTable(..., fast=False)``) splits lines with Python's csv module and
parses cells with ``float``; it is the oracle here. Files are generated with everything that
the block reader must hand back to it: blank lines, quotes, CR, ragged rows, bad cells, NaN,
out-of-range numbers, BOMs, bad UTF-8 and NUL bytes. Block sizes are made tiny so that small
files cross many block and chunk boundaries.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import math
import struct
from collections.abc import Sequence
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from neuroncli import fastread, writers  # noqa: E402
from neuroncli.errors import InputDataError  # noqa: E402
from neuroncli.readers import CsvOptions, CsvTable, cell_problem  # noqa: E402
from neuroncli.writers import (  # noqa: E402
    OutputFormat,
    RecordWriter,
    neutralize_formula,
    quote_field,
)

Outcome = tuple[Any, ...]


def read_outcome(data: bytes, fast: bool, features: Sequence[int], passthrough: Sequence[int],
                 stream: io.IOBase | None = None, **options: Any) -> Outcome:
    """Read every chunk; return the header, each chunk's exact contents, and the error if any.

    Column positions wrap around the header's width, so any list of integers selects columns.
    """
    source = stream if stream is not None else io.BytesIO(data)
    try:
        table = CsvTable(source, "data.csv", CsvOptions(**options), fast=fast)  # type: ignore
    except InputDataError as error:
        return ("header error", error.key, error.line, error.fields)
    width = len(table.columns)
    chosen = list(dict.fromkeys(position % width for position in features))
    kept = list(dict.fromkeys(position % width for position in passthrough))
    chunks = []
    try:
        for chunk in table.chunks(chosen, kept):
            assert chunk.X.dtype == np.float64
            assert chunk.X.flags.c_contiguous
            assert chunk.lines.dtype == np.int64
            chunks.append((chunk.X.shape, chunk.X.view(np.uint64).tobytes(), chunk.text,
                           chunk.lines.tolist(), chunk.first_row))
    except InputDataError as error:
        return (table.columns, chunks, "error", error.key, error.line, error.column, error.hint,
                error.fields)
    return (table.columns, chunks, "ok")


def assert_same_reading(data: bytes, features: Sequence[int] = (0, 1, 2, 3),
                        passthrough: Sequence[int] = (), **options: Any) -> Outcome:
    expected = read_outcome(data, False, features, passthrough, **options)
    actual = read_outcome(data, True, features, passthrough, **options)
    assert actual == expected
    return actual


@pytest.fixture
def tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make blocks a few lines long, so that small files cross many block boundaries."""
    monkeypatch.setattr(fastread, "FIRST_BLOCK_BYTES", 16)
    monkeypatch.setattr(fastread, "MAX_BLOCK_BYTES", 48)


def count_block_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the row count of every block that pyarrow parsed (-1 for a rejected block).

    Blocks are parsed on one thread here, so the list is in the order of the file.
    """
    rows: list[int] = []
    original = fastread.BlockParser.parse
    monkeypatch.setattr(fastread, "PARSE_THREADS", 1)

    def parse(self: fastread.BlockParser, block: bytearray) -> Any:
        parsed = original(self, block)
        rows.append(-1 if parsed is None else parsed.rows)
        return parsed

    monkeypatch.setattr(fastread.BlockParser, "parse", parse)
    return rows


# Generated files -----------------------------------------------------------------------------

finite_floats = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)
decimal_texts = st.builds(
    lambda sign, whole, fraction, exponent: f"{sign}{whole}{fraction}{exponent}",
    st.sampled_from(["", "-", "+"]),
    st.text("0123456789", max_size=20),
    st.one_of(st.just(""), st.text("0123456789", max_size=20).map(lambda d: "." + d)),
    st.one_of(st.just(""), st.integers(-400, 400).map(lambda e: f"e{e}"),
              st.integers(-30, 30).map(lambda e: f"E+{e}")),
)
odd_cells = st.sampled_from([
    "", " ", "  1.5", "1.5 ", "\t2", "nan", "NaN", "-inf", "Infinity", "1e400", "-1e400",
    "1e-400", "1_000", "0x10", "abc", "NA", "n/a", "-", ".", "?", "없음", '"1.5"', '"a,b"',
    '"x\ny"', '"q""q"', 'a"b', "１", "1\u00a0", "\u00a0", "\x0b1", "1,5", "+.5", "1.", ".5",
    "-0", "-0.0", "00012", "1e", "e5", "1.2.3", "--1", "\ufeff1",
])
cells = st.one_of(finite_floats.map(repr), finite_floats.map(repr), decimal_texts, odd_cells)
line_ends = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """Draw a small delimited file: mostly plain numbers, with every kind of trouble mixed in."""
    width = draw(st.integers(1, 4))
    plain = draw(st.booleans())
    crlf = draw(st.booleans())
    lines = [",".join(f"c{j}" for j in range(width))]
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 30 if plain else 8))
        if kind == 0:
            lines.append(draw(st.sampled_from(["", " ", ",", " , ", "\t"])))
            continue
        row = [draw(cells if kind < 4 else finite_floats.map(repr)) for _ in range(width)]
        if kind == 1:
            row.append(draw(st.sampled_from(["", " ", "1"])))
        elif kind == 2 and width > 1:
            row.pop()
        lines.append(",".join(row))
    if plain:
        ends = ["\r\n" if crlf else "\n"] * len(lines)
    else:
        ends = [draw(line_ends) for _ in lines]
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    data = text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    trouble = draw(st.integers(0, 19))
    if trouble == 0 and data:
        position = draw(st.integers(0, len(data) - 1))
        data = data[:position] + draw(st.sampled_from([b"\xff", b"\x00", b"\xc3"])) + \
            data[position:]
    return data


selections = st.lists(st.integers(0, 5), min_size=1, max_size=4)
option_sets = st.fixed_dictionaries({
    "chunk_size": st.sampled_from([1, 2, 3, 7, 10_000]),
    "missing": st.sampled_from(["error", "nan"]),
    "header": st.sampled_from([True, True, False]),
})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=csv_files(), features=selections, passthrough=st.lists(st.integers(0, 5),
                                                                   max_size=3),
       options=option_sets, block_bytes=st.sampled_from([1, 8, 16, 40, 100]))
def test_generated_files_read_identically(data, features, passthrough, options, block_bytes):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastread, "FIRST_BLOCK_BYTES", block_bytes)
        patch.setattr(fastread, "MAX_BLOCK_BYTES", 2 * block_bytes)
        assert_same_reading(data, features, passthrough, **options)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=csv_files(), features=selections, options=option_sets)
def test_generated_files_identical_with_default_blocks(data, features, options):
    assert_same_reading(data, features, (), **options)


# Cells ---------------------------------------------------------------------------------------

def block_value(cell: str, passthrough: bool = False) -> float | None:
    """Return what the block parser reads from a one-cell line, or None if it rejects it."""
    parser = fastread.BlockParser(1, ",", [0], [0] if passthrough else [])
    parsed = parser.parse(bytearray((cell + "\n").encode("utf-8")))
    if parsed is None:
        return None
    assert parsed.rows == 1
    return float(parsed.X[0, 0])


def bits(value: float) -> bytes:
    return struct.pack("<d", value)


@pytest.mark.parametrize("passthrough", [False, True], ids=["float_column", "text_column"])
@given(cell=st.one_of(finite_floats.map(repr), decimal_texts, odd_cells,
                      st.text(st.characters(exclude_categories=("Cs",),
                                            exclude_characters='\x00\r\n"'), max_size=8)))
@example(cell="0.30000000000000004")
@example(cell="1e400")
@example(cell="1_000")
@example(cell="\ufeff1")
@example(cell="2.4703282292062328e-324")
@example(cell="179769313486231580793728971405303415079934132710037826936173778980444968292764"
              "750946649017977587207096330286416692887910946555547851940402630657488671505820"
              "681908902000708383676273854845817711531764475730270069855571366959622842914819"
              "860834936475292719074168444365510704342711559699508093042880177904174497791.0")
def test_block_parser_agrees_with_float(passthrough, cell):
    value = block_value(cell, passthrough)
    problem = cell_problem(cell, CsvOptions())

    if value is None:
        return
    assert problem is None
    assert math.isfinite(value)
    assert bits(value) == bits(float(cell))


def test_correctly_rounded_halfway_cell():
    assert bits(block_value("0.30000000000000004")) == bits(0.1 + 0.2)
    assert block_value("0.30000000000000004") != 0.3


@pytest.mark.parametrize("cell", ["1e400", "-1e400", "1_000", "nan", "inf", "-Infinity", "",
                                  " ", "NA", "-", "."])
def test_block_parser_leaves_special_cells_to_line_reader(cell):
    assert block_value(cell) is None


# Behaviour at boundaries ---------------------------------------------------------------------

def plain_file(rows: int, width: int = 3, end: str = "\n") -> bytes:
    rng = np.random.default_rng(rows * 7 + width)
    lines = [",".join(f"x{j}" for j in range(width))]
    lines += [",".join(repr(v) for v in row) for row in rng.standard_normal((rows, width)).tolist()]
    return (end.join(lines) + end).encode()


def test_block_reader_reads_plain_file(monkeypatch):
    parsed_rows = count_block_reads(monkeypatch)
    data = plain_file(500)

    outcome = assert_same_reading(data, chunk_size=64)

    assert outcome[-1] == "ok"
    assert sum(parsed_rows) == 500
    assert min(parsed_rows) > 0


@pytest.mark.parametrize("bad_row", [3, 64, 65, 130, 499])
@pytest.mark.parametrize("trouble", ["abc", "nan", '"1.5"', "", "1e400"])
def test_trouble_in_one_block_is_read_by_line_reader(tiny_blocks, monkeypatch, bad_row,
                                                     trouble):
    parsed_rows = count_block_reads(monkeypatch)
    lines = plain_file(500).decode().splitlines()
    cells = lines[bad_row].split(",")
    cells[1] = trouble
    lines[bad_row] = ",".join(cells)
    data = ("\n".join(lines) + "\n").encode()

    outcome = assert_same_reading(data, chunk_size=64, missing="nan")

    assert -1 in parsed_rows
    if trouble in ("abc", "1e400"):
        assert outcome[2] == "error"
        assert outcome[4] == bad_row + 1
    else:
        # The block reader takes over again after the chunk that needed the line reader.
        assert outcome[-1] == "ok"
        assert parsed_rows[-1] > 0


def test_blank_line_keeps_line_numbers(tiny_blocks):
    lines = plain_file(40).decode().splitlines()
    lines.insert(20, "")
    lines.insert(30, "   ")
    data = ("\n".join(lines) + "\n").encode()

    outcome = assert_same_reading(data, chunk_size=8)

    all_lines = [line for chunk in outcome[1] for line in chunk[3]]
    assert all_lines == [*range(2, 21), *range(22, 31), *range(32, 44)]


def test_quoted_newline_keeps_line_numbers(tiny_blocks):
    lines = ["id,a,b"] + [f"r{i},{i}.5,{i}" for i in range(30)]
    lines[10] = '"two\nlines",9.5,9'
    data = ("\n".join(lines) + "\nzz,abc,1\n").encode()

    outcome = assert_same_reading(data, features=[1, 2], passthrough=[0], chunk_size=4)

    assert outcome[2:6] == ("error", "input.not_a_number", 33, "a")
    texts = [row for chunk in outcome[1] for row in chunk[2]]
    assert ("two\nlines",) in texts


def test_crlf_file_read_by_blocks(monkeypatch):
    parsed_rows = count_block_reads(monkeypatch)

    assert_same_reading(plain_file(300, end="\r\n"), chunk_size=50)

    assert parsed_rows == [300]


def test_no_header_first_chunk(tiny_blocks):
    data = b"\n" + plain_file(50).split(b"\n", 1)[1]

    assert_same_reading(data, header=False, chunk_size=7)


@pytest.mark.parametrize("opener", [gzip.compress, bz2.compress], ids=["gzip", "bz2"])
def test_truncated_archive_same_error(tmp_path, opener):
    data = opener(plain_file(20_000))[:-40]
    path = tmp_path / ("data.csv.gz" if opener is gzip.compress else "data.csv.bz2")
    path.write_bytes(data)
    outcomes = []

    for fast in (False, True):
        with (gzip.open if opener is gzip.compress else bz2.open)(path, "rb") as stream:
            outcomes.append(read_outcome(b"", fast, [0, 1, 2], [], stream=stream,
                                         chunk_size=1000))

    assert outcomes[0][2:4] == ("error", "file.bad_archive")
    assert outcomes[1] == outcomes[0]


def test_encoding_not_utf8_uses_line_reader(monkeypatch):
    parsed_rows = count_block_reads(monkeypatch)
    data = "키,몸무게\n170.5,65.25\n160,-0.0\n".encode("cp949")

    outcome = assert_same_reading(data, features=[0, 1])

    assert outcome[-1] == "ok"
    assert parsed_rows == []


def test_bad_utf8_after_sample_same_error():
    bad_line = "3,몸무게\n".encode("cp949")
    data = b"a,b\n" + b"1,2\n" * 20_000 + b"\n" + bad_line + b"5,6\n"

    outcome = assert_same_reading(data, features=[0, 1])

    assert outcome[2:5] == ("error", "input.decode", 20_003)


def test_header_only_gives_one_empty_chunk():
    outcome = assert_same_reading(b"a,b,c\n", features=[0, 2], passthrough=[1])

    assert outcome[1] == [((0, 2), b"", [], [], 1)]


# Writer ----------------------------------------------------------------------------------------

def reference_output(fmt: OutputFormat, names: list[str], chunks: list[list[Any]],
                     safe_csv: bool, bom: bool, text_columns: list[bool]) -> bytes:
    """Write *chunks* as RecordWriter did before its faster row joining: one repr and one
    quote_field call per cell, and one str.join per row."""
    delimiter = "\t" if fmt is OutputFormat.tsv else ","
    json_like = fmt in (OutputFormat.json, OutputFormat.jsonl)
    out = io.BytesIO()
    if bom:
        out.write("\ufeff".encode())
    if fmt in (OutputFormat.csv, OutputFormat.tsv):
        out.write((delimiter.join(quote_field(name, delimiter) for name in names) + "\n")
                  .encode())
    elif fmt is OutputFormat.json:
        out.write(b"[")
    written = 0
    for columns in chunks:
        if not columns or len(columns[0]) == 0:
            continue
        formatted = []
        for column, free_text in zip(columns, text_columns, strict=True):
            if isinstance(column, np.ndarray):
                texts = [repr(value) for value in column.tolist()]
                if json_like:
                    texts = [f'"{text}"' if text in ("nan", "inf", "-inf") else text
                             for text in texts]
            elif json_like:
                texts = [json.dumps(cell, ensure_ascii=False) for cell in column]
            else:
                cells = [str(cell) for cell in column]
                if safe_csv and free_text:
                    cells = [neutralize_formula(cell) for cell in cells]
                texts = [quote_field(cell, delimiter) for cell in cells]
            formatted.append(texts)
        rows = list(zip(*formatted, strict=True))
        if json_like:
            keys = [json.dumps(name, ensure_ascii=False) + ": " for name in names]
            for index, texts in enumerate(rows):
                body = "{" + ", ".join(key + value for key, value in zip(keys, texts,
                                                                         strict=True)) + "}"
                if fmt is OutputFormat.json:
                    out.write(((",\n" if written + index else "\n") + body).encode())
                else:
                    out.write((body + "\n").encode())
        else:
            out.write("".join(delimiter.join(row) + "\n" for row in rows).encode())
        written += len(rows)
    if fmt is OutputFormat.json:
        out.write(b"\n]\n" if written else b"]\n")
    return out.getvalue()


any_floats = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
field_texts = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
    st.sampled_from(["=1+1", "+x", "-2", "@a", "\tt", "\rr", 'say "hi"', "a,b", "a\tb",
                     "line\nbreak", "", "키"]),
)


@st.composite
def writer_chunks(draw: st.DrawFn) -> tuple[list[bool], list[list[Any]]]:
    """Draw column kinds (float, integer, text) and chunks of columns of those kinds."""
    kinds = draw(st.lists(st.sampled_from(["float", "int", "rows", "text"]), min_size=1,
                          max_size=5))
    chunks = []
    for _ in range(draw(st.integers(0, 4))):
        rows = draw(st.integers(0, 6))
        columns: list[Any] = []
        for kind in kinds:
            if kind == "float":
                columns.append(np.array(draw(st.lists(any_floats, min_size=rows,
                                                      max_size=rows)), dtype=np.float64))
            elif kind == "int":
                columns.append(draw(st.lists(st.integers(-10**6, 10**12), min_size=rows,
                                             max_size=rows)))
            elif kind == "rows":
                first = draw(st.integers(1, 10**12))
                columns.append(range(first, first + rows))
            else:
                columns.append(draw(st.lists(field_texts, min_size=rows, max_size=rows)))
        chunks.append(columns)
    free_text = [kind == "text" and draw(st.booleans()) for kind in kinds]
    return free_text, chunks


@settings(max_examples=300, deadline=None)
@given(drawn=writer_chunks(), fmt=st.sampled_from(list(OutputFormat)[1:]),
       safe_csv=st.booleans(), bom=st.booleans())
@example(drawn=([False, False, False], [[list(range(1, 4)), np.array([0.1, -0.0, 1e16]),
                                         np.array([5e-324, np.nan, -np.inf])]]),
         fmt=OutputFormat.csv, safe_csv=False, bom=False)
@pytest.mark.parametrize("arrow_values", [0, writers.ARROW_VALUES])
def test_record_writer_bytes_unchanged(arrow_values, drawn, fmt, safe_csv, bom):
    """Both the pyarrow writer (used from ARROW_VALUES values on) and the Python one."""
    free_text, chunks = drawn
    names = [f"c{j}" for j in range(len(free_text))]
    stream = io.BytesIO()

    with mock.patch.object(writers, "ARROW_VALUES", arrow_values):
        writer = RecordWriter(stream, fmt, names, safe_csv=safe_csv, bom=bom,
                              text_columns=free_text)
        for columns in chunks:
            writer.write(columns)
        writer.close()

    assert stream.getvalue() == reference_output(fmt, names, chunks, safe_csv, bom, free_text)
