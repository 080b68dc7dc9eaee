# ruff: noqa: E501  (data: long literal lines read better unbroken)
"""Negative (``none``) documents of the synthetic corpus: receipts, private letters,
advertisements, blank pages, insurance claims, bank loan applications and other everyday
paper that belongs to no provider.

Every function takes a random generator ``r`` (a :class:`Faker`) and a language and returns
the text of one page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Faker = Any  # the generator's small fake-data helper; see generate.py


def receipt(r: Faker, lang: str) -> str:
    shop = r.pick(
        [
            "K-Market Keskusta",
            "Prisma",
            "S-Market",
            "Lidl",
            "Tokmanni",
            "R-kioski",
            "Alko",
            "Apteekki",
            "Clas Ohlson",
        ]
    )
    items = [
        f"{r.pick(['MAITO 1L', 'LEIPÄ', 'KAHVI 500G', 'BANAANI', 'JUUSTO', 'PARISTOT', 'MJÖLK', 'BRÖD'])}"
        f"  {r.num(1, 9)},{r.num(10, 99)}"
        for _ in range(r.num(2, 8))
    ]
    tot = "SUMMA" if lang == "fi" else "SUMMA" if lang == "sv" else "TOTAL"
    return "\n".join(
        [
            shop,
            f"Y-tunnus {r.ytunnus()}",
            r.date(),
            *items,
            f"{tot} {r.num(5, 80)},{r.num(10, 99)} EUR",
            r.pick(["KORTTIMAKSU", "Kortbetalning", "Card payment", "KÄTEINEN"]),
            r.pick(["ALV 14 %", "Moms 14 %", "VAT 14%"]),
            r.pick(["Kiitos käynnistä!", "Tack för besöket!", "Thank you!"]),
        ]
    )


def private_letter(r: Faker, lang: str) -> str:
    if lang == "sv":
        body = r.sample(
            [
                "Hej mormor! Tack för paketet, tröjan var precis rätt storlek.",
                "Vi hade en fin sommar på stugan och fiskade mycket.",
                "Barnen har börjat skolan och trivs bra.",
                "Hoppas vi ses till jul.",
                "Katten har blivit gammal men mår bra.",
                "Kram från oss alla",
            ],
            4,
        )
    elif lang == "en":
        body = r.sample(
            [
                "Dear Anna, thank you for the lovely birthday card.",
                "We spent the summer at the lake and the kids learned to swim.",
                "Work has been busy but I hope to visit you in spring.",
                "Love, your sister",
            ],
            3,
        )
    else:
        body = r.sample(
            [
                "Hei mummo! Kiitos paketista, villasukat olivat juuri sopivat.",
                "Meillä on mennyt hyvin, kesällä olimme mökillä ja kalastimme.",
                "Lapset aloittivat koulun ja viihtyvät hyvin.",
                "Toivottavasti nähdään jouluna.",
                "Koira on jo vanha mutta voi hyvin.",
                "Halauksia kaikilta meiltä",
                "Naapurin Pekka kysyi sinusta.",
                "Kirjoita pian takaisin!",
            ],
            4,
        )
    return "\n".join([f"{r.city()} {r.date()}", *body, r.firstname()])


def advertisement(r: Faker, lang: str) -> str:
    if lang == "sv":
        lines = [
            "ERBJUDANDE!",
            f"Nu -{r.num(10, 60)} % på alla {r.pick(['soffor', 'cyklar', 'skor'])}",
            "Endast denna vecka i alla våra butiker",
            "Beställ nu: www.exempel.fi",
        ]
    elif lang == "en":
        lines = [
            "SPECIAL OFFER",
            f"Save {r.num(10, 60)}% on all {r.pick(['sofas', 'bikes', 'shoes'])}",
            "This week only",
            "Order now at www.example.com",
        ]
    else:
        lines = [
            r.pick(["TARJOUS!", "HUIPPUALE", "Vain tänään!"]),
            f"Nyt -{r.num(10, 60)} % kaikista {r.pick(['sohvista', 'polkupyöristä', 'kengistä', 'puhelimista'])}",
            r.pick(
                [
                    "Tule ja tee löytöjä!",
                    "Voimassa niin kauan kuin tavaraa riittää.",
                    "Ilmainen toimitus yli 50 € tilauksiin.",
                ]
            ),
            f"Asiakaspalvelu {r.phone()}",
            "Tilaa heti: www.esimerkki.fi",
        ]
    return "\n".join(lines)


def blank(r: Faker, lang: str) -> str:
    return str(
        r.pick(
            [
                "",
                " ",
                "\n\n",
                ".",
                "Sivu 2/2",
                "- 3 -",
                "~~ ;; ,, ''",
                "|||| ::: ..",
                "Tämä sivu on tarkoituksella jätetty tyhjäksi",
                "Denna sida är avsiktligt tom",
                "This page intentionally left blank",
                "###  ~~  ##",
                "".join(r.pick("abcdefghijklmnopqrstuvwxyz.,;:|!~ ") for _ in range(r.num(10, 60))),
            ]
        )
    )


def insurance_claim(r: Faker, lang: str) -> str:
    ins = r.pick(
        ["Vakuutusyhtiö Turva", "Pohjola-Vakuutus", "LähiTapiola", "Fennia", "If Vahinkovakuutus"]
    )
    if lang == "sv":
        return "\n".join(
            [
                "SKADEANMÄLAN",
                ins,
                f"Försäkringstagare: {r.name()} {r.hetu()}",
                f"Skadedag: {r.date()}",
                f"Skadeplats: {r.addr()}",
                r.pick(
                    [
                        "Vattenskada i badrummet",
                        "Inbrott i bilen",
                        "Cykeln stulen",
                        "Fotledsfraktur vid skidåkning",
                    ]
                ),
                f"Ersättningskrav {r.amount()} €",
                f"Ersättningen betalas till {r.iban()}",
            ]
        )
    return "\n".join(
        [
            r.pick(["VAHINKOILMOITUS", "Korvaushakemus", "Vahinkoilmoitus – kotivakuutus"]),
            ins,
            f"Vakuutuksenottaja: {r.name()} {r.hetu()}",
            f"Vakuutusnumero {r.docno()}",
            f"Vahinkopäivä: {r.date()}",
            f"Vahinkopaikka: {r.addr()}",
            r.pick(
                [
                    "Vesivahinko kylpyhuoneessa",
                    "Autoon murtauduttiin",
                    "Polkupyörä varastettiin",
                    "Nilkka murtui laskettelurinteessä, lääkärikulut",
                    "Liikennevahinko, peräänajo",
                ]
            ),
            f"Korvausvaatimus {r.amount()} €",
            f"Korvaus maksetaan tilille {r.iban()}",
        ]
    )


def loan_application(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "LÅNEANSÖKAN",
                r.bank(),
                f"Sökande: {r.name()} {r.hetu()}",
                f"Lånebelopp {r.amount3()} €",
                f"Återbetalningstid {r.num(5, 25)} år",
                f"Månadsinkomst netto {r.amount2()} €",
                "Säkerhet: bostadsaktier",
                f"Konto {r.iban()}",
            ]
        )
    return "\n".join(
        [
            r.pick(["LAINAHAKEMUS", "Asuntolainahakemus", "Kulutusluottohakemus"]),
            r.bank(),
            f"Hakija: {r.name()} {r.hetu()}",
            f"Osoite: {r.addr()}",
            f"Haettava lainan määrä {r.amount3()} €",
            f"Laina-aika {r.num(5, 25)} vuotta",
            f"Nettotulot kuukaudessa {r.amount2()} €",
            "Vakuus: asunto-osakkeet / takaaja",
            f"Työnantaja: {r.company()}",
            f"Tili {r.iban()}",
        ]
    )


def gym_membership(r: Faker, lang: str) -> str:
    gym = r.pick(["Kuntokeskus Voima", "FitHouse", "SportCenter Oy", "Elixia", "Gym Nord"])
    if lang == "sv":
        return "\n".join(
            [
                f"{gym} – MEDLEMSANSÖKAN",
                f"Namn: {r.name()}",
                f"Födelsedatum: {r.date()}",
                "Medlemskap: 12 månader",
                f"Månadsavgift {r.small()} €",
                f"Autogiro från konto {r.iban()}",
                "Jag godkänner medlemsvillkoren",
            ]
        )
    return "\n".join(
        [
            f"{gym} – JÄSENHAKEMUS",
            f"Nimi: {r.name()}",
            f"Syntymäaika: {r.date()}",
            f"Osoite: {r.addr()}",
            "Jäsenyys: 12 kk sitoutumisella",
            f"Kuukausimaksu {r.small()} €",
            f"Suoramaksu tililtä {r.iban()}",
            "Hyväksyn jäsenehdot",
            r.pick(["Allekirjoitus", "Päiväys ja allekirjoitus"]),
        ]
    )


def utility_bill(r: Faker, lang: str) -> str:
    co = r.pick(["Helen Oy", "Fortum", "Vattenfall", "Oulun Energia", "Elisa Oyj", "Telia Finland"])
    if lang == "sv":
        return "\n".join(
            [
                f"{co}",
                "ELRÄKNING",
                f"Kund: {r.name()}",
                f"Förbrukning {r.num(100, 900)} kWh",
                f"Att betala {r.small()},{r.num(10, 99)} €",
                f"Referensnummer {r.viite()}",
                f"Förfallodag {r.date()}",
            ]
        )
    return "\n".join(
        [
            f"{co}",
            r.pick(["SÄHKÖLASKU", "LASKU", "Puhelinlasku"]),
            f"Asiakas: {r.name()}",
            f"Käyttöpaikka: {r.addr()}",
            f"Kulutus {r.num(100, 900)} kWh",
            f"Maksettava {r.small()},{r.num(10, 99)} €",
            f"Viitenumero {r.viite()}",
            f"Eräpäivä {r.date()}",
            f"Saajan tilinumero {r.iban(spaced=True)}",
        ]
    )


def housing_notice(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "MEDDELANDE TILL INVÅNARNA",
                f"Bostads Ab {r.surname()}",
                f"Vattnet stängs av {r.date()} kl. 8–16 på grund av reparationer.",
                "Bastuturerna bokas hos disponenten.",
                "Styrelsen",
            ]
        )
    return "\n".join(
        [
            "TIEDOTE ASUKKAILLE",
            f"Asunto Oy {r.surname()}",
            r.pick(
                [
                    f"Vesikatko {r.date()} klo 8–16 putkiremontin vuoksi.",
                    "Pihatalkoot järjestetään lauantaina, tervetuloa!",
                    "Saunavuorot varataan isännöitsijältä.",
                    "Yhtiökokous pidetään kerhohuoneessa.",
                ]
            ),
            "Muistattehan lajitella jätteet.",
            "Hallitus",
        ]
    )


def school_newsletter(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                f"{r.surname()} skola – veckobrev",
                "Nästa vecka har vi friluftsdag.",
                "Kom ihåg ytterkläder och matsäck.",
                "Föräldramöte på torsdag kl. 18.",
            ]
        )
    return "\n".join(
        [
            f"{r.surname()}n koulu – viikkotiedote",
            "Ensi viikolla on retkipäivä.",
            "Muistakaa ulkovaatteet ja eväät.",
            "Vanhempainilta torstaina klo 18.",
            "Terveisin luokanopettaja",
        ]
    )


def phone_contract(r: Faker, lang: str) -> str:
    return "\n".join(
        [
            r.pick(["LIITTYMÄSOPIMUS", "Tilausvahvistus", "Abonnemangsavtal"]),
            r.pick(["Elisa", "DNA", "Telia", "Helsingin Sanomat", "Aamulehti"]),
            f"Asiakas: {r.name()}",
            f"Osoite: {r.addr()}",
            r.pick(["5G-liittymä 100 Mbit/s", "Digitilaus 12 kk", "Laajakaista 300M"]),
            f"Hinta {r.small()},90 €/kk",
            "Sopimus on voimassa toistaiseksi.",
            f"Asiakasnumero {r.docno()}",
        ]
    )


def clinic_appointment(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                f"Läkarcentralen {r.surname()}",
                "Bekräftelse av tidsbokning",
                f"{r.name()}, tid {r.date()} kl. 10.30",
                "Tandläkare",
                "Avbokning senast 24 h innan.",
            ]
        )
    return "\n".join(
        [
            f"Lääkärikeskus {r.surname()}",
            "Ajanvarauksen vahvistus",
            f"{r.name()}, aika {r.date()} klo 10.30",
            r.pick(["Hammaslääkäri", "Silmälääkäri", "Työterveyshuolto", "Laboratorio"]),
            "Peruutus viimeistään 24 h ennen, muuten peritään maksu.",
        ]
    )


def association_letter(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                f"{r.surname()} hembygdsförening",
                "Medlemsbrev",
                "Årets medlemsavgift är 15 euro.",
                "Sommarfesten hålls i juni.",
                "Styrelsen",
            ]
        )
    return "\n".join(
        [
            f"{r.surname()}n {r.pick(['kyläyhdistys', 'metsästysseura', 'eläkeläiset ry', 'urheiluseura'])}",
            "Jäsenkirje",
            f"Jäsenmaksu {r.small()} euroa, viitenumero {r.viite()}",
            r.pick(
                [
                    "Kesäjuhlat pidetään kesäkuussa seurantalolla.",
                    "Syyskokous pidetään lokakuussa.",
                    "Talkoisiin tarvitaan väkeä!",
                ]
            ),
            "Hallitus",
        ]
    )


def recipe(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "Kanelbullar\n5 dl mjölk\n50 g jäst\n2 dl socker\nGrädda i 225 grader i 10 minuter."
    return "\n".join(
        [
            r.pick(["Karjalanpiirakat", "Mustikkapiirakka", "Lohikeitto"]),
            "5 dl vettä",
            "2 dl ruisjauhoja",
            "1 tl suolaa",
            f"Paista {r.num(180, 250)} asteessa {r.num(10, 40)} minuuttia.",
        ]
    )


def job_offer(r: Faker, lang: str) -> str:
    if lang == "en":
        return "\n".join(
            [
                f"{r.company()}",
                "Job offer",
                f"Dear {r.name()},",
                "We are pleased to offer you the position of sales assistant.",
                f"Salary {r.amount2()} EUR per month. Please sign and return.",
            ]
        )
    return "\n".join(
        [
            f"{r.company()}",
            "TYÖPAIKKAILMOITUS",
            f"Haemme {r.job()}a vakituiseen työsuhteeseen.",
            "Hakemukset ja CV sähköpostitse 30.6. mennessä.",
            f"Lisätietoja {r.phone()}",
        ]
    )


NEGATIVES: dict[str, Callable[[Faker, str], str]] = {
    f.__name__: f
    for f in (
        receipt,
        private_letter,
        advertisement,
        blank,
        insurance_claim,
        loan_application,
        gym_membership,
        utility_bill,
        housing_notice,
        school_newsletter,
        phone_contract,
        clinic_appointment,
        association_letter,
        recipe,
        job_offer,
    )
}
