from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from classifiers.base import ExtractedField
from classifiers.fields import _without_overlaps, extract_fields
from classifiers.validators import hetu_check_char, viitenumero_check_digit


def _kinds(fields: tuple[ExtractedField, ...]) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in fields]


def test_valid_identifiers_are_found_with_positions() -> None:
    text = (
        "Henkilötunnus: 131052-308T\n"
        "Y-tunnus 2077474-0\n"
        "IBAN FI21 1234 5600 0007 85\n"
        "Päiväys 1.2.2024."
    )
    fields = extract_fields(text)
    assert _kinds(fields) == [
        ("henkilotunnus", "131052-308T"),
        ("ytunnus", "2077474-0"),
        ("iban", "FI2112345600000785"),
        ("date", "2024-02-01"),
    ]
    for f in fields:
        assert f.start >= 0 and f.end > f.start
    assert text[fields[0].start : fields[0].end] == "131052-308T"
    assert text[fields[2].start : fields[2].end] == "FI21 1234 5600 0007 85"


def test_values_are_masked() -> None:
    fields = {f.kind: f for f in extract_fields("hetu 131052-308T tili FI2112345600000785")}
    assert fields["henkilotunnus"].masked == "131052-****"
    assert fields["iban"].masked == "FI21 **** **** **** 85"


def test_invalid_values_do_not_count() -> None:
    text = (
        "Henkilötunnus 131052-308U, Y-tunnus 2077474-1, IBAN FI21 1234 5600 0007 86, "
        "päivä 31.2.2024 ja 1.13.2024"
    )
    assert extract_fields(text) == ()


def test_new_century_signs() -> None:
    nine = "010105123"
    hetu = f"010105B123{hetu_check_char(nine)}"
    fields = extract_fields(f"Lapsen henkilötunnus {hetu}.")
    assert _kinds(fields) == [("henkilotunnus", hetu)]


def test_ocr_confusions_are_repaired_only_when_the_checksum_then_holds() -> None:
    fields = extract_fields("Hetu 131O52-3O8T ja tili F121 l234 5600 OOO7 85")
    assert _kinds(fields) == [("henkilotunnus", "131052-308T"), ("iban", "FI2112345600000785")]
    assert extract_fields("Hetu 131O52-3O8X ja tili F121 l234 5600 OOO7 86") == ()


def test_viitenumero_needs_a_label() -> None:
    base = "1234567890123"
    ref = base + str(viitenumero_check_digit(base))
    spaced = f"{ref[:5]} {ref[5:10]} {ref[10:]}"
    assert _kinds(extract_fields(f"Viitenumero: {spaced}")) == [("viitenumero", ref)]
    assert _kinds(extract_fields(f"Referens {ref}")) == [("viitenumero", ref)]
    # the same digits without a label are just a number
    assert extract_fields(f"Summa {ref}") == ()


def test_rf_reference() -> None:
    fields = extract_fields("Maksa viitteellä RF18 5390 0754 7034 eräpäivään mennessä")
    assert _kinds(fields) == [("rf_viite", "RF18539007547034")]
    assert fields[0].masked.endswith("7034") and "5390" not in fields[0].masked
    assert extract_fields("RF18 5390 0754 7035") == ()


def test_form_codes_need_context() -> None:
    assert _kinds(extract_fields("Kela\nHakemus\nAT 1\n")) == [("form_code", "AT 1")]
    assert _kinds(extract_fields("VEROH 5010r 1.2024")) == [("form_code", "5010")]
    # a bare number in a sentence is not a form code
    assert (
        extract_fields(
            "Maksoin 1\nrivi\nrivi\nrivi\nsumma 5010 on iso\nrivi\nrivi\nrivi\nrivi\nrivi\nloppu"
        )
        == ()
    )


def test_receipt_yields_no_identifiers() -> None:
    receipt = (
        "K-Market Kotikatu\nKuitti 5010\nMaito 1A 1,29\nLeipä 14B 2,49\n"
        "Yhteensä 5010,00\nKortti **** 1234\nKiitos käynnistä"
    )
    assert extract_fields(receipt) == ()


def test_empty_text() -> None:
    assert extract_fields("") == ()
    assert extract_fields("   \n ") == ()


def test_a_page_of_thousands_of_identifiers_is_read_in_linear_time() -> None:
    # Each field was checked against every field kept before it: 16,000 codes took 8 s.
    import time

    text = "131052-308T " * 16_000
    start = time.process_time()
    fields = extract_fields(text)
    assert time.process_time() - start < 3.0
    assert len(fields) == 16_000 and {f.kind for f in fields} == {"henkilotunnus"}


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=30))
def test_a_field_overlapping_one_kept_before_it_is_dropped(spans: list[tuple[int, int]]) -> None:
    found = [ExtractedField("date", str(i), str(i), s, s + n) for i, (s, n) in enumerate(spans)]
    kept: list[ExtractedField] = []
    for fld in found:  # the definition, one comparison with each kept field
        if all(fld.end <= k.start or fld.start >= k.end for k in kept):
            kept.append(fld)
    assert _without_overlaps(found) == tuple(sorted(kept, key=lambda f: f.start))
