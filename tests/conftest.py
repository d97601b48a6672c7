"""Shared fixtures: paths to the sample data and a runner for the command line."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from neuroncli.cli import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "sample_data"
TEST_DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"

# Variables that would change colour, width or language of the output under test.
_CLEARED = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "NEURONCLI_LANG", "LC_ALL",
            "LC_MESSAGES", "LANG", "LANGUAGE", "TTY_COMPATIBLE", "TTY_INTERACTIVE")

RunCli = Callable[..., Result]


@pytest.fixture
def run_cli() -> RunCli:
    """Invoke the app in-process with a clean environment; stdout and stderr stay separate."""

    def invoke(args: Sequence[str], *, input: bytes | str | None = None, lang: str = "en",
               env: Mapping[str, str] | None = None) -> Result:
        environment: dict[str, str | None] = dict.fromkeys(_CLEARED)
        environment.update(env or {})
        runner = CliRunner(env=environment)
        return runner.invoke(create_app(lang), list(args), input=input)

    return invoke


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write a small file into the test's temporary folder and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


def environment_without_styling() -> dict[str, str]:
    """Return os.environ minus the variables that force colour, width or a language."""
    return {key: value for key, value in os.environ.items() if key not in _CLEARED}
