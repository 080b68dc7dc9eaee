"""S3/MinIO connector (through the ``minio`` SDK).

Object keys: ``<prefix>/<authority>/<document_id>/<delivery_id>/document.pdf`` and
``.../manifest.json``. The manifest is uploaded last, so a provider that waits for
``manifest.json`` never sees half a package. Every object carries metadata
(``x-amz-meta-delivery-id``, ``-document-id``, ``-authority``, ``-sha256``).

Idempotency: the delivery id is part of the key, so a retry writes the same keys; before
uploading, the connector asks for each object and skips it when it is already there with the same
SHA-256. A retry therefore never leaves a second copy.

All calls to ``minio``/``urllib3`` live here and their errors are mapped at the boundary by
:func:`map_s3_error`.

The store is another system, so hostile until it behaves. The read timeout bounds each read,
not the delivery: a store answering a byte at a time would hold the worker for as long as it
liked, so the whole delivery has a deadline (``deadline``), at which a watchdog shuts the
connections' sockets down. The client keeps a whole answer in memory (the SDK preloads every
answer but a download's), so an answer may be at most ``MAX_ANSWER_BYTES`` long and not
compressed (an S3 answer to a HEAD or a PUT is at most a small XML document).
"""

from __future__ import annotations

import hashlib
import http.client
import io
import socket
import ssl
import threading
from datetime import UTC, datetime
from typing import Any

import certifi
import urllib3
from minio import Minio
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError
from minio.sse import SseS3

from pipeline.errors import DeliveryError, PermanentDeliveryError, TransientDeliveryError

from ._net import AnswerTooLong, BoundedReader, Watchdog
from .base import DeliveryPackage, Receipt, package_sha256

# S3 error codes that say "try again later"; every other S3 error code is permanent.
TRANSIENT_S3_CODES = frozenset(
    {
        "InternalError",
        "ServiceUnavailable",
        "SlowDown",
        "RequestTimeout",
        "OperationAborted",
        "XMinioServerNotInitialized",
        "XMinioStorageFull",
    }
)

#: The most one answer of the store may hold: S3 answers to HEAD and PUT are empty or a small
#: XML document (an error's is under 1 KiB).
MAX_ANSWER_BYTES = 1024 * 1024

PDF_NAME = "document.pdf"
MANIFEST_NAME = "manifest.json"


