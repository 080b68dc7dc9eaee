"""Seed texts from which ``language.py`` builds its profiles at import time.

Written for this project (no downloads): everyday and administrative prose of the kind found
on forms, letters and attachments handled at service points. Add text here to strengthen a
profile; the profiles are rebuilt on import.
"""

from __future__ import annotations

FI = """
Hakemus yleinen asumistuki. Hakijan tiedot: sukunimi, etunimet, henkilötunnus, osoite,
postinumero ja postitoimipaikka, puhelinnumero ja sähköpostiosoite. Haen asumistukea
vuokra-asuntoon, johon muutin perheeni kanssa viime kuussa. Liitteenä on vuokrasopimus ja
palkkatodistus. Ruokakuntaan kuuluvat minä, puolisoni ja kaksi lasta. Olen ollut työttömänä
maaliskuusta lähtien ja saan työttömyysturvaa. Pyydän, että tuki maksetaan tililleni.
Ilmoitan, että tilinumeroni on muuttunut. Uusi tilinumero on merkitty alla olevaan kohtaan.
Päiväys ja allekirjoitus. Tämä lomake palautetaan Kelaan tai asiointipisteeseen.
Verokorttihakemus ja ennakkoverohakemus. Arvioin tämän vuoden tulojeni olevan suuremmat kuin
aiemmin ilmoitin, joten haen uutta verokorttia. Veroprosentti on liian pieni. Verohallinto
lähettää uuden verokortin kotiin tai sen voi tulostaa OmaVerosta. Kotitalousvähennys koskee
kotona tehtyä remonttia ja siivousta. Matkakulut asunnon ja työpaikan välillä omalla autolla.
Tuloveron oikaisuvaatimus: vaadin, että verotusta oikaistaan, koska vähennykset puuttuvat.
Perintöveroilmoitus. Perinnönjättäjä kuoli viime vuonna, ja perukirja on liitteenä.
Hei, kirjoitan teille, koska en ymmärrä saamaani päätöstä. Voisitteko kertoa, mitä minun pitää
tehdä seuraavaksi? Olen yrittänyt soittaa, mutta jonot ovat olleet pitkiä. Kiitos jo etukäteen
avusta. Ystävällisin terveisin. Passihakemus ja henkilökortti. Passini on kadonnut matkalla,
ja teen siitä ilmoituksen poliisille. Haen aselupaa metsästystä varten; perustelulomake on
täytetty. Muuttoilmoitus: muutan uuteen osoitteeseen ensi kuun alussa. Haen sukunimen
muuttamista. Pyydämme avioliiton esteiden tutkintaa. Ilmoittaudun työnhakijaksi ja haen
starttirahaa oman yrityksen perustamiseen. Työnantaja hakee palkkatukea. Varhaiskasvatushakemus
lapselle, joka aloittaa päiväkodissa elokuussa. Rakennuslupahakemus omakotitalon laajennukselle,
pääpiirustukset ovat liitteenä. Tulli-ilmoitus tavaran maahantuonnista. Ajoneuvon
rekisteröinti-ilmoitus ja siirtolupa. Lainhuutohakemus ja kiinnityshakemus kiinteistölle,
kauppakirja on liitteenä. Oikeusapuhakemus: tulot, menot, varallisuus ja velat sekä tieto
oikeusturvavakuutuksesta. Apurahahakemus Taiteen edistämiskeskukselle. Kantelu
aluehallintovirastolle. Postin edelleenlähetys uuteen osoitteeseen. Sairauspäiväraha ja
lääkärintodistus. Matkakorvaus sairauden vuoksi tehdyistä matkoista. Elatustuki lapselle, koska
elatusvelvollinen ei ole maksanut elatusapua. Toimeentulotuki: tiliotteet kahdelta
kuukaudelta. Lapsilisä maksetaan lapsen huoltajalle. Kyllä, ei, ehkä. Hän on kotona. Me olemme
täällä, te olette siellä, he ovat tulossa. Tämä on hyvä asia, mutta se ei riitä. Kun olin
nuori, asuimme maalla. Jos haluatte lisätietoja, ottakaa yhteyttä. Minulla ei ole autoa.
Päätös on tehty, ja siitä voi hakea muutosta kolmenkymmenen päivän kuluessa.
Yhteystiedot, lisätiedot, liitteet, allekirjoitus, paikka ja aika, vastaanotettu.
Hakijan nimi. Syntymäaika. Kansalaisuus. Osoite. Kotikunta. Siviilisääty. Puoliso. Lapset.
Ammatti. Työnantaja. Tulot kuukaudessa. Pankkitili. Lähiosoite. Asiointikieli suomi.
Hakemuksen perustelut. Täytä lomake huolellisesti ja palauta se liitteineen.
Tarjous! Nyt kaikki sohvat alennuksessa vain tämän viikon kaikissa myymälöissämme. Tilaa heti.
Tiedote asukkaille: vesikatko huomenna putkiremontin vuoksi, muistakaa lajitella jätteet.
Sopimus on voimassa toistaiseksi. Hinta sisältää arvonlisäveron. Asiakasnumero ja laskun päivä.
"""

