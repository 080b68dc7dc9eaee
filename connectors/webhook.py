"""Webhook connector: HTTPS POST of the PDF and the manifest, signed with HMAC-SHA256.

The request is ``multipart/form-data`` with two parts, ``document`` (``document.pdf``,
``application/pdf``) and ``manifest`` (``manifest.json``, ``application/json``). Headers:

- ``X-Aspa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.".encode() + body)>``
  where ``body`` is the exact request body bytes;
- ``Idempotency-Key: <delivery id>`` (the same on every retry of one delivery);
- ``X-Aspa-Delivery-Id``, ``X-Aspa-Document-Id``, ``X-Aspa-Authority``.

Outcomes: 2xx is delivered (a JSON body ``{"received": true, "id": ...}`` also acknowledges it);
408, 429, 5xx, connection errors and timeouts are transient (a ``Retry-After`` header, in seconds
or as a date, is passed on as the least wait before the next try); other statuses are permanent.
The answer is read no further than :data:`MAX_REPLY_BYTES`: a longer body is unreadable (no
receipt, no reason), as a body that is not JSON is. The whole exchange has a deadline, the sum of
the connect, write and read timeouts: the read timeout alone applies to each read, so a
provider dripping a byte a second (its body, or its status line and headers, which httpx reads
before it returns) would hold the worker for as long as it liked. At the deadline a watchdog
shuts the exchange's socket (one connection per delivery: deliveries are minutes apart, and a
fresh connection is the one whose socket the watchdog knows).
All calls to ``httpx`` live here.
"""

from __future__ import annotations

import email.utils
import hashlib
import hmac
import json
import socket
import ssl
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from pipeline.errors import PermanentDeliveryError, TransientDeliveryError

from ._net import Watchdog, is_loopback_host
from .base import DeliveryPackage, Receipt

# A receipt is {"received": true, "id": ...} and an error a short reason: 64 KiB is plenty, and
# keeps a provider from making a worker hold its whole reply (50 MB was read into memory).
MAX_REPLY_BYTES = 64 * 1024
SIGNATURE_HEADER = "X-Aspa-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def sign(secret: str | bytes, body: bytes, *, timestamp: int | None = None) -> str:
    """The ``X-Aspa-Signature`` header value for ``body``.

    Args:
        secret: the provider's shared secret.
        body: the exact request body.
        timestamp: unix seconds (default: now).
    """
    ts = int(time.time()) if timestamp is None else int(timestamp)
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def verify_signature(
    secret: str | bytes,
    header: str | None,
    body: bytes,
    tolerance_s: float = 300,
    *,
    now: float | None = None,
) -> bool:
    """Check an ``X-Aspa-Signature`` header (for providers and tests).

    Accepts the header when one of its ``v1`` values is the HMAC of ``f"{t}.".encode() + body``
    and ``t`` is within ``tolerance_s`` seconds of now (replay protection). Constant-time.

    Returns:
        True when the signature is valid and fresh; False otherwise (never raises on bad input).
    """
    if not header:
        return False
    ts_value: str | None = None
    candidates: list[str] = []
    for item in header.split(","):
        name, sep, value = item.strip().partition("=")
        if not sep:
            continue
        if name == "t":
            ts_value = value
        elif name == "v1":
            candidates.append(value)
    if ts_value is None or not candidates:
        return False
    try:
        ts = int(ts_value)
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - ts) > tolerance_s:
        return False
    secret_bytes = secret.encode() if isinstance(secret, str) else secret
    expected = hmac.new(secret_bytes, f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, c) for c in candidates)


