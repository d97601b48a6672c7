"""Dense layers and small stacked networks over a mini-batch.

A layer computes ``Z = X W + b`` and ``A = g(Z)`` with ``W`` of shape (n_in, m), the orientation
of scikit-learn's ``coefs_`` and the Keras Dense kernel. A single neuron is the layer with m = 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from neuroncli.core.activations import (
    ACTIVATIONS,
    Activation,
    apply_activation,
    closest_activation_names,
    find_activation,
)
from neuroncli.core.softmax import LOG_SOFTMAX, SOFTMAX, log_softmax, softmax
from neuroncli.suggest import closest

FloatArray = NDArray[np.float64]

# Activations that act across the units of a row instead of on each value alone.
ROW_ACTIVATIONS = {"softmax": softmax, "log_softmax": log_softmax}
LAYER_ACTIVATIONS: dict[str, Activation] = {
    **ACTIVATIONS, SOFTMAX.name: SOFTMAX, LOG_SOFTMAX.name: LOG_SOFTMAX,
}


def find_layer_activation(name: str) -> Activation | None:
    """Look up an element-wise activation or a row-wise one (softmax, log_softmax) by name."""
    found = find_activation(name)
    if found is not None:
        return found
    key = name.strip().lower().replace("-", "_")
    return LAYER_ACTIVATIONS.get(key) if key in ROW_ACTIVATIONS else None


def closest_layer_activation_names(name: str, n: int = 3) -> list[str]:
    """Return the activation names closest to a misspelt *name*, softmax included."""
    candidates = closest_activation_names(name, n) + closest(name, list(ROW_ACTIVATIONS), n)
    ranked = closest(name, candidates, n)
    return ranked or candidates[:n]


@dataclass(frozen=True)
class DenseLayer:
    """Weights (n_in, m), bias (m,), and the activation with its parameter values."""

    weights: FloatArray
    bias: FloatArray
    activation: Activation
    params: Mapping[str, float | str] = field(default_factory=dict)

    @property
    def inputs(self) -> int:
        return int(self.weights.shape[0])

    @property
    def units(self) -> int:
        return int(self.weights.shape[1])


def check_layer_shapes(X: FloatArray, layer: DenseLayer) -> None:
    """Raise ValueError unless X is (N, n_in), W is (n_in, m) and b is (m,).

    numpy would broadcast several wrong shapes into plausible numbers, for example a (2,) bias
    added to a one-unit layer, so the shapes are checked before any arithmetic.
    """
    W, b = layer.weights, layer.bias
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (N, n_in), got shape {X.shape}")
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D (n_in, m), got shape {W.shape}")
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},), got {b.shape}")
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X has {X.shape[1]} columns but W has {W.shape[0]} rows")


def affine_layer(X: FloatArray, W: FloatArray, b: FloatArray) -> FloatArray:
    """Compute ``Z = X W + b`` for the whole mini-batch, shape (N, m).

    ``numpy.einsum`` sums each row's products in the same order whatever the number of rows,
    whereas a BLAS matrix product may pick another kernel for another batch size and change the
    last bit. So a row's result never depends on the chunk it is read in. IEEE rules apply to
    non-finite inputs (0 * inf is NaN) without a warning, because they are the defined result.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if W.shape[1] == 1:
            z = np.einsum("ij,j->i", X, W[:, 0]) + b[0]
            Z: FloatArray = z[:, np.newaxis]
        else:
            Z = np.einsum("ij,jk->ik", X, W) + b
    return Z


def activate(Z: FloatArray, activation: Activation,
             params: Mapping[str, float | str] | None = None) -> FloatArray:
    """Apply *activation* to the logits Z (N, m): element-wise, or across each row for softmax."""
    row_function = ROW_ACTIVATIONS.get(activation.name)
    if row_function is not None:
        return row_function(Z)
    return apply_activation(activation, Z, params)


def dense_forward(X: ArrayLike, layer: DenseLayer) -> tuple[FloatArray, FloatArray]:
    """Evaluate one dense layer on a mini-batch.

    Parameters
    ----------
    X : array_like, shape (N, n_in)
    layer : DenseLayer
        Weights of shape (n_in, m) and bias of shape (m,).

    Returns
    -------
    Z, A : ndarray of float64, shape (N, m)

    Raises
    ------
    ValueError
        If the shapes do not fit together.
    """
    X64 = np.asarray(X, dtype=np.float64)
    check_layer_shapes(X64, layer)
    Z = affine_layer(X64, layer.weights, layer.bias)
    return Z, activate(Z, layer.activation, layer.params)


def network_forward(X: ArrayLike, layers: Sequence[DenseLayer]
                    ) -> list[tuple[FloatArray, FloatArray]]:
    """Evaluate stacked dense layers; each layer's A is the next layer's X.

    Returns
    -------
    list of (Z, A)
        One pair per layer, in order; the last pair is the network's output.

    Raises
    ------
    ValueError
        If a layer's input width does not match the previous layer's units.
    """
    results = []
    current = np.asarray(X, dtype=np.float64)
    for layer in layers:
        Z, A = dense_forward(current, layer)
        results.append((Z, A))
        current = A
    return results
