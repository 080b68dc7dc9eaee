"""Signing in and out, the language switch and the front page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from auth import AuthenticationError, RateLimitedError, login
from auth.models import User
from auth.security import end_sessions, principal_of
from pipeline.db import session_scope

from ..i18n import LANGUAGES, gettext
from ..templating import LANGUAGE_COOKIE, language_of, render
from ._common import AnyUser, db, home_of, runtime, safe_next, see_other

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None, lang: str = "") -> Response:
    """The sign-in form in the browser's language, or the one chosen with ``?lang=`` (kept in a
    cookie until someone signs in; then the user's own language counts)."""
    user = getattr(request.state, "user", None)
    if user is not None and user.via == "session":
        return see_other(safe_next(next) or home_of(user))
    chosen = lang if lang in LANGUAGES else None
    language = chosen or language_of(request)
    page = render(
        request,
        "login.html",
        language=language,
        title=gettext(language, "Sign in"),
        next_url=safe_next(next) or "",
        username="",
    )
    if chosen:
        page.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 86400, httponly=True, samesite="lax")
    return page


@router.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "",
) -> Response:
    address = request.client.host if request.client else "unknown"
    lang = language_of(request)

    def check() -> User:
        with session_scope(runtime(request).session_factory) as s:
            return login(s, username=username, password=password, address=address)

    try:
        user = await run_in_threadpool(check)
    except RateLimitedError as e:  # per account or per address (api.auth.security.login)
        return render(
            request,
            "login.html",
            status_code=429,
            title=gettext(lang, "Sign in"),
            error=gettext(lang, e.message),
            next_url=safe_next(next) or "",
            username=username,
        )
    except AuthenticationError:
        return render(
            request,
            "login.html",
            status_code=401,
            title=gettext(lang, "Sign in"),
            error=gettext(lang, "Wrong user name or password."),
            next_url=safe_next(next) or "",
            username=username,
        )
    request.state.session.start(user.id, user.session_version or 0)
    return see_other(safe_next(next) or home_of(principal_of(user)))


@router.post("/logout")
def logout(request: Request, user: AnyUser) -> RedirectResponse:
    """Sign out here and on every other device (a copied cookie stops working too)."""
    with db(request) as s:
        end_sessions(s, user.user_id)
    request.state.session.clear()
    return see_other("/login")


@router.post("/language")
def set_language(
    request: Request, user: AnyUser, language: Annotated[str, Form()]
) -> RedirectResponse:
    if language in LANGUAGES:
        with db(request) as s:
            row = s.get(User, user.user_id)
            if row is not None:
                row.language = language
    back = safe_next(_referer_path(request)) or home_of(user)
    return see_other(back.split("?")[0], done="language")


def _referer_path(request: Request) -> str | None:
    ref = request.headers.get("referer", "")
    host = request.headers.get("host", "")
    for scheme in ("http://", "https://"):
        prefix = scheme + host
        if host and ref.startswith(prefix):
            return ref[len(prefix) :] or "/"
    return None


@router.get("/")
def front(user: AnyUser) -> RedirectResponse:
    return see_other(home_of(user))
