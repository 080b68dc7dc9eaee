from __future__ import annotations

import pytest

from classifiers import Classifier, RuleClassifier, load_catalogue
from classifiers.base import Prediction

HETU = "131052-308T"
IBAN = "FI21 1234 5600 0007 85"


@pytest.fixture(scope="module")
def rules() -> RuleClassifier:
    return RuleClassifier(load_catalogue(), min_confidence=0.9)


def _assert_routed(p: Prediction, service: str, *, automatic: bool = True) -> None:
    assert p.service == service, (p.service, p.details)
    assert p.authority == service.split(".")[0]
    assert p.method == "rules"
    assert p.automatic is automatic, (p.confidence, p.details)


def test_is_a_classifier(rules: RuleClassifier) -> None:
    clf: Classifier = rules
    assert clf.version.startswith("rules-")


# ----------------------------------------------------------------------- positives

KELA_AT1_FI = f"""Kela
Hakemus – Yleinen asumistuki
AT 1
1. Hakijan tiedot
Sukunimi Virtanen   Etunimet Anna
Henkilötunnus {HETU}
Osoite Kotikatu 14 B 00100 Helsinki
Vuokra 650,00 e / kk
Tilinumero {IBAN}
Päiväys 1.2.2024   Allekirjoitus
Kela, PL 10, 00056 KELA
AT 1 01.24"""


def test_kela_housing_allowance_finnish(rules: RuleClassifier) -> None:
    p = rules.classify(KELA_AT1_FI)
    _assert_routed(p, "kela.asumistuki")
    assert p.confidence >= 0.95
    assert p.language == "fi"
    assert {f.kind for f in p.fields} >= {"henkilotunnus", "iban", "date", "form_code"}
    assert any("edition_footer" in c["reasons"] for c in p.details["codes"])  # type: ignore[index,union-attr]


def test_details_hold_no_personal_data(rules: RuleClassifier) -> None:
    p = rules.classify(KELA_AT1_FI)
    flat = repr(p.details)
    for secret in (HETU, "Virtanen", "Anna", IBAN, IBAN.replace(" ", ""), "Kotikatu"):
        assert secret not in flat


def test_kela_swedish_suffix(rules: RuleClassifier) -> None:
    text = (
        "FPA\nAnsökan om allmänt bostadsbidrag\nAT 1r\nSökandens uppgifter\n"
        "Jag ansöker om bostadsbidrag för min hyresbostad.\nFPA, PB 10, 00056 FPA\nAT 1r 01.24"
    )
    p = rules.classify(text)
    _assert_routed(p, "kela.asumistuki")
    assert p.language == "sv"
    assert {c["form_language"] for c in p.details["codes"]} == {"sv"}  # type: ignore[index,union-attr]


def test_kela_english_suffix(rules: RuleClassifier) -> None:
    text = "Kela\nApplication for general housing allowance\nAT 1e\nApplicant's details\n"
    p = rules.classify(text)
    _assert_routed(p, "kela.asumistuki")
    assert p.language == "en"


@pytest.mark.parametrize("code", ["TT2", "TT 2", "TT 2r", "T T 2"])
def test_unemployment_code_spellings(rules: RuleClassifier, code: str) -> None:
    text = f"Kela\n{code} Ilmoitus työttömyysajasta\nOlin työttömänä 1.3.–31.3.2024.\n"
    _assert_routed(rules.classify(text), "kela.tyottomyysturva")


def test_ocr_noisy_code(rules: RuleClassifier) -> None:
    text = "KELA\nHakemus - Yleinen asumistuki\nAT l\nHakijan tiedot\n"
    _assert_routed(rules.classify(text), "kela.asumistuki")


def test_vero_footer(rules: RuleClassifier) -> None:
    text = (
        "Verokorttihakemus ja/tai ennakkoverohakemus\nHakijan tiedot\n"
        "Arvioidut tulot 32 000 euroa\nPalautetaan: Verohallinto, PL 700, 00052 VERO\n"
        "VEROH 5010 1.2024"
    )
    _assert_routed(rules.classify(text), "vero.verokortti")


