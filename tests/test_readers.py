"""CsvTable, parse_cells and cell_problem on in-memory bytes: decoding, line numbers, cells."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neuroncli.errors import InputDataError
from neuroncli.readers import (
    MISSING_MARKERS,
    Chunk,
    CsvOptions,
    CsvTable,
    cell_problem,
    parse_cells,
)

KOREAN_HEADER = "키,몸무게"


def open_table(data: bytes, path: str = "data.csv", **options: object) -> CsvTable:
    return CsvTable(io.BytesIO(data), path, CsvOptions(**options))  # type: ignore[arg-type]


def read_chunks(table: CsvTable, passthrough: tuple[int, ...] = ()) -> list[Chunk]:
    """Read all chunks, with every column as a feature."""
    return list(table.chunks(range(len(table.columns)), passthrough))


def read_matrix(data: bytes, **options: object) -> tuple[np.ndarray, np.ndarray]:
    """Return X and the line numbers of all rows, concatenated over the chunks."""
    chunks = read_chunks(open_table(data, **options))
    return (np.concatenate([chunk.X for chunk in chunks]),
            np.concatenate([chunk.lines for chunk in chunks]))


def read_error(data: bytes, **options: object) -> InputDataError:
    """Read the whole table and return the InputDataError it raises."""
    with pytest.raises(InputDataError) as info:
        read_chunks(open_table(data, **options))
    return info.value


def first_bad_byte(line: bytes) -> int:
    """Return the 0-based offset of the first byte that Python's UTF-8 decoder rejects."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    raise AssertionError("the line is valid UTF-8")


# Encodings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["no_bom", "bom"])
def test_utf8_korean_header_kept_exactly(prefix):
    data = prefix + f"{KOREAN_HEADER}\n170.5,65.25\n".encode()

    table = open_table(data)
    X, lines = read_matrix(data)

    assert table.columns == ["키", "몸무게"]
    assert all("\ufeff" not in name for name in table.columns)
    assert X.tolist() == [[170.5, 65.25]]
    assert lines.tolist() == [2]


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "CP949", "EUC_KR"])
def test_cp949_with_encoding_option(encoding):
    data = f"{KOREAN_HEADER}\n170.5,65.25\n160,-0.0\n".encode("cp949")

    table = open_table(data, encoding=encoding)
    chunks = read_chunks(table)

    assert table.columns == ["키", "몸무게"]
    assert chunks[0].X.tolist() == [[170.5, 65.25], [160.0, -0.0]]
    assert math.copysign(1.0, chunks[0].X[1, 1]) == -1.0


def test_cp949_detected_without_option():
    data = f"{KOREAN_HEADER}\n1,2\n".encode("cp949")

    table = open_table(data)

    assert table.encoding == "cp949"
    assert table.columns == KOREAN_HEADER.split(",")


def test_decode_error_after_sample_names_line():
    # Detection reads the first 64 KiB; a cp949 line after them is a decode error at its line.
    bad_line = "3,몸무게\n".encode("cp949")
    data = b"a,b\n" + b"1,2\n" * 20_000 + b"\n" + bad_line + b"5,6\n"

    error = read_error(data)

    assert error.key == "input.decode"
    assert error.line == 20_003
    assert error.fields["position"] == first_bad_byte(bad_line) + 1
    assert error.fields["byte"] == f"0x{bad_line[first_bad_byte(bad_line)]:02x}"
    assert error.hint == "input.hint.encoding"
    assert "--encoding" in error.render("en")
    assert "--encoding" in error.render("ko")


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"])
def test_decode_error_names_utf8(prefix):
    # Python's codec for UTF-8 with a byte order mark is utf-8-sig; users know it as UTF-8.
    # The bad byte comes after the 64 KiB that encoding detection reads.
    error = read_error(prefix + b"a,b\n" + b"1,2\n" * 20_000 + b"3,\xff\n")

    assert error.key == "input.decode"
    assert error.fields["encoding"] == "UTF-8"
    assert "not valid UTF-8" in error.render("en")


