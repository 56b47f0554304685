"""What the survey side announces, so the follow-up side can react without survey importing it.

Receivers run synchronously inside the sender's transaction: an unhappy answer's task exists
by the time the answer's request commits, or neither does.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the Response; kwargs: assessment (survey.models.Assessment), session, now
response_assessed = _signals.signal("response-assessed")
