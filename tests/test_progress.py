"""--progress and --stats: a bar on a terminal and none in a pipe, and the run statistics."""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import environment_without_styling
from test_subprocess import COMMAND, run_in_terminal

from neuroncli.params import load_params
from neuroncli.pipeline import EvalRequest, RunStats, run
from neuroncli.readers import CsvOptions
from neuroncli.sinks import RecordSink
from neuroncli.writers import OutputFormat

ROWS = 30_000
# One row per chunk makes a run of many chunks, long enough for the bar's delay.
SLOW_OPTIONS = ["--chunk-size", "1"]
STATS_LINE = re.compile(r"stats: ([\d,]+) rows in ([\d,]+) chunks, ([\d.]+) s, ([\d,]+) rows/s")
PHASES_LINE = re.compile(r"stats: read ([\d.]+) s \(background reading and parsing ([\d.]+) s\), "
                         r"compute ([\d.]+) s, write ([\d.]+) s")


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Write a CSV file of ROWS rows, the same file zipped, and a two-weight parameter file."""
    folder = tmp_path_factory.mktemp("progress")
    rng = np.random.default_rng(7)
    lines = ["x1,x2"] + [f"{a!r},{b!r}" for a, b in rng.standard_normal((ROWS, 2)).tolist()]
    data = folder / "data.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    zipped = folder / "data.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(data, "data.csv")
    params = folder / "params.json"
    params.write_text(json.dumps({"weights": [0.5, -1.5], "bias": 0.25,
                                  "activation": "sigmoid"}), encoding="utf-8")
    return data, zipped, params


def terminal_environment(**extra: str) -> dict[str, str]:
    environment = environment_without_styling() | {"TERM": "xterm-256color"}
    environment.pop("CI", None)
    return environment | extra


@pytest.mark.subprocess
def test_progress_bar_shown_on_terminal(data_files, tmp_path):
    data, _, params = data_files

    code, screen = run_in_terminal(["eval", str(data), "-p", str(params), "-o",
                                    str(tmp_path / "out.csv"), *SLOW_OPTIONS],
                                   terminal_environment())

    assert code == 0
    assert f"evaluating {data}" in screen
    # The bar counts bytes of a file whose size is known: rich shows "done/total unit".
    assert re.search(r"[\d.]+/[\d.]+ (bytes|kB|MB)", screen)
    assert "rows" in screen


@pytest.mark.subprocess
def test_progress_counts_rows_without_size(data_files, tmp_path):
    _, zipped, params = data_files

    code, screen = run_in_terminal(["eval", str(zipped), "-p", str(params), "-o",
                                    str(tmp_path / "out.csv"), *SLOW_OPTIONS],
                                   terminal_environment())

    assert code == 0
    assert f"evaluating {zipped}" in screen
    assert re.search(r"[\d,]+ rows", screen)
    assert not re.search(r"[\d.]+/[\d.]+ (bytes|kB|MB)", screen)


@pytest.mark.subprocess
@pytest.mark.parametrize(("option", "extra"), [("--no-progress", {}), ("--progress", {"CI": "1"})],
                         ids=["no_progress", "ci"])
def test_progress_bar_off_on_request_and_in_ci(data_files, tmp_path, option, extra):
    data, _, params = data_files

    code, screen = run_in_terminal(["eval", str(data), "-p", str(params), "-o",
                                    str(tmp_path / "out.csv"), option, *SLOW_OPTIONS],
                                   terminal_environment(**extra))

    assert code == 0
    assert "evaluating" not in screen
    assert f"wrote {ROWS} rows" in screen


@pytest.mark.subprocess
def test_no_progress_bar_in_pipe(data_files):
    data, _, params = data_files

    result = subprocess.run([*COMMAND, "eval", str(data), "-p", str(params), "--progress",
                             *SLOW_OPTIONS], capture_output=True, timeout=300,
                            env=environment_without_styling())

    assert result.returncode == 0
    assert b"evaluating" not in result.stderr
    assert b"\x1b[" not in result.stderr
    assert result.stdout.count(b"\n") == ROWS + 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_stats_counts_rows_and_chunks(run_cli, data_files, tmp_path, lang):
    data, _, params = data_files

    result = run_cli(["eval", str(data), "-p", str(params), "-o", str(tmp_path / "out.csv"),
                      "--chunk-size", "7000", "--stats", "--lang", lang])

    assert result.exit_code == 0
    if lang == "ko":
        assert f"통계: {ROWS:,}행, 청크 {math.ceil(ROWS / 7000)}개" in result.stderr
        return
    [totals] = STATS_LINE.findall(result.stderr)
    [phases] = PHASES_LINE.findall(result.stderr)
    rows, chunks, seconds, rate = totals
    assert int(rows.replace(",", "")) == ROWS
    assert int(chunks) == math.ceil(ROWS / 7000)
    read, _, compute, write = (float(value) for value in phases)
    # Each phase is printed rounded to milliseconds.
    assert read + compute + write <= float(seconds) + 0.002
    # The rate comes from the unrounded seconds, which lie within half a millisecond of the
    # printed ones.
    printed_rate = int(rate.replace(",", ""))
    assert printed_rate <= ROWS / (float(seconds) - 0.0005) + 1
    assert printed_rate >= ROWS / (float(seconds) + 0.0005) - 1


def test_stats_off_by_default(run_cli, data_files, tmp_path):
    data, _, params = data_files

    result = run_cli(["eval", str(data), "-p", str(params), "-o", str(tmp_path / "out.csv")])

    assert result.exit_code == 0
    assert "stats:" not in result.stderr


class RecordingProgress:
    """A Progress that records what run() reports."""

    def __init__(self) -> None:
        self.total: int | None = -1
        self.updates: list[tuple[int, int | None]] = []
        self.stopped = False

    def start(self, total_bytes: int | None) -> None:
        self.total = total_bytes

    def advance(self, rows: int, bytes_read: int | None) -> None:
        self.updates.append((rows, bytes_read))

    def stop(self) -> None:
        self.stopped = True


@pytest.mark.parametrize("zipped", [False, True], ids=["plain", "zip"])
def test_run_reports_every_chunk(data_files, zipped):
    data, archive, params = data_files
    path = archive if zipped else data
    network = load_params(str(params))
    activations = [layer.activation for layer in network.layers]
    request = EvalRequest(str(path), network, activations, CsvOptions(chunk_size=4000))
    progress = RecordingProgress()
    stats = RunStats()

    run(request, RecordSink(io.BytesIO(), OutputFormat.csv, safe_csv=False, bom=False),
        stats=stats, progress=progress)

    rows = [update[0] for update in progress.updates]
    assert rows == [min(4000 * k, ROWS) for k in range(1, math.ceil(ROWS / 4000) + 1)]
    assert stats.rows == ROWS
    assert stats.chunks == len(rows)
    assert progress.stopped
    if zipped:
        assert progress.total is None
        assert all(update[1] is None for update in progress.updates)
    else:
        size = data.stat().st_size
        assert progress.total == size
        read = [update[1] for update in progress.updates]
        assert read == sorted(read)
        assert read[-1] == size

