"""Tables of the document pipeline.

A *submission* is one intake (one uploaded file, one e-mail, one scanner drop). It yields one or
more *documents*; each document has its OCR'd text, *classifications* (the machine's and any
person's), *deliveries* (one per provider it goes to) and *audit events*. Billable events live in
:mod:`billing.models`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base, UTCDateTime, new_id, utcnow
from .states import DeliveryState, DocState


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(20))  # upload | cli | email | hotfolder | scanner
    service_point: Mapped[str] = mapped_column(String(100))
    submitted_by: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(100))
    blob_key: Mapped[str] = mapped_column(String(200))
    quarantined: Mapped[bool] = mapped_column(default=False)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("submissions.id"))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    documents: Mapped[list[Document]] = relationship(
        back_populates="submission", foreign_keys="Document.submission_id"
    )


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    part: Mapped[int] = mapped_column(Integer, default=1)  # position within the submission
    source_name: Mapped[str | None] = mapped_column(String(500))
    blob_key: Mapped[str | None] = mapped_column(String(200))  # its original (or split part)
    state: Mapped[str] = mapped_column(String(20), default=DocState.received, index=True)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    media_type: Mapped[str | None] = mapped_column(String(100))
    page_count: Mapped[int | None] = mapped_column(Integer)
    page_range: Mapped[str | None] = mapped_column(String(50))  # e.g. "3-5" of a split batch
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)
    hint: Mapped[str | None] = mapped_column(Text)  # e.g. an e-mail's subject and body
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    pages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    pdf_key: Mapped[str | None] = mapped_column(String(200))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    authority: Mapped[str | None] = mapped_column(String(40), index=True)
    service: Mapped[str | None] = mapped_column(String(80))
    confidence: Mapped[float | None] = mapped_column(Float)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The runner holding the document's current stage, until when (see pipeline/claims.py);
    # when the sweeper last re-enqueued it (see pipeline/sweeper.py).
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When retention purged its personal data (pipeline/retention.py); set once, by one purge.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship(
        back_populates="documents", foreign_keys=[submission_id]
    )
    classifications: Mapped[list[Classification]] = relationship(
        back_populates="document", order_by="Classification.created_at"
    )
    deliveries: Mapped[list[Delivery]] = relationship(back_populates="document")

    __table_args__ = (Index("ix_documents_state_changed", "state", "state_changed_at"),)


class Classification(Base):
    __tablename__ = "classifications"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    authority: Mapped[str | None] = mapped_column(String(40))
    service: Mapped[str | None] = mapped_column(String(80))
    confidence: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(40))  # rules | model | rules+model | person
    model_version: Mapped[str | None] = mapped_column(String(80))
    decided_by: Mapped[str | None] = mapped_column(String(100))  # None = the machine
    automatic: Mapped[bool] = mapped_column(default=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="classifications")


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    authority: Mapped[str] = mapped_column(String(40), index=True)
    service: Mapped[str | None] = mapped_column(String(80))
    connector: Mapped[str] = mapped_column(String(40))
    # The routing round: 1 for the first routing, one more for each re-route or re-send after
    # a return. The round's deliveries are the document's current route until it is returned.
    round_no: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(20), default=DeliveryState.pending, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error_code: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str | None] = mapped_column(Text)
    retry_since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first failure of a run
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Takeovers from a runner that died sending it (see pipeline.steps.MAX_INTERRUPTIONS);
    # an operator's retry resets it (migration 0009).
    takeovers: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="deliveries")

    # One delivery per document, round and route: a re-run reuses it, it never adds a copy; a
    # re-route or re-send opens a new round (new id, so a new idempotency key at the provider).
    __table_args__ = (UniqueConstraint("document_id", "round_no", "authority", "connector"),)


class AuditEvent(Base):
    """Append-only record of who did what to which document. No route updates or deletes it."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))  # "system" or a user name
    action: Mapped[str] = mapped_column(String(60))
    document_id: Mapped[str | None] = mapped_column(String(32), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
