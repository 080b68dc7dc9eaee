#!/usr/bin/env python3
"""Make the sample scans and broken files of aspa-docflow.

Every form is fictitious: the people, addresses and identifiers are invented, but the
identifiers carry valid check characters so validators accept them. The output is
deterministic: the same script version writes the same bytes (random noise comes from fixed
seeds, PDF dates are fixed).

Usage::

    python samples/make_samples.py --out samples/generated [--if-missing] [--with-large]

See ``samples/README.md`` for the list of files and what each one is for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from PIL import Image, ImageFilter
from sample_forms import (
    A4_PX,
    DPI,
    FONT_DIR,
    form,
    printed_value,
    render_form,
    spec_data,
)

FIXED_DATE = dt.datetime(2026, 1, 15, 9, 30, 0, tzinfo=dt.UTC)
PDF_DATE = "D:20260115093000Z"

# --------------------------------------------------------------------------- scan effects


def to_bilevel(img: Image.Image) -> Image.Image:
    return img.point(lambda v: 255 if v > 160 else 0).convert("1", dither=Image.Dither.NONE)


def skew(img: Image.Image, degrees: float) -> Image.Image:
    return img.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)


def scan_noise(img: Image.Image, seed: int, amount: float = 6.0) -> Image.Image:
    rng = np.random.default_rng(seed)
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0.0, amount, a.shape)
    # A few specks of dust, as real flatbed scans have.
    h, w = a.shape
    for _ in range(40):
        y, x = int(rng.integers(0, h - 4)), int(rng.integers(0, w - 4))
        a[y : y + 3, x : x + 3] = 40
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def photo_effect(img: Image.Image, seed: int) -> Image.Image:
    """A phone photo of a paper form: warm paper, uneven light, slight blur, slight tilt."""
    small = img.resize((1654, 2339), Image.Resampling.LANCZOS)  # ~200 dpi
    small = small.rotate(-1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    small = small.filter(ImageFilter.GaussianBlur(0.8))
    a = np.asarray(small, dtype=np.float32) / 255.0
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w]
    light = 0.80 + 0.15 * (1 - ((xx / w - 0.35) ** 2 + (yy / h - 0.3) ** 2))
    rng = np.random.default_rng(seed)
    lum = a * light * 255 + rng.normal(0, 3.0, a.shape)
    lum = np.clip(lum, 0, 255)
    rgb = np.stack([lum * 1.0, lum * 0.96, lum * 0.88], axis=-1)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def save_png_1bit(img: Image.Image, path: Path) -> None:
    to_bilevel(img).save(path, dpi=(DPI, DPI), optimize=True)


def make_clean_fi(out: Path) -> None:
    save_png_1bit(render_form(form("kela_at1"))[0], out)


def make_clean_sv(out: Path) -> None:
    save_png_1bit(render_form(form("kela_tt2r"))[0], out)


def make_skewed(out: Path) -> None:
    save_png_1bit(skew(render_form(form("vero_5010"))[0], 2.5), out)


def make_upside_down(out: Path) -> None:
    save_png_1bit(render_form(form("dvv_muutto"))[0].rotate(180), out)


def make_rotated90(out: Path) -> None:
    # Scanned sideways: the top of the form points left.
    save_png_1bit(render_form(form("poliisi_aselupa"))[0].rotate(90, expand=True), out)


def make_photo(out: Path) -> None:
    photo = photo_effect(render_form(form("mml_lainhuuto"))[0], seed=7)
    # Stored sideways with EXIF orientation 6, as phones do: a viewer turns it 90° clockwise.
    stored = photo.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(out, "JPEG", quality=72, dpi=(200, 200), exif=exif.tobytes(), optimize=True)


def make_digital_pdf(out: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("aspa-docflow samples")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    doc = spec_data()["digital_pdf"]
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(100, 10, doc["authority"])
    pdf.cell(0, 10, doc["code"], align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(0, 5, doc["address"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 9, doc["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, doc["intro"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in doc["rows"]:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(70, 9, label, border=1)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 9, printed_value(value), border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.multi_cell(0, 6, doc["signature"])
    pdf.set_auto_page_break(False)
    pdf.set_y(-20)
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(0, 5, doc["footer"], align="L")
    pdf.output(str(out))


def make_tiff(out: Path) -> None:
    pages = [to_bilevel(p) for p in render_form(form("te_starttiraha"))]
    pages[0].save(
        out,
        "TIFF",
        compression="group4",
        dpi=(DPI, DPI),
        save_all=True,
        append_images=pages[1:],
    )


def make_scanned_pdf(out: Path) -> None:
    pages = render_form(form("oikeusapu_sv"))
    pages = [scan_noise(skew(p, -0.6), seed=11 + i) for i, p in enumerate(pages)]
    # The back side of the last sheet was scanned too: blank paper with a little noise.
    pages.append(scan_noise(Image.new("L", A4_PX, 250), seed=99, amount=4.0))
    small = [p.resize((1240, 1754), Image.Resampling.LANCZOS) for p in pages]  # 150 dpi
    small[0].save(
        out,
        "PDF",
        resolution=150.0,
        save_all=True,
        append_images=small[1:],
        creationDate=FIXED_DATE.timetuple(),
        modDate=FIXED_DATE.timetuple(),
        producer="aspa-docflow samples",
        quality=60,
    )


# --------------------------------------------------------------------------- broken files


def make_empty(out: Path) -> None:
    out.write_bytes(b"")


def make_text_as_pdf(out: Path) -> None:
    out.write_text("Tämä ei ole PDF vaan tavallinen tekstitiedosto.\n", encoding="utf-8")


def make_truncated_png(out: Path) -> None:
    buf = io.BytesIO()
    to_bilevel(render_form(form("kela_at1"))[0]).save(buf, "PNG", dpi=(DPI, DPI))
    data = buf.getvalue()
    out.write_bytes(data[: len(data) // 3])


def make_encrypted_pdf(out: Path, digital: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(digital))
    writer.add_metadata({"/Producer": "aspa-docflow samples"})
    from pypdf.generic import ArrayObject, ByteStringObject

    fixed_id = ByteStringObject(b"aspa-docflow-smp")
    writer._ID = ArrayObject([fixed_id, fixed_id])
    writer.encrypt(user_password="salasana", owner_password="omistaja", algorithm="RC4-128")
    # encrypt() draws a random second id; RC4 keys use only the first, so pin the second too.
    writer._ID = ArrayObject([fixed_id, fixed_id])
    with out.open("wb") as fh:
        writer.write(fh)


def make_many_pages(out: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(101):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Producer": "aspa-docflow samples"})
    with out.open("wb") as fh:
        writer.write(fh)


def make_bomb_png(out: Path) -> None:
    # 12000 x 12000 = 144 Mpx, above the 60 Mpx limit, yet only some kB on disk. Written by
    # hand (one zlib stream of zero rows) so making it needs no 144 MB of memory.
    w = h = 12000
    row = b"\x00" + b"\xff" * (w // 8)  # filter byte + white 1-bit row
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return len(data).to_bytes(4, "big") + kind + data + crc.to_bytes(4, "big")

    ihdr = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    out.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def make_too_large(out: Path) -> None:
    # 51 MiB: a PDF header followed by deterministic noise. Never committed.
    rng = np.random.default_rng(2026)
    with out.open("wb") as fh:
        fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        for _ in range(51):
            fh.write(rng.integers(0, 256, 1024 * 1024, dtype=np.uint8).tobytes())


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Sample:
    name: str
    make: Callable[[Path], None]
    purpose: str
    authority: str | None = None
    service: str | None = None
    language: str | None = None
    pages: int | None = None
    rejected: str | None = None  # intake error code
    contains: tuple[str, ...] = ()  # words the OCR must find
    large: bool = False


SAMPLES_FILE = Path(__file__).with_name("samples.yaml")


def samples() -> list[Sample]:
    """The sample files of samples.yaml, each with the function that draws it."""
    raw = yaml.safe_load(SAMPLES_FILE.read_text(encoding="utf-8"))["samples"]
    makers = {
        name.removeprefix("make_"): fn for name, fn in globals().items() if name.startswith("make_")
    }
    makers["encrypted_pdf"] = lambda p: None  # made after the digital PDF, see main
    return [
        Sample(
            **{k: v for k, v in entry.items() if k not in ("make", "contains")},
            make=makers[entry["make"]],
            contains=tuple(entry.get("contains", ())),
        )
        for entry in raw
    ]


def expected_entry(s: Sample) -> dict[str, object]:
    if s.rejected:
        return {"rejected": s.rejected, "purpose": s.purpose}
    return {
        "rejected": None,
        "authority": s.authority,
        "service": s.service,
        "language": s.language,
        "pages": s.pages,
        "contains": list(s.contains),
        "purpose": s.purpose,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "generated")
    ap.add_argument("--if-missing", action="store_true", help="skip files that already exist")
    ap.add_argument("--with-large", action="store_true", help="also write the 51 MiB file")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    made = 0
    for s in samples():
        if s.large and not args.with_large:
            continue
        target = out / s.name
        if args.if_missing and target.exists():
            continue
        tmp = target.with_name(".part-" + target.name)
        if s.name == "broken_encrypted.pdf":
            digital = out / "vero_14a_kotitalousvahennys_digital.pdf"
            if not digital.exists():
                make_digital_pdf(digital)
            make_encrypted_pdf(tmp, digital)
        else:
            s.make(tmp)
        shutil.move(tmp, target)
        made += 1
    expected = {s.name: expected_entry(s) for s in samples()}
    (out / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{made} sample file(s) written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