SV = """
Ansökan om allmänt bostadsbidrag. Sökandens uppgifter: efternamn, förnamn, personbeteckning,
adress, postnummer och postanstalt, telefonnummer och e-postadress. Jag ansöker om
bostadsbidrag för en hyresbostad dit jag flyttade med min familj förra månaden. Som bilaga
finns hyresavtalet och ett lönebesked. Till hushållet hör jag, min make och två barn. Jag har
varit arbetslös sedan mars och får arbetslöshetsförmåner. Jag ber att stödet betalas till mitt
konto. Jag meddelar att mitt kontonummer har ändrats. Det nya kontonumret finns nedan. Datum
och underskrift. Blanketten returneras till FPA eller till servicepunkten. Ansökan om
skattekort och förskottsskatt. Jag uppskattar att mina inkomster i år är större än jag
tidigare meddelade, och därför ansöker jag om ett nytt skattekort. Skatteprocenten är för låg.
Skatteförvaltningen skickar det nya skattekortet hem eller så kan det skrivas ut i MinSkatt.
Hushållsavdraget gäller renovering och städning i hemmet. Resekostnader mellan bostaden och
arbetsplatsen med egen bil. Begäran om omprövning av inkomstbeskattningen: jag yrkar att
beskattningen rättas eftersom avdragen saknas. Arvsskattedeklaration. Arvlåtaren dog förra
året och bouppteckningen finns som bilaga. Hej, jag skriver till er eftersom jag inte förstår
beslutet som jag fått. Kunde ni berätta vad jag ska göra härnäst? Jag har försökt ringa, men
köerna har varit långa. Tack på förhand för hjälpen. Med vänliga hälsningar. Passansökan och
identitetskort. Mitt pass har försvunnit på resan och jag gör en anmälan till polisen. Jag
ansöker om vapentillstånd för jakt; motiveringsblanketten är ifylld. Flyttanmälan: jag flyttar
till en ny adress i början av nästa månad. Jag ansöker om ändring av efternamn. Vi begär
hindersprövning. Jag anmäler mig som arbetssökande och ansöker om startpeng för att grunda ett
eget företag. Arbetsgivaren ansöker om lönesubvention. Ansökan om småbarnspedagogik för ett
barn som börjar på daghemmet i augusti. Ansökan om bygglov för en utbyggnad av
egnahemshuset, huvudritningarna finns som bilaga. Tulldeklaration för import av varor.
Registreringsanmälan för fordon och flyttningstillstånd. Lagfartsansökan och ansökan om
inteckning för fastigheten, köpebrevet finns som bilaga. Ansökan om rättshjälp: inkomster,
utgifter, förmögenhet och skulder samt uppgift om rättsskyddsförsäkring. Stipendieansökan
till Centret för konstfrämjande. Klagomål till regionförvaltningsverket. Eftersändning av
post till en ny adress. Sjukdagpenning och läkarintyg. Reseersättning för resor som gjorts på
grund av sjukdom. Underhållsstöd för barnet eftersom den underhållsskyldiga inte har betalat
underhållsbidrag. Utkomststöd: kontoutdrag för två månader. Barnbidraget betalas till barnets
vårdnadshavare. Ja, nej, kanske. Han är hemma. Vi är här, ni är där, de är på väg. Det här är
en bra sak, men det räcker inte. När jag var ung bodde vi på landet. Om ni vill ha mer
information, kontakta oss. Jag har ingen bil. Beslutet har fattats och det kan överklagas inom
trettio dagar. Kontaktuppgifter, tilläggsuppgifter, bilagor, underskrift, ort och datum, mottaget.
Sökandens namn. Födelsedatum. Medborgarskap. Adress. Hemkommun. Civilstånd. Make eller maka.
Barn. Yrke. Arbetsgivare. Inkomster per månad. Bankkonto. Gatuadress. Ärendespråk svenska.
Motivering till ansökan. Fyll i blanketten omsorgsfullt och returnera den med bilagorna.
Erbjudande! Nu är alla soffor rabatterade endast denna vecka i alla våra butiker. Beställ nu.
Meddelande till de boende: vattnet stängs av i morgon på grund av rörrenoveringen, kom ihåg
att sortera avfallet. Avtalet gäller tills vidare. Priset innehåller mervärdesskatt. Kundnummer
och fakturans datum. Det var så mycket bättre här än där, och vi har bara sett det en gång.
"""

