"""Jinja2 rendering with the user's language, the CSRF token and masking filters."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from . import catalog
from .error_text import error_text
from .i18n import LANGUAGE_NAMES, LANGUAGES, gettext, negotiate
from .masking import mask_text
from .timefmt import format_date, format_datetime

TEMPLATES = Path(__file__).with_name("templates")


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["mask"] = lambda v: mask_text(str(v or ""))
    env.filters["when"] = _when
    env.filters["day"] = format_date
    env.filters["pct"] = lambda v: "" if v is None else f"{float(v) * 100:.0f} %"
    return env


@pass_context
def _when(context: Context, value: datetime | str | None) -> str:
    """A time in Finnish time and the page's language (:func:`web.timefmt.format_datetime`)."""
    return format_datetime(value, context.get("lang", "fi"))


NAV = ("/advisor/events", "/advisor", "/provider", "/operator", "/finance", "/admin/users")


def _nav_key(path: str) -> str:
    """The navigation entry the page belongs to (``aria-current="page"`` in the header)."""
    for prefix in NAV:
        if path == prefix or path.startswith(prefix + "/"):
            return prefix
    return ""


LANGUAGE_COOKIE = "aspa_lang"


def _cookie_language(request: Request) -> str | None:
    """The language chosen on the login page (before anyone has signed in)."""
    value = request.cookies.get(LANGUAGE_COOKIE)
    return value if value in LANGUAGES else None


def language_of(request: Request) -> str:
    user = getattr(request.state, "user", None)
    lang = (
        getattr(user, "language", None)
        or _cookie_language(request)
        or negotiate(request.headers.get("accept-language"))
    )
    return lang if lang in LANGUAGES else "en"


def render(
    request: Request,
    name: str,
    status_code: int = 200,
    *,
    language: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``templates/<name>`` in the user's language (or ``language``)."""
    lang = language if language in LANGUAGES else language_of(request)
    session = getattr(request.state, "session", None)

    def _(message: str, **values: Any) -> str:
        return gettext(lang, message, **values)

    html = (
        environment()
        .get_template(name)
        .render(
            request=request,
            user=getattr(request.state, "user", None),
            lang=lang,
            languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            csrf=session.csrf if session is not None else "",
            _=_,
            err=lambda code, message=None: error_text(lang, code, message),
            authority_name=lambda a: catalog.authority_name(a, lang),
            nav=_nav_key(request.url.path),
            **context,
        )
    )
    return HTMLResponse(
        html,
        status_code=status_code,
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        },
    )


CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src 'self'; object-src 'self'; frame-ancestors 'self'; form-action 'self'"
)
