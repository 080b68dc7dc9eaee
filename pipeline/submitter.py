"""The bridge from intake channels (e-mail, IMAP, hot folders) to the pipeline."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from .incoming import IncomingFile, Submitted
from .queue import Queue
from .service import submit_file


class QueueSubmitter:
    """Implements ``channels.base.Submitter``: each file is taken in and its OCR enqueued."""

    def __init__(
        self, queue: Queue, *, submitted_by: str | None = None, split_batches: bool = False
    ) -> None:
        self.queue = queue
        self.submitted_by = submitted_by
        self.split_batches = split_batches

    def submit(self, data: bytes, file: IncomingFile) -> Submitted:
        fd, name = tempfile.mkstemp(prefix="aspa-ch-", dir=self.queue.runtime.work_dir)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            return submit_file(
                self.queue,
                Path(name),
                replace(file, submitted_by=self.submitted_by),
                split=self.split_batches,
            )
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
