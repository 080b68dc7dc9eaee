"""Hostile files at intake and through the pipeline (issue 11; tests/resources/hostile/README.md).

Bombs are refused from their headers before anything is decoded or rendered, with a stable
code, inside a memory bound measured in a separate process; active content never reaches the
delivered PDF.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hostile_cases import active_content_pdf, huge_image_pdf, tiff_bomb, tiny_png

from classifiers.base import Prediction
from pipeline.db import session_scope
from pipeline.errors import ImageTooLargeError, ImageTooSmallError, TooManyPixelsError
from pipeline.incoming import IncomingFile
from pipeline.intake import Limits, accept_file, inspect_file
from pipeline.models import Document, Submission
from pipeline.pdfsafe import active_content, sanitize_pdf
from pipeline.queue import wait_for
from pipeline.service import submit_file
from pipeline.storage import FolderStore

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_a_pdf_holding_one_40000px_image_is_refused_before_rendering(tmp_path: Path) -> None:
    with pytest.raises(ImageTooLargeError) as e:
        inspect_file(_write(tmp_path, "bomb.pdf", huge_image_pdf()), Limits())
    assert e.value.code == "image_too_large" and "40000 × 40000" in e.value.message


def test_a_tiff_of_100_pages_of_58_mpx_is_refused_from_its_headers(tmp_path: Path) -> None:
    data = tiff_bomb()
    assert len(data) < 500_000  # the 434 KB file, smaller still here
    with pytest.raises(TooManyPixelsError) as e:
        inspect_file(_write(tmp_path, "bomb.tif", data), Limits())
    assert e.value.code == "too_many_pixels"


def test_a_1x1_png_is_rejected_not_sent_to_review(tmp_path: Path) -> None:
    with pytest.raises(ImageTooSmallError) as e:
        inspect_file(_write(tmp_path, "dot.png", tiny_png()), Limits())
    assert e.value.code == "image_too_small"


def test_pillow_bomb_limit_is_not_switched_off_for_the_process(tmp_path: Path) -> None:
    from PIL import Image

    before = Image.MAX_IMAGE_PIXELS
    inspect_file(_write(tmp_path, "a.pdf", active_content_pdf()), Limits())
    with pytest.raises(TooManyPixelsError):
        inspect_file(_write(tmp_path, "bomb.tif", tiff_bomb(pages=20)), Limits())
    assert before == Image.MAX_IMAGE_PIXELS and before is not None


def test_an_oversize_file_is_refused_without_keeping_its_bytes(
    runtime: Any, tmp_path: Path
) -> None:
    big = _write(tmp_path, "big.pdf", b"%PDF-1.4\n" + b"0" * 3000)
    store = FolderStore(tmp_path / "objects")
    with session_scope(runtime.session_factory) as s:
        result = accept_file(
            s,
            store,
            big,
            filename="big.pdf",
            channel="upload",
            service_point="p",
            submitted_by="neuvoja",
            limits=Limits(max_bytes=1000),
        )
        sub = s.get(Submission, result.submission_id)
        assert result.error is not None and result.error.code == "too_large"
        # The quarantine record: hash, size, who, when - and no bytes
        assert sub is not None and len(sub.sha256) == 64 and sub.size_bytes == 3009
        assert sub.submitted_by == "neuvoja" and sub.received_at is not None
        assert sub.quarantined and sub.blob_key == ""
    assert not any(p.is_file() for p in (tmp_path / "objects").rglob("*"))


_MEASURE = """
import json, re, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
import hostile_cases
from pipeline.errors import InputError
from pipeline.intake import Limits, inspect_file

def peak_kb():
    # VmHWM is this process's own peak (reset by exec); ru_maxrss would include the size the
    # forking pytest process had.
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))

path = Path(sys.argv[2])
path.write_bytes(getattr(hostile_cases, sys.argv[1])())
before = peak_kb()
try:
    inspect_file(path, Limits())
    code = None
except InputError as e:
    code = e.code
