"""The people's side: sign-in, pages for advisors, provider staff, operators and finance.

One call wires it into the API app::

    from web import install
    install(app, settings)

It adds the authentication middleware (every route needs a user except health checks, the
login page and static files), the page routers, ``/static``, ``/metrics`` and an error handler
that answers pages in HTML and the API in JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from pipeline.settings import Settings

STATIC = Path(__file__).with_name("static")

__all__ = ["install"]


def install(app: FastAPI, settings: Settings) -> FastAPI:
    """Add authentication, the pages, static files and metrics to ``app`` (once)."""
    if getattr(app.state, "web_installed", False):
        return app
    app.state.web_installed = True
    from fastapi import Request
    from fastapi.responses import JSONResponse, Response
    from fastapi.staticfiles import StaticFiles

    from auth import AuthMiddleware
    from auth.middleware import is_api
    from pipeline.errors import AspaError

    from .i18n import gettext
    from .masking import install_log_masking
    from .metrics import RequestMetrics, make_registry
    from .routes import router
    from .templating import language_of, render

    install_log_masking()
    from .refusals import localize_error

    app.state.localize_error = localize_error  # the API's refusals in the user's language
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.metrics_registry = make_registry(app)

    @app.exception_handler(AspaError)
    async def _error(request: Request, exc: AspaError) -> Response:
        if is_api(request.url.path) or "text/html" not in request.headers.get("accept", ""):
            user = getattr(request.state, "user", None)
            body = exc.as_dict()
            if user is not None:  # the stable code stays; the message in the user's language
                body["message"] = _localized(getattr(user, "language", "en"), exc)
            return JSONResponse(body, status_code=exc.http_status)
        lang = language_of(request)
        return render(
            request,
            "error.html",
            status_code=exc.http_status,
            title=gettext(lang, _TITLES.get(exc.http_status, "Something went wrong")),
            error=_localized(lang, exc),
        )

    app.add_middleware(RequestMetrics, registry=app.state.metrics_registry)

    async def _csrf_page(scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        lang = language_of(request)
        page = render(
            request,
            "error.html",
            status_code=403,
            title=gettext(lang, "Not allowed"),
            error=gettext(lang, "The form has expired. Reload the page and try again."),
        )
        await page(scope, receive, send)

    app.add_middleware(
        AuthMiddleware,
        secret=settings.secret_key.get_secret_value(),
        csrf_page=_csrf_page,
        always_secure=settings.cookie_secure,
    )
    return app


def _localized(lang: str, exc: Exception) -> str:
    """The error's message in ``lang``; a detailed message falls back to its class's default."""
    from .i18n import gettext

    message = str(getattr(exc, "message", ""))
    text = gettext(lang, message)
    default = str(getattr(type(exc), "message", ""))
    if text == message and lang != "en" and default and default != message:
        translated = gettext(lang, default)
        if translated != default:  # only a real translation replaces the detailed message
            return translated
    return text


_TITLES = {
    401: "Sign in",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    429: "Too many attempts",
}
