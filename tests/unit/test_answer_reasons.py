"""Reasons as the task page words them: once each, only those for the verdict, strength in words."""

from followup.answer_reasons import explain, strength


def test_each_reason_once_and_a_rating_that_argued_the_other_way_is_left_out():
    shown = explain(True, 0.65, ["rating 5 of 5", "repeat contact: 'again'", "repeat contact: 'again'"])
    assert shown.reasons == ("repeat contact: 'again'",)
    assert shown.strength == "mild hint" and shown.verdict == "unhappy"


def test_a_happy_verdict_drops_a_low_rating_and_notes_are_kept_apart():
    shown = explain(False, 0.2, ["rating 3 of 5", "language not supported: assessed on rating only"])
    assert shown.reasons == ()
    assert shown.notes == ("language not supported: assessed on rating only",)
    assert shown.strength == "clear hint"


def test_strength_grows_with_the_distance_from_the_cut_off():
    assert [strength(True, u) for u in (0.55, 0.75, 0.95)] == ["mild hint", "clear hint", "strong hint"]
    assert strength(False, 0.05) == "strong hint"
