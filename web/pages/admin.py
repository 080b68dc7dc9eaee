"""The admin: users (list, add, disable). API tokens are created with ``aspa users token``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from auth import Principal, create_user, require_role
from auth.models import Role, User

from .. import catalog
from ..i18n import LANGUAGE_NAMES, LANGUAGES, gettext
from ..templating import language_of, render
from ._common import db, done_message, see_other

router = APIRouter(prefix="/admin", include_in_schema=False)
AdminUser = Annotated[Principal, Depends(require_role(Role.admin, session_only=True))]


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, user: AdminUser) -> Response:
    lang = language_of(request)
    with db(request) as s:
        rows = [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": u.role,
                "binding": u.service_point or catalog.authority_name(u.authority, lang),
                "language": u.language,
                "disabled": u.disabled,
                "last_login_at": u.last_login_at,
            }
            for u in s.scalars(select(User).order_by(User.username))
        ]
    return render(
        request,
        "admin/users.html",
        title=gettext(lang, "Users"),
        rows=rows,
        roles=[r.value for r in Role],
        authorities=catalog.authorities(lang),
        languages_all=[(c, LANGUAGE_NAMES[c]) for c in LANGUAGES],
        message=done_message(request),
        error=request.query_params.get("problem"),
    )


@router.post("/users")
def add_user(
    request: Request,
    user: AdminUser,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    display_name: Annotated[str, Form()] = "",
    service_point: Annotated[str, Form()] = "",
    authority: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "fi",
) -> Response:
    try:
        with db(request) as s:
            create_user(
                s,
                username=username.strip(),
                password=password,
                role=role,
                display_name=display_name.strip(),
                service_point=service_point.strip() or None,
                authority=authority or None,
                language=language,
            )
    except ValueError as e:
        return see_other("/admin/users", problem=str(e))
    return see_other("/admin/users", done="user_added")


@router.post("/users/{username}/disable")
def disable_user(request: Request, username: str, user: AdminUser) -> Response:
    if username == user.username:
        return see_other(
            "/admin/users", problem=gettext(language_of(request), "You cannot disable yourself.")
        )
    with db(request) as s:
        row = s.scalar(select(User).where(User.username == username))
        if row is None:
            return see_other("/admin/users", problem=gettext(language_of(request), "No such user."))
        row.disabled = True
    return see_other("/admin/users", done="user_disabled")
