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
    from fastapi.staticfiles import StaticFiles

    from auth import AuthMiddleware

    from .error_pages import install_error_pages
    from .i18n import gettext
    from .masking import install_log_masking
    from .metrics import RequestMetrics, make_registry
    from .routes import router
    from .templating import language_of, render

    install_log_masking()
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.metrics_registry = make_registry(app)

    install_error_pages(app)
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
