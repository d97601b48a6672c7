"""One neuron over a mini-batch: the dense layer with a single unit, as a vector API."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from neuroncli.core.activations import Activation
from neuroncli.core.dense import DenseLayer, affine_layer, dense_forward

FloatArray = NDArray[np.float64]


def check_shapes(X: FloatArray, w: FloatArray) -> None:
    """Raise ValueError unless ``X`` is (N, n_x) and ``w`` is (n_x,).

    numpy would broadcast many wrong shapes into a plausible result, for example a (3, 1) column
    of weights against three features, so the shapes are checked before any arithmetic.
    """
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (N, n_x), got shape {X.shape}")
    if w.ndim != 1:
        raise ValueError(f"w must be 1-D (n_x,), got shape {w.shape}")
    if X.shape[1] != w.shape[0]:
        raise ValueError(f"X has {X.shape[1]} columns but w has {w.shape[0]} entries")


def affine(X: ArrayLike, w: ArrayLike, b: float) -> FloatArray:
    """Compute ``z = X w + b`` for every row of the mini-batch in one matrix product.

    Parameters
    ----------
    X : array_like, shape (N, n_x)
        The mini-batch, one example per row.
    w : array_like, shape (n_x,)
        The weights, one per feature column.
    b : float
        The bias, the same for every row.

    Returns
    -------
    z : ndarray of float64, shape (N,)

    Raises
    ------
    ValueError
        If the shapes do not fit together.

    Notes
    -----
    IEEE rules apply to non-finite inputs: a weight of 0 times an infinite feature gives NaN,
    exactly as ``numpy.matmul`` does, so no term is skipped.
    """
    X64 = np.asarray(X, dtype=np.float64)
    w64 = np.asarray(w, dtype=np.float64)
    check_shapes(X64, w64)
    return affine_layer(X64, w64[:, np.newaxis], np.array([b], dtype=np.float64))[:, 0]


def forward(
    X: ArrayLike,
    w: ArrayLike,
    b: float,
    activation: Activation,
    params: Mapping[str, float | str] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Evaluate one neuron on a mini-batch: ``z = X w + b`` and ``a = g(z)``.

    Parameters
    ----------
    X : array_like, shape (N, n_x)
    w : array_like, shape (n_x,)
    b : float
    activation : Activation
        An entry of :data:`neuroncli.core.activations.ACTIVATIONS`.
    params : mapping, optional
        The activation's parameters; missing ones take their defaults.

    Returns
    -------
    z, a : ndarray of float64, shape (N,)

    Raises
    ------
    ValueError
        If the shapes do not fit together.
    """
    X64 = np.asarray(X, dtype=np.float64)
    w64 = np.asarray(w, dtype=np.float64)
    check_shapes(X64, w64)
    layer = DenseLayer(w64[:, np.newaxis], np.array([b], dtype=np.float64), activation,
                       dict(params or {}))
    Z, A = dense_forward(X64, layer)
    return Z[:, 0], A[:, 0]
