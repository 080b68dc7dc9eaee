# ruff: noqa: E501  (data: long literal lines read better unbroken)
"""Supporting attachments and negative (``none``) documents of the synthetic corpus.

Every function takes a random generator ``r`` (a :class:`Faker`) and a language and returns
the text of one page. Attachments belong to a service (a lease travels with a housing
allowance application); negatives belong to no provider.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Faker = Any  # the generator's small fake-data helper; see generate.py


def lease(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                r.pick(["HYRESAVTAL", "Hyresavtal för bostadslägenhet", "HYRESKONTRAKT"]),
                f"Hyresvärd: {r.company()}",
                f"Hyresgäst: {r.name()}  personbeteckning {r.hetu()}",
                f"Lägenhet: {r.addr()}, {r.pick(['1 r+kv', '2 r+k', '3 r+k+b'])}, {r.area()} m²",
                f"Hyresförhållandet börjar {r.date()} och gäller tills vidare.",
                f"Hyra {r.amount()} € per månad, förfallodag den 5 varje månad.",
                f"Vattenavgift {r.small()} €/person/mån. Hyresgaranti {r.amount()} €.",
                "Uppsägningstid för hyresgästen en (1) kalendermånad.",
                r.pick(
                    ["Underskrifter", "Ort och datum", "Hyresvärdens och hyresgästens underskrift"]
                ),
            ]
        )
    return "\n".join(
        [
            r.pick(["VUOKRASOPIMUS", "Huoneenvuokrasopimus", "Asuinhuoneiston vuokrasopimus"]),
            f"Vuokranantaja: {r.company()}",
            f"Vuokralainen: {r.name()}  hetu {r.hetu()}",
            f"Huoneisto: {r.addr()}, {r.pick(['1h+kk', '2h+k', '3h+k+s'])}, {r.area()} m²",
            f"Vuokrasuhde alkaa {r.date()} ja on voimassa toistaiseksi.",
            f"Vuokra {r.amount()} € kuukaudessa, eräpäivä kuun 5. päivä.",
            f"Vesimaksu {r.small()} €/hlö/kk. Vakuus {r.amount()} €.",
            "Vuokralaisen irtisanomisaika on yksi (1) kalenterikuukausi.",
            r.pick(
                [
                    "Allekirjoitukset",
                    "Paikka ja aika",
                    "Vuokranantajan ja vuokralaisen allekirjoitus",
                ]
            ),
        ]
    )


def employment_certificate(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "ARBETSINTYG",
                f"{r.name()} har varit anställd hos {r.company()}",
                f"under tiden {r.date()} – {r.date()} som {r.job()}.",
                "Anställningen upphörde på grund av uppsägning av produktionsorsaker.",
                f"Arbetstid {r.hours()} h/vecka. {r.city()} {r.date()}",
            ]
        )
    return "\n".join(
        [
            "TYÖTODISTUS",
            f"{r.name()} on ollut palveluksessamme {r.company()}",
            f"ajalla {r.date()} – {r.date()} tehtävänään {r.job()}.",
            r.pick(
                [
                    "Työsuhde päättyi tuotannollisista ja taloudellisista syistä.",
                    "Määräaikainen työsuhde päättyi sovitusti.",
                    "Työsuhde päättyi työnantajan irtisanomana.",
                ]
            ),
            f"Työaika {r.hours()} tuntia viikossa. {r.city()} {r.date()}",
        ]
    )


def medical(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                r.pick(["LÄKARINTYG B", "Läkarintyg A", "LÄKARUTLÅTANDE B"]),
                f"Patient: {r.name()} {r.hetu()}",
                f"Diagnos: {r.pick(['M54.5 Ländryggsvärk', 'F32.1 Depression', 'S82.6 Fotledsfraktur'])}",
                f"Arbetsoförmögen {r.date()} – {r.date()}",
                "Anamnes och status: patienten kan inte utföra sitt arbete.",
                f"Läkare {r.name()}, {r.city()} hälsocentral",
            ]
        )
    return "\n".join(
        [
            r.pick(["LÄÄKÄRINTODISTUS B", "Lääkärintodistus A", "LÄÄKÄRINLAUSUNTO B"]),
            f"Potilas: {r.name()} {r.hetu()}",
            f"Diagnoosi: {r.pick(['M54.5 Alaselkäkipu', 'F32.1 Keskivaikea masennus', 'S82.6 Nilkkamurtuma'])}",
            f"Työkyvytön ajalla {r.date()} – {r.date()}",
            "Esitiedot ja löydökset: potilas ei kykene tekemään nykyistä työtään.",
            f"Lääkäri {r.name()}, {r.city()}n terveyskeskus",
        ]
    )


def visit_certificate(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "INTYG OM RESA / VÅRDBESÖK",
                f"{r.name()} har besökt {r.city()} centralsjukhus {r.date()}.",
                "Resan gjordes med taxi på grund av patientens hälsotillstånd.",
                f"Taxikvitto {r.small()} €, självrisk enligt FPA. Stämpel och underskrift",
            ]
        )
    return "\n".join(
        [
            "TODISTUS MATKASTA / HOITOKÄYNNISTÄ",
            f"{r.name()} on käynyt {r.city()}n keskussairaalassa {r.date()}.",
            "Matka tehtiin taksilla potilaan terveydentilan vuoksi.",
            f"Kela-taksin kuitti {r.small()} €, omavastuu. Leima ja allekirjoitus",
        ]
    )


def bank_statement(r: Faker, lang: str) -> str:
    rows = [
        f"{r.date()}  {r.pick(['K-Market', 'Lidl', 'Vuokra', 'Sähkö', 'Apteekki'])}  -{r.small()},00"
        for _ in range(r.num(3, 7))
    ]
    head = "KONTOUTDRAG" if lang == "sv" else "TILIOTE"
    acct = "Konto" if lang == "sv" else "Tili"
    return "\n".join(
        [
            head,
            f"{acct} {r.iban(spaced=True)}",
            f"{r.bank()}",
            *rows,
            f"Saldo {r.small()},{r.num(10, 99)}",
        ]
    )


def maintenance_agreement(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "AVTAL OM UNDERHÅLL FÖR BARN",
                f"Barn: {r.child()} {r.hetu_child()}",
                f"Underhållsskyldig: {r.name()}",
                f"Underhållsbidrag {r.small()} € per månad från {r.date()}",
                "Avtalet har fastställts av barnatillsyningsmannen i kommunen.",
            ]
        )
    return "\n".join(
        [
            "SOPIMUS LAPSEN ELATUKSESTA",
            f"Lapsi: {r.child()} {r.hetu_child()}",
            f"Elatusvelvollinen: {r.name()}",
            f"Elatusapu {r.small()} € kuukaudessa {r.date()} alkaen",
            "Sopimus on vahvistettu kunnan lastenvalvojan toimesta.",
        ]
    )


def payslip(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "LÖNESPECIFIKATION",
                f"Arbetsgivare: {r.company()}",
                f"Arbetstagare: {r.name()}",
                f"Löneperiod {r.date()} – {r.date()}",
                f"Grundlön {r.amount2()},00",
                f"Förskottsinnehållning {r.pct()} %  -{r.amount()},00",
                f"Nettolön {r.amount2()},00",
            ]
        )
    return "\n".join(
        [
            "PALKKALASKELMA",
            f"Työnantaja: {r.company()}",
            f"Työntekijä: {r.name()}",
            f"Palkkakausi {r.date()} – {r.date()}",
            f"Peruspalkka {r.amount2()},00",
            f"Ennakonpidätys {r.pct()} %  -{r.amount()},00",
            f"TyEL-maksu -{r.small()},00",
            f"Maksettava palkka {r.amount2()},00",
        ]
    )


def renovation_invoice(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "FAKTURA",
                f"{r.company()}  FO-nummer {r.ytunnus()}",
                f"Kund: {r.name()}, {r.addr()}",
                f"{r.pick(['Badrumsrenovering', 'Städning', 'Målning av fasad'])}",
                f"Arbete {r.amount()},00 €  Material {r.amount()},00 €",
                "Moms 25,5 %",
                f"Referensnummer {r.viite()}  Förfallodag {r.date()}",
            ]
        )
    return "\n".join(
        [
            "LASKU",
            f"{r.company()}  Y-tunnus {r.ytunnus()}",
            f"Asiakas: {r.name()}, {r.addr()}",
            f"{r.pick(['Kylpyhuoneremontti', 'Kotisiivous 4 h', 'Julkisivun maalaus', 'Putkiremontti'])}",
            f"Työn osuus {r.amount()},00 €  Tarvikkeet {r.amount()},00 €",
            "ALV 25,5 %",
            f"Viitenumero {r.viite()}  Eräpäivä {r.date()}",
            f"Tilinumero {r.iban(spaced=True)}",
        ]
    )


def will(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "TESTAMENTE",
                f"Jag, {r.name()}, förordnar som min yttersta vilja",
                f"att all min egendom efter min död ska tillfalla {r.name()}.",
                f"{r.city()} {r.date()}",
                "Testamentsvittnen: vi har bevittnat underskriften",
            ]
        )
    return "\n".join(
        [
            "TESTAMENTTI",
            f"Minä, {r.name()}, määrään viimeisenä tahtonani,",
            f"että kuolemani jälkeen kaikki omaisuuteni menee {r.name()}lle.",
            f"{r.city()} {r.date()}",
            "Todistajat: olemme yhtä aikaa läsnä olleina todistaneet",
        ]
    )


def estate_inventory(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "BOUPPTECKNINGSINSTRUMENT",
                f"Den avlidne: {r.name()} {r.hetu()}, död {r.date()}",
                f"Delägare i dödsboet: {r.name()}, {r.name()}",
                f"Tillgångar: bostad {r.amount3()} €, bankmedel {r.amount()} €",
                f"Skulder: {r.amount()} €",
                "Förrättningsmän: två gode män",
            ]
        )
    return "\n".join(
        [
            "PERUKIRJA",
            f"Vainaja: {r.name()} {r.hetu()}, kuollut {r.date()}",
            f"Kuolinpesän osakkaat: {r.name()}, {r.name()}",
            f"Varat: asunto {r.amount3()} €, pankkitalletukset {r.amount()} €",
            f"Velat: {r.amount()} €",
            "Uskotut miehet: kaksi toimitsijaa",
        ]
    )


def guardian_consent(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "SAMTYCKE",
                f"Jag, {r.name()}, vårdnadshavare till {r.child()},",
                "samtycker till att pass beviljas för den minderåriga.",
                f"{r.city()} {r.date()}",
            ]
        )
    return "\n".join(
        [
            "SUOSTUMUS",
            f"Minä, {r.name()}, lapsen {r.child()} huoltaja,",
            "annan suostumukseni passin myöntämiseen alaikäiselle.",
            f"{r.city()} {r.date()}",
        ]
    )


def hunting_card(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "INTYG OM SKYTTEHOBBY",
                f"{r.name()} är medlem i {r.company()} skytteförening",
                "och har deltagit i träningar regelbundet de senaste två åren.",
                f"Jaktkort nr {r.docno()}, jaktvårdsavgiften betald {r.date()}",
            ]
        )
    return "\n".join(
        [
            "AMPUMAHARRASTUSTODISTUS",
            f"{r.name()} on {r.company()} ampumaseuran jäsen",
            "ja on harrastanut ammuntaa säännöllisesti viimeisen kahden vuoden ajan.",
            f"Metsästyskortti nro {r.docno()}, riistanhoitomaksu maksettu {r.date()}",
        ]
    )


def cv(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "CV",
                r.name(),
                f"Utbildning: {r.degree()}",
                f"Arbetserfarenhet: {r.job()}, {r.company()}",
                "Språk: svenska, finska, engelska",
            ]
        )
    return "\n".join(
        [
            "ANSIOLUETTELO",
            r.name(),
            f"Koulutus: {r.degree()}",
            f"Työkokemus: {r.job()}, {r.company()}",
            "Kielitaito: suomi, ruotsi, englanti",
        ]
    )


def business_plan(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "AFFÄRSPLAN",
                f"Företag: {r.company()}",
                f"Affärsidé: {r.job()} tjänster för privatkunder",
                f"Kunder och marknad: {r.city()} med omnejd",
                f"Omsättning första året {r.amount3()} €",
                "Lönsamhetskalkyl och finansieringskalkyl",
            ]
        )
    return "\n".join(
        [
            "LIIKETOIMINTASUUNNITELMA",
            f"Yritys: {r.company()}",
            f"Liikeidea: {r.job()}-palvelut kuluttajille",
            f"Asiakkaat ja markkinat: {r.city()} ja lähialue",
            f"Liikevaihto ensimmäisenä vuonna {r.amount3()} €",
            "Kannattavuuslaskelma ja rahoituslaskelma",
        ]
    )


def employment_contract(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "ARBETSAVTAL",
                f"Arbetsgivare: {r.company()} {r.ytunnus()}",
                f"Arbetstagare: {r.name()}",
                f"Anställningen börjar {r.date()}, visstid sex månader",
                f"Lön {r.amount2()} €/mån",
            ]
        )
    return "\n".join(
        [
            "TYÖSOPIMUS",
            f"Työnantaja: {r.company()} {r.ytunnus()}",
            f"Työntekijä: {r.name()}",
            f"Työsuhde alkaa {r.date()}, määräaikainen kuusi kuukautta",
            f"Palkka {r.amount2()} €/kk",
        ]
    )


def neighbour_consent(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "GRANNES SAMTYCKE",
                f"Jag har tagit del av byggplanerna för fastigheten {r.kiinteisto()}",
                "och har inget att anmärka mot bygglovet.",
                f"Granne: {r.name()}",
            ]
        )
    return "\n".join(
        [
            "NAAPURIN SUOSTUMUS / NAAPURIN KUULEMINEN",
            f"Olen tutustunut kiinteistön {r.kiinteisto()} rakennussuunnitelmiin",
            "enkä vastusta rakennusluvan myöntämistä.",
            f"Naapuri: {r.name()}",
        ]
    )


def commercial_invoice(r: Faker, lang: str) -> str:
    return "\n".join(
        [
            "COMMERCIAL INVOICE",
            f"Seller: {r.pick(['Shenzhen Tech Ltd', 'Acme Outdoor Inc', 'Tokyo Audio KK'])}",
            f"Buyer: {r.name()}, {r.addr()}, Finland",
            f"Description: {r.goods()}",
            f"HS code {r.hs()}  Country of origin: {r.country_en()}",
            f"Total value USD {r.amount()}.00",
            f"Tracking number {r.docno()}",
        ]
    )


def car_bill_of_sale(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "KÖPEBREV FÖR FORDON",
                f"Säljare: {r.name()}",
                f"Köpare: {r.name()}",
                f"Fordon: {r.car()}, registreringstecken {r.reg()}",
                f"Köpesumma {r.amount()} €, datum {r.date()}",
            ]
        )
    return "\n".join(
        [
            "AJONEUVON KAUPPAKIRJA",
            f"Myyjä: {r.name()}",
            f"Ostaja: {r.name()}",
            f"Ajoneuvo: {r.car()}, rekisteritunnus {r.reg()}",
            f"Kauppahinta {r.amount()} €, päiväys {r.date()}",
        ]
    )


def property_deed(r: Faker, lang: str) -> str:
    if lang == "sv":
        return "\n".join(
            [
                "KÖPEBREV",
                f"Säljare: {r.name()}",
                f"Köpare: {r.name()}",
                f"Fastighet {r.kiinteisto()} i {r.city()}",
                f"Köpeskilling {r.amount3()} €",
                "Köpvittnet har bestyrkt köpet.",
            ]
        )
    return "\n".join(
        [
            "KAUPPAKIRJA",
            f"Myyjä: {r.name()}",
            f"Ostaja: {r.name()}",
            f"Kiinteistö {r.kiinteisto()}, {r.city()}",
            f"Kauppahinta {r.amount3()} €",
            "Kaupanvahvistaja on vahvistanut kaupan.",
        ]
    )


ATTACHMENTS: dict[str, Callable[[Faker, str], str]] = {
    f.__name__: f
    for f in (
        lease,
        employment_certificate,
        medical,
        visit_certificate,
        bank_statement,
        maintenance_agreement,
        payslip,
        renovation_invoice,
        will,
        estate_inventory,
        guardian_consent,
        hunting_card,
        cv,
        business_plan,
        employment_contract,
        neighbour_consent,
        commercial_invoice,
        car_bill_of_sale,
        property_deed,
    )
}

# Attachments that on their own say nothing about the matter: always sent with a cover line.
AMBIGUOUS_ATTACHMENTS = frozenset(
    {
        "payslip",
        "bank_statement",
        "cv",
        "employment_certificate",
        "employment_contract",
        "car_bill_of_sale",
        "property_deed",
        "commercial_invoice",
    }
)


# --- negatives --------------------------------------------------------------------------------


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
