"""Activation functions ``a = g(z)`` and a registry of them by name.

Every function takes an array-like ``z`` and returns a new float64 array of the same shape,
including 0-d and empty arrays. The formulas are arranged so that no floating-point exception
(overflow, underflow, invalid, divide) is raised for any input: +-inf, nan, subnormals and
``|z|`` up to the float64 maximum all pass under ``np.errstate(all="raise")``. Two private
helpers make this possible. ``_exp_quiet`` reduces ``exp(t)`` to ``exp(r) * 2**k`` with
``|r| <= ln(2) / 2``, and ``_scale_quiet`` multiplies mantissas and exponents separately. Both
finish in ``_ldexp_quiet``, which applies the power of two with integer bit operations, so
results below the normal range are rounded to subnormals (or zero) without the underflow flag.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "ParamSpec",
    "apply_activation",
    "closest_activation_names",
    "elu",
    "find_activation",
    "gelu",
    "hard_sigmoid",
    "identity",
    "leaky_relu",
    "log_sigmoid",
    "relu",
    "selu",
    "sigmoid",
    "silu",
    "softplus",
    "softsign",
    "step",
    "tanh",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class ParamSpec:
    """Default value and allowed values of one activation parameter."""

    default: float | str
    choices: tuple[str, ...] | None = None  # None for a finite float, otherwise the allowed strings


@dataclass(frozen=True)
class Activation:
    """An activation function with its names, parameters and documentation strings."""

    name: str
    aliases: tuple[str, ...]
    func: Callable[..., FloatArray]
    params: Mapping[str, ParamSpec]
    formula: str
    output_range: str
    convention: str


# ---------------------------------------------------------------------------------------------
# Exception-free building blocks
# ---------------------------------------------------------------------------------------------

_EXPONENT_SHIFT = np.uint64(52)
_EXPONENT_FIELD = np.uint64(0x7FF)
_SIGN_MASK = np.uint64(0x8000_0000_0000_0000)
_FRACTION_MASK = np.uint64(0x000F_FFFF_FFFF_FFFF)
_IMPLICIT_BIT = np.uint64(0x0010_0000_0000_0000)
_INFINITY_BITS = np.uint64(0x7FF0_0000_0000_0000)
_MAX_FINITE_BIASED_EXPONENT = 2046
_QUIET_NAN_BIT = np.uint64(0x0008_0000_0000_0000)
_ONE = np.uint64(1)

# ln(2) rounded to a multiple of 2**-32, so that k * _LN2_HIGH is exact for |k| < 2**21, and the
# remainder ln(2) - _LN2_HIGH (both computed with mpmath at 60 digits).
_LN2_HIGH = 0.6931471806019545
_LN2_LOW = -4.2009150726810846e-11
_INV_LN2 = 1.4426950408889634
# exp(t) * factor is 0 or inf beyond this |t| for every finite factor and every power-of-two
# shift used in this module, so larger arguments are clamped to it.
_EXP_ARGUMENT_LIMIT = 2000.0

# exp(-40) = 4.2e-18 is below half an ulp of 1, so 1 + exp(-t) rounds to 1 for t > 40 and
# the tails of sigmoid-like functions reduce to a single exponential there.
_TAIL = 40.0


def _ldexp_quiet(mantissa: FloatArray, exponent: IntArray) -> FloatArray:
    """Return ``mantissa * 2**exponent`` rounded half to even, without floating-point exceptions.

    Elements of ``mantissa`` must be normal, zero, infinite or nan. Zeros, infinities and nans
    pass through unchanged, results above the float64 range become +-inf, and results below
    the normal range become correctly rounded subnormals or zero.
    """
    bits = np.ascontiguousarray(mantissa, dtype=np.float64).view(np.uint64)
    biased = ((bits >> _EXPONENT_SHIFT) & _EXPONENT_FIELD).astype(np.int64)
    target = biased + exponent
    passthrough = (biased == 0) | (biased == 0x7FF)
    out_of_range = ~passthrough & ((target < 1) | (target > _MAX_FINITE_BIASED_EXPONENT))

    # np.ldexp is exact and raises nothing while the result stays normal, so only the elements
    # that leave the normal range take the integer path.
    result = np.ldexp(mantissa, np.where(passthrough | out_of_range, 0, exponent))
    if np.any(out_of_range):
        result[out_of_range] = _ldexp_outside_normal_range(bits[out_of_range], target[out_of_range])
    return result


def _ldexp_outside_normal_range(bits: NDArray[np.uint64], target: IntArray) -> FloatArray:
    """Return the float64 with the sign and fraction of ``bits`` and the biased exponent ``target``.

    ``target`` is below 1 (the result is a rounded subnormal or zero) or above 2046 (+-inf).
    """
    sign = bits & _SIGN_MASK
    significand = (bits & _FRACTION_MASK) | _IMPLICIT_BIT

    # The 53-bit significand moves right by `shift` bits, rounded half to even. A carry out of
    # the rounding lands in the exponent field and gives the smallest normal number.
    shift = np.clip(1 - target, 1, 60).astype(np.uint64)
    kept = significand >> shift
    remainder = significand & ((_ONE << shift) - _ONE)
    half = _ONE << (shift - _ONE)
    round_up = (remainder > half) | ((remainder == half) & ((kept & _ONE) == _ONE))
    subnormal_bits = sign | (kept + round_up.astype(np.uint64))

    result = np.where(target > _MAX_FINITE_BIASED_EXPONENT, sign | _INFINITY_BITS, subnormal_bits)
    return result.view(np.float64)


def _scale_quiet(
    values: FloatArray, factor: FloatArray | float, power_of_two: IntArray | int = 0
) -> FloatArray:
    """Return ``values * factor * 2**power_of_two`` without floating-point exceptions.

    The mantissas (both in [0.5, 1)) are multiplied and the exponents added, so only the final
    scaling can leave the normal range. An infinity times zero gives zero, which is the limit
    in every place this module uses it.
    """
    value_mantissa, value_exponent = np.frexp(values)
    factor_mantissa, factor_exponent = np.frexp(factor)
    zero_times_infinity = ((value_mantissa == 0.0) & np.isinf(factor_mantissa)) | (
        np.isinf(value_mantissa) & (factor_mantissa == 0.0)
    )
    value_mantissa = np.where(zero_times_infinity, 0.0, value_mantissa)
    factor_mantissa = np.where(zero_times_infinity, 0.0, factor_mantissa)

    exponent = value_exponent.astype(np.int64) + factor_exponent + power_of_two
    return _ldexp_quiet(value_mantissa * factor_mantissa, exponent)


def _exp_quiet(
    t: FloatArray, factor: FloatArray | float = 1.0, power_of_two: int = 0
) -> FloatArray:
    """Return ``factor * exp(t) * 2**power_of_two`` without floating-point exceptions.

    ``factor`` must be finite. The callers pass ``t <= 0``, where the result may be subnormal.
    """
    is_nan = np.isnan(t)
    clamped = np.clip(np.where(is_nan, 0.0, t), -_EXP_ARGUMENT_LIMIT, _EXP_ARGUMENT_LIMIT)

    # clamped - k * _LN2_HIGH is exact, so `reduced` keeps the full accuracy of t. Elements with
    # |t| < 0.3 have k = 0, and skipping their product avoids the underflow of a subnormal t.
    k = np.rint(np.where(np.abs(clamped) < 0.3, 0.0, clamped) * _INV_LN2)
    reduced = (clamped - k * _LN2_HIGH) - k * _LN2_LOW
    result = _scale_quiet(np.exp(reduced), factor, k.astype(np.int64) + power_of_two)
    return np.where(is_nan, np.nan, result)


def _expm1_of_negative(x: FloatArray) -> FloatArray:
    """Return ``expm1(x)`` for the elements with ``x < 0`` and the other elements unchanged."""
    # expm1 of a subnormal signals underflow, and expm1(x) rounds to x for |x| < 2**-60 anyway.
    use_expm1 = x < -(2.0**-60)
    return np.where(use_expm1, np.expm1(np.where(use_expm1, x, -1.0)), x)


def _flatten(z: ArrayLike) -> tuple[FloatArray, tuple[int, ...]]:
    """Convert ``z`` to a 1-D float64 array and return it with the original shape.

    Signaling nans become quiet nans with the same payload, because arithmetic on a signaling
    nan raises the invalid flag.
    """
    array = np.asarray(z, dtype=np.float64)
    bits = array.reshape(-1).view(np.uint64)
    is_nan = ((bits & _INFINITY_BITS) == _INFINITY_BITS) & ((bits & _FRACTION_MASK) != 0)
    quiet = np.where(is_nan, bits | _QUIET_NAN_BIT, bits)
    return quiet.view(np.float64), array.shape


# ---------------------------------------------------------------------------------------------
# Activation functions
# ---------------------------------------------------------------------------------------------


def identity(z: ArrayLike) -> FloatArray:
    """Return a float64 copy of ``z`` (the linear activation ``a = z``).

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``
    """
    # A plain copy, so that even the bits of a signaling nan are returned unchanged.
    return np.array(z, dtype=np.float64, copy=True)


def _sigmoid_flat(x: FloatArray) -> FloatArray:
    decay = _exp_quiet(-np.abs(x))
    denominator = 1.0 + decay
    return np.where(x >= 0.0, 1.0 / denominator, decay / denominator)


def sigmoid(z: ArrayLike) -> FloatArray:
    """Compute the logistic sigmoid ``1 / (1 + exp(-z))``.

    ``exp(-|z|)`` never overflows, and for ``z < 0`` the result is ``exp(z) / (1 + exp(z))``,
    which keeps its relative accuracy down to the subnormal range (``sigmoid(-709)`` is the
    subnormal 1.2168e-308).

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``, values in [0, 1]
    """
    x, shape = _flatten(z)
    return _sigmoid_flat(x).reshape(shape)


def tanh(z: ArrayLike) -> FloatArray:
    """Compute the hyperbolic tangent.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``, values in [-1, 1]
    """
    x, shape = _flatten(z)

    # C libraries differ on whether tanh of a subnormal signals underflow. tanh(x) rounds to x
    # for |x| < 1e-9, so those elements skip np.tanh.
    near_zero = np.abs(x) < 1e-9
    result = np.where(near_zero, x, np.tanh(np.where(near_zero, 1.0, x)))
    return result.reshape(shape)


def relu(z: ArrayLike) -> FloatArray:
    """Compute the rectified linear unit ``max(z, 0)``, which keeps nan as nan.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``
    """
    x, shape = _flatten(z)
    return np.maximum(x, 0.0).reshape(shape)


def leaky_relu(z: ArrayLike, negative_slope: float = 0.01) -> FloatArray:
    """Compute ``z`` for ``z >= 0`` and ``negative_slope * z`` for ``z < 0``.

    Parameters
    ----------
    z : array_like, shape (...)
    negative_slope : float, default 0.01
        The PyTorch default. Keras uses 0.3 (``keras.layers.LeakyReLU``) or 0.2
        (``keras.activations.leaky_relu``).

    Returns
    -------
    a : ndarray of float64, same shape as ``z``
    """
    x, shape = _flatten(z)
    result = np.where(x < 0.0, _scale_quiet(x, negative_slope), x)
    return result.reshape(shape)


def elu(z: ArrayLike, alpha: float = 1.0) -> FloatArray:
    """Compute the exponential linear unit: ``z`` for ``z > 0``, else ``alpha * (exp(z) - 1)``.

    Parameters
    ----------
    z : array_like, shape (...)
    alpha : float, default 1.0

    Returns
    -------
    a : ndarray of float64, same shape as ``z``
    """
    x, shape = _flatten(z)
    result = np.where(x > 0.0, x, _scale_quiet(_expm1_of_negative(x), alpha))
    return result.reshape(shape)


# The constants of Klambauer et al., "Self-Normalizing Neural Networks" (2017), to 32 digits.
_SELU_LAMBDA = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_LAMBDA_ALPHA = 1.7580993408473768  # lambda * alpha rounded once (mpmath, 60 digits)


def selu(z: ArrayLike) -> FloatArray:
    """Compute the scaled ELU: ``lambda * z`` for ``z > 0``, else ``lambda * alpha * (exp(z) - 1)``.

    ``lambda = 1.0507009873554804934`` and ``alpha = 1.6732632423543772848``.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``
    """
    x, shape = _flatten(z)
    positive = _scale_quiet(x, _SELU_LAMBDA)
    negative = _scale_quiet(_expm1_of_negative(x), _SELU_LAMBDA_ALPHA)
    return np.where(x > 0.0, positive, negative).reshape(shape)


def softplus(z: ArrayLike, beta: float = 1.0) -> FloatArray:
    """Compute ``log(1 + exp(beta * z)) / beta``.

    With ``u = beta * z``: for ``u > 40`` the result is ``z`` to the last bit, for ``u < -40``
    it is ``exp(u) / beta``, and in between ``max(u, 0) + log1p(exp(-|u|))`` is divided by
    ``beta``. No shortcut like PyTorch's ``threshold=20`` is applied, so for ``20 < u < 40`` the
    result differs from PyTorch's by up to ``exp(-20) / beta``.

    Parameters
    ----------
    z : array_like, shape (...)
    beta : float, default 1.0
        Any finite non-zero value; a negative ``beta`` gives ``-softplus(-z, -beta)``.

    Returns
    -------
    a : ndarray of float64, same shape as ``z``

    Raises
    ------
    ValueError
        If ``beta`` is 0, where the formula has no limit.
    """
    if beta == 0:
        raise ValueError("softplus: invalid beta 0; pass a non-zero beta such as the default 1.0")
    x, shape = _flatten(z)
    scaled = _scale_quiet(x, beta)

    # 1 / beta = inverse_mantissa * 2**-beta_exponent, applied in one rounding with the rest.
    beta_mantissa, beta_exponent = math.frexp(beta)
    inverse_mantissa = 1.0 / beta_mantissa

    middle_argument = np.clip(scaled, -_TAIL, _TAIL)
    log_term = np.maximum(middle_argument, 0.0) + np.log1p(np.exp(-np.abs(middle_argument)))
    middle = _scale_quiet(log_term, inverse_mantissa, -beta_exponent)
    lower = _exp_quiet(np.minimum(scaled, -_TAIL), inverse_mantissa, -beta_exponent)

    result = np.where(scaled > _TAIL, x, np.where(scaled < -_TAIL, lower, middle))
    return result.reshape(shape)


def softsign(z: ArrayLike) -> FloatArray:
    """Compute ``z / (1 + |z|)``, with ``softsign(+-inf) = +-1``.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``, values in [-1, 1]
    """
    x, shape = _flatten(z)
    infinite = np.isinf(x)
    finite = np.where(infinite, 0.0, x)
    result = np.where(infinite, np.sign(x), finite / (1.0 + np.abs(finite)))
    return result.reshape(shape)


_INV_SQRT2 = 0.7071067811865476
_INV_SQRT_2PI = 0.3989422804014327
_GELU_TAIL_START = -20.0
# Coefficients c_k = (-1)**k (2k - 1)!! of the asymptotic series for x -> -inf,
# x * Phi(x) = -phi(x) * sum_k c_k / x**(2k). At x <= -20 the first omitted term is below 2e-20.
_GELU_TAIL_SERIES = (
    1.0, -1.0, 3.0, -15.0, 105.0, -945.0, 10395.0, -135135.0, 2027025.0, -34459425.0,
    654729075.0, -13749310575.0,
)
_erfc_elementwise = np.frompyfunc(math.erfc, 1, 1)


def _gelu_lower_tail(x: FloatArray) -> FloatArray:
    """Return ``x * Phi(x)`` for ``x < -20`` from the asymptotic series.

    Elements with ``x >= -20`` (and nan) get the value at -20, which the caller discards.
    """
    t = np.clip(np.where(x < _GELU_TAIL_START, x, _GELU_TAIL_START), -40.0, _GELU_TAIL_START)

    # t = head + tail with head on a 2**-20 grid, so head**2 is exact. The exponent -t**2 / 2
    # (down to -800) is then split into an exact `exponent` and a small `correction`, and the
    # result keeps its relative accuracy where a rounded t**2 would cost up to 1e-13.
    head = np.rint(t * 2.0**20) / 2.0**20
    tail = t - head
    exponent = -0.5 * head * head
    correction = -(head * tail + 0.5 * tail * tail)

    inverse_square = 1.0 / (t * t)
    series = np.zeros_like(t)
    for coefficient in reversed(_GELU_TAIL_SERIES):
        series = series * inverse_square + coefficient
    factor = -_INV_SQRT_2PI * series * np.exp(correction)
    return _exp_quiet(exponent, factor)


def _gelu_exact(x: FloatArray) -> FloatArray:
    # Phi(x) = erfc(|x| / sqrt(2)) / 2 for x < 0, so the negative side keeps relative accuracy.
    # |x| is capped at 20: Phi(x) rounds to 1 above it and the series takes over below -20.
    # The cap also keeps math.erfc quiet, which signals underflow from about 26.54 on (measured
    # with glibc 2.36).
    magnitude = np.clip(np.where(np.isnan(x), 0.0, np.abs(x)), 1e-100, -_GELU_TAIL_START)
    # NOTE: math.erfc runs once per element in Python, so this path is much slower than the
    # numpy expressions of the other activations.
    complement = np.asarray(_erfc_elementwise(magnitude * _INV_SQRT2), dtype=np.float64)
    cdf = np.where(x < 0.0, 0.5 * complement, 1.0 - 0.5 * complement)
    body = _scale_quiet(x, cdf)
    return np.where(x < _GELU_TAIL_START, _gelu_lower_tail(x), body)


# 2 * sqrt(2 / pi) and 2 * sqrt(2 / pi) * 0.044715, rounded once (mpmath, 60 digits).
_GELU_TANH_LINEAR = 1.5957691216057308
_GELU_TANH_CUBIC = 0.07135481627260025
# For |x| >= 30 the sigmoid gate below is exactly 0 or 1 in float64 (|2u| > 1900).
_GELU_TANH_BOUND = 30.0


def _gelu_tanh(x: FloatArray) -> FloatArray:
    # 0.5 * (1 + tanh(u)) = sigmoid(2u), with 2u = x * (c1 + c3 * x**2) computed on x clipped to
    # [-30, 30] so the cube cannot overflow.
    bounded = np.clip(np.where(np.isnan(x), 0.0, x), -_GELU_TANH_BOUND, _GELU_TANH_BOUND)
    squarable = np.where(np.abs(bounded) < 1e-100, 0.0, bounded)
    square = squarable * squarable
    gate_argument = _scale_quiet(bounded, _GELU_TANH_LINEAR + _GELU_TANH_CUBIC * square)

    body = _scale_quiet(x, _sigmoid_flat(gate_argument))
    # Below -40 the gate is exp(2u) and x * exp(2u) is formed in one rounding, even when subnormal.
    lower_tail = _exp_quiet(np.minimum(gate_argument, -_TAIL), bounded)
    return np.where(gate_argument < -_TAIL, lower_tail, body)


def gelu(z: ArrayLike, approximate: str = "none") -> FloatArray:
    """Compute the Gaussian error linear unit ``z * Phi(z)``.

    Parameters
    ----------
    z : array_like, shape (...)
    approximate : {"none", "tanh"}, default "none"
        ``"none"`` is the exact ``z * Phi(z) = 0.5 z erfc(-z / sqrt(2))``. ``"tanh"`` is
        ``0.5 z (1 + tanh(sqrt(2 / pi) (z + 0.044715 z**3)))``. The names follow
        ``torch.nn.GELU``. The exact form calls ``math.erfc`` once per element in Python,
        so it is much slower than the tanh form on large arrays.

    Returns
    -------
    a : ndarray of float64, same shape as ``z``

    Raises
    ------
    ValueError
        If ``approximate`` is not "none" or "tanh".
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    x, shape = _flatten(z)
    result = _gelu_exact(x) if approximate == "none" else _gelu_tanh(x)
    return result.reshape(shape)


