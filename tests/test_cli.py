"""The eval command through Typer's CliRunner: exit codes, stdout and stderr checked separately."""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
from conftest import GOLDEN, TEST_DATA

from neuroncli.errors import EXIT_INPUT, EXIT_OUTPUT, EXIT_PARAMS, EXIT_USAGE

PEOPLE = str(TEST_DATA / "people.csv")
PEOPLE_PARAMS = str(TEST_DATA / "people.json")
TWO = str(TEST_DATA / "two.json")
UPDATE_GOLDEN = os.environ.get("NEURONCLI_UPDATE_GOLDEN") == "1"


def reference_people() -> tuple[list[float], list[float]]:
    """z and a of people.csv computed independently with math.fsum and the logistic formula."""
    rows = [(170.5, 65.25), (160.0, -0.0), (1e-300, math.nan)]
    z = [math.fsum([0.02 * x1, -0.03 * x2, -1.0]) for x1, x2 in rows]
    a = [1.0 / (1.0 + math.exp(-value)) if not math.isnan(value) else math.nan for value in z]
    return z, a


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


# Results ----------------------------------------------------------------------------------

def test_csv_values_match_reference(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "--id-column", "이름"])
    assert result.exit_code == 0, result.stderr
    rows = parse_csv(result.stdout)
    z_ref, a_ref = reference_people()
    assert [row["이름"] for row in rows] == ["A-01", "=SUM(1)", "@b"]
    np.testing.assert_allclose([float(row["z"]) for row in rows], z_ref, rtol=1e-15)
    np.testing.assert_allclose([float(row["a"]) for row in rows], a_ref, rtol=1e-15)


def test_csv_default_has_row_column(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS])
    assert result.exit_code == 0
    header, *lines = result.stdout.splitlines()
    assert header == "row,z,a"
    assert [line.split(",")[0] for line in lines] == ["1", "2", "3"]


def test_stderr_is_empty_on_success_in_pipe(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS])
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
def test_output_formats_golden(run_cli, fmt):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "--id-column", "이름", "-f", fmt])
    assert result.exit_code == 0, result.stderr
    check_golden(f"people.{fmt}", result.stdout)


def test_json_output_parses_and_keeps_values(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-f", "json"])
    rows = json.loads(result.stdout)
    z_ref, _ = reference_people()
    assert rows[0]["row"] == 1
    assert rows[0]["z"] == pytest.approx(z_ref[0], rel=1e-15)
    assert rows[2]["z"] == "nan"


def test_jsonl_one_object_per_line(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-f", "jsonl"])
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["row"] for line in lines] == [1, 2, 3]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_table_golden(run_cli, lang):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "--id-column", "이름", "-f", "table",
                      "--lang", lang])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    check_golden(f"people.table.{lang}.txt", result.stdout)


def test_table_shows_head_and_tail(run_cli, write_file):
    data = write_file("many.csv", "x\n" + "".join(f"{i}\n" for i in range(1, 101)))
    params = write_file("p.json", '{"weights": [1.0], "bias": 0.0, "activation": "identity"}')
    result = run_cli(["eval", str(data), "-p", str(params), "-f", "table", "--max-rows", "6"])
    assert result.exit_code == 0
    assert "94 of 100 rows not shown" in result.stdout
    assert "--max-rows 0" in result.stdout
    lines = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert [line.split("│")[1].strip() for line in lines] == ["1", "2", "3", "⋮", "98", "99", "100"]


def test_table_max_rows_zero_shows_all(run_cli, write_file):
    data = write_file("many.csv", "x\n" + "".join(f"{i}\n" for i in range(1, 41)))
    params = write_file("p.json", '{"weights": [1.0], "bias": 0.0, "activation": "identity"}')
    result = run_cli(["eval", str(data), "-p", str(params), "-f", "table", "--max-rows", "0"])
    assert sum(line.startswith("│") for line in result.stdout.splitlines()) == 40


