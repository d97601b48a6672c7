"""The installed command in real processes: pipes, a terminal, the locale and exit statuses."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time

import pytest
from conftest import SAMPLE_DATA, TEST_DATA, environment_without_styling

from neuroncli.errors import EXIT_INPUT, EXIT_INTERNAL

IRIS = str(SAMPLE_DATA / "iris.csv")
IRIS_PARAMS = str(SAMPLE_DATA / "iris_setosa.json")
COMMAND = [sys.executable, "-m", "neuroncli"]


def run(args, **kwargs):
    kwargs.setdefault("env", environment_without_styling())
    return subprocess.run([*COMMAND, *args], capture_output=True, timeout=120, **kwargs)


def run_in_terminal(args, env, columns=120):
    """Run the command with stdout and stderr on a pseudo-terminal and return what it showed."""
    leader, follower = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen([*COMMAND, *args], stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=follower, env=env, close_fds=True)
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(leader)
    return process.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_console_script_is_installed():
    path = shutil.which("neuroncli")
    if path is None:
        pytest.skip("the neuroncli script is not on PATH (package not installed)")
    result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("neuroncli ")


def test_stdin_pipe_into_head_ends_quietly():
    script = f"cat {IRIS} | {sys.executable} -m neuroncli eval - --params {IRIS_PARAMS} | head -n 3"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120,
                            env=environment_without_styling())
    lines = result.stdout.splitlines()
    assert lines[0] == "row,z,a"
    assert len(lines) == 3
    assert result.stderr == ""


def test_closed_pipe_ends_by_sigpipe_without_traceback(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("x1,x2\n" + "1.5,2.5\n" * 100_000, encoding="utf-8")
    for unbuffered in (False, True):
        env = environment_without_styling()
        if unbuffered:
            env["PYTHONUNBUFFERED"] = "1"
        read_end, write_end = os.pipe()
        os.close(read_end)
        process = subprocess.run([*COMMAND, "eval", str(big), "-p", str(TEST_DATA / "two.json")],
                                 stdout=write_end, stderr=subprocess.PIPE, env=env, timeout=120)
        os.close(write_end)
        assert process.returncode == -13
        assert process.stderr == b""


def test_pipe_output_is_csv_without_escape_codes():
    env = environment_without_styling() | {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    result = run(["eval", IRIS, "--params", IRIS_PARAMS], env=env)
    assert result.returncode == 0
    assert b"\x1b" not in result.stdout
    assert result.stdout.startswith(b"row,z,a\n")
    assert result.stdout.count(b"\n") == 151


def test_terminal_shows_a_table():
    env = environment_without_styling() | {"TERM": "xterm-256color"}
    code, screen = run_in_terminal(["eval", IRIS, "--params", IRIS_PARAMS], env)
    assert code == 0
    assert "Neuron output: sigmoid" in screen
    assert "(150 x 4)(4) + b" in screen
    assert "130 of 150 rows not shown" in screen
    assert "┃" in screen


def test_terminal_with_no_color_has_no_colour_codes():
    env = environment_without_styling() | {"TERM": "xterm-256color", "NO_COLOR": "1"}
    code, screen = run_in_terminal(["eval", IRIS, "--params", IRIS_PARAMS], env)
    assert code == 0
    for colour in ("\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[35m", "\x1b[36m",
                   "\x1b[38;", "\x1b[91m"):
        assert colour not in screen


def test_korean_locale_error_message(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2\n1,2\n3,abc\n", encoding="utf-8")
    env = environment_without_styling() | {"LANG": "ko_KR.UTF-8"}
    result = run(["eval", str(bad), "--params", str(TEST_DATA / "two.json")], env=env)
    assert result.returncode == EXIT_INPUT
    assert result.stdout == b""
    stderr = result.stderr.decode("utf-8")
    assert stderr.startswith("오류: ")
    assert "3번째 줄" in stderr
    assert "'abc'은(는) 숫자가 아닙니다" in stderr


def test_internal_error_is_one_short_message(tmp_path):
    # No valid input makes a correct build fail internally, so the test injects a fault
    # through a sitecustomize module on PYTHONPATH.
    (tmp_path / "sitecustomize.py").write_text(
        "import neuroncli.pipeline as p\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('injected fault')\n"
        "p.run = broken\n", encoding="utf-8")
    env = environment_without_styling() | {"PYTHONPATH": str(tmp_path)}
    result = run(["eval", IRIS, "--params", IRIS_PARAMS], env=env)
    assert result.returncode == EXIT_INTERNAL
    stderr = result.stderr.decode("utf-8")
    assert "internal error (RuntimeError: injected fault)" in stderr
    assert "--debug" in stderr
    assert "Traceback" not in stderr

    debug = run(["eval", IRIS, "--params", IRIS_PARAMS, "--debug"], env=env)
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr.decode("utf-8")


@pytest.mark.parametrize(("signum", "code"), [(2, 130), (15, 143)])
def test_signal_leaves_no_output_file(tmp_path, signum, code):
    big = tmp_path / "big.csv"
    big.write_text("x1,x2\n" + "1.5,2.5\n" * 3_000_000, encoding="utf-8")
    out = tmp_path / "out.csv"
    process = subprocess.Popen([*COMMAND, "eval", str(big), "-p", str(TEST_DATA / "two.json"),
                                "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=environment_without_styling())
    # Wait until the temporary output file exists, so the signal arrives mid-write.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            name.endswith(".part") for name in os.listdir(tmp_path)):
        time.sleep(0.05)
    assert any(name.endswith(".part") for name in os.listdir(tmp_path))
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert sorted(os.listdir(tmp_path)) == ["big.csv"]
    assert b"Traceback" not in stderr
    assert stderr.decode("utf-8").count("\n") == 1
