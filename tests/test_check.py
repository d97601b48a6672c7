"""The check command and the comparison functions behind it.

The layer in tests/data/check_layer.json has dyadic weights and an identity activation, so every
z and a of check_points.csv is exact in float64 on any machine. The file
tests/data/check_points_expected.csv contains those values, and a test below recomputes them
with fractions.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from conftest import GOLDEN, SAMPLE_DATA, TEST_DATA, environment_without_styling
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neuroncli.compare import (
    ComparisonTally,
    Tolerance,
    compare_numeric,
    compare_text,
    relative_error,
)
from neuroncli.errors import EXIT_INPUT, EXIT_MISMATCH, EXIT_USAGE

DATA = str(TEST_DATA / "check_points.csv")
PARAMS = str(TEST_DATA / "check_layer.json")
EXPECTED = TEST_DATA / "check_points_expected.csv"
IRIS = str(SAMPLE_DATA / "iris.csv")
IRIS_SPECIES = str(SAMPLE_DATA / "iris_species.json")
UPDATE_GOLDEN = os.environ.get("NEURONCLI_UPDATE_GOLDEN") == "1"
COMMAND = [sys.executable, "-m", "neuroncli"]

# The edits behind the golden reports: a number, a class name and a NaN.
GOLDEN_EDITS = {(2, "z_fox"): "1.376", (4, "predicted"): "dog", (5, "a_dog"): "nan"}


def check_args(expected: Path | str, *extra: str) -> list[str]:
    return ["check", DATA, "-p", PARAMS, "--id-column", "name", "--expected", str(expected),
            *extra]


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    return path


def edited_expected(path: Path, edits: dict[tuple[int, str], str], source: Path = EXPECTED
                    ) -> Path:
    """Copy *source* to *path*, replacing the cells at (1-based data row, column name)."""
    rows = read_rows(source)
    header = rows[0]
    for (row, column), value in edits.items():
        rows[row][header.index(column)] = value
    return write_rows(path, rows)


def table_rows(report: str) -> list[list[str]]:
    """Return the cells of each body row of the rich table in *report*."""
    return [[cell.strip() for cell in line.split("│")[1:-1]]
            for line in report.splitlines() if line.startswith("│")]


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


def exact_outputs() -> list[list[Fraction]]:
    """z of check_points.csv for check_layer.json in exact rational arithmetic, one row each."""
    params = json.loads(Path(PARAMS).read_text(encoding="utf-8"))
    weights = [[Fraction(w) for w in row] for row in params["weights"]]
    bias = [Fraction(b) for b in params["bias"]]
    rows = read_rows(Path(DATA))[1:]
    outputs = []
    for _, *cells in rows:
        x = [Fraction(cell) for cell in cells]
        outputs.append([sum((x[i] * weights[i][j] for i in range(len(x))), bias[j])
                        for j in range(len(bias))])
    return outputs


# The stored expected file --------------------------------------------------------------------

def test_stored_expected_matches_exact_values():
    rows = read_rows(EXPECTED)
    assert rows[0] == ["name", "z_cat", "z_dog", "z_fox", "a_cat", "a_dog", "a_fox", "predicted"]
    classes = ["cat", "dog", "fox"]
    for row, exact in zip(rows[1:], exact_outputs(), strict=True):
        assert [Fraction(cell) for cell in row[1:4]] == exact
        assert [Fraction(cell) for cell in row[4:7]] == exact
        assert row[7] == classes[exact.index(max(exact))]


def test_stored_expected_passes(run_cli):
    result = run_cli(check_args(EXPECTED))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "5 rows, 8 columns match (rtol=1e-09, atol=0)\n"


# Passing and failing -------------------------------------------------------------------------

def test_identical_file_passes(run_cli, tmp_path):
    expected = tmp_path / "iris_expected.csv"
    written = run_cli(["eval", IRIS, "-p", IRIS_SPECIES, "--id-column", "species",
                       "--target", "species", "-o", str(expected)])
    assert written.exit_code == 0, written.stderr

    result = run_cli(["check", IRIS, "-p", IRIS_SPECIES, "--id-column", "species",
                      "--target", "species", "--expected", str(expected)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "150 rows, 9 columns match (rtol=1e-09, atol=0)\n"


def test_changed_cell_is_reported(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", {(4, "z_dog"): "1.5"})
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_MISMATCH
    assert result.stdout == ""
    assert f"the output differs from {expected}" in result.stderr
    assert "1 of 40 compared cells differ (rtol=1e-09, atol=0)" in result.stderr
    assert table_rows(result.stderr) == [["4", "p4", "z_dog", "1.5", "1.0", "-0.5"]]
    assert ("largest absolute error: 0.5 at row 4, column 'z_dog' (expected 1.5, got 1.0)"
            in result.stderr)


def test_changed_class_name_compared_as_text(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", {(2, "predicted"): "dog"})
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_MISMATCH
    assert table_rows(result.stderr) == [["2", "p2", "predicted", "dog", "fox", ""]]
    assert "largest absolute error" not in result.stderr


def test_number_spelled_differently_still_matches(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv",
                               {(1, "z_cat"): "2", (1, "a_dog"): "4.000", (3, "a_cat"): "-1875e-3"})
    result = run_cli(check_args(expected))
    assert result.exit_code == 0, result.stderr


def test_quiet_prints_nothing_on_success(run_cli):
    result = run_cli(check_args(EXPECTED, "--quiet"))
    assert result.exit_code == 0
    assert result.stderr == ""


def test_quiet_still_reports_differences(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", {(4, "z_dog"): "1.5"})
    result = run_cli(check_args(expected, "--quiet"))
    assert result.exit_code == EXIT_MISMATCH
    assert "1 of 40 compared cells differ" in result.stderr


# Tolerances ----------------------------------------------------------------------------------

def single_value_case(write_file, got: str, expected: str) -> list[str]:
    """Return check arguments for a one-row identity neuron whose z and a are *got*."""
    data = write_file("one.csv", f"x\n{got}\n")
    params = write_file("one.json", '{"weights": [1.0], "bias": 0.0, "activation": "identity"}')
    reference = write_file("one_expected.csv", f"row,z,a\n1,{expected},{expected}\n")
    return ["check", str(data), "-p", str(params), "--expected", str(reference)]


def exactly_within(got: float, expected: float, rtol: float, atol: float) -> bool:
    """The tolerance rule in exact rational arithmetic."""
    return (abs(Fraction(got) - Fraction(expected))
            <= Fraction(atol) + Fraction(rtol) * abs(Fraction(expected)))


RTOL_EDGE = 2.0 ** -30
ATOL_EDGE = 2.0 ** -40
# Dyadic values, so that got - expected and rtol * |expected| are exact in float64 and the edge
# falls where the rule puts it.
TOLERANCE_EDGES = [
    ("rtol inside", 3.0 + 3 * RTOL_EDGE, 3.0, RTOL_EDGE, 0.0, True),
    ("rtol one ulp outside", math.nextafter(3.0 + 3 * RTOL_EDGE, math.inf), 3.0, RTOL_EDGE, 0.0,
     False),
    ("rtol inside below", -3.0 - 3 * RTOL_EDGE, -3.0, RTOL_EDGE, 0.0, True),
    ("rtol one ulp outside below", math.nextafter(-3.0 - 3 * RTOL_EDGE, -math.inf), -3.0,
     RTOL_EDGE, 0.0, False),
    ("atol inside", ATOL_EDGE, 0.0, 0.0, ATOL_EDGE, True),
    ("atol one ulp outside", math.nextafter(ATOL_EDGE, 1.0), 0.0, 0.0, ATOL_EDGE, False),
    ("atol and rtol add up", 2.0 + 2 * RTOL_EDGE + ATOL_EDGE, 2.0, RTOL_EDGE, ATOL_EDGE, True),
    ("default rtol one ulp", math.nextafter(1.0, 2.0), 1.0, 1e-9, 0.0, True),
    ("default rtol exceeded", 1.0 + 2.0 ** -29, 1.0, 1e-9, 0.0, False),
]


@pytest.mark.parametrize(("got", "expected", "rtol", "atol", "within"),
                         [case[1:] for case in TOLERANCE_EDGES],
                         ids=[case[0] for case in TOLERANCE_EDGES])
def test_tolerance_edges(run_cli, write_file, got, expected, rtol, atol, within):
    assert exactly_within(got, expected, rtol, atol) is within
    args = single_value_case(write_file, repr(got), repr(expected))
    result = run_cli([*args, "--rtol", repr(rtol), "--atol", repr(atol)])
    assert result.exit_code == (0 if within else EXIT_MISMATCH), result.stderr


def test_default_tolerances_are_used(run_cli, write_file):
    inside = run_cli(single_value_case(write_file, repr(math.nextafter(1.0, 2.0)), "1.0"))
    outside = run_cli(single_value_case(write_file, repr(1.0 + 2.0 ** -29), "1.0"))
    assert inside.exit_code == 0
    assert outside.exit_code == EXIT_MISMATCH


def test_zero_expected_needs_atol(run_cli, write_file):
    args = single_value_case(write_file, "1e-300", "0.0")
    strict = run_cli([*args, "--rtol", "0.5"])
    assert strict.exit_code == EXIT_MISMATCH
    assert "largest relative error: inf at row 1, column 'z'" in strict.stderr
    assert run_cli([*args, "--atol", "1e-299"]).exit_code == 0


@pytest.mark.parametrize(("option", "value"), [("--rtol", "-1e-9"), ("--atol", "-1"),
                                               ("--rtol", "nan"), ("--atol", "inf")])
def test_invalid_tolerance_is_usage_error(run_cli, option, value):
    result = run_cli(check_args(EXPECTED, option, value))
    assert result.exit_code == EXIT_USAGE
    assert f"{option} must be a finite number of at least 0" in result.stderr


# NaN and infinity ----------------------------------------------------------------------------

NON_FINITE_CASES = [
    ("nan vs nan", "nan", "nan", [], False),
    ("nan vs nan with --nan-equal", "nan", "nan", ["--nan-equal"], True),
    ("nan vs number with --nan-equal", "nan", "1.0", ["--nan-equal"], False),
    ("number vs nan with --nan-equal", "1.0", "nan", ["--nan-equal"], False),
    ("inf vs inf", "inf", "inf", [], True),
    ("-inf vs -inf", "-inf", "-inf", [], True),
    ("inf vs -inf", "inf", "-inf", ["--nan-equal", "--rtol", "1", "--atol", "1e308"], False),
    ("inf vs large number", "inf", "1e308", ["--rtol", "1", "--atol", "1e308"], False),
    ("large number vs inf", "1e308", "inf", ["--rtol", "1", "--atol", "1e308"], False),
]


@pytest.mark.parametrize(("got", "expected", "options", "match"),
                         [case[1:] for case in NON_FINITE_CASES],
                         ids=[case[0] for case in NON_FINITE_CASES])
def test_nan_and_infinity_rules(run_cli, write_file, got, expected, options, match):
    result = run_cli([*single_value_case(write_file, got, expected), *options])
    assert result.exit_code == (0 if match else EXIT_MISMATCH), result.stderr
    if not match:
        assert table_rows(result.stderr)[0][1:4] == ["z", repr(float(expected)), repr(float(got))]


def test_infinity_stricter_than_isclose_on_overflowing_bound():
    got, expected = np.array([np.inf]), np.array([1e308])
    with np.errstate(over="ignore"):
        assert np.isclose(got, expected, rtol=1.0, atol=1e308)
    assert compare_numeric(got, expected, rtol=1.0, atol=1e308).mismatch.tolist() == [True]


# Rows and columns that do not line up --------------------------------------------------------

def test_expected_has_fewer_rows(run_cli, tmp_path):
    expected = write_rows(tmp_path / "expected.csv", read_rows(EXPECTED)[:-1])
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_MISMATCH
    assert ("the expected file has 4 rows, the output has 5; only the first 4 rows were compared"
            in result.stderr)
    assert "0 of 32 compared cells differ" in result.stderr


def test_expected_has_more_rows(run_cli, tmp_path):
    rows = read_rows(EXPECTED)
    expected = write_rows(tmp_path / "expected.csv", [*rows, rows[1]])
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_MISMATCH
    assert ("the expected file has 6 rows, the output has 5; only the first 5 rows were compared"
            in result.stderr)


def test_column_missing_from_output(run_cli, tmp_path):
    rows = read_rows(EXPECTED)
    expected = write_rows(tmp_path / "expected.csv",
                          [[*row, "z_wolf" if i == 0 else "0.0"] for i, row in enumerate(rows)])
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_MISMATCH
    assert ("column 'z_wolf' of the expected file is missing from the output; the output has "
            "the columns: name, z_cat, z_dog, z_fox, a_cat, a_dog, a_fox, predicted"
            in result.stderr)
    assert "0 of 40 compared cells differ" in result.stderr


def test_id_column_left_out_is_missing_column(run_cli):
    result = run_cli(["check", DATA, "-p", PARAMS, "--expected", str(EXPECTED)])
    assert result.exit_code == EXIT_MISMATCH
    assert "column 'name' of the expected file is missing from the output" in result.stderr
    assert "--id-column" in result.stderr


def test_extra_output_columns_are_ignored(run_cli, tmp_path):
    rows = read_rows(EXPECTED)
    expected = write_rows(tmp_path / "expected.csv", [[row[0], row[6]] for row in rows])
    result = run_cli(check_args(expected))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "5 rows, 2 columns match (rtol=1e-09, atol=0)\n"


def test_columns_option_restricts_comparison(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", {(1, "z_cat"): "9.0"})
    by_comma = run_cli(check_args(expected, "--columns", "z_dog,a_dog"))
    repeated = run_cli(check_args(expected, "--columns", "z_dog", "--columns", "a_dog"))
    including = run_cli(check_args(expected, "--columns", "z_cat"))
    assert by_comma.exit_code == 0, by_comma.stderr
    assert by_comma.stderr == "5 rows, 2 columns match (rtol=1e-09, atol=0)\n"
    assert repeated.stderr == by_comma.stderr
    assert including.exit_code == EXIT_MISMATCH


def test_columns_option_unknown_name(run_cli):
    result = run_cli(check_args(EXPECTED, "--columns", "z_dgo"))
    assert result.exit_code == EXIT_MISMATCH
    assert "column 'z_dgo' named by --columns is missing from the expected file" in result.stderr


# Malformed or unusable expected files --------------------------------------------------------

def test_missing_expected_file_is_usage_error(run_cli, tmp_path):
    result = run_cli(check_args(tmp_path / "nowhere.csv"))
    assert result.exit_code == EXIT_USAGE
    assert "file not found" in result.stderr
    assert result.stdout == ""


def test_json_expected_file_is_usage_error(run_cli, write_file):
    expected = write_file("expected.json", "[]")
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_USAGE
    assert "must be CSV or TSV" in result.stderr


def test_ragged_expected_row_names_line(run_cli, tmp_path):
    rows = read_rows(EXPECTED)
    rows[3] = rows[3][:-1]
    expected = write_rows(tmp_path / "expected.csv", rows)
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_INPUT
    assert f"{expected}, line 4: this row has 7 fields but the header has 8" in result.stderr
    assert "written by neuroncli eval" in result.stderr


def test_text_in_numeric_column_names_cell(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", {(2, "z_dog"): "abc"})
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_INPUT
    assert f"{expected}, line 3, column 'z_dog': 'abc' is not a number" in result.stderr
    assert "--id-column 'z_dog'" not in result.stderr


def test_empty_numeric_cell_is_input_error(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", {(5, "a_fox"): ""})
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_INPUT
    assert f"{expected}, line 6, column 'a_fox'" in result.stderr


def test_empty_expected_file_is_input_error(run_cli, write_file):
    result = run_cli(check_args(write_file("expected.csv", "")))
    assert result.exit_code == EXIT_INPUT
    assert "the file is empty" in result.stderr


def test_duplicate_expected_column(run_cli, tmp_path):
    rows = read_rows(EXPECTED)
    expected = write_rows(tmp_path / "expected.csv", [[*row, row[1]] for row in rows])
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_INPUT
    assert "more than one column named 'z_cat'" in result.stderr


def test_expected_and_data_both_stdin(run_cli):
    result = run_cli(["check", "-", "-p", PARAMS, "--expected", "-"], input=b"x1,x2\n1,2\n")
    assert result.exit_code == EXIT_USAGE
    assert "standard input (-) can be read only once" in result.stderr


def test_expected_from_stdin(run_cli):
    result = run_cli(check_args("-"), input=EXPECTED.read_bytes())
    assert result.exit_code == 0, result.stderr


def test_negative_max_report_is_usage_error(run_cli):
    result = run_cli(check_args(EXPECTED, "--max-report", "-1"))
    assert result.exit_code == EXIT_USAGE


def test_data_error_keeps_eval_exit_code(run_cli, write_file):
    data = write_file("bad.csv", "name,x1,x2\np1,1.0,oops\n")
    result = run_cli(["check", str(data), "-p", PARAMS, "--id-column", "name",
                      "--expected", str(EXPECTED)])
    assert result.exit_code == EXIT_INPUT
    assert "'oops' is not a number" in result.stderr


# Formats that eval writes --------------------------------------------------------------------

@pytest.mark.parametrize("extra", [["-o", "expected.tsv"], ["--bom", "-o", "expected.csv"]],
                         ids=["tsv", "bom"])
def test_eval_output_formats_pass(run_cli, tmp_path, monkeypatch, extra):
    monkeypatch.chdir(tmp_path)
    written = run_cli(["eval", DATA, "-p", PARAMS, "--id-column", "name", *extra])
    assert written.exit_code == 0, written.stderr
    result = run_cli(check_args(extra[-1]))
    assert result.exit_code == 0, result.stderr


def test_compressed_expected_file_passes(run_cli, tmp_path):
    expected = tmp_path / "expected.csv.gz"
    expected.write_bytes(gzip.compress(EXPECTED.read_bytes()))
    result = run_cli(check_args(expected))
    assert result.exit_code == 0, result.stderr


def test_hidden_layers_compared_with_all_layers(run_cli, write_file, tmp_path):
    params = write_file("net.json", json.dumps({"layers": [
        {"weights": [[1.0, -1.0], [0.5, 0.25]], "bias": [0.0, 0.5], "activation": "relu"},
        {"weights": [[1.0, 0.0], [-0.5, 2.0]], "bias": [0.25, 0.0], "activation": "softmax"},
    ]}))
    data = str(TEST_DATA / "check_points.csv")
    expected = tmp_path / "expected.csv"
    options = ["--id-column", "name", "--features", "x1,x2", "--all-layers"]
    written = run_cli(["eval", data, "-p", str(params), *options, "-o", str(expected)])
    assert written.exit_code == 0, written.stderr
    assert "l1_a_1" in read_rows(expected)[0]

    unchanged = run_cli(["check", data, "-p", str(params), *options, "--expected", str(expected)])
    edited_expected(expected, {(3, "l1_a_1"): "7.0"}, source=expected)
    changed = run_cli(["check", data, "-p", str(params), *options, "--expected", str(expected)])
    assert unchanged.exit_code == 0, unchanged.stderr
    assert changed.exit_code == EXIT_MISMATCH
    assert table_rows(changed.stderr)[0][:4] == ["3", "p3", "l1_a_1", "7.0"]


# The report ----------------------------------------------------------------------------------

def test_max_report_limits_table(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", GOLDEN_EDITS)
    one = run_cli(check_args(expected, "--max-report", "1"))
    none = run_cli(check_args(expected, "--max-report", "0"))
    assert [row[:3] for row in table_rows(one.stderr)] == [["2", "p2", "z_fox"]]
    assert "Differing cells: the first 1 of 3" in one.stderr
    assert "2 more differing cells not shown" in one.stderr
    assert table_rows(none.stderr) == []
    assert "3 of 40 compared cells differ" in none.stderr
    assert none.exit_code == EXIT_MISMATCH


def test_report_numbers_match_numpy(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", GOLDEN_EDITS)
    result = run_cli(check_args(expected))
    got, reference = np.float64(1.375), np.float64(1.376)
    absolute = abs(got - reference)
    relative = absolute / abs(reference)

    match = re.search(r"largest absolute error: (\S+) at row 2, column 'z_fox'", result.stderr)
    assert match is not None
    assert float(match[1]) == absolute
    match = re.search(r"largest relative error: (\S+) at row 2, column 'z_fox'", result.stderr)
    assert match is not None
    assert float(match[1]) == relative
    assert table_rows(result.stderr) == [
        ["2", "p2", "z_fox", "1.376", "1.375", repr(float(got - reference))],
        ["4", "p4", "predicted", "dog", "cat", ""],
        ["5", "p5", "a_dog", "nan", "0.5", "nan"],
    ]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_report_golden(run_cli, tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    edited_expected(tmp_path / "expected.csv", GOLDEN_EDITS)
    env = {"LANG": "ko_KR.UTF-8"} if lang == "ko" else {}
    result = run_cli(check_args("expected.csv"), lang=lang, env=env)
    assert result.exit_code == EXIT_MISMATCH
    assert result.stdout == ""
    assert "\x1b" not in result.stderr
    check_golden(f"check_report.{lang}.txt", result.stderr)


def test_report_does_not_depend_on_chunk_size(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "expected.csv", GOLDEN_EDITS)
    reports = {run_cli(check_args(expected, "--chunk-size", str(size))).stderr
               for size in (1, 2, 3, 4, 5, 100)}
    assert len(reports) == 1


def test_large_file_same_result_for_chunk_sizes(run_cli, tmp_path):
    rows = 200_000
    rng = np.random.default_rng(20240611)
    X = rng.normal(size=(rows, 2)) * 3.0
    data = tmp_path / "big.csv"
    data.write_text("x1,x2\n" + "".join(f"{a!r},{b!r}\n" for a, b in X.tolist()),
                    encoding="utf-8")
    params = tmp_path / "big.json"
    params.write_text(json.dumps({
        "weights": [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], "bias": [0.1, -0.2, 0.3],
        "activation": "softmax", "outputs": ["low", "mid", "high"],
    }), encoding="utf-8")
    expected = tmp_path / "big_expected.csv"
    written = run_cli(["eval", str(data), "-p", str(params), "-o", str(expected)])
    assert written.exit_code == 0, written.stderr

    args = ["check", str(data), "-p", str(params), "--expected", str(expected)]
    passed = {run_cli([*args, "--chunk-size", size]).stderr for size in ("1000", "7777")}
    assert passed == {f"{rows} rows, 8 columns match (rtol=1e-09, atol=0)\n"}

    # Edits on both sides of chunk boundaries of either size, and on the last row.
    lines = expected.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    edits = {1000: "z_low", 1001: "a_mid", 7777: "predicted", 7778: "z_high", 150_000: "a_low",
             rows: "z_mid"}
    for row, column in edits.items():
        cells = lines[row].rstrip("\n").split(",")
        position = header.index(column)
        cells[position] = "other" if column == "predicted" else repr(float(cells[position]) + 1)
        lines[row] = ",".join(cells) + "\n"
    expected.write_text("".join(lines), encoding="utf-8")

    failed = [run_cli([*args, "--chunk-size", size]) for size in ("1000", "7777")]
    assert [result.exit_code for result in failed] == [EXIT_MISMATCH, EXIT_MISMATCH]
    assert failed[0].stderr == failed[1].stderr
    assert f"6 of {rows * 8} compared cells differ" in failed[0].stderr
    assert [(int(row[0]), row[1]) for row in table_rows(failed[0].stderr)] == list(edits.items())


# Real processes ------------------------------------------------------------------------------

def run_module(args: list[str], cwd: Path, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, *args], cwd=cwd, capture_output=True, timeout=120,
                          env=env or environment_without_styling())


def test_module_exit_status_zero_then_one(tmp_path):
    expected = tmp_path / "iris_expected.csv"
    options = ["--id-column", "species", "--target", "species"]
    written = run_module(["eval", IRIS, "-p", IRIS_SPECIES, *options, "-o", str(expected)],
                         tmp_path)
    assert written.returncode == 0, written.stderr

    check = ["check", IRIS, "-p", IRIS_SPECIES, *options, "--expected", str(expected)]
    first = run_module(check, tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == b""

    edited_expected(expected, {(150, "a_virginica"): "0.5"}, source=expected)
    second = run_module(check, tmp_path)
    assert second.returncode == EXIT_MISMATCH
    assert second.stdout == b""
    assert table_rows(second.stderr.decode("utf-8"))[0][:4] == [
        "150", "virginica", "a_virginica", "0.5"]


def test_korean_locale_report_in_process_matches_golden(tmp_path):
    edited_expected(tmp_path / "expected.csv", GOLDEN_EDITS)
    env = environment_without_styling() | {"LANG": "ko_KR.UTF-8"}
    result = run_module(check_args("expected.csv"), tmp_path, env)
    assert result.returncode == EXIT_MISMATCH
    assert result.stdout == b""
    assert result.stderr.decode("utf-8") == (GOLDEN / "check_report.ko.txt").read_text(
        encoding="utf-8")


GATE_SCRIPT = """\
#!/bin/sh
# Stop the build when the model's outputs change.
set -eu
neuroncli check sample_data/iris.csv -p sample_data/iris_species.json \\
    --id-column species --target species --expected tests/expected/iris_species.csv
