"""A scanned stack of several customers' papers becomes one document per customer form.

Given a batch PDF of three customers' forms (with and without separator sheets),
when it is submitted with splitting on (as hot folders do),
then each part becomes its own document with its page range, is OCR'd and classified on its
own, and the original batch is kept whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pipeline.db import session_scope
from pipeline.incoming import IncomingFile
from pipeline.models import Document, Submission
from pipeline.queue import wait_for
from pipeline.service import submit_file
from tests.test_channels_splitting import customers, save_pdf, separator_scan

pytestmark = pytest.mark.slow


def _docs(rt: Any, ids: tuple[str, ...]) -> list[Document]:
    with session_scope(rt.session_factory) as s:
        docs = [s.get(Document, i) for i in ids]
        for d in docs:
            s.expunge(d)
        return docs  # type: ignore[return-value]


def test_separator_sheets_cut_the_batch(queue: Any, tmp_path: Path) -> None:
    rt = queue.runtime
    pages = []
    for i, form in enumerate(customers()):
        if i:
            pages.append(separator_scan(tmp_path, f"erä {i}"))
        pages.extend(form)
    batch = save_pdf(pages, tmp_path / "batch.pdf")
    sub = submit_file(
        queue,
        batch,
        IncomingFile(
            source="batch.pdf", filename="batch.pdf", channel="hotfolder", service_point="sp"
        ),
        split=True,
    )
    ids = sub.document_ids
    docs = _docs(rt, ids)
    assert [d.page_range for d in docs] == ["1-2", "4", "6-8"]
    assert [d.page_count for d in docs] == [2, 1, 3]
    with session_scope(rt.session_factory) as s:
        (submission,) = s.scalars(select(Submission))
        assert rt.store.exists(submission.blob_key)  # the whole batch is kept
    states = wait_for(rt, ids, timeout_s=240)
    assert all(st in ("delivered", "needs_review") for st in states.values()), states
    services = [d.service for d in _docs(rt, ids)]
    assert services == ["kela.asumistuki", "kela.tyottomyysturva", "kela.matkakorvaus"]


def test_without_separators_forms_first_pages_cut_the_batch(queue: Any, tmp_path: Path) -> None:
    rt = queue.runtime
    batch = save_pdf([p for form in customers() for p in form], tmp_path / "stack.pdf")
    sub = submit_file(
        queue,
        batch,
        IncomingFile(
            source="stack.pdf", filename="stack.pdf", channel="hotfolder", service_point="sp"
        ),
        split=True,
    )
    docs = _docs(rt, sub.document_ids)
    assert [d.page_range for d in docs] == ["1-2", "3", "4-6"]


def test_a_single_form_is_not_split(queue: Any, tmp_path: Path) -> None:
    form = customers()[2]
    batch = save_pdf(form, tmp_path / "one.pdf")
    sub = submit_file(
        queue,
        batch,
        IncomingFile(source="one.pdf", filename="one.pdf", channel="hotfolder", service_point="sp"),
        split=True,
    )
    (doc,) = _docs(queue.runtime, sub.document_ids)
    assert doc.page_range is None and doc.page_count == 3
