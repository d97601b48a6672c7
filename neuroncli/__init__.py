"""neuroncli: evaluate an artificial neuron, z = X w + b and a = g(z), on CSV data.

The Python API is loaded on first use, so that ``neuroncli --help`` does not pay for numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "NetworkParams",
    "NeuronParams",
    "evaluate",
    "evaluate_network",
    "load_params",
    "parse_params",
    "__version__",
]

if TYPE_CHECKING:
    from neuroncli.api import (
        ACTIVATIONS,
        NetworkParams,
        NeuronParams,
        evaluate,
        evaluate_network,
        load_params,
        parse_params,
    )


def __getattr__(name: str) -> Any:
    if name in __all__ and name != "__version__":
        from neuroncli import api

        return getattr(api, name)
    raise AttributeError(f"module 'neuroncli' has no attribute {name!r}")
