"""Train the linear model that ships as survey/sentiment_model.json.

Run from the repository root: ``python -m bench.train_assessment``. It needs scikit-learn and
vaderSentiment, which the app does not: the weights, and VADER's word valences (MIT licence),
are exported to JSON and applied in plain Python.

Trains on the labelled sets that may train what ships (amazon_reviews.tsv, tweets.tsv),
minus their fixed held-out split, plus the support-comments development set. Never reads
the airline tweets or the support-comments held-out set: those are for bench/assessment.py.
"""

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from survey.sentiment_features import read_text, tokens

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
OWN_DATA = Path(__file__).resolve().parent / "data"
MODEL_FILE = REPO / "survey" / "sentiment_model.json"
TRAINABLE = ("amazon_reviews.tsv", "tweets.tsv")
SUPPORT_WEIGHT = 8.0  # the support comments are the domain that matters, but there are few
C_NGRAM = 0.3
C_CUES = 1.0
NGRAM_FEATURE = "ngram:logit"
# Support comments get a second copy of each cue feature (and a bias), so a cue can weigh
# more in survey answers than in tweets ("still" is a hint in one, filler in the other) and
# a plain factual answer can lean content. TextBlob's polarity and the n-gram model keep one
# weight for all: 160 support comments are too few to re-learn what words mean.
SUPPORT_COPY = "support|"
MIN_DOCS = 2  # an n-gram seen in one training text is memorised, not learnt
TARGET_RECALL = 0.9  # a missed unhappy customer costs more than a friendly call


def load_labelled(path: Path) -> list[tuple[str, bool]]:
    """Read ``label<TAB>text`` rows as (text, is_unhappy)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(row["text"], row["label"] == "unhappy") for row in rows]


def is_heldout(text: str) -> bool:
    """Fix a fifth of each shared set aside by a hash of its text, the same on every run."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 5 == 0


def training_rows() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Texts, labels, sample weights and a source index (for stratified folds)."""
    texts: list[str] = []
    labels: list[bool] = []
    weights: list[float] = []
    sources: list[int] = []
    for index, name in enumerate(TRAINABLE):
        for text, unhappy in load_labelled(SHARED_DATA / name):
            if not is_heldout(text):
                texts.append(text), labels.append(unhappy), weights.append(1.0)
                sources.append(index)
    for text, unhappy in load_labelled(OWN_DATA / "support_comments_dev.tsv"):
        texts.append(text), labels.append(unhappy), weights.append(SUPPORT_WEIGHT)
        sources.append(len(TRAINABLE))
    return texts, np.array(labels), np.array(weights), np.array(sources)


def word_valences() -> dict[str, float]:
    """VADER's human-rated word valences (MIT licence), kept for words the tokenizer yields."""
    lexicon = SentimentIntensityAnalyzer().lexicon
    return {word: float(value) for word, value in sorted(lexicon.items()) if tokens(word) == [word]}


def _cue_dicts(dicts, ngram_logits: np.ndarray | None, sources: np.ndarray) -> list[dict[str, float]]:
    """Cue and polarity features; support comments also get the domain feature (see _export)."""
    cue_dicts = [dict(features) for features in dicts]
    for features, source in zip(cue_dicts, sources, strict=True):
        if source == len(TRAINABLE):
            features.update({SUPPORT_COPY + k: v for k, v in list(features.items()) if k.startswith("cue:")})
            features[SUPPORT_COPY + "bias"] = 1.0
    if ngram_logits is not None:
        for features, logit in zip(cue_dicts, ngram_logits, strict=True):
            features[NGRAM_FEATURE] = float(logit)
    return cue_dicts


def _fit(dicts: list[dict[str, float]], y: np.ndarray, w: np.ndarray, c: float, min_docs: int = 1):
    """Fit a logistic regression; features seen in fewer than ``min_docs`` texts are dropped."""
    counts = Counter(name for features in dicts for name in features)
    kept = [{k: v for k, v in f.items() if counts[k] >= min_docs} for f in dicts]
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(vectorizer.fit_transform(kept), y, sample_weight=w)
    return vectorizer, model


