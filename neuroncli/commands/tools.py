"""Learning aids: ``neuroncli activations`` lists the activation functions, and
``neuroncli init-params`` writes a starting parameter file for the columns of a data file.
"""

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from neuroncli.initparams import Init, TargetClasses


class ListFormat(str, Enum):
    """Output formats of ``activations``."""

    table = "table"
    text = "text"
    json = "json"


class InitName(str, Enum):
    """The choices of ``init-params --init``, the members of neuroncli.initparams.Init.

    That module imports numpy, which ``--help`` must not load. A test keeps the two equal.
    """

    zeros = "zeros"
    uniform = "uniform"
    xavier = "xavier"
    he = "he"


def register(app: typer.Typer, lang: str, opts: Any) -> None:
    """Add ``activations`` and ``init-params`` to *app*, with help text in *lang*."""
    from neuroncli.cli import PlainHelpCommand
    from neuroncli.commands.options import DEFAULT_CHUNK_SIZE, reports_errors
    from neuroncli.core.activation_names import LAYER_ACTIVATION_NAMES
    from neuroncli.messages import text

    app_lang = lang

    def h(key: str, **fields: Any) -> str:
        return text(key, app_lang, **fields)

    @app.command("activations", help=h("activations.help"), cls=PlainHelpCommand)
    @reports_errors(app_lang)
    def activations_command(
        fmt: Annotated[ListFormat | None, typer.Option(
            "--format", "-f", help=h("activations.help_format"))] = None,
        lang: opts.Lang = None,
        debug: opts.Debug = False,
    ) -> None:
        language = lang.value if lang else app_lang
        chosen = fmt or (ListFormat.table if sys.stdout.isatty() else ListFormat.text)
        if chosen is ListFormat.json:
            sys.stdout.write(activations_json())
        elif chosen is ListFormat.text:
            sys.stdout.write(activations_text(language))
        else:
            _print_activations_table(language)

    names = ", ".join(LAYER_ACTIVATION_NAMES)

    @app.command("init-params", help=h("init_params.help"), cls=PlainHelpCommand)
    @reports_errors(app_lang)
    def init_params_command(
        data: opts.Data,
        output: Annotated[str | None, typer.Option(
            "--output", "-o", metavar="PARAMS.json", help=h("init_params.help_output"))] = None,
        force: Annotated[bool, typer.Option("--force", help=h("init_params.help_force"))] = False,
        features: Annotated[list[str] | None, typer.Option(
            "--features", metavar="COLUMNS", help=h("init_params.help_features"))] = None,
        id_column: Annotated[list[str] | None, typer.Option(
            "--id-column", metavar="NAME", help=h("init_params.help_id_column"))] = None,
        target: Annotated[str | None, typer.Option(
            "--target", metavar="COLUMN", help=h("init_params.help_target"))] = None,
        units: Annotated[int | None, typer.Option(
            "--units", metavar="N", help=h("init_params.help_units"))] = None,
        layers: Annotated[str | None, typer.Option(
            "--layers", metavar="16,8,3", help=h("init_params.help_layers"))] = None,
        activation: Annotated[str | None, typer.Option(
            "--activation", "-g", metavar="NAME",
            help=h("init_params.help_activation", names=names))] = None,
        output_activation: Annotated[str | None, typer.Option(
            "--output-activation", metavar="NAME",
            help=h("init_params.help_output_activation"))] = None,
        init: Annotated[InitName, typer.Option(
            "--init", help=h("init_params.help_init"))] = InitName.xavier,
        seed: Annotated[int | None, typer.Option(
            "--seed", metavar="S", help=h("init_params.help_seed"))] = None,
        delimiter: opts.Delimiter = None,
        no_header: opts.NoHeader = False,
        encoding: opts.Encoding = None,
        decimal: opts.Decimal = ".",
        thousands: opts.Thousands = None,
        chunk_size: opts.ChunkSize = DEFAULT_CHUNK_SIZE,
        quiet: opts.Quiet = False,
        lang: opts.Lang = None,
        debug: opts.Debug = False,
    ) -> None:
        from neuroncli.initparams import Init

        language = lang.value if lang else app_lang
        request = _InitRequest(
            data=data, output=output, force=force, features=features, id_columns=id_column or [],
            target=target, units=units, layers=layers, activation=activation,
            output_activation=output_activation, init=Init(init.value), seed=seed,
        )
        options = _csv_options(delimiter, no_header, encoding, decimal, thousands, chunk_size)
        notes, warnings = write_initial_params(request, options, language)
        if quiet:
            return
        if output is not None or sys.stderr.isatty():
            _print_notes(notes)
        _print_notes(warnings)


