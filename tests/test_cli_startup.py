"""The CLI imports what its command needs: ``aspa --help`` and a rejected file stay light.

Not timed (the machine is shared): the figures come from ``aspa bench --only startup``. These
tests check what makes them small, the modules a command loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs `aspa ARGS...` in this process and writes the names of the loaded modules to OUT.
CHILD = """
import atexit, json, runpy, sys
out, args = sys.argv[1], sys.argv[2:]
sys.argv = ["aspa", *args]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
runpy.run_module("aspa.cli", run_name="__main__", alter_sys=True)
"""


def run_cli(
    tmp_path: Path, *args: str, **extra_env: str
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    out = tmp_path / "modules.json"
    env = dict(os.environ, ASPA_DATA_DIR=str(tmp_path / "var"), ASPA_BROKER_URL="", **extra_env)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(out), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc, set(json.loads(out.read_text()))


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_help_loads_no_plugin_and_no_heavy_library(tmp_path: Path) -> None:
    proc, modules = run_cli(tmp_path, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "billing" in proc.stdout and "users" in proc.stdout  # the lazy groups are listed
    heavy = {"spacy", "fastapi", "starlette", "argon2", "sqlalchemy", "dramatiq", "alembic"}
    plugins = {"classifiers", "billing", "channels", "connectors", "auth", "api", "web"}
    assert tops(modules) & (heavy | plugins) == set()


def test_a_rejected_file_loads_neither_spacy_nor_fastapi(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.touch()
    proc, modules = run_cli(tmp_path, "process", "--json", str(empty))
    line = json.loads(proc.stdout.splitlines()[0])
    assert (line["status"], line["error"]["code"]) == ("rejected", "empty_file")
    assert tops(modules) & {"spacy", "fastapi", "starlette", "argon2", "classifiers"} == set()
    # PDF text layers are read only for PDF documents: pdfplumber (and pdfminer under it)
    # is imported there, not by every start of the command or of the OCR fork server.
    assert tops(modules) & {"pdfplumber", "pdfminer"} == set()


@pytest.mark.slow
def test_processing_a_scan_with_a_model_loads_no_spacy(
    tmp_path: Path, trained_models: Path
) -> None:
    # Fields come from a port of spaCy's tokenizer, the bag-of-words model from its weights.
    from classifiers.testing import small_model

    model_dir = trained_models
    scan = ROOT / "samples" / "generated" / "kela_at1_asumistuki_fi.png"
    proc, modules = run_cli(
        tmp_path, "process", "--json", "--no-text", str(scan), ASPA_MODEL_DIR=str(model_dir)
    )
    line = json.loads(proc.stdout.splitlines()[0])
    assert line["model_version"] and line["model_version"].endswith(small_model().version)
    assert line["service"] == "kela.asumistuki"
    assert tops(modules) & {"spacy", "thinc", "srsly", "fastapi", "starlette", "argon2"} == set()
    # A clean run tells the advisor nothing on stderr: no library's chatter ("pikepdf C++ to
    # Python logger bridge initialized" came at INFO with every scan)
    assert " INFO " not in proc.stderr, proc.stderr


def test_a_group_is_imported_when_it_is_used(tmp_path: Path) -> None:
    proc, modules = run_cli(tmp_path, "billing", "--help")
    assert proc.returncode == 0, proc.stderr
    assert "settle" in proc.stdout
    assert "billing.cli" in modules
