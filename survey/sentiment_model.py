"""Score comments with the linear model trained by bench/train_assessment.py.

The weights ship as JSON and are applied with a dictionary look-up per feature, so the app
needs neither scikit-learn nor numpy, loads the model in milliseconds and scores thousands
of comments a second. Two layers: an n-gram model of general sentiment, whose logit is one
input of the combined model that weighs it against TextBlob's polarity and the cue families.
The file also carries the word valences that read_text sums (VADER's lexicon, MIT licence),
and the same two layers for comments in Spanish, French and German (bench/train_languages.py).
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
        return {name: weight * value for name, value in features.items() if (weight := weights.get(name))}

    def margin_of(self, contributions: Mapping[str, float]) -> float:
        """Log-odds above the decision threshold: positive means unhappy. Takes the
        contributions, which the reasons need anyway, so each feature is looked up once."""
        return self.intercept + sum(contributions.values()) - self.threshold


@dataclass(frozen=True)
class Scored:
    """The margin of one comment and what made it up, for the reasons."""

    margin: float
    cue_contributions: dict[str, float]
    ngram_contributions: dict[str, float]


@dataclass(frozen=True)
class Layers:
    """An n-gram layer and the two ways of combining it with the cues (with n-grams, and cues
    alone for the bench's baseline)."""

    ngram: LinearModel
    combined: LinearModel
    cues_only: LinearModel

    def score(self, features: Mapping[str, float], ngrams: Mapping[str, float] | None = None) -> Scored:
        """Margin of a comment; without ``ngrams`` it is the cues-alone baseline of the bench."""
        if ngrams is None:
            contributions = self.cues_only.contributions(features)
            return Scored(self.cues_only.margin_of(contributions), contributions, {})
        ngram_contributions = self.ngram.contributions(ngrams)
        combined_input = {**features, NGRAM_FEATURE: self.ngram.margin_of(ngram_contributions)}
        contributions = self.combined.contributions(combined_input)
        return Scored(self.combined.margin_of(contributions), contributions, ngram_contributions)


@dataclass(frozen=True)
class ShippedModel:
    """The English layers, the layers for Spanish, French and German comments (one model, its
    n-grams named by language), and the English word valences that read_text sums."""

    english: Layers
    other_languages: Layers
    lexicon: Mapping[str, float]
    vocabulary: Mapping[str, tuple[str, ...]]  # words the English model never learnt, to their languages


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
    lexicon = {str(word): float(valence) for word, valence in dict(raw["lexicon"]).items()}
    languages = raw["languages"]
    vocabulary: dict[str, tuple[str, ...]] = {}
    for code, words in dict(languages["vocabulary"]).items():
        for word in words:
            vocabulary[str(word)] = (*vocabulary.get(str(word), ()), str(code))
    return ShippedModel(_layers(raw), _layers(languages), lexicon, vocabulary)


def _layers(raw: Mapping[str, object]) -> Layers:
    return Layers(_linear(raw["ngram"]), _linear(raw["combined"]), _linear(raw["cues_only"]))
