"""A size limit on every request body, checked while it streams in.

A request that announces a ``Content-Length`` over the limit is answered 413 before its body is
read; one that streams more than the limit (chunked, or a lying header) is cut off as soon as
the count passes it, and answered 413 instead of whatever the application would have said.
Nothing past the limit is read, spooled or parsed.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from pipeline.errors import RequestTooLargeError, TooManyFilesError

__all__ = ["BodyLimit", "RequestTooLargeError", "TooManyFilesError"]

Scope = dict[str, Any]
Message = dict[str, Any]


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with 413 ``request_too_large``."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message: Message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the application's answer to a cut-off body is replaced below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, limited_receive, guarded_send)
        if exceeded and not started:
            await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        err = RequestTooLargeError(
            f"The request is larger than {self.max_bytes / 1048576:.0f} MiB. "
            "Send fewer or smaller files at a time."
        )
        body = json.dumps(err.as_dict()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
