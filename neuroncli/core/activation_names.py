"""Names of the activation functions, for help text that is built without importing numpy.

The registries are the source of truth: ``ACTIVATIONS`` in :mod:`neuroncli.core.activations`
and ``LAYER_ACTIVATIONS`` in :mod:`neuroncli.core.dense`. A test checks that these tuples list
the same names in the same order.
"""

ELEMENT_WISE_ACTIVATION_NAMES = (
    "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "softsign",
    "gelu", "silu", "hard_sigmoid", "step", "log_sigmoid",
)
ROW_WISE_ACTIVATION_NAMES = ("softmax", "log_softmax")
LAYER_ACTIVATION_NAMES = ELEMENT_WISE_ACTIVATION_NAMES + ROW_WISE_ACTIVATION_NAMES