echo "iris_species outputs unchanged"
"""


def test_gate_script_stops_on_difference(tmp_path):
    scripts = Path(sys.executable).parent
    if shutil.which("neuroncli", path=str(scripts)) is None:
        pytest.skip("the neuroncli script is not installed next to this Python")
    shutil.copytree(SAMPLE_DATA, tmp_path / "sample_data")
    (tmp_path / "tests" / "expected").mkdir(parents=True)
    (tmp_path / "gate.sh").write_text(GATE_SCRIPT, encoding="utf-8")
    env = environment_without_styling() | {"PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"}
    written = run_module(["eval", "sample_data/iris.csv", "-p", "sample_data/iris_species.json",
                          "--id-column", "species", "--target", "species",
                          "-o", "tests/expected/iris_species.csv"], tmp_path)
    assert written.returncode == 0, written.stderr

    def gate() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["sh", "gate.sh"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120, env=env)

    passing = gate()
    assert passing.returncode == 0, passing.stderr
    assert passing.stdout == "iris_species outputs unchanged\n"
    assert passing.stderr == "150 rows, 9 columns match (rtol=1e-09, atol=0)\n"

    expected = tmp_path / "tests" / "expected" / "iris_species.csv"
    edited_expected(expected, {(1, "z_setosa"): "6.9"}, source=expected)
    failing = gate()
    assert failing.returncode == EXIT_MISMATCH
    assert failing.stdout == ""
    assert "the output differs from tests/expected/iris_species.csv" in failing.stderr


# The comparison functions --------------------------------------------------------------------

float64_values = st.floats(allow_nan=True, allow_infinity=True, width=64)


@st.composite
def value_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Draw expected values and got values that are either unrelated or slightly perturbed."""
    size = draw(st.integers(0, 20))
    expected = draw(hnp.arrays(np.float64, size, elements=float64_values))
    if draw(st.booleans()):
        got = draw(hnp.arrays(np.float64, size, elements=float64_values))
    else:
        scale = draw(hnp.arrays(np.float64, size, elements=st.floats(-1e-8, 1e-8)))
        with np.errstate(all="ignore"):
            got = expected + expected * scale
    return got, expected


