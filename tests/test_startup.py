"""Start-up of the command line: what help, usage errors and a small run import, plain help in
both languages, and value conversion without pydantic checked against pydantic itself.

No test here measures time. The imports are the cause of a slow start, and they are checked
exactly: a child process records ``sys.modules`` when it exits.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pytest
import typer
import typer.core
from conftest import environment_without_styling, read_terminal
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from typer._coercion import AdapterRuntimeParam, build_runtime_param, resolve_type_descriptor
from typer.models import OptionInfo
from typer.testing import CliRunner

from neuroncli import typer_params
from neuroncli.cli import (
    COMMANDS,
    PlainHelpCommand,
    PlainHelpGroup,
    _command_in_argv,
    create_app,
    translate_framework_message,
)
from neuroncli.errors import EXIT_USAGE

# Packages that cost tens of milliseconds to import and that --help does not need.
HEAVY_PACKAGES = ("numpy", "pandas", "pyarrow", "rich", "pydantic", "markdown_it")
# Packages that a small eval run does not need.
NOT_FOR_EVAL = ("pydantic", "markdown_it", "pandas")

# Runs neuroncli.cli.main in this interpreter and writes the names in sys.modules at exit, after
# main has ended with SystemExit, to the file named by the first argument.
RECORDER = """\
import atexit
import json
import sys

record_path = sys.argv[1]


def write_modules():
    with open(record_path, "w", encoding="utf-8") as record:
        json.dump(sorted(sys.modules), record)


atexit.register(write_modules)
sys.argv = ["neuroncli", *sys.argv[2:]]
from neuroncli.cli import main

main()
"""


def run_recording_modules(folder: Path, args: list[str]
                          ) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run neuroncli with *args* in a child process; return it and its top-level packages."""
    script = folder / "record_modules.py"
    script.write_text(RECORDER, encoding="utf-8")
    record = folder / "modules.json"
    result = subprocess.run([sys.executable, str(script), str(record), *args], cwd=folder,
                            capture_output=True, text=True, env=environment_without_styling(),
                            timeout=120)
    modules = json.loads(record.read_text(encoding="utf-8"))
    return result, {name.partition(".")[0] for name in modules}


def write_tiny_data(folder: Path) -> tuple[np.ndarray, np.ndarray, float]:
    """Write d.csv (10 rows, 4 features) and p.json (a sigmoid neuron) into *folder*."""
    rng = np.random.default_rng(7)
    X = rng.uniform(-3, 3, size=(10, 4))
    w = np.array([0.5, -1.25, 2.0, 0.125])
    b = -0.375
    rows = [",".join(["x1", "x2", "x3", "x4"])] + [",".join(map(repr, row)) for row in X.tolist()]
    (folder / "d.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    params = {"weights": w.tolist(), "bias": b, "activation": "sigmoid"}
    (folder / "p.json").write_text(json.dumps(params), encoding="utf-8")
    return X, w, b


HELP_COMMANDS = [["--help"], ["-h"], ["--version"], ["eval", "--help"], ["check", "--help"],
                 ["explain", "--help"], ["activations", "--help"], ["init-params", "--help"]]


@pytest.mark.subprocess
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("args", HELP_COMMANDS, ids=" ".join)
def test_help_imports_no_heavy_package(tmp_path, args, lang):
    result, packages = run_recording_modules(tmp_path, [*args, "--lang", lang])

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert packages & set(HEAVY_PACKAGES) == set()


USAGE_ERRORS = [
    ["eval", "d.csv", "-p", "p.json", "--precision", "x"],
    ["check", "d.csv", "-p", "p.json", "--expected", "d.csv", "--rtol", "abc"],
    ["eval", "d.csv", "-p", "p.json", "--missing", "maybe"],
    ["eval", "d.csv", "--no-such-option"],
    ["evaluate"],
    [],
]


@pytest.mark.subprocess
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda args: " ".join(args) or "no-args")
def test_usage_error_imports_no_heavy_package(tmp_path, args, lang):
    write_tiny_data(tmp_path)
    result, packages = run_recording_modules(tmp_path, ["--lang", lang, *args])

    assert result.returncode == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr.strip()
    assert "\x1b[" not in result.stderr
    assert packages & set(HEAVY_PACKAGES) == set()


