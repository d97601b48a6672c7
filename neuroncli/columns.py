"""Choose the feature columns and the pass-through columns of the output."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from neuroncli.errors import InputDataError, NeuronCliError, ParameterError, UsageError
from neuroncli.suggest import closest

_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?")
ROW_COLUMN = "row"


@dataclass(frozen=True)
class Selection:
    """Positions (0-based) of the feature columns and of the columns copied to the output."""

    features: tuple[int, ...]
    ids: tuple[int, ...]
    kept: tuple[int, ...]
    target: int | None = None

    @property
    def passthrough(self) -> tuple[int, ...]:
        """The columns whose text the reader keeps: ids, kept input columns, then the target."""
        return self.ids + self.kept + (() if self.target is None else (self.target,))


def _find_by_name(
    name: str, columns: Sequence[str], error: type[NeuronCliError], origin: str, path: str | None
) -> int:
    positions = [i for i, column in enumerate(columns) if column == name]
    if len(positions) == 1:
        return positions[0]
    if positions:
        raise InputDataError(
            "select.duplicate_name", path=path, hint="select.hint.by_position",
            column_name=name, positions=", ".join(str(i + 1) for i in positions),
            first=positions[0] + 1,
        )
    suggestions = closest(name, columns)
    raise error(
        "select.not_found", path=path if error is ParameterError else None,
        hint="hint.did_you_mean" if suggestions else "select.hint.columns",
        column_name=name, origin=origin, suggestions=", ".join(suggestions),
        columns=", ".join(columns),
    )


def parse_feature_spec(tokens: Sequence[str], columns: Sequence[str]) -> list[int]:
    """Resolve ``--features`` values: names, 1-based positions and ranges such as ``2-5``.

    A token that is exactly a column name is taken as the name, even if it looks like a number.
    """
    positions: list[int] = []
    for raw in tokens:
        for token in raw.split(","):
            if token in columns:
                positions.append(_find_by_name(token, columns, UsageError, "--features", None))
                continue
            match = _RANGE.fullmatch(token)
            if match is None:
                positions.append(_find_by_name(token.strip(), columns, UsageError, "--features",
                                               None))
                continue
            start = int(match.group(1))
            stop = int(match.group(2) or start)
            if not 1 <= start <= stop <= len(columns):
                raise UsageError(
                    "select.bad_range", hint="select.hint.columns", token=token.strip(),
                    count=len(columns), columns=", ".join(columns),
                )
            positions.extend(range(start - 1, stop))
    if not positions:
        raise UsageError("select.empty", hint="select.hint.columns", columns=", ".join(columns))
    return positions


def select_columns(
    columns: Sequence[str],
    *,
    param_features: Sequence[str] | None,
    cli_features: Sequence[str] | None,
    id_columns: Sequence[str],
    keep_input: bool,
    params_path: str | None = None,
    target: str | None = None,
) -> Selection:
    """Work out which columns form X and which are copied to the output.

    The order of precedence for the features is ``--features``, then the names in the parameter
    file, then every column that is neither an id column nor the target.
    """
    ids = tuple(_find_by_name(name, columns, UsageError, "--id-column", None)
                for name in id_columns)
    target_index = None
    if target is not None:
        target_index = _find_by_name(target, columns, UsageError, "--target", None)

    if cli_features:
        features = parse_feature_spec(cli_features, columns)
    elif param_features is not None:
        features = [_find_by_name(name, columns, ParameterError, "features", params_path)
                    for name in param_features]
    else:
        features = [i for i in range(len(columns)) if i not in ids and i != target_index]

    kept: tuple[int, ...] = ()
    if keep_input:
        kept = tuple(i for i in range(len(columns)) if i not in ids)
    return Selection(tuple(features), ids, kept, target_index)


def output_columns(columns: Sequence[str], selection: Selection, value_columns: Sequence[str]
                   ) -> list[str]:
    """Name the output columns: the ids (or ``row``), kept input columns, then z and a."""
    leading = [columns[i] for i in selection.ids] if selection.ids else [ROW_COLUMN]
    names = leading + [columns[i] for i in selection.kept] + list(value_columns)
    # A repeated name would make a JSON object keep only one of the values.
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise UsageError("select.clash", column_name=name, hint="select.hint.clash")
        seen.add(name)
    return names
