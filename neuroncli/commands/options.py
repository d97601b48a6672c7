"""The options that the data commands share, and the checks that turn them into a request.

``CommandOptions`` contains the shared options as Annotated types with help in one language,
and ``build_request`` checks their values, loads the parameter file and returns an EvalRequest.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import wraps
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from neuroncli.cli import Language, _exit_on_broken_pipe, _print_message
from neuroncli.errors import EXIT_SIGINT, EXIT_SIGTERM, NeuronCliError, UsageError
from neuroncli.interrupts import Terminated
from neuroncli.messages import resolve_language, text

P = ParamSpec("P")
R = TypeVar("R")
DEFAULT_CHUNK_SIZE = 10_000


class MissingPolicy(str, Enum):
    error = "error"
    nan = "nan"


class LossName(str, Enum):
    mse = "mse"
    mae = "mae"
    bce = "bce"
    cce = "cce"


def _print_error(error: NeuronCliError, lang: str) -> None:
    _print_message(error.render(lang), lang)


def reports_errors(lang: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turn a NeuronCliError raised by a command into its message and exit code."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @wraps(command)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            chosen = kwargs.get("lang", kwargs.get("lang_option"))
            language = resolve_language(_lang_value(chosen) or lang)
            try:
                return command(*args, **kwargs)
            except NeuronCliError as error:
                _print_error(error, language)
                raise typer.Exit(error.exit_code) from None
            except KeyboardInterrupt:
                _print_message(text("signal.interrupted", language), language)
                raise typer.Exit(EXIT_SIGINT) from None
            except Terminated:
                _print_message(text("signal.interrupted", language), language)
                raise typer.Exit(EXIT_SIGTERM) from None
            except BrokenPipeError:
                # Handled here, because Click would otherwise turn it into exit status 1.
                _exit_on_broken_pipe()
                raise

        return wrapper

    return decorate


def _lang_value(value: object) -> str | None:
    return value.value if isinstance(value, Language) else None


def _parse_activation_params(values: Sequence[str]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for item in values:
        name, separator, raw = item.partition("=")
        if not separator or not name.strip():
            raise UsageError("usage.bad_activation_param", value=item)
        try:
            parsed[name.strip()] = float(raw)
        except ValueError:
            parsed[name.strip()] = raw.strip()
    return parsed


def _check_delimiter(value: str | None) -> str | None:
    if value is None:
        return None
    if value.lower() in ("tab", "\\t"):
        return "\t"
    if len(value) != 1 or value in "\r\n\"":
        raise UsageError("usage.bad_delimiter", value=value)
    return value


def _check_at_least(option: str, value: int, minimum: int) -> int:
    if value < minimum:
        raise UsageError("usage.bad_positive", option=option, minimum=minimum, value=value)
    return value


@dataclass(frozen=True)
class CommandOptions:
    """The options that every command reading data shares, as Annotated types with help in one
    language. A command declares a parameter as, for example, ``data: opts.Data``.
    """

    Data: Any
    Params: Any
    Activation: Any
    ActivationParam: Any
    Features: Any
    IdColumn: Any
    Delimiter: Any
    NoHeader: Any
    Encoding: Any
    Decimal: Any
    Thousands: Any
    Missing: Any
    Target: Any
    Loss: Any
    ChunkSize: Any
    Precision: Any
    Quiet: Any
    Lang: Any
    Debug: Any
    Progress: Any
    Stats: Any

    @classmethod
    def build(cls, h: Callable[..., str]) -> "CommandOptions":
        from neuroncli.core.activation_names import LAYER_ACTIVATION_NAMES

        names = ", ".join(LAYER_ACTIVATION_NAMES)
        return cls(
            Data=Annotated[str, typer.Argument(metavar="DATA", help=h("help.data"))],
            Params=Annotated[str, typer.Option(
                "--params", "-p", metavar="PARAMS.json", help=h("help.params"))],
            Activation=Annotated[str | None, typer.Option(
                "--activation", "-g", metavar="NAME", help=h("help.activation", names=names))],
            ActivationParam=Annotated[list[str] | None, typer.Option(
                "--activation-param", metavar="NAME=VALUE", help=h("help.activation_param"))],
            Features=Annotated[list[str] | None, typer.Option(
                "--features", metavar="COLUMNS", help=h("help.features"))],
            IdColumn=Annotated[list[str] | None, typer.Option(
                "--id-column", metavar="NAME", help=h("help.id_column"))],
            Delimiter=Annotated[str | None, typer.Option(
                "--delimiter", "-d", metavar="CHAR", help=h("help.delimiter"))],
            NoHeader=Annotated[bool, typer.Option("--no-header", help=h("help.no_header"))],
            Encoding=Annotated[str | None, typer.Option(
                "--encoding", "-e", metavar="CODEC", help=h("help.encoding"))],
            Decimal=Annotated[str, typer.Option(
                "--decimal", metavar="CHAR", help=h("help.decimal"))],
            Thousands=Annotated[str | None, typer.Option(
                "--thousands", metavar="CHAR", help=h("help.thousands"))],
            Missing=Annotated[MissingPolicy, typer.Option("--missing", help=h("help.missing"))],
            Target=Annotated[str | None, typer.Option(
                "--target", metavar="COLUMN", help=h("help.target"))],
            Loss=Annotated[LossName | None, typer.Option("--loss", help=h("help.loss"))],
            ChunkSize=Annotated[int, typer.Option("--chunk-size", help=h("help.chunk_size"))],
            Precision=Annotated[int, typer.Option("--precision", help=h("help.precision"))],
            Quiet=Annotated[bool, typer.Option("--quiet", "-q", help=h("help.quiet"))],
            Lang=Annotated[Language | None, typer.Option("--lang", help=h("help.lang"))],
            Debug=Annotated[bool, typer.Option("--debug", help=h("help.debug"))],
            Progress=Annotated[bool, typer.Option(
                "--progress/--no-progress", help=h("speed.help.progress"))],
            Stats=Annotated[bool, typer.Option("--stats", help=h("speed.help.stats"))],
        )


def build_csv_options(*, delimiter: str | None, no_header: bool, encoding: str | None,
                      decimal: str, thousands: str | None,
                      missing: MissingPolicy = MissingPolicy.error,
                      chunk_size: int = DEFAULT_CHUNK_SIZE) -> Any:
    """Check the options that describe how to read the data file and return its CsvOptions.

    Raises
    ------
    UsageError
        For a delimiter, decimal mark, thousands separator or chunk size that cannot work.
    """
    from neuroncli.readers import CsvOptions

    if decimal not in (".", ","):
        raise UsageError("usage.bad_decimal", value=decimal)
    separator = _check_delimiter(delimiter)
    if decimal == "," and separator == ",":
        raise UsageError("usage.decimal_is_delimiter")
    if thousands is not None and (len(thousands) != 1 or thousands == decimal
                                  or thousands not in ",. '_"):
        raise UsageError("usage.bad_thousands", value=thousands, decimal=decimal)
    _check_at_least("--chunk-size", chunk_size, 1)
    return CsvOptions(delimiter=separator, header=not no_header, encoding=encoding,
                      decimal=decimal, thousands=thousands, missing=missing.value,
                      chunk_size=chunk_size)


def build_request(
    *,
    data: str,
    params: str,
    activation: str | None = None,
    activation_param: Sequence[str] | None = None,
    features: Sequence[str] | None = None,
    id_column: Sequence[str] | None = None,
    keep_input: bool = False,
    delimiter: str | None = None,
    no_header: bool = False,
    encoding: str | None = None,
    decimal: str = ".",
    thousands: str | None = None,
    missing: MissingPolicy = MissingPolicy.error,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    target: str | None = None,
    loss: LossName | None = None,
    all_layers: bool = False,
    precision: int = 6,
) -> Any:
    """Check the shared options, load the parameter file and return an EvalRequest.

    Raises
    ------
    NeuronCliError
        A usage error for a bad option, or the parameter file's error.
    """
    from neuroncli.params import load_params, resolve_activation
    from neuroncli.pipeline import EvalRequest
    from neuroncli.sources import check_readable

    if data == "-" and params == "-":
        raise UsageError("usage.stdin_twice")
    options = build_csv_options(delimiter=delimiter, no_header=no_header, encoding=encoding,
                                decimal=decimal, thousands=thousands, missing=missing,
                                chunk_size=chunk_size)
    _check_at_least("--precision", precision, 1)
    check_readable(data)

    parameters = load_params(params)
    choices = _activation_choices(activation, activation_param or [], parameters, params,
                                  resolve_activation)
    return EvalRequest(data, parameters, choices, options, features, id_column or [],
                       keep_input, target, loss.value if loss else None, all_layers)


def _activation_choices(
    name: str | None,
    cli_params: Sequence[str],
    parameters: Any,
    params_path: str,
    resolve: Callable[..., Any],
) -> list[Any]:
    """Return every layer's activation; ``--activation`` and its parameters set the last one."""
    from neuroncli.errors import ParameterError
    from neuroncli.params import check_activation_fits, layer_activation

    layers = parameters.layers
    for layer in layers[:-1]:
        if layer.activation is None:
            raise ParameterError("params.no_activation_layer", path=params_path,
                                 layer=layer.index)
    from_file = layers[-1].activation
    overrides = _parse_activation_params(cli_params)
    if name is not None:
        activation = layer_activation(name)
        inherited = {}
        if from_file is not None and from_file.name == activation.name:
            inherited = dict(from_file.params)
        try:
            last = resolve(activation.name, {**inherited, **overrides}, path=None,
                           entry="--activation")
        except ParameterError as error:
            raise _as_usage_error(error) from None
    elif from_file is None:
        raise ParameterError("params.no_activation", path=params_path,
                             hint="params.hint.no_activation")
    elif overrides:
        try:
            last = resolve(from_file.name, {**from_file.params, **overrides}, path=None,
                           entry="--activation-param")
        except ParameterError as error:
            raise _as_usage_error(error) from None
    else:
        last = from_file
    try:
        check_activation_fits(last, layers[-1].units, path=None, entry="--activation")
    except ParameterError as error:
        raise _as_usage_error(error) from None
    return [layer.activation for layer in layers[:-1]] + [last]


def _as_usage_error(error: NeuronCliError) -> UsageError:
    """Report a problem in an option's value with the usage exit code, keeping its message."""
    return UsageError(error.key, hint=error.hint, **error.fields)
