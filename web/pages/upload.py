"""The advisor's upload: the API's submission, answered in the advisor's language.

The page posts here instead of to ``/api/v1/submissions`` so that every result a person reads
is in their language: an error as words (with its code for support), and a re-sent file as an
"already received" notice under the name the advisor just chose. The intake itself is the same
call as the API's (:func:`channels.submit.submit_any`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from channels.submit import submit_any
from pipeline.incoming import IncomingFile, Submitted
from pipeline.intake import copy_stream_to_temp
from pipeline.models import Submission

from ..error_text import error_text
from ..i18n import gettext
from ..masking import mask_text
from ..templating import language_of
from ..timefmt import format_datetime
from ._common import AdvisorUser, db, queue

router = APIRouter(prefix="/advisor", include_in_schema=False)


@router.post("/upload")
async def upload(
    request: Request, user: AdvisorUser, files: Annotated[list[UploadFile], File()]
) -> JSONResponse:
    lang = language_of(request)
    q = queue(request)
    point = user.service_point or q.runtime.default_service_point
    outcomes: list[Submitted] = []
    for upload in files:
        tmp = await run_in_threadpool(copy_stream_to_temp, upload.file)
        try:
            incoming = IncomingFile(
                source=upload.filename or "upload",
                filename=upload.filename,
                channel="upload",
                service_point=point,
                submitted_by=user.username,
            )
            outcomes.extend(await run_in_threadpool(submit_any, q, tmp, incoming))
        finally:
            with contextlib.suppress(FileNotFoundError):
                Path(tmp).unlink()
    firsts = {f.duplicate_of for f in outcomes if f.duplicate_of}
    received: dict[str, Any] = {}
    if firsts:
        with db(request) as s:
            for sub in s.query(Submission).filter(Submission.id.in_(firsts)):
                received[sub.id] = sub.received_at
    out = []
    for f in outcomes:
        item: dict[str, Any] = {
            "filename": mask_text(f.filename or f.source or ""),
            "document_ids": list(f.document_ids),
            "notice": None,
            "error": None,
        }
        if f.duplicate_of:
            item["notice"] = gettext(
                lang,
                "Already received %(when)s; its present state is shown.",
                when=format_datetime(received.get(f.duplicate_of), lang),
            )
        if f.error_code:
            item["error"] = {
                "code": f.error_code,
                "words": error_text(lang, f.error_code, f.error_message),
            }
        out.append(item)
    return JSONResponse({"files": out}, status_code=202)
