"""Read and validate JSON parameter files: a single neuron, a dense layer, or a network.

The file is checked strictly before any arithmetic, because a parameter file that "almost" loads
(a quoted number, a NaN literal, a duplicated key, a typo such as ``"bais"``) would otherwise give
plausible but wrong numbers.

Three shapes of file are accepted::

    {"weights": [w1, ..., wn], "bias": b, "activation": "sigmoid"}             one neuron
    {"weights": [[...m numbers], ...n rows], "bias": [...m], "activation": ...}  one layer
    {"features": [...], "layers": [layer, ...], "outputs": [...]}              a network

Weights are n_in x m (rows are inputs, columns are units), as scikit-learn's ``coefs_`` and the
Keras Dense kernel store them; ``"layout": "out_in"`` takes the m x n_in matrix of PyTorch's
``nn.Linear.weight`` unchanged.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from neuroncli.core.activations import Activation
from neuroncli.core.dense import (
    LAYER_ACTIVATIONS,
    DenseLayer,
    closest_layer_activation_names,
    find_layer_activation,
)
from neuroncli.errors import ParameterError, UsageError
from neuroncli.messages import Term
from neuroncli.suggest import closest

LAYER_KEYS = ("weights", "bias", "activation", "layout", "description")


def layer_activation(name: str) -> Activation:
    """Return the activation of a layer named on the command line, by name or alias.

    Raises
    ------
    UsageError
        For an unknown name, with the closest names.
    """
    activation = find_layer_activation(name)
    if activation is None:
        suggestions = closest_layer_activation_names(name)
        raise UsageError(
            "usage.unknown_activation", hint="hint.did_you_mean" if suggestions else None,
            name=name, valid=", ".join(LAYER_ACTIVATIONS), suggestions=", ".join(suggestions),
        )
    return activation
SINGLE_KEYS = ("description", "features", "outputs", "weights", "bias", "activation", "layout")
NETWORK_KEYS = ("description", "features", "outputs", "layers")
LAYOUTS = ("in_out", "out_in")


@dataclass(frozen=True)
class ActivationChoice:
    """An activation and the values of its parameters (defaults filled in)."""

    activation: Activation
    params: Mapping[str, float | str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.activation.name

    def describe(self) -> str:
        """Return "leaky_relu(negative_slope=0.2)", or just the name when it has no parameters."""
        if not self.params:
            return self.name
        values = ", ".join(f"{key}={_format_value(value)}" for key, value in self.params.items())
        return f"{self.name}({values})"


@dataclass(frozen=True)
class LayerParams:
    """One validated layer: weights (n_in, m), bias (m,), and the activation the file names."""

    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    activation: ActivationChoice | None
    index: int

    @property
    def inputs(self) -> int:
        return int(self.weights.shape[0])

    @property
    def units(self) -> int:
        return int(self.weights.shape[1])

    def dense(self, activation: ActivationChoice) -> DenseLayer:
        """Return the core layer with *activation* in place of the file's."""
        return DenseLayer(self.weights, self.bias, activation.activation, activation.params)


@dataclass(frozen=True)
class NetworkParams:
    """A validated parameter file: one or more layers, and the names of inputs and outputs.

    ``features`` names the CSV columns of the first layer's inputs, in order, when the file
    names them (a ``features`` list, or weights given as an object keyed by column name).
    ``outputs`` names the last layer's units (or, for one sigmoid unit, the two classes).
    """

    layers: tuple[LayerParams, ...]
    features: tuple[str, ...] | None = None
    outputs: tuple[str, ...] | None = None
    description: str | None = None
    source: str | None = None

    @property
    def inputs(self) -> int:
        return self.layers[0].inputs

    @property
    def units(self) -> int:
        return self.layers[-1].units

    @property
    def activation(self) -> ActivationChoice | None:
        """The output layer's activation."""
        return self.layers[-1].activation

    @property
    def weights(self) -> NDArray[np.float64]:
        """The weights of a single layer: a vector (n_x,) for one neuron, else (n_in, m)."""
        if len(self.layers) != 1:
            raise AttributeError("a network has one weight matrix per layer; use .layers")
        weights = self.layers[0].weights
        return weights[:, 0] if weights.shape[1] == 1 else weights

    @property
    def bias(self) -> float | NDArray[np.float64]:
        """The bias of a single layer: a number for one neuron, else an array (m,)."""
        if len(self.layers) != 1:
            raise AttributeError("a network has one bias vector per layer; use .layers")
        bias = self.layers[0].bias
        return float(bias[0]) if bias.shape == (1,) else bias


