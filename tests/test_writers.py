"""Number formatting, the CSV/TSV/JSON writers, formula neutralizing and safe output files."""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from neuroncli import writers
from neuroncli.errors import OutputError, UsageError
from neuroncli.writers import (
    OutputFormat,
    RecordWriter,
    atomic_output,
    format_numbers,
    neutralize_formula,
    stdout_spool,
)

NON_FINITE_TEXT = {"nan", "inf", "-inf"}


def bits(value: float) -> int:
    return int(np.float64(value).view(np.uint64))


# format_numbers ----------------------------------------------------------------------------

@given(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True))
@example(-0.0)
@example(5e-324)
@example(-5e-324)
@example(1e-300)
@example(2.2250738585072014e-308)
@example(1.7976931348623157e308)
@example(0.1)
def test_format_numbers_round_trips_every_float(value):
    [text] = format_numbers(np.array([value], dtype=np.float64))

    assert "np.float64(" not in text
    if math.isnan(value):
        assert text == "nan"
    else:
        assert bits(float(text)) == bits(value)


@given(st.lists(st.floats(), max_size=20))
def test_format_numbers_one_text_per_value(values):
    texts = format_numbers(np.array(values, dtype=np.float64))

    assert len(texts) == len(values)
    assert all(isinstance(text, str) for text in texts)


@pytest.mark.parametrize("value", [1e-300, 5e-324, -5e-324, 2.2250738585072014e-308])
def test_tiny_numbers_not_written_as_zero(value):
    [text] = format_numbers(np.array([value]))

    assert float(text) != 0.0
    assert float(text) == value


def test_max_float_not_written_as_inf():
    max_float = float(np.finfo(np.float64).max)

    texts = format_numbers(np.array([max_float, -max_float]))

    assert [float(text) for text in texts] == [max_float, -max_float]
    assert "inf" not in "".join(texts)


def test_non_finite_and_negative_zero_spelling():
    texts = format_numbers(np.array([math.nan, math.inf, -math.inf, -0.0]))

    assert texts == ["nan", "inf", "-inf", "-0.0"]


# RecordWriter ------------------------------------------------------------------------------

def write_records(fmt: OutputFormat, ids: list[Any], values: list[np.ndarray],
                  *, chunk_size: int = 2, **options: Any) -> str:
    """Write an id column and float columns in chunks of *chunk_size* rows; return the text."""
    stream = io.BytesIO()
    names = ["id", *[f"v{j}" for j in range(len(values))]]
    writer = RecordWriter(stream, fmt, names, **options)
    for start in range(0, len(ids), chunk_size):
        stop = start + chunk_size
        writer.write([ids[start:stop], *[column[start:stop] for column in values]])
    writer.close()
    return stream.getvalue().decode("utf-8")


def read_delimited(text: str, fmt: OutputFormat) -> list[list[str]]:
    delimiter = "\t" if fmt is OutputFormat.tsv else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_json(text: str, fmt: OutputFormat) -> list[dict[str, Any]]:
    if fmt is OutputFormat.json:
        return json.loads(text)
    # JSON Lines ends records at "\n" only; str.splitlines would also split at U+2028.
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.split("\n")[:-1]]


def json_number(value: Any) -> float:
    """Convert a JSON output value back to a float; non-finite values are strings."""
    if isinstance(value, str):
        assert value in NON_FINITE_TEXT
        return float(value)
    assert isinstance(value, (int, float))
    assert not isinstance(value, bool)
    return float(value)


def assert_same_float(actual: float, expected: float) -> None:
    if math.isnan(expected):
        assert math.isnan(actual)
    else:
        assert bits(actual) == bits(expected)


text_cells = st.text(max_size=12)
records = st.integers(0, 8).flatmap(
    lambda n: st.tuples(
        st.lists(text_cells, min_size=n, max_size=n),
        st.lists(st.floats(), min_size=n, max_size=n),
        st.lists(st.floats(), min_size=n, max_size=n),
    )
)


@pytest.mark.parametrize("fmt", [OutputFormat.csv, OutputFormat.tsv])
@given(data=records)
@example(data=(['a,"b"\nc', "x\r\ny", "=1+2", "", "\t"], [0.0] * 5, [-0.0] * 5))
@example(data=(["a\rb"], [1.0], [2.0]))
def test_delimited_round_trip(fmt, data):
    names, first, second = data
    values = [np.array(first, dtype=np.float64), np.array(second, dtype=np.float64)]

    rows = read_delimited(write_records(fmt, names, values), fmt)

    assert rows[0] == ["id", "v0", "v1"]
    assert len(rows) == len(names) + 1
    for row, name, x, y in zip(rows[1:], names, first, second, strict=True):
        assert row[0] == name
        assert_same_float(float(row[1]), x)
        assert_same_float(float(row[2]), y)


