"""Generate the synthetic training corpus (deterministic, fixed seed).

Run ``python -m classifiers.corpus.generate [--out DIR] [--seed N]``; it writes ``train.jsonl``,
``dev.jsonl`` and ``test.jsonl`` (one JSON object per line: ``id``, ``text``, ``label``,
``authority``, ``lang``, ``kind``, ``noisy``). See ``README.md`` beside this file.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from classifiers.corpus._attachments import AMBIGUOUS_ATTACHMENTS, ATTACHMENTS, NEGATIVES
from classifiers.corpus._lookalikes import FIELDS as LOOKALIKE_FIELDS
from classifiers.corpus._lookalikes import FOOTERS as LOOKALIKE_FOOTERS
from classifiers.corpus._lookalikes import ISSUERS
from classifiers.corpus._phrases import NEGATIVE_PHRASES, PHRASES
from classifiers.corpus._services import AUTHORITY_NAMES, KEYWORDS, SERVICES, S
from classifiers.validators import (
    hetu_check_char,
    make_iban_fi,
    viitenumero_check_digit,
    ytunnus_check_digit,
)

T = TypeVar("T")

SEED = 20260301
NONE_LABEL = "none"
DEFAULT_OUT = Path(__file__).resolve().parent
SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))

FIRST = [
    "Matti",
    "Maija",
    "Juha",
    "Anna",
    "Mikko",
    "Laura",
    "Timo",
    "Sanna",
    "Jari",
    "Tiina",
    "Antti",
    "Elina",
    "Ville",
    "Hanna",
    "Pekka",
    "Kaisa",
    "Erik",
    "Ulla",
    "Johan",
    "Kerstin",
    "Oskar",
    "Ebba",
    "Ahmed",
    "Olga",
    "Li",
    "Fatima",
    "Jukka",
    "Riikka",
    "Niklas",
    "Sofia",
]
LAST = [
    "Virtanen",
    "Korhonen",
    "Nieminen",
    "Mäkinen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lindholm",
    "Nyström",
    "Sjöberg",
    "Holmström",
    "Karlsson",
    "Lindqvist",
    "Salo",
    "Turunen",
    "Räsänen",
    "Öhman",
    "Kallio",
    "Ahonen",
]
STREETS = [
    "Mannerheimintie",
    "Hämeenkatu",
    "Kauppakatu",
    "Rantatie",
    "Koulukatu",
    "Kirkkotie",
    "Storgatan",
    "Strandvägen",
    "Skolgatan",
    "Puistokatu",
    "Myllytie",
    "Koivukuja",
]
CITIES = [
    ("Mikkeli", "50100"),
    ("Oulu", "90100"),
    ("Kiiminki", "90900"),
    ("Parainen", "21600"),
    ("Pelkosenniemi", "98500"),
    ("Saarijärvi", "43100"),
    ("Helsinki", "00100"),
    ("Tampere", "33100"),
    ("Turku", "20100"),
    ("Vaasa", "65100"),
    ("Pargas", "21600"),
    ("Jyväskylä", "40100"),
    ("Kuopio", "70100"),
    ("Porvoo", "06100"),
]
COMPANIES = [
    "Rakennus Oy Virta",
    "Siivouspalvelu Kirkas Oy",
    "Vuokratalot Oy",
    "Kiinteistö Ab Strand",
    "Konepaja Laine Oy",
    "Kahvila Aroma",
    "Logistiikka Nord Oy",
    "Ab Sjöfart",
    "Oy Metsä Ltd",
    "Hoivapalvelut Onni Oy",
    "Byggservice Ab",
    "Kuljetus Mäkinen Ky",
    "Tilitoimisto Salo",
]
BANKS = [
    "Osuuspankki",
    "Nordea",
    "Danske Bank",
    "Säästöpankki",
    "Aktia",
    "S-Pankki",
    "Handelsbanken",
]
JOBS = [
    "kirvesmies",
    "lähihoitaja",
    "myyjä",
    "kokki",
    "sähköasentaja",
    "parturi-kampaaja",
    "graafikko",
    "siivooja",
    "kuljettaja",
    "ohjelmoija",
    "snickare",
    "sjukskötare",
]
DEGREES = [
    "ammattitutkinto",
    "ylioppilas",
    "tradenomi",
    "insinööri (AMK)",
    "filosofian maisteri",
    "yrkesexamen",
    "studentexamen",
]
COUNTRIES = ["Viro", "Saksa", "Ukraina", "Ruotsi", "Intia", "Kiina", "Yhdysvallat", "Espanja"]
COUNTRIES_EN = ["Estonia", "Germany", "Ukraine", "Sweden", "India", "China", "USA", "Spain"]
GOODS = [
    "kannettava tietokone",
    "polkupyörän osia",
    "vaatteita",
    "kamera",
    "kitara",
    "laptop computer",
    "mobile phone",
    "spare parts",
]
CARS = ["Toyota Corolla", "Volkswagen Golf", "Skoda Octavia", "Volvo V70", "Ford Focus", "BMW 320d"]
ARTS = ["kuvataide", "musiikki", "kirjallisuus", "tanssi", "valokuvataide", "bildkonst", "musik"]
CASES = [
    "huoltajuusriita",
    "riita-asia käräjäoikeudessa",
    "rikosasia",
    "perintöriita",
    "vårdnadstvist",
]
PLACES = [
    "Palvelukoti Kotirinne",
    "terveyskeskus",
    "sosiaalitoimi",
    "Vanhainkoti Päivölä",
    "Äldreboendet Solgården",
]
DAYCARES = [
    "Päiväkoti Satakieli",
    "Päiväkoti Myllynkivi",
    "Daghemmet Solstrålen",
    "Päiväkoti Tenavat",
]


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


def _lang_of(entry: dict[str, Any], r: Faker, weights: dict[str, float]) -> str:
    langs = [lang for lang in weights if entry["title"].get(lang)]
    return r.rng.choices(langs, weights=[weights[lang] for lang in langs])[0]


def _code(entry: dict[str, Any], lang: str, r: Faker) -> str | None:
    if not entry["codes"]:
        return None
    code: str = r.pick(entry["codes"])
    if code[0].isalpha() and " " in code and r.rng.random() < 0.3:
        code = code.replace(" ", "")
    suffix = {"sv": "r", "en": "e"}.get(lang, "")
    return f"{code}{suffix}"


LABELS = {
    "fi": {
        "name": ["Nimi", "Sukunimi ja etunimet", "Hakijan nimi", "Etu- ja sukunimi"],
        "hetu": ["Henkilötunnus", "Hetu", "Henkilötunnus / syntymäaika"],
        "addr": ["Osoite", "Lähiosoite", "Postiosoite", "Kotiosoite"],
        "phone": ["Puhelinnumero", "Puhelin", "Puh."],
        "email": ["Sähköposti"],
        "applicant": ["1. Hakijan tiedot", "Hakija", "HENKILÖTIEDOT", "1 Tiedot hakijasta"],
        "sign": [
            "Päiväys ja allekirjoitus",
            "Allekirjoitus",
            "Paikka ja aika",
            "Vakuutan antamani tiedot oikeiksi",
        ],
        "info": ["2. Hakemuksen tiedot", "Lisätiedot", "Selvitys", "3. Muut tiedot"],
    },
    "sv": {
        "name": ["Namn", "Efternamn och förnamn", "Sökandens namn"],
        "hetu": ["Personbeteckning", "Personbeteckning / födelsedatum"],
        "addr": ["Adress", "Postadress", "Hemadress"],
        "phone": ["Telefonnummer", "Telefon"],
        "email": ["E-post"],
        "applicant": ["1. Uppgifter om sökanden", "Sökande", "PERSONUPPGIFTER"],
        "sign": [
            "Datum och underskrift",
            "Underskrift",
            "Ort och datum",
            "Jag försäkrar att uppgifterna är riktiga",
        ],
        "info": ["2. Uppgifter om ansökan", "Tilläggsuppgifter", "Utredning"],
    },
    "en": {
        "name": ["Name", "Surname and first names", "Applicant's name"],
        "hetu": ["Personal identity code", "Finnish personal identity code"],
        "addr": ["Address", "Postal address"],
        "phone": ["Telephone", "Phone"],
        "email": ["E-mail"],
        "applicant": ["1. Applicant", "Personal details"],
        "sign": ["Date and signature", "Signature", "Place and date"],
        "info": ["2. Details", "Additional information"],
    },
}


def make_form(sid: str, r: Faker, *, partial: bool = False) -> tuple[str, str]:
    entry = S[sid]
    lang = _lang_of(entry, r, {"fi": 0.55, "sv": 0.33, "en": 0.12})
    v = r.values()
    lab = LABELS[lang]
    auth = sid.split(".")[0]
    lines: list[str] = []
    code = _code(entry, lang, r)
    if r.rng.random() < 0.8:
        lines.append(r.pick(AUTHORITY_NAMES[auth][lang]))
    title = r.pick(entry["title"][lang])
    if r.rng.random() < 0.2:
        title = title.upper()
    if code and r.rng.random() < 0.5:
        lines.append(f"{code}  {title}")
    else:
        lines.append(title)
    if lang != "fi" and r.rng.random() < 0.25 and entry["title"].get("fi"):
        lines.append(r.pick(entry["title"]["fi"]))  # bilingual forms
    if not partial or r.rng.random() < 0.5:
        lines.append(r.pick(lab["applicant"]))
        sep = r.pick([": ", " ", "\n"])
        personal = [
            f"{r.pick(lab['name'])}{sep}{v['name']}",
            f"{r.pick(lab['hetu'])}{sep}{v['hetu']}",
            f"{r.pick(lab['addr'])}{sep}{v['addr']}",
            f"{r.pick(lab['phone'])}{sep}{v['phone']}",
        ]
        if r.rng.random() < 0.3:
            personal.append(f"{r.pick(lab['email'])}{sep}{v['email']}")
        k = len(personal) if not partial else r.num(1, len(personal))
        lines.extend(personal[:k])
    fields = entry["fields"].get(lang) or entry["fields"]["fi"]
    nf = len(fields)
    k = r.num(min(2, nf), min(6, nf)) if partial else r.num(min(3, nf), min(8, nf))
    chosen = r.sample(fields, k)
    if r.rng.random() < 0.5:
        lines.append(r.pick(lab["info"]))
    lines.extend(fill(f, v) for f in chosen)
    if r.rng.random() < 0.3:
        letter = entry["letter"].get(lang) or entry["letter"]["fi"]
        lines.append(fill(r.pick(letter), v))
    if not partial or r.rng.random() < 0.5:
        lines.append(r.pick(lab["sign"]))
        lines.append(f"{v['city']} {v['date']}   {v['name']}")
    if code and r.rng.random() < 0.6:
        lines.append(f"{code} {r.pick(['01.24', '02.23', '1.2024', '11.22', ''])}".strip())
    return "\n".join(lines), lang


GREET = {
    "fi": ["Hei,", "Hyvä vastaanottaja,", "Arvoisa virkailija", "Hei!", "Hyvät herrat", ""],
    "sv": ["Hej,", "Bästa mottagare,", "Till berörd handläggare", "Hej!", ""],
    "en": ["Dear Sir or Madam,", "Hello,", "To whom it may concern,", ""],
}
CLOSE = {
    "fi": [
        "Ystävällisin terveisin",
        "Terveisin",
        "Kiitos etukäteen,",
        "Yst. terv.",
        "Kunnioittavasti",
    ],
    "sv": ["Med vänliga hälsningar", "Hälsningar", "Tack på förhand,", "Vänligen"],
    "en": ["Kind regards,", "Yours faithfully,", "Best regards,", "Thank you,"],
}
FILLER = {
    "fi": [
        "Voitteko ottaa minuun yhteyttä puhelimitse numeroon {phone}.",
        "Olen asioinut yhteispalvelupisteessä ja neuvoja auttoi minua kirjoittamaan tämän.",
        "Pahoittelen käsialaani.",
        "Vastatkaa mieluiten kirjeitse.",
        "Lisätietoja saa minulta numerosta {phone}.",
        "Liitteenä pyytämänne selvitykset.",
        "En osaa käyttää verkkoasiointia, joten lähetän tämän paperilla.",
    ],
    "sv": [
        "Ni kan nå mig på telefon {phone}.",
        "Jag ber om svar per brev.",
        "Jag har fått hjälp vid servicepunkten med att skriva detta.",
        "Jag kan inte använda e-tjänsten och skickar därför detta på papper.",
    ],
    "en": [
        "You can reach me at {phone}.",
        "I got help at the service point writing this letter.",
        "Please reply by post.",
    ],
}
SUBJECT = {
    "fi": ["Asia: ", "Aihe: ", "ASIA: ", "Koskee: "],
    "sv": ["Ärende: ", "Angående: "],
    "en": ["Subject: ", "Re: "],
}


def make_letter(sid: str, r: Faker) -> tuple[str, str]:
    entry = S[sid]
    lang = r.rng.choices(["fi", "sv", "en"], weights=[0.55, 0.33, 0.12])[0]
    if not entry["letter"].get(lang):
        lang = "fi"
    v = r.values()
    lines: list[str] = []
    if r.rng.random() < 0.5:
        lines.append(f"{v['name']}\n{v['addr']}")
    if r.rng.random() < 0.4:
        lines.append(r.pick(AUTHORITY_NAMES[sid.split(".")[0]][lang]))
    if r.rng.random() < 0.3:
        lines.append(f"{v['city']} {v['date']}")
    if r.rng.random() < 0.35:
        lines.append(r.pick(SUBJECT[lang]) + r.pick(entry["title"][lang]).lower())
    lines.append(r.pick(GREET[lang]))
    sentences = r.sample(entry["letter"][lang], r.num(1, 3))
    if r.rng.random() < 0.4:
        sentences.insert(r.num(0, len(sentences)), _note(KEYWORDS[sid], lang, r))
    if r.rng.random() < 0.6:
        sentences.insert(r.num(0, len(sentences)), r.pick(FILLER[lang]))
    body = " ".join(fill(s, v) for s in sentences)
    lines.append(body)
    lines.append(r.pick(CLOSE[lang]))
    lines.append(v["name"])
    if r.rng.random() < 0.5:
        lines.append(v["hetu"])
    return "\n".join(x for x in lines if x), lang


COVER = {
    "fi": ["Liite hakemukseen: {t}", "LIITE – {t}", "Liite {n}: {t}", "Liitteeksi: {t}"],
    "sv": ["Bilaga till ansökan: {t}", "BILAGA – {t}", "Bilaga {n}: {t}"],
    "en": ["Attachment to: {t}", "Enclosure: {t}"],
}


def make_attachment(sid: str, r: Faker) -> tuple[str, str]:
    entry = S[sid]
    kind = r.pick(entry["attach"])
    lang = r.rng.choices(["fi", "sv"], weights=[0.6, 0.4])[0]
    body = ATTACHMENTS[kind](r, lang)
    if kind in AMBIGUOUS_ATTACHMENTS or r.rng.random() < 0.4:
        title = r.pick(entry["title"][lang])
        cover = r.pick(COVER[lang]).format(t=title, n=r.num(1, 4))
        body = cover + "\n" + body if r.rng.random() < 0.7 else body + "\n" + cover
    return body, lang


NOTE_FRAMES = {
    "fi": [
        "Asia: {a}",
        "Hei, kysyisin asiasta {a}.",
        "Koskee: {a}. {b}.",
        "Tarvitsen apua: {a}, {b}.",
        "Liitteenä paperit ({a}).",
        "{A} – pyydän käsittelemään asiani.",
        "Minulla olisi asia, joka liittyy tähän: {a}.",
        "Mitä minun pitää tehdä? {A}, {b}.",
        "{A}. {B}. Kiitos avusta.",
        "Neuvoja pyysi kirjoittamaan lyhyesti: {a}, {b}.",
    ],
    "sv": [
        "Ärende: {a}",
        "Hej, jag har en fråga om {a}.",
        "Gäller: {a}. {b}.",
        "Jag behöver hjälp: {a}, {b}.",
        "Bifogat papper ({a}).",
        "{A} – vänligen behandla mitt ärende.",
        "Vad ska jag göra? {A}, {b}.",
    ],
    "en": [
        "Subject: {a}",
        "Hello, I have a question about {a}.",
        "Regarding: {a}, {b}.",
        "I need help with {a}. {B}.",
        "Papers attached ({a}).",
    ],
}
NEGATIVE_KEYWORDS = {
    "fi": [
        "synttärit",
        "kokouskutsu",
        "kesäloma",
        "mökkireissu",
        "vakuutuskorvaus",
        "pankkilaina",
        "kuntosalijäsenyys",
        "sähkösopimus",
        "puhelinliittymä",
        "lehtitilaus",
        "taloyhtiön remontti",
        "koulun retki",
        "autokorjaamo",
        "hammaslääkärin aika",
        "verkkokaupan palautus",
        "reseptit",
        "joulukortti",
        "harrastusmaksu",
        "lasku",
        "tarjous",
    ],
    "sv": [
        "födelsedagskalas",
        "mötesinbjudan",
        "sommarsemester",
        "försäkringsersättning",
        "banklån",
        "gymmedlemskap",
        "elavtal",
        "tidningsprenumeration",
        "bilverkstad",
        "tandläkartid",
        "faktura",
    ],
    "en": [
        "birthday party",
        "meeting invitation",
        "holiday plans",
        "insurance claim",
        "bank loan",
        "gym membership",
        "phone contract",
        "magazine subscription",
        "car repair",
        "invoice",
    ],
}


def _note(words: dict[str, list[str]], lang: str, r: Faker) -> str:
    a, b = r.sample(words[lang], 2) if len(words[lang]) > 1 else (words[lang][0],) * 2
    frame = r.pick(NOTE_FRAMES[lang])
    return frame.format(a=a, b=b, A=a[:1].upper() + a[1:], B=b[:1].upper() + b[1:])


def make_note(sid: str, r: Faker) -> tuple[str, str]:
    """A short free note in everyday words, the way people describe their matter."""
    lang = r.rng.choices(["fi", "sv", "en"], weights=[0.55, 0.33, 0.12])[0]
    words = KEYWORDS[sid]
    parts = [_note(words, lang, r) for _ in range(r.num(1, 2))]
    if r.rng.random() < 0.4:
        parts.append(fill(r.pick(FILLER[lang]), r.values()))
    r.rng.shuffle(parts)
    if r.rng.random() < 0.5:
        parts.append(r.name())
    return "\n".join(parts), lang


def make_negative_note(r: Faker) -> tuple[str, str]:
    lang = r.rng.choices(["fi", "sv", "en"], weights=[0.6, 0.3, 0.1])[0]
    parts = [_note(NEGATIVE_KEYWORDS, lang, r) for _ in range(r.num(1, 2))]
    if r.rng.random() < 0.3:
        parts.append(fill(r.pick(FILLER[lang]), r.values()))
    if r.rng.random() < 0.5:
        parts.append(r.name())
    return "\n".join(parts), lang


def _story_lang(r: Faker, phrases: dict[str, list[str]]) -> str:
    lang = r.rng.choices(["fi", "sv", "en"], weights=[0.55, 0.33, 0.12])[0]
    return lang if phrases.get(lang) else "fi"


def _story(
    phrases: dict[str, list[str]], keywords: dict[str, list[str]] | None, r: Faker
) -> tuple[str, str]:
    lang = _story_lang(r, phrases)
    pool = phrases[lang]
    sentences = r.sample(pool, min(len(pool), r.num(1, 2)))
    if keywords is not None and r.rng.random() < 0.25:
        sentences.insert(r.num(0, len(sentences)), _note(keywords, lang, r))
    if r.rng.random() < 0.12:
        # Mixed language: a bilingual customer, or a helper adding a line in another language.
        other = r.pick([x for x in ("fi", "sv", "en") if x != lang and phrases.get(x)])
        sentences.append(r.pick(phrases[other]))
    if r.rng.random() < 0.35:
        sentences.insert(r.num(0, len(sentences)), fill(r.pick(FILLER[lang]), r.values()))
    lines = []
    if r.rng.random() < 0.5:
        lines.append(r.pick(GREET[lang]))
    lines.append(" ".join(sentences))
    if r.rng.random() < 0.5:
        lines.append(r.pick(CLOSE[lang]))
    if r.rng.random() < 0.6:
        lines.append(r.name())
    text = "\n".join(x for x in lines if x)
    if r.rng.random() < 0.3:
        text = text.lower()
    return text, lang


def make_story(sid: str, r: Faker) -> tuple[str, str]:
    """A short message in the customer's own words about their situation."""
    return _story(PHRASES[sid], KEYWORDS[sid], r)


