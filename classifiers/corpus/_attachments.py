# ruff: noqa: E501  (data: long literal lines read better unbroken)
"""Supporting attachments of the synthetic corpus (negatives: ``_negatives.py``).

Every function takes a random generator ``r`` (a :class:`Faker`) and a language and returns
the text of one page. Attachments belong to a service (a lease travels with a housing
allowance application).
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
