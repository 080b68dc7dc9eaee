"""Submitting any input: a scan, or every attachment of a saved e-mail (recognised by its bytes).

Used by ``aspa process`` and ``POST /api/v1/submissions``; one :class:`Submitted` per input or
attachment.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import AspaError
from pipeline.incoming import IncomingFile, Submitted
from pipeline.queue import Queue
from pipeline.service import submit_file
from pipeline.submitter import QueueSubmitter

from .email import looks_like_eml, submit_eml

__all__ = ["submit_any"]


def submit_any(
    queue: Queue, path: Path, file: IncomingFile, *, split: bool = False
) -> list[Submitted]:
    """Submit a scan, or every attachment of a saved e-mail (recognised from its bytes).

    An attachment's source is ``SOURCE#<attachment name>``; a mail with nothing to process gives
    one outcome with its error (``no_attachments``, ``invalid_mail``).
    """
    with open(path, "rb") as f:
        head = f.read(8192)
    # A saved mail over the upload limit is refused like any oversize file (not parsed, bytes
    # not kept): an 86 MB .eml must not take the server's memory.
    oversize = path.stat().st_size > queue.runtime.limits.max_bytes
    if oversize or not looks_like_eml(head):
        return [submit_file(queue, path, file, split=split)]
    submitter = QueueSubmitter(queue, submitted_by=file.submitted_by)
    try:
        return submit_eml(
            submitter,
            path.read_bytes(),
            path_label=file.source,
            service_point=file.service_point,
            channel="email",
        )
    except AspaError as err:
        if err.transient:
            raise  # the broker or the database is down: the caller answers 503 or tries again
        return [Submitted.refused(file.source, file.filename, err)]
