"""Regenerate the sample CSV files and the fitted parameter files.

Run from the repository root::

    python sample_data/generate.py

All data comes from the copies of the Iris, Breast Cancer Wisconsin (Diagnostic) and
Optical Recognition of Handwritten Digits datasets that ship inside scikit-learn, so
nothing is downloaded. Two runs with the same scikit-learn, NumPy and SciPy versions
write byte-identical files. The fitted numbers in the JSON files can change with those
versions, while the CSV files cannot. The layer and network files are converted with
:func:`neuroncli.convert.from_sklearn`, so neuroncli must be importable too.

Importing this module does no work, so tests can call the loaders and fitting functions
and compare a fresh fit with the committed parameter files.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_digits, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from neuroncli.convert import from_sklearn

OUTPUT_DIR = Path(__file__).resolve().parent

IRIS_CSV = "iris.csv"
IRIS_SETOSA_JSON = "iris_setosa.json"
BREAST_CANCER_CSV = "breast_cancer.csv"
BREAST_CANCER_JSON = "breast_cancer.json"
DIGITS_CSV = "digits.csv"
IRIS_SPECIES_JSON = "iris_species.json"
DIGITS_LOGISTIC_JSON = "digits_logistic.json"
DIGITS_MLP_JSON = "digits_mlp.json"

IRIS_LABEL_COLUMN = "species"
IRIS_POSITIVE_CLASS = "setosa"
BREAST_CANCER_LABEL_COLUMN = "diagnosis"
BREAST_CANCER_POSITIVE_CLASS = "malignant"
DIGITS_LABEL_COLUMN = "digit"

# A tolerance far below scikit-learn's default of 1e-4 makes L-BFGS stop close to the
# unique optimum of the L2-regularised loss, so the fitted numbers depend less on the
# solver's path and therefore less on the library versions.
LOGISTIC_REGRESSION_PARAMS: dict[str, Any] = {
    "C": 1.0,
    "solver": "lbfgs",
    "tol": 1e-10,
    "max_iter": 1000,
}

# The multinomial models use Newton's method, which converges quadratically and so ends at
# the optimum to about 1e-14 relative in the probabilities. L-BFGS with the settings above
# stopped early on the digits, and its probabilities differed by up to 7e-5 relative between
# OpenBLAS's Haswell and Prescott kernels (scikit-learn 1.9.1, OpenBLAS 0.3.31).
MULTINOMIAL_LOGISTIC_PARAMS: dict[str, Any] = {
    "C": 1.0,
    "solver": "newton-cholesky",
    "tol": 1e-10,
    "max_iter": 1000,
}

# Adam stops when the training loss improves by less than tol for n_iter_no_change epochs,
# which it does after about 200 epochs, long before max_iter.
DIGITS_MLP_PARAMS: dict[str, Any] = {
    "hidden_layer_sizes": (32,),
    "activation": "relu",
    "solver": "adam",
    "alpha": 1e-4,
    "learning_rate_init": 1e-3,
    "tol": 1e-4,
    "n_iter_no_change": 10,
    "max_iter": 1000,
    "random_state": 0,
}

# OpenBLAS splits a matrix product between threads in a way that depends on the thread
# count, which changes the last bits of the results. The layer and network models are
# therefore fitted on one thread, so their files do not depend on the number of cores.
FIT_BLAS_THREADS = 1


def snake_case(name: str) -> str:
    """Convert a scikit-learn feature name to a snake_case column name.

    A trailing unit in brackets is dropped, so ``"sepal length (cm)"`` becomes
    ``"sepal_length"`` and ``"worst fractal dimension"`` becomes
    ``"worst_fractal_dimension"``.
    """
    without_unit = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    return re.sub(r"[^0-9a-z]+", "_", without_unit.lower()).strip("_")


def _labelled_frame(
    features: np.ndarray,
    feature_names: Sequence[str],
    target: np.ndarray,
    target_names: Sequence[str],
    label_column: str,
) -> pd.DataFrame:
    columns = [snake_case(str(name)) for name in feature_names]
    frame = pd.DataFrame(np.asarray(features, dtype=np.float64), columns=columns)
    frame[label_column] = [str(target_names[index]) for index in target]
    return frame


def load_iris_frame() -> pd.DataFrame:
    """Load scikit-learn's bundled Iris data as a table with named columns.

    Returns
    -------
    pandas.DataFrame, shape (150, 5)
        Float64 columns ``sepal_length``, ``sepal_width``, ``petal_length`` and
        ``petal_width`` in centimetres, then ``species`` with the values ``setosa``,
        ``versicolor`` or ``virginica``.
    """
    bunch = load_iris()
    return _labelled_frame(
        bunch.data, bunch.feature_names, bunch.target, bunch.target_names, IRIS_LABEL_COLUMN
    )


def load_breast_cancer_frame() -> pd.DataFrame:
    """Load scikit-learn's bundled Breast Cancer Wisconsin (Diagnostic) data.

    Returns
    -------
    pandas.DataFrame, shape (569, 31)
        30 float64 feature columns named in snake_case after scikit-learn's feature
        names (``mean_radius`` ... ``worst_fractal_dimension``), then ``diagnosis`` with
        the values ``malignant`` or ``benign``.
    """
    bunch = load_breast_cancer()
    return _labelled_frame(
        bunch.data,
        bunch.feature_names,
        bunch.target,
        bunch.target_names,
        BREAST_CANCER_LABEL_COLUMN,
    )


def load_digits_frame() -> pd.DataFrame:
    """Load scikit-learn's bundled handwritten digits as a table with named columns.

    Returns
    -------
    pandas.DataFrame, shape (1797, 65)
        64 float64 columns ``pixel_0_0`` ... ``pixel_7_7``, the 8x8 image in row-major
        order (``pixel_<row>_<column>``) with integer values from 0 to 16, then ``digit``
        with the values ``"0"`` to ``"9"`` as text.
    """
    bunch = load_digits()
    return _labelled_frame(
        bunch.data, bunch.feature_names, bunch.target, bunch.target_names, DIGITS_LABEL_COLUMN
    )


def feature_columns(frame: pd.DataFrame, label_column: str) -> list[str]:
    """Return the names of all columns of `frame` except `label_column`, in order."""
    return [column for column in frame.columns if column != label_column]


def fit_binary_pipeline(features: np.ndarray, target: np.ndarray) -> Pipeline:
    """Fit StandardScaler followed by LogisticRegression on a binary target.

    Parameters
    ----------
    features : numpy.ndarray, shape (n_samples, n_features)
        Raw feature values.
    target : numpy.ndarray, shape (n_samples,)
        Labels 0 and 1, where 1 is the positive class.

    Returns
    -------
    sklearn.pipeline.Pipeline
        The fitted pipeline. It was fitted on a plain array, so pass plain arrays with
        the same column order to its ``decision_function`` and ``predict_proba``.

    Raises
    ------
    sklearn.exceptions.ConvergenceWarning
        Raised as an error when L-BFGS stops at ``max_iter`` before converging.
    """
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(**LOGISTIC_REGRESSION_PARAMS))

    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        pipeline.fit(features, target)

    return pipeline


def _fit_one_vs_rest(
    frame: pd.DataFrame, label_column: str, positive_class: str
) -> tuple[Pipeline, np.ndarray]:
    features = frame[feature_columns(frame, label_column)].to_numpy(dtype=np.float64)
    target = (frame[label_column] == positive_class).to_numpy().astype(np.int64)
    return fit_binary_pipeline(features, target), target


def fit_iris_setosa() -> tuple[Pipeline, np.ndarray]:
    """Fit the setosa-versus-rest neuron on the Iris data.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Fitted on the four feature columns of :func:`load_iris_frame`, in order.
    target : numpy.ndarray of int64, shape (150,)
        1 for setosa and 0 for versicolor or virginica.
    """
    return _fit_one_vs_rest(load_iris_frame(), IRIS_LABEL_COLUMN, IRIS_POSITIVE_CLASS)


def fit_breast_cancer() -> tuple[Pipeline, np.ndarray]:
    """Fit the malignant-versus-benign neuron on the Breast Cancer data.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Fitted on the 30 feature columns of :func:`load_breast_cancer_frame`, in order.
    target : numpy.ndarray of int64, shape (569,)
        1 for malignant and 0 for benign.
    """
    return _fit_one_vs_rest(
        load_breast_cancer_frame(), BREAST_CANCER_LABEL_COLUMN, BREAST_CANCER_POSITIVE_CLASS
    )


def _fit_on_one_thread(pipeline: Pipeline, features: np.ndarray, target: np.ndarray) -> Pipeline:
    """Fit `pipeline` with BLAS on FIT_BLAS_THREADS threads, raising ConvergenceWarning."""
    with warnings.catch_warnings(), threadpool_limits(limits=FIT_BLAS_THREADS, user_api="blas"):
        warnings.simplefilter("error", ConvergenceWarning)
        pipeline.fit(features, target)

    return pipeline


def _features_and_target(frame: pd.DataFrame, label_column: str) -> tuple[np.ndarray, np.ndarray]:
    features = frame[feature_columns(frame, label_column)].to_numpy(dtype=np.float64)
    return features, frame[label_column].to_numpy(dtype=str)


def fit_iris_species() -> tuple[Pipeline, np.ndarray, np.ndarray]:
    """Fit the three-class softmax layer on the Iris data.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        StandardScaler then a multinomial LogisticRegression with
        MULTINOMIAL_LOGISTIC_PARAMS. Its ``classes_`` are ``setosa``, ``versicolor`` and
        ``virginica``, in that order.
    features : numpy.ndarray of float64, shape (150, 4)
        The four feature columns of :func:`load_iris_frame`, in order.
    target : numpy.ndarray of str, shape (150,)
        The species of each row.

    Raises
    ------
    sklearn.exceptions.ConvergenceWarning
        Raised as an error when the solver stops at ``max_iter`` before converging.
    """
    features, target = _features_and_target(load_iris_frame(), IRIS_LABEL_COLUMN)
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(**MULTINOMIAL_LOGISTIC_PARAMS))
    return _fit_on_one_thread(pipeline, features, target), features, target


def _digits_features_and_target() -> tuple[np.ndarray, np.ndarray]:
    features, labels = _features_and_target(load_digits_frame(), DIGITS_LABEL_COLUMN)
    return features, labels.astype(np.int64)


def fit_digits_logistic() -> tuple[Pipeline, np.ndarray, np.ndarray]:
    """Fit the ten-class softmax layer on the handwritten digits.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        StandardScaler then a multinomial LogisticRegression with
        MULTINOMIAL_LOGISTIC_PARAMS. Its ``classes_`` are the integers 0 to 9.
    features : numpy.ndarray of float64, shape (1797, 64)
        The pixel columns of :func:`load_digits_frame`, in order.
    target : numpy.ndarray of int64, shape (1797,)
        The digit of each row.

    Raises
    ------
    sklearn.exceptions.ConvergenceWarning
        Raised as an error when the solver stops at ``max_iter`` before converging.
    """
    features, target = _digits_features_and_target()
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(**MULTINOMIAL_LOGISTIC_PARAMS))
    return _fit_on_one_thread(pipeline, features, target), features, target


def fit_digits_mlp() -> tuple[Pipeline, np.ndarray, np.ndarray]:
    """Fit the network of one ReLU hidden layer and a softmax output on the digits.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        StandardScaler then an MLPClassifier with DIGITS_MLP_PARAMS. Its ``classes_`` are
        the integers 0 to 9.
    features : numpy.ndarray of float64, shape (1797, 64)
        The pixel columns of :func:`load_digits_frame`, in order.
    target : numpy.ndarray of int64, shape (1797,)
        The digit of each row.

    Raises
    ------
    sklearn.exceptions.ConvergenceWarning
        Raised as an error when Adam stops at ``max_iter`` before its stopping rule.
    """
    features, target = _digits_features_and_target()
    pipeline = make_pipeline(StandardScaler(), MLPClassifier(**DIGITS_MLP_PARAMS))
    return _fit_on_one_thread(pipeline, features, target), features, target


def folded_parameters(pipeline: Pipeline, feature_names: Sequence[str]) -> dict[str, Any]:
    """Fold the pipeline's standardisation into weights and a bias for raw features.

    The pipeline computes ``z = ((x - mean) / scale) @ coef + intercept``. Expanding it
    gives ``z = x @ w + b`` with ``w = coef / scale`` and
    ``b = intercept - sum(coef * mean / scale)``, so the returned neuron reproduces
    ``pipeline.decision_function`` on unscaled CSV values up to rounding.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        A fitted ``StandardScaler`` then ``LogisticRegression`` on labels 0 and 1.
    feature_names : sequence of str, length n_features
        Column names in the order the pipeline was fitted on.

    Returns
    -------
    dict
        ``features`` (list of n_features str), ``weights`` (list of n_features float),
        ``bias`` (float) and ``activation`` (``"sigmoid"``).

    Raises
    ------
    ValueError
        If the pipeline's steps, classes or number of features do not match.
    """
    steps = [step for _, step in pipeline.steps]
    if (
        len(steps) != 2
        or not isinstance(steps[0], StandardScaler)
        or not isinstance(steps[1], LogisticRegression)
    ):
        raise ValueError(
            "expected a Pipeline of exactly StandardScaler then LogisticRegression, "
            f"got steps {[name for name, _ in pipeline.steps]}"
        )
    scaler, model = steps

    classes = model.classes_.tolist()
    if classes != [0, 1]:
        raise ValueError(f"expected a binary model with classes [0, 1], got {classes}")

    coef = model.coef_[0]
    if len(feature_names) != coef.shape[0]:
        raise ValueError(
            f"got {len(feature_names)} feature names for a model with {coef.shape[0]} features"
        )

    scale = scaler.scale_ if scaler.scale_ is not None else np.ones_like(coef)
    mean = scaler.mean_ if scaler.mean_ is not None else np.zeros_like(coef)

    weights = coef / scale
    # math.fsum rounds the sum once, so the bias does not depend on summation order.
    bias = float(model.intercept_[0]) - math.fsum((coef * mean / scale).tolist())

    return {
        "features": [str(name) for name in feature_names],
        "weights": [float(weight) for weight in weights],
        "bias": bias,
        "activation": "sigmoid",
    }


def _description(dataset: str, positive_class: str, negative_classes: str) -> str:
    hyperparameters = ", ".join(
        f"{name}={value!r}" for name, value in LOGISTIC_REGRESSION_PARAMS.items()
    )
    return (
        f"{dataset} from scikit-learn's bundled copy, {positive_class} (1) vs "
        f"{negative_classes} (0): StandardScaler + LogisticRegression({hyperparameters}), "
        "with the scaling folded into the raw-feature weights and bias."
    )


def iris_setosa_parameters() -> dict[str, Any]:
    """Build the setosa-versus-rest parameter file, with weights keyed by column name."""
    frame = load_iris_frame()
    pipeline, _ = fit_iris_setosa()
    folded = folded_parameters(pipeline, feature_columns(frame, IRIS_LABEL_COLUMN))

    return {
        "description": _description("Iris", "setosa", "versicolor and virginica"),
        "weights": dict(zip(folded["features"], folded["weights"], strict=True)),
        "bias": folded["bias"],
        "activation": folded["activation"],
    }


def breast_cancer_parameters() -> dict[str, Any]:
    """Build the malignant-versus-benign parameter file, with a features list."""
    frame = load_breast_cancer_frame()
    pipeline, _ = fit_breast_cancer()
    folded = folded_parameters(pipeline, feature_columns(frame, BREAST_CANCER_LABEL_COLUMN))

    return {
        "description": _description("Breast Cancer Wisconsin (Diagnostic)", "malignant", "benign"),
        **folded,
    }


def _hyperparameters(params: dict[str, Any]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in params.items())


def _converted(
    pipeline: Pipeline, feature_names: Sequence[str], description: str
) -> dict[str, Any]:
    """Convert a fitted pipeline with neuroncli's converter and put `description` first."""
    return {"description": description, **from_sklearn(pipeline, feature_names)}


