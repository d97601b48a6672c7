"""End-to-end checks of ``neuroncli eval`` against the case folders in tests/cases.

Each folder holds an input dataset, parameter files, the expected z and a (computed by an
independent 50-digit mpmath reference, not by neuroncli) and ``expected.txt`` with what an
error must look like. Runs happen in-process through Typer's CliRunner, and in a real child
process where pipes, terminals, signals or environment variables are part of the behaviour.

Unless a test sets other tolerances, values agree within rtol 1e-12 and atol 0, NaN matches
NaN and infinities must match exactly.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from conftest import environment_without_styling, read_terminal
from typer.testing import Result

from neuroncli.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_PARAMS, EXIT_USAGE

CASES = Path(__file__).resolve().parent / "cases"
COMMAND = [sys.executable, "-m", "neuroncli"]
ESC = b"\x1b"
# The documented default of --precision: significant digits of the numbers in a table.
DISPLAY_DIGITS = 6
# Half a unit in the last displayed digit, relative to the value, plus slack for the last ulp.
DISPLAY_RTOL = 0.5 * 10.0 ** (1 - DISPLAY_DIGITS) * (1 + 1e-9)
SUBPROCESS_TIMEOUT = 120


# Comparing results -------------------------------------------------------------------------

def read_columns(text: str) -> dict[str, list[str]]:
    """Split CSV text into its columns, keyed by header name."""
    rows = list(csv.reader(io.StringIO(text)))
    assert rows, "the CSV text has no header line"
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        assert len(row) == len(header), f"line {number} has {len(row)} fields: {row}"
    return {name: [row[index] for row in body] for index, name in enumerate(header)}


def output_column(expected_name: str, columns: Mapping[str, object]) -> str:
    """Return the output column name for an expected column (several units are z_0, a_0, ...)."""
    if expected_name in columns:
        return expected_name
    return re.sub(r"^([za])(\d+)$", r"\1_\2", expected_name)


def to_float(cell: str, row: int) -> float:
    """Parse an output cell, failing the test with the row number if it is not a number."""
    try:
        return float(cell)
    except ValueError:
        raise AssertionError(f"row {row}: {cell!r} is not a number") from None


def values_agree(got: float, expected: float, rtol: float, atol: float) -> bool:
    """Compare two floats: NaN equals NaN, an infinity only itself, else |got - exp| <= tol."""
    if math.isnan(got) or math.isnan(expected):
        return math.isnan(got) and math.isnan(expected)
    if math.isinf(got) or math.isinf(expected):
        return got == expected
    return abs(got - expected) <= atol + rtol * abs(expected)


def assert_matches_expected(
    output: str,
    expected_file: Path,
    *,
    rtol: float = 1e-12,
    atol: float = 0.0,
    exact: Sequence[str] = (),
    text: Sequence[str] = (),
) -> None:
    """Check every column of *expected_file* in the CSV *output*, ignoring other output columns.

    Columns in *exact* must parse to the identical float, columns in *text* must be equal
    strings, the rest agree within *rtol* and *atol*.
    """
    expected = read_columns(expected_file.read_text(encoding="utf-8"))
    got = read_columns(output)

    for name, expected_cells in expected.items():
        column = output_column(name, got)
        assert column in got, f"column {column!r} is not in the output columns {list(got)}"
        got_cells = got[column]
        assert len(got_cells) == len(expected_cells), f"column {column!r}: row count differs"

        mismatches = []
        pairs = zip(got_cells, expected_cells, strict=True)
        for row, (got_cell, expected_cell) in enumerate(pairs, start=1):
            if name in text:
                same = got_cell == expected_cell
            elif name in exact:
                same = values_agree(to_float(got_cell, row), float(expected_cell), 0.0, 0.0)
            else:
                same = values_agree(to_float(got_cell, row), float(expected_cell), rtol, atol)
            if not same:
                mismatches.append(f"row {row}: got {got_cell!r}, expected {expected_cell!r}")
        assert not mismatches, f"column {column!r}: " + "; ".join(mismatches)


# Checking runs -----------------------------------------------------------------------------

def describe(result: Result) -> str:
    return (f"exit {result.exit_code}, exception {result.exception!r}\n"
            f"stdout: {result.stdout!r}\nstderr: {result.stderr!r}")


def assert_success(result: Result) -> None:
    """Check a successful run: exit 0, and no traceback or warning on stderr."""
    assert result.exit_code == 0, describe(result)
    assert "Traceback" not in result.stderr
    assert "RuntimeWarning" not in result.stderr
    assert "overflow" not in result.stderr


def assert_clean_failure(result: Result, exit_code: int) -> None:
    """Check a failed run: its exit code, empty stdout, and a message without a traceback."""
    assert result.exit_code == exit_code, describe(result)
    # CliRunner stores an exception that escaped the command. SystemExit is a clean exit.
    assert not isinstance(result.exception, Exception), describe(result)
    assert result.stdout == ""
    assert result.stderr.strip() != ""
    assert "Traceback" not in result.stderr


@pytest.fixture
def open_case(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Return a function that changes into a case folder, so paths are typed as in the case."""

    def enter(name: str) -> Path:
        folder = CASES / name
        assert folder.is_dir(), folder
        monkeypatch.chdir(folder)
        return folder

    return enter


