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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 300
A4_PX = (2480, 3508)  # 210 x 297 mm at 300 dpi
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_DATE = dt.datetime(2026, 1, 15, 9, 30, 0, tzinfo=dt.UTC)
PDF_DATE = "D:20260115093000Z"

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


# --------------------------------------------------------------------------- the forms

KELA_ADDR_FI = "Kela, PL 10, 00056 KELA · kela.fi"
KELA_ADDR_SV = "FPA, PB 10, 00056 FPA · fpa.fi"
VERO_ADDR = "Verohallinto, PL 700, 00052 VERO · vero.fi"


def form_kela_at1() -> FormSpec:
    return FormSpec(
        authority="Kela",
        authority_line=KELA_ADDR_FI,
        code="AT 1",
        kind="Hakemus",
        title="Yleinen asumistuki",
        subtitle="Hakemus – Yleinen asumistuki. Täytä lomake huolellisesti.",
        sections=(
            Section(
                "1. Hakijan tiedot",
                fields=(
                    ("Sukunimi", "Virtanen"),
                    ("Etunimet", "Aino Maria"),
                    ("Henkilötunnus", hetu("131052", "-", "308")),
                    ("Puhelinnumero", "040 123 4567"),
                    ("Lähiosoite", "Koulukatu 12 B 7"),
                    ("Postinumero ja -toimipaikka", "50100 Mikkeli"),
                    ("Sähköposti", "aino.virtanen@example.fi"),
                    ("Äidinkieli", "suomi"),
                ),
            ),
            Section(
                "2. Asunto",
                fields=(
                    ("Asumismuoto", "Vuokra-asunto"),
                    ("Vuokra euroa/kk", "640,00"),
                    ("Asuinpinta-ala m2", "48"),
                    ("Muuttopäivä", "01.02.2026"),
                ),
            ),
            Section(
                "3. Tilinumero",
                fields=(("Tilinumero (IBAN)", fi_iban("12345600000785")), ("BIC", "NDEAFIHH")),
            ),
            Section(
                "4. Allekirjoitus",
                checks=(("Vakuutan antamani tiedot oikeiksi.", True),),
                text="Paikka ja aika: Mikkeli 15.01.2026. Hakijan allekirjoitus: Aino Virtanen",
            ),
        ),
        footer_left="AT 1 01.24",
        footer_mid=KELA_ADDR_FI,
    )


def form_kela_tt2r() -> FormSpec:
    return FormSpec(
        authority="FPA",
        authority_line=KELA_ADDR_SV,
        code="TT 2r",
        kind="Anmälan",
        title="Anmälan om arbetslöshetstid",
        subtitle="Arbetslöshetsförmåner – anmälan om arbetslöshetstid för fyra veckor.",
        sections=(
            Section(
                "1. Sökandens uppgifter",
                fields=(
                    ("Efternamn", "Lindholm"),
                    ("Förnamn", "Erik Johan"),
                    ("Personbeteckning", hetu("240378", "-", "115")),
                    ("Telefonnummer", "050 765 4321"),
                    ("Adress", "Strandvägen 5"),
                    ("Postnummer och postanstalt", "21600 Pargas"),
                    ("E-post", "erik.lindholm@example.com"),
                    ("Modersmål", "svenska"),
                ),
            ),
            Section(
                "2. Arbetslöshetstid",
                fields=(("Från", "05.01.2026"), ("Till", "01.02.2026")),
                checks=(
                    ("Jag har varit arbetslös hela perioden.", True),
                    ("Jag har haft tillfälligt arbete under perioden.", False),
                ),
            ),
            Section(
                "3. Underskrift",
                text="Ort och datum: Pargas 02.02.2026. Sökandens underskrift: Erik Lindholm. "
                "Skicka blanketten till FPA, PB 10, 00056 FPA.",
            ),
        ),
        footer_left="TT 2r 01.24",
        footer_mid=KELA_ADDR_SV,
    )


