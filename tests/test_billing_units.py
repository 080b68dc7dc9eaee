"""Quarters in Helsinki time, money without float, tariff files. No database."""

from __future__ import annotations

import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from billing import BillingInputError, Quarter, parse_tariff_csv, parse_tariff_yaml
from billing.money import format_eur, parse_money, split_instalments, to_decimal
from billing.tariff_files import read_tariff_file

EXAMPLE = Path(__file__).resolve().parent.parent / "billing" / "tariff.example.yaml"


def z(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


class TestQuarters:
    def test_parse_and_format(self) -> None:
        assert str(Quarter.parse("2026Q4")) == "2026Q4"
        assert Quarter.parse("2026-q1") == Quarter(2026, 1)
        assert Quarter(2026, 4).next() == Quarter(2027, 1)
        assert Quarter(2027, 1).previous() == Quarter(2026, 4)
        for bad in ("2026Q5", "2026", "Q4", "", "26Q4"):
            with pytest.raises(BillingInputError):
                Quarter.parse(bad)

    def test_bounds_follow_helsinki_daylight_saving(self) -> None:
        # Summer time (EEST, UTC+3) on 1 April and 1 October, winter time (EET, UTC+2) in January.
        assert Quarter(2026, 4).start == z("2026-09-30T21:00Z")
        assert Quarter(2026, 2).start == z("2026-03-31T21:00Z")
        assert Quarter(2026, 1).start == z("2025-12-31T22:00Z")
        assert Quarter(2026, 4).end == z("2026-12-31T22:00Z")
        assert Quarter(2026, 3).last_day == date(2026, 9, 30)

    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            ("2026-03-31T20:59:59Z", "2026Q1"),
            ("2026-03-31T21:00:00Z", "2026Q2"),  # 00:00 EEST on 1 April
            ("2026-03-31T21:30:00Z", "2026Q2"),  # a fixed UTC+2 would wrongly say Q1
            ("2026-03-31T22:00:00Z", "2026Q2"),
            ("2026-09-30T20:59:59Z", "2026Q3"),
            ("2026-09-30T21:00:00Z", "2026Q4"),
            ("2026-12-31T21:59:59Z", "2026Q4"),
            ("2026-12-31T22:00:00Z", "2027Q1"),
        ],
    )
    def test_instant_belongs_to_one_quarter(self, instant: str, expected: str) -> None:
        assert str(Quarter.of(z(instant))) == expected
        assert Quarter.parse(expected).contains(z(instant))

    def test_naive_time_refused(self) -> None:
        with pytest.raises(BillingInputError):
            Quarter.of(datetime(2026, 10, 1))


class TestMoney:
    @pytest.mark.parametrize(
        ("value", "cents"),
        [("12.50", 1250), ("12,50", 1250), (0.1, 10), (12, 1200), ("1 234,56", 123456),
         (Decimal("0.07"), 7), ("0", 0), (2.67, 267)],
    )  # fmt: skip
    def test_parse(self, value: object, cents: int) -> None:
        assert parse_money(value) == cents

    @pytest.mark.parametrize(
        "value", ["0.005", 2.675, "-1", "abc", None, True, "NaN", "inf", "1e30", "1e999999"]
    )
    def test_refuses_fractions_of_a_cent_and_junk(self, value: object) -> None:
        with pytest.raises(BillingInputError):
            parse_money(value)

    def test_instalments_add_up_to_the_year(self) -> None:
        assert split_instalments(900001) == [225000, 225000, 225000, 225001]
        assert split_instalments(3) == [0, 0, 0, 3]
        for annual in (0, 1, 99, 100, 123457, 10**12 + 3):
            assert sum(split_instalments(annual)) == annual

    def test_integer_cents_do_not_drift(self) -> None:
        # 1000 events at 0.07 € is exactly 70.00 €; with float it would not be.
        assert sum(0.07 for _ in range(1000)) != 70.0
        assert to_decimal(1000 * parse_money("0.07")) == Decimal("70.00")
        assert format_eur(123456) == "1\u202f234,56\u00a0€"
        assert format_eur(-5) == "-0,05\u00a0€"


