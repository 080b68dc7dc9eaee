from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from classifiers.validators import (
    CENTURY_SIGNS,
    hetu_check_char,
    iban_mod97,
    is_valid_hetu,
    is_valid_iban,
    is_valid_ytunnus,
    make_rf_reference,
    mask_hetu,
    mask_iban,
    parse_date,
    parse_hetu,
    parse_iban,
    parse_rf_reference,
    parse_viitenumero,
    parse_ytunnus,
    viitenumero_check_digit,
    ytunnus_check_digit,
)

FAST = settings(max_examples=150, deadline=None)


# --------------------------------------------------------------------- strategies


@st.composite
def hetus(draw: st.DrawFn) -> str:
    sign = draw(st.sampled_from(sorted(CENTURY_SIGNS)))
    base = CENTURY_SIGNS[sign]
    born = draw(st.dates(dt.date(base, 1, 1), dt.date(base + 99, 12, 31)))
    nnn = draw(st.integers(2, 999))
    nine = f"{born:%d%m}{born.year % 100:02d}{nnn:03d}"
    return f"{nine[:6]}{sign}{nine[6:]}{hetu_check_char(nine)}"


@st.composite
def ytunnukset(draw: st.DrawFn) -> str:
    seven = draw(st.from_regex(r"[0-9]{7}", fullmatch=True))
    check = ytunnus_check_digit(seven)
    assume(check is not None)  # remainder 1: no valid id has these seven digits
    return f"{seven}-{check}"


@st.composite
def ibans(draw: st.DrawFn) -> str:
    bban = draw(st.from_regex(r"[0-9]{14}", fullmatch=True))
    check = 98 - iban_mod97("FI00" + bban)
    return f"FI{check:02d}{bban}"


@st.composite
def viitteet(draw: st.DrawFn) -> str:
    base = draw(st.from_regex(r"[1-9][0-9]{2,18}", fullmatch=True))
    return base + str(viitenumero_check_digit(base))


def _change_one(value: str, pos: int, alphabet: str, draw: st.DrawFn) -> str:
    old = value[pos]
    new = draw(st.sampled_from([c for c in alphabet if c != old]))
    return value[:pos] + new + value[pos + 1 :]


# --------------------------------------------------------------------- henkilötunnus


def test_known_examples() -> None:
    assert is_valid_hetu("131052-308T")
    assert not is_valid_hetu("131052-308U")
    assert is_valid_ytunnus("2077474-0")
    assert not is_valid_ytunnus("2077474-1")
    assert is_valid_iban("FI21 1234 5600 0007 85")
    assert is_valid_iban("FI2112345600000785")
    assert not is_valid_iban("FI21 1234 5600 0007 86")


@FAST
@given(hetus())
def test_generated_hetu_validates(hetu: str) -> None:
    parsed = parse_hetu(hetu, repair=False)
    assert parsed is not None and parsed.value == hetu
    assert parsed.temporary == (int(hetu[7:10]) >= 900)


@FAST
@given(st.data())
def test_hetu_single_digit_change_fails(data: st.DataObject) -> None:
    hetu = data.draw(hetus())
    pos = data.draw(st.sampled_from([0, 1, 2, 3, 4, 5, 7, 8, 9]))
    changed = _change_one(hetu, pos, "0123456789", data.draw)
    # a changed digit either makes the date impossible or breaks the mod-31 check
    assert not is_valid_hetu(changed)


@FAST
@given(st.data())
def test_hetu_changed_check_char_fails(data: st.DataObject) -> None:
    hetu = data.draw(hetus())
    assert not is_valid_hetu(_change_one(hetu, 10, "0123456789ABCDEFHJKLMNPRSTUVWXY", data.draw))


def test_all_century_signs() -> None:
    nine = "010100123"
    check = hetu_check_char(nine)
    for sign, base in CENTURY_SIGNS.items():
        parsed = parse_hetu(f"010100{sign}123{check}")
        assert parsed is not None and parsed.birth_date == dt.date(base, 1, 1), sign
    assert parse_hetu(f"010100G123{check}") is None


def test_hetu_date_must_exist() -> None:
    nine = "300299123"
    assert parse_hetu(f"300299-123{hetu_check_char(nine)}") is None
    leap = "290200123"
    assert parse_hetu(f"290200A123{hetu_check_char(leap)}") is not None  # 2000 is a leap year
    assert parse_hetu(f"290200-123{hetu_check_char(leap)}") is None  # 1900 is not


def test_temporary_numbers_are_flagged() -> None:
    nine = "131052901"
    parsed = parse_hetu(f"131052-901{hetu_check_char(nine)}")
    assert parsed is not None and parsed.temporary


