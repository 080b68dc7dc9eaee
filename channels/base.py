"""The hand-over from an intake channel to the pipeline.

Every channel (an ``.eml`` file, an IMAP mailbox, a scanner's hot folder, a split batch) ends in
one call: :meth:`Submitter.submit` with the bytes of one file. The pipeline's intake implements
it (type sniffing, limits, quarantine, SHA-256 dedupe, Submission/Document rows); the channels
never touch those tables. :class:`RecordingSubmitter` is a real in-memory implementation for
tests and dry runs: it keeps every call and, like the pipeline, answers a repeated file (same
service point and SHA-256) with the document ids it gave the first time.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from pipeline.db import new_id
from pipeline.incoming import IncomingFile, Submitted


@runtime_checkable
class Submitter(Protocol):
    """Takes one file from a channel into the pipeline."""

    def submit(self, data: bytes, file: IncomingFile) -> Submitted:
        """Store one file and create its submission; return what became of it.

        Args:
            data: The file's bytes.
            file: Where it came from: a sanitised file name (no path separators or control
                characters), the channel (``email``, ``hotfolder``), the service point, the
                ``source`` the CLI prints (e.g. ``mail.eml#liite.pdf``), the hint offered to
                classification, the sender and the group of one intake (one mail's attachments).

        Raises:
            pipeline.errors.InputError: The file is refused (the channel records the outcome
                and goes on with the next file).
            pipeline.errors.AspaError: With ``transient`` set, the channel retries later.
        """
        ...


@dataclass(frozen=True)
class SubmitCall:
    """One call recorded by :class:`RecordingSubmitter`."""

    data: bytes
    filename: str
    channel: str
    service_point: str
    source: str
    hint: str | None
    sender: str | None
    group: str | None
    sha256: str
    document_ids: tuple[str, ...]
    duplicate: bool


@dataclass
class RecordingSubmitter:
    """An in-memory :class:`Submitter`: records calls, dedupes by SHA-256 like the pipeline.

    Thread-safe, so concurrent hot-folder watchers can share one.

    Attributes:
        calls: Every call in order, duplicates included.
        dedupe: When true (the default), a file whose SHA-256 was seen before gets the same
            document ids back and is marked ``duplicate``.
    """

    dedupe: bool = True
    calls: list[SubmitCall] = field(default_factory=list)
    _by_hash: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def submit(self, data: bytes, file: IncomingFile) -> Submitted:
        digest = hashlib.sha256(data).hexdigest()
        key = f"{file.service_point}:{digest}"  # like the pipeline: per service point
        with self._lock:
            known = self._by_hash.get(key) if self.dedupe else None
            ids = known if known is not None else (new_id(),)
            self._by_hash.setdefault(key, ids)
            self.calls.append(
                SubmitCall(
                    data=data,
                    filename=file.filename or "",
                    channel=file.channel,
                    service_point=file.service_point,
                    source=file.source,
                    hint=file.hint,
                    sender=file.sender,
                    group=file.group,
                    sha256=digest,
                    document_ids=ids,
                    duplicate=known is not None,
                )
            )
            return Submitted(file.source, file.filename, ids)

    @property
    def unique(self) -> list[SubmitCall]:
        """The first call for each distinct file (what the pipeline keeps)."""
        with self._lock:
            return [c for c in self.calls if not c.duplicate]

    @property
    def document_ids(self) -> set[str]:
        with self._lock:
            return {i for c in self.calls for i in c.document_ids}
