"""Folder and in-memory connectors, and the flaky wrapper."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from connectors.base import Receipt
from connectors.folder import FolderConnector
from connectors.memory import FlakyConnector, MemoryConnector
from pipeline.errors import PermanentDeliveryError, TransientDeliveryError
from tests.servers import MINIMAL_PDF, make_package


def test_folder_writes_pdf_then_manifest(tmp_path: Path) -> None:
    package = make_package(tmp_path / "in", delivery_id="d1", document_id="doc1")
    out = tmp_path / "outbox"

    receipt = FolderConnector(out, name="kela-folder").deliver(package)

    target = out / "kela" / "doc1"
    assert (target / "document.pdf").read_bytes() == MINIMAL_PDF
    assert json.loads((target / "manifest.json").read_text()) == package.manifest
    assert receipt.location == str(target)
    assert receipt.connector == "kela-folder"
    assert sorted(p.name for p in target.iterdir()) == ["document.pdf", "manifest.json"]


def test_folder_repeat_leaves_one_copy(tmp_path: Path) -> None:
    package = make_package(tmp_path / "in")
    c = FolderConnector(tmp_path / "outbox")
    c.deliver(package)
    c.deliver(package)
    files = sorted(
        str(p.relative_to(tmp_path / "outbox")) for p in (tmp_path / "outbox").rglob("*")
    )
    assert files == [
        "kela",
        "kela/doc0001",
        "kela/doc0001/document.pdf",
        "kela/doc0001/manifest.json",
    ]


def test_folder_missing_pdf_is_permanent(tmp_path: Path) -> None:
    package = make_package(tmp_path / "in")
    package.pdf_path.unlink()
    with pytest.raises(PermanentDeliveryError):
        FolderConnector(tmp_path / "outbox").deliver(package)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_folder_not_writable_is_permanent(tmp_path: Path) -> None:
    out = tmp_path / "outbox"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(PermanentDeliveryError):
            FolderConnector(out).deliver(make_package(tmp_path / "in"))
    finally:
        out.chmod(0o700)


def test_folder_root_is_a_file_is_permanent(tmp_path: Path) -> None:
    # A file where the outbox folder should be: retrying will not help, an operator must act.
    blocker = tmp_path / "outbox"
    blocker.write_bytes(b"")
    with pytest.raises(PermanentDeliveryError) as e:
        FolderConnector(blocker).deliver(make_package(tmp_path / "in"))
    assert isinstance(e.value.__cause__, OSError)


def test_memory_connector_is_idempotent(tmp_path: Path) -> None:
    c = MemoryConnector(name="demo")
    package = make_package(tmp_path)
    first = c.deliver(package)
    second = c.deliver(package)
    assert first.details["already_present"] is False
    assert second.details["already_present"] is True
    assert list(c.packages) == ["dlv0001"]
    stored = c.packages["dlv0001"]
    assert stored.pdf == MINIMAL_PDF
    assert stored.times_delivered == 2
    assert stored.sha256 == package.manifest["sha256"]
    assert c.for_document("doc0001") == [stored]


def test_flaky_connector_raises_in_order_then_delegates(tmp_path: Path) -> None:
    inner = MemoryConnector()
    flaky = FlakyConnector(
        inner,
        [TransientDeliveryError("down"), None, PermanentDeliveryError("refused")],
    )
    package = make_package(tmp_path)
    with pytest.raises(TransientDeliveryError):
        flaky.deliver(package)
    assert isinstance(flaky.deliver(package), Receipt)
    with pytest.raises(PermanentDeliveryError):
        flaky.deliver(package)
    flaky.deliver(package)
    assert flaky.calls == 4
    assert len(flaky.raised) == 2
    assert inner.attempts == 2
    assert flaky.name == "memory"


def test_flaky_after_delivery_loses_only_the_confirmation(tmp_path: Path) -> None:
    inner = MemoryConnector()
    flaky = FlakyConnector(inner, failures_after=[TransientDeliveryError("lost ack")])
    package = make_package(tmp_path)
    with pytest.raises(TransientDeliveryError):
        flaky.deliver(package)
    assert list(inner.packages) == ["dlv0001"]  # the provider already has it
    flaky.deliver(package)
    assert len(inner.packages) == 1
