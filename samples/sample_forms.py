"""The sample forms: specifications read from forms.yaml, drawn as A4 pages at 300 dpi.

Used by make_samples.py (the scans) and measure_languages.py (the OCR ground truth).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw, ImageFont

DPI = 300
A4_PX = (2480, 3508)  # 210 x 297 mm at 300 dpi
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# --------------------------------------------------------------------------- identifiers

HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(ddmmyy: str, sign: str, nnn: str) -> str:
    """A henkilötunnus with its check character."""
    return f"{ddmmyy}{sign}{nnn}{HETU_CHECK[int(ddmmyy + nnn) % 31]}"


def fi_iban(bban14: str) -> str:
    """A Finnish IBAN printed in groups of four."""
    numeric = int(bban14 + "151800")  # F=15 I=18 00
    check = 98 - numeric % 97
    raw = f"FI{check:02d}{bban14}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def ytunnus(seven: str) -> str:
    """A Y-tunnus with its check digit (seven must not give remainder 1)."""
    s = sum(int(d) * w for d, w in zip(seven, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if s == 1:
        raise ValueError("no valid check digit for " + seven)
    return f"{seven}-{0 if s == 0 else 11 - s}"


# --------------------------------------------------------------------------- fonts


def font(size_pt: float, *, bold: bool = False, mono: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSansMono" if mono else "DejaVuSans"
    if bold:
        name += "-Bold"
    return ImageFont.truetype(str(FONT_DIR / f"{name}.ttf"), round(size_pt * DPI / 72))


# --------------------------------------------------------------------------- form layout


@dataclass(frozen=True)
class Section:
    heading: str
    fields: tuple[tuple[str, str], ...] = ()  # (label, value) boxes, two per row
    checks: tuple[tuple[str, bool], ...] = ()  # check boxes
    text: str = ""  # free text paragraph


@dataclass(frozen=True)
class FormSpec:
    authority: str  # big logo text
    authority_line: str  # address line under it
    code: str  # big code top right
    kind: str  # "Hakemus", "Ilmoitus", ...
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footer_left: str  # code and edition, e.g. "AT 1 01.24"
    footer_mid: str
    page_label: str = "1 (1)"
    extra_pages: tuple[tuple[Section, ...], ...] = field(default_factory=tuple)


def render_page(spec: FormSpec, sections: tuple[Section, ...], page_label: str) -> Image.Image:
    """Render one A4 page at 300 dpi as an 8-bit grayscale image."""
    img = Image.new("L", A4_PX, 255)
    d = ImageDraw.Draw(img)
    margin = 190
    right = A4_PX[0] - margin
    f_logo = font(22, bold=True)
    f_small = font(8)
    f_code = font(16, bold=True)
    f_title = font(15, bold=True)
    f_sub = font(10)
    f_head = font(10.5, bold=True)
    f_label = font(7.5)
    f_value = font(11, mono=True)
    f_text = font(9.5)

    # Header: authority left, code right, rule below.
    d.text((margin, 150), spec.authority, font=f_logo, fill=0)
    d.text((margin, 260), spec.authority_line, font=f_small, fill=0)
    code_w = d.textlength(spec.code, font=f_code)
    d.text((right - code_w, 150), spec.code, font=f_code, fill=0)
    kind_w = d.textlength(spec.kind, font=f_sub)
    d.text((right - kind_w, 235), spec.kind, font=f_sub, fill=0)
    d.line((margin, 330, right, 330), fill=0, width=5)
    y = 380
    if page_label.startswith("1 "):
        d.text((margin, y), spec.title, font=f_title, fill=0)
        y += 90
        d.text((margin, y), spec.subtitle, font=f_sub, fill=0)
        y += 90
    else:
        d.text((margin, y), f"{spec.title} ({spec.code})", font=f_sub, fill=0)
        y += 80

    col_w = (right - margin - 30) // 2
    for sec in sections:
        d.rectangle((margin, y, right, y + 62), fill=225)
        d.text((margin + 16, y + 8), sec.heading, font=f_head, fill=0)
        y += 84
        for i, (label, value) in enumerate(sec.fields):
            col = i % 2
            x0 = margin + col * (col_w + 30)
            if col == 0 and i > 0:
                y += 150
            d.rectangle((x0, y, x0 + col_w, y + 130), outline=0, width=3)
            d.text((x0 + 14, y + 8), label, font=f_label, fill=0)
            d.text((x0 + 22, y + 56), value, font=f_value, fill=0)
        if sec.fields:
            y += 170
        for label, ticked in sec.checks:
            d.rectangle((margin + 10, y + 6, margin + 60, y + 56), outline=0, width=3)
            if ticked:
                d.line((margin + 16, y + 30, margin + 32, y + 50), fill=0, width=7)
                d.line((margin + 32, y + 50, margin + 56, y + 8), fill=0, width=7)
            d.text((margin + 90, y + 6), label, font=f_text, fill=0)
            y += 80
        if sec.text:
            for line in wrap(d, sec.text, f_text, right - margin - 20):
                d.text((margin + 10, y), line, font=f_text, fill=0)
                y += 56
        y += 40

    # Footer: code and edition, address, page.
    fy = A4_PX[1] - 200
    d.line((margin, fy - 20, right, fy - 20), fill=0, width=3)
    d.text((margin, fy), spec.footer_left, font=f_sub, fill=0)
    mid_w = d.textlength(spec.footer_mid, font=f_small)
    d.text(((A4_PX[0] - mid_w) / 2, fy + 70), spec.footer_mid, font=f_small, fill=0)
    pw = d.textlength(page_label, font=f_sub)
    d.text((right - pw, fy), page_label, font=f_sub, fill=0)
    return img


def wrap(d: ImageDraw.ImageDraw, text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}".strip()
        if d.textlength(cand, font=f) <= width:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def render_form(spec: FormSpec) -> list[Image.Image]:
    pages = [spec.sections, *spec.extra_pages]
    n = len(pages)
    return [render_page(spec, secs, f"{i + 1} ({n})") for i, secs in enumerate(pages)]


# --------------------------------------------------------------------------- form specifications

# The forms are data: forms.yaml beside this module.
FORMS_FILE = Path(__file__).with_name("forms.yaml")

# A value written as {hetu: ...}, {iban: ...} or {ytunnus: ...} gets its check character(s).
GENERATED: dict[str, Callable[[str], str]] = {
    "hetu": lambda v: hetu(v[:6], v[6], v[7:]),
    "iban": fi_iban,
    "ytunnus": ytunnus,
}


def printed_value(raw: object) -> str:
    if isinstance(raw, dict):
        ((kind, arg),) = raw.items()
        return GENERATED[kind](str(arg))
    return str(raw)


def _section(raw: dict[str, Any]) -> Section:
    return Section(
        raw["heading"],
        fields=tuple((str(label), printed_value(v)) for label, v in raw.get("fields", ())),
        checks=tuple((str(label), bool(on)) for label, on in raw.get("checks", ())),
        text=raw.get("text", ""),
    )


@functools.cache
def spec_data() -> dict[str, Any]:
    return yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def form(name: str) -> FormSpec:
    """The form ``name`` of forms.yaml (``kela_at1``, ``vero_5010``, ...)."""
    raw = dict(spec_data()["forms"][name])
    raw["sections"] = tuple(_section(x) for x in raw["sections"])
    raw["extra_pages"] = tuple(
        tuple(_section(x) for x in page) for page in raw.get("extra_pages", ())
    )
    return FormSpec(**raw)
