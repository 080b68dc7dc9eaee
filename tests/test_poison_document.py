"""A document (or a delivery) that kills the process working on it must not do so forever.

When a runner dies holding a document's stage (SIGKILL, the OOM killer, a crash in a C
library on a crafted file), its claim lapses and the next runner takes the document over;
without a limit a poison document would take down every worker, or the embedded service, in
a loop. After three runners died on it, the document is set aside as ``failed`` with
``processing_interrupted``, where an operator sees it and may retry it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from typing import Any

import pytest

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

    def send_all(self, works: Any) -> None:
        self.sent.extend(works)

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


# --- the database away is not a runner dying (found by the chaos test: a document that met a
# kill in OCR, a kill in classification and a database cut longer than the lease was set aside)


class _DatabaseDown:
    """A session factory whose database refuses every connection."""

    def __call__(self) -> Any:
        from sqlalchemy.exc import OperationalError

        raise OperationalError("SELECT 1", {}, Exception("connection refused"))


class _OutageClassifier:
    """Classification during which the database went away (the stage fails as an outage)."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime

    def classify(self, text: str, hint: str | None = None) -> Any:
        from sqlalchemy.exc import OperationalError

        self.runtime.claims.session_factory = _DatabaseDown()  # nor can the claim be given up
        raise OperationalError("UPDATE", {}, Exception("server closed the connection"))


def _short_leases(runtime: Any) -> None:
    runtime.claims.lease_s = 0.3


def test_a_claim_this_process_could_not_give_up_is_not_a_runner_that_died(runtime: Any) -> None:
    from _web_support import ReviewClassifier
    from sqlalchemy.exc import OperationalError

    _short_leases(runtime)
    doc_id = _document(runtime)
    # Given a classification that failed because the database went away: the claim stays
    # behind (it cannot be released) and lapses
    healthy = runtime.claims.session_factory
    runtime.set_classifier(_OutageClassifier(runtime))
    try:
        steps.run_classify(runtime, doc_id)
    except OperationalError:
        pass
    else:
        raise AssertionError("the outage was not raised to the queue's retries")
    runtime.claims.session_factory = healthy
    time.sleep(0.4)
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.claimed_by  # left behind, lapsed
    # When the retry comes back to the same process, it takes the document without counting a
    # runner's death: nobody died
    runtime.set_classifier(ReviewClassifier())
    steps.run_classify(runtime, doc_id)
    assert _row(runtime, doc_id) == ("needs_review", None, 0)


def test_a_claim_left_behind_by_an_outage_is_given_up_when_the_database_is_back(
    runtime: Any,
) -> None:
    from sqlalchemy.exc import OperationalError

    doc_id = _document(runtime)
    healthy = runtime.claims.session_factory
    runtime.set_classifier(_OutageClassifier(runtime))
    with contextlib.suppress(OperationalError):
        steps.run_classify(runtime, doc_id)
    runtime.claims.session_factory = healthy
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.claimed_by  # still claimed (lease 30 s)
    # The keeper's next round (the database answers again) gives it up, so another process
    # takes it at once and does not take it for a dead runner's after the lease
    runtime.claims.renew()
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.claimed_by is None and doc.attempts == 0


def test_the_keeper_retries_soon_while_the_database_is_away(runtime: Any) -> None:
    # A keeper that missed a renewal tries again after a tenth of the lease, not a third: the
    # claims of a live process are renewed as soon as the database answers, before another
    # process can take them for a dead runner's.
    from pipeline.claims import Claims
    from pipeline.models import Document as Doc

    doc_id = _document(runtime)
    calls: list[float] = []
    healthy = runtime.session_factory

    def flaky() -> Any:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return _DatabaseDown()()
        return healthy()

    claims = Claims(flaky, lease_s=6.0)  # type: ignore[arg-type]
    with session_scope(healthy) as s:
        doc = s.get(Doc, doc_id)
        assert doc is not None
        claims.take(doc)
    started = time.monotonic()
    claims.start()
    try:
        deadline = time.monotonic() + 10
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        claims.stop()
    assert len(calls) >= 2
    assert calls[0] - started == pytest.approx(2.0, abs=0.9)  # a third of the lease
    assert calls[1] - calls[0] < 1.4  # a tenth of it (0.6 s) after the failed round, not 2 s
    with session_scope(healthy) as s:
        doc = s.get(Doc, doc_id)
        assert doc is not None and doc.claimed_until is not None  # renewed once it answered


def test_interruptions_are_counted_per_stage(runtime: Any, settings: Any) -> None:
    from _web_support import ReviewClassifier

    from pipeline.incoming import IncomingFile
    from pipeline.service import submit_file
    from tests.test_outages import DIGITAL_PDF

    # Given a document whose OCR runners died twice (the third one finishes its OCR)
    (doc_id,) = submit_file(
        _Queue(runtime),  # type: ignore[arg-type]
        DIGITAL_PDF,
        IncomingFile(str(DIGITAL_PDF), DIGITAL_PDF.name, "upload", "sp"),
    ).document_ids
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        doc.attempts = 2
    steps.run_ocr(runtime, doc_id)
    assert _row(runtime, doc_id) == ("ocr_done", None, 0)  # a stage done: counted anew
    # When a runner then dies in classification, that is the first death there, not the third
    assert _die_on(settings, doc_id) == -9
    runtime.set_classifier(ReviewClassifier())
    steps.run_classify(runtime, doc_id)
    assert _row(runtime, doc_id) == ("needs_review", None, 1)


def test_a_claim_that_lapsed_while_the_database_was_away_waits_for_its_live_runner(
    runtime: Any,
) -> None:
    # Given a document whose claim another process holds, lapsed (that process is alive, but
    # could not renew while the database was away: the chaos run's 8 s cut with 4 s leases set
    # a healthy document aside as "interrupted" when a taker beat the keeper's renewal)
    from sqlalchemy.exc import OperationalError

    from pipeline import retry
    from pipeline.db import utcnow
    from pipeline.retry import RetryLater

    doc_id = _document(runtime)
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        doc.claimed_by = "other-host:4242:abcd:1"
        doc.claimed_until = utcnow()
    time.sleep(0.05)
    # When this process has just met the outage too, then it waits: no takeover, no count
    assert retry.is_outage(OperationalError("SELECT", {}, Exception("connection refused")))
    with pytest.raises(RetryLater):
        steps.run_classify(runtime, doc_id)
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.claimed_by == "other-host:4242:abcd:1"
        assert doc.attempts == 0
    # and once a lease has passed without an outage, the lapse is a runner that died
    retry.forget_outages()
    from _web_support import ReviewClassifier

    runtime.set_classifier(ReviewClassifier())
    steps.run_classify(runtime, doc_id)
    assert _row(runtime, doc_id) == ("needs_review", None, 1)