@pytest.mark.subprocess
def test_tiny_eval_imports_no_pydantic(tmp_path):
    X, w, b = write_tiny_data(tmp_path)
    result, packages = run_recording_modules(
        tmp_path, ["eval", "d.csv", "-p", "p.json", "-o", "out.csv"])

    assert result.returncode == 0, result.stderr
    assert packages & set(NOT_FOR_EVAL) == set()
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "row,z,a"
    z = X @ w + b
    a = 1.0 / (1.0 + np.exp(-z))
    for line, z_expected, a_expected in zip(lines[1:], z, a, strict=True):
        _, z_text, a_text = line.split(",")
        assert math.isclose(float(z_text), z_expected, rel_tol=1e-14, abs_tol=1e-15)
        assert math.isclose(float(a_text), a_expected, rel_tol=1e-14)


# Which commands main builds -----------------------------------------------------------------

@pytest.mark.parametrize(("argv", "command"), [
    ([], None),
    (["--help"], None),
    (["eval", "d.csv"], "eval"),
    (["--lang", "ko", "check", "--help"], "check"),
    (["--lang=ko", "explain"], "explain"),
    (["--lang", "eval", "check"], "check"),
    (["--version", "init-params"], "init-params"),
    (["--", "activations"], "activations"),
    (["--"], None),
    (["-", "eval"], "-"),
])
def test_command_in_argv(argv, command):
    assert _command_in_argv(argv) == command


def help_of(app: typer.Typer, path: list[str]) -> str:
    """Return the help text of the command at *path* ([] for the app itself)."""
    group = typer.main.get_command(app)
    ctx = group.make_context("neuroncli", [], resilient_parsing=True)
    command = group
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return command.get_help(ctx)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_app_without_commands_lists_them_the_same(lang):
    assert help_of(create_app(lang, []), []) == help_of(create_app(lang), [])


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_app_with_one_command_has_its_full_help(lang, name):
    assert help_of(create_app(lang, [name]), [name]) == help_of(create_app(lang), [name])


def test_command_left_out_fails_if_run():
    result = CliRunner().invoke(create_app("en", []), ["check"])

    assert isinstance(result.exception, RuntimeError)


# Plain help and usage errors ----------------------------------------------------------------

def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1
               for character in line)


@pytest.mark.parametrize("path", [[], *[[name] for name in COMMANDS]], ids=str)
def test_english_help_is_typers_plain_help(monkeypatch, path):
    ours = help_of(create_app("en"), path)

    # The same app built from Typer's own classes, which write Click's plain help.
    import neuroncli.commands.eval
    from neuroncli import cli

    monkeypatch.setattr(cli, "PlainHelpGroup", typer.core.TyperGroup)
    monkeypatch.setattr(cli, "PlainHelpCommand", typer.core.TyperCommand)
    monkeypatch.setattr(neuroncli.commands.eval, "PlainHelpCommand", typer.core.TyperCommand)
    app = create_app("en")
    assert type(typer.main.get_command(app)) is typer.core.TyperGroup

    assert ours == help_of(app, path)


def test_korean_help_uses_korean_framework_text():
    help_text = help_of(create_app("ko"), ["eval"])

    assert help_text.startswith("사용법: neuroncli eval [OPTIONS] {DATA}")
    for korean in ("\n인수:\n", "\n옵션:\n", "[필수]", "[기본값: 6]",
                   "이 도움말을 보여 주고 끝냅니다."):
        assert korean in help_text
    for english in ("Usage:", "Arguments:", "Options:", "[required]", "default:",
                    "Show this message"):
        assert english not in help_text


def test_korean_group_help_names_commands_in_korean():
    help_text = help_of(create_app("ko"), [])

    assert "\n명령:\n" in help_text
    assert "Commands:" not in help_text


@pytest.mark.parametrize("path", [[], *[[name] for name in COMMANDS]], ids=str)
def test_korean_help_fits_eighty_columns(run_cli, path):
    result = run_cli([*path, "--help"], lang="ko", env={"COLUMNS": "80"})

    assert result.exit_code == 0
    assert "…" not in result.stdout
    for line in result.stdout.splitlines():
        assert display_width(line) <= 80, line


def test_korean_help_keeps_every_word(run_cli):
    from neuroncli.messages import text

    result = run_cli(["eval", "--help"], lang="ko")
    joined = " ".join(result.stdout.split())

    assert text("help.quiet", "ko") in joined
    assert text("help.missing", "ko") in joined


def test_help_after_english_app_is_english_again():
    korean = help_of(create_app("ko"), ["eval"])
    english = help_of(create_app("en"), ["eval"])

    assert "옵션" in korean
    assert "Options:" in english
    assert "옵션" not in english


