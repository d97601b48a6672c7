"""Dense layers and networks through the command line against scikit-learn's fitted models.

Each model is refitted here with the functions of ``sample_data/generate.py``, converted with
``neuroncli.convert.from_sklearn`` and evaluated by the command line on the sample CSV files.
scikit-learn's ``predict_proba``, ``decision_function``, ``predict``, ``score`` and
``log_loss`` are the oracles.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import json
import re
import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLE_DATA
from sklearn.datasets import load_diabetes, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, mean_squared_error
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from neuroncli.convert import from_sklearn, write_params

EPS = float(np.finfo(np.float64).eps)

# The command line and scikit-learn round differently, because the converter folds the
# StandardScaler into the first layer and the matrix products may sum in another order.
RTOL = 1e-10
# A refit on another CPU can pick another OpenBLAS kernel and differ from the committed files in
# the last digits. Switching the kernel from Haswell to Prescott moved the digits MLP's
# probabilities by about 1e-14 relative (scikit-learn 1.9.1, OpenBLAS 0.3.31).
COMMITTED_RTOL = 1e-8

# Small models fitted only by these tests, not committed as sample files.
DIABETES_MLP_PARAMS: dict[str, Any] = {
    "hidden_layer_sizes": (16,),
    "solver": "adam",
    "learning_rate_init": 0.01,
    "max_iter": 1000,
    "random_state": 0,
}
BREAST_CANCER_MLP_PARAMS: dict[str, Any] = {
    "hidden_layer_sizes": (8,),
    "max_iter": 1000,
    "random_state": 0,
}


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate", SAMPLE_DATA / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


@dataclass(frozen=True)
class SampleModel:
    """A committed parameter file, the CSV file and label column it is evaluated on.

    ``name`` also names the refitting function ``fit_<name>`` of ``generate.py``.
    """

    name: str
    data: str
    params: str
    label: str


SAMPLE_MODELS = [
    SampleModel("iris_species", "iris.csv", "iris_species.json", "species"),
    SampleModel("digits_logistic", "digits.csv", "digits_logistic.json", "digit"),
    SampleModel("digits_mlp", "digits.csv", "digits_mlp.json", "digit"),
]
SAMPLE_IDS = [model.name for model in SAMPLE_MODELS]


@functools.cache
def _fitted(name: str) -> tuple[Pipeline, np.ndarray, np.ndarray]:
    """Refit a sample model, once per session because the fits are deterministic."""
    fit = getattr(generate, f"fit_{name}")
    return fit()


def _feature_names(model: SampleModel) -> list[str]:
    header = (SAMPLE_DATA / model.data).read_text(encoding="utf-8").split("\n", 1)[0]
    return [name for name in header.split(",") if name != model.label]


def _read_output(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert reader.fieldnames is not None
    return list(reader.fieldnames), rows


def _numbers(rows: list[dict[str, str]], columns: list[str]) -> np.ndarray:
    """Return the named output columns as a float64 matrix, shape (rows, columns)."""
    return np.array([[float(row[column]) for column in columns] for row in rows])


@dataclass(frozen=True)
class Totals:
    """The loss and accuracy lines that the command line prints on standard error."""

    loss: str
    rows: int
    mean_loss: float
    accuracy: float | None
    correct: int | None
    total: int | None


def _totals(stderr: str) -> Totals:
    loss = re.search(r"mean loss \((\w+)\) over (\d+) rows: (\S+)", stderr)
    assert loss is not None, stderr
    accuracy = re.search(r"accuracy: (\S+) \((\d+) of (\d+) rows predicted correctly\)", stderr)
    if accuracy is None:
        return Totals(loss[1], int(loss[2]), float(loss[3]), None, None, None)
    return Totals(loss[1], int(loss[2]), float(loss[3]), float(accuracy[1]), int(accuracy[2]),
                  int(accuracy[3]))


def _folded_z_bound(pipeline: Pipeline, X: np.ndarray) -> np.ndarray:
    """Return a bound on |z - decision_function| when the scaler is folded, shape (N, m).

    The folded layer sums x / scale * coef and mean / scale * coef separately. These terms can
    be much larger than their difference, so the rounding error is a few ulps of their
    magnitudes rather than of z. Twice (n + 2) ulps covers the sums of both programs.
    """
    scaler, estimator = pipeline[0], pipeline[-1]
    coef = np.abs(estimator.coef_.T)
    magnitudes = ((np.abs(X) + np.abs(scaler.mean_)) / scaler.scale_) @ coef
    n_terms = coef.shape[0] + 2
    return 2 * n_terms * EPS * (magnitudes + np.abs(estimator.intercept_))


def _fit(model: Any, X: np.ndarray, y: np.ndarray) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        return model.fit(X, y)


# Sample models, refitted ----------------------------------------------------------------

@pytest.mark.parametrize("model", SAMPLE_MODELS, ids=SAMPLE_IDS)
def test_refit_model_matches_cli(run_cli, tmp_path, model):
    pipeline, X, y = _fitted(model.name)
    params = tmp_path / "fitted.json"
    write_params(from_sklearn(pipeline, _feature_names(model)), params)

    out = tmp_path / "out.csv"
    result = run_cli(["eval", str(SAMPLE_DATA / model.data), "--params", str(params),
                      "--target", model.label, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    header, rows = _read_output(out.read_text(encoding="utf-8"))

    classes = [str(name) for name in pipeline.classes_]
    z_columns = [f"z_{name}" for name in classes]
    a_columns = [f"a_{name}" for name in classes]
    assert header == ["row", *z_columns, *a_columns, "predicted", "loss"]
    assert [row["row"] for row in rows] == [str(i) for i in range(1, len(X) + 1)]

    probabilities = pipeline.predict_proba(X)
    np.testing.assert_allclose(_numbers(rows, a_columns), probabilities, rtol=RTOL, atol=0)
    assert [row["predicted"] for row in rows] == [str(name) for name in pipeline.predict(X)]

    if isinstance(pipeline[-1], LogisticRegression):
        z = _numbers(rows, z_columns)
        decision = pipeline.decision_function(X)
        allowed = np.maximum(_folded_z_bound(pipeline, X), RTOL * np.abs(decision))
        assert np.all(np.abs(z - decision) <= allowed)

    totals = _totals(result.stderr)
    assert totals.loss == "cce"
    assert totals.rows == len(X)
    assert totals.mean_loss == pytest.approx(log_loss(y, probabilities), rel=RTOL, abs=0)

    assert totals.accuracy == pipeline.score(X, y)
    assert totals.total == len(X)
    correct = int(np.sum(pipeline.predict(X) == y))
    assert Fraction(totals.correct, totals.total) == Fraction(correct, len(y))


@pytest.mark.parametrize("model", SAMPLE_MODELS, ids=SAMPLE_IDS)
def test_refit_row_losses_match_probabilities(run_cli, tmp_path, model):
    pipeline, X, y = _fitted(model.name)
    params = tmp_path / "fitted.json"
    write_params(from_sklearn(pipeline, _feature_names(model)), params)

    result = run_cli(["eval", str(SAMPLE_DATA / model.data), "--params", str(params),
                      "--target", model.label])
    assert result.exit_code == 0, result.stderr
    _, rows = _read_output(result.stdout)

    # -log(p) of a p near 1 carries p's absolute rounding error of a few ulps, hence the atol.
    classes = list(pipeline.classes_)
    true_probability = pipeline.predict_proba(X)[np.arange(len(y)), [classes.index(c) for c in y]]
    np.testing.assert_allclose(_numbers(rows, ["loss"])[:, 0], -np.log(true_probability),
                               rtol=RTOL, atol=16 * EPS)


@pytest.mark.parametrize("model", SAMPLE_MODELS, ids=SAMPLE_IDS)
def test_committed_file_matches_refit(run_cli, model):
    pipeline, X, y = _fitted(model.name)
    result = run_cli(["eval", str(SAMPLE_DATA / model.data),
                      "--params", str(SAMPLE_DATA / model.params), "--target", model.label])
    assert result.exit_code == 0, result.stderr
    header, rows = _read_output(result.stdout)

    classes = [str(name) for name in pipeline.classes_]
    a_columns = [f"a_{name}" for name in classes]
    assert header == ["row", *[f"z_{name}" for name in classes], *a_columns, "predicted", "loss"]
    assert len(rows) == len(X)

    probabilities = pipeline.predict_proba(X)
    np.testing.assert_allclose(_numbers(rows, a_columns), probabilities, rtol=COMMITTED_RTOL)
    assert [row["predicted"] for row in rows] == [str(name) for name in pipeline.predict(X)]

    totals = _totals(result.stderr)
    assert totals.rows == len(X)
    assert totals.mean_loss == pytest.approx(log_loss(y, probabilities), rel=COMMITTED_RTOL)
    assert totals.accuracy == pipeline.score(X, y)


def test_digits_mlp_committed_run(run_cli):
    # The command a user runs on the committed sample files, checked row by row.
    pipeline, X, y = _fitted("digits_mlp")
    result = run_cli(["eval", str(SAMPLE_DATA / "digits.csv"),
                      "--params", str(SAMPLE_DATA / "digits_mlp.json"), "--target", "digit"])
    assert result.exit_code == 0, result.stderr
    header, rows = _read_output(result.stdout)

    digits = [str(digit) for digit in range(10)]
    assert header == ["row", *[f"z_{d}" for d in digits], *[f"a_{d}" for d in digits],
                      "predicted", "loss"]
    assert len(rows) == 1797

    probabilities = pipeline.predict_proba(X)
    np.testing.assert_allclose(_numbers(rows, [f"a_{d}" for d in digits]), probabilities,
                               rtol=COMMITTED_RTOL)
    assert [int(row["predicted"]) for row in rows] == pipeline.predict(X).tolist()
    np.testing.assert_allclose(np.sum(_numbers(rows, ["loss"])) / len(rows),
                               log_loss(y, probabilities), rtol=COMMITTED_RTOL)

    totals = _totals(result.stderr)
    assert (totals.loss, totals.rows) == ("cce", 1797)
    assert totals.accuracy == pipeline.score(X, y)
    assert (totals.correct, totals.total) == (int(np.sum(pipeline.predict(X) == y)), 1797)


# Sample files, without scikit-learn's models ---------------------------------------------

def test_digits_csv_matches_load_digits():
    bunch = load_digits()
    header, rows = _read_output((SAMPLE_DATA / "digits.csv").read_text(encoding="utf-8"))

    pixels = [f"pixel_{row}_{column}" for row in range(8) for column in range(8)]
    assert header == [*pixels, "digit"]
    assert len(rows) == 1797

    values = _numbers(rows, pixels)
    assert np.array_equal(values, bunch.data)
    assert np.array_equal(values.reshape(-1, 8, 8), bunch.images)
    assert [row["digit"] for row in rows] == [str(digit) for digit in bunch.target]


def _relu_layer_reference(X: np.ndarray, layer: dict[str, Any]
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return Z = X W + b, max(0, Z) and an error bound on Z, all of shape (N, m)."""
    W = np.array(layer["weights"], dtype=np.float64)
    b = np.array(layer["bias"], dtype=np.float64)
    Z = X @ W + b
    # Any order of summing n products and a bias in float64 stays within (n + 1) ulps of the
    # magnitudes summed. The two programs may sum in different orders, so allow twice that.
    bound = 2 * (W.shape[0] + 1) * EPS * (np.abs(X) @ np.abs(W) + np.abs(b))
    return Z, np.maximum(Z, 0.0), bound


