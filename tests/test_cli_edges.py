"""Edge cases found by trying to break eval: each once crashed, lost data or gave wrong numbers."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys

import pytest
from conftest import environment_without_styling

from neuroncli import interrupts
from neuroncli.errors import EXIT_OUTPUT, EXIT_USAGE

SIGMOID = '{"weights": [0.5, -0.25], "bias": 0.1, "activation": "sigmoid"}'
SOFTMAX = ('{"weights": [[1, 0, 2], [0, 1, -1]], "bias": [0, 0, 0], "activation": "softmax", '
           '"outputs": ["cat", "dog", "cow"]}')


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_loss_without_target_is_usage_error(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n1,2\n")
    params = write_file("p.json", SIGMOID)
    result = run_cli(["eval", str(data), "-p", str(params), "--loss", "bce"])
    assert result.exit_code == EXIT_USAGE
    assert "--target" in result.stderr


def test_cce_needs_softmax_output(run_cli, write_file):
    data = write_file("d.csv", "x1,x2,y\n1,2,0\n")
    params = write_file("p.json", '{"weights": [[1, 0, 2], [0, 1, -1]], "bias": [0, 0, 0], '
                                  '"activation": "relu"}')
    result = run_cli(["eval", str(data), "-p", str(params), "--target", "y", "--loss", "cce"])
    assert result.exit_code == EXIT_USAGE


def test_huge_losses_sum_to_infinity(run_cli, write_file):
    data = write_file("d.csv", "x,y\n1e154,0\n1e154,0\n")
    params = write_file("p.json", '{"weights": [1.0], "bias": 0.0, "activation": "identity"}')
    result = run_cli(["eval", str(data), "-p", str(params), "--target", "y", "-o",
                      str(data.parent / "out.csv")])
    assert result.exit_code == 0, result.stderr
    assert "mean loss (mse) over 2 rows: inf" in result.stderr


def test_output_onto_params_file_refused(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n1,2\n")
    params = write_file("p.json", SIGMOID)
    result = run_cli(["eval", str(data), "-p", str(params), "-o", str(params)])
    assert result.exit_code == EXIT_USAGE
    assert params.read_text(encoding="utf-8") == SIGMOID


def test_output_onto_redirected_stdin_refused(tmp_path):
    data = tmp_path / "victim.csv"
    data.write_text("x1,x2\n1,2\n", encoding="utf-8")
    params = tmp_path / "p.json"
    params.write_text(SIGMOID, encoding="utf-8")
    with open(data, "rb") as stdin:
        result = subprocess.run([sys.executable, "-m", "neuroncli", "eval", "-", "-p",
                                 str(params), "-o", str(data)], stdin=stdin, capture_output=True,
                                env=environment_without_styling(), timeout=120)
    assert result.returncode == EXIT_USAGE
    assert data.read_text(encoding="utf-8") == "x1,x2\n1,2\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_stdout_on_full_disk_is_output_error(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("x1,x2\n1,2\n", encoding="utf-8")
    params = tmp_path / "p.json"
    params.write_text(SIGMOID, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "neuroncli", "eval", str(data), "-p",
                                 str(params)], stdout=full, stderr=subprocess.PIPE,
                                env=environment_without_styling(), timeout=120)
    assert result.returncode == EXIT_OUTPUT
    assert b"Traceback" not in result.stderr


def test_digit_class_names_not_mixed_with_indices(run_cli, write_file):
    data = write_file("d.csv", "x1,x2,y\n5,0,1\n0,5,2\n")
    params = write_file("p.json", '{"weights": [[1, 0, 0], [0, 1, 0]], "bias": [0, 0, 0], '
                                  '"activation": "softmax", "outputs": ["1", "2", "3"]}')
    result = run_cli(["eval", str(data), "-p", str(params), "--target", "y", "-o",
                      str(data.parent / "out.csv")])
    assert result.exit_code == 0, result.stderr
    assert "accuracy: 1.0 (2 of 2" in result.stderr
    wrong = write_file("w.csv", "x1,x2,y\n5,0,1.0\n")
    rejected = run_cli(["eval", str(wrong), "-p", str(params), "--target", "y"])
    assert rejected.exit_code == 3
    assert "'1.0'" in rejected.stderr


def test_nan_row_has_no_prediction(run_cli, write_file):
    data = write_file("d.csv", "x1,x2,y\nNA,1,cat\n3,1,cow\n")
    params = write_file("p.json", SOFTMAX)
    result = run_cli(["eval", str(data), "-p", str(params), "--target", "y", "--missing", "nan",
                      "-o", str(data.parent / "out.csv")])
    assert result.exit_code == 0, result.stderr
    rows = rows_of((data.parent / "out.csv").read_text(encoding="utf-8"))
    assert rows[0]["predicted"] == ""
    assert rows[1]["predicted"] == "cow"
    assert "accuracy: 1.0 (1 of 1" in result.stderr


def test_safe_csv_keeps_numbers_of_kept_columns(run_cli, write_file):
    data = write_file("d.csv", "x1,x2,delta,note\n1,2,-1.5,=1+1\n")
    params = write_file("p.json", SIGMOID)
    result = run_cli(["eval", str(data), "-p", str(params), "--features", "x1,x2",
                      "--keep-input", "--safe-csv"])
    row = rows_of(result.stdout)[0]
    assert row["delta"] == "-1.5"
    assert row["note"] == "'=1+1"


def test_dash_output_means_stdout(run_cli, write_file):
    data = write_file("d.csv", "x1,x2\n1,2\n")
    params = write_file("p.json", SIGMOID)
    result = run_cli(["eval", str(data), "-p", str(params), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("row,z,a\n")
    assert not (data.parent / "-").exists()


def test_summary_names_header_features(run_cli, write_file, tmp_path):
    data = write_file("d.csv", "x1,x2\n1,2\n")
    params = write_file("p.json", SIGMOID)
    result = run_cli(["eval", str(data), "-p", str(params), "-o", str(tmp_path / "o.csv")])
    assert "2 features: x1, x2" in result.stderr


def test_recorded_signal_raises_at_check(monkeypatch):
    monkeypatch.setattr(interrupts, "_received", signal.SIGTERM)
    with pytest.raises(interrupts.Terminated):
        interrupts.check()
    monkeypatch.setattr(interrupts, "_received", signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        interrupts.check()
    monkeypatch.setattr(interrupts, "_received", None)
    interrupts.check()
