"""The OpenAPI document says what the API really answers: errors are problem+json (RFC 9457)."""

from __future__ import annotations

import http

from flask_smorest import Api
from flask_smorest.spec import prepare_response
from marshmallow import Schema, fields

PROBLEM = "application/problem+json"


class FieldError(Schema):
    field = fields.Str()
    message = fields.Str()


class Problem(Schema):
    type = fields.Str()
    title = fields.Str()
    status = fields.Int()
    detail = fields.Str()
    errors = fields.List(fields.Nested(FieldError))


class ProblemApi(Api):
    ERROR_SCHEMA = Problem

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            content_type = self.DEFAULT_RESPONSE_CONTENT_TYPE
            if status >= 400:
                response["schema"], content_type = self.ERROR_SCHEMA, PROBLEM
            prepare_response(response, self.spec, content_type)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)
