"""Train the linear model that ships as survey/sentiment_model.json.

Run from the repository root: ``python -m bench.train_assessment``. It needs scikit-learn, which
the app does not: the weights, and VADER's word valences (MIT licence), are exported to JSON and
applied in plain Python.

Trains on the labelled sets that may train what ships (amazon_reviews.tsv, tweets.tsv),
minus their fixed held-out split (``heldout_mask``), plus the support comments the team
wrote: the development set and the larger training set of service messages (complaints,
questions and thanks across many industries, travel among them). Never trains on the airline
tweets, whose licence allows evaluation only, or on the support-comments held-out set: those
are for bench/assessment.py, which splits the airline tweets the same way. It reads them, and
the held-out parts, only to refuse a team-written comment that twins one (``_refuse_twins_of``).
The weights of the support comments and the regularisation of both layers are chosen by
cross-validation on these training rows alone (see ``_tune``).

The n-gram layer is the mean of two logistic regressions over the same n-grams: a plain
one, and one over n-grams scaled by their naive-Bayes log-count ratio (NBSVM, Wang &
Manning 2012), in which a rare n-gram that always comes with one label starts from that
lean instead of from nothing. Each ranks unseen text worse than their mean. The mean of two
linear models is one linear model, so the app still applies one weight per n-gram.

The cut is part of the model (``threshold`` of the combined layer, subtracted from the margin),
so an unhappiness of 0.5 is the chosen balance for the shipped model and for a team's
retrained one alike (survey/sentiment.py's DEFAULT_THRESHOLD). It is chosen on out-of-fold
scores of the judged training sets: the cut with the most room to spare on the tightest of
recall >= TARGET_RECALL and precision >= TARGET_PRECISION over them all (see ``_cut``).

A team retrains with its own labelled answers beside the bundled data:
``python -m bench.train_assessment --extra answers.csv --out team_model.json --reuse-params``
(the CSV of ``flask assessment export``; bench/team_export.py reads it). ``--reuse-params``
skips the search of hyper-parameters and takes those recorded in the shipped model, which
turns half an hour of CPU into minutes. ``python -m bench.assessment --model team_model.json``
then shows the effect on the held-out sets; the app loads the file from ASSESSMENT_MODEL_PATH.
"""

import argparse
import csv
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from itertools import product
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bench.team_export import read_export
from survey.sentiment_features import read_text, tokens

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
OWN_DATA = Path(__file__).resolve().parent / "data"
MODEL_FILE = REPO / "survey" / "sentiment_model.json"
TRAINABLE = ("amazon_reviews.tsv", "tweets.tsv")
SUPPORT = ("support_comments_dev.tsv", "support_comments_train.tsv")  # written by the team
SUPPORT_HELDOUT = "support_comments_heldout.tsv"  # written by the team apart, to judge only
EVALUATION_ONLY = "airline_tweets.tsv"  # its licence: evaluation, never training
NGRAM_FEATURE = "ngram:logit"
# What the hyper-parameters are chosen on: messages people write, as survey comments are.
# The product reviews train the model but do not judge it: sentences about a product, not
# words to a company, and their scores would otherwise decide every choice.
JUDGED = ("tweets.tsv", *SUPPORT)
# Candidate hyper-parameters; _tune picks one of each by out-of-fold ROC-AUC (see _mean_auc).
# Sample weight of a support comment in the n-gram layer and in the combined layer (the
# general sets weigh 1), and the inverse regularisation strength of each layer.
NGRAM_GRID = {"ngram_weight": (5.0, 10.0, 20.0), "c_ngram": (0.01, 0.03, 0.1)}
CUES_GRID = {"support_weight": (1.0, 2.0, 4.0, 8.0), "c_cues": (1.0, 3.0, 10.0, 30.0)}
DEFAULTS = {"ngram_weight": 1.0, "c_ngram": 0.3, "support_weight": 4.0, "c_cues": 1.0}
NEAR_DUPLICATE = 0.5  # share of words above which two texts are near-twins (see near_twin_groups)
_MENTION_OR_LINK = re.compile(r"@\w+|https?://\S+")
# Support comments get a second copy of each cue feature (and a bias), so a cue can weigh
# more in customer comments than in general tweets ("still" is a hint in one, filler in the
# other) and a plain factual question can lean content. TextBlob's polarity keeps one weight
# for all; the n-gram layer learns service words from the support comments directly.
SUPPORT_COPY = "support|"
MIN_DOCS = 2  # an n-gram seen in one training text is memorised, not learnt
# The balance the cut must keep on every judged set (issue 21): most unhappy customers found,
# and three calls in four worth making.
TARGET_RECALL = 0.85
TARGET_PRECISION = 0.75
TEAM_EXPORT = "team export"  # the source name of --extra rows (after TRAINABLE and SUPPORT)


