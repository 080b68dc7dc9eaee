"""Building the web app for tests: a runtime on a temp SQLite file, users and seeded documents.

The real OCR and routing run (the default routing delivers to the folder outbox); the
classifier is a stand-in that sends every document to review, so the advisor's decision is what
routes it and the journeys do not depend on the model's confidence.
"""

from __future__ import annotations

import io
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

PASSWORD = "correct horse battery"
SERVICE_POINT = "mikkeli-asiointipiste"
HETU = "131052-308T"

USERS = {
    # username: (role, service_point, authority, language)
    "neuvoja": ("advisor", SERVICE_POINT, None, "fi"),
    "radgivare": ("advisor", "parainen-asiointipiste", None, "sv"),
    "kela1": ("provider", None, "kela", "fi"),
    "vero1": ("provider", None, "vero", "fi"),
    "operaattori": ("operator", None, None, "en"),
    "talous": ("finance", None, None, "fi"),
    "admin": ("admin", None, None, "en"),
}


# --- a PDF with a real text layer, written by hand ----------------------------------------------


def text_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF whose text layer holds ``lines`` (Latin-1, Helvetica)."""
    content = ["BT", "/F1 14 Tf", "60 780 Td", "18 TL"]
    for line in lines:
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content.append(f"({esc}) Tj T*")
    content.append("ET")
    stream = zlib.compress("\n".join(content).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


FORM_LINES = [
    "Kela - Hakemus - Yleinen asumistuki",
    "AT 1 01.24",
    "1. Hakijan tiedot",
    f"Henkilotunnus {HETU}",
    "Osoite Mikkelintie 1, 50100 Mikkeli",
]


# --- a classifier that leaves the decision to the advisor ---------------------------------------


class ReviewClassifier:
    """Suggests Kela's housing allowance at 62 % and never routes automatically."""

    version = "test-review-1"

    def classify(self, text: str, *, hint: str | None = None) -> Any:
        from classifiers.base import ExtractedField, Prediction

        fields = (ExtractedField("henkilotunnus", HETU, "131052-****"),) if HETU in text else ()
        return Prediction(
            authority="kela",
            service="kela.asumistuki",
            confidence=0.62,
            method="rules",
            automatic=False,
            model_version=self.version,
            language="fi",
            fields=fields,
        )


# --- runtime, app, users, documents -------------------------------------------------------------


def make_settings(data_dir: Path) -> Any:
    from pipeline.settings import Settings

    return Settings(
        data_dir=data_dir,
        environment="test",
        ocr_workers=1,
        embedded_workers=2,
        secret_key="test-secret-key-for-the-web-tests",  # type: ignore[arg-type]
        _env_file=None,
    )  # type: ignore[call-arg]


def make_runtime(settings: Any) -> Any:
    """A runtime on a fresh database migrated to the newest schema (users included)."""
    from aspa.bootstrap import build_runtime
    from aspa.migrate import upgrade

    rt = build_runtime(settings)
    upgrade(rt.engine)
    rt.set_classifier(ReviewClassifier())
    return rt


def build_app(settings: Any, rt: Any) -> Any:
    from aspa.app import create_app

    app = create_app(settings, runtime=rt)
    assert app.state.web_installed, "create_app() must call web.install()"
    return app


def add_users(rt: Any) -> None:
    from auth import create_user
    from pipeline.db import session_scope

    with session_scope(rt.session_factory) as s:
        for name, (role, point, authority, lang) in USERS.items():
            create_user(
                s,
                username=name,
                password=PASSWORD,
                role=role,
                service_point=point,
                authority=authority,
                language=lang,
                display_name=name.title(),
            )


def seed_document(
    rt: Any,
    *,
    state: str = "needs_review",
    service_point: str = SERVICE_POINT,
    authority: str = "kela",
    service: str = "kela.asumistuki",
    delivery: str | None = None,  # delivered | dead | returned | None
    error_code: str | None = None,
    filename: str = "asumistuki.pdf",
    age: timedelta = timedelta(minutes=5),
) -> dict[str, str]:
    """Put a processed document (and its PDF) into the database directly, without OCR."""
    from classifiers.base import ExtractedField  # noqa: F401 - only checks the import works
    from pipeline.db import new_id, session_scope, utcnow
    from pipeline.models import AuditEvent, Classification, Delivery, Document, Submission

    pdf = text_pdf(FORM_LINES)
    doc_id = new_id()
    key = f"documents/{doc_id}/document.pdf"
    rt.store.put_bytes(key, pdf, content_type="application/pdf")
    now = utcnow()
    out = {"document_id": doc_id}
    with session_scope(rt.session_factory) as s:
        sub = Submission(
            channel="upload",
            service_point=service_point,
            submitted_by="neuvoja",
            received_at=now - age,
            filename=filename,
            sha256=new_id() * 2,
            size_bytes=len(pdf),
            media_type="application/pdf",
            blob_key=key,
        )
        s.add(sub)
        s.flush()
        doc = Document(
            id=doc_id,
            submission_id=sub.id,
            source_name=filename,
            blob_key=key,
            state=state,
            state_changed_at=now - age,
            created_at=now - age,
            media_type="application/pdf",
            page_count=1,
            language="fi",
            text="\n".join(FORM_LINES),
            pdf_key=key,
            authority=authority,
            service=service,
            confidence=0.62,
            error_code=error_code,
            fields=[{"kind": "henkilotunnus", "value": HETU, "masked": "131052-****"}],
        )
        s.add(doc)
        s.add(
            Classification(
                document_id=doc_id,
                authority=authority,
                service=service,
                confidence=0.62,
                method="rules",
                automatic=False,
            )
        )
        s.add(AuditEvent(actor="system", action=f"state:{state}", document_id=doc_id))
        if delivery is not None:
            d = Delivery(
                document_id=doc_id,
                authority=authority,
                service=service,
                connector="folder",
                state=delivery,
                attempts=1,
            )
            if delivery in ("delivered", "returned"):
                d.delivered_at = now - age / 2
            if delivery == "dead":
                d.attempts, d.last_error_code = 6, "delivery_permanent"
                d.last_error = "The provider refused the delivery; an operator must act."
            s.add(d)
            s.flush()
            out["delivery_id"] = d.id
    return out


def document_state(rt: Any, document_id: str) -> str:
    from pipeline.db import session_scope
    from pipeline.models import Document

    with session_scope(rt.session_factory) as s:
        return str(s.scalar(select(Document.state).where(Document.id == document_id)))