# neuroncli activations ------------------------------------------------------------------------

def _localized(kind: str, name: str, english: str, lang: str) -> str:
    """Return the Korean text of a registry field when there is one, else the field itself."""
    from neuroncli.messages import MESSAGES, text

    key = f"activations.{kind}.{name}"
    return text(key, lang) if key in MESSAGES else english


def _parameters_text(activation: Any, lang: str) -> str:
    from neuroncli.messages import text

    if not activation.params:
        return text("activations.none", lang)
    parts = []
    for name, spec in activation.params.items():
        part = f"{name} = {spec.default!r}"
        if spec.choices is not None:
            part += " (" + text("activations.choices", lang, choices=", ".join(spec.choices)) + ")"
        parts.append(part)
    return "; ".join(parts)


def activation_rows(lang: str) -> list[dict[str, str]]:
    """Describe every activation of the registry in *lang*, one dict of display texts each."""
    from neuroncli.core.dense import LAYER_ACTIVATIONS, ROW_ACTIVATIONS
    from neuroncli.messages import text

    rows = []
    for name, activation in LAYER_ACTIVATIONS.items():
        applies = "activations.row_wise" if name in ROW_ACTIVATIONS else "activations.element_wise"
        rows.append({
            "name": name,
            "aliases": ", ".join(activation.aliases) or text("activations.none", lang),
            "formula": _localized("formula", name, activation.formula, lang),
            "range": _localized("range", name, activation.output_range, lang),
            "applies": text(applies, lang),
            "parameters": _parameters_text(activation, lang),
            "convention": text(f"activations.convention.{name}", lang),
        })
    return rows


_FIELDS = ("aliases", "formula", "range", "applies", "parameters", "convention")


def activations_text(lang: str) -> str:
    """Return the plain-text listing: a title, then one block of labelled lines per activation."""
    from neuroncli.messages import text

    rows = activation_rows(lang)
    lines = [text("activations.title", lang, count=len(rows)), ""]
    for row in rows:
        lines.append(row["name"])
        lines += [f"  {text('activations.label.' + field, lang)}: {row[field]}"
                  for field in _FIELDS]
        lines.append("")
    return "\n".join(lines)


def activations_json() -> str:
    """Return the registry as a JSON list, with its English text and parameter defaults."""
    from neuroncli.core.dense import LAYER_ACTIVATIONS, ROW_ACTIVATIONS

    entries = []
    for name, activation in LAYER_ACTIVATIONS.items():
        entries.append({
            "name": name,
            "aliases": list(activation.aliases),
            "formula": activation.formula,
            "output_range": activation.output_range,
            "row_wise": name in ROW_ACTIVATIONS,
            "parameters": [
                {"name": key, "default": spec.default,
                 "choices": list(spec.choices) if spec.choices is not None else None}
                for key, spec in activation.params.items()
            ],
            "convention": activation.convention,
        })
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


def _print_activations_table(lang: str) -> None:
    from neuroncli.messages import text
    from neuroncli.render import print_table

    # Aliases go under the name, in brackets, so that the table fits a terminal more easily.
    rows = activation_rows(lang)
    fields = ("name", "formula", "range", "applies", "parameters", "convention")
    none = text("activations.none", lang)
    for row in rows:
        if row["aliases"] != none:
            row["name"] += f"\n({row['aliases']})"
    print_table(
        None,
        title=text("activations.title", lang, count=len(rows)),
        headers=[text(f"activations.label.{field}", lang) for field in fields],
        numeric=[False] * len(fields),
        head=[[row[field] for field in fields] for row in rows],
        tail=[],
        omitted=0,
        notes=[],
    )


