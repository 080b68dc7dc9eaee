"""OCR worker processes end with the process that started them, however that one ends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# A process that starts the OCR pool (fork server, resource tracker, one worker with its
# engine), reports the worker's pid and then ends the way the test asks.
_PROGRAM = """
import os, signal, sys
from pipeline.ocr import OcrContext, _pool
ctx = OcrContext(workers=1, memory_limit_mb=1024)
print(_pool.run(ctx, os.getpid), flush=True)
how = sys.argv[1]
if how == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
elif how == "os_exit":
    os._exit(0)
elif how == "term":
    os.kill(os.getpid(), signal.SIGTERM)
"""

# Long enough for a loaded machine; the loop ends as soon as the processes are gone.
_PATIENCE_SECONDS = 30.0


def _in_group(pgid: int) -> list[int]:
    """Live processes of process group ``pgid`` (zombies count as gone)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = (Path("/proc") / entry / "stat").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(b")", 1)[1].split()
        if fields[0] != b"Z" and int(fields[2]) == pgid:
            pids.append(int(entry))
    return pids


def _left_behind(pgid: int) -> list[int]:
    deadline = time.monotonic() + _PATIENCE_SECONDS
    while (left := _in_group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:  # do not leave them behind for the next tests either
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.parametrize("how", ["normal", "os_exit", "term", "kill"])
def test_no_ocr_process_outlives_its_parent(how: str) -> None:
    # Given a process (a session and process group of its own) that ran a page job
    proc = subprocess.Popen(
        [sys.executable, "-c", _PROGRAM, how],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    assert worker != proc.pid
    # When it ends (at exit, by os._exit, by SIGTERM or by SIGKILL)
    code = proc.wait()
    assert (
        code == {"normal": 0, "os_exit": 0, "term": -signal.SIGTERM, "kill": -signal.SIGKILL}[how]
    )
    # Then its worker, fork server and resource tracker are gone too
    assert _left_behind(proc.pid) == []


def test_ocr_workers_do_not_import_code_from_the_folder_aspa_runs_in(tmp_path: Path) -> None:
    # Hostile case: `aspa process` run from a folder that holds a `pipeline/` (a hot folder, a
    # download folder). The fork server of the OCR workers is started as `python -c`, which
    # would put that folder first on its module path and run the planted code in every worker.
    import json

    here = tmp_path / "folder"
    (here / "pipeline").mkdir(parents=True)
    marker = tmp_path / "planted-code-ran"
    (here / "pipeline" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    scan = ROOT / "samples" / "generated" / "kela_at1_asumistuki_fi.png"
    env = {**os.environ, "ASPA_DATA_DIR": str(tmp_path / "data"), "OMP_THREAD_LIMIT": "1"}
    env.pop("ASPA_MODEL_DIR", None)
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("aspa")), "process", "--json", "--no-text", str(scan)],
        cwd=here, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert not marker.exists()
    outcome = json.loads(proc.stdout.splitlines()[0])
    assert outcome["status"] != "failed" and outcome["pages"] == 1, proc.stderr[-500:]


@pytest.mark.parametrize(("missing", "code"), [(False, 0), (True, 2)])
def test_aspa_process_leaves_quickly_with_its_outcomes_and_its_workers_stopped(
    tmp_path: Path, missing: bool, code: int
) -> None:
    # `aspa process` ends by os._exit after its work (aspa/cli/_exit.py): the outcome lines
    # are flushed, the exit status is the command's, and no OCR process is left behind.
    scan = ROOT / "samples" / "generated" / "kela_at1_asumistuki_fi.png"
    args = [str(scan), *([str(tmp_path / "no-such.png")] if missing else [])]
    env = dict(os.environ, ASPA_DATA_DIR=str(tmp_path / "var"), ASPA_BROKER_URL="")
    proc = subprocess.Popen(
        [sys.executable, "-m", "aspa.cli", "process", "--json", "--no-text", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == code
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["status"] != "rejected" for line in lines] == [True, *([False] if missing else [])]
    assert _left_behind(proc.pid) == []
