"""The ``neuroncli`` command line: the app's commands, its help and usage errors, and ``main``.

Help text is chosen from the language before the app is built, so ``create_app`` takes the
language and ``main`` works it out from ``--lang``, NEURONCLI_LANG and the locale. Each command
is built by the module that ``COMMANDS`` names. The options that the data commands share are in
:mod:`neuroncli.commands.options`.

Help and usage errors are written by Click's plain formatter, in the app's language. Typer's
rich formatter imports rich and markdown_it: ``import typer.rich_utils`` took 76 ms (median of 5
runs of ``python -X importtime`` on Python 3.11, a 2-core AMD EPYC VM).
"""

import importlib
import os
import re
import signal
import sys
from collections.abc import Callable, Collection, Sequence
from enum import Enum
from typing import Annotated, Any

import typer
import typer.core
from typer._click import Context as ClickContext
from typer._click.formatting import HelpFormatter
from typer._click.utils import make_default_short_help

from neuroncli import __version__, interrupts
from neuroncli.errors import EXIT_INTERNAL, EXIT_SIGINT, EXIT_SIGTERM
from neuroncli.interrupts import Terminated
from neuroncli.messages import resolve_language, text


class Language(str, Enum):
    en = "en"
    ko = "ko"


def _language_in_argv(argv: Sequence[str]) -> str | None:
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


def _command_index(argv: Sequence[str]) -> int:
    """Return the index of the word that Click reads as the command, or len(argv) if none.

    The words before it are the app's own options, of which only ``--lang`` takes a value.
    """
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument == "--":
            return index + 1
        if argument == "--lang":
            index += 2
        elif argument.startswith("-") and argument != "-":
            index += 1
        else:
            return index
    return len(argv)


def _command_in_argv(argv: Sequence[str]) -> str | None:
    """Return the word that Click reads as the command, or None if there is none."""
    index = _command_index(argv)
    return argv[index] if index < len(argv) else None


def _print_message(message: str, lang: str) -> None:
    from neuroncli.render import error_text, stderr_console

    stderr_console().print(error_text(message, lang))


# The commands in the order of the help: the module whose register(app, lang, opts) adds each
# one, and the message key of its help text.
COMMANDS: dict[str, tuple[str, str]] = {
    "eval": ("neuroncli.commands.eval", "help.eval"),
    "check": ("neuroncli.commands.check", "check.help"),
    "explain": ("neuroncli.commands.explain", "explain.help"),
    "activations": ("neuroncli.commands.tools", "activations.help"),
    "init-params": ("neuroncli.commands.tools", "init_params.help"),
}


# Korean for the usage errors that Typer and its bundled Click raise in English. Each pattern
# is matched against the English text of Typer 0.29, and compiled only when an error is shown.
_FRAMEWORK_KO: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (r"No such option: (\S+)(?: \((?:Possible options|Did you mean):? (.+?)\??\))?$",
     lambda m: f"알 수 없는 옵션입니다: {m[1]}" + (f" (비슷한 옵션: {m[2]})" if m[2] else "")),
    (r"Missing option '(.+)'\.?", lambda m: f"'{m[1]}' 옵션을 지정해야 합니다."),
    (r"Missing argument '(.+)'\.?", lambda m: f"'{m[1]}' 인수를 지정해야 합니다."),
    (r"Missing command\.$", lambda m: "명령을 지정해야 합니다."),
    (r"Option '(.+)' requires an argument\.?",
     lambda m: f"'{m[1]}' 옵션에는 값이 필요합니다."),
    (r"Option '(.+)' does not take a value\.$",
     lambda m: f"'{m[1]}' 옵션은 값을 받지 않습니다."),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)",
     lambda m: f"예상하지 못한 인수가 더 있습니다: {m[1]}"),
    (r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?$",
     lambda m: f"'{m[1]}' 명령은 없습니다."
     + (f" 혹시 '{m[2]}'을(를) 쓰려고 했나요?" if m[2] else "")),
    (r"Invalid value for (.+?): (?:Value error, )?'(.*)' is not one of (.+)\.$",
     lambda m: f"{m[1]}의 값 '{m[2]}'이(가) 잘못되었습니다. 다음 중 하나를 쓰세요: {m[3]}"),
    (r"Invalid value for (.+?): ('.*') is not a valid integer\.$",
     lambda m: f"{m[1]}의 값 {m[2]}은(는) 정수가 아닙니다."),
    (r"Invalid value for (.+?): Input should be a valid integer.*",
     lambda m: f"{m[1]}의 값은 정수여야 합니다."),
    (r"Invalid value for (.+?): (?:'.*' has more than 4300 digits\.|Unable to parse input "
     r"string as an integer, exceeded maximum size)$",
     lambda m: f"{m[1]}의 값은 4300자리를 넘지 않는 정수여야 합니다."),
    (r"Invalid value for (.+?): ('.*') is not a valid (?:float|number)\.$",
     lambda m: f"{m[1]}의 값 {m[2]}은(는) 숫자가 아닙니다."),
    (r"Invalid value for (.+?): Input should be a valid number.*",
     lambda m: f"{m[1]}의 값은 숫자여야 합니다."),
    (r"(?s)Invalid value for (.+?): (.*)",
     lambda m: f"{m[1]}의 값이 잘못되었습니다: {m[2]}"),
]