def make_negative_story(r: Faker) -> tuple[str, str]:
    """A personal everyday message that concerns no authority."""
    return _story(NEGATIVE_PHRASES, None, r)


def make_lookalike(r: Faker) -> tuple[str, str]:
    """A form of another country's authority, an insurer, a bank or another private body that
    reads like a Finnish authority's form (``_lookalikes.py``)."""
    issuer = r.pick(sorted(ISSUERS))
    lang, subjects, identifiers, addresses = ISSUERS[issuer]
    lines = [issuer if r.rng.random() < 0.7 else issuer.upper()]
    if r.rng.random() < 0.5:
        lines.append(r.pick(addresses))
    lines.append(r.pick(subjects))
    fields = r.sample(LOOKALIKE_FIELDS[lang], r.num(2, 4))
    fields.insert(r.num(0, len(fields)), r.pick(identifiers))
    lines += fields
    if r.rng.random() < 0.5:
        lines.append(r.pick(addresses))
    if r.rng.random() < 0.4:
        lines.append(r.pick(LOOKALIKE_FOOTERS[lang]))
    return "\n".join(lines), lang


def make_negative(r: Faker) -> tuple[str, str, str]:
    kind = r.pick(list(NEGATIVES))
    lang = r.rng.choices(["fi", "sv", "en"], weights=[0.6, 0.3, 0.1])[0]
    return NEGATIVES[kind](r, lang), lang, kind


