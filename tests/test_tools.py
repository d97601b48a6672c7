"""The activations and init-params commands, and the pure helpers of neuroncli.initparams."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import GOLDEN, SAMPLE_DATA
from scipy import stats

from neuroncli import initparams
from neuroncli.core.dense import LAYER_ACTIVATIONS
from neuroncli.errors import EXIT_INPUT, EXIT_USAGE, UsageError
from neuroncli.initparams import (
    Init,
    TargetCollector,
    build_params_document,
    check_network_size,
    choose_activations,
    choose_layer_sizes,
    fit_outputs,
    format_params_document,
    numeric_columns,
    parse_layer_sizes,
)
from neuroncli.messages import MESSAGES
from neuroncli.params import load_params, parse_params
from neuroncli.readers import CsvOptions

IRIS = str(SAMPLE_DATA / "iris.csv")
CANCER = str(SAMPLE_DATA / "breast_cancer.csv")
DIGITS = str(SAMPLE_DATA / "digits.csv")
IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
UPDATE_GOLDEN = os.environ.get("NEURONCLI_UPDATE_GOLDEN") == "1"
HANGUL = re.compile("[\uac00-\ud7a3]")


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def init_document(run_cli, args, **kwargs):
    result = run_cli(["init-params", *args], **kwargs)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# activations ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
def test_activations_text_golden(run_cli, lang):
    result = run_cli(["activations", "--lang", lang])

    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(f"tools_activations.{lang}.txt", result.stdout)


def test_activations_text_lists_registry_fields(run_cli):
    result = run_cli(["activations"])
    blocks = result.stdout.split("\n\n")[1:]

    assert [block.splitlines()[0] for block in blocks if block] == list(LAYER_ACTIVATIONS)
    for block, (name, activation) in zip(blocks, LAYER_ACTIVATIONS.items(), strict=False):
        assert f"  formula: {activation.formula}\n" in block + "\n", name
        assert f"  output range: {activation.output_range}\n" in block + "\n", name
        assert f"  convention: {activation.convention}" in block, name
        for parameter, spec in activation.params.items():
            assert f"{parameter} = {spec.default!r}" in block, name


@pytest.mark.parametrize("fmt", ["text", "table"])
def test_activations_piped_has_no_escape_codes(run_cli, fmt):
    result = run_cli(["activations", "--format", fmt], lang="ko")

    assert result.exit_code == 0
    assert "\x1b" not in result.stdout


def test_activations_piped_table_keeps_whole_text(run_cli):
    result = run_cli(["activations", "--format", "table"])

    assert result.exit_code == 0
    for activation in LAYER_ACTIVATIONS.values():
        assert activation.formula in result.stdout
        assert activation.convention in result.stdout


def test_activations_json_matches_registry(run_cli):
    result = run_cli(["activations", "--format", "json"])
    entries = json.loads(result.stdout)

    assert result.exit_code == 0
    assert [entry["name"] for entry in entries] == list(LAYER_ACTIVATIONS)
    for entry in entries:
        activation = LAYER_ACTIVATIONS[entry["name"]]
        assert entry["aliases"] == list(activation.aliases)
        assert entry["formula"] == activation.formula
        assert entry["output_range"] == activation.output_range
        assert entry["convention"] == activation.convention
        assert entry["row_wise"] == (entry["name"] in ("softmax", "log_softmax"))
        assert [p["name"] for p in entry["parameters"]] == list(activation.params)
        for parameter in entry["parameters"]:
            spec = activation.params[parameter["name"]]
            assert parameter["default"] == spec.default
            assert parameter["choices"] == (list(spec.choices) if spec.choices else None)


@pytest.mark.parametrize("name", list(LAYER_ACTIVATIONS))
def test_activation_has_korean_convention(name):
    entry = MESSAGES[f"activations.convention.{name}"]

    assert entry["en"] == LAYER_ACTIVATIONS[name].convention
    assert HANGUL.search(entry["ko"])


def test_korean_field_overrides_match_registry():
    fields = {"range": "output_range", "formula": "formula"}
    keys = [key for key in MESSAGES if key.split(".")[:2] in (["activations", "range"],
                                                              ["activations", "formula"])]

    assert "activations.range.softmax" in keys
    for key in keys:
        _, kind, name = key.split(".")
        assert MESSAGES[key]["en"] == getattr(LAYER_ACTIVATIONS[name], fields[kind]), key


def test_activations_korean_labels(run_cli):
    result = run_cli(["activations"], lang="ko")

    assert "  수식: a = 1 / (1 + exp(-z))" in result.stdout
    assert "formula:" not in result.stdout


def test_activations_help_in_korean(run_cli):
    result = run_cli(["activations", "--help"], lang="ko")

    assert result.exit_code == 0
    assert "활성화 함수를 모두 보여 줍니다" in result.stdout


# init-params: the document -------------------------------------------------------------------

def test_default_is_one_sigmoid_neuron(run_cli):
    result = run_cli(["init-params", IRIS, "--seed", "1"])
    document = json.loads(result.stdout)
    params = parse_params(document)

    assert result.exit_code == 0
    assert result.stderr == ""
    assert params.features == tuple(IRIS_FEATURES)
    assert len(params.layers) == 1
    assert params.units == 1
    assert params.activation is not None and params.activation.name == "sigmoid"
    assert params.outputs is None
    assert params.bias == 0.0


def test_written_file_evaluates_like_numpy(run_cli, tmp_path):
    path = tmp_path / "start.json"
    written = run_cli(["init-params", IRIS, "-o", str(path), "--seed", "5", "--init", "he"])
    evaluated = run_cli(["eval", IRIS, "-p", str(path)])

    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    assert evaluated.exit_code == 0, evaluated.stderr
    params = load_params(path)
    X = pd.read_csv(IRIS)[IRIS_FEATURES].to_numpy(dtype=np.float64)
    w = np.asarray(params.weights)
    expected_z = np.array([math.fsum(row * w) for row in X])
    rows = parse_csv(evaluated.stdout)
    z = np.array([float(row["z"]) for row in rows])
    a = np.array([float(row["a"]) for row in rows])
    np.testing.assert_allclose(z, expected_z, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(a, 1.0 / (1.0 + np.exp(-expected_z)), rtol=1e-13)


def test_species_target_gives_softmax(run_cli, tmp_path):
    path = tmp_path / "species.json"
    written = run_cli(["init-params", IRIS, "--target", "species", "--init", "zeros",
                       "-o", str(path)])
    evaluated = run_cli(["eval", IRIS, "-p", str(path), "--target", "species"])

    assert written.exit_code == 0, written.stderr
    params = load_params(path)
    assert params.outputs == ("setosa", "versicolor", "virginica")
    assert params.units == 3
    assert params.activation is not None and params.activation.name == "softmax"
    assert evaluated.exit_code == 0, evaluated.stderr
    losses = [float(row["loss"]) for row in parse_csv(evaluated.stdout)]
    # Equal logits give every class probability 1/3, so each row's cross-entropy is ln 3.
    assert len(losses) == 150
    assert losses == pytest.approx([math.log(3.0)] * 150, rel=1e-15)


def test_two_classes_give_one_sigmoid_unit(run_cli, tmp_path):
    path = tmp_path / "cancer.json"
    written = run_cli(["init-params", CANCER, "--target", "diagnosis", "--init", "zeros",
                       "-o", str(path)])
    evaluated = run_cli(["eval", CANCER, "-p", str(path), "--target", "diagnosis"])

    assert written.exit_code == 0, written.stderr
    params = load_params(path)
    assert params.outputs == ("benign", "malignant")
    assert params.units == 1
    assert params.inputs == 30
    assert "diagnosis" not in (params.features or ())
    assert "a >= 0.5 predicts 'malignant', a < 0.5 predicts 'benign'" in written.stderr
    losses = [float(row["loss"]) for row in parse_csv(evaluated.stdout)]
    assert losses == pytest.approx([math.log(2.0)] * 569, rel=1e-15)


def test_digit_indices_size_the_output_layer(run_cli, tmp_path):
    path = tmp_path / "digits.json"
    written = run_cli(["init-params", DIGITS, "--target", "digit", "--layers", "16,10",
                       "--init", "zeros", "-o", str(path)])
    evaluated = run_cli(["eval", DIGITS, "-p", str(path), "--target", "digit"])

    assert written.exit_code == 0, written.stderr
    params = load_params(path)
    assert params.outputs == tuple(str(digit) for digit in range(10))
    assert [layer.units for layer in params.layers] == [16, 10]
    assert params.inputs == 64
    assert evaluated.exit_code == 0, evaluated.stderr
    losses = [float(row["loss"]) for row in parse_csv(evaluated.stdout)]
    assert losses == pytest.approx([math.log(10.0)] * len(losses), rel=1e-15)


def seeded_draw(rng, init, n_in, n_out):
    """The weights that each initialization's formula gives, drawn directly with numpy."""
    if init == "he":
        return rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))
    limit = math.sqrt(6.0 / (n_in + n_out)) if init == "xavier" else 0.05
    return rng.uniform(-limit, limit, size=(n_in, n_out))


