"""The OCR stage with the real tesseract on the sample scans (samples/generated)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from pipeline.errors import OcrError, OcrTimeoutError
from pipeline.ocr import OcrContext, OcrResult, _preprocess, _tesseract, ocr_document
from pipeline.ocr._pdf import _rotation
from pipeline.ocr.types import Backend

ROOT = Path(__file__).resolve().parents[1]
CTX = OcrContext(workers=2)

MEDIA = {".png": "image/png", ".jpg": "image/jpeg", ".tif": "image/tiff", ".pdf": "application/pdf"}


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed samples, or freshly made ones when they are missing."""
    committed = ROOT / "samples" / "generated"
    if (committed / "kela_at1_asumistuki_fi.png").exists():
        return committed
    out = tmp_path_factory.mktemp("samples")
    subprocess.run(
        [sys.executable, str(ROOT / "samples" / "make_samples.py"), "--out", str(out)], check=True
    )
    return out


@pytest.fixture(scope="session")
def ocr(samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], OcrResult]:
    """OCR a sample once per session; later calls reuse the result."""
    done: dict[str, OcrResult] = {}
    out_dir = tmp_path_factory.mktemp("ocr-out")

    def run(name: str) -> OcrResult:
        if name not in done:
            src = samples / name
            done[name] = ocr_document(src, MEDIA[src.suffix], out_dir / f"{name}.pdf", CTX)
        return done[name]

    return run


def words_missing(text: str, words: tuple[str, ...] | list[str]) -> list[str]:
    flat = " ".join(text.split())
    return [w for w in words if w not in flat]


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout


_WORD_BOX = re.compile(
    r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>'
)


def words_on_ink(pdf: Path, *, mirrored: bool = False) -> list[tuple[int, int]]:
    """Per page: (words whose pdftotext box holds ink, words of 3+ letters or digits).

    The page is rendered as a viewer shows it (at 144 dpi), so a text layer that sits beside
    the scanned words lands on white paper. ``mirrored`` flips the boxes top to bottom: a
    control that must score low, proving the measure can fail.
    """
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for i, chunk in enumerate(html.split("<page ")[1:]):
            page = np.asarray(doc[i].render(scale=2, grayscale=True).to_pil().convert("L"))
            hits = n = 0
            for m in _WORD_BOX.finditer(chunk):
                if sum(ch.isalnum() for ch in m.group(5)) < 3:
                    continue
                x0, y0, x1, y1 = (float(v) * 2 for v in m.groups()[:4])
                if mirrored:
                    y0, y1 = page.shape[0] - y1, page.shape[0] - y0
                box = page[int(y0) : int(y1) + 1, int(x0) : int(x1) + 1]
                n += 1
                hits += bool(box.size and (box < 128).mean() > 0.05)
            out.append((hits, n))
    finally:
        doc.close()
    return out


def assert_text_on_the_words(pdf: Path) -> None:
    for hits, n in words_on_ink(pdf):
        assert n == 0 or hits >= 0.95 * n, (hits, n)
    assert all(n == 0 or hits < 0.6 * n for hits, n in words_on_ink(pdf, mirrored=True))


