"""The evaluation pipeline: read the data in chunks, run the network, hand columns to a sink.

Memory stays bounded by the chunk size, and the output does not depend on it: every row is
computed by the same vectorized expressions whatever chunk it falls in.
"""

from __future__ import annotations

import gc
import itertools
import math
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from neuroncli import interrupts
from neuroncli.columns import Selection, output_columns, select_columns
from neuroncli.core import losses
from neuroncli.core.dense import DenseLayer, network_forward
from neuroncli.errors import InputDataError, ParameterError, UsageError
from neuroncli.params import ActivationChoice, NetworkParams
from neuroncli.readers import Chunk, CsvOptions, CsvTable
from neuroncli.sources import open_binary
from neuroncli.writers import KEEP_NUMBERS

FloatArray = NDArray[np.float64]
Column = FloatArray | Sequence[object]

# Output activations whose single unit is read as the probability of the positive class.
PROBABILITY_ACTIVATIONS = ("sigmoid",)
ROW_ACTIVATIONS = ("softmax", "log_softmax")


@dataclass(frozen=True)
class EvalRequest:
    """Everything one evaluation needs, as the command line gave it.

    ``activations`` contains the activation of every layer, in order, after the command line's
    overrides.
    """

    data_path: str
    params: NetworkParams
    activations: Sequence[ActivationChoice]
    csv: CsvOptions
    features: Sequence[str] | None = None
    id_columns: Sequence[str] = ()
    keep_input: bool = False
    target: str | None = None
    loss: str | None = None
    all_layers: bool = False


@dataclass(frozen=True)
class BatchInfo:
    """The facts a sink needs before the first row: column names and kinds, and the shapes."""

    columns: list[str]
    numeric: list[bool]
    free_text: list[int]
    feature_names: list[str]
    layers: list[DenseLayer]
    activation: ActivationChoice
    units: int


def _total(values: Sequence[float]) -> float:
    """Sum exactly with math.fsum, or return inf where the sum overflows float64."""
    try:
        return math.fsum(values)
    except OverflowError:
        return math.inf if sum(value > 0 for value in values) else -math.inf


@dataclass
class Summary:
    """Totals over the whole file: rows, and the loss and accuracy when a target is given."""

    rows: int = 0
    loss: str | None = None
    loss_sums: list[float] = field(default_factory=list)
    correct: int = 0
    classified: int = 0
    features: list[str] = field(default_factory=list)

    @property
    def mean_loss(self) -> float:
        return _total(self.loss_sums) / self.rows if self.rows else math.nan

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.classified if self.classified else None


class Sink(Protocol):
    def begin(self, info: BatchInfo) -> None: ...

    def write(self, columns: Sequence[Column]) -> None: ...

    def finish(self, summary: Summary) -> None: ...


class Progress(Protocol):
    """Receives the rows done, and the bytes of the data file read when its size is known."""

    def start(self, total_bytes: int | None) -> None: ...

    def advance(self, rows: int, bytes_read: int | None) -> None: ...

    def stop(self) -> None: ...


@dataclass
class RunStats:
    """Rows, chunks and the wall-clock seconds of each phase of a run, on the main thread.

    ``read`` counts the header and the time spent waiting for chunks; the block reader parses
    on a background thread while the main thread computes and writes, and ``background_read``
    is the time that thread spent reading and parsing.
    """

    rows: int = 0
    chunks: int = 0
    read: float = 0.0
    compute: float = 0.0
    write: float = 0.0
    background_read: float = 0.0

    @property
    def seconds(self) -> float:
        return self.read + self.compute + self.write


@dataclass(frozen=True)
class _Plan:
    """The rules that derive output columns and targets from the network's output."""

    unit_names: list[str]
    classes: list[str] | None
    predicted: bool
    loss: str | None
    from_logits: bool


def check_first_layer(params: NetworkParams, columns: Sequence[str], selection: Selection) -> None:
    """Raise unless the first layer has exactly one row of weights per selected feature."""
    count = len(selection.features)
    if count != params.inputs:
        names = [columns[i] for i in selection.features]
        shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        single = len(params.layers) == 1 and params.units == 1
        wrong_delimiter = len(columns) == 1 and any(mark in columns[0] for mark in ";\t|")
        raise ParameterError(
            "params.count_mismatch" if single else "params.count_mismatch_layer",
            path=params.source,
            hint="input.hint.delimiter" if wrong_delimiter else "params.hint.count_mismatch",
            weights=params.inputs, features=count, columns=shown or "-",
        )


