"""The eval command: evaluate the network on every row of the data and write z and a."""

import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from neuroncli.cli import PlainHelpCommand
from neuroncli.commands.options import (
    DEFAULT_CHUNK_SIZE,
    MissingPolicy,
    _check_at_least,
    build_request,
    reports_errors,
)
from neuroncli.messages import text

if TYPE_CHECKING:
    from neuroncli.writers import OutputFormat


def register(app: typer.Typer, lang: str, opts: Any) -> None:
    """Add the eval command to *app*, with help text in *lang*."""
    from neuroncli.writers import OutputFormat

    def h(key: str, **fields: Any) -> str:
        return text(key, lang, **fields)

    @app.command("eval", help=h("help.eval"), cls=PlainHelpCommand)
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


def _choose_format(fmt: "OutputFormat | None", output: str | None) -> "OutputFormat":
    from neuroncli.writers import OutputFormat, format_from_path

    if fmt is not None:
        return fmt
    if output is not None:
        return format_from_path(output) or OutputFormat.csv
    interactive = sys.stdout is not None and sys.stdout.isatty()
    return OutputFormat.table if interactive else OutputFormat.csv


@contextmanager
def _open_sink(fmt: "OutputFormat", output: str | None, inputs: Sequence[str], lang: str, *,
               precision: int, max_rows: int, max_columns: int, safe_csv: bool, bom: bool
               ) -> Iterator[Any]:
    """Yield the sink for the chosen format and destination; files appear only on success."""
    from neuroncli.sinks import RecordSink, TableSink
    from neuroncli.writers import OutputFormat, atomic_output, stdout_spool

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
    feature_list = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    lines.append(text(
        "summary.evaluated", lang, rows=summary.rows,
        activation=request.activations[-1].describe(), n_x=request.params.inputs,
        features=feature_list or "-",
    ))
    if not table_on_stdout:
        lines += _loss_lines(summary, lang)
    _print_notes(lines)
