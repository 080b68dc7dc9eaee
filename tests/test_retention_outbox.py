"""Retention reaches the folder outbox, and two purges at once record one purge (SQLite and
PostgreSQL): the seams of issue 11's retention that were left open."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _web_support import make_runtime, make_settings, seed_document
from sqlalchemy import select

from connectors.base import DeliveryPackage
from connectors.folder import FolderConnector
from pipeline.db import session_scope
from pipeline.models import AuditEvent, Delivery, Document
from pipeline.retention import RetentionPolicy, purge_documents


@pytest.fixture(params=["sqlite", "postgresql"])
def rt(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    settings = make_settings(tmp_path / "var")
    if request.param == "postgresql":
        url = request.getfixturevalue("fresh_pg_database")
        settings = settings.model_copy(update={"database_url": url})
    runtime = make_runtime(settings)
    yield runtime
    runtime.engine.dispose()


def _deliver_to_outbox(rt: Any, doc: dict[str, str]) -> Path:
    """Deliver the seeded document's PDF with the runtime's own folder route."""
    connector = rt.routing.route("folder").build()
    with rt.store.local_copy(f"documents/{doc['document_id']}/document.pdf") as pdf:
        package = DeliveryPackage(
            delivery_id=doc["delivery_id"],
            document_id=doc["document_id"],
            authority="kela",
            service="kela.asumistuki",
            pdf_path=pdf,
            manifest={"document_id": doc["document_id"]},
        )
        receipt = connector.deliver(package)
    with session_scope(rt.session_factory) as s:
        row = s.get(Delivery, doc["delivery_id"])
        assert row is not None
        row.receipt = receipt.as_dict()
    return Path(receipt.location)


def _purged_rows(rt: Any, doc_id: str) -> list[AuditEvent]:
    with session_scope(rt.session_factory) as s:
        rows = s.scalars(
            select(AuditEvent).where(
                AuditEvent.document_id == doc_id, AuditEvent.action == "purged"
            )
        ).all()
        s.expunge_all()
        return list(rows)


def test_the_purge_removes_the_package_from_the_folder_outbox(rt: Any) -> None:
    # Given a delivered document whose package waits in the folder outbox, past its retention
    doc = seed_document(rt, state="delivered", delivery="delivered", age=timedelta(days=100))
    package = _deliver_to_outbox(rt, doc)
    assert (package / "document.pdf").exists() and (package / "manifest.json").exists()
    # And a newer one whose package must stay
    keep = seed_document(rt, state="delivered", delivery="delivered", age=timedelta(days=5))
    kept = _deliver_to_outbox(rt, keep)
    # When the purge runs with the runtime's routing
    done = purge_documents(rt.session_factory, rt.store, RetentionPolicy(90), routing=rt.routing)
    # Then the old package is gone from the outbox and the audit row says so
    assert [p.document_id for p in done] == [doc["document_id"]]
    assert not package.exists()
    assert "outbox" in done[0].removed
    (row,) = _purged_rows(rt, doc["document_id"])
    assert "outbox" in row.details["removed"]
    assert (kept / "document.pdf").exists()


def test_a_receipt_pointing_outside_the_outbox_is_left_alone(rt: Any, tmp_path: Path) -> None:
    # Given a tampered receipt that points at a folder outside the outbox
    victim = tmp_path / "elsewhere" / "kela" / "x"
    victim.mkdir(parents=True)
    (victim / "document.pdf").write_bytes(b"not ours")
    doc = seed_document(rt, state="delivered", delivery="delivered", age=timedelta(days=100))
    with session_scope(rt.session_factory) as s:
        row = s.get(Delivery, doc["delivery_id"])
        assert row is not None
        row.receipt = {"location": str(victim), "connector": "folder"}
    done = purge_documents(rt.session_factory, rt.store, RetentionPolicy(90), routing=rt.routing)
    # Then the document is purged but the file outside the outbox stays
    assert [p.document_id for p in done] == [doc["document_id"]]
    assert "outbox" not in done[0].removed
    assert (victim / "document.pdf").read_bytes() == b"not ours"


def test_the_folder_connector_keeps_what_the_provider_put_in_the_package_folder(
    tmp_path: Path,
) -> None:
    connector = FolderConnector(tmp_path / "outbox")
    target = tmp_path / "outbox" / "kela" / "d1"
    target.mkdir(parents=True)
    for name in ("document.pdf", "manifest.json", "provider-receipt.txt"):
        (target / name).write_text(name)
    (target / ".document.pdf.123.abcd.tmp").write_text("half")
    assert connector.forget(str(target)) is True
    assert sorted(p.name for p in target.iterdir()) == ["provider-receipt.txt"]
    assert connector.forget(str(tmp_path / "outbox" / "kela")) is False  # not a package folder
    assert connector.forget(str(tmp_path / "outbox" / "kela" / "gone")) is False


def test_two_purges_at_once_record_one_purge(rt: Any) -> None:
    # Given a due document and two purges that both plan it before either writes
    doc = seed_document(rt, state="rejected", age=timedelta(days=100))["document_id"]
    barrier = threading.Barrier(2, timeout=20)
    store = rt.store

    class MeetingStore:
        """The runtime's store, but each purge waits for the other before its first delete."""

        def __init__(self) -> None:
            self.met = threading.local()

        def delete(self, key: str) -> None:
            if not getattr(self.met, "done", False):
                self.met.done = True
                barrier.wait()
            store.delete(key)

    meeting = MeetingStore()
    reports: list[int] = []
    errors: list[BaseException] = []

    def purge() -> None:
        try:
            done = purge_documents(rt.session_factory, meeting, RetentionPolicy(90))  # type: ignore[arg-type]
            reports.append(len(done))
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=purge) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    # Then both deleted, but exactly one recorded the purge
    assert sorted(reports) == [0, 1]
    assert len(_purged_rows(rt, doc)) == 1
    with session_scope(rt.session_factory) as s:
        row = s.get(Document, doc)
        assert row is not None and row.purged_at is not None and row.text is None