def page_geometry(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size as displayed (points, /Rotate applied)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [tuple(round(v, 1) for v in doc.get_page_size(i)) for i in range(len(doc))]  # type: ignore[misc]
    finally:
        doc.close()


# --------------------------------------------------------------------------- cheap measurements


def _text_image(angle: float = 0.0) -> Image.Image:
    """A synthetic page of dark text-like bars, turned ``angle`` degrees counter-clockwise."""
    a = np.full((1754, 1240), 255, dtype=np.uint8)
    for y in range(200, 1500, 60):
        for x in range(150, 1050, 90):
            a[y : y + 18, x : x + 70] = 0
    return Image.fromarray(a, "L").rotate(angle, fillcolor=255)


def test_blank_page_is_detected_and_noise_does_not_count() -> None:
    rng = np.random.default_rng(1)
    noisy = np.clip(248 + rng.normal(0, 5, (1754, 1240)), 0, 255).astype(np.uint8)
    assert _preprocess.measure(Image.fromarray(noisy, "L")).blank
    assert not _preprocess.measure(_text_image()).blank


@pytest.mark.parametrize("angle", [-3.0, -1.5, 0.0, 2.0, 4.5])
def test_skew_is_measured_within_a_quarter_degree(angle: float) -> None:
    layout = _preprocess.measure(_text_image(angle))
    assert abs(layout.skew - angle) <= 0.25
    assert not layout.sideways


def test_sideways_text_is_recognised() -> None:
    assert _preprocess.measure(_text_image().rotate(90, expand=True)).sideways


def test_missing_tesseract_binary_is_an_ocr_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(_tesseract, "TESSERACT", str(tmp_path / "no-such-tesseract"))
    with pytest.raises(OcrError) as info:
        _tesseract.version()
    assert info.value.code == "ocr_failed"


# --------------------------------------------------------------------------- real tesseract


@pytest.mark.slow
def test_finnish_form_is_read_and_output_pdf_is_searchable(
    ocr: Callable[[str], OcrResult],
) -> None:
    result = ocr("kela_at1_asumistuki_fi.png")
    (page,) = result.pages
    assert page.source == "ocr"
    assert page.confidence is not None and page.confidence > 85
    assert (
        words_missing(
            page.text, ["Kela", "AT 1", "Yleinen asumistuki", "Hakijan tiedot", "131052-308T"]
        )
        == []
    )
    searchable = pdftotext(result.pdf_path)
    assert words_missing(searchable, ["Yleinen", "asumistuki", "Virtanen"]) == []
    assert len(PdfReader(result.pdf_path).pages) == 1


@pytest.mark.slow
def test_swedish_form_keeps_its_letters(ocr: Callable[[str], OcrResult]) -> None:
    text = ocr("kela_tt2r_arbetsloshetstid_sv.png").text
    assert (
        words_missing(text, ["FPA", "TT 2r", "Anmälan om arbetslöshetstid", "Sökandens", "Förnamn"])
        == []
    )


@pytest.mark.slow
def test_skewed_scan_is_deskewed_and_read(ocr: Callable[[str], OcrResult]) -> None:
    (page,) = ocr("vero_5010_verokortti_skewed.png").pages
    assert abs(page.skew - 2.5) <= 0.3
    assert words_missing(page.text, ["Verokorttihakemus", "Korhonen", "Palkkatulot"]) == []


@pytest.mark.slow
def test_upside_down_scan_is_turned_and_read(ocr: Callable[[str], OcrResult]) -> None:
    (page,) = ocr("dvv_muuttoilmoitus_upside_down.png").pages
    assert page.rotation == 180
    assert words_missing(page.text, ["Muuttoilmoitus", "Uusi osoite", "Tampere"]) == []


@pytest.mark.slow
def test_sideways_scan_is_turned_and_read(ocr: Callable[[str], OcrResult]) -> None:
    (page,) = ocr("poliisi_aselupa_rotated90.png").pages
    assert page.rotation == 90
    assert words_missing(page.text, ["Poliisi", "Aselupahakemus", "Metsästys"]) == []


@pytest.mark.slow
def test_phone_photo_with_exif_orientation_is_read(ocr: Callable[[str], OcrResult]) -> None:
    (page,) = ocr("mml_lainhuuto_photo.jpg").pages
    assert page.rotation == 0  # EXIF turned it, not OSD
    assert words_missing(page.text, ["Maanmittauslaitos", "Lainhuutohakemus"]) == []


@pytest.mark.slow
def test_text_layer_pdf_page_is_taken_without_ocr(ocr: Callable[[str], OcrResult]) -> None:
    result = ocr("vero_14a_kotitalousvahennys_digital.pdf")
    (page,) = result.pages
    assert page.source == "text_layer"
    assert page.confidence is None
    assert words_missing(page.text, ["Verohallinto", "14A", "Kotitalousvähennys"]) == []
    assert "Kotitalousvähennys" in pdftotext(result.pdf_path)


@pytest.mark.slow
def test_multi_page_tiff_gives_one_result_per_page(samples: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = ocr_document(
        samples / "te_starttiraha_2pages.tif",
        "image/tiff",
        tmp_path / "out.pdf",
        CTX,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [p.number for p in result.pages] == [1, 2]
    assert "Starttirahahakemus" in result.pages[0].text
    assert "Liiketoimintasuunnitelma" in result.pages[1].text
    assert seen == [(1, 2), (2, 2)]
    assert len(PdfReader(tmp_path / "out.pdf").pages) == 2


@pytest.mark.slow
def test_scanned_pdf_with_blank_back_side(ocr: Callable[[str], OcrResult]) -> None:
    result = ocr("oikeusapu_rattshjalp_scanned_sv.pdf")
    assert [p.source for p in result.pages] == ["ocr", "ocr", "blank"]
    assert result.pages[2].text == ""
    assert "Ansökan om rättshjälp" in " ".join(result.pages[0].text.split())
    assert len(PdfReader(result.pdf_path).pages) == 3
    assert "Inkomster" in pdftotext(result.pdf_path)


@pytest.mark.slow
def test_scanned_pdf_keeps_its_pages_and_gets_only_a_text_layer(
    ocr: Callable[[str], OcrResult], samples: Path
) -> None:
    src = samples / "oikeusapu_rattshjalp_scanned_sv.pdf"
    result = ocr(src.name)
    out = result.pdf_path
    # Tesseract's own pages re-encoded the scan: 203 KB became 696 KB.
    assert out.stat().st_size < 1.3 * src.stat().st_size
    assert page_geometry(out) == page_geometry(src)
    before, after = PdfReader(src), PdfReader(out)
    for old, new in zip(before.pages, after.pages, strict=True):
        old_images = [x.get_object()._data for x in old["/Resources"]["/XObject"].values()]
        new_images = [x.get_object()._data for x in new["/Resources"]["/XObject"].values()]
        assert old_images[0] in new_images  # the scan's JPEG, byte for byte
    text = pdftotext(out)
    assert words_missing(text, ["Ansökan om rättshjälp", "Inkomster", "Sjöberg"]) == []
    assert_text_on_the_words(out)


@pytest.mark.slow
def test_turned_and_skewed_pdf_page_is_searchable_where_its_words_are(
    samples: Path, tmp_path: Path
) -> None:
    # A 2.5-degree skewed scan, stored lying on its side (/Rotate 90): the pipeline turns
    # it upright (/Rotate 0) and deskews it; the text must still sit on the scanned words.
    src = tmp_path / "turned.pdf"
    Image.open(samples / "vero_5010_verokortti_skewed.png").save(src, "PDF", resolution=300)
    writer = PdfWriter(clone_from=src)
    writer.pages[0].rotate(90)
    writer.write(src)
    result = ocr_document(src, "application/pdf", tmp_path / "out.pdf", CTX)
    (page,) = result.pages
    assert page.rotation == 270 and abs(page.skew - 2.5) <= 0.3
    out = result.pdf_path
    (w, h), (sw, sh) = page_geometry(out)[0], page_geometry(src)[0]
    assert (w, h) == (sh, sw)  # upright now: A4 portrait
    assert out.stat().st_size < 1.5 * src.stat().st_size
    text = pdftotext(out)
    assert words_missing(text, ["Verokorttihakemus", "Korhonen", "Palkkatulot"]) == []
    assert_text_on_the_words(out)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "vero_5010_verokortti_skewed.png",
        "dvv_muuttoilmoitus_upside_down.png",
        "poliisi_aselupa_rotated90.png",
        "mml_lainhuuto_photo.jpg",
    ],
)
def test_image_scan_is_kept_as_it_was_with_text_on_its_words(
    ocr: Callable[[str], OcrResult], samples: Path, name: str
) -> None:
    src = samples / name
    out = ocr(name).pdf_path
    assert out.stat().st_size < 1.1 * src.stat().st_size
    xobjects = PdfReader(out).pages[0]["/Resources"]["/XObject"].values()
    # The scan, and tesseract's text page laid over it as a form.
    (image,) = [x for x in xobjects if x.get_object()["/Subtype"] == "/Image"]
    assert [x.get_object()["/Subtype"] for x in xobjects].count("/Form") == 1
    if src.suffix == ".jpg":
        assert image.get_object()._data == src.read_bytes()  # not re-encoded
    else:
        (kept,) = PdfReader(out).pages[0].images
        with Image.open(src) as original:
            assert np.array_equal(np.asarray(kept.image), np.asarray(original))
    assert_text_on_the_words(out)


def test_blank_image_is_a_blank_page_not_a_failure(tmp_path: Path) -> None:
    src = tmp_path / "blank.png"
    Image.new("L", (2480, 3508), 252).save(src, dpi=(300, 300))
    result = ocr_document(src, "image/png", tmp_path / "blank.pdf", CTX)
    (page,) = result.pages
    assert (page.source, page.text, page.confidence) == ("blank", "", None)
    reader = PdfReader(tmp_path / "blank.pdf")
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4 width in points


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["cli", "tesserocr"])
def test_tesseract_timeout_is_an_ocr_timeout(
    samples: Path, tmp_path: Path, backend: Backend
) -> None:
    ctx = OcrContext(workers=1, timeout_seconds=0.05, backend=backend)
    with pytest.raises(OcrTimeoutError) as info:
        ocr_document(samples / "kela_at1_asumistuki_fi.png", "image/png", tmp_path / "o.pdf", ctx)
    assert info.value.code == "ocr_timeout" and info.value.transient
    # Raised in the worker process: the cause is the worker's traceback.
    cause = str(info.value.__cause__)
    assert ("TimeoutExpired" in cause) == (backend == "cli")
    assert not (tmp_path / "o.pdf").exists()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["cli", "tesserocr"])