def run_process(
    args: Sequence[str],
    folder: Path,
    *,
    env: Mapping[str, str] | None = None,
    **kwargs: object,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m neuroncli ARGS`` in *folder* with colour, width and language unset."""
    environment = environment_without_styling()
    environment.update(env or {})
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([*COMMAND, *args], cwd=folder, env=environment,
                          timeout=SUBPROCESS_TIMEOUT, check=False, **kwargs)  # type: ignore[call-overload]


def assert_process_failure(process: subprocess.CompletedProcess[bytes], exit_code: int) -> str:
    """Check a failed child process like :func:`assert_clean_failure` and return its stderr."""
    stderr = process.stderr.decode("utf-8")
    assert process.returncode == exit_code, stderr
    assert process.stdout == b""
    assert stderr.strip() != ""
    assert "Traceback" not in stderr
    return stderr


# Numeric cases -----------------------------------------------------------------------------

def test_sigmoid_tails_no_overflow_warning(run_cli, open_case):
    case_dir = open_case("01-sigmoid-exp-overflow")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv", atol=1e-300)
    columns = read_columns(result.stdout)
    activations = [float(cell) for cell in columns["a"]]
    assert all(0.0 <= value <= 1.0 for value in activations), activations
    by_z = dict(zip((float(cell) for cell in columns["z"]), activations, strict=True))
    assert by_z[0.0] == 0.5
    assert by_z[1000.0] == 1.0


def test_softmax_rows_no_overflow_or_nan(run_cli, open_case):
    case_dir = open_case("02-softmax-overflow")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "softmax"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv", atol=1e-300)
    columns = read_columns(result.stdout)
    units = [[float(cell) for cell in columns[f"a_{unit}"]] for unit in range(3)]
    for row, values in enumerate(zip(*units, strict=True), start=1):
        assert all(0.0 <= value <= 1.0 for value in values), f"row {row}: {values}"
        assert abs(math.fsum(values) - 1.0) <= 4e-16, f"row {row} sums to {math.fsum(values)}"


@pytest.mark.parametrize(("activation", "expected"), [
    ("softplus", "expected.csv"),
    ("log_sigmoid", "expected-log_sigmoid.csv"),
])
def test_softplus_log_sigmoid_keep_tails(run_cli, open_case, activation, expected):
    case_dir = open_case("04-softplus-log-sigmoid-tails")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", activation])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / expected, atol=1e-300)
    assert all(math.isfinite(float(cell)) for cell in read_columns(result.stdout)["a"])


def test_relu_propagates_nan_written_as_nan(run_cli, open_case):
    case_dir = open_case("05-relu-nan-propagation")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "relu"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")
    # An empty cell would read back as missing rather than as NaN.
    assert read_columns(result.stdout)["a"][0] == "nan"


@pytest.mark.parametrize(("activation", "expected"), [
    ("sigmoid", "expected.csv"),
    ("tanh", "expected-tanh.csv"),
])
def test_nan_inf_literals_follow_ieee(run_cli, open_case, activation, expected):
    case_dir = open_case("06-nan-inf-literals-in-input")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", activation])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / expected)


def test_csv_stdout_floats_round_trip(run_cli, open_case):
    case_dir = open_case("08-output-float-roundtrip")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv", exact=["z"])
    assert "np.float64(" not in result.stdout


def test_csv_file_floats_round_trip(run_cli, open_case, tmp_path):
    case_dir = open_case("08-output-float-roundtrip")
    out = tmp_path / "out.csv"
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid", "-o", str(out)])

    assert_success(result)
    written = out.read_text(encoding="utf-8")
    assert_matches_expected(written, case_dir / "expected.csv", exact=["z"])
    assert "np.float64(" not in written
    # Each z must be the input value itself, because w = 1 and b = 0.
    inputs = read_columns((case_dir / "input.csv").read_text(encoding="utf-8"))["x"]
    assert [float(cell) for cell in read_columns(written)["z"]] == [
        float(cell) * 1.0 + 0.0 for cell in inputs
    ]


# Output safety ------------------------------------------------------------------------------

def test_safe_csv_neutralizes_ids_not_numbers(run_cli, open_case):
    case_dir = open_case("09-csv-formula-injection-output")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                      "--id-column", "id", "--safe-csv"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv", text=["id"])
    columns = read_columns(result.stdout)
    for cell in columns["id"]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    # csv.reader would hide quotes around a number, so read the raw text. The ids contain no
    # commas, which makes the last two fields of each line z and a.
    for line in result.stdout.splitlines()[1:]:
        for cell in line.rsplit(",", 2)[1:]:
            assert not cell.startswith(("'", '"')), line
            assert math.isfinite(float(cell)), line


# Encodings and CSV dialects -----------------------------------------------------------------

def test_utf8_bom_header_is_stripped(run_cli, open_case, tmp_path):
    case_dir = open_case("10-utf8-bom-korean-header")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")
    assert "\ufeff" not in result.stdout
    assert "\ufeff" not in result.stderr

    out = tmp_path / "out.csv"
    written = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid", "--keep-input",
                       "-o", str(out)])
    assert_success(written)
    assert "\ufeff" not in written.stderr
    text = out.read_bytes().decode("utf-8")
    assert "\ufeff" not in text
    assert text.splitlines()[0] == "row,키,몸무게,z,a"


def test_bom_column_selectable_by_name(run_cli, open_case):
    case_dir = open_case("10-utf8-bom-korean-header")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                      "--features", "키,몸무게"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_cp949_file_with_encoding_option(run_cli, open_case, encoding):
    case_dir = open_case("11-cp949-korean-file")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                      "--encoding", encoding, "--keep-input"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")
    assert result.stdout.splitlines()[0] == "row,키,몸무게,z,a"


def test_cp949_without_option_detected_or_explained(run_cli, open_case):
    case_dir = open_case("11-cp949-korean-file")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    for mojibake in ("Å°", "¸ö¹«°Ô"):
        assert mojibake not in result.stdout
        assert mojibake not in result.stderr
    assert "UnicodeDecodeError" not in result.stderr

    if result.exit_code == 0:
        # Allowed only if cp949 was detected: then the names and values must be exact.
        assert_success(result)
        assert_matches_expected(result.stdout, case_dir / "expected.csv")
        named = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                         "--keep-input"])
        assert_success(named)
        assert named.stdout.splitlines()[0] == "row,키,몸무게,z,a"
        return

    assert_clean_failure(result, EXIT_INPUT)
    message = result.stderr
    assert "input.csv" in message
    assert re.search(r"utf-?8|encoding|decode", message, re.IGNORECASE), message
    assert "--encoding" in message
    assert "cp949" in message


def test_semicolon_decimal_comma_with_options(run_cli, open_case):
    case_dir = open_case("13-semicolon-decimal-comma")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                      "--delimiter", ";", "--decimal", ","])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")


def test_semicolon_file_defaults_data_error(run_cli, open_case):
    open_case("13-semicolon-decimal-comma")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_INPUT)
    message = result.stderr
    assert "input.csv" in message
    assert "line 2" in message
    assert re.search(r"fields|not a number", message), message
    assert re.search(r"--delimiter|--decimal", message), message


def test_trailing_empty_field_is_ignored(run_cli, open_case):
    case_dir = open_case("14-trailing-delimiter-ragged-rows")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")


def test_extra_nonempty_field_is_data_error(run_cli, open_case):
    open_case("14-trailing-delimiter-ragged-rows")
    result = run_cli(["eval", "input-ragged.csv", "-p", "params-1col.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_INPUT)
    message = result.stderr
    assert "input-ragged.csv" in message
    assert "line 2" in message
    assert re.search(r"\b2 fields\b", message), message
    assert re.search(r"\bheader has 1\b", message), message
    assert "5.0" not in message
    assert "25.0" not in message


# Cell values ---------------------------------------------------------------------------------

def test_text_cell_is_data_error_naming_cell(run_cli, open_case):
    open_case("17-non-numeric-text-cell")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_INPUT)
    message = result.stderr
    assert "x2" in message
    assert "line 3" in message
    assert "없음" in message
    assert "could not convert string to float" not in message
    assert "DtypeWarning" not in message
    assert "mixed types" not in message


def test_na_marker_is_data_error_by_default(run_cli, open_case):
    open_case("17-non-numeric-text-cell")
    result = run_cli(["eval", "input-na.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_INPUT)
    message = result.stderr
    assert "x1" in message
    assert "line 2" in message
    assert "NA" in message
    assert re.search(r"missing|not a number", message), message


def test_empty_cell_is_data_error_by_default(run_cli, open_case):
    open_case("18-empty-cells-missing-values")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_INPUT)
    message = result.stderr
    assert "x2" in message
    assert "line 3" in message
    assert re.search(r"missing|empty", message), message


def test_empty_cell_as_nan_with_missing_option(run_cli, open_case):
    case_dir = open_case("18-empty-cells-missing-values")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                      "--missing", "nan"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected-missing-as-nan.csv")
    columns = read_columns(result.stdout)
    assert columns["z"][1] == "nan"
    assert columns["a"][1] == "nan"


# Degenerate inputs ---------------------------------------------------------------------------

def test_header_only_file_writes_header(run_cli, open_case, tmp_path):
    case_dir = open_case("20-header-only-file")
    out = tmp_path / "out.csv"
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid", "-o", str(out)])

    assert_success(result)
    written = out.read_text(encoding="utf-8")
    assert_matches_expected(written, case_dir / "expected.csv")
    columns = read_columns(written)
    assert "z" in columns
    assert "a" in columns
    assert len(written.splitlines()) == 1


def test_header_only_table_notes_zero_rows(run_cli, open_case):
    open_case("20-header-only-file")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid", "-f", "table"])

    assert_success(result)
    assert "0 rows" in result.stdout
    assert "Empty DataFrame" not in result.stdout
    assert "nan" not in result.stdout.lower()


def test_header_only_file_still_checks_weights(run_cli, open_case):
    open_case("20-header-only-file")
    result = run_cli(["eval", "input.csv", "-p", "params-3w.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_PARAMS)
    message = result.stderr
    assert "params-3w.json" in message
    assert re.search(r"\b3\b", message), message
    assert re.search(r"\b2\b", message), message
    assert "x1" in message
    assert "x2" in message


@pytest.mark.parametrize("name", ["input.csv", "input-bom-only.csv", "input-blank-lines.csv"])
def test_empty_file_is_data_error(run_cli, open_case, name):
    open_case("21-empty-file")
    result = run_cli(["eval", name, "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_INPUT)
    message = result.stderr
    assert name in message
    assert re.search(r"empty|no header", message, re.IGNORECASE), message
    assert "EmptyDataError" not in message
    assert "No columns to parse from file" not in message


# Parameter files -----------------------------------------------------------------------------

def test_json_nan_weight_rejected(run_cli, open_case):
    open_case("22-json-nan-infinity-literals")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_PARAMS)
    message = result.stderr
    assert "params.json" in message
    assert "weights[1]" in message
    assert "NaN" in message
    assert re.search(r"not a (JSON|finite) number|not valid JSON", message), message


def test_json_infinite_bias_rejected(run_cli, open_case):
    open_case("22-json-nan-infinity-literals")
    result = run_cli(["eval", "input.csv", "-p", "params-inf.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_PARAMS)
    message = result.stderr
    assert "params-inf.json" in message
    assert "bias" in message
    assert "Infinity" in message
    assert re.search(r"not a (JSON|finite) number|not valid JSON", message), message


def test_json_quoted_numbers_rejected(run_cli, open_case):
    open_case("23-json-numbers-as-strings")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_PARAMS)
    message = result.stderr
    assert "params.json" in message
    assert re.search(r"\b(w|weights)\[0\]", message), message
    assert "number" in message
    assert "string" in message
    assert "UFuncTypeError" not in message
    assert "did not contain a loop with signature" not in message
    assert "can't multiply sequence" not in message


def test_json_quoted_decimal_comma_rejected(run_cli, open_case):
    open_case("23-json-numbers-as-strings")
    result = run_cli(["eval", "input.csv", "-p", "params-comma.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_PARAMS)
    message = result.stderr
    assert "params-comma.json" in message
    assert re.search(r"\b(w|weights)\[0\]", message), message
    assert "0,5" in message


def test_flat_and_column_weights_agree(run_cli, open_case):
    case_dir = open_case("24-json-weight-bias-shapes")
    flat = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])
    column = run_cli(["eval", "input.csv", "-p", "params-column.json", "-g", "sigmoid"])

    assert_success(flat)
    assert_success(column)
    assert_matches_expected(flat.stdout, case_dir / "expected.csv")
    assert column.stdout == flat.stdout


@pytest.mark.parametrize(("name", "patterns"), [
    ("params-short-w.json", ["weights", r"\b1\b", r"\b2\b", "x1", "x2"]),
    ("params-vector-b.json", ["bias", r"\b2\b", r"\b1\b"]),
    ("params-row.json", [r"\b1\s*[x×]\s*2\b", r"\[\["]),
])
def test_wrong_parameter_shapes_rejected(run_cli, open_case, name, patterns):
    open_case("24-json-weight-bias-shapes")
    result = run_cli(["eval", "input.csv", "-p", name, "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_PARAMS)
    assert name in result.stderr
    for pattern in patterns:
        assert re.search(pattern, result.stderr), f"{pattern!r} not in {result.stderr!r}"


def test_json_duplicate_key_rejected(run_cli, open_case):
    open_case("26-json-duplicate-keys")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_clean_failure(result, EXIT_PARAMS)
    assert "params.json" in result.stderr
    assert "bias" in result.stderr


# Pipes, terminals and the environment ------------------------------------------------------

@pytest.mark.subprocess
@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("format_args", [[], ["-f", "csv"], ["-f", "table"]])
def test_closed_stdout_pipe_ends_quietly(unbuffered, format_args):
    folder = CASES / "29-broken-pipe-closed-stdout"
    environment = environment_without_styling()
    environment.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"

    # The read end is closed before the child starts, so the first write fails every time.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        process = subprocess.run(
            [*COMMAND, "eval", "input.csv", "-p", "params.json", "-g", "sigmoid", *format_args],
            cwd=folder, env=environment, stdout=writer, stderr=subprocess.PIPE,
            timeout=SUBPROCESS_TIMEOUT, check=False,
        )
    finally:
        os.close(writer)

    stderr = process.stderr.decode("utf-8", "replace")
    assert process.returncode in (0, 1, -13), stderr
    for text in ("Traceback", "BrokenPipeError", "Exception ignored", "Errno 32"):
        assert text not in stderr


@pytest.mark.subprocess
def test_pipe_into_head_prints_first_line():
    head = shutil.which("head")
    if head is None:
        pytest.skip("no head command on this system")
    folder = CASES / "29-broken-pipe-closed-stdout"
    producer = subprocess.Popen(
        [*COMMAND, "eval", "input.csv", "-p", "params.json", "-g", "sigmoid"],
        cwd=folder, env=environment_without_styling(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    consumer = subprocess.Popen([head, "-n", "1"], stdin=producer.stdout, stdout=subprocess.PIPE)
    assert producer.stdout is not None
    producer.stdout.close()

    first, _ = consumer.communicate(timeout=SUBPROCESS_TIMEOUT)
    _, stderr = producer.communicate(timeout=SUBPROCESS_TIMEOUT)
    assert first.decode("utf-8").strip() == "row,z,a"
    assert stderr == b""


@pytest.mark.subprocess
def test_normal_run_to_file_matches_expected(tmp_path):
    folder = CASES / "29-broken-pipe-closed-stdout"
    out = tmp_path / "out.csv"
    with out.open("wb") as stream:
        process = run_process(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"],
                              folder, stdout=stream)

    assert process.returncode == 0, process.stderr
    assert process.stderr == b""
    assert_matches_expected(out.read_text(encoding="utf-8"), folder / "expected.csv")


def test_broken_pipe_case_values_in_process(run_cli, open_case):
    case_dir = open_case("29-broken-pipe-closed-stdout")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")


TERMINAL_ENV = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}


@pytest.mark.subprocess
@pytest.mark.parametrize("format_args", [[], ["-f", "table"]])
@pytest.mark.parametrize("through_pipe", [False, True])
def test_redirected_stdout_has_no_escape_codes(tmp_path, format_args, through_pipe):
    folder = CASES / "30-no-ansi-codes-when-piped"
    args = ["eval", "input.csv", "-p", "params.json", "-g", "sigmoid", *format_args]

    if through_pipe:
        process = run_process(args, folder, env=TERMINAL_ENV)
        output = process.stdout
    else:
        out = tmp_path / "out.txt"
        with out.open("wb") as stream:
            process = run_process(args, folder, env=TERMINAL_ENV, stdout=stream)
        output = out.read_bytes()

    assert process.returncode == 0, process.stderr
    assert ESC not in output
    assert ESC not in process.stderr
    text = output.decode("utf-8")
    if format_args:
        for value in (1.5, -2.0, 0.8175744761936437, 0.11920292202211756):
            assert format(value, f".{DISPLAY_DIGITS}g") in text
    else:
        assert_matches_expected(text, folder / "expected.csv")


@pytest.mark.subprocess
def test_redirected_stderr_has_no_escape_codes(tmp_path):
    folder = CASES / "30-no-ansi-codes-when-piped"
    err = tmp_path / "err.txt"
    with err.open("wb") as stream:
        process = run_process(["eval", "missing.csv", "-p", "params.json", "-g", "sigmoid"],
                              folder, env=TERMINAL_ENV, stderr=stream)

    assert process.returncode == EXIT_USAGE
    assert process.stdout == b""
    written = err.read_bytes()
    assert ESC not in written
    assert b"missing.csv" in written
    assert b"Traceback" not in written


@pytest.mark.subprocess
def test_csv_mode_ignores_force_color():
    folder = CASES / "30-no-ansi-codes-when-piped"
    process = run_process(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                           "-f", "csv"], folder, env={**TERMINAL_ENV, "FORCE_COLOR": "1"})

    assert process.returncode == 0, process.stderr
    assert ESC not in process.stdout
    assert_matches_expected(process.stdout.decode("utf-8"), folder / "expected.csv")


def colour_codes(output: bytes) -> list[str]:
    """Return the SGR sequences in *output* that set a foreground or background colour."""
    found = []
    for match in re.finditer(rb"\x1b\[([0-9;:]*)m", output):
        parameters = [int(part) for part in re.split(rb"[;:]", match[1]) if part]
        # SGR 30-49 and 90-107 are the foreground and background colours; bold is 1.
        if any(30 <= value <= 49 or 90 <= value <= 107 for value in parameters):
            found.append(match[0].decode("ascii"))
    return found


def run_in_pseudo_terminal(args: Sequence[str], folder: Path,
                           env: Mapping[str, str]) -> tuple[int, bytes]:
    """Run neuroncli with all three streams on a pseudo-terminal, returning status and output."""
    environment = environment_without_styling()
    environment.update(env)
    try:
        leader, follower = os.openpty()
    except (AttributeError, OSError):
        return run_in_script_command(args, folder, environment)

    process = subprocess.Popen([*COMMAND, *args], cwd=folder, env=environment, stdin=follower,
                               stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    output = read_terminal(leader, process, SUBPROCESS_TIMEOUT)
    return process.wait(timeout=SUBPROCESS_TIMEOUT), output


def run_in_script_command(args: Sequence[str], folder: Path,
                          environment: Mapping[str, str]) -> tuple[int, bytes]:
    """Fall back to util-linux ``script`` for a terminal where os.openpty is missing."""
    script = shutil.which("script")
    if script is None:
        pytest.skip("no pseudo-terminal: os.openpty failed and the script command is missing")
    command = shlex.join([*COMMAND, *args])
    process = subprocess.run([script, "-qec", command, "/dev/null"], cwd=folder,
                             env=dict(environment), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=SUBPROCESS_TIMEOUT, check=False)
    return process.returncode, process.stdout


@pytest.mark.subprocess
def test_no_color_terminal_has_no_colour():
    folder = CASES / "30-no-ansi-codes-when-piped"
    status, output = run_in_pseudo_terminal(
        ["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"], folder,
        {**TERMINAL_ENV, "NO_COLOR": "1"},
    )

    assert status == 0, output
    assert colour_codes(output) == []
    text = output.decode("utf-8", "replace")
    for value in (1.5, 0.8175744761936437, 0.11920292202211756):
        assert format(value, f".{DISPLAY_DIGITS}g") in text


@pytest.mark.subprocess
def test_no_color_terminal_error_has_no_colour():
    # Error messages are the output that is coloured on a terminal without NO_COLOR.
    folder = CASES / "30-no-ansi-codes-when-piped"
    status, output = run_in_pseudo_terminal(
        ["eval", "missing.csv", "-p", "params.json", "-g", "sigmoid"], folder,
        {**TERMINAL_ENV, "NO_COLOR": "1"},
    )

    assert status == EXIT_USAGE, output
    assert colour_codes(output) == []
    assert b"missing.csv" in output


NARROW_ENVIRONMENTS = [
    pytest.param({}, id="default"),
    pytest.param({"COLUMNS": "40", "TERM": "dumb"}, id="columns40-dumb"),
    pytest.param({"COLUMNS": "40", "TERM": "dumb", "FORCE_COLOR": "1"}, id="force-color"),
]


def assert_table_complete(text: str, folder: Path) -> None:
    """Check a table: no ellipsis, full headers and input cells, z and a at display precision."""
    assert "…" not in text
    assert "..." not in text
    source = read_columns((folder / "input.csv").read_text(encoding="utf-8"))
    for name, cells in source.items():
        assert name in text, f"header {name!r} is cut or missing"
        for cell in cells:
            assert cell in text, f"input cell {cell!r} is cut or missing"

    printed = [float(token) for token in
               re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])", text)]
    expected = read_columns((folder / "expected.csv").read_text(encoding="utf-8"))
    for name in ("z", "a"):
        for cell in expected[name]:
            value = float(cell)
            assert any(values_agree(number, value, DISPLAY_RTOL, 0.0) for number in printed), (
                f"{name} = {cell} is not in the table at {DISPLAY_DIGITS} significant digits"
            )


@pytest.mark.subprocess
@pytest.mark.parametrize("env", NARROW_ENVIRONMENTS)
def test_redirected_output_keeps_every_digit(tmp_path, env):
    folder = CASES / "31-rich-table-not-tty-no-truncation"
    out = tmp_path / "out.txt"
    with out.open("wb") as stream:
        process = run_process(["eval", "input.csv", "-p", "params.json", "-g", "tanh"],
                              folder, env=env, stdout=stream)

    assert process.returncode == 0, process.stderr
    text = out.read_text(encoding="utf-8")
    assert "…" not in text
    assert_matches_expected(text, folder / "expected.csv")


@pytest.mark.subprocess
@pytest.mark.parametrize("env", NARROW_ENVIRONMENTS)
def test_redirected_table_is_not_truncated(tmp_path, env):
    folder = CASES / "31-rich-table-not-tty-no-truncation"
    out = tmp_path / "out.txt"
    with out.open("wb") as stream:
        process = run_process(["eval", "input.csv", "-p", "params.json", "-g", "tanh",
                               "-f", "table", "--keep-input"], folder, env=env, stdout=stream)

    assert process.returncode == 0, process.stderr
    assert_table_complete(out.read_text(encoding="utf-8"), folder)


@pytest.mark.parametrize("env", NARROW_ENVIRONMENTS)
def test_table_in_process_is_not_truncated(run_cli, open_case, env):
    case_dir = open_case("31-rich-table-not-tty-no-truncation")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "tanh", "-f", "table",
                      "--keep-input"], env=env)

    assert_success(result)
    assert_table_complete(result.stdout, case_dir)


STDIN_RUNS = [
    pytest.param("input.csv", [], id="utf8-bom"),
    pytest.param("input-cp949.csv", ["--encoding", "cp949"], id="cp949"),
]


@pytest.mark.parametrize(("name", "options"), STDIN_RUNS)
def test_stdin_dash_in_process_like_file(run_cli, open_case, name, options):
    case_dir = open_case("33-stdin-dash-with-bom")
    data = (case_dir / name).read_bytes()
    from_stdin = run_cli(["eval", "-", "-p", "params.json", "-g", "sigmoid", "--keep-input",
                          *options], input=data)
    from_file = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid",
                         "--keep-input"])

    assert_success(from_stdin)
    assert_success(from_file)
    assert_matches_expected(from_stdin.stdout, case_dir / "expected.csv")
    assert from_stdin.stdout == from_file.stdout
    assert from_stdin.stdout.splitlines()[0] == "row,키,몸무게,z,a"
    assert "\ufeff" not in from_stdin.stdout
    assert "\ufeff" not in from_stdin.stderr


@pytest.mark.subprocess
@pytest.mark.parametrize(("name", "options"), STDIN_RUNS)
@pytest.mark.parametrize("through_pipe", [False, True])
def test_stdin_dash_subprocess_like_file(name, options, through_pipe):
    folder = CASES / "33-stdin-dash-with-bom"
    args = ["eval", "-", "-p", "params.json", "-g", "sigmoid", *options]

    if through_pipe:
        from_stdin = run_process(args, folder, input=(folder / name).read_bytes())
    else:
        with (folder / name).open("rb") as stream:
            from_stdin = run_process(args, folder, stdin=stream)
    from_file = run_process(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"], folder)

    assert from_stdin.returncode == 0, from_stdin.stderr
    assert from_file.returncode == 0, from_file.stderr
    output = from_stdin.stdout.decode("utf-8")
    assert_matches_expected(output, folder / "expected.csv")
    assert from_stdin.stdout == from_file.stdout
    assert "\ufeff" not in output
    assert "\ufeff" not in from_stdin.stderr.decode("utf-8")
    assert b"no such option" not in from_stdin.stderr.lower()


# Exit codes ---------------------------------------------------------------------------------

def test_valid_run_exits_zero(run_cli, open_case):
    case_dir = open_case("35-exit-codes-and-clean-errors")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-g", "sigmoid"])

    assert_success(result)
    assert_matches_expected(result.stdout, case_dir / "expected.csv")


def json_error_position(path: Path) -> tuple[int, int]:
    """Return (1-based column, 0-based character) of the JSON syntax error in *path*."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return error.colno, error.pos
    raise AssertionError(f"{path} is valid JSON")


def check_malformed_json_message(message: str, folder: Path) -> None:
    column, character = json_error_position(folder / "params-malformed.json")
    assert "params-malformed.json" in message
    assert re.search(rf"\b({column}|{character})\b", message), message


def check_names_missing_file(message: str, folder: Path) -> None:
    assert "nope.csv" in message


def check_lists_activations(message: str, folder: Path) -> None:
    from neuroncli.core.activations import ACTIVATIONS

    assert "sigmod" in message
    for name in ACTIVATIONS:
        assert name in message, f"activation {name!r} not listed"


def check_names_missing_bias(message: str, folder: Path) -> None:
    assert "params-missing-b.json" in message
    assert "bias" in message


def check_directory_message(message: str, folder: Path) -> None:
    assert "IsADirectoryError" not in message
    assert re.search(r"folder|directory", message), message


# Each failing run of the exit-code case: arguments, exit code, and a check of stderr.
FAILING_RUNS = [
    pytest.param(["input.csv", "-p", "params-malformed.json"], EXIT_PARAMS,
                 check_malformed_json_message, id="B-malformed-json"),
    pytest.param(["nope.csv", "-p", "params.json"], EXIT_USAGE,
                 check_names_missing_file, id="C-missing-file"),
    pytest.param(["input.csv", "-p", "params.json", "-g", "sigmod"], EXIT_USAGE,
                 check_lists_activations, id="D-activation-typo"),
    pytest.param(["input.csv", "-p", "params-missing-b.json"], EXIT_PARAMS,
                 check_names_missing_bias, id="E-missing-bias"),
    pytest.param([".", "-p", "params.json"], EXIT_USAGE,
                 check_directory_message, id="F-directory"),
]


def with_activation(args: list[str]) -> list[str]:
    return args if "-g" in args else [*args, "-g", "sigmoid"]


@pytest.mark.parametrize(("args", "code", "check"), FAILING_RUNS)
def test_failing_run_exit_code_in_process(run_cli, open_case, args, code, check):
    case_dir = open_case("35-exit-codes-and-clean-errors")
    result = run_cli(["eval", *with_activation(args)])

    assert_clean_failure(result, code)
    check(result.stderr, case_dir)


@pytest.mark.subprocess
@pytest.mark.parametrize(("args", "code", "check"), FAILING_RUNS)
def test_failing_run_exit_code_subprocess(args, code, check):
    folder = CASES / "35-exit-codes-and-clean-errors"
    process = run_process(["eval", *with_activation(args)], folder)

    stderr = assert_process_failure(process, code)
    check(stderr, folder)


# A bug stand-in: the evaluation step raises, with user data in a local variable.
BROKEN_RUN = """
import sys
import neuroncli.pipeline

def broken_run(request, sink):
    user_cell = "private-cell-7351"
    raise RuntimeError("simulated failure")

neuroncli.pipeline.run = broken_run
from neuroncli.cli import main
main(sys.argv[1:])
"""


@pytest.mark.subprocess
def test_internal_error_is_one_clean_message():
    folder = CASES / "35-exit-codes-and-clean-errors"
    environment = environment_without_styling()
    environment.pop("NEURONCLI_DEBUG", None)
    process = subprocess.run(
        [sys.executable, "-c", BROKEN_RUN, "eval", "input.csv", "-p", "params.json",
         "-g", "sigmoid"],
        cwd=folder, env=environment, capture_output=True, timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )

    stderr = assert_process_failure(process, EXIT_INTERNAL)
    assert "simulated failure" in stderr
    assert "--debug" in stderr
    assert "private-cell-7351" not in stderr
    assert "user_cell" not in stderr
    assert len(stderr.strip().splitlines()) <= 2, stderr
