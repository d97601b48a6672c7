"""Softmax and log-softmax across the units of each row, stable for any finite logits."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from neuroncli.core.activations import Activation

FloatArray = NDArray[np.float64]


def _row_shift(Z: FloatArray) -> FloatArray:
    """Return each row's finite maximum (0 for a row without one), shape (N, 1)."""
    with np.errstate(invalid="ignore"):
        shift = np.max(Z, axis=1, keepdims=True) if Z.shape[1] else np.zeros((Z.shape[0], 1))
    return np.where(np.isfinite(shift), shift, 0.0)


def softmax(Z: ArrayLike) -> FloatArray:
    """Compute ``exp(z_j) / sum_k exp(z_k)`` across the columns of each row.

    Subtracting the row maximum first leaves the value unchanged and keeps every exponent at or
    below 0, so no finite logit overflows and every row sums to 1 within a few ulps.

    Parameters
    ----------
    Z : array_like, shape (N, m)
        Logits, one row per example and one column per unit.

    Returns
    -------
    A : ndarray of float64, shape (N, m)
        A row with a NaN is all NaN. A row with +inf logits shares the probability equally among
        them; a row whose logits are all -inf has no defined softmax and is all NaN.
    """
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2:
        raise ValueError(f"softmax needs a 2-D array (N, m), got shape {Z.shape}")
    shifted = Z - _row_shift(Z)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        exponentials = np.exp(shifted)
        A: FloatArray = exponentials / exponentials.sum(axis=1, keepdims=True)

    positive_infinity = np.isposinf(Z)
    rows = positive_infinity.any(axis=1) & ~np.isnan(Z).any(axis=1)
    if rows.any():
        counts = positive_infinity[rows].sum(axis=1, keepdims=True)
        A[rows] = positive_infinity[rows] / counts
    return A


def log_softmax(Z: ArrayLike) -> FloatArray:
    """Compute ``z_j - log(sum_k exp(z_k))`` across the columns of each row (log-sum-exp).

    Parameters
    ----------
    Z : array_like, shape (N, m)

    Returns
    -------
    ndarray of float64, shape (N, m)
        Finite for finite logits, however far apart they are.
    """
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2:
        raise ValueError(f"log_softmax needs a 2-D array (N, m), got shape {Z.shape}")
    shift = _row_shift(Z)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        total = np.log(np.exp(Z - shift).sum(axis=1, keepdims=True))
        result: FloatArray = Z - shift - total
    return result


def logsumexp(Z: ArrayLike) -> FloatArray:
    """Compute ``log(sum_k exp(z_k))`` for each row without overflow, shape (N,)."""
    Z = np.asarray(Z, dtype=np.float64)
    shift = _row_shift(Z)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        total: FloatArray = (shift + np.log(np.exp(Z - shift).sum(axis=1, keepdims=True)))[:, 0]
    return total


def _softmax_entry() -> tuple[Activation, Activation]:
    return (
        Activation(
            name="softmax", aliases=(), func=softmax, params={},
            formula="a_j = exp(z_j) / sum_k exp(z_k), over the units of each row",
            output_range="(0, 1), each row sums to 1",
            convention="Row-wise over a layer's units, as torch.softmax(z, dim=1) and Keras "
                       "'softmax'; computed after subtracting the row maximum.",
        ),
        Activation(
            name="log_softmax", aliases=(), func=log_softmax, params={},
            formula="a_j = z_j - log(sum_k exp(z_k)), over the units of each row",
            output_range="(-inf, 0]",
            convention="Row-wise, as torch.log_softmax(z, dim=1); computed with log-sum-exp.",
        ),
    )


SOFTMAX, LOG_SOFTMAX = _softmax_entry()
