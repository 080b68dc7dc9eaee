"""Text in the order people read a form: boxes whole, rows left to right, tick boxes as fields,
signatures left out. Measured on pages drawn from known text (pipeline.ocr.evaluate) and on the
project's samples."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ocr import OcrContext, ocr_document
from pipeline.ocr._layout import find_boxes
from pipeline.ocr._order import _lines, reading_text
from pipeline.ocr._recognition import Word
from pipeline.ocr.evaluate import bag_wer, cer, evaluate, form_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "generated"
CTX = OcrContext(workers=2)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_error_rates_count_what_they_say() -> None:
    assert cer("abc def", "abc  def") == 0.0
    assert cer("abcd", "abXd") == 0.25
    assert bag_wer("a b c d", "d c b a") == 0.0  # order-free
    assert bag_wer("a b c d", "a b c") == 0.25
    assert cer("a b c d", "d c b a") > 0.5  # ordered


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, object]]:
    return evaluate(2, ctx=CTX, seed=2600)


@pytest.mark.slow
def test_generated_pages_are_read_within_the_goals(figures: dict[str, dict[str, float]]) -> None:
    assert figures["clean_after"]["cer"] <= 0.03, figures
    assert figures["noisy_after"]["cer"] <= 0.05, figures
    assert figures["clean_after"]["order_free_wer"] <= 0.03, figures
    assert figures["noisy_after"]["order_free_wer"] <= 0.06, figures


@pytest.mark.slow
def test_tesseracts_own_order_misses_the_goal(figures: dict[str, dict[str, float]]) -> None:
    # The control: the same pages read in tesseract's order, tick marks and scribbles included.
    assert figures["clean_before"]["cer"] > 2 * figures["clean_after"]["cer"]
    assert figures["clean_before"]["order_free_wer"] > figures["clean_after"]["order_free_wer"]


@pytest.mark.slow
def test_tick_boxes_are_fields_and_the_signature_is_not_text(tmp_path: Path) -> None:
    page = form_page(4242)
    src = tmp_path / "form.png"
    page.image.save(src, dpi=(300, 300))
    res = ocr_document(src, "image/png", tmp_path / "o.pdf", CTX)
    (p,) = res.pages
    assert [(c.label, c.ticked) for c in p.checkboxes] == list(page.checks)
    assert p.signatures == 1
    extra = set(res.text.split()) - set(page.text.split())
    assert len(extra) <= 2, extra  # no "[J", "BR", "«<" ...
    # The signature box reads as its label; the free-text box as one paragraph.
    assert flat(res.text).endswith(flat(page.text.split("Paikka ja aika")[1].split("\n", 2)[2]))
    assert "Olen ollut työkyvytön syyskuusta lähtien ja tarvitsen apua" in flat(res.text)


@pytest.mark.slow
def test_samples_read_box_by_box_with_their_tick_boxes(tmp_path: Path) -> None:
    res = ocr_document(
        SAMPLES / "kela_tt2r_arbetsloshetstid_sv.png", "image/png", tmp_path / "o.pdf", CTX
    )
    text = flat(res.text)
    assert "Efternamn Lindholm Förnamn Erik Johan" in text  # each box whole, left box first
    assert [c.ticked for c in res.checkboxes] == [True, False]
    assert all(c.label and c.label[0].isupper() for c in res.checkboxes)


def _word(text: str, left: int, top: int, right: int, bottom: int) -> Word:
    return Word(text, left, top, right, bottom, 95.0, 1, 1, 1)


def test_a_paragraph_split_into_columns_reads_line_after_line() -> None:
    # Given tesseract's words of a two-line paragraph it cut into a left and a right block
    words = [
        _word("Olen", 100, 100, 200, 140), _word("ollut", 220, 100, 320, 140),
        _word("kotona", 360, 102, 480, 142), _word("koko", 500, 101, 580, 141),
        _word("syksyn", 100, 160, 230, 200), _word("ja", 250, 160, 290, 200),
        _word("talven", 330, 161, 450, 201), _word("ajan.", 470, 160, 560, 200),
    ]  # fmt: skip
    shuffled = [words[i] for i in (0, 1, 4, 5, 2, 3, 6, 7)]  # tesseract's column order
    # When the text is rebuilt from the boxes, then the lines are whole again
    from pipeline.ocr._layout import FormLayout

    out = reading_text(shuffled, FormLayout((), ()), 300)
    assert out.text == "Olen ollut kotona koko\nsyksyn ja talven ajan."


def test_tick_boxes_and_field_boxes_are_found_in_the_image() -> None:
    page = form_page(77)
    layout = find_boxes(page.image, 300)
    assert [t.ticked for t in layout.ticks] == [c[1] for c in page.checks]
    # 6 field boxes, the free-text box and the two signature-row boxes
    assert len(layout.boxes) == 9


def _rows_of_words(lines: int, per_line: int) -> list[Word]:
    # Lines 40 px apart, 14 px tall: too far apart to continue a paragraph, so each is an item.
    return [
        _word(f"w{r}.{c}", c * 55, r * 40, c * 55 + 40, r * 40 + 14)
        for r in range(lines)
        for c in range(per_line)
    ]


def test_a_tall_page_of_thousands_of_lines_is_ordered_in_linear_time() -> None:
    # Each word was tried against every line, and each item against every item: 2,000 lines
    # of 10 words (a 600 x 80,000 px receipt-like strip, within the 60 Mpx limit) took 15 s.
    from pipeline.ocr._layout import FormLayout

    words = _rows_of_words(2000, 10)
    start = time.process_time()
    out = reading_text(words, FormLayout((), ()), 300)
    assert time.process_time() - start < 3.0
    assert out.text.split("\n\n")[1999] == " ".join(f"w1999.{c}" for c in range(10))
    small = reading_text(_rows_of_words(3, 2), FormLayout((), ()), 300)
    assert small.text == "w0.0 w0.1\n\nw1.0 w1.1\n\nw2.0 w2.1"


_box = st.tuples(
    st.integers(0, 300), st.integers(0, 300), st.integers(1, 200), st.integers(-5, 120)
)


@given(st.lists(_box, max_size=25))
def test_words_join_the_first_line_they_overlap_by_half(
    boxes: list[tuple[int, int, int, int]],
) -> None:
    words = [_word(str(i), x, y, x + w, y + h) for i, (x, y, w, h) in enumerate(boxes)]
    lines: list[tuple[float, float, list[Word]]] = []  # the definition: try every line in turn
    for w in sorted(words, key=lambda w: (w.cy, w.left)):
        for i, (top, bottom, ws) in enumerate(lines):
            if min(bottom, w.bottom) - max(top, w.top) >= 0.5 * min(bottom - top, w.height):
                ws.append(w)
                lines[i] = (min(top, w.top), max(bottom, w.bottom), ws)
                break
        else:
            lines.append((w.top, w.bottom, [w]))
    lines.sort(key=lambda t: (t[0] + t[1]) / 2)
    assert _lines(words) == [sorted(ws, key=lambda w: w.left) for _, _, ws in lines]
