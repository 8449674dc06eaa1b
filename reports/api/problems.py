"""Errors as RFC 9457 problem details (``application/problem+json``): type, title,
status and detail, the detail in Vietnamese with ``detail_en`` beside it.

Every refusal is a 400 (a parameter that does not parse or is out of range) or a
404 (no such unit, no data for that year, no such page); nothing reaches a 500.
"""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja.errors import ValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"
TITLES = {400: "Bad Request", 404: "Not Found"}


class ApiProblem(Exception):
    """A refusal: ``message`` is a lazy translation, formatted with ``params`` in
    each language."""

    def __init__(self, status: int, message, errors: list[dict] | None = None, **params):
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.params = params
        self.errors = errors or []

    def detail(self, language: str) -> str:
        with translation.override(language):
            return str(self.message) % self.params if self.params else str(self.message)


def problem_response(problem: ApiProblem) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": TITLES[problem.status],
        "status": problem.status,
        "detail": problem.detail("vi"),
        "detail_en": problem.detail("en"),
        "errors": problem.errors,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=problem.status,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def _parameter(error: dict) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
    return location[0] if location else "?"


def validation_problem(exc: ValidationError) -> ApiProblem:
    errors = [{"parameter": _parameter(e), "message": str(e.get("msg", ""))} for e in exc.errors]
    names = ", ".join(dict.fromkeys(e["parameter"] for e in errors))
    return ApiProblem(400, _("Tham số không hợp lệ: %(names)s."), errors=errors, names=names)


def install(api) -> None:
    """Answer validation errors, refusals and 404s with problem details."""

    @api.exception_handler(ApiProblem)
    def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return problem_response(exc)

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem_response(validation_problem(exc))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(ApiProblem(404, _("Không tìm thấy")))
