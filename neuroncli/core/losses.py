"""Per-row losses of a network's output against targets.

The cross-entropies are computed from the logits with log-sum-exp when the output activation
allows it, so a confidently wrong prediction gives a large finite loss instead of inf or NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from neuroncli.core.softmax import log_sum_minus

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Probabilities are clipped to [EPSILON, 1 - EPSILON] where a loss must take their logarithm,
# as scikit-learn's log_loss does.
EPSILON = float(np.finfo(np.float64).eps)

LOSSES = ("mse", "mae", "bce", "cce")


def _softplus(x: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore"):
        result: FloatArray = np.logaddexp(0.0, x)
    return result


def binary_cross_entropy_from_logits(z: FloatArray, y: FloatArray) -> FloatArray:
    """Compute ``-(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z)))`` for each row, shape (N,).

    Written as ``softplus(-z)`` for y = 1 and ``softplus(z)`` for y = 0 (and their mix for a
    y in between), which is exact in both tails.
    """
    with np.errstate(invalid="ignore"):
        # y * inf for y = 0 is NaN, so each term is taken only where its weight is not zero.
        loss: FloatArray = (np.where(y != 0.0, y * _softplus(-z), 0.0)
                            + np.where(y != 1.0, (1.0 - y) * _softplus(z), 0.0))
    return loss


def binary_cross_entropy(a: FloatArray, y: FloatArray) -> FloatArray:
    """Compute the binary cross-entropy from probabilities *a* clipped away from 0 and 1."""
    p = np.clip(a, EPSILON, 1.0 - EPSILON)
    result: FloatArray = -(y * np.log(p) + (1.0 - y) * np.log1p(-p))
    return result


def categorical_cross_entropy_from_logits(Z: FloatArray, classes: IntArray) -> FloatArray:
    """Compute ``logsumexp(z) - z[class]`` for each row of logits Z (N, m), shape (N,)."""
    return log_sum_minus(Z, classes)


def categorical_cross_entropy(A: FloatArray, classes: IntArray) -> FloatArray:
    """Compute ``-log(a[class])`` with the probability clipped to at least EPSILON."""
    rows = np.arange(A.shape[0])
    result: FloatArray = -np.log(np.clip(A[rows, classes], EPSILON, 1.0))
    return result


def one_hot(classes: IntArray, units: int) -> FloatArray:
    """Return the (N, units) matrix with a 1 in each row's class column."""
    encoded = np.zeros((classes.shape[0], units))
    encoded[np.arange(classes.shape[0]), classes] = 1.0
    return encoded


def mean_squared_error(A: FloatArray, T: FloatArray) -> FloatArray:
    """Compute the mean over units of ``(a - t)**2`` for each row, shape (N,)."""
    with np.errstate(over="ignore", invalid="ignore"):
        result: FloatArray = np.mean((A - T) ** 2, axis=1)
    return result


def mean_absolute_error(A: FloatArray, T: FloatArray) -> FloatArray:
    """Compute the mean over units of ``|a - t|`` for each row, shape (N,)."""
    with np.errstate(over="ignore", invalid="ignore"):
        result: FloatArray = np.mean(np.abs(A - T), axis=1)
    return result
