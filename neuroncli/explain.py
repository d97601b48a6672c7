"""Explain the computation of one data row, step by step, as plain data for a renderer.

The numbers come from the code that ``neuroncli eval`` runs: the rows are read by
:func:`~neuroncli.pipeline.open_batch`, each layer by :func:`~neuroncli.core.dense.network_forward`,
and the prediction and loss by :func:`~neuroncli.pipeline.evaluate_chunk`. So z, a and the loss
are the float64 values that eval writes for that row. Nothing here reads files or prints.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from neuroncli.core.dense import ROW_ACTIVATIONS, DenseLayer, affine_layer, network_forward
from neuroncli.numtext import MAX_SIGNIFICANT_DIGITS
from neuroncli.pipeline import (
    Batch,
    EvalRequest,
    Summary,
    _target_classes,
    _target_numbers,
    evaluate_chunk,
)
from neuroncli.readers import Chunk

FloatArray = NDArray[np.float64]

# Enough digits to add float64 values rounded to a few significant digits without rounding the
# sum, because their decimal expansions span at most about 650 digits (1e308 down to 1e-324).
_EXACT_DECIMAL = decimal.Context(prec=1000, traps=[decimal.InvalidOperation])


def format_rounded(value: float, precision: int) -> str:
    """Round *value* to *precision* significant digits, as the explanation shows it.

    A precision above MAX_SIGNIFICANT_DIGITS shows the same digits as that maximum, which
    also keeps it below the 2**31 - 1 that format() accepts.
    """
    return format(value, f".{min(precision, MAX_SIGNIFICANT_DIGITS)}g")


@dataclass(frozen=True)
class RowInfo:
    """Location of the explained row: its 1-based number, the number of data rows, its line."""

    path: str
    row: int
    rows: int
    line: int
    ids: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class VectorStep:
    """A named vector of the row: the input x or the weights w of a single neuron."""

    kind: str
    names: tuple[str, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class ProductsStep:
    """The Hadamard product x∘w: one product ``x_i * w_i`` per input, shape (n,)."""

    names: tuple[str, ...]
    x: tuple[float, ...]
    w: tuple[float, ...]
    products: tuple[float, ...]


@dataclass(frozen=True)
class DotStep:
    """The dot product xᵀw as eval computes it, and the sum of the products rounded for display.

    ``rounded_sum`` is the exact decimal sum of the products rounded to ``precision``
    significant digits, or None when a product is not finite.
    """

    rounded_products: tuple[str, ...]
    rounded_sum: Decimal | None
    dot: float
    precision: int


@dataclass(frozen=True)
class BiasStep:
    """``z = xᵀw + b`` for a single neuron."""

    dot: float
    bias: float
    z: float


@dataclass(frozen=True)
class ActivationStep:
    """``a = g(z)`` for every unit of a layer (one unit for a single neuron)."""

    layer: int
    name: str
    formula: str
    params: tuple[tuple[str, str], ...]
    units: tuple[str, ...]
    z: tuple[float, ...]
    a: tuple[float, ...]


@dataclass(frozen=True)
class ShapeStep:
    """Shapes of the mini-batch product ``(N x n_in)(n_in x m) + b -> (N x m)`` of one layer."""

    layer: int
    layers: int
    rows: int
    inputs: int
    units: int
    activation: str


@dataclass(frozen=True)
class LayerInputStep:
    """The row's input vector of one layer: the features for layer 1, else the previous a."""

    layer: int
    names: tuple[str, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class AffineStep:
    """``z_j = a_prevᵀ w_j + b_j`` for each unit j of one layer, with w_j column j of W."""

    layer: int
    units: tuple[str, ...]
    dots: tuple[float, ...]
    biases: tuple[float, ...]
    z: tuple[float, ...]


@dataclass(frozen=True)
class SoftmaxStep:
    """Softmax (or log-softmax) across a layer's units, shifted by the row maximum.

    ``shift`` is the largest z_j (0 when it is not finite, as the core does). ``exps``
    contains ``exp(z_j - shift)`` and ``total`` their sum. ``log`` is True for log_softmax.
    """

    layer: int
    formula: str
    units: tuple[str, ...]
    z: tuple[float, ...]
    shift: float
    exps: tuple[float, ...]
    total: float
    a: tuple[float, ...]
    log: bool


@dataclass(frozen=True)
class PredictionStep:
    """The predicted class that eval writes, and the rule it follows.

    ``rule`` is "threshold" (one unit, a >= 0.5), "largest_z" (softmax: argmax of z) or
    "largest_a" (argmax of a).
    """

    rule: str
    index: int
    name: str
    score: float


@dataclass(frozen=True)
class LossStep:
    """The loss of the row against the target column, as eval writes it.

    ``target_class`` is the class index for a class target, ``target_values`` the target
    vector t for mse and mae, ``from_logits`` whether eval computes the loss from z.
    """

    loss: str
    from_logits: bool
    column: str
    target_text: str
    target_class: int | None
    class_name: str | None
    target_values: tuple[float, ...] | None
    value: float


Step = (VectorStep | ProductsStep | DotStep | BiasStep | ActivationStep | ShapeStep
        | LayerInputStep | AffineStep | SoftmaxStep | PredictionStep | LossStep)


@dataclass(frozen=True)
class Explanation:
    """The steps that compute one row, in order, and what they are about.

    ``single_neuron`` is True for one layer with one unit, explained in the vector notation of
    a single neuron. Otherwise the steps go layer by layer. ``sizes`` contains n_in and then each
    layer's number of units.
    """

    row: RowInfo
    single_neuron: bool
    sizes: tuple[int, ...]
    precision: int
    steps: tuple[Step, ...]


def find_row(chunks: Iterable[Chunk], row: int) -> tuple[Chunk | None, int]:
    """Read every chunk and return data row *row* (1-based) alone, and the number of rows.

    Every chunk is read, because the explanation names the number of rows N. Only the current
    chunk and the copied row are held in memory. The row is None when *row* is out of range.
    """
    found: Chunk | None = None
    total = 0
    for chunk in chunks:
        offset = row - chunk.first_row
        if 0 <= offset < len(chunk):
            found = Chunk(chunk.X[offset:offset + 1].copy(), chunk.text[offset:offset + 1],
                          chunk.lines[offset:offset + 1].copy(), row)
        total += len(chunk)
    return found, total


def explain_row(batch: Batch, request: EvalRequest, chunk: Chunk, rows: int, precision: int
                ) -> Explanation:
    """Build the steps that compute the single row in *chunk*.

    Parameters
    ----------
    batch
        The open data file, from :func:`~neuroncli.pipeline.open_batch`.
    request
        The request the batch was opened with.
    chunk
        The row alone, as :func:`find_row` returns it; ``chunk.X`` has shape (1, n_in).
    rows
        The number of data rows N of the file.
    precision
        Significant digits of the rounded products and exponentials.

    Raises
    ------
    NeuronCliError
        If the target cell of the row is invalid.
    """
    layers = batch.layers
    results = network_forward(chunk.X, layers)
    outputs = evaluate_chunk(batch, chunk, request, Summary(loss=batch.plan.loss))

    ids = tuple((batch.table.columns[i], text)
                for i, text in zip(batch.selection.ids, chunk.text[0], strict=False))
    info = RowInfo(request.data_path, chunk.first_row, rows, int(chunk.lines[0]), ids)
    single = len(layers) == 1 and layers[0].units == 1
    names = tuple(batch.info.feature_names)

    steps: list[Step] = []
    if single:
        steps += _neuron_steps(layers[0], chunk.X, results[0], names, precision)
        steps.append(ShapeStep(1, 1, rows, layers[0].inputs, 1, _describe(layers[0])))
    else:
        steps += _network_steps(layers, chunk.X, results, names, batch.plan.unit_names, rows)

    steps += _outcome_steps(batch, chunk, outputs, results[-1])
    sizes = (layers[0].inputs, *(layer.units for layer in layers))
    return Explanation(info, single, sizes, precision, tuple(steps))


def _describe(layer: DenseLayer) -> str:
    if not layer.params:
        return layer.activation.name
    values = ", ".join(f"{key}={_parameter_text(value)}" for key, value in layer.params.items())
    return f"{layer.activation.name}({values})"


def _parameter_text(value: float | str) -> str:
    return value if isinstance(value, str) else repr(float(value))


def _dots(X: FloatArray, layer: DenseLayer) -> FloatArray:
    """Return ``X W`` without the bias, summed exactly as eval sums it, shape (1, m)."""
    # -0.0 is the additive identity of IEEE arithmetic (x + -0.0 == x, even for x = -0.0), so
    # this is eval's own einsum result, and z equals dot + b bit for bit.
    return affine_layer(X, layer.weights, np.full(layer.units, -0.0))


def _rounded_sum(rounded: Sequence[str]) -> Decimal | None:
    """Add the rounded products exactly, or return None if one of them is not finite."""
    values = [Decimal(text) for text in rounded]
    if not all(value.is_finite() for value in values):
        return None
    with decimal.localcontext(_EXACT_DECIMAL):
        return sum(values, Decimal(0))


def _neuron_steps(layer: DenseLayer, X: FloatArray, result: tuple[FloatArray, FloatArray],
                  names: tuple[str, ...], precision: int) -> list[Step]:
    x = X[0]
    w = layer.weights[:, 0]
    with np.errstate(all="ignore"):
        products = x * w
    rounded = tuple(format_rounded(value, precision) for value in products.tolist())
    dot = float(_dots(X, layer)[0, 0])
    z = float(result[0][0, 0])
    a = float(result[1][0, 0])
    return [
        VectorStep("x", names, tuple(x.tolist())),
        VectorStep("w", names, tuple(w.tolist())),
        ProductsStep(names, tuple(x.tolist()), tuple(w.tolist()), tuple(products.tolist())),
        DotStep(rounded, _rounded_sum(rounded), dot, precision),
        BiasStep(dot, float(layer.bias[0]), z),
        _activation_step(1, layer, ("0",), (z,), (a,)),
    ]


def _activation_step(index: int, layer: DenseLayer, units: tuple[str, ...],
                     z: tuple[float, ...], a: tuple[float, ...]) -> ActivationStep:
    params = tuple((key, _parameter_text(value)) for key, value in layer.params.items())
    return ActivationStep(index, layer.activation.name, layer.activation.formula, params,
                          units, z, a)


def _network_steps(layers: Sequence[DenseLayer], X: FloatArray,
                   results: Sequence[tuple[FloatArray, FloatArray]], features: tuple[str, ...],
                   output_names: Sequence[str], rows: int) -> list[Step]:
    steps: list[Step] = []
    current = X
    names = features
    for index, (layer, (Z, A)) in enumerate(zip(layers, results, strict=True), start=1):
        last = index == len(layers)
        units = tuple(output_names) if last else tuple(str(j) for j in range(layer.units))
        z = tuple(Z[0].tolist())
        a = tuple(A[0].tolist())

        steps.append(ShapeStep(index, len(layers), rows, layer.inputs, layer.units,
                               _describe(layer)))
        steps.append(LayerInputStep(index, names, tuple(current[0].tolist())))
        steps.append(AffineStep(index, units, tuple(_dots(current, layer)[0].tolist()),
                                tuple(layer.bias.tolist()), z))
        if layer.activation.name in ROW_ACTIVATIONS:
            steps.append(_softmax_step(index, layer, units, Z[0], a))
        else:
            steps.append(_activation_step(index, layer, units, z, a))

        current = A
        names = tuple(str(j) for j in range(layer.units))
    return steps


def _softmax_step(index: int, layer: DenseLayer, units: tuple[str, ...], z: FloatArray,
                  a: tuple[float, ...]) -> SoftmaxStep:
    """Show the normalization the way the core computes it: shift by the maximum, then exp."""
    with np.errstate(all="ignore"):
        largest = float(np.max(z)) if z.size else 0.0
        shift = largest if math.isfinite(largest) else 0.0
        exps = np.exp(z - shift)
        total = float(exps.sum())
    return SoftmaxStep(index, layer.activation.formula, units, tuple(z.tolist()), shift,
                       tuple(exps.tolist()), total, a, layer.activation.name == "log_softmax")


def _outcome_steps(batch: Batch, chunk: Chunk, outputs: Sequence[object],
                   result: tuple[FloatArray, FloatArray]) -> list[Step]:
    """Return the prediction and the loss that eval writes for the row, when it writes them."""
    plan = batch.plan
    steps: list[Step] = []
    remaining = list(outputs)
    loss_column = remaining.pop() if plan.loss is not None else None

    if plan.predicted and plan.classes is not None:
        predicted_column = remaining.pop()
        assert isinstance(predicted_column, list)
        index = plan.classes.index(str(predicted_column[0]))
        Z, A = result
        if A.shape[1] == 1:
            rule, score = "threshold", float(A[0, 0])
        elif batch.info.activation.name in ROW_ACTIVATIONS:
            rule, score = "largest_z", float(Z[0, index])
        else:
            rule, score = "largest_a", float(A[0, index])
        steps.append(PredictionStep(rule, index, plan.classes[index], score))

    if loss_column is not None:
        assert isinstance(loss_column, np.ndarray)
        steps.append(_loss_step(batch, chunk, float(loss_column[0])))
    return steps


def _loss_step(batch: Batch, chunk: Chunk, value: float) -> LossStep:
    """Describe the loss with the target read as eval reads it (a class or a number)."""
    plan = batch.plan
    selection = batch.selection
    assert selection.target is not None and plan.loss is not None
    column = batch.table.columns[selection.target]
    target_text = chunk.text[0][-1]
    path = batch.table.path
    units = batch.info.units

    target_class = None
    class_name = None
    target_values: tuple[float, ...] | None = None
    if plan.classes is not None and (plan.loss in ("bce", "cce") or units > 1):
        target_class = int(_target_classes([target_text], chunk.lines, plan, column, path)[0])
        class_name = plan.classes[target_class]
        if plan.loss in ("mse", "mae"):
            target_values = tuple(float(j == target_class) for j in range(units))
    else:
        target_values = tuple(_target_numbers([target_text], chunk.lines, column, path,
                                                     batch.table.options).tolist())
    return LossStep(plan.loss, plan.from_logits, column, target_text, target_class, class_name,
                    target_values, value)

