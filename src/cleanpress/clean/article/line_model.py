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
import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from cleanpress.clean.article.features import FEATURE_LABELS, FEATURE_NAMES
from cleanpress.types import Block

MODEL_FILE = "line_model.json"
_INDEX = operator.attrgetter("index")
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

    def score(self, lines: Sequence[Block], features: np.ndarray, *, in_place: bool = False) -> LineScores:
        """The scores of ``lines`` (feature rows ``features``): log-odds of article text, plus the offset.

        ``in_place`` lets the scores take ``features`` over (standardised where it is) instead of a copy.

        Each score is the sum of its terms (weight x standardised value of each
        feature), the bias and the offset; :meth:`LineScores.explain` names the largest terms.
        """
        if not len(features):
            return LineScores({}, np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURE_NAMES))), self.weights)
        # standardised in place when the caller hands its matrix over (the cleaner does): one matrix fewer
        z = features if in_place else features.copy()
        z -= self.mean
        z /= self.scale  # the same values as (features - mean) / scale
        values = (z * self.weights).sum(axis=1) + (self.bias + self.offset)
        rows = np.fromiter(map(_INDEX, lines), dtype=np.int64, count=len(lines))
        if len(values) != len(rows):
            raise ValueError(f"{len(lines)} lines but {len(values)} rows of features")
        return LineScores(dict(zip(rows.tolist(), values.tolist(), strict=True)), rows, z, self.weights)

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


#: Lines explained at a time by :meth:`LineScores.explain_many`.
EXPLAIN_BLOCK = 4096


class LineScores(Mapping[int, float]):
    """The line model's score of each non-blank line of a page (by block index), and what made it.

    A mapping from block index to score (log-odds plus the model's offset), so
    the region step sums them; :meth:`explain` says which features weighed most
    in one line's score, each as weight x standardised value (the terms that
    add up to the log-odds).
    """

    __slots__ = ("_rows", "_scores", "_weights", "_z")

    def __init__(self, scores: dict[int, float], blocks: np.ndarray, z: np.ndarray, weights: np.ndarray) -> None:
        self._scores = scores
        #: the block index of each row of ``z``, ascending (a row is found by binary search, not a dict per line)
        self._rows = blocks
        # the terms (z x weights) are multiplied again when a line is explained, not kept for every line
        self._z = z
        self._weights = weights

    def __getitem__(self, index: int) -> float:
        return self._scores[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._scores)

    def __len__(self) -> int:
        return len(self._scores)

    def explain(self, index: int, top: int = 3) -> str:
        """``"score -3.1; short line -1.2, no sentence end -0.9, …"``: the line's score and its largest terms.

        The terms shown are those that pulled the score down (at most ``top``),
        or, for a line that scores as article text, those that pulled it up.
        """
        return self.explain_many([index], top)[0]

    def explain_many(self, indexes: Sequence[int], top: int = 3) -> list[str]:
        """:meth:`explain` of several lines at once (one sort per block of lines).

        Blocks of :data:`EXPLAIN_BLOCK` lines keep the temporaries (a few rows of
        floats per line) bounded on a page of hundreds of thousands of lines.
        """
        out: list[str] = []
        for start in range(0, len(indexes), EXPLAIN_BLOCK):
            out.extend(self._explain_block(indexes[start : start + EXPLAIN_BLOCK], top))
        return out

    def _explain_block(self, indexes: Sequence[int], top: int) -> list[str]:
        if not indexes:
            return []
        try:  # (a line the dict has is a row of ``_rows``: the dict was made from them)
            scores = np.fromiter(map(self._scores.__getitem__, indexes), dtype=np.float64, count=len(indexes))
        except KeyError:
            raise KeyError("a line that was not scored") from None
        rows = self._rows.searchsorted(np.asarray(indexes, dtype=np.int64))
        # terms pulling towards the verdict: down for a negative score, up for a positive one
        z = self._z[rows]
        parts = z * self._weights
        negative = scores < 0
        signed = parts * np.where(negative, 1.0, -1.0)[:, None]
        order = signed.argsort(axis=1)[:, :top]
        lines = np.arange(len(rows))[:, None]
        picked = parts[lines, order]
        above = z[lines, order] > 0
        # a term is shown when it weighs more than 0.05 in the verdict's direction
        shown = np.where(negative[:, None], picked < -0.05, picked > 0.05)
        # each line's wording (which labels, in which order): a digit per term, the label's ``1 + 2k + side``,
        # 0 for a term not shown; read as one number in base 2 x features + 1 when it fits in 63 bits
        digits = np.where(shown, 1 + 2 * order + above, 0)
        base = 2 * len(FEATURE_LABELS) + 1
        rows_digits = digits.tolist()
        if base ** digits.shape[1] < 2**62:
            keys: list[object] = (digits @ base ** np.arange(digits.shape[1] - 1, -1, -1)).tolist()
        else:
            keys = list(map(tuple, rows_digits))
        templates = {key: _template(row) for key, row in dict(zip(keys, rows_digits, strict=True)).items()}
        # the numbers of every line in order (its score, then its shown terms), formatted by one ``%``
        values = np.empty((len(rows), 1 + digits.shape[1]), dtype=np.float64)
        values[:, 0] = scores
        values[:, 1:] = picked
        mask = np.empty(values.shape, dtype=bool)
        mask[:, 0] = True
        mask[:, 1:] = shown
        text = _LINE_END.join([templates[key] for key in keys]) % tuple(values[mask].tolist())
        return text.split(_LINE_END)


#: what separates the lines' explanations while they are formatted together (no label holds it)
_LINE_END = "\x00"


def _template(digits: Sequence[int]) -> str:
    """The ``%`` template of one line's explanation from its terms' digits (see ``_explain_block``).

    ``"score %+.1f; short line %+.1f, …"``: the text :meth:`LineScores.explain` gives once the line's
    score and shown terms are put in (``%+.1f`` formats a float as ``f"{v:+.1f}"`` does).
    """
    labels = [FEATURE_LABELS[(d - 1) // 2][(d - 1) % 2].replace("%", "%%") + " %+.1f" for d in digits if d]
    return "score %+.1f" + ("; " + ", ".join(labels) if labels else "")
