# ruff: noqa: E501  (data: long literal lines read better unbroken)
"""Vocabulary of the synthetic training corpus: one entry per service of the catalogue.

Each entry holds, per language, form titles, form field lines (with ``{placeholders}`` filled
by the generator), sentences a customer might write in a free-form letter, and optionally the
kinds of supporting attachment that travel with the matter. Codes are the paper-form codes
(Kela and Vero take an ``r``/``e`` suffix for Swedish/English editions).
"""

from __future__ import annotations

from typing import Any

AUTHORITY_NAMES: dict[str, dict[str, list[str]]] = {
    "kela": {
        "fi": ["Kela", "Kansaneläkelaitos", "KELA", "Kela, PL 10, 00056 KELA"],
        "sv": ["FPA", "Folkpensionsanstalten", "FPA, PB 10, 00056 FPA"],
        "en": ["Kela", "Social Insurance Institution of Finland"],
    },
    "vero": {
        "fi": ["Verohallinto", "Verohallinto, PL 700, 00052 VERO", "VEROHALLINTO"],
        "sv": ["Skatteförvaltningen", "Skatteförvaltningen, PB 700, 00052 SKATT"],
        "en": ["Finnish Tax Administration", "Vero Skatt"],
    },
    "poliisi": {
        "fi": ["Poliisi", "Poliisin lupapalvelut", "Poliisilaitos, lupahallinto"],
        "sv": ["Polisen", "Polisens tillståndstjänster"],
        "en": ["Police of Finland", "Police licence services"],
    },
    "dvv": {
        "fi": [
            "Digi- ja väestötietovirasto",
            "DVV",
            "Maistraatti",
            "Digi- ja väestötietovirasto (DVV)",
        ],
        "sv": ["Myndigheten för digitalisering och befolkningsdata", "Magistraten", "MDB"],
        "en": ["Digital and Population Data Services Agency", "DVV"],
    },
    "te": {
        "fi": ["TE-toimisto", "Työ- ja elinkeinotoimisto", "Työllisyyspalvelut", "TE-palvelut"],
        "sv": ["TE-byrån", "Arbets- och näringsbyrån", "Sysselsättningstjänster"],
        "en": ["TE Office", "Employment services"],
    },
    "kunta": {
        "fi": ["Kaupunki", "Kunta", "Kaupungin kasvatus- ja opetustoimi", "Rakennusvalvonta"],
        "sv": ["Staden", "Kommunen", "Byggnadstillsynen", "Bildningssektorn"],
        "en": ["City", "Municipality", "Building control"],
    },
    "tulli": {
        "fi": ["Tulli", "Tulli, Asiakaspalvelu"],
        "sv": ["Tullen"],
        "en": ["Finnish Customs"],
    },
    "traficom": {
        "fi": ["Traficom", "Liikenne- ja viestintävirasto Traficom", "Trafi"],
        "sv": ["Traficom", "Transport- och kommunikationsverket Traficom"],
        "en": ["Traficom", "Finnish Transport and Communications Agency"],
    },
    "mml": {
        "fi": ["Maanmittauslaitos", "MML"],
        "sv": ["Lantmäteriverket"],
        "en": ["National Land Survey of Finland"],
    },
    "oikeusapu": {
        "fi": ["Oikeusaputoimisto", "Valtion oikeusaputoimisto"],
        "sv": ["Rättshjälpsbyrån", "Statens rättshjälpsbyrå"],
        "en": ["Public legal aid office"],
    },
    "taike": {
        "fi": ["Taiteen edistämiskeskus", "Taike"],
        "sv": ["Centret för konstfrämjande"],
        "en": ["Arts Promotion Centre Finland", "Taike"],
    },
    "avi": {
        "fi": ["Aluehallintovirasto", "AVI", "Itä-Suomen aluehallintovirasto"],
        "sv": ["Regionförvaltningsverket", "RFV"],
        "en": ["Regional State Administrative Agency"],
    },
    "posti": {
        "fi": ["Posti", "Posti Oy"],
        "sv": ["Posten", "Posti Ab"],
        "en": ["Posti"],
    },
}

S: dict[str, dict[str, Any]] = {}

S["kela.asumistuki"] = {
    "codes": ["AT 1"],
    "title": {
        "fi": [
            "Hakemus – Yleinen asumistuki",
            "Yleisen asumistuen hakemus",
            "Asumistukihakemus",
            "Yleinen asumistuki, tarkistushakemus",
            "Hakemus: asumistuki",
        ],
        "sv": [
            "Ansökan – Allmänt bostadsbidrag",
            "Ansökan om allmänt bostadsbidrag",
            "Bostadsbidrag, ansökan om justering",
        ],
        "en": ["Application – General housing allowance", "Housing allowance application"],
    },
    "fields": {
        "fi": [
            "Vuokra euroa/kk: {amount}",
            "Asunnon pinta-ala m²: {area}",
            "Ruokakunnan jäsenet: {name2}",
            "Vesimaksu €/kk: {small}",
            "Asumismenot yhteensä: {amount} €",
            "Vuokranantaja: {company}",
            "Vuokrasopimus alkaa {date}",
            "Bruttotulot kuukaudessa: {amount2} €",
            "Asunnon tyyppi: vuokra-asunto / osaomistusasunto",
            "Lämmityskulut: {small} €/kk",
            "Asumistukea haetaan alkaen {date}",
            "Asunnossa asuvat henkilöt: {n}",
        ],
        "sv": [
            "Hyra euro/mån: {amount}",
            "Bostadens yta m²: {area}",
            "Hushållets medlemmar: {name2}",
            "Vattenavgift €/mån: {small}",
            "Boendeutgifter totalt: {amount} €",
            "Hyresvärd: {company}",
            "Hyresavtalet börjar {date}",
            "Bruttoinkomster per månad: {amount2} €",
            "Bostadens typ: hyresbostad",
            "Uppvärmningskostnader: {small} €/mån",
            "Bostadsbidrag söks från och med {date}",
            "Personer som bor i bostaden: {n}",
        ],
        "en": [
            "Rent EUR/month: {amount}",
            "Floor area m²: {area}",
            "Members of household: {n}",
            "Landlord: {company}",
            "Lease starts {date}",
            "Gross monthly income: {amount2} €",
        ],
    },
    "letter": {
        "fi": [
            "Haen asumistukea vuokra-asuntooni osoitteessa {addr}.",
            "Muutin uuteen vuokra-asuntoon ja vuokrani on nyt {amount} euroa kuukaudessa.",
            "Tuloni pienenivät, joten pyydän tarkistamaan asumistukeni määrän.",
            "Liitteenä vuokrasopimus ja palkkalaskelmat asumistukea varten.",
            "Vuokranantaja korotti vuokraa, joten ilmoitan muutoksesta asumistukeeni.",
            "Asun yksin kaksiossa enkä pysty maksamaan vuokraa ilman asumistukea.",
            "Opiskelen ja tarvitsisin apua asumiskuluihin, voinko saada asumistukea?",
            "Puolisoni muutti pois, joten ruokakuntamme koko on muuttunut.",
            "Pyydän, että asumistuki maksetaan suoraan vuokranantajalle.",
        ],
        "sv": [
            "Jag ansöker om bostadsbidrag för min hyresbostad på {addr}.",
            "Min hyra höjdes till {amount} euro i månaden och jag ber att bostadsbidraget justeras.",
            "Jag flyttade till en ny hyreslägenhet och behöver stöd för boendekostnaderna.",
            "Bifogat finns hyresavtalet och lönespecifikationer för bostadsbidraget.",
            "Mina inkomster har minskat, vänligen granska mitt bostadsbidrag.",
            "Min sambo flyttade ut och hushållet består nu bara av mig.",
        ],
        "en": [
            "I would like to apply for general housing allowance for my rented flat at {addr}.",
            "My rent went up to {amount} euros a month; please review my housing allowance.",
            "Attached is my lease agreement for the housing allowance application.",
        ],
    },
    "attach": ["lease"],
}

S["kela.lapsilisa"] = {
    "codes": ["LL 1"],
    "title": {
        "fi": ["Hakemus – Lapsilisä", "Lapsilisähakemus", "Lapsilisän hakeminen"],
        "sv": ["Ansökan – Barnbidrag", "Ansökan om barnbidrag"],
        "en": ["Application – Child benefit", "Child benefit application"],
    },
    "fields": {
        "fi": [
            "Lapsen nimi: {child}",
            "Lapsen henkilötunnus: {hetu_child}",
            "Lapsi asuu kanssani alkaen {date}",
            "Haen yksinhuoltajakorotusta: kyllä",
            "Lapsen toinen huoltaja: {name2}",
            "Lapsilisä maksetaan tilille {iban}",
            "Lapsen syntymäaika: {date}",
            "Lapsen kotikunta: {city}",
            "Lapsilisän saaja: äiti / isä / muu huoltaja",
        ],
        "sv": [
            "Barnets namn: {child}",
            "Barnets personbeteckning: {hetu_child}",
            "Barnet bor hos mig från och med {date}",
            "Jag ansöker om ensamförsörjarförhöjning: ja",
            "Barnets andra vårdnadshavare: {name2}",
            "Barnbidraget betalas till konto {iban}",
            "Barnets födelsedatum: {date}",
            "Mottagare av barnbidraget: mor / far",
        ],
        "en": [
            "Child's name: {child}",
            "Child's date of birth: {date}",
            "Other guardian: {name2}",
            "Single-parent supplement: yes",
        ],
    },
    "letter": {
        "fi": [
            "Lapsemme syntyi {date} ja haluamme hakea hänelle lapsilisää.",
            "Muutimme Suomeen lasten kanssa ja haen lapsilisää kahdelle lapselle.",
            "Olen yksinhuoltaja ja pyydän lapsilisään yksinhuoltajakorotusta.",
            "Poikani muutti asumaan luokseni, joten lapsilisä pitäisi maksaa jatkossa minulle.",
            "Vauvamme {child} syntyi viime kuussa, miten saamme lapsilisän?",
            "Erosimme ja lapset asuvat nyt minun luonani, pyydän lapsilisän siirtoa.",
        ],
        "sv": [
            "Vårt barn föddes {date} och vi ansöker om barnbidrag.",
            "Jag är ensamförsörjare och ber om förhöjning av barnbidraget.",
            "Vi flyttade till Finland med barnen och jag ansöker om barnbidrag för två barn.",
            "Min dotter bor numera hos mig, så barnbidraget ska betalas till mig.",
        ],
        "en": [
            "Our baby {child} was born on {date} and we apply for child benefit.",
            "I am a single parent and ask for the single-parent supplement to child benefit.",
        ],
    },
    "attach": [],
}