@pytest.mark.parametrize("fmt", [OutputFormat.json, OutputFormat.jsonl])
@given(data=records)
@example(data=(['a,"b"\nc', "키", "\u2028"], [math.nan, math.inf, -math.inf],
               [-0.0, 5e-324, 1e308]))
def test_json_round_trip(fmt, data):
    names, first, second = data
    values = [np.array(first, dtype=np.float64), np.array(second, dtype=np.float64)]

    rows = read_json(write_records(fmt, names, values), fmt)

    assert len(rows) == len(names)
    for row, name, x, y in zip(rows, names, first, second, strict=True):
        assert list(row) == ["id", "v0", "v1"]
        assert row["id"] == name
        assert_same_float(json_number(row["v0"]), x)
        assert_same_float(json_number(row["v1"]), y)


@pytest.mark.parametrize("fmt", [OutputFormat.json, OutputFormat.jsonl])
def test_json_non_finite_values_are_strings(fmt):
    values = [np.array([math.nan, math.inf, -math.inf, 1.5])]

    rows = read_json(write_records(fmt, [1, 2, 3, 4], values), fmt)

    assert [row["v0"] for row in rows] == ["nan", "inf", "-inf", 1.5]
    assert [row["id"] for row in rows] == [1, 2, 3, 4]


def test_json_without_rows_is_empty_array():
    text = write_records(OutputFormat.json, [], [np.array([])])

    assert json.loads(text) == []


def test_row_numbers_written_as_integers():
    text = write_records(OutputFormat.csv, [1, 2], [np.array([0.5, 1.0])])

    assert text.splitlines() == ["id,v0", "1,0.5", "2,1.0"]


def test_bom_written_first():
    text = write_records(OutputFormat.csv, ["키"], [np.array([1.0])], bom=True)

    assert text.startswith("\ufeffid,v0\n")


def test_safe_csv_neutralizes_text_columns():
    stream = io.BytesIO()
    writer = RecordWriter(stream, OutputFormat.csv, ["name", "row", "z"], safe_csv=True)

    writer.write([["=SUM(1)", "+4", "A-01"], [7, 8, 9], np.array([-1.0, -2.0, -3.0])])
    rows = read_delimited(stream.getvalue().decode(), OutputFormat.csv)

    assert rows[1:] == [["'=SUM(1)", "7", "-1.0"], ["'+4", "8", "-2.0"], ["A-01", "9", "-3.0"]]


def test_safe_csv_leaves_non_text_columns():
    stream = io.BytesIO()
    writer = RecordWriter(stream, OutputFormat.csv, ["id", "row", "z"], safe_csv=True,
                          text_columns=[True, False, False])

    writer.write([["-x"], ["-3"], np.array([-math.inf])])
    rows = read_delimited(stream.getvalue().decode(), OutputFormat.csv)

    assert rows[1:] == [["'-x", "-3", "-inf"]]


def test_without_safe_csv_text_unchanged():
    text = write_records(OutputFormat.csv, ["=1+2", "@x"], [np.array([1.0, 2.0])])

    assert text.splitlines()[1:] == ["=1+2,1.0", "@x,2.0"]


# neutralize_formula ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("=", "'="),
        ("-2.5", "'-2.5"),
        ("+3", "'+3"),
        ("A-01", "A-01"),
        ("키", "키"),
        ("", ""),
    ],
)
def test_neutralize_formula(cell, expected):
    assert neutralize_formula(cell) == expected


# atomic_output -----------------------------------------------------------------------------

