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
from neuroncli.core.neuron import forward
from neuroncli.params import NeuronParams, load_params, parse_params, resolve_activation

__all__ = ["ACTIVATIONS", "NeuronParams", "evaluate", "load_params", "parse_params"]


def evaluate(
    X: ArrayLike,
    weights: ArrayLike | None = None,
    bias: float | None = None,
    activation: str | None = None,
    *,
    params: NeuronParams | None = None,
    **activation_params: Any,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Evaluate one neuron on a mini-batch and return ``(z, a)``.

    Parameters
    ----------
    X : array_like, shape (N, n_x)
        One example per row, in the order of the weights.
    weights : array_like, shape (n_x,), optional
    bias : float, optional
    activation : str, optional
        A name or alias from :data:`ACTIVATIONS`; overrides the one in *params*.
    params : NeuronParams, optional
        Parameters from :func:`load_params`, used where *weights*, *bias* or *activation* are
        not given.
    **activation_params
        The activation's parameters, such as ``negative_slope=0.2`` for leaky_relu.

    Returns
    -------
    z, a : ndarray of float64, shape (N,)

    Raises
    ------
    ParameterError
        For an unknown activation or parameter, or a missing weight, bias or activation.
    ValueError
        If the shapes of X and weights do not fit together.
    """
    from neuroncli.errors import ParameterError

    if weights is None:
        if params is None:
            raise ParameterError("params.missing_key", entry="weights")
        weights = params.weights
    if bias is None:
        if params is None:
            raise ParameterError("params.missing_key", entry="bias")
        bias = params.bias

    if activation is not None:
        choice = resolve_activation(activation, activation_params, path=None)
    elif params is not None and params.activation is not None:
        merged = {**params.activation.params, **activation_params}
        choice = resolve_activation(params.activation.name, merged, path=None)
    else:
        raise ParameterError("params.no_activation", hint="params.hint.no_activation")

    return forward(X, weights, float(bias), choice.activation, choice.params)
