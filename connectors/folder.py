"""Folder connector: ``<root>/<authority>/<document id>/{document.pdf,manifest.json}``.

Files are written under a temporary name and renamed into place, and the manifest is renamed
last, so a provider that watches the folder never sees half a package; a repeated delivery
replaces the same files instead of adding a copy. The outbox is on the service point's side, so
retention removes a package the provider has not fetched (:meth:`FolderConnector.forget`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import PermanentDeliveryError, TransientDeliveryError
from pipeline.private import create_private_file, make_private_dir

from .base import DeliveryPackage, Receipt


class FolderConnector:
    """Writes packages into a folder tree that the provider watches or fetches.

    Args:
        root: the outbox folder (created on first delivery).
        name: the route name, reported in receipts.
    """

    name = "folder"

    def __init__(self, root: Path, *, name: str = "folder") -> None:
        self.root = Path(root)
        self.name = name

    def deliver(self, package: DeliveryPackage) -> Receipt:
        """Write ``document.pdf`` then ``manifest.json``; a repeat replaces the same files.

        Raises:
            TransientDeliveryError: the disk is full or another OS error that may pass.
            PermanentDeliveryError: the PDF is missing, the folder is not writable or a file
                is in the way.
        """
        target = self.root / package.authority / package.document_id
        try:
            make_private_dir(target)
            _atomic_copy(package.pdf_path, target / "document.pdf")
            _atomic_write(target / "manifest.json", package.manifest_bytes())
        except FileNotFoundError as e:
            raise PermanentDeliveryError(f"The package's PDF is missing: {e.filename}") from e
        except PermissionError as e:
            raise PermanentDeliveryError(f"No permission to write to {target}.") from e
        except (NotADirectoryError, FileExistsError) as e:
            raise PermanentDeliveryError(
                f"The outbox path {self.root} is not a folder (a file is in the way)."
            ) from e
        except OSError as e:
            raise TransientDeliveryError(f"Could not write to {target}: {e.strerror}") from e
        return Receipt(
            delivery_id=package.delivery_id,
            connector=self.name,
            location=str(target),
            delivered_at=datetime.now(UTC),
        )

    def forget(self, location: str) -> bool:
        """Remove the package at a receipt's ``location`` (retention); True if anything went.

        Only ``<root>/<authority>/<document id>`` is touched, and only the files a delivery
        writes: a location outside the outbox (a changed root, a tampered receipt) or a file
        the provider put there is left alone.
        """
        root = self.root.resolve()
        target = Path(location).resolve()
        if target.parent.parent != root or not target.is_dir():
            return False
        removed = False
        for entry in target.iterdir():
            if entry.name in _PACKAGE_FILES or (
                entry.name.startswith(".") and entry.suffix == ".tmp"
            ):
                entry.unlink(missing_ok=True)
                removed = True
        with contextlib.suppress(OSError):  # the provider keeps something of its own there
            target.rmdir()
        return removed


_PACKAGE_FILES = frozenset({"document.pdf", "manifest.json"})


def _atomic_copy(src: Path, dst: Path) -> None:
    tmp = _tmp_name(dst)
    create_private_file(tmp)  # 0600 before any byte is written
    shutil.copyfile(src, tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, dst)


def _atomic_write(dst: Path, data: bytes) -> None:
    tmp = _tmp_name(dst)
    create_private_file(tmp)
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, dst)


def _tmp_name(dst: Path) -> Path:
    # Unique per writer: two workers delivering the same package never share a temp file.
    return dst.with_name(f".{dst.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
