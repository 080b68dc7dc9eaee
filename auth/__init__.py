"""Authentication and roles: users, API tokens, sessions, CSRF and role dependencies."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .deps import (
        CurrentUser,
        check_document_access,
        get_principal,
        require_role,
        visible_document_filter,
    )
    from .errors import AuthenticationError, CsrfError, ForbiddenError, RateLimitedError
    from .middleware import AuthMiddleware, SessionState
    from .models import ApiToken, LoginAttempt, Role, User
    from .security import (
        SCOPES,
        Principal,
        create_token,
        create_user,
        hash_password,
        login,
        verify_password,
    )

# Each public name and the module it lives in: imported on first use (PEP 562), so that
# importing one submodule does not load all the others.
_EXPORTS = {
    "CurrentUser": "deps",
    "check_document_access": "deps",
    "get_principal": "deps",
    "require_role": "deps",
    "visible_document_filter": "deps",
    "AuthenticationError": "errors",
    "CsrfError": "errors",
    "ForbiddenError": "errors",
    "RateLimitedError": "errors",
    "AuthMiddleware": "middleware",
    "SessionState": "middleware",
    "ApiToken": "models",
    "LoginAttempt": "models",
    "Role": "models",
    "User": "models",
    "SCOPES": "security",
    "Principal": "security",
    "create_token": "security",
    "create_user": "security",
    "hash_password": "security",
    "login": "security",
    "verify_password": "security",
}

__all__ = [
    "SCOPES",
    "ApiToken",
    "AuthMiddleware",
    "AuthenticationError",
    "CsrfError",
    "CurrentUser",
    "ForbiddenError",
    "LoginAttempt",
    "Principal",
    "RateLimitedError",
    "Role",
    "SessionState",
    "User",
    "check_document_access",
    "create_token",
    "create_user",
    "get_principal",
    "hash_password",
    "login",
    "require_role",
    "verify_password",
    "visible_document_filter",
]


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
