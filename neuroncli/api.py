"""The Python API: evaluate arrays with given parameters, and load parameter files.

Example
-------
>>> import numpy as np
>>> from neuroncli import evaluate
>>> z, a = evaluate(np.array([[1.0, 2.0]]), weights=[0.5, -0.25], bias=0.1, activation="sigmoid")
>>> float(z[0])
0.1
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from neuroncli.core.activations import ACTIVATIONS
from neuroncli.core.dense import DenseLayer, network_forward
from neuroncli.errors import ParameterError
from neuroncli.params import (
    NetworkParams,
    NeuronParams,
    check_activation_fits,
    load_params,
    parse_params,
    resolve_activation,
)

__all__ = [
    "ACTIVATIONS",
    "NetworkParams",
    "NeuronParams",
    "evaluate",
    "evaluate_network",
    "load_params",
    "parse_params",
]

FloatArray = NDArray[np.float64]


def evaluate(
    X: ArrayLike,
    weights: ArrayLike | None = None,
    bias: ArrayLike | None = None,
    activation: str | None = None,
    *,
    params: NetworkParams | None = None,
    **activation_params: Any,
) -> tuple[FloatArray, FloatArray]:
    """Evaluate one neuron or one layer on a mini-batch and return ``(z, a)``.

    Parameters
    ----------
    X : array_like, shape (N, n_x)
        One example per row, in the order of the weights.
    weights : array_like, shape (n_x,) or (n_x, m), optional
        A vector for one neuron, or a matrix with one column per unit.
    bias : float or array_like of shape (m,), optional
    activation : str, optional
        A name or alias from :data:`ACTIVATIONS`, or softmax; overrides the one in *params*.
    params : NetworkParams, optional
        Parameters from :func:`load_params`, used where *weights*, *bias* or *activation* are
        not given. For a file with several layers use :func:`evaluate_network`.
    **activation_params
        The activation's parameters, such as ``negative_slope=0.2`` for leaky_relu.

    Returns
    -------
    z, a : ndarray of float64
        Shape (N,) for a weight vector, (N, m) for a weight matrix.

    Raises
    ------
    ParameterError
        For an unknown activation or parameter, or a missing weight, bias or activation.
    ValueError
        If the shapes do not fit together.
    """
    if params is not None and len(params.layers) != 1:
        raise ValueError("params has several layers; use evaluate_network")
    if weights is None:
        if params is None:
            raise ParameterError("params.missing_key", entry="weights")
        weights = params.layers[0].weights
    if bias is None:
        if params is None:
            raise ParameterError("params.missing_key", entry="bias")
        bias = params.layers[0].bias

    W = np.asarray(weights, dtype=np.float64)
    vector = W.ndim == 1
    matrix = W[:, np.newaxis] if vector else W
    b = np.atleast_1d(np.asarray(bias, dtype=np.float64))
    file_choice = params.layers[0].activation if params is not None else None

    if activation is not None:
        choice = resolve_activation(activation, activation_params, path=None)
    elif file_choice is not None:
        choice = resolve_activation(file_choice.name, {**file_choice.params, **activation_params},
                                    path=None)
    else:
        raise ParameterError("params.no_activation", hint="params.hint.no_activation")
    check_activation_fits(choice, matrix.shape[1], path=None, entry="activation")

    layer = DenseLayer(matrix, b, choice.activation, choice.params)
    Z, A = network_forward(X, [layer])[0]
    if vector or params is not None and matrix.shape[1] == 1:
        return Z[:, 0], A[:, 0]
    return Z, A


def evaluate_network(X: ArrayLike, params: NetworkParams) -> list[tuple[FloatArray, FloatArray]]:
    """Evaluate every layer of a parameter file and return ``(Z, A)`` per layer, shape (N, m).

    Raises
    ------
    ParameterError
        If a layer has no activation.
    """
    layers = []
    for layer in params.layers:
        if layer.activation is None:
            raise ParameterError("params.no_activation_layer", layer=layer.index)
        layers.append(layer.dense(layer.activation))
    return network_forward(X, layers)
