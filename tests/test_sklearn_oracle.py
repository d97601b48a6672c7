"""The command line against scikit-learn's fitted LogisticRegression on the real sample data."""

from __future__ import annotations

import csv
import importlib.util
import io
import json

import numpy as np
import pytest
from conftest import SAMPLE_DATA


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate", SAMPLE_DATA / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load_generator()

DATASETS = [
    # (CSV, committed parameter file, label column, fitting function)
    ("iris.csv", "iris_setosa.json", "species", generate.fit_iris_setosa),
    ("breast_cancer.csv", "breast_cancer.json", "diagnosis", generate.fit_breast_cancer),
]


def _frame(data):
    if data == "iris.csv":
        return generate.load_iris_frame()
    return generate.load_breast_cancer_frame()


def _read_csv_output(text: str) -> tuple[np.ndarray, np.ndarray]:
    rows = list(csv.DictReader(io.StringIO(text)))
    return (np.array([float(row["z"]) for row in rows]),
            np.array([float(row["a"]) for row in rows]))


@pytest.mark.parametrize(("data", "committed", "label", "fit"), DATASETS,
                         ids=[item[0] for item in DATASETS])
def test_cli_equals_fitted_model(run_cli, tmp_path, data, committed, label, fit):
    pipeline, _ = fit()
    frame = _frame(data)
    names = generate.feature_columns(frame, label)
    params = tmp_path / "fitted.json"
    params.write_text(json.dumps(generate.folded_parameters(pipeline, names)), encoding="utf-8")

    out = tmp_path / "out.csv"
    result = run_cli(["eval", str(SAMPLE_DATA / data), "--params", str(params), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    z, a = _read_csv_output(out.read_text(encoding="utf-8"))

    X = frame[names].to_numpy(dtype=np.float64)
    assert len(z) == len(X)
    np.testing.assert_allclose(z, pipeline.decision_function(X), rtol=1e-12, atol=0)
    np.testing.assert_allclose(a, pipeline.predict_proba(X)[:, 1], rtol=1e-12, atol=0)


@pytest.mark.parametrize(("data", "committed", "label", "fit"), DATASETS,
                         ids=[item[0] for item in DATASETS])
def test_committed_parameters_match_refit(run_cli, data, committed, label, fit):
    # The fitted numbers depend on the BLAS kernel of the CPU: a refit on another machine
    # differs from the committed file by up to about 5e-11, so this comparison is looser.
    pipeline, target = fit()
    frame = _frame(data)
    names = generate.feature_columns(frame, label)
    result = run_cli(["eval", str(SAMPLE_DATA / data), "--params", str(SAMPLE_DATA / committed)])
    assert result.exit_code == 0, result.stderr
    z, a = _read_csv_output(result.stdout)

    X = frame[names].to_numpy(dtype=np.float64)
    np.testing.assert_allclose(z, pipeline.decision_function(X), rtol=1e-8)
    np.testing.assert_allclose(a, pipeline.predict_proba(X)[:, 1], rtol=1e-8)
    assert np.array_equal(a > 0.5, pipeline.predict(X) == 1)
    assert (pipeline.predict(X) == target).mean() > 0.95


def test_breast_cancer_output_file_has_569_rows(run_cli, tmp_path):
    out = tmp_path / "out.csv"
    result = run_cli(["eval", str(SAMPLE_DATA / "breast_cancer.csv"),
                      "--params", str(SAMPLE_DATA / "breast_cancer.json"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "row,z,a"
    assert len(lines) == 1 + 569
