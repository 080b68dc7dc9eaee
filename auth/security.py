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

from .errors import AccountThrottledError, AddressThrottledError, AuthenticationError
from .models import ApiToken, LoginAttempt, Role, User

SCOPES = (
    "submit",  # scanner stations and channels: POST /api/v1/submissions
    "documents:read",  # GET a document the owner may see
    "documents:reveal",  # … with its text unmasked (provider staff only; audited as a reveal)
    "deliveries:read",  # a provider system lists its deliveries
    "deliveries:ack",  # … and acknowledges or returns them
    "deliveries:retry",  # an operator's tool requeues dead letters
    "review",  # confirm or correct a document's routing
    "billing:read",  # statements and exports
    "billing:write",  # settle, close, reverse, tariffs
    "metrics:read",  # Prometheus scraping
)
TOKEN_PREFIX = "aspa_"
TOKEN_LIFETIME = timedelta(days=90)  # a token without an explicit expiry ends after this
SESSION_MAX_AGE_S = 12 * 3600

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

    @property
    def may_reveal(self) -> bool:
        """May see identity codes unmasked: provider staff of the document's authority (access
        is checked per document) and admins; a token also needs ``documents:reveal``."""
        return self.role in (Role.provider, Role.admin) and self.has_scope("documents:reveal")

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
    never_expires: bool = False,
) -> str:
    """Create an API token for ``user`` and return it (the only time it is visible).

    Without ``expires_at`` the token expires after :data:`TOKEN_LIFETIME` (90 days), unless
    ``never_expires`` is given explicitly.
    """
    bad = [s for s in scopes if s not in SCOPES]
    if bad or not scopes:
        raise ValueError(f"Unknown or missing scopes {bad}; choose from {', '.join(SCOPES)}.")
    if expires_at is None and not never_expires:
        expires_at = utcnow() + TOKEN_LIFETIME
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


def revoke_token(session: Session, token_id: str) -> ApiToken:
    """Revoke a token by its id (or its unique prefix); it stops working at the next request.

    Raises:
        LookupError: no such token, or a prefix that matches several.
    """
    row = session.get(ApiToken, token_id)
    if row is None:
        rows = list(session.scalars(select(ApiToken).where(ApiToken.prefix == token_id)))
        if len(rows) != 1:
            raise LookupError(f"No single API token {token_id!r}.")
        row = rows[0]
    row.revoked = True
    return row


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

# Per account: the first failures are free, then each try must wait twice as long as the one
# before (1 s, 2 s, 4 s … up to 5 minutes) after the last failure, whatever the address; a
# success starts the count again. The right password is only ever delayed, never locked out for a
# whole office behind one address. Per address: failures for many different user names
# (password spraying) block further tries from that address for a while.
ACCOUNT_FREE_FAILURES = 3
ACCOUNT_MAX_DELAY = timedelta(minutes=5)
ACCOUNT_WINDOW = timedelta(hours=1)
ADDRESS_MAX_NAMES = 20
ADDRESS_WINDOW = timedelta(minutes=15)


def account_delay(failures: int) -> timedelta:
    """How long after the last failure the next try of an account must wait."""
    if failures < ACCOUNT_FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - ACCOUNT_FREE_FAILURES)), ACCOUNT_MAX_DELAY)


def _check_throttles(session: Session, username: str, address: str, now: datetime) -> None:
    names = session.scalar(
        select(func.count(func.distinct(LoginAttempt.username))).where(
            LoginAttempt.address == address,
            LoginAttempt.success.is_(False),
            LoginAttempt.at >= now - ADDRESS_WINDOW,
        )
    )
    if (names or 0) >= ADDRESS_MAX_NAMES:
        raise AddressThrottledError()
    last_ok = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(True)
        )
    )
    since = now - ACCOUNT_WINDOW
    if last_ok is not None and last_ok > since:
        since = last_ok
    failures, last_failure = session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username,
            LoginAttempt.success.is_(False),
            LoginAttempt.at > since,
        )
    ).one()
    if failures and last_failure is not None:
        if last_failure.tzinfo is None:
            last_failure = last_failure.replace(tzinfo=now.tzinfo)
        if now < last_failure + account_delay(int(failures)):
            raise AccountThrottledError()


def login(
    session: Session, *, username: str, password: str, address: str, now: datetime | None = None
) -> User:
    """Check a password, throttled per account (progressive delay) and per address (spraying).

    Raises:
        AccountThrottledError: the account had several failures and the delay since the last
            one has not passed (a throttled try is not counted as a failure).
        AddressThrottledError: failures for :data:`ADDRESS_MAX_NAMES` user names from this
            address within :data:`ADDRESS_WINDOW`.
        AuthenticationError: wrong user name or password, or a disabled user (one message for
            all, so the answer does not tell which user names exist).
    """
    username = username.strip()[:100]
    address = address[:64]
    now = now or utcnow()
    _check_throttles(session, username, address, now)
    # Attempts older than a day serve no limit; drop this name's so the table stays small.
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.username == username, LoginAttempt.at < now - timedelta(days=1)
        )
    )
    user = session.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    ok = ok and user is not None and not user.disabled
    session.add(LoginAttempt(username=username, address=address, success=ok, at=now))
    if not ok:
        session.commit()  # the failure counts even though we raise
        raise AuthenticationError("Wrong user name or password.")
    assert user is not None
    user.last_login_at = now
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
