"""Score comments with the linear model trained by bench/train_assessment.py.

The weights ship as JSON and are applied with a dictionary look-up per feature, so the app
needs neither scikit-learn nor numpy, loads the model in milliseconds and scores thousands
of comments a second. Two layers: an n-gram model of general sentiment, whose logit is one
input of the combined model that weighs it against TextBlob's polarity and the cue families.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("sentiment_model.json")
NGRAM_FEATURE = "ngram:logit"


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression's weights; features not in ``weights`` count for nothing."""

    intercept: float
    weights: Mapping[str, float]
    threshold: float = 0.0

    def contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        """How much each known feature pushed towards unhappy (positive) or content."""
        weights = self.weights
        return {name: weights[name] * value for name, value in features.items() if name in weights}

    def margin(self, features: Mapping[str, float]) -> float:
        """Log-odds above the decision threshold: positive means unhappy."""
        return self.intercept + sum(self.contributions(features).values()) - self.threshold


@dataclass(frozen=True)
class Scored:
    """The margin of one comment and what made it up, for the reasons."""

    margin: float
    cue_contributions: dict[str, float]
    ngram_contributions: dict[str, float]


@dataclass(frozen=True)
class ShippedModel:
    """The n-gram layer and the two ways of combining: with n-grams, and cues alone."""

    ngram: LinearModel
    combined: LinearModel
    cues_only: LinearModel

    def score(self, features: Mapping[str, float], with_ngrams: bool = True) -> Scored:
        """Margin of a comment; ``with_ngrams=False`` is the cues-alone baseline of the bench."""
        ngram_part = {k: v for k, v in features.items() if k.startswith(("w:", "b:"))}
        cue_part = {k: v for k, v in features.items() if not k.startswith(("w:", "b:"))}
        if not with_ngrams:
            return Scored(self.cues_only.margin(cue_part), self.cues_only.contributions(cue_part), {})
        ngram_contributions = self.ngram.contributions(ngram_part)
        cue_part[NGRAM_FEATURE] = self.ngram.intercept + sum(ngram_contributions.values())
        contributions = self.combined.contributions(cue_part)
        return Scored(self.combined.margin(cue_part), contributions, ngram_contributions)


def _linear(raw: Mapping[str, object]) -> LinearModel:
    return LinearModel(
        intercept=float(raw["intercept"]),
        weights={str(k): float(v) for k, v in dict(raw["weights"]).items()},
        threshold=float(raw.get("threshold", 0.0)),
    )


@cache
def load_model(path: Path = MODEL_FILE) -> ShippedModel:
    """Read the shipped weights once per process."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return ShippedModel(_linear(raw["ngram"]), _linear(raw["combined"]), _linear(raw["cues_only"]))