S["kela.tyottomyysturva"] = {
    "codes": ["TT 1", "TT 2"],
    "title": {
        "fi": [
            "Hakemus – Työttömyysturva",
            "Ilmoitus työttömyysajasta",
            "Työttömyysetuushakemus",
            "Hakemus: peruspäiväraha ja työmarkkinatuki",
            "Työttömyysajan ilmoitus",
        ],
        "sv": [
            "Ansökan – Arbetslöshetsförmåner",
            "Anmälan om arbetslöshetstid",
            "Ansökan om grunddagpenning och arbetsmarknadsstöd",
        ],
        "en": ["Application – Unemployment benefits", "Notification of unemployment period"],
    },
    "fields": {
        "fi": [
            "Työsuhteen päättymispäivä: {date}",
            "Viimeisin työnantaja: {company}",
            "Ilmoitusjakso: {date} – {date2}",
            "Tein työtä jakson aikana {n} tuntia",
            "Haen: peruspäiväraha / työmarkkinatuki",
            "Soviteltu päiväraha: ansiot {amount} €",
            "Työsuhteen päättymisen syy: irtisanominen",
            "Lomaraha / lomakorvaus maksettu",
            "Olen ilmoittautunut työnhakijaksi {date}",
            "Lomautus alkaen {date}",
        ],
        "sv": [
            "Anställningen upphörde: {date}",
            "Senaste arbetsgivare: {company}",
            "Anmälningsperiod: {date} – {date2}",
            "Jag arbetade {n} timmar under perioden",
            "Jag ansöker om: grunddagpenning / arbetsmarknadsstöd",
            "Jämkad dagpenning: inkomster {amount} €",
            "Orsak: uppsägning",
            "Permittering från och med {date}",
        ],
        "en": [
            "Employment ended: {date}",
            "Last employer: {company}",
            "Reporting period: {date} – {date2}",
            "Hours worked: {n}",
        ],
    },
    "letter": {
        "fi": [
            "Jäin työttömäksi {date} ja haen työttömyysetuutta.",
            "Lähetän ilmoituksen työttömyysajastani neljän viikon jaksolta.",
            "Työsuhteeni päättyi irtisanomiseen, haen työmarkkinatukea.",
            "Tein osa-aikatyötä, joten pyydän soviteltua päivärahaa tältä jaksolta.",
            "Minut lomautettiin toistaiseksi ja haen peruspäivärahaa lomautuksen ajalle.",
            "Työttömyyskorvaukseni maksu on viivästynyt, tässä puuttuva jaksoilmoitus.",
        ],
        "sv": [
            "Jag blev arbetslös {date} och ansöker om arbetslöshetsförmån.",
            "Här är min anmälan om arbetslöshetstid för fyra veckor.",
            "Jag har permitterats och ansöker om grunddagpenning.",
            "Jag arbetade deltid och ber om jämkad arbetslöshetsdagpenning.",
        ],
        "en": [
            "I became unemployed on {date} and apply for unemployment benefit.",
            "Here is my report of the unemployment period for the last four weeks.",
        ],
    },
    "attach": ["employment_certificate"],
}

S["kela.sairauspaivaraha"] = {
    "codes": ["SV 8"],
    "title": {
        "fi": [
            "Hakemus – Sairauspäivärahat",
            "Sairauspäivärahahakemus",
            "Hakemus: sairauspäiväraha tai osasairauspäiväraha",
        ],
        "sv": [
            "Ansökan – Sjukdagpenning",
            "Ansökan om sjukdagpenning eller partiell sjukdagpenning",
        ],
        "en": ["Application – Sickness allowance", "Sickness allowance application"],
    },
    "fields": {
        "fi": [
            "Työkyvyttömyys alkoi: {date}",
            "Lääkärintodistus A / B liitteenä",
            "Työnantaja maksaa palkkaa sairausajalta: ei",
            "Työnantaja: {company}",
            "Haen osasairauspäivärahaa ajalle {date} – {date2}",
            "Omavastuuaika päättyy {date2}",
            "Sairausloma ajalla {date} – {date2}",
            "Päiväraha maksetaan: minulle / työnantajalle",
        ],
        "sv": [
            "Arbetsoförmögenheten började: {date}",
            "Läkarintyg A / B bifogas",
            "Arbetsgivaren betalar lön under sjukledigheten: nej",
            "Arbetsgivare: {company}",
            "Jag ansöker om partiell sjukdagpenning för {date} – {date2}",
            "Sjukledig {date} – {date2}",
            "Dagpenningen betalas till: mig / arbetsgivaren",
        ],
        "en": [
            "Incapacity for work began: {date}",
            "Medical certificate B attached",
            "Employer pays salary during sick leave: no",
        ],
    },
    "letter": {
        "fi": [
            "Olen ollut sairauslomalla {date} alkaen ja haen sairauspäivärahaa.",
            "Liitteenä lääkärintodistus B, työkyvyttömyyteni jatkuu edelleen.",
            "Työnantaja ei maksa palkkaa sairausajalta, joten pyydän päivärahan minulle.",
            "Sairastuin ja olen työkyvytön kuukauden ajan leikkauksen jälkeen.",
            "Haen osasairauspäivärahaa, koska palaan töihin osa-aikaisesti.",
            "Selkäni vuoksi lääkäri kirjoitti sairauslomaa kuusi viikkoa.",
        ],
        "sv": [
            "Jag har varit sjukskriven sedan {date} och ansöker om sjukdagpenning.",
            "Bifogat läkarintyg B, min arbetsoförmåga fortsätter.",
            "Min arbetsgivare betalar inte lön under sjukledigheten.",
            "Jag återgår till arbetet på deltid och ansöker om partiell sjukdagpenning.",
        ],
        "en": [
            "I have been on sick leave since {date} and apply for sickness allowance.",
            "My medical certificate is attached; I am unable to work.",
        ],
    },
    "attach": ["medical"],
}

S["kela.matkakorvaus"] = {
    "codes": ["SV 4"],
    "title": {
        "fi": [
            "Hakemus – Matkakorvaus",
            "Matkakorvaushakemus",
            "Sairaanhoitoon liittyvien matkakulujen korvaus",
        ],
        "sv": ["Ansökan – Reseersättning", "Ansökan om ersättning för resekostnader vid sjukdom"],
        "en": ["Application – Reimbursement of travel costs", "Travel reimbursement (health care)"],
    },
    "fields": {
        "fi": [
            "Matkan päivämäärä: {date}",
            "Mistä – mihin: {city} – keskussairaala",
            "Kulkuneuvo: oma auto / taksi / linja-auto",
            "Matkan pituus yhteen suuntaan {km} km",
            "Hoitopaikka: {city}n terveyskeskus",
            "Todistus matkasta (SV 67) liitteenä",
            "Matkakulut yhteensä {small} €",
            "Syy taksin käyttöön: liikuntarajoitteisuus",
            "Saattaja matkalla: ei",
        ],
        "sv": [
            "Resans datum: {date}",
            "Varifrån – vart: {city} – centralsjukhuset",
            "Färdmedel: egen bil / taxi / buss",
            "Resans längd enkel väg {km} km",
            "Vårdplats: hälsovårdscentralen",
            "Intyg om resa bifogas",
            "Resekostnader totalt {small} €",
            "Orsak till taxi: rörelsehinder",
        ],
        "en": [
            "Date of trip: {date}",
            "Means of transport: own car / taxi",
            "Distance one way {km} km",
            "Place of treatment: central hospital",
        ],
    },
    "letter": {
        "fi": [
            "Kävin {date} sairaalassa tutkimuksissa ja haen korvausta matkakuluista.",
            "Ajoin omalla autolla terveyskeskukseen, matka oli {km} km suuntaansa.",
            "Liitteenä taksikuitti ja todistus hoitokäynnistä, pyydän matkakorvausta.",
            "Jouduin käymään fysioterapiassa toisella paikkakunnalla kymmenen kertaa.",
            "Haen Kelan korvausta sairaalamatkoista, jotka tein bussilla.",
        ],
        "sv": [
            "Jag besökte sjukhuset {date} och ansöker om ersättning för resekostnaderna.",
            "Jag körde med egen bil till hälsovårdscentralen, {km} km enkel väg.",
            "Bifogat taxikvitto och intyg om vårdbesöket, jag ber om reseersättning.",
        ],
        "en": [
            "I travelled to the hospital for treatment and apply for reimbursement of travel costs."
        ],
    },
    "attach": ["visit_certificate"],
}

S["kela.toimeentulotuki"] = {
    "codes": ["TO 1"],
    "title": {
        "fi": [
            "Hakemus – Perustoimeentulotuki",
            "Toimeentulotukihakemus",
            "Perustoimeentulotuen hakemus",
        ],
        "sv": ["Ansökan om grundläggande utkomststöd", "Ansökan – Utkomststöd"],
        "en": ["Application for basic social assistance"],
    },
    "fields": {
        "fi": [
            "Haen tukea ajalle {date} – {date2}",
            "Menot: vuokra {amount} €, sähkö {small} €",
            "Lääkekulut {small} €",
            "Tulot ja varat: tiliotteet liitteenä",
            "Perheen jäsenet: {n}",
            "Pankkitilin saldo {small} €",
            "Muut tulot: ei",
            "Haen myös vuokravakuutta",
            "Terveydenhuoltomenot {small} €",
        ],
        "sv": [
            "Jag ansöker om stöd för perioden {date} – {date2}",
            "Utgifter: hyra {amount} €, el {small} €",
            "Läkemedelskostnader {small} €",
            "Inkomster och tillgångar: kontoutdrag bifogas",
            "Familjemedlemmar: {n}",
            "Saldo på bankkonto {small} €",
        ],
        "en": ["Expenses: rent {amount} €, electricity {small} €", "Bank statements attached"],
    },
    "letter": {
        "fi": [
            "Rahani eivät riitä ruokaan ja vuokraan, joten haen perustoimeentulotukea.",
            "Liitteenä tiliotteet ja lääkekuitit toimeentulotukihakemukseen.",
            "Tarvitsen tukea sähkölaskun ja lääkkeiden maksamiseen tässä kuussa.",
            "Olen työtön enkä saa vielä päivärahaa, pyydän toimeentulotukea kuukaudeksi.",
            "Pyydän toimeentulotukea vuokravakuuteen uutta asuntoa varten.",
        ],
        "sv": [
            "Pengarna räcker inte till hyra och mat, därför ansöker jag om utkomststöd.",
            "Bifogat kontoutdrag och kvitton på läkemedel för ansökan om utkomststöd.",
            "Jag behöver stöd för att betala elräkningen denna månad.",
        ],
        "en": ["I cannot afford food and rent this month and apply for basic social assistance."],
    },
    "attach": ["bank_statement"],
}

S["kela.elatustuki"] = {
    "codes": ["LU 1"],
    "title": {
        "fi": ["Hakemus – Elatustuki", "Elatustukihakemus", "Elatustuen hakeminen"],
        "sv": ["Ansökan – Underhållsstöd", "Ansökan om underhållsstöd"],
        "en": ["Application – Child maintenance allowance"],
    },
    "fields": {
        "fi": [
            "Elatusvelvollinen vanhempi: {name2}",
            "Vahvistettu elatusapu {small} €/kk",
            "Elatussopimus vahvistettu lastenvalvojalla {date}",
            "Elatusapu jäänyt maksamatta alkaen {date}",
            "Lapsen nimi: {child}",
            "Isyys vahvistettu: kyllä",
            "Elatusvelvollisen vähäinen elatuskyky",
        ],
        "sv": [
            "Underhållsskyldig förälder: {name2}",
            "Fastställt underhållsbidrag {small} €/mån",
            "Avtalet om underhåll fastställt av barnatillsyningsmannen {date}",
            "Underhållsbidraget obetalt från och med {date}",
            "Barnets namn: {child}",
        ],
        "en": ["Parent liable for maintenance: {name2}", "Confirmed maintenance {small} €/month"],
    },
    "letter": {
        "fi": [
            "Lapseni isä ei ole maksanut elatusapua kolmeen kuukauteen, haen elatustukea.",
            "Liitteenä lastenvalvojan vahvistama elatussopimus elatustukea varten.",
            "Elatusvelvollinen ei pysty maksamaan elatusapua, joten pyydän Kelalta elatustukea.",
            "Isyyttä ei ole vahvistettu ja haen lapselle elatustukea.",
        ],
        "sv": [
            "Barnets pappa har inte betalat underhållsbidrag på tre månader, jag söker underhållsstöd.",
            "Bifogat avtal om underhåll som barnatillsyningsmannen fastställt.",
            "Den underhållsskyldiga föräldern kan inte betala underhåll.",
        ],
        "en": [
            "The child's father has not paid maintenance, so I apply for maintenance allowance."
        ],
    },
    "attach": ["maintenance_agreement"],
}

