"""Dense layers, softmax and losses against independent references, with property tests."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from neuroncli.core.activations import ACTIVATIONS
from neuroncli.core.dense import DenseLayer, dense_forward, network_forward
from neuroncli.core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    categorical_cross_entropy,
    categorical_cross_entropy_from_logits,
    mean_absolute_error,
    mean_squared_error,
    one_hot,
)
from neuroncli.core.neuron import forward
from neuroncli.core.softmax import log_softmax, logsumexp, softmax
from neuroncli.errors import ParameterError
from neuroncli.params import parse_params

finite = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)
logit_rows = arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(2, 6)), elements=finite)


@given(logit_rows)
def test_softmax_rows_sum_to_one(Z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = softmax(Z)
    assert not np.isnan(A).any()
    assert np.all((A >= 0) & (A <= 1))
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=0, atol=8 * np.finfo(float).eps)


@given(logit_rows, st.floats(min_value=-1e3, max_value=1e3, allow_nan=False))
def test_softmax_shift_invariant(Z, shift):
    shifted = Z + shift
    # Adding the shift rounds the logits, so compare only where it is exact in both directions.
    exact = np.all(shifted - shift == Z, axis=1)
    np.testing.assert_allclose(softmax(shifted)[exact], softmax(Z)[exact], rtol=1e-12, atol=1e-300)


@given(logit_rows)
def test_softmax_matches_scipy(Z):
    np.testing.assert_allclose(softmax(Z), scipy.special.softmax(Z, axis=1), rtol=1e-13,
                               atol=1e-300)


@given(logit_rows)
def test_log_softmax_matches_scipy(Z):
    expected = scipy.special.log_softmax(Z, axis=1)
    got = log_softmax(Z)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_softmax_large_logits():
    Z = np.array([[1000.0, 0.0, -1000.0], [800.0, 800.0, 800.0], [-1000.0, -1001.0, -1002.0]])
    A = softmax(Z)
    assert A[0].tolist() == [1.0, 0.0, 0.0]
    assert A[1].tolist() == [1 / 3, 1 / 3, 1 / 3]
    np.testing.assert_allclose(A[2], scipy.special.softmax([0.0, -1.0, -2.0]), rtol=1e-15)


def test_softmax_non_finite_rows():
    Z = np.array([[np.inf, 0.0, np.inf], [np.nan, 0.0, 1.0], [-np.inf, -np.inf, -np.inf]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = softmax(Z)
    assert A[0].tolist() == [0.5, 0.0, 0.5]
    assert np.isnan(A[1]).all()
    assert np.isnan(A[2]).all()


def test_logsumexp_matches_scipy():
    Z = np.array([[1e308, 1e308], [-1e308, 0.0], [1.0, 2.0]])
    np.testing.assert_allclose(logsumexp(Z), scipy.special.logsumexp(Z, axis=1), rtol=1e-15)


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-800, 800)),
       arrays(np.int64, st.just(20), elements=st.integers(0, 1)))
def test_bce_from_logits_equals_reference(z, labels):
    y = labels[: z.shape[0]].astype(np.float64)
    got = binary_cross_entropy_from_logits(z, y)
    # log(1 + exp(-z)) for y = 1 and log(1 + exp(z)) for y = 0, from scipy's log_expit.
    expected = -(y * scipy.special.log_expit(z) + (1 - y) * scipy.special.log_expit(-z))
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-300)
    assert np.all(np.isfinite(got))


def test_confident_wrong_answer_is_large_and_finite():
    z = np.array([800.0])
    assert binary_cross_entropy_from_logits(z, np.array([0.0]))[0] == 800.0
    Z = np.array([[1000.0, -1000.0]])
    assert categorical_cross_entropy_from_logits(Z, np.array([1]))[0] == 2000.0


def _mp_cross_entropy(row, column):
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 50
    total = mpmath.fsum(mpmath.exp(mpmath.mpf(value)) for value in row)
    return float(mpmath.log(total) - mpmath.mpf(row[column]))


def test_cce_from_logits_matches_mpmath():
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(50, 4)) * 30
    classes = rng.integers(0, 4, size=50)
    expected = [_mp_cross_entropy(row, c) for row, c in zip(Z.tolist(), classes, strict=True)]
    got = categorical_cross_entropy_from_logits(Z, classes)
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-300)


def test_log_softmax_keeps_tiny_values():
    Z = np.array([[0.0, -40.0, -50.0]])
    expected = [-_mp_cross_entropy(Z[0].tolist(), j) for j in range(3)]
    np.testing.assert_allclose(log_softmax(Z)[0], expected, rtol=1e-14)


def test_probability_losses_clip_like_sklearn():
    from sklearn.metrics import log_loss

    A = np.array([[0.2, 0.8], [1.0, 0.0], [0.5, 0.5]])
    classes = np.array([1, 1, 0])
    mean = categorical_cross_entropy(A, classes).mean()
    assert mean == pytest.approx(log_loss(classes, A, labels=[0, 1]), rel=1e-12)
    assert binary_cross_entropy(np.array([0.0]), np.array([1.0]))[0] == pytest.approx(
        -math.log(np.finfo(float).eps), rel=1e-12)


def test_mse_mae_against_numpy():
    A = np.array([[0.1, 0.9], [0.6, 0.4]])
    T = one_hot(np.array([1, 0]), 2)
    assert mean_squared_error(A, T).tolist() == [((0.1 - 0.0) ** 2 + (0.9 - 1.0) ** 2) / 2,
                                                 ((0.6 - 1.0) ** 2 + (0.4 - 0.0) ** 2) / 2]
    np.testing.assert_allclose(mean_absolute_error(A, T), [0.1, 0.4], rtol=1e-15)


@settings(max_examples=50)
@given(arrays(np.float64, st.tuples(st.integers(0, 6), st.integers(1, 5)),
              elements=st.floats(-1e6, 1e6)),
       st.sampled_from(sorted(ACTIVATIONS)))
def test_one_unit_layer_equals_neuron_path(X, name):
    rng = np.random.default_rng(X.shape[1])
    w = rng.normal(size=X.shape[1])
    activation = ACTIVATIONS[name]
    z, a = forward(X, w, 0.25, activation)
    Z, A = dense_forward(X, DenseLayer(w[:, np.newaxis], np.array([0.25]), activation))
    assert Z[:, 0].tobytes() == z.tobytes()
    assert A[:, 0].tobytes() == a.tobytes()


def test_network_chain_equals_manual_products():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(7, 4))
    W1, b1 = rng.normal(size=(4, 3)), rng.normal(size=3)
    W2, b2 = rng.normal(size=(3, 2)), rng.normal(size=2)
    layers = [DenseLayer(W1, b1, ACTIVATIONS["relu"]), DenseLayer(W2, b2, ACTIVATIONS["tanh"])]
    (Z1, A1), (Z2, A2) = network_forward(X, layers)
    np.testing.assert_allclose(Z1, X @ W1 + b1, rtol=1e-14)
    np.testing.assert_array_equal(A1, np.maximum(Z1, 0.0))
    np.testing.assert_allclose(Z2, A1 @ W2 + b2, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(A2, np.tanh(Z2), rtol=1e-15)


def test_layer_shape_mismatch_raises():
    layer = DenseLayer(np.ones((3, 2)), np.ones(2), ACTIVATIONS["relu"])
    with pytest.raises(ValueError, match="3 rows"):
        dense_forward(np.ones((4, 2)), layer)


# Parameter files for layers and networks ---------------------------------------------------

def _network(**changes):
    document = {
        "features": ["a", "b"],
        "layers": [
            {"weights": [[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]], "bias": [0.0, 0.5, 1.0],
             "activation": "relu"},
            {"weights": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "bias": [0.1, 0.2],
             "activation": "softmax"},
        ],
        "outputs": ["no", "yes"],
    }
    document.update(changes)
    return document


def test_network_parses():
    params = parse_params(_network())
    assert [layer.weights.shape for layer in params.layers] == [(2, 3), (3, 2)]
    assert params.outputs == ("no", "yes")
    assert params.features == ("a", "b")


def test_layer_width_error_names_layers_and_shapes():
    document = _network()
    document["layers"][1]["weights"] = [[1.0, 2.0], [3.0, 4.0]]
    with pytest.raises(ParameterError) as caught:
        parse_params(document, "net.json")
    message = caught.value.render("en")
    assert "layer 2 expects inputs of width 3 because layer 1 has 3 units" in message
    assert "its weights have 2 rows" in message
    assert "layers[1].weights" not in message or "net.json" in message


def test_out_in_layout_transposes():
    document = _network()
    first = document["layers"][0]
    first["weights"] = np.array(first["weights"]).T.tolist()
    first["layout"] = "out_in"
    params = parse_params(document)
    assert params.layers[0].weights.tolist() == [[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]]


def test_softmax_on_one_unit_rejected():
    with pytest.raises(ParameterError) as caught:
        parse_params({"weights": [1.0, 2.0], "bias": 0.0, "activation": "softmax"})
    assert caught.value.key == "params.softmax_one_unit"
    assert "sigmoid" in caught.value.render("en")


@pytest.mark.parametrize(("change", "key"), [
    ({"outputs": ["a", "b", "c"]}, "params.outputs_length"),
    ({"layers": []}, "params.wrong_type"),
    ({"layers": [{"weights": [[1.0]], "bias": [0.0], "activaton": "relu"}]}, "params.unknown_key"),
    ({"features": ["a"]}, "params.features_length"),
])
def test_network_errors(change, key):
    with pytest.raises(ParameterError) as caught:
        parse_params(_network(**change))
    assert caught.value.key == key


def test_ragged_matrix_rejected():
    with pytest.raises(ParameterError) as caught:
        parse_params({"weights": [[1.0, 2.0], [3.0]], "bias": [0.0, 0.0],
                      "activation": "relu"})
    assert caught.value.key == "params.ragged_matrix"
    assert "weights[1] has 1 numbers but the first row has 2" in caught.value.render("en")


# Logits of +inf ------------------------------------------------------------------------------

INFINITE_LOGITS = np.array([
    [np.inf, 0.0, 1.0],
    [np.inf, np.inf, -np.inf],
    [-5.0, np.inf, 1e308],
    [np.inf, np.inf, np.inf],
])


def test_log_softmax_infinite_logits():
    # softmax shares the probability equally among the +inf logits of a row.
    with np.errstate(divide="ignore"):
        expected = np.log(softmax(INFINITE_LOGITS))

    got = log_softmax(INFINITE_LOGITS)

    np.testing.assert_allclose(got, expected, rtol=1e-15)
    assert not np.signbit(got[0, 0])


def test_cross_entropy_of_infinite_logits():
    classes = np.array([0, 2, 1, 1])

    losses = categorical_cross_entropy_from_logits(INFINITE_LOGITS, classes)

    # -log(1/k) for a class among k infinite logits, +inf for a class outside them.
    assert losses.tolist() == [0.0, math.inf, 0.0, math.log(3)]
    assert logsumexp(INFINITE_LOGITS).tolist() == [math.inf] * 4


def test_nan_logit_still_makes_row_nan():
    row = np.array([[np.nan, np.inf, 0.0]])

    assert np.isnan(log_softmax(row)).all()
    assert np.isnan(categorical_cross_entropy_from_logits(row, np.array([1]))).all()
