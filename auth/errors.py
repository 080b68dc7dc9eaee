"""Errors of authentication and authorisation: defined in the one tree, :mod:`pipeline.errors`.

See the hierarchy drawn there; this module keeps the names importable from here.
"""

from __future__ import annotations

from pipeline.errors import (
    AccountThrottledError,
    AddressThrottledError,
    AuthenticationError,
    CsrfError,
    ForbiddenError,
    RateLimitedError,
)

__all__ = [
    "AccountThrottledError",
    "AddressThrottledError",
    "AuthenticationError",
    "CsrfError",
    "ForbiddenError",
    "RateLimitedError",
]