def test_unknown_encoding_rejected():
    with pytest.raises(InputDataError) as info:
        open_table(b"a\n1\n", encoding="no-such-codec")

    assert info.value.key == "input.unknown_encoding"
    assert info.value.fields["encoding"] == "no-such-codec"


def test_utf16_file_with_encoding_option():
    data = f"{KOREAN_HEADER}\r\n1.5,2\r\n\r\n3,4\r\n".encode("utf-16")

    table = open_table(data, encoding="utf-16")
    X, lines = read_matrix(data, encoding="utf-16")

    assert table.columns == ["키", "몸무게"]
    assert X.tolist() == [[1.5, 2.0], [3.0, 4.0]]
    assert lines.tolist() == [2, 4]


# Lines and shape ---------------------------------------------------------------------------

def test_crlf_line_endings():
    data = b"a,b\r\n1,2\r\n3,4\r\n"

    table = open_table(data)
    X, lines = read_matrix(data)

    assert table.columns == ["a", "b"]
    assert X.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert lines.tolist() == [2, 3]


def test_blank_lines_skipped_but_counted():
    data = b"\n  \na,b\n\n1,2\n   \n\t\n , \n3,4\n\n"

    table = open_table(data)
    X, lines = read_matrix(data)

    assert table.header_line == 3
    assert X.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert lines.tolist() == [5, 9]


def test_multiline_quoted_field_shifts_lines():
    data = b'id,v\n"first\nsecond",1\n2,3\nz,abc\n'
    table = open_table(data)

    with pytest.raises(InputDataError) as info:
        for _chunk in table.chunks([1], [0]):
            pass

    assert info.value.key == "input.not_a_number"
    assert info.value.line == 5
    assert info.value.column == "v"

    first = next(open_table(data, chunk_size=2).chunks([1], [0]))
    assert first.X.tolist() == [[1.0], [3.0]]
    assert first.lines.tolist() == [2, 4]
    assert first.text == [("first\nsecond",), ("2",)]


@pytest.mark.parametrize("data", [b"a,b,\n1,2,\n3,4\n", b"a,b,,\n1,2,\n3,4, \n"])
def test_trailing_empty_delimiter_ignored(data):
    table = open_table(data)
    X, _ = read_matrix(data)

    assert table.columns == ["a", "b"]
    assert X.tolist() == [[1.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize(
    ("row", "fields"),
    [(b"1", 1), (b"1,2,3", 3), (b"1,2,,5", 4)],
    ids=["fewer", "more", "more_after_empty"],
)
def test_ragged_row_names_line_and_counts(row, fields):
    data = b"a,b\n1,2\n\n" + row + b"\n"

    error = read_error(data)

    assert error.key == "input.ragged"
    assert error.line == 4
    assert error.fields["fields"] == fields
    assert error.fields["expected"] == 2
    assert f"{fields} fields" in error.render("en")
    assert "header has 2" in error.render("en")


@pytest.mark.parametrize(
    "data",
    [b"", b"\xef\xbb\xbf", b"\n\n\n", b"  \r\n\t\n", b"\xef\xbb\xbf\n , \n"],
    ids=["zero_bytes", "bom_only", "blank_lines", "whitespace_lines", "bom_and_blank"],
)
def test_empty_input_rejected(data):
    with pytest.raises(InputDataError) as info:
        open_table(data)

    assert info.value.key == "input.empty"


def test_header_only_gives_one_empty_chunk():
    table = open_table(b"a,b,c\n")

    chunks = read_chunks(table)
    two_columns = list(open_table(b"a,b,c\n").chunks([0, 2], [1]))

    assert len(chunks) == 1
    assert chunks[0].X.shape == (0, 3)
    assert chunks[0].X.dtype == np.float64
    assert chunks[0].lines.shape == (0,)
    assert len(chunks[0]) == 0
    assert two_columns[0].X.shape == (0, 2)


def test_no_header_names_columns():
    data = b"1,2,3\n\n4,5,6\n"

    table = open_table(data, header=False)
    X, lines = read_matrix(data, header=False)

    assert table.columns == ["x1", "x2", "x3"]
    assert table.header_line is None
    assert X.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert lines.tolist() == [1, 3]


# Cells -------------------------------------------------------------------------------------

def test_non_finite_spellings_parse_to_ieee():
    X, _ = read_matrix(b"a,b,c,d,e,f\nnan,NaN,inf,-Infinity,+INF, -inf \n")
    row = X[0]

    assert np.isnan(row[0])
    assert np.isnan(row[1])
    assert row[2] == math.inf
    assert row[3] == -math.inf
    assert row[4] == math.inf
    assert row[5] == -math.inf


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("1_000", "input.not_a_number"),
        ("0x10", "input.not_a_number"),
        ("abc", "input.not_a_number"),
        ("1e400", "input.out_of_range"),
        ("-1e400", "input.out_of_range"),
        ("", "input.empty_cell"),
        ("  ", "input.empty_cell"),
        ("NA", "input.missing_value"),
        ("없음", "input.missing_value"),
    ],
)
def test_bad_cell_names_key_line_and_column(cell, key):
    data = f"{KOREAN_HEADER}\n1,2\n\n3,{cell}\n5,6\n".encode()

    error = read_error(data)

    assert error.key == key
    assert error.line == 4
    assert error.column == "몸무게"
    assert cell_problem(cell, CsvOptions()) == key
    assert error.render("en")
    assert error.render("ko")