EN = """
Application for general housing allowance. Applicant's details: surname, first names, personal
identity code, address, postal code and post office, telephone number and e-mail address. I am
applying for housing allowance for a rented flat that I moved into with my family last month.
The lease and a payslip are attached. The household consists of me, my spouse and two children.
I have been unemployed since March and I receive unemployment benefits. Please pay the benefit
to my account. I am notifying you that my bank account number has changed. The new account
number is given below. Date and signature. Return this form to Kela or to the service point.
Application for a tax card and prepayment. I estimate that my income this year will be higher
than I previously reported, so I am applying for a new tax card. The tax rate is too low. The
Tax Administration will send the new tax card to your home or you can print it in MyTax. The
tax credit for household expenses covers renovation and cleaning work done at home. Travel
expenses between home and the workplace by own car. Request for correction of income taxation:
I request that the taxation be corrected because the deductions are missing. Inheritance tax
return. The deceased died last year and the estate inventory is attached. Hello, I am writing to
you because I do not understand the decision I received. Could you tell me what I should do
next? I have tried to call, but the queues have been long. Thank you in advance for your help.
Kind regards. Passport application and identity card. My passport was lost during the trip and
I am reporting it to the police. I am applying for a firearms licence for hunting; the
justification form has been filled in. Notification of change of address: I will move to a new
address at the beginning of next month. I am applying for a change of surname. We request an
examination of impediments to marriage. I am registering as a jobseeker and applying for a
start-up grant to set up my own business. The employer is applying for a pay subsidy.
Application for early childhood education for a child who starts at the day-care centre in
August. Application for a building permit for an extension of the house, the main drawings are
attached. Customs declaration for the import of goods. Vehicle registration and transfer permit.
Application for registration of title and for a mortgage on the property, the deed of sale is
attached. Legal aid application: income, expenses, assets and debts and information on legal
expenses insurance. Grant application to the Arts Promotion Centre. Complaint to the Regional
State Administrative Agency. Forwarding of mail to a new address. Sickness allowance and medical
certificate. Reimbursement of travel costs due to illness. Maintenance allowance for the child
because the person liable has not paid maintenance. Social assistance: bank statements for two
months. Child benefit is paid to the child's guardian. Yes, no, maybe. He is at home. We are
here, you are there, they are on their way. This is a good thing, but it is not enough. When I
was young we lived in the country. If you would like more information, please contact us. I do
not have a car. The decision has been made and you can appeal against it within thirty days.
Contact details, additional information, attachments, signature, place and date, received.
Applicant's name. Date of birth. Nationality. Address. Municipality of residence. Marital
status. Spouse. Children. Occupation. Employer. Monthly income. Bank account. Street address.
Language of service English. Grounds for the application. Fill in the form carefully and
return it with the attachments. Special offer! Now all sofas are discounted this week only in all
our shops. Order now. Notice to residents: the water will be shut off tomorrow because of the
pipe renovation, remember to sort your waste. The contract is valid until further notice. The
price includes value added tax. Customer number and invoice date.
"""

# Short, frequent words: strong evidence even in a few lines of OCR text.
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "fi": ("ja", "on", "ei", "että", "tai", "se", "ole", "olen", "oli", "kanssa", "mukaan",
           "sekä", "jos", "kun", "mitä", "joka", "jotka", "myös", "mutta", "koska", "tämä",
           "minä", "hän", "me", "te", "he", "ovat", "olla", "ollut", "vain", "kuin", "nyt",
           "siitä", "tästä", "ennen", "jälkeen", "alla", "yli", "noin", "kyllä", "voi"),
    "sv": ("och", "att", "det", "är", "för", "som", "med", "på", "av", "en", "ett", "till",
           "om", "inte", "jag", "har", "den", "de", "vi", "ni", "han", "hon", "eller", "från",
           "vid", "efter", "under", "också", "men", "när", "var", "kan", "ska", "skall", "om",
           "nej", "dit", "hos", "mitt", "min", "mina", "alla", "nu", "denna", "detta",
           "våra", "vår", "oss", "här", "där", "bara", "så", "än", "sig", "sin", "sitt"),
    "en": ("the", "and", "of", "to", "is", "for", "in", "with", "your", "you", "this", "be",
           "are", "on", "that", "it", "was", "have", "has", "not", "or", "from", "by", "at",
           "we", "they", "my", "our", "will", "would", "can", "please", "an", "if", "which",
           "been", "there", "here", "yes", "no"),
}  # fmt: skip
