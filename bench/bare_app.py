"""The real app plus one bare Flask endpoint, so a bench compares them in the same server process.

`/bare` reads the request body and answers 202 JSON like the webhook does, but skips signature,
parsing and the database: the gap between the two is what intake itself costs. It answers GET
too, so page benches have the same baseline. Serve it with `gunicorn 'bench.bare_app:app'`;
nothing else imports it.
"""

from __future__ import annotations

from flask import jsonify, request

from core.extensions import csrf
from wsgi import create_app

app = create_app()


@app.route("/bare", methods=["GET", "POST"])
@csrf.exempt
def bare():
    request.get_data(cache=False)
    return jsonify(status="scheduled", survey_id=0), 202
