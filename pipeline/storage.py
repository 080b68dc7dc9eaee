"""Object storage for originals, quarantined input and searchable PDFs.

Two real implementations behind one small interface: :class:`FolderStore` (the embedded
default, a folder under the data dir) and :class:`S3Store` (MinIO or any S3 API, through the
``minio`` SDK). Keys are plain strings such as ``originals/<sha256>``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from .errors import ConfigurationError, NotFoundError, ProcessingError
from .private import make_private_dir


class BlobStore(Protocol):
    def put_file(self, key: str, path: Path, *, content_type: str = ...) -> None: ...

    def put_bytes(self, key: str, data: bytes, *, content_type: str = ...) -> None: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error (purges are retried)."""
        ...

    def read_bytes(self, key: str) -> bytes: ...

    def local_copy(self, key: str) -> contextlib.AbstractContextManager[Path]:
        """A local file with the blob's content, valid inside the ``with`` block."""
        ...


class FolderStore:
    """Blobs as files below ``root``; writes are atomic (temp file + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        p = (self.root / key).resolve()
        if not p.is_relative_to(self.root.resolve()):
            raise ValueError(f"invalid blob key {key!r}")
        return p

    def put_file(self, key: str, path: Path, *, content_type: str = "") -> None:
        dst = self._path(key)
        make_private_dir(dst.parent)
        fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".tmp-")
        os.close(fd)
        shutil.copyfile(path, tmp)
        os.replace(tmp, dst)

    def put_bytes(self, key: str, data: bytes, *, content_type: str = "") -> None:
        dst = self._path(key)
        make_private_dir(dst.parent)
        fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, dst)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def read_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as e:
            raise NotFoundError(f"Stored object {key} is missing.") from e

    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        p = self._path(key)
        if not p.is_file():
            raise NotFoundError(f"Stored object {key} is missing.")
        yield p


class S3Store:
    """Blobs in an S3 bucket (MinIO, AWS S3, or any S3 API) through the ``minio`` SDK."""

    def __init__(
        self,
        *,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = True,
        region: str | None = None,
        prefix: str = "",
    ) -> None:
        from minio import Minio

        self.client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region
        )
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def ensure_bucket(self) -> None:
        from minio.error import S3Error

        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
        except S3Error as e:
            raise ConfigurationError(f"Object store bucket {self.bucket}: {e.code}") from e

    def put_file(
        self, key: str, path: Path, *, content_type: str = "application/octet-stream"
    ) -> None:
        from minio.error import S3Error

        try:
            self.client.fput_object(
                self.bucket, self._key(key), str(path), content_type=content_type
            )
        except (S3Error, OSError) as e:
            raise ProcessingError(f"Could not store {key} in the object store.") from e

    def put_bytes(
        self, key: str, data: bytes, *, content_type: str = "application/octet-stream"
    ) -> None:
        import io

        from minio.error import S3Error

        try:
            self.client.put_object(
                self.bucket, self._key(key), io.BytesIO(data), len(data), content_type=content_type
            )
        except (S3Error, OSError) as e:
            raise ProcessingError(f"Could not store {key} in the object store.") from e

    def exists(self, key: str) -> bool:
        from minio.error import S3Error

        try:
            self.client.stat_object(self.bucket, self._key(key))
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise ProcessingError(f"Object store error for {key}: {e.code}") from e
        return True

    def delete(self, key: str) -> None:
        from minio.error import S3Error

        try:
            self.client.remove_object(self.bucket, self._key(key))
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return
            raise ProcessingError(f"Object store error for {key}: {e.code}") from e

    def read_bytes(self, key: str) -> bytes:
        from minio.error import S3Error

        try:
            resp = self.client.get_object(self.bucket, self._key(key))
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                raise NotFoundError(f"Stored object {key} is missing.") from e
            raise ProcessingError(f"Object store error for {key}: {e.code}") from e
        try:
            return resp.read()
        finally:
            resp.close()
            resp.release_conn()

    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="aspa-blob-") as d:
            p = Path(d) / Path(key).name
            p.write_bytes(self.read_bytes(key))
            yield p


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB chunks (originals are stored by it)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def open_store(
    url: str,
    *,
    folder: Path,
    endpoint: str = "",
    access_key: str = "",
    secret_key: str = "",
    secure: bool = True,
    region: str = "",
) -> BlobStore:
    """Build the store named by ``url``: empty for a folder, ``s3://bucket[/prefix]`` for S3."""
    if not url:
        return FolderStore(folder)
    if url.startswith("s3://"):
        bucket, _, prefix = url[5:].partition("/")
        if not bucket or not endpoint:
            raise ConfigurationError(
                "ASPA_OBJECT_STORE=s3://BUCKET needs ASPA_S3_ENDPOINT (host:port) and keys."
            )
        store = S3Store(
            endpoint=endpoint,
            access_key=access_key,
            secret_key=secret_key,
            bucket=bucket,
            secure=secure,
            region=region or None,
            prefix=prefix,
        )
        store.ensure_bucket()
        return store
    raise ConfigurationError(f"Unknown object store {url!r}: use empty (folder) or s3://bucket.")
