"""ASSESSMENT_THRESHOLD moves the assessment's cut-off; a rating of 1 or 2 stays unhappy whatever it is."""

import pytest

from survey.sentiment import DEFAULT_THRESHOLD, assess


def test_the_default_threshold_is_what_assess_uses_unless_told():
    answer = assess("It was ok I guess, took a while", 4)
    assert assess("It was ok I guess, took a while", 4, DEFAULT_THRESHOLD) == answer


@pytest.mark.parametrize(("text", "rating"), [("", 3), ("Took four days but sorted", 4), ("fine", None)])
def test_the_verdict_is_unhappiness_above_the_threshold(text, rating):
    answer = assess(text, rating)
    below, above = answer.unhappiness - 0.01, answer.unhappiness + 0.01
    assert assess(text, rating, below).unhappy and not assess(text, rating, above).unhappy
    assert assess(text, rating, above).unhappiness == answer.unhappiness  # the score does not move


@pytest.mark.parametrize("rating", [1, 2])
@pytest.mark.parametrize("text", ["", "Lovely people, all sorted, thank you so much!"])
def test_a_rating_of_one_or_two_is_unhappy_at_any_threshold(rating, text):
    assert assess(text, rating, 0.999).unhappy
