"""Validators, normalisers and masks for identifiers printed on Finnish forms.

Every ``parse_*`` function takes a candidate string as found in text and returns the normalised
value if (and only if) its checksum holds, else ``None``. OCR repair (``F1`` -> ``FI``,
``O`` -> ``0``, ``l``/``I`` -> ``1``, ``S`` -> ``5``, ``B`` -> ``8`` inside digit runs) is tried
only when the raw candidate fails and the repaired one passes. Values are personal data: never
log them unmasked; use the ``mask_*`` functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

HETU_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
    "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000,
}  # fmt: skip
_HETU = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$")
_YTUNNUS = re.compile(r"^(\d{7})-(\d)$")
_YTUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_IBAN_FI = re.compile(r"^FI\d{16}$")
_DIGIT_FIXES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "|": "1",
                              "S": "5", "s": "5", "B": "8"})  # fmt: skip


@dataclass(frozen=True)
class Hetu:
    """A valid henkilötunnus."""

    value: str
    birth_date: dt.date
    temporary: bool  # individual number 900-999: a temporary id


def _repair_digits(s: str) -> str:
    """Replace letters commonly misread for digits (only used as a fallback)."""
    return s.translate(_DIGIT_FIXES)


def _with_repair(
    raw: str, check: Callable[[str], str | None], repair: Callable[[str], str]
) -> str | None:
    value = check(raw)
    if value is not None:
        return value
    fixed = repair(raw)
    return check(fixed) if fixed != raw else None


# ----------------------------------------------------------------------------- henkilötunnus


def hetu_check_char(nine_digits: str) -> str:
    """The check character for DDMMYYNNN."""
    return HETU_CHECK_CHARS[int(nine_digits) % 31]


def _check_hetu(s: str) -> Hetu | None:
    m = _HETU.match(s.strip().upper())
    if not m:
        return None
    dd, mm, yy, sign, nnn, check = m.groups()
    if int(nnn) < 2:  # 000 and 001 are not used
        return None
    try:
        born = dt.date(CENTURY_SIGNS[sign] + int(yy), int(mm), int(dd))
    except ValueError:
        return None
    if hetu_check_char(dd + mm + yy + nnn) != check:
        return None
    return Hetu(f"{dd}{mm}{yy}{sign}{nnn}{check}", born, int(nnn) >= 900)


def _repair_hetu(s: str) -> str:
    s = s.strip()
    if len(s) != 11:
        return s
    # Date and individual number are digits; century sign and check char stay as printed.
    return _repair_digits(s[:6]) + s[6] + _repair_digits(s[7:10]) + s[10]


def parse_hetu(candidate: str, *, repair: bool = True) -> Hetu | None:
    """Validate a henkilötunnus (date must exist, mod-31 check char, any century sign)."""
    hetu = _check_hetu(candidate)
    if hetu is None and repair:
        fixed = _repair_hetu(candidate)
        if fixed != candidate.strip():
            hetu = _check_hetu(fixed)
    return hetu


def is_valid_hetu(candidate: str) -> bool:
    """True if ``candidate`` (without OCR repair) is a valid henkilötunnus."""
    return _check_hetu(candidate) is not None


def mask_hetu(value: str) -> str:
    """``131052-308T`` -> ``131052-****``."""
    return value[:7] + "****" if len(value) == 11 else "*" * len(value)


# ----------------------------------------------------------------------------- Y-tunnus


def ytunnus_check_digit(seven_digits: str) -> int | None:
    """The check digit for seven digits, or None when the remainder is 1 (never issued)."""
    rem = sum(int(d) * w for d, w in zip(seven_digits, _YTUNNUS_WEIGHTS, strict=True)) % 11
    if rem == 1:
        return None
    return 0 if rem == 0 else 11 - rem


def _check_ytunnus(s: str) -> str | None:
    s = s.strip()
    if re.fullmatch(r"\d{6}-\d", s):  # older ids were printed without the leading zero
        s = "0" + s
    m = _YTUNNUS.match(s)
    if not m:
        return None
    return s if ytunnus_check_digit(m.group(1)) == int(m.group(2)) else None


def parse_ytunnus(candidate: str, *, repair: bool = True) -> str | None:
    """Validate a Y-tunnus (business id), e.g. ``2077474-0``."""
    if not repair:
        return _check_ytunnus(candidate)
    return _with_repair(candidate.strip(), _check_ytunnus, _repair_digits)


def is_valid_ytunnus(candidate: str) -> bool:
    """True if ``candidate`` (without OCR repair) is a valid Y-tunnus."""
    return _check_ytunnus(candidate) is not None


# ----------------------------------------------------------------------------- IBAN


def iban_mod97(iban: str) -> int:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97."""
    s = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97


