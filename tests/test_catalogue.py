from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml

from classifiers.catalogue import DEFAULT_PATH, load_catalogue, parse_catalogue, provider_for
from pipeline.errors import ConfigurationError

AUTHORITIES = {
    "kela", "vero", "poliisi", "dvv", "te", "kunta", "tulli", "traficom", "mml", "oikeusapu",
    "taike", "avi", "posti",
}  # fmt: skip
SERVICES = {
    "kela.asumistuki", "kela.lapsilisa", "kela.tyottomyysturva", "kela.sairauspaivaraha",
    "kela.matkakorvaus", "kela.toimeentulotuki", "kela.elatustuki", "kela.tilinumero",
    "vero.verokortti", "vero.kotitalousvahennys", "vero.matkakulut", "vero.oikaisuvaatimus",
    "vero.perintovero", "poliisi.passi", "poliisi.henkilokortti", "poliisi.aselupa",
    "poliisi.kadonnut", "dvv.muuttoilmoitus", "dvv.nimenmuutos", "dvv.avioliitto",
    "dvv.ulkomaalainen", "te.tyonhakija", "te.starttiraha", "te.palkkatuki",
    "kunta.varhaiskasvatus", "kunta.rakennuslupa", "tulli.maahantuonti", "traficom.rekisterointi",
    "traficom.siirtolupa", "mml.lainhuuto", "mml.kiinnitys", "oikeusapu.hakemus", "taike.apuraha",
    "avi.kantelu", "posti.edelleenlahetys",
}  # fmt: skip


def test_every_authority_and_service_is_listed() -> None:
    cat = load_catalogue()
    assert set(cat.authority_ids) == AUTHORITIES
    assert [a.id for a in cat.authorities] == list(cat.authority_ids)
    assert set(cat.service_ids) == SERVICES
    assert {s.id: s.authority for s in cat.services}["te.starttiraha"] == "te"
    assert cat.has_service("kela.asumistuki") and not cat.has_service("kela.nothing")


def test_loaded_once() -> None:
    assert load_catalogue() is load_catalogue()


def test_names_instructions_in_three_languages() -> None:
    cat = load_catalogue()
    for a in cat.authorities:
        assert set(a.names) == {"fi", "sv", "en"}
        assert a.basis in ("statutory", "agreement")
    for s in cat.services:
        assert set(s.names) == {"fi", "sv", "en"}
        assert set(s.instructions) == {"fi", "sv", "en"}
        assert s.titles.get("fi") and s.titles.get("sv"), s.id


def test_statutory_authorities_follow_the_law() -> None:
    cat = load_catalogue()
    statutory = {a.id for a in cat.authorities if a.basis == "statutory"}
    assert statutory == {"poliisi", "vero", "dvv", "te", "kunta"}


def test_form_codes_from_the_issue() -> None:
    cat = load_catalogue()
    expected = {
        "AT 1": "kela.asumistuki", "LL 1": "kela.lapsilisa", "TT 1": "kela.tyottomyysturva",
        "TT2": "kela.tyottomyysturva", "SV 8": "kela.sairauspaivaraha",
        "SV 4": "kela.matkakorvaus", "TO 1": "kela.toimeentulotuki", "LU 1": "kela.elatustuki",
        "Y 121": "kela.tilinumero", "5010": "vero.verokortti",
        "14A": "vero.kotitalousvahennys", "14b": "vero.kotitalousvahennys",
        "1A": "vero.matkakulut", "3308": "vero.oikaisuvaatimus", "B401": "traficom.siirtolupa",
    }  # fmt: skip
    for code, sid in expected.items():
        found = cat.service_for_code(code)
        assert found is not None and found.id == sid, code
    assert cat.service_for_code("ZZ 99") is None


def test_kela_and_vero_have_language_suffixes() -> None:
    cat = load_catalogue()
    for aid in ("kela", "vero"):
        assert dict(cat.authority(aid).code_style.language_suffixes) == {"r": "sv", "e": "en"}
    assert cat.authority("vero").code_style.footer_prefix == "VEROH"


def test_te_services_move_to_municipality_in_2025() -> None:
    cat = load_catalogue()
    assert cat.provider_for("te.starttiraha", dt.date(2024, 12, 31)) == "te"
    assert cat.provider_for("te.starttiraha", dt.date(2025, 1, 1)) == "kunta"
    assert provider_for("te.palkkatuki", dt.date(2026, 6, 1)) == "kunta"
    assert provider_for("kela.asumistuki", dt.date(2026, 6, 1)) == "kela"
    with pytest.raises(KeyError):
        provider_for("kela.nothing", dt.date(2026, 1, 1))


def test_values_are_frozen() -> None:
    s = load_catalogue().service("kela.asumistuki")
    with pytest.raises(AttributeError):
        s.id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.names["fi"] = "x"  # type: ignore[index]


def _mutated(mutate) -> dict:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    mutate(raw)
    return raw


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r["services"][0].update(authority="nobody"),
        lambda r: r["services"][1].update(id=r["services"][0]["id"]),
        lambda r: r["services"][0]["names"].pop("sv"),
        lambda r: r["authorities"][0].update(basis="maybe"),
        lambda r: r["services"][1]["form_codes"].append({"code": "AT 1"}),
        lambda r: r["services"][0]["form_codes"].append({"code": "not a code!"}),
        lambda r: r["services"][-1].update(provider_changes=[{"authority": "x", "valid_from": 1}]),
        lambda r: r["services"][0].update(confused_with=["kela.nothing"]),
        lambda r: r["services"][0].update(confused_with=[r["services"][0]["id"]]),
    ],
    ids=[
        "unknown-authority",
        "duplicate-id",
        "missing-language",
        "bad-basis",
        "duplicate-code",
        "bad-code",
        "bad-provider",
        "confused-with-unknown",
        "confused-with-itself",
    ],
)
def test_inconsistent_catalogue_is_refused(mutate) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigurationError):
        parse_catalogue(_mutated(mutate))


def test_missing_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        load_catalogue(tmp_path / "nope.yaml")


def test_catalogue_file_reads_the_same_with_libyaml_as_with_pure_python() -> None:
    # The catalogue is parsed with libyaml's loader where PyYAML has it (start-up time);
    # it must give exactly what the pure-Python safe loader gives.
    from classifiers.catalogue import _load

    text = DEFAULT_PATH.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == pure
    _load.cache_clear()
    loaded, parsed = load_catalogue(), parse_catalogue(pure)
    for f in dataclasses.fields(parsed):  # Catalogue compares by identity
        assert getattr(loaded, f.name) == getattr(parsed, f.name), f.name
