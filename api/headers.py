"""Response headers for shared counter PCs: nothing personal in a browser cache, no sniffing.

Every response gets ``X-Content-Type-Options: nosniff``; every response except the public
static assets gets ``Cache-Control: no-store`` unless the route set its own (documents, PDFs,
previews and JSON carry citizens' data, and several advisors share one browser).
"""

from __future__ import annotations

from typing import Any

CACHEABLE_PREFIXES = ("/static/", "/docs/assets/")


class PrivateResponses:
    """ASGI middleware adding ``no-store`` and ``nosniff`` (see the module docstring)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope.get("path", "")).startswith(CACHEABLE_PREFIXES)

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if not cacheable and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