def test_vero_swedish(rules: RuleClassifier) -> None:
    text = "Skatteförvaltningen\nAnsökan om skattekort och/eller förskottsskatt\n5010r\n"
    p = rules.classify(text)
    _assert_routed(p, "vero.verokortti")
    assert p.language == "sv"


def test_vero_household_deduction(rules: RuleClassifier) -> None:
    text = "Verohallinto\n14A Kotitalousvähennys\nTyön tekijän Y-tunnus 2077474-0\n"
    p = rules.classify(text)
    _assert_routed(p, "vero.kotitalousvahennys")
    assert ("ytunnus", "2077474-0") in [(f.kind, f.value) for f in p.fields]


def test_vero_travel_expenses(rules: RuleClassifier) -> None:
    text = "Verohallinto\nMatkakulut – Asunnon ja työpaikan väliset matkat\n1A\nVerovuosi 2024\n"
    _assert_routed(rules.classify(text), "vero.matkakulut")


def test_traficom_transfer_permit(rules: RuleClassifier) -> None:
    text = "Traficom\nSiirtolupahakemus\nB401\nAjoneuvon tiedot\n"
    _assert_routed(rules.classify(text), "traficom.siirtolupa")


def test_title_only_form_is_routed_but_not_automatic(rules: RuleClassifier) -> None:
    text = "Digi- ja väestötietovirasto\nMuuttoilmoitus\nMuuttopäivä 1.6.2024\nUusi osoite\n"
    p = rules.classify(text)
    _assert_routed(p, "dvv.muuttoilmoitus", automatic=False)
    assert 0.75 < p.confidence < 0.9
    lenient = RuleClassifier(load_catalogue(), min_confidence=0.8)
    assert lenient.classify(text).automatic


def test_free_form_letter_goes_to_review(rules: RuleClassifier) -> None:
    p = rules.classify("Hei, haluaisin hakea lapsilisää tyttärelleni, joka syntyi maaliskuussa.")
    _assert_routed(p, "kela.lapsilisa", automatic=False)


def test_hint_counts_as_header(rules: RuleClassifier) -> None:
    text = "Liitteenä hakemus ja vuokrasopimus.\nTerveisin"
    assert rules.classify(text).service is None
    p = rules.classify(text, hint="Kela AT 1 hakemus")
    assert p.service == "kela.asumistuki"


def test_inflected_swedish_and_finnish_titles(rules: RuleClassifier) -> None:
    p = rules.classify("Pyyntö avioliiton esteiden tutkinnasta\nKihlakumppanit\n")
    assert p.service == "dvv.avioliitto"
    p = rules.classify("Ansökan om underhållsstöd\nBarnets uppgifter\n")
    assert p.service == "kela.elatustuki"


# ----------------------------------------------------------------------- negatives


def test_grocery_receipt_is_not_routed(rules: RuleClassifier) -> None:
    receipt = (
        "K-Market Kotikatu\nKuitti 5010\n1A Maito 1,29\nLeipä 2,49\n14B 3,10\n3308 0,99\n"
        "Yhteensä 5010,00 €\nAlv 14 % 1A\nKiitos käynnistä!"
    )
    p = rules.classify(receipt)
    assert (p.authority, p.service, p.automatic) == (None, None, False)
    assert p.details["reason"] == "no_evidence"


@pytest.mark.parametrize("address", ["Kotikatu 14 B", "Kotikatu 14B", "Storgatan 14 A lgh 3"])
def test_address_is_not_household_deduction(rules: RuleClassifier, address: str) -> None:
    text = f"Matti Meikäläinen\n{address}\n00100 Helsinki\nHei, kiitos kirjeestä. Nähdään pian."
    p = rules.classify(text)
    assert p.service is None


