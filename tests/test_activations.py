"""Tests of neuroncli.core.activations against mpmath (50 digits), scipy.special and numpy."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

from neuroncli.core.activations import (
    ACTIVATIONS,
    Activation,
    ParamSpec,
    apply_activation,
    closest_activation_names,
    find_activation,
)

mpf = mpmath.mpf
Oracle = Callable[[Any], Any]  # takes and returns an mpf

# mpf() rounds a decimal string to the working precision, so constants are made at 50 digits.
with mpmath.workdps(50):
    SELU_LAMBDA = mpf("1.0507009873554804934193349852946")
    SELU_ALPHA = mpf("1.6732632423543772848170429916717")
SMALLEST_SUBNORMAL = 5e-324
SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)

# Below the normal range float64 has a fixed absolute spacing of 2**-1074 (4.9e-324), so a
# subnormal result may be off by a few units of it without any relative accuracy to speak of.
SUBNORMAL_ATOL = 4 * SMALLEST_SUBNORMAL
RTOL = 1e-12


# ---------------------------------------------------------------------------------------------
# mpmath oracles: the textbook formula at 50 digits. Where a formula loses digits to
# cancellation at 50 digits, an algebraically identical form is used and named.
# ---------------------------------------------------------------------------------------------


def mp_sigmoid(x: Any) -> Any:
    return 1 / (1 + mpmath.exp(-x))


def mp_leaky_relu(slope: float) -> Oracle:
    return lambda x: x if x >= 0 else mpf(slope) * x


def mp_elu(alpha: float) -> Oracle:
    return lambda x: x if x > 0 else mpf(alpha) * mpmath.expm1(x)


def mp_selu(x: Any) -> Any:
    return SELU_LAMBDA * (x if x > 0 else SELU_ALPHA * mpmath.expm1(x))


def mp_softplus(beta: float) -> Oracle:
    # log1p keeps log(1 + tiny) accurate, while log(1 + exp(beta x)) rounds to 0 at 50 digits.
    return lambda x: mpmath.log1p(mpmath.exp(mpf(beta) * x)) / mpf(beta)


def mp_gelu_exact(x: Any) -> Any:
    # mpmath's erfc overflows internally past |x| ~ 1e100. Beyond 1e10, Phi(x) is 0 or 1 to far
    # more than 50 digits, so the limits are exact there.
    if x > 1e10:
        return x
    if x < -1e10:
        return mpf(0)
    return x * mpmath.ncdf(x)


def mp_gelu_tanh(x: Any) -> Any:
    # 0.5 * (1 + tanh(u)) equals 1 / (1 + exp(-2u)). The left side cancels to 0 at 50 digits
    # for u < -60, but the right side keeps its relative accuracy.
    u = mpmath.sqrt(2 / mpmath.pi) * (x + mpf("0.044715") * x**3)
    return x / (1 + mpmath.exp(-2 * u))


def mp_hard_sigmoid(slope: float | tuple[int, int], offset: float) -> Oracle:
    """Return the oracle for a float slope, or for the exact fraction numerator / denominator."""

    def oracle(x: Any) -> Any:
        exact = mpf(slope[0]) / slope[1] if isinstance(slope, tuple) else mpf(slope)
        return min(max(exact * x + mpf(offset), mpf(0)), mpf(1))

    return oracle


def mp_step(at_zero: float) -> Oracle:
    def oracle(x: Any) -> Any:
        if x > 0:
            return mpf(1)
        if x < 0:
            return mpf(0)
        return mpf(at_zero)

    return oracle


def mp_log_sigmoid(x: Any) -> Any:
    # -log1p(exp(-x)) is log(sigmoid(x)) without the rounding of 1 + exp(-x) to 1.
    return -mpmath.log1p(mpmath.exp(-x))


# Entries are (canonical name, params, oracle). Every registered activation appears at least once.
CONFIGS: list[tuple[str, dict[str, float | str], Oracle]] = [
    ("identity", {}, lambda x: x),
    ("sigmoid", {}, mp_sigmoid),
    ("tanh", {}, mpmath.tanh),
    ("relu", {}, lambda x: max(x, mpf(0))),
    ("leaky_relu", {"negative_slope": 0.01}, mp_leaky_relu(0.01)),
    ("leaky_relu", {"negative_slope": 0.2}, mp_leaky_relu(0.2)),
    ("elu", {"alpha": 1.0}, mp_elu(1.0)),
    ("elu", {"alpha": 0.5}, mp_elu(0.5)),
    ("selu", {}, mp_selu),
    ("softplus", {"beta": 1.0}, mp_softplus(1.0)),
    ("softplus", {"beta": 2.0}, mp_softplus(2.0)),
    ("softplus", {"beta": 0.3}, mp_softplus(0.3)),
    ("softsign", {}, lambda x: x / (1 + abs(x))),
    ("gelu", {"approximate": "none"}, mp_gelu_exact),
    ("gelu", {"approximate": "tanh"}, mp_gelu_tanh),
    ("silu", {}, lambda x: x / (1 + mpmath.exp(-x))),
    # The float nearest 1/n is documented to mean exactly 1/n. 0.3 takes the general path.
    ("hard_sigmoid", {"slope": 1 / 6}, mp_hard_sigmoid((1, 6), 0.5)),
    ("hard_sigmoid", {"slope": 0.2}, mp_hard_sigmoid((1, 5), 0.5)),
    ("hard_sigmoid", {"slope": 0.3, "offset": 0.4}, mp_hard_sigmoid(0.3, 0.4)),
    ("step", {"at_zero": 0.0}, mp_step(0.0)),
    ("step", {"at_zero": 0.5}, mp_step(0.5)),
    ("step", {"at_zero": 1.0}, mp_step(1.0)),
    ("log_sigmoid", {}, mp_log_sigmoid),
]
CONFIG_IDS = [
    name + "".join(f"-{key}={value:.4g}" if isinstance(value, float) else f"-{value}"
                   for key, value in params.items())
    for name, params, _ in CONFIGS
]

TAIL_POINTS = [
    0.0, 1e-300, 5e-324, 1e-20, 1e-8, 0.5, 1.0, 2.5, 10.0, 20.0, 37.0, 40.0, 100.0, 500.0,
    700.0, 709.0, 710.0, 745.0, 746.0, 800.0, 1e4, 1e10, 1e100, 1e200, 1e308,
]


def _neighbours(values: list[float]) -> list[float]:
    """Return each value with its two float64 neighbours."""
    result = []
    for value in values:
        result += [np.nextafter(value, -np.inf), value, np.nextafter(value, np.inf)]
    return result


# Points where the implementation switches formula (+-40, -20, +-30, the edge of the normal
# range of exp) and the corners of hard_sigmoid, each with its neighbours.
SWITCH_POINTS = _neighbours([
    40.0, -40.0, -20.0, 30.0, -30.0, -708.3964185322641, -745.1332191019411, 3.0, -3.0, 2.5,
    -2.5, 2.0, -4.0 / 3.0, 0.3, -0.3, 1e-9, -1e-9, 2.0**-60, -(2.0**-60), 1e-100, -1e-100,
])


def _grid() -> np.ndarray:
    magnitudes = np.concatenate([
        TAIL_POINTS,
        np.geomspace(1e-12, 1e3, 500),
        np.geomspace(1e-320, 1e308, 160),
    ])
    points = np.concatenate([
        magnitudes, -magnitudes, np.linspace(-50.0, 50.0, 401), SWITCH_POINTS,
    ])
    return np.unique(points)


GRID = _grid()
SPECIALS = np.array([np.inf, -np.inf, np.nan, 1e308, -1e308, 5e-324, -5e-324, 0.0, -0.0])


def to_float64(value: Any) -> float:
    """Round an mpf to float64 once, including subnormals.

    mpmath's own float() rounds twice below the normal range (it returns 0 for values just
    above half of 2**-1074), so those values are rounded on the 2**-1074 grid here.
    """
    if mpmath.isinf(value) or abs(value) >= SMALLEST_NORMAL:
        return float(value)
    units = int(mpmath.nint(value * mpf(2) ** 1074))
    return math.ldexp(units, -1074)


def oracle_values(oracle: Oracle, z: np.ndarray) -> np.ndarray:
    with mpmath.workdps(50):
        return np.array([to_float64(oracle(mpf(float(value)))) for value in z])


def relative_errors(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Return |actual - expected| / |expected|, with 0 where both are equal (zeros, infinities)."""
    equal = actual == expected
    with np.errstate(divide="ignore", invalid="ignore"):
        errors = np.abs(actual - expected) / np.abs(expected)
    return np.where(equal, 0.0, errors)