@pytest.mark.parametrize("encoding", [None, "cp949", "utf-16", "utf-32"])
def test_nul_character_rejected_with_line(encoding):
    """numpy drops trailing NULs from strings, so "3\0" would otherwise be read as 3."""
    data = "a,b\n1,2\n\n3,4\x00\n5,6\n".encode(encoding or "utf-8")

    error = read_error(data, encoding=encoding)

    assert error.key == "input.nul"
    assert error.line == 4
    assert error.fields["position"] == 4


def test_missing_nan_reads_markers_as_nan():
    data = "a,b,c\n,NA,없음\n1, n/a ,2\n-,null,?\n".encode()

    X, _ = read_matrix(data, missing="nan")

    expected_nan = np.array([[True, True, True], [False, True, False], [True, True, True]])
    assert np.array_equal(np.isnan(X), expected_nan)
    assert X[1, 0] == 1.0
    assert X[1, 2] == 2.0


def test_missing_nan_still_rejects_text():
    error = read_error(b"a,b\n,abc\n", missing="nan")

    assert error.key == "input.not_a_number"
    assert error.column == "b"


def test_decimal_comma_with_semicolon_delimiter():
    data = b"a;b;c\n1,5;-2,25;3\n1e3;-0,0;inf\n"

    X, _ = read_matrix(data, delimiter=";", decimal=",")

    assert X[0].tolist() == [1.5, -2.25, 3.0]
    assert X[1].tolist() == [1000.0, -0.0, math.inf]
    assert math.copysign(1.0, X[1, 1]) == -1.0


def test_decimal_comma_rejects_point():
    error = read_error(b"a;b\n1,5;2.5\n", delimiter=";", decimal=",")

    assert error.key == "input.not_a_number"
    assert error.line == 2
    assert error.column == "b"


# Chunking ----------------------------------------------------------------------------------

float_matrices = hnp.arrays(
    np.float64,
    shape=st.tuples(st.integers(0, 25), st.integers(1, 4)),
    elements=st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
)


def matrix_to_csv(X: np.ndarray) -> bytes:
    header = ",".join(f"c{j}" for j in range(X.shape[1]))
    rows = [",".join(repr(value) for value in row) for row in X.tolist()]
    return ("\n".join([header, *rows]) + "\n").encode()


