"""affine, forward and check_shapes: accuracy against exact rational sums, IEEE cases, shapes."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neuroncli.core.activations import ACTIVATIONS
from neuroncli.core.neuron import affine, check_shapes, forward

EPS = float(np.finfo(np.float64).eps)
SMALLEST_SUBNORMAL = 5e-324

# Bounded so that no product or sum of up to 8 terms overflows: |x w| <= 1e300.
moderate_floats = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False,
                            allow_infinity=False, allow_subnormal=True)


@st.composite
def batches(draw: st.DrawFn, max_rows: int = 12) -> tuple[np.ndarray, np.ndarray, float]:
    n_x = draw(st.integers(1, 8))
    rows = draw(st.integers(0, max_rows))
    X = draw(hnp.arrays(np.float64, (rows, n_x), elements=moderate_floats))
    w = draw(hnp.arrays(np.float64, (n_x,), elements=moderate_floats))
    b = draw(moderate_floats)
    return X, w, b


def exact_affine(x: np.ndarray, w: np.ndarray, b: float) -> Fraction:
    """z of one row as an exact rational: no rounding at all."""
    return sum((Fraction(float(xi)) * Fraction(float(wi)) for xi, wi in zip(x, w, strict=True)),
               Fraction(float(b)))


def error_bound(x: np.ndarray, w: np.ndarray, b: float) -> float:
    """A bound on the rounding error of any summation order, with or without FMA.

    Each of the at most 2 n_x roundings errs by at most eps/2 relative to a partial sum, which
    is at most sum |x_i w_i| + |b|, plus half the smallest subnormal where results underflow.
    """
    n_x = len(w)
    magnitude = math.fsum(abs(float(xi) * float(wi)) for xi, wi in zip(x, w, strict=True))
    return 4 * n_x * EPS * (magnitude + abs(b)) + 2 * (n_x + 1) * SMALLEST_SUBNORMAL


# Accuracy ----------------------------------------------------------------------------------

@given(batches())
def test_affine_matches_exact_sum(batch):
    X, w, b = batch

    z = affine(X, w, b)

    assert z.dtype == np.float64
    assert z.shape == (X.shape[0],)
    for row, value in zip(X, z, strict=True):
        exact = exact_affine(row, w, b)
        assert abs(Fraction(float(value)) - exact) <= Fraction(error_bound(row, w, b))


def test_affine_small_integers_exact():
    X = np.array([[1.0, 2.0, 3.0], [-4.0, 0.5, 0.25]])
    w = np.array([0.5, -1.0, 2.0])

    z = affine(X, w, 1.0)

    assert z.tolist() == [float(exact_affine(row, w, 1.0)) for row in X]


def test_affine_accepts_lists_and_integers():
    z = affine([[1, 2], [3, 4]], [1, 1], 0)

    assert z.dtype == np.float64
    assert z.tolist() == [3.0, 7.0]


# IEEE special values -----------------------------------------------------------------------

def test_zero_weight_times_infinity_is_nan():
    X = np.array([[1.0, math.inf, 1.0], [1.0, 2.0, 1.0]])
    w = np.array([2.0, 0.0, -1.0])

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        z = affine(X, w, 0.5)

    assert math.isnan(z[0])
    assert z[1] == 2.0 - 1.0 + 0.5


def test_zero_weight_times_infinity_no_warning():
    """A NaN row is a valid result, so it must not print a RuntimeWarning on standard error."""
    X = np.array([[1.0, math.inf, 1.0]])

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = affine(X, np.array([2.0, 0.0, -1.0]), 0.0)

    assert math.isnan(z[0])


def test_nan_feature_gives_nan_row_only():
    X = np.array([[math.nan, 1.0], [1.0, 1.0]])

    z = affine(X, np.array([0.0, 1.0]), 0.0)

    assert math.isnan(z[0])
    assert z[1] == 1.0


def test_infinite_feature_with_nonzero_weight():
    X = np.array([[math.inf, 1.0], [-math.inf, 1.0], [math.inf, math.inf]])

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        z = affine(X, np.array([-2.0, 1.0]), 0.0)

    assert z[0] == -math.inf
    assert z[1] == math.inf
    assert math.isnan(z[2])


# Shapes ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("x_shape", "w_shape"),
    [
        ((3,), (3,)),
        ((2, 3), (3, 1)),
        ((2, 3), (1, 3)),
        ((2, 3), (2,)),
        ((2, 3), (4,)),
        ((2, 1), (3,)),
        ((2, 3, 1), (3,)),
        ((), (1,)),
        ((2, 3), ()),
    ],
)
def test_wrong_shapes_raise(x_shape, w_shape):
    X = np.ones(x_shape)
    w = np.ones(w_shape)

    with pytest.raises(ValueError):
        check_shapes(X, w)
    with pytest.raises(ValueError):
        affine(X, w, 0.0)


def test_column_weights_not_broadcast():
    """A (3, 1) weight column against 3 features would broadcast to (N, 1) in numpy."""
    X = np.ones((4, 3))

    with pytest.raises(ValueError, match="1-D"):
        affine(X, np.ones((3, 1)), 0.0)


def test_matching_shapes_pass():
    check_shapes(np.ones((5, 3)), np.ones(3))
    check_shapes(np.ones((0, 3)), np.ones(3))


# forward -----------------------------------------------------------------------------------

@pytest.mark.parametrize("rows", [0, 1, 7])
def test_forward_shapes_and_dtype(rows):
    X = np.arange(rows * 3, dtype=np.float64).reshape(rows, 3)
    w = np.array([0.5, -1.0, 0.25])

    z, a = forward(X, w, -1.0, ACTIVATIONS["identity"])

    assert z.dtype == np.float64
    assert a.dtype == np.float64
    assert z.shape == (rows,)
    assert a.shape == (rows,)
    assert np.array_equal(a, z)


def test_forward_empty_batch():
    z, a = forward(np.empty((0, 2)), np.array([1.0, 2.0]), 3.0, ACTIVATIONS["sigmoid"])

    assert z.shape == (0,)
    assert a.shape == (0,)


def test_forward_z_is_affine_and_relu_applies():
    X = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, 0.0]])
    w = np.array([1.5, -2.0])

    z, a = forward(X, w, 0.25, ACTIVATIONS["relu"])

    assert np.array_equal(z, affine(X, w, 0.25))
    assert np.array_equal(a, np.maximum(z, 0.0))


def test_forward_passes_activation_params():
    X = np.array([[-2.0], [3.0]])

    _, a = forward(X, np.array([1.0]), 0.0, ACTIVATIONS["leaky_relu"], {"negative_slope": 0.5})

    assert a.tolist() == [-1.0, 3.0]


def test_forward_leaves_inputs_unchanged():
    X = np.array([[1.0, 2.0]])
    w = np.array([3.0, 4.0])

    forward(X, w, 1.0, ACTIVATIONS["tanh"])

    assert X.tolist() == [[1.0, 2.0]]
    assert w.tolist() == [3.0, 4.0]


# Batch independence ------------------------------------------------------------------------

@given(batches(max_rows=40))
def test_row_result_independent_of_batch(batch):
    X, w, b = batch

    together = affine(X, w, b)
    one_by_one = np.array([affine(X[i : i + 1], w, b)[0] for i in range(X.shape[0])],
                          dtype=np.float64)
    halves = np.concatenate([affine(X[: X.shape[0] // 2], w, b),
                             affine(X[X.shape[0] // 2 :], w, b)])

    assert np.array_equal(together.view(np.uint64), one_by_one.view(np.uint64))
    assert np.array_equal(together.view(np.uint64), halves.view(np.uint64))


def test_row_result_independent_of_batch_fixed_case():
    X = np.array([[-0.02, -9.000000000000001e-09], [3e-11, 0.0]])
    w = np.array([-0.0001, 0.02])

    together = affine(X, w, 0.0)
    first_alone = affine(X[:1], w, 0.0)

    assert together[0].hex() == first_alone[0].hex()