S["kela.tilinumero"] = {
    "codes": ["Y 121"],
    "title": {
        "fi": [
            "Ilmoitus – Tilinumeron muutos",
            "Tilinumeron muutosilmoitus",
            "Uuden tilinumeron ilmoitus",
        ],
        "sv": ["Anmälan – Ändring av kontonummer", "Anmälan om nytt kontonummer"],
        "en": ["Notification – Change of bank account number"],
    },
    "fields": {
        "fi": [
            "Uusi tilinumero (IBAN): {iban}",
            "Pankin BIC: {bic}",
            "Tilinomistaja: {name}",
            "Muutos koskee kaikkia Kelan etuuksia",
            "Vanha tilinumero: {iban2}",
            "Muutos voimassa alkaen {date}",
        ],
        "sv": [
            "Nytt kontonummer (IBAN): {iban}",
            "Bankens BIC: {bic}",
            "Kontoinnehavare: {name}",
            "Ändringen gäller alla förmåner från FPA",
            "Gammalt kontonummer: {iban2}",
        ],
        "en": ["New account number (IBAN): {iban}", "BIC: {bic}", "Account holder: {name}"],
    },
    "letter": {
        "fi": [
            "Vaihdoin pankkia, maksakaa etuuteni jatkossa tilille {iban}.",
            "Pyydän muuttamaan tilinumeroni Kelan maksuja varten.",
            "Vanha pankkitilini on suljettu, uusi tilinumero on {iban}.",
            "Ilmoitan uuden tilinumeron, jolle eläke ja asumistuki maksetaan.",
        ],
        "sv": [
            "Jag har bytt bank, betala mina förmåner till kontot {iban}.",
            "Jag ber att mitt kontonummer ändras för utbetalningar från FPA.",
            "Mitt gamla konto är avslutat, det nya kontonumret är {iban}.",
        ],
        "en": [
            "Please pay my benefits to my new bank account {iban}.",
            "I have changed banks; my new account number is {iban}.",
        ],
    },
    "attach": [],
}

S["vero.verokortti"] = {
    "codes": ["5010"],
    "title": {
        "fi": [
            "Verokorttihakemus ja/tai ennakkoverohakemus",
            "Muutosverokortin hakemus",
            "Hakemus: uusi verokortti",
            "Verokortin muutos",
        ],
        "sv": ["Ansökan om skattekort och/eller förskottsskatt", "Ansökan om ändringsskattekort"],
        "en": ["Application for tax card and/or prepayment", "Tax card application"],
    },
    "fields": {
        "fi": [
            "Arvioidut palkkatulot koko vuodelta: {amount3} €",
            "Tähän mennessä kertyneet tulot: {amount2} €",
            "Pidätetty vero: {amount} €",
            "Ennakonpidätysprosentti nyt: {pct} %",
            "Sivutulojen verokortti tarvitaan",
            "Vähennettävät kulut: ammattiliiton jäsenmaksu {small} €",
            "Verovuosi: {year}",
            "Uusi työnantaja: {company}",
        ],
        "sv": [
            "Beräknade löneinkomster för hela året: {amount3} €",
            "Hittills intjänade inkomster: {amount2} €",
            "Innehållen skatt: {amount} €",
            "Nuvarande procent för förskottsinnehållning: {pct} %",
            "Skattekort för biinkomster behövs",
            "Skatteår: {year}",
        ],
        "en": [
            "Estimated annual wages: {amount3} €",
            "Tax withheld so far: {amount} €",
            "Current withholding rate: {pct} %",
        ],
    },
    "letter": {
        "fi": [
            "Aloitan uudessa työssä ja tuloni muuttuvat, pyydän uutta verokorttia.",
            "Tarvitsen muutosverokortin, sillä veroprosenttini on liian suuri.",
            "Pyydän verokorttia sivutoimista työtä varten.",
            "Tuloarvioni tälle vuodelle on {amount3} euroa, laskekaa veroprosentti uudelleen.",
            "Jäin eläkkeelle ja tarvitsen uuden verokortin eläketuloille.",
        ],
        "sv": [
            "Jag behöver ett nytt skattekort eftersom mina inkomster har ändrats.",
            "Min skatteprocent är för hög, jag ansöker om ändringsskattekort.",
            "Jag har fått ett extrajobb och behöver skattekort för biinkomster.",
        ],
        "en": [
            "I started a new job and need a new tax card with a revised withholding rate.",
            "Please send me a tax card; my estimated income this year is {amount3} euros.",
        ],
    },
    "attach": ["payslip"],
}

S["vero.kotitalousvahennys"] = {
    "codes": ["14A", "14B"],
    "title": {
        "fi": [
            "Kotitalousvähennys",
            "Kotitalousvähennyksen ilmoittaminen",
            "Kotitalousvähennys – kotitaloustyö ja remontti",
        ],
        "sv": ["Hushållsavdrag", "Yrkande på hushållsavdrag"],
        "en": ["Tax credit for household expenses"],
    },
    "fields": {
        "fi": [
            "Työn suorittaja: {company}, Y-tunnus {ytunnus}",
            "Työn osuus laskusta: {amount} €",
            "Tehty työ: remontti / kotisiivous / hoivatyö",
            "Maksupäivä: {date}",
            "Yritys on ennakkoperintärekisterissä",
            "Kotitalousvähennystä vaaditaan verovuodelta {year}",
            "Asunnon osoite: {addr}",
        ],
        "sv": [
            "Utförare: {company}, FO-nummer {ytunnus}",
            "Arbetets andel av fakturan: {amount} €",
            "Utfört arbete: renovering / städning",
            "Betalningsdag: {date}",
            "Företaget är infört i förskottsuppbördsregistret",
            "Hushållsavdrag yrkas för skatteåret {year}",
        ],
        "en": ["Contractor: {company}, business ID {ytunnus}", "Work share of invoice: {amount} €"],
    },
    "letter": {
        "fi": [
            "Teetin kylpyhuoneremontin ja vaadin kotitalousvähennystä työn osuudesta.",
            "Liitteenä siivousyrityksen laskut kotitalousvähennystä varten.",
            "Kattoremontin työkorvaus oli {amount} euroa, pyydän sen huomioimista vähennyksenä.",
            "Maksoin äitini kotihoitoapua, haluan vähentää sen kotitalousvähennyksenä.",
        ],
        "sv": [
            "Jag lät renovera badrummet och yrkar hushållsavdrag för arbetskostnaden.",
            "Bifogat fakturorna från städfirman för hushållsavdraget.",
            "Arbetets andel av takrenoveringen var {amount} euro.",
        ],
        "en": [
            "I had my bathroom renovated and claim the household tax credit for the labour cost."
        ],
    },
    "attach": ["renovation_invoice"],
}

S["vero.matkakulut"] = {
    "codes": ["1A"],
    "title": {
        "fi": [
            "Matkakulut – Asunnon ja työpaikan väliset matkat",
            "Matkakulujen vähennys",
            "Työmatkakulujen vähentäminen",
        ],
        "sv": [
            "Resekostnader – Resor mellan bostaden och arbetsplatsen",
            "Avdrag för resekostnader",
        ],
        "en": ["Travel expenses between home and work"],
    },
    "fields": {
        "fi": [
            "Työpaikan osoite: {addr}",
            "Matkan pituus yhteen suuntaan: {km} km",
            "Työpäivien lukumäärä vuodessa: {days}",
            "Halvin kulkuneuvo: julkinen liikenne / oma auto",
            "Kausilipun hinta: {small} €",
            "Verovuosi: {year}",
            "Työnantaja: {company}",
        ],
        "sv": [
            "Arbetsplatsens adress: {addr}",
            "Resans längd enkel väg: {km} km",
            "Antal arbetsdagar per år: {days}",
            "Billigaste färdsätt: kollektivtrafik / egen bil",
            "Periodbiljettens pris: {small} €",
            "Skatteår: {year}",
        ],
        "en": ["Workplace address: {addr}", "One-way distance: {km} km", "Working days: {days}"],
    },
    "letter": {
        "fi": [
            "Käyn töissä toisella paikkakunnalla, työmatkani on {km} km suuntaansa, ja vaadin matkakulujen vähennystä.",
            "Liitteenä kausilippujen kuitit työmatkakulujen vähentämistä varten.",
            "Esitäytetystä veroilmoituksesta puuttuvat asunnon ja työpaikan väliset matkakulut.",
            "Joukkoliikennettä ei ole, joten käytän omaa autoa työmatkoihin.",
        ],
        "sv": [
            "Jag pendlar {km} km enkel väg till arbetet och yrkar avdrag för resekostnader.",
            "Bifogat kvitton på periodbiljetter för avdraget för resor till arbetet.",
            "Resekostnaderna mellan bostad och arbetsplats saknas i skattedeklarationen.",
        ],
        "en": ["I commute {km} km each way to work and claim a deduction for travel expenses."],
    },
    "attach": [],
}

S["vero.oikaisuvaatimus"] = {
    "codes": ["3308"],
    "title": {
        "fi": [
            "Tuloveron oikaisuvaatimus",
            "Oikaisuvaatimus verotuspäätökseen",
            "Oikaisuvaatimus Verohallinnolle",
        ],
        "sv": ["Begäran om omprövning – inkomstskatt", "Begäran om omprövning av beskattningen"],
        "en": ["Request for reassessment – income tax"],
    },
    "fields": {
        "fi": [
            "Verovuosi: {year}",
            "Päätös, johon haetaan oikaisua: verotuspäätös {date}",
            "Vaatimus: vähennys tulee hyväksyä",
            "Perustelut: liitteenä kuitit",
            "Muutettava kohta: tulonhankkimiskulut",
            "Veronsaajien oikeudenvalvonta",
        ],
        "sv": [
            "Skatteår: {year}",
            "Beslut som omprövas: beskattningsbeslut {date}",
            "Yrkande: avdraget ska godkännas",
            "Motivering: kvitton bifogas",
        ],
        "en": ["Tax year: {year}", "Decision concerned: tax decision {date}"],
    },
    "letter": {
        "fi": [
            "Vaadin oikaisua verotukseeni vuodelta {year}, koska vähennykseni puuttuvat.",
            "En hyväksy verotuspäätöstä, sillä tuloja on verotettu kahteen kertaan.",
            "Verotuspäätöksessäni on virhe ja pyydän sen korjaamista oikaisuvaatimuksella.",
            "Valitan jäännösverosta, joka määrättiin väärin perustein.",
        ],
        "sv": [
            "Jag begär omprövning av min beskattning för år {year}.",
            "Beskattningsbeslutet är felaktigt eftersom mina avdrag saknas.",
            "Jag godkänner inte kvarskatten och begär rättelse.",
        ],
        "en": ["I request a reassessment of my income tax for {year}; my deductions are missing."],
    },
    "attach": [],
}

