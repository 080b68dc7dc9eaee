"""Reading accuracy of the OCR stage on form pages drawn from known text.

:func:`form_page` draws an A4 form at 300 dpi with PIL (header, field boxes two to a row, a
free-text box, tick boxes, a signature box with a scribble, footer) from a seed, and returns
the page and its text in the order people read it: rows top to bottom, boxes left to right,
each box label then value; tick boxes as (label, ticked); the signature box by its label only.
``noisy`` makes it a phone-like scan: grey JPEG, noise, dust, blur and a 1.5-degree skew.

Measures: character error rate (CER, edit distance over the reference length, whitespace
collapsed) and order-free word error rate (the words missing or extra as multisets, over the
reference words), both against the reference.

Run it: ``python -m pipeline.ocr.evaluate [--pages N]``: the generated pages clean and noisy,
before (tesseract's own text, ``form_layout=False``) and after; ``--samples``: the project's
committed sample scans against their text (``samples_reference.json``).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ocr._document import ocr_document
from pipeline.ocr.types import OcrContext

DPI = 300
A4 = (2480, 3508)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

_SURNAMES = ["Lehtonen", "Heikkinen", "Mäkelä", "Nyström", "Järvinen", "Koskinen", "Öhman"]
_FIRST = ["Elina", "Juha", "Sofia", "Mikael", "Päivi", "Anders", "Kaisu"]
_STREETS = ["Rantatie", "Kirkkokatu", "Östra Långgatan", "Pihlajatie", "Väinönkatu"]
_TOWNS = ["00530 Helsinki", "33100 Tampere", "65100 Vaasa", "20100 Turku", "90100 Oulu"]
_TITLES = [
    ("Hakemus", "Vammaisetuuden hakemus", "Lisätietoja hakemuksesta"),
    ("Ilmoitus", "Muutosilmoitus asumistukeen", "Kuvaus muutoksesta"),
    ("Ansökan", "Ansökan om handikappförmån", "Övriga upplysningar"),
]
_PARAGRAPH = (
    "Olen ollut työkyvytön syyskuusta lähtien ja tarvitsen apua päivittäisissä "
    "toimissa. Lääkärinlausunto on liitteenä. Pyydän, että hakemus käsitellään "
    "kiireellisenä, koska vuokranmaksu erääntyy kuun lopussa ja säästöni ovat vähissä. "
    "Voitte soittaa minulle arkisin kello yhdeksän ja neljän välillä."
)
_CHECKS = [
    "Haen etuutta myös takautuvasti",
    "Liitän mukaan lääkärinlausunnon",
    "Haluan päätöksen sähköisesti",
    "Olen tarkistanut antamani tiedot",
]


@dataclass(frozen=True)
class DrawnPage:
    image: Image.Image
    text: str  # reference text in reading order (tick labels included, no tick marks)
    checks: tuple[tuple[str, bool], ...]  # tick boxes: label, ticked


def _font(size_pt: float, *, bold: bool = False, mono: bool = False) -> ImageFont.FreeTypeFont:
    name = ("DejaVuSansMono" if mono else "DejaVuSans") + ("-Bold" if bold else "")
    return ImageFont.truetype(str(FONT_DIR / f"{name}.ttf"), round(size_pt * DPI / 72))


def _wrap(d: ImageDraw.ImageDraw, text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}".strip()
        if d.textlength(cand, font=f) <= width or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    return [*lines, cur] if cur else lines


def _scribble(
    d: ImageDraw.ImageDraw, x0: int, y0: int, x1: int, y1: int, rng: random.Random
) -> None:
    """A handwritten-looking signature: a few loops joined by one stroke."""
    pts: list[tuple[float, float]] = []
    x = float(x0)
    while x < x1:
        t = len(pts) * 0.55
        pts.append((x, (y0 + y1) / 2 + (y1 - y0) * 0.35 * np.sin(t) * rng.uniform(0.6, 1.0)))
        x += rng.uniform(12, 30)
    d.line(pts, fill=0, width=5, joint="curve")
    d.line([(x0 + 20, y1 - 10), (x0 + (x1 - x0) * 0.6, y1 - 25)], fill=0, width=4)


def form_page(seed: int, *, noisy: bool = False) -> DrawnPage:
    """A form page drawn from known text (see the module docstring)."""
    rng = random.Random(seed)
    img = Image.new("L", A4, 255)
    d = ImageDraw.Draw(img)
    m, right = 190, A4[0] - 190
    f_logo, f_code, f_title = _font(20, bold=True), _font(15, bold=True), _font(14, bold=True)
    f_head, f_label, f_value, f_text = (
        _font(10.5, bold=True),
        _font(7.5),
        _font(11, mono=True),
        _font(9.5),
    )
    kind, title, free_label = rng.choice(_TITLES)
    code = f"{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')} {rng.randint(1, 19)}"
    ref: list[str] = []

    d.text((m, 150), "Kansaneläkelaitos", font=f_logo, fill=0)
    cw = d.textlength(code, font=f_code)
    d.text((right - cw, 150), code, font=f_code, fill=0)
    ref += ["Kansaneläkelaitos", code]
    d.line((m, 300, right, 300), fill=0, width=5)
    d.text((m, 350), title, font=f_title, fill=0)
    ref.append(title)
    y = 470
    intro = (
        f"{kind}. Täytä lomake huolellisesti ja palauta se liitteineen lähimpään palvelupisteeseen."
    )
    for line in _wrap(d, intro, f_text, right - m):
        d.text((m, y), line, font=f_text, fill=0)
        y += 56
    ref.append(intro)
    y += 30

    def heading(text: str) -> None:
        nonlocal y
        d.rectangle((m, y, right, y + 62), fill=225)
        d.text((m + 16, y + 8), text, font=f_head, fill=0)
        ref.append(text)
        y += 90

    name = f"{rng.choice(_FIRST)} {rng.choice(_SURNAMES)}"
    day = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99)}"
    fields = [
        ("Nimi", name),
        ("Henkilötunnus", f"{day}-{rng.randint(100, 899)}{rng.choice('ABCHJKLMNPRSTUVWXY')}"),
        (
            "Lähiosoite",
            f"{rng.choice(_STREETS)} {rng.randint(1, 60)} {rng.choice('ABC')} {rng.randint(1, 30)}",
        ),
        ("Postinumero ja -toimipaikka", rng.choice(_TOWNS)),
        (
            "Puhelinnumero",
            f"04{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        ),
        ("Äidinkieli", rng.choice(["suomi", "ruotsi", "svenska"])),
    ]
    heading("1. Hakijan tiedot")
    col = (right - m - 30) // 2
    for i in range(0, len(fields), 2):
        for j, (label, value) in enumerate(fields[i : i + 2]):
            x0 = m + j * (col + 30)
            d.rectangle((x0, y, x0 + col, y + 130), outline=0, width=3)
            d.text((x0 + 14, y + 8), label, font=f_label, fill=0)
            d.text((x0 + 22, y + 56), value, font=f_value, fill=0)
            ref += [label, value]
        y += 150
    y += 20

    heading(f"2. {free_label}")
    lines = _wrap(d, _PARAGRAPH, f_text, right - m - 60)
    box_h = 70 + 56 * len(lines)
    d.rectangle((m, y, right, y + box_h), outline=0, width=3)
    d.text((m + 14, y + 8), free_label, font=f_label, fill=0)
    for k, line in enumerate(lines):
        d.text((m + 30, y + 56 + 56 * k), line, font=f_text, fill=0)
    ref += [free_label, _PARAGRAPH]
    y += box_h + 40

    heading("3. Valinnat")
    checks: list[tuple[str, bool]] = []
    for label in rng.sample(_CHECKS, 3):
        ticked = rng.random() < 0.5
        d.rectangle((m + 10, y + 6, m + 60, y + 56), outline=0, width=3)
        if ticked:
            d.line((m + 16, y + 30, m + 32, y + 50), fill=0, width=7)
            d.line((m + 32, y + 50, m + 56, y + 8), fill=0, width=7)
        d.text((m + 90, y + 6), label, font=f_text, fill=0)
        checks.append((label, ticked))
        ref.append(label)
        y += 80
    y += 30

    heading("4. Allekirjoitus")
    place = f"{rng.choice(_TOWNS).split()[1]} {rng.randint(1, 28)}.{rng.randint(1, 12)}.2026"
    d.rectangle((m, y, m + col, y + 200), outline=0, width=3)
    d.text((m + 14, y + 8), "Paikka ja aika", font=f_label, fill=0)
    d.text((m + 22, y + 80), place, font=f_value, fill=0)
    x1 = m + col + 30
    d.rectangle((x1, y, right, y + 200), outline=0, width=3)
    d.text((x1 + 14, y + 8), "Allekirjoitus", font=f_label, fill=0)
    _scribble(d, x1 + 60, y + 70, right - 120, y + 180, rng)
    ref += ["Paikka ja aika", place, "Allekirjoitus"]

    fy = A4[1] - 200
    d.line((m, fy - 20, right, fy - 20), fill=0, width=3)
    d.text((m, fy), f"{code} 11.26", font=_font(10), fill=0)
    pw = d.textlength("1 (1)", font=_font(10))
    d.text((right - pw, fy), "1 (1)", font=_font(10), fill=0)
    ref += [f"{code} 11.26", "1 (1)"]

    if noisy:
        img = _noisy(img, seed)
    else:
        img = img.point(lambda v: 255 if v > 160 else 0).convert("1", dither=Image.Dither.NONE)
    return DrawnPage(img, "\n".join(ref), tuple(checks))


def _noisy(img: Image.Image, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    img = img.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    a = np.asarray(img, dtype=np.float32) * 0.92 + 12 + rng.normal(0, 9, (A4[1], A4[0]))
    for _ in range(80):
        yy, xx = int(rng.integers(0, A4[1] - 4)), int(rng.integers(0, A4[0] - 4))
        a[yy : yy + 3, xx : xx + 3] = 50
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=80, dpi=(DPI, DPI))
    buf.seek(0)
    return Image.open(buf)


def _norm(text: str) -> str:
    return " ".join(text.split())


def cer(ref: str, hyp: str) -> float:
    """Character error rate: Levenshtein distance / reference length (whitespace collapsed)."""
    a, b = _norm(ref), _norm(hyp)
    if not a:
        return float(bool(b))
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] / len(a)


def bag_wer(ref: str, hyp: str) -> float:
    """Order-free word error rate: words missing or extra (as multisets) / reference words."""
    r, h = Counter(ref.split()), Counter(hyp.split())
    errors = max(sum(r.values()), sum(h.values())) - sum((r & h).values())
    return errors / max(1, sum(r.values()))


def evaluate(pages: int = 4, *, ctx: OcrContext | None = None, seed: int = 1300) -> dict[str, Any]:
    """CER and order-free WER, before (tesseract's text) and after (form reading), clean and
    noisy, on ``pages`` generated pages each; tick boxes found right, signatures left out."""
    ctx = ctx or OcrContext()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="aspa-eval-") as tmp:
        for noisy in (False, True):
            kind = "noisy" if noisy else "clean"
            drawn = [form_page(seed + i, noisy=noisy) for i in range(pages)]
            files = []
            for i, p in enumerate(drawn):
                f = Path(tmp) / f"{kind}-{i}.{'jpg' if noisy else 'png'}"
                p.image.save(f, dpi=(DPI, DPI), quality=80 if noisy else 75)
                files.append(f)
            for label, layout in (("before", False), ("after", True)):
                c = replace(ctx, form_layout=layout)
                cers, wers, ticks_right, ticks_total = [], [], 0, 0
                for p, f in zip(drawn, files, strict=True):
                    media = "image/jpeg" if noisy else "image/png"
                    res = ocr_document(f, media, Path(tmp) / "out.pdf", c)
                    cers.append(cer(p.text, res.text))
                    wers.append(bag_wer(p.text, res.text))
                    if layout:
                        found = {(cb.label, cb.ticked) for cb in res.checkboxes}
                        ticks_right += sum(1 for ch in p.checks if ch in found)
                        ticks_total += len(p.checks)
                row: dict[str, Any] = {
                    "cer": round(sum(cers) / len(cers), 4),
                    "order_free_wer": round(sum(wers) / len(wers), 4),
                    "cer_per_page": [round(x, 4) for x in cers],
                }
                if layout:
                    row["tick_boxes_right"] = f"{ticks_right}/{ticks_total}"
                out[f"{kind}_{label}"] = row
    return out


SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples" / "generated"
# The committed sample scans' text in reading order, page by page, written once from the form
# specifications in samples/make_samples.py (the scans are committed, so it stays true).
SAMPLES_REFERENCE = Path(__file__).with_name("samples_reference.json")
_MEDIA = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".tif": "image/tiff",
    ".pdf": "application/pdf",
}


def evaluate_samples(
    ctx: OcrContext | None = None, samples_dir: Path = SAMPLES_DIR
) -> dict[str, Any]:
    """CER and order-free WER on the project's sample scans, before and after, per file."""
    ctx = ctx or OcrContext()
    refs: dict[str, list[str]] = json.loads(SAMPLES_REFERENCE.read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="aspa-eval-") as tmp:
        for label, layout in (("before", False), ("after", True)):
            per: dict[str, dict[str, float]] = {}
            for name, pages in refs.items():
                src = samples_dir / name
                res = ocr_document(src, _MEDIA[src.suffix], Path(tmp) / "o.pdf",
                                   replace(ctx, form_layout=layout))  # fmt: skip
                ref, hyp = "\n".join(pages), "\n".join(p.text for p in res.pages)
                per[name] = {
                    "cer": round(cer(ref, hyp), 4),
                    "order_free_wer": round(bag_wer(ref, hyp), 4),
                }
            out[label] = {
                "cer": round(sum(v["cer"] for v in per.values()) / len(per), 4),
                "order_free_wer": round(
                    sum(v["order_free_wer"] for v in per.values()) / len(per), 4
                ),
                "files": per,
            }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="OCR reading accuracy on generated form pages")
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--backend", default="auto", choices=["auto", "tesserocr", "cli"])
    ap.add_argument("--samples", action="store_true", help="the committed sample scans instead")
    args = ap.parse_args(argv)
    ctx = OcrContext(backend=args.backend)
    figures = evaluate_samples(ctx) if args.samples else evaluate(args.pages, ctx=ctx)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
