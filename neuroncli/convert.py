"""Turn fitted scikit-learn models into neuroncli parameter documents.

Only the fitted attributes are read (``coef_``, ``coefs_``, ``intercepts_`` and so on), so this
module never imports scikit-learn; the caller has already imported it to fit the model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# scikit-learn's names for MLP activations, and neuroncli's.
_MLP_ACTIVATIONS = {"identity": "identity", "logistic": "sigmoid", "tanh": "tanh",
                    "relu": "relu", "softmax": "softmax"}


def _floats(values: Any) -> Any:
    return np.asarray(values, dtype=np.float64).tolist()


def _names(model: Any, feature_names: Sequence[str] | None) -> list[str] | None:
    if feature_names is not None:
        return [str(name) for name in feature_names]
    names = getattr(model, "feature_names_in_", None)
    return None if names is None else [str(name) for name in names]


def _unwrap_pipeline(model: Any) -> tuple[Any, tuple[np.ndarray, np.ndarray] | None]:
    """Split a Pipeline of an optional StandardScaler and an estimator into both parts."""
    steps = getattr(model, "steps", None)
    if steps is None:
        return model, None
    estimators = [step for _, step in steps if step not in (None, "passthrough")]
    if len(estimators) == 1:
        return estimators[0], None
    if len(estimators) == 2 and type(estimators[0]).__name__ == "StandardScaler":
        scaler = estimators[0]
        n = estimators[1].n_features_in_
        mean = np.zeros(n) if getattr(scaler, "mean_", None) is None else scaler.mean_
        scale = np.ones(n) if getattr(scaler, "scale_", None) is None else scaler.scale_
        return estimators[1], (np.asarray(mean, dtype=np.float64),
                               np.asarray(scale, dtype=np.float64))
    raise TypeError("only a Pipeline of an optional StandardScaler and one model can be "
                    f"converted, got steps {[name for name, _ in steps]}")


def _fold(W: np.ndarray, b: np.ndarray, scaling: tuple[np.ndarray, np.ndarray] | None
          ) -> tuple[np.ndarray, np.ndarray]:
    """Fold ``(x - mean) / scale`` into the first layer, so it takes raw features."""
    if scaling is None:
        return W, b
    mean, scale = scaling
    folded = W / scale[:, np.newaxis]
    return folded, b - (mean / scale) @ W


def from_logistic_regression(model: Any, feature_names: Sequence[str] | None = None,
                             class_names: Sequence[str] | None = None) -> dict[str, Any]:
    """Convert a fitted LogisticRegression (or a StandardScaler + LogisticRegression Pipeline).

    Two classes give one sigmoid neuron whose ``outputs`` name both classes, negative first;
    more classes give one softmax layer with a unit per class, the multinomial model.
    """
    estimator, scaling = _unwrap_pipeline(model)
    W, b = _fold(np.asarray(estimator.coef_, dtype=np.float64).T,
                 np.asarray(estimator.intercept_, dtype=np.float64), scaling)
    classes = [str(name) for name in (class_names or estimator.classes_)]
    document: dict[str, Any] = {}
    names = _names(model, feature_names)
    if names is not None:
        document["features"] = names
    if W.shape[1] == 1:
        document.update(weights=_floats(W[:, 0]), bias=float(b[0]), activation="sigmoid")
    else:
        document.update(weights=_floats(W), bias=_floats(b), activation="softmax")
    document["outputs"] = classes
    return document


def from_mlp(model: Any, feature_names: Sequence[str] | None = None,
             class_names: Sequence[str] | None = None) -> dict[str, Any]:
    """Convert a fitted MLPClassifier or MLPRegressor (optionally after a StandardScaler).

    Every hidden layer gets the model's ``activation``, and the output layer its
    ``out_activation_``: softmax for several classes, sigmoid for two, identity for regression.
    """
    estimator, scaling = _unwrap_pipeline(model)
    hidden = _MLP_ACTIVATIONS[estimator.activation]
    output = _MLP_ACTIVATIONS[estimator.out_activation_]
    layers = []
    count = len(estimator.coefs_)
    for index, (W, b) in enumerate(zip(estimator.coefs_, estimator.intercepts_, strict=True)):
        W = np.asarray(W, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        if index == 0:
            W, b = _fold(W, b, scaling)
        layers.append({"weights": _floats(W), "bias": _floats(b),
                       "activation": output if index == count - 1 else hidden})
    document: dict[str, Any] = {}
    names = _names(model, feature_names)
    if names is not None:
        document["features"] = names
    document["layers"] = layers
    classes = class_names if class_names is not None else getattr(estimator, "classes_", None)
    if classes is not None:
        document["outputs"] = [str(name) for name in classes]
    return document


def from_sklearn(model: Any, feature_names: Sequence[str] | None = None,
                 class_names: Sequence[str] | None = None) -> dict[str, Any]:
    """Convert a fitted LogisticRegression, MLPClassifier or MLPRegressor, chosen by its type."""
    estimator, _ = _unwrap_pipeline(model)
    kind = type(estimator).__name__
    if kind == "LogisticRegression":
        return from_logistic_regression(model, feature_names, class_names)
    if kind in ("MLPClassifier", "MLPRegressor"):
        return from_mlp(model, feature_names, class_names)
    raise TypeError(f"cannot convert a {kind}; use LogisticRegression, MLPClassifier or "
                    "MLPRegressor")


def write_params(document: dict[str, Any], path: str | Path) -> None:
    """Write a parameter document as JSON whose numbers read back to the same float64."""
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    Path(path).write_text(text + "\n", encoding="utf-8")