def test_tesseract_failure_is_an_ocr_error(samples: Path, tmp_path: Path, backend: Backend) -> None:
    ctx = OcrContext(languages="xxx_no_such_language", workers=1, backend=backend)
    with pytest.raises(OcrError) as info:
        ocr_document(samples / "kela_at1_asumistuki_fi.png", "image/png", tmp_path / "o.pdf", ctx)
    assert info.value.code == "ocr_failed"
    assert not info.value.transient


def test_unknown_media_type_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text("hello")
    with pytest.raises(OcrError):
        ocr_document(src, "text/plain", tmp_path / "o.pdf", CTX)


@pytest.mark.slow
def test_benchmark_reports_both_rates(samples: Path) -> None:
    from pipeline.ocr.bench import format_report, run_ocr_benchmark

    report = run_ocr_benchmark(
        [samples / "kela_tt2r_arbetsloshetstid_sv.png"], workers=1, languages="swe+fin+eng"
    )
    assert report["plain_pages_per_second"] > 0
    assert report["pipeline_pages_per_second"] > 0
    assert report["ratio"] == pytest.approx(
        report["pipeline_pages_per_second"] / report["plain_pages_per_second"], rel=0.01
    )
    assert "ratio pipeline/plain" in format_report(report)


@pytest.mark.slow
def test_one_plain_tesseracts_peak_memory_is_its_own(samples: Path, tmp_path: Path) -> None:
    # A child forked straight from a big benchmark process reports the parent's resident
    # pages as its ru_maxrss (they are its own until exec); the figure must be tesseract's.
    from pipeline.ocr.bench import plain_peak_mb

    ballast = bytearray(400 * 1024 * 1024)  # 400 MB resident in this process
    ballast[::4096] = b"x" * len(ballast[::4096])
    peak = plain_peak_mb(samples / "kela_tt2r_arbetsloshetstid_sv.png", tmp_path / "o", "fin")
    assert 10 < peak < 300, peak
    del ballast


