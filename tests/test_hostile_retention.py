"""Retention (issue 11): originals, text and PDFs purged a set time after the final state;
ledger and audit trail kept; one audit row per purge; dry run changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _web_support import HETU, make_runtime, make_settings, seed_document
from sqlalchemy import select

from pipeline.db import session_scope, utcnow
from pipeline.models import AuditEvent, Document, Submission
from pipeline.retention import RetentionPolicy, purge_documents


@pytest.fixture
def rt(tmp_path: Path) -> Any:
    return make_runtime(make_settings(tmp_path / "var"))


def _doc(rt: Any, doc_id: str) -> Document:
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        s.expunge(doc)
        return doc


def _actions(rt: Any, doc_id: str) -> list[str]:
    with session_scope(rt.session_factory) as s:
        return list(s.scalars(select(AuditEvent.action).where(AuditEvent.document_id == doc_id)))


def test_due_documents_lose_their_personal_data_and_keep_their_trail(rt: Any) -> None:
    # Given documents in several states and ages
    old = seed_document(
        rt,
        state="delivered",
        delivery="delivered",
        age=timedelta(days=100),
        filename=f"{HETU}_hakemus.pdf",
    )["document_id"]
    recent = seed_document(rt, state="delivered", delivery="delivered", age=timedelta(days=10))[
        "document_id"
    ]
    review = seed_document(rt, state="needs_review", age=timedelta(days=400))["document_id"]
    rejected = seed_document(rt, state="rejected", age=timedelta(days=91))["document_id"]
    policy = RetentionPolicy(default_days=90)
    # A dry run lists what is due and changes nothing
    due = purge_documents(rt.session_factory, rt.store, policy, dry_run=True)
    assert sorted(p.document_id for p in due) == sorted([old, rejected])
    assert _doc(rt, old).text and "purged" not in _actions(rt, old)
    # When the purge runs
    done = purge_documents(rt.session_factory, rt.store, policy, actor="cli")
    assert sorted(p.document_id for p in done) == sorted([old, rejected])
    # Then the due documents' text, fields, PDF and original are gone; names are masked
    for doc_id in (old, rejected):
        doc = _doc(rt, doc_id)
        assert doc.text is None and doc.fields == [] and doc.pdf_key is None
        assert not rt.store.exists(f"documents/{doc_id}/document.pdf")
    assert HETU not in (_doc(rt, old).source_name or "")
    # And each has exactly one audit row saying what was removed; earlier rows stay
    with session_scope(rt.session_factory) as s:
        row = s.scalar(
            select(AuditEvent).where(AuditEvent.document_id == old, AuditEvent.action == "purged")
        )
        assert row is not None and row.actor == "cli"
        assert set(row.details["removed"]) == {"original", "pdf", "text"}
        assert row.details["retention_days"] == 90
    assert _actions(rt, old)[0] == "state:delivered"
    # The others are untouched, and a second run finds nothing
    assert _doc(rt, recent).text and _doc(rt, review).text
    assert rt.store.exists(f"documents/{recent}/document.pdf")
    assert purge_documents(rt.session_factory, rt.store, policy) == []
    assert _actions(rt, old).count("purged") == 1


def test_the_clock_starts_at_acknowledgement_and_can_differ_per_authority(rt: Any) -> None:
    from pipeline.models import Delivery

    kela = seed_document(rt, state="delivered", delivery="delivered", age=timedelta(days=40))
    seed_document(
        rt, state="delivered", delivery="delivered", age=timedelta(days=40), authority="vero"
    )
    acked = seed_document(rt, state="delivered", delivery="delivered", age=timedelta(days=95))
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, acked["delivery_id"])
        assert d is not None
        d.acknowledged_at = utcnow() - timedelta(days=20)  # acknowledged late
    policy = RetentionPolicy.parse(90, "kela=30")
    done = {p.document_id for p in purge_documents(rt.session_factory, rt.store, policy)}
    assert done == {kela["document_id"]}  # vero keeps 90 days; the late ack restarted the clock


def test_bytes_shared_with_a_kept_document_stay(rt: Any, tmp_path: Path) -> None:
    # Given two documents made from the same original (same bytes at two service points)
    a = seed_document(rt, state="rejected", age=timedelta(days=100))["document_id"]
    b = seed_document(rt, state="needs_review", age=timedelta(days=100))["document_id"]
    rt.store.put_bytes("originals/shared", b"%PDF-1.4 shared")
    with session_scope(rt.session_factory) as s:
        for doc_id in (a, b):
            doc = s.get(Document, doc_id)
            assert doc is not None
            doc.blob_key = "originals/shared"
            sub = s.get(Submission, doc.submission_id)
            assert sub is not None
            sub.blob_key = "originals/shared"
    purge_documents(rt.session_factory, rt.store, RetentionPolicy(90))
    assert rt.store.exists("originals/shared")  # b still needs it
    assert _doc(rt, a).text is None


def test_aspa_purge_command_and_old_corrections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from aspa.cli import app
    from classifiers.feedback import CORRECTIONS_FILE, record_correction

    data = tmp_path / "var"
    monkeypatch.setenv("ASPA_DATA_DIR", str(data))
    monkeypatch.setenv("ASPA_ENVIRONMENT", "test")
    rt = make_runtime(make_settings(data))
    old = seed_document(rt, state="rejected", age=timedelta(days=120))["document_id"]
    feedback = data / "feedback"
    record_correction(feedback, text="uusi", service_id="kela.asumistuki", user="n")
    path = feedback / CORRECTIONS_FILE
    stale = json.dumps(
        {"text": "vanha", "label": "none", "user": "n", "at": "2020-01-01T00:00:00+00:00"}
    )
    path.write_text(stale + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    dry = runner.invoke(app, ["purge", "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.output.strip().splitlines()[-1])
    assert [d["document_id"] for d in report["documents"]] == [old] and report["corrections"] == 1
    assert "vanha" in path.read_text(encoding="utf-8")
    done = runner.invoke(app, ["purge"])
    assert done.exit_code == 0 and "purged 1 documents, 1 corrections" in done.output
    assert "vanha" not in path.read_text(encoding="utf-8") and "uusi" in path.read_text()
    assert _actions(rt, old).count("purged") == 1


def test_a_malformed_retention_setting_is_refused_at_start() -> None:
    from pydantic import ValidationError

    from pipeline.settings import Settings

    with pytest.raises(ValidationError):
        Settings(retention_days_by_authority="kela:30", _env_file=None)  # type: ignore[call-arg]
    ok = Settings(retention_days_by_authority="kela=30, vero=365", _env_file=None)  # type: ignore[call-arg]
    assert RetentionPolicy.parse(90, ok.retention_days_by_authority).days_for("vero") == 365