def translate_framework_message(message: str) -> str:
    """Return the Korean form of a usage error that Typer printed in English."""
    for pattern, build in _FRAMEWORK_KO:
        match = re.match(pattern, message.strip())
        if match:
            return build(match)
    return message


# The texts that typer.core passes to gettext while it writes help, with their message keys.
_TYPER_HELP_TEXTS = {
    "Arguments": "framework.arguments",
    "Options": "framework.options",
    "Commands": "framework.commands",
    "default: {default}": "framework.default",
    "required": "framework.required",
    "env var: {var}": "framework.env_var",
    "(dynamic)": "framework.dynamic",
}


class _HelpTranslation:
    """A stand-in for typer.core's gettext alias ``_`` that returns Korean while Korean help is
    being written, and the English text at any other time.
    """

    def __init__(self, original: Callable[[str], str]) -> None:
        self.original = original
        self.language = "en"

    def __call__(self, message: str) -> str:
        key = _TYPER_HELP_TEXTS.get(message)
        if key is not None and self.language != "en":
            return text(key, self.language)
        return self.original(message)


def _help_translation() -> _HelpTranslation | None:
    """Install the translating ``_`` in typer.core once, or return None if Typer has none."""
    current = getattr(typer.core, "_", None)
    if isinstance(current, _HelpTranslation):
        return current
    if not callable(current):
        return None
    translation = _HelpTranslation(current)
    typer.core._ = translation  # type: ignore[attr-defined]
    return translation


def _language_of(ctx: Any) -> str:
    return getattr(ctx.find_root().command, "language", "en")


# Follows each double-width character while help is wrapped, and is removed from the output.
_WIDE_MARK = "\0"


def _mark_wide(value: str) -> str:
    """Put a mark after each double-width character, so that len() counts terminal columns."""
    if value.isascii():
        return value
    import unicodedata

    return "".join(character + _WIDE_MARK if unicodedata.east_asian_width(character) in "WF"
                   else character for character in value)


class _DisplayWidthFormatter(HelpFormatter):
    """Click's help formatter, with Hangul and other wide characters counted as two columns.

    Click measures text with len(), so that lines of Korean help would run past the terminal.
    """

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(_mark_wide(prog), _mark_wide(args),
                            None if prefix is None else _mark_wide(prefix))

    def write_text(self, text: str) -> None:
        super().write_text(_mark_wide(text))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        marked = [(_mark_wide(term), _mark_wide(definition)) for term, definition in rows]
        super().write_dl(marked, col_max, col_spacing)

    def getvalue(self) -> str:
        return super().getvalue().replace(_WIDE_MARK, "")


class _PlainHelpContext(typer.Context):
    formatter_class = _DisplayWidthFormatter


# Options that make Click print help or the version and exit while it parses the arguments.
_EXITING_OPTIONS = frozenset({"-h", "--help", "--version"})


class _PlainHelp:
    """Help and usage lines in the app's language, written by Click's plain formatter, and
    option values converted by :mod:`neuroncli.typer_params`.
    """

    context_class: type[ClickContext] = _PlainHelpContext
    converts_values = True

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        own = args[:_command_index(args)] if isinstance(self, typer.core.TyperGroup) else args
        # Click handles the eager help and version options first and exits, before it converts
        # any value, so the converters are not even loaded then.
        self.converts_values = _EXITING_OPTIONS.isdisjoint(own)
        if self.converts_values:
            from neuroncli.typer_params import use_plain_conversion

            use_plain_conversion(self.params)  # type: ignore[attr-defined]
        result: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        return result

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        prefix = text("framework.usage", _language_of(ctx))
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        translation = _help_translation()
        if translation is None:
            super().format_help(ctx, formatter)  # type: ignore[misc]
            return
        previous = translation.language
        translation.language = _language_of(ctx)
        try:
            super().format_help(ctx, formatter)  # type: ignore[misc]
        finally:
            translation.language = previous

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = text("framework.help_option", _language_of(ctx))
        if option is not None and self.converts_values:
            from neuroncli.typer_params import use_plain_conversion

            use_plain_conversion([option])
        return option


