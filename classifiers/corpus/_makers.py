"""The corpus generator's document makers: filled-in and partial forms, free-form letters,
attachments with cover lines, short notes, stories in customers' own words, look-alikes and
negatives. Each takes a service id (where it has one) and a :class:`Faker` and returns the
text and its language."""

from __future__ import annotations

from typing import Any

from classifiers.corpus._attachments import AMBIGUOUS_ATTACHMENTS, ATTACHMENTS
from classifiers.corpus._faker import Faker, fill
from classifiers.corpus._lookalikes import FIELDS as LOOKALIKE_FIELDS
from classifiers.corpus._lookalikes import FOOTERS as LOOKALIKE_FOOTERS
from classifiers.corpus._lookalikes import ISSUERS
from classifiers.corpus._negatives import NEGATIVES
from classifiers.corpus._phrases import NEGATIVE_PHRASES, PHRASES
from classifiers.corpus._services import AUTHORITY_NAMES, KEYWORDS, S


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
