"""What `aspa serve` does when it starts: recover unfinished work, run the intake channels.

Given documents that a crashed process left half-way, and a scanner hot folder configured,
when the service starts,
then the unfinished documents are finished and a scan dropped in the folder is processed.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.db import session_scope
from pipeline.incoming import IncomingFile
from pipeline.models import Document, Submission
from pipeline.queue import setup_queue, wait_for
from pipeline.service import submit_file

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "generated"


def test_unfinished_documents_are_recovered_at_start(settings: Any, runtime: Any) -> None:
    from aspa.app import create_app

    # Given a document taken in by a process that died before its worker ran
    dead = setup_queue(runtime, "")  # no worker: the message is lost with the process
    sub = submit_file(
        dead,
        SAMPLES / "kela_at1_asumistuki_fi.png",
        IncomingFile(source="x", filename="kela.png", channel="upload", service_point="sp"),
    )
    dead.stop()
    (doc_id,) = sub.document_ids
    with session_scope(runtime.session_factory) as s:
        assert s.get(Document, doc_id).state == "received"  # type: ignore[union-attr]
    # When the service starts
    with TestClient(create_app(settings, runtime=runtime)):
        states = wait_for(runtime, [doc_id], timeout_s=120)
    # Then the document is finished
    assert states[doc_id] == "delivered"


def test_hot_folder_runs_inside_the_service(settings: Any, runtime: Any, tmp_path: Path) -> None:
    from aspa.app import create_app

    inbox = tmp_path / "scanner"
    inbox.mkdir()
    config = tmp_path / "channels.yaml"
    config.write_text(
        "hotfolders:\n"
        "  - name: mikkeli-skanneri\n"
        f"    path: {inbox}\n"
        "    service_point: mikkeli-asiointipiste\n"
        "    stable_checks: 2\n"
        "    settle_seconds: 0.2\n"
        "    min_age_seconds: 0\n"
    )
    settings = settings.model_copy(update={"channels_file": config})
    with TestClient(create_app(settings, runtime=runtime)):
        shutil.copy(SAMPLES / "vero_5010_verokortti_skewed.png", inbox / "scan-0001.png")
        deadline = time.monotonic() + 60
        doc_ids: list[str] = []
        while not doc_ids and time.monotonic() < deadline:
            time.sleep(0.5)
            with session_scope(runtime.session_factory) as s:
                doc_ids = list(
                    s.scalars(
                        select(Document.id)
                        .join(Submission)
                        .where(Submission.channel == "hotfolder")
                    )
                )
        assert doc_ids, "the hot folder was not picked up"
        states = wait_for(runtime, doc_ids, timeout_s=120)
    assert list(states.values()) == ["delivered"]
    with session_scope(runtime.session_factory) as s:
        (sub,) = s.scalars(select(Submission).where(Submission.channel == "hotfolder"))
        assert sub.service_point == "mikkeli-asiointipiste"
    # The scan was moved aside under a claimed name: nothing is left to take twice.
    assert not (inbox / "scan-0001.png").exists()
    assert [p.name.endswith("__scan-0001.png") for p in (inbox / "processed").iterdir()] == [True]
