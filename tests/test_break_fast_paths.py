"""Faults found by attacking the fast paths (pyarrow block reader and writer, plain option
conversion) from the outside, each pinned by a test that failed before its fix.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from conftest import TEST_DATA, environment_without_styling

from neuroncli.errors import EXIT_PARAMS, EXIT_SIGINT, EXIT_SIGTERM
from neuroncli.writers import OutputFormat, RecordWriter

COMMAND = [sys.executable, "-m", "neuroncli"]
TWO_FEATURES = str(TEST_DATA / "two.json")
# More than the block reader's first block (1 MiB), so that its thread has parsed one block
# and waits in a read for the next one when the test stops writing.
PIPE_DATA = b"x1,x2\n" + b"1.5,2.5\n" * 200_000
# Seconds allowed for the command to end once it has a reason to. The writer keeps the pipe
# open for longer than that.
PROMPT_EXIT = 15


def _three_weights(tmp_path: Path) -> str:
    path = tmp_path / "three.json"
    path.write_text('{"weights": [1.0, 2.0, 3.0], "bias": 0.0, "activation": "identity"}',
                    encoding="utf-8")
    return str(path)


def _wait_or_kill(process: subprocess.Popen[bytes]) -> tuple[int | None, bytes]:
    """Return the exit status and standard error, or (None, ...) after PROMPT_EXIT seconds.

    Standard input stays open meanwhile (``communicate`` would close it), so the command
    never reads an end of file.
    """
    code: int | None
    try:
        code = process.wait(timeout=PROMPT_EXIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        code = None
    assert process.stderr is not None
    stderr = process.stderr.read()
    process.stderr.close()
    if process.stdin is not None:
        process.stdin.close()
    return code, stderr


def _start_on_stdin(args: list[str]) -> subprocess.Popen[bytes]:
    """Start the command on a standard input pipe that stays open after PIPE_DATA."""
    process = subprocess.Popen([*COMMAND, *args], stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=environment_without_styling())
    assert process.stdin is not None
    # The write returns once the command has read all but a pipe buffer of it.
    process.stdin.write(PIPE_DATA)
    process.stdin.flush()
    return process


@pytest.mark.subprocess
def test_stdin_pipe_parameter_error_exits(tmp_path):
    process = _start_on_stdin(["eval", "-", "-p", _three_weights(tmp_path)])
    code, stderr = _wait_or_kill(process)

    assert b"Fatal Python error" not in stderr
    assert code == EXIT_PARAMS, stderr.decode("utf-8", "replace")
    assert stderr.decode("utf-8").count("\n") == 2


@pytest.mark.subprocess
@pytest.mark.parametrize(("signum", "expected"),
                         [(signal.SIGINT, EXIT_SIGINT), (signal.SIGTERM, EXIT_SIGTERM)])
def test_stdin_pipe_signal_exits(signum, expected):
    process = _start_on_stdin(["eval", "-", "-p", TWO_FEATURES])
    # Time for the reader thread to reach its next read, which waits for the writer.
    time.sleep(1.0)
    process.send_signal(signum)
    code, stderr = _wait_or_kill(process)

    assert b"Fatal Python error" not in stderr
    assert code == expected, stderr.decode("utf-8", "replace")
    assert stderr.decode("utf-8").count("\n") == 1


@pytest.mark.subprocess
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipe_parameter_error_exits(tmp_path):
    """A named pipe, as ``<(command)`` passes, is closed while the reader thread waits in it."""
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    process = subprocess.Popen([*COMMAND, "eval", str(fifo), "-p", _three_weights(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=environment_without_styling())
    writer_done = threading.Event()

    def write() -> None:
        with open(fifo, "wb") as stream:
            stream.write(PIPE_DATA)
            stream.flush()
            writer_done.wait(PROMPT_EXIT + 5)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        code, stderr = _wait_or_kill(process)
    finally:
        writer_done.set()
        writer.join(10)

    assert code == EXIT_PARAMS, stderr.decode("utf-8", "replace")


@pytest.mark.subprocess
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_input_ends_at_one_ctrl_d():
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([*COMMAND, "eval", "-", "-p", TWO_FEATURES, "-f", "csv"],
                               stdin=follower, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment_without_styling())
    os.close(follower)
    try:
        os.write(leader, b"x1,x2\n1,2\n3,4\n")
        time.sleep(0.5)
        # Ctrl-D at the start of a line: the terminal's end of input.
        os.write(leader, b"\x04")
        try:
            stdout, stderr = process.communicate(timeout=PROMPT_EXIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail("the command still waited for input after Ctrl-D")
    finally:
        os.close(leader)

    assert process.returncode == 0, stderr.decode("utf-8", "replace")
    assert stdout.decode("utf-8").splitlines()[0] == "row,z,a"
    assert len(stdout.decode("utf-8").splitlines()) == 3


def test_writer_splits_chunk_over_string_limit():
    """A chunk whose CSV text exceeds what one pyarrow string array can contain is written.

    pyarrow raises ArrowCapacityError when the joined lines of a chunk pass 2**31 - 1 bytes,
    as 10,000 rows of a 5,800-unit layer do. The joins here raise it from 100 kB on, so the
    test needs little memory.
    """
    pa = pytest.importorskip("pyarrow")
    import pyarrow.compute as pc

    rng = np.random.default_rng(5)
    # Values from 1 to 100 that are not whole need no rewriting by neuroncli.numtext, so
    # numtext joins no arrays of its own. Only the writer's joins reach the limit.
    values = rng.uniform(1.0, 100.0, size=(3, 8000))
    columns = [range(1, 8001), *values]
    join = pc.binary_join_element_wise
    raised = []

    def limited_join(*arguments, **options):
        result = join(*arguments, **options)
        if result.nbytes > 100_000:
            raised.append(result.nbytes)
            raise pa.ArrowCapacityError("array cannot contain more than 100000 bytes")
        return result

    stream = io.BytesIO()
    with mock.patch.object(pc, "binary_join_element_wise", limited_join):
        writer = RecordWriter(stream, OutputFormat.csv, ["row", "x", "y", "z"])
        writer.write(columns)
        writer.close()

    expected = "row,x,y,z\n" + "".join(
        f"{row},{x!r},{y!r},{z!r}\n"
        for row, x, y, z in zip(range(1, 8001), *(column.tolist() for column in values),
                                strict=True))
    assert raised
    assert stream.getvalue().decode("utf-8") == expected


# The exact decimal value of the float64 nearest to 0.1, which --precision of 55 or more shows.
EXACT_ONE_TENTH = "0.1000000000000000055511151231257827021181583404541015625"
HUGE_INTEGER = "9" * 20


@pytest.fixture
def one_tenth(write_file):
    data = write_file("tenth.csv", "x\n0.1\n-2.5\n")
    params = write_file("identity.json",
                        '{"weights": [1.0], "bias": 0.0, "activation": "identity"}')
    return str(data), str(params)


def test_table_huge_precision_shows_exact_value(run_cli, one_tenth):
    data, params = one_tenth
    result = run_cli(["eval", data, "-p", params, "-f", "table", "--precision", HUGE_INTEGER])

    assert result.exit_code == 0, result.stderr
    assert EXACT_ONE_TENTH in result.stdout
    assert format(0.1, ".60g") == EXACT_ONE_TENTH


def test_explain_huge_precision_shows_exact_value(run_cli, one_tenth):
    data, params = one_tenth
    result = run_cli(["explain", data, "-p", params, "--row", "1",
                      "--precision", HUGE_INTEGER])

    assert result.exit_code == 0, result.stderr
    assert EXACT_ONE_TENTH in result.stdout


def test_table_huge_max_rows_shows_all(run_cli, one_tenth):
    data, params = one_tenth
    result = run_cli(["eval", data, "-p", params, "-f", "table", "--max-rows", HUGE_INTEGER])

    assert result.exit_code == 0, result.stderr
    assert "-2.5" in result.stdout
    assert "not shown" not in result.stdout
