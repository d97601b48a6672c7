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
        them. A row whose logits are all -inf has no defined softmax, so it is all NaN.
    """
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2:
        raise ValueError(f"softmax needs a 2-D array (N, m), got shape {Z.shape}")
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # Z - max can overflow to -inf for logits 1e308 apart; exp(-inf) = 0 is still right.
        shifted = Z - _row_shift(Z)
        exponentials = np.exp(shifted)
        A: FloatArray = exponentials / exponentials.sum(axis=1, keepdims=True)

    positive_infinity = np.isposinf(Z)
    rows = positive_infinity.any(axis=1) & ~np.isnan(Z).any(axis=1)
    if rows.any():
        counts = positive_infinity[rows].sum(axis=1, keepdims=True)
        A[rows] = positive_infinity[rows] / counts
    return A


def _log_sum_shifted(Z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Return each row's shift m and ``log(sum_k exp(z_k - m))``, both shape (N, 1).

    The largest term of the sum is exp(0) = 1, so the logarithm is ``log1p`` of the other terms:
    that keeps full relative accuracy when one logit dominates and the result is tiny.
    """
    shift = _row_shift(Z)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        terms = np.exp(Z - shift)
        if Z.shape[1]:
            rows = np.arange(Z.shape[0])
            top = np.argmax(np.where(np.isnan(terms), -np.inf, terms), axis=1)
            largest = terms[rows, top].copy()
            terms[rows, top] = 0.0
            rest = terms.sum(axis=1)
            log_sum = np.where(largest == 1.0, np.log1p(rest), np.log(largest + rest))
        else:
            log_sum = np.full(Z.shape[0], -np.inf)
    return shift, log_sum[:, np.newaxis]


def _infinite_rows(Z: FloatArray) -> tuple[NDArray[np.bool_], NDArray[np.bool_], FloatArray]:
    """Return where Z is +inf, which rows have a +inf logit and no NaN, and their +inf count.

    Such a row's softmax shares the probability equally among its k infinite logits, so their
    log-probability is -log(k) and every other one is -inf.
    """
    positive: NDArray[np.bool_] = np.isposinf(Z)
    rows: NDArray[np.bool_] = np.asarray(positive.any(axis=1) & ~np.isnan(Z).any(axis=1))
    counts: FloatArray = positive[rows].sum(axis=1).astype(np.float64)
    return positive, rows, counts


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
    shift, log_sum = _log_sum_shifted(Z)
    with np.errstate(invalid="ignore", over="ignore"):
        result: FloatArray = (Z - shift) - log_sum
    positive, rows, counts = _infinite_rows(Z)
    if rows.any():
        result[rows] = np.where(positive[rows], 0.0 - np.log(counts)[:, np.newaxis], -np.inf)
    return result


def logsumexp(Z: ArrayLike) -> FloatArray:
    """Compute ``log(sum_k exp(z_k))`` for each row without overflow, shape (N,)."""
    Z = np.asarray(Z, dtype=np.float64)
    shift, log_sum = _log_sum_shifted(Z)
    total: FloatArray = (shift + log_sum)[:, 0]
    _, rows, _ = _infinite_rows(Z)
    total[rows] = np.inf
    return total


def log_sum_minus(Z: ArrayLike, columns: NDArray[np.int64]) -> FloatArray:
    """Compute ``log(sum_k exp(z_k)) - z_c`` for each row's column c, shape (N,).

    This is the categorical cross-entropy from logits. Written as ``(m - z_c) + log_sum`` with
    the row maximum m, it keeps its relative accuracy when the loss is tiny.
    """
    Z = np.asarray(Z, dtype=np.float64)
    shift, log_sum = _log_sum_shifted(Z)
    picked = Z[np.arange(Z.shape[0]), columns]
    with np.errstate(invalid="ignore", over="ignore"):
        result: FloatArray = (shift[:, 0] - picked) + log_sum[:, 0]
    positive, rows, counts = _infinite_rows(Z)
    if rows.any():
        hit = positive[rows, columns[rows]]
        result[rows] = np.where(hit, np.log(counts), np.inf)
    return result


def _softmax_entry() -> tuple[Activation, Activation]:
    return (
        Activation(
            name="softmax", aliases=(), func=softmax, params={},
            formula="a_j = exp(z_j) / sum_k exp(z_k)",
            output_range="(0, 1), each row sums to 1",
            convention="Row-wise over a layer's units, as torch.softmax(z, dim=1) and Keras "
                       "'softmax'; computed after subtracting the row maximum.",
        ),
        Activation(
            name="log_softmax", aliases=(), func=log_softmax, params={},
            formula="a_j = z_j - log(sum_k exp(z_k))",
            output_range="(-inf, 0]",
            convention="Row-wise, as torch.log_softmax(z, dim=1); computed with log-sum-exp.",
        ),
    )


SOFTMAX, LOG_SOFTMAX = _softmax_entry()