def load_labelled(path: Path) -> list[tuple[str, bool]]:
    """Read ``label<TAB>text`` rows as (text, is_unhappy)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(row["text"], row["label"] == "unhappy") for row in rows]


def is_heldout(text: str) -> bool:
    """Fix a fifth of each shared set aside by a hash of its text, the same on every run."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 5 == 0


def _word_set(text: str) -> frozenset[str]:
    """Words without mentions, links and "RT", which differ between copies of one tweet."""
    return frozenset(re.findall(r"[a-z]+", _MENTION_OR_LINK.sub(" ", text.lower()))) - {"rt"}


def near_twin_groups(texts: list[str], word_set: Callable[[str], frozenset[str]] | None = None) -> list[int]:
    """For each text, the index of the first text of its group. Texts sharing more than
    NEAR_DUPLICATE of their words (a retweet, two phrasings of one complaint) are one group,
    linked transitively, so no text is ever scored with its twin among the rows trained on.

    Every such pair is found without comparing all of them (prefix filtering, as in PPJoin):
    taken smallest first, two sets that share more than that fraction share one of the
    rarest words of each, so only those words are indexed and looked up. ``word_set`` splits a
    text into words (by default English letters only, which splits "déçu" apart)."""
    sets = [(word_set or _word_set)(text) for text in texts]
    frequency = Counter(word for words in sets for word in words)
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        low, high = sorted((root(a), root(b)))
        parent[high] = low

    first_copy: dict[str, int] = {}
    for i, text in enumerate(texts):  # copies with no words left ("@united 😡") have no overlap to find
        join(i, first_copy.setdefault(text.strip().lower(), i))
    having: dict[str, list[int]] = {}
    for a in sorted(range(len(sets)), key=lambda i: len(sets[i])):
        words, size = sets[a], len(sets[a])
        rarest = sorted(words, key=lambda word: (frequency[word], word))
        probe = rarest[: size - math.ceil(NEAR_DUPLICATE * size) + 1]
        for b in {b for word in probe for b in having.get(word, ()) if len(sets[b]) > NEAR_DUPLICATE * size}:
            if len(words & sets[b]) > NEAR_DUPLICATE * len(words | sets[b]):
                join(a, b)
        for word in rarest[: size - math.ceil(2 * NEAR_DUPLICATE / (1 + NEAR_DUPLICATE) * size) + 1]:
            having.setdefault(word, []).append(a)
    return [root(i) for i in range(len(texts))]


def heldout_mask(texts: list[str]) -> np.ndarray:
    """Which rows of a shared set are held out: each group of near-twins goes whole to one
    side, by ``is_heldout`` of its first text."""
    return np.array([is_heldout(texts[first]) for first in near_twin_groups(texts)], dtype=bool)


def load_split(name: str) -> tuple[list[tuple[str, bool]], np.ndarray]:
    """A shared set's rows and its held-out mask."""
    rows = load_labelled(SHARED_DATA / name)
    return rows, heldout_mask([text for text, _ in rows])


def training_rows(extra: list[tuple[str, bool]] = ()) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels and a source index (into TRAINABLE + SUPPORT + TEAM_EXPORT, for folds and
    weights). ``extra`` are a team's labelled answers: its near-twins of a judging text are left
    out (printed), as the team cannot know which of its customers' words a tweet repeats."""
    texts: list[str] = []
    labels: list[bool] = []
    sources: list[int] = []
    judging: list[str] = [text for text, _ in load_labelled(OWN_DATA / SUPPORT_HELDOUT)]
    for index, name in enumerate(TRAINABLE):
        rows, heldout = load_split(name)
        for (text, unhappy), held in zip(rows, heldout, strict=True):
            if held:
                judging.append(text)
            else:
                texts.append(text), labels.append(unhappy), sources.append(index)
    own = len(texts)
    for index, name in enumerate(SUPPORT, start=len(TRAINABLE)):
        for text, unhappy in load_labelled(OWN_DATA / name):
            texts.append(text), labels.append(unhappy), sources.append(index)
    judging += [text for text, _ in load_labelled(SHARED_DATA / EVALUATION_ONLY)]
    _refuse_twins_of(judging, texts[own:])
    if extra:
        twins = set(_twins_of(judging, [text for text, _ in extra]))
        kept = [(text, unhappy) for text, unhappy in extra if text not in twins]
        print(
            f"{TEAM_EXPORT}: {len(kept)} rows kept, {len(extra) - len(kept)} twins of judging texts left out"
        )
        for text, unhappy in kept:
            texts.append(text), labels.append(unhappy), sources.append(len(TRAINABLE) + len(SUPPORT))
    return texts, np.array(labels), np.array(sources)