# The single-neuron name of the Python API.
NeuronParams = NetworkParams


class _NonStandardConstant:
    """Stands in for NaN or Infinity while parsing, so the error can name the entry."""

    def __init__(self, token: str) -> None:
        self.token = token


def _format_value(value: float | str) -> str:
    return repr(value) if isinstance(value, str) else repr(float(value))


def _describe_json(value: Any) -> str:
    """Show a JSON value the way it is written in the file, shortened for a message."""
    if isinstance(value, list):
        return "[...]"
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, _NonStandardConstant):
        return value.token
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        # str() of a huge integer is slow or refused, so show its size instead.
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"{'-' if value < 0 else ''}<{digits} digits>"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _line_of_duplicate(text: str, key: str) -> int | None:
    """Return the line of the second ``"key":`` when the key occurs exactly twice in the file.

    With more occurrences the text alone does not tell which object repeats it, so no line is
    given rather than a wrong one.
    """
    pattern = re.compile(r'"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:')
    matches = list(pattern.finditer(text))
    if len(matches) != 2:
        return None
    return text.count("\n", 0, matches[1].start()) + 1


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParameterError(
            "params.not_utf8", path=path, line=line, hint="params.hint.save_utf8",
            byte=f"0x{raw[exc.start]:02x}",
        ) from None


def _parse_json(text: str, path: str) -> Any:
    def reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ParameterError(
                    "params.duplicate_key", path=path, line=_line_of_duplicate(text, key),
                    hint="params.hint.duplicate_key", key=key,
                )
            result[key] = value
        return result

    try:
        return json.loads(
            text, object_pairs_hook=reject_duplicates, parse_constant=_NonStandardConstant
        )
    except json.JSONDecodeError as exc:
        raise ParameterError(
            "params.invalid_json", path=path, line=exc.lineno, hint="params.hint.json_syntax",
            column_number=exc.colno, reason=exc.msg,
        ) from None
    except RecursionError:
        raise ParameterError("params.too_deep", path=path) from None
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits (CVE-2020-10735).
        raise ParameterError("params.number_too_long", path=path,
                             hint="params.hint.finite_number") from None


