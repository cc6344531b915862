"""A small logistic model that scores each line as article text or boilerplate.

The weights live in ``line_model.json`` next to this module, readable and
diffable: one weight per feature of :mod:`cleanpress.clean.article.features`,
with the standardisation (mean, scale) they were fitted with. The model
never removes anything itself: its log-odds are the line scores of the
region step (rule ``outside-article``), which keeps the best-scoring run of
lines, and of the ``low-score`` check inside that run.

``benchmarks/fit_line_model.py`` refits it with page-level cross-validation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from cleanpress.clean.article.features import FEATURE_NAMES

MODEL_FILE = "line_model.json"
#: log-odds under which a short line inside the article region is removed: the value the grid of
#: benchmarks/fit_line_model.py chose for the shipped model (against no drop), and the default of any other
DROP_BELOW = -3.0


@dataclass(frozen=True, slots=True, eq=False)
class LineModel:
    """Standardised logistic regression over :data:`~cleanpress.clean.article.features.FEATURE_NAMES`.

    ``offset`` shifts every log-odds before the region step sums them: a
    positive offset favours recall. ``drop_below`` is the log-odds under
    which a short line inside the region is still removed.
    """

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    offset: float = 0.0
    drop_below: float = DROP_BELOW
    meta: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        n = len(FEATURE_NAMES)
        for name in ("weights", "mean", "scale"):
            if getattr(self, name).shape != (n,):
                raise ValueError(
                    f"line model {name} has shape {getattr(self, name).shape}, expected ({n},): "
                    "the model was fitted for other features; refit it with benchmarks/fit_line_model.py"
                )

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that each row (a line) is article text."""
        if not len(features):
            return np.zeros(0)
        z = (features - self.mean) / self.scale
        return z @ self.weights + self.bias

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURE_NAMES),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(float(self.bias), 6),
            "mean": [round(float(m), 6) for m in self.mean],
            "scale": [round(float(s), 6) for s in self.scale],
            "offset": self.offset,
            "drop_below": self.drop_below,
            "meta": dict(self.meta or {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LineModel:
        names = tuple(data.get("features", ()))
        if names != FEATURE_NAMES:
            missing = sorted(set(FEATURE_NAMES) - set(names))
            raise ValueError(
                f"line model features do not match this version of cleanpress (missing: {missing[:5]}); "
                "refit it with benchmarks/fit_line_model.py"
            )
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            offset=float(data.get("offset", 0.0)),
            drop_below=float(data.get("drop_below", DROP_BELOW)),
            meta=data.get("meta"),
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineModel:
        """The model in ``path``, or the one shipped with cleanpress.

        >>> LineModel.load().weights.shape[0] > 10
        True
        """
        if path is None:
            raw = resources.files("cleanpress.clean.article").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(raw))
