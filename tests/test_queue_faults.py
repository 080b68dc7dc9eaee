"""A bug or an outage in a stage: retried with backoff, then parked with a code, never lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from classifiers.base import Prediction
from pipeline.db import session_scope
from pipeline.incoming import IncomingFile
from pipeline.models import Document
from pipeline.queue import wait_for
from pipeline.service import submit_file

SCAN = (
    Path(__file__).resolve().parent.parent / "samples" / "generated" / "kela_at1_asumistuki_fi.png"
)


class CrashingClassifier:
    """Fault injection: a classifier with a bug (fails every time)."""

    version = "crashing-1"

    def __init__(self) -> None:
        self.calls = 0

    def classify(self, text: str, *, hint: str | None = None) -> Prediction:
        self.calls += 1
        raise RuntimeError("bug in the classifier")


@pytest.mark.slow
def test_a_crashing_stage_is_retried_then_parked(queue: Any) -> None:
    rt = queue.runtime
    crashing = CrashingClassifier()
    rt.set_classifier(crashing)
    sub = submit_file(
        queue,
        SCAN,
        IncomingFile(source="x", filename="kela.png", channel="upload", service_point="sp"),
    )
    (doc_id,) = sub.document_ids
    states = wait_for(rt, [doc_id], timeout_s=60)
    assert states[doc_id] == "failed"
    assert crashing.calls == 4  # the first try and three retries
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.error_code == "internal_error"
        assert doc.text  # the OCR result is kept: a retry starts from classification
