"""Scanner hot folders: files dropped into a watched folder go to the pipeline exactly once.

Layout of one watched folder (created on first scan)::

    <path>/                 the scanner writes here
    <path>/processing/      claimed files, ``<token>__<name>`` (token = UTC time + random)
    <path>/processed/       handed to the pipeline
    <path>/failed/          refused by the intake, each with ``<file>.error.json`` beside it

Rules, chosen to work on SMB/NFS shares too (polling, no inotify):

- A file is taken only when it is **complete**: its size and mtime are unchanged over
  ``stable_checks`` looks ``settle_seconds`` apart and its mtime is at least ``min_age_seconds``
  old. Names a scanner uses while writing are ignored (``*.part``, ``*.tmp``, ``~*``,
  dotfiles; see ``ignore``), so a scanner that writes under a temporary name and renames at the
  end is picked up right after the rename. Empty files are left alone until they are
  ``recover_after_seconds`` old (then the intake refuses them as ``empty_file``).
- A file is **claimed** by an atomic rename into ``processing/`` under a unique name. Of two
  watchers racing for one file exactly one rename succeeds; the other sees it vanish.
- After the submission the file is renamed into ``processed/`` (or ``failed/``). A transient
  intake error leaves it in ``processing/``. A saved e-mail (``.eml``) dropped in the folder is
  submitted as its attachments (:func:`~channels.email.submit_eml`).
- **Recovery**: files in ``processing/`` older than ``recover_after_seconds`` (by ctime, which
  the claim rename sets) are claimed again and re-submitted, and :func:`run_forever` recovers
  everything left there when it starts. A file that was already handed over before a crash is
  then submitted twice; the pipeline's SHA-256 dedupe returns the same documents.
- **One file never stops the folder.** Any failure while handling one file (a refusal, a parse
  limit, an unexpected exception) moves it to ``failed/`` with its code and reason; only a
  transient error leaves it in ``processing/`` for a later try. A file whose handling was cut
  short by a crash is re-claimed at most ``max_recoveries`` times (the count travels in the
  claimed name, ``<token>-r<n>__<name>``), then set aside in ``failed/`` with
  ``processing_interrupted``, so a file that kills the process cannot do so forever.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import re
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pipeline.errors import AspaError, InternalError, TooLargeError
from pipeline.incoming import IncomingFile

from ._names import sanitize_filename
from .base import Submitter
from .config import HotFolderConfig
from .email import looks_like_eml, submit_eml
from .errors import AttachmentsRefusedError, ProcessingInterruptedError
from .health import ChannelMonitor

log = logging.getLogger(__name__)

PROCESSING, PROCESSED, FAILED = "processing", "processed", "failed"
_SEP = "__"
_ATTEMPT = re.compile(r"-r(\d+)$")


@dataclass(frozen=True)
class HotFileOutcome:
    """What happened to one file."""

    source: str
    filename: str
    status: Literal["processed", "failed", "deferred"]
    document_ids: tuple[str, ...] = ()
    error_code: str | None = None
    recovered: bool = False
    path: Path | None = None  # where the file is now


@dataclass(frozen=True)
class ScanResult:
    """The outcome of one scan of one folder."""

    folder: str
    outcomes: tuple[HotFileOutcome, ...] = ()
    incomplete: int = 0  # files still being written, left for a later scan
    lost_races: int = 0  # files another watcher claimed first

    @property
    def processed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "processed")

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "failed")

    @property
    def recovered(self) -> int:
        return sum(1 for o in self.outcomes if o.recovered)


def scan_once(
    cfg: HotFolderConfig,
    submitter: Submitter,
    *,
    recover_after: float | None = None,
) -> ScanResult:
    """Recover stale claims, then take every complete file in the folder.

    Blocks for about ``(stable_checks - 1) * settle_seconds`` while it watches for changes.

    Args:
        cfg: The folder.
        submitter: The pipeline's intake.
        recover_after: Re-claim files in ``processing/`` older than this many seconds
            (default ``cfg.recover_after_seconds``; ``0`` recovers all, as on start).

    Raises:
        OSError: The folder itself cannot be read or written (a share that went away).
    """
    root = Path(cfg.path)
    for sub in (PROCESSING, PROCESSED, FAILED):
        (root / sub).mkdir(parents=True, exist_ok=True)
    outcomes: list[HotFileOutcome] = []
    lost = 0
    limit = cfg.recover_after_seconds if recover_after is None else recover_after
    for stale in _stale_claims(root / PROCESSING, limit):
        attempt = _attempt(stale.name) + 1
        claimed = _claim(stale, root / PROCESSING, _original_name(stale.name), attempt=attempt)
        if claimed is None:
            lost += 1
            continue
        if attempt > cfg.max_recoveries:
            outcomes.append(_set_aside(cfg, claimed, attempt - 1))
            continue
        outcomes.append(_handle(cfg, submitter, claimed, recovered=True))
    ready, incomplete = _complete_files(cfg)
    for path in ready[: cfg.max_files_per_scan]:
        claimed = _claim(path, root / PROCESSING, path.name)
        if claimed is None:
            lost += 1
            continue
        outcomes.append(_handle(cfg, submitter, claimed, recovered=False))
    return ScanResult(cfg.name, tuple(outcomes), incomplete=incomplete, lost_races=lost)


def run_forever(
    cfgs: Sequence[HotFolderConfig],
    submitter: Submitter,
    stop_event: threading.Event,
    interval: float = 5.0,
    *,
    monitor: ChannelMonitor | None = None,
) -> None:
    """Scan every folder, then wait ``interval`` seconds, until ``stop_event`` is set.

    The first round recovers everything left in ``processing/`` by a previous run. A folder
    that cannot be read (a share that went away), or any other failure of one round, is logged
    and retried next round; the loop itself never ends on an error. Each successful scan is
    reported to ``monitor`` as ``hotfolder:<name>``.
    """
    first = True
    while not stop_event.is_set():
        for cfg in cfgs:
            if stop_event.is_set():
                break
            name = f"hotfolder:{cfg.name}"
            try:
                result = scan_once(cfg, submitter, recover_after=0.0 if first else None)
            except OSError as e:
                log.warning("hot folder %s unavailable: %s", cfg.name, e.strerror or e)
                if monitor:
                    monitor.fail(name, "folder_unavailable")
                continue
            except Exception as e:  # the loop must outlive any bug; the next round retries
                log.exception("hot folder %s: scan failed (%s)", cfg.name, type(e).__name__)
                if monitor:
                    monitor.fail(name, "internal_error")
                continue
            if monitor:
                monitor.beat(name)
            if result.outcomes:
                log.info(
                    "hot folder %s: %d processed, %d failed, %d recovered",
                    cfg.name,
                    result.processed,
                    result.failed,
                    result.recovered,
                )
        first = False
        stop_event.wait(interval)


def _ignored(name: str, cfg: HotFolderConfig) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in cfg.ignore)


def _snapshot(cfg: HotFolderConfig) -> dict[Path, tuple[int, int]]:
    found: dict[Path, tuple[int, int]] = {}
    with os.scandir(cfg.path) as entries:
        for entry in entries:
            if _ignored(entry.name, cfg):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            found[Path(entry.path)] = (st.st_size, st.st_mtime_ns)
    return found


def _complete_files(cfg: HotFolderConfig) -> tuple[list[Path], int]:
    """Files unchanged over ``stable_checks`` looks and old enough, oldest first."""
    first = _snapshot(cfg)
    stable = dict(first)
    for _ in range(cfg.stable_checks - 1):
        if not stable:
            break
        time.sleep(cfg.settle_seconds)
        later = _snapshot(cfg)
        stable = {p: s for p, s in stable.items() if later.get(p) == s}
    now_ns = time.time_ns()
    ready: list[tuple[int, Path]] = []
    for path, (size, mtime_ns) in stable.items():
        age = (now_ns - mtime_ns) / 1e9
        if age < cfg.min_age_seconds or (size == 0 and age < cfg.recover_after_seconds):
            continue
        ready.append((mtime_ns, path))
    ready.sort()
    return [p for _, p in ready], len(first) - len(ready)


def _stale_claims(processing: Path, older_than: float) -> list[Path]:
    now = time.time()
    stale: list[tuple[float, Path]] = []
    with os.scandir(processing) as entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    ctime = entry.stat(follow_symlinks=False).st_ctime
                    if now - ctime >= older_than:
                        stale.append((ctime, Path(entry.path)))
            except FileNotFoundError:
                continue
    stale.sort()
    return [p for _, p in stale]


def _token(attempt: int = 0) -> str:
    token = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    return f"{token}-r{attempt}" if attempt else token


def _original_name(claimed_name: str) -> str:
    return claimed_name.split(_SEP, 1)[1] if _SEP in claimed_name else claimed_name


def _attempt(claimed_name: str) -> int:
    """How many times a claim was recovered after a crash (0 for a first claim)."""
    if _SEP not in claimed_name:
        return 0
    m = _ATTEMPT.search(claimed_name.split(_SEP, 1)[0])
    return int(m.group(1)) if m else 0


def _claim(path: Path, processing: Path, name: str, *, attempt: int = 0) -> Path | None:
    """Rename ``path`` into ``processing/`` under a unique name; ``None`` if someone was first."""
    if len(name.encode("utf-8", "surrogateescape")) > 200:
        name = sanitize_filename(name, media_type="application/octet-stream", index=1)[:100]
    target = processing / f"{_token(attempt)}{_SEP}{name}"
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def _handle(
    cfg: HotFolderConfig, submitter: Submitter, claimed: Path, *, recovered: bool
) -> HotFileOutcome:
    original = _original_name(claimed.name)
    filename = sanitize_filename(original, media_type="application/octet-stream", index=1)
    source = str(Path(cfg.path) / filename)
    try:
        size = claimed.stat().st_size
        if size > cfg.max_file_bytes:  # never read a huge file into memory
            too_large = TooLargeError(
                f"The file is {size / 1048576:.1f} MiB; the limit is "
                f"{cfg.max_file_bytes / 1048576:.0f} MiB. Split it or scan at a lower resolution."
            )
            return _fail(cfg, claimed, too_large, source, filename, recovered=recovered)
        data = claimed.read_bytes()
    except FileNotFoundError:  # another watcher recovered it meanwhile
        return HotFileOutcome(source, filename, "deferred", recovered=recovered)
    try:
        ids = _submit(cfg, submitter, data, filename, source)
    except AspaError as e:
        if e.transient:
            log.warning("hot folder %s: transient %s; will retry", cfg.name, e.code)
            # Not a crash: the next recovery starts the count again.
            again = _claim(claimed, Path(cfg.path) / PROCESSING, original) or claimed
            return HotFileOutcome(
                source, filename, "deferred", error_code=e.code, recovered=recovered, path=again
            )
        return _fail(cfg, claimed, e, source, filename, recovered=recovered)
    except Exception as e:  # one file must never stop the folder (RecursionError, a bug, ...)
        log.exception("hot folder %s: unexpected %s on one file", cfg.name, type(e).__name__)
        error = InternalError(
            f"An unexpected error ({type(e).__name__}) stopped processing of this file; "
            "it was set aside. Report it to the operators."
        )
        return _fail(cfg, claimed, error, source, filename, recovered=recovered)
    final = _move(claimed, Path(cfg.path) / PROCESSED / claimed.name)
    return HotFileOutcome(
        source, filename, "processed", tuple(ids), recovered=recovered, path=final
    )


def _fail(
    cfg: HotFolderConfig,
    claimed: Path,
    error: AspaError,
    source: str,
    filename: str,
    *,
    recovered: bool,
) -> HotFileOutcome:
    target = Path(cfg.path) / FAILED / claimed.name
    _write_error(target, error, source)
    final = _move(claimed, target)
    return HotFileOutcome(
        source, filename, "failed", error_code=error.code, recovered=recovered, path=final
    )


def _set_aside(cfg: HotFolderConfig, claimed: Path, crashes: int) -> HotFileOutcome:
    """A file whose handling was interrupted too often goes to ``failed/`` unsubmitted."""
    original = _original_name(claimed.name)
    filename = sanitize_filename(original, media_type="application/octet-stream", index=1)
    source = str(Path(cfg.path) / filename)
    log.warning("hot folder %s: a file was interrupted %d times; set aside", cfg.name, crashes)
    error = ProcessingInterruptedError(
        f"Processing of this file was interrupted {crashes} times (the service stopped while "
        "handling it), so it was set aside. Report it to the operators."
    )
    return _fail(cfg, claimed, error, source, filename, recovered=True)


def _submit(
    cfg: HotFolderConfig, submitter: Submitter, data: bytes, filename: str, source: str
) -> list[str]:
    """Submit one file; a saved e-mail (``.eml``) goes in as its attachments."""
    if not looks_like_eml(data):
        outcome = submitter.submit(
            data,
            IncomingFile(
                source=source,
                filename=filename,
                channel="hotfolder",
                service_point=cfg.service_point,
            ),
        )
        return list(outcome.document_ids)
    results = submit_eml(
        submitter, data, path_label=source, service_point=cfg.service_point, channel="hotfolder"
    )
    ids = [i for r in results for i in r.document_ids]
    if not ids:
        codes = ", ".join(sorted({r.error_code or "error" for r in results}))
        raise AttachmentsRefusedError(
            f"None of the e-mail's attachments could be processed ({codes})."
        )
    return ids


def _move(src: Path, dst: Path) -> Path | None:
    try:
        os.rename(src, dst)
    except FileNotFoundError:  # a recovering watcher took it over; it moves it itself
        return None
    return dst


def _write_error(target: Path, error: AspaError, source: str) -> None:
    doc = {
        "code": error.code,
        "message": error.message,
        "source": source,
        "failed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    final = target.with_name(target.name + ".error.json")
    tmp = target.with_name(f".{target.name}.error.json.tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, final)
