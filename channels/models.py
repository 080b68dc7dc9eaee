"""Tables of the intake channels (the lead's Alembic migration creates them).

``imap_cursors`` holds, per configured mailbox, the folder's UIDVALIDITY and the highest UID
whose attachments have been handed to the pipeline. It is committed after the submission and
before the mail is moved or flagged, so a restart neither loses nor repeats a mail (a crash
between submission and commit re-submits one mail, which the pipeline's SHA-256 dedupe absorbs).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pipeline.db import Base, UTCDateTime, utcnow


class ImapCursor(Base):
    __tablename__ = "imap_cursors"

    mailbox: Mapped[str] = mapped_column(String(100), primary_key=True)  # config name
    folder: Mapped[str] = mapped_column(String(200))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    processed_count: Mapped[int] = mapped_column(Integer, default=0)
    # The mail being processed and how often its processing has started without finishing
    # (the process died): a mail that keeps killing the poller is set aside (migration 0008).
    attempt_uid: Mapped[int | None] = mapped_column(BigInteger)
    attempt_count: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