class WebhookConnector:
    """POSTs packages to one provider's HTTPS endpoint.

    Args:
        url: the endpoint; must be ``https://`` unless the host is loopback (tests).
        secret: the shared HMAC secret.
        connect_timeout: seconds to connect.
        read_timeout: seconds to wait for each piece of the response once the request is sent.
        write_timeout: seconds to send the request. The three together are the deadline of the
            whole exchange.
        headers: extra headers sent with every request (e.g. an API key header).
        verify: TLS verification: ``True``, ``False`` or a CA bundle path.
        name: the route name, reported in receipts.
        transport: an ``httpx`` transport to use instead of the network (tests, proxies).
    """

    def __init__(
        self,
        *,
        url: str,
        secret: str,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        write_timeout: float = 30.0,
        headers: dict[str, str] | None = None,
        verify: bool | str = True,
        name: str = "webhook",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and is_loopback_host(parts.hostname or "")
        ):
            raise ValueError(f"Webhook URL must use https:// (got {parts.scheme}://).")
        if not secret:
            raise ValueError("Webhook secret must not be empty.")
        self.name = name
        self.url = url
        self._secret = secret
        self._headers = dict(headers or {})
        self._deadline_s = connect_timeout + write_timeout + read_timeout
        self._client = httpx.Client(
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=write_timeout, pool=5.0
            ),
            verify=ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify,
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def build_request(self, package: DeliveryPackage, *, timestamp: int | None = None) -> Any:
        """The signed request for a package (exposed for tests and debugging)."""
        pdf = package.pdf_path.read_bytes()
        request = self._client.build_request(
            "POST",
            self.url,
            files={
                "document": ("document.pdf", pdf, "application/pdf"),
                "manifest": ("manifest.json", package.manifest_bytes(), "application/json"),
            },
            headers={
                **self._headers,
                IDEMPOTENCY_HEADER: package.delivery_id,
                "X-Aspa-Delivery-Id": package.delivery_id,
                "X-Aspa-Document-Id": package.document_id,
                "X-Aspa-Authority": package.authority,
                "Accept": "application/json",
                "Accept-Encoding": "identity",  # see _exchange
            },
        )
        body = request.read()  # the exact bytes that go on the wire
        request.headers[SIGNATURE_HEADER] = sign(self._secret, body, timestamp=timestamp)
        return request

    def deliver(self, package: DeliveryPackage) -> Receipt:
        """POST the package; a repeat carries the same ``Idempotency-Key``.

        Raises:
            TransientDeliveryError: connect errors, timeouts, 408, 429, 5xx.
            PermanentDeliveryError: other non-2xx statuses (including redirects), a missing PDF,
                TLS certificate errors.
        """
        try:
            request = self.build_request(package)
        except FileNotFoundError as e:
            raise PermanentDeliveryError("The package's PDF is missing.") from e
        try:
            status, headers, phrase, body = self._exchange(request)
        except httpx.TimeoutException as e:
            raise TransientDeliveryError(
                f"The provider at {self._where()} did not answer in time ({type(e).__name__})."
            ) from e
        except httpx.ConnectError as e:
            if "CERTIFICATE_VERIFY_FAILED" in str(e):
                raise PermanentDeliveryError(
                    f"The TLS certificate of {self._where()} was not accepted."
                ) from e
            raise TransientDeliveryError(
                f"The provider at {self._where()} is not reachable."
            ) from e
        except httpx.TransportError as e:
            raise TransientDeliveryError(
                f"The connection to {self._where()} failed ({type(e).__name__})."
            ) from e
        data = _json_body(headers, body)
        if 200 <= status < 300:
            return self._receipt(package, status, data)
        reason = _short_reason(phrase, data)
        text = f"The provider at {self._where()} answered {status}{reason}."
        if status in (408, 429) or status >= 500:
            wait = parse_retry_after(headers.get("Retry-After"))
            if wait is not None:
                text += f" It asked to wait {wait:.0f} s (Retry-After)."
            raise TransientDeliveryError(text, retry_after_s=wait)
        raise PermanentDeliveryError(text)

    def _exchange(self, request: httpx.Request) -> tuple[int, httpx.Headers, str, bytes | None]:
        """Send ``request``; the status, headers, reason phrase and body (None: over the bound).

        Raises:
            httpx.TimeoutException: also when the whole exchange outlasts its deadline.
            httpx.TransportError: the connection failed.
        """
        deadline = time.monotonic() + self._deadline_s
        watchdog = _Watchdog(self._deadline_s)
        request.extensions["trace"] = watchdog.trace
        try:
            with watchdog:
                return self._read(request, deadline)
        except httpx.TransportError as e:
            if watchdog.fired and not isinstance(e, httpx.TimeoutException):
                raise httpx.ReadTimeout("the answer outlasted the deadline", request=request) from e
            raise

    def _read(
        self, request: httpx.Request, deadline: float
    ) -> tuple[int, httpx.Headers, str, bytes | None]:
        response = self._client.send(request, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            body: bytes | None = None
            if response.headers.get("content-encoding", "identity").lower() != "identity":
                # Asked for identity; a compressed answer could inflate far past the bound.
                return response.status_code, response.headers, response.reason_phrase, None
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the answer outlasted the deadline", request=request)
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    break  # closing drops the connection instead of reading the rest
                chunks.append(chunk)
            else:
                body = b"".join(chunks)
            return response.status_code, response.headers, response.reason_phrase, body
        finally:
            response.close()

    def _receipt(self, package: DeliveryPackage, status: int, data: object) -> Receipt:
        acknowledged = False
        remote_id: str | None = None
        if isinstance(data, dict) and data.get("received") is True:
            acknowledged = True
            if data.get("id") is not None:
                remote_id = str(data["id"])[:200]
        return Receipt(
            delivery_id=package.delivery_id,
            connector=self.name,
            location=self.url,
            delivered_at=datetime.now(UTC),
            remote_id=remote_id,
            acknowledged=acknowledged,
            details={"status": status},
        )

    def _where(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():  # what int() reads: "²" is a digit to isdigit(), and int() refused it
        try:
            seconds = int(value)
        except ValueError:  # int() refuses more than 4,300 digits: far past the cap
            seconds = 7 * 86400
        return float(min(seconds, 7 * 86400))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a year of 20 digits
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = time.time() if now is None else now
    return max(0.0, min(when.timestamp() - current, 7 * 86400.0))


def _json_body(headers: httpx.Headers, body: bytes | None) -> object:
    """The JSON of a body the provider labelled JSON; None when it is not, or cannot be read."""
    if body is None or "json" not in headers.get("content-type", ""):
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        return None


def _short_reason(phrase: str, data: object) -> str:
    """A short, safe reason from the response (providers' error bodies are not logged whole)."""
    text = f" {phrase}" if phrase else ""
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            value = data.get(key)
            if isinstance(value, str) and value:
                text += f" ({value[:200]})"
                break
    return text


class _Watchdog(Watchdog):
    """The shared watchdog, shown each connection httpcore opens (its ``trace`` extension hands
    over the stream of each connection)."""

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                self.watch(sock)
