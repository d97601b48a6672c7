"""Convert the command-line values of Typer parameters without pydantic.

Typer 0.29 converts the value of every parameter that is not a boolean flag with a pydantic
TypeAdapter, which it builds the first time the parameter is processed
(``typer.core._TyperParameter.get_runtime_param``). Building the first one imports pydantic and
took 144 ms (median of 5 runs, pydantic 2.14.4, Python 3.11, a 2-core AMD EPYC VM), on every
command run. The annotations that neuroncli's commands use (str, int, float, bool, Enum
subclasses, Optional and list of those) are converted here instead, to the same values as
Typer's pydantic path. The error messages name the rejected value ("'x' is not a valid
integer."), which pydantic's messages do not.

This module is the only one that reaches into Typer's internals for conversion.
:func:`use_plain_conversion` fills each parameter's cached converter before Typer builds one;
``neuroncli.cli`` calls it when a command parses its arguments. When Typer's classes or a
parameter's settings are not as expected, the parameter is left alone, and Typer builds its own
converter as before.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any, get_args, get_origin

import typer.core

try:
    from typer._click.utils import _escape_control_characters
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice
except ImportError:  # pragma: no cover - depends on the installed Typer
    _INTERNALS_FOUND = False
else:
    _INTERNALS_FOUND = {field.name for field in dataclasses.fields(RuntimeParam)} == {
        "parameter_info", "annotation",
    }

# The characters that pydantic strips from both ends of a number: Unicode White_Space, which
# is Python's str.isspace() without the separators U+001C to U+001F.
_WHITESPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
               "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# pydantic reads an integer of more than 4300 digits at the start of the text as too large,
# the default limit of Python's int() since 3.11.
_TOO_MANY_DIGITS = re.compile(r"-?[1-9][0-9]{4300}")
_INTEGER = re.compile(r"([+-]?)([0-9](?:_?[0-9])*)(?:\.0+)?")
# The number syntax of Rust's f64 parser, which pydantic uses: no underscores, ASCII digits.
_FLOAT = re.compile(r"[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)",
                    re.IGNORECASE | re.ASCII)
_TRUE_WORDS = ("1", "t", "y", "on", "yes", "true")
_FALSE_WORDS = ("0", "f", "n", "no", "off", "false")

# pydantic's messages for values that are not numbers or booleans (pydantic-core 2.50).
INVALID_INTEGER = "Input should be a valid integer, unable to parse string as an integer"
INTEGER_TOO_LARGE = "Unable to parse input string as an integer, exceeded maximum size"
INVALID_NUMBER = "Input should be a valid number, unable to parse string as a number"
INVALID_BOOLEAN = "Input should be a valid boolean, unable to interpret input"


class _Unsupported(Exception):
    """A value of a type that only Typer's own converter handles, such as bytes."""


def parse_integer(text: str) -> int:
    """Read *text* as pydantic reads a string for an ``int`` field.

    Whitespace around the number, a sign, leading zeros, underscores between digits and a
    fraction of zeros ("12.00") are accepted. Digits must be ASCII.

    NOTE: pydantic also reads zeros before a minus sign ("00-5" as -5) and zeros mixed with
    double underscores ("0__6" as 6). This function rejects both, as Python's int() does.

    Raises
    ------
    ValueError
        With pydantic's message, for any other text.
    """
    if _TOO_MANY_DIGITS.match(text):
        raise ValueError(INTEGER_TOO_LARGE)
    match = _INTEGER.fullmatch(text.strip(_WHITESPACE))
    if match is None:
        raise ValueError(INVALID_INTEGER)

    digits = match[2].replace("_", "").lstrip("0") or "0"
    try:
        number = int(digits)
    except ValueError:
        # More than 4300 digits after the sign, the zeros or the whitespace.
        raise ValueError(INVALID_INTEGER) from None
    return -number if match[1] == "-" else number


def parse_float(text: str) -> float:
    """Read *text* as pydantic reads a string for a ``float`` field.

    The text is a decimal number, ``inf``, ``infinity`` or ``nan`` in any case, with
    whitespace around it. Underscores count only without that whitespace, and only single ones
    that neither start nor end the text.

    Raises
    ------
    ValueError
        With pydantic's message, for any other text.
    """
    stripped = text.strip(_WHITESPACE)
    if _FLOAT.fullmatch(stripped):
        return float(stripped)

    # pydantic removes the underscores from the text as given, so whitespace makes it invalid.
    joined = text.replace("_", "")
    if ("_" in text and not text.startswith("_") and not text.endswith("_")
            and "__" not in text and _FLOAT.fullmatch(joined)):
        return float(joined)
    raise ValueError(INVALID_NUMBER)


def parse_boolean(text: str) -> bool:
    """Read *text* as Typer and pydantic read a string for a ``bool`` option that takes a value.

    Raises
    ------
    ValueError
        With pydantic's message, for a word other than 1/0, t/f, y/n, on/off, yes/no and
        true/false in any case.
    """
    word = text.strip()
    if not word:
        return False
    if word.isascii() and word.lower() in _TRUE_WORDS:
        return True
    if word.isascii() and word.lower() in _FALSE_WORDS:
        return False
    raise ValueError(INVALID_BOOLEAN)