def test_all_layers_hidden_matches_numpy(run_cli):
    document = json.loads((SAMPLE_DATA / "digits_mlp.json").read_text(encoding="utf-8"))
    hidden_layer, output_layer = document["layers"]
    X = load_digits().data.astype(np.float64)
    units = len(hidden_layer["bias"])

    result = run_cli(["eval", str(SAMPLE_DATA / "digits.csv"),
                      "--params", str(SAMPLE_DATA / "digits_mlp.json"), "--all-layers"])
    assert result.exit_code == 0, result.stderr
    header, rows = _read_output(result.stdout)

    z_hidden = [f"l1_z_{j}" for j in range(units)]
    a_hidden = [f"l1_a_{j}" for j in range(units)]
    digits = [str(digit) for digit in range(10)]
    assert header == ["row", *z_hidden, *a_hidden, *[f"z_{d}" for d in digits],
                      *[f"a_{d}" for d in digits], "predicted"]

    Z1, A1, bound1 = _relu_layer_reference(X, hidden_layer)
    Z1_cli = _numbers(rows, z_hidden)
    A1_cli = _numbers(rows, a_hidden)
    assert np.all(np.abs(Z1_cli - Z1) <= bound1)
    assert np.all(np.abs(A1_cli - A1) <= bound1)
    assert np.array_equal(A1_cli, np.maximum(Z1_cli, 0.0))
    assert np.any(A1_cli == 0.0)
    assert np.any(A1_cli > 0.0)

    Z2, _, bound2 = _relu_layer_reference(A1_cli, output_layer)
    assert np.all(np.abs(_numbers(rows, [f"z_{d}" for d in digits]) - Z2) <= bound2)


