"""The advisor's upload: the API's submission, answered in the advisor's language.

The page posts here instead of to ``/api/v1/submissions`` so that every result a person reads
is in their language: an error as words (with its code for support), and a re-sent file as an
"already received" notice under the name the advisor just chose.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse

from api.routes.submissions import create_submission
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
    body = await create_submission(queue(request), user.username, user, files)
    firsts = {f.duplicate_of for f in body.files if f.duplicate_of}
    received: dict[str, Any] = {}
    if firsts:
        with db(request) as s:
            for sub in s.query(Submission).filter(Submission.id.in_(firsts)):
                received[sub.id] = sub.received_at
    out = []
    for f in body.files:
        item: dict[str, Any] = {
            "filename": mask_text(f.filename or f.source or ""),
            "document_ids": f.document_ids,
            "notice": None,
            "error": None,
        }
        if f.duplicate_of:
            item["notice"] = gettext(
                lang,
                "Already received %(when)s; its present state is shown.",
                when=format_datetime(received.get(f.duplicate_of), lang),
            )
        if f.error:
            item["error"] = {
                "code": f.error.code,
                "words": error_text(lang, f.error.code, f.error.message),
            }
        out.append(item)
    return JSONResponse({"files": out}, status_code=202)
