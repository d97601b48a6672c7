"""The ``neuroncli`` command line: options, wiring and the mapping of errors to exit codes.

Help text is chosen from the language before the app is built, so ``create_app`` takes the
language and ``main`` works it out from ``--lang``, NEURONCLI_LANG and the locale.
"""


import importlib
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import Enum
from functools import wraps
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from neuroncli import __version__, interrupts
from neuroncli.errors import EXIT_INTERNAL, EXIT_SIGINT, EXIT_SIGTERM, NeuronCliError, UsageError
from neuroncli.interrupts import Terminated
from neuroncli.messages import resolve_language, text
from neuroncli.writers import OutputFormat

P = ParamSpec("P")
R = TypeVar("R")


class Language(str, Enum):
    en = "en"
    ko = "ko"


class MissingPolicy(str, Enum):
    error = "error"
    nan = "nan"


class LossName(str, Enum):
    mse = "mse"
    mae = "mae"
    bce = "bce"
    cce = "cce"




def _language_in_argv(argv: Sequence[str]) -> str | None:
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


def _print_message(message: str, lang: str) -> None:
    from neuroncli.render import error_text, stderr_console

    stderr_console().print(error_text(message, lang))


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


def _choose_format(fmt: OutputFormat | None, output: str | None) -> OutputFormat:
    from neuroncli.writers import format_from_path

    if fmt is not None:
        return fmt
    if output is not None:
        return format_from_path(output) or OutputFormat.csv
    interactive = sys.stdout is not None and sys.stdout.isatty()
    return OutputFormat.table if interactive else OutputFormat.csv


@contextmanager
def _open_sink(fmt: OutputFormat, output: str | None, inputs: Sequence[str], lang: str, *,
               precision: int, max_rows: int, max_columns: int, safe_csv: bool, bom: bool
               ) -> Iterator[Any]:
    """Yield the sink for the chosen format and destination; files appear only on success."""
    from neuroncli.sinks import RecordSink, TableSink
    from neuroncli.writers import atomic_output, stdout_spool

    table_options = {"precision": precision, "max_rows": max_rows, "max_columns": max_columns}
    with ExitStack() as stack:
        if output is None and fmt is OutputFormat.table:
            yield TableSink(None, lang, **table_options)
            return
        binary = stack.enter_context(
            stdout_spool() if output is None else atomic_output(output, inputs)
        )
        if fmt is OutputFormat.table:
            import io

            wrapper = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
            stack.callback(wrapper.detach)
            stack.callback(wrapper.flush)
            yield TableSink(wrapper, lang, **table_options)
        else:
            yield RecordSink(binary, fmt, safe_csv=safe_csv, bom=bom)


# Modules that add commands to the app: each has register(app, lang, opts).
COMMAND_MODULES = ("neuroncli.commands.check", "neuroncli.commands.explain",
                   "neuroncli.commands.tools")
DEFAULT_CHUNK_SIZE = 10_000


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
        from neuroncli.core.dense import LAYER_ACTIVATIONS

        names = ", ".join(LAYER_ACTIVATIONS)
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
            Decimal=Annotated[str, typer.Option("--decimal", help=h("help.decimal"))],
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


# Korean for the messages that Typer and its bundled Click print themselves (usage errors and
# help panels). Each pattern is matched against the English text of Typer 0.29.
_FRAMEWORK_KO: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"No such option: (\S+)(?: \((?:Possible options|Did you mean):? (.+?)\??\))?$"),
     lambda m: f"알 수 없는 옵션입니다: {m[1]}" + (f" (비슷한 옵션: {m[2]})" if m[2] else "")),
    (re.compile(r"Missing option '(.+)'\.?"), lambda m: f"'{m[1]}' 옵션을 지정해야 합니다."),
    (re.compile(r"Missing argument '(.+)'\.?"), lambda m: f"'{m[1]}' 인수를 지정해야 합니다."),
    (re.compile(r"Option '(.+)' requires an argument\.?"),
     lambda m: f"'{m[1]}' 옵션에는 값이 필요합니다."),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)"),
     lambda m: f"예상하지 못한 인수가 더 있습니다: {m[1]}"),
    (re.compile(r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?$"),
     lambda m: f"'{m[1]}' 명령은 없습니다."
     + (f" 혹시 '{m[2]}'을(를) 쓰려고 했나요?" if m[2] else "")),
    (re.compile(r"Invalid value for (.+?): (?:Value error, )?'(.*)' is not one of (.+)\.$"),
     lambda m: f"{m[1]}의 값 '{m[2]}'이(가) 잘못되었습니다. 다음 중 하나를 쓰세요: {m[3]}"),
    (re.compile(r"Invalid value for (.+?): ('(.*)' is not a valid integer|Input should be a "
                r"valid integer).*"),
     lambda m: f"{m[1]}의 값은 정수여야 합니다."),
    (re.compile(r"Invalid value for (.+?): (.*)", re.DOTALL),
     lambda m: f"{m[1]}의 값이 잘못되었습니다: {m[2]}"),
]
_PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": ("Arguments", "인수"),
    "OPTIONS_PANEL_TITLE": ("Options", "옵션"),
    "COMMANDS_PANEL_TITLE": ("Commands", "명령"),
    "ERRORS_PANEL_TITLE": ("Error", "오류"),
    "ABORTED_TEXT": ("Aborted.", "중단했습니다."),
    "RICH_HELP": ("Try [blue]'{command_path} {help_option}'[/] for help.",
                  "도움말은 [blue]'{command_path} {help_option}'[/] 로 볼 수 있습니다."),
    "REQUIRED_LONG_STRING": ("[required]", "[필수]"),
    "DEFAULT_STRING": ("[default: {}]", "[기본값: {}]"),
}