def test_address_in_a_vero_letter_does_not_pick_the_wrong_service(rules: RuleClassifier) -> None:
    text = (
        "Verohallinto\nVerokorttihakemus\nMatti Meikäläinen\nKotikatu 14B\n00100 Helsinki\n"
        "Arvioidut tulot 5010,00 euroa\n"
    )
    p = rules.classify(text)
    assert p.service == "vero.verokortti"
    assert all(c["service"] != "vero.kotitalousvahennys" for c in p.details["codes"])  # type: ignore[index,union-attr]


@pytest.mark.parametrize("text", ["AT 10 ja TT 12", "up to 1 year", "Atk 1", "LL 15 kpl"])
def test_near_codes_do_not_match(rules: RuleClassifier, text: str) -> None:
    assert rules.classify(text).service is None


def test_nothing_matching(rules: RuleClassifier) -> None:
    for text in ("", "Hyvää syntymäpäivää mummo! Terveisin Liisa", "Lorem ipsum dolor sit amet"):
        p = rules.classify(text)
        assert (p.authority, p.service, p.automatic, p.confidence) == (None, None, False, 0.0)


def test_two_forms_in_one_scan_are_ambiguous(rules: RuleClassifier) -> None:
    text = "Kela\nAT 1 Hakemus – Yleinen asumistuki\nTT 2 Ilmoitus työttömyysajasta\n"
    p = rules.classify(text)
    assert p.details["ambiguous"] is True
    assert not p.automatic


def test_two_authorities_titles_are_not_automatic(rules: RuleClassifier) -> None:
    text = "Verokorttihakemus\nHakemus – Yleinen asumistuki\n"
    assert not rules.classify(text).automatic


def test_threshold_is_respected() -> None:
    strict = RuleClassifier(load_catalogue(), min_confidence=0.999)
    p = strict.classify(KELA_AT1_FI)
    assert p.service == "kela.asumistuki" and not p.automatic
    with pytest.raises(ValueError):
        RuleClassifier(load_catalogue(), min_confidence=1.5)


def test_a_form_referring_to_another_form_keeps_its_own_service(rules: RuleClassifier) -> None:
    text = (
        "Kela\nTT 2 Ilmoitus työttömyysajasta\n"
        "Jos haet myös asumistukea, täytä lisäksi lomake AT 1.\n"
        "Olin työttömänä 1.3.–31.3.2024.\n\n\n\n\n\n\nTT 2 01.24"
    )
    p = rules.classify(text)
    _assert_routed(p, "kela.tyottomyysturva")
    at1 = [c for c in p.details["codes"] if c["code"] == "AT 1"]  # type: ignore[union-attr]
    assert at1 and at1[0]["strength"] == "weak" and "in_sentence" in at1[0]["reasons"]


def test_house_number_next_to_the_tax_office_name_is_not_a_code(rules: RuleClassifier) -> None:
    text = "Verohallinto\nHei, asun osoitteessa Esplanadi 1A ja kysyn verotuksesta.\n"
    p = rules.classify(text)
    assert p.service is None
    assert p.details["codes"] == []


def test_code_after_the_title_word_counts(rules: RuleClassifier) -> None:
    p = rules.classify("Verohallinto\nVerokorttihakemus 5010\nHakija\n")
    _assert_routed(p, "vero.verokortti")


def test_every_service_name_routes_to_its_service(rules: RuleClassifier) -> None:
    # The catalogue is consistent: a heading with the authority's and the service's names
    # (in any of the three languages) is recognised as that service.
    cat = load_catalogue()
    wrong = []
    for service in cat.services:
        authority = cat.authority(service.authority)
        for lang in ("fi", "sv", "en"):
            text = f"{authority.name(lang)}\n{service.name(lang)}\nHakija / Sökande / Applicant\n"
            if rules.classify(text).service != service.id:
                wrong.append((service.id, lang))
    assert wrong == []


def test_every_form_code_routes_to_its_service(rules: RuleClassifier) -> None:
    cat = load_catalogue()
    for service in cat.services:
        for fc in service.form_codes:
            text = f"{cat.authority(service.authority).name()}\n{fc.code}\n"
            assert rules.classify(text).service == service.id, fc.code