BAD_VALUES = [
    (["eval", "d.csv", "-p", "p.json", "--precision", "x"], "--precision"),
    (["eval", "d.csv", "-p", "p.json", "--precision", "1.5"], "--precision"),
    (["eval", "d.csv", "-p", "p.json", "--chunk-size", "1e3"], "--chunk-size"),
    (["check", "d.csv", "-p", "p.json", "--expected", "e.csv", "--rtol", "abc"], "--rtol"),
    (["check", "d.csv", "-p", "p.json", "--expected", "e.csv", "--atol", "1,5"], "--atol"),
    (["eval", "d.csv", "-p", "p.json", "--missing", "maybe"], "--missing"),
    (["eval", "d.csv", "-p", "p.json", "-f", "xml"], "'--format' / '-f'"),
    (["explain", "d.csv", "-p", "p.json", "--row", "x"], "'--row' / '-r'"),
    (["init-params", "d.csv", "--init", "random"], "--init"),
    (["eval", "d.csv", "-p", "p.json", "--lang", "fr"], "--lang"),
]


def invoke_with_typer_conversion(monkeypatch, lang: str, args: list[str]) -> Any:
    """Run the app with Typer's own pydantic conversion, as before this module existed."""
    with monkeypatch.context() as patch:
        patch.setattr(typer_params, "_INTERNALS_FOUND", False)
        return CliRunner().invoke(create_app(lang), args)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("args", "option"), BAD_VALUES, ids=lambda value: str(value))
def test_bad_value_rejected_as_typer_does(monkeypatch, lang, args, option):
    ours = CliRunner().invoke(create_app(lang), args)
    typers = invoke_with_typer_conversion(monkeypatch, lang, args)
    value = args[-1]

    assert ours.exit_code == EXIT_USAGE
    assert typers.exit_code == EXIT_USAGE
    assert ours.stdout == ""
    assert option in ours.stderr
    assert f"'{value}'" in ours.stderr
    # Everything but the error line itself is the same as with Typer's own conversion.
    assert ours.stderr.splitlines()[:-1] == typers.stderr.splitlines()[:-1]


@pytest.mark.parametrize(("args", "message"), [
    (BAD_VALUES[0][0], "Error: Invalid value for '--precision': 'x' is not a valid integer."),
    (BAD_VALUES[3][0], "Error: Invalid value for '--rtol': 'abc' is not a valid number."),
    (BAD_VALUES[5][0], "Error: Invalid value for '--missing': 'maybe' is not one of 'error', "
                       "'nan'."),
])
def test_bad_value_error_in_english(run_cli, args, message):
    result = run_cli(args)

    assert result.exit_code == EXIT_USAGE
    assert result.stderr.splitlines()[-1] == message


@pytest.mark.parametrize(("args", "message"), [
    (BAD_VALUES[0][0], "오류: '--precision'의 값 'x'은(는) 정수가 아닙니다."),
    (BAD_VALUES[3][0], "오류: '--rtol'의 값 'abc'은(는) 숫자가 아닙니다."),
    (BAD_VALUES[5][0], "오류: '--missing'의 값 'maybe'이(가) 잘못되었습니다. "
                       "다음 중 하나를 쓰세요: 'error', 'nan'"),
])
def test_bad_value_error_in_korean(run_cli, args, message):
    result = run_cli(args, lang="ko")

    assert result.exit_code == EXIT_USAGE
    assert result.stderr.splitlines()[-1] == message


def test_usage_error_layout_in_english(run_cli):
    result = run_cli(BAD_VALUES[0][0])

    assert result.stderr.splitlines()[:3] == [
        "Usage: neuroncli eval [OPTIONS] {DATA}", "Try 'neuroncli eval -h' for help.", ""]


def test_usage_error_layout_in_korean(run_cli):
    result = run_cli(BAD_VALUES[0][0], lang="ko")

    assert result.stderr.splitlines()[:3] == [
        "사용법: neuroncli eval [OPTIONS] {DATA}",
        "도움말은 'neuroncli eval -h' 명령으로 볼 수 있습니다.", ""]


