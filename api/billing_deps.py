"""FastAPI dependencies of the billing routes (the session comes from ``api.deps``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.deps import get_session


def finance_user(request: Request) -> str:
    """The finance user acting on billing data (admins too; tokens need
    ``billing:read``, or ``billing:write`` to change anything).

    Raises:
        AuthenticationError: anonymous (401).
        ForbiddenError: another role, or a token without the scope (403).
    """
    from auth import get_principal, require_role

    scope = "billing:read" if request.method in ("GET", "HEAD") else "billing:write"
    return require_role("finance", scope=scope)(get_principal(request)).username


def advisor_user(request: Request) -> str:
    """The advisor recording service events (tokens need the ``submit`` scope)."""
    from auth import get_principal, require_role

    return require_role("advisor", scope="submit")(get_principal(request)).username


SessionDep = Annotated[Session, Depends(get_session)]
FinanceUser = Annotated[str, Depends(finance_user)]
AdvisorUser = Annotated[str, Depends(advisor_user)]