@pytest.mark.slow
def test_stack_fed_upside_down_asks_orientation_first_after_the_first_page(
    samples: Path, tmp_path: Path
) -> None:
    # Given a two-page TIFF whose pages are both upside down
    with Image.open(samples / "te_starttiraha_2pages.tif") as im:
        frames = []
        for i in range(2):
            im.seek(i)
            frames.append(im.copy().rotate(180))
    src = tmp_path / "upside_down.tif"
    frames[0].save(src, "TIFF", compression="group4", dpi=(300, 300), save_all=True,
                   append_images=frames[1:])  # fmt: skip
    # When it is OCRed one page at a time
    result = ocr_document(src, "image/tiff", tmp_path / "o.pdf", OcrContext(workers=1))
    # Then both pages are turned; the first after a poor reading, the second straight away
    assert [p.rotation for p in result.pages] == [180, 180]
    assert "Liiketoimintasuunnitelma" in result.pages[1].text
    assert "after a poor first reading" in result.notes[0]
    assert "before OCR" in result.notes[1]


@pytest.mark.parametrize(("rotate", "expected"), [(0, 0), (90, 90), (-90, 270), (450, 90), (45, 0)])
def test_page_rotation_is_read_as_pdfium_reads_it(rotate: int, expected: int) -> None:
    page = PdfWriter().add_blank_page(width=100, height=100)
    page[NameObject("/Rotate")] = NumberObject(rotate)
    assert _rotation(page) == expected