S["vero.perintovero"] = {
    "codes": [],
    "title": {
        "fi": [
            "Perintöveroilmoitus",
            "Perintöverotus – ilmoitus",
            "Ilmoitus perintöverotusta varten",
        ],
        "sv": ["Arvsskattedeklaration", "Deklaration för arvsbeskattning"],
        "en": ["Inheritance tax return"],
    },
    "fields": {
        "fi": [
            "Perinnönjättäjä: {name2}",
            "Kuolinpäivä: {date}",
            "Perinnönsaaja: {name}",
            "Perukirja toimitettu: kyllä",
            "Pesän varat {amount3} € ja velat {amount} €",
            "Kuolinpesän osakkaat: {n}",
            "Testamentti: on",
            "Yhteystiedot: {phone}",
        ],
        "sv": [
            "Arvlåtare: {name2}",
            "Dödsdag: {date}",
            "Arvinge: {name}",
            "Bouppteckningen har lämnats in: ja",
            "Boets tillgångar {amount3} € och skulder {amount} €",
            "Dödsboets delägare: {n}",
            "Testamente: finns",
        ],
        "en": ["Deceased: {name2}", "Date of death: {date}", "Heir: {name}"],
    },
    "letter": {
        "fi": [
            "Isäni kuoli {date} ja lähetän perukirjan perintöverotusta varten.",
            "Olen kuolinpesän osakas, liitteenä testamentti ja perukirja.",
            "Äitini jätti perinnöksi asunnon, ilmoitan perinnön verotusta varten.",
            "Perunkirjoitus pidettiin {date}, tässä perintöveroilmoitus.",
        ],
        "sv": [
            "Min mor dog {date}, jag bifogar bouppteckningen för arvsbeskattningen.",
            "Jag är delägare i dödsboet och bifogar testamentet.",
            "Bouppteckningsförrättningen hölls {date}.",
        ],
        "en": ["My father died on {date}; I enclose the estate inventory for inheritance tax."],
    },
    "attach": ["will", "estate_inventory"],
}

S["poliisi.passi"] = {
    "codes": [],
    "title": {
        "fi": ["Passihakemus", "Hakemus – passi", "Passin hakeminen alaikäiselle"],
        "sv": ["Passansökan", "Ansökan om pass"],
        "en": ["Passport application"],
    },
    "fields": {
        "fi": [
            "Valokuvan tunnus: {photo}",
            "Aiemman passin numero: {docno}",
            "Pituus: {height} cm",
            "Huoltajien suostumus: liitteenä",
            "Asevelvollisuus suoritettu: kyllä",
            "Passin voimassaolo päättyy {date}",
            "Haen passia: pikatoimitus",
            "Noutopaikka: poliisin palvelupiste",
        ],
        "sv": [
            "Fotokod: {photo}",
            "Tidigare pass nummer: {docno}",
            "Längd: {height} cm",
            "Vårdnadshavarnas samtycke: bifogat",
            "Passet går ut {date}",
            "Avhämtningsställe: polisens tjänsteställe",
        ],
        "en": ["Photo code: {photo}", "Previous passport number: {docno}", "Height: {height} cm"],
    },
    "letter": {
        "fi": [
            "Passini vanhenee ja tarvitsen uuden passin ennen ulkomaanmatkaa.",
            "Haen passia lapselleni, liitteenä toisen huoltajan suostumus.",
            "Tarvitsen uuden passin, koska nimeni muuttui avioliiton myötä.",
            "Lähden työmatkalle ja tarvitsen passin kiireellisesti.",
        ],
        "sv": [
            "Mitt pass går ut och jag behöver ett nytt pass före resan.",
            "Jag ansöker om pass för mitt barn, bifogat den andra vårdnadshavarens samtycke.",
        ],
        "en": ["My passport expires soon and I need a new passport before travelling abroad."],
    },
    "attach": ["guardian_consent"],
}

S["poliisi.henkilokortti"] = {
    "codes": [],
    "title": {
        "fi": ["Henkilökorttihakemus", "Hakemus – henkilökortti", "Henkilökortti alaikäiselle"],
        "sv": ["Ansökan om identitetskort", "Identitetskortsansökan"],
        "en": ["Identity card application"],
    },
    "fields": {
        "fi": [
            "Valokuvan tunnus: {photo}",
            "Kortin tyyppi: kansalaisen henkilökortti",
            "Kelpaa matkustusasiakirjaksi EU-maissa: kyllä",
            "Aiemman henkilökortin numero: {docno}",
            "Pituus: {height} cm",
            "Kortille merkitään kansalaisuus",
        ],
        "sv": [
            "Fotokod: {photo}",
            "Korttyp: identitetskort för medborgare",
            "Giltigt som resedokument inom EU: ja",
            "Tidigare identitetskort nummer: {docno}",
        ],
        "en": ["Photo code: {photo}", "Card type: identity card for a citizen"],
    },
    "letter": {
        "fi": [
            "Tarvitsen henkilökortin, koska ajokortti ei käy henkilöllisyystodistukseksi.",
            "Henkilökorttini vanhenee {date}, haen uutta henkilökorttia.",
            "Haen lapselleni henkilökorttia matkustusasiakirjaksi.",
            "Pankki vaatii voimassa olevan henkilöllisyystodistuksen, joten haen henkilökorttia.",
        ],
        "sv": [
            "Jag ansöker om identitetskort eftersom mitt gamla har gått ut.",
            "Jag behöver ett identitetskort som resedokument inom EU.",
        ],
        "en": ["I need an identity card because my old ID card has expired."],
    },
    "attach": [],
}

S["poliisi.aselupa"] = {
    "codes": [],
    "title": {
        "fi": [
            "Aselupahakemus",
            "Hankkimislupa ampuma-aseelle",
            "Perustelulomake: metsästys / ampumaurheilu",
        ],
        "sv": ["Ansökan om vapentillstånd", "Förvärvstillstånd för skjutvapen"],
        "en": ["Firearms licence application"],
    },
    "fields": {
        "fi": [
            "Aseen tyyppi: kivääri / haulikko / pistooli",
            "Kaliiperi: {caliber}",
            "Käyttötarkoitus: metsästys",
            "Metsästyskortin numero: {docno}",
            "Ampumaseuran jäsenyys: {company}",
            "Ampumaharrastustodistus liitteenä",
            "Aseiden säilytys: asekaappi",
        ],
        "sv": [
            "Vapentyp: gevär / hagelgevär / pistol",
            "Kaliber: {caliber}",
            "Användningsändamål: jakt",
            "Jaktkortsnummer: {docno}",
            "Medlemskap i skytteförening: {company}",
            "Förvaring: vapenskåp",
        ],
        "en": ["Firearm type: rifle", "Calibre: {caliber}", "Purpose: hunting"],
    },
    "letter": {
        "fi": [
            "Haen lupaa hirvikiväärin hankkimiseen metsästystä varten.",
            "Liitteenä ampumaseuran todistus säännöllisestä harrastuksesta pistoolilupaa varten.",
            "Olen metsästänyt kymmenen vuotta ja haluan hankkia uuden haulikon.",
            "Perin isältäni aseen ja tarvitsen sille hallussapitoluvan.",
        ],
        "sv": [
            "Jag ansöker om tillstånd att förvärva ett jaktgevär.",
            "Bifogat intyg från skytteföreningen om regelbunden träning.",
        ],
        "en": ["I apply for a licence to acquire a hunting rifle."],
    },
    "attach": ["hunting_card"],
}

S["poliisi.kadonnut"] = {
    "codes": [],
    "title": {
        "fi": [
            "Ilmoitus kadonneesta passista tai henkilökortista",
            "Katoamisilmoitus",
            "Ilmoitus kadonneesta asiakirjasta",
        ],
        "sv": ["Anmälan om förlorat pass eller identitetskort", "Förlustanmälan"],
        "en": ["Report of a lost passport or identity card"],
    },
    "fields": {
        "fi": [
            "Kadonnut asiakirja: passi / henkilökortti",
            "Asiakirjan numero: {docno}",
            "Katoamisaika: {date}",
            "Katoamispaikka: {city}",
            "Varastettu: kyllä / ei",
            "Rikosilmoitus tehty: ei",
        ],
        "sv": [
            "Förlorad handling: pass / identitetskort",
            "Handlingens nummer: {docno}",
            "Tidpunkt för förlusten: {date}",
            "Plats: {city}",
            "Stulen: ja / nej",
        ],
        "en": ["Lost document: passport", "Document number: {docno}", "Date lost: {date}"],
    },
    "letter": {
        "fi": [
            "Passini katosi matkalla, ilmoitan sen kadonneeksi.",
            "Lompakkoni varastettiin ja siinä oli henkilökorttini.",
            "Hukkasin henkilökorttini {date}, pyydän merkitsemään sen kadonneeksi.",
            "En löydä passiani mistään, pelkään että se on hävinnyt muuton yhteydessä.",
        ],
        "sv": [
            "Mitt pass har kommit bort under resan, jag anmäler det som förlorat.",
            "Min plånbok med identitetskortet blev stulen {date}.",
        ],
        "en": ["I lost my passport on {date} and report it missing."],
    },
    "attach": [],
}

S["dvv.muuttoilmoitus"] = {
    "codes": [],
    "title": {
        "fi": ["Muuttoilmoitus", "Ilmoitus muutosta", "Muuttoilmoitus – vakituinen muutto"],
        "sv": ["Flyttanmälan", "Anmälan om flyttning"],
        "en": ["Notification of move", "Change of address notification"],
    },
    "fields": {
        "fi": [
            "Vanha osoite: {addr}",
            "Uusi osoite: {addr2}",
            "Muuttopäivä: {date}",
            "Muuttavat henkilöt: {name}, {child}",
            "Muutto: vakituinen / tilapäinen",
            "Asunnon omistaja / vuokranantaja: {company}",
            "Uusi kotikunta: {city}",
        ],
        "sv": [
            "Gammal adress: {addr}",
            "Ny adress: {addr2}",
            "Flyttdag: {date}",
            "Personer som flyttar: {name}, {child}",
            "Flyttningen är: stadigvarande / tillfällig",
            "Ny hemkommun: {city}",
        ],
        "en": ["Old address: {addr}", "New address: {addr2}", "Date of move: {date}"],
    },
    "letter": {
        "fi": [
            "Muutin {date} uuteen osoitteeseen {addr2} ja teen muuttoilmoituksen.",
            "Perheemme muuttaa toiseen kuntaan, ilmoitan uuden vakituisen osoitteen.",
            "Pyydän päivittämään osoitteeni väestötietojärjestelmään.",
            "Muutan tilapäisesti opiskelemaan toiselle paikkakunnalle syksyksi.",
        ],
        "sv": [
            "Jag flyttade {date} till {addr2} och gör härmed flyttanmälan.",
            "Vår familj flyttar till en annan kommun, vänligen uppdatera adressen i befolkningsdatasystemet.",
        ],
        "en": ["I moved to a new address on {date} and hereby notify the change of address."],
    },
    "attach": [],
}

