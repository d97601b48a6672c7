"""Read and validate the JSON parameter file of a neuron: weights, bias and activation.

The file is checked strictly before any arithmetic, because a parameter file that "almost" loads
(a quoted number, a NaN literal, a duplicated key, a typo such as ``"bais"``) would otherwise give
plausible but wrong numbers.
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

from neuroncli.core.activations import (
    ACTIVATIONS,
    Activation,
    closest_activation_names,
    find_activation,
)
from neuroncli.errors import ParameterError
from neuroncli.messages import Term
from neuroncli.suggest import closest

ALLOWED_KEYS = ("description", "features", "weights", "bias", "activation")


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
class NeuronParams:
    """A validated single-neuron parameter set.

    ``features`` names the CSV columns the weights belong to, in order, when the file says so
    (a ``features`` list, or weights given as an object keyed by column name).
    """

    weights: NDArray[np.float64]
    bias: float
    activation: ActivationChoice | None = None
    features: tuple[str, ...] | None = None
    description: str | None = None
    source: str | None = None


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
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _line_of_duplicate(text: str, key: str) -> int | None:
    """Return the line of the second occurrence of ``"key":`` in the raw text, if found."""
    pattern = re.compile(r'"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:')
    matches = list(pattern.finditer(text))
    if len(matches) < 2:
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


def _number(value: Any, entry: str, path: str) -> float:
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
            entry=entry, value=str(value),
        )
    return number


def _weights(value: Any, path: str) -> tuple[NDArray[np.float64], tuple[str, ...] | None]:
    """Accept [w1, ..., wn], an n x 1 column [[w1], ..., [wn]], or {"column": w, ...}."""
    if isinstance(value, dict):
        if not value:
            raise ParameterError("params.empty_weights", path=path, hint="params.hint.weights_form")
        names = tuple(value)
        numbers = [_number(value[name], f"weights[{json.dumps(name, ensure_ascii=False)}]", path)
                   for name in names]
        return np.array(numbers, dtype=np.float64), names

    if not isinstance(value, list):
        raise ParameterError(
            "params.wrong_type", path=path, hint="params.hint.weights_form",
            entry="weights", expected=Term("type.weights"), found=_describe_json(value),
        )
    if not value:
        raise ParameterError("params.empty_weights", path=path, hint="params.hint.weights_form")

    if all(isinstance(item, list) for item in value):
        widths = sorted({len(item) for item in value})
        if widths != [1]:
            shape = f"{len(value)} x {widths[0]}" if len(widths) == 1 else f"{len(value)} x ?"
            raise ParameterError(
                "params.weights_matrix", path=path, hint="params.hint.weights_form", shape=shape
            )
        numbers = [_number(item[0], f"weights[{i}][0]", path) for i, item in enumerate(value)]
        return np.array(numbers, dtype=np.float64), None

    numbers = [_number(item, f"weights[{i}]", path) for i, item in enumerate(value)]
    return np.array(numbers, dtype=np.float64), None


def _bias(value: Any, path: str) -> float:
    if isinstance(value, list):
        if len(value) != 1:
            raise ParameterError(
                "params.bias_length", path=path, hint="params.hint.bias_form", count=len(value)
            )
        return _number(value[0], "bias[0]", path)
    return _number(value, "bias", path)


def _features(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ParameterError(
            "params.wrong_type", path=path, entry="features",
            expected=Term("type.names"), found=_describe_json(value),
        )
    seen: set[str] = set()
    for name in value:
        if name in seen:
            raise ParameterError("params.duplicate_feature", path=path, column_name=name)
        seen.add(name)
    return tuple(value)


def parse_activation_value(
    value: float | str, entry: str, spec_choices: Sequence[str] | None, path: str | None
) -> float | str:
    """Check one activation parameter against its spec: a finite number, or one of the choices."""
    if spec_choices is None:
        return _number(value, entry, path or "")
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
    activation = find_activation(name)
    if activation is None:
        suggestions = closest_activation_names(name)
        raise ParameterError(
            "params.unknown_activation", path=path,
            hint="hint.did_you_mean" if suggestions else None,
            entry=entry, name=name, suggestions=", ".join(suggestions),
            valid=", ".join(ACTIVATIONS),
        )

    values: dict[str, float | str] = {}
    for key, value in params.items():
        if key not in activation.params:
            allowed = list(activation.params)
            raise ParameterError(
                "params.unknown_activation_param", path=path,
                hint="hint.did_you_mean" if closest(key, allowed) else None,
                entry=f"{entry}.{key}", activation=activation.name,
                allowed=", ".join(allowed) if allowed else "-",
                suggestions=", ".join(closest(key, allowed)),
            )
        spec = activation.params[key]
        values[key] = parse_activation_value(value, f"{entry}.{key}", spec.choices, path)

    filled = {key: values.get(key, spec.default) for key, spec in activation.params.items()}
    return ActivationChoice(activation, filled)


def _activation(value: Any, path: str) -> ActivationChoice:
    if isinstance(value, dict):
        if "name" not in value:
            raise ParameterError(
                "params.missing_key", path=path, hint="params.hint.activation_form",
                entry="activation.name",
            )
        params = {key: item for key, item in value.items() if key != "name"}
        return resolve_activation(value["name"], params, path=path)
    return resolve_activation(value, {}, path=path)


def parse_params(document: Any, path: str = "<params>") -> NeuronParams:
    """Validate a parsed JSON document and return the neuron's parameters.

    Raises
    ------
    ParameterError
        Naming the entry for a missing, unknown, wrongly typed or non-finite field.
    """
    if not isinstance(document, dict):
        raise ParameterError(
            "params.wrong_type", path=path, hint="params.hint.weights_form", entry="(top level)",
            expected=Term("type.object"), found=_describe_json(document),
        )

    for key in document:
        if key not in ALLOWED_KEYS:
            suggestions = closest(key, ALLOWED_KEYS)
            raise ParameterError(
                "params.unknown_key", path=path,
                hint="hint.did_you_mean" if suggestions else None,
                key=key, allowed=", ".join(ALLOWED_KEYS), suggestions=", ".join(suggestions),
            )
    for key in ("weights", "bias"):
        if key not in document:
            raise ParameterError(
                "params.missing_key", path=path, hint="params.hint.weights_form", entry=key
            )

    weights, named = _weights(document["weights"], path)
    bias = _bias(document["bias"], path)

    features = named
    if "features" in document:
        if named is not None:
            raise ParameterError("params.features_and_named_weights", path=path)
        features = _features(document["features"], path)
        if len(features) != len(weights):
            raise ParameterError(
                "params.features_length", path=path, features=len(features), weights=len(weights)
            )

    activation = None
    if "activation" in document:
        activation = _activation(document["activation"], path)

    description = document.get("description")
    if description is not None and not isinstance(description, str):
        raise ParameterError(
            "params.wrong_type", path=path, entry="description", expected=Term("type.string"),
            found=_describe_json(description),
        )

    return NeuronParams(weights, bias, activation, features, description, path)


def load_params(path: str | Path) -> NeuronParams:
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
