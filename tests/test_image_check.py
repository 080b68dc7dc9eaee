"""deploy/image_check.py, the judge of the image's build-time check, judged itself.

Given outcome lines like `aspa process --json` prints and the samples' expected.json,
when a line is right, wrong in one field, or missing,
then the report says ok, names the field, or names the missing file, and the exit status
follows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from deploy.image_check import check, main

EXPECTED_FILE = Path(__file__).resolve().parent.parent / "samples" / "generated" / "expected.json"
EXPECTED: dict[str, dict[str, Any]] = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
FORM = "kela_at1_asumistuki_fi.png"
BROKEN = "broken_encrypted.pdf"


def good_form() -> dict[str, Any]:
    want = EXPECTED[FORM]
    return {
        "source": f"/tmp/samples/{FORM}",
        "status": "delivered",
        "authority": want["authority"],
        "service": want["service"],
        "language": want["language"],
        "pages": want["pages"],
        "text": " ".join(want["contains"]),
        "error": None,
        "model_version": "tc-123",
    }


def good_rejection() -> dict[str, Any]:
    return {
        "source": BROKEN,
        "status": "rejected",
        "error": {"code": "encrypted_pdf", "message": "…"},
    }


def test_right_outcomes_pass() -> None:
    report = check([good_form(), good_rejection()], EXPECTED, [FORM, BROKEN])
    assert report == [f"ok {FORM}: kela.asumistuki delivered", f"ok {BROKEN}: encrypted_pdf"]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"service": "kela.toimeentulotuki"}, "service 'kela.toimeentulotuki'"),
        ({"language": "sv"}, "language 'sv'"),
        ({"status": "failed"}, "status 'failed'"),
        ({"text": "Kela"}, "OCR lost"),
        ({"model_version": "rules"}, "the trained model took no part"),
    ],
)
def test_one_wrong_field_fails_and_is_named(change: dict[str, Any], said: str) -> None:
    (line,) = check([{**good_form(), **change}], EXPECTED, [FORM])
    assert line.startswith(f"FAILED {FORM}") and said in line


def test_a_rejection_with_another_code_fails() -> None:
    bad = {**good_rejection(), "error": {"code": "corrupt_file"}}
    (line,) = check([bad], EXPECTED, [BROKEN])
    assert "error code 'corrupt_file', expected 'encrypted_pdf'" in line


def test_a_file_without_a_line_fails(tmp_path: Path) -> None:
    out = tmp_path / "outcomes.jsonl"
    out.write_text(json.dumps(good_form()) + "\n", encoding="utf-8")
    args = ["--expected", str(EXPECTED_FILE), "--files", FORM, BROKEN, "--", str(out)]
    assert main(args) == 1
    out.write_text("", encoding="utf-8")
    assert main(["--expected", str(EXPECTED_FILE), str(out)]) == 1
    out.write_text(json.dumps(good_form()) + "\n", encoding="utf-8")
    assert main(["--expected", str(EXPECTED_FILE), "--files", FORM, "--", str(out)]) == 0