def test_hetu_ocr_repair_only_when_it_helps() -> None:
    assert parse_hetu("13IO52-3O8T") is not None
    assert parse_hetu("13IO52-3O8T", repair=False) is None
    assert parse_hetu("13IO52-3O8X") is None  # repaired value still fails


def test_mask_hetu() -> None:
    assert mask_hetu("131052-308T") == "131052-****"


# --------------------------------------------------------------------- Y-tunnus


@FAST
@given(ytunnukset())
def test_generated_ytunnus_validates(yt: str) -> None:
    assert parse_ytunnus(yt, repair=False) == yt


@FAST
@given(st.data())
def test_ytunnus_single_change_fails(data: st.DataObject) -> None:
    yt = data.draw(ytunnukset())
    pos = data.draw(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8]))
    assert not is_valid_ytunnus(_change_one(yt, pos, "0123456789", data.draw))


def test_ytunnus_remainder_one_is_never_valid() -> None:
    seven = next(f"{n:07d}" for n in range(10**6, 10**7) if ytunnus_check_digit(f"{n:07d}") is None)
    assert all(not is_valid_ytunnus(f"{seven}-{d}") for d in range(10))


# --------------------------------------------------------------------- IBAN


@FAST
@given(ibans())
def test_generated_iban_validates_with_and_without_spaces(iban: str) -> None:
    spaced = " ".join(iban[i : i + 4] for i in range(0, 18, 4))
    assert parse_iban(iban, repair=False) == iban
    assert parse_iban(spaced, repair=False) == iban


@FAST
@given(st.data())
def test_iban_single_digit_change_fails(data: st.DataObject) -> None:
    iban = data.draw(ibans())
    pos = data.draw(st.integers(2, 17))
    assert not is_valid_iban(_change_one(iban, pos, "0123456789", data.draw))


def test_iban_ocr_repair() -> None:
    assert parse_iban("F121 1234 5600 0007 85") == "FI2112345600000785"
    assert parse_iban("FI21 l234 56OO OOO7 85") == "FI2112345600000785"
    assert parse_iban("F121 1234 5600 0007 86") is None
    assert parse_iban("F121 1234 5600 0007 85", repair=False) is None


def test_mask_iban_keeps_only_country_check_and_last_two() -> None:
    masked = mask_iban("FI2112345600000785")
    assert masked == "FI21 **** **** **** 85"
    assert "1234" not in masked


# --------------------------------------------------------------------- references


@FAST
@given(viitteet())
def test_generated_viitenumero_validates(ref: str) -> None:
    assert parse_viitenumero(ref, repair=False) == ref


@FAST
@given(st.data())
def test_viitenumero_single_change_fails(data: st.DataObject) -> None:
    ref = data.draw(viitteet())
    pos = data.draw(st.integers(0, len(ref) - 1))
    changed = _change_one(ref, pos, "0123456789", data.draw)
    assert parse_viitenumero(changed, repair=False) is None


def test_viitenumero_known() -> None:
    # 1 2 3 weighted from the right: 3*7 + 2*3 + 1*1 = 28 -> (10 - 8) % 10 = 2
    assert viitenumero_check_digit("123") == 2
    assert parse_viitenumero("1232") == "1232"
    assert parse_viitenumero("1233") is None
    assert parse_viitenumero("12345 67890 12") is None  # wrong check digit
    base = "1234567890123"
    spaced = f"{base[:5]} {base[5:10]} {base[10:]}{viitenumero_check_digit(base)}"
    assert parse_viitenumero(spaced) == base + str(viitenumero_check_digit(base))
    assert parse_viitenumero("12") is None


@FAST
@given(st.from_regex(r"[1-9][0-9]{3,15}", fullmatch=True))
def test_rf_reference_roundtrip(ref: str) -> None:
    rf = make_rf_reference(ref)
    assert parse_rf_reference(rf, repair=False) == rf
    spaced = " ".join(rf[i : i + 4] for i in range(0, len(rf), 4))
    assert parse_rf_reference(spaced) == rf
    wrong = rf[:-1] + str((int(rf[-1]) + 1) % 10)
    assert parse_rf_reference(wrong, repair=False) is None


def test_rf_known_example() -> None:
    assert parse_rf_reference("RF18 5390 0754 7034") == "RF18539007547034"
    assert parse_rf_reference("RF18 5390 0754 7035") is None


# --------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2.2024", dt.date(2024, 2, 1)),
        ("29.02.2024", dt.date(2024, 2, 29)),
        ("29.2.2023", None),
        ("31.4.2024", None),
        ("1.13.2024", None),
        ("1.1.1850", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_made_finnish_ibans_are_valid_and_known_ones_round_trip() -> None:
    from classifiers.validators import make_iban_fi

    assert make_iban_fi("12345600000785") == "FI2112345600000785"  # the bank's own example
    assert is_valid_iban(make_iban_fi("50009420028730"))
