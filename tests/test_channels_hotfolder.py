"""Hot folders on real directories: completeness, concurrency, crash recovery."""

from __future__ import annotations

import json
import os
import random
import threading
import time
from pathlib import Path

import pytest

from channels import RecordingSubmitter
from channels.config import HotFolderConfig
from channels.hotfolder import run_forever, scan_once
from pipeline.errors import OcrTimeoutError, UnsupportedTypeError
from pipeline.incoming import IncomingFile, Submitted


def folder(tmp_path: Path, **overrides: object) -> HotFolderConfig:
    values: dict[str, object] = {
        "name": "skanneri",
        "path": tmp_path / "drop",
        "service_point": "parainen",
        "stable_checks": 2,
        "settle_seconds": 0.05,
        "min_age_seconds": 0.0,
    }
    values.update(overrides)
    cfg = HotFolderConfig.model_validate(values)
    Path(cfg.path).mkdir(parents=True, exist_ok=True)
    return cfg


def names(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if p.is_file()) if path.exists() else []


def test_complete_files_are_submitted_and_moved_temp_names_ignored(tmp_path: Path) -> None:
    cfg = folder(tmp_path)
    drop = Path(cfg.path)
    (drop / "scan 001.pdf").write_bytes(b"%PDF-1.4 one")
    (drop / "scan 002.pdf").write_bytes(b"%PDF-1.4 two")
    for temp in ("scan 003.pdf.part", "~scan004.pdf", ".scan005.pdf"):
        (drop / temp).write_bytes(b"%PDF-1.4 half")
    sub = RecordingSubmitter()
    result = scan_once(cfg, sub)
    assert result.processed == 2
    assert sorted(c.filename for c in sub.calls) == ["scan 001.pdf", "scan 002.pdf"]
    assert {c.channel for c in sub.calls} == {"hotfolder"}
    assert {c.service_point for c in sub.calls} == {"parainen"}
    assert sorted(c.source for c in sub.calls) == [
        str(drop / "scan 001.pdf"),
        str(drop / "scan 002.pdf"),
    ]
    assert names(drop) == [".scan005.pdf", "scan 003.pdf.part", "~scan004.pdf"]
    processed = names(drop / "processed")
    assert len(processed) == 2 and all(
        n.endswith(("scan 001.pdf", "scan 002.pdf")) for n in processed
    )
    assert names(drop / "processing") == []
    # The finished rename of a temp name is picked up by the next scan
    os.rename(drop / "scan 003.pdf.part", drop / "scan 003.pdf")
    assert scan_once(cfg, sub).processed == 1
    assert sub.calls[-1].data == b"%PDF-1.4 half"


def test_a_file_still_being_written_is_left_until_complete(tmp_path: Path) -> None:
    cfg = folder(tmp_path, stable_checks=3, settle_seconds=0.1)
    target = Path(cfg.path) / "slow.pdf"
    chunks = [bytes([i]) * 1000 for i in range(30)]
    started = threading.Event()

    def writer() -> None:
        with open(target, "wb") as f:
            for i, chunk in enumerate(chunks):
                f.write(chunk)
                f.flush()
                if i == 0:
                    started.set()
                time.sleep(0.03)

    t = threading.Thread(target=writer)
    t.start()
    started.wait()
    sub = RecordingSubmitter()
    during = scan_once(cfg, sub)
    t.join()
    assert during.processed == 0 and during.incomplete == 1 and sub.calls == []
    after = scan_once(cfg, sub)
    assert after.processed == 1 and sub.calls[0].data == b"".join(chunks)


def test_min_age_keeps_a_fresh_file_waiting(tmp_path: Path) -> None:
    cfg = folder(tmp_path, min_age_seconds=30)
    (Path(cfg.path) / "fresh.pdf").write_bytes(b"%PDF fresh")
    sub = RecordingSubmitter()
    assert scan_once(cfg, sub).incomplete == 1 and sub.calls == []


