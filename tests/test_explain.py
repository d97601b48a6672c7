"""The explain command: golden output, agreement with eval, and numbers checked against numpy."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from pathlib import Path

import mpmath
import numpy as np
import pytest
from conftest import GOLDEN, ROOT, SAMPLE_DATA, TEST_DATA
from rich.console import Console

from neuroncli.cli import build_request
from neuroncli.errors import EXIT_USAGE
from neuroncli.explain import explain_row, find_row
from neuroncli.pipeline import open_batch
from neuroncli.render_explain import plain_text, print_rich

IRIS = str(SAMPLE_DATA / "iris.csv")
SETOSA = str(SAMPLE_DATA / "iris_setosa.json")
NET_DATA = str(TEST_DATA / "explain_net.csv")
NET_PARAMS = str(TEST_DATA / "explain_net.json")
# The golden runs use paths relative to the repository, because the heading shows the path.
NEURON_GOLDEN_ARGS = ["sample_data/iris.csv", "--params", "sample_data/iris_setosa.json",
                      "--row", "1"]
NETWORK_GOLDEN_ARGS = ["tests/data/explain_net.csv", "-p", "tests/data/explain_net.json",
                       "--row", "2", "--target", "result", "--id-column", "student"]
UPDATE_GOLDEN = os.environ.get("NEURONCLI_UPDATE_GOLDEN") == "1"
ULP = np.finfo(np.float64).eps

mpmath.mp.dps = 50


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


def read_csv_rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def last_number(text: str, prefix: str) -> str:
    """Return the text after the last '= ' of the line that starts with *prefix*."""
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith(prefix)]
    assert len(lines) == 1, (prefix, lines)
    return lines[0].rsplit("= ", 1)[1]


def loss_value(text: str) -> str:
    """Return the loss of the line "L = <number>" (the line above it gives the formula)."""
    values = re.findall(r"^  L = (\S+)$", text, flags=re.MULTILINE)
    assert len(values) == 1, values
    return values[0]


def block(text: str, title_part: str) -> list[str]:
    """Return the lines of the step whose title contains *title_part*."""
    blocks = text.split("\n\n")
    found = [part.splitlines() for part in blocks if title_part in part.splitlines()[0]]
    assert len(found) == 1, (title_part, [part.splitlines()[0] for part in blocks])
    return found[0]


def table_rows(lines: list[str]) -> list[list[str]]:
    """Return the cells of the table in a block: the rows after the dashed rule."""
    rule = next(i for i, line in enumerate(lines) if re.fullmatch(r"\s*-[- ]*", line))
    rows = []
    for line in lines[rule + 1:]:
        if not line.startswith("  ") or line.lstrip().startswith(("note:", "참고:")):
            break
        rows.append(re.split(r" {2,}", line.strip()))
    return rows


def explain_text(request_options: dict[str, object], row: int, precision: int = 6,
                 lang: str = "en") -> str:
    request = build_request(**request_options)
    with open_batch(request) as batch:
        found, rows = find_row(batch.chunks, row)
        assert found is not None
        explanation = explain_row(batch, request, found, rows, precision)
    return plain_text(explanation, lang)


# Golden files ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
def test_neuron_golden(run_cli, monkeypatch, lang):
    monkeypatch.chdir(ROOT)
    result = run_cli(["explain", *NEURON_GOLDEN_ARGS, "--lang", lang], lang=lang)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    check_golden(f"explain_neuron.{lang}.txt", result.stdout)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_network_golden(run_cli, monkeypatch, lang):
    monkeypatch.chdir(ROOT)
    result = run_cli(["explain", *NETWORK_GOLDEN_ARGS, "--lang", lang], lang=lang)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    check_golden(f"explain_network.{lang}.txt", result.stdout)


def test_neuron_golden_numbers_match_numpy():
    """Every number of explain_neuron.en.txt, recomputed from the raw files with numpy."""
    text = (GOLDEN / "explain_neuron.en.txt").read_text(encoding="utf-8")
    row = read_csv_rows(IRIS)[0]
    weights = json.loads(Path(SETOSA).read_text(encoding="utf-8"))["weights"]
    names = list(weights)
    x = np.array([float(row[name]) for name in names])
    w = np.array([weights[name] for name in names])
    b = json.loads(Path(SETOSA).read_text(encoding="utf-8"))["bias"]
    rows = len(read_csv_rows(IRIS))
    assert text.startswith(f"Row 1 of {rows} in sample_data/iris.csv (line 2)\n")

    assert [cells[1:] for cells in table_rows(block(text, "Input vector x"))] == [
        [name, repr(value)] for name, value in zip(names, x.tolist(), strict=True)]
    assert [cells[1:] for cells in table_rows(block(text, "Weights w"))] == [
        [name, repr(value)] for name, value in zip(names, w.tolist(), strict=True)]

    products = x * w
    rounded_products = [cells[2] for cells in table_rows(block(text, "Hadamard"))]
    assert rounded_products == [f"{value:.6g}" for value in products.tolist()]

    dot = float(last_number(text, "xᵀw = Σ_i"))
    assert abs(dot - math.fsum(products.tolist())) <= 4 * ULP * abs(dot)
    rounded_sum = last_number(text, "sum of the rounded products")
    rounded_total = sum(float(value) for value in rounded_products)
    assert float(rounded_sum) == pytest.approx(rounded_total, abs=1e-12)

    z = float(last_number(text, "z = xᵀw + b"))
    assert z == dot + b
    assert abs(z - float(np.dot(x, w) + b)) <= 4 * ULP * abs(z)
    a = float(last_number(text, "a = g(z)"))
    assert a == pytest.approx(float(1 / (1 + mpmath.exp(-mpmath.mpf(z)))), rel=2 * ULP)
    assert "(150 × 4)(4 × 1) + b → (150 × 1)" in text


def test_network_golden_numbers_match_numpy():
    """Every number of explain_network.en.txt, recomputed from the raw files with numpy."""
    text = (GOLDEN / "explain_network.en.txt").read_text(encoding="utf-8")
    network = json.loads(Path(NET_PARAMS).read_text(encoding="utf-8"))
    data = read_csv_rows(NET_DATA)
    row = data[1]
    x = np.array([float(row[name]) for name in network["features"]])
    W1, b1 = np.array(network["layers"][0]["weights"]), np.array(network["layers"][0]["bias"])
    W2, b2 = np.array(network["layers"][1]["weights"]), np.array(network["layers"][1]["bias"])

    assert text.startswith(f"Row 2 of {len(data)} in tests/data/explain_net.csv (line 3)\n")
    assert f"identified by student = {row['student']}" in text
    assert "(6 × 3)(3 × 3) + (1 × 3) → (6 × 3)" in text
    assert "(6 × 3)(3 × 2) + (1 × 2) → (6 × 2)" in text
    assert [float(cells[2]) for cells in table_rows(block(text, "input vector a[0]"))] == list(x)

    affine1 = table_rows(block(text, "z[1] = a[0] W[1] + b[1]"))
    dots1 = np.array([float(cells[1]) for cells in affine1])
    z1 = np.array([float(cells[3]) for cells in affine1])
    np.testing.assert_allclose(dots1, x @ W1, rtol=8 * ULP)
    assert [float(cells[2]) for cells in affine1] == b1.tolist()
    assert (z1 == dots1 + b1).all()

    relu = table_rows(block(text, "activation function relu"))
    a1 = np.array([float(cells[2]) for cells in relu])
    assert [float(cells[1]) for cells in relu] == z1.tolist()
    assert (a1 == np.maximum(z1, 0.0)).all()
    assert [float(cells[1]) for cells in table_rows(block(text, "input vector a[1]"))] == list(a1)

    affine2 = table_rows(block(text, "z[2] = a[1] W[2] + b[2]"))
    assert [cells[0] for cells in affine2] == ["0 (fail)", "1 (pass)"]
    dots2 = np.array([float(cells[1]) for cells in affine2])
    z2 = np.array([float(cells[3]) for cells in affine2])
    np.testing.assert_allclose(dots2, a1 @ W2, rtol=8 * ULP)
    assert (z2 == dots2 + b2).all()

    softmax = block(text, "softmax normalization")
    exps = np.exp(z2 - z2.max())
    assert f"max_k z_k = {float(z2.max())!r}" in "\n".join(softmax)
    rows = table_rows(softmax)
    assert [cells[2] for cells in rows] == [f"{value:.6g}" for value in exps.tolist()]
    assert f"Σ_k exp(z_k − max) = {exps.sum():.6g}" in "\n".join(softmax)
    a2 = [float(cells[3]) for cells in rows]
    exact = [mpmath.exp(mpmath.mpf(z)) for z in z2.tolist()]
    for value, numerator in zip(a2, exact, strict=True):
        assert value == pytest.approx(float(numerator / sum(exact)), rel=4 * ULP)

    assert "the predicted class is pass (unit 1)" in text
    assert f"z_pass = {float(z2[1])!r}" in text
    assert "target 'pass' → y = class 1 (pass)" in text
    loss = float(loss_value(text))
    expected = mpmath.log(sum(exact)) - mpmath.mpf(z2[1])
    assert loss == pytest.approx(float(expected), rel=1e-12)


@pytest.mark.parametrize("name", ["explain_neuron", "explain_network"])
def test_korean_golden_has_same_numbers(name):
    decimals = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")
    english = (GOLDEN / f"{name}.en.txt").read_text(encoding="utf-8")
    korean = (GOLDEN / f"{name}.ko.txt").read_text(encoding="utf-8")
    assert len(decimals.findall(english)) > 20
    assert decimals.findall(korean) == decimals.findall(english)


# Agreement with eval -------------------------------------------------------------------------

def test_iris_every_row_matches_eval(run_cli):
    result = run_cli(["eval", IRIS, "-p", SETOSA])
    assert result.exit_code == 0, result.stderr
    written = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(written) == 150

    options = {"data": IRIS, "params": SETOSA}
    for k, expected in enumerate(written, start=1):
        text = explain_text(options, k)
        assert last_number(text, "z = xᵀw + b") == expected["z"], k
        assert last_number(text, "a = g(z)") == expected["a"], k
        sum_line = next(line for line in text.splitlines() if "z = xᵀw + b = " in line)
        dot, bias = sum_line.split(" = ")[2].split(" + ")
        assert float(dot) + float(bias) == float(expected["z"]), k


@pytest.mark.parametrize("row", [1, 2, 75, 149, 150])
def test_iris_cli_rows_match_eval(run_cli, row):
    written = list(csv.DictReader(io.StringIO(run_cli(["eval", IRIS, "-p", SETOSA]).stdout)))
    result = run_cli(["explain", IRIS, "-p", SETOSA, "--row", str(row)])
    assert result.exit_code == 0, result.stderr
    assert float(last_number(result.stdout, "z = xᵀw + b")) == float(written[row - 1]["z"])
    assert float(last_number(result.stdout, "a = g(z)")) == float(written[row - 1]["a"])


def test_network_every_row_matches_eval(run_cli):
    result = run_cli(["eval", NET_DATA, "-p", NET_PARAMS, "--target", "result", "--all-layers"])
    assert result.exit_code == 0, result.stderr
    written = list(csv.DictReader(io.StringIO(result.stdout)))

    options = {"data": NET_DATA, "params": NET_PARAMS, "target": "result"}
    for k, expected in enumerate(written, start=1):
        text = explain_text(options, k)
        hidden = table_rows(block(text, "activation function relu"))
        assert [cells[1] for cells in hidden] == [expected[f"l1_z_{j}"] for j in range(3)]
        assert [cells[2] for cells in hidden] == [expected[f"l1_a_{j}"] for j in range(3)]
        output = table_rows(block(text, "softmax normalization"))
        assert [cells[1] for cells in output] == [expected["z_fail"], expected["z_pass"]]
        assert [cells[3] for cells in output] == [expected["a_fail"], expected["a_pass"]]
        assert f"predicted class is {expected['predicted']} " in text
        assert loss_value(text) == expected["loss"]


def test_random_network_matches_eval(run_cli, write_file):
    generator = np.random.default_rng(7)
    X = generator.normal(size=(40, 6)) * [1, 10, 0.1, 100, 1e-3, 5]
    header = ",".join(f"f{i}" for i in range(6))
    lines = [header] + [",".join(repr(value) for value in row) for row in X.tolist()]
    data = write_file("random.csv", "\n".join(lines) + "\n")
    layers = [
        {"weights": generator.normal(size=(6, 8)).tolist(),
         "bias": generator.normal(size=8).tolist(), "activation": "tanh"},
        {"weights": generator.normal(size=(8, 5)).tolist(),
         "bias": generator.normal(size=5).tolist(), "activation": "leaky_relu"},
        {"weights": generator.normal(size=(5, 4)).tolist(),
         "bias": generator.normal(size=4).tolist(), "activation": "log_softmax"},
    ]
    params = write_file("random.json", json.dumps({"layers": layers}))

    result = run_cli(["eval", str(data), "-p", str(params), "--chunk-size", "7"])
    assert result.exit_code == 0, result.stderr
    written = list(csv.DictReader(io.StringIO(result.stdout)))
    for k, expected in enumerate(written, start=1):
        text = explain_text({"data": str(data), "params": str(params)}, k)
        output = table_rows(block(text, "log_softmax normalization"))
        assert [cells[1] for cells in output] == [expected[f"z_{j}"] for j in range(4)], k
        assert [cells[3] for cells in output] == [expected[f"a_{j}"] for j in range(4)], k


def test_activation_parameters_shown_and_used(run_cli):
    arguments = [IRIS, "-p", SETOSA, "--activation", "leaky_relu",
                 "--activation-param", "negative_slope=0.2"]
    written = list(csv.DictReader(io.StringIO(run_cli(["eval", *arguments]).stdout)))
    result = run_cli(["explain", *arguments, "--row", "120"])
    assert result.exit_code == 0, result.stderr
    assert "parameters: negative_slope = 0.2" in result.stdout
    assert "formula: a = z if z >= 0 else negative_slope * z" in result.stdout
    z = float(last_number(result.stdout, "z = xᵀw + b"))
    a = float(last_number(result.stdout, "a = g(z)"))
    assert z < 0
    assert z == float(written[119]["z"])
    assert a == float(written[119]["a"])
    assert a == 0.2 * z


def test_sigmoid_neuron_loss_matches_eval(run_cli, write_file):
    data = write_file("d.csv", "x1,x2,y\n1.5,-2,1\n-3,0.25,0\n40,1,0\n")
    params = write_file("p.json", '{"weights": [0.8, -1.1], "bias": 0.3, '
                                  '"activation": "sigmoid"}')
    arguments = [str(data), "-p", str(params), "--target", "y"]
    written = list(csv.DictReader(io.StringIO(run_cli(["eval", *arguments]).stdout)))
    targets = [1, 0, 0]
    for k, (expected, y) in enumerate(zip(written, targets, strict=True), start=1):
        result = run_cli(["explain", *arguments, "--row", str(k)])
        assert result.exit_code == 0, result.stderr
        assert "loss: bce (binary cross-entropy)" in result.stdout
        assert f"target '{y}' → y = class {y} ({y})" in result.stdout
        assert f"the predicted class is {expected['predicted']}." in result.stdout
        assert loss_value(result.stdout) == expected["loss"]
        z = float(expected["z"])
        exact = mpmath.log1p(mpmath.exp(-z)) if y == 1 else mpmath.log1p(mpmath.exp(z))
        assert float(expected["loss"]) == pytest.approx(float(exact), rel=1e-14)


def test_mse_with_numeric_target(run_cli, write_file):
    data = write_file("d.csv", "x1,x2,t\n1,2,0.5\n3,-1,2.25\n")
    params = write_file("p.json", '{"weights": [0.5, 0.25], "bias": -0.125, '
                                  '"activation": "identity"}')
    arguments = [str(data), "-p", str(params), "--target", "t"]
    written = list(csv.DictReader(io.StringIO(run_cli(["eval", *arguments]).stdout)))
    result = run_cli(["explain", *arguments, "--row", "2"])
    assert result.exit_code == 0, result.stderr
    assert "loss: mse (mean squared error)" in result.stdout
    assert "target '2.25' → t = (2.25)" in result.stdout
    assert loss_value(result.stdout) == written[1]["loss"]
    assert float(written[1]["loss"]) == (3 * 0.5 - 0.25 - 0.125 - 2.25) ** 2


def test_missing_values_as_nan(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n1,NA\n")
    params = write_file("p.json", '{"weights": [1, 2], "bias": 0, "activation": "relu"}')
    result = run_cli(["explain", str(data), "-p", str(params), "--row", "1", "--missing", "nan"])
    assert result.exit_code == 0, result.stderr
    assert "A product is NaN or infinite, so no rounded sum is shown." in result.stdout
    assert last_number(result.stdout, "z = xᵀw + b") == "nan"
    assert last_number(result.stdout, "a = g(z)") == "nan"


def test_exact_rounded_sum_has_no_note(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n0.5,2\n")
    params = write_file("p.json", '{"weights": [4, 0.25], "bias": 1, "activation": "relu"}')
    result = run_cli(["explain", str(data), "-p", str(params), "--row", "1"])
    assert result.exit_code == 0, result.stderr
    assert "sum of the rounded products: 2 + 0.5 = 2.5" in result.stdout
    assert "note:" not in result.stdout
    assert last_number(result.stdout, "z = xᵀw + b") == "3.5"


def test_precision_changes_rounded_products_only(run_cli):
    result = run_cli(["explain", IRIS, "-p", SETOSA, "--row", "1", "--precision", "3"])
    assert result.exit_code == 0, result.stderr
    assert [cells[2] for cells in table_rows(block(result.stdout, "Hadamard"))] == [
        "-6.54", "9.89", "-1.4", "-0.429"]
    assert last_number(result.stdout, "z = xᵀw + b") == "4.232698114960323"


def test_ids_and_stdin_in_heading(run_cli):
    content = Path(NET_DATA).read_bytes()
    result = run_cli(["explain", "-", "-p", NET_PARAMS, "--row", "3", "--id-column", "student"],
                     input=content)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Row 3 of 6 in standard input (line 4)"
    assert result.stdout.splitlines()[1] == "identified by student = S03"


def test_small_chunks_find_the_same_row():
    options = {"data": IRIS, "params": SETOSA}
    request = build_request(**options, chunk_size=4)
    with open_batch(request) as batch:
        found, rows = find_row(batch.chunks, 103)
    assert rows == 150
    assert found is not None
    assert found.X.shape == (1, 4)
    assert found.first_row == 103
    assert int(found.lines[0]) == 104
    values = read_csv_rows(IRIS)[102]
    assert found.X[0].tolist() == [float(values[name]) for name in
                                   ("sepal_length", "sepal_width", "petal_length", "petal_width")]


def test_rich_output_on_terminal(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("neuroncli.render.stdout_console",
                        lambda: Console(file=stream, force_terminal=True, width=160))
    request = build_request(data=NET_DATA, params=NET_PARAMS, target="result")
    with open_batch(request) as batch:
        found, rows = find_row(batch.chunks, 2)
        assert found is not None
        explanation = explain_row(batch, request, found, rows, 6)
    print_rich(explanation, "ko")
    printed = stream.getvalue()
    assert "\x1b[" in printed
    assert "╭" in printed
    assert "8단계. 2번째 층: softmax 정규화" in printed
    assert "0.00016164939025879412" in printed


# Errors --------------------------------------------------------------------------------------

@pytest.mark.parametrize("row", ["0", "-3", "151"])
def test_row_out_of_range(run_cli, row):
    result = run_cli(["explain", IRIS, "-p", SETOSA, "--row", row])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert f"row {row} is out of range: the file has 150 data rows" in result.stderr
    assert "choose --row from 1 to 150" in result.stderr
    assert "Traceback" not in result.stderr


def test_row_out_of_range_in_korean(run_cli):
    result = run_cli(["explain", IRIS, "-p", SETOSA, "--row", "200", "--lang", "ko"], lang="ko")
    assert result.exit_code == EXIT_USAGE
    assert "200행은 범위를 벗어났습니다. 이 파일의 데이터 행은 150개입니다" in result.stderr
    assert "--row 는 1부터 150 사이에서 고르세요" in result.stderr


def test_row_not_an_integer(run_cli):
    result = run_cli(["explain", IRIS, "-p", SETOSA, "--row", "1.5"])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert "Invalid value for '--row'" in result.stderr
    assert "valid integer" in result.stderr


def test_row_not_an_integer_in_korean(run_cli):
    result = run_cli(["explain", IRIS, "-p", SETOSA, "--row", "x", "--lang", "ko"], lang="ko")
    assert result.exit_code == EXIT_USAGE
    assert "'--row' / '-r'의 값 'x'은(는) 정수가 아닙니다." in result.stderr


def test_row_is_required(run_cli):
    result = run_cli(["explain", IRIS, "-p", SETOSA])
    assert result.exit_code == EXIT_USAGE
    assert "--row" in result.stderr


def test_header_only_file_has_no_rows(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n")
    params = write_file("p.json", '{"weights": [1, 2], "bias": 0, "activation": "relu"}')
    result = run_cli(["explain", str(data), "-p", str(params), "--row", "1"])
    assert result.exit_code == EXIT_USAGE
    assert "the file has no data rows, so there is no row 1 to explain" in result.stderr


def test_precision_below_one(run_cli):
    result = run_cli(["explain", IRIS, "-p", SETOSA, "--row", "1", "--precision", "0"])
    assert result.exit_code == EXIT_USAGE
    assert "--precision" in result.stderr


def test_help_in_korean(run_cli):
    result = run_cli(["explain", "--help"], lang="ko")
    assert result.exit_code == 0
    assert "설명할 데이터 행 번호" in result.stdout