def _plan(params: NetworkParams, output: ActivationChoice, target: str | None,
          loss: str | None) -> _Plan:
    units = params.units
    outputs = list(params.outputs) if params.outputs else None
    binary = units == 1 and output.name in PROBABILITY_ACTIVATIONS
    classification = units > 1 or binary

    unit_names = [str(j) for j in range(units)]
    if outputs and len(outputs) == units:
        unit_names = outputs
    classes: list[str] | None = None
    if units > 1:
        classes = outputs or unit_names
    elif binary:
        classes = outputs if outputs and len(outputs) == 2 else ["0", "1"]

    if loss is not None and target is None:
        raise UsageError("usage.loss_without_target", loss=loss)
    if target is not None and loss is None:
        if output.name in ROW_ACTIVATIONS:
            loss = "cce"
        elif binary:
            loss = "bce"
        else:
            loss = "mse"
    if loss in ("bce",) and not binary:
        raise UsageError("usage.loss_needs", loss=loss, needs=units, activation=output.name,
                         hint="usage.hint.loss")
    if loss == "cce" and (units < 2 or output.name not in ROW_ACTIVATIONS):
        raise UsageError("usage.loss_needs", loss=loss, needs=units, activation=output.name,
                         hint="usage.hint.loss")

    from_logits = (loss == "bce" and output.name == "sigmoid") or (
        loss == "cce" and output.name in ROW_ACTIVATIONS)
    predicted = classification and (units > 1 or outputs is not None or target is not None)
    return _Plan(unit_names, classes, predicted, loss, from_logits)


def _value_names(plan: _Plan, layers: Sequence[DenseLayer], all_layers: bool) -> list[str]:
    names = []
    if all_layers:
        for index, layer in enumerate(layers[:-1], start=1):
            names += [f"l{index}_z_{j}" for j in range(layer.units)]
            names += [f"l{index}_a_{j}" for j in range(layer.units)]
    if len(plan.unit_names) == 1:
        names += ["z", "a"]
    else:
        names += [f"z_{name}" for name in plan.unit_names]
        names += [f"a_{name}" for name in plan.unit_names]
    if plan.predicted:
        names.append("predicted")
    if plan.loss is not None:
        names.append("loss")
    return names


def _predict(plan: _Plan, output: ActivationChoice, Z: FloatArray, A: FloatArray
             ) -> NDArray[np.int64]:
    """Return each row's predicted class index: argmax of the units, or a >= 0.5 for one unit."""
    if A.shape[1] == 1:
        return (A[:, 0] >= 0.5).astype(np.int64)
    scores = Z if output.name in ROW_ACTIVATIONS else A
    classes: NDArray[np.int64] = np.argmax(scores, axis=1).astype(np.int64)
    return classes


def _target_classes(texts: Sequence[str], lines: NDArray[np.int64], plan: _Plan, column: str,
                    path: str) -> NDArray[np.int64]:
    assert plan.classes is not None
    # Class names and class indices are never mixed: with names such as "1", "2", "3" the
    # text "1" is the class named "1", not the class at index 1.
    lookup = {name: index for index, name in enumerate(plan.classes)}
    if plan.classes == [str(index) for index in range(len(plan.classes))]:
        lookup.update({f"{index}.0": index for index in range(len(plan.classes))})
    result = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        found = lookup.get(text.strip())
        if found is None:
            raise InputDataError(
                "input.bad_target", path=path, line=int(lines[i]), column=column,
                hint="input.hint.target", value=text, classes=", ".join(plan.classes),
                count=len(plan.classes) - 1,
            )
        result[i] = found
    return result


def _target_numbers(texts: Sequence[str], lines: NDArray[np.int64], column: str, path: str,
                    options: CsvOptions | None = None) -> FloatArray:
    """Parse numeric targets with the data file's decimal mark, separators and missing policy."""
    options = options or CsvOptions()
    from neuroncli.readers import cell_problem, parse_cells

    cells = np.array(texts, dtype=str).reshape(len(texts), 1)
    values = parse_cells(cells, options)
    if values is None:
        for i, text in enumerate(texts):
            problem = cell_problem(text, options)
            if problem is not None:
                raise InputDataError(problem, path=path, line=int(lines[i]), column=column,
                                     hint="input.hint.fix_cell", value=text, column_name=column)
    assert values is not None
    return values[:, 0]


