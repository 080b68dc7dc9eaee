"""Passwords, API tokens, signed session cookies, login rate limiting and the :class:`Principal`.

Passwords are hashed with argon2id (argon2-cffi). API tokens are random 32-byte strings shown
once; only their SHA-256 is stored. The session is a small JSON object in a cookie signed with
HMAC-SHA256 under the ``secret_key`` setting; it holds the user id, the CSRF token and the time
it was issued, never personal data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pipeline.db import utcnow

from .errors import AuthenticationError, RateLimitedError
from .models import ApiToken, LoginAttempt, Role, User

SCOPES = (
    "submit",  # scanner stations and channels: POST /api/v1/submissions
    "documents:read",  # GET a document the owner may see
    "deliveries:read",  # a provider system lists its deliveries
    "deliveries:ack",  # … and acknowledges or returns them
    "deliveries:retry",  # an operator's tool requeues dead letters
    "review",  # confirm or correct a document's routing
    "billing:read",  # statements and exports
    "billing:write",  # settle, close, reverse, tariffs
    "metrics:read",  # Prometheus scraping
)
TOKEN_PREFIX = "aspa_"
SESSION_MAX_AGE_S = 12 * 3600
RATE_LIMIT_FAILURES = 5
RATE_LIMIT_WINDOW = timedelta(minutes=5)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")


# --- passwords ---------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    if len(password) < 8:
        raise ValueError("A password needs at least 8 characters.")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if ``password`` matches; never raises on a wrong or malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- principals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    """Who is calling: a signed-in person (``via="session"``) or a machine token."""

    user_id: str
    username: str
    display_name: str
    role: str
    service_point: str | None = None
    authority: str | None = None
    language: str = "fi"
    via: str = "session"  # session | token
    scopes: frozenset[str] = field(default_factory=frozenset)  # only for tokens

    def has_role(self, *roles: str) -> bool:
        """Admins pass every role check."""
        return self.role == Role.admin or self.role in roles

    def has_scope(self, scope: str) -> bool:
        """A session has every scope its role allows; a token only the ones it was given."""
        return self.via == "session" or scope in self.scopes


def principal_of(
    user: User, *, via: str = "session", scopes: frozenset[str] = frozenset()
) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        role=user.role,
        service_point=user.service_point,
        authority=user.authority,
        language=user.language or "fi",
        via=via,
        scopes=scopes,
    )


# --- users and tokens ----------------------------------------------------------------------------


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    service_point: str | None = None,
    authority: str | None = None,
    language: str = "fi",
) -> User:
    """Add a user. Advisors need a service point, provider staff an authority.

    Raises:
        ValueError: unknown role or language, missing binding, duplicate name, short password.
    """
    role = Role(role).value
    if language not in ("fi", "sv", "en"):
        raise ValueError("Language must be fi, sv or en.")
    if role == Role.advisor and not service_point:
        raise ValueError("An advisor needs --service-point.")
    if role == Role.provider and not authority:
        raise ValueError("Provider staff need --authority.")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"User {username} exists already.")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
        service_point=service_point if role == Role.advisor else None,
        authority=authority if role == Role.provider else None,
        language=language,
    )
    session.add(user)
    session.flush()
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    *,
    user: User,
    scopes: list[str] | tuple[str, ...],
    name: str = "",
    expires_at: datetime | None = None,
) -> str:
    """Create an API token for ``user`` and return it (the only time it is visible)."""
    bad = [s for s in scopes if s not in SCOPES]
    if bad or not scopes:
        raise ValueError(f"Unknown or missing scopes {bad}; choose from {', '.join(SCOPES)}.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=_token_hash(token),
            prefix=token[:12],
            user_id=user.id,
            name=name,
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
        )
    )
    session.flush()
    return token


def principal_for_token(session: Session, token: str) -> Principal:
    """The principal of a bearer token.

    Raises:
        AuthenticationError: unknown, revoked or expired token, or a disabled owner.
    """
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    now = utcnow()
    if row is None or row.revoked or (row.expires_at is not None and row.expires_at <= now):
        raise AuthenticationError("The API token is unknown, revoked or expired.")
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        raise AuthenticationError("The API token's owner is disabled.")
    row.last_used_at = now
    return principal_of(user, via="token", scopes=frozenset(row.scopes or ()))


def principal_for_user_id(
    session: Session, user_id: str, session_version: int = 0
) -> Principal | None:
    """The signed-in user, or None if disabled, deleted or signed out since."""
    user = session.get(User, user_id)
    if user is None or user.disabled or (user.session_version or 0) != session_version:
        return None
    return principal_of(user)


def end_sessions(session: Session, user_id: str) -> None:
    """Sign the user out everywhere: sessions issued so far stop working."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_version = (user.session_version or 0) + 1


# --- login and its rate limit ----------------------------------------------------------------


def login(session: Session, *, username: str, password: str, address: str) -> User:
    """Check a password, counting failures per user name and client address.

    Raises:
        RateLimitedError: 5 failures within 5 minutes for this user name and address.
        AuthenticationError: wrong user name or password, or a disabled user (one message for
            all, so the answer does not tell which user names exist).
    """
    username = username.strip()[:100]
    address = address[:64]
    since = utcnow() - RATE_LIMIT_WINDOW
    failures = (
        session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(
                LoginAttempt.username == username,
                LoginAttempt.address == address,
                LoginAttempt.success.is_(False),
                LoginAttempt.at >= since,
            )
        )
        or 0
    )
    if failures >= RATE_LIMIT_FAILURES:
        raise RateLimitedError()
    # Attempts older than a day serve no limit; drop this name's so the table stays small.
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.username == username, LoginAttempt.at < utcnow() - timedelta(days=1)
        )
    )
    user = session.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    ok = ok and user is not None and not user.disabled
    session.add(LoginAttempt(username=username, address=address, success=ok))
    if not ok:
        session.commit()  # the failure counts even though we raise
        raise AuthenticationError("Wrong user name or password.")
    assert user is not None
    user.last_login_at = utcnow()
    return user


# --- signed session cookie -----------------------------------------------------------------------


def _sign(secret: str, payload: bytes) -> str:
    mac = hmac.new(secret.encode() + b"/session", payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def encode_session(data: dict[str, Any], secret: str) -> str:
    """A cookie value: base64(JSON) + "." + HMAC."""
    body = dict(data, iat=int(time.time()))
    payload = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode())
    return payload.decode().rstrip("=") + "." + _sign(secret, payload.rstrip(b"="))


def decode_session(
    value: str, secret: str, *, max_age_s: int = SESSION_MAX_AGE_S
) -> dict[str, Any] | None:
    """The session in a cookie value, or None if it is forged, malformed or too old."""
    try:
        payload, mac = value.split(".", 1)
    except ValueError:
        return None
    if not hmac.compare_digest(_sign(secret, payload.encode()), mac):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or time.time() - float(data.get("iat", 0)) > max_age_s:
        return None
    return data


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)