def test_a_code_on_the_first_line_of_an_advert_is_not_enough(rules: RuleClassifier) -> None:
    text = "SUPERTARJOUS!\nTT 2 päivää jäljellä!\nKaikki kengät -30 %\nKauppakatu 1A\n"
    p = rules.classify(text)
    assert not p.automatic
    assert RuleClassifier(load_catalogue(), min_confidence=0.7).classify(text).automatic is False


def test_load_classifier_gives_a_working_classifier() -> None:
    from classifiers import load_classifier

    clf = load_classifier(None, min_confidence=0.9)
    p = clf.classify(KELA_AT1_FI)
    assert p.service == "kela.asumistuki" and p.automatic


def test_titles_survive_lost_diacritics(rules: RuleClassifier) -> None:
    # OCR dropped the dots: "Lapsilisa", "Ansokan om barnbidrag"
    assert rules.classify("KELA\nHakemus - Lapsilisa\nLL 1\n").service == "kela.lapsilisa"
    assert rules.classify("FPA\nAnsokan om barnbidrag\n").service == "kela.lapsilisa"


def test_unconfirmed_codes_weigh_less() -> None:
    import yaml

    from classifiers.catalogue import DEFAULT_PATH, parse_catalogue

    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    for item in raw["services"]:
        if item["id"] == "kela.lapsilisa":
            item["form_codes"] = [{"code": "LL 1", "confirmed": False}]
    unconfirmed = RuleClassifier(parse_catalogue(raw), min_confidence=0.9)
    confirmed = RuleClassifier(load_catalogue(), min_confidence=0.9)
    text = "Kela\nLL 1\nHakijan tiedot\n"
    assert confirmed.classify(text).service == unconfirmed.classify(text).service
    assert unconfirmed.classify(text).confidence < confirmed.classify(text).confidence


def test_wage_income_is_not_pay_subsidy(rules: RuleClassifier) -> None:
    text = "Verohallinto\nVerokortin muutos\nArvioidut palkkatulot koko vuodelta 32 000 €\n"
    p = rules.classify(text)
    assert p.service == "vero.verokortti"
    assert "te.palkkatuki" not in p.details["scores"]  # type: ignore[operator]


def test_letterhead_of_another_authority_lowers_confidence(rules: RuleClassifier) -> None:
    # "Resekostnader" alone is Vero's travel-expense title; the FPA letterhead says otherwise.
    p = rules.classify(
        "FPA, PB 10, 00056 FPA\nAnsökan om ersättning för resekostnader vid sjukdom\n"
    )
    assert p.service == "kela.matkakorvaus"
    q = rules.classify("Lantmäteriverket\nResekostnader\n")
    assert q.service == "vero.matkakulut" and q.details["other_authority_named"] is True
    assert q.confidence < rules.classify("Skatteförvaltningen\nResekostnader\n").confidence


def test_codes_on_the_edges_of_later_pages_count(rules: RuleClassifier) -> None:
    # OCR joins pages with form feeds; the form starts on page 2 after a cover letter.
    cover = "Hei,\n" + "lähetän liitteenä hakemukseni ja pyydän käsittelemään sen pian.\n" * 8
    form = "LL 1\nHakemus – Lapsilisä\nLapsen tiedot\n"
    p = rules.classify(cover + "\f" + form)
    assert p.service == "kela.lapsilisa"
    code = next(c for c in p.details["codes"] if c["code"] == "LL 1")  # type: ignore[union-attr]
    assert "page_edge" in code["reasons"]
    assert any(t["header"] for t in p.details["titles"])  # type: ignore[union-attr]


def test_overlapping_title_phrases_count_once(rules: RuleClassifier) -> None:
    one = rules.classify("Hakemus – Lapsilisä\nLapsen tiedot\n")
    assert "second_title" not in one.details["weights"]  # type: ignore[operator]
    two = rules.classify("Hakemus – Lapsilisä\nLapsen tiedot\n\nAnsökan om barnbidrag\n")
    assert "second_title" in two.details["weights"]  # type: ignore[operator]
    assert two.confidence > one.confidence