S["dvv.nimenmuutos"] = {
    "codes": [],
    "title": {
        "fi": [
            "Nimenmuutoshakemus",
            "Hakemus etunimen muuttamiseksi",
            "Sukunimen muutos – hakemus",
        ],
        "sv": ["Namnändringsansökan", "Ansökan om ändring av förnamn"],
        "en": ["Application for change of name"],
    },
    "fields": {
        "fi": [
            "Nykyinen nimi: {name}",
            "Haettu uusi sukunimi: {surname}",
            "Haettu uusi etunimi: {firstname}",
            "Perustelut nimenmuutokselle: suvun nimi",
            "Nimenmuutos koskee myös lapsia: ei",
        ],
        "sv": [
            "Nuvarande namn: {name}",
            "Önskat nytt efternamn: {surname}",
            "Önskat nytt förnamn: {firstname}",
            "Motivering till namnändringen: släktnamn",
        ],
        "en": ["Current name: {name}", "Requested surname: {surname}"],
    },
    "letter": {
        "fi": [
            "Haluan muuttaa sukunimeni isoäitini sukunimeksi {surname}.",
            "Haen etunimeni muuttamista, koska käytän arjessa toista nimeä.",
            "Erosin ja haluan palata entiseen sukunimeeni.",
            "Pyydän lisäämään etunimiini nimen {firstname}.",
        ],
        "sv": [
            "Jag vill ändra mitt efternamn till {surname}.",
            "Jag ansöker om att få byta förnamn eftersom jag använder ett annat namn.",
        ],
        "en": ["I want to change my surname to {surname}."],
    },
    "attach": [],
}

S["dvv.avioliitto"] = {
    "codes": [],
    "title": {
        "fi": ["Pyyntö avioliiton esteiden tutkinnasta", "Avioliiton esteiden tutkinta"],
        "sv": ["Begäran om hindersprövning", "Hindersprövning för äktenskap"],
        "en": ["Request for examination of impediments to marriage"],
    },
    "fields": {
        "fi": [
            "Tuleva puoliso: {name2}",
            "Vihkimisen suunniteltu aika: {date}",
            "Vihkimuoto: kirkollinen / siviilivihkiminen",
            "Vakuutan, ettei avioliitolle ole estettä",
            "Aiempi avioliitto päättynyt: eroon",
            "Vihkipaikka: {city}",
        ],
        "sv": [
            "Blivande make/maka: {name2}",
            "Planerad vigsel: {date}",
            "Vigselform: kyrklig / borgerlig",
            "Jag försäkrar att hinder för äktenskapet inte finns",
        ],
        "en": ["Future spouse: {name2}", "Planned wedding date: {date}"],
    },
    "letter": {
        "fi": [
            "Aiomme mennä naimisiin {date} ja pyydämme avioliiton esteiden tutkintaa.",
            "Menemme naimisiin kesällä, mitä papereita tarvitaan esteiden tutkintaan?",
            "Haluamme siviilivihkimisen maistraatissa, tässä esteiden tutkinnan pyyntö.",
        ],
        "sv": [
            "Vi ska gifta oss {date} och begär hindersprövning.",
            "Vi planerar en borgerlig vigsel och behöver hindersprövningen.",
        ],
        "en": [
            "We are getting married on {date} and request the examination of impediments to marriage."
        ],
    },
    "attach": [],
}

S["dvv.ulkomaalainen"] = {
    "codes": [],
    "title": {
        "fi": ["Ulkomaalaisen rekisteröinti-ilmoitus", "Rekisteröinti väestötietojärjestelmään"],
        "sv": ["Registreringsanmälan för utlänningar", "Registrering i befolkningsdatasystemet"],
        "en": [
            "Registration notification for foreign nationals",
            "Registration of a foreigner in the Population Information System",
        ],
    },
    "fields": {
        "fi": [
            "Kansalaisuus: {country}",
            "Ulkomainen henkilötunnus: {docno}",
            "Oleskelulupa / EU-rekisteröinti: {docno}",
            "Syntymäpaikka: {country}",
            "Osoite Suomessa: {addr}",
            "Passin numero: {docno}",
            "Muuttopäivä Suomeen: {date}",
        ],
        "sv": [
            "Medborgarskap: {country}",
            "Utländsk personbeteckning: {docno}",
            "Uppehållstillstånd / EU-registrering: {docno}",
            "Adress i Finland: {addr}",
        ],
        "en": [
            "Citizenship: {country}",
            "Foreign personal ID: {docno}",
            "Residence permit / EU registration: {docno}",
            "Address in Finland: {addr}",
            "Passport number: {docno}",
            "Date of arrival in Finland: {date}",
        ],
    },
    "letter": {
        "fi": [
            "Muutin Suomeen töihin ja haluan rekisteröityä väestötietojärjestelmään.",
            "Tarvitsen suomalaisen henkilötunnuksen, olen {country} kansalainen.",
        ],
        "sv": ["Jag har flyttat till Finland och vill registrera mig i befolkningsdatasystemet."],
        "en": [
            "I moved to Finland from {country} and want to register in the population information system.",
            "I need a Finnish personal identity code; my residence permit is attached.",
            "Please register my family as residents; we arrived on {date}.",
        ],
    },
    "attach": [],
}

S["te.tyonhakija"] = {
    "codes": [],
    "title": {
        "fi": ["Ilmoittautuminen työnhakijaksi", "Työnhakijan ilmoittautuminen", "Työnhakulomake"],
        "sv": ["Anmälan som arbetssökande", "Registrering som arbetssökande"],
        "en": ["Registration as a jobseeker"],
    },
    "fields": {
        "fi": [
            "Haettu ammatti: {job}",
            "Koulutus ja tutkinnot: {degree}",
            "Työkokemus: {n} vuotta",
            "Haen: kokoaikatyötä / osa-aikatyötä",
            "Työnhaku alkaa {date}",
            "Kielitaito: suomi, ruotsi, englanti",
            "Ajokortti: B",
            "Toivottu työskentelyalue: {city}",
        ],
        "sv": [
            "Sökt yrke: {job}",
            "Utbildning och examina: {degree}",
            "Arbetserfarenhet: {n} år",
            "Jag söker: heltidsarbete / deltidsarbete",
            "Arbetssökandet börjar {date}",
            "Språkkunskaper: svenska, finska",
        ],
        "en": ["Desired occupation: {job}", "Education: {degree}", "Work experience: {n} years"],
    },
    "letter": {
        "fi": [
            "Haluan ilmoittautua työnhakijaksi, määräaikainen työsuhteeni päättyy {date}.",
            "Etsin työtä ammatissani ({job}) ja pyydän työnhaun aloittamista.",
            "Valmistuin ja haluan ilmoittautua työttömäksi työnhakijaksi.",
            "Pyydän aikaa työllisyyspalveluista työnhakukeskusteluun.",
        ],
        "sv": [
            "Jag vill anmäla mig som arbetssökande, mitt visstidsavtal upphör {date}.",
            "Jag söker arbete som {job} och ber om att registreras som arbetssökande.",
        ],
        "en": ["I want to register as an unemployed jobseeker."],
    },
    "attach": ["cv"],
}

S["te.starttiraha"] = {
    "codes": [],
    "title": {
        "fi": [
            "Starttirahahakemus",
            "Hakemus – starttiraha",
            "Starttiraha yritystoiminnan aloittamiseen",
        ],
        "sv": ["Ansökan om startpeng", "Startpeng – ansökan"],
        "en": ["Application for start-up grant"],
    },
    "fields": {
        "fi": [
            "Yrityksen nimi: {company}",
            "Y-tunnus: {ytunnus}",
            "Liiketoimintasuunnitelma liitteenä",
            "Rahoituslaskelma liitteenä",
            "Yritystoiminnan aloituspäivä: {date}",
            "Aiempi yrittäjäkokemus: ei",
            "Toimiala: {job}",
        ],
        "sv": [
            "Företagets namn: {company}",
            "FO-nummer: {ytunnus}",
            "Affärsplan bifogas",
            "Finansieringskalkyl bifogas",
            "Företagsverksamheten inleds: {date}",
        ],
        "en": ["Company name: {company}", "Business plan attached"],
    },
    "letter": {
        "fi": [
            "Aion perustaa oman yrityksen ja haen starttirahaa toimeentulon turvaamiseksi.",
            "Liitteenä liiketoimintasuunnitelma ja rahoituslaskelma starttirahahakemukseen.",
            "Ryhdyn päätoimiseksi yrittäjäksi ({job}) ja tarvitsen tukea alkuvaiheeseen.",
        ],
        "sv": [
            "Jag planerar att starta ett företag och ansöker om startpeng.",
            "Bifogat affärsplanen och finansieringskalkylen för startpengen.",
        ],
        "en": ["I am starting my own business and apply for a start-up grant."],
    },
    "attach": ["business_plan"],
}

S["te.palkkatuki"] = {
    "codes": [],
    "title": {
        "fi": ["Palkkatukihakemus", "Hakemus – palkkatuki"],
        "sv": ["Ansökan om lönesubvention"],
        "en": ["Application for pay subsidy"],
    },
    "fields": {
        "fi": [
            "Työnantaja: {company}, Y-tunnus {ytunnus}",
            "Palkattava henkilö: {name2}",
            "Työsuhteen kesto: {date} – {date2}",
            "Bruttopalkka: {amount2} €/kk",
            "Työaika: {hours} h/vk",
            "Sovellettava työehtosopimus",
            "Tehtävänimike: {job}",
        ],
        "sv": [
            "Arbetsgivare: {company}, FO-nummer {ytunnus}",
            "Person som anställs: {name2}",
            "Anställningens längd: {date} – {date2}",
            "Bruttolön: {amount2} €/mån",
            "Arbetstid: {hours} h/vecka",
            "Tillämpligt kollektivavtal",
        ],
        "en": ["Employer: {company}", "Person to be hired: {name2}"],
    },
    "letter": {
        "fi": [
            "Yrityksemme aikoo palkata pitkään työttömänä olleen henkilön ja hakee palkkatukea.",
            "Haemme palkkatukea {job}-tehtävään palkattavalle työntekijälle.",
            "Yhdistyksemme palkkaa kuudeksi kuukaudeksi työntekijän ja pyytää palkkatukea.",
        ],
        "sv": [
            "Vårt företag ansöker om lönesubvention för att anställa en långtidsarbetslös.",
            "Vi anställer en {job} och söker lönesubvention.",
        ],
        "en": ["Our company applies for a pay subsidy to hire a long-term unemployed person."],
    },
    "attach": ["employment_contract"],
}

S["kunta.varhaiskasvatus"] = {
    "codes": [],
    "title": {
        "fi": ["Varhaiskasvatushakemus", "Hakemus varhaiskasvatukseen", "Päivähoitohakemus"],
        "sv": ["Ansökan om småbarnspedagogik", "Ansökan om dagvård"],
        "en": ["Application for early childhood education"],
    },
    "fields": {
        "fi": [
            "Lapsen nimi: {child}",
            "Lapsen syntymäaika: {date}",
            "Toivottu aloituspäivä: {date2}",
            "Hoitoaika: kokopäivä / osapäivä",
            "Toivottu päiväkoti: {daycare}",
            "Vuorohoidon tarve: ei",
            "Allergiat: ei",
            "Huoltajan työpaikka: {company}",
        ],
        "sv": [
            "Barnets namn: {child}",
            "Barnets födelsedatum: {date}",
            "Önskat startdatum: {date2}",
            "Vårdtid: heldag / halvdag",
            "Önskat daghem: {daycare}",
            "Skiftvård: nej",
        ],
        "en": [
            "Child's name: {child}",
            "Requested start date: {date2}",
            "Preferred daycare: {daycare}",
        ],
    },
    "letter": {
        "fi": [
            "Palaan töihin {date2} ja haen tyttärelleni paikkaa päiväkodista.",
            "Haemme pojallemme varhaiskasvatuspaikkaa läheltä kotia.",
            "Tarvitsemme vuorohoitoa, koska teen vuorotyötä.",
        ],
        "sv": [
            "Jag ansöker om dagvårdsplats för min son från {date2}.",
            "Vi söker en plats inom småbarnspedagogiken i ett svenskspråkigt daghem.",
        ],
        "en": ["We apply for a daycare place for our daughter from {date2}."],
    },
    "attach": [],
}

