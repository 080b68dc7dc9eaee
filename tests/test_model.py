"""The trained model: held-out figures, versioning, loading once, thread-safe prediction."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from classifiers.catalogue import load_catalogue
from classifiers.dataset import DEFAULT_CORPUS, NONE, LabelledText, load_split
from classifiers.decision import CombinedClassifier
from classifiers.evaluate import build_report, evaluate, format_report
from classifiers.model import ModelClassifier, ModelNotFoundError
from classifiers.rules import RuleClassifier
from classifiers.testing import small_model
from classifiers.training import (
    META_FILE,
    TrainConfig,
    choose_threshold,
    content_version,
    train_pipeline,
)

pytestmark = pytest.mark.slow  # trains a (small) model once per session


@pytest.fixture(scope="module")
def model() -> ModelClassifier:
    return ModelClassifier.load(small_model().path)


def test_small_model_meets_held_out_figures() -> None:
    # Given a model trained on 50 examples per label, calibrated on dev,
    # when measured on the test split it has never seen, then (the full model does better):
    test = small_model().metrics["test"]
    assert test["macro_f1"] >= 0.84
    assert test["authority_accuracy"] >= 0.85
    assert test["auto_precision"] >= 0.98
    # Straight-through at the dev-chosen 99.5 %-precision threshold hangs on the one most
    # confident dev mistake when "none" has only 50 examples (drawn from everyday negatives,
    # stories and, since issue 15, 440 look-alikes): 0.75 at threshold 0.84 with 360
    # look-alikes, 0.59 at 0.99 with 440, the same macro-F1 (0.873) both times.
    assert test["straight_through"] >= 0.55
    # The model alone, 50 examples a label: since the thirteenth pass's training sets, a bank's
    # loan application ("Säästöpankki … Vakuus: asunto") passes its threshold as a mortgage
    # (0.706 against 0.689); the decision sends it to a person (the bank heads the text).
    assert test["negatives_auto"] <= 1


def test_small_model_with_the_rules_delivers_no_negative_of_the_test_split() -> None:
    model = ModelClassifier.load(small_model().path)
    rules = RuleClassifier(load_catalogue(), min_confidence=model.threshold)
    clf = CombinedClassifier(rules, model, min_confidence=model.threshold)
    negatives = [ex for ex in load_split(DEFAULT_CORPUS, "test") if ex.label == NONE]
    delivered = [ex.text[:40] for ex in negatives if clf.classify(ex.text).automatic]
    assert delivered == []


def test_meta_records_version_labels_threshold_metrics_and_date() -> None:
    info = small_model()
    meta = json.loads((info.path / META_FILE).read_text())
    assert meta["version"] == info.version == info.path.name
    assert set(meta["labels"]) == set(load_catalogue().service_ids) | {NONE}
    assert 0.5 <= meta["thresholds"]["global"] <= 1.0
    assert {"dev", "test"} <= set(meta["metrics"])
    assert meta["trained_at"].startswith("20")


def test_load_is_once_per_process(model: ModelClassifier) -> None:
    assert ModelClassifier.load(small_model().path) is model


def test_missing_model_is_a_configuration_error(tmp_path) -> None:
    with pytest.raises(ModelNotFoundError) as err:
        ModelClassifier.load(tmp_path)
    assert err.value.code == "model_missing"


def test_predict_ranks_all_labels(model: ModelClassifier) -> None:
    ranked = model.predict("Hakemus – Yleinen asumistuki. Vuokra 650 euroa kuukaudessa.")
    assert ranked[0][0] == "kela.asumistuki"
    assert len(ranked) == len(model.meta.labels)
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-3


def test_blank_page_is_none(model: ModelClassifier) -> None:
    assert model.predict("  \n ")[0] == (NONE, 1.0)
    assert model.classify("").service is None


def test_inflection_and_ocr_noise(model: ModelClassifier) -> None:
    # Swedish letter without a form code, and an OCR-damaged Finnish one.
    assert (
        model.predict("Jag vill ansöka om bostadsbidrag för min hyresbostad, hyran är 700 euro.")[
            0
        ][0]
        == "kela.asumistuki"
    )
    assert (
        model.predict("Hacn asumistukca vuokra-asuntooni, vuokrani nousi 7OO eurooh")[0][0]
        == "kela.asumistuki"
    )


def test_predict_is_thread_safe(model: ModelClassifier) -> None:
    texts = [ex.text for ex in load_split(DEFAULT_CORPUS, "dev")[:60]]
    sequential = [model.predict(t)[0] for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda t: model.predict(t)[0], texts))
    assert parallel == sequential


def test_training_is_reproducible_and_versioned_by_content() -> None:
    tiny = TrainConfig(epochs=2, limit_per_label=4)
    train = load_split(DEFAULT_CORPUS, "train")
    from classifiers.training import _limit

    subset = _limit(train, 4, 0)
    labels = sorted({ex.label for ex in subset})
    a = content_version(train_pipeline(subset, labels, tiny, seed=1), labels, tiny)
    b = content_version(train_pipeline(subset, labels, tiny, seed=1), labels, tiny)
    c = content_version(train_pipeline(subset, labels, tiny, seed=2), labels, tiny)
    assert a == b != c


def test_choose_threshold_reaches_target_precision_and_excludes_negatives() -> None:
    preds = [("a.x", 0.99)] * 300 + [("a.y", 0.7), ("a.x", 0.6), ("a.z", 0.95)]
    gold = ["a.x"] * 300 + ["a.x", "a.x", NONE]
    # The 0.95 answer is a negative: the threshold must rise above it.
    assert choose_threshold(preds, gold) == pytest.approx(0.99)
    # Without the negative, one error among 302 is within 0.995 precision: the floor holds.
    assert choose_threshold(preds[:-1], gold[:-1]) == pytest.approx(0.5)
    assert choose_threshold([("a.x", 0.9)], ["a.y"]) == 1.0


def test_report_counts_precision_straight_through_and_negatives() -> None:
    report = build_report(
        predicted=["a.x", "a.x", "b.y", NONE, "a.x"],
        automatic=[True, True, False, False, True],
        gold=["a.x", "a.x", "b.y", "b.y", NONE],
    )
    assert report.auto_count == 3
    assert report.auto_precision == pytest.approx(2 / 3)
    assert report.negatives_auto == 1
    assert report.straight_through == pytest.approx(3 / 4)
    assert report.authority_accuracy == pytest.approx(3 / 5)
    assert ("b.y", NONE, 1) in report.confusions
    text = format_report(report)
    assert "macro-F1" in text and "straight-through" in text


def test_evaluate_runs_any_classifier(model: ModelClassifier) -> None:
    examples = [
        LabelledText(
            "Kela\nHakemus – Lapsilisä\nLapsen nimi: Aino Virtanen\n"
            "Lapsen henkilötunnus: 010120A123B\nLapsilisän saaja: äiti",
            "kela.lapsilisa",
        ),
        LabelledText("\n\n  \n", NONE),  # a blank page
    ]
    report = evaluate(model, examples)
    assert report.n == 2 and report.accuracy == 1.0


def test_the_report_tells_each_kind_of_text_apart_and_why_it_went_to_a_person() -> None:
    from dataclasses import replace

    from classifiers.evaluate import by_kind

    examples = [
        LabelledText("a", "a.x", kind="letter"),
        LabelledText("b", "a.x", kind="letter"),
        LabelledText("c", "b.y", kind="letter"),
        LabelledText("d", NONE, kind="lookalike"),
        LabelledText("e", "a.x", kind="form"),
    ]
    kinds = by_kind(
        examples,
        predicted=["a.x", "b.y", "b.y", "a.x", "a.x"],
        automatic=[True, True, False, True, True],
        reasons=["", "", "low_confidence", "", ""],
    )
    letters, lookalikes, forms = kinds
    assert (letters.n, letters.auto_count, letters.auto_correct) == (3, 2, 1)
    assert letters.straight_through == pytest.approx(2 / 3)
    assert letters.auto_precision == pytest.approx(1 / 2)
    assert letters.review_reasons == (("low_confidence", 1),)
    assert (lookalikes.positives, lookalikes.negatives_auto) == (0, 1)
    assert forms.straight_through == 1.0
    text = format_report(replace(build_report(["a.x"], [True], ["a.x"]), by_kind=kinds))
    assert "letter" in text and "low_confidence 1" in text and "(1 negatives)" in text
    # Texts without a kind (the generated splits' old records) give no table
    assert by_kind([LabelledText("a", "a.x")], ["a.x"], [True], [""]) == ()
