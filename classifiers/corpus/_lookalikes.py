"""Look-alike negatives: documents that read like a Finnish authority's form but belong to
another country's authority, a private insurer, a bank, a pension company, an unemployment
fund or a private day-care provider. Used only for the train split (``generate.py``).

A child-benefit form of another country's social insurer shares most words with Kela's
``LL 1``; what tells them apart is the issuer, the identifiers (a Swedish "personnummer", an
Estonian "isikukood"), the currency and the address. The model has to learn those.
"""

from __future__ import annotations

# issuer -> (language, subjects, identifier lines, address lines)
ISSUERS: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "Försäkringskassan": (
        "sv",
        [
            "Barnbidrag – ansökan om flerbarnstillägg",
            "Bostadsbidrag – preliminär ansökan",
            "Sjukpenning – anmälan",
            "Föräldrapenning – uttag av dagar",
            "Underhållsstöd – ansökan",
            "Ersättning för resor vid sjukdom",
            "Ändring av kontonummer för utbetalning",
        ],
        ["Personnummer (ÅÅÅÅMMDD-NNNN):", "Ditt personnummer:", "Barnets personnummer:"],
        ["Försäkringskassan, 839 88 Östersund", "forsakringskassan.se · 0771-524 524"],
    ),
    "Skatteverket": (
        "sv",
        [
            "Preliminär inkomstdeklaration",
            "Begäran om omprövning",
            "Skattereduktion för rot och rut",
            "Flyttanmälan",
            "Ansökan om namnbyte",
            "Bouppteckning – ingivning",
            "Reseavdrag",
        ],
        ["Personnummer eller samordningsnummer:", "Organisationsnummer:"],
        ["Skatteverket, 171 94 Solna", "skatteverket.se"],
    ),
    "Pensionsmyndigheten": (
        "sv",
        ["Bostadstillägg – ansökan", "Ålderspension – ansökan", "Ändring av bankkonto"],
        ["Personnummer:"],
        ["Pensionsmyndigheten, Box 38190, 100 64 Stockholm"],
    ),
    "Arbetsförmedlingen": (
        "sv",
        ["Inskrivning som arbetssökande", "Starta eget-bidrag", "Lönebidrag – ansökan"],
        ["Personnummer:"],
        ["Arbetsförmedlingen, 113 99 Stockholm"],
    ),
    "Transportstyrelsen": (
        "sv",
        ["Ansökan om registrering av fordon", "Ägarbyte", "Ansökan om körkortstillstånd"],
        ["Registreringsnummer:", "Personnummer:"],
        ["Transportstyrelsen, 701 97 Örebro"],
    ),
    "Lantmäteriet": (
        "sv",
        ["Ansökan om lagfart", "Ansökan om inteckning", "Fastighetsbildning"],
        ["Fastighetsbeteckning:", "Personnummer:"],
        ["Lantmäteriet, 801 82 Gävle", "Sverige"],
    ),
    "NAV": (
        "en",
        [
            "Application for child benefit (barnetrygd)",
            "Application for sickness benefit",
            "Application for unemployment benefit (dagpenger)",
            "Housing allowance (bostøtte)",
        ],
        ["National identity number (11 digits):", "D number:"],
        ["NAV, Postboks 6600 Etterstad, 0607 Oslo, Norway"],
    ),
    "Udbetaling Danmark": (
        "en",
        ["Child and youth benefit (børne- og ungeydelse)", "Housing benefit (boligstøtte)"],
        ["CPR number:"],
        ["Udbetaling Danmark, Kongens Vænge 8, 3400 Hillerød, Denmark"],
    ),
    "Familienkasse": (
        "en",
        ["Antrag auf Kindergeld", "Veränderungsmitteilung Kindergeld"],
        ["Steuerliche Identifikationsnummer:", "Kindergeldnummer:"],
        ["Familienkasse der Bundesagentur für Arbeit, 90327 Nürnberg, Deutschland"],
    ),
    "HM Revenue & Customs": (
        "en",
        [
            "Child Benefit claim",
            "Self Assessment tax return",
            "Change of bank details",
            "Claim a tax refund on travel expenses",
        ],
        ["National Insurance number:", "Unique Taxpayer Reference:"],
        ["HMRC, BX9 1AS, United Kingdom"],
    ),
    "Sotsiaalkindlustusamet": (
        "fi",
        ["Peretoetuse taotlus – perhe-etuudet", "Elatisabi – elatustuen hakemus Virossa"],
        ["Isikukood:", "Lapse isikukood:"],
        ["Sotsiaalkindlustusamet, Endla 8, 15092 Tallinn, Eesti"],
    ),
    "Eesti Töötukassa": (
        "en",
        ["Application for unemployment insurance benefit", "Registration as unemployed"],
        ["Personal identification code (isikukood):"],
        ["Eesti Töötukassa, Lasnamäe 35, 11413 Tallinn, Estonia"],
    ),
    "If Vahinkovakuutus": (
        "fi",
        [
            "Korvaushakemus – sairauskulut",
            "Matkavakuutus – korvaushakemus",
            "Vahinkoilmoitus – autovakuutus",
            "Tapaturmavakuutus – päivärahakorvaus",
        ],
        ["Vakuutusnumero:", "Vahinkonumero:"],
        ["If Vahinkovakuutus Oy, 00025 IF", "if.fi"],
    ),
    "LähiTapiola": (
        "fi",
        [
            "Vahinkoilmoitus – kotivakuutus",
            "Korvaushakemus – lapsivakuutus",
            "Matkakulujen korvaus vakuutuksesta",
        ],
        ["Vakuutusnumero:", "Asiakasnumero:"],
        ["LähiTapiola, 02010 LÄHITAPIOLA"],
    ),
    "Pohjola Vakuutus": (
        "fi",
        ["Sairauskuluvakuutus – korvaushakemus", "Ansionmenetysvakuutus – korvaushakemus"],
        ["Vakuutusnumero:"],
        ["Pohjola Vakuutus Oy, 00013 POHJOLA"],
    ),
    "Fennia": (
        "sv",
        ["Skadeanmälan – reseförsäkring", "Ersättningsansökan – olycksfall"],
        ["Försäkringsnummer:"],
        ["Fennia, 00017 FENNIA"],
    ),
    "Folksam": (
        "sv",
        ["Skadeanmälan – sjukvårdsförsäkring", "Ersättning för resekostnader"],
        ["Försäkringsnummer:", "Personnummer:"],
        ["Folksam, 106 60 Stockholm"],
    ),
    "Nordea": (
        "fi",
        [
            "Tilinumeron muutos palkanmaksajalle",
            "Asuntolainahakemus",
            "Panttikirjojen siirtopyyntö",
        ],
        ["Asiakasnumero:", "Tilinumero:"],
        ["Nordea Bank Oyj, Satamaradankatu 5, 00020 NORDEA"],
    ),
    "OP": (
        "fi",
        ["Lainahakemus", "Vakuudet ja kiinnitykset – pankin lomake", "Tilinavaus"],
        ["Asiakasnumero:"],
        ["OP Osuuspankki, op.fi"],
    ),
    "Danske Bank": (
        "en",
        ["Mortgage application", "Change of account for salary", "Transfer of mortgage deeds"],
        ["Customer number:"],
        ["Danske Bank A/S, Finland Branch"],
    ),
    "Aktia": (
        "sv",
        ["Ansökan om bolån", "Byte av lönekonto", "Överföring av pantbrev"],
        ["Kundnummer:"],
        ["Aktia Bank Abp, aktia.fi"],
    ),
    "S-Pankki": (
        "fi",
        ["Tilinavaushakemus", "Kulutusluottohakemus", "Tilinumeron vaihto etuuksien maksajalle"],
        ["Asiakasnumero:"],
        ["S-Pankki Oyj, s-pankki.fi"],
    ),
    "Varma": (
        "fi",
        ["Työkyvyttömyyseläkehakemus", "Vanhuuseläkehakemus", "Kuntoutushakemus"],
        ["Eläkehakemuksen numero:"],
        ["Keskinäinen työeläkevakuutusyhtiö Varma, 00098 VARMA"],
    ),
    "Ilmarinen": (
        "fi",
        ["Osatyökyvyttömyyseläke – hakemus", "Ammatillinen kuntoutus – hakemus"],
        ["Asiakasnumero:"],
        ["Ilmarinen, 00018 ILMARINEN"],
    ),
    "Työttömyyskassa": (
        "fi",
        [
            "Ansiopäivärahahakemus",
            "Jatkohakemus – ansiosidonnainen päiväraha",
            "Lomautusajan ansiopäiväraha",
        ],
        ["Jäsennumero:"],
        ["Työttömyyskassa, jäsenpalvelu, kassa.fi"],
    ),
    "Touhula": (
        "fi",
        ["Hoitopaikkahakemus – yksityinen päiväkoti", "Palvelusetelipäiväkodin hakemus"],
        ["Lapsen syntymäaika:"],
        ["Touhula Varhaiskasvatus Oy"],
    ),
    "Asunto Oy": (
        "fi",
        ["Osakkaan muutostyöilmoitus", "Autopaikkahakemus", "Saunavuorohakemus"],
        ["Huoneiston numero:"],
        ["Isännöintitoimisto, taloyhtiön hallitus"],
    ),
    # Issuers added in issue 15's second pass, so that the model learns the class (another
    # country's identifiers, addresses and currencies; a company's form and its own numbers)
    # from more than one name each.
    "Sociale Verzekeringsbank": (
        "en",
        ["Kinderbijslag – application for child benefit", "AOW old-age pension – application"],
        ["BSN (burgerservicenummer):"],
        ["SVB, Postbus 1100, 1180 BH Amstelveen, Netherlands"],
    ),
    "Caisse d'allocations familiales": (
        "en",
        ["Allocations familiales – claim", "Aide au logement – housing aid claim"],
        ["Numéro allocataire:", "Numéro de sécurité sociale:"],
        ["CAF, 75650 Paris Cedex 13, France"],
    ),
    "Services Australia": (
        "en",
        ["Family Tax Benefit claim", "Rent Assistance – change of circumstances"],
        ["Customer Reference Number:", "Tax File Number:"],
        ["Services Australia, GPO Box 9820, Canberra ACT 2601, Australia", "Phone +61 2 6222 3455"],
    ),
    "Valsts sociālās apdrošināšanas aģentūra": (
        "en",
        ["Family state benefit – application", "Unemployment benefit – application"],
        ["Personal code (personas kods):"],
        ["VSAA, Lāčplēša iela 70a, Rīga, LV-1011, Latvia"],
    ),
    "Sodra": (
        "en",
        ["Maternity benefit – application", "Sickness benefit – application"],
        ["Personal code (asmens kodas):"],
        ["Sodra, Konstitucijos pr. 12, LT-09308 Vilnius, Lithuania"],
    ),
    "Lakiasiaintoimisto": (
        "fi",
        [
            "Toimeksiantosopimus – riita-asia",
            "Palkkiolasku – perintäasia",
            "Valtakirja asianajajalle",
        ],
        ["Toimeksiannon numero:"],
        ["Lakiasiaintoimisto Mäkelä & Co Oy, Hämeenkatu 9, 33100 Tampere"],
    ),
    "Autokoulu": (
        "fi",
        ["Ilmoittautuminen ajotunneille", "Kuljettajaopetuksen sopimus – B-luokka"],
        ["Oppilasnumero:"],
        ["Autokoulu Ratti Oy, Kauppakatu 4, 40100 Jyväskylä"],
    ),
    "Kiinteistönvälitys": (
        "sv",
        ["Uppdragsavtal – försäljning av bostad", "Köpeanbud – fastighet"],
        ["Objektnummer:"],
        ["Fastighetsförmedling Hem Ab (AFM), Torggatan 3, 65100 Vasa"],
    ),
}

FIELDS = {
    "fi": [
        "Nimi:",
        "Osoite:",
        "Puhelin:",
        "Päiväys ja allekirjoitus:",
        "Pankkitili:",
        "Summa:",
        "Lisätiedot:",
        "Liitteet:",
    ],
    "sv": [
        "Namn:",
        "Adress:",
        "Telefon:",
        "Datum och underskrift:",
        "Bankkonto:",
        "Belopp i kronor:",
        "Övriga upplysningar:",
        "Bilagor:",
    ],
    "en": [
        "Name:",
        "Address:",
        "Telephone:",
        "Date and signature:",
        "Bank account:",
        "Amount:",
        "Other information:",
        "Enclosures:",
    ],
}

FOOTERS = {
    "fi": ["Sivu 1/2", "Lomake palautetaan yllä olevaan osoitteeseen.", "Säilytä kopio itselläsi."],
    "sv": ["Sida 1 av 2", "Skicka blanketten till adressen ovan.", "Spara en kopia."],
    "en": ["Page 1 of 2", "Return the form to the address above.", "Keep a copy for yourself."],
}