@pytest.mark.parametrize("init", ["he", "xavier", "uniform"])
def test_network_weights_are_the_seeded_draws(run_cli, init):
    document = init_document(run_cli, [IRIS, "--target", "species", "--layers", "16,8,3",
                                       "--init", init, "--seed", "11"])
    rng = np.random.default_rng(11)
    expected = []
    n_in = 4
    for units in (16, 8, 3):
        expected.append(seeded_draw(rng, init, n_in, units))
        n_in = units

    assert [layer["activation"] for layer in document["layers"]] == ["relu", "relu", "softmax"]
    for layer, weights in zip(document["layers"], expected, strict=True):
        assert np.array_equal(np.array(layer["weights"]), weights)
        assert layer["bias"] == [0.0] * weights.shape[1]
    assert document["outputs"] == ["setosa", "versicolor", "virginica"]


def test_network_file_runs_in_eval(run_cli, tmp_path):
    path = tmp_path / "net.json"
    run_cli(["init-params", IRIS, "--target", "species", "--layers", "5,3", "--seed", "2",
             "-o", str(path)])
    result = run_cli(["eval", IRIS, "-p", str(path), "--all-layers"])

    assert result.exit_code == 0, result.stderr
    rows = parse_csv(result.stdout)
    totals = [sum(float(row[f"a_{name}"]) for name in ("setosa", "versicolor", "virginica"))
              for row in rows]
    assert totals == pytest.approx([1.0] * 150, rel=1e-14)
    assert "l1_a_4" in rows[0]