def form_vero_5010() -> FormSpec:
    return FormSpec(
        authority="Verohallinto",
        authority_line=VERO_ADDR,
        code="5010",
        kind="Hakemus",
        title="Verokorttihakemus ja/tai ennakkoverohakemus",
        subtitle="Hae muutosverokorttia, jos tulosi muuttuvat vuoden aikana.",
        sections=(
            Section(
                "1. Hakijan tiedot",
                fields=(
                    ("Nimi", "Mikko Korhonen"),
                    ("Henkilötunnus", hetu("050690", "-", "271")),
                    ("Osoite", "Kauppakatu 3 A 4, 90100 Oulu"),
                    ("Puhelinnumero", "044 555 0101"),
                ),
            ),
            Section(
                "2. Arvioidut tulot verovuonna 2026",
                fields=(
                    ("Palkkatulot euroa", "41 200,00"),
                    ("Työnantajan Y-tunnus", ytunnus("2077474")),
                    ("Eläketulot euroa", "0,00"),
                    ("Muut tulot euroa", "1 500,00"),
                ),
            ),
            Section(
                "3. Verokortti",
                checks=(
                    ("Pyydän uuden verokortin palkkatuloja varten.", True),
                    ("Pyydän ennakkoveron muuttamista.", False),
                ),
                text="Päiväys ja allekirjoitus: Oulu 10.01.2026 Mikko Korhonen",
            ),
        ),
        footer_left="VEROH 5010 1.2024",
        footer_mid=VERO_ADDR,
    )


def form_dvv_muutto() -> FormSpec:
    addr = "Digi- ja väestötietovirasto, PL 123, 00531 Helsinki · dvv.fi"
    return FormSpec(
        authority="Digi- ja väestötietovirasto",
        authority_line=addr,
        code="DVV",
        kind="Ilmoitus",
        title="Muuttoilmoitus",
        subtitle="Ilmoita muutosta viimeistään viikon kuluttua muuttopäivästä.",
        sections=(
            Section(
                "1. Muuttajan tiedot",
                fields=(
                    ("Sukunimi", "Mäkinen"),
                    ("Etunimet", "Liisa Kaarina"),
                    ("Henkilötunnus", hetu("210885", "-", "402")),
                    ("Puhelinnumero", "045 222 3344"),
                ),
            ),
            Section(
                "2. Vanha osoite",
                fields=(("Lähiosoite", "Rantatie 8"), ("Postinumero", "43100 Saarijärvi")),
            ),
            Section(
                "3. Uusi osoite",
                fields=(
                    ("Lähiosoite", "Hallituskatu 20 C 15"),
                    ("Postinumero", "33200 Tampere"),
                    ("Muuttopäivä", "01.03.2026"),
                    ("Muutto on", "vakinainen"),
                ),
            ),
            Section(
                "4. Allekirjoitus",
                text="Saarijärvi 20.02.2026. Muuttajan allekirjoitus: Liisa Mäkinen",
            ),
        ),
        footer_left="DVV Muuttoilmoitus 2024",
        footer_mid=addr,
    )


def form_poliisi_aselupa() -> FormSpec:
    addr = "Poliisi, lupahallinto · poliisi.fi"
    return FormSpec(
        authority="Poliisi",
        authority_line=addr,
        code="Aselupa",
        kind="Hakemus",
        title="Aselupahakemus – hankkimislupa",
        subtitle="Perustelulomake: ilmoita aseen käyttötarkoitus.",
        sections=(
            Section(
                "1. Hakijan tiedot",
                fields=(
                    ("Nimi", "Juha Heikkinen"),
                    ("Henkilötunnus", hetu("170965", "-", "237")),
                    ("Kotikunta", "Pelkosenniemi"),
                    ("Puhelinnumero", "040 987 6543"),
                ),
            ),
            Section(
                "2. Käyttötarkoitus",
                checks=(
                    ("Metsästys", True),
                    ("Ampumaurheilu", False),
                    ("Muu, mikä", False),
                ),
                text="Metsästyskortti voimassa. Riistanhoitomaksu maksettu 2026.",
            ),
            Section("3. Ase", fields=(("Asetyyppi", "Kivääri"), ("Kaliiperi", ".308 Win"))),
        ),
        footer_left="Poliisi aselupa 2025",
        footer_mid=addr,
    )