# --- OCR noise ---------------------------------------------------------------------------------

CONFUSIONS: dict[str, list[str]] = {
    "l": ["1", "I", "|"],
    "1": ["l", "I"],
    "I": ["l", "1"],
    "O": ["0", "D"],
    "0": ["O", "o"],
    "m": ["rn", "nn"],
    "e": ["c", "é"],
    "a": ["o", "ä"],
    "i": ["l", "í", "1"],
    "S": ["5", "$"],
    "5": ["S"],
    "B": ["8"],
    "8": ["B"],
    "u": ["n", "ü"],
    "n": ["u", "ri"],
    "h": ["b", "li"],
    "t": ["f", "l"],
    "c": ["e", "("],
    "ä": ["a", "å", "é"],
    "ö": ["o", "ó", "6"],
    "å": ["a", "ä"],
    "Ä": ["A"],
    "Ö": ["O", "0"],
    "g": ["q", "9"],
    "y": ["v"],
    "k": ["lc", "x"],
    "r": ["n"],
}
DIACRITICS = str.maketrans("äöåÄÖÅ", "aoaAOA")


def ocr_noise(text: str, rng: random.Random, level: float) -> str:
    """Corrupt ``text`` like a poor scan: confusions, lost diacritics, broken and merged lines."""
    if rng.random() < 0.4:
        text = text.translate(DIACRITICS)
    out: list[str] = []
    for ch in text:
        x = rng.random()
        if x < level and ch in CONFUSIONS:
            out.append(rng.choice(CONFUSIONS[ch]))
        elif x < level * 1.3 and ch.isalpha():
            continue  # dropped character
        elif ch == " " and x < level * 1.6:
            out.append(rng.choice(["", "\n", "  ", " . "]))  # merged words or broken line
        else:
            out.append(ch)
        if rng.random() < level * 0.15:
            out.append(rng.choice([" ", ".", ",", "'", "|", "~"]))
    text = "".join(out)
    if rng.random() < 0.3:  # hyphenation at line ends
        words = text.split(" ")
        for i in range(len(words)):
            w = words[i]
            if len(w) > 8 and rng.random() < 0.15:
                cut = rng.randint(3, len(w) - 3)
                words[i] = w[:cut] + "-\n" + w[cut:]
        text = " ".join(words)
    return text


