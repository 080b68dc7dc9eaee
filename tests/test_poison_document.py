"""A document (or a delivery) that kills the process working on it must not do so forever.

When a runner dies holding a document's stage (SIGKILL, the OOM killer, a crash in a C
library on a crafted file), its claim lapses and the next runner takes the document over;
without a limit a poison document would take down every worker, or the embedded service, in
a loop. After three runners died on it, the document is set aside as ``failed`` with
``processing_interrupted``, where an operator sees it and may retry it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from pipeline import deliveries, steps
from pipeline.db import session_scope
from pipeline.models import Document
from pipeline.states import DocState
from tests._rows import add_document

# A runner that classifies the document and dies in the middle of it (the whole process).
DIES = """
import os, signal, sys
from aspa.bootstrap import build_runtime
from pipeline.settings import Settings
from pipeline import steps

class Killer:
    def classify(self, text, hint=None):
        os.kill(os.getpid(), signal.SIGKILL)

rt = build_runtime(Settings(_env_file=None))
rt.set_classifier(Killer())
steps.run_classify(rt, sys.argv[1])
"""


def _document(rt: Any) -> str:
    with session_scope(rt.session_factory) as s:
        doc = add_document(s, state=DocState.ocr_done, text="Kela AT 1", page_count=1)
        return str(doc.id)


def _die_on(settings: Any, doc_id: str) -> int:
    env = {
        **os.environ,
        "ASPA_DATA_DIR": str(settings.data_dir),
        "ASPA_ENVIRONMENT": "test",
        "ASPA_CLAIM_LEASE_S": "0.3",
    }
    proc = subprocess.run([sys.executable, "-c", DIES, doc_id], env=env, timeout=120)
    time.sleep(0.4)  # the dead runner's claim lapses
    return proc.returncode


def _row(rt: Any, doc_id: str) -> tuple[str, str | None, int]:
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        return str(doc.state), doc.error_code, doc.attempts


def test_a_document_that_killed_three_runners_is_set_aside(runtime: Any, settings: Any) -> None:
    doc_id = _document(runtime)
    for _ in range(3):
        assert _die_on(settings, doc_id) == -9  # SIGKILL, in the middle of classification
        assert _row(runtime, doc_id)[0] == "ocr_done"  # taken over next time
    # The fourth runner does not run it again: it sets the document aside.
    runtime.set_classifier(_NotAsked())
    assert steps.run_classify(runtime, doc_id) == []
    assert _row(runtime, doc_id) == ("failed", "processing_interrupted", 3)
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and "interrupted 3 times" in (doc.error_message or "")


def test_one_death_is_taken_over_and_the_next_runner_finishes(runtime: Any, settings: Any) -> None:
    from _web_support import ReviewClassifier

    doc_id = _document(runtime)
    assert _die_on(settings, doc_id) == -9
    runtime.set_classifier(ReviewClassifier())
    steps.run_classify(runtime, doc_id)
    assert _row(runtime, doc_id) == ("needs_review", None, 1)  # one takeover, then done


def test_an_operator_retry_of_a_set_aside_document_counts_anew(runtime: Any) -> None:
    doc_id = _document(runtime)
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        doc.state, doc.error_code, doc.attempts = DocState.failed, "processing_interrupted", 3
        doc.pdf_key = f"documents/{doc_id}/document.pdf"  # OCR had finished: classify again
    queue = _Queue(runtime)
    assert deliveries.requeue_document(queue, doc_id, actor="operaattori") == "classify"  # type: ignore[arg-type]
    assert _row(runtime, doc_id) == ("ocr_done", None, 0) and len(queue.sent) == 1


class _NotAsked:
    def classify(self, text: str, hint: str | None = None) -> Any:
        raise AssertionError("a document set aside was classified")


class _Queue:
    def __init__(self, runtime: Any) -> None:
        self.runtime, self.sent = runtime, list[Any]()

    def send(self, work: Any) -> None:
        self.sent.append(work)

    def enqueue_delivery(self, delivery_id: str) -> None:
        self.sent.append(delivery_id)


# A runner that sends a delivery and dies while the provider is being called.
DIES_SENDING = """
import os, signal, sys
from aspa.bootstrap import build_runtime
from connectors.routing import fixed_routing
from pipeline.settings import Settings
from pipeline import steps

class Killer:
    name = "killer"

    def deliver(self, package):
        os.kill(os.getpid(), signal.SIGKILL)

rt = build_runtime(Settings(_env_file=None))
rt._routing = fixed_routing(Killer(), name="folder")  # the route the delivery was made for
steps.run_delivery(rt, sys.argv[1])
"""


def test_a_delivery_that_killed_three_runners_goes_to_the_dead_letters(
    runtime: Any, settings: Any
) -> None:
    from connectors.memory import MemoryConnector
    from connectors.routing import fixed_routing
    from pipeline.models import Delivery
    from tests.test_delivery_flow import ready_document

    doc_id, (delivery_id,) = ready_document(runtime)
    env = {
        **os.environ,
        "ASPA_DATA_DIR": str(settings.data_dir),
        "ASPA_ENVIRONMENT": "test",
        "ASPA_CLAIM_LEASE_S": "0.3",
    }
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-c", DIES_SENDING, delivery_id], env=env)
        assert proc.returncode == -9
        time.sleep(0.4)
    memory = MemoryConnector()
    runtime._routing = fixed_routing(memory, name="folder")
    assert steps.run_delivery(runtime, delivery_id) == []
    with session_scope(runtime.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        assert (d.state, d.last_error_code) == ("dead", "processing_interrupted")
    assert memory.attempts == 0  # not sent a fourth time
    assert _row(runtime, doc_id)[:2] == ("failed", "processing_interrupted")
    # The operator retries it once the cause is found: the count starts again and it goes out
    queue = _Queue(runtime)
    deliveries.retry_delivery(queue, delivery_id, actor="operaattori")  # type: ignore[arg-type]
    steps.run_delivery(runtime, delivery_id)
    assert memory.attempts == 1
    with session_scope(runtime.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None and d.state == "delivered" and not d.takeovers
