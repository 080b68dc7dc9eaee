"""Sentences in customers' own words, per service and language, for the train-only stories.

Written to differ from the form vocabulary of ``_services.py``: how people describe their
situation (what happened, what they need) rather than the name of the benefit or form, with
colloquial words, common misspellings and the odd English or Swedish word in a Finnish text.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, list[str]]] = {
    "kela.asumistuki": {
        "fi": [
            "Vuokranantaja korotti vuokraa ja rahat ei enää riitä asumiseen.",
            "Muutin omaan kämppään ja vuokra on 650 e kuussa, voinko saada jotain tukea?",
            "Asumme yksiössä ja tulot ovat pienet, tarvitsisimme apua vuokran maksamiseen.",
            "Vuokrasopimus on liitteenä, muutimme uuteen asuntoon viime kuussa.",
            "Opiskelijana en pysty maksamaan soluasunnon vuokraa ilman tukea.",
            "Kelan tuki vuokraan loppui kun tulot muuttuivat, pitäisikö tehdä uusi hakemus?",
            "Vastike nousi taloyhtiössä ja asumismenot kasvoivat.",
            "asumistuki haku, vuokra nousi",
        ],
        "sv": [
            "Hyresvärden höjde hyran och jag klarar inte längre av boendet.",
            "Vi flyttade till en ny lägenhet, hyreskontraktet finns bifogat.",
            "Kan jag få hjälp med hyran, mina inkomster är låga?",
        ],
        "en": [
            "My landlord raised the rent and I cannot afford the flat anymore.",
            "I moved into a rented apartment and need support for the rent.",
        ],
    },
    "kela.lapsilisa": {
        "fi": [
            "Saimme vauvan kesäkuussa, mistä haetaan lapsen raha?",
            "Poikamme syntyi kuukausi sitten ja haluaisimme hakea tukea lapsesta.",
            "Olen yksinhuoltaja ja lapsen rahaan pitäisi saada korotus.",
            "Muutimme perheen kanssa Suomeen ja lapset ovat 3 ja 6 vuotiaita, saammeko lapsilisat?",
            "Lapsi muuttaa asumaan minun luokse, lapsilisä pitäisi siirtää minulle.",
        ],
        "sv": [
            "Vår dotter föddes i april, hur får vi stödet för barnet?",
            "Barnet flyttar till mig, bidraget för barnet ska betalas till mig.",
        ],
        "en": [
            "We just had a baby and want to apply for the monthly payment for children.",
            "Our family moved to Finland with two kids, can we get the child payment?",
        ],
    },
    "kela.tyottomyysturva": {
        "fi": [
            "Minut lomautettiin toistaiseksi, miten saan rahaa sillä aikaa?",
            "Työsuhde päättyi ja jäin ilman töitä, tarvitsen tukea työttömyyden ajalle.",
            "Firma meni konkurssiin ja olen nyt ilman työtä.",
            "Tein vain muutaman tunnin keikkatöitä tässä kuussa, "
            "tässä palkkatiedot sovittelua varten.",
            "Määräaikainen työ loppui ja en kuulu kassaan.",
            "Työttömyyspäivärahaa koskeva ilmoitus ajalta 1.-31.3.",
        ],
        "sv": [
            "Jag blev permitterad och behöver pengar under tiden.",
            "Mitt arbete tog slut och jag är utan jobb nu.",
            "Företaget gick i konkurs, jag står utan arbete.",
        ],
        "en": [
            "I was laid off last month and need support while I look for work.",
            "My contract ended and I am now unemployed.",
        ],
    },
    "kela.sairauspaivaraha": {
        "fi": [
            "Olen ollut kipeänä jo kuukauden ja lääkäri kirjoitti lisää sairauslomaa.",
            "Selkä leikattiin ja olen pitkällä sairaslomalla, palkka loppuu.",
            "Masennuksen takia en pysty töihin, lääkärinlausunto liitteenä.",
            "Työnantaja ei maksa palkkaa sairausajalta enää, tarvitsen korvausta.",
            "Yrittäjänä olen ollut sairaana kolme viikkoa ilman tuloja.",
        ],
        "sv": [
            "Jag har varit sjuk i flera veckor och läkaren förlängde sjukledigheten.",
            "Arbetsgivaren betalar inte längre lön under sjukdomen.",
        ],
        "en": [
            "I have been on sick leave for six weeks and my salary has stopped.",
            "The doctor says I cannot work for two months after the operation.",
        ],
    },
    "kela.matkakorvaus": {
        "fi": [
            "Jouduin käymään sairaalassa monta kertaa ja bensaa meni paljon, "
            "saako siitä rahaa takaisin?",
            "Taksikuitit sairaalakäynneistä liitteenä, pyydän korvausta.",
            "Kuljin omalla autolla fysioterapiaan 40 km suuntaansa.",
            "Lapsi kävi keskussairaalassa hoidoissa ja matkakulut olivat suuret.",
            "Kela-taksi vei minut dialyysiin, omavastuu ylittyi.",
        ],
        "sv": [
            "Jag reste till sjukhuset med egen bil flera gånger, kan jag få pengar för resorna?",
            "Taxikvitton från läkarbesöken bifogas.",
        ],
        "en": [
            "I had to travel to the hospital many times and want my travel costs back.",
            "Receipts for the taxi trips to my treatments are attached.",
        ],
    },
    "kela.toimeentulotuki": {
        "fi": [
            "Rahat loppuivat ja jääkaappi on tyhjä, tarvitsen apua ruokaan ja lääkkeisiin.",
            "En pysty maksamaan sähkölaskua enkä vuokraa tässä kuussa.",
            "Tilitiedot kolmelta kuukaudelta liitteenä, toivon apua perusmenoihin.",
            "Olen ihan pennitön, voiko Kelasta saada hätäapua?",
            "Lääkkeet maksavat liikaa enkä pysty ostamaan niitä.",
        ],
        "sv": [
            "Pengarna räcker inte till mat och mediciner den här månaden.",
            "Jag kan inte betala elräkningen, jag behöver ekonomiskt stöd.",
        ],
        "en": [
            "I have no money left for food or medicine this month.",
            "I cannot pay my basic bills and need financial help.",
        ],
    },
    "kela.elatustuki": {
        "fi": [
            "Lapsen isä ei ole maksanut elareita puoleen vuoteen.",
            "Entinen puoliso jättää maksut maksamatta, vaikka sopimus on vahvistettu.",
            "Isyyttä ei ole vahvistettu, joten lapsi ei saa elatusta keneltäkään.",
            "Lasten äiti ei pysty maksamaan sovittua summaa lapsille.",
        ],
        "sv": [
            "Barnets pappa betalar inte det som vi har avtalat för barnet.",
            "Mitt ex har slutat betala för barnen.",
        ],
        "en": [
            "My ex-partner has stopped paying for our child.",
            "The other parent does not pay the agreed support for the kids.",
        ],
    },
    "kela.tilinumero": {
        "fi": [
            "Vaihdoin pankkia, maksakaa tuet jatkossa uudelle tilille.",
            "Tilini on suljettu, uusi tili on alla.",
            "Pyydän muuttamaan maksuosoitteen, uusi IBAN on liitteenä.",
            "Kelan rahat pitää maksaa nyt toiselle tilille.",
        ],
        "sv": [
            "Jag har bytt bank, betala mina förmåner till det nya kontot.",
            "Mitt gamla konto är stängt, här är det nya.",
        ],
        "en": [
            "I switched banks, please pay my benefits to the new account.",
            "My old bank account was closed, here is the new one.",
        ],
    },
    "vero.verokortti": {
        "fi": [
            "Aloitan uudessa työpaikassa ja palkka nousee, tarvitsen uuden prosentin.",
            "Veroprosentti on liian iso, tuloni pienenivät tänä vuonna.",
            "Sain sivutyön ja työnantaja pyytää verokorttia.",
            "Jään eläkkeelle ja tarvitsen uuden kortin eläkettä varten.",
            "Tuloarvio muuttui, pyydän muuttamaan veroprosenttia.",
        ],
        "sv": [
            "Jag fick ett nytt jobb och arbetsgivaren vill ha mitt kort.",
            "Min skatteprocent är för hög, inkomsterna har minskat.",
        ],
        "en": [
            "I started a new job and my employer needs my tax percentage.",
            "My income changed and the withholding rate is too high.",
        ],
    },
    "vero.kotitalousvahennys": {
        "fi": [
            "Teetimme kylpyhuoneremontin ja haluaisin vähentää työn osuuden veroista.",
            "Siivooja käy meillä joka viikko, laskut liitteenä verottajaa varten.",
            "Putkimiehen lasku, työn osuus 850 euroa, vähennys verotuksessa.",
            "Mummolle tehtiin kotihoitoa ja palveluista tuli laskuja.",
            "Katto uusittiin kesällä, voiko työstä saada verohyvitystä?",
        ],
        "sv": [
            "Vi renoverade badrummet och vill dra av arbetskostnaden i beskattningen.",
            "Fakturan från städfirman bifogas för avdraget.",
        ],
        "en": [
            "We renovated the kitchen and want to deduct the labour cost in taxation.",
            "Invoice from the cleaning company attached for the tax deduction.",
        ],
    },
    "vero.matkakulut": {
        "fi": [
            "Ajan omalla autolla töihin joka päivä, julkisia ei kulje.",
            "Työmatka on 55 km suuntaansa ja bussilippu maksaa paljon, haluan vähennyksen.",
            "Kuukausilipun kuitit liitteenä, kotoa töihin kuluvat kustannukset.",
            "Verotuksesta puuttuvat työmatkani kulut.",
        ],
        "sv": [
            "Jag kör bil till jobbet varje dag eftersom bussen inte går.",
            "Kostnaderna för resorna till arbetet ska dras av.",
        ],
        "en": [
            "I drive 60 km to work every day and want to deduct the costs.",
            "My commuting costs are missing from my taxation.",
        ],
    },
    "vero.oikaisuvaatimus": {
        "fi": [
            "Verotuspäätöksessä on virhe, tulot on merkitty liian suuriksi.",
            "En ole samaa mieltä verottajan päätöksestä ja pyydän sen muuttamista.",
            "Jäännösvero on väärin laskettu, haen muutosta.",
            "Päätöksestä puuttuu vähennys, jonka ilmoitin ajoissa.",
        ],
        "sv": [
            "Mitt skattebeslut är fel och jag begär att det ändras.",
            "Kvarskatten är felräknad, jag överklagar beslutet.",
        ],
        "en": [
            "My tax decision is wrong and I want to appeal against it.",
            "The tax office counted my income twice, please correct the decision.",
        ],
    },
    "vero.perintovero": {
        "fi": [
            "Äiti menehtyi keväällä ja perunkirjoitus tehtiin kesäkuussa.",
            "Perin setäni asunnon, mitä veroja pitää maksaa?",
            "Kuolinpesän osakkaiden tiedot ja perukirja liitteenä.",
            "Isän kuoleman jälkeen jaettiin omaisuus, lähetän asiakirjat.",
        ],
        "sv": [
            "Min mor dog i våras och arvet har fördelats.",
            "Jag ärvde min farbrors sommarstuga, vilken skatt ska betalas?",
        ],
        "en": [
            "My father passed away and I inherited his flat.",
            "The estate inventory of my late mother is attached.",
        ],
    },
    "poliisi.passi": {
        "fi": [
            "Matkustan ulkomaille ja passin voimassaolo loppuu kohta.",
            "Lapselle pitäisi saada ensimmäinen passi ennen lomamatkaa.",
            "Passi vanheni viime vuonna, tarvitsen uuden matkaa varten.",
            "Tarvitsen matkustusasiakirjan Yhdysvaltoihin menoa varten.",
        ],
        "sv": [
            "Jag ska resa utomlands och mitt pass har gått ut.",
            "Vårt barn behöver sitt första pass före semesterresan.",
        ],
        "en": [
            "My passport expires soon and I am travelling abroad next month.",
            "Our child needs a first passport for the holiday trip.",
        ],
    },
    "poliisi.henkilokortti": {
        "fi": [
            "Tarvitsen henkkarit, koska ajokortti ei kelpaa pankissa.",
            "Henkilöllisyystodistus on vanhentunut, haen uutta.",
            "Lapselle halutaan oma kuvallinen henkilöllisyystodistus.",
            "Tarvitsen kortin jolla voin todistaa kuka olen.",
        ],
        "sv": [
            "Jag behöver ett nytt identitetskort, det gamla har gått ut.",
            "Jag har inget körkort och behöver något att legitimera mig med.",
        ],
        "en": [
            "I need an identity card because I do not have a driving licence.",
            "My ID card has expired and I need a new one.",
        ],
    },
    "poliisi.aselupa": {
        "fi": [
            "Aloitin ammuntaharrastuksen ja tarvitsen luvan omaan pistooliin.",
            "Perin isän haulikon ja se pitää saada omiin nimiin.",
            "Metsästyskortti on maksettu ja haluan hankkia oman kiväärin.",
            "Lupa hirvikivääriin, harrastustodistus seurasta liitteenä.",
        ],
        "sv": [
            "Jag har börjat med sportskytte och behöver tillstånd för en pistol.",
            "Jag ärvde min fars hagelgevär och vill ha det i mitt namn.",
        ],
        "en": [
            "I joined a shooting club and need a permit for my own pistol.",
            "I inherited a hunting rifle and need a licence for it.",
        ],
    },
    "poliisi.kadonnut": {
        "fi": [
            "Lompakko hävisi kaupungilla ja siinä oli henkkarit.",
            "Passi katosi lomamatkalla, ilmoitan sen hukatuksi.",
            "Ajokortti ja henkilökortti on varastettu, tein jo rikosilmoituksen.",
            "En löydä passia mistään, se on kadonnut muuton yhteydessä.",
        ],
        "sv": [
            "Min plånbok med id-kortet stals på bussen.",
            "Mitt pass har kommit bort under resan.",
        ],
        "en": [
            "My wallet with my ID card was stolen on the train.",
            "I lost my passport during the holiday.",
        ],
    },
    "dvv.muuttoilmoitus": {
        "fi": [
            "Osoite vaihtuu ensi kuun alussa, muutamme uuteen asuntoon.",
            "Muutin poikaystävän luokse, ilmoitan uuden osoitteen.",
            "Olemme muuttaneet toiselle paikkakunnalle koko perhe.",
            "Uusi kotiosoite alkaen 1.9., vanha asunto jää tyhjäksi.",
        ],
        "sv": [
            "Vi flyttar till en ny adress i början av nästa månad.",
            "Jag har flyttat till en annan stad, här är min nya adress.",
        ],
        "en": [
            "We are moving to a new address at the start of next month.",
            "I moved to another town, here is my new address.",
        ],
    },
    "dvv.nimenmuutos": {
        "fi": [
            "Haluan vaihtaa sukunimeni äitini sukunimeksi.",
            "Eron jälkeen palaan entiseen sukunimeeni.",
            "Haluan lisätä toisen etunimen, jota olen aina käyttänyt.",
            "Lapsen sukunimi pitäisi muuttaa samaksi kuin minulla.",
        ],
        "sv": [
            "Jag vill byta efternamn till min mammas namn.",
            "Efter skilsmässan vill jag ta tillbaka mitt tidigare efternamn.",
        ],
        "en": [
            "I want to change my surname back after the divorce.",
            "I would like to add a second first name.",
        ],
    },
    "dvv.avioliitto": {
        "fi": [
            "Aiomme mennä naimisiin maistraatissa syksyllä.",
            "Häät ovat heinäkuussa, mitä papereita vihkimistä varten tarvitaan?",
            "Olemme kihloissa ja haluamme vihille ensi kesänä.",
            "Vihkiminen kirkossa kesäkuussa, tarvitsemme todistuksen.",
        ],
        "sv": [
            "Vi ska gifta oss i augusti och behöver papper för vigseln.",
            "Vi är förlovade och vill gifta oss nästa sommar.",
        ],
        "en": [
            "We are getting married in August and need the papers for the wedding.",
            "My fiancée and I want to marry at the registry office.",
        ],
    },
    "dvv.ulkomaalainen": {
        "fi": [
            "Olen Virosta ja muutin Suomeen töihin, tarvitsen suomalaisen henkilötunnuksen.",
            "Ulkomaalaisena opiskelijana minun pitää rekisteröityä Suomeen.",
            "Tulin Ukrainasta ja haluan kotikunnan Suomesta.",
            "EU-kansalaisen oleskelun rekisteröinti ja tunnus.",
        ],
        "sv": [
            "Jag kommer från Tyskland och har flyttat hit för att arbeta, "
            "jag behöver en personbeteckning.",
            "Som utländsk student måste jag registrera mig i Finland.",
        ],
        "en": [
            "I moved to Finland from Spain for work and need a Finnish identity code.",
            "As a foreign student I need to register my residence in Finland.",
            "I am a foreigner and need to be entered in the population register.",
        ],
    },
    "te.tyonhakija": {
        "fi": [
            "Valmistuin koulusta ja etsin nyt töitä, miten ilmoittaudun?",
            "Olen ilman työtä ja haluan päästä työnhakuun.",
            "Tarvitsen apua työpaikan löytämiseen, ansioluettelo liitteenä.",
            "Työsuhde loppuu kuun lopussa, haluan ilmoittautua jo nyt.",
        ],
        "sv": [
            "Jag har tagit examen och söker jobb nu.",
            "Jag vill anmäla mig som arbetssökande, mitt CV bifogas.",
        ],
        "en": [
            "I finished my studies and am looking for a job, how do I sign up?",
            "I want to register as a jobseeker, my CV is attached.",
        ],
    },
    "te.starttiraha": {
        "fi": [
            "Aion ryhtyä yrittäjäksi ja perustaa oman parturiliikkeen.",
            "Haluan aloittaa toiminimellä ja tarvitsen tukea alkuvaiheeseen.",
            "Oman firman perustaminen, rahoitusta ensimmäisiin kuukausiin.",
            "Liiketoimintasuunnitelma uudesta yrityksestäni liitteenä.",
        ],
        "sv": [
            "Jag ska starta eget företag och behöver stöd i början.",
            "Jag vill bli företagare och öppna en frisersalong.",
        ],
        "en": [
            "I am starting my own business and need support for the first months.",
            "Business plan for my new company is attached.",
        ],
    },
    "te.palkkatuki": {
        "fi": [
            "Yrityksemme haluaa palkata pitkäaikaistyöttömän ja hakee tukea palkkaan.",
            "Voisimmeko saada tukea uuden työntekijän palkkakustannuksiin?",
            "Yhdistys palkkaisi työttömän henkilön, tarvitsemme tukea.",
            "Työsopimus liitteenä, työnantajana haemme tukea palkkaukseen.",
        ],
        "sv": [
            "Vårt företag vill anställa en långtidsarbetslös och söker stöd för lönen.",
            "Kan vi få stöd för lönekostnaderna för en ny anställd?",
        ],
        "en": [
            "Our company wants to hire an unemployed person and apply for wage support.",
            "As an employer we are applying for support for the salary costs.",
        ],
    },
    "kunta.varhaiskasvatus": {
        "fi": [
            "Tarvitsemme tytölle hoitopaikan kun palaan töihin syksyllä.",
            "Lapsi pitäisi saada päiväkotiin tammikuusta alkaen.",
            "Haemme perhepäivähoitoa kaksivuotiaalle.",
            "Hoitopaikan vaihto lähemmäs kotia.",
        ],
        "sv": [
            "Vi behöver en dagisplats för vår son från augusti.",
            "Jag börjar jobba igen och barnet behöver vård på dagen.",
        ],
        "en": [
            "We need a daycare place for our daughter from August.",
            "I am going back to work and my child needs a nursery place.",
        ],
    },
    "kunta.rakennuslupa": {
        "fi": [
            "Aiomme laajentaa taloa ja rakentaa lisäsiiven, mitä lupia tarvitaan?",
            "Mökille olisi tarkoitus rakentaa sauna rantaan.",
            "Haluamme purkaa vanhan ladon ja rakentaa tilalle varaston.",
            "Pääpiirustukset omakotitalosta liitteenä lupaa varten.",
        ],
        "sv": [
            "Vi vill bygga en bastu vid stugan, behövs tillstånd?",
            "Ritningarna för vårt nya egnahemshus bifogas.",
        ],
        "en": [
            "We plan to build a garage and need permission from the city.",
            "Drawings for our new house are attached for the permit.",
        ],
    },
    "tulli.maahantuonti": {
        "fi": [
            "Tilasin netistä vaatteita Amerikasta ja paketti jäi tulliin.",
            "Toin auton Saksasta ja pitää maksaa verot.",
            "Tullaus pitää tehdä paketille, joka tuli Britanniasta.",
            "Ostin kellon ulkomailta ja sain ilmoituksen tullista.",
        ],
        "sv": [
            "Mitt paket från Kina har fastnat i tullen.",
            "Jag beställde kläder från USA och måste förtulla paketet.",
        ],
        "en": [
            "My parcel from the USA is stuck in customs.",
            "I ordered goods from outside the EU and need to clear them.",
        ],
    },
    "traficom.rekisterointi": {
        "fi": [
            "Myin auton ja ostaja ei ole tehnyt omistajanvaihdosta.",
            "Ostin käytetyn moottoripyörän ja se pitää saada omiin nimiin.",
            "Auto poistetaan liikenteestä talven ajaksi.",
            "Vaihdoin auton omistajan puolisolleni.",
        ],
        "sv": [
            "Jag sålde bilen men köparen har inte anmält ägarbytet.",
            "Jag köpte en begagnad motorcykel och vill registrera den på mig.",
        ],
        "en": [
            "I sold my car but the buyer has not reported the change of owner.",
            "I bought a used motorbike and want it in my name.",
        ],
    },
    "traficom.siirtolupa": {
        "fi": [
            "Auto on rekisteröimätön ja pitää ajaa katsastusasemalle.",
            "Tarvitsen väliaikaisen luvan ajaa tuontiauto kotiin satamasta.",
            "Ostetulla autolla ei ole kilpiä, miten sen saa siirrettyä?",
        ],
        "sv": [
            "Bilen är oregistrerad och måste köras till besiktningen.",
            "Jag behöver ett tillfälligt tillstånd att köra den importerade bilen.",
        ],
        "en": [
            "The car is unregistered and I need to drive it to the inspection.",
            "I need a temporary permit to drive an imported car home from the harbour.",
        ],
    },
    "mml.lainhuuto": {
        "fi": [
            "Ostimme mökkitontin ja omistus pitää kirjata meidän nimiin.",
            "Sain isältä lahjaksi metsäpalstan, haen sen kirjaamista.",
            "Kiinteistön kauppa tehtiin kesäkuussa, kauppakirja liitteenä.",
            "Perin talon ja haluan sen nimiini kiinteistörekisteriin.",
        ],
        "sv": [
            "Vi köpte en tomt och vill att ägandet registreras på oss.",
            "Köpebrevet för huset bifogas, vi ansöker om registrering.",
        ],
        "en": [
            "We bought a house and need the ownership registered in our names.",
            "The deed of sale for the property is attached.",
        ],
    },
    "mml.kiinnitys": {
        "fi": [
            "Pankki vaatii vakuudeksi kiinteistöön kiinnitetyn panttikirjan.",
            "Tarvitsemme lainaa remonttiin ja talo annetaan vakuudeksi.",
            "Kiinteistön vakuus pankille uuden lainan takia.",
        ],
        "sv": [
            "Banken kräver pantbrev i fastigheten som säkerhet för lånet.",
            "Vi tar ett lån och ställer huset som säkerhet.",
        ],
        "en": [
            "The bank needs a mortgage on our property as security for the loan.",
            "We need a new mortgage certificate for the bank.",
        ],
    },
    "oikeusapu.hakemus": {
        "fi": [
            "Tarvitsen lakimiehen huoltajuusriitaan, mutta tulot ovat pienet.",
            "Käräjäoikeus kutsui minut oikeuteen enkä pysty maksamaan asianajajaa.",
            "Haen apua oikeudenkäyntikuluihin, olen työtön.",
            "Eroon liittyvä riita lapsista, tarvitsen juristin.",
        ],
        "sv": [
            "Jag behöver en advokat i vårdnadstvisten men har inte råd.",
            "Jag har kallats till tingsrätten och kan inte betala ett ombud.",
        ],
        "en": [
            "I need a lawyer for a custody dispute but I cannot afford one.",
            "I have been summoned to court and need legal help.",
        ],
    },
    "taike.apuraha": {
        "fi": [
            "Olen kuvataiteilija ja haen työskentelyrahaa näyttelyä varten.",
            "Kirjoitan romaania ja tarvitsen rahoitusta vuoden ajaksi.",
            "Teatteriryhmämme hakee tukea uuteen esitykseen.",
            "Taiteellisen työn rahoitus, työsuunnitelma liitteenä.",
        ],
        "sv": [
            "Jag är konstnär och söker pengar för min nästa utställning.",
            "Jag skriver en roman och behöver finansiering för ett år.",
        ],
        "en": [
            "I am a painter applying for funding for my next exhibition.",
            "I am writing a novel and need a working grant for a year.",
        ],
    },
    "avi.kantelu": {
        "fi": [
            "Äitini hoivakodissa on laiminlyöty hoitoa, haluan tehdä valituksen.",
            "Terveyskeskuksessa minua kohdeltiin huonosti ja haluan että asia selvitetään.",
            "Koulu ei ole puuttunut lapseni kiusaamiseen, teen kantelun.",
            "Sairaalan toiminnasta valitus, hoitovirhe.",
        ],
        "sv": [
            "Min mamma har vanskötts på vårdhemmet och jag vill klaga.",
            "Jag vill att någon utreder hur hälsocentralen behandlade mig.",
        ],
        "en": [
            "My mother was neglected at the care home and I want to complain.",
            "I want the authorities to investigate how the health centre treated me.",
        ],
    },
    "posti.edelleenlahetys": {
        "fi": [
            "Olen kesän mökillä, postit pitäisi saada sinne.",
            "Muutamme väliaikaisesti remontin ajaksi, kirjeet toiseen osoitteeseen.",
            "Pyydän ohjaamaan postini uuteen osoitteeseen kolmeksi kuukaudeksi.",
        ],
        "sv": [
            "Jag bor på sommarstugan hela sommaren, posten ska skickas dit.",
            "Skicka mina brev till min dotters adress medan jag är borta.",
        ],
        "en": [
            "I am away for the summer, please send my mail to another address.",
            "Please forward my letters to my daughter's address for three months.",
        ],
    },
}

#: Everyday texts that belong to no authority, in the same personal tone as the stories.
NEGATIVE_PHRASES: dict[str, list[str]] = {
    "fi": [
        "Kiitos eilisestä, oli mukava nähdä pitkästä aikaa.",
        "Muistathan että huomenna on vanhempainilta koululla klo 18.",
        "Tilaamanne tuote on lähetetty ja saapuu 2-3 arkipäivässä.",
        "Vakuutusyhtiö on käsitellyt vahinkoilmoituksenne ja korvaus maksetaan tilille.",
        "Sähkölasku erääntyy 15.5., viitenumero alla.",
        "Taloyhtiön saunavuorot muuttuvat ensi kuusta alkaen.",
        "Hammaslääkäriaikasi on torstaina klo 10.15, peruutukset vuorokautta ennen.",
        "Jäsenmaksu vuodelle 2025 on 30 euroa, maksathan sen pian.",
        "Pankki tarjoaa sinulle edullista kulutusluottoa.",
        "Kerhon kevätretki suuntautuu Tallinnaan, ilmoittaudu pian.",
        "Autosi määräaikaishuolto on ajankohtainen, varaa aika korjaamolta.",
        "Puhelinliittymäsi hinta muuttuu 1.6. alkaen.",
        "Vuokranantaja tiedottaa: vesikatko keskiviikkona klo 9-12.",
        "Lääkärin vastaanotto siirtyy, uusi aika tekstiviestillä.",
        "Työpaikan pikkujoulut pidetään perjantaina ravintolassa.",
        "Pyydän tarjousta keittiöremontista, mittapiirros liitteenä.",
        "Pakettisi odottaa noutoa lähimmässä noutopisteessä.",
        "Verkkokaupan tilaus vahvistettu, toimitus kotiin perjantaina.",
        "Kiitos ostoksestasi! Kuitti on tämän viestin liitteenä.",
        "Naapurin koira haukkuu öisin, voisitteko puhua heille?",
        "Lapsen synttärit ovat lauantaina, tervetuloa kakulle.",
        "Kuntosalin jäsenyys jatkuu automaattisesti, ellei sitä irtisanota.",
    ],
    "sv": [
        "Tack för senast, det var trevligt att ses.",
        "Din beställning har skickats och kommer inom tre dagar.",
        "Försäkringsbolaget har behandlat din skadeanmälan.",
        "Elräkningen förfaller den 15 maj.",
        "Din tandläkartid är på torsdag klockan tio.",
        "Medlemsavgiften för året är 30 euro.",
        "Banken erbjuder dig ett förmånligt lån.",
        "Föräldramöte i skolan på tisdag kväll.",
        "Ditt paket väntar på utlämningsstället.",
        "Tack för ditt köp, kvittot finns bifogat.",
        "Vi ses på kalaset på lördag!",
        "Din order är bekräftad och levereras på fredag.",
    ],
    "en": [
        "Thanks for yesterday, it was lovely to see you.",
        "Your order has been shipped and will arrive in two days.",
        "Your insurance claim has been processed.",
        "Your electricity bill is due on the 15th.",
        "Reminder: dentist appointment on Thursday at 10.",
        "The team meeting is moved to Friday afternoon.",
        "Get 20 % off all shoes this weekend only!",
        "Your parcel is waiting at the pick-up point.",
        "Thank you for your purchase, the receipt is attached.",
    ],
}