def test_refused_file_goes_to_failed_with_an_error_json(tmp_path: Path) -> None:
    class RefuseDocx(RecordingSubmitter):
        def submit(self, data: bytes, file: IncomingFile) -> Submitted:
            if str(file.filename).endswith(".docx"):
                raise UnsupportedTypeError()
            return super().submit(data, file)

    cfg = folder(tmp_path)
    drop = Path(cfg.path)
    (drop / "lomake.docx").write_bytes(b"PK\x03\x04")
    (drop / "ok.pdf").write_bytes(b"%PDF ok")
    result = scan_once(cfg, RefuseDocx())
    assert (result.processed, result.failed) == (1, 1)
    failed = names(drop / "failed")
    assert len(failed) == 2
    error_file = next(n for n in failed if n.endswith(".error.json"))
    assert error_file == next(n for n in failed if n.endswith(".docx")) + ".error.json"
    doc = json.loads((drop / "failed" / error_file).read_text(encoding="utf-8"))
    assert doc["code"] == "unsupported_type" and doc["source"].endswith("lomake.docx")


class SimulatedCrash(BaseException):
    """The process dies in the middle of a submission (a kill is not an Exception to catch)."""


class CrashOnce(RecordingSubmitter):
    """Stores the file (like the pipeline would) and then dies, on its ``crash_at``-th call."""

    def __init__(self, crash_at: int) -> None:
        super().__init__()
        self.crash_at, self.count = crash_at, 0

    def submit(self, data: bytes, file: IncomingFile) -> Submitted:
        self.count += 1
        ids = super().submit(data, file)
        if self.count == self.crash_at:
            raise SimulatedCrash()
        return ids


def test_restart_in_the_middle_recovers_without_loss_or_double_documents(tmp_path: Path) -> None:
    # Given four dropped files
    cfg = folder(tmp_path)
    drop = Path(cfg.path)
    contents = {f"s{i}.pdf": f"%PDF page {i}".encode() for i in range(4)}
    for name, data in contents.items():
        (drop / name).write_bytes(data)
    store = CrashOnce(crash_at=2)  # its records stand for the pipeline's database
    # When the watcher dies during the second submission
    with pytest.raises(SimulatedCrash):
        scan_once(cfg, store)
    assert len(names(drop / "processing")) == 1
    # And a new watcher starts (run_forever recovers everything left in processing/)
    stop = threading.Event()
    t = threading.Thread(target=run_forever, args=([cfg], store, stop, 0.05))
    t.start()
    deadline = time.monotonic() + 10
    while len(names(drop / "processed")) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    t.join()
    # Then every file was handed over exactly once as a document, none is left behind
    assert len(names(drop / "processed")) == 4
    assert names(drop / "processing") == [] and names(drop) == []
    assert sorted(c.data for c in store.unique) == sorted(contents.values())
    assert len(store.calls) == 5 and [c.filename for c in store.calls if c.duplicate] == [
        store.calls[1].filename
    ]


def test_transient_error_leaves_the_claim_for_recovery(tmp_path: Path) -> None:
    class Flaky(RecordingSubmitter):
        fail = True

        def submit(self, data: bytes, file: IncomingFile) -> Submitted:
            if self.fail:
                raise OcrTimeoutError()
            return super().submit(data, file)

    cfg = folder(tmp_path, recover_after_seconds=0.2)
    (Path(cfg.path) / "a.pdf").write_bytes(b"%PDF a")
    sub = Flaky()
    first = scan_once(cfg, sub)
    assert first.outcomes[0].status == "deferred" and len(names(Path(cfg.path) / "processing")) == 1
    sub.fail = False
    assert scan_once(cfg, sub).outcomes == ()  # not stale yet
    time.sleep(0.25)
    again = scan_once(cfg, sub)
    assert again.recovered == 1 and again.processed == 1 and len(sub.calls) == 1