@pytest.fixture
def wide_csv(write_file):
    """A CSV with 100 numeric columns and three rows, so one layer has many weights."""
    header = ",".join(f"x{i}" for i in range(100))
    rows = "\n".join(",".join(str(i + r) for i in range(100)) for r in range(3))
    return str(write_file("wide.csv", header + "\n" + rows + "\n"))


@pytest.mark.parametrize(
    "init, distribution",
    [
        ("uniform", stats.uniform(loc=-0.05, scale=0.1)),
        ("xavier", stats.uniform(loc=-math.sqrt(6 / 400), scale=2 * math.sqrt(6 / 400))),
        ("he", stats.norm(loc=0.0, scale=math.sqrt(2 / 100))),
    ],
)
def test_initial_weights_follow_their_distribution(run_cli, wide_csv, init, distribution):
    document = init_document(run_cli, [wide_csv, "--units", "300", "--init", init,
                                       "--seed", "4"])
    weights = np.array(document["weights"]).ravel()

    assert weights.size == 100 * 300
    assert stats.kstest(weights, distribution.cdf).pvalue > 1e-3
    if init != "he":
        assert weights.min() >= distribution.ppf(0.0)
        assert weights.max() < distribution.ppf(1.0)


def test_zeros_init_writes_zeros(run_cli, wide_csv):
    document = init_document(run_cli, [wide_csv, "--units", "3", "--init", "zeros"])

    assert np.array_equal(np.array(document["weights"]), np.zeros((100, 3)))
    assert document["bias"] == [0.0, 0.0, 0.0]


def test_same_seed_same_file(run_cli):
    first = run_cli(["init-params", IRIS, "--seed", "9", "--units", "3"])
    second = run_cli(["init-params", IRIS, "--seed", "9", "--units", "3"])
    other = run_cli(["init-params", IRIS, "--seed", "10", "--units", "3"])

    assert first.stdout == second.stdout
    assert first.stdout != other.stdout