def form_mml_lainhuuto() -> FormSpec:
    addr = "Maanmittauslaitos, PL 84, 00521 Helsinki · maanmittauslaitos.fi"
    return FormSpec(
        authority="Maanmittauslaitos",
        authority_line=addr,
        code="MML",
        kind="Hakemus",
        title="Lainhuutohakemus",
        subtitle="Hae lainhuutoa kuuden kuukauden kuluessa kaupan tekemisestä.",
        sections=(
            Section(
                "1. Hakija",
                fields=(
                    ("Nimi", "Pekka Nieminen"),
                    ("Henkilötunnus", hetu("030371", "-", "159")),
                ),
            ),
            Section(
                "2. Kiinteistö",
                fields=(
                    ("Kiinteistötunnus", "491-403-5-17"),
                    ("Kunta", "Mikkeli"),
                    ("Saanto", "Kauppa"),
                    ("Kauppahinta euroa", "185 000"),
                ),
            ),
            Section("3. Liitteet", text="Kauppakirja alkuperäisenä. Päivämäärä 12.01.2026."),
        ),
        footer_left="MML lainhuuto 2025",
        footer_mid=addr,
    )


def form_te_starttiraha() -> FormSpec:
    addr = "TE-toimisto · te-palvelut.fi"
    return FormSpec(
        authority="TE-toimisto",
        authority_line=addr,
        code="Starttiraha",
        kind="Hakemus",
        title="Starttirahahakemus",
        subtitle="Starttiraha turvaa yrittäjän toimeentulon yritystoiminnan alussa.",
        sections=(
            Section(
                "1. Hakijan tiedot",
                fields=(
                    ("Nimi", "Sanna Laine"),
                    ("Henkilötunnus", hetu("120492", "-", "326")),
                    ("Y-tunnus", ytunnus("3141593")),
                    ("Puhelinnumero", "041 333 2211"),
                ),
            ),
            Section(
                "2. Yritys",
                fields=(("Toimiala", "Graafinen suunnittelu"), ("Aloituspäivä", "01.04.2026")),
            ),
        ),
        extra_pages=(
            (
                Section(
                    "3. Liiketoimintasuunnitelma",
                    text="Yritys tarjoaa graafisen suunnittelun palveluja pienille yrityksille "
                    "Mikkelin seudulla. Arvioitu liikevaihto ensimmäisenä vuonna 38 000 euroa.",
                ),
                Section(
                    "4. Allekirjoitus",
                    text="Mikkeli 15.01.2026. Hakijan allekirjoitus: Sanna Laine",
                ),
            ),
        ),
        footer_left="TE starttiraha 2024",
        footer_mid=addr,
    )


def form_oikeusapu_sv() -> FormSpec:
    addr = "Rättshjälpsbyrån · oikeus.fi/oikeusapu"
    return FormSpec(
        authority="Rättshjälpsbyrån",
        authority_line=addr,
        code="Rättshjälp",
        kind="Ansökan",
        title="Ansökan om rättshjälp",
        subtitle="Uppgifter om sökandens inkomster, utgifter, tillgångar och skulder.",
        sections=(
            Section(
                "1. Sökande",
                fields=(
                    ("Namn", "Anna Sjöberg"),
                    ("Personbeteckning", hetu("090788", "-", "246")),
                    ("Adress", "Köpmansgatan 7, 21600 Pargas"),
                    ("E-post", "anna.sjoberg@example.net"),
                ),
            ),
            Section(
                "2. Ärende",
                text="Tvist om hyresavtal. Jag ansöker om rättshjälp och ett biträde.",
            ),
        ),
        extra_pages=(
            (
                Section(
                    "3. Inkomster och utgifter",
                    fields=(
                        ("Lön netto euro/mån", "1 850,00"),
                        ("Hyra euro/mån", "720,00"),
                        ("Skulder euro", "4 300,00"),
                        ("Rättsskyddsförsäkring", "Nej"),
                    ),
                ),
                Section("4. Underskrift", text="Pargas 20.01.2026. Anna Sjöberg"),
            ),
        ),
        footer_left="Oikeusapuhakemus / Ansökan om rättshjälp 2024",
        footer_mid=addr,
    )


