"""Calibrated confidence: temperature, the confidence map, reliability and ECE."""

from __future__ import annotations

import math
import random

import pytest

from classifiers._fit_calibration import DEV_SHARE
from classifiers.calibration import (
    CAP_AGREEMENT,
    CAP_SINGLE,
    FEATURES,
    STALE_CAP,
    Calibration,
    expected_calibration_error,
    fit_logistic,
    fit_temperature,
    reliability_table,
)
from classifiers.catalogue import load_catalogue
from classifiers.dataset import NONE, LabelledText
from classifiers.decision import CombinedClassifier
from classifiers.evaluate import evaluate, format_report
from classifiers.rules import RuleClassifier
from classifiers.testing import FixedModel


def test_ece_is_zero_when_confidence_matches_accuracy() -> None:
    confidences = [0.8] * 10 + [0.3] * 10
    correct = [True] * 8 + [False] * 2 + [True] * 3 + [False] * 7
    assert expected_calibration_error(confidences, correct) == pytest.approx(0.0)


def test_ece_of_an_overconfident_classifier() -> None:
    # Stated 0.99, right half the time: off by 0.49 on every document.
    assert expected_calibration_error([0.99] * 10, [True, False] * 5) == pytest.approx(0.49)


def test_reliability_table_bins_include_one() -> None:
    table = reliability_table([0.05, 0.95, 1.0, 0.5], [False, True, True, True])
    assert [(b.low, b.count) for b in table] == [(0.0, 1), (0.5, 1), (0.9, 2)]
    assert table[-1].accuracy == 1.0 and table[-1].confidence == pytest.approx(0.975)


def _overconfident(n: int, seed: int) -> tuple[list[dict[str, float]], list[str]]:
    # A model that says 0.999 and is right 70 % of the time.
    rng = random.Random(seed)
    probs, gold = [], []
    for _ in range(n):
        probs.append({"a": 0.999, "b": 0.001})
        gold.append("a" if rng.random() < 0.7 else "b")
    return probs, gold


def test_temperature_softens_an_overconfident_model() -> None:
    probs, gold = _overconfident(400, seed=1)
    t = fit_temperature(probs, gold)
    assert t > 3
    tempered = Calibration(temperature=t).temper([("a", 0.999), ("b", 0.001)])
    assert tempered[0][0] == "a" and 0.6 < tempered[0][1] < 0.8


def test_temperature_of_a_calibrated_model_stays_near_one() -> None:
    rng = random.Random(2)
    probs, gold = [], []
    for _ in range(2000):
        p = rng.uniform(0.5, 0.99)
        probs.append({"a": p, "b": 1 - p})
        gold.append("a" if rng.random() < p else "b")
    assert 0.8 < fit_temperature(probs, gold) < 1.25


def test_logistic_fit_recovers_a_monotone_map() -> None:
    rng = random.Random(3)
    rows, targets = [], []
    for _ in range(3000):
        z = rng.uniform(-4, 4)
        rows.append([1.0, z])
        targets.append(rng.random() < 1 / (1 + math.exp(-(0.5 + 1.5 * z))))
    bias, slope = fit_logistic(rows, targets)
    assert bias == pytest.approx(0.5, abs=0.2) and slope == pytest.approx(1.5, abs=0.2)


def test_confidence_is_capped_unless_two_signals_agree() -> None:
    sure = Calibration(weights=(20.0,) + (0.0,) * (len(FEATURES) - 1))
    assert sure.confidence(0.5, agreement=True, evidence=True, lookalike=False) == CAP_AGREEMENT
    assert sure.confidence(0.5, agreement=False, evidence=True, lookalike=False) == CAP_SINGLE
    assert CAP_SINGLE < 0.99 <= CAP_AGREEMENT