def translate_framework_message(message: str) -> str:
    """Return the Korean form of a usage error that Typer printed in English."""
    for pattern, build in _FRAMEWORK_KO:
        match = pattern.match(message.strip())
        if match:
            return build(match)
    return message


def _localize_framework(lang: str) -> None:
    """Set Typer's own panel titles and usage errors to *lang*.

    Typer keeps them in module globals, so the setting holds for the whole process.
    """
    from typer import rich_utils

    korean = lang == "ko"
    for name, (english, hangul) in _PANEL_TITLES.items():
        setattr(rich_utils, name, hangul if korean else english)

    original = getattr(rich_utils, "_neuroncli_original_format_error", None)
    if original is None:
        original = rich_utils.rich_format_error
        rich_utils._neuroncli_original_format_error = original  # type: ignore[attr-defined]

    def format_error(error: Any) -> None:
        if korean:
            english = error.format_message
            error.format_message = lambda: translate_framework_message(english())
        original(error)

    rich_utils.rich_format_error = format_error  # type: ignore[assignment]


def create_app(lang: str = "en") -> typer.Typer:
    """Build the Typer app with help text in *lang*."""
    _localize_framework(lang)

    def h(key: str, **fields: Any) -> str:
        return text(key, lang, **fields)

    app = typer.Typer(
        name="neuroncli",
        help=h("help.app"),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def show_version(value: bool) -> None:
        if value:
            typer.echo(f"neuroncli {__version__}")
            raise typer.Exit()

    @app.callback()
    def root(
        version: Annotated[bool, typer.Option(
            "--version", callback=show_version, is_eager=True, help=h("help.version"),
        )] = False,
        lang_option: Annotated[Language | None, typer.Option(
            "--lang", help=h("help.lang"))] = None,
    ) -> None:
        # The language was already chosen from the command line when the app was built.
        pass

    opts = CommandOptions.build(h)

    @app.command("eval", help=h("help.eval"))
    @reports_errors(lang)
    def eval_command(
        data: opts.Data,
        params: opts.Params,
        activation: opts.Activation = None,
        activation_param: opts.ActivationParam = None,
        features: opts.Features = None,
        id_column: opts.IdColumn = None,
        keep_input: Annotated[bool, typer.Option(
            "--keep-input", help=h("help.keep_input"))] = False,
        delimiter: opts.Delimiter = None,
        no_header: opts.NoHeader = False,
        encoding: opts.Encoding = None,
        decimal: opts.Decimal = ".",
        thousands: opts.Thousands = None,
        missing: opts.Missing = MissingPolicy.error,
        output: Annotated[str | None, typer.Option(
            "--output", "-o", metavar="PATH", help=h("help.output"))] = None,
        fmt: Annotated[OutputFormat | None, typer.Option(
            "--format", "-f", help=h("help.format"))] = None,
        precision: opts.Precision = 6,
        max_rows: Annotated[int, typer.Option("--max-rows", help=h("help.max_rows"))] = 20,
        max_columns: Annotated[int, typer.Option(
            "--max-columns", help=h("help.max_columns"))] = 12,
        target: opts.Target = None,
        loss: opts.Loss = None,
        all_layers: Annotated[bool, typer.Option(
            "--all-layers", help=h("help.all_layers"))] = False,
        chunk_size: opts.ChunkSize = DEFAULT_CHUNK_SIZE,
        safe_csv: Annotated[bool, typer.Option("--safe-csv", help=h("help.safe_csv"))] = False,
        bom: Annotated[bool, typer.Option("--bom", help=h("help.bom"))] = False,
        quiet: opts.Quiet = False,
        lang_option: opts.Lang = None,
        debug: opts.Debug = False,
        progress: opts.Progress = True,
        stats: opts.Stats = False,
        plot_path: Annotated[str | None, typer.Option(
            "--plot", metavar="PATH.png", help=h("plot.help_option"))] = None,
    ) -> None:
        import time

        from neuroncli.pipeline import RunStats, run
        from neuroncli.render_progress import ProgressBar, print_stats, progress_wanted

        started = time.perf_counter()
        language = lang_option.value if lang_option else lang
        _check_at_least("--max-rows", max_rows, 0)
        _check_at_least("--max-columns", max_columns, 0)
        request = build_request(
            data=data, params=params, activation=activation, activation_param=activation_param,
            features=features, id_column=id_column, keep_input=keep_input, delimiter=delimiter,
            no_header=no_header, encoding=encoding, decimal=decimal, thousands=thousands,
            missing=missing,
            chunk_size=chunk_size, target=target, loss=loss, all_layers=all_layers,
            precision=precision,
        )
        if output == "-":
            output = None
        chosen = _choose_format(fmt, output)
        collector = None
        if plot_path is not None:
            from neuroncli.plot import PlotCollector, plot_format

            plot_format(plot_path)
            collector = PlotCollector(request.params.units)

        # Only the monitors in use are passed, so run keeps its two-argument form otherwise.
        run_stats = RunStats()
        monitors: dict[str, Any] = {"stats": run_stats} if stats else {}
        if progress_wanted(progress and not quiet):
            monitors["progress"] = ProgressBar(language, data)
        if collector is not None:
            monitors["on_output"] = collector.add
        with _open_sink(chosen, output, [data, params], language, precision=precision,
                        max_rows=max_rows, max_columns=max_columns, safe_csv=safe_csv,
                        bom=bom) as sink:
            summary = run(request, sink, **monitors)
        elapsed = time.perf_counter() - started

        plot_notes: list[str] = []
        if collector is not None and plot_path is not None:
            from neuroncli.plot import write_plot

            outputs = request.params.outputs
            names = list(outputs) if outputs and len(outputs) == request.params.units else None
            plot_notes = write_plot(plot_path, collector, request.activations[-1], language,
                                    unit_names=names, inputs=[data, params])
            plot_notes.insert(0, text("plot.wrote", language, path=plot_path))

        table_on_stdout = output is None and chosen is OutputFormat.table
        if quiet:
            pass
        elif output is not None or sys.stderr.isatty():
            _print_summary(language, summary, request, output, table_on_stdout)
        elif summary.loss is not None and not table_on_stdout:
            _print_notes(_loss_lines(summary, language))
        if stats:
            print_stats(run_stats, elapsed, language)
        if plot_notes and not quiet:
            _print_notes(plot_notes)

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(app, lang, opts)

    return app


def _activation_choices(
    name: str | None,
    cli_params: Sequence[str],
    parameters: Any,
    params_path: str,
    resolve: Callable[..., Any],
) -> list[Any]:
    """Return every layer's activation; ``--activation`` and its parameters set the last one."""
    from neuroncli.core.dense import (
        LAYER_ACTIVATIONS,
        closest_layer_activation_names,
        find_layer_activation,
    )
    from neuroncli.errors import ParameterError
    from neuroncli.params import check_activation_fits

    layers = parameters.layers
    for layer in layers[:-1]:
        if layer.activation is None:
            raise ParameterError("params.no_activation_layer", path=params_path,
                                 layer=layer.index)
    from_file = layers[-1].activation
    overrides = _parse_activation_params(cli_params)
    if name is not None:
        activation = find_layer_activation(name)
        if activation is None:
            suggestions = closest_layer_activation_names(name)
            raise UsageError(
                "usage.unknown_activation", hint="hint.did_you_mean" if suggestions else None,
                name=name, valid=", ".join(LAYER_ACTIVATIONS), suggestions=", ".join(suggestions),
            )
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


def _loss_lines(summary: Any, lang: str) -> list[str]:
    from neuroncli.sinks import summary_lines

    return summary_lines(summary, lang)


def _print_notes(lines: Sequence[str]) -> None:
    from neuroncli.render import note_text, stderr_console

    console = stderr_console()
    for line in lines:
        console.print(note_text(line))


def _print_summary(lang: str, summary: Any, request: Any, output: str | None,
                   table_on_stdout: bool) -> None:
    lines = []
    if output is not None:
        lines.append(text("summary.written", lang, rows=summary.rows, path=output))
    names = list(summary.features or request.params.features or [])
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    lines.append(text(
        "summary.evaluated", lang, rows=summary.rows,
        activation=request.activations[-1].describe(), n_x=request.params.inputs,
        features=shown or "-",
    ))
    if not table_on_stdout:
        lines += _loss_lines(summary, lang)
    _print_notes(lines)




def _exit_on_broken_pipe() -> None:
    """Stop quietly, as ``cat`` does, when the reader of standard output has gone away."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    sys.exit(1)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line: the ``neuroncli`` console script and ``python -m neuroncli``."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = resolve_language(_language_in_argv(args))
    debug = "--debug" in args or os.environ.get("NEURONCLI_DEBUG") == "1"
    from neuroncli.render import error_text, stderr_console

    try:
        interrupts.install()
        create_app(lang)(args=args, prog_name="neuroncli")
    except BrokenPipeError:
        _exit_on_broken_pipe()
    except KeyboardInterrupt:
        stderr_console().print(error_text(text("signal.interrupted", lang), lang))
        sys.exit(EXIT_SIGINT)
    except Terminated:
        stderr_console().print(error_text(text("signal.interrupted", lang), lang))
        sys.exit(EXIT_SIGTERM)
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a short report
        if debug:
            raise
        message = text("internal.bug", lang, kind=type(exc).__name__, detail=str(exc)[:200])
        message += "\n  " + text("label.hint", lang) + ": " + text("internal.hint", lang)
        stderr_console().print(error_text(message, lang))
        sys.exit(EXIT_INTERNAL)