class S3Connector:
    """Delivers packages as objects into one bucket (optionally under a prefix).

    Args:
        endpoint: ``host:port`` of the S3 API (no scheme).
        bucket: the provider's bucket; it must exist (a missing bucket is a permanent error).
        prefix: key prefix inside the bucket, e.g. ``"aspa/inbox"``; empty for none.
        access_key: access key id (``None`` for anonymous access).
        secret_key: secret access key.
        secure: HTTPS when true.
        region: the bucket's region; set it to spare a location lookup.
        sse: ask for server-side encryption with S3-managed keys (SSE-S3, ``AES256``).
        connect_timeout: seconds to wait for a TCP connection.
        read_timeout: seconds to wait for a response.
        deadline: seconds one delivery may take, every request and quick retry included.
        retries: quick retries inside one attempt (connection errors, 5xx); the queue retries
            with backoff on top.
        ca_file: CA bundle for a private CA (default: certifi's).
        name: the route name, reported in receipts.
    """

    def __init__(
        self,
        *,
        endpoint: str,
        bucket: str,
        prefix: str = "",
        access_key: str | None = None,
        secret_key: str | None = None,
        secure: bool = True,
        region: str | None = None,
        sse: bool = False,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        retries: int = 2,
        deadline: float = 300.0,
        ca_file: str | None = None,
        name: str = "s3",
    ) -> None:
        if deadline <= 0:
            raise ValueError("deadline must be positive.")
        self.deadline = deadline
        self.name = name
        self.endpoint = endpoint
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.sse = sse
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
            maxsize=10,
            cert_reqs="CERT_REQUIRED",
            ca_certs=ca_file or certifi.where(),
            retries=urllib3.Retry(
                total=retries,
                backoff_factor=0.2,
                status_forcelist=[500, 502, 503, 504],
                raise_on_status=False,
            ),
        )
        http.pool_classes_by_scheme = {"http": _GuardedPool, "https": _GuardedHTTPSPool}
        self._client = Minio(
            endpoint,
            access_key=access_key or None,
            secret_key=secret_key if access_key else None,
            secure=secure,
            region=region or None,
            http_client=http,
        )

    def object_prefix(self, package: DeliveryPackage) -> str:
        """The key prefix of one package: ``<prefix>/<authority>/<document>/<delivery>``."""
        parts = [package.authority, package.document_id, package.delivery_id]
        if self.prefix:
            parts.insert(0, self.prefix)
        return "/".join(parts)

    def deliver(self, package: DeliveryPackage) -> Receipt:
        """Upload the PDF, then the manifest; skip objects already there with the same hash.

        Raises:
            TransientDeliveryError: connection errors, timeouts (also the delivery's deadline),
                5xx, throttling, an answer over ``MAX_ANSWER_BYTES`` or compressed.
            PermanentDeliveryError: access denied, missing bucket, bad credentials, other 4xx,
                the package's PDF missing.
        """
        base = self.object_prefix(package)
        pdf_key = f"{base}/{PDF_NAME}"
        manifest_key = f"{base}/{MANIFEST_NAME}"
        manifest = package.manifest_bytes()
        manifest_sha = hashlib.sha256(manifest).hexdigest()
        watchdog = Watchdog(self.deadline)
        try:
            with watchdog, _watched_by(watchdog):
                pdf_result, uploaded, pdf_sha = self._upload(
                    package, pdf_key, manifest_key, manifest, manifest_sha
                )
        except FileNotFoundError as e:
            raise PermanentDeliveryError("The package's PDF is missing.") from e
        except Exception as e:
            where = f"s3://{self.bucket}/{base}/"
            if watchdog.fired:
                raise TransientDeliveryError(
                    f"The S3 endpoint for {where} did not finish within the delivery's deadline "
                    f"of {self.deadline:g} s."
                ) from e
            mapped = map_s3_error(e, where=where)
            if mapped is None:
                raise
            raise mapped from e
        return Receipt(
            delivery_id=package.delivery_id,
            connector=self.name,
            location=f"s3://{self.bucket}/{base}/",
            delivered_at=datetime.now(UTC),
            remote_id=getattr(pdf_result, "version_id", None),
            details={
                "bucket": self.bucket,
                "pdf_key": pdf_key,
                "manifest_key": manifest_key,
                "sha256": pdf_sha,
                "sse": "AES256" if self.sse else None,
                "uploaded": uploaded,
                "already_present": not uploaded,
            },
        )

    def _upload(
        self,
        package: DeliveryPackage,
        pdf_key: str,
        manifest_key: str,
        manifest: bytes,
        manifest_sha: str,
    ) -> tuple[Any, list[str], str]:
        """The objects not there yet, PDF first; (the PDF's result, names uploaded, its hash)."""
        pdf_sha = package_sha256(package)
        meta = {
            "delivery-id": package.delivery_id,
            "document-id": package.document_id,
            "authority": package.authority,
        }
        uploaded: list[str] = []
        pdf_result: Any = None
        if self._existing_sha256(pdf_key) != pdf_sha:
            size = package.pdf_path.stat().st_size
            with open(package.pdf_path, "rb") as f:
                pdf_result = self._client.put_object(
                    self.bucket,
                    pdf_key,
                    f,
                    size,
                    content_type="application/pdf",
                    metadata={**meta, "sha256": pdf_sha},
                    sse=SseS3() if self.sse else None,
                )
            uploaded.append(PDF_NAME)
        # The manifest goes last: its presence means the package is complete.
        if uploaded or self._existing_sha256(manifest_key) != manifest_sha:
            self._client.put_object(
                self.bucket,
                manifest_key,
                io.BytesIO(manifest),
                len(manifest),
                content_type="application/json",
                metadata={**meta, "sha256": manifest_sha, "pdf-sha256": pdf_sha},
                sse=SseS3() if self.sse else None,
            )
            uploaded.append(MANIFEST_NAME)
        return pdf_result, uploaded, pdf_sha

    def _existing_sha256(self, key: str) -> str | None:
        """The ``sha256`` metadata of an existing object, or ``None`` when there is none."""
        try:
            stat = self._client.stat_object(self.bucket, key)
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "NoSuchBucket") or (
                e.response is not None and e.response.status == 404
            ):
                return None
            if e.code == "AccessDenied":
                # Write-only credentials (PutObject without GetObject) are common for inboxes:
                # upload anyway; the keys are per delivery, so this still leaves one copy, and
                # bad credentials are then reported by the PUT with their precise error code.
                return None
            raise
        metadata = stat.metadata or {}
        value = metadata.get("x-amz-meta-sha256")
        return str(value) if value else None


_current = threading.local()  # the watchdog of the delivery running in this thread


class _watched_by:
    """Within it, the connections this thread opens or reuses are shown to ``watchdog``."""

    def __init__(self, watchdog: Watchdog) -> None:
        self._watchdog = watchdog

    def __enter__(self) -> None:
        _current.watchdog = self._watchdog

    def __exit__(self, *exc: object) -> None:
        _current.watchdog = None


