"""``aspa users``: add, list and disable users; create, list and revoke API tokens.

Mounted by :mod:`aspa.cli` as ``aspa users``. Passwords are read from a prompt (hidden,
asked twice) or with ``--password-stdin`` from standard input, never from an argument.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.models import ApiToken, Role, User
from auth.security import SCOPES, TOKEN_LIFETIME, create_token, create_user, revoke_token
from pipeline.db import make_engine, make_session_factory, session_scope, utcnow
from pipeline.errors import ExitCode

from ._app import load_settings

app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for machine clients.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@contextmanager
def _session() -> Iterator[Session]:
    from aspa.migrate import upgrade

    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    try:
        upgrade(engine)
        with session_scope(make_session_factory(engine)) as s:
            yield s
    finally:
        engine.dispose()


def _fail(message: str, code: ExitCode = ExitCode.usage) -> typer.Exit:
    typer.echo(f"aspa users: {message}", err=True)
    return typer.Exit(int(code))


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="advisor | provider | operator | finance | admin")],
    service_point: Annotated[
        str | None, typer.Option(help="Advisors: their service point.")
    ] = None,
    authority: Annotated[
        str | None, typer.Option(help="Provider staff: their authority id.")
    ] = None,
    language: Annotated[str, typer.Option(help="fi | sv | en")] = "fi",
    display_name: Annotated[str, typer.Option(help="Name shown in the pages.")] = "",
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin.")] = False,
) -> None:
    """Add a user."""
    if role not in {r.value for r in Role}:
        raise _fail(f"unknown role {role!r}; use one of {', '.join(r.value for r in Role)}")
    if role == Role.advisor and not service_point:
        raise _fail("an advisor needs --service-point")
    if role == Role.provider and not authority:
        raise _fail("provider staff need --authority")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _session() as s:
        try:
            user = create_user(
                s,
                username=username,
                password=password,
                role=role,
                display_name=display_name,
                service_point=service_point,
                authority=authority,
                language=language,
            )
        except ValueError as e:
            raise _fail(str(e)) from None
        typer.echo(f"added {user.username} ({user.role})")


@app.command("list")
def list_users() -> None:
    """List users (no secrets)."""
    with _session() as s:
        for u in s.scalars(select(User).order_by(User.username)):
            binding = u.service_point or u.authority or "-"
            state = "disabled" if u.disabled else "active"
            typer.echo(f"{u.username}\t{u.role}\t{binding}\t{u.language}\t{state}")


@app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Disable a user: sessions and tokens stop working at the next request."""
    with _session() as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            raise _fail(f"no user {username}", ExitCode.not_found)
        user.disabled = True
        typer.echo(f"disabled {username}")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option(help="The owner (its role also limits the token).")],
    scope: Annotated[list[str], typer.Option(help=f"Repeat: {', '.join(SCOPES)}")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
    days: Annotated[
        int, typer.Option(help="Valid for this many days (0 = no expiry, explicitly).")
    ] = TOKEN_LIFETIME.days,
) -> None:
    """Create an API token and print it once (it expires after 90 days by default)."""
    with _session() as s:
        owner = s.scalar(select(User).where(User.username == user))
        if owner is None:
            raise _fail(f"no user {user}", ExitCode.not_found)
        expires = utcnow() + timedelta(days=days) if days > 0 else None
        try:
            token = create_token(
                s, user=owner, scopes=scope, name=name, expires_at=expires, never_expires=days <= 0
            )
        except ValueError as e:
            raise _fail(str(e)) from None
    typer.echo(token)


@token_app.command("list")
def token_list(
    user: Annotated[str | None, typer.Option(help="Only this owner's tokens.")] = None,
) -> None:
    """List tokens: id, prefix, owner, name, scopes, created, expires, last used, state."""
    with _session() as s:
        q = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
        if user:
            q = q.where(User.username == user)
        now = utcnow()
        for t, owner in s.execute(q.order_by(ApiToken.created_at)):
            expires = t.expires_at
            state = (
                "revoked"
                if t.revoked
                else "expired"
                if expires is not None and _aware(expires) <= now
                else "active"
            )
            typer.echo(
                "\t".join(
                    [
                        t.id,
                        t.prefix,
                        owner,
                        t.name or "-",
                        ",".join(t.scopes or ()),
                        _day(t.created_at),
                        _day(expires) if expires else "never",
                        _day(t.last_used_at) if t.last_used_at else "never used",
                        state,
                    ]
                )
            )


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id or prefix (see token list).")],
) -> None:
    """Revoke a token; it stops working at the next request."""
    with _session() as s:
        try:
            row = revoke_token(s, token_id)
        except LookupError as e:
            raise _fail(str(e), ExitCode.not_found) from None
        typer.echo(f"revoked {row.id} ({row.prefix}…)")


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _day(at: datetime | None) -> str:
    return _aware(at).isoformat(timespec="minutes") if at else "-"
