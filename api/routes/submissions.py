"""Submitting files: ``POST /api/v1/submissions``."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile, status
from fastapi.concurrency import run_in_threadpool

from auth import CurrentUser, require_role
from auth.models import Role
from channels.submit import submit_any
from pipeline.incoming import IncomingFile
from pipeline.intake import copy_stream_to_temp

from ..deps import ActorDep, QueueDep
from ..limits import TooManyFilesError
from ..schemas import ErrorBody, SubmissionResponse, SubmittedFile

router = APIRouter(
    prefix="/api/v1/submissions",
    tags=["submissions"],
    dependencies=[Depends(require_role(Role.advisor, Role.operator, scope="submit"))],
)


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=SubmissionResponse)
async def create_submission(
    request: Request,
    queue: QueueDep,
    actor: ActorDep,
    user: CurrentUser,
    files: Annotated[
        list[UploadFile], File(description="Scans (PDF, PNG, JPEG, TIFF) or saved e-mails (.eml).")
    ],
    service_point: Annotated[str | None, Form(description="Service point id.")] = None,
    split: Annotated[
        bool, Form(description="Cut a scanned stack at separator sheets and form starts.")
    ] = False,
) -> SubmissionResponse:
    """Accept scans (PDF, PNG, JPEG, TIFF) or saved e-mails (.eml: one entry per attachment).

    Bad files are accepted too: they are kept in quarantine and reported with an error code.
    """
    # An advisor's scans belong to the advisor's own service point, whatever the form says.
    if user.role == Role.advisor and user.service_point:
        point = user.service_point
    else:
        point = service_point or queue.runtime.default_service_point
    limit = queue.runtime.limits.max_files
    if len(files) > limit:
        raise TooManyFilesError(
            f"{len(files)} files in one request; the limit is {limit}. Send them in smaller groups."
        )
    out: list[SubmittedFile] = []
    for upload in files:
        tmp = await run_in_threadpool(copy_stream_to_temp, upload.file)
        try:
            outcomes = await run_in_threadpool(
                submit_any,
                queue,
                tmp,
                IncomingFile(
                    source=upload.filename or "upload",
                    filename=upload.filename,
                    channel="upload",
                    service_point=point,
                    submitted_by=actor,
                ),
                split=split,
            )
        finally:
            with contextlib.suppress(FileNotFoundError):
                Path(tmp).unlink()
        out.extend(
            SubmittedFile(
                filename=o.filename,
                source=o.source,
                submission_id=o.submission_id,
                document_ids=list(o.document_ids),
                duplicate_of=o.duplicate_of,
                error=_error_body(request, o.error, user.language) if o.error else None,
            )
            for o in outcomes
        )
    return SubmissionResponse(service_point=point, files=out)


def _error_body(request: Request, error: dict[str, str], language: str) -> ErrorBody:
    """A refusal with its stable code and the message in the uploader's language (the web
    package, when installed, provides the catalogue lookup on ``app.state.localize_error``)."""
    code = error.get("code", "error")
    message = error.get("message", "")
    localize = getattr(request.app.state, "localize_error", None)
    if callable(localize):
        message = str(localize(language, code, message))
    return ErrorBody(code=code, message=message)
