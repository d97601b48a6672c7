"""Shared fixtures: paths to the sample data and a runner for the command line."""

from __future__ import annotations

import os
import select
import subprocess
import time
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


def read_terminal(leader: int, process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """Read what *process* writes to a pseudo-terminal until it closes it, then close *leader*.

    Reading stops after *timeout* seconds, or once the process has ended and nothing is left.
    """
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                # Linux reports EIO once the child has closed its side of the terminal.
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return b"".join(chunks)
