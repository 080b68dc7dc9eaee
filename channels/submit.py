"""Submitting any input: a scan, or every attachment of a saved e-mail (recognised by its bytes).

Used by ``aspa process`` and ``POST /api/v1/submissions``; one :class:`Outcome` per input or
attachment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import AspaError
from pipeline.queue import Queue
from pipeline.service import submit_file
from pipeline.submitter import QueueSubmitter

from .email import looks_like_eml, submit_eml

__all__ = ["Outcome", "submit_any"]


@dataclass(frozen=True)
class Outcome:
    """What became of one input, or of one attachment of a mail (one ``--json`` line each)."""

    source: str
    filename: str | None
    submission_id: str | None
    document_ids: tuple[str, ...] = ()
    duplicate_of: str | None = None
    error: dict[str, str] | None = None


def submit_any(
    queue: Queue,
    path: Path,
    *,
    source: str,
    filename: str | None,
    channel: str,
    service_point: str,
    submitted_by: str | None = None,
    split: bool = False,
) -> list[Outcome]:
    """Submit a scan, or every attachment of a saved e-mail (recognised from its bytes).

    An attachment's source is ``SOURCE#<attachment name>``; a mail with nothing to process gives
    one outcome with its error (``no_attachments``, ``invalid_mail``).
    """
    with open(path, "rb") as f:
        head = f.read(8192)
    if not looks_like_eml(head):
        sub = submit_file(
            queue,
            path,
            source=source,
            filename=filename,
            channel=channel,
            service_point=service_point,
            submitted_by=submitted_by,
            split=split,
        )
        err = sub.result.error
        return [
            Outcome(
                source,
                filename,
                sub.result.submission_id,
                sub.result.document_ids,
                sub.result.duplicate_of,
                err.as_dict() if err else None,
            )
        ]
    submitter = QueueSubmitter(queue, submitted_by=submitted_by)
    try:
        parts = submit_eml(
            submitter,
            path.read_bytes(),
            path_label=source,
            service_point=service_point,
            channel="email",
        )
    except AspaError as err:
        return [Outcome(source, filename, None, error=err.as_dict())]
    by_source = {s.source: s.result for s in submitter.submitted}
    out = []
    for part in parts:
        result = by_source.get(part.source)
        err_dict = (
            {"code": part.error_code or "error", "message": part.error_message or ""}
            if not part.ok
            else (result.error.as_dict() if result and result.error else None)
        )
        out.append(
            Outcome(
                part.source,
                part.filename,
                result.submission_id if result else None,
                part.document_ids,
                result.duplicate_of if result else None,
                err_dict,
            )
        )
    return out