# neuroncli init-params ------------------------------------------------------------------------

@dataclass(frozen=True)
class _InitRequest:
    data: str
    output: str | None
    force: bool
    features: Sequence[str] | None
    id_columns: Sequence[str]
    target: str | None
    units: int | None
    layers: str | None
    activation: str | None
    output_activation: str | None
    init: "Init"
    seed: int | None


@dataclass(frozen=True)
class _DataColumns:
    """The feature columns chosen from the data, and what its target column contains."""

    features: list[str]
    skipped: list[str]
    target: "TargetClasses | None"
    has_rows: bool


def _csv_options(delimiter: str | None, no_header: bool, encoding: str | None, decimal: str,
                 thousands: str | None, chunk_size: int) -> Any:
    """Check the reading options as eval does, and return the CsvOptions."""
    from neuroncli.commands.options import build_csv_options

    return build_csv_options(delimiter=delimiter, no_header=no_header, encoding=encoding,
                             decimal=decimal, thousands=thousands, chunk_size=chunk_size)


def write_initial_params(request: _InitRequest, options: Any, lang: str
                         ) -> tuple[list[str], list[str]]:
    """Read the columns, build the parameter document and write it.

    Returns the summary lines and the warnings, both in *lang*.
    """
    from neuroncli.commands.options import _check_at_least
    from neuroncli.errors import UsageError
    from neuroncli.initparams import (
        build_params_document,
        canonical_activation,
        check_network_size,
        choose_activations,
        choose_layer_sizes,
        fit_outputs,
        format_params_document,
        parse_layer_sizes,
    )
    from neuroncli.messages import text
    from neuroncli.sources import check_readable

    # Every option is checked first, because reading a large data file takes a while.
    if request.units is not None:
        _check_at_least("--units", request.units, 1)
    if request.seed is not None:
        _check_at_least("--seed", request.seed, 0)
    layer_sizes = parse_layer_sizes(request.layers) if request.layers is not None else None
    choose_layer_sizes(request.units, layer_sizes, None)
    for name in (request.activation, request.output_activation):
        if name is not None:
            canonical_activation(name)
    if request.output is not None and not request.force and os.path.lexists(request.output):
        raise UsageError("init_params.exists", path=request.output, hint="init_params.hint.force")
    check_readable(request.data)

    columns = _read_columns(request, options)
    classes = columns.target.classes if columns.target is not None else None
    sizes = choose_layer_sizes(request.units, layer_sizes, classes)
    check_network_size(len(columns.features), sizes)
    activations = choose_activations(sizes, request.activation, request.output_activation)
    outputs = fit_outputs(classes, sizes[-1], request.target)
    seed = request.seed if request.seed is not None else _random_seed()
    description = text("init_params.description", lang,
                       init=text(f"init_params.init.{request.init.value}", lang), seed=seed)
    document = build_params_document(columns.features, sizes, activations, request.init, seed,
                                     outputs=outputs, description=description)
    _write(format_params_document(document), request.output, request.data)

    notes = []
    if request.output is not None:
        notes.append(text("init_params.wrote", lang, path=request.output))
    shape = " -> ".join(f"{units} {name}" for units, name in zip(sizes, activations, strict=True))
    notes.append(text("init_params.shape", lang, features=len(columns.features), layers=shape,
                      init=request.init.value, seed=seed))
    notes.append(text("init_params.features", lang, names=", ".join(columns.features)))
    if columns.skipped:
        notes.append(text("init_params.skipped", lang, names=", ".join(columns.skipped)))
    if outputs is not None:
        notes.append(text("init_params.outputs", lang, count=len(outputs),
                          column_name=request.target, names=", ".join(outputs)))
        if sizes[-1] == 1 and activations[-1] == "sigmoid":
            notes.append(text("init_params.binary", lang, negative=outputs[0],
                              positive=outputs[1]))
    return notes, _warnings(request, columns, sizes, lang)