def test_an_older_map_with_other_inputs_sends_everything_to_review() -> None:
    """A model trained before the map's inputs changed (the software was upgraded, the model
    not retrained): its raw confidences are not calibrated, so nothing it says is stated as
    certain enough to deliver without a person (not silently raw and over-confident)."""
    data = Calibration(temperature=2.0, weights=(1.0, 2.0)).as_dict() | {"features": ["x", "y"]}
    loaded = Calibration.from_dict(data)
    assert loaded.temperature == 2.0 and loaded.weights == () and loaded.stale
    assert loaded.confidence(0.9999, agreement=True, evidence=True, lookalike=False) <= STALE_CAP
    assert STALE_CAP < 0.5
    assert len(FEATURES) == 11
    # An uncalibrated model (no map at all) is not stale: raw and capped, as before
    assert not Calibration.from_dict({"temperature": 1.0}).stale


def test_a_no_service_answer_has_its_own_input() -> None:
    # "None of ours" is stated from the model's p(none); the map gives it its own weight
    # (fourth pass: cross-validated ECE on handwritten_calib 0.046 -> 0.042 at the same L2):
    # the same raw confidence and signals, with and without it, state different confidences.
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("logit")] = 1.0
    weights[FEATURES.index("no_service")] = -1.0
    cal = Calibration(weights=tuple(weights))
    service = cal.confidence(0.8, agreement=False, evidence=False, lookalike=False)
    none = cal.confidence(0.8, agreement=False, evidence=False, lookalike=False, no_service=True)
    assert service == pytest.approx(0.8, abs=1e-3)
    assert none < service - 0.1


def test_eval_prints_a_reliability_table_and_the_ece() -> None:
    rules = RuleClassifier(load_catalogue(), min_confidence=0.9)
    model = FixedModel([("kela.asumistuki", 0.95), (NONE, 0.05)], threshold=0.8)
    clf = CombinedClassifier(rules, model, min_confidence=0.9)
    examples = [
        LabelledText("Kela\nAT 1 Hakemus – Yleinen asumistuki\nAT 1 01.24", "kela.asumistuki"),
        LabelledText("Kelalle: vuokra nousi, tarvitsen tukea asumiseen.", "kela.asumistuki"),
        LabelledText("Kelalle: lapsi syntyi, haen lapsilisää.", "kela.lapsilisa"),
    ]
    report = evaluate(clf, examples)
    assert report.ece is not None and 0.0 < report.ece < 1.0
    assert sum(b.count for b in report.reliability) == 3
    assert report.high_confidence_single == 0
    text = format_report(report)
    assert "expected calibration error" in text and "stated" in text and "right" in text


def test_a_weighted_fit_equals_the_fit_with_rows_repeated() -> None:
    # Weight 2 on a row is the same log-likelihood as the row twice (the penalty scales with
    # the total weight, so it matches too).
    rng = random.Random(4)
    rows = [[1.0, rng.uniform(-3, 3)] for _ in range(200)]
    targets = [rng.random() < 1 / (1 + math.exp(-r[1])) for r in rows]
    weights = [2.0 if i % 3 == 0 else 1.0 for i in range(len(rows))]
    repeated = [r for i, r in enumerate(rows) for _ in range(int(weights[i]))]
    repeated_t = [t for i, t in enumerate(targets) for _ in range(int(weights[i]))]
    weighted = fit_logistic(rows, targets, l2=0.01, sample_weights=weights)
    assert weighted == pytest.approx(fit_logistic(repeated, repeated_t, l2=0.01), abs=1e-5)
    assert weighted != pytest.approx(fit_logistic(rows, targets, l2=0.01), abs=1e-3)


def test_dev_weighs_a_fixed_share_of_the_calibration_texts() -> None:
    # Five dev documents that are all right cannot outvote one hand-written one that is wrong:
    # dev weighs DEV_SHARE of the calibration texts in total (classifiers._fit_calibration).
    rows = [[1.0, 2.0]] * 6
    targets = [False] + [True] * 5
    dev_weight = DEV_SHARE * 1 / 5
    fitted = fit_logistic(rows, targets, l2=0.0, sample_weights=[1.0] + [dev_weight] * 5)
    p = 1 / (1 + math.exp(-(fitted[0] + 2.0 * fitted[1])))
    assert p == pytest.approx(DEV_SHARE / (1 + DEV_SHARE), abs=0.01)


