"""Fuzzing in the normal test run: arbitrary and mutated bytes never crash the readers."""

from __future__ import annotations

from fuzz_targets import OPTIONS, csv_inputs, json_inputs, load_params_bytes, read_csv
from hypothesis import HealthCheck, given, settings

from neuroncli.readers import CsvOptions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_inputs, OPTIONS)
def test_reader_survives_any_bytes(data, options):
    rows = read_csv(data, options)
    assert rows >= -1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_inputs)
def test_param_loader_survives_any_bytes(data):
    assert load_params_bytes(data) in (True, False)


def test_seed_files_exist():
    from fuzz_targets import SEED_FILES, SEED_PARAMS

    assert len(SEED_FILES) > 10
    assert len(SEED_PARAMS) > 10


def test_valid_seed_reads_rows():
    assert read_csv(b"x1,x2\n1,2\n3,4\n", CsvOptions()) == 2


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(csv_inputs)
def test_command_line_survives_any_bytes(run_cli, tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    params = tmp_path / "fuzz.json"
    params.write_text('{"weights": [0.5, -1.0], "bias": 0.25, "activation": "sigmoid"}',
                      encoding="utf-8")
    result = run_cli(["eval", str(path), "-p", str(params)])
    assert result.exit_code in (0, 3, 4), result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
