"""The customer's survey page: what a customer sees and what their answer does, in two languages
(the other languages in test_customer_languages.py)."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from core.extensions import db
from followup.models import FollowupTask
from followup.users import create_user
from survey.models import Response
from tests.support.html import csrf_token, text
from tests.support.peers import local_mailer, local_sms
from tests.support.webhooks import SECRET
from tests.support.webhooks import survey_path as open_survey

SCRIPT = "<script>alert('hi')</script> still broken"


def stored(app) -> list[tuple[int | None, str, str]]:
    with app.app_context():
        return [(r.rating, r.comment, r.channel) for r in db.session.scalars(select(Response))]


def checked_rating(html: str) -> list[str]:
    radios = re.findall(r'<input[^>]*type="radio"[^>]*>', html)
    return [re.search(r'value="(\d)"', radio).group(1) for radio in radios if " checked" in radio]


def test_form_shows_the_ticket_and_preselects_the_rating_from_the_link(app, client, clock):
    path = open_survey(app, client, clock)

    page = client.get(path + "?rating=2")

    assert page.status_code == 200
    shown = text(page.text)
    assert "Printer offline" in shown and "helped by Sam Lee" in shown
    assert checked_rating(page.text) == ["2"]
    assert '<textarea id="comment"' in page.text
    assert [n for n in "12345" if f'value="{n}"' in page.text] == list("12345")


def test_opening_the_link_any_number_of_times_records_nothing(app, client, clock):
    path = open_survey(app, client, clock)

    for rating in ("1", "1", "5"):
        assert client.get(f"{path}?rating={rating}").status_code == 200

    assert stored(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowupTask)) == 0


def test_answer_is_recorded_and_the_customer_sent_to_the_thank_you_page(app, client, clock):
    path = open_survey(app, client, clock)

    posted = client.post(path, data={"rating": "4", "comment": "Quick and friendly"})

    assert posted.status_code == 303
    assert posted.headers["Location"] == path + "/thanks"
    thanks = client.get(posted.headers["Location"])
    assert "Thank you!" in text(thanks.text) and "Printer offline" in text(thanks.text)
    assert stored(app) == [(4, "Quick and friendly", "web")]


def test_answering_again_before_expiry_updates_the_one_answer(app, client, clock):
    path = open_survey(app, client, clock)
    client.post(path, data={"rating": "2", "comment": "Took a while"})
    clock.advance(days=3)

    again = client.get(path)
    assert "You can change it below" in text(again.text)
    assert checked_rating(again.text) == ["2"] and "Took a while</textarea>" in again.text
    assert client.post(path, data={"rating": "5", "comment": "Fixed after all"}).status_code == 303

    assert stored(app) == [(5, "Fixed after all", "web")]


def test_concurrent_answers_to_one_survey_make_one_answer_and_no_error(make_app, smtp, twilio, clock):
    """A double tap on Send, or two devices at once: each gets the thank-you page, one answer is kept."""
    app = make_app(
        mailer=local_mailer(smtp), sms=local_sms(twilio), WEBHOOK_SECRET=SECRET, WTF_CSRF_ENABLED=False
    )
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a failure is a 500 answer here, as a customer sees it
    path = open_survey(app, app.test_client(), clock)
    copies = 4
    barrier = threading.Barrier(copies, timeout=30)

    def post(n: int) -> int:
        own = app.test_client()
        barrier.wait()
        return own.post(path, data={"rating": "1", "comment": f"Still broken {n}"}).status_code

    with ThreadPoolExecutor(copies) as pool:
        assert list(pool.map(post, range(copies), timeout=60)) == [303] * copies
    answers = stored(app)
    assert len(answers) == 1 and answers[0][0] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(FollowupTask.id))) == 1


def test_unknown_link_is_a_friendly_404(client):
    page = client.get("/s/" + "A" * 32)

    assert page.status_code == 404
    assert "This link doesn't work" in text(page.text)


def test_expired_link_shows_410_and_takes_no_answer(app, client, clock):
    path = open_survey(app, client, clock)
    clock.advance(days=28, minutes=1)

    assert client.get(path).status_code == 410
    closed = client.post(path, data={"rating": "1"})

    assert closed.status_code == 410
    assert "This survey has closed" in text(closed.text)
    assert stored(app) == []


def test_page_is_plain_html_a_phone_and_a_keyboard_can_use(app, client, clock):
    page = client.get(open_survey(app, client, clock)).text

    assert "<script" not in page.lower() and " on" + "click=" not in page.lower()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<html lang="en">' in page
    # Every radio button sits inside its own label; the comment box has a label pointing at it.
    assert len(re.findall(r'<label class="choice"><input[^>]*type="radio"', page)) == 5
    assert '<label for="comment"' in page
    assert "<legend>How would you rate our help?</legend>" in page
    assert not re.search(r'tabindex="[1-9]', page)


@pytest.mark.parametrize("language", ["es", "es-MX", "ES_mx"])
def test_customer_whose_ticket_says_spanish_gets_the_page_in_spanish(app, client, clock, language):
    path = open_survey(app, client, clock, language=language)

    page = client.get(path)
    shown = text(page.text)
    assert '<html lang="es">' in page.text
    assert "¿Qué tal te atendimos?" in shown and "5 – Excelente" in shown and "Enviar mi respuesta" in shown
    refused = client.post(path, data={"comment": "  "})

    assert refused.status_code == 400
    assert "Elige una puntuación o escribe un comentario." in text(refused.text)
    assert "¡Gracias!" in text(client.get(client.post(path, data={"rating": "5"}).headers["Location"]).text)


def test_language_we_have_no_catalog_for_falls_back_to_english(app, client, clock):
    page = client.get(open_survey(app, client, clock, language="pt"))

    assert '<html lang="en">' in page.text and "How did we do?" in text(page.text)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"rating": "7"}, "Not a valid choice"),
        ({"rating": "abc"}, "Invalid Choice"),
        ({"comment": ""}, "Please pick a rating or write a comment."),
        ({"rating": "3", "comment": "x" * 5001}, "Field cannot be longer than 5000 characters."),
    ],
)
def test_malformed_answer_is_refused_with_the_form_and_a_reason(app, client, clock, form, message):
    path = open_survey(app, client, clock)

    refused = client.post(path, data=form)

    assert refused.status_code == 400
    assert message in text(refused.text)
    assert "Send my answer" in text(refused.text)
    assert stored(app) == []


def test_body_over_the_limit_gets_a_friendly_page(app, client, clock):
    path = open_survey(app, client, clock)

    refused = client.post(path, data={"rating": "3", "comment": "x" * (300 * 1024)})

    assert refused.status_code == 413
    assert "That was more text than we can take" in text(refused.text)
    assert stored(app) == []


def test_answer_without_the_form_token_is_refused(make_app, clock):
    app = make_app(WTF_CSRF_ENABLED=True, PUBLIC_BASE_URL="http://survey.test", WEBHOOK_SECRET=SECRET)
    client = app.test_client()
    path = open_survey(app, client, clock)

    forged = client.post(path, data={"rating": "1"})
    assert forged.status_code == 400
    assert "We couldn't read that request" in text(forged.text)
    assert stored(app) == []

    token = csrf_token(client.get(path).text)
    assert client.post(path, data={"rating": "1", "csrf_token": token}).status_code == 303
    assert stored(app) == [(1, "", "web")]


def test_html_in_a_comment_is_kept_as_text_and_shown_escaped(app, client, clock):
    with app.app_context():
        create_user(
            db.session, email="boss@example.com", name="Morgan", password="correct horse", now=clock.now()
        )
        db.session.commit()
    path = open_survey(app, client, clock)

    client.post(path, data={"rating": "1", "comment": SCRIPT})

    assert stored(app) == [(1, SCRIPT, "web")]
    survey_page = client.get(path).text
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; still broken</textarea>" in survey_page
    manager = app.test_client()
    manager.post("/login", data={"email": "boss@example.com", "password": "correct horse"})
    with app.app_context():
        task_id = db.session.scalar(select(FollowupTask.id))
    task_page = manager.get(f"/followups/{task_id}")
    assert task_page.status_code == 200
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; still broken" in task_page.text
    assert "<script>" not in task_page.text
