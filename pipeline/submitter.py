"""The bridge from intake channels (e-mail, IMAP, hot folders) to the pipeline."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import deque
from pathlib import Path

from .queue import Queue
from .service import Submitted, submit_file


class QueueSubmitter:
    """Implements ``channels.base.Submitter``: each file is taken in and its OCR enqueued.

    Every submission is also kept in :attr:`submitted` so that a caller such as
    ``aspa process`` can report one line per document.
    """

    def __init__(
        self, queue: Queue, *, submitted_by: str | None = None, split_batches: bool = False
    ) -> None:
        self.queue = queue
        self.submitted_by = submitted_by
        self.split_batches = split_batches
        # The latest submissions, for reports such as `aspa process`; bounded for services.
        self.submitted: deque[Submitted] = deque(maxlen=10_000)

    def submit(
        self,
        *,
        data: bytes,
        filename: str,
        channel: str,
        service_point: str,
        source: str,
        hint: str | None = None,
        sender: str | None = None,
        group: str | None = None,
    ) -> list[str]:
        fd, name = tempfile.mkstemp(prefix="aspa-ch-", dir=self.queue.runtime.work_dir)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            meta: dict[str, object] = {"source": source}
            if sender:
                meta["sender"] = sender
            if group:
                meta["group"] = group
            sub = submit_file(
                self.queue,
                Path(name),
                source=source,
                filename=filename,
                channel=channel,
                service_point=service_point,
                submitted_by=self.submitted_by,
                hint=hint,
                meta=meta,
                split=self.split_batches,
            )
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
        self.submitted.append(sub)
        return list(sub.result.document_ids)
