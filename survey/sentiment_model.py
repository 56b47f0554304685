"""Score comments with the linear model trained by bench/train_assessment.py.

The weights ship as JSON and are applied with a dictionary look-up per feature, so the app
needs neither scikit-learn nor numpy, loads the model in milliseconds and scores thousands
of comments a second. Two layers: an n-gram model of general sentiment, whose logit is one
input of the combined model that weighs it against TextBlob's polarity and the cue families.
The file also carries the word valences that read_text sums (VADER's lexicon, MIT licence),
and the same two layers for comments in Spanish, French and German (bench/train_languages.py).

Everyone gets the same shipped file. A team that retrained the model on its own labelled
answers (bench/train_assessment.py --extra) points ASSESSMENT_MODEL_PATH at its file, and
create_app calls ``use_model_file`` once at start-up: a missing or malformed file stops the app
there, with the reason, rather than at the first answer.
"""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("sentiment_model.json")
NGRAM_FEATURE = "ngram:logit"


class ModelFileError(ValueError):
    """The model file cannot be read, or is not a model the trainer wrote."""


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


_chosen = MODEL_FILE  # the file load_model reads; only use_model_file changes it


def use_model_file(path: Path = MODEL_FILE) -> ShippedModel:
    """Read and check a model file, then assess with it in this process from now on."""
    global _chosen
    model = read_model_file(Path(path))
    _chosen = Path(path)
    return model


def load_model() -> ShippedModel:
    """The model every assessment uses: the shipped one unless use_model_file chose another."""
    return read_model_file(_chosen)


@cache
def read_model_file(path: Path) -> ShippedModel:
    """Parse a model file once per process; ModelFileError says what is wrong with it."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModelFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{path}: not JSON ({error})") from None
    try:
        return _shipped(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelFileError(f"{path}: not an assessment model written by the trainer ({error!r})") from None


def _shipped(raw: Mapping[str, object]) -> ShippedModel:
    lexicon = {str(word): _number(valence) for word, valence in dict(raw["lexicon"]).items()}
    languages = raw["languages"]
    vocabulary: dict[str, tuple[str, ...]] = {}
    for code, words in dict(languages["vocabulary"]).items():
        for word in words:
            vocabulary[str(word)] = (*vocabulary.get(str(word), ()), str(code))
    return ShippedModel(_layers(raw), _layers(languages), lexicon, vocabulary)


def _number(value: object) -> float:
    """A finite number: a NaN weight would make every verdict silently false."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


def _linear(raw: Mapping[str, object]) -> LinearModel:
    return LinearModel(
        intercept=_number(raw["intercept"]),
        weights={str(k): _number(v) for k, v in dict(raw["weights"]).items()},
        threshold=_number(raw.get("threshold", 0.0)),
    )


def _layers(raw: Mapping[str, object]) -> Layers:
    return Layers(_linear(raw["ngram"]), _linear(raw["combined"]), _linear(raw["cues_only"]))