def test_the_cross_validation_fits_the_map_as_training_does() -> None:
    # classifiers.crossval fits in numpy what calibration.fit_logistic fits in Python: the same
    # weights on the same rows, targets, sample weights and penalty.
    np = pytest.importorskip("numpy")
    from classifiers.crossval import fit_map, stated

    rng = random.Random(7)
    rows = [[1.0, rng.uniform(-3, 3), float(rng.random() < 0.5)] for _ in range(300)]
    targets = [rng.random() < 1 / (1 + math.exp(-(r[1] - r[2]))) for r in rows]
    weights = [0.3 if i % 4 == 0 else 1.0 for i in range(len(rows))]
    expected = fit_logistic(rows, targets, l2=0.01, sample_weights=weights)
    got = fit_map(np.array(rows), np.array(targets, dtype=float), np.array(weights), 0.01)
    assert list(got) == pytest.approx(expected, abs=1e-5)
    # Stated confidences are capped as Calibration.confidence caps them (0.98 without
    # agreement: the map's rows here carry no agreement input, column 3 of FEATURES).
    x = np.zeros((1, len(FEATURES)))
    x[0, 0] = 10.0
    assert stated(x, np.ones(len(FEATURES)))[0] == pytest.approx(0.98)


def test_the_cross_validation_can_leave_an_input_out_of_the_map() -> None:
    # `--without contested` measures what one input brings: its column is zero for calibration
    # texts and dev alike (a zero input keeps a zero weight), the other columns untouched.
    from classifiers._fit_calibration import DecisionRows
    from classifiers.crossval import Data, without

    row = [float(i + 1) for i in range(len(FEATURES))]
    rows = DecisionRows([list(row)], [True], [0.9], [True])
    data = Data(calib=rows, dev=rows, sources=["s"], kinds=["letter"], service=[True])
    out = without(data, ["contested"])
    col = FEATURES.index("contested")
    for part in (out.calib, out.dev):
        assert part.rows[0][col] == 0.0
        assert [v for i, v in enumerate(part.rows[0]) if i != col] == [
            v for i, v in enumerate(row) if i != col
        ]
    assert data.calib.rows[0] == row and without(data, []) is data  # the input is left as it was
    # and the stated confidence of a row is the map's, capped without agreement at 0.98
    fitted = Calibration(weights=tuple([0.0] * len(FEATURES)))
    assert fitted.stated(0.9, [0.0] * len(FEATURES)) == pytest.approx(0.5)
    assert Calibration().stated(0.995, [0.0] * len(FEATURES)) == pytest.approx(0.98)


def test_the_cross_validation_says_when_there_is_no_model(tmp_path, capsys) -> None:
    from classifiers.crossval import main

    assert main([str(tmp_path / "no-model")]) == 2
    assert "Run `aspa train`" in capsys.readouterr().err


def test_eval_refuses_an_unknown_split_with_a_usage_error() -> None:
    # A mistyped split name is a usage message (exit code 2) listing the splits, not a
    # traceback; both `aspa eval` and the classifiers' own command check it.
    from typer.testing import CliRunner

    from aspa.cli import app as aspa_app
    from classifiers.cli import app as classifiers_app

    runner = CliRunner()
    for app, args in (
        (aspa_app, ["eval", "--split", "handwriten"]),
        (classifiers_app, ["eval", "--split", "handwriten"]),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "handwritten_fresh3" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_a_model_with_another_calibration_keeps_its_weights() -> None:
    # crossval refits the temperature on the same weights: the copy ranks the labels alike,
    # states them at its own temperature, and leaves the loaded (cached) model as it was.
    from classifiers.model import ModelClassifier
    from classifiers.testing import small_model

    model = ModelClassifier.load(small_model().path)
    before = model.calibration
    raw = model.with_calibration(Calibration())
    hot = model.with_calibration(Calibration(temperature=3.0))
    text = "Kela\nAT 1 Hakemus – Yleinen asumistuki\nVuokra 650 euroa kuukaudessa"
    raw_ranked, hot_ranked = raw.predict(text), hot.predict(text)
    assert [k for k, _ in raw_ranked][:3] == [k for k, _ in hot_ranked][:3]
    assert hot_ranked[0][1] < raw_ranked[0][1]
    assert model.calibration == before and hot.calibration.temperature == 3.0
