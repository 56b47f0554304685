"""The CSV of labelled answers (`flask assessment export`), named once for the app and the trainer.

Each row is an answer a person judged: a manager who reached the customer (source `verdict`,
label `unhappy`, `partly` or `false_alarm`) or who read it on a spot check (source
`spot_check`, label `unhappy` or `fine`). `rating` is 1-5 or empty, `topic` a key of the team's
topic list or empty, `language` what the assessment reads the text as (`en`, `es`, `fr`, `de`,
`other`). bench/team_export.py reads it to retrain the model beside the bundled data.
"""

TEXT, RATING, LABEL, SOURCE, TOPIC, LANGUAGE = "text", "rating", "label", "source", "topic", "language"
COLUMNS = (TEXT, RATING, LABEL, SOURCE, TOPIC, LANGUAGE)
VERDICT, SPOT_CHECK = "verdict", "spot_check"
UNHAPPY_LABELS = frozenset({"unhappy", "partly"})  # "partly" was still a call worth making
CONTENT_LABELS = frozenset({"false_alarm", "fine"})
