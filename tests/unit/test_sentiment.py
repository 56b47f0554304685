"""The unhappiness assessment: cue families, rating rules and awkward input."""

import dataclasses

import pytest
from textblob import TextBlob

from followup.answer_reasons import explain
from survey.sentiment import Assessment, assess
from survey.sentiment_cues import FAMILIES, find_cues, normalise
from survey.sentiment_features import read_text
from survey.sentiment_language import language_of, readable_words


def _fires(family: str, text: str) -> bool:
    return family in find_cues(normalise(text))


@pytest.mark.parametrize(
    ("family", "hint", "plain"),
    [
        ("repeat_contact", "Third time I had to call about this", "Thanks again, see you next year"),
        ("repeat_contact", "Charged twice this month", "I'll definitely use you again"),
        ("unresolved", "The app still crashes on start", "Still works great, thanks"),
        ("waiting", "Took four days but sorted", "No waiting, straight through"),
        ("waiting", "Forty minutes on hold", "The technician came this morning"),
        ("waiting", "Stuck at the airport for 6 hours", "Landed early, bags out first"),
        ("broken_promise", "They promised a refund last week", "Exactly as promised"),
        ("leaving", "Thinking of cancelling my contract", "I will stay with you for years"),
        ("faint_praise", "ok", "Absolutely fine, no issues whatsoever"),
        ("faint_praise", "It was average", "It was excellent"),
        ("hedging", "We'll see if it lasts", "It has lasted all month"),
        ("hedging", "Fixed I guess", "Fixed for good"),
        ("contrast", "Nice man, but he forgot the part", "Nice man and he brought the part"),
        ("negated_praise", "I wouldn't call it fixed", "It is fixed"),
        ("negated_praise", "Nobody told me the visit moved", "They told me the visit moved"),
        ("rhetorical_question", "Why does it take three emails?", "Can I pay by card?"),
        ("sarcasm", "Oh great, the same error", "Great, the error is gone"),
        ("sarcasm", "Thanks for the 'quick' fix", "Thanks for the quick fix"),
        ("sarcasm", "Thanks for losing my bag", "Thanks for finding my bag"),
        ("extra_effort", "I had to chase it twice", "They chased the supplier for me"),
        ("unmet_expectation", "Expected better to be honest", "Better than I expected"),
        ("regret", "Shame about the wait", "Glad about the result"),
        ("negative_emoji", "took ages 😡", "took minutes 😊"),
    ],
)
def test_each_cue_family_fires_on_a_hint_and_not_on_a_plain_comment(family, hint, plain):
    assert _fires(family, hint)
    assert not _fires(family, plain)


@pytest.mark.parametrize(
    "text",
    [
        "Fine I guess",
        "Third time I had to call",
        "Took four days but sorted",
        "We'll see",
        "Half an hour on hold for a two minute answer",
        "They said someone would ring back. Still waiting.",
        "Thinking about switching providers",
        "Not what I expected",
        "The agent was slow and rude",
    ],
)
def test_subtle_and_plain_complaints_are_unhappy(text):
    assert assess(text).unhappy


@pytest.mark.parametrize(
    "text",
    [
        "No problems at all",
        "Not bad at all, really happy with it",
        "Can't fault it",
        "Couldn't be happier",
        "The engineer was on time and very helpful, thanks",
        "Sorted on the first call",
        "Nothing went wrong, very smooth",
    ],
)
def test_content_comments_with_mild_words_are_not_unhappy(text):
    assert not assess(text).unhappy


def test_negation_turns_a_negative_word_around():
    assert assess("not bad at all").unhappiness < assess("bad").unhappiness
    assert assess("not happy").unhappiness > assess("happy").unhappiness


def test_unhappiness_ranks_a_hint_above_a_content_answer():
    assert assess("third time I had to call").unhappiness > assess("sorted first time").unhappiness