S["kunta.rakennuslupa"] = {
    "codes": [],
    "title": {
        "fi": ["Rakennuslupahakemus", "Lupahakemus – rakennuslupa", "Hakemus: rakennuslupa"],
        "sv": ["Ansökan om bygglov", "Bygglovsansökan"],
        "en": ["Building permit application"],
    },
    "fields": {
        "fi": [
            "Rakennuspaikan kiinteistötunnus: {kiinteisto}",
            "Toimenpide: uudisrakennus / laajennus / korjaus",
            "Kerrosala: {area} m²",
            "Pääsuunnittelija: {name2}",
            "Naapurien kuuleminen: suoritettu",
            "Rakennuksen käyttötarkoitus: omakotitalo / saunarakennus",
        ],
        "sv": [
            "Byggplatsens fastighetsbeteckning: {kiinteisto}",
            "Åtgärd: nybyggnad / tillbyggnad",
            "Våningsyta: {area} m²",
            "Huvudprojekterare: {name2}",
            "Hörande av grannar: utfört",
        ],
        "en": ["Property ID: {kiinteisto}", "Measure: new building", "Floor area: {area} m²"],
    },
    "letter": {
        "fi": [
            "Aiomme rakentaa omakotitalon tontillemme ja haemme rakennuslupaa.",
            "Haluan laajentaa kesämökin saunaa ja tarvitsen siihen rakennusluvan.",
            "Liitteenä asemapiirros ja naapurin suostumus rakennuslupahakemukseen.",
        ],
        "sv": [
            "Vi ansöker om bygglov för ett fritidshus på vår tomt.",
            "Bifogat situationsplan och grannens samtycke till bygglovsansökan.",
        ],
        "en": ["We apply for a building permit for a detached house on our plot."],
    },
    "attach": ["neighbour_consent"],
}

S["tulli.maahantuonti"] = {
    "codes": ["890"],
    "title": {
        "fi": [
            "Tulli-ilmoitus maahantuonnista",
            "Yksityishenkilön tuonti-ilmoitus",
            "Tullaus – maahantuonti",
        ],
        "sv": ["Tulldeklaration vid import", "Importdeklaration för privatperson"],
        "en": ["Customs declaration – import", "Import declaration"],
    },
    "fields": {
        "fi": [
            "Tavaran kuvaus: {goods}",
            "Alkuperämaa: {country}",
            "Tavaran arvo: {amount} €",
            "Lähettäjä: {company}",
            "Tullinimike: {hs}",
            "Arvonlisävero 25,5 %",
            "Saapumispäivä: {date}",
            "Lähetystunnus: {docno}",
        ],
        "sv": [
            "Varubeskrivning: {goods}",
            "Ursprungsland: {country}",
            "Varans värde: {amount} €",
            "Avsändare: {company}",
            "Tulltaxenummer: {hs}",
            "Mervärdesskatt 25,5 %",
        ],
        "en": [
            "Description of goods: {goods}",
            "Country of origin: {country}",
            "Value: {amount} €",
            "Commodity code: {hs}",
            "Consignment number: {docno}",
        ],
    },
    "letter": {
        "fi": [
            "Tilasin tuotteen ulkomailta ja lähetys on pysähtynyt tulliin, tässä tulli-ilmoitus.",
            "Toin matkalta tavaraa, jonka arvo ylittää matkustajatuomisten rajan.",
            "Pyydän tullaamaan lähetyksen {docno}, liitteenä kauppalasku.",
        ],
        "sv": [
            "Jag har beställt varor från utlandet och behöver förtulla dem.",
            "Bifogat handelsfakturan för tullklareringen av försändelsen {docno}.",
        ],
        "en": [
            "I ordered goods from abroad and the parcel {docno} is held by customs; invoice attached."
        ],
    },
    "attach": ["commercial_invoice"],
}

S["traficom.rekisterointi"] = {
    "codes": [],
    "title": {
        "fi": [
            "Rekisteröinti-ilmoitus",
            "Ajoneuvon rekisteröinti-ilmoitus",
            "Omistajanvaihdosilmoitus",
        ],
        "sv": ["Registreringsanmälan för fordon", "Anmälan om ägarbyte"],
        "en": ["Vehicle registration notification"],
    },
    "fields": {
        "fi": [
            "Rekisteritunnus: {reg}",
            "Valmistenumero (VIN): {vin}",
            "Uusi omistaja: {name}",
            "Haltija: {name2}",
            "Omistusoikeuden siirtymispäivä: {date}",
            "Liikennevakuutus otettu",
            "Käyttöönottopäivä: {date}",
        ],
        "sv": [
            "Registreringstecken: {reg}",
            "Tillverkningsnummer (VIN): {vin}",
            "Ny ägare: {name}",
            "Innehavare: {name2}",
            "Ägarbytet skedde: {date}",
        ],
        "en": ["Registration number: {reg}", "VIN: {vin}", "New owner: {name}"],
    },
    "letter": {
        "fi": [
            "Ostin auton {reg} ja ilmoitan omistajanvaihdoksen.",
            "Myin autoni {reg}, ostaja ei ole tehnyt omistajanvaihdosta.",
            "Otan ajoneuvon {reg} takaisin liikennekäyttöön, tässä rekisteröinti-ilmoitus.",
        ],
        "sv": [
            "Jag har köpt bilen {reg} och anmäler ägarbyte.",
            "Jag sålde min bil {reg} och anmäler ändringen av ägare.",
        ],
        "en": ["I bought the car {reg} and report the change of ownership."],
    },
    "attach": ["car_bill_of_sale"],
}

S["traficom.siirtolupa"] = {
    "codes": ["B401"],
    "title": {
        "fi": ["Siirtolupahakemus", "Siirtolupa ajoneuvolle", "Hakemus – siirtolupa"],
        "sv": ["Ansökan om flyttningstillstånd", "Flyttningstillstånd för fordon"],
        "en": ["Application for transfer permit"],
    },
    "fields": {
        "fi": [
            "Ajoneuvon merkki ja malli: {car}",
            "Valmistenumero: {vin}",
            "Siirtoluvan voimassaolo: {date} – {date2}",
            "Siirron tarkoitus: katsastus / rekisteröinti",
            "Siirtomerkit: kyllä",
        ],
        "sv": [
            "Fordonets märke och modell: {car}",
            "Tillverkningsnummer: {vin}",
            "Tillståndets giltighetstid: {date} – {date2}",
            "Syfte: besiktning / registrering",
        ],
        "en": ["Make and model: {car}", "VIN: {vin}", "Purpose: inspection"],
    },
    "letter": {
        "fi": [
            "Toin auton ulkomailta ja tarvitsen siirtoluvan katsastukseen ajamista varten.",
            "Pyydän siirtolupaa rekisteristä poistetulle autolle {car}.",
        ],
        "sv": ["Jag behöver flyttningstillstånd för att köra bilen till besiktning."],
        "en": ["I need a transfer permit to drive the imported car to inspection."],
    },
    "attach": [],
}

S["mml.lainhuuto"] = {
    "codes": [],
    "title": {
        "fi": ["Lainhuutohakemus", "Hakemus lainhuudon saamiseksi"],
        "sv": ["Lagfartsansökan", "Ansökan om lagfart"],
        "en": ["Application for registration of title"],
    },
    "fields": {
        "fi": [
            "Kiinteistötunnus: {kiinteisto}",
            "Saanto: kauppa / perintö / lahja",
            "Kauppahinta: {amount3} €",
            "Luovutuskirjan päiväys: {date}",
            "Varainsiirtovero maksettu: {amount} €",
            "Luovuttaja: {name2}",
        ],
        "sv": [
            "Fastighetsbeteckning: {kiinteisto}",
            "Fång: köp / arv / gåva",
            "Köpeskilling: {amount3} €",
            "Överlåtelsebrevets datum: {date}",
            "Överlåtelseskatt betald: {amount} €",
            "Överlåtare: {name2}",
        ],
        "en": ["Property unit ID: {kiinteisto}", "Purchase price: {amount3} €"],
    },
    "letter": {
        "fi": [
            "Ostimme kesämökin ja haemme lainhuutoa, liitteenä kauppakirja.",
            "Sain tilan perintönä ja haen lainhuutoa perinnön perusteella.",
            "Varainsiirtovero on maksettu, pyydän lainhuudon kiinteistölle {kiinteisto}.",
        ],
        "sv": [
            "Vi köpte en tomt och söker lagfart, köpebrevet bifogas.",
            "Jag har ärvt fastigheten {kiinteisto} och ansöker om lagfart.",
        ],
        "en": ["We bought a property and apply for registration of title."],
    },
    "attach": ["property_deed"],
}

S["mml.kiinnitys"] = {
    "codes": [],
    "title": {
        "fi": ["Kiinnityshakemus", "Hakemus kiinnityksen vahvistamiseksi"],
        "sv": ["Inteckningsansökan", "Ansökan om inteckning"],
        "en": ["Application for a mortgage registration"],
    },
    "fields": {
        "fi": [
            "Kiinteistötunnus: {kiinteisto}",
            "Kiinnityksen määrä: {amount3} €",
            "Sähköinen panttikirja: kyllä",
            "Panttikirjan haltija: {bank}",
            "Kiinnityksen etusija: ensimmäinen",
        ],
        "sv": [
            "Fastighetsbeteckning: {kiinteisto}",
            "Inteckningens belopp: {amount3} €",
            "Elektroniskt pantbrev: ja",
            "Innehavare av pantbrevet: {bank}",
        ],
        "en": ["Property unit ID: {kiinteisto}", "Amount of mortgage: {amount3} €"],
    },
    "letter": {
        "fi": [
            "Pankki vaatii kiinnitystä lainan vakuudeksi, haemme kiinnityksen vahvistamista.",
            "Pyydämme uutta kiinnitystä kiinteistöön {kiinteisto} määrältään {amount3} euroa.",
        ],
        "sv": [
            "Banken kräver inteckning som säkerhet, vi ansöker om inteckning i fastigheten.",
            "Vi ber om ett nytt pantbrev på {amount3} euro.",
        ],
        "en": ["We apply for a mortgage to be registered on our property as loan collateral."],
    },
    "attach": [],
}

S["oikeusapu.hakemus"] = {
    "codes": [],
    "title": {
        "fi": ["Oikeusapuhakemus", "Hakemus oikeusavusta"],
        "sv": ["Ansökan om rättshjälp"],
        "en": ["Application for legal aid"],
    },
    "fields": {
        "fi": [
            "Asia, johon oikeusapua haetaan: {case}",
            "Oikeusturvavakuutus: ei ole",
            "Tulot kuukaudessa: {amount2} €",
            "Menot kuukaudessa: {amount} €",
            "Varat ja velat: {amount3} €",
            "Avustajaksi toivotaan: asianajaja {name2}",
            "Vastapuoli: {name2}",
        ],
        "sv": [
            "Ärende i vilket rättshjälp söks: {case}",
            "Rättsskyddsförsäkring: nej",
            "Inkomster per månad: {amount2} €",
            "Utgifter per månad: {amount} €",
            "Biträde: advokat {name2}",
        ],
        "en": ["Matter: {case}", "Legal expenses insurance: none", "Monthly income: {amount2} €"],
    },
    "letter": {
        "fi": [
            "Tarvitsen oikeusapua huoltajuusriitaan, tuloni ovat pienet.",
            "Haen oikeusapua, koska minut on haastettu käräjäoikeuteen.",
            "Minulla ei ole oikeusturvavakuutusta ja tarvitsen avustajan riita-asiaan.",
        ],
        "sv": [
            "Jag ansöker om rättshjälp i en vårdnadstvist.",
            "Jag har stämts till tingsrätten och behöver rättshjälp.",
        ],
        "en": ["I need legal aid in a custody dispute; my income is low."],
    },
    "attach": ["payslip"],
}