def silu(z: ArrayLike) -> FloatArray:
    """Compute the sigmoid linear unit (swish) ``z * sigmoid(z)``.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``
    """
    x, shape = _flatten(z)
    body = _scale_quiet(x, _sigmoid_flat(x))
    # Below -40, z * sigmoid(z) = z * exp(z) to the last bit, formed in one rounding.
    tail_argument = np.clip(x, -_EXP_ARGUMENT_LIMIT, -_TAIL)
    lower_tail = _exp_quiet(tail_argument, tail_argument)
    return np.where(x < -_TAIL, lower_tail, body).reshape(shape)


# Dekker's splitting constant 2**27 + 1, which splits a float64 into two halves of 26 bits each.
_SPLIT_FACTOR = 134217729.0
# Inside these bounds the halves and their products stay in the normal range.
_SPLIT_MIN = 2.0**-400
_SPLIT_MAX = 2.0**400
# A slope 1/n is handled as an exact division by n for integers up to this size.
_MAX_RECIPROCAL_SLOPE = 2**20


def _split_halves(value: FloatArray) -> tuple[FloatArray, FloatArray]:
    scaled = _SPLIT_FACTOR * value
    high = scaled - (scaled - value)
    return high, value - high


def _product_rounding_error(x: FloatArray, factor: float, product: FloatArray) -> FloatArray:
    """Return ``x * factor - product`` exactly (Dekker's two-product), or 0 where out of range."""
    if not _SPLIT_MIN <= abs(factor) <= _SPLIT_MAX:
        return np.zeros_like(x)
    usable = (np.abs(x) >= _SPLIT_MIN) & (np.abs(x) <= _SPLIT_MAX)
    safe_x = np.where(usable, x, 1.0)
    safe_product = np.where(usable, product, factor)

    x_high, x_low = _split_halves(safe_x)
    factor_high, factor_low = _split_halves(np.asarray(factor, dtype=np.float64))
    error = ((x_high * factor_high - safe_product) + x_high * factor_low + x_low * factor_high) + (
        x_low * factor_low
    )
    return np.where(usable, error, 0.0)