def test_default_seed_is_recorded_and_reproduces(run_cli):
    first = run_cli(["init-params", IRIS, "--units", "2"])
    seed = re.search(r"seed (\d+)", json.loads(first.stdout)["description"])

    assert seed is not None
    again = run_cli(["init-params", IRIS, "--units", "2", "--seed", seed.group(1)])
    assert again.stdout == first.stdout


def test_activation_options(run_cli):
    neuron = init_document(run_cli, [IRIS, "--activation", "tanh", "--seed", "0"])
    layer = init_document(run_cli, [IRIS, "--units", "3", "--seed", "0"])
    network = init_document(run_cli, [IRIS, "--layers", "5,2", "--activation", "Leaky-ReLU",
                                      "--output-activation", "logistic", "--seed", "0"])

    assert neuron["activation"] == "tanh"
    assert layer["activation"] == "softmax"
    assert [entry["activation"] for entry in network["layers"]] == ["leaky_relu", "sigmoid"]


def test_id_and_text_columns_left_out(run_cli, write_file):
    data = write_file("people.csv", "name,height,city,weight\nA,1.5,Seoul,50\nB,1.7,Busan,NA\n")
    result = run_cli(["init-params", str(data), "--id-column", "name", "--seed", "0"])

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["features"] == ["height", "weight"]


def test_column_of_markers_only_is_not_numeric(run_cli, write_file):
    data = write_file("gaps.csv", "x,empty\n1,\n2,NA\n")

    assert init_document(run_cli, [str(data)])["features"] == ["x"]


def test_no_header_names_columns(run_cli, tmp_path, write_file):
    data = write_file("plain.csv", "1,2\n3,4\n")
    path = tmp_path / "plain.json"
    written = run_cli(["init-params", str(data), "--no-header", "-o", str(path)])
    evaluated = run_cli(["eval", str(data), "-p", str(path), "--no-header"])

    assert written.exit_code == 0, written.stderr
    assert load_params(path).features == ("x1", "x2")
    assert evaluated.exit_code == 0, evaluated.stderr


def test_data_from_standard_input(run_cli):
    text = Path(IRIS).read_text(encoding="utf-8")
    result = run_cli(["init-params", "-", "--target", "species", "--seed", "0"], input=text)

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["outputs"] == ["setosa", "versicolor", "virginica"]


def test_class_after_first_chunk_is_found(run_cli, write_file):
    data = write_file("late.csv", "x,y\n1,a\n2,a\n3,b\n4,a\n5,c\n")
    document = init_document(run_cli, [str(data), "--target", "y", "--chunk-size", "2"])

    assert document["outputs"] == ["a", "b", "c"]
    assert len(document["bias"]) == 3


def test_chunk_size_does_not_change_file(run_cli):
    small = run_cli(["init-params", IRIS, "--target", "species", "--seed", "3",
                     "--chunk-size", "7"])
    default = run_cli(["init-params", IRIS, "--target", "species", "--seed", "3"])

    assert small.exit_code == 0
    assert small.stdout == default.stdout


def test_regression_target_keeps_one_unit(run_cli, write_file):
    data = write_file("houses.csv", "area,price\n50,1.5\n60,2.25\n70,3.0\n")
    result = run_cli(["init-params", str(data), "--target", "price", "--seed", "0"])
    document = json.loads(result.stdout)

    assert result.exit_code == 0
    assert "outputs" not in document
    assert document["features"] == ["area"]
    assert "regression target" in result.stderr


def test_single_class_and_missing_targets_warn(run_cli, write_file):
    data = write_file("one.csv", "x,y\n1,yes\n2,\n3,yes\n")
    result = run_cli(["init-params", str(data), "--target", "y"], lang="ko")

    assert result.exit_code == 0
    assert "outputs" not in json.loads(result.stdout)
    assert "클래스가 하나 ('yes') 뿐이라서" in result.stderr
    assert "1개 행의 'y' 값이 비어 있습니다" in result.stderr


def test_header_only_file_takes_every_column(run_cli, write_file):
    data = write_file("header.csv", "a,b\n")
    result = run_cli(["init-params", str(data)])

    assert result.exit_code == 0
    assert json.loads(result.stdout)["features"] == ["a", "b"]
    assert "no rows" in result.stderr


def test_zeros_network_warns(run_cli):
    result = run_cli(["init-params", IRIS, "--layers", "4,1", "--init", "zeros"])

    assert result.exit_code == 0
    assert "--init zeros" in result.stderr


