"""Batch splitting: separator sheets, form first pages, foreign QR codes, PDF and TIFF."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import qrcode
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat
from pypdf import PdfReader

from channels.separator import (
    is_separator,
    make_separator_image,
    make_separator_pdf,
    parse_payload,
    read_separator,
    separator_payload,
)
from channels.splitting import (
    PageInfo,
    analyse_pages,
    page_range_label,
    split_batch,
    split_points,
    split_tiff,
)

DPI = 100
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FORM_CODE = re.compile(r"\b(AT|TT|SV|LL|TO)\s?\d{1,3}\b")


def form_page(top: str, body: str) -> Image.Image:
    """An A4 page at 100 dpi with a title at the top and some body text."""
    page = Image.new("L", (827, 1169), 255)
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), top, fill=0, font=ImageFont.truetype(FONT, 36))
    small = ImageFont.truetype(FONT, 18)
    for i in range(12):
        draw.text((60, 400 + i * 40), f"{body} rivi {i + 1}", fill=0, font=small)
    return page


def separator_scan(tmp_path: Path, label: str) -> Image.Image:
    """The printed separator PDF, rendered back like a scanner would see it."""
    import pypdfium2 as pdfium

    pdf = make_separator_pdf(tmp_path / f"sep-{label}.pdf", label=label)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[0].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        doc.close()


def qr_page(payload: str) -> Image.Image:
    page = form_page("Tiedote", "Lue lisää verkosta")
    code = qrcode.make(payload).get_image().convert("L").resize((300, 300))
    page.paste(code, (260, 700))
    return page


def customers() -> list[list[Image.Image]]:
    return [
        [
            form_page("AT 1 Hakemus Yleinen asumistuki", "Asiakas A"),
            form_page("Sivu 2", "Asiakas A jatkuu"),
        ],
        [form_page("TT 2 Ilmoitus työttömyysajasta", "Asiakas B")],
        [
            form_page("SV 4 Hakemus Matkakorvaus", "Asiakas C"),
            form_page("Liite: kuitit", "Asiakas C kuitit"),
            form_page("Sivu 3", "Asiakas C loppu"),
        ],
    ]


def save_pdf(pages: list[Image.Image], path: Path) -> Path:
    pages[0].save(path, format="PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return path


def distance(x: Image.Image, y: Image.Image) -> float:
    """Mean absolute grey-level difference of two pages at thumbnail size."""
    diff = ImageChops.difference(
        x.convert("L").resize((166, 234)), y.convert("L").resize((166, 234))
    )
    return float(ImageStat.Stat(diff).mean[0])


def pdf_pages(path: Path) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].render(scale=DPI / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def test_batch_with_separator_sheets_splits_into_each_customers_documents(tmp_path: Path) -> None:
    # Given three customers' papers scanned in one go, separated by sheets (one with a blank
    # back side from a duplex scan, one at the very start)
    a, b, c = customers()
    sep = separator_scan(tmp_path, "Mikkeli erä 7")
    blank = Image.new("L", (827, 1169), 250)
    pages = [sep, *a, sep, blank, *b, sep, *c]
    batch = save_pdf(pages, tmp_path / "batch.pdf")
    # When it is split
    parts = split_batch(batch, tmp_path / "out")
    # Then each customer's pages form one PDF, without separators or the blank back
    assert [p.pages for p in parts] == [range(2, 4), range(6, 7), range(8, 11)]
    assert [p.page_range for p in parts] == ["2-3", "6", "8-10"]
    assert [len(PdfReader(p.path).pages) for p in parts] == [2, 1, 3]
    # And the pages are the right ones: each is closest to its own original among all pages
    originals = [*a, *b, *c]
    rendered = [page for part in parts for page in pdf_pages(part.path)]
    for i, got in enumerate(rendered):
        distances = [distance(got, want) for want in originals]
        assert distances.index(min(distances)) == i and min(distances) < 2.0


def test_batch_without_separators_splits_at_form_first_pages(tmp_path: Path) -> None:
    pytesseract = pytest.importorskip("pytesseract")
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")

    def top_text(image: Image.Image) -> str:
        return str(pytesseract.image_to_string(image, lang="eng", config="--psm 6"))

    a, b, c = customers()
    batch = save_pdf([*a, *b, *c], tmp_path / "batch.pdf")
    parts = split_batch(
        batch,
        tmp_path / "out",
        top_text=top_text,
        looks_like_first_page=lambda text: FORM_CODE.search(text) is not None,
    )
    assert [p.pages for p in parts] == [range(1, 3), range(3, 4), range(4, 7)]


def test_a_foreign_qr_code_is_not_a_separator(tmp_path: Path) -> None:
    assert not is_separator(qr_page("https://www.kela.fi/lomakkeet"))
    assert not is_separator(qr_page("ASPA-SEPARATOR v2"))
    assert not is_separator(qr_page("XASPA-SEPARATOR v1"))
    assert not is_separator(form_page("AT 1", "ei koodia"))
    ours = qr_page(separator_payload("Oulu"))
    assert read_separator(ours) is not None and read_separator(ours).label == "Oulu"  # type: ignore[union-attr]
    # A foreign QR in a batch does not cut it
    pages = analyse_pages(
        save_pdf([form_page("AT 1", "x"), qr_page("https://kela.fi")], tmp_path / "b.pdf")
    )
    assert [p.is_separator for p in pages] == [False, False]
    assert split_points(pages) == [range(1, 3)]


def test_separator_pdf_is_a4_and_carries_its_label(tmp_path: Path) -> None:
    out = make_separator_pdf(tmp_path / "erotin.pdf", label="Parainen / Pargas")
    box = PdfReader(out).pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2
    info = read_separator(separator_scan(tmp_path, "Parainen / Pargas"))
    assert info is not None and info.label == "Parainen / Pargas"
    big = make_separator_image(label="x", dpi=300)  # a 300 dpi scan is read too
    assert is_separator(big)


def test_payload_round_trip_and_strictness() -> None:
    assert parse_payload(separator_payload(None)) is not None
    assert parse_payload(separator_payload("erä\n12|x")).label == "erä 12|x"  # type: ignore[union-attr]
    assert parse_payload("ASPA-SEPARATOR v1x") is None
    assert parse_payload("") is None


def P(n: int, *, sep: bool = False, top: str = "", blank: bool = False) -> PageInfo:
    return PageInfo(n, is_separator=sep, top_text=top, is_blank=blank)


def test_split_points_rules() -> None:
    first = lambda t: t.startswith("AT")  # noqa: E731
    # separators win over first pages; empty parts vanish
    pages = [P(1, sep=True), P(2, top="AT 1"), P(3, top="AT 1"), P(4, sep=True), P(5, sep=True)]
    assert split_points(pages, first) == [range(2, 4)]
    # without separators, cut at first pages; leading pages stay with the first form
    pages = [P(1, top="kansilehti"), P(2, top="AT 1"), P(3), P(4, top="AT 5"), P(5)]
    assert split_points(pages, first) == [range(1, 4), range(4, 6)]
    # no test and no separators: the batch stays whole
    assert split_points(pages) == [range(1, 6)]
    # a blank page after a separator is dropped, a blank page inside a document is kept
    pages = [P(1), P(2, sep=True), P(3, blank=True), P(4), P(5, blank=True), P(6)]
    assert split_points(pages) == [range(1, 2), range(4, 7)]
    assert split_points([P(1, sep=True)]) == []
    assert page_range_label(range(3, 6)) == "3-5" and page_range_label(range(4, 5)) == "4"


def test_multipage_tiff_splits_too(tmp_path: Path) -> None:
    a, b, _ = customers()
    sep = separator_scan(tmp_path, "tiff")
    pages = [p.convert("1") for p in (*a, sep, *b)]
    src = tmp_path / "batch.tif"
    pages[0].save(src, save_all=True, append_images=pages[1:], compression="group4", dpi=(DPI, DPI))
    parts = split_batch(src, tmp_path / "out")
    assert [p.pages for p in parts] == [range(1, 3), range(4, 5)]
    with Image.open(parts[0].path) as tif:
        assert tif.n_frames == 2 and tif.mode == "1"
    with pytest.raises(ValueError):
        split_tiff(src, [range(4, 9)], tmp_path / "bad")
