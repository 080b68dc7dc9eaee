"""Error answers: HTML pages in the user's language for the pages, JSON for the API.

Every HTML route (and any unknown address outside ``/api/``) answers a page for 403, 404, 405,
409, 422 and 500; ``/api/``, ``/metrics`` and clients asking only for JSON keep the JSON bodies.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from auth.middleware import is_api
from pipeline.errors import AspaError

from .error_text import error_text, exc_text
from .i18n import gettext
from .messages import N_
from .templating import language_of, render

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

TITLES = {
    400: N_("Something went wrong"),
    401: N_("Sign in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Not possible now"),
    409: N_("Not possible now"),
    413: N_("The file cannot be processed"),
    415: N_("The file cannot be processed"),
    422: N_("Check the form"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong"),
}
HTTP_WORDS = {
    404: N_("There is no page at this address. Check the address or go back to the front page."),
    405: N_("This address cannot be used like that. Go back and use the page's buttons."),
    422: N_("Something in the form is missing or invalid. Go back and check the form."),
    500: N_(
        "An unexpected error stopped the request. Try again; if it happens again, tell "
        "the operator."
    ),
}
# On a page, a missing tariff is "not possible yet", not a server failure.
PAGE_STATUS = {"billing_no_tariff": 409}
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 422: "invalid_request"}


def wants_page(request: Request) -> bool:
    """A page answer unless the address is the API's or the client asks only for JSON."""
    if is_api(request.url.path):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "application/json" not in accept


def error_page(request: Request, status: int, words: str, code: str | None) -> Response:
    lang = language_of(request)
    return render(
        request,
        "error.html",
        status_code=status,
        title=gettext(lang, TITLES.get(status, "Something went wrong")),
        error=words,
        error_code=code,
    )


def install_error_pages(app: FastAPI) -> None:
    """Register the handlers (the API's own JSON handlers stay for ``/api/``).

    The API gets the same words through ``app.state.localize_error(language, code, message)``
    (api and web do not import each other); JSON errors of a signed-in caller carry the message
    in the caller's language, the stable ``code`` unchanged.
    """
    app.state.localize_error = error_text
    api_validation = app.exception_handlers.get(
        RequestValidationError, request_validation_exception_handler
    )

    async def on_aspa(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AspaError)
        if not wants_page(request):
            body = exc.as_dict()
            user = getattr(request.state, "user", None)
            if user is not None:  # the stable code stays; the words in the user's language
                body["message"] = exc_text(getattr(user, "language", None) or "en", exc)
            return JSONResponse(body, status_code=exc.http_status)
        words = exc_text(language_of(request), exc)
        status = PAGE_STATUS.get(exc.code, exc.http_status)
        return error_page(request, status, words, exc.code)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not wants_page(request) or exc.status_code < 400:
            return await http_exception_handler(request, exc)
        lang = language_of(request)
        words = gettext(lang, HTTP_WORDS.get(exc.status_code, HTTP_WORDS[500]))
        return error_page(request, exc.status_code, words, HTTP_CODES.get(exc.status_code))

    async def on_validation(request: Request, exc: Exception) -> Response:
        if not wants_page(request):
            result: Any = api_validation(request, exc)
            return await result if hasattr(result, "__await__") else result  # type: ignore[no-any-return]
        lang = language_of(request)
        return error_page(request, 422, gettext(lang, HTTP_WORDS[422]), "invalid_request")

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s: %s", request.url.path, type(exc).__name__)
        if not wants_page(request):
            return JSONResponse(
                {"code": "internal_error", "message": "An unexpected error occurred."},
                status_code=500,
            )
        lang = language_of(request)
        return error_page(request, 500, gettext(lang, HTTP_WORDS[500]), "internal_error")

    app.add_exception_handler(AspaError, on_aspa)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_crash)