def _reciprocal_integer(slope: float) -> int | None:
    """Return ``n`` if ``slope`` is the float nearest to ``1 / n`` for a small integer ``n``."""
    if not 1.0 / (2 * _MAX_RECIPROCAL_SLOPE) <= abs(slope) <= 1.0:
        return None
    n = round(1.0 / slope)
    return n if 1.0 / n == slope else None


def _hard_sigmoid_reciprocal(x: FloatArray, n: int, offset: float) -> FloatArray | None:
    """Return ``(x + n * offset) / n`` before clipping, or None if ``n * offset`` is too large."""
    shift = float(n) * offset
    if not abs(shift) <= 1e300:
        return None
    # shift_low is the rounding error of n * offset (Dekker's two-product).
    shift_low = 0.0
    if _SPLIT_MIN <= abs(offset):
        n_high, n_low = _split_halves(np.asarray(float(n)))
        offset_high, offset_low = _split_halves(np.asarray(offset, dtype=np.float64))
        shift_low = float(
            ((n_high * offset_high - shift) + n_high * offset_low + n_low * offset_high)
            + n_low * offset_low
        )

    # Clipping to +-(2|shift| + 2|n|) keeps every saturated element saturated and the sum finite.
    limit = 2.0 * (abs(shift) + abs(n))
    total = (np.clip(x, -limit, limit) + shift) + shift_low
    mantissa, exponent = np.frexp(total)
    return _ldexp_quiet(mantissa / n, exponent.astype(np.int64))