def _losses(plan: _Plan, Z: FloatArray, A: FloatArray, classes: NDArray[np.int64] | None,
            numbers: FloatArray | None) -> FloatArray:
    if plan.loss == "bce":
        assert classes is not None
        y = classes.astype(np.float64)
        if plan.from_logits:
            return losses.binary_cross_entropy_from_logits(Z[:, 0], y)
        return losses.binary_cross_entropy(A[:, 0], y)
    if plan.loss == "cce":
        assert classes is not None
        if plan.from_logits:
            return losses.categorical_cross_entropy_from_logits(Z, classes)
        return losses.categorical_cross_entropy(A, classes)
    targets = (losses.one_hot(classes, A.shape[1]) if numbers is None and classes is not None
               else np.asarray(numbers, dtype=np.float64)[:, np.newaxis])
    if plan.loss == "mae":
        return losses.mean_absolute_error(A, targets)
    return losses.mean_squared_error(A, targets)


@dataclass
class Batch:
    """An open data file with its columns chosen and checked against the parameters.

    ``chunks`` yields the data rows, each as a :class:`~neuroncli.readers.Chunk` whose ``X``
    contains the selected feature columns. ``info`` describes the output columns.
    """

    table: CsvTable
    selection: Selection
    layers: list[DenseLayer]
    info: BatchInfo
    chunks: Iterator[Chunk]
    plan: _Plan
    size: int | None = None
    position: Callable[[], int] | None = None


def _byte_position(path: str, stream: object) -> tuple[int | None, Callable[[], int] | None]:
    """Return the size of a data file and a function giving how far it has been read.

    Compressed files count their compressed bytes. Standard input, pipes and zip members have
    no known size, and give (None, None).
    """
    if path == "-":
        return None, None
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
        status = os.fstat(descriptor)
    except (AttributeError, OSError, ValueError):
        return None, None
    if not stat.S_ISREG(status.st_mode):
        return None, None
    # lseek reads the offset without the locks of the file object, which the reader thread
    # may be holding.
    return status.st_size, lambda: os.lseek(descriptor, 0, os.SEEK_CUR)


@contextmanager
def open_batch(request: EvalRequest) -> Iterator[Batch]:
    """Open the data file, choose the columns and check them against the parameters.

    Raises
    ------
    NeuronCliError
        Any usage, data or parameter problem found in the header or the first chunk.
    """
    params = request.params
    layers = [layer.dense(choice) for layer, choice in zip(params.layers, request.activations,
                                                             strict=True)]
    output = request.activations[-1]
    plan = _plan(params, output, request.target, request.loss)

    with open_binary(request.data_path) as stream:
        table = CsvTable(stream, request.data_path, request.csv)
        selection = select_columns(
            table.columns,
            param_features=params.features,
            cli_features=request.features,
            id_columns=request.id_columns,
            keep_input=request.keep_input,
            params_path=params.source,
            target=request.target,
        )
        # The first chunk is read before the parameters are checked against the columns, so that
        # a file split on the wrong delimiter is reported as such, with its line.
        chunks = table.chunks(selection.features, selection.passthrough)
        first = next(chunks)
        check_first_layer(params, table.columns, selection)
        value_names = _value_names(plan, layers, request.all_layers)
        columns = output_columns(table.columns, selection, value_names)
        lead_count = len(columns) - len(value_names)
        numeric = [False] * lead_count + [name != "predicted" for name in value_names]
        # ids and class names are always text; kept input columns may hold numbers, which
        # --safe-csv must leave as they are.
        free_text = [0] if not selection.ids else [1] * len(selection.ids)
        free_text += [0 if i in selection.features else KEEP_NUMBERS for i in selection.kept]
        free_text += [1 if name == "predicted" else 0 for name in value_names]
        feature_names = [table.columns[i] for i in selection.features]
        info = BatchInfo(columns, numeric, free_text, feature_names, layers, output, params.units)
        size, position = _byte_position(request.data_path, stream)
        yield Batch(table, selection, layers, info, itertools.chain([first], chunks), plan,
                    size, position)