# --- assembling the corpus ---------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    forms: int = 42
    partial_forms: int = 12
    letters: int = 36
    attachments: int = 14
    notes: int = 36
    negatives: int = 480
    negative_notes: int = 90
    noisy_share: float = 0.35
    # Extra short notes for the train split only (dev and test keep the mix above): short
    # notes carry few words each, so the model needs more of them to learn the vocabulary.
    train_notes: int = 150
    train_negative_notes: int = 350
    # Train-only stories in customers' own words (``_phrases.py``): what happened and what
    # they need, rather than the name of the benefit or form.
    train_stories: int = 60
    train_negative_stories: int = 300
    # Train-only look-alikes (``_lookalikes.py``): foreign authorities', insurers' and banks'
    # forms that share a Finnish service's words but belong to no provider here.
    train_lookalikes: int = 360


def _examples(seed: int, counts: Counts) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    r = Faker(rng)
    rows: list[dict[str, Any]] = []

    def add(label: str, text: str, lang: str, kind: str) -> None:
        rows.append(
            {
                "id": f"{label}-{len(rows):05d}",
                "text": text,
                "label": label,
                "authority": label.split(".")[0] if label != "none" else "none",
                "lang": lang,
                "kind": kind,
                "noisy": False,
            }
        )

    makers: list[tuple[str, int, Callable[[str, Faker], tuple[str, str]]]] = [
        ("form", counts.forms, lambda s, f: make_form(s, f)),
        ("partial_form", counts.partial_forms, lambda s, f: make_form(s, f, partial=True)),
        ("letter", counts.letters, make_letter),
        ("attachment", counts.attachments, make_attachment),
        ("note", counts.notes, make_note),
    ]
    for sid in SERVICES:
        for kind, n, maker in makers:
            if kind == "attachment" and not S[sid]["attach"]:
                n = counts.attachments // 2
                maker = make_letter  # services without typical attachments get more letters
                kind = "letter"
            for _ in range(n):
                text, lang = maker(sid, r)
                add(sid, text, lang, kind)
    for _ in range(counts.negatives):
        text, lang, kind = make_negative(r)
        add("none", text, lang, f"negative:{kind}")
    for _ in range(counts.negative_notes):
        text, lang = make_negative_note(r)
        add("none", text, lang, "negative:note")
    return rows