def test_reasons_name_the_cue_and_the_words_a_manager_can_check():
    reasons = assess("Third time I had to call, the agent was slow and rude", rating=2).reasons
    assert reasons[0] == "rating 2 of 5"
    assert "mentions a repeat contact: 'third time'" in reasons
    assert "negative words: 'slow', 'rude'" in reasons


@pytest.mark.parametrize("rating", [1, 2])
def test_a_low_rating_is_always_unhappy(rating):
    assessment = assess("Great service, thank you so much!", rating=rating)
    assert assessment.unhappy
    assert f"rating {rating} of 5" in assessment.reasons


def test_a_five_with_a_complaint_is_unhappy():
    assessment = assess("5 stars, but the tech was late again", rating=5)
    assert assessment.unhappy
    assert any(reason.startswith("mentions waiting or delay") for reason in assessment.reasons)


def test_a_five_with_praise_is_not_unhappy():
    assert not assess("Lovely engineer, all working", rating=5).unhappy


@pytest.mark.parametrize(("rating", "unhappy"), [(1, True), (2, True), (3, True), (4, False), (5, False)])
def test_an_empty_comment_is_assessed_on_the_rating(rating, unhappy):
    assessment = assess("", rating=rating)
    assert assessment.assessed
    assert assessment.unhappy is unhappy


@pytest.mark.parametrize("text", [None, "", "   \n\t "])
def test_no_rating_and_no_comment_is_not_assessed(text):
    assert assess(text) == Assessment(False, False, 0.0, 0.0, ())


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused(rating):
    with pytest.raises(ValueError, match="rating must be 1 to 5"):
        assess("fine", rating=rating)


def test_a_negative_emoji_alone_is_unhappy_and_a_happy_one_is_not():
    assert assess("😡").unhappy
    assert not assess("👍").unhappy


def test_an_unknown_emoji_alone_falls_back_on_the_rating():
    assessment = assess("🚀", rating=5)
    assert not assessment.unhappy
    assert "comment has no words: assessed on rating only" in assessment.reasons


def test_a_very_long_comment_is_cut_and_says_so():
    text = "The engineer was late again and nobody called. " * 2200
    assert len(text) > 100_000
    assessment = assess(text)
    assert assessment.unhappy
    assert "long comment: assessed on its first 5,000 characters" in assessment.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Molto male, nessuno mi ha richiamato e non funziona ancora",
        "Não funciona, ninguém me ligou de volta, muito mal",
        "Очень плохо, никто не перезвонил",
        "服务很差，没有人回电话",
    ],
)
def test_languages_not_read_are_assessed_on_the_rating_only(text):
    rated = assess(text, rating=4)
    assert rated.assessed and not rated.unhappy
    assert "language not supported: assessed on rating only" in rated.reasons
    unrated = assess(text)
    assert not unrated.assessed
    assert "language not supported: assessed on rating only" in unrated.reasons


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bien, supongo.", "es"),
        ("Es la tercera vez que llamo y nadie me ha devuelto la llamada", "es"),
        ("C'est la troisième fois que j'appelle", "fr"),
        ("Bof, ça va.", "fr"),
        ("Naja, geht so.", "de"),
        ("Der Techniker ist nicht gekommen", "de"),
        ("Todo perfecto, muchas gracias", "es"),
        ("Merci beaucoup, tout fonctionne", "fr"),
        ("Alles bestens, vielen Dank", "de"),
        ("Third time I had to call", "en"),
        ("Super fast, merci beaucoup", "en"),
        ("Die.", "en"),
        ("Molto bene, grazie mille per tutto", "other"),
    ],
)
def test_the_language_is_told_by_its_own_words_and_letters(text, language):
    assert language_of(readable_words(text), text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Bien, supongo.",
        "Es la tercera vez que llamo por lo mismo.",
        "Me prometieron un reembolso y todavía nada.",
        "El técnico fue amable, pero el problema sigue ahí.",
        "C'est la troisième fois que j'appelle.",
        "Très déçu, personne ne m'a rappelé.",
        "Sympa, mais ça ne marche toujours pas.",
        "Naja, geht so.",
        "Niemand hat mich zurückgerufen.",
        "Zwei Wochen gewartet, immer noch kaputt.",
    ],
)
def test_spanish_french_and_german_complaints_are_unhappy(text):
    assessment = assess(text)
    assert assessment.assessed and assessment.unhappy
    assert any(reason.startswith("comment in ") for reason in assessment.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Todo perfecto, muchas gracias.",
        "Me lo solucionaron en la primera llamada, muy amables.",
        "Ningún problema, todo correcto.",
        "Parfait, merci beaucoup.",
        "Technicien très aimable, tout fonctionne.",
        "Aucun problème, rien à redire.",
        "Perfekt, vielen Dank.",
        "Sehr freundlicher Techniker, alles läuft wieder.",
        "Keine Probleme, alles in Ordnung.",
    ],
)
def test_spanish_french_and_german_content_comments_are_not_unhappy(text):
    assert not assess(text).unhappy