def _hard_sigmoid_general(x: FloatArray, slope: float, offset: float) -> FloatArray:
    """Return ``slope * x + offset`` before clipping, with the product's rounding error added."""
    product = _scale_quiet(x, slope)
    if abs(offset) > 2.0**1020:
        # slope * z + offset is then either far outside [0, 1] or a multiple of a large power of
        # two, so the clipped result is 0 or 1 and only the sign of the sum matters.
        return np.where(np.isnan(product), np.nan, np.where(product > -offset, 1.0, 0.0))

    # Beyond +-(2|offset| + 4) the output saturates, so clipping there changes nothing and keeps
    # the sum below finite.
    limit = 2.0 * abs(offset) + 4.0
    clipped = np.clip(product, -limit, limit)
    error = np.where(clipped == product, _product_rounding_error(x, slope, product), 0.0)
    return (clipped + offset) + error


def hard_sigmoid(z: ArrayLike, slope: float = 1 / 6, offset: float = 0.5) -> FloatArray:
    """Compute ``clip(slope * z + offset, 0, 1)``.

    A slope that is the float nearest to ``1 / n`` for an integer ``n`` (1/6, 0.2, 0.5, ...) is
    taken as exactly ``1 / n``, and the result is computed as ``(z + n * offset) / n``. So the
    default gives ``relu6(z + 3) / 6`` like PyTorch, with 0 at ``z = -3`` and 1 at ``z = 3``.
    For any other slope the rounding error of the product is added back (Dekker's
    two-product). Both ways are accurate to about one ulp, also next to the corners where
    ``slope * z + offset`` cancels.

    Parameters
    ----------
    z : array_like, shape (...)
    slope : float, default 1/6
        ``torch.nn.Hardsigmoid`` and ``keras.activations.hard_sigmoid`` (Keras 3) use 1/6.
        Keras 2, ``keras.ops.hard_sigmoid`` and the ONNX ``HardSigmoid`` operator (its
        ``alpha``) use 0.2.
    offset : float, default 0.5

    Returns
    -------
    a : ndarray of float64, same shape as ``z``, values in [0, 1]
    """
    x, shape = _flatten(z)
    n = _reciprocal_integer(slope)
    affine = None if n is None else _hard_sigmoid_reciprocal(x, n, offset)
    if affine is None:
        affine = _hard_sigmoid_general(x, slope, offset)
    return np.clip(affine, 0.0, 1.0).reshape(shape)