class PlainHelpCommand(_PlainHelp, typer.core.TyperCommand):
    """A command of the app; each ``app.command`` passes it as ``cls``."""

    def get_short_help_str(self, limit: int = 45) -> str:
        """Shorten the help text to *limit* terminal columns for the list of commands."""
        if self.short_help or not self.help or self.help.isascii():
            return super().get_short_help_str(limit)
        shortened = make_default_short_help(_mark_wide(self.help), limit)
        return shortened.replace(_WIDE_MARK, "")


class PlainHelpGroup(_PlainHelp, typer.core.TyperGroup):
    """The app's top-level group, with usage errors printed in its language."""

    language = "en"

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        from typer._click.exceptions import ClickException

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        # Typer would print a usage error in English itself, so it runs in non-standalone mode
        # and this method prints the error and exits the way standalone mode does.
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
        except ClickException as error:
            _show_usage_error(error, self.language)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo(text("framework.aborted", self.language), err=True)
            sys.exit(1)
        # In non-standalone mode Typer returns the code of a typer.Exit, or the command's
        # return value, which is None for every neuroncli command.
        sys.exit(result if isinstance(result, int) else 0)


class KoreanHelpGroup(PlainHelpGroup):
    """The top-level group of the Korean app."""

    language = "ko"


def _show_usage_error(error: Any, lang: str) -> None:
    """Print a usage error as Click does, in *lang*: usage line, help hint, then the message."""
    from typer._click.exceptions import NoArgsIsHelpError

    if isinstance(error, NoArgsIsHelpError):
        typer.echo(error.format_message(), err=True)
        return
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines = [ctx.get_usage()]
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            lines.append(text("framework.try_help", lang, command=command))
        typer.echo("\n".join(lines) + "\n", err=True)

    message = error.format_message()
    if lang == "ko":
        message = translate_framework_message(message)
    label = text("framework.error", lang)
    if not os.environ.get("NO_COLOR"):
        # typer.echo removes the colour again when standard error is not a terminal.
        label = typer.style(label, fg="red", bold=True)
    typer.echo(label + message, err=True)


def create_app(lang: str = "en", commands: Collection[str] | None = None) -> typer.Typer:
    """Build the Typer app with help text in *lang*.

    Every command is built with its options, or only the *commands* given. The others are then
    listed by name and help text and fail if run. ``main`` builds just the command on its command
    line: building all five took 19 ms with a bytecode cache, four times as long as printing the
    help (same machine as above).
    """

    def h(key: str, **fields: Any) -> str:
        return text(key, lang, **fields)

    app = typer.Typer(
        name="neuroncli",
        help=h("help.app"),
        cls=KoreanHelpGroup if lang == "ko" else PlainHelpGroup,
        rich_markup_mode=None,
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

    built = set(COMMANDS) if commands is None else set(commands)
    opts = None
    if built:
        from neuroncli.commands.options import CommandOptions

        opts = CommandOptions.build(h)
    for name, (module, help_key) in COMMANDS.items():
        if name in {info.name for info in app.registered_commands}:
            continue
        if name in built:
            importlib.import_module(module).register(app, lang, opts)
        else:
            app.command(name, help=h(help_key), cls=PlainHelpCommand)(_command_not_built)
    return app


def _command_not_built() -> None:
    """Stand in for a command that create_app lists without building it."""
    raise RuntimeError("create_app built the app without this command")


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
    command = _command_in_argv(args)

    try:
        interrupts.install()
        app = create_app(lang, [command] if command in COMMANDS else [])
        app(args=args, prog_name="neuroncli")
    except BrokenPipeError:
        _exit_on_broken_pipe()
    except KeyboardInterrupt:
        _print_message(text("signal.interrupted", lang), lang)
        sys.exit(EXIT_SIGINT)
    except Terminated:
        _print_message(text("signal.interrupted", lang), lang)
        sys.exit(EXIT_SIGTERM)
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a short report
        if debug:
            raise
        message = text("internal.bug", lang, kind=type(exc).__name__, detail=str(exc)[:200])
        message += "\n  " + text("label.hint", lang) + ": " + text("internal.hint", lang)
        _print_message(message, lang)
        sys.exit(EXIT_INTERNAL)


# Names that moved to neuroncli.commands.options, still importable from here. They are loaded on
# first use, so that --help does not compile that module.
_OPTIONS_NAMES = ("CommandOptions", "DEFAULT_CHUNK_SIZE", "LossName", "MissingPolicy",
                  "build_csv_options", "build_request", "reports_errors")


def __getattr__(name: str) -> Any:
    if name in _OPTIONS_NAMES:
        return getattr(importlib.import_module("neuroncli.commands.options"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
