"""One ASGI middleware: who is calling, is it allowed at all, and is the form genuine.

For every HTTP request it

1. reads the signed session cookie (or an ``Authorization: Bearer`` token) and puts the
   :class:`~auth.security.Principal` on ``request.state.user`` (None when anonymous);
2. denies anonymous requests to every path that is not public (health checks, the login page
   and static files): ``401`` for the API, a redirect to the login page for pages;
3. checks the CSRF token on every state-changing request made with the session cookie: the
   ``X-CSRF-Token`` header, or the ``csrf_token`` field of a URL-encoded form;
4. writes the session cookie back (HttpOnly, SameSite=Lax, Secure on HTTPS) when it changed.

Which role may do what is decided per route by the dependencies in :mod:`auth.deps`.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote

from anyio import to_thread

from pipeline.db import session_scope

from .errors import AuthenticationError
from .security import (
    SESSION_MAX_AGE_S,
    Principal,
    decode_session,
    encode_session,
    new_csrf_token,
    principal_for_token,
    principal_for_user_id,
)

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "aspa_session"
PUBLIC_EXACT = frozenset({"/healthz", "/readyz", "/login", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/",)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_FORM_BYTES = 1024 * 1024


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    return path.startswith(("/api/", "/metrics", "/openapi.json", "/docs", "/redoc"))


class SessionState:
    """The mutable session of one request (``request.state.session``)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    @property
    def csrf(self) -> str:
        return str(self.data.get("csrf", ""))

    def start(self, user_id: str, version: int = 0) -> None:
        """Sign in: a fresh session (new CSRF token) bound to the user."""
        self.data = {"uid": user_id, "sv": version, "csrf": new_csrf_token()}
        self.dirty = True

    def clear(self) -> None:
        self.data = {"csrf": new_csrf_token()}
        self.dirty = True


class AuthMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: str,
        max_age_s: int = SESSION_MAX_AGE_S,
        always_secure: bool = False,
        csrf_page: ASGIApp | None = None,
    ) -> None:
        self.app = app
        self.csrf_page = csrf_page  # answers a browser's rejected form (else JSON)
        self.secret = secret
        self.max_age_s = max_age_s
        self.always_secure = always_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        headers[":scheme"] = scope.get("scheme", "http")
        state = scope.setdefault("state", {})

        session = SessionState(self._read_cookie(headers.get("cookie", "")) or {})
        if not session.csrf:
            session.data["csrf"] = new_csrf_token()
            session.dirty = True
        principal: Principal | None = None
        bearer = _bearer(headers.get("authorization", ""))
        if bearer is not None:
            session.dirty = False  # machine clients get no cookie
            try:
                principal = await to_thread.run_sync(self._token_principal, scope, bearer)
            except AuthenticationError as e:
                await _json(send, 401, e.as_dict())
                return
        elif session.data.get("uid"):
            principal = await to_thread.run_sync(
                self._user_principal, scope, str(session.data["uid"]), _int(session.data.get("sv"))
            )
            if principal is None:  # disabled or deleted since sign-in
                session.clear()
        state["user"], state["session"] = principal, session

        if principal is None and not is_public(path):
            if is_api(path) or method != "GET":
                await _json(
                    send,
                    401,
                    AuthenticationError().as_dict(),
                    extra=self._cookie_header(session, headers),
                )
            else:
                target = "/login?next=" + quote(path + _qs(scope), safe="")
                await _redirect(send, target, extra=self._cookie_header(session, headers))
            return

        if method in UNSAFE and (principal is None or principal.via == "session"):
            receive, ok = await self._check_csrf(scope, receive, headers, session)
            if not ok:
                log.info("csrf rejected on %s %s", method, path)
                wants_html = "text/html" in headers.get("accept", "")
                if self.csrf_page is not None and wants_html and not is_api(path):
                    await self.csrf_page(scope, receive, send)
                    return
                await _json(
                    send,
                    403,
                    {
                        "code": "csrf_failed",
                        "message": "The form has expired. Reload the page and try again.",
                    },
                )
                return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = self._cookie_header(session, headers)
                if extra:
                    message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    # --- helpers -----------------------------------------------------------------------------

    def _read_cookie(self, raw: str) -> dict[str, Any] | None:
        if not raw:
            return None
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:
            return None
        morsel = jar.get(COOKIE)
        return (
            decode_session(morsel.value, self.secret, max_age_s=self.max_age_s) if morsel else None
        )

    def _cookie_header(
        self, session: SessionState, headers: dict[str, str]
    ) -> list[tuple[bytes, bytes]]:
        if not session.dirty:
            return []
        session.dirty = False
        # X-Forwarded-Proto counts only through the app's trusted-proxy middleware, which
        # rewrites the scheme; a client's own header is never believed here.
        secure = self.always_secure or headers.get(":scheme") == "https"
        value = encode_session(session.data, self.secret)
        cookie = f"{COOKIE}={value}; Path=/; Max-Age={self.max_age_s}; HttpOnly; SameSite=Lax" + (
            "; Secure" if secure else ""
        )
        return [(b"set-cookie", cookie.encode("latin-1"))]

    def _token_principal(self, scope: Scope, token: str) -> Principal:
        factory = scope["app"].state.runtime.session_factory
        with session_scope(factory) as s:
            return principal_for_token(s, token)

    def _user_principal(self, scope: Scope, user_id: str, version: int) -> Principal | None:
        factory = scope["app"].state.runtime.session_factory
        with session_scope(factory) as s:
            return principal_for_user_id(s, user_id, version)

    async def _check_csrf(
        self, scope: Scope, receive: Receive, headers: dict[str, str], session: SessionState
    ) -> tuple[Receive, bool]:
        expected = session.csrf
        given = headers.get("x-csrf-token")
        if given is not None:
            return receive, bool(expected) and hmac.compare_digest(given, expected)
        ctype = headers.get("content-type", "")
        if not ctype.startswith("application/x-www-form-urlencoded"):
            return receive, False
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_FORM_BYTES:
                return receive, False
        fields = parse_qs(body.decode("utf-8", "replace"))
        given = (fields.get("csrf_token") or [""])[0]
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay, bool(expected) and hmac.compare_digest(given, expected)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _bearer(value: str) -> str | None:
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return None


def _qs(scope: Scope) -> str:
    q = scope.get("query_string", b"")
    return "?" + q.decode("latin-1") if q else ""


async def _json(
    send: Send, status: int, body: dict[str, Any], extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


async def _redirect(
    send: Send, location: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("latin-1")),
                (b"content-length", b"0"),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
