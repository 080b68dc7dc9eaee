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
    """The user acting on billing data.

    ROLE PROTECTION GOES HERE (web app issue): check that the signed-in user has the finance
    role and raise 403 otherwise. Until then it returns the user name that an upstream
    middleware put on ``request.state.user``, or ``"api"``.
    """
    user = getattr(request.state, "user", None)
    return str(getattr(user, "username", user) or "api")


def advisor_user(request: Request) -> str:
    """The advisor recording service events (role check: advisor; see :func:`finance_user`)."""
    return finance_user(request)


SessionDep = Annotated[Session, Depends(get_session)]
FinanceUser = Annotated[str, Depends(finance_user)]
AdvisorUser = Annotated[str, Depends(advisor_user)]