def _number(value: Any, entry: str, path: str | None) -> float:
    """Return a finite float, or raise naming the entry and what was found."""
    if isinstance(value, _NonStandardConstant):
        raise ParameterError(
            "params.non_standard_constant", path=path, hint="params.hint.finite_number",
            entry=entry, token=value.token,
        )
    if isinstance(value, str):
        raise ParameterError(
            "params.number_as_string", path=path, hint="params.hint.unquote",
            entry=entry, value=value,
        )
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(
            "params.not_a_number", path=path, entry=entry, found=_describe_json(value)
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ParameterError(
            "params.not_finite", path=path, hint="params.hint.finite_number",
            entry=entry, value=_describe_json(value),
        )
    return number


def _row(value: Any, entry: str, path: str) -> list[float]:
    """Return one row of a weight matrix: a number (one unit) or a list of numbers."""
    if isinstance(value, list):
        if not value:
            raise ParameterError("params.empty_row", path=path, hint="params.hint.weights_form",
                                 entry=entry)
        return [_number(item, f"{entry}[{i}]", path) for i, item in enumerate(value)]
    return [_number(value, entry, path)]


def _weights(value: Any, prefix: str, path: str, *, named_allowed: bool
             ) -> tuple[NDArray[np.float64], tuple[str, ...] | None]:
    """Parse weights as written: [w1, ..., wn], [[row], ...] or {"column": w or [row], ...}.

    Returns the matrix as written (rows first) and the column names when weights is an object.
    """
    entry = f"{prefix}weights"
    if isinstance(value, dict) and named_allowed:
        if not value:
            raise ParameterError("params.empty_weights", path=path, hint="params.hint.weights_form",
                                 entry=entry)
        names = tuple(value)
        rows = [_row(value[name], f"{entry}[{json.dumps(name, ensure_ascii=False)}]", path)
                for name in names]
        return _rectangular(rows, entry, path), names

    if not isinstance(value, list):
        raise ParameterError(
            "params.wrong_type", path=path, hint="params.hint.weights_form",
            entry=entry, expected=Term("type.weights" if named_allowed else "type.matrix"),
            found=_describe_json(value),
        )
    if not value:
        raise ParameterError("params.empty_weights", path=path, hint="params.hint.weights_form",
                             entry=entry)
    if any(isinstance(item, list) for item in value):
        rows = []
        for i, item in enumerate(value):
            if not isinstance(item, list):
                raise ParameterError(
                    "params.mixed_rows", path=path, hint="params.hint.weights_form",
                    entry=f"{entry}[{i}]", found=_describe_json(item),
                )
            rows.append(_row(item, f"{entry}[{i}]", path))
        return _rectangular(rows, entry, path), None
    rows = [[_number(item, f"{entry}[{i}]", path)] for i, item in enumerate(value)]
    return np.array(rows, dtype=np.float64), None


def _rectangular(rows: list[list[float]], entry: str, path: str) -> NDArray[np.float64]:
    widths = [len(row) for row in rows]
    if len(set(widths)) > 1:
        first_bad = next(i for i, width in enumerate(widths) if width != widths[0])
        raise ParameterError(
            "params.ragged_matrix", path=path, hint="params.hint.weights_form", entry=entry,
            row=first_bad, width=widths[first_bad], expected=widths[0],
        )
    return np.array(rows, dtype=np.float64)


def _bias(value: Any, units: int, shape: str, prefix: str, path: str) -> NDArray[np.float64]:
    entry = f"{prefix}bias"
    if isinstance(value, list):
        numbers = [_number(item, f"{entry}[{i}]", path) for i, item in enumerate(value)]
    else:
        numbers = [_number(value, entry, path)]
    if len(numbers) != units:
        raise ParameterError(
            "params.bias_length" if isinstance(value, list) else "params.bias_scalar",
            path=path, hint="params.hint.shapes", entry=entry, count=len(numbers), units=units,
            shape=shape,
        )
    return np.array(numbers, dtype=np.float64)


def _layout(value: Any, prefix: str, path: str) -> str:
    if value not in LAYOUTS:
        raise ParameterError(
            "params.bad_choice", path=path, entry=f"{prefix}layout", found=_describe_json(value),
            choices=", ".join(LAYOUTS),
        )
    return str(value)


def parse_activation_value(
    value: float | str, entry: str, spec_choices: Sequence[str] | None, path: str | None
) -> float | str:
    """Check one activation parameter against its spec: a finite number, or one of the choices."""
    if spec_choices is None:
        return _number(value, entry, path)
    if not isinstance(value, str) or value not in spec_choices:
        raise ParameterError(
            "params.bad_choice", path=path, entry=entry, found=_describe_json(value),
            choices=", ".join(spec_choices),
        )
    return value


def resolve_activation(
    name: Any, params: Mapping[str, Any], *, path: str | None, entry: str = "activation"
) -> ActivationChoice:
    """Look up an activation by name or alias and check its parameters.

    Raises
    ------
    ParameterError
        For an unknown name (with the closest names), an unknown parameter or a bad value.
    """
    if not isinstance(name, str):
        raise ParameterError(
            "params.wrong_type", path=path, entry=entry, expected=Term("type.string"),
            found=_describe_json(name),
        )
    activation = find_layer_activation(name)
    if activation is None:
        suggestions = closest_layer_activation_names(name)
        raise ParameterError(
            "params.unknown_activation", path=path,
            hint="hint.did_you_mean" if suggestions else None,
            entry=entry, name=name, suggestions=", ".join(suggestions),
            valid=", ".join(LAYER_ACTIVATIONS),
        )

    values: dict[str, float | str] = {}
    for key, value in params.items():
        if key not in activation.params:
            allowed = list(activation.params)
            suggestions = closest(key, allowed)
            raise ParameterError(
                "params.unknown_activation_param", path=path,
                hint="hint.did_you_mean" if suggestions else None,
                entry=f"{entry}.{key}", activation=activation.name,
                allowed=", ".join(allowed) if allowed else "-",
                suggestions=", ".join(suggestions),
            )
        spec = activation.params[key]
        values[key] = parse_activation_value(value, f"{entry}.{key}", spec.choices, path)

    filled = {key: values.get(key, spec.default) for key, spec in activation.params.items()}
    if values:
        _check_domain(activation, filled, entry, path)
    return ActivationChoice(activation, filled)


def _check_domain(activation: Activation, params: Mapping[str, float | str], entry: str,
                  path: str | None) -> None:
    """Reject parameter values outside the activation's domain, such as softplus beta = 0."""
    try:
        activation.func(np.zeros(1), **params)
    except ValueError as exc:
        raise ParameterError("params.bad_activation_value", path=path, entry=entry,
                             activation=activation.name, reason=str(exc)) from None


def _activation(value: Any, prefix: str, path: str) -> ActivationChoice:
    entry = f"{prefix}activation"
    if isinstance(value, dict):
        if "name" not in value:
            raise ParameterError(
                "params.missing_key", path=path, hint="params.hint.activation_form",
                entry=f"{entry}.name",
            )
        params = {key: item for key, item in value.items() if key != "name"}
        return resolve_activation(value["name"], params, path=path, entry=entry)
    return resolve_activation(value, {}, path=path, entry=entry)


def check_activation_fits(choice: ActivationChoice, units: int, *, path: str | None,
                          entry: str) -> None:
    """Reject softmax over a single unit, whose output would always be 1."""
    if choice.name in ("softmax", "log_softmax") and units < 2:
        raise ParameterError("params.softmax_one_unit", path=path, hint="params.hint.softmax",
                             entry=entry, activation=choice.name)


def _check_keys(document: dict[str, Any], allowed: Sequence[str], prefix: str, path: str) -> None:
    for key in document:
        if key not in allowed:
            suggestions = closest(key, allowed)
            raise ParameterError(
                "params.unknown_key", path=path,
                hint="hint.did_you_mean" if suggestions else None,
                key=f"{prefix}{key}", allowed=", ".join(allowed),
                suggestions=", ".join(suggestions),
            )


def _layer(document: Any, index: int, prefix: str, path: str, *, first: bool
           ) -> tuple[LayerParams, tuple[str, ...] | None]:
    if not isinstance(document, dict):
        raise ParameterError(
            "params.wrong_type", path=path, entry=prefix.rstrip(".") or "(top level)",
            expected=Term("type.object"), found=_describe_json(document),
        )
    allowed = LAYER_KEYS if prefix else SINGLE_KEYS
    _check_keys(document, allowed, prefix, path)
    for key in ("weights", "bias"):
        if key not in document:
            raise ParameterError("params.missing_key", path=path, hint="params.hint.weights_form",
                                 entry=f"{prefix}{key}")

    layout = _layout(document["layout"], prefix, path) if "layout" in document else "in_out"
    written, named = _weights(document["weights"], prefix, path, named_allowed=first)
    if named is not None and layout == "out_in":
        raise ParameterError("params.named_out_in", path=path, entry=f"{prefix}layout")
    weights = written.T.copy() if layout == "out_in" else written
    shape = f"{weights.shape[0]} x {weights.shape[1]}"
    bias = _bias(document["bias"], weights.shape[1], shape, prefix, path)

    activation = None
    if "activation" in document:
        activation = _activation(document["activation"], prefix, path)
        check_activation_fits(activation, weights.shape[1], path=path,
                              entry=f"{prefix}activation")

    description = document.get("description")
    if description is not None and not isinstance(description, str):
        raise ParameterError(
            "params.wrong_type", path=path, entry=f"{prefix}description",
            expected=Term("type.string"), found=_describe_json(description),
        )
    return LayerParams(weights, bias, activation, index), named


def _names(value: Any, key: str, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ParameterError(
            "params.wrong_type", path=path, entry=key,
            expected=Term("type.names"), found=_describe_json(value),
        )
    seen: set[str] = set()
    for name in value:
        if name in seen:
            raise ParameterError("params.duplicate_name", path=path, entry=key, column_name=name)
        seen.add(name)
    return tuple(value)


def _check_chain(layers: Sequence[LayerParams], path: str) -> None:
    for previous, layer in zip(layers, layers[1:], strict=False):
        if layer.inputs != previous.units:
            raise ParameterError(
                "params.layer_width", path=path, hint="params.hint.shapes",
                entry=f"layers[{layer.index - 1}].weights", layer=layer.index,
                previous=previous.index, units=previous.units, rows=layer.inputs,
            )


def parse_params(document: Any, path: str = "<params>") -> NetworkParams:
    """Validate a parsed JSON document and return its layers and names.

    Raises
    ------
    ParameterError
        Naming the entry for a missing, unknown, wrongly typed or non-finite field, and the layer,
        field and both shapes for a shape mismatch.
    """
    if not isinstance(document, dict):
        raise ParameterError(
            "params.wrong_type", path=path, hint="params.hint.weights_form", entry="(top level)",
            expected=Term("type.object"), found=_describe_json(document),
        )

    named: tuple[str, ...] | None
    if "layers" in document:
        _check_keys(document, NETWORK_KEYS, "", path)
        raw_layers = document["layers"]
        if not isinstance(raw_layers, list) or not raw_layers:
            raise ParameterError(
                "params.wrong_type", path=path, entry="layers",
                expected=Term("type.layers"), found=_describe_json(raw_layers),
            )
        layers = []
        named = None
        for i, raw in enumerate(raw_layers):
            layer, names = _layer(raw, i + 1, f"layers[{i}].", path, first=i == 0)
            if i == 0:
                named = names
            layers.append(layer)
        _check_chain(layers, path)
    else:
        layer, named = _layer(document, 1, "", path, first=True)
        layers = [layer]

    features = named
    if "features" in document:
        if named is not None:
            raise ParameterError("params.features_and_named_weights", path=path)
        features = _names(document["features"], "features", path)
        if len(features) != layers[0].inputs:
            raise ParameterError(
                "params.features_length", path=path, hint="params.hint.shapes",
                features=len(features), rows=layers[0].inputs,
            )

    outputs = None
    if "outputs" in document:
        outputs = _names(document["outputs"], "outputs", path)
        units = layers[-1].units
        if len(outputs) != units and not (units == 1 and len(outputs) == 2):
            raise ParameterError("params.outputs_length", path=path, hint="params.hint.outputs",
                                 count=len(outputs), units=units)

    description = document.get("description")
    if description is not None and not isinstance(description, str):
        raise ParameterError(
            "params.wrong_type", path=path, entry="description", expected=Term("type.string"),
            found=_describe_json(description),
        )
    return NetworkParams(tuple(layers), features, outputs, description, path)


def load_params(path: str | Path) -> NetworkParams:
    """Read, parse and validate a JSON parameter file.

    Raises
    ------
    UsageError
        If the file does not exist or is a directory.
    ParameterError
        If it is not valid JSON or not a valid parameter set.
    """
    from neuroncli.sources import read_small_file

    shown = str(path)
    raw = read_small_file(shown)
    document = _parse_json(_decode(raw, shown), shown)
    return parse_params(document, shown)