def test_many_concurrent_drops_with_two_watchers(tmp_path: Path) -> None:
    # Given two watchers on the same folder
    cfg = folder(tmp_path, stable_checks=3, settle_seconds=0.1, min_age_seconds=0.3)
    drop = Path(cfg.path)
    store = RecordingSubmitter(dedupe=False)  # count every submission, duplicates included
    stop = threading.Event()
    watchers = [
        threading.Thread(target=run_forever, args=([cfg], store, stop, 0.02)) for _ in range(2)
    ]
    for w in watchers:
        w.start()
    # When eight "scanners" drop 40 files at once, some written slowly in place,
    # some written under a temporary name and renamed when finished
    expected: dict[str, bytes] = {}
    lock = threading.Lock()

    def scanner(n: int) -> None:
        rnd = random.Random(n)
        for k in range(5):
            name = f"scanner{n}-{k}.pdf"
            data = rnd.randbytes(20_000)
            with lock:
                expected[name] = data
            if k % 2:
                tmp = drop / f"{name}.part"
                tmp.write_bytes(data)
                os.rename(tmp, drop / name)
            else:
                with open(drop / name, "wb") as f:
                    for i in range(0, len(data), 4000):
                        f.write(data[i : i + 4000])
                        f.flush()
                        time.sleep(0.02)

    scanners = [threading.Thread(target=scanner, args=(n,)) for n in range(8)]
    for s in scanners:
        s.start()
    for s in scanners:
        s.join()
    deadline = time.monotonic() + 20
    while len(names(drop / "processed")) < len(expected) and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    for w in watchers:
        w.join()
    # Then each file was submitted exactly once, complete, and moved aside
    assert len(expected) == 40
    got = {c.filename: c.data for c in store.calls}
    assert len(store.calls) == 40 and got == expected
    assert len(names(drop / "processed")) == 40
    assert names(drop) == [] and names(drop / "processing") == []


def test_two_watchers_racing_for_the_same_files_claim_each_once(tmp_path: Path) -> None:
    # Given 100 complete files and three watchers released at the same instant
    cfg = folder(tmp_path, settle_seconds=0.0, max_files_per_scan=1000)
    drop = Path(cfg.path)
    for i in range(100):
        (drop / f"f{i:03}.pdf").write_bytes(b"%PDF " + str(i).encode() * 500)

    class SlowIntake(RecordingSubmitter):
        def submit(self, data: bytes, file: IncomingFile) -> Submitted:
            time.sleep(0.002)  # widen the window in which a second watcher could interfere
            return super().submit(data, file)

    store = SlowIntake(dedupe=False)
    barrier = threading.Barrier(3)
    results = []

    def watcher() -> None:
        barrier.wait()
        results.append(scan_once(cfg, store))

    threads = [threading.Thread(target=watcher) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then every file was submitted by exactly one of them
    assert len(store.calls) == 100
    assert len({c.filename for c in store.calls}) == 100
    assert sum(r.processed for r in results) == 100
    assert len(names(drop / "processed")) == 100


def test_a_saved_email_dropped_in_the_folder_goes_in_as_its_attachments(tmp_path: Path) -> None:
    from channels_support import mail_with, pdf_bytes

    cfg = folder(tmp_path)
    drop = Path(cfg.path)
    (drop / "viesti.eml").write_bytes(
        mail_with(
            [
                ("a.pdf", pdf_bytes("eml-a"), "application/pdf"),
                ("b.pdf", pdf_bytes("eml-b"), "application/pdf"),
            ]
        )
    )
    (drop / "tyhja.eml").write_bytes(mail_with([], subject="ei liitteitä"))
    sub = RecordingSubmitter()
    result = scan_once(cfg, sub)
    assert sorted(c.source for c in sub.calls) == [
        f"{drop}/viesti.eml#a.pdf",
        f"{drop}/viesti.eml#b.pdf",
    ]
    by_name = {o.filename: o for o in result.outcomes}
    assert (
        by_name["viesti.eml"].status == "processed" and len(by_name["viesti.eml"].document_ids) == 2
    )
    assert by_name["tyhja.eml"].status == "failed"
    assert by_name["tyhja.eml"].error_code == "no_attachments"