tolerances = st.one_of(st.sampled_from([0.0, 1e-12, 1e-9, 1e-6]), st.floats(0.0, 0.5))
absolute_tolerances = st.one_of(st.sampled_from([0.0, 1e-300, 1e-9]), st.floats(0.0, 1e300))


@settings(max_examples=300, deadline=None)
@given(value_pairs(), tolerances, absolute_tolerances, st.booleans())
def test_compare_numeric_agrees_with_isclose(pair, rtol, atol, nan_equal):
    # rtol <= 0.5 and atol <= 1e300 keep atol + rtol * |expected| finite, where the two
    # rules are meant to agree.
    got, expected = pair
    result = compare_numeric(got, expected, rtol=rtol, atol=atol, nan_equal=nan_equal)
    with np.errstate(over="ignore", invalid="ignore"):
        oracle = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=nan_equal)
    np.testing.assert_array_equal(result.mismatch, ~oracle)


def test_compare_numeric_errors():
    got = np.array([1.5, 0.0, 2.0, np.nan, np.inf, 1.0])
    expected = np.array([1.0, 0.0, 0.0, 1.0, np.inf, -2.0])
    result = compare_numeric(got, expected)
    np.testing.assert_array_equal(result.abs_error, [0.5, 0.0, 2.0, np.nan, np.nan, 3.0])
    np.testing.assert_array_equal(result.rel_error, [0.5, 0.0, np.inf, np.nan, np.nan, 1.5])
    assert result.mismatch.tolist() == [True, False, True, True, False, True]


