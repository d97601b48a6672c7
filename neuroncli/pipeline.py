"""The evaluation pipeline: read the data in chunks, evaluate the neuron, hand rows to a sink.

Memory stays bounded by the chunk size, and the result does not depend on it: every row is
computed by the same vectorized expression whatever chunk it falls in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from neuroncli.columns import Selection, output_columns, select_columns
from neuroncli.core.neuron import forward
from neuroncli.errors import ParameterError
from neuroncli.params import ActivationChoice, NeuronParams
from neuroncli.readers import CsvOptions, CsvTable
from neuroncli.sources import open_binary

VALUE_COLUMNS = ("z", "a")


@dataclass(frozen=True)
class EvalRequest:
    """Everything one evaluation needs, as the command line gave it."""

    data_path: str
    params: NeuronParams
    activation: ActivationChoice
    csv: CsvOptions
    features: Sequence[str] | None = None
    id_columns: Sequence[str] = ()
    keep_input: bool = False


@dataclass(frozen=True)
class BatchInfo:
    """What the sink needs to know before the first row: names and the shapes involved."""

    columns: list[str]
    value_columns: int
    feature_names: list[str]
    activation: ActivationChoice


class Sink(Protocol):
    def begin(self, info: BatchInfo) -> None: ...

    def write(self, lead: Sequence[tuple[object, ...]],
              values: Sequence[NDArray[np.float64]]) -> None: ...

    def finish(self, rows: int) -> None: ...


def check_weight_count(params: NeuronParams, columns: Sequence[str], selection: Selection) -> None:
    """Raise unless there is exactly one weight per selected feature column."""
    count = len(selection.features)
    if count != len(params.weights):
        names = [columns[i] for i in selection.features]
        shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        raise ParameterError(
            "params.count_mismatch", path=params.source, hint="params.hint.count_mismatch",
            weights=len(params.weights), features=count, columns=shown or "-",
        )


def run(request: EvalRequest, sink: Sink) -> int:
    """Evaluate the neuron on every row of the data file and return the number of rows.

    Raises
    ------
    NeuronCliError
        Any usage, data or parameter problem, before the sink receives a row where possible.
    """
    params = request.params
    choice = request.activation
    with open_binary(request.data_path) as stream:
        table = CsvTable(stream, request.data_path, request.csv)
        selection = select_columns(
            table.columns,
            param_features=params.features,
            cli_features=request.features,
            id_columns=request.id_columns,
            keep_input=request.keep_input,
            params_path=params.source,
        )
        check_weight_count(params, table.columns, selection)
        columns = output_columns(table.columns, selection, VALUE_COLUMNS)
        feature_names = [table.columns[i] for i in selection.features]
        sink.begin(BatchInfo(columns, len(VALUE_COLUMNS), feature_names, choice))

        rows = 0
        for chunk in table.chunks(selection.features, selection.passthrough):
            z, a = forward(chunk.X, params.weights, params.bias, choice.activation, choice.params)
            if selection.ids:
                lead: Sequence[tuple[object, ...]] = chunk.text
            else:
                lead = [(chunk.first_row + i, *cells) for i, cells in enumerate(chunk.text)]
            sink.write(lead, [z, a])
            rows += len(chunk)
    sink.finish(rows)
    return rows