def step(z: ArrayLike, at_zero: float = 0.0) -> FloatArray:
    """Compute the Heaviside step: 1 for ``z > 0``, 0 for ``z < 0`` and ``at_zero`` for ``z == 0``.

    The default ``at_zero = 0`` gives ``step(z) = (z > 0)``, the definition that Korean deep
    learning textbooks and tutorials use for the perceptron's step function.

    Parameters
    ----------
    z : array_like, shape (...)
    at_zero : float, default 0.0
        The value at ``z == 0`` (also at ``-0.0``), like the second argument of ``np.heaviside``.

    Returns
    -------
    a : ndarray of float64, same shape as ``z`` (nan where ``z`` is nan)
    """
    x, shape = _flatten(z)
    result = np.select([x > 0.0, x < 0.0, x == 0.0], [1.0, 0.0, float(at_zero)], default=np.nan)
    return result.astype(np.float64).reshape(shape)


def log_sigmoid(z: ArrayLike) -> FloatArray:
    """Compute ``log(sigmoid(z)) = min(z, 0) - log1p(exp(-|z|))``.

    Parameters
    ----------
    z : array_like, shape (...)

    Returns
    -------
    a : ndarray of float64, same shape as ``z``, values <= 0
    """
    x, shape = _flatten(z)
    bounded = np.clip(x, -_TAIL, _TAIL)
    body = np.minimum(bounded, 0.0) - np.log1p(np.exp(-np.abs(bounded)))
    # Above 40 the result is -exp(-z), possibly subnormal. Below -40 it rounds to z itself.
    upper_tail = _exp_quiet(-np.maximum(x, _TAIL), -1.0)
    result = np.where(x > _TAIL, upper_tail, np.where(x < -_TAIL, x, body))
    return result.reshape(shape)


