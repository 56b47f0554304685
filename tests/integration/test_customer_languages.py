"""The customer's pages, email and SMS in English, Spanish, French and German: the customer's
language from the ticket first, then the browser's Accept-Language."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from survey.i18n import TRANSLATIONS
from tests.support.html import text
from tests.support.webhooks import run_worker, survey_path

# What each language says in the email's subject, on the page, and in the SMS.
LANGUAGES = {
    "es": ("Acme Repairs: ¿qué tal te atendimos?", "5 – Excelente", "Acme Repairs: ¿Qué tal te atendimos"),
    "fr": ("Acme Repairs : votre avis sur", "5 – Excellent", "Acme Repairs: Votre avis sur"),
    "de": ("Acme Repairs: Wie waren wir?", "5 – Ausgezeichnet", "Acme Repairs: Wie waren wir bei"),
}


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_every_catalogue_translates_every_text(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po)
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        wanted = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(pot)}
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    have = {message.id if isinstance(message.id, str) else message.id[0] for message in catalogue}
    assert untranslated == [] and wanted - have == set()


@pytest.mark.parametrize("language", ["es", "fr-CA", "de"])
def test_email_sms_and_pages_speak_the_customers_language(app, client, clock, smtp, twilio, language):
    subject, rating_words, sms_start = LANGUAGES[language[:2]]
    path = survey_path(app, client, clock, language=language)
    run_worker(app)

    [email] = smtp.messages
    assert email["Subject"].startswith(subject)
    assert rating_words in email.get_body(preferencelist=("plain",)).get_content()
    assert twilio.messages[0].body.startswith(sms_start)
    page = client.get(path)
    assert f'<html lang="{language[:2]}">' in page.text and rating_words in text(page.text)
    thanks = client.post(path, data={"rating": "2", "comment": "x"}, follow_redirects=True)
    assert f'<html lang="{language[:2]}">' in thanks.text and "Acme Repairs" in text(thanks.text)


def test_without_a_language_on_the_ticket_the_browser_decides(app, client, clock):
    path = survey_path(app, client, clock, language=None)

    page = client.get(path, headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})

    assert '<html lang="de">' in page.text and "Wie waren wir?" in text(page.text)


def test_the_customers_language_comes_before_the_browsers(app, client, clock):
    path = survey_path(app, client, clock, language="fr")

    page = client.get(path, headers={"Accept-Language": "de"})

    assert '<html lang="fr">' in page.text


def test_a_link_that_does_not_work_answers_in_the_browsers_language(client):
    page = client.get("/s/" + "x" * 32, headers={"Accept-Language": "es-ES,es;q=0.9"})

    assert page.status_code == 404
    assert "Este enlace no funciona" in text(page.text) and "Acme Repairs" in text(page.text)