def _out_in_copy(layer: dict[str, Any]) -> dict[str, Any]:
    """Return *layer* with its weights stored m x n_in, as PyTorch's nn.Linear.weight is."""
    transposed = [list(column) for column in zip(*layer["weights"], strict=True)]
    return {**layer, "weights": transposed, "layout": "out_in"}


@pytest.mark.parametrize(("data", "params", "label"), [
    ("iris.csv", "iris_species.json", "species"),
    ("digits.csv", "digits_mlp.json", "digit"),
])
def test_out_in_layout_gives_same_bytes(run_cli, tmp_path, data, params, label):
    document = json.loads((SAMPLE_DATA / params).read_text(encoding="utf-8"))
    if "layers" in document:
        copy = {**document, "layers": [_out_in_copy(layer) for layer in document["layers"]]}
        first = copy["layers"][0]
    else:
        copy = _out_in_copy(document)
        first = copy
    assert len(first["weights"]) != len(document["features"])
    copy_path = tmp_path / "out_in.json"
    copy_path.write_text(json.dumps(copy), encoding="utf-8")

    outputs = []
    for name, path in (("in_out.csv", SAMPLE_DATA / params), ("out_in.csv", copy_path)):
        out = tmp_path / name
        result = run_cli(["eval", str(SAMPLE_DATA / data), "--params", str(path),
                          "--target", label, "--all-layers", "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


# Models fitted only here -----------------------------------------------------------------

def test_mlp_regressor_matches_predict(run_cli, tmp_path):
    bunch = load_diabetes()
    X, y = bunch.data, bunch.target
    pipeline = _fit(make_pipeline(StandardScaler(), MLPRegressor(**DIABETES_MLP_PARAMS)), X, y)

    data = tmp_path / "diabetes.csv"
    frame = pd.DataFrame(X, columns=bunch.feature_names)
    frame["progression"] = y
    generate.write_csv(frame, data)
    params = tmp_path / "regressor.json"
    write_params(from_sklearn(pipeline, bunch.feature_names), params)
    assert "outputs" not in json.loads(params.read_text(encoding="utf-8"))

    out = tmp_path / "out.csv"
    result = run_cli(["eval", str(data), "--params", str(params), "--target", "progression",
                      "--loss", "mse", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    header, rows = _read_output(out.read_text(encoding="utf-8"))
    assert header == ["row", "z", "a", "loss"]

    predictions = pipeline.predict(X)
    np.testing.assert_allclose(_numbers(rows, ["z"])[:, 0], predictions, rtol=RTOL, atol=0)
    np.testing.assert_allclose(_numbers(rows, ["a"])[:, 0], predictions, rtol=RTOL, atol=0)

    totals = _totals(result.stderr)
    assert (totals.loss, totals.rows) == ("mse", len(y))
    assert totals.mean_loss == pytest.approx(mean_squared_error(y, predictions), rel=RTOL, abs=0)
    assert totals.accuracy is None


def test_binary_mlp_classifier_matches_sklearn(run_cli, tmp_path):
    frame = generate.load_breast_cancer_frame()
    names = generate.feature_columns(frame, "diagnosis")
    X = frame[names].to_numpy(dtype=np.float64)
    y = frame["diagnosis"].to_numpy(dtype=str)
    pipeline = _fit(make_pipeline(StandardScaler(), MLPClassifier(**BREAST_CANCER_MLP_PARAMS)),
                    X, y)
    assert pipeline.classes_.tolist() == ["benign", "malignant"]

    params = tmp_path / "binary.json"
    document = from_sklearn(pipeline, names)
    write_params(document, params)
    assert len(document["layers"][-1]["bias"]) == 1
    assert document["layers"][-1]["activation"] == "sigmoid"

    out = tmp_path / "out.csv"
    result = run_cli(["eval", str(SAMPLE_DATA / "breast_cancer.csv"), "--params", str(params),
                      "--target", "diagnosis", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    header, rows = _read_output(out.read_text(encoding="utf-8"))
    assert header == ["row", "z", "a", "predicted", "loss"]

    probabilities = pipeline.predict_proba(X)
    np.testing.assert_allclose(_numbers(rows, ["a"])[:, 0], probabilities[:, 1], rtol=RTOL,
                               atol=0)
    assert [row["predicted"] for row in rows] == pipeline.predict(X).tolist()

    totals = _totals(result.stderr)
    assert (totals.loss, totals.rows) == ("bce", len(y))
    assert totals.mean_loss == pytest.approx(log_loss(y, probabilities), rel=RTOL, abs=0)
    assert totals.accuracy == pipeline.score(X, y)
    assert (totals.correct, totals.total) == (int(np.sum(pipeline.predict(X) == y)), len(y))
