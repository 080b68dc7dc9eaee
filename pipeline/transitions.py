"""Moving a document through its state machine, with the audit record every move leaves."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .db import utcnow
from .errors import AspaError
from .models import AuditEvent, Document
from .states import DocState, check_transition


def move(session: Session, doc: Document, target: DocState, *, actor: str = "system") -> None:
    """Change a document's state through the state machine, with an audit record."""
    previous = doc.state
    doc.state = check_transition(doc.state, target)
    if target == DocState.ocr_done:
        # Runners that died count per stage (steps.MAX_INTERRUPTIONS): OCR is behind it now,
        # and a poison document dies in the same stage every time.
        doc.attempts = 0
    doc.state_changed_at = utcnow()
    session.add(
        AuditEvent(
            actor=actor, action=f"state:{target}", document_id=doc.id, details={"from": previous}
        )
    )


def fail(session: Session, doc: Document, err: AspaError) -> None:
    move(session, doc, DocState.failed)
    doc.error_code, doc.error_message = err.code, err.message