def test_compare_numeric_rejects_shape_mismatch():
    with pytest.raises(ValueError, match="shapes differ"):
        compare_numeric(np.zeros(2), np.zeros(3))


def test_relative_error_of_zero_expected():
    result = relative_error(np.array([0.0, 1e-300]), np.array([-0.0, 0.0]))
    assert result.tolist() == [0.0, math.inf]


def test_compare_text_uses_str_of_got():
    assert compare_text([1, "dog", 2.5], ["1", "cat", "2.5"]).tolist() == [False, True, False]


cell_values = st.sampled_from([0.0, 1.0, -1.0, 1.5, 1e-12, np.nan, np.inf, -np.inf])


@st.composite
def blocks(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[str], list[str], list[int]]:
    rows = draw(st.integers(1, 40))
    got = draw(hnp.arrays(np.float64, (rows, 2), elements=cell_values))
    expected = draw(hnp.arrays(np.float64, (rows, 2), elements=cell_values))
    got_text = draw(st.lists(st.sampled_from("ab"), min_size=rows, max_size=rows))
    expected_text = draw(st.lists(st.sampled_from("ab"), min_size=rows, max_size=rows))
    cuts = sorted(draw(st.sets(st.integers(1, rows - 1), max_size=5))) if rows > 1 else []
    return got, expected, got_text, expected_text, cuts