def test_atomic_output_replaces_on_success(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")

    with atomic_output(str(target)) as stream:
        stream.write(b"new\n")

    assert target.read_bytes() == b"new\n"
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_atomic_output_file_mode_follows_umask(tmp_path):
    target = tmp_path / "out.csv"
    mask = os.umask(0o022)
    try:
        with atomic_output(str(target)) as stream:
            stream.write(b"x")
    finally:
        os.umask(mask)

    assert target.stat().st_mode & 0o777 == 0o644


def test_atomic_output_failure_leaves_no_file(tmp_path):
    target = tmp_path / "out.csv"

    with pytest.raises(RuntimeError), atomic_output(str(target)) as stream:
        stream.write(b"partial")
        raise RuntimeError("failed half-way")

    assert os.listdir(tmp_path) == []


def test_atomic_output_failure_keeps_existing_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")

    with pytest.raises(KeyboardInterrupt), atomic_output(str(target)) as stream:
        stream.write(b"partial")
        raise KeyboardInterrupt

    assert target.read_bytes() == b"old\n"
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_atomic_output_same_path_as_input(tmp_path):
    data = tmp_path / "data.csv"
    data.write_bytes(b"a\n1\n")

    with pytest.raises(UsageError) as info, atomic_output(str(data), inputs=["-", str(data)]):
        pass

    assert info.value.key == "output.is_input"
    assert data.read_bytes() == b"a\n1\n"


def test_atomic_output_same_file_through_symlink(tmp_path):
    data = tmp_path / "data.csv"
    data.write_bytes(b"a\n1\n")
    link = tmp_path / "link.csv"
    link.symlink_to(data)

    with pytest.raises(UsageError), atomic_output(str(link), inputs=[str(data)]):
        pass

    assert data.read_bytes() == b"a\n1\n"


def test_atomic_output_missing_folder(tmp_path):
    target = tmp_path / "absent" / "out.csv"

    with pytest.raises(OutputError) as info, atomic_output(str(target)):
        pass

    assert info.value.key == "output.no_folder"
    assert not (tmp_path / "absent").exists()


def test_atomic_output_directory_rejected(tmp_path):
    with pytest.raises(OutputError) as info, atomic_output(str(tmp_path)):
        pass

    assert info.value.key == "output.is_directory"


class DiskFullStream(io.RawIOBase):
    """A writable stream whose every write fails as on a full disk."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_disk_full_surfaces_as_output_error(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")
    real_fdopen = os.fdopen

    def fdopen_disk_full(fd: int, *args: Any, **kwargs: Any) -> io.RawIOBase:
        real_fdopen(fd, *args, **kwargs).close()
        return DiskFullStream()

    monkeypatch.setattr(writers.os, "fdopen", fdopen_disk_full)
    with pytest.raises(OutputError) as info, atomic_output(str(target)) as stream:
        writer = RecordWriter(stream, OutputFormat.csv, ["row", "z"])
        writer.write([[1], np.array([0.5])])
    monkeypatch.undo()

    assert info.value.key == "output.cannot_write"
    assert os.strerror(errno.ENOSPC) in info.value.render("en")
    assert target.read_bytes() == b"old\n"
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_flush_surfaces_as_output_error(tmp_path, monkeypatch):
    """The buffered bytes reach /dev/full only when the block ends and the file is closed."""
    target = tmp_path / "out.csv"
    real_fdopen = os.fdopen

    def fdopen_dev_full(fd: int, *args: Any, **kwargs: Any) -> Any:
        real_fdopen(fd, *args, **kwargs).close()
        return open("/dev/full", "wb")

    monkeypatch.setattr(writers.os, "fdopen", fdopen_dev_full)
    with pytest.raises(OutputError) as info, atomic_output(str(target)) as stream:
        stream.write(b"row,z\n1,0.5\n")
    monkeypatch.undo()

    assert info.value.key == "output.cannot_write"
    assert os.listdir(tmp_path) == []


# stdout_spool ------------------------------------------------------------------------------

def test_stdout_spool_writes_on_success(capfdbinary):
    with stdout_spool() as spool:
        spool.write("z\n0.5\n키\n".encode())

    sys.stdout.flush()
    assert capfdbinary.readouterr().out == "z\n0.5\n키\n".encode()


def test_stdout_spool_writes_nothing_on_failure(capfdbinary):
    with pytest.raises(RuntimeError), stdout_spool() as spool:
        spool.write(b"z\n0.5\n")
        raise RuntimeError("failed half-way")

    sys.stdout.flush()
    assert capfdbinary.readouterr().out == b""


def test_stdout_spool_copies_spilled_output(capsysbinary, monkeypatch):
    monkeypatch.setattr(writers, "SPOOL_MEMORY", 1024)
    payload = b"0123456789abcdef\n" * 1000

    with stdout_spool() as spool:
        spool.write(payload)
        # _rolled is CPython's flag for a SpooledTemporaryFile that moved to disk.
        assert spool._rolled

    assert capsysbinary.readouterr().out == payload
