"""Money as integer cents. Never float.

Prices and amounts are parsed from text (or from a YAML number via its shortest decimal
representation) into whole cents; anything finer than a cent is refused rather than rounded,
because a tariff with sub-cent prices would make line totals depend on where rounding happens.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .errors import BillingInputError

CENT = Decimal("0.01")


def parse_money(value: object, *, what: str = "amount") -> int:
    """Parse euros (``"12.50"``, ``"12,50"``, ``12.5``, ``12``) into cents.

    Raises:
        BillingInputError: not a number, negative, or finer than a cent (``"0.005"``).
    """
    if isinstance(value, bool) or value is None:
        raise BillingInputError(f"The {what} is missing or not a number.")
    if isinstance(value, float):
        text = repr(value)  # the shortest text that reads back as this float: what YAML had
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    text = text.removesuffix("€").removeprefix("€")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise BillingInputError(f"The {what} {value!r} is not a number in euros.") from None
    if not amount.is_finite() or amount < 0:
        raise BillingInputError(f"The {what} {value!r} must be zero or more euros.")
    try:
        whole_cents = amount == amount.quantize(CENT)
    except InvalidOperation:  # over 28 digits with the cents: quantize() refused "1e30"
        raise BillingInputError(f"The {what} {value!r} is too large.") from None
    if not whole_cents:
        raise BillingInputError(
            f"The {what} {value!r} has fractions of a cent; give euros with at most 2 decimals."
        )
    return int(amount * 100)


def to_decimal(cents: int) -> Decimal:
    """Cents as a Decimal number of euros with two decimals."""
    return (Decimal(cents) / 100).quantize(CENT)


def format_eur(cents: int) -> str:
    """Finnish format for print: ``1 234,50 €`` (narrow no-break space as thousands sep)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{frac:02d}\u00a0€"


def split_instalments(annual_cents: int, parts: int = 4) -> list[int]:
    """Split a yearly amount into equal instalments; the leftover cents go to the last one.

    The parts always add up to the yearly amount exactly.
    """
    base, rest = divmod(annual_cents, parts)
    return [base] * (parts - 1) + [base + rest]