# --------------------------------------------------------------------------- writers


def save_png_1bit(img: Image.Image, path: Path) -> None:
    to_bilevel(img).save(path, dpi=(DPI, DPI), optimize=True)


def make_clean_fi(out: Path) -> None:
    save_png_1bit(render_form(form_kela_at1())[0], out)


def make_clean_sv(out: Path) -> None:
    save_png_1bit(render_form(form_kela_tt2r())[0], out)


def make_skewed(out: Path) -> None:
    save_png_1bit(skew(render_form(form_vero_5010())[0], 2.5), out)


def make_upside_down(out: Path) -> None:
    save_png_1bit(render_form(form_dvv_muutto())[0].rotate(180), out)


def make_rotated90(out: Path) -> None:
    # Scanned sideways: the top of the form points left.
    save_png_1bit(render_form(form_poliisi_aselupa())[0].rotate(90, expand=True), out)


def make_photo(out: Path) -> None:
    photo = photo_effect(render_form(form_mml_lainhuuto())[0], seed=7)
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
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(100, 10, "Verohallinto")
    pdf.cell(0, 10, "14A", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(0, 5, VERO_ADDR, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 9, "Kotitalousvähennys – kotitaloustyön kulut", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        6,
        "Ilmoita tällä lomakkeella kotitaloustyön kulut, joista haet kotitalousvähennystä "
        "verovuodelta 2025.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    rows = [
        ("Nimi", "Helena Salo"),
        ("Henkilötunnus", hetu("280459", "-", "684")),
        ("Työn suorittaja", "Remonttipalvelu Oy"),
        ("Suorittajan Y-tunnus", ytunnus("2077474")),
        ("Työn laatu", "Kylpyhuoneen remontti, työn osuus"),
        ("Maksettu työn osuus euroa", "3 200,00"),
        ("Maksupäivä", "14.11.2025"),
    ]
    for label, value in rows:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(70, 9, label, border=1)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 9, value, border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.multi_cell(0, 6, "Päiväys ja allekirjoitus: Lahti 20.01.2026 Helena Salo")
    pdf.set_auto_page_break(False)
    pdf.set_y(-20)
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(0, 5, "VEROH 14A 1.2025", align="L")
    pdf.output(str(out))


def make_tiff(out: Path) -> None:
    pages = [to_bilevel(p) for p in render_form(form_te_starttiraha())]
    pages[0].save(
        out,
        "TIFF",
        compression="group4",
        dpi=(DPI, DPI),
        save_all=True,
        append_images=pages[1:],
    )


def make_scanned_pdf(out: Path) -> None:
    pages = render_form(form_oikeusapu_sv())
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
    to_bilevel(render_form(form_kela_at1())[0]).save(buf, "PNG", dpi=(DPI, DPI))
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


def samples() -> list[Sample]:
    return [
        Sample(
            "kela_at1_asumistuki_fi.png", make_clean_fi,
            "Clean 1-bit scan, Finnish Kela AT 1 (Yleinen asumistuki).",
            "kela", "kela.asumistuki", "fi", 1,
            contains=("Kela", "AT 1", "Yleinen asumistuki", "Hakijan tiedot", "Virtanen"),
        ),
        Sample(
            "kela_tt2r_arbetsloshetstid_sv.png", make_clean_sv,
            "Clean 1-bit scan, Swedish Kela TT 2r (Anmälan om arbetslöshetstid).",
            "kela", "kela.tyottomyysturva", "sv", 1,
            contains=("FPA", "TT 2r", "Anmälan om arbetslöshetstid", "Sökandens", "Förnamn"),
        ),
        Sample(
            "vero_5010_verokortti_skewed.png", make_skewed,
            "Scan skewed by 2.5°, Finnish Vero 5010 (Verokorttihakemus).",
            "vero", "vero.verokortti", "fi", 1,
            contains=("Verohallinto", "5010", "Verokorttihakemus", "Korhonen", "Palkkatulot"),
        ),
        Sample(
            "dvv_muuttoilmoitus_upside_down.png", make_upside_down,
            "Scan upside down (180°), Finnish DVV Muuttoilmoitus.",
            "dvv", "dvv.muuttoilmoitus", "fi", 1,
            contains=("Muuttoilmoitus", "Uusi osoite", "Tampere"),
        ),
        Sample(
            "poliisi_aselupa_rotated90.png", make_rotated90,
            "Scan turned 90° (top of the form to the left), Finnish police firearms licence.",
            "poliisi", "poliisi.aselupa", "fi", 1,
            contains=("Poliisi", "Aselupahakemus", "Metsästys"),
        ),
        Sample(
            "mml_lainhuuto_photo.jpg", make_photo,
            "Phone photo (JPEG, 200 dpi, uneven light, blur, 1.2° tilt) stored sideways with "
            "EXIF orientation 6; Finnish Maanmittauslaitos lainhuutohakemus.",
            "mml", "mml.lainhuuto", "fi", 1,
            contains=("Maanmittauslaitos", "Lainhuutohakemus", "Kiinteistötunnus"),
        ),
        Sample(
            "vero_14a_kotitalousvahennys_digital.pdf", make_digital_pdf,
            "Born-digital PDF (fpdf2) with a real text layer: taken without OCR.",
            "vero", "vero.kotitalousvahennys", "fi", 1,
            contains=("Verohallinto", "14A", "Kotitalousvähennys"),
        ),
        Sample(
            "te_starttiraha_2pages.tif", make_tiff,
            "Two-page 1-bit TIFF (CCITT G4), Finnish TE-toimisto starttirahahakemus.",
            "te", "te.starttiraha", "fi", 2,
            contains=("TE-toimisto", "Starttirahahakemus", "Liiketoimintasuunnitelma"),
        ),
        Sample(
            "oikeusapu_rattshjalp_scanned_sv.pdf", make_scanned_pdf,
            "Scanned PDF without text layer, 3 pages at 150 dpi (JPEG): Swedish legal-aid "
            "application, 2 form pages and a blank back side.",
            "oikeusapu", "oikeusapu.hakemus", "sv", 3,
            contains=("Ansökan om rättshjälp", "Sökande", "Inkomster"),
        ),
        Sample("broken_empty.pdf", make_empty, "0 bytes.", rejected="empty_file"),
        Sample(
            "broken_text_named.pdf", make_text_as_pdf,
            "Plain UTF-8 text with a .pdf name: the type comes from the bytes.",
            rejected="unsupported_type",
        ),
        Sample(
            "broken_truncated.png", make_truncated_png,
            "The first third of a valid PNG scan.", rejected="corrupt_file",
        ),
        Sample(
            "broken_encrypted.pdf", lambda p: None,  # made after the digital PDF, see main
            "The born-digital PDF encrypted with pypdf (RC4-128, user password 'salasana').",
            rejected="encrypted_pdf",
        ),
        Sample(
            "broken_101_pages.pdf", make_many_pages,
            "101 blank A4 pages; the default limit is 100.", rejected="too_many_pages",
        ),
        Sample(
            "broken_bomb_12000x12000.png", make_bomb_png,
            "Decompression bomb: a 12000×12000 1-bit PNG (144 Mpx, ~20 kB on disk); the default "
            "limit is 60 Mpx.", rejected="image_too_large",
        ),
        Sample(
            "broken_too_large.pdf", make_too_large,
            "51 MiB (PDF header + noise), above the 50 MiB default. Only with --with-large; "
            "never committed.", rejected="too_large", large=True,
        ),
    ]  # fmt: skip


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