def _to_str(value: Any) -> str:
    if isinstance(value, bytes):
        raise _Unsupported
    return str(value)


def _shown(value: str) -> str:
    """Return *value* quoted for an error message, cut to 40 characters."""
    return repr(value[:40] + "…" if len(value) > 40 else value)


def _to_int(value: Any) -> int:
    if isinstance(value, str):
        try:
            return parse_integer(value)
        except ValueError as error:
            # pydantic's wording names neither the value nor what to write instead.
            if str(error) == INTEGER_TOO_LARGE:
                raise ValueError(f"{_shown(value)} has more than 4300 digits.") from None
            raise ValueError(f"{_shown(value)} is not a valid integer.") from None
    if type(value) is int:
        return value
    raise _Unsupported


def _to_float(value: Any) -> float:
    if isinstance(value, str):
        try:
            return parse_float(value)
        except ValueError:
            raise ValueError(f"{_shown(value)} is not a valid number.") from None
    if type(value) is float:
        return value
    if type(value) is int and abs(value) < 2**1023:
        return float(value)
    raise _Unsupported


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return parse_boolean(value)
        except ValueError:
            raise ValueError(f"{_shown(value)} is not a valid boolean.") from None
    raise _Unsupported


def _choice_converter(choices: type[Enum], case_sensitive: bool
                      ) -> Callable[[Any, Any], Enum]:
    def convert(value: Any, ctx: Any) -> Enum:
        try:
            member: Enum = coerce_cli_choice(value, choices=tuple(choices),
                                             case_sensitive=case_sensitive, ctx=ctx)
        except ValueError as error:
            # Typer's choice validator names the value and the choices. Typer's own pydantic
            # path prefixes the text with "Value error, ", which is left out here.
            raise ValueError(str(error)) from None
        return member

    return convert


def _scalar_converter(annotation: Any, parameter_info: Any) -> Callable[[Any, Any], Any] | None:
    """Return the converter of a single value of *annotation*, or None if Typer must do it."""
    simple: dict[Any, Callable[[Any], Any]] = {
        str: _to_str, int: _to_int, float: _to_float, bool: _to_bool,
    }
    if annotation in simple:
        function = simple[annotation]
        return lambda value, ctx: function(value)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice_converter(annotation, bool(parameter_info.case_sensitive))
    return None


def _converter(annotation: Any, parameter_info: Any) -> Callable[[Any, Any], Any] | None:
    """Return the converter for a parameter's annotation, with Optional already removed."""
    if get_origin(annotation) is not list:
        return _scalar_converter(annotation, parameter_info)
    (item_annotation,) = get_args(annotation)
    convert_item = _scalar_converter(item_annotation, parameter_info)
    if convert_item is None:
        return None

    def convert(value: Any, ctx: Any) -> list[Any]:
        items = value if isinstance(value, (list, tuple)) else [value]
        return [convert_item(item, ctx) for item in items]

    return convert


def _is_plain(parameter_info: Any) -> bool:
    """Return whether the parameter's settings need nothing beyond a type conversion."""
    settings = ("parser", "min", "max", "formats", "mode", "path_type", "resolve_path",
                "allow_dash")
    return all(getattr(parameter_info, name, None) in (None, False) for name in settings)


if _INTERNALS_FOUND:

    @dataclasses.dataclass(frozen=True)
    class _PlainRuntimeParam(RuntimeParam):
        """Typer's runtime conversion contract, fulfilled by a converter from this module."""

        convert: Callable[[Any, Any], Any]
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, ctx)
            except _Unsupported:
                typer_param = build_runtime_param(self.descriptor)
                return typer_param._coerce_value(value, param=param, ctx=ctx)
            except ValueError as error:
                message = _escape_control_characters(str(error))
                raise typer.BadParameter(message, ctx=ctx, param=param) from None


def all_parameters(command: Any) -> Iterator[Any]:
    """Yield the parameters of a Click command and of all its subcommands."""
    yield from getattr(command, "params", [])
    for subcommand in getattr(command, "commands", {}).values():
        yield from all_parameters(subcommand)


def use_plain_conversion(parameters: Iterable[Any]) -> int:
    """Give each of the Typer *parameters* this module's converter.

    A parameter keeps Typer's own conversion when Typer's internals differ from those of
    Typer 0.29, when it already has a converter, or when its annotation or settings are not
    among those handled here.

    Returns
    -------
    int
        The number of parameters that got a converter from this module.
    """
    if not _INTERNALS_FOUND:
        return 0
    count = 0
    for param in parameters:
        if not isinstance(param, typer.core._TyperParameter):
            continue
        descriptor: Any = getattr(param, "type_descriptor", None)
        if getattr(param, "_runtime_param", False) is not None:
            continue
        try:
            info = descriptor.parameter_info
            annotation = descriptor.annotation
            opens_files = descriptor.file_annotation is not None
        except AttributeError:
            continue
        if opens_files or not _is_plain(info):
            continue
        convert = _converter(annotation, info)
        if convert is None:
            continue
        param._runtime_param = _PlainRuntimeParam(
            parameter_info=info, annotation=annotation, convert=convert,
            descriptor=descriptor,
        )
        count += 1
    return count