def test_summary_on_stderr_when_writing_file(run_cli, tmp_path):
    path = tmp_path / "p.json"
    result = run_cli(["init-params", IRIS, "--target", "species", "--seed", "7",
                      "-o", str(path)])

    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"wrote {path}",
        "4 features -> 3 softmax; xavier, seed 7",
        "features: sepal_length, sepal_width, petal_length, petal_width",
        "3 classes from 'species': setosa, versicolor, virginica",
    ]


def test_quiet_prints_nothing(run_cli, tmp_path):
    result = run_cli(["init-params", IRIS, "--layers", "2,1", "--init", "zeros", "-q",
                      "-o", str(tmp_path / "q.json")])

    assert result.exit_code == 0
    assert result.stderr == ""


# init-params: errors -------------------------------------------------------------------------

def test_existing_output_needs_force(run_cli, tmp_path):
    path = tmp_path / "keep.json"
    path.write_text("old", encoding="utf-8")
    refused = run_cli(["init-params", IRIS, "-o", str(path)])

    assert refused.exit_code == EXIT_USAGE
    assert "already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert path.read_text(encoding="utf-8") == "old"
    replaced = run_cli(["init-params", IRIS, "-o", str(path), "--force"])
    assert replaced.exit_code == 0
    assert load_params(path).inputs == 4


def test_network_size_limit_counts_weights_and_biases():
    # 4 inputs -> 1000 -> 2: (4 + 1) * 1000 + (1000 + 1) * 2 parameters.
    check_network_size(4, [1000, 2])
    limit = initparams.MAX_PARAMETERS
    check_network_size(limit - 1, [1])

    with pytest.raises(UsageError) as raised:
        check_network_size(limit, [1])
    assert raised.value.fields["total"] == f"{limit + 1:,}"


@pytest.mark.parametrize(("lang", "words"), [("en", "weights and biases"),
                                             ("ko", "가중치와 편향")])
def test_huge_network_is_usage_error(run_cli, tmp_path, lang, words):
    path = tmp_path / "p.json"
    result = run_cli(["init-params", IRIS, "--layers", "100000000000,3", "-o", str(path),
                      "--lang", lang])

    assert result.exit_code == EXIT_USAGE
    assert words in result.stderr
    assert f"{5 * 10**11 + (10**11 + 1) * 3:,}" in result.stderr
    assert not path.exists()


