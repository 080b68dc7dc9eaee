"""The corpus generator's fake-data helper: fictitious but well-formed names, addresses,
checksum-valid identifiers (check characters from ``classifiers.validators``) and amounts,
drawn from ``names.yaml`` with one seeded random generator."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml

from classifiers.validators import (
    hetu_check_char,
    make_iban_fi,
    viitenumero_check_digit,
    ytunnus_check_digit,
)

T = TypeVar("T")

_NAMES: dict[str, list[Any]] = yaml.safe_load(
    Path(__file__).with_name("names.yaml").read_text(encoding="utf-8")
)
FIRST: list[str] = _NAMES["first"]
LAST: list[str] = _NAMES["last"]
STREETS: list[str] = _NAMES["streets"]
COMPANIES: list[str] = _NAMES["companies"]
BANKS: list[str] = _NAMES["banks"]
JOBS: list[str] = _NAMES["jobs"]
DEGREES: list[str] = _NAMES["degrees"]
COUNTRIES: list[str] = _NAMES["countries"]
COUNTRIES_EN: list[str] = _NAMES["countries_en"]
GOODS: list[str] = _NAMES["goods"]
CARS: list[str] = _NAMES["cars"]
ARTS: list[str] = _NAMES["arts"]
CASES: list[str] = _NAMES["cases"]
PLACES: list[str] = _NAMES["places"]
DAYCARES: list[str] = _NAMES["daycares"]
CITIES: list[tuple[str, str]] = [(c[0], c[1]) for c in _NAMES["cities"]]  # (city, postal code)


class Faker:
    """Fictitious but well-formed values: names, checksum-valid identifiers, amounts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def sample(self, seq: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(seq), min(k, len(seq)))

    def num(self, a: int, b: int) -> int:
        return self.rng.randint(a, b)

    def firstname(self) -> str:
        return self.pick(FIRST)

    def surname(self) -> str:
        return self.pick(LAST)

    def name(self) -> str:
        return f"{self.firstname()} {self.surname()}"

    def child(self) -> str:
        first = self.pick(["Aino", "Eino", "Ella", "Leo", "Venla", "Elias", "Alva", "Liam"])
        return f"{first} {self.surname()}"

    def city(self) -> str:
        return self.pick(CITIES)[0]

    def addr(self) -> str:
        city, code = self.pick(CITIES)
        sep = self.pick([", ", " ", "\n"])
        street = f"{self.pick(STREETS)} {self.num(1, 60)}{self.pick(['', ' A', ' B 12', ' as 4'])}"
        return f"{street}{sep}{code} {city}"

    def phone(self) -> str:
        return (
            self.pick(["040", "050", "044", "045"])
            + f" {self.num(100, 999)} {self.num(1000, 9999)}"
        )

    def email(self) -> str:
        return f"{self.firstname().lower()}.{self.surname().lower()}@example.fi".replace(
            "ä", "a"
        ).replace("ö", "o")

    def date(self) -> str:
        d, m, y = self.num(1, 28), self.num(1, 12), self.num(2019, 2026)
        return self.pick([f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y % 100:02d}"])

    def year(self) -> str:
        return str(self.num(2019, 2025))

    def _hetu(self, y0: int, y1: int) -> str:
        y = self.num(y0, y1)
        d, m = self.num(1, 28), self.num(1, 12)
        n = self.num(2, 899)
        sign = self.pick("AAAB") if y >= 2000 else self.pick("-----Y")
        body = f"{d:02d}{m:02d}{y % 100:02d}{n:03d}"
        return f"{body[:6]}{sign}{body[6:]}{hetu_check_char(body)}"

    def hetu(self) -> str:
        return self._hetu(1940, 2004)

    def hetu_child(self) -> str:
        return self._hetu(2010, 2025)

    def iban(self, *, spaced: bool | None = None) -> str:
        bban = f"{self.pick(['1', '2', '4', '5', '8'])}{self.num(0, 10**13 - 1):013d}"
        raw = make_iban_fi(bban)
        if spaced is None:
            spaced = self.rng.random() < 0.7
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)) if spaced else raw

    def bic(self) -> str:
        return self.pick(["OKOYFIHH", "NDEAFIHH", "DABAFIHH", "HELSFIHH", "AABAFI22"])

    def ytunnus(self) -> str:
        while True:
            digits = "".join(str(self.num(0, 9)) for _ in range(7))
            check = ytunnus_check_digit(digits)
            if check is not None:  # remainder 1: never issued, draw again
                return f"{digits}-{check}"

    def viite(self) -> str:
        base = str(self.num(1000, 10**9))
        return base + str(viitenumero_check_digit(base))

    def amount(self) -> str:
        return str(self.num(250, 1400))

    def amount2(self) -> str:
        return str(self.num(1200, 4500))

    def amount3(self) -> str:
        return str(self.num(5, 400) * 1000)

    def small(self) -> str:
        return str(self.num(8, 240))

    def pct(self) -> str:
        return f"{self.num(5, 45)},{self.num(0, 9)}"

    def area(self) -> str:
        return str(self.num(22, 180))

    def docno(self) -> str:
        return f"{self.pick(['FP', 'XP', 'RK', ''])}{self.num(1000000, 9999999)}"

    def kiinteisto(self) -> str:
        return f"{self.num(1, 999)}-{self.num(401, 899)}-{self.num(1, 99)}-{self.num(1, 200)}"

    def reg(self) -> str:
        return (
            f"{''.join(self.pick('ABCEFGHIJKLMNOPRSTUVXYZ') for _ in range(3))}-{self.num(1, 999)}"
        )

    def vin(self) -> str:
        return "".join(self.pick("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))

    def car(self) -> str:
        return self.pick(CARS)

    def hours(self) -> str:
        return str(self.num(18, 40))

    def job(self) -> str:
        return self.pick(JOBS)

    def degree(self) -> str:
        return self.pick(DEGREES)

    def country_en(self) -> str:
        return self.pick(COUNTRIES_EN)

    def goods(self) -> str:
        return self.pick(GOODS)

    def hs(self) -> str:
        return f"{self.num(1000, 9999)} {self.num(10, 99)} {self.num(10, 99)}"

    def company(self) -> str:
        return self.pick(COMPANIES)

    def bank(self) -> str:
        return self.pick(BANKS)

    def values(self) -> dict[str, str]:
        """One consistent set of placeholder values for a document."""
        first, last = self.firstname(), self.surname()
        return {
            "name": f"{first} {last}",
            "name2": self.name(),
            "firstname": self.firstname(),
            "surname": self.surname(),
            "child": self.child(),
            "hetu": self.hetu(),
            "hetu_child": self.hetu_child(),
            "addr": self.addr(),
            "addr2": self.addr(),
            "iban": self.iban(),
            "iban2": self.iban(),
            "bic": self.bic(),
            "amount": self.amount(),
            "amount2": self.amount2(),
            "amount3": self.amount3(),
            "small": self.small(),
            "area": self.area(),
            "n": str(self.num(1, 6)),
            "date": self.date(),
            "date2": self.date(),
            "year": self.year(),
            "pct": self.pct(),
            "km": str(self.num(12, 180)),
            "days": str(self.num(150, 230)),
            "company": self.company(),
            "ytunnus": self.ytunnus(),
            "phone": self.phone(),
            "email": self.email(),
            "city": self.city(),
            "photo": f"{self.num(10**9, 10**10 - 1)}",
            "docno": self.docno(),
            "height": str(self.num(150, 199)),
            "caliber": self.pick([".308 Win", "12/76", "9 mm", ".22 LR"]),
            "country": self.pick(COUNTRIES),
            "job": self.job(),
            "degree": self.degree(),
            "hours": str(self.num(18, 40)),
            "daycare": self.pick(DAYCARES),
            "kiinteisto": self.kiinteisto(),
            "goods": self.goods(),
            "hs": self.hs(),
            "reg": self.reg(),
            "vin": self.vin(),
            "car": self.car(),
            "bank": self.bank(),
            "case": self.pick(CASES),
            "art": self.pick(ARTS),
            "place": self.pick(PLACES),
        }


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(_Values(values))
