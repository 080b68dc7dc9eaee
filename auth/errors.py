"""Errors of authentication and authorisation (part of the :class:`AspaError` tree).

Hierarchy::

    AspaError
    ├── AuthenticationError    unauthenticated (401): no or bad credentials
    ├── ForbiddenError         forbidden (403): signed in, but not allowed
    ├── CsrfError              csrf_failed (403): a form without the session's CSRF token
    └── RateLimitedError       rate_limited (429): too many failed logins
"""

from __future__ import annotations

from pipeline.errors import AspaError, ExitCode


class AuthenticationError(AspaError):
    code = "unauthenticated"
    exit_code = ExitCode.usage
    http_status = 401
    message = "Sign in first, or send a valid API token."


class ForbiddenError(AspaError):
    code = "forbidden"
    exit_code = ExitCode.usage
    http_status = 403
    message = "Your role does not allow this."


class CsrfError(AspaError):
    code = "csrf_failed"
    http_status = 403
    message = "The form has expired. Reload the page and try again."


class RateLimitedError(AspaError):
    code = "rate_limited"
    http_status = 429
    message = "Too many failed sign-ins. Wait five minutes and try again."
