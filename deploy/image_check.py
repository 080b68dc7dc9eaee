"""Assert that ``aspa process --json`` lines match the samples' expectations (the image check).

Run by the Dockerfile's ``check`` stage inside the image, with the image's own python3 and no
third-party import, so it proves the installed ``aspa`` rather than this checkout:

    aspa process --json a.png b.pdf > outcomes.jsonl
    python3 image_check.py --expected samples/generated/expected.json outcomes.jsonl

Exit 0 and one ``ok`` line per document when every outcome is as expected; exit 1 and one line
per difference otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def problems(line: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """What is wrong with one outcome line, given its entry of ``expected.json``."""
    if want.get("rejected"):
        got = (line.get("error") or {}).get("code")
        out = []
        if line.get("status") != "rejected":
            out.append(f"status {line.get('status')!r}, expected 'rejected'")
        if got != want["rejected"]:
            out.append(f"error code {got!r}, expected {want['rejected']!r}")
        return out
    out = []
    if line.get("error"):
        out.append(f"error {line['error'].get('code')!r}")
    if line.get("status") not in ("delivered", "needs_review"):
        out.append(f"status {line.get('status')!r}, expected delivered or needs_review")
    for key in ("authority", "service", "language", "pages"):
        if line.get(key) != want[key]:
            out.append(f"{key} {line.get(key)!r}, expected {want[key]!r}")
    text = (line.get("text") or "").casefold()
    lost = [w for w in want.get("contains", []) if w.casefold() not in text]
    if lost:
        out.append(f"OCR lost {lost}")
    if not str(line.get("model_version") or "").startswith("tc-"):
        out.append(f"model_version {line.get('model_version')!r}: the trained model took no part")
    return out


def check(
    lines: list[dict[str, Any]], expected: dict[str, dict[str, Any]], files: list[str]
) -> list[str]:
    """One report line per document, ``ok …`` or ``FAILED …``; a file without a line fails."""
    report = []
    seen = set()
    for line in lines:
        name = Path(str(line.get("source", ""))).name
        seen.add(name)
        want = expected.get(name)
        if want is None:
            report.append(f"FAILED {name}: not in expected.json")
            continue
        found = problems(line, want)
        outcome = want.get("rejected") or f"{line.get('service')} {line.get('status')}"
        report.append(f"FAILED {name}: {'; '.join(found)}" if found else f"ok {name}: {outcome}")
    if not lines:
        report.append("FAILED no outcome lines")
    missing = sorted({Path(f).name for f in files} - seen)
    return report + [f"FAILED {n}: no outcome line" for n in missing]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outcomes", type=Path, help="aspa process --json output (JSON lines)")
    parser.add_argument("--expected", type=Path, required=True, help="samples' expected.json")
    parser.add_argument("--files", nargs="*", default=[], help="the files that were processed")
    args = parser.parse_args(argv)
    expected = json.loads(args.expected.read_text(encoding="utf-8"))
    lines = [
        json.loads(raw)
        for raw in args.outcomes.read_text(encoding="utf-8").splitlines()
        if raw.strip()
    ]
    report = check(lines, expected, args.files)
    print("\n".join(report))
    return 1 if any(r.startswith("FAILED") for r in report) else 0


if __name__ == "__main__":
    sys.exit(main())
