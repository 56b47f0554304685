"""VADER's reading of a comment is a feature of the English model: present in every comment's
features, bounded (a linear model must not meet a value far outside what it was trained on),
and weighed by the shipped model."""

import pytest

from survey.sentiment_features import read_text
from survey.sentiment_model import load_model

VADER = ("vader:negative", "vader:positive", "vader:neg_share", "vader:pos_share")


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "Thanks!",
        "WORST. SERVICE. EVER!!! I HATE HATE HATE this 😡😡😡 never again!!!",
        "Absolutely brilliant, wonderful, amazing people, love love love it :) :D <3",
        "1234 ??? ... ---",
        "not bad, not bad at all " * 200,
    ],
)
def test_every_comment_has_the_vader_features_within_their_bounds(text):
    features = read_text(text).features

    assert set(VADER) <= set(features)
    assert -1.0 <= features["vader:negative"] <= 0.0 <= features["vader:positive"] <= 1.0
    assert 0.0 <= features["vader:neg_share"] <= 1.0 and 0.0 <= features["vader:pos_share"] <= 1.0


def test_vader_reads_emphasis_and_emoji_that_the_words_alone_miss():
    plain, shouted = read_text("the delay was bad").features, read_text("the delay was BAD!!! 😡").features

    assert shouted["vader:negative"] < plain["vader:negative"] < 0.0


def test_the_shipped_english_model_weighs_vader_and_reads_its_negative_side_as_unhappy():
    weights = load_model().english.combined.weights

    assert {"vader:negative", "vader:positive"} <= set(weights)
    assert weights["vader:negative"] < 0.0  # a more negative compound pushes towards unhappy