def _twins_of(judging: list[str], written: list[str]) -> list[str]:
    """The texts of ``written`` that are near-twins of a text that judges the model."""
    groups = near_twin_groups(judging + written)
    judged = set(groups[: len(judging)])
    return [text for text, group in zip(written, groups[len(judging) :], strict=True) if group in judged]


def _refuse_twins_of(judging: list[str], written: list[str]) -> None:
    """Stop if a comment the team wrote is a near-twin of a text that judges the model: a
    short "worst customer service ever" written here can match a tweet word for word, and
    training on it would score that tweet with its own answer known."""
    twins = _twins_of(judging, written)
    if twins:
        listed = "\n".join(f"  {text}" for text in twins)
        raise SystemExit(
            f"{len(twins)} support comments are near-twins of evaluated texts; remove them:\n{listed}"
        )


def word_valences() -> dict[str, float]:
    """VADER's human-rated word valences (MIT licence), kept for words the tokenizer yields."""
    lexicon = SentimentIntensityAnalyzer().lexicon
    return {word: float(value) for word, value in sorted(lexicon.items()) if tokens(word) == [word]}


def _cue_dicts(dicts, ngram_logits: np.ndarray | None, sources: np.ndarray) -> list[dict[str, float]]:
    """Cue and polarity features; support comments also get the domain copies (see
    _fold_support_copies)."""
    cue_dicts = [dict(features) for features in dicts]
    for features, source in zip(cue_dicts, sources, strict=True):
        if source >= len(TRAINABLE):
            features.update({SUPPORT_COPY + k: v for k, v in list(features.items()) if k.startswith("cue:")})
            features[SUPPORT_COPY + "bias"] = 1.0
    if ngram_logits is not None:
        for features, logit in zip(cue_dicts, ngram_logits, strict=True):
            features[NGRAM_FEATURE] = float(logit)
    return cue_dicts


def _fit(dicts, y: np.ndarray, w: np.ndarray, c: float, min_docs: int = 1, nb_blend: bool = False):
    """Fit a logistic regression; features seen in fewer than ``min_docs`` texts are dropped.
    With ``nb_blend``, the mean of it and its NB-scaled twin (see the module's docstring)."""
    counts = Counter(name for features in dicts for name in features)
    kept = [{k: v for k, v in f.items() if counts[k] >= min_docs} for f in dicts]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(kept)
    model = LogisticRegression(C=c, max_iter=3000).fit(x, y, sample_weight=w)
    if nb_blend:
        ratio = _log_count_ratio(x, y, w)
        scaled = LogisticRegression(C=c, max_iter=3000).fit(x.multiply(ratio).tocsr(), y, sample_weight=w)
        model.coef_ = (model.coef_ + scaled.coef_ * ratio) / 2  # the scaled weights, on unscaled n-grams
        model.intercept_ = (model.intercept_ + scaled.intercept_) / 2
    return vectorizer, model