def test_no_arguments_prints_help_as_usage_error(run_cli):
    result = run_cli([])

    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: neuroncli [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in result.stderr


@pytest.mark.parametrize(("english", "korean"), [
    ("Missing command.", "명령을 지정해야 합니다."),
    ("Option '--quiet' does not take a value.", "'--quiet' 옵션은 값을 받지 않습니다."),
    ("Option '-p' requires an argument.", "'-p' 옵션에는 값이 필요합니다."),
    ("Missing option '--params' / '-p'.", "'--params' / '-p' 옵션을 지정해야 합니다."),
    ("No such command 'evall'. Did you mean 'eval'?",
     "'evall' 명령은 없습니다. 혹시 'eval'을(를) 쓰려고 했나요?"),
    ("Invalid value for '--seed': Unable to parse input string as an integer, exceeded "
     "maximum size", "'--seed'의 값은 4300자리를 넘지 않는 정수여야 합니다."),
    ("Invalid value for '--seed': '1111…' has more than 4300 digits.",
     "'--seed'의 값은 4300자리를 넘지 않는 정수여야 합니다."),
    ("Invalid value for '--seed': 'x' is not a valid integer.",
     "'--seed'의 값 'x'은(는) 정수가 아닙니다."),
    ("Invalid value for '--seed': Input should be a valid integer, unable to parse string as "
     "an integer", "'--seed'의 값은 정수여야 합니다."),
    ("Invalid value for '--rtol': 'a' is not a valid number.",
     "'--rtol'의 값 'a'은(는) 숫자가 아닙니다."),
    ("Invalid value for '--x': Input should be a valid boolean, unable to interpret input",
     "'--x'의 값이 잘못되었습니다: Input should be a valid boolean, unable to interpret input"),
    ("Something Typer never said", "Something Typer never said"),
])
def test_translate_framework_message(english, korean):
    assert translate_framework_message(english) == korean


def stderr_on_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """Run neuroncli with standard error on a pseudo-terminal and return what it wrote there."""
    leader, follower = os.openpty()
    environment = {**environment_without_styling(), "TERM": "xterm-256color", **env}
    process = subprocess.Popen([sys.executable, "-m", "neuroncli", *args], env=environment,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=follower, close_fds=True)
    os.close(follower)
    output = read_terminal(leader, process, 120)
    process.wait(timeout=120)
    return output


@pytest.mark.subprocess
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this system")
def test_usage_error_colour_on_terminal():
    args = ["eval", "d.csv", "-p", "p.json", "--precision", "x"]

    coloured = stderr_on_terminal(args, {})
    plain = stderr_on_terminal(args, {"NO_COLOR": "1"})

    assert b"\x1b[" in coloured
    assert b"\x1b[" not in plain
    assert b"Error: Invalid value for '--precision'" in plain


# Value conversion without pydantic ----------------------------------------------------------

def pydantic_outcome(annotation: type, value: str) -> tuple[str, Any]:
    try:
        return "value", TypeAdapter(annotation).validate_python(value)
    except ValidationError as error:
        return "error", error.errors()[0]["msg"]


def our_outcome(parse: Any, value: str) -> tuple[str, Any]:
    try:
        return "value", parse(value)
    except ValueError as error:
        return "error", str(error)


def same_outcome(ours: tuple[str, Any], expected: tuple[str, Any]) -> bool:
    if ours[0] != expected[0] or type(ours[1]) is not type(expected[1]):
        return False
    if isinstance(expected[1], float) and math.isnan(expected[1]):
        return math.isnan(ours[1])
    if isinstance(expected[1], float):
        return ours[1] == expected[1] and math.copysign(1, ours[1]) == math.copysign(1, expected[1])
    return bool(ours[1] == expected[1])


NUMBER_PIECES = st.sampled_from([
    *"0123456789", "+", "-", ".", "_", "e", "E", " ", "\t", "\n", "\xa0", "\u3000", "\x1c",
    "x", "inf", "Infinity", "nan", "NaN", "00", "1_0", "٣", "１",
])
NUMBER_TEXT = st.lists(NUMBER_PIECES, max_size=10).map("".join)
# pydantic also reads zeros mixed with double underscores ("0__6" as 6) and zeros before a minus
# sign ("00-5" as -5) as integers. parse_integer rejects both, as Python's int() does.
PYDANTIC_ONLY_INTEGER = re.compile(r"[+-]?0[0_]*(?:-|__)")
INTEGER_CASES = ["12", " 12 ", "+12", "-0", "007", "1_000", "1__0", "_1", "1_", "12.0", "12.00",
                 "12.", "12.5", "1e3", "0x10", "", " ", "١٢", "12\x00", "\x1c12", "1" * 4300,
                 "1" * 4301, "-" + "1" * 4301, "1" * 4301 + "x", " " + "1" * 4301, "0" * 5000 + "1"]
FLOAT_CASES = ["1.5", " 2 ", ".5", "5.", "1e400", "-1e-400", "inf", "-Infinity", "NaN", "1_0.5",
               "1_.5", " 1_0", "1__0", "_1", "1e", "e5", "0x1p3", "١", "1,5", "\x1c1"]


@given(NUMBER_TEXT)
@settings(max_examples=3000, deadline=None)
@example(INTEGER_CASES[0])
def test_parse_integer_matches_pydantic(value):
    expected = pydantic_outcome(int, value)
    ours = our_outcome(typer_params.parse_integer, value)
    stripped = value.strip(typer_params._WHITESPACE)

    if PYDANTIC_ONLY_INTEGER.match(stripped) and expected[0] == "value":
        assert ours == ("error", typer_params.INVALID_INTEGER)
    else:
        assert same_outcome(ours, expected), (ours, expected)


@pytest.mark.parametrize("value", INTEGER_CASES, ids=lambda value: repr(value)[:20])
def test_parse_integer_cases_match_pydantic(value):
    ours = our_outcome(typer_params.parse_integer, value)
    assert same_outcome(ours, pydantic_outcome(int, value)), ours


@pytest.mark.parametrize("value", ["0__6", "00-5", "0_-5"])
def test_parse_integer_rejects_what_only_pydantic_reads(value):
    assert pydantic_outcome(int, value)[0] == "value"
    assert our_outcome(typer_params.parse_integer, value) == (
        "error", typer_params.INVALID_INTEGER)


@given(NUMBER_TEXT)
@settings(max_examples=3000, deadline=None)
def test_parse_float_matches_pydantic(value):
    ours = our_outcome(typer_params.parse_float, value)
    expected = pydantic_outcome(float, value)
    assert same_outcome(ours, expected), (ours, expected)


@pytest.mark.parametrize("value", FLOAT_CASES, ids=repr)
def test_parse_float_cases_match_pydantic(value):
    ours = our_outcome(typer_params.parse_float, value)
    assert same_outcome(ours, pydantic_outcome(float, value)), ours


@pytest.mark.parametrize("value", ["1", "0", "true", "False", " yes ", "ON", "off\u3000", "t",
                                   "N", "", "  ", "maybe", "2", "tru e", "ｙes"])
def test_parse_boolean_matches_typer(value):
    runtime = build_runtime_param(resolve_type_descriptor(bool, OptionInfo()))
    try:
        expected: tuple[str, Any] = ("value", runtime._coerce_value(value, param=None, ctx=None))
    except typer.BadParameter as error:
        expected = ("error", error.message)
    assert our_outcome(typer_params.parse_boolean, value) == expected


def typer_parameters(app: typer.Typer) -> list[Any]:
    """Parse an empty command line with each command of *app*, and return their parameters."""
    group = typer.main.get_command(app)
    ctx = group.make_context("neuroncli", [], resilient_parsing=True)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return [param for param in typer_params.all_parameters(group)
            if isinstance(param, typer.core._TyperParameter)]


def test_every_parameter_gets_plain_conversion():
    parameters = typer_parameters(create_app("en"))

    assert len(parameters) > 50
    for param in parameters:
        assert isinstance(param._runtime_param, typer_params._PlainRuntimeParam), param.name


def test_changed_typer_internals_leave_typer_conversion(monkeypatch):
    monkeypatch.setattr(typer_params, "_INTERNALS_FOUND", False)
    parameters = typer_parameters(create_app("en"))

    # Typer converts no value of a boolean flag, so a flag keeps no converter at all.
    for param in parameters:
        assert not isinstance(param._runtime_param, typer_params._PlainRuntimeParam), param.name
    converted = [param for param in parameters
                 if isinstance(param._runtime_param, AdapterRuntimeParam)]
    assert len(converted) > 50


def test_help_request_loads_no_converter():
    group = typer.main.get_command(create_app("en"))
    eval_command = group.commands["eval"]  # type: ignore[attr-defined]
    ctx = group.make_context("neuroncli", ["eval", "--help"])

    with pytest.raises(typer.Exit):
        eval_command.make_context("eval", ["--help"], parent=ctx)
    assert all(param._runtime_param is None for param in eval_command.params)
    assert all(isinstance(param._runtime_param, typer_params._PlainRuntimeParam)
               for param in group.params)


def test_parameter_of_other_shape_is_left_alone():
    param = next(iter(typer.main.get_command(create_app("en")).params))
    without_cache = copy.copy(param)
    del without_cache._runtime_param
    without_descriptor = copy.copy(param)
    without_descriptor._runtime_param = None
    without_descriptor.type_descriptor = None

    assert typer_params.use_plain_conversion([without_cache, without_descriptor, object()]) == 0


def test_ranged_option_keeps_typer_conversion():
    app = typer.Typer(cls=PlainHelpGroup, rich_markup_mode=None)

    @app.callback()
    def root() -> None:
        pass

    @app.command("run", cls=PlainHelpCommand)
    def run(count: Annotated[int, typer.Option(min=1)] = 1,
            name: Annotated[str, typer.Option()] = "x") -> None:
        typer.echo(f"{count} {name}")

    converted = {param.name: param._runtime_param for param in typer_parameters(app)}
    assert isinstance(converted["count"], AdapterRuntimeParam)
    assert isinstance(converted["name"], typer_params._PlainRuntimeParam)

    result = CliRunner().invoke(app, ["run", "--count", "0"])
    assert result.exit_code == EXIT_USAGE
    assert "Input should be greater than or equal to 1" in result.stderr


def test_bytes_value_goes_to_typer_conversion():
    group = typer.main.get_command(create_app("en"))
    param = next(param for param in group.commands["eval"].params if param.name == "params")
    ctx = group.commands["eval"].make_context("eval", [], resilient_parsing=True)

    assert isinstance(param._runtime_param, typer_params._PlainRuntimeParam)
    assert param.get_runtime_param().coerce(b"p.json", param=param, ctx=ctx) == "p.json"


VALID_VALUES = [
    ["eval", "d.csv", "-p", "p.json", "--precision", " 007 ", "--chunk-size", "1_000",
     "--max-rows", "+3", "--missing", "nan", "--loss", "bce", "-f", "json", "--lang", "ko",
     "--activation-param", "a=1", "--activation-param", "b=x", "--features", "1-2"],
    ["check", "d.csv", "-p", "p.json", "--expected", "e.csv", "--rtol", " 1e-3", "--atol", "0",
     "--max-report", "12.0", "--columns", "a"],
    ["init-params", "d.csv", "--init", "he", "--units", "3", "--seed", "0"],
    ["explain", "d.csv", "-p", "p.json", "--row", "2", "--precision", "4"],
    ["eval", "d.csv", "-p", "p.json"],
]


def parsed_parameters(args: list[str]) -> dict[str, Any]:
    group = typer.main.get_command(create_app("en"))
    command = group.commands[args[0]]  # type: ignore[attr-defined]
    return dict(command.make_context(args[0], args[1:]).params)


@pytest.mark.parametrize("args", VALID_VALUES, ids=lambda args: args[0])
def test_valid_values_parse_as_typer_does(monkeypatch, args):
    ours = parsed_parameters(args)
    with monkeypatch.context() as patch:
        patch.setattr(typer_params, "_INTERNALS_FOUND", False)
        typers = parsed_parameters(args)

    assert ours == typers
    for name, value in ours.items():
        assert type(value) is type(typers[name]), name


# Texts that help shows without importing numpy -----------------------------------------------

def test_activation_names_match_registries():
    from neuroncli.core import activation_names
    from neuroncli.core.activations import ACTIVATIONS
    from neuroncli.core.dense import LAYER_ACTIVATIONS, ROW_ACTIVATIONS

    assert activation_names.ELEMENT_WISE_ACTIVATION_NAMES == tuple(ACTIVATIONS)
    assert activation_names.ROW_WISE_ACTIVATION_NAMES == tuple(ROW_ACTIVATIONS)
    assert activation_names.LAYER_ACTIVATION_NAMES == tuple(LAYER_ACTIVATIONS)


def test_init_choices_match_initializations():
    from neuroncli.commands.tools import InitName
    from neuroncli.initparams import Init

    assert [member.name for member in InitName] == [member.name for member in Init]
    assert [member.value for member in InitName] == [member.value for member in Init]


def test_check_defaults_match_compare():
    from neuroncli import compare
    from neuroncli.commands import check

    assert check.DEFAULT_RTOL == compare.DEFAULT_RTOL
    assert check.DEFAULT_ATOL == compare.DEFAULT_ATOL
