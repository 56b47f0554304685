"""The model the assessment reads: the shipped file, or a team's retrained one; a file that is
missing or malformed is refused with the reason and the model in use stays as it was."""

import json

import pytest

from survey.sentiment import assess
from survey.sentiment_model import MODEL_FILE, ModelFileError, load_model, use_model_file

PRAISE = "Quick and friendly, thank you"


def test_a_team_model_file_is_what_the_assessment_reads_once_chosen(team_model):
    assert not assess(PRAISE).unhappy

    use_model_file(team_model(shift=40.0))

    assert assess(PRAISE).unhappy
    use_model_file(MODEL_FILE)
    assert not assess(PRAISE).unhappy


def test_a_missing_file_is_refused_and_the_model_in_use_stays(team_model, tmp_path):
    shipped = load_model()

    with pytest.raises(ModelFileError, match="cannot be read"):
        use_model_file(tmp_path / "no_such_model.json")

    assert load_model() is shipped


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("{not json", "not JSON"),
        ("[1, 2, 3]", "not an assessment model"),
        (json.dumps({"lexicon": {}, "ngram": {"intercept": 0, "weights": {}}}), "not an assessment model"),
    ],
)
def test_a_file_that_is_not_a_model_is_refused_with_the_reason(team_model, raw, reason):
    shipped = load_model()

    with pytest.raises(ModelFileError, match=reason):
        use_model_file(team_model(raw=raw))

    assert load_model() is shipped


@pytest.mark.parametrize("weight", ["NaN", '"0.3"', "null"])
def test_a_weight_that_is_not_a_finite_number_is_refused(team_model, weight):
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model["combined"]["intercept"] = "WEIGHT"
    raw = json.dumps(model).replace('"WEIGHT"', weight)

    with pytest.raises(ModelFileError, match="finite number"):
        use_model_file(team_model(raw=raw))