def iris_species_parameters() -> dict[str, Any]:
    """Build the three-class softmax layer file for the Iris species."""
    frame = load_iris_frame()
    pipeline, _, _ = fit_iris_species()
    description = (
        "Iris from scikit-learn's bundled copy, all three species: StandardScaler + "
        f"multinomial LogisticRegression({_hyperparameters(MULTINOMIAL_LOGISTIC_PARAMS)}), "
        "one softmax unit per species, with the scaling folded into the raw-feature "
        "weights and biases."
    )
    return _converted(pipeline, feature_columns(frame, IRIS_LABEL_COLUMN), description)


def digits_logistic_parameters() -> dict[str, Any]:
    """Build the ten-class softmax layer file for the handwritten digits."""
    frame = load_digits_frame()
    pipeline, _, _ = fit_digits_logistic()
    description = (
        "Handwritten digits (8x8 pixels, 0-16) from scikit-learn's bundled copy: "
        "StandardScaler + multinomial "
        f"LogisticRegression({_hyperparameters(MULTINOMIAL_LOGISTIC_PARAMS)}), one softmax "
        "unit per digit, with the scaling folded into the raw-pixel weights and biases."
    )
    return _converted(pipeline, feature_columns(frame, DIGITS_LABEL_COLUMN), description)


