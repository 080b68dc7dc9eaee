"""What arrives at intake and what became of it: :class:`IncomingFile` and :class:`Submitted`.

Every way in (``aspa process``, the upload API, e-mail, IMAP, hot folders, the samples) describes
a file by one :class:`IncomingFile` and gets one :class:`Submitted` back: the one outcome type
of a submitted file, from the intake through the channels to the ``--json`` line and the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AspaError


@dataclass(frozen=True)
class IncomingFile:
    """One file arriving, and where it came from (the file's bytes travel beside it)."""

    source: str  # what reports show: a path, ``mail.eml#liite.pdf``, ``imap:box/INBOX/7#a.pdf``
    filename: str | None
    channel: str  # cli | upload | sample | email | hotfolder
    service_point: str
    submitted_by: str | None = None
    hint: str | None = None  # text offered to classification (an e-mail's subject and body)
    sender: str | None = None  # the sender's address, if any
    group: str | None = None  # ties the files of one intake (one mail's attachments) together

    @property
    def meta(self) -> dict[str, object]:
        """What the submission records about where the file came from."""
        meta: dict[str, object] = {"source": self.source}
        if self.sender:
            meta["sender"] = self.sender
        if self.group:
            meta["group"] = self.group
        return meta


@dataclass(frozen=True)
class Submitted:
    """What became of one submitted file (one ``aspa process --json`` line, one API entry).

    ``document_ids`` is empty when the file never became a document (a channel refused it, or
    it was not found); a file the intake rejects still has its rejected document, and the
    rejection as ``error_code``/``error_message``.
    """

    source: str
    filename: str | None
    document_ids: tuple[str, ...] = ()
    error_code: str | None = None
    error_message: str | None = None
    submission_id: str | None = None
    duplicate_of: str | None = None

    @classmethod
    def refused(cls, source: str, filename: str | None, err: AspaError) -> Submitted:
        return cls(source, filename, error_code=err.code, error_message=err.message)

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def error(self) -> dict[str, str] | None:
        if self.error_code is None:
            return None
        return {"code": self.error_code, "message": self.error_message or ""}

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "filename": self.filename,
            "document_ids": list(self.document_ids),
            "error_code": self.error_code,
            "error_message": self.error_message,
        }
