"""The FastAPI dependencies of the API and the pages, in one module.

* The app's runtime, queue and a transaction per request: ``RuntimeDep``, ``QueueDep``,
  ``SessionDep`` (the app factory, :mod:`aspa.app`, puts them on ``app.state``).
* Who is calling: ``CurrentUser``, ``ActorDep`` (the name for audit records),
  ``require_role(...)``, and the billing roles ``FinanceActor`` and ``AdvisorActor``.

The middleware has already put the caller on ``request.state.user``; these dependencies turn
"anonymous" into 401 and "wrong role or scope" into 403. A route that shows one document also
calls :func:`check_document_access`, which answers 404 for a document the caller may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.db import session_scope
from pipeline.errors import NotFoundError
from pipeline.models import Delivery, Document, Submission
from pipeline.queue import Queue
from pipeline.runtime import Runtime
from pipeline.states import CONFIRMED_DELIVERY

from .errors import AuthenticationError, ForbiddenError
from .models import Role
from .security import Principal

# --- The app's runtime, queue and sessions ------------------------------------------------------


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


def get_queue(request: Request) -> Queue:
    return request.app.state.queue  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    """A transaction per request: committed when the route returns, rolled back if it raises."""
    with session_scope(request.app.state.session_factory) as session:
        yield session


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
QueueDep = Annotated[Queue, Depends(get_queue)]
SessionDep = Annotated[Session, Depends(get_session)]


# --- Who is calling ----------------------------------------------------------------------------


def get_actor(request: Request) -> str:
    """Who is calling: the signed-in user's name (or the API token owner's), for audit records.

    The auth middleware (:mod:`auth.middleware`) puts the principal on ``request.state``;
    routes that reach here without one are public, so the actor is "anonymous".
    """
    user = getattr(request.state, "user", None)
    name = getattr(user, "username", None)
    if name and getattr(user, "via", "session") == "token":
        return f"{name} (token)"
    return name or "anonymous"


ActorDep = Annotated[str, Depends(get_actor)]


def get_principal(request: Request) -> Principal:
    """The caller; 401 when anonymous."""
    user = getattr(request.state, "user", None)
    if user is None:
        raise AuthenticationError()
    return user  # type: ignore[no-any-return]


CurrentUser = Annotated[Principal, Depends(get_principal)]


def require_role(
    *roles: str, scope: str | None = None, session_only: bool = False
) -> Callable[[Principal], Principal]:
    """A dependency allowing ``roles`` (admins always) and, for API tokens, ``scope``.

    Args:
        roles: role names; empty means any signed-in role.
        scope: the scope a bearer token must carry (sessions have every scope of their role).
        session_only: refuse API tokens (pages for people).
    """
    allowed = frozenset(Role(r).value for r in roles)

    def dependency(user: CurrentUser) -> Principal:
        if session_only and user.via != "session":
            raise ForbiddenError("This page is for people; sign in with a password.")
        if allowed and not user.has_role(*allowed):
            raise ForbiddenError()
        if scope is not None and not user.has_scope(scope):
            raise ForbiddenError(f"The API token lacks the scope '{scope}'.")
        return user

    dependency.__name__ = f"require_{'_'.join(sorted(allowed)) or 'user'}"
    dependency.roles = allowed  # type: ignore[attr-defined]
    return dependency


def finance_user(request: Request) -> str:
    """The finance user acting on billing data (admins too; tokens need
    ``billing:read``, or ``billing:write`` to change anything).

    Raises:
        AuthenticationError: anonymous (401).
        ForbiddenError: another role, or a token without the scope (403).
    """
    scope = "billing:read" if request.method in ("GET", "HEAD") else "billing:write"
    return require_role("finance", scope=scope)(get_principal(request)).username


def advisor_user(request: Request) -> str:
    """The advisor recording service events (tokens need the ``submit`` scope)."""
    return require_role("advisor", scope="submit")(get_principal(request)).username


FinanceActor = Annotated[str, Depends(finance_user)]
AdvisorActor = Annotated[str, Depends(advisor_user)]


# Shared policies (the security test's table refers to the same role sets).
DOCUMENT_READERS = (Role.advisor, Role.provider, Role.operator)


def visible_document_filter(user: Principal) -> object | None:
    """A WHERE clause restricting ``Document`` rows to what ``user`` may see (None: all)."""
    if user.role in (Role.admin, Role.operator):
        return None
    if user.role == Role.advisor:
        return Document.submission_id.in_(
            select(Submission.id).where(Submission.service_point == (user.service_point or ""))
        )
    if user.role == Role.provider:
        # Access follows the document: only a delivery that is at the provider now (confirmed,
        # not returned) opens it. After a return the provider keeps its return record (the
        # delivery row) but the document answers 404 like any other.
        return Document.id.in_(
            select(Delivery.document_id).where(
                Delivery.authority == (user.authority or ""),
                Delivery.state.in_(CONFIRMED_DELIVERY),
            )
        )
    return Document.id.is_(None)  # finance sees no documents


def check_document_access(session: Session, user: Principal, document_id: str) -> Document:
    """The document if ``user`` may see it.

    Provider staff see documents delivered to their own authority (and not returned by it),
    advisors those of their
    service point, operators and admins all. Everyone else gets the same answer as for a document
    that does not exist.

    Raises:
        NotFoundError: no such document, or not the caller's.
    """
    q = select(Document).where(Document.id == document_id)
    clause = visible_document_filter(user)
    if clause is not None:
        q = q.where(clause)  # type: ignore[arg-type]
    doc = session.scalar(q)
    if doc is None:
        raise NotFoundError(f"No document {document_id}.")
    return doc
