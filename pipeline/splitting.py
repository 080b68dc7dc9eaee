"""Cutting a scanned batch into documents at intake (separator sheets, form first pages)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from .filetypes import PDF, TIFF
from .intake import IntakeResult
from .models import AuditEvent, Document
from .ports import BatchSplitter, FirstPageTest, TopText
from .storage import BlobStore, sha256_file

log = logging.getLogger(__name__)


def split_into_documents(
    session: Session,
    store: BlobStore,
    path: Path,
    result: IntakeResult,
    *,
    top_text: TopText | None,
    looks_like_first_page: FirstPageTest | None,
    work_dir: Path,
    split_batch: BatchSplitter,
) -> tuple[str, ...]:
    """Replace the batch's single document by one document per part; return all their ids.

    The original stays the submission's blob (nothing is lost); each part is stored as its own
    PDF or TIFF and becomes a document with its ``page_range`` in the batch.
    """
    (doc_id,) = result.document_ids
    doc = session.get(Document, doc_id)
    if doc is None or doc.media_type not in (PDF, TIFF) or (doc.page_count or 0) < 2:
        return result.document_ids
    with tempfile.TemporaryDirectory(prefix="aspa-split-", dir=work_dir) as tmp:
        parts = split_batch(
            path, Path(tmp), top_text=top_text, looks_like_first_page=looks_like_first_page
        )
        if len(parts) <= 1:
            return result.document_ids
        ids = []
        for i, part in enumerate(parts, start=1):
            key = f"parts/{sha256_file(part.path)}"
            if not store.exists(key):
                store.put_file(key, part.path, content_type=doc.media_type)
            if i == 1:
                target = doc
            else:
                target = Document(
                    submission_id=doc.submission_id,
                    state=doc.state,
                    media_type=doc.media_type,
                    hint=doc.hint,
                )
                session.add(target)
            target.part = i
            target.blob_key = key
            target.page_count = len(part.pages)
            target.page_range = part.page_range
            target.source_name = f"{doc.source_name or 'batch'}#{part.page_range}"
            session.flush()
            ids.append(target.id)
        session.add(
            AuditEvent(
                actor="system",
                action="split",
                document_id=doc.id,
                details={"parts": [p.page_range for p in parts]},
            )
        )
    log.info("submission %s split into %d documents", result.submission_id, len(ids))
    return tuple(ids)
