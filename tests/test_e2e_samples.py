"""`aspa process --json` on the committed samples, through the real CLI, OCR and classifier.

Given the sample scans (clean, Swedish, skewed, upside down, rotated, photographed, born-digital,
multi-page) and one broken file per intake error code,
when they are processed in one `aspa process --json` run on the embedded default,
then every clean form reaches its authority and service, and every broken file gets a
`rejected` line with its own error code, and the command exits normally.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "generated"
EXPECTED: dict[str, dict[str, Any]] = json.loads((SAMPLES / "expected.json").read_text())


@pytest.fixture(scope="module")
def outcome(
    tmp_path_factory: pytest.TempPathFactory, trained_models: Path
) -> tuple[int, dict[str, dict[str, Any]]]:
    data = tmp_path_factory.mktemp("var")
    big = data / "broken_too_large.pdf"
    with open(big, "wb") as f:  # over the 50 MiB default limit; never committed
        f.write(b"%PDF-1.7\n")
        f.truncate(50 * 1024 * 1024 + 1)
    files = [*sorted(p for p in SAMPLES.iterdir() if p.name in EXPECTED), big]
    proc = subprocess.run(
        [sys.executable, "-m", "aspa.cli", "process", "--json", *map(str, files)],
        env={
            **os.environ,
            "ASPA_DATA_DIR": str(data),
            "ASPA_MODEL_DIR": str(trained_models),
            "OMP_THREAD_LIMIT": "1",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, {Path(line["source"]).name: line for line in lines}


def test_the_command_exits_normally_with_one_line_per_input(outcome: Any) -> None:
    rc, lines = outcome
    assert rc == 0
    assert set(lines) == set(EXPECTED)
    for line in lines.values():
        for key in (
            "source",
            "document_id",
            "status",
            "authority",
            "service",
            "confidence",
            "language",
            "pages",
            "text",
            "error",
        ):
            assert key in line


@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if e["rejected"]])
def test_broken_files_are_rejected_with_their_code(outcome: Any, name: str) -> None:
    line = outcome[1][name]
    assert line["status"] == "rejected"
    assert line["error"]["code"] == EXPECTED[name]["rejected"]
    assert line["error"]["message"]


@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if not e["rejected"]])
def test_forms_are_read_and_routed(outcome: Any, name: str) -> None:
    line, want = outcome[1][name], EXPECTED[name]
    assert line["error"] is None
    assert (line["authority"], line["service"]) == (want["authority"], want["service"])
    assert line["language"] == want["language"]
    assert line["pages"] == want["pages"]
    text = line["text"].casefold()
    missing = [w for w in want["contains"] if w.casefold() not in text]
    assert not missing, f"OCR lost {missing}"
    assert line["status"] in ("delivered", "needs_review")
    assert (line["model_version"] or "").startswith("tc-")  # the trained model took part


# The test model is the small one (50 examples a label); with the full model `aspa train` makes,
# every sample form is delivered without review (see README, "Classification").
@pytest.mark.parametrize(
    "name",
    [
        "kela_at1_asumistuki_fi.png",
        "vero_5010_verokortti_skewed.png",
        "vero_14a_kotitalousvahennys_digital.pdf",
    ],
)
def test_clean_forms_are_delivered_without_review(outcome: Any, name: str) -> None:
    assert outcome[1][name]["status"] == "delivered"