def make_iban_fi(bban: str) -> str:
    """A Finnish IBAN for a 14-digit BBAN: ``FI`` and its two check digits, unspaced."""
    return f"FI{98 - iban_mod97('FI00' + bban):02d}{bban}"


def _check_iban_fi(s: str) -> str | None:
    s = re.sub(r"[\s-]", "", s).upper()
    if not _IBAN_FI.match(s):
        return None
    return s if iban_mod97(s) == 1 else None


def _repair_iban(s: str) -> str:
    s = re.sub(r"[\s-]", "", s)
    head, rest = s[:2].upper(), s[2:]
    if head in ("F1", "FL", "F|", "FJ"):
        head = "FI"
    return head + _repair_digits(rest)


def parse_iban(candidate: str, *, repair: bool = True) -> str | None:
    """Validate a Finnish IBAN (with or without spaces); returns it without spaces."""
    if not repair:
        return _check_iban_fi(candidate)
    return _with_repair(candidate, _check_iban_fi, _repair_iban)


def is_valid_iban(candidate: str) -> bool:
    """True if ``candidate`` (without OCR repair) is a valid Finnish IBAN."""
    return _check_iban_fi(candidate) is not None


def format_iban(value: str) -> str:
    """Print an IBAN in groups of four: ``FI21 1234 5600 0007 85``."""
    s = re.sub(r"\s", "", value)
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def mask_iban(value: str) -> str:
    """``FI2112345600000785`` -> ``FI21 **** **** **** 85``."""
    s = re.sub(r"\s", "", value)
    if len(s) < 8:
        return "*" * len(s)
    masked = s[:4] + "*" * (len(s) - 6) + s[-2:]
    return format_iban(masked)


# ----------------------------------------------------------------------------- references


def viitenumero_check_digit(base: str) -> int:
    """Check digit of a Finnish reference: weights 7, 3, 1 from the right."""
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    return (10 - total % 10) % 10


def _check_viite(s: str) -> str | None:
    s = re.sub(r"\s", "", s)
    if not re.fullmatch(r"\d{4,20}", s) or set(s) == {"0"}:
        return None
    return s if viitenumero_check_digit(s[:-1]) == int(s[-1]) else None


def parse_viitenumero(candidate: str, *, repair: bool = True) -> str | None:
    """Validate a domestic reference (4–20 digits, 7-3-1 check); returns digits only."""
    if not repair:
        return _check_viite(candidate)
    return _with_repair(candidate, _check_viite, _repair_digits)


def rf_checksum_ok(ref: str) -> bool:
    """ISO 11649 check of an RF creditor reference without spaces."""
    return iban_mod97(ref) == 1


def _check_rf(s: str) -> str | None:
    s = re.sub(r"\s", "", s).upper()
    if not re.fullmatch(r"RF\d{2}[0-9A-Z]{1,21}", s):
        return None
    return s if rf_checksum_ok(s) else None


def _repair_rf(s: str) -> str:
    s = re.sub(r"\s", "", s)
    return s[:2].upper() + _repair_digits(s[2:4]) + s[4:]


def parse_rf_reference(candidate: str, *, repair: bool = True) -> str | None:
    """Validate an RF creditor reference (ISO 11649), e.g. ``RF18 5390 0754 7034``."""
    if not repair:
        return _check_rf(candidate)
    return _with_repair(candidate, _check_rf, _repair_rf)


def make_rf_reference(reference: str) -> str:
    """Build the RF creditor reference for a reference (digits/letters)."""
    ref = re.sub(r"\s", "", reference).upper()
    check = 98 - iban_mod97("RF00" + ref)
    return f"RF{check:02d}{ref}"


def mask_reference(value: str) -> str:
    """Keep the last four characters of a payment reference."""
    s = re.sub(r"\s", "", value)
    return "*" * max(len(s) - 4, 0) + s[-4:]


# ----------------------------------------------------------------------------- dates


def parse_date(candidate: str, *, min_year: int = 1900, max_year: int = 2100) -> dt.date | None:
    """Parse ``d.m.yyyy`` (also ``dd.mm.yyyy``); None unless the date exists."""
    m = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})", candidate.strip())
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    if not min_year <= y <= max_year:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None
