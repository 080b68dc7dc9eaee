"""FastAPI dependencies of the billing routes (the lead may unify them into ``api/deps.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker


def get_session(request: Request) -> Iterator[Session]:
    """A transaction per request from ``request.app.state.session_factory``.

    Commits when the route returns, rolls back when it raises.
    """
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def finance_user(request: Request) -> str:
    """The finance user acting on billing data (admins too; tokens need
    ``billing:read``, or ``billing:write`` to change anything).

    Raises:
        AuthenticationError: anonymous (401).
        ForbiddenError: another role, or a token without the scope (403).
    """
    from api.auth import get_principal, require_role

    scope = "billing:read" if request.method in ("GET", "HEAD") else "billing:write"
    return require_role("finance", scope=scope)(get_principal(request)).username


def advisor_user(request: Request) -> str:
    """The advisor recording service events (tokens need the ``submit`` scope)."""
    from api.auth import get_principal, require_role

    return require_role("advisor", scope="submit")(get_principal(request)).username


SessionDep = Annotated[Session, Depends(get_session)]
FinanceUser = Annotated[str, Depends(finance_user)]
AdvisorUser = Annotated[str, Depends(advisor_user)]