def run(request: EvalRequest, sink: Sink, *, stats: RunStats | None = None,
        progress: Progress | None = None,
        on_output: Callable[[FloatArray, FloatArray], None] | None = None) -> Summary:
    """Evaluate the network on every row of the data file and return the totals.

    *stats*, when given, receives the time of each phase; *progress* is updated after every chunk.

    Raises
    ------
    NeuronCliError
        Any usage, data or parameter problem; the parameters are checked against the header
        before the sink receives a row.
    """
    timing = stats if stats is not None else RunStats()
    clock = time.perf_counter
    started = clock()
    # The objects of the imported modules live as long as the process. Frozen, they are left
    # out of the garbage collector's scans, which would otherwise run many times over them.
    gc.freeze()
    with open_batch(request) as batch:
        summary = Summary(loss=batch.plan.loss, features=list(batch.info.feature_names))
        timing.read += clock() - started
        mark = clock()
        sink.begin(batch.info)
        timing.write += clock() - mark
        if progress is not None:
            progress.start(batch.size)
        try:
            chunks = iter(batch.chunks)
            while True:
                interrupts.check()
                mark = clock()
                chunk = next(chunks, None)
                timing.read += clock() - mark
                if chunk is None:
                    break
                mark = clock()
                columns = evaluate_chunk(batch, chunk, request, summary, on_output)
                timing.compute += clock() - mark
                mark = clock()
                sink.write(columns)
                timing.write += clock() - mark
                summary.rows += len(chunk)
                timing.rows = summary.rows
                timing.chunks += 1
                if progress is not None:
                    progress.advance(summary.rows,
                                     batch.position() if batch.position is not None else None)
        finally:
            if progress is not None:
                progress.stop()
        timing.background_read = batch.table.background_seconds
    mark = clock()
    sink.finish(summary)
    timing.write += clock() - mark
    return summary


def evaluate_chunk(batch: Batch, chunk: Chunk, request: EvalRequest, summary: Summary,
                   on_output: Callable[[FloatArray, FloatArray], None] | None = None
                   ) -> list[Column]:
    """Evaluate one chunk and return its output columns, adding its loss to *summary*.

    *on_output*, if given, receives the output layer's Z and A, each of shape (n, units).
    """
    return _chunk_columns(chunk, batch.selection, batch.layers, batch.plan, batch.info.activation,
                          request, summary, batch.table.columns, on_output)


def _chunk_columns(chunk: Chunk, selection: Selection, layers: Sequence[DenseLayer], plan: _Plan,
                   output: ActivationChoice, request: EvalRequest, summary: Summary,
                   names: Sequence[str],
                   on_output: Callable[[FloatArray, FloatArray], None] | None = None
                   ) -> list[Column]:
    """Evaluate one chunk and return its output columns, in the order of the header."""
    results = network_forward(chunk.X, layers)
    Z, A = results[-1]
    if on_output is not None:
        on_output(Z, A)
    text_columns: list[list[str]] = [[] for _ in selection.passthrough]
    if chunk.text and selection.passthrough:
        text_columns = [list(column) for column in zip(*chunk.text, strict=True)]

    target_text: list[str] = []
    if selection.target is not None:
        target_text = text_columns.pop()
    columns: list[Column] = []
    if not selection.ids:
        columns.append(range(chunk.first_row, chunk.first_row + len(chunk)))
    columns.extend(text_columns)

    if request.all_layers:
        for hidden_Z, hidden_A in results[:-1]:
            columns.extend(hidden_Z.T)
            columns.extend(hidden_A.T)
    columns.extend(Z.T)
    columns.extend(A.T)

    predicted = _predict(plan, output, Z, A) if plan.classes is not None else None
    # A row whose output has a NaN has no prediction: its cell is empty, and accuracy skips it.
    undefined: NDArray[np.bool_] | None = None
    if predicted is not None:
        undefined = np.asarray(np.isnan(A).any(axis=1))
    if plan.predicted and predicted is not None and undefined is not None:
        assert plan.classes is not None
        labels = [plan.classes[index] for index in predicted.tolist()]
        if undefined.any():
            flags: list[bool] = undefined.tolist()
            labels = ["" if bad else label for label, bad in zip(labels, flags, strict=True)]
        columns.append(labels)

    if plan.loss is not None:
        column = names[selection.target] if selection.target is not None else ""
        path = request.data_path
        classes = numbers = None
        if plan.classes is not None and (plan.loss in ("bce", "cce") or A.shape[1] > 1):
            classes = _target_classes(target_text, chunk.lines, plan, column, path)
        else:
            numbers = _target_numbers(target_text, chunk.lines, column, path, request.csv)
        row_losses = _losses(plan, Z, A, classes, numbers)
        columns.append(row_losses)
        summary.loss_sums.append(_total(row_losses.tolist()))
        if classes is not None and predicted is not None and undefined is not None:
            defined = ~undefined
            summary.correct += int(np.sum((predicted == classes) & defined))
            summary.classified += int(np.sum(defined))
    return columns
