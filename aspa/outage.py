"""503 with a JSON body when the database or the broker is down, wherever the request fails.

FastAPI's exception handlers see errors raised in routes and dependencies; the sign-in
middleware reads the database before any route runs. This ASGI middleware sits outside all of
them and turns an outage (:func:`pipeline.retry.is_outage`) into ``503`` with a stable code and
a ``Retry-After``, as long as no response has started.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.errors import DatabaseUnavailableError, QueueUnavailableError, UnavailableError
from pipeline.retry import is_outage

Scope = dict[str, Any]


class OutageMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started or not is_outage(exc):
                raise
            await _unavailable(send, _error_for(exc))


def _error_for(exc: BaseException) -> UnavailableError:
    from sqlalchemy.exc import DBAPIError

    return DatabaseUnavailableError() if isinstance(exc, DBAPIError) else QueueUnavailableError()


async def _unavailable(send: Any, err: UnavailableError) -> None:
    body = json.dumps(err.as_dict()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": err.http_status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"5"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