def digits_mlp_parameters() -> dict[str, Any]:
    """Build the two-layer network file (ReLU hidden layer, softmax output) for the digits."""
    frame = load_digits_frame()
    pipeline, _, _ = fit_digits_mlp()
    description = (
        "Handwritten digits (8x8 pixels, 0-16) from scikit-learn's bundled copy: "
        f"StandardScaler + MLPClassifier({_hyperparameters(DIGITS_MLP_PARAMS)}), with the "
        "scaling folded into the first layer's weights and biases."
    )
    return _converted(pipeline, feature_columns(frame, DIGITS_LABEL_COLUMN), description)


def _format_cell(value: object) -> str:
    if isinstance(value, str):
        return value
    # repr of a Python float is the shortest string that parses back to the same float.
    return repr(float(value))  # type: ignore[arg-type]


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` as UTF-8 CSV with a header, LF line ends and repr floats."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([_format_cell(value) for value in row])


def write_json(document: dict[str, Any], path: Path) -> None:
    """Write `document` as indented UTF-8 JSON, rejecting NaN and infinity."""
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def write_all(output_dir: Path) -> list[Path]:
    """Write the three CSV files and the five parameter files into `output_dir`.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order they were written.
    """
    output_dir.mkdir(parents=True, exist_ok=True)

    write_csv(load_iris_frame(), output_dir / IRIS_CSV)
    write_csv(load_breast_cancer_frame(), output_dir / BREAST_CANCER_CSV)
    write_json(iris_setosa_parameters(), output_dir / IRIS_SETOSA_JSON)
    write_json(breast_cancer_parameters(), output_dir / BREAST_CANCER_JSON)
    write_csv(load_digits_frame(), output_dir / DIGITS_CSV)
    write_json(iris_species_parameters(), output_dir / IRIS_SPECIES_JSON)
    write_json(digits_logistic_parameters(), output_dir / DIGITS_LOGISTIC_JSON)
    write_json(digits_mlp_parameters(), output_dir / DIGITS_MLP_JSON)

    names = (
        IRIS_CSV,
        BREAST_CANCER_CSV,
        IRIS_SETOSA_JSON,
        BREAST_CANCER_JSON,
        DIGITS_CSV,
        IRIS_SPECIES_JSON,
        DIGITS_LOGISTIC_JSON,
        DIGITS_MLP_JSON,
    )
    return [output_dir / name for name in names]


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, write all files and print their paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=OUTPUT_DIR,
        help="folder to write the files into (default: the folder of this script)",
    )
    args = parser.parse_args(argv)

    for path in write_all(args.output_dir):
        print(path)


if __name__ == "__main__":
    main()