def assert_matches(actual: np.ndarray, expected: np.ndarray, z: np.ndarray, rtol: float) -> None:
    ok = (actual == expected) | (
        np.abs(actual - expected) <= rtol * np.abs(expected) + SUBNORMAL_ATOL
    )
    bad = np.flatnonzero(~ok)
    details = [f"z={z[i]!r}: got {actual[i]!r}, expected {expected[i]!r}" for i in bad[:5]]
    assert bad.size == 0, f"{bad.size} mismatches, first: " + "; ".join(details)


@contextmanager
def strict_floating_point() -> Iterator[None]:
    """Turn every RuntimeWarning and every floating-point flag into an exception."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            yield


def evaluate(name: str, params: dict[str, float | str], z: Any) -> np.ndarray:
    return apply_activation(ACTIVATIONS[name], z, params)


# ---------------------------------------------------------------------------------------------
# Accuracy
# ---------------------------------------------------------------------------------------------


def test_configs_cover_every_activation() -> None:
    assert {name for name, _, _ in CONFIGS} == set(ACTIVATIONS)


@pytest.mark.parametrize(("name", "params", "oracle"), CONFIGS, ids=CONFIG_IDS)
def test_matches_mpmath_on_grid(name: str, params: dict[str, float | str], oracle: Oracle) -> None:
    expected = oracle_values(oracle, GRID)
    with strict_floating_point():
        actual = evaluate(name, params, GRID)
    assert_matches(actual, expected, GRID, RTOL)


@pytest.mark.parametrize(
    ("name", "z", "oracle"),
    [
        ("sigmoid", -709.0, mp_sigmoid),
        ("sigmoid", -700.0, mp_sigmoid),
        ("softplus", -40.0, mp_softplus(1.0)),
        ("gelu", -10.0, mp_gelu_exact),
        ("silu", -700.0, lambda x: x / (1 + mpmath.exp(-x))),
    ],
)
def test_tail_values_have_relative_accuracy(name: str, z: float, oracle: Oracle) -> None:
    expected = oracle_values(oracle, np.array([z]))[0]
    actual = float(evaluate(name, {}, z))
    assert expected != 0.0
    assert actual == pytest.approx(expected, rel=RTOL, abs=0.0)


def test_sigmoid_of_minus_709_is_subnormal() -> None:
    assert 0.0 < float(evaluate("sigmoid", {}, -709.0)) < SMALLEST_NORMAL


def test_values_exact_by_definition() -> None:
    assert float(evaluate("sigmoid", {}, 0.0)) == 0.5
    assert float(evaluate("softplus", {}, 800.0)) == 800.0
    assert float(evaluate("softplus", {}, 0.0)) == to_float64(mpmath.log(2))
    assert float(evaluate("log_sigmoid", {}, -800.0)) == -800.0
    assert float(evaluate("hard_sigmoid", {}, -3.0)) == 0.0
    assert float(evaluate("hard_sigmoid", {}, 3.0)) == 1.0


# ---------------------------------------------------------------------------------------------
# Floating-point exceptions, nan and infinities
# ---------------------------------------------------------------------------------------------

EXTRA_PARAMS: list[tuple[str, dict[str, float | str]]] = [
    ("leaky_relu", {"negative_slope": 0.0}),
    ("leaky_relu", {"negative_slope": -3.0}),
    ("elu", {"alpha": 0.0}),
    ("elu", {"alpha": 1e300}),
    ("softplus", {"beta": -1.5}),
    ("softplus", {"beta": 1e-300}),
    ("softplus", {"beta": 1e300}),
    ("hard_sigmoid", {"slope": 0.0}),
    ("hard_sigmoid", {"slope": 3.0, "offset": 1e308}),
    ("hard_sigmoid", {"slope": 1e-320, "offset": 0.5}),
    ("hard_sigmoid", {"slope": -1 / 7, "offset": 1e-320}),
    ("step", {"at_zero": -2.0}),
]


@pytest.mark.parametrize(
    ("name", "params"),
    [(name, params) for name, params, _ in CONFIGS] + EXTRA_PARAMS,
    ids=CONFIG_IDS + [f"{name}-extra{i}" for i, (name, _) in enumerate(EXTRA_PARAMS)],
)
def test_no_floating_point_exception(name: str, params: dict[str, float | str]) -> None:
    with strict_floating_point():
        for z in (GRID, SPECIALS, np.float64(-5e-324), np.empty((0, 3))):
            result = evaluate(name, params, z)
            assert result.dtype == np.float64


# A quiet nan, a negative quiet nan with a payload and a signaling nan (quiet bit clear).
NAN_BITS = np.array(
    [0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_1234, 0x7FF0_0000_0000_0001], dtype=np.uint64
)


@pytest.mark.parametrize(("name", "params"), [(n, p) for n, p, _ in CONFIGS], ids=CONFIG_IDS)
def test_nan_propagates(name: str, params: dict[str, float | str]) -> None:
    z = np.concatenate([NAN_BITS.view(np.float64), [1.0]])
    with strict_floating_point():
        result = evaluate(name, params, z)
    assert np.all(np.isnan(result[:3]))
    assert not np.isnan(result[3])


def _leaky_lower_limit(params: dict[str, Any]) -> float:
    return float(np.sign(params["negative_slope"]) * -np.inf) if params["negative_slope"] else 0.0


# Limits at (-inf, +inf), derived by hand from each formula.
INFINITY_LIMITS: dict[str, Callable[[dict[str, Any]], tuple[float, float]]] = {
    "identity": lambda p: (-np.inf, np.inf),
    "sigmoid": lambda p: (0.0, 1.0),
    "tanh": lambda p: (-1.0, 1.0),
    "relu": lambda p: (0.0, np.inf),
    "leaky_relu": lambda p: (_leaky_lower_limit(p), np.inf),
    "elu": lambda p: (-p["alpha"], np.inf),
    "selu": lambda p: (to_float64(-SELU_LAMBDA * SELU_ALPHA), np.inf),
    "softplus": lambda p: (0.0, np.inf),
    "softsign": lambda p: (-1.0, 1.0),
    "gelu": lambda p: (0.0, np.inf),
    "silu": lambda p: (0.0, np.inf),
    "hard_sigmoid": lambda p: (0.0, 1.0),
    "step": lambda p: (0.0, 1.0),
    "log_sigmoid": lambda p: (-np.inf, 0.0),
}


def test_infinity_limits_cover_every_activation() -> None:
    assert set(INFINITY_LIMITS) == set(ACTIVATIONS)


@pytest.mark.parametrize(("name", "params"), [(n, p) for n, p, _ in CONFIGS], ids=CONFIG_IDS)
def test_limits_at_infinity(name: str, params: dict[str, float | str]) -> None:
    lower, upper = INFINITY_LIMITS[name](params)
    with strict_floating_point():
        result = evaluate(name, params, np.array([-np.inf, np.inf]))
    assert result[0] == lower
    assert result[1] == upper


def test_elu_limit_follows_alpha() -> None:
    assert float(evaluate("elu", {"alpha": 0.5}, -np.inf)) == -0.5


def test_leaky_relu_limit_with_zero_slope() -> None:
    with strict_floating_point():
        assert float(evaluate("leaky_relu", {"negative_slope": 0.0}, -np.inf)) == 0.0


# ---------------------------------------------------------------------------------------------
# Second oracle: scipy.special and numpy float64 formulas
# ---------------------------------------------------------------------------------------------

FINITE_GRID = GRID[np.isfinite(GRID)]


def test_sigmoid_matches_scipy_expit() -> None:
    # expit returns 0 where the result would be subnormal, so only normal results are compared.
    z = FINITE_GRID[FINITE_GRID > -708.0]
    assert_matches(evaluate("sigmoid", {}, z), special.expit(z), z, 1e-13)


def test_log_sigmoid_matches_scipy_log_expit() -> None:
    assert_matches(evaluate("log_sigmoid", {}, FINITE_GRID), special.log_expit(FINITE_GRID),
                   FINITE_GRID, 1e-13)


def test_gelu_matches_scipy_erfc() -> None:
    # scipy's erfc underflows past z = -37, where the result leaves the normal range.
    z = FINITE_GRID[(FINITE_GRID > -37.0) & (FINITE_GRID < 1e300)]
    expected = z * 0.5 * special.erfc(-z / math.sqrt(2.0))
    assert_matches(evaluate("gelu", {}, z), expected, z, RTOL)


def test_silu_matches_scipy_expit() -> None:
    z = FINITE_GRID[FINITE_GRID > -700.0]
    assert_matches(evaluate("silu", {}, z), z * special.expit(z), z, 1e-13)


def test_softplus_matches_numpy_logaddexp() -> None:
    assert_matches(evaluate("softplus", {}, FINITE_GRID), np.logaddexp(0.0, FINITE_GRID),
                   FINITE_GRID, 1e-13)


def test_gelu_tanh_matches_numpy_formula() -> None:
    # 1 + tanh(u) cancels for negative z, so the plain formula is only compared where it holds.
    z = np.linspace(-3.0, 10.0, 1301)
    expected = 0.5 * z * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z**3)))
    assert_matches(evaluate("gelu", {"approximate": "tanh"}, z), expected, z, RTOL)


# ---------------------------------------------------------------------------------------------
# Properties (hypothesis)
# ---------------------------------------------------------------------------------------------

any_float = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
non_nan_float = st.floats(allow_nan=False, allow_infinity=True, allow_subnormal=True)
any_array = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    elements=any_float,
)
configs = st.sampled_from([(name, params) for name, params, _ in CONFIGS])

# relu, identity, step and the rest are non-decreasing. gelu and silu dip below zero and rise
# again, which test_gelu_is_not_monotone and test_silu_is_not_monotone check.
MONOTONE_NAMES = set(ACTIVATIONS) - {"gelu", "silu"}


@settings(max_examples=300)
@given(config=configs, z=any_array)
def test_shape_and_dtype_match_input(config: tuple[str, dict[str, Any]], z: np.ndarray) -> None:
    name, params = config
    with strict_floating_point():
        result = evaluate(name, params, z)
    assert isinstance(result, np.ndarray)
    assert result.dtype == np.float64
    assert result.shape == z.shape


@settings(max_examples=300)
@given(config=configs, z=any_array)
def test_input_is_not_mutated(config: tuple[str, dict[str, Any]], z: np.ndarray) -> None:
    name, params = config
    before = z.copy()
    z.setflags(write=False)
    result = evaluate(name, params, z)
    assert np.array_equal(z.view(np.uint64), before.view(np.uint64))
    assert not np.shares_memory(result, z)


@settings(max_examples=300)
@given(
    config=configs.filter(lambda config: config[0] in MONOTONE_NAMES),
    values=st.lists(non_nan_float, min_size=2, max_size=20),
)
def test_monotone_activations_do_not_decrease(
    config: tuple[str, dict[str, Any]], values: list[float]
) -> None:
    name, params = config
    z = np.sort(np.array(values))
    result = evaluate(name, params, z)
    low, high = result[:-1], result[1:]
    # Separate roundings in formulas such as z / (1 + |z|) may step back by an ulp or so.
    finite_low = np.where(np.isfinite(low), low, 0.0)
    tolerance = 4 * np.finfo(np.float64).eps * np.abs(finite_low)
    with np.errstate(over="ignore"):  # finite_low - tolerance may round to -inf near -1.8e308
        floor = finite_low - tolerance
    assert np.all((high >= low) | (high >= floor)), (z, result)


@pytest.mark.parametrize("params", [{"approximate": "none"}, {"approximate": "tanh"}])
def test_gelu_is_not_monotone(params: dict[str, str]) -> None:
    assert evaluate("gelu", params, -3.0) > evaluate("gelu", params, -1.0)


def test_silu_is_not_monotone() -> None:
    assert evaluate("silu", {}, -3.0) > evaluate("silu", {}, -1.0)


@pytest.mark.parametrize(
    ("name", "params", "low", "high"),
    [
        ("sigmoid", {}, 0.0, 1.0),
        ("tanh", {}, -1.0, 1.0),
        ("softsign", {}, -1.0, 1.0),
        ("hard_sigmoid", {}, 0.0, 1.0),
        ("hard_sigmoid", {"slope": 0.3, "offset": 0.4}, 0.0, 1.0),
    ],
)
@settings(max_examples=200)
@given(z=st.lists(non_nan_float, min_size=1, max_size=20))
def test_bounded_activations_stay_in_range(
    name: str, params: dict[str, Any], low: float, high: float, z: list[float]
) -> None:
    result = evaluate(name, params, z)
    assert np.all(result >= low)
    assert np.all(result <= high)


@given(z=st.lists(any_float, max_size=20))
def test_relu_equals_max_with_zero(z: list[float]) -> None:
    expected = [value if (value > 0.0 or math.isnan(value)) else 0.0 for value in z]
    assert np.array_equal(evaluate("relu", {}, z), np.array(expected), equal_nan=True)


@pytest.mark.parametrize("slope", [0.01, 0.2])
@given(z=st.lists(st.floats(min_value=0.0, allow_infinity=True), max_size=20))
def test_leaky_relu_equals_relu_for_non_negative(slope: float, z: list[float]) -> None:
    leaky = evaluate("leaky_relu", {"negative_slope": slope}, z)
    assert np.array_equal(leaky, evaluate("relu", {}, z))
    assert np.array_equal(leaky, np.array(z, dtype=np.float64))


@given(z=any_array)
def test_identity_returns_input_unchanged(z: np.ndarray) -> None:
    result = evaluate("identity", {}, z)
    assert np.array_equal(result.view(np.uint64), z.view(np.uint64))
    assert not np.shares_memory(result, z)


# ---------------------------------------------------------------------------------------------
# apply_activation, the registry and name lookup
# ---------------------------------------------------------------------------------------------


def test_apply_activation_fills_defaults() -> None:
    z = np.array([-2.0, -0.5, 0.0, 3.0])
    assert np.array_equal(apply_activation(ACTIVATIONS["leaky_relu"], z), [-0.02, -0.005, 0.0, 3.0])


def test_apply_activation_keeps_given_params() -> None:
    z = np.array([-1.0, 0.0, 1.0])
    result = apply_activation(ACTIVATIONS["hard_sigmoid"], z, {"offset": 0.25})
    assert np.allclose(result, [0.25 - 1 / 6, 0.25, 0.25 + 1 / 6], rtol=1e-15, atol=0.0)


def test_apply_activation_converts_input() -> None:
    result = apply_activation(ACTIVATIONS["relu"], [[1, -2], [3, -4]])
    assert result.dtype == np.float64
    assert np.array_equal(result, [[1.0, 0.0], [3.0, 0.0]])


def test_apply_activation_keeps_zero_dimensions() -> None:
    result = apply_activation(ACTIVATIONS["sigmoid"], 0.0)
    assert isinstance(result, np.ndarray)
    assert result.shape == ()


def test_registry_order_and_fields() -> None:
    assert list(ACTIVATIONS) == [
        "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus",
        "softsign", "gelu", "silu", "hard_sigmoid", "step", "log_sigmoid",
    ]
    for name, activation in ACTIVATIONS.items():
        assert isinstance(activation, Activation)
        assert activation.name == name
        assert activation.formula.startswith("a = ")
        assert activation.output_range
        assert activation.convention
        assert all(isinstance(spec, ParamSpec) for spec in activation.params.values())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("leaky_relu", {"negative_slope": 0.01}),
        ("elu", {"alpha": 1.0}),
        ("softplus", {"beta": 1.0}),
        ("gelu", {"approximate": "none"}),
        ("hard_sigmoid", {"slope": 1 / 6, "offset": 0.5}),
        ("step", {"at_zero": 0.0}),
        ("selu", {}),
        ("log_sigmoid", {}),
    ],
)
def test_parameter_defaults(name: str, expected: dict[str, float | str]) -> None:
    params = ACTIVATIONS[name].params
    assert {key: spec.default for key, spec in params.items()} == expected


def test_gelu_choices() -> None:
    assert ACTIVATIONS["gelu"].params["approximate"].choices == ("none", "tanh")


def test_softplus_rejects_zero_beta() -> None:
    with pytest.raises(ValueError, match="beta"):
        evaluate("softplus", {"beta": 0.0}, [1.0])


def test_gelu_rejects_unknown_approximation() -> None:
    with pytest.raises(ValueError, match="approximate"):
        evaluate("gelu", {"approximate": "erf"}, [1.0])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sigmoid", "sigmoid"),
        ("logistic", "sigmoid"),
        ("linear", "identity"),
        ("swish", "silu"),
        ("SIGMOID", "sigmoid"),
        ("  Tanh  ", "tanh"),
        ("Leaky-ReLU", "leaky_relu"),
        ("leaky relu", "leaky_relu"),
        ("LeakyReLU", "leaky_relu"),
        ("hard-sigmoid", "hard_sigmoid"),
        ("Log_Sigmoid", "log_sigmoid"),
    ],
)
def test_find_activation(query: str, expected: str) -> None:
    found = find_activation(query)
    assert found is not None
    assert found.name == expected


@pytest.mark.parametrize("query", ["softmax", "", "   ", "relu6", "sigmoid2"])
def test_find_activation_unknown(query: str) -> None:
    assert find_activation(query) is None


def test_every_name_and_alias_finds_its_activation() -> None:
    for activation in ACTIVATIONS.values():
        for name in (activation.name, *activation.aliases):
            assert find_activation(name) is activation


@pytest.mark.parametrize(
    ("query", "first"),
    [("sigmod", "sigmoid"), ("relu6", "relu"), ("swihs", "silu"), ("linera", "identity"),
     ("geLU", "gelu"), ("soft_plus", "softplus")],
)
def test_closest_names_start_with_best_match(query: str, first: str) -> None:
    assert closest_activation_names(query)[0] == first


def test_closest_names_are_canonical_and_unique() -> None:
    names = closest_activation_names("sigmoi", n=10)
    assert len(names) == len(set(names))
    assert set(names) <= set(ACTIVATIONS)
    assert "logistic" not in names


def test_closest_names_respect_n() -> None:
    assert len(closest_activation_names("relu", n=1)) == 1
    assert len(closest_activation_names("relu")) <= 3
    assert closest_activation_names("relu", n=0) == []


def test_closest_names_of_nonsense_is_empty() -> None:
    assert closest_activation_names("qqqqqqqq") == []