def test_table_title_names_activation_params_and_shape(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-f", "table", "-g", "leaky_relu",
                      "--activation-param", "negative_slope=0.2"])
    assert result.exit_code == 0, result.stderr
    first_line = result.stdout.splitlines()[0]
    assert "leaky_relu(negative_slope=0.2)" in first_line
    assert "(3 x 2)(2) + b" in first_line


def test_activation_option_overrides_file(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-g", "identity"])
    rows = parse_csv(result.stdout)
    assert [row["z"] for row in rows] == [row["a"] for row in rows]


def test_file_activation_params_are_used(run_cli, write_file):
    data = write_file("d.csv", "x\n-10\n")
    params = write_file("p.json", '{"weights": [1.0], "bias": 0.0, '
                                  '"activation": {"name": "leaky_relu", "negative_slope": 0.5}}')
    result = run_cli(["eval", str(data), "-p", str(params)])
    assert parse_csv(result.stdout)[0]["a"] == "-5.0"


def test_keep_input_writes_input_text(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "--keep-input"])
    rows = parse_csv(result.stdout)
    assert list(rows[0]) == ["row", "이름", "키", "몸무게", "z", "a"]
    assert rows[1]["몸무게"] == "-0.0"


def test_features_by_position_and_range(run_cli, write_file):
    data = write_file("d.csv", "id,a,b,c\nr1,1,2,3\n")
    params = write_file("p.json", '{"weights": [1.0, 10.0], "bias": 0.0, "activation": "identity"}')
    by_range = run_cli(["eval", str(data), "-p", str(params), "--features", "3-4"])
    by_name = run_cli(["eval", str(data), "-p", str(params), "--features", "b,c"])
    assert parse_csv(by_range.stdout)[0]["z"] == "32.0"
    assert by_range.stdout == by_name.stdout


def test_output_file_written_with_summary(run_cli, tmp_path):
    target = tmp_path / "out.csv"
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "wrote 3 rows" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("row,z,a\n")


def test_output_format_from_extension(run_cli, tmp_path):
    target = tmp_path / "out.jsonl"
    run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-o", str(target)])
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["row"] == 1


def test_stdin_dash_reads_bytes(run_cli):
    data = "\ufeff키,몸무게\r\n170.5,65.25\r\n".encode()
    result = run_cli(["eval", "-", "-p", PEOPLE_PARAMS], input=data)
    assert result.exit_code == 0, result.stderr
    z_ref, _ = reference_people()
    assert float(parse_csv(result.stdout)[0]["z"]) == pytest.approx(z_ref[0], rel=1e-15)
    assert "\ufeff" not in result.stdout


def test_header_only_gives_header_only(run_cli, write_file):
    data = write_file("h.csv", "x1,x2\n")
    result = run_cli(["eval", str(data), "-p", TWO])
    assert result.exit_code == 0
    assert result.stdout == "row,z,a\n"


def test_chunk_size_does_not_change_output(run_cli, write_file):
    rng = np.random.default_rng(7)
    values = rng.normal(size=(57, 2)) * 10.0 ** rng.integers(-5, 5, size=(57, 2))
    data = write_file("d.csv", "x1,x2\n" + "".join(f"{a!r},{b!r}\n" for a, b in values.tolist()))
    outputs = {run_cli(["eval", str(data), "-p", TWO, "--chunk-size", str(size)]).stdout
               for size in (1, 2, 7, 56, 57, 1000)}
    assert len(outputs) == 1


def test_semicolon_and_decimal_comma_detected(run_cli, write_file):
    data = write_file("eu.csv", "x1;x2\r\n1,5;-2,25\r\n\"0,5\";4\r\n")
    result = run_cli(["eval", str(data), "-p", TWO, "--decimal", ","])
    assert result.exit_code == 0, result.stderr
    assert [row["z"] for row in parse_csv(result.stdout)] == ["3.25", "-3.5"]