def _watch(sock: socket.socket | None) -> None:
    watchdog: Watchdog | None = getattr(_current, "watchdog", None)
    if watchdog is not None and sock is not None:
        watchdog.watch(sock)


class _BoundedResponse(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self.fp = BoundedReader(self.fp, MAX_ANSWER_BYTES)  # type: ignore[assignment]

    def begin(self) -> None:
        super().begin()
        encoding = (self.getheader("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity" and self._method != "HEAD":  # type: ignore[attr-defined]
            # Not asked for; a small compressed answer could inflate far past the bound
            raise AnswerTooLong(f"a compressed answer ({encoding})")


class _Guarded:
    """What both connection classes add: the delivery's watchdog sees the socket, an answer
    is bounded."""

    sock: socket.socket | None
    response_class = _BoundedResponse

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _watch(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self.sock)  # a kept-alive connection, opened by an earlier delivery
        super().request(*args, **kwargs)  # type: ignore[misc]


class _GuardedConnection(_Guarded, urllib3.connection.HTTPConnection):  # type: ignore[misc]
    pass


class _GuardedHTTPSConnection(_Guarded, urllib3.connection.HTTPSConnection):  # type: ignore[misc]
    pass


class _GuardedPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _GuardedConnection


class _GuardedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


def _too_long(e: BaseException) -> AnswerTooLong | None:
    """The bound's error behind ``e`` (urllib3 wraps it as a reason, a cause or an argument)."""
    todo: list[Any] = [e]
    for _ in range(16):
        if not todo:
            break
        cur = todo.pop()
        if isinstance(cur, AnswerTooLong):
            return cur
        if isinstance(cur, BaseException):
            linked = [getattr(cur, "reason", None), cur.__cause__, cur.__context__, *cur.args]
            todo += [x for x in linked if isinstance(x, BaseException)]
    return None


def map_s3_error(e: BaseException, *, where: str) -> DeliveryError | None:
    """Translate a ``minio``/``urllib3``/socket error into a delivery error.

    Returns ``None`` for exceptions that are not storage errors (programming errors propagate).
    """
    if isinstance(e, S3Error):
        status = e.response.status if e.response is not None else 0
        text = f"S3 refused the upload to {where}: {e.code} ({status})."
        if e.code in TRANSIENT_S3_CODES or status in (408, 429) or status >= 500:
            return TransientDeliveryError(text)
        hint = {
            "NoSuchBucket": " The bucket does not exist; create it or fix the routing file.",
            "AccessDenied": " Check the access key, the secret key and their permissions.",
            "InvalidAccessKeyId": " Check the access key in the routing secrets.",
            "SignatureDoesNotMatch": " Check the secret key in the routing secrets.",
        }.get(e.code or "", "")
        return PermanentDeliveryError(text + hint)
    if isinstance(e, ServerError):
        status = e.status_code
        text = f"S3 server error {status} at {where}."
        if status in (408, 429) or status >= 500:
            return TransientDeliveryError(text)
        return PermanentDeliveryError(text)
    if isinstance(e, InvalidResponseError):
        status = int(getattr(e, "_code", 0) or 0)
        text = f"S3 endpoint at {where} answered {status} without an S3 error body."
        if status in (408, 429) or status >= 500 or status == 0:
            return TransientDeliveryError(text)
        return PermanentDeliveryError(text)
    too_long = _too_long(e)
    if too_long is not None:
        return TransientDeliveryError(
            f"The S3 endpoint for {where} sent {too_long}; the connection was closed."
        )
    if isinstance(e, urllib3.exceptions.HTTPError):
        reason = getattr(e, "reason", None) or e
        if _is_certificate_error(reason):
            return PermanentDeliveryError(
                f"TLS certificate of the S3 endpoint for {where} was not accepted; "
                "check the endpoint or ca_file."
            )
        return TransientDeliveryError(
            f"S3 endpoint for {where} not reachable: {type(reason).__name__}."
        )
    if isinstance(e, ValueError) and not isinstance(e, MinioException):
        # The SDK validates bucket and object names locally with ValueError.
        return PermanentDeliveryError(f"S3 request for {where} is invalid: {e}")
    if isinstance(e, OSError):
        return TransientDeliveryError(f"S3 endpoint for {where} not reachable: {e.strerror}.")
    return None


def _is_certificate_error(e: BaseException | object) -> bool:
    seen = 0
    cur: Any = e
    while cur is not None and seen < 5:
        if isinstance(cur, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(cur):
            return True
        cur = getattr(cur, "__cause__", None) or getattr(cur, "__context__", None)
        seen += 1
    return False
