"""Learning from people: confirmed and corrected classifications kept as training data.

``record_correction`` appends one JSON line to ``<feedback_dir>/corrections.jsonl``;
``load_corrections`` reads them back as training examples (for one text, the latest label
wins). The file holds documents' text, so it is data with the same protection as documents:
nothing of it is logged, identity codes and IBANs are masked before a line is written (the
classifier does not need them) and ``aspa purge`` drops lines older than the retention period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from pathlib import Path

from classifiers.dataset import NONE, LabelledText
from pipeline.errors import InvalidCorrectionError
from pipeline.masking import mask_text

CORRECTIONS_FILE = "corrections.jsonl"
_SERVICE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_lock = threading.Lock()


def record_correction(
    feedback_dir: Path,
    *,
    text: str,
    service_id: str,
    user: str,
    known_services: frozenset[str] | None = None,
) -> Path:
    """Keep a person's confirmation or correction as a training example.

    Args:
        feedback_dir: folder of the corrections file (created if missing).
        text: the document's text as the classifier saw it.
        service_id: the right service (``"kela.asumistuki"``) or ``"none"``.
        user: who confirmed or corrected.
        known_services: if given, ``service_id`` must be one of these (or ``"none"``).

    Raises:
        InvalidCorrectionError: on an empty text or user, or an unknown service id.

    Returns:
        The corrections file.
    """
    if not text.strip() or not user.strip():
        raise InvalidCorrectionError()
    if service_id != NONE and (
        not _SERVICE_ID.match(service_id)
        or (known_services is not None and service_id not in known_services)
    ):
        raise InvalidCorrectionError(f"Unknown service id {service_id!r}.")
    text = mask_text(text)
    row = {
        "text": text,
        "label": service_id,
        "user": user,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    feedback_dir.mkdir(parents=True, exist_ok=True)
    path = feedback_dir / CORRECTIONS_FILE
    line = (json.dumps(row, ensure_ascii=False) + "\n").encode()
    with _lock:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    return path


def load_corrections(feedback_dir: Path | None) -> list[LabelledText]:
    """All corrections as training examples; for a text corrected twice the latest counts."""
    if feedback_dir is None:
        return []
    path = Path(feedback_dir) / CORRECTIONS_FILE
    if not path.is_file():
        return []
    latest: dict[str, LabelledText] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            key = row.get("sha256") or hashlib.sha256(row["text"].encode()).hexdigest()
            latest.pop(key, None)
            latest[key] = LabelledText(text=row["text"], label=row["label"], kind="correction")
    return list(latest.values())


def purge_corrections(feedback_dir: Path | None, *, before: dt.datetime, dry_run: bool) -> int:
    """Drop the corrections recorded before ``before`` (retention); returns how many.

    The file is rewritten atomically (0600); lines without a readable time are kept.
    """
    if feedback_dir is None:
        return 0
    path = Path(feedback_dir) / CORRECTIONS_FILE
    if not path.is_file():
        return 0
    kept: list[str] = []
    dropped = 0
    with _lock:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                at = dt.datetime.fromisoformat(json.loads(line)["at"])
            except (ValueError, KeyError, TypeError):
                kept.append(line)
                continue
            if at < before:
                dropped += 1
            else:
                kept.append(line)
        if dropped and not dry_run:
            tmp = path.with_name(f".{path.name}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write("".join(line + "\n" for line in kept))
            os.replace(tmp, path)
    return dropped