def test_a_foreign_comment_says_which_language_read_it_and_quotes_its_words():
    reasons = assess("Es la tercera vez que llamo, y la atención fue pésima", rating=3).reasons
    assert reasons[0] == "rating 3 of 5"
    assert "mentions a repeat contact: 'tercera vez'" in reasons
    assert "negative words: 'pésima'" in reasons
    assert reasons[-1] == "comment in Spanish: assessed on that language's cues and model"


def test_accents_left_out_are_read_as_accents_put_in():
    with_accents = assess("Très déçu, ça ne marche toujours pas")
    without = assess("Tres decu, ca ne marche toujours pas")
    assert with_accents.unhappy and without.unhappy
    assert with_accents.unhappiness == pytest.approx(without.unhappiness, abs=0.05)


def test_a_foreign_rating_still_rules_as_in_english():
    assert assess("Todo perfecto, muchas gracias", rating=1).unhappy
    assert not assess("Alles bestens, vielen Dank", rating=5).unhappy
    assert assess("Naja, geht so.", rating=5).unhappiness < assess("Naja, geht so.").unhappiness


def test_polarity_is_textblobs():
    text = "The agent was slow and rude, not bad at all though."
    assert assess(text).polarity == pytest.approx(TextBlob(text).sentiment.polarity)


def test_assessment_is_frozen_and_unhappiness_is_a_probability():
    assessment = assess("Took four days but sorted", rating=4)
    assert 0.0 <= assessment.unhappiness <= 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        assessment.unhappy = False  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "Third time I had to call, still waiting for the refund",
        "Oh great, another 'quick' fix. Why does it take three emails?",
        "No problems at all, can't fault it, sorted on the first call",
        "It was fine I guess but the engineer never showed up",
        "Thinking of switching, they promised to ring back and nobody did 😡",
    ],
)
def test_the_needle_prefilter_never_hides_a_match(text):
    """The prefilter only skips patterns that cannot match: same verdict as the bare pattern."""
    normalised = normalise(text)
    for family in FAMILIES:
        bare, filtered = family.pattern.search(normalised), family.search(normalised)
        assert (bare.group(0) if bare else None) == (filtered.group(0) if filtered else None), family.name


def test_a_link_is_not_read_as_an_emoticon():
    assert read_text("see https://example.com/page").features["emoticon:sad"] == 0.0
    assert read_text("missed my connection :(").features["emoticon:sad"] == 1.0


def test_the_task_page_shows_the_language_as_a_note_not_a_reason():
    assessment = assess("Bien, supongo.")
    shown = explain(assessment.unhappy, assessment.unhappiness, assessment.reasons)
    assert shown.notes == ("comment in Spanish: assessed on that language's cues and model",)
    assert shown.reasons and not any("Spanish" in reason for reason in shown.reasons)
