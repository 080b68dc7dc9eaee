"""Rows for tests that start a story in the middle: a document in a given state, no intake."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def add_document(
    s: Session, *, submitted_by: str | None = "neuvoja1", size: int = 1, **fields: Any
) -> Any:
    """A document of its own upload (``fields``: its columns); flushed, not committed."""
    from pipeline.db import new_id
    from pipeline.models import Document, Submission

    sub = Submission(
        channel="upload",
        service_point="sp-mikkeli",
        sha256=new_id() * 2,
        size_bytes=size,
        blob_key=f"originals/{new_id()}",
        submitted_by=submitted_by,
    )
    s.add(sub)
    s.flush()
    doc = Document(submission_id=sub.id, **fields)
    s.add(doc)
    s.flush()
    return doc