def test_output_onto_data_is_rejected(run_cli, tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("x\n1\n", encoding="utf-8")
    result = run_cli(["init-params", str(data), "-o", str(data), "--force"])

    assert result.exit_code == EXIT_USAGE
    assert data.read_text(encoding="utf-8") == "x\n1\n"


@pytest.mark.parametrize("args", [
    ["--units", "3", "--layers", "4,3"],
    ["--layers", "16,,3"],
    ["--layers", "0,3"],
    ["--layers", "a"],
    ["--units", "0"],
    ["--seed", "-1"],
    ["--output-activation", "softmax"],
    ["--activation", "sigmod"],
    ["--target", "species", "--units", "2"],
    ["--features", "sepal_length,species", "--target", "species"],
    ["--id-column", "species", "--features", "1-5"],
    ["--decimal", ";"],
])
def test_bad_options_are_usage_errors(run_cli, args):
    result = run_cli(["init-params", IRIS, *args])

    assert result.exit_code == EXIT_USAGE, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_unknown_activation_suggests_name(run_cli):
    result = run_cli(["init-params", IRIS, "--activation", "sigmod"])

    assert "did you mean sigmoid" in result.stderr


def test_class_mismatch_names_classes(run_cli):
    result = run_cli(["init-params", IRIS, "--target", "species", "--units", "2"], lang="ko")

    assert result.exit_code == EXIT_USAGE
    assert "클래스가 3개 (setosa, versicolor, virginica)" in result.stderr


def test_text_feature_is_input_error(run_cli):
    result = run_cli(["init-params", IRIS, "--features", "sepal_length,species"])

    assert result.exit_code == EXIT_INPUT
    assert "line 2" in result.stderr
    assert "'setosa' is not a number" in result.stderr


def test_no_numeric_column_is_usage_error(run_cli, write_file):
    data = write_file("words.csv", "a,b\nx,y\n")
    result = run_cli(["init-params", str(data)])

    assert result.exit_code == EXIT_USAGE
    assert "no numeric column" in result.stderr


# initparams helpers --------------------------------------------------------------------------

def test_parse_layer_sizes():
    assert parse_layer_sizes("16, 8,3") == [16, 8, 3]
    with pytest.raises(UsageError):
        parse_layer_sizes("16,-1")


def test_choose_layer_sizes_from_classes():
    assert choose_layer_sizes(None, None, None) == [1]
    assert choose_layer_sizes(None, None, ("a", "b")) == [1]
    assert choose_layer_sizes(None, None, ("a", "b", "c")) == [3]
    assert choose_layer_sizes(4, None, ("a", "b", "c")) == [4]
    assert choose_layer_sizes(None, [8, 2], None) == [8, 2]


def test_fit_outputs():
    assert fit_outputs(("a", "b"), 1, "y") == ("a", "b")
    assert fit_outputs(("a", "b"), 2, "y") == ("a", "b")
    assert fit_outputs(None, 5, None) is None
    with pytest.raises(UsageError):
        fit_outputs(("a", "b", "c"), 1, "y")


def test_choose_activations_defaults():
    assert choose_activations([3], None, None) == ["softmax"]
    assert choose_activations([4, 1], "tanh", None) == ["tanh", "sigmoid"]
    with pytest.raises(UsageError):
        choose_activations([2, 1], None, "log_softmax")


@pytest.mark.parametrize(
    "cells, classes, reason",
    [
        (["b", "a", "c", "a"], ("a", "b", "c"), "text"),
        (["10", "9", "0", "1", "2", "3", "4", "5", "6", "7", "8"],
         tuple(str(i) for i in range(11)), "indices"),
        (["1", "-1", "1.0"], ("-1", "1"), "binary"),
        (["2", "0", "1.0", "0.0"], ("0", "1.0", "2"), "indices"),
        (["1.5", "2.5", "7"], None, "regression"),
        (["1", "2", "3"], None, "regression"),
        (["yes", "yes"], None, "one_class"),
        (["", "NA"], None, "empty"),
    ],
)
def test_target_collector_cases(cells, classes, reason):
    collector = TargetCollector()
    collector.add(cells)
    result = collector.result()

    assert result.classes == classes
    assert result.reason == reason


def test_target_collector_bounds_memory():
    collector = TargetCollector(limit=5)
    collector.add(str(i) + "x" for i in range(100))
    result = collector.result()

    assert len(collector.values) == 5
    assert result.classes is None
    assert result.reason == "too_many"


def test_target_collector_decimal_comma():
    collector = TargetCollector(CsvOptions(delimiter=";", decimal=","))
    collector.add(["0,5", "1,5", "2,5"])

    assert collector.result().reason == "regression"


def test_target_collector_thousands_mark():
    collector = TargetCollector(CsvOptions(thousands=","))
    collector.add(["1,000", "2,500", "1000"])
    result = collector.result()

    assert result.reason == "binary"
    assert result.classes == ("1,000", "2,500")


def test_target_collector_nan_is_text():
    collector = TargetCollector()
    collector.add(["0", "1", "nan"])

    assert collector.result().classes == ("0", "1", "nan")


def test_numeric_columns_uses_decimal_mark():
    rows = [("1,5", "x", "NA"), ("2", "y", "")]

    assert numeric_columns(rows, 3, CsvOptions(decimal=",")) == [True, False, False]
    assert numeric_columns(rows, 3, CsvOptions()) == [False, False, False]
    assert numeric_columns([], 2, CsvOptions()) == [True, True]


def test_document_round_trips_exactly():
    document = build_params_document(["a", "b", "한글"], [4, 2], ["relu", "softmax"],
                                     Init.xavier, 8, outputs=["no", "yes"], description="d")
    text = format_params_document(document)
    lines = [line.strip().rstrip(",") for line in text.splitlines()]

    assert json.loads(text) == document
    for layer in document["layers"]:
        for row in layer["weights"]:
            assert "[" + ", ".join(map(repr, row)) + "]" in lines
    params = parse_params(json.loads(text))
    assert params.features == ("a", "b", "한글")
    assert params.layers[0].weights.shape == (3, 4)
    assert params.layers[1].weights.shape == (4, 2)