def build(seed: int = SEED, counts: Counts | None = None) -> dict[str, list[dict[str, Any]]]:
    """Build the split corpus in memory (no I/O). The split is stratified by label."""
    counts = counts or Counts()
    rows = _examples(seed, counts)
    rng = random.Random(seed + 1)
    by_label: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for row in rows:
        if row["text"] in seen:  # identical texts (a fixed recipe, a blank page) only once
            continue
        seen.add(row["text"])
        by_label.setdefault(row["label"], []).append(row)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in SPLITS}
    for label in sorted(by_label):
        group = by_label[label]
        rng.shuffle(group)
        n_dev = round(len(group) * SPLITS[1][1])
        n_test = round(len(group) * SPLITS[2][1])
        out["test"].extend(group[:n_test])
        out["dev"].extend(group[n_test : n_test + n_dev])
        out["train"].extend(group[n_test + n_dev :])
    # Noise is applied after splitting, so no clean/noisy twin crosses a split boundary.
    for name in out:
        for row in out[name]:
            if rng.random() < counts.noisy_share and row["text"].strip():
                row["text"] = ocr_noise(row["text"], rng, rng.choice([0.02, 0.04, 0.07]))
                row["noisy"] = True
        rng.shuffle(out[name])
    _add_train_notes(out["train"], seed, counts, seen)
    return out