# ---------------------------------------------------------------------------------------------
# Registry and lookup
# ---------------------------------------------------------------------------------------------


def _activation(
    name: str,
    func: Callable[..., FloatArray],
    formula: str,
    output_range: str,
    convention: str,
    aliases: tuple[str, ...] = (),
    params: Mapping[str, ParamSpec] | None = None,
) -> Activation:
    return Activation(
        name=name,
        aliases=aliases,
        func=func,
        params=MappingProxyType(dict(params or {})),
        formula=formula,
        output_range=output_range,
        convention=convention,
    )


_REGISTERED = (
    _activation(
        "identity", identity, "a = z", "(-inf, inf)",
        "The linear activation: Keras 'linear', torch.nn.Identity.",
        aliases=("linear",),
    ),
    _activation(
        "sigmoid", sigmoid, "a = 1 / (1 + exp(-z))", "(0, 1)",
        "The standard logistic function, as torch.sigmoid and Keras 'sigmoid'.",
        aliases=("logistic",),
    ),
    _activation(
        "tanh", tanh, "a = (exp(z) - exp(-z)) / (exp(z) + exp(-z))", "(-1, 1)",
        "The hyperbolic tangent, as numpy.tanh and torch.tanh.",
    ),
    _activation(
        "relu", relu, "a = max(z, 0)", "[0, inf)",
        "torch.relu, and Keras 'relu' with its defaults (no threshold, no max_value).",
    ),
    _activation(
        "leaky_relu", leaky_relu, "a = z if z >= 0 else negative_slope * z", "(-inf, inf)",
        "torch.nn.LeakyReLU, default negative_slope = 0.01. Keras uses 0.3 (layers.LeakyReLU) "
        "or 0.2 (activations.leaky_relu), so pass negative_slope to match it.",
        params={"negative_slope": ParamSpec(0.01)},
    ),
    _activation(
        "elu", elu, "a = z if z > 0 else alpha * (exp(z) - 1)", "(-alpha, inf) for alpha >= 0",
        "torch.nn.ELU and Keras 'elu', default alpha = 1.0.",
        params={"alpha": ParamSpec(1.0)},
    ),
    _activation(
        "selu", selu,
        "a = lambda * (z if z > 0 else alpha * (exp(z) - 1)), "
        "lambda = 1.0507009873554805, alpha = 1.6732632423543772",
        "(-1.7580993408473768, inf)",
        "The fixed constants of Klambauer et al. (2017), as torch.nn.SELU and Keras 'selu'.",
    ),
    _activation(
        "softplus", softplus, "a = log(1 + exp(beta * z)) / beta", "(0, inf) for beta > 0",
        "torch.nn.Softplus with beta (default 1.0, Keras 'softplus' is beta = 1), but without "
        "PyTorch's linear shortcut above beta * z > 20.",
        params={"beta": ParamSpec(1.0)},
    ),
    _activation(
        "softsign", softsign, "a = z / (1 + |z|)", "(-1, 1)",
        "torch.nn.Softsign and Keras 'softsign'.",
    ),
    _activation(
        "gelu", gelu,
        "a = z * Phi(z) = 0.5 * z * (1 + erf(z / sqrt(2))); approximate='tanh': "
        "a = 0.5 * z * (1 + tanh(sqrt(2 / pi) * (z + 0.044715 * z^3)))",
        "about [-0.17, inf)",
        "torch.nn.GELU naming and default (approximate='none' is exact). In Keras 3, "
        "activations.gelu also defaults to exact and ops.gelu to the tanh form.",
        params={"approximate": ParamSpec("none", ("none", "tanh"))},
    ),
    _activation(
        "silu", silu, "a = z * sigmoid(z) = z / (1 + exp(-z))", "about [-0.2785, inf)",
        "torch.nn.SiLU and Keras 'silu'/'swish' (swish with beta = 1).",
        aliases=("swish",),
    ),
    _activation(
        "hard_sigmoid", hard_sigmoid, "a = clip(slope * z + offset, 0, 1)", "[0, 1]",
        "torch.nn.Hardsigmoid and Keras 3 activations.hard_sigmoid: slope = 1/6, offset = 0.5. "
        "Keras 2, keras.ops.hard_sigmoid and ONNX HardSigmoid use slope = 0.2, so pass slope "
        "to match them.",
        params={"slope": ParamSpec(1 / 6), "offset": ParamSpec(0.5)},
    ),
    _activation(
        "step", step, "a = 1 if z > 0, 0 if z < 0, at_zero if z == 0", "{0, at_zero, 1}",
        "The Heaviside step. The default at_zero = 0 gives step(z) = (z > 0), the definition "
        "used in Korean deep learning textbooks; numpy.heaviside takes at_zero as an argument.",
        params={"at_zero": ParamSpec(0.0)},
    ),
    _activation(
        "log_sigmoid", log_sigmoid, "a = log(1 / (1 + exp(-z))) = -softplus(-z)", "(-inf, 0)",
        "torch.nn.LogSigmoid and Keras 'log_sigmoid'.",
    ),
)

