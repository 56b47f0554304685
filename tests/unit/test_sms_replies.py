"""Reading customers' SMS replies the way they actually write them."""

from __future__ import annotations

import pytest

from survey.sms_replies import parse_reply


@pytest.mark.parametrize(
    ("body", "rating", "comment"),
    [
        ("4", 4, ""),
        ("2 still broken", 2, "still broken"),
        ("five", 5, ""),
        ("3/5 meh", 3, "meh"),
        ("  1.  Nobody called me back ", 1, "Nobody called me back"),
        ("3 out of 5, slow", 3, "slow"),
        ("4 stars!", 4, ""),
        ("Five stars great", 5, "great"),
        ("three - slow", 3, "slow"),
        ("5/5", 5, ""),
        ("cinco estrellas", 5, ""),
        ("2\nstill\tbroken", 2, "still broken"),
    ],
)
def test_leading_rating_is_read_and_the_rest_kept_as_comment(body, rating, comment):
    reply = parse_reply(body)

    assert (reply.kind, reply.rating, reply.comment) == ("answer", rating, comment)


@pytest.mark.parametrize(
    "body",
    [
        "fine I guess",
        "called 3 times, still broken",
        "two weeks and still broken",
        "one more thing: it broke again",
        "10 out of 10",
        "4.5",
        "2/10 terrible",
        "2nd time I write",
        "1-day delay, annoying",
        "Stop please, just fix it",
        "<script>alert(1)</script>",
    ],
)
def test_anything_else_is_kept_whole_as_a_comment_without_rating(body):
    reply = parse_reply(body)

    assert (reply.kind, reply.rating, reply.comment) == ("answer", None, body)


@pytest.mark.parametrize("body", ["STOP", "stop", "Stop.", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT"])
def test_twilio_stop_words_opt_out(body):
    assert parse_reply(body).kind == "stop"


@pytest.mark.parametrize("body", ["START", "yes", "Unstop"])
def test_start_words_opt_back_in(body):
    assert parse_reply(body).kind == "start"


@pytest.mark.parametrize("body", ["HELP", "help", "info"])
def test_help_words_ask_for_help(body):
    assert parse_reply(body).kind == "help"


@pytest.mark.parametrize("body", ["", "   ", "\n"])
def test_blank_message_is_empty(body):
    assert parse_reply(body).kind == "empty"
