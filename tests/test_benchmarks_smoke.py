"""A tiny run of benchmarks/run.py, so that the benchmark keeps working as the code changes."""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", BENCHMARKS / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses looks the module up by name while the module runs.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_matrix_is_seeded_csv(tmp_path):
    runner = load_runner()
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"

    runner.write_matrix_csv(first, 250, 3, seed=5)
    runner.write_matrix_csv(second, 250, 3, seed=5)

    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.reader(first.read_text(encoding="ascii").splitlines()))
    assert rows[0] == ["x1", "x2", "x3"]
    assert len(rows) == 251
    for row in rows[1:]:
        assert len(row) == 3
        for cell in row:
            assert re.fullmatch(r"-?\d\.\d{16}", cell)
            assert abs(float(cell)) < 10


def test_missing_library_skips_baseline(monkeypatch, tmp_path):
    runner = load_runner()
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(runner.importlib.util, "find_spec",
                        lambda name: None if name == "polars" else real_find_spec(name))

    commands, skipped = runner.baseline_commands(tmp_path / "d.csv", tmp_path / "p.json",
                                                 tmp_path / "out.csv", cli_imports=True)

    names = [item.name for item in commands]
    assert "polars" not in names
    assert "polars-streaming" not in names
    assert skipped == ["polars (polars is not installed)",
                       "polars-streaming (polars is not installed)"]
    assert all(item.command[-1] == "--cli-imports" for item in commands)


@pytest.mark.subprocess
def test_smoke_run_prints_every_table(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--rows", "300", "--huge-rows", "1200",
         "--columns", "5", "--runs", "1", "--warmup", "0", "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stderr
    for title in ("### Big file, 300 x 5", "### Tiny file, 10 x 4", "### Start-up",
                  "### Memory growth", "### Targets"):
        assert title in result.stdout
    runner = load_runner()
    for name, library in runner.BASELINE_LIBRARIES.items():
        if importlib.util.find_spec(library) is None:
            assert f"{name} ({library} is not installed)" in result.stdout
        else:
            assert re.search(rf"^\| {re.escape(name)} \| [\d.]+ \|", result.stdout, re.M)
    assert re.search(r"^\| neuroncli \| [\d.]+ \| [\d.]+ \| [\d.]+ \| 1\.00 \| [\d.]+ \| \d+ \|$",
                     result.stdout, re.M)
    # Every command wrote its output: neuroncli has a header and one line per row.
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 1200 + 1