def _warnings(request: _InitRequest, columns: _DataColumns, sizes: Sequence[int], lang: str
              ) -> list[str]:
    from neuroncli.initparams import MAX_CLASSES, Init
    from neuroncli.messages import text

    warnings = []
    if not columns.has_rows:
        warnings.append(text("init_params.no_rows", lang))
    if request.init is Init.zeros and len(sizes) > 1:
        warnings.append(text("init_params.zeros_hidden", lang))
    target = columns.target
    if target is None:
        return warnings
    column = request.target
    if target.reason == "regression":
        warnings.append(text("init_params.regression", lang, column_name=column))
    elif target.reason == "one_class":
        warnings.append(text("init_params.one_class", lang, column_name=column,
                             name=target.values[0]))
    elif target.reason == "too_many":
        warnings.append(text("init_params.too_many_classes", lang, column_name=column,
                             limit=MAX_CLASSES))
    elif target.reason == "empty":
        warnings.append(text("init_params.no_targets", lang, column_name=column))
    if target.missing and target.reason != "empty":
        warnings.append(text("init_params.missing_targets", lang, count=target.missing,
                             column_name=column))
    return warnings


def _read_columns(request: _InitRequest, options: Any) -> _DataColumns:
    """Choose the feature columns from the first chunk, and collect the whole target column."""
    from neuroncli.columns import select_columns
    from neuroncli.errors import UsageError
    from neuroncli.initparams import TargetCollector, numeric_columns
    from neuroncli.readers import CsvTable
    from neuroncli.sources import open_binary

    with open_binary(request.data) as stream:
        table = CsvTable(stream, request.data, options)
        names = table.columns
        selection = select_columns(names, param_features=None, cli_features=request.features,
                                   id_columns=request.id_columns, keep_input=False,
                                   target=request.target)
        for index in selection.features:
            if index in selection.ids or index == selection.target:
                option = "--target" if index == selection.target else "--id-column"
                raise UsageError("init_params.feature_is_reserved",
                                 hint="init_params.hint.reserved", column_name=names[index],
                                 option=option)

        chunks = table.chunks([], range(len(names)))
        first = next(chunks)
        numeric = numeric_columns(first.text, len(names), options)
        if request.features:
            for index in selection.features:
                if not numeric[index]:
                    raise _not_numeric(first, index, names[index], request.data, options)
        chosen = [index for index in selection.features if numeric[index]]
        skipped = [names[index] for index in selection.features if not numeric[index]]
        if not chosen:
            raise UsageError("init_params.no_features", hint="init_params.hint.no_features",
                             columns=", ".join(names))

        target = None
        if selection.target is not None:
            position = selection.target
            collector = TargetCollector(options)
            collector.add(row[position] for row in first.text)
            for chunk in chunks:
                collector.add(row[position] for row in chunk.text)
            target = collector.result()

    return _DataColumns([names[index] for index in chosen], skipped, target, len(first) > 0)


def _not_numeric(chunk: Any, index: int, name: str, path: str, options: Any) -> Exception:
    """Return the error for a --features column that contains text, at its first text cell."""
    from dataclasses import replace

    from neuroncli.errors import InputDataError
    from neuroncli.readers import cell_problem

    lenient = replace(options, missing="nan")
    for row, line in zip(chunk.text, chunk.lines.tolist(), strict=True):
        problem = cell_problem(row[index], lenient)
        if problem is not None:
            return InputDataError(problem, path=path, line=line, column=name,
                                  hint="input.hint.text_column", value=row[index],
                                  column_name=name)
    # Every cell is a missing-value marker, so the first one is shown.
    return InputDataError("input.missing_value", path=path, line=int(chunk.lines[0]),
                          column=name, hint="input.hint.text_column", value=chunk.text[0][index],
                          column_name=name)


def _random_seed() -> int:
    import secrets

    return secrets.randbelow(2**32)


def _write(document_text: str, output: str | None, data: str) -> None:
    from neuroncli.writers import atomic_output

    if output is None:
        sys.stdout.write(document_text)
        sys.stdout.flush()
        return
    with atomic_output(output, [data]) as stream:
        stream.write(document_text.encode("utf-8"))


def _print_notes(lines: Sequence[str]) -> None:
    from neuroncli.render import note_text, stderr_console

    console = stderr_console()
    for line in lines:
        console.print(note_text(line))