after = peak_kb()
print(json.dumps({{"code": code, "maxrss_kb": after, "growth_kb": after - before}}))
"""


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("huge_image_pdf", "image_too_large"),
        ("tiff_bomb", "too_many_pixels"),
        ("tiny_png", "image_too_small"),
    ],
)
def test_bombs_are_refused_within_a_memory_bound(tmp_path: Path, case: str, code: str) -> None:
    # In a fresh process: peak RSS of the whole interpreter, and its growth during the check
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE.format(tests=str(TESTS)), case, str(tmp_path / "f")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    measured = json.loads(out.stdout.strip().splitlines()[-1])
    assert measured["code"] == code
    assert measured["growth_kb"] < 50 * 1024, measured  # the check itself: under 50 MB
    assert measured["maxrss_kb"] < 300 * 1024, measured  # the process, bombs built in: 300 MB


def test_sanitiser_removes_every_kind_of_active_content(tmp_path: Path) -> None:
    p = _write(tmp_path, "active.pdf", active_content_pdf())
    removed = sanitize_pdf(p)
    assert {"OpenAction", "AA", "JavaScript", "EmbeddedFiles", "Launch", "URI"} <= set(removed)
    assert active_content(p) == {}
    with pikepdf.open(p) as pdf:
        assert len(pdf.pages) == 1 and "/OpenAction" not in pdf.Root
        assert pdf.attachments == {} or len(pdf.attachments) == 0


def test_a_clean_pdf_is_left_byte_for_byte(tmp_path: Path) -> None:
    from _web_support import text_pdf

    data = text_pdf(["Kela AT 1"])
    p = _write(tmp_path, "clean.pdf", data)
    assert sanitize_pdf(p) == {} and p.read_bytes() == data


class RouteToKela:
    """A classifier that routes everything to Kela automatically."""

    version = "kela-always"

    def classify(self, text: str, *, hint: str | None = None) -> Prediction:
        return Prediction(
            authority="kela",
            service="kela.asumistuki",
            confidence=0.999,
            method="rules",
            automatic=True,
            language="fi",
        )


def _actions(pdf: pikepdf.Pdf) -> list[str]:
    """Every action type and active-content key left anywhere in the file."""
    found: list[str] = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in ("/OpenAction", "/AA", "/JavaScript", "/EmbeddedFiles", "/JS"):
                if key in obj:
                    found.append(key)
            for key in ("/A", "/Next"):
                if key in obj and isinstance(obj[key], pikepdf.Dictionary):
                    found.append(str(obj[key].get("/S")))
            if obj.get("/S") in ("/JavaScript", "/Launch", "/URI", "/SubmitForm"):
                found.append(str(obj.get("/S")))
    return found


def test_active_content_never_reaches_the_delivered_pdf(queue: Any, tmp_path: Path) -> None:
    # Given a customer's PDF with page-open JavaScript, a Launch of cmd.exe, a JavaScript link,
    # a URI link, additional actions and an embedded file
    rt = queue.runtime
    rt.set_classifier(RouteToKela())
    src = _write(tmp_path, "hakemus.pdf", active_content_pdf())
    with pikepdf.open(src) as original:
        assert _actions(original)  # the hostile file really carries them
    # When it goes through the whole pipeline
    sub = submit_file(
        queue,
        src,
        IncomingFile(source="x", filename="hakemus.pdf", channel="upload", service_point="p"),
    )
    (doc_id,) = sub.document_ids
    assert wait_for(rt, [doc_id], timeout_s=120)[doc_id] == "delivered"
    # Then the delivered document.pdf carries none of it, and still has its page and text
    delivered = rt.outbox_dir / "kela" / doc_id / "document.pdf"
    with pikepdf.open(delivered) as pdf:
        assert _actions(pdf) == []
        assert len(pdf.pages) == 1 and len(pdf.attachments) == 0
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and "AT 1" in (doc.text or "")


def test_the_time_budget_is_checked_between_pages_with_a_fake_clock() -> None:
    from pipeline.budget import TimeBudget, TimeBudgetExceededError

    now = [100.0]
    budget = TimeBudget(60, clock=lambda: now[0])
    budget(1, 3)  # within the budget
    now[0] = 161.0
    budget(3, 3)  # the last page: nothing left to stop
    with pytest.raises(TimeBudgetExceededError) as e:
        budget(2, 3)
    assert e.value.code == "time_budget_exceeded"


def test_a_document_over_its_time_budget_fails_with_a_stable_code(
    queue: Any, tmp_path: Path
) -> None:
    import dataclasses

    from pypdf import PdfReader, PdfWriter

    rt = queue.runtime
    rt.limits = dataclasses.replace(rt.limits, time_budget_s=-1.0)  # spent before it starts
    one = _write(tmp_path, "one.pdf", active_content_pdf())
    writer = PdfWriter()
    for _ in range(3):
        writer.add_page(PdfReader(one).pages[0])
    src = tmp_path / "three.pdf"
    with open(src, "wb") as f:
        writer.write(f)
    sub = submit_file(
        queue,
        src,
        IncomingFile(source="x", filename="three.pdf", channel="upload", service_point="p"),
    )
    (doc_id,) = sub.document_ids
    assert wait_for(rt, [doc_id], timeout_s=120)[doc_id] == "failed"
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.error_code == "time_budget_exceeded"