def _log_count_ratio(x, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Log of how much more often each n-gram occurs in unhappy texts than in the others
    (weighted counts, add-one smoothed)."""
    unhappy = 1.0 + np.asarray(x[y].T @ w[y]).ravel()
    other = 1.0 + np.asarray(x[~y].T @ w[~y]).ravel()
    return np.log(unhappy / unhappy.sum()) - np.log(other / other.sum())


def _folds(y: np.ndarray, sources: np.ndarray, groups: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Five folds stratified by source and label, near-twins kept together; fixed per run."""
    splitter = StratifiedGroupKFold(5, shuffle=True, random_state=0)
    return list(splitter.split(np.zeros(len(y)), sources * 2 + y, groups))


def _out_of_fold(
    dicts, y, w, folds, c: float, min_docs: int = 1, nb_blend: bool = False, scored=None
) -> np.ndarray:
    """Scores of each fold's rows by the model fitted on the other folds; ``scored`` are the
    rows' features as they are scored, when that differs from how they were trained on."""
    scored = dicts if scored is None else scored
    scores = np.zeros(len(y))
    for train, test in folds:
        vectorizer, model = _fit([dicts[i] for i in train], y[train], w[train], c, min_docs, nb_blend)
        scores[test] = model.decision_function(vectorizer.transform([scored[i] for i in test]))
    return scores


def _combined_out_of_fold(dicts, logits, y, sources, folds, params) -> np.ndarray:
    """Out-of-fold scores of the combined layer as the app computes them: it reads every
    comment as a survey answer, so every row is scored with the support copies (see
    _fold_support_copies). Scored without them, the tweets would look calmer than the app
    finds them, and a cut chosen on them would flag more tweets than it promised."""
    trained = _cue_dicts(dicts, logits, sources)
    as_app = _cue_dicts(dicts, logits, np.full(len(sources), len(TRAINABLE)))
    w = _weights(sources, params["support_weight"])
    return _out_of_fold(trained, y, w, folds, params["c_cues"], scored=as_app)


def _weights(sources: np.ndarray, support_weight: float) -> np.ndarray:
    return np.where(sources >= len(TRAINABLE), support_weight, 1.0)


def _ngram_logits(ngram_dicts, y, sources, folds, params) -> np.ndarray:
    """Out-of-fold logits of the n-gram layer, trained on the general sets and the support
    comments alike, so the combined layer weighs it as it will behave on unseen text."""
    w = _weights(sources, params["ngram_weight"])
    return _out_of_fold(ngram_dicts, y, w, folds, params["c_ngram"], MIN_DOCS, nb_blend=True)


def _source_aucs(scores: np.ndarray, y: np.ndarray, sources: np.ndarray) -> str:
    return " ".join(f"{roc_auc_score(y[sources == s], scores[sources == s]):.4f}" for s in np.unique(sources))


def _mean_auc(scores: np.ndarray, y: np.ndarray, sources: np.ndarray) -> float:
    """Mean ROC-AUC over the files that JUDGED names, each counting the same: a choice that
    fits the team's own comments better at the cost of tweets written by people the team
    never met is a choice that generalises worse to customers' words."""
    judged = [index for index, name in enumerate((*TRAINABLE, *SUPPORT)) if name in JUDGED]
    return float(np.mean([roc_auc_score(y[sources == s], scores[sources == s]) for s in judged]))


def _tune(dicts, ngram_dicts, y, sources, folds) -> tuple[dict[str, float], np.ndarray]:
    """Pick the hyper-parameters by out-of-fold ROC-AUC: the n-gram layer first (with
    the combined layer at its defaults), then the combined layer on the chosen n-gram logits.
    Returns the choice and the chosen n-gram layer's out-of-fold logits."""
    best: tuple[float, dict[str, float], np.ndarray] | None = None
    for values in product(*NGRAM_GRID.values()):
        params = {**DEFAULTS, **dict(zip(NGRAM_GRID, values, strict=True))}
        logits = _ngram_logits(ngram_dicts, y, sources, folds, params)
        oof = _combined_out_of_fold(dicts, logits, y, sources, folds, params)
        auc = _mean_auc(oof, y, sources)
        print(f"  tune n-gram layer {params}: mean auc={auc:.4f} ({_source_aucs(oof, y, sources)})")
        if best is None or auc > best[0]:
            best = (auc, params, logits)
    assert best is not None
    _, chosen, logits = best
    best_cues: tuple[float, dict[str, float]] | None = None
    for values in product(*CUES_GRID.values()):
        params = {**chosen, **dict(zip(CUES_GRID, values, strict=True))}
        oof = _combined_out_of_fold(dicts, logits, y, sources, folds, params)
        auc = _mean_auc(oof, y, sources)
        print(f"  tune combined layer {params}: mean auc={auc:.4f} ({_source_aucs(oof, y, sources)})")
        if best_cues is None or auc > best_cues[0]:
            best_cues = (auc, params)
    assert best_cues is not None
    print(f"chosen: {best_cues[1]} (out-of-fold mean auc {best_cues[0]:.4f})")
    return best_cues[1], logits


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


def _cut(scores: np.ndarray, y: np.ndarray, sources: np.ndarray) -> float:
    """The cut (flag a score above it) with the most room to spare on the tightest of the
    targets, recall - TARGET_RECALL and precision - TARGET_PRECISION, on each judged set's
    out-of-fold scores. Aiming for the middle of what meets every target, rather than its
    edge, leaves room for the held-out sets, and the customers, to differ from these."""
    judged = [index for index, name in enumerate((*TRAINABLE, *SUPPORT)) if name in JUDGED]
    candidates = np.unique(np.concatenate([scores[sources == s] for s in judged])) - 1e-6
    room = np.full(len(candidates), np.inf)
    for s in judged:
        unhappy = np.sort(scores[(sources == s) & y])
        content = np.sort(scores[(sources == s) & ~y])
        hits = len(unhappy) - np.searchsorted(unhappy, candidates, side="right")
        alarms = len(content) - np.searchsorted(content, candidates, side="right")
        recall = hits / len(unhappy)
        precision = np.divide(hits, hits + alarms, out=np.zeros(len(candidates)), where=hits + alarms > 0)
        room = np.minimum(room, np.minimum(recall - TARGET_RECALL, precision - TARGET_PRECISION))
    best = int(np.argmax(room))
    verdict = "met" if room[best] >= 0 else "NOT met"
    print(f"cut {candidates[best]:.3f}: targets {verdict} out of fold on each judged set ({room[best]:+.3f})")
    return float(candidates[best])


def _report(name: str, scores: np.ndarray, y: np.ndarray, cut: float) -> None:
    flagged = scores > cut
    hits = int((flagged & y).sum())
    print(
        f"  {name:<18} auc={roc_auc_score(y, scores):.3f} "
        f"recall={hits / max(int(y.sum()), 1):.3f} precision={hits / max(int(flagged.sum()), 1):.3f}"
    )


def _other_languages() -> dict[str, object]:
    """The layers bench/train_languages.py trained for other languages, kept as they are."""
    if not MODEL_FILE.exists():
        return {}
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return {"languages": shipped["languages"]} if "languages" in shipped else {}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.train_assessment", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        metavar="CSV",
        help="a team's labelled answers (flask assessment export), beside the bundled data",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=MODEL_FILE,
        metavar="JSON",
        help="where to write the model (default: the shipped survey/sentiment_model.json)",
    )
    parser.add_argument(
        "--reuse-params",
        action="store_true",
        help="take the hyper-parameters recorded in the shipped model instead of searching",
    )
    return parser.parse_args(argv)