def test_thousands_separator_only_when_asked(run_cli, write_file):
    data = write_file("k.csv", 'x1,x2\n"1,234.5",1\n')
    without = run_cli(["eval", str(data), "-p", TWO])
    assert without.exit_code == EXIT_INPUT
    assert "'1,234.5'" in without.stderr
    result = run_cli(["eval", str(data), "-p", TWO, "--thousands", ","])
    assert result.exit_code == 0, result.stderr
    assert parse_csv(result.stdout)[0]["z"] == repr(0.5 * 1234.5 - 1.0 + 0.25)


def test_tab_delimiter_detected(run_cli, write_file):
    data = write_file("t.txt", "x1\tx2\n1\t2\n")
    result = run_cli(["eval", str(data), "-p", TWO])
    assert result.exit_code == 0, result.stderr
    assert parse_csv(result.stdout)[0]["z"] == "-1.25"


def test_cp949_detected_without_option(run_cli, write_file):
    data = write_file("k.csv", "키,몸무게\r\n170.5,65.25\r\n".encode("cp949"))
    result = run_cli(["eval", str(data), "-p", PEOPLE_PARAMS, "--keep-input"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "row,키,몸무게,z,a"


def test_unknown_encoding_lists_tried(run_cli, write_file):
    data = write_file("l.csv", "name,valeur\r\nété,1.5\r\n".encode("latin-1"))
    result = run_cli(["eval", str(data), "-p", TWO])
    assert result.exit_code == EXIT_INPUT
    assert "UTF-8, cp949" in result.stderr
    assert "--encoding cp949" in result.stderr


def test_version(run_cli):
    result = run_cli(["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("neuroncli ")


# Errors -----------------------------------------------------------------------------------

ERRORS = [
    # (name, files, arguments, exit code, words that stderr must contain)
    ("missing data file", {}, ["nope.csv", "-p", TWO], EXIT_USAGE, ["nope.csv", "not found"]),
    ("data is a folder", {}, [".", "-p", TWO], EXIT_USAGE, ["folder"]),
    ("missing params file", {"d.csv": "x1,x2\n1,2\n"}, ["d.csv", "-p", "nope.json"], EXIT_USAGE,
     ["nope.json", "not found"]),
    ("invalid json", {"d.csv": "x1,x2\n1,2\n", "p.json": '{"weights": [1, 2],}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ["p.json", "line 1", "character 20"]),
    ("non-numeric cell", {"d.csv": "x1,x2\n1,2\n3,abc\n"}, ["d.csv", "-p", TWO], EXIT_INPUT,
     ["d.csv", "line 3", "column 'x2'", "'abc'", "not a number"]),
    ("empty cell", {"d.csv": "x1,x2\n1,\n"}, ["d.csv", "-p", TWO], EXIT_INPUT,
     ["line 2", "column 'x2'", "empty", "--missing nan"]),
    ("NA marker", {"d.csv": "x1,x2\nNA,1\n"}, ["d.csv", "-p", TWO], EXIT_INPUT,
     ["line 2", "column 'x1'", "'NA'", "missing"]),
    ("ragged row", {"d.csv": "x1,x2\n1,2\n3\n"}, ["d.csv", "-p", TWO], EXIT_INPUT,
     ["line 3", "1 fields", "header has 2"]),
    ("empty file", {"d.csv": ""}, ["d.csv", "-p", TWO], EXIT_INPUT, ["d.csv", "empty"]),
    ("duplicate column selected by name", {"d.csv": "x1,x1\n1,2\n",
                                           "p.json": '{"weights": {"x1": 1}, "bias": 0, '
                                                     '"activation": "relu"}'},
     ["d.csv", "-p", "p.json"], EXIT_INPUT, ["'x1'", "positions 1, 2", "--features 1"]),
    ("feature column not found", {"d.csv": "x1,x2\n1,2\n",
                                  "p.json": '{"weights": {"x_1": 1, "x2": 2}, "bias": 0, '
                                            '"activation": "relu"}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ["'x_1'", "did you mean x1"]),
    ("weights count mismatch", {"d.csv": "x1,x2,x3\n1,2,3\n"}, ["d.csv", "-p", TWO],
     EXIT_PARAMS, ["2 entries", "3 feature columns", "x1, x2, x3"]),
    ("unknown activation in file", {"d.csv": "x1,x2\n1,2\n",
                                    "p.json": '{"weights": [1, 2], "bias": 0, '
                                              '"activation": "sigmod"}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ["p.json", "sigmod", "did you mean sigmoid"]),
    ("unknown activation option", {"d.csv": "x1,x2\n1,2\n"}, ["d.csv", "-p", TWO, "-g", "sigmod"],
     EXIT_USAGE, ["sigmod", "did you mean sigmoid", "identity"]),
    ("unknown key", {"d.csv": "x1,x2\n1,2\n",
                     "p.json": '{"weights": [1, 2], "bais": 0, "bias": 0, "activation": "relu"}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ['"bais"', "did you mean bias"]),
    ("missing bias", {"d.csv": "x1,x2\n1,2\n",
                      "p.json": '{"weights": [1, 2], "activation": "relu"}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ["p.json", '"bias"', "missing"]),
    ("non-finite weight", {"d.csv": "x1,x2\n1,2\n",
                           "p.json": '{"weights": [1, 1e999], "bias": 0, "activation": "relu"}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ["weights[1]", "not a finite"]),
    ("empty weights", {"d.csv": "x1,x2\n1,2\n",
                       "p.json": '{"weights": [], "bias": 0, "activation": "relu"}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ['"weights" is empty']),
    ("wrong type", {"d.csv": "x1,x2\n1,2\n",
                    "p.json": '{"weights": "1, 2", "bias": 0, "activation": "relu"}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ["weights must be an array of numbers"]),
    ("no activation anywhere", {"d.csv": "x1,x2\n1,2\n",
                                "p.json": '{"weights": [1, 2], "bias": 0}'},
     ["d.csv", "-p", "p.json"], EXIT_PARAMS, ["no activation", "--activation sigmoid"]),
    ("unknown activation parameter", {"d.csv": "x1,x2\n1,2\n"},
     ["d.csv", "-p", TWO, "-g", "leaky_relu", "--activation-param", "slope=0.2"], EXIT_USAGE,
     ["slope", "negative_slope"]),
    ("output is the input", {"d.csv": "x1,x2\n1,2\n"}, ["d.csv", "-p", TWO, "-o", "d.csv"],
     EXIT_USAGE, ["d.csv", "input file"]),
    ("output folder missing", {"d.csv": "x1,x2\n1,2\n"},
     ["d.csv", "-p", TWO, "-o", "no/such/out.csv"], EXIT_OUTPUT, ["does not exist"]),
    ("bad format choice", {"d.csv": "x1,x2\n1,2\n"}, ["d.csv", "-p", TWO, "-f", "xml"], EXIT_USAGE,
     ["xml"]),
    ("decimal comma with comma delimiter", {"d.csv": "x1;x2\n1,5;2\n"},
     ["d.csv", "-p", TWO, "--decimal", ",", "--delimiter", ","], EXIT_USAGE,
     ["--delimiter ';'"]),
    ("bad chunk size", {"d.csv": "x1,x2\n1,2\n"}, ["d.csv", "-p", TWO, "--chunk-size", "0"],
     EXIT_USAGE, ["--chunk-size", "at least 1"]),
]


@pytest.mark.parametrize(("files", "arguments", "code", "words"),
                         [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_error_message_and_exit_code(run_cli, tmp_path, monkeypatch, files, arguments, code,
                                     words):
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["eval", *arguments])
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize(("files", "arguments", "code", "words"),
                         [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_error_message_in_korean(run_cli, tmp_path, monkeypatch, files, arguments, code, words):
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    english = run_cli(["eval", *arguments])
    korean = run_cli(["eval", *arguments], env={"LANG": "ko_KR.UTF-8"}, lang="ko")
    assert korean.exit_code == english.exit_code
    if korean.stderr.startswith("오류"):
        assert korean.stderr != english.stderr
        assert any("\uac00" <= char <= "\ud7a3" for char in korean.stderr)


def test_failed_run_leaves_no_output_file(run_cli, tmp_path, monkeypatch):
    lines = ["x1,x2"] + [f"{i},{i}" for i in range(50)] + ["1,oops"]
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["eval", "d.csv", "-p", TWO, "-o", "out.csv", "--chunk-size", "10"])
    assert result.exit_code == EXIT_INPUT
    assert sorted(os.listdir(tmp_path)) == ["d.csv"]


def test_failed_run_keeps_existing_output_file(run_cli, tmp_path, monkeypatch):
    (tmp_path / "d.csv").write_text("x1,x2\n1,2\n3,oops\n", encoding="utf-8")
    (tmp_path / "out.csv").write_text("old\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["eval", "d.csv", "-p", TWO, "-o", "out.csv"])
    assert result.exit_code == EXIT_INPUT
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["d.csv", "out.csv"]


def test_failed_run_prints_no_stdout(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n" + "1,2\n" * 30 + "3,x\n")
    result = run_cli(["eval", str(data), "-p", TWO, "--chunk-size", "4"])
    assert result.exit_code == EXIT_INPUT
    assert result.stdout == ""


def test_korean_locale_selects_korean(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n1,2\n3,abc\n")
    result = run_cli(["eval", str(data), "-p", TWO], env={"LANG": "ko_KR.UTF-8"}, lang="ko")
    assert result.stderr.startswith("오류: ")
    assert "3번째 줄" in result.stderr
    assert "'x2' 열" in result.stderr


def test_help_is_localized(run_cli):
    english = run_cli(["eval", "--help"])
    korean = run_cli(["eval", "--help"], lang="ko")
    assert english.exit_code == 0
    assert "Evaluate the neuron" in english.stdout
    assert "모든 행에서 뉴런을 계산" in korean.stdout


def test_written_file_is_input_untouched(run_cli, tmp_path):
    source = Path(PEOPLE).read_bytes()
    target = tmp_path / "out.csv"
    run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-o", str(target)])
    assert Path(PEOPLE).read_bytes() == source


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_full_disk_is_output_error(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-o", "/dev/full"])
    assert result.exit_code == EXIT_OUTPUT
    assert "No space left on device" in result.stderr
    assert os.path.exists("/dev/full")
    assert not os.path.isfile("/dev/full")


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="no /proc on this system")
def test_unwritable_folder_is_output_error(run_cli):
    result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-o", "/proc/self/out.csv"])
    assert result.exit_code == EXIT_OUTPUT
    assert "/proc/self/out.csv" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root may write into a read-only folder")
def test_read_only_folder_is_output_error(run_cli, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_cli(["eval", PEOPLE, "-p", PEOPLE_PARAMS, "-o", str(folder / "out.csv")])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == EXIT_OUTPUT
    assert os.listdir(folder) == []


def test_wide_file_with_ten_thousand_columns(run_cli, write_file, tmp_path):
    width = 10_000
    header = ",".join(f"c{i}" for i in range(width))
    rows = "\n".join(",".join(str((i * 7 + j) % 5) for j in range(width)) for i in range(3))
    data = write_file("wide.csv", header + "\n" + rows + "\n")
    params = tmp_path / "wide.json"
    params.write_text(json.dumps({"weights": [0.001] * width, "bias": 0.0,
                                  "activation": "identity"}), encoding="utf-8")
    result = run_cli(["eval", str(data), "-p", str(params)])
    assert result.exit_code == 0, result.stderr
    expected = [math.fsum(0.001 * ((i * 7 + j) % 5) for j in range(width)) for i in range(3)]
    got = [float(row["z"]) for row in parse_csv(result.stdout)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_megabyte_long_line(run_cli, write_file):
    text_cell = "x" * 3_000_000
    data = write_file("long.csv", f"id,x1,x2\n{text_cell},1,2\n")
    result = run_cli(["eval", str(data), "-p", TWO, "--id-column", "id"])
    assert result.exit_code == 0, result.stderr
    assert parse_csv(result.stdout)[0]["id"] == text_cell
