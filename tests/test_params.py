"""parse_params and load_params: accepted forms, rejected forms with their keys, fuzz tests."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from neuroncli.core.activations import ACTIVATIONS
from neuroncli.errors import InputDataError, NeuronCliError, ParameterError, UsageError
from neuroncli.params import NeuronParams, load_params, parse_params


def write_params(tmp_path: Path, content: str | bytes, name: str = "params.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load_error(tmp_path: Path, content: str | bytes) -> ParameterError:
    """Load *content* from a file and return the ParameterError it raises."""
    path = write_params(tmp_path, content)
    with pytest.raises(ParameterError) as info:
        load_params(path)
    return info.value


def parse_error(document: Any) -> ParameterError:
    with pytest.raises(ParameterError) as info:
        parse_params(document)
    return info.value


# Accepted forms ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([0.5, -2, 3e-5], [0.5, -2.0, 3e-5]),
        ([[0.5], [-2], [3e-5]], [0.5, -2.0, 3e-5]),
        ([7], [7.0]),
        ([[7]], [7.0]),
    ],
    ids=["flat", "column", "one_flat", "one_column"],
)
def test_weight_forms(weights, expected):
    params = parse_params({"weights": weights, "bias": 0.25})

    assert isinstance(params, NeuronParams)
    assert params.weights.dtype == np.float64
    assert params.weights.shape == (len(expected),)
    assert params.weights.tolist() == expected
    assert params.bias == 0.25
    assert params.features is None
    assert params.activation is None


def test_object_weights_name_features_in_order(tmp_path):
    text = '{"weights": {"몸무게": -0.03, "키": 0.02, "age": 1}, "bias": -1}'

    params = load_params(write_params(tmp_path, text))

    assert params.features == ("몸무게", "키", "age")
    assert params.weights.tolist() == [-0.03, 0.02, 1.0]
    assert params.bias == -1.0


def test_features_with_list_weights():
    params = parse_params({"features": ["b", "a"], "weights": [1.5, 2.5], "bias": 0})

    assert params.features == ("b", "a")
    assert params.weights.tolist() == [1.5, 2.5]


@pytest.mark.parametrize("bias", [0.5, [0.5]], ids=["number", "list"])
def test_bias_number_or_one_entry_list(bias):
    params = parse_params({"weights": [1], "bias": bias})

    assert params.bias == 0.5
    assert isinstance(params.bias, float)


def test_load_keeps_exact_float_values(tmp_path):
    text = '{"weights": [0.1, 5e-324, 1.7976931348623157e308], "bias": -0.0}'

    params = load_params(write_params(tmp_path, text))

    assert params.weights.tolist() == [0.1, 5e-324, 1.7976931348623157e308]
    assert math.copysign(1.0, params.bias) == -1.0


def test_utf8_bom_accepted(tmp_path):
    content = b"\xef\xbb\xbf" + '{"weights": {"키": 1}, "bias": 2}'.encode()

    params = load_params(write_params(tmp_path, content))

    assert params.features == ("키",)
    assert params.bias == 2.0


def test_activation_by_name_and_alias():
    by_name = parse_params({"weights": [1], "bias": 0, "activation": "sigmoid"})
    by_alias = parse_params({"weights": [1], "bias": 0, "activation": "Logistic"})

    assert by_name.activation is not None
    assert by_name.activation.name == "sigmoid"
    assert by_alias.activation is not None
    assert by_alias.activation.name == "sigmoid"


def test_activation_object_with_parameter():
    document = {"weights": [1], "bias": 0,
                "activation": {"name": "leaky_relu", "negative_slope": 0.2}}

    params = parse_params(document)

    assert params.activation is not None
    assert params.activation.name == "leaky_relu"
    assert params.activation.params == {"negative_slope": 0.2}
    assert params.activation.describe() == "leaky_relu(negative_slope=0.2)"


def test_activation_object_fills_defaults():
    document = {"weights": [1], "bias": 0, "activation": {"name": "gelu"}}

    params = parse_params(document)

    assert params.activation is not None
    assert params.activation.params == {"approximate": "none"}


# Missing and unknown keys ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("document", "entry"),
    [({"bias": 0}, "weights"), ({"weights": [1]}, "bias"), ({}, "weights")],
    ids=["no_weights", "no_bias", "empty_object"],
)
def test_missing_required_key(document, entry):
    error = parse_error(document)

    assert error.key == "params.missing_key"
    assert error.fields["entry"] == entry


def test_unknown_key_suggests_closest():
    error = parse_error({"weights": [1], "bais": 0})

    assert error.key == "params.unknown_key"
    assert error.fields["key"] == "bais"
    assert error.fields["suggestions"].split(", ")[0] == "bias"
    assert error.hint == "hint.did_you_mean"
    assert "bias?" in error.render("en")


def test_top_level_array_rejected():
    error = parse_error([1, 2])

    assert error.key == "params.wrong_type"
    assert error.fields["entry"] == "(top level)"


# Numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("document", "entry"),
    [
        ({"weights": ["0.5"], "bias": 0}, "weights[0]"),
        ({"weights": [1, "2"], "bias": 0}, "weights[1]"),
        ({"weights": [[1], ["2"]], "bias": 0}, "weights[1][0]"),
        ({"weights": {"a": "1"}, "bias": 0}, 'weights["a"]'),
        ({"weights": [1], "bias": "0.5"}, "bias"),
        ({"weights": [1], "bias": ["0.5"]}, "bias[0]"),
    ],
)
def test_number_as_string_names_entry(document, entry):
    error = parse_error(document)

    assert error.key == "params.number_as_string"
    assert error.fields["entry"] == entry
    assert error.hint == "params.hint.unquote"


@pytest.mark.parametrize(
    ("text", "entry", "token"),
    [
        ('{"weights": [NaN], "bias": 0}', "weights[0]", "NaN"),
        ('{"weights": [1, Infinity], "bias": 0}', "weights[1]", "Infinity"),
        ('{"weights": [1], "bias": -Infinity}', "bias", "-Infinity"),
        ('{"weights": {"x": NaN}, "bias": 0}', 'weights["x"]', "NaN"),
    ],
)
def test_non_standard_constant_names_entry(tmp_path, text, entry, token):
    error = load_error(tmp_path, text)

    assert error.key == "params.non_standard_constant"
    assert error.fields["entry"] == entry
    assert error.fields["token"] == token
    assert entry in error.render("en")
    assert token in error.render("ko")


@pytest.mark.parametrize(
    ("text", "entry"),
    [('{"weights": [1e999], "bias": 0}', "weights[0]"),
     ('{"weights": [1], "bias": -1e400}', "bias")],
)
def test_overflowing_literal_not_finite(tmp_path, text, entry):
    error = load_error(tmp_path, text)

    assert error.key == "params.not_finite"
    assert error.fields["entry"] == entry


def test_huge_integer_literal_rejected(tmp_path):
    digits = "1" * 5000

    error = load_error(tmp_path, '{"weights": [' + digits + '], "bias": 0}')

    assert error.key == "params.number_too_long"


def test_huge_integer_value_not_finite():
    error = parse_error({"weights": [1], "bias": 10**5000})

    assert error.key == "params.not_finite"
    assert error.fields["entry"] == "bias"
    assert error.render("en")


@pytest.mark.parametrize(
    ("document", "entry", "found"),
    [
        ({"weights": [True], "bias": 0}, "weights[0]", "true"),
        ({"weights": [1], "bias": False}, "bias", "false"),
        ({"weights": [None], "bias": 0}, "weights[0]", "null"),
        ({"weights": [1], "bias": None}, "bias", "null"),
        ({"weights": [[[1]]], "bias": 0}, "weights[0][0]", "[...]"),
        ({"weights": [{"a": 1}], "bias": 0}, "weights[0]", "{...}"),
    ],
)
def test_non_numbers_rejected(document, entry, found):
    error = parse_error(document)

    assert error.key == "params.not_a_number"
    assert error.fields["entry"] == entry
    assert error.fields["found"] == found


# Shapes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("weights", [[], {}], ids=["list", "object"])
def test_empty_weights_rejected(weights):
    error = parse_error({"weights": weights, "bias": 0})

    assert error.key == "params.empty_weights"


@pytest.mark.parametrize(
    ("weights", "bias", "units", "key"),
    [
        ([[1, 2]], 0, 2, "params.bias_scalar"),
        ([[1, 2], [3, 4]], [0], 2, "params.bias_length"),
        ([[1, 2, 3]], [0, 0], 3, "params.bias_length"),
    ],
)
def test_matrix_weights_need_one_bias_per_unit(weights, bias, units, key):
    error = parse_error({"weights": weights, "bias": bias})

    assert error.key == key
    assert error.fields["entry"] == "bias"
    assert error.fields["units"] == units


def test_matrix_weights_with_matching_bias_form_a_layer():
    params = parse_params({"weights": [[1, 2], [3, 4], [5, 6]], "bias": [0.5, -0.5]})

    assert len(params.layers) == 1
    assert params.layers[0].weights.tolist() == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert params.layers[0].bias.tolist() == [0.5, -0.5]


def test_ragged_weight_matrix_rejected():
    error = parse_error({"weights": [[1], [2, 3]], "bias": 0})

    assert error.key == "params.ragged_matrix"
    assert error.fields["row"] == 1
    assert error.fields["width"] == 2
    assert error.fields["expected"] == 1


def test_empty_weight_row_rejected():
    error = parse_error({"weights": [[1], []], "bias": 0})

    assert error.key == "params.empty_row"
    assert error.fields["entry"] == "weights[1]"


def test_mixed_rows_and_numbers_rejected():
    error = parse_error({"weights": [[1], 2], "bias": 0})

    assert error.key == "params.mixed_rows"
    assert error.fields["entry"] == "weights[1]"


def test_weights_of_wrong_type_rejected():
    error = parse_error({"weights": 1.5, "bias": 0})

    assert error.key == "params.wrong_type"
    assert error.fields["entry"] == "weights"


@pytest.mark.parametrize("bias", [[1, 2], []], ids=["two", "none"])
def test_bias_list_length_rejected(bias):
    error = parse_error({"weights": [1], "bias": bias})

    assert error.key == "params.bias_length"
    assert error.fields["count"] == len(bias)
    assert error.fields["units"] == 1


def test_features_length_mismatch():
    error = parse_error({"features": ["a", "b"], "weights": [1], "bias": 0})

    assert error.key == "params.features_length"
    assert error.fields["features"] == 2
    assert error.fields["rows"] == 1


def test_features_with_object_weights_rejected():
    error = parse_error({"features": ["a"], "weights": {"a": 1}, "bias": 0})

    assert error.key == "params.features_and_named_weights"


def test_duplicate_feature_names_rejected():
    error = parse_error({"features": ["a", "b", "a"], "weights": [1, 2, 3], "bias": 0})

    assert error.key == "params.duplicate_name"
    assert error.fields["entry"] == "features"
    assert error.fields["column_name"] == "a"


@pytest.mark.parametrize("features", ["a", ["a", 1]], ids=["string", "number_in_list"])
def test_features_of_wrong_type_rejected(features):
    error = parse_error({"features": features, "weights": [1], "bias": 0})

    assert error.key == "params.wrong_type"
    assert error.fields["entry"] == "features"


# JSON syntax -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('{"weights": [1],\n "bias": 0,\n "bias": 1}', "bias", 3),
        ('{"weights": {"name": 1},\n "bias": 0,\n "activation": {"name": "relu",\n'
         '   "name": "tanh"}}', "name", None),
    ],
    ids=["top_level", "ambiguous_key_gives_no_line"],
)
def test_duplicate_key_names_second_line(tmp_path, text, key, line):
    error = load_error(tmp_path, text)

    assert error.key == "params.duplicate_key"
    assert error.fields["key"] == key
    assert error.line == line


def test_deep_nesting_rejected(tmp_path):
    depth = 100_000
    text = '{"weights": ' + "[" * depth + "]" * depth + ', "bias": 0}'

    error = load_error(tmp_path, text)

    assert error.key == "params.too_deep"


def test_invalid_json_names_line(tmp_path):
    error = load_error(tmp_path, '{"weights": [1],\n "bias": 0,\n}')

    assert error.key == "params.invalid_json"
    assert error.line == 3


def test_non_utf8_bytes_rejected_with_line(tmp_path):
    cp949_text = "몸무게".encode("cp949")
    content = b'{"weights": [1],\n "bias": 0,\n "description": "' + cp949_text + b'"}'

    error = load_error(tmp_path, content)

    assert error.key == "params.not_utf8"
    assert error.line == 3
    assert error.fields["byte"] == f"0x{cp949_text[0]:02x}"


def test_missing_file_is_usage_error(tmp_path):
    with pytest.raises(UsageError) as info:
        load_params(tmp_path / "absent.json")

    assert info.value.key == "file.not_found"


# Activations -------------------------------------------------------------------------------

def test_unknown_activation_suggests_closest():
    error = parse_error({"weights": [1], "bias": 0, "activation": "sigmoyd"})

    assert error.key == "params.unknown_activation"
    assert error.fields["name"] == "sigmoyd"
    assert error.fields["suggestions"].split(", ")[0] == "sigmoid"
    assert error.hint == "hint.did_you_mean"


def test_unknown_activation_parameter():
    document = {"weights": [1], "bias": 0,
                "activation": {"name": "leaky_relu", "negativ_slope": 0.2}}

    error = parse_error(document)

    assert error.key == "params.unknown_activation_param"
    assert error.fields["entry"] == "activation.negativ_slope"
    assert error.fields["suggestions"] == "negative_slope"


def test_wrong_choice_for_gelu_approximate():
    document = {"weights": [1], "bias": 0, "activation": {"name": "gelu", "approximate": "fast"}}

    error = parse_error(document)

    assert error.key == "params.bad_choice"
    assert error.fields["entry"] == "activation.approximate"
    assert set(error.fields["choices"].split(", ")) == {"none", "tanh"}


@pytest.mark.parametrize(
    ("value", "key"),
    [("0.2", "params.number_as_string"), (None, "params.not_a_number"),
     (math.inf, "params.not_finite")],
)
def test_activation_parameter_must_be_finite_number(value, key):
    document = {"weights": [1], "bias": 0,
                "activation": {"name": "leaky_relu", "negative_slope": value}}

    error = parse_error(document)

    assert error.key == key
    assert error.fields["entry"] == "activation.negative_slope"


def test_activation_object_without_name():
    error = parse_error({"weights": [1], "bias": 0, "activation": {"negative_slope": 0.2}})

    assert error.key == "params.missing_key"
    assert error.fields["entry"] == "activation.name"


# Fuzzing -----------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)
activation_values = st.one_of(
    json_values,
    st.sampled_from(sorted(ACTIVATIONS)),
    st.fixed_dictionaries(
        {"name": st.sampled_from([*sorted(ACTIVATIONS), "softmax", "sigmoyd"])},
        optional=dict.fromkeys(("negative_slope", "approximate", "alpha", "x"), json_values),
    ),
)
number_lists = st.lists(st.one_of(st.floats(), st.integers(), json_scalars), max_size=4)
weight_values = st.one_of(
    number_lists,
    st.lists(number_lists, max_size=3),
    st.dictionaries(st.text(max_size=4), st.one_of(json_scalars, number_lists), max_size=3),
    json_values,
)
name_lists = st.one_of(st.lists(st.text(max_size=4), max_size=4), json_values)
layer_fields = {
    "weights": weight_values,
    "bias": st.one_of(st.floats(), number_lists, json_values),
    "activation": activation_values,
    "layout": st.one_of(st.sampled_from(["in_out", "out_in"]), json_values),
    "description": json_values,
}
layers = st.fixed_dictionaries({}, optional={**layer_fields, "bais": json_values})
documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={**layer_fields, "features": name_lists, "outputs": name_lists,
                  "bais": json_values},
    ),
    st.fixed_dictionaries(
        {"layers": st.one_of(st.lists(layers, max_size=3), json_values)},
        optional={"features": name_lists, "outputs": name_lists, "description": json_values},
    ),
)


def assert_renders(error: NeuronCliError) -> None:
    for lang in ("en", "ko"):
        message = error.render(lang)
        assert isinstance(message, str)
        assert message


@given(documents)
def test_parse_params_fuzz(document):
    try:
        params = parse_params(document)
    except ParameterError as error:
        assert_renders(error)
        return

    assert isinstance(params, NeuronParams)
    assert "bais" not in document
    assert params.layers
    for layer in params.layers:
        assert layer.weights.ndim == 2
        assert layer.weights.size >= 1
        assert np.isfinite(layer.weights).all()
        assert layer.bias.shape == (layer.weights.shape[1],)
        assert np.isfinite(layer.bias).all()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=200),
    documents.map(lambda document: json.dumps(document).encode()),
    documents.map(lambda document: json.dumps(document, indent=1)[:-1].encode("utf-8-sig")),
))
@example(b"\xff\xfe{}")
@example(b"")
def test_load_params_fuzz(tmp_path, content):
    path = write_params(tmp_path, content)

    try:
        params = load_params(path)
    except (ParameterError, UsageError, InputDataError) as error:
        assert_renders(error)
        return

    assert isinstance(params, NeuronParams)
    assert params.source == str(path)