ACTIVATIONS: Mapping[str, Activation] = MappingProxyType(
    {activation.name: activation for activation in _REGISTERED}
)


def _lookup_key(name: str) -> str:
    """Return ``name`` lowercased without whitespace, '-' and '_'."""
    return "".join(name.split()).lower().replace("-", "").replace("_", "")


_BY_KEY: Mapping[str, Activation] = MappingProxyType(
    {
        _lookup_key(alias): activation
        for activation in _REGISTERED
        for alias in (activation.name, *activation.aliases)
    }
)


def find_activation(name: str) -> Activation | None:
    """Return the activation called ``name`` or one of its aliases, or None if there is none.

    Case, whitespace, '-' and '_' are ignored, so "Leaky-ReLU", "leaky relu" and
    "LeakyReLU" all find ``leaky_relu``.
    """
    return _BY_KEY.get(_lookup_key(name))


def closest_activation_names(name: str, n: int = 3) -> list[str]:
    """Return up to ``n`` canonical names whose name or alias is closest to ``name``.

    The similarity is difflib's ratio (cutoff 0.6) on the same normalized keys that
    :func:`find_activation` uses; each canonical name appears once, best match first.
    """
    matches = difflib.get_close_matches(_lookup_key(name), list(_BY_KEY), n=len(_BY_KEY))
    names: list[str] = []
    for match in matches:
        canonical = _BY_KEY[match].name
        if canonical not in names:
            names.append(canonical)
    return names[: max(n, 0)]


def apply_activation(
    activation: Activation, z: ArrayLike, params: Mapping[str, float | str] | None = None
) -> FloatArray:
    """Apply ``activation`` to ``z``, with defaults for the parameters missing from ``params``.

    The parameters are not validated here. ``z`` is converted with
    ``np.asarray(z, dtype=np.float64)`` and never modified.

    Parameters
    ----------
    activation : Activation
        An entry of :data:`ACTIVATIONS`.
    z : array_like, shape (...)
    params : mapping of str to float or str, optional

    Returns
    -------
    a : ndarray of float64, same shape as ``z`` (0-d and empty arrays included)
    """
    values: dict[str, float | str] = {key: spec.default for key, spec in activation.params.items()}
    if params:
        values.update(params)
    return activation.func(np.asarray(z, dtype=np.float64), **values)
