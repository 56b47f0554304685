"""Whatever JSON arrives, parsing answers with an event or a PayloadError, never a crash (a 500).

Fully random JSON rarely gets past the first missing key, so half the examples are real
payloads with one value, anywhere in the tree, swapped for random JSON.
"""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.intake import freshdesk, generic, jira, zendesk
from survey.intake.events import Ignored, PayloadError, TicketClosed, TicketReopened
from tests.unit.test_intake_parsing import (
    FRESHDESK_RESOLVED,
    GENERIC_CLOSED,
    JIRA_DONE,
    ZENDESK_EVENT,
    ZENDESK_TRIGGER,
)

# json.loads never yields integers past its digit limit, so neither do these.
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["", "closed", "SOLVED", "Done", "2026-11-22T10:00:00Z", "{status:{from:4"])
)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
EXAMPLES = [
    (generic, GENERIC_CLOSED),
    (zendesk, ZENDESK_TRIGGER),
    (zendesk, ZENDESK_EVENT),
    (jira, JIRA_DONE),
    (freshdesk, FRESHDESK_RESOLVED),
]


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every key/index path in a JSON tree, the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*prefix, index))
    return found


@st.composite
def payloads(draw) -> tuple:
    module, example = draw(st.sampled_from(EXAMPLES))
    if draw(st.booleans()):
        return module, draw(JSON)
    mutated = copy.deepcopy(example)
    path = draw(st.sampled_from(paths(example)))
    if not path:
        return module, draw(JSON)
    node = mutated
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = draw(JSON)
    return module, mutated


@settings(max_examples=600, deadline=None)
@given(payloads())
def test_parse_answers_an_event_or_a_payload_error(case):
    module, payload = case
    try:
        event = module.parse(payload)
    except PayloadError as error:
        assert error.errors
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in error.errors.items())
        return
    assert isinstance(event, TicketClosed | TicketReopened | Ignored)
    if module is not generic:
        assert isinstance(module.delivery_id({}, payload), str)
