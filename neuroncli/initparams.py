"""Build a starting parameter document for a neuron, a dense layer or a small network.

The document has the form that :func:`neuroncli.params.parse_params` reads: weights of shape
(n_in, m) with one row per input, a bias of shape (m,), and the names of the features and, when
known, of the output classes. Nothing here reads files: the command passes in the column names,
the cells of the first chunk and the target values.

Weights come from ``numpy.random.default_rng(seed)``, layer by layer, each matrix filled in
row-major order, so a seed gives the same file again with the same numpy version. Biases start
at 0. The initializations (``n_in`` and ``n_out`` are the layer's inputs and units):

``zeros``
    Every weight 0.
``uniform``
    U(-0.05, 0.05), the default range of Keras' ``RandomUniform``.
``xavier``
    Glorot uniform, U(-limit, limit) with limit = sqrt(6 / (n_in + n_out)): Keras'
    ``glorot_uniform``, the default kernel of a Dense layer, and ``torch.nn.init.xavier_uniform_``.
``he``
    He normal, N(0, 2 / n_in): ``torch.nn.init.kaiming_normal_`` with its defaults. Keras'
    ``he_normal`` draws from a truncated normal instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from neuroncli.core.dense import (
    ROW_ACTIVATIONS,
)
from neuroncli.errors import UsageError
from neuroncli.params import layer_activation
from neuroncli.readers import MISSING_MARKERS, CsvOptions, parse_cells

FloatArray = NDArray[np.float64]

UNIFORM_LIMIT = 0.05
DEFAULT_HIDDEN_ACTIVATION = "relu"
# Above this many distinct target values the column is not read as class labels, and the
# collector stops storing new values, so its memory stays bounded on any file.
MAX_CLASSES = 1000


class Init(str, Enum):
    """The weight initializations of ``init-params --init``."""

    zeros = "zeros"
    uniform = "uniform"
    xavier = "xavier"
    he = "he"


def _zeros(n_in: int, n_out: int, rng: np.random.Generator) -> FloatArray:
    return np.zeros((n_in, n_out), dtype=np.float64)


def _uniform(n_in: int, n_out: int, rng: np.random.Generator) -> FloatArray:
    return rng.uniform(-UNIFORM_LIMIT, UNIFORM_LIMIT, size=(n_in, n_out))


def _glorot_uniform(n_in: int, n_out: int, rng: np.random.Generator) -> FloatArray:
    limit = math.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _he_normal(n_in: int, n_out: int, rng: np.random.Generator) -> FloatArray:
    return rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))


INITIALIZERS: dict[Init, Callable[[int, int, np.random.Generator], FloatArray]] = {
    Init.zeros: _zeros,
    Init.uniform: _uniform,
    Init.xavier: _glorot_uniform,
    Init.he: _he_normal,
}


def initial_weights(n_in: int, n_out: int, init: Init, rng: np.random.Generator) -> FloatArray:
    """Draw the starting weights of one dense layer.

    Parameters
    ----------
    n_in : int
        Inputs of the layer (rows of W), at least 1.
    n_out : int
        Units of the layer (columns of W), at least 1.
    init : Init
    rng : numpy.random.Generator
        Advanced by ``n_in * n_out`` draws unless ``init`` is zeros.

    Returns
    -------
    W : ndarray of float64, shape (n_in, n_out)
    """
    return INITIALIZERS[init](n_in, n_out, rng)


# Layer sizes and activations -------------------------------------------------------------

def parse_layer_sizes(value: str) -> list[int]:
    """Parse ``--layers 16,8,3`` into [16, 8, 3].

    Raises
    ------
    UsageError
        Unless every comma-separated part is a whole number of at least 1.
    """
    parts = [part.strip() for part in value.split(",")]
    if not all(part.isdigit() and int(part) >= 1 for part in parts):
        raise UsageError("init_params.bad_layers", hint="init_params.hint.layers", value=value)
    return [int(part) for part in parts]


def output_units_for(classes: Sequence[str] | None) -> int:
    """Return the output units that *classes* need: 1 sigmoid unit for 2 classes, else one each."""
    if classes is None or len(classes) <= 2:
        return 1
    return len(classes)


def choose_layer_sizes(units: int | None, layers: Sequence[int] | None,
                       classes: Sequence[str] | None) -> list[int]:
    """Return the units of every layer, the output layer last.

    ``--units`` and ``--layers`` decide when given; otherwise the target classes do, and without
    them the result is a single neuron.

    Raises
    ------
    UsageError
        If both ``units`` and ``layers`` are given.
    """
    if units is not None and layers is not None:
        raise UsageError("init_params.units_and_layers", hint="init_params.hint.units_or_layers")
    if layers is not None:
        return list(layers)
    if units is not None:
        return [units]
    return [output_units_for(classes)]


# The maximum number of weights and biases that init-params writes: about 200 MB of JSON.
# Larger networks need more memory than many machines have.
MAX_PARAMETERS = 10_000_000


def check_network_size(inputs: int, sizes: Sequence[int]) -> None:
    """Raise UsageError if a network of *sizes* on *inputs* features has too many parameters.

    Raises
    ------
    UsageError
        If the weights and biases number more than MAX_PARAMETERS.
    """
    total = 0
    for units in sizes:
        total += (inputs + 1) * units
        inputs = units
    if total > MAX_PARAMETERS:
        raise UsageError("init_params.too_large", hint="init_params.hint.too_large",
                         total=f"{total:,}", limit=f"{MAX_PARAMETERS:,}")


def fit_outputs(classes: Sequence[str] | None, units: int, column: str | None
                ) -> tuple[str, ...] | None:
    """Return the ``outputs`` names for an output layer of *units* units, or None without classes.

    One unit takes two class names (a < 0.5 is the first, a >= 0.5 the second); otherwise each
    unit takes one.

    Raises
    ------
    UsageError
        If the number of classes does not fit the output layer.
    """
    if classes is None:
        return None
    if units == len(classes) or (units == 1 and len(classes) == 2):
        return tuple(classes)
    shown = ", ".join(classes[:10]) + (", ..." if len(classes) > 10 else "")
    raise UsageError("init_params.classes_mismatch", hint="init_params.hint.classes",
                     column_name=column, count=len(classes), classes=shown, units=units)


def canonical_activation(name: str) -> str:
    """Return the registry name of an activation given by name or alias.

    Raises
    ------
    UsageError
        For an unknown name, with the closest names.
    """
    return layer_activation(name).name


def choose_activations(sizes: Sequence[int], activation: str | None,
                       output_activation: str | None) -> list[str]:
    """Return the activation name of every layer.

    Hidden layers take *activation* (default relu). The output layer takes *output_activation*;
    a single layer, which has no hidden layers, also takes *activation*. The default output
    activation is sigmoid for one unit and softmax for more.

    Raises
    ------
    UsageError
        For an unknown name, or softmax or log_softmax on a single output unit.
    """
    hidden = canonical_activation(activation or DEFAULT_HIDDEN_ACTIVATION)
    chosen = output_activation if output_activation is not None else (
        activation if len(sizes) == 1 else None)
    if chosen is None:
        output = "sigmoid" if sizes[-1] == 1 else "softmax"
    else:
        output = canonical_activation(chosen)
    if output in ROW_ACTIVATIONS and sizes[-1] < 2:
        raise UsageError("init_params.row_wise_one_unit",
                         hint="init_params.hint.row_wise_one_unit", activation=output)
    return [hidden] * (len(sizes) - 1) + [output]


# The document ----------------------------------------------------------------------------

def build_params_document(
    features: Sequence[str],
    sizes: Sequence[int],
    activations: Sequence[str],
    init: Init,
    seed: int,
    *,
    outputs: Sequence[str] | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """Build the parameter document as a JSON-ready dict.

    A single unit is written as one neuron (a weight per feature and a scalar bias), a single
    layer as a weight matrix with a bias list, and more layers under ``"layers"``.

    Parameters
    ----------
    features : sequence of str, length n_x
        The feature columns, in the order of the first layer's weight rows.
    sizes : sequence of int
        Units of every layer, the output layer last.
    activations : sequence of str
        Activation name of every layer, same length as *sizes*.
    init : Init
    seed : int
        Seed of ``numpy.random.default_rng``.
    outputs : sequence of str, optional
        Names of the output units, or the two classes of a single unit.
    description : str, optional

    Returns
    -------
    dict
        Weights of layer k have shape (n_in, sizes[k]) with n_in = n_x for the first layer.
    """
    rng = np.random.default_rng(seed)
    layers: list[dict[str, Any]] = []
    n_in = len(features)
    for units, activation in zip(sizes, activations, strict=True):
        weights = initial_weights(n_in, units, init, rng)
        layers.append({
            "weights": weights.tolist(),
            "bias": [0.0] * units,
            "activation": activation,
        })
        n_in = units

    document: dict[str, Any] = {}
    if description is not None:
        document["description"] = description
    document["features"] = list(features)
    if len(layers) > 1:
        document["layers"] = layers
    elif sizes[0] == 1:
        only = layers[0]
        document.update(weights=[row[0] for row in only["weights"]], bias=0.0,
                        activation=only["activation"])
    else:
        document.update(layers[0])
    if outputs is not None:
        document["outputs"] = list(outputs)
    return document


def format_params_document(document: Any) -> str:
    """Return the document as JSON text with one line per weight row.

    Numbers are written with Python's ``repr``, the shortest text that reads back to the same
    float64, so the file loads with exactly the drawn weights.
    """
    return _format_json(document, 0) + "\n"


def _format_json(value: Any, depth: int) -> str:
    indent = "  " * (depth + 1)
    closing = "  " * depth
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{indent}{json.dumps(key, ensure_ascii=False)}: {_format_json(item, depth + 1)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + closing + "}"
    if isinstance(value, list):
        if not any(isinstance(item, (dict, list)) for item in value):
            return "[" + ", ".join(_format_json(item, depth + 1) for item in value) + "]"
        items = [indent + _format_json(item, depth + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + closing + "]"
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


# Reading the columns ---------------------------------------------------------------------

def numeric_columns(rows: Sequence[tuple[str, ...]], width: int, options: CsvOptions
                    ) -> list[bool]:
    """Tell which columns of the first chunk hold numbers.

    A column is numeric when every cell is a number or a missing-value marker (NA, an empty
    cell, ...) and at least one cell is a number. With no rows at all every column counts as
    numeric, because nothing contradicts it.

    Parameters
    ----------
    rows : sequence of tuple of str, each of length *width*
        The cells of the chunk as written.
    width : int
    options : CsvOptions
        Its decimal mark is used to parse the cells.
    """
    if not rows:
        return [True] * width
    cells = np.array(rows, dtype=str).reshape(len(rows), width)
    lenient = replace(options, missing="nan")
    result = []
    for j in range(width):
        column = cells[:, j : j + 1]
        values = parse_cells(column, lenient)
        markers = np.isin(np.strings.lower(np.strings.strip(column)), list(MISSING_MARKERS))
        result.append(values is not None and not bool(markers.all()))
    return result


@dataclass(frozen=True)
class TargetClasses:
    """What the target column's values mean for the output layer.

    ``classes`` are the sorted class names, or None when the column contains no class labels.
    ``reason`` names the case: "text", "indices", "binary", "regression",
    "one_class", "too_many" or "empty". ``missing`` counts the empty target cells, and
    ``values`` contains the sorted distinct values (empty for "too_many" and "empty").
    """

    classes: tuple[str, ...] | None
    reason: str
    missing: int
    values: tuple[str, ...] = ()


class TargetCollector:
    """Gather the distinct values of the target column chunk by chunk, in bounded memory.

    At most ``limit + 1`` distinct values are stored; more values only set a flag.
    """

    def __init__(self, options: CsvOptions | None = None, limit: int = MAX_CLASSES) -> None:
        self.options = replace(options or CsvOptions(), missing="error")
        self.limit = limit
        self.values: dict[str, None] = {}
        self.missing = 0
        self.overflow = False

    def add(self, cells: Iterable[str]) -> None:
        """Record the target cells of one chunk."""
        for cell in cells:
            value = cell.strip()
            if value.lower() in MISSING_MARKERS:
                self.missing += 1
            elif value not in self.values:
                if len(self.values) >= self.limit:
                    self.overflow = True
                else:
                    self.values[value] = None

    def result(self) -> TargetClasses:
        """Decide whether the values are class labels, and return them sorted.

        Text labels sort as strings. Numbers, read with the decimal and thousands marks of the
        data, are class labels when there are exactly two of them (a binary target such as 0/1
        or -1/1) or when they are the integers 0 to k - 1. Other numbers are a regression
        target. Numbers sort by value, and each keeps the spelling first seen.
        """
        if self.overflow:
            return TargetClasses(None, "too_many", self.missing)
        if not self.values:
            return TargetClasses(None, "empty", self.missing)

        numbers = _as_numbers(list(self.values), self.options)
        if numbers is None:
            names = tuple(sorted(self.values))
            reason = "text"
        else:
            spelling: dict[float, str] = {}
            for text, number in zip(self.values, numbers, strict=True):
                spelling.setdefault(number, text)
            ordered = sorted(spelling)
            names = tuple(spelling[number] for number in ordered)
            reason = "binary" if len(ordered) == 2 else "indices"
            if len(ordered) > 2 and ordered != [float(index) for index in range(len(ordered))]:
                return TargetClasses(None, "regression", self.missing, names)

        if len(names) < 2:
            return TargetClasses(None, "one_class", self.missing, names)
        return TargetClasses(names, reason, self.missing, names)


def _as_numbers(values: Sequence[str], options: CsvOptions) -> list[float] | None:
    """Return the values as finite floats, or None if any is not a finite number."""
    cells = np.array(values, dtype=str).reshape(len(values), 1)
    numbers = parse_cells(cells, options)
    if numbers is None or not np.isfinite(numbers).all():
        return None
    return [float(number) for number in numbers[:, 0]]