def tally_of(parts: list[tuple[int, int]], got, expected, got_text, expected_text,
             tolerance: Tolerance, max_examples: int) -> ComparisonTally:
    tally = ComparisonTally(tolerance, max_examples)
    names = ["u", "label", "v"]
    for start, stop in parts:
        tally.add_block(start + 1, names,
                        [got[start:stop, 0], got_text[start:stop], got[start:stop, 1]],
                        [expected[start:stop, 0], expected_text[start:stop],
                         expected[start:stop, 1]],
                        [[f"id{i}" for i in range(start, stop)]])
    return tally


@settings(max_examples=200, deadline=None)
@given(blocks(), st.booleans(), st.integers(0, 6))
def test_tally_does_not_depend_on_blocks(block, nan_equal, max_examples):
    got, expected, got_text, expected_text, cuts = block
    tolerance = Tolerance(rtol=1e-9, atol=0.0, nan_equal=nan_equal)
    bounds = [0, *cuts, len(got)]
    whole = tally_of([(0, len(got))], got, expected, got_text, expected_text, tolerance,
                     max_examples)
    split = tally_of(list(zip(bounds[:-1], bounds[1:], strict=True)), got, expected, got_text,
                     expected_text, tolerance, max_examples)

    assert split.compared == whole.compared == 3 * len(got)
    assert split.differing == whole.differing
    assert repr(split.largest_abs) == repr(whole.largest_abs)
    assert repr(split.largest_rel) == repr(whole.largest_rel)
    assert repr(split.examples) == repr(whole.examples)