class TestTariffFiles:
    def test_example_tariff_says_it_is_an_example(self) -> None:
        text = EXAMPLE.read_text(encoding="utf-8")
        assert "EXAMPLE" in text and "NOT OFFICIAL" in text
        tariff, digest = read_tariff_file(EXAMPLE)
        assert tariff.is_example and "not official" in tariff.name.lower()
        assert len(digest) == 64
        # Group price before and after the change on 2026-11-16, the provider's "*" otherwise.
        p = tariff.price_for("kela", "kela-asumistuki", 3, date(2026, 11, 15))
        assert p is not None and p.unit_price_cents == 720
        p = tariff.price_for("kela", "kela-asumistuki", 3, date(2026, 11, 16))
        assert p is not None and p.unit_price_cents == 745
        p = tariff.price_for("kela", "kela-opintotuki", 3, date(2026, 11, 16))
        assert p is not None and p.unit_price_cents == 650
        assert tariff.price_for("te", None, 1, date(2027, 1, 1)) is None
        assert not tariff.is_billable("vero", 2) and tariff.is_billable("vero", 3)
        base = tariff.base_part("pelkosenniemi", 2026)
        assert base is not None and base.instalment_cents(4) == 225001

    def test_exact_service_beats_group_beats_wildcard(self) -> None:
        t = parse_tariff_yaml(
            """
service_groups: {g: [a, b]}
prices:
  - {provider: p, service: "*", event_type: 3, price: "1.00", valid_from: 2026-01-01}
  - {provider: p, service: "group:g", event_type: 3, price: "2.00", valid_from: 2026-01-01}
  - {provider: p, service: a, event_type: 3, price: "3.00", valid_from: 2026-01-01}
"""
        )
        day = date(2026, 5, 5)
        assert [t.price_for("p", s, 3, day).unit_price_cents for s in ("a", "b", "c", None)] == [  # type: ignore[union-attr]
            300, 200, 100, 100,
        ]  # fmt: skip

    @pytest.mark.parametrize(
        "yaml_text",
        [
            # overlapping validity
            "prices: [{provider: p, event_type: 3, price: '1', valid_from: 2026-01-01},"
            " {provider: p, event_type: 3, price: '2', valid_from: 2026-06-01}]",
            "prices: [{provider: p, event_type: 3, price: '1.001', valid_from: 2026-01-01}]",
            "prices: [{provider: p, event_type: 5, price: '1', valid_from: 2026-01-01}]",
            "prices: [{provider: p, service: 'group:x', event_type: 3, price: '1',"
            " valid_from: 2026-01-01}]",
            "service_groups: {g: [a], h: [a]}",
            "prices: [{provider: p, event_type: 3, price: '1', valid_from: 2026-13-01}]",
            "- just a list",
        ],
    )
    def test_invalid_tariffs_are_refused(self, yaml_text: str) -> None:
        with pytest.raises(BillingInputError):
            parse_tariff_yaml(yaml_text)

    def test_csv_format(self) -> None:
        t = parse_tariff_csv(
            "record;provider;service;event_type;price;valid_from;valid_to;group;service_point;year;amount\n"
            "price;kela;*;3;6,50;2026-01-01;2026-06-30;;;;\n"
            "price;kela;*;3;6,80;2026-07-01;;;;;\n"
            "group;;kela-asumistuki;;;;;kela-etuudet;;;\n"
            "billable;kela;;1,3;;;;;;;\n"
            "base;;;;;;;;mikkeli;2026;48000\n"
        )
        assert t.price_for("kela", "x", 3, date(2026, 6, 30)).unit_price_cents == 650  # type: ignore[union-attr]
        assert t.price_for("kela", "x", 3, date(2026, 7, 1)).unit_price_cents == 680  # type: ignore[union-attr]
        assert t.group_of("kela-asumistuki") == "kela-etuudet"
        assert t.is_billable("kela", 1) and not t.is_billable("kela", 2)
        assert t.base_part("mikkeli", 2026).annual_cents == 4800000  # type: ignore[union-attr]
        with pytest.raises(BillingInputError, match="Line 2"):
            parse_tariff_csv("record,provider\nprize,kela\n")

    def test_aliases_that_multiply_into_millions_of_values_are_refused_quickly(self) -> None:
        # Given 300 bytes whose aliases stand for 9**8 values under the provider's name
        text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for prev, name in zip("abcdefg", "bcdefgh", strict=True):
            text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
        text += "prices:\n  - provider: *h\n"
        # Then it is refused by a count, not walked whole (that took seconds per level)
        start = time.process_time()
        with pytest.raises(BillingInputError, match="alias"):
            parse_tariff_yaml(text)
        assert time.process_time() - start < 3.0

    def test_yaml_nested_thousands_deep_is_refused_not_a_recursion_error(self) -> None:
        with pytest.raises(BillingInputError, match="nested too deep"):
            parse_tariff_yaml("[" * 10_000)

    def test_a_csv_whose_first_line_is_no_header_is_refused_quickly(self) -> None:
        # csv.Sniffer took 7 s on this first line of 40,000 characters
        start = time.process_time()
        with pytest.raises(BillingInputError, match="header row"):
            parse_tariff_csv(',"a' * 13_334 + "\nprice\n")
        assert time.process_time() - start < 3.0
        with pytest.raises(BillingInputError, match="header row"):
            parse_tariff_csv("abc\nprice\n")  # the sniffer cannot tell the delimiter

    def test_a_csv_field_over_the_csv_limit_is_refused_with_its_line(self) -> None:
        with pytest.raises(BillingInputError, match="Line 2"):
            parse_tariff_csv("record,provider\nprice," + "x" * 200_000 + "\n")

    def test_change_dates_include_the_day_after_valid_to(self) -> None:
        t = parse_tariff_yaml(
            "prices: [{provider: p, event_type: 3, price: '1', valid_from: 2026-01-01,"
            " valid_to: 2026-10-25}]"
        )
        assert t.change_dates() == [date(2026, 1, 1), date(2026, 10, 26)]
