"""Regression cases for faults found while building neuroncli (tests/cases/40-*)."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from neuroncli.errors import EXIT_INPUT, EXIT_OUTPUT, EXIT_PARAMS

CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture
def in_case(monkeypatch):
    def enter(name: str) -> Path:
        folder = CASES / name
        monkeypatch.chdir(folder)
        return folder

    return enter


def _column(text: str, name: str) -> list[float]:
    return [float(row[name]) for row in csv.DictReader(io.StringIO(text))]


def test_row_result_independent_of_chunk(run_cli, in_case):
    folder = in_case("40-row-result-independent-of-chunk")
    outputs = [run_cli(["eval", "input.csv", "-p", "params.json", "--chunk-size", str(size)])
               for size in (1, 2, 1000)]
    assert [result.exit_code for result in outputs] == [0, 0, 0]
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    expected = _column((folder / "expected.csv").read_text(encoding="utf-8"), "z")
    np.testing.assert_allclose(_column(outputs[0].stdout, "z"), expected, rtol=1e-15, atol=0)


def test_utf16_without_bom_detected_or_rejected(run_cli, in_case):
    in_case("41-utf16-without-bom")
    default = run_cli(["eval", "input.csv", "-p", "params.json"])
    assert default.exit_code in (0, EXIT_INPUT), default.stderr
    if default.exit_code == 0:
        assert _column(default.stdout, "z") == [-1.25]
    else:
        assert "input.csv" in default.stderr
        assert "--encoding" in default.stderr
    assert "Traceback" not in default.stderr


def test_utf16_without_bom_needs_le(run_cli, in_case):
    in_case("41-utf16-without-bom")
    plain = run_cli(["eval", "input.csv", "-p", "params.json", "--encoding", "utf-16"])
    assert plain.exit_code == EXIT_INPUT
    assert "input.csv" in plain.stderr
    assert "utf-16" in plain.stderr
    assert plain.stdout == ""
    little_endian = run_cli(["eval", "input.csv", "-p", "params.json", "--encoding", "utf-16-le"])
    assert little_endian.exit_code == 0, little_endian.stderr
    assert _column(little_endian.stdout, "z") == [-1.25]


def test_nul_byte_in_utf16_rejected(run_cli, in_case):
    in_case("42-nul-byte-in-utf16")
    result = run_cli(["eval", "input.csv", "-p", "params.json"])
    assert result.exit_code == EXIT_INPUT
    assert "input.csv" in result.stderr
    assert "line 2" in result.stderr
    assert "NUL" in result.stderr
    assert result.stdout == ""


def test_json_huge_integer_rejected(run_cli, in_case):
    in_case("43-json-huge-integer")
    result = run_cli(["eval", "input.csv", "-p", "params.json"])
    assert result.exit_code == EXIT_PARAMS
    assert "params.json" in result.stderr
    assert "4300 digits" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("device", "code"), [("/dev/full", EXIT_OUTPUT), ("/dev/null", 0)])
def test_output_to_device_keeps_device(run_cli, in_case, device, code):
    if not os.path.exists(device):
        pytest.skip(f"no {device} on this system")
    in_case("44-output-to-device")
    result = run_cli(["eval", "input.csv", "-p", "params.json", "-o", device])
    assert result.exit_code == code, result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)
    if code:
        assert "No space left on device" in result.stderr