@settings(max_examples=200, deadline=None)
@given(blocks())
def test_tally_counts_match_elementwise_oracle(block):
    got, expected, got_text, expected_text, _ = block
    tally = tally_of([(0, len(got))], got, expected, got_text, expected_text, Tolerance(), 1000)

    differing_cells = []
    for i in range(len(got)):
        for name, position in (("u", 0), ("label", None), ("v", 1)):
            if position is None:
                differs = got_text[i] != expected_text[i]
            else:
                g, e = float(got[i, position]), float(expected[i, position])
                if math.isfinite(g) and math.isfinite(e):
                    differs = not abs(g - e) <= 1e-9 * abs(e)
                else:
                    differs = not g == e
            if differs:
                differing_cells.append((i + 1, name))
    assert tally.differing == len(differing_cells)
    assert [(example.row, example.column) for example in tally.examples] == differing_cells


def test_largest_errors_first_finite_maximum():
    tally = ComparisonTally(Tolerance(), 10)
    tally.add_block(1, ["u", "v"], [np.array([np.nan, 2.0]), np.array([3.0, 0.0])],
                    [np.array([1.0, 1.0]), np.array([2.0, 1.0])])
    tally.add_block(3, ["u", "v"], [np.array([5.0]), np.array([1.0])],
                    [np.array([4.0]), np.array([0.0])])
    assert tally.largest_abs is not None
    assert (tally.largest_abs.row, tally.largest_abs.column) == (1, "v")
    assert tally.largest_abs.error == 1.0
    assert tally.largest_rel is not None
    assert (tally.largest_rel.row, tally.largest_rel.column, tally.largest_rel.error) == (
        3, "v", math.inf)


def test_help_states_rule_and_defaults(run_cli):
    result = run_cli(["check", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "|got - expected| <= atol + rtol * |expected|" in result.stdout
    assert "1e-09" in result.stdout
    assert "--nan-equal" in result.stdout
    assert "--max-report" in result.stdout


def test_report_prints_path_without_markup(run_cli, tmp_path):
    expected = edited_expected(tmp_path / "[bold]expected.csv", GOLDEN_EDITS)
    result = run_cli(check_args(expected))
    assert result.exit_code == EXIT_MISMATCH
    assert io.StringIO(result.stderr).readline() == f"the output differs from {expected}\n"