S["taike.apuraha"] = {
    "codes": [],
    "title": {
        "fi": [
            "Apurahahakemus",
            "Hakemus – Taiteen edistämiskeskuksen apuraha",
            "Työskentelyapurahahakemus",
        ],
        "sv": ["Ansökan om stipendium", "Ansökan om arbetsstipendium"],
        "en": ["Grant application"],
    },
    "fields": {
        "fi": [
            "Taiteenala: {art}",
            "Hankkeen kuvaus: näyttely / levytys",
            "Haettava summa: {amount3} €",
            "Työsuunnitelma ja aikataulu liitteenä",
            "Ansioluettelo liitteenä",
            "Apuraha: työskentelyapuraha / kohdeapuraha",
        ],
        "sv": [
            "Konstområde: {art}",
            "Projektbeskrivning: utställning",
            "Sökt belopp: {amount3} €",
            "Arbetsplan och tidsplan bifogas",
        ],
        "en": ["Field of art: {art}", "Amount applied for: {amount3} €", "Work plan attached"],
    },
    "letter": {
        "fi": [
            "Olen kuvataiteilija ja haen työskentelyapurahaa näyttelyn valmisteluun.",
            "Haen kohdeapurahaa uuden albumin levyttämiseen.",
            "Liitteenä työsuunnitelma apurahahakemukseen.",
        ],
        "sv": [
            "Jag är musiker och söker arbetsstipendium för att spela in en skiva.",
            "Jag söker projektstipendium för en utställning.",
        ],
        "en": ["I am a visual artist applying for a working grant for an exhibition."],
    },
    "attach": [],
}

S["avi.kantelu"] = {
    "codes": [],
    "title": {
        "fi": ["Kantelu aluehallintovirastolle", "Kantelu", "Kantelu terveydenhuollon toiminnasta"],
        "sv": ["Klagomål till regionförvaltningsverket", "Klagomål"],
        "en": ["Complaint to the Regional State Administrative Agency"],
    },
    "fields": {
        "fi": [
            "Kantelun kohde: {place}",
            "Mitä tapahtui: hoidossa laiminlyönti",
            "Milloin: {date}",
            "Mitä asiassa on jo tehty: muistutus tehty",
            "Suostumus asiakirjojen pyytämiseen: kyllä",
        ],
        "sv": [
            "Klagomålet gäller: {place}",
            "Vad hände: brister i vården",
            "När: {date}",
            "Vad har redan gjorts: anmärkning gjord",
        ],
        "en": ["Complaint concerns: {place}", "What happened: neglect of care"],
    },
    "letter": {
        "fi": [
            "Haluan tehdä kantelun äitini hoidosta palvelukodissa {place}.",
            "Työpaikallani laiminlyödään työturvallisuutta, teen kantelun.",
            "Kantelen kunnan sosiaalitoimen menettelystä asiassani.",
            "Terveyskeskus ei hoitanut isääni asianmukaisesti.",
        ],
        "sv": [
            "Jag vill lämna ett klagomål om vården av min far på {place}.",
            "Jag klagar på hur kommunens socialtjänst har behandlat mitt ärende.",
        ],
        "en": ["I want to file a complaint about the care of my mother at {place}."],
    },
    "attach": [],
}

S["posti.edelleenlahetys"] = {
    "codes": [],
    "title": {
        "fi": ["Edelleenlähetystilaus", "Postin edelleenlähetys", "Tilaus: postin edelleenlähetys"],
        "sv": ["Beställning av eftersändning", "Eftersändning av post"],
        "en": ["Mail forwarding order"],
    },
    "fields": {
        "fi": [
            "Vanha osoite: {addr}",
            "Osoite, johon posti lähetetään: {addr2}",
            "Edelleenlähetys alkaa: {date}",
            "Kesto: 1 kk / 3 kk / 6 kk / 12 kk",
            "Tilapäinen edelleenlähetys",
            "Maksu: {small} €",
            "Edelleenlähetettävät: kirjeet ja paketit",
        ],
        "sv": [
            "Gammal adress: {addr}",
            "Adress dit posten sänds: {addr2}",
            "Eftersändningen börjar: {date}",
            "Längd: 1 mån / 3 mån / 6 mån",
            "Tillfällig eftersändning",
            "Avgift: {small} €",
        ],
        "en": ["Old address: {addr}", "Forward to: {addr2}", "Duration: 3 months"],
    },
    "letter": {
        "fi": [
            "Olen kesämökillä kesäkuun ja pyydän postini edelleenlähetystä mökin osoitteeseen.",
            "Tilaan postin edelleenlähetyksen kolmeksi kuukaudeksi uuteen osoitteeseen {addr2}.",
            "Pyydän, että kirjeeni ja pakettini lähetetään eteenpäin osoitteeseen {addr2}.",
        ],
        "sv": [
            "Jag vill att min post eftersänds till sommarstugan under juli.",
            "Jag beställer eftersändning av min post till {addr2} i tre månader.",
        ],
        "en": ["Please forward my mail to {addr2} for three months."],
    },
    "attach": [],
}

SERVICES: tuple[str, ...] = tuple(S)

