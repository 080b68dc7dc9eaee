"""Reading tariff files: YAML (the full format) and CSV (one row per record).

See ``billing/README.md`` for both formats and ``billing/tariff.example.yaml`` for an example.
Parsing does no database work; :func:`billing.tariff.import_tariff` stores the result.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import BillingInputError
from .money import parse_money
from .tariff import ANY_SERVICE, BasePart, Price, Tariff, make_tariff

CSV_COLUMNS = (
    "record",  # price | group | billable | base
    "provider",
    "service",
    "event_type",
    "price",
    "valid_from",
    "valid_to",
    "group",
    "service_point",
    "year",
    "amount",
)


# Aliases let 300 bytes of YAML stand for 9**8 values, and the parser reads each alias as the
# same object, but str() and the checks below walk every use: 6 levels took 0.6 s, each one
# more nine times as long. A real tariff has a few thousand values.
MAX_YAML_VALUES = 200_000
# A tariff header is some 90 characters; csv.Sniffer takes quadratic time on a long first
# line (40,000 characters of ',"a' took 7 s, 160,000 took 125 s).
MAX_CSV_HEADER = 4096


def _fits(data: object, limit: int) -> bool:
    """True when ``data`` holds at most ``limit`` values, each alias counted at every use."""
    stack, count = [data], 0
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            return False
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise BillingInputError(f"The {what} {value!r} is not a date (YYYY-MM-DD).") from None


def _opt_date(value: Any, what: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _date(value, what)


def _types(value: Any) -> list[int]:
    items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
    try:
        types = [int(str(v).strip()) for v in items if str(v).strip()]
    except ValueError:
        raise BillingInputError(f"Event types must be 1–4 (got {value!r}).") from None
    if not types or any(t not in (1, 2, 3, 4) for t in types):
        raise BillingInputError(f"Event types must be 1–4 (got {value!r}).")
    return types


def _prices(row: Mapping[str, Any]) -> list[Price]:
    provider = str(row.get("provider") or "").strip()
    if not provider:
        raise BillingInputError("A price has no provider.")
    service = str(row.get("service") or ANY_SERVICE).strip()
    cents = parse_money(row.get("price"), what=f"price of {provider}/{service}")
    start = _date(row.get("valid_from"), "valid_from")
    end = _opt_date(row.get("valid_to"), "valid_to")
    return [Price(provider, service, t, cents, start, end) for t in _types(row.get("event_type"))]


def parse_tariff_yaml(text: str) -> Tariff:
    """Parse the YAML tariff format.

    Raises:
        BillingInputError: the YAML is malformed or a value is invalid.
    """
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as e:  # PyYAML raises ValueError for 2026-13-01
        raise BillingInputError(f"The tariff file is not valid YAML: {e}") from None
    except RecursionError:  # lists or mappings nested thousands deep
        raise BillingInputError("The tariff file is nested too deep to be a tariff.") from None
    if not _fits(data, MAX_YAML_VALUES):
        raise BillingInputError(
            f"The tariff file holds more than {MAX_YAML_VALUES:,} values, counting each use of "
            "an alias (&name, *name) again; a tariff needs far fewer."
        )
    if not isinstance(data, dict):
        raise BillingInputError("The tariff file must be a YAML mapping.")
    head = data.get("tariff") or {}
    try:
        prices = [p for row in data.get("prices") or [] for p in _prices(row)]
        groups = {
            str(g): [str(s) for s in ss] for g, ss in (data.get("service_groups") or {}).items()
        }
        billable = {
            str(p): _types(ts) for p, ts in (data.get("billable_event_types") or {}).items()
        }
    except (AttributeError, TypeError):
        raise BillingInputError("The tariff file does not follow the tariff format.") from None
    try:
        bases = [
            BasePart(
                str(b["service_point"]),
                int(b["year"]),
                parse_money(b.get("amount"), what=f"base part of {b['service_point']}"),
            )
            for b in data.get("base_parts") or []
        ]
    except (KeyError, TypeError, ValueError):
        raise BillingInputError("Each base part needs service_point, year and amount.") from None
    return make_tariff(
        name=str(head.get("name") or "tariff"),
        prices=prices,
        groups=groups,
        billable=billable,
        base_parts=bases,
        is_example=bool(head.get("example", False)),
        note=head.get("note"),
    )


def parse_tariff_csv(text: str, *, name: str = "tariff (CSV)") -> Tariff:
    """Parse the CSV tariff format: a header with :data:`CSV_COLUMNS`, one record per row.

    ``record`` is ``price`` (provider, service, event_type, price, valid_from, valid_to),
    ``group`` (group, service), ``billable`` (provider, event_type) or ``base`` (service_point,
    year, amount). Unused columns stay empty. ``;`` as delimiter (Finnish Excel) also works.
    """
    header = text.splitlines()[0] if text else ","
    if len(header) > MAX_CSV_HEADER:
        raise BillingInputError(
            f"The first line of the tariff CSV is {len(header):,} characters long; it must be "
            f"the header row ({', '.join(CSV_COLUMNS)})."
        )
    try:
        dialect = csv.Sniffer().sniff(header, delimiters=",;")
    except csv.Error:  # "Could not determine delimiter"
        raise BillingInputError(
            f"The first line of the tariff CSV must be the header row ({', '.join(CSV_COLUMNS)}), "
            "separated by commas or semicolons."
        ) from None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    prices: list[Price] = []
    groups: dict[str, list[str]] = {}
    billable: dict[str, list[int]] = {}
    bases: list[BasePart] = []
    for n, row in enumerate(_read_rows(reader), start=2):
        record = (row.get("record") or "").strip().lower()
        try:
            if record == "price":
                prices.extend(_prices(row))
            elif record == "group":
                groups.setdefault(row["group"].strip(), []).append(row["service"].strip())
            elif record == "billable":
                billable.setdefault(row["provider"].strip(), []).extend(_types(row["event_type"]))
            elif record == "base":
                bases.append(
                    BasePart(
                        row["service_point"].strip(),
                        int(row["year"]),
                        parse_money(row["amount"], what="base part"),
                    )
                )
            else:
                raise BillingInputError(f"Unknown record type {record!r}.")
        except (KeyError, AttributeError, ValueError) as e:
            raise BillingInputError(f"Line {n} of the tariff CSV is incomplete ({e}).") from None
        except BillingInputError as e:
            raise BillingInputError(f"Line {n} of the tariff CSV: {e.message}") from None
    return make_tariff(name=name, prices=prices, groups=groups, billable=billable, base_parts=bases)


def _read_rows(reader: csv.DictReader[str]) -> Iterator[dict[str, Any]]:
    """The reader's rows; a line the csv module cannot read is a :class:`BillingInputError`."""
    try:
        yield from reader
    except csv.Error as e:  # a field over the csv module's 131,072 characters (not yet counted)
        raise BillingInputError(
            f"Line {reader.line_num + 1} of the tariff CSV cannot be read ({e})."
        ) from None


def read_tariff_file(path: Path) -> tuple[Tariff, str]:
    """Read a ``.yaml``/``.yml`` or ``.csv`` tariff file; returns the tariff and its SHA-256."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BillingInputError(f"Cannot read the tariff file {path.name}: {e.strerror}") from None
    digest = hashlib.sha256(raw).hexdigest()
    text = raw.decode("utf-8-sig")
    if path.suffix.lower() == ".csv":
        return parse_tariff_csv(text, name=path.stem), digest
    return parse_tariff_yaml(text), digest
