"""Print how well the unhappiness assessment finds unhappy comments, beside the baselines.

Run from the repository root: ``python -m bench.assessment``. Dev-only: needs vaderSentiment
and scikit-learn. For every labelled set it prints recall, precision and F1 of the verdict,
ROC-AUC of the score and texts per second (one process, so one core), for:
TextBlob polarity < 0, VADER compound <= -0.05, the cues without the n-gram model, and
``assess`` as shipped. TextBlob and VADER read English only: on the Spanish, French and
German comments they show what reading them as English would give. Every labelled set is
split as the trainer splits it: the "held out" rows were never used for training or tuning,
and only their figures judge the model. The rest, printed after them and labelled, is what
the model was developed on.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bench.train_assessment import OWN_DATA, TRAINABLE, load_labelled, load_split
from bench.train_languages import LANGUAGES, comments
from survey.sentiment import assess
from survey.sentiment_features import read_text
from survey.sentiment_language import ENGLISH, OTHER, language_of, readable_words
from survey.sentiment_model import load_model
from survey.sentiment_other_languages import NAMES, read_other

# (score, verdict): score ranks, higher is unhappier.
Method = Callable[[str], tuple[float, bool]]
TARGET_PRECISION = 0.80
SHARED = (*TRAINABLE, "airline_tweets.tsv")
HELD_OUT = "a fifth by a hash of the text, near-twins such as retweets on one side; never trained or tuned on"
DEVELOPED_ON = {
    **{name: "training part: trained on" for name in TRAINABLE},
    # Its licence lets it judge the model, not train it (../shared/data/README.md), so the
    # trainer never trains on it; its errors were read while writing the cues, and choices between
    # ways of modelling (features, layers) were compared on it, never on the held-out part.
    "airline_tweets.tsv": "development part: never trained on; read for cues, models compared on it",
}


@dataclass(frozen=True)
class Result:
    recall: float
    precision: float
    f1: float
    auc: float
    recall_at_precision: float
    per_second: float


def _textblob(text: str) -> tuple[float, bool]:
    polarity = TextBlob(text).sentiment.polarity
    return -polarity, polarity < 0


def _vader() -> Method:
    analyzer = SentimentIntensityAnalyzer()

    def score(text: str) -> tuple[float, bool]:
        compound = analyzer.polarity_scores(text)["compound"]
        return -compound, compound <= -0.05

    return score


def _cues_alone(text: str) -> tuple[float, bool]:
    language = language_of(readable_words(text), text)
    if language == OTHER:
        return 0.0, False
    if language == ENGLISH:
        margin = load_model().english.score(read_text(text).features).margin
    else:
        margin = load_model().other_languages.score(read_other(text, language).features).margin
    return margin, margin > 0


def _shipped(text: str) -> tuple[float, bool]:
    assessment = assess(text)
    return assessment.unhappiness, assessment.unhappy


def _recall_at_precision(scores: np.ndarray, y: np.ndarray) -> float:
    """Best recall any cut-off reaches while keeping precision at the target. A cut falls only
    between different scores: texts that score the same (TextBlob's 0.0 for every Spanish
    comment) are flagged together, whatever order the file lists them in."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(y) + 1)
    ranked = scores[order]
    cut_after = np.append(ranked[1:] != ranked[:-1], True)
    ok = (precision >= TARGET_PRECISION) & cut_after
    return float(hits[ok].max() / y.sum()) if ok.any() else 0.0


def measure(method: Method, texts: list[str], y: np.ndarray) -> Result:
    """Score every text once, timing the whole pass."""
    start = time.perf_counter()
    results = [method(text) for text in texts]
    elapsed = time.perf_counter() - start
    scores = np.array([score for score, _ in results])
    flagged = np.array([verdict for _, verdict in results])
    hits = int((flagged & y).sum())
    recall = hits / max(int(y.sum()), 1)
    precision = hits / max(int(flagged.sum()), 1)
    f1 = 2 * recall * precision / (recall + precision) if hits else 0.0
    auc = float(roc_auc_score(y, scores))
    return Result(recall, precision, f1, auc, _recall_at_precision(scores, y), len(texts) / elapsed)


def datasets() -> list[tuple[str, list[tuple[str, bool]]]]:
    """Every labelled set's held-out part, and beside it the part the model was developed on,
    labelled as such: its figures flatter the model and judge nothing."""
    sets = []
    for name in SHARED:
        rows, heldout = load_split(name)
        kept = [row for row, held in zip(rows, heldout, strict=True) if held]
        used = [row for row, held in zip(rows, heldout, strict=True) if not held]
        sets.append((f"{name} held out ({len(kept):,} of {len(rows):,} rows; {HELD_OUT})", kept))
        sets.append((f"{name} {DEVELOPED_ON[name]} ({len(used):,} rows)", used))
    sets.append(("support comments held out (written apart, never trained or tuned on)", _own("heldout")))
    sets.append(("support comments dev: trained and tuned on", _own("dev")))
    for language in LANGUAGES:
        name = f"support comments in {NAMES[language]}"
        sets.append(
            (f"{name} held out (written apart, never trained or tuned on)", comments(language, "heldout"))
        )
        sets.append((f"{name}, training part: trained and tuned on", comments(language, "train")))
    return sets


def _own(part: str) -> list[tuple[str, bool]]:
    return load_labelled(OWN_DATA / f"support_comments_{part}.tsv")


def main() -> None:
    methods: dict[str, Method] = {
        "TextBlob polarity < 0": _textblob,
        "VADER compound <= -0.05": _vader(),
        "cues alone (no n-grams)": _cues_alone,
        "assess (shipped)": _shipped,
    }
    assess("warm up: load the model and the lexicon before timing")
    header = (
        f"  {'method':<26}{'recall':>8}{'precision':>10}{'F1':>7}{'ROC-AUC':>9}{'R@P>=.80':>10}{'texts/s':>9}"
    )
    for name, rows in datasets():
        texts = [text for text, _ in rows]
        y = np.array([unhappy for _, unhappy in rows])
        print(f"\n{name}: {len(rows):,} texts, {int(y.sum()):,} unhappy")
        print(header)
        for label, method in methods.items():
            r = measure(method, texts, y)
            print(
                f"  {label:<26}{r.recall:8.3f}{r.precision:10.3f}{r.f1:7.3f}{r.auc:9.3f}"
                f"{r.recall_at_precision:10.3f}{r.per_second:9,.0f}"
            )


if __name__ == "__main__":
    main()
