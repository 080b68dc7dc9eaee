"""``aspa bench --only startup``: what a command costs before it does any work.

Each command runs as a child process, side by side with ``python -c pass``; the figure is the
CPU time (user + system) of the child, from ``resource.getrusage(RUSAGE_CHILDREN)``, the best
of ``repeat`` runs (CPU time, not wall time, so that a loaded machine does not distort it).
Targets: ``aspa --help`` ≤ 0.5 s, ``aspa process`` of a file it rejects ≤ 1.2 s.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

TARGETS_S = {"help": 0.5, "process_rejected": 1.2}


def child_cpu_seconds(argv: list[str], *, env: dict[str, str], repeat: int) -> float:
    """The least CPU time (user + system) of ``repeat`` runs of ``argv`` as a child process."""
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, spent)
    return best


def bench_startup(*, repeat: int = 5) -> dict[str, Any]:
    """CPU seconds of ``aspa --help`` and of ``aspa process`` on an empty file, with ratios."""
    with tempfile.TemporaryDirectory(prefix="aspa-startup-") as tmp:
        empty = Path(tmp) / "empty.pdf"
        empty.touch()
        env = dict(os.environ, ASPA_DATA_DIR=str(Path(tmp) / "var"), ASPA_BROKER_URL="")
        aspa = [sys.executable, "-m", "aspa.cli"]
        # The first run creates the database; it is not what is measured.
        child_cpu_seconds([*aspa, "process", str(empty)], env=env, repeat=1)
        base = child_cpu_seconds([sys.executable, "-c", "pass"], env=env, repeat=repeat)
        figures = {
            "help": child_cpu_seconds([*aspa, "--help"], env=env, repeat=repeat),
            "process_rejected": child_cpu_seconds(
                [*aspa, "process", "--json", str(empty)], env=env, repeat=repeat
            ),
        }
    return {
        "python_pass_cpu_s": round(base, 3),
        **{
            name: {
                "cpu_s": round(s, 3),
                "ratio_to_python_pass": round(s / base, 1) if base > 0 else None,
                "target_cpu_s": TARGETS_S[name],
                "within_target": s <= TARGETS_S[name],
            }
            for name, s in figures.items()
        },
    }


def format_startup(report: dict[str, Any]) -> str:
    base = report["python_pass_cpu_s"]
    lines = [f"python -c pass           {base:6.3f} s CPU"]
    for name, label in (("help", "aspa --help"), ("process_rejected", "aspa process (rejected)")):
        r = report[name]
        mark = "ok" if r["within_target"] else "OVER"
        lines.append(
            f"{label:<24} {r['cpu_s']:6.3f} s CPU  {r['ratio_to_python_pass']:>6}x python  "
            f"(target ≤ {r['target_cpu_s']} s: {mark})"
        )
    return "\n".join(lines)
