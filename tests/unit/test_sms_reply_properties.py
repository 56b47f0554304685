"""Any text a phone can send is read without an exception, and nothing the customer wrote is lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from survey.sms_replies import parse_reply

starts = st.sampled_from(["1", "5", "five", "3/5", "4 stars", "10", "2.5"])
rated = st.builds(lambda start, rest: start + rest, starts, st.text(max_size=80))
texts = st.one_of(st.text(max_size=400), rated)


@given(texts)
def test_every_reply_is_read_and_keeps_what_was_written(body):
    reply = parse_reply(body)
    assert reply.kind in {"stop", "start", "help", "answer", "empty"}
    assert reply.rating is None or 1 <= reply.rating <= 5
    words = " ".join(body.split())
    if reply.kind == "answer":
        assert reply.rating is not None or reply.comment == words  # unreadable: kept whole
        assert words.endswith(reply.comment)  # a comment is what followed the rating, never invented
    if reply.kind == "empty":
        assert words == ""