# Everyday words people use for each matter (colloquial, synonyms, inflected forms), used by
# the generator's free-form "short note" examples so the model does not depend on the form
# titles alone.
KEYWORDS: dict[str, dict[str, list[str]]] = {
    "kela.asumistuki": {
        "fi": [
            "asumistuki",
            "asumistukea",
            "tukea vuokraan",
            "vuokran maksuun apua",
            "vuokra nousi",
            "vuokrasopimus",
            "asumiskulut",
            "vuokra-asunto",
            "vuokranantaja",
            "vastike ja vesimaksu",
        ],
        "sv": [
            "bostadsbidrag",
            "stöd för hyran",
            "hyran höjdes",
            "hyresavtal",
            "boendekostnader",
            "hyresvärd",
        ],
        "en": ["housing allowance", "help with rent", "rent increase", "lease agreement"],
    },
    "kela.lapsilisa": {
        "fi": [
            "lapsilisä",
            "lapsilisää",
            "vauva syntyi",
            "vastasyntynyt",
            "lapsesta maksettava tuki",
            "yksinhuoltajakorotus",
            "syntynyt lapsi",
            "kaksoset",
        ],
        "sv": ["barnbidrag", "vårt barn föddes", "nyfödd", "ensamförsörjartillägg", "tvillingar"],
        "en": ["child benefit", "our baby was born", "newborn", "single parent supplement"],
    },
    "kela.tyottomyysturva": {
        "fi": [
            "työttömyyskorvaus",
            "päiväraha työttömyyden ajalta",
            "työmarkkinatuki",
            "peruspäiväraha",
            "lomautus",
            "irtisanottiin",
            "jäin työttömäksi",
            "jaksoilmoitus",
            "soviteltu päiväraha",
        ],
        "sv": [
            "arbetslöshetsersättning",
            "dagpenning för arbetslösa",
            "arbetsmarknadsstöd",
            "permitterad",
            "uppsagd",
            "blev arbetslös",
        ],
        "en": ["unemployment benefit", "laid off", "lost my job", "temporary lay-off"],
    },
    "kela.sairauspaivaraha": {
        "fi": [
            "sairauspäiväraha",
            "sairausloma",
            "saikku",
            "lääkärintodistus",
            "työkyvytön",
            "leikkaus",
            "sairastuin",
            "korvaus sairausajalta",
            "osasairauspäiväraha",
        ],
        "sv": [
            "sjukdagpenning",
            "sjukskriven",
            "sjukledig",
            "läkarintyg",
            "arbetsoförmögen",
            "operation",
        ],
        "en": ["sickness allowance", "sick leave", "medical certificate", "unable to work"],
    },
    "kela.matkakorvaus": {
        "fi": [
            "matkakorvaus",
            "sairaalamatkat",
            "taksikuitti",
            "kela-taksi",
            "bensakulut lääkäriin",
            "matkat hoitoon",
            "terveyskeskuskäynti",
            "omavastuu matkoista",
        ],
        "sv": [
            "reseersättning",
            "resor till sjukhuset",
            "taxikvitto",
            "FPA-taxi",
            "resor till vård",
        ],
        "en": ["travel reimbursement", "trips to hospital", "taxi receipt", "travel to treatment"],
    },
    "kela.toimeentulotuki": {
        "fi": [
            "toimeentulotuki",
            "rahat eivät riitä",
            "ei rahaa ruokaan",
            "sähkölasku maksamatta",
            "lääkekulut",
            "tiliotteet",
            "viimesijainen tuki",
            "vuokravakuus",
        ],
        "sv": [
            "utkomststöd",
            "pengarna räcker inte",
            "inga pengar till mat",
            "kontoutdrag",
            "hyresgaranti",
        ],
        "en": ["social assistance", "no money for food", "cannot pay my bills", "bank statements"],
    },
    "kela.elatustuki": {
        "fi": [
            "elatustuki",
            "elatusapu",
            "elatusapua ei ole maksettu",
            "lastenvalvoja",
            "elatussopimus",
            "lapsen isä ei maksa",
            "elatusvelvollinen",
        ],
        "sv": [
            "underhållsstöd",
            "underhållsbidrag",
            "barnatillsyningsman",
            "pappan betalar inte underhåll",
        ],
        "en": ["maintenance allowance", "child support not paid", "maintenance agreement"],
    },
    "kela.tilinumero": {
        "fi": [
            "tilinumero",
            "uusi tilinumero",
            "pankkitili vaihtui",
            "vaihdoin pankkia",
            "IBAN",
            "maksut uudelle tilille",
            "tilinumeron muutos",
        ],
        "sv": ["kontonummer", "nytt kontonummer", "bytte bank", "nytt bankkonto", "IBAN"],
        "en": ["bank account", "new account number", "changed bank", "IBAN"],
    },
    "vero.verokortti": {
        "fi": [
            "verokortti",
            "muutosverokortti",
            "veroprosentti",
            "ennakonpidätys",
            "sivutulot",
            "kesätyö",
            "tuloarvio",
            "eläkkeen verokortti",
        ],
        "sv": [
            "skattekort",
            "ändringsskattekort",
            "skatteprocent",
            "förskottsinnehållning",
            "sommarjobb",
        ],
        "en": ["tax card", "withholding rate", "tax percentage", "summer job"],
    },
    "vero.kotitalousvahennys": {
        "fi": [
            "kotitalousvähennys",
            "remontti",
            "työn osuus",
            "siivous",
            "ilmalämpöpumpun asennus",
            "putkiremontti",
            "kotipalvelu",
            "lasku työstä",
        ],
        "sv": ["hushållsavdrag", "renovering", "arbetets andel", "städning", "rörrenovering"],
        "en": ["household tax credit", "renovation", "labour cost", "cleaning service"],
    },
    "vero.matkakulut": {
        "fi": [
            "työmatkat",
            "matkakulut",
            "työmatkavähennys",
            "kausilippu",
            "kilometrit töihin",
            "asunnon ja työpaikan väliset matkat",
            "ajan omalla autolla töihin",
        ],
        "sv": [
            "resor till arbetet",
            "resekostnader",
            "avdrag för arbetsresor",
            "periodbiljett",
            "pendlar",
        ],
        "en": ["commuting costs", "travel to work", "season ticket", "commute"],
    },
    "vero.oikaisuvaatimus": {
        "fi": [
            "oikaisuvaatimus",
            "verotuspäätös",
            "virhe verotuksessa",
            "jäännösvero",
            "vähennys puuttuu",
            "korjaus verotukseen",
            "valitus verotuksesta",
        ],
        "sv": ["omprövning", "beskattningsbeslut", "fel i beskattningen", "kvarskatt", "rättelse"],
        "en": ["reassessment", "tax decision", "error in my taxation", "back taxes"],
    },
    "vero.perintovero": {
        "fi": [
            "perintövero",
            "perukirja",
            "perunkirjoitus",
            "kuolinpesä",
            "testamentti",
            "perintö",
            "vainaja",
            "perinnönjättäjä",
        ],
        "sv": ["arvsskatt", "bouppteckning", "dödsbo", "testamente", "arv", "arvlåtare"],
        "en": ["inheritance tax", "estate inventory", "the estate", "will"],
    },
    "poliisi.passi": {
        "fi": [
            "passi",
            "passihakemus",
            "uusi passi",
            "passikuva",
            "passi vanhenee",
            "lapsen passi",
            "ulkomaanmatka",
        ],
        "sv": ["pass", "passansökan", "nytt pass", "passfoto", "passet går ut"],
        "en": ["passport", "passport photo", "passport expires", "travel abroad"],
    },
    "poliisi.henkilokortti": {
        "fi": [
            "henkilökortti",
            "ID-kortti",
            "henkkari",
            "henkilöllisyystodistus",
            "kuvallinen henkilöllisyystodistus",
        ],
        "sv": ["identitetskort", "id-kort", "legitimation"],
        "en": ["identity card", "ID card", "proof of identity"],
    },
    "poliisi.aselupa": {
        "fi": [
            "aselupa",
            "hankkimislupa",
            "kivääri",
            "haulikko",
            "metsästys",
            "ampumaharrastus",
            "hirviseurue",
            "metsästäjätutkinto",
            "ase",
        ],
        "sv": ["vapentillstånd", "förvärvstillstånd", "gevär", "hagelgevär", "jakt", "skytte"],
        "en": ["firearms licence", "rifle", "shotgun", "hunting"],
    },
    "poliisi.kadonnut": {
        "fi": [
            "kadonnut passi",
            "kadonnut henkilökortti",
            "varastettu",
            "hukkasin",
            "katosi",
            "lompakko varastettiin",
            "katoamisilmoitus",
        ],
        "sv": ["förlorat pass", "borttappat id-kort", "stulen", "tappade", "försvunnen"],
        "en": ["lost passport", "stolen wallet", "lost ID card", "missing"],
    },
    "dvv.muuttoilmoitus": {
        "fi": [
            "muuttoilmoitus",
            "muutin",
            "muutamme",
            "uusi osoite",
            "osoitteenmuutos",
            "muuttopäivä",
            "vakituinen osoite",
            "kotikunta",
        ],
        "sv": ["flyttanmälan", "flyttade", "ny adress", "adressändring", "flyttdag", "hemkommun"],
        "en": ["notice of move", "moved house", "new address", "change of address"],
    },
    "dvv.nimenmuutos": {
        "fi": ["nimenmuutos", "sukunimi", "etunimi", "tyttönimi", "entinen sukunimi", "uusi nimi"],
        "sv": ["namnändring", "efternamn", "förnamn", "flicknamn", "nytt namn"],
        "en": ["change of name", "surname", "maiden name", "first name"],
    },
    "dvv.avioliitto": {
        "fi": [
            "avioliiton esteiden tutkinta",
            "naimisiin",
            "häät",
            "vihkiminen",
            "vihkitodistus",
            "kihlaus",
            "tuleva puoliso",
        ],
        "sv": ["hindersprövning", "gifta oss", "bröllop", "vigsel", "blivande make"],
        "en": ["getting married", "wedding", "impediments to marriage", "future spouse"],
    },
    "dvv.ulkomaalainen": {
        "fi": [
            "rekisteröinti väestötietojärjestelmään",
            "suomalainen henkilötunnus",
            "ulkomaan kansalainen",
            "oleskelulupa",
            "EU-kansalainen",
            "muutin Suomeen",
        ],
        "sv": [
            "registrering",
            "finsk personbeteckning",
            "utländsk medborgare",
            "uppehållstillstånd",
        ],
        "en": [
            "registration as a resident",
            "Finnish personal identity code",
            "foreign citizen",
            "residence permit",
            "moved to Finland",
            "EU citizen",
        ],
    },
    "te.tyonhakija": {
        "fi": [
            "työnhakijaksi",
            "työnhaku",
            "etsin töitä",
            "ilmoittautuminen työnhakijaksi",
            "työllisyyspalvelut",
            "valmistuin",
            "ansioluettelo",
        ],
        "sv": [
            "arbetssökande",
            "söker arbete",
            "anmäla mig som arbetssökande",
            "sysselsättningstjänster",
        ],
        "en": ["jobseeker", "looking for work", "register as unemployed jobseeker"],
    },
    "te.starttiraha": {
        "fi": [
            "starttiraha",
            "oman yrityksen perustaminen",
            "yrittäjäksi",
            "liiketoimintasuunnitelma",
            "toiminimi",
            "yritystoiminnan aloitus",
        ],
        "sv": ["startpeng", "starta eget företag", "bli företagare", "affärsplan"],
        "en": ["start-up grant", "starting a business", "business plan", "self-employed"],
    },
    "te.palkkatuki": {
        "fi": [
            "palkkatuki",
            "palkata työtön",
            "tuki palkkakuluihin",
            "työnantajana haemme",
            "rekrytoida",
            "uusi työntekijä",
        ],
        "sv": ["lönesubvention", "anställa en arbetslös", "stöd för lönekostnader", "ny anställd"],
        "en": ["pay subsidy", "hire an unemployed person", "wage costs"],
    },
    "kunta.varhaiskasvatus": {
        "fi": [
            "päiväkoti",
            "päivähoito",
            "varhaiskasvatus",
            "hoitopaikka",
            "perhepäivähoito",
            "esikoulu",
            "vuorohoito",
        ],
        "sv": ["daghem", "dagvård", "småbarnspedagogik", "dagvårdsplats", "förskola"],
        "en": ["daycare", "kindergarten place", "early childhood education"],
    },
    "kunta.rakennuslupa": {
        "fi": [
            "rakennuslupa",
            "toimenpidelupa",
            "autotalli",
            "omakotitalo",
            "laajennus",
            "piirustukset",
            "rakennusvalvonta",
            "sauna",
            "terassi",
        ],
        "sv": ["bygglov", "åtgärdstillstånd", "garage", "egnahemshus", "tillbyggnad", "ritningar"],
        "en": ["building permit", "garage", "extension", "drawings"],
    },
    "tulli.maahantuonti": {
        "fi": [
            "tulli",
            "tullaus",
            "paketti tullissa",
            "tilaus ulkomailta",
            "arvonlisävero",
            "tulli-ilmoitus",
            "Kiinasta",
            "Yhdysvalloista",
        ],
        "sv": ["tull", "förtullning", "paketet i tullen", "beställning från utlandet", "import"],
        "en": ["customs", "customs clearance", "parcel held at customs", "import duty"],
    },
    "traficom.rekisterointi": {
        "fi": [
            "omistajanvaihdos",
            "auton kauppa",
            "rekisteri-ilmoitus",
            "ajoneuvon rekisteröinti",
            "mopo",
            "moottoripyörä",
            "myin auton",
            "ostin auton",
        ],
        "sv": ["ägarbyte", "bilköp", "fordonsregistrering", "moped", "sålde bilen"],
        "en": ["change of ownership", "vehicle registration", "sold my car", "bought a car"],
    },
    "traficom.siirtolupa": {
        "fi": [
            "siirtolupa",
            "katsastukseen ajaminen",
            "tuontiauto",
            "rekisteröimätön auto",
            "koenumerot",
        ],
        "sv": ["flyttningstillstånd", "köra till besiktning", "importbil", "oregistrerad bil"],
        "en": ["transfer permit", "drive to inspection", "imported car", "unregistered vehicle"],
    },
    "mml.lainhuuto": {
        "fi": [
            "lainhuuto",
            "kiinteistökauppa",
            "kauppakirja",
            "omistusoikeuden kirjaaminen",
            "tontti",
            "kesämökki",
            "varainsiirtovero",
        ],
        "sv": ["lagfart", "fastighetsköp", "köpebrev", "registrering av äganderätt", "tomt"],
        "en": [
            "title registration",
            "property purchase",
            "deed of sale",
            "ownership of the property",
        ],
    },
    "mml.kiinnitys": {
        "fi": [
            "kiinnitys",
            "panttikirja",
            "lainan vakuus",
            "kiinteistö vakuutena",
            "sähköinen panttikirja",
        ],
        "sv": ["inteckning", "pantbrev", "säkerhet för lånet", "fastigheten som säkerhet"],
        "en": ["mortgage registration", "mortgage certificate", "collateral for the loan"],
    },
    "oikeusapu.hakemus": {
        "fi": [
            "oikeusapu",
            "avustaja",
            "asianajaja",
            "käräjäoikeus",
            "oikeudenkäynti",
            "riita-asia",
            "haastehakemus",
            "oikeusturvavakuutus",
        ],
        "sv": ["rättshjälp", "biträde", "advokat", "tingsrätten", "rättegång", "tvist"],
        "en": ["legal aid", "lawyer", "district court", "lawsuit"],
    },
    "taike.apuraha": {
        "fi": [
            "apuraha",
            "taiteilija",
            "työskentelyapuraha",
            "kohdeapuraha",
            "näyttely",
            "sävellys",
            "kirjoittaja",
            "taidehanke",
        ],
        "sv": ["stipendium", "konstnär", "arbetsstipendium", "utställning", "komposition"],
        "en": ["grant", "artist", "working grant", "exhibition", "composer"],
    },
    "avi.kantelu": {
        "fi": [
            "kantelu",
            "laiminlyönti",
            "hoitokoti",
            "huono hoito",
            "epäkohta",
            "työsuojelu",
            "valvonta",
            "tutkikaa asia",
        ],
        "sv": ["klagomål", "försummelse", "vårdhem", "dålig vård", "missförhållande"],
        "en": ["complaint", "neglect", "care home", "poor care"],
    },
    "posti.edelleenlahetys": {
        "fi": [
            "edelleenlähetys",
            "postin ohjaus",
            "kirjeet toiseen osoitteeseen",
            "posti mökille",
            "väliaikainen osoite",
            "postit perään",
        ],
        "sv": [
            "eftersändning",
            "posten till sommarstugan",
            "tillfällig adress",
            "skicka posten vidare",
        ],
        "en": ["mail forwarding", "forward my mail", "temporary address"],
    },
}
