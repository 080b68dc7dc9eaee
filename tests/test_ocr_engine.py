"""OCR worker processes: the engine kept loaded, both backends alike, the memory limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import OcrResourceLimitError
from pipeline.ocr import OcrContext, _engine, _pool, ocr_document
from pipeline.ocr.evaluate import cer
from pipeline.settings import Settings

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "generated"
needs_library = pytest.mark.skipif(
    not _engine.library_available(), reason="tesserocr wheel not installed"
)


def _loads() -> int:
    return _engine.LOADS


@needs_library
@pytest.mark.slow
def test_one_engine_per_worker_is_kept_page_after_page(tmp_path: Path) -> None:
    # Given one worker process, when three pages are read one after another
    ctx = OcrContext(workers=1, backend="tesserocr", memory_limit_mb=1536)
    src = SAMPLES / "te_starttiraha_2pages.tif"
    pids = set()
    for i in range(2):
        ocr_document(src, "image/tiff", tmp_path / f"o{i}.pdf", ctx)
        pids.add(_pool.run(ctx, os.getpid))
    # Then they all ran in the same process, which loaded its engine once
    assert len(pids) == 1 and os.getpid() not in pids
    assert _pool.run(ctx, _loads) == 1


@needs_library
@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "kela_at1_asumistuki_fi.png",
        "kela_tt2r_arbetsloshetstid_sv.png",
        "vero_5010_verokortti_skewed.png",
        "dvv_muuttoilmoitus_upside_down.png",
        "poliisi_aselupa_rotated90.png",
    ],
)
def test_both_backends_give_the_same_text(tmp_path: Path, name: str) -> None:
    # The command is Debian's tesseract 5.3, the library the wheel's 5.5: same models, but
    # not bit-identical; a few characters per page differ (e.g. "640,00" / "640 , 00").
    texts, turns = {}, {}
    for backend in ("cli", "tesserocr"):
        ctx = OcrContext(workers=2, backend=backend)
        res = ocr_document(SAMPLES / name, "image/png", tmp_path / f"{backend}.pdf", ctx)
        texts[backend] = res.text
        turns[backend] = [(p.rotation, round(p.skew, 1), len(p.checkboxes)) for p in res.pages]
    assert turns["cli"] == turns["tesserocr"]
    assert cer(texts["cli"], texts["tesserocr"]) <= 0.01
    assert len(texts["cli"]) > 400


def test_the_backend_setting_reaches_the_ocr_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    from aspa.bootstrap import build_runtime

    monkeypatch.setenv("ASPA_OCR_BACKEND", "cli")
    monkeypatch.setenv("ASPA_OCR_MEMORY_LIMIT_MB", "900")
    settings = Settings(database_url="sqlite://", data_dir=Path("/tmp/aspa-i13-settings"))
    rt = build_runtime(settings)
    assert (rt.ocr.backend, rt.ocr.memory_limit_mb) == ("cli", 900)
    assert _engine.resolve("cli") == "cli"
    assert _engine.resolve("auto") == ("tesserocr" if _engine.library_available() else "cli")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["cli", "tesserocr"])
def test_a_page_over_the_memory_limit_fails_its_document_not_the_worker(
    tmp_path: Path, backend: str
) -> None:
    if backend == "tesserocr" and not _engine.library_available():
        pytest.skip("tesserocr wheel not installed")
    # Given workers limited to 450 MB (an A4 page with the engine loaded peaks at ~335 MB of
    # address space) and a 12000 x 12000 page (144 MB as grey pixels)
    ctx = OcrContext(workers=1, memory_limit_mb=450, backend=backend)  # type: ignore[arg-type]
    with pytest.raises(OcrResourceLimitError) as info:
        ocr_document(SAMPLES / "broken_bomb_12000x12000.png", "image/png", tmp_path / "b.pdf", ctx)
    # Then that document fails with a stable code and the next one is read by the same pool
    assert info.value.code == "resource_limit" and not info.value.transient
    assert not (tmp_path / "b.pdf").exists()
    res = ocr_document(SAMPLES / "kela_at1_asumistuki_fi.png", "image/png", tmp_path / "k.pdf", ctx)
    assert "Yleinen asumistuki" in " ".join(res.text.split())


def test_a_worker_that_dies_is_resource_limit_and_the_pool_recovers() -> None:
    ctx = OcrContext(workers=1, memory_limit_mb=700, backend="cli")
    first = _pool.run(ctx, os.getpid)
    with pytest.raises(OcrResourceLimitError) as info:
        _pool.run(ctx, os._exit, 3)  # what an aborted tesseract (bad_alloc) looks like
    assert info.value.code == "resource_limit"
    again = _pool.run(ctx, os.getpid)
    assert again not in (first, os.getpid())


def test_workers_run_under_the_memory_limit() -> None:
    import resource

    ctx = OcrContext(workers=1, memory_limit_mb=800, backend="cli")
    soft, hard = _pool.run(ctx, resource.getrlimit, resource.RLIMIT_AS)
    assert soft == hard == 800 * 1024 * 1024
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != soft  # ours is untouched


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["cli", "tesserocr"])
def test_the_top_of_a_page_is_read_by_the_workers_engine(backend: str) -> None:
    from PIL import Image

    from pipeline.ocr.quick import quick_text

    if backend == "tesserocr" and not _engine.library_available():
        pytest.skip("tesserocr wheel not installed")
    with Image.open(SAMPLES / "kela_tt2r_arbetsloshetstid_sv.png") as im:
        top = im.convert("L").crop((0, 0, im.width, im.height // 4)).reduce(2)  # 150 dpi
    ctx = OcrContext(workers=1, backend=backend)  # type: ignore[arg-type]
    plain = quick_text(top, languages=ctx.languages)  # one tesseract command
    pooled = quick_text(top, languages=ctx.languages, ctx=ctx)
    assert "TT 2r" in pooled and "Anmälan om arbetslöshetstid" in pooled
    assert cer(plain, pooled) <= 0.02
    if backend == "tesserocr":
        assert _pool.run(ctx, _loads) == 1


@needs_library
def test_prestarted_workers_are_the_ones_that_read_the_pages(tmp_path: Path) -> None:
    # Given a fresh pool started ahead of the first page (``aspa process`` on scans)
    _pool.shutdown()
    ctx = OcrContext(workers=2, backend="tesserocr", memory_limit_mb=1536)
    _pool.prestart(ctx).join(timeout=60)
    # Then both workers are up before any page was submitted
    started = set(_pool.worker_pids())
    assert len(started) == 2 and os.getpid() not in started
    # And the pages then run on those workers, each with the engine it loaded at start
    ocr_document(SAMPLES / "kela_at1_asumistuki_fi.png", "image/png", tmp_path / "o.pdf", ctx)
    assert set(_pool.worker_pids()) == started
    assert _pool.run(ctx, _loads) == 1
