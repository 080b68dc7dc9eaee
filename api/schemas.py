"""Public request and response bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable error code.")
    message: str = Field(description="What went wrong and what to do.")


class SubmittedFile(BaseModel):
    filename: str | None
    source: str | None = Field(default=None, description="The file, or FILE#attachment.")
    submission_id: str | None
    document_ids: list[str]
    duplicate_of: str | None = None
    error: ErrorBody | None = None


class SubmissionResponse(BaseModel):
    service_point: str
    files: list[SubmittedFile]


class FieldView(BaseModel):
    kind: str
    value: str = Field(description="Masked value.")


class DeliveryView(BaseModel):
    id: str
    authority: str
    connector: str
    state: str = Field(
        description="A delivery state: pending, sending, retrying, delivered, "
        "acknowledged, dead, returned or withdrawn."
    )
    round: int = Field(default=1, description="1, then one more per routing after a return.")
    attempts: int
    error: str | None = None


class DocumentView(BaseModel):
    document_id: str
    submission_id: str
    status: str = Field(description="delivered | needs_review | rejected | failed | processing")
    state: str
    authority: str | None
    service: str | None
    destination: str | None = Field(
        default=None,
        description="The provider routing uses for the service on the day the document was "
        "received (a service may have changed provider, e.g. TE services to the municipality).",
    )
    confidence: float | None
    method: str | None
    model_version: str | None
    language: str | None
    pages: int | None
    ocr_confidence: float | None
    service_point: str | None
    received_at: str | None
    fields: list[FieldView]
    deliveries: list[DeliveryView]
    error: ErrorBody | None
    text: str | None = None