def _shipped_params() -> dict[str, float]:
    recorded = json.loads(MODEL_FILE.read_text(encoding="utf-8")).get("params")
    if not recorded:
        raise SystemExit(
            f"{MODEL_FILE.relative_to(REPO)} records no hyper-parameters: run without --reuse-params"
        )
    return {name: float(value) for name, value in recorded.items()}


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    extra: list[tuple[str, bool]] = []
    for path in args.extra:
        found = read_export(path)
        print(
            f"{path}: {len(found.rows)} labelled English comments; left out {found.unlabelled} without a "
            f"label, {found.no_comment} without a comment, {found.not_english} not in English"
        )
        extra += found.rows
    texts, y, sources = training_rows(extra)
    folds = _folds(y, sources, np.array(near_twin_groups(texts)))
    lexicon = word_valences()
    evidence = [read_text(text, lexicon) for text in texts]
    dicts = [item.features for item in evidence]
    ngram_dicts = [item.ngrams for item in evidence]
    if args.reuse_params:
        params = _shipped_params()
        ngram_logits = _ngram_logits(ngram_dicts, y, sources, folds, params)
        print(f"hyper-parameters of the shipped model: {params}")
    else:
        params, ngram_logits = _tune(dicts, ngram_dicts, y, sources, folds)
    ngram_weights = _weights(sources, params["ngram_weight"])
    ngram_model = _as_json(*_fit(ngram_dicts, y, ngram_weights, params["c_ngram"], MIN_DOCS, nb_blend=True))
    shipped: dict[str, object] = {
        "ngram": ngram_model,
        "lexicon": lexicon,
        "params": params,
        **_other_languages(),
    }
    w = _weights(sources, params["support_weight"])
    names = (*TRAINABLE, "support dev", "support train", TEAM_EXPORT)
    for label, logits in (("cues_only", None), ("combined", ngram_logits)):
        cue_dicts = _cue_dicts(dicts, logits, sources)
        oof = _combined_out_of_fold(dicts, logits, y, sources, folds, params)
        print(f"{label}: 5-fold out-of-fold on training data, scored as the app scores answers")
        cut = _cut(oof, y, sources)
        for index in np.unique(sources):
            _report(names[index], oof[sources == index], y[sources == index], cut)
        model = _as_json(*_fit(cue_dicts, y, w, params["c_cues"]))
        _fold_support_copies(model)
        model["threshold"] = round(cut, 4)
        shipped[label] = model
    args.out.write_text(json.dumps(shipped, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
