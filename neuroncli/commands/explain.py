"""The explain command: how one row of the data is computed, step by step."""

import sys
from typing import Annotated, Any

import typer


def register(app: typer.Typer, lang: str, opts: Any) -> None:
    """Add the explain command to *app*, with help text in *lang*."""
    from neuroncli.cli import PlainHelpCommand
    from neuroncli.commands.options import (
        MissingPolicy,
        _check_at_least,
        build_request,
        reports_errors,
    )
    from neuroncli.messages import text

    def h(key: str, **fields: Any) -> str:
        return text(key, lang, **fields)

    @app.command("explain", help=h("explain.help"), cls=PlainHelpCommand)
    @reports_errors(lang)
    def explain_command(
        data: opts.Data,
        params: opts.Params,
        row: Annotated[int, typer.Option("--row", "-r", metavar="K", help=h("explain.help.row"))],
        target: Annotated[str | None, typer.Option(
            "--target", metavar="COLUMN", help=h("explain.help.target"))] = None,
        loss: opts.Loss = None,
        precision: Annotated[int, typer.Option(
            "--precision", help=h("explain.help.precision"))] = 6,
        activation: opts.Activation = None,
        activation_param: opts.ActivationParam = None,
        features: opts.Features = None,
        id_column: Annotated[list[str] | None, typer.Option(
            "--id-column", metavar="NAME", help=h("explain.help.id_column"))] = None,
        delimiter: opts.Delimiter = None,
        no_header: opts.NoHeader = False,
        encoding: opts.Encoding = None,
        decimal: opts.Decimal = ".",
        missing: opts.Missing = MissingPolicy.error,
        lang_option: opts.Lang = None,
        debug: opts.Debug = False,
    ) -> None:
        from neuroncli.errors import UsageError
        from neuroncli.explain import explain_row, find_row
        from neuroncli.pipeline import open_batch
        from neuroncli.render_explain import plain_text, print_rich

        language = lang_option.value if lang_option else lang
        _check_at_least("--precision", precision, 1)
        request = build_request(
            data=data, params=params, activation=activation, activation_param=activation_param,
            features=features, id_column=id_column, delimiter=delimiter, no_header=no_header,
            encoding=encoding, decimal=decimal, missing=missing, target=target,
            loss=loss, precision=precision,
        )

        with open_batch(request) as batch:
            found, rows = find_row(batch.chunks, row)
            if found is None:
                if rows == 0:
                    raise UsageError("explain.no_rows", path=data, hint="explain.hint.no_rows",
                                     row=row)
                raise UsageError("explain.row_out_of_range", path=data,
                                 hint="explain.hint.row_range", row=row, rows=rows)
            explanation = explain_row(batch, request, found, rows, precision)

        if sys.stdout.isatty():
            print_rich(explanation, language)
            return
        _write_plain(plain_text(explanation, language))


def _write_plain(content: str) -> None:
    """Write UTF-8 text to standard output, whatever the locale's encoding."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(content.encode("utf-8"))
    buffer.flush()