def _out_of_fold(dicts, y, w, strata, c: float, min_docs: int = 1) -> np.ndarray:
    scores = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(dicts, strata):
        vectorizer, model = _fit([dicts[i] for i in train], y[train], w[train], c, min_docs)
        scores[test] = model.decision_function(vectorizer.transform([dicts[i] for i in test]))
    return scores


def _ngram_logits(ngram_dicts, y, sources) -> tuple[np.ndarray, dict[str, object]]:
    """General sentiment from the shared sets only: out-of-fold for them, fitted for support."""
    general = sources < len(TRAINABLE)
    logits = np.zeros(len(y))
    general_dicts = [d for d, g in zip(ngram_dicts, general, strict=True) if g]
    strata, unweighted = sources[general] * 2 + y[general], np.ones(general.sum())
    logits[general] = _out_of_fold(general_dicts, y[general], unweighted, strata, C_NGRAM, MIN_DOCS)
    vectorizer, model = _fit(general_dicts, y[general], unweighted, C_NGRAM, MIN_DOCS)
    support_dicts = [d for d, g in zip(ngram_dicts, general, strict=True) if not g]
    logits[~general] = model.decision_function(vectorizer.transform(support_dicts))
    return logits, _as_json(vectorizer, model)


def _as_json(vectorizer: DictVectorizer, model: LogisticRegression) -> dict[str, object]:
    weights = {
        name: round(float(value), 4)
        for name, value in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(value) >= 0.005
    }
    return {"intercept": round(float(model.intercept_[0]), 4), "weights": weights}


def _fold_support_copies(model: dict) -> None:
    """The app only scores survey answers, so each support copy always fires with its original."""
    weights = model["weights"]
    for name in [n for n in weights if n.startswith(SUPPORT_COPY)]:
        value = weights.pop(name)
        original = name.removeprefix(SUPPORT_COPY)
        if original == "bias":
            model["intercept"] = round(model["intercept"] + value, 4)
        else:
            weights[original] = round(weights.get(original, 0.0) + value, 4)


def _threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """Highest cut that still finds TARGET_RECALL of the unhappy support comments."""
    unhappy = np.sort(scores[y])
    return float(unhappy[int(np.floor((1 - TARGET_RECALL) * len(unhappy)))]) - 1e-6


def _report(name: str, scores: np.ndarray, y: np.ndarray, cut: float) -> None:
    flagged = scores > cut
    hits = int((flagged & y).sum())
    print(
        f"  {name:<18} auc={roc_auc_score(y, scores):.3f} "
        f"recall={hits / max(int(y.sum()), 1):.3f} precision={hits / max(int(flagged.sum()), 1):.3f}"
    )


def main() -> None:
    texts, y, w, sources = training_rows()
    lexicon = word_valences()
    evidence = [read_text(text, lexicon) for text in texts]
    dicts = [item.features for item in evidence]
    ngram_logits, ngram_model = _ngram_logits([item.ngrams for item in evidence], y, sources)
    shipped: dict[str, object] = {"ngram": ngram_model, "lexicon": lexicon}
    support = sources == len(TRAINABLE)
    for label, logits in (("cues_only", None), ("combined", ngram_logits)):
        cue_dicts = _cue_dicts(dicts, logits, sources)
        oof = _out_of_fold(cue_dicts, y, w, sources * 2 + y, C_CUES)
        cut = _threshold(oof[support], y[support])
        print(f"{label}: 5-fold out-of-fold on training data, threshold {cut:.3f}")
        for index, name in enumerate((*TRAINABLE, "support dev")):
            _report(name, oof[sources == index], y[sources == index], cut)
        model = _as_json(*_fit(cue_dicts, y, w, C_CUES))
        _fold_support_copies(model)
        model["threshold"] = round(cut, 4)
        shipped[label] = model
    MODEL_FILE.write_text(json.dumps(shipped, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {MODEL_FILE.relative_to(REPO)} ({MODEL_FILE.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
