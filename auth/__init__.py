"""Authentication and roles: users, API tokens, sessions, CSRF and role dependencies."""

from __future__ import annotations

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
