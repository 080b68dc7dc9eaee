"""Learning from corrections: the store, the registry, the regression guard and rollback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers.cli import cmd_train
from classifiers.dataset import DEFAULT_CORPUS, NONE, load_split
from classifiers.feedback import (
    CORRECTIONS_FILE,
    InvalidCorrectionError,
    load_corrections,
    record_correction,
)
from classifiers.model import ModelClassifier
from classifiers.registry import (
    ModelRegistry,
    NothingToRollBackError,
    UnknownModelError,
    promote,
)
from classifiers.testing import SMALL, small_model
from classifiers.training import HANDWRITTEN_REPEAT, TrainConfig, handwritten_training, train_model


def test_corrections_are_stored_and_latest_label_wins(tmp_path: Path) -> None:
    text = "Hei, haluan muuttaa tilinumeroni."
    record_correction(tmp_path, text=text, service_id="kela.asumistuki", user="neuvoja1")
    record_correction(tmp_path, text=text, service_id="kela.tilinumero", user="neuvoja2")
    record_correction(tmp_path, text="mainos", service_id=NONE, user="neuvoja1")
    rows = [json.loads(x) for x in (tmp_path / CORRECTIONS_FILE).read_text().splitlines()]
    assert [r["user"] for r in rows] == ["neuvoja1", "neuvoja2", "neuvoja1"]
    examples = load_corrections(tmp_path)
    assert {(e.text, e.label) for e in examples} == {(text, "kela.tilinumero"), ("mainos", NONE)}
    assert load_corrections(tmp_path / "missing") == [] and load_corrections(None) == []


@pytest.mark.parametrize(
    ("text", "service", "user"),
    [
        ("", "kela.asumistuki", "u"),
        ("teksti", "asumistuki", "u"),
        ("teksti", "kela.x", " "),
        ("teksti", "kela.unknown", "u"),
    ],
)
def test_invalid_corrections_are_refused(
    tmp_path: Path, text: str, service: str, user: str
) -> None:
    with pytest.raises(InvalidCorrectionError) as err:
        record_correction(
            tmp_path,
            text=text,
            service_id=service,
            user=user,
            known_services=frozenset({"kela.asumistuki", "kela.x"}),
        )
    assert err.value.code == "invalid_correction"
    assert "teksti" not in err.value.message


def _fake_model(root: Path, version: str) -> None:
    (root / version).mkdir(parents=True)
    (root / version / "meta.json").write_text("{}")


def test_activate_and_rollback(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path)
    for v in ("tc-a", "tc-b", "tc-c"):
        _fake_model(tmp_path, v)
    assert registry.active() is None
    with pytest.raises(NothingToRollBackError):
        registry.rollback()
    with pytest.raises(UnknownModelError):
        registry.activate("tc-missing")
    registry.activate("tc-a")
    registry.activate("tc-b")
    registry.activate("tc-c")
    assert registry.active() == "tc-c"
    assert registry.rollback() == "tc-b"
    assert registry.rollback() == "tc-a"
    assert registry.active() == "tc-a"
    with pytest.raises(NothingToRollBackError):
        registry.rollback()


@pytest.mark.slow
def test_guard_refuses_a_worse_model_and_rollback_restores(tmp_path: Path) -> None:
    # Given the small model active in a fresh registry
    good = small_model()
    registry = ModelRegistry(good.path.parent)
    if registry.active() != good.version:
        registry.activate(good.version)
    test = load_split(DEFAULT_CORPUS, "test")
    # When a much worse model (2 examples per label, 1 epoch) is trained and offered
    worse = train_model(
        DEFAULT_CORPUS, registry.root, seed=0, config=TrainConfig(epochs=1, limit_per_label=2)
    )
    outcome = promote(registry, worse.version, test)
    # Then it is refused and the good model stays active
    assert not outcome.activated and "worse" in outcome.reason
    assert registry.active() == good.version
    # And an operator can still force it, and roll back to the good one
    registry.activate(worse.version)
    assert registry.rollback() == good.version


@pytest.mark.slow
def test_a_model_with_a_stale_map_is_replaced_whatever_its_figures(tmp_path: Path) -> None:
    # After an upgrade that changed the confidence map's inputs, the active model sends every
    # document to review (its map is stale): the next `aspa train` activates its model even
    # when the old one would look better by the test split's figures.
    import shutil

    small = small_model()
    for version in ("tc-old", "tc-new"):
        shutil.copytree(small.path, tmp_path / version)
    meta_path = tmp_path / "tc-old" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["calibration"]["features"] = meta["calibration"]["features"][:-1]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    registry = ModelRegistry(tmp_path)
    registry.activate("tc-old")
    outcome = promote(registry, "tc-new", load_split(DEFAULT_CORPUS, "test")[:20])
    assert outcome.activated and "other inputs" in outcome.reason
    assert registry.active() == "tc-new"
    # And `aspa train --if-missing` (make run) does not skip while the active model is stale.
    registry.activate("tc-old")
    tiny = TrainConfig(epochs=1, limit_per_label=2)
    trained = cmd_train(models_dir=tmp_path, if_missing=True, config=tiny)
    assert not trained.skipped and trained.info is not None
    assert registry.active() == trained.info.version
    assert cmd_train(models_dir=tmp_path, if_missing=True, config=tiny).skipped
    # An active model whose metadata no longer reads is replaced too, not a traceback.
    (tmp_path / "tc-new" / "meta.json").write_text("{not json", encoding="utf-8")
    ModelClassifier._cache.pop((tmp_path / "tc-new").resolve(), None)  # as in a new process
    registry.activate("tc-new")
    replaced = cmd_train(models_dir=tmp_path, if_missing=True, config=tiny, seed=1)
    assert not replaced.skipped and replaced.promotion is not None
    assert replaced.promotion.activated and "could not be loaded" in replaced.promotion.reason


@pytest.mark.slow
def test_train_includes_corrections(tmp_path: Path) -> None:
    # Given a correction that teaches an unusual phrasing
    feedback = tmp_path / "feedback"
    for i in range(3):
        record_correction(
            feedback,
            text=f"Postilaatikkoni vaihtuu kesäksi saaristoon {i}",
            service_id="posti.edelleenlahetys",
            user="neuvoja",
        )
    # When training with the feedback folder (reduced config to keep the test fast)
    outcome = cmd_train(
        models_dir=tmp_path / "models",
        feedback_dir=feedback,
        config=TrainConfig(epochs=SMALL.epochs, limit_per_label=15),
    )
    # Then the corrections were used and the first model became active
    assert outcome.corrections == 3 and outcome.info is not None
    # (36 labels x 15 generated texts, the hand-written training texts at that limit, the 3)
    hand_written = len(handwritten_training(DEFAULT_CORPUS, per_label=15))
    assert hand_written == 36 * 1 * HANDWRITTEN_REPEAT
    assert outcome.info.n_train == 36 * 15 + hand_written + 3
    assert outcome.promotion is not None and outcome.promotion.activated
    assert ModelRegistry(tmp_path / "models").active() == outcome.info.version
    # And --if-missing does nothing once a model is active
    assert cmd_train(models_dir=tmp_path / "models", if_missing=True).skipped
