#!/usr/bin/env python3
"""Measure OCR accuracy and CPU cost of tesseract language strings on the sample scans.

Ground truth: the form specs in forms.yaml (sample_forms.py); every printed token is expected in
the OCR text. Reports token recall overall, for tokens with å/ä/ö and for e-mail addresses
('@'), and tesseract CPU seconds per page (steadier than wall time on a shared machine).

    python samples/measure_languages.py fin+swe+eng fin+swe+eng+Latin
"""

from __future__ import annotations

import resource
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import sample_forms as sf  # noqa: E402

from pipeline.ocr import OcrContext, ocr_document  # noqa: E402

SCANS = {
    "kela_at1_asumistuki_fi.png": ("kela_at1", "image/png"),
    "kela_tt2r_arbetsloshetstid_sv.png": ("kela_tt2r", "image/png"),
    "vero_5010_verokortti_skewed.png": ("vero_5010", "image/png"),
    "dvv_muuttoilmoitus_upside_down.png": ("dvv_muutto", "image/png"),
    "poliisi_aselupa_rotated90.png": ("poliisi_aselupa", "image/png"),
    "mml_lainhuuto_photo.jpg": ("mml_lainhuuto", "image/jpeg"),
    "te_starttiraha_2pages.tif": ("te_starttiraha", "image/tiff"),
    "oikeusapu_rattshjalp_scanned_sv.pdf": ("oikeusapu_sv", "application/pdf"),
}


def truth_tokens(spec: sf.FormSpec) -> Counter[str]:
    parts = [
        spec.authority,
        spec.authority_line,
        spec.code,
        spec.kind,
        spec.title,
        spec.subtitle,
        spec.footer_left,
        spec.footer_mid,
    ]
    for secs in (spec.sections, *spec.extra_pages):
        for sec in secs:
            parts.append(sec.heading)
            parts.extend(f"{label} {value}" for label, value in sec.fields)
            parts.extend(label for label, _ in sec.checks)
            parts.append(sec.text)
    return Counter(t for p in parts for t in p.split())


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main(langs: list[str]) -> None:
    samples = HERE / "generated"
    for lang in langs:
        ctx = OcrContext(languages=lang, workers=1)
        hit = tot = hit_a = tot_a = hit_at = tot_at = pages = 0
        cpu = 0.0
        with tempfile.TemporaryDirectory() as tmp:
            for name, (form, media) in SCANS.items():
                c0 = cpu_children()
                res = ocr_document(samples / name, media, Path(tmp) / "o.pdf", ctx)
                cpu += cpu_children() - c0
                pages += len(res.pages)
                got = Counter(res.text.split())
                for tok, n in truth_tokens(sf.form(form)).items():
                    found = min(n, got[tok])
                    hit, tot = hit + found, tot + n
                    if any(ch in tok for ch in "åäöÅÄÖ"):
                        hit_a, tot_a = hit_a + found, tot_a + n
                    if "@" in tok:
                        hit_at, tot_at = hit_at + found, tot_at + n
        print(
            f"{lang:22s} tokens {hit}/{tot} = {hit / tot:.3f}  åäö {hit_a}/{tot_a}  "
            f"@ {hit_at}/{tot_at}  tesseract CPU {cpu / pages:.2f} s/page ({pages} pages)"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["fin+swe+eng", "fin+swe+eng+Latin"])