def _add_train_notes(
    train: list[dict[str, Any]], seed: int, counts: Counts, seen: set[str]
) -> None:
    """Append the train-only notes (own random streams, so dev and test stay as they are)."""
    if not (
        counts.train_notes
        or counts.train_negative_notes
        or counts.train_stories
        or counts.train_negative_stories
        or counts.train_lookalikes
    ):
        return
    r = Faker(random.Random(seed + 2))
    rng = random.Random(seed + 3)
    rows: list[tuple[str, str, str, str]] = []
    for sid in SERVICES:
        for _ in range(counts.train_notes):
            text, lang = make_note(sid, r)
            rows.append((sid, text, lang, "note"))
    for _ in range(counts.train_negative_notes):
        text, lang = make_negative_note(r)
        rows.append((NONE_LABEL, text, lang, "negative:note"))
    # Stories come from their own random stream too, so adding them changes no other example.
    r = Faker(random.Random(seed + 4))
    for sid in SERVICES:
        for _ in range(counts.train_stories):
            text, lang = make_story(sid, r)
            rows.append((sid, text, lang, "story"))
    for _ in range(counts.train_negative_stories):
        text, lang = make_negative_story(r)
        rows.append((NONE_LABEL, text, lang, "negative:story"))
    # Look-alikes: a fifth random stream, so adding them changes no other example.
    r = Faker(random.Random(seed + 5))
    for _ in range(counts.train_lookalikes):
        text, lang = make_lookalike(r)
        rows.append((NONE_LABEL, text, lang, "negative:lookalike"))
    for i, (label, text, lang, kind) in enumerate(rows):
        if text in seen:  # never the same text as a dev or test document
            continue
        seen.add(text)
        row = {
            "id": f"{label}-t{i:05d}",
            "text": text,
            "label": label,
            "authority": label.split(".")[0] if label != NONE_LABEL else NONE_LABEL,
            "lang": lang,
            "kind": kind,
            "noisy": False,
        }
        if rng.random() < counts.noisy_share:
            row["text"] = ocr_noise(text, rng, rng.choice([0.02, 0.04, 0.07]))
            row["noisy"] = True
        train.append(row)
    rng.shuffle(train)


def write(out_dir: Path, splits: dict[str, list[dict[str, Any]]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in splits.items():
        with (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    splits = build(args.seed)
    write(args.out, splits)
    for name, rows in splits.items():
        print(f"{name}: {len(rows)} examples")


if __name__ == "__main__":
    main()
