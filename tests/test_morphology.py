"""Finnish base forms and compound parts (Voikko) and Swedish stems as model features."""

from __future__ import annotations

import pytest

from classifiers._features import FeatureConfig, model_text, ngram_coverage, ngram_set
from classifiers._morphology import Analyser, MorphologyUnavailableError, analyser

MORPH = FeatureConfig(morphology=True)


def tokens(text: str, config: FeatureConfig = MORPH) -> set[str]:
    return set(model_text(text, config).split())


def test_inflected_finnish_forms_share_a_base_form_token() -> None:
    # The example: one idea, three surface forms.
    forms = ["asumistukihakemukseni", "asumistuen", "asumistukea"]
    shared = set.intersection(*(tokens(f) for f in forms))
    assert {"~tuki", "~asua"} <= shared
    assert "~asumistuki" in tokens("asumistuen") & tokens("asumistukea")
    assert "~asumistukihakemus" in tokens("asumistukihakemukseni")


def test_base_forms_are_folded_like_the_words() -> None:
    assert "~lapsilisa" in tokens("Lapsilisää haetaan")


def test_swedish_words_voikko_does_not_know_get_a_stem() -> None:
    assert "^bostadsbidrag" in tokens("Ansökan om bostadsbidraget")


def test_surface_features_are_unchanged_by_the_option() -> None:
    text = "Hakemus: yleinen asumistuki, vuokra 650 €/kk"
    surface = model_text(text, FeatureConfig()).split()
    morph = [t for t in model_text(text, MORPH).split() if t[0] not in "~^"]
    assert morph == surface


def test_missing_dictionary_fails_with_what_to_install(tmp_path) -> None:
    with pytest.raises(MorphologyUnavailableError) as err:
        # A dictionary that is not installed, as on a machine without voikko-fi.
        Analyser(language="fi-x-missing", dictionary_path=str(tmp_path))
    assert "voikko-fi" in str(err.value) and "libvoikko1" in str(err.value)
    assert err.value.code == "morphology_missing"


def test_the_analyser_is_shared_and_caches() -> None:
    a = analyser()
    assert a is analyser()
    assert a.analyse("asumistuen") is a.analyse("asumistuen")


def test_trigram_coverage_tells_familiar_from_new_wording() -> None:
    seen = ngram_set(["Hakemus yleinen asumistuki vuokra euroa kuukaudessa"], FeatureConfig())
    assert ngram_coverage("hakemus yleinen asumistuki vuokra", FeatureConfig(), seen) == 1.0
    assert ngram_coverage("vuokranantaja nosti vuokraa taas", FeatureConfig(), seen) == 0.0
    assert ngram_coverage("lyhyt", FeatureConfig(), seen) == 1.0  # no trigram: no news