def assert_same_floats(actual: np.ndarray, expected: np.ndarray) -> None:
    """Equal values, the same NaN positions and identical bits for every other value.

    The sign and payload of a NaN are not compared, because ``repr`` writes every NaN as nan.
    """
    assert actual.dtype == np.float64
    assert actual.shape == expected.shape
    assert np.array_equal(np.isnan(actual), np.isnan(expected))
    numbers = ~np.isnan(expected)
    assert np.array_equal(actual[numbers].view(np.uint64), expected[numbers].view(np.uint64))


@given(float_matrices)
def test_chunks_read_back_exact_floats(X):
    data = matrix_to_csv(X)
    results = []

    for chunk_size in (1, 2, 3, 7, 10_000):
        chunks = read_chunks(open_table(data, chunk_size=chunk_size))
        assert len(chunks) == max(1, math.ceil(X.shape[0] / chunk_size))
        assert all(len(chunk) <= chunk_size for chunk in chunks)
        assert [chunk.first_row for chunk in chunks] == list(
            range(1, max(X.shape[0], 1) + 1, chunk_size)
        )
        combined = np.concatenate([chunk.X for chunk in chunks])
        lines = np.concatenate([chunk.lines for chunk in chunks])
        assert_same_floats(combined, X)
        assert lines.tolist() == list(range(2, X.shape[0] + 2))
        results.append(combined)

    for combined in results[1:]:
        assert np.array_equal(combined.view(np.uint64), results[0].view(np.uint64))


# parse_cells and cell_problem ----------------------------------------------------------------

# Cells never contain NUL: the reader rejects a line with NUL before parse_cells, whose numpy
# strings would drop trailing NULs (test_nul_character_rejected_with_line).
NUMBER_PIECES = st.sampled_from(
    [*"0123456789+-.,eE_x ", "\t", "\u00a0", "\u3000", "\x1c", "inf", "nan", "NA", "없음",
     "infinity", "e400", "１"]
)
cell_texts = st.one_of(
    st.text(st.characters(exclude_characters="\x00")),
    st.lists(NUMBER_PIECES, max_size=8).map("".join),
)
OPTION_SETS = [
    CsvOptions(),
    CsvOptions(missing="nan"),
    CsvOptions(decimal=",", delimiter=";"),
    CsvOptions(decimal=",", delimiter=";", missing="nan"),
]


def python_value(cell: str, options: CsvOptions) -> float:
    """Return what Python's float() reads from a valid cell, as the oracle for parse_cells."""
    if options.missing == "nan" and cell.strip().lower() in MISSING_MARKERS:
        return math.nan
    return float(cell.replace(options.decimal, "."))


@pytest.mark.parametrize("options", OPTION_SETS, ids=["default", "nan", "comma", "comma_nan"])
@given(cell=cell_texts)
@example(cell="1e400")
@example(cell=" -Infinity ")
@example(cell="1,5")
def test_cell_problem_agrees_with_parse_cells(options, cell):
    parsed = parse_cells(np.array([[cell]], dtype=str), options)
    problem = cell_problem(cell, options)

    if problem is None:
        assert parsed is not None
        assert parsed.shape == (1, 1)
        assert parsed.dtype == np.float64
        assert_same_floats(parsed, np.array([[python_value(cell, options)]]))
    else:
        assert parsed is None


@pytest.mark.parametrize("options", OPTION_SETS, ids=["default", "nan", "comma", "comma_nan"])
@given(cells=st.lists(cell_texts, min_size=1, max_size=6))
def test_parse_cells_returns_array_or_none(options, cells):
    parsed = parse_cells(np.array([cells], dtype=str), options)

    any_problem = any(cell_problem(cell, options) is not None for cell in cells)
    if parsed is not None:
        assert parsed.shape == (1, len(cells))
        assert parsed.dtype == np.float64
    assert (parsed is None) == any_problem
