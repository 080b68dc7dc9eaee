"""The synthetic corpus: reproducible, committed as generated, broad enough, well-formed."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from classifiers.catalogue import load_catalogue
from classifiers.corpus.generate import SEED, Counts, build, ocr_noise
from classifiers.dataset import (
    DEFAULT_CORPUS,
    HELD_OUT_SPLITS,
    NONE,
    SPLIT_NAMES,
    LabelledText,
    load_split,
)
from classifiers.validators import is_valid_hetu, is_valid_iban

SPLITS = ("train", "dev", "test")


@pytest.fixture(scope="module")
def corpus() -> dict[str, list]:
    return {name: load_split(DEFAULT_CORPUS, name) for name in SPLITS}


def test_generator_is_deterministic() -> None:
    small = Counts(forms=2, partial_forms=1, letters=2, attachments=1, negatives=10)
    assert build(7, small) == build(7, small)
    assert build(7, small) != build(8, small)


def test_committed_files_are_what_the_generator_makes() -> None:
    # Given the generator with its fixed seed, when it builds the corpus in memory,
    # then every committed JSONL line is exactly what it produced.
    splits = build(SEED)
    for name in SPLITS:
        lines = (DEFAULT_CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == splits[name], name


def test_every_catalogue_service_has_at_least_40_examples(corpus: dict[str, list]) -> None:
    counts = Counter(ex.label for split in corpus.values() for ex in split)
    services = set(load_catalogue().service_ids)
    assert services <= set(counts), services - set(counts)
    assert set(counts) - services == {NONE}
    assert min(counts[s] for s in services) >= 40
    assert counts[NONE] >= 300


def test_each_split_has_every_label_and_languages(corpus: dict[str, list]) -> None:
    labels = {ex.label for ex in corpus["train"]}
    for name in ("dev", "test"):
        assert {ex.label for ex in corpus[name]} == labels
    langs = Counter(ex.lang for ex in corpus["train"])
    assert langs["fi"] > langs["sv"] > langs["en"] > 50


def test_kinds_include_letters_attachments_noise_and_negatives(corpus: dict[str, list]) -> None:
    kinds = Counter(ex.kind.split(":")[0] for ex in corpus["train"])
    assert {"form", "partial_form", "letter", "attachment", "negative"} <= set(kinds)
    assert 0.25 < sum(ex.noisy for ex in corpus["train"]) / len(corpus["train"]) < 0.45


def test_no_text_is_shared_between_train_and_test(corpus: dict[str, list]) -> None:
    train = {ex.text for ex in corpus["train"] if ex.text.strip() and len(ex.text) > 40}
    leaked = [ex for ex in corpus["test"] if ex.text in train]
    assert not leaked


def test_identifiers_in_clean_forms_are_checksum_valid(corpus: dict[str, list]) -> None:
    hetus = ibans = 0
    for ex in corpus["train"]:
        if ex.noisy or ex.label == NONE:
            continue
        for h in re.findall(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", ex.text):
            assert is_valid_hetu(h), "invalid henkilötunnus in the corpus"
            hetus += 1
        for iban in re.findall(r"\bFI\d{2}(?: ?\d{4}){3} ?\d{2}\b", ex.text):
            assert is_valid_iban(iban), "invalid IBAN in the corpus"
            ibans += 1
    assert hetus > 500 and ibans > 50


def test_ocr_noise_changes_text_but_keeps_most_of_it() -> None:
    import random

    text = "Hakemus – Yleinen asumistuki\nVuokra euroa kuukaudessa 650\nHenkilötunnus"
    noisy = ocr_noise(text, random.Random(1), 0.05)
    assert noisy != text
    assert len(noisy) > 0.7 * len(text)


def test_readme_describes_the_corpus() -> None:
    readme = (Path(DEFAULT_CORPUS) / "README.md").read_text(encoding="utf-8")
    assert "generate.py" in readme and "seed" in readme.lower()


def test_stories_in_own_words_are_in_train_only(corpus: dict[str, list[LabelledText]]) -> None:
    # Given the committed corpus, then the customers' own-words stories (services and
    # negatives) are in the train split, and dev and test keep the template mix.
    train_kinds = Counter(ex.kind for ex in corpus["train"])
    assert train_kinds["story"] >= 20 * len(load_catalogue().service_ids)
    assert train_kinds["negative:story"] > 0
    for name in ("dev", "test"):
        assert not any(ex.kind.endswith("story") for ex in corpus[name]), name


def test_lookalike_negatives_are_in_train_only(corpus: dict[str, list[LabelledText]]) -> None:
    # Foreign authorities', insurers' and banks' forms teach the model that a topic is not an
    # authority; dev and test keep the template mix so that before/after figures compare.
    lookalikes = [ex for ex in corpus["train"] if ex.kind == "negative:lookalike"]
    assert len(lookalikes) >= 300 and all(ex.label == NONE for ex in lookalikes)
    assert any("Försäkringskassan" in ex.text for ex in lookalikes)
    for name in ("dev", "test"):
        assert not any(ex.kind == "negative:lookalike" for ex in corpus[name]), name


def test_a_name_change_after_a_wedding_is_taught_as_a_name_change(
    corpus: dict[str, list[LabelledText]],
) -> None:
    # Taking the spouse's surname after the wedding is a name change (DVV), not the
    # examination of impediments, which comes before it: the train split says so in all three
    # languages.
    stories = [ex for ex in corpus["train"] if ex.kind == "story"]
    wedding = re.compile(r"naimisi|häät|avioitu|aviossa|gifte|bröllop|married|wedding", re.I)
    changes = {
        ex.lang for ex in stories if ex.label == "dvv.nimenmuutos" and wedding.search(ex.text)
    }
    assert changes == {"fi", "sv", "en"}


def test_hand_written_sets_are_held_apart(corpus: dict[str, list[LabelledText]]) -> None:
    # The calibration split and the fourth pass's held-out set (calibrated on since the fifth)
    # are hand-written, share no text with each other or with the generated splits, and cover
    # every service, look-alikes and letters.
    held_out = load_split(DEFAULT_CORPUS, "handwritten_test")
    calib = load_split(DEFAULT_CORPUS, "handwritten_calib")
    assert len(held_out) >= 200 and len(calib) >= 100
    generated = {ex.text for name in SPLITS for ex in corpus[name]}
    assert not {ex.text for ex in held_out} & {ex.text for ex in calib}
    assert not ({ex.text for ex in held_out} | {ex.text for ex in calib}) & generated
    services = set(load_catalogue().service_ids)
    for split in (held_out, calib):
        assert {ex.label for ex in split} == services | {NONE}
        kinds = Counter(ex.kind for ex in split)
        assert kinds["lookalike"] >= 15 and kinds["letter"] >= 40
        assert {ex.lang for ex in split} == {"fi", "sv", "en"}


def _five_grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


FRESH_SETS = [name for name in SPLIT_NAMES if name.startswith("handwritten_fresh")]
HAND_WRITTEN = [name for name in SPLIT_NAMES if name.startswith("handwritten")]


@pytest.mark.parametrize("name", FRESH_SETS)
def test_fresh_hand_written_set_is_held_apart(
    corpus: dict[str, list[LabelledText]], name: str
) -> None:
    # Each fresh set (fifth and sixth passes) was written by one author who saw neither the other
    # hand-written sets nor the model's answers: it shares no text with any other split (the
    # other fresh set included), covers every service and none, with look-alikes, letters and
    # the three languages, and few of its 5-word sequences occur in train.
    fresh = load_split(DEFAULT_CORPUS, name)
    assert len(fresh) >= 200
    others = {ex.text for split in corpus.values() for ex in split}
    for other in HAND_WRITTEN:
        if other != name:
            others |= {ex.text for ex in load_split(DEFAULT_CORPUS, other)}
    texts = [ex.text for ex in fresh]
    assert len(set(texts)) == len(texts)
    assert not set(texts) & others
    assert {ex.label for ex in fresh} == set(load_catalogue().service_ids) | {NONE}
    kinds = Counter(ex.kind for ex in fresh)
    assert kinds["lookalike"] >= 15 and kinds["letter"] >= 60
    assert set(kinds) <= {"letter", "story", "form", "attachment", "lookalike", "negative"}
    assert {ex.lang for ex in fresh} == {"fi", "sv", "en"}
    train_grams = set().union(*(_five_grams(ex.text) for ex in corpus["train"]))
    fresh_grams = set().union(*(_five_grams(text) for text in texts))
    assert len(fresh_grams & train_grams) / len(fresh_grams) < 0.03


def test_the_held_out_set_is_never_trained_or_calibrated_on() -> None:
    # HELD_OUT_SPLITS are the held-out sets of the pass: the model trains on the
    # generated train split and the older hand-written sets, the map is fitted on the two
    # fresh sets after them, and neither reads the held-out sets. A text the model trained on
    # would make the map over-confident, so the two roles never share a set.
    from classifiers._fit_calibration import CALIBRATION_SPLITS
    from classifiers.training import HANDWRITTEN_TRAINING_SPLITS

    assert set(CALIBRATION_SPLITS) | set(HANDWRITTEN_TRAINING_SPLITS) <= set(SPLIT_NAMES)
    held_out = set(HELD_OUT_SPLITS)
    assert held_out and held_out <= set(SPLIT_NAMES)
    assert held_out.isdisjoint({*CALIBRATION_SPLITS, *HANDWRITTEN_TRAINING_SPLITS})
    assert set(CALIBRATION_SPLITS).isdisjoint(HANDWRITTEN_TRAINING_SPLITS)
    assert {"train", "dev", "test"}.isdisjoint({*CALIBRATION_SPLITS, *HANDWRITTEN_TRAINING_SPLITS})


def test_training_reads_the_hand_written_training_sets_and_nothing_else() -> None:
    # Each hand-written training text counts HANDWRITTEN_REPEAT times; the held-out set and
    # the calibration sets never reach the model.
    from classifiers._fit_calibration import CALIBRATION_SPLITS
    from classifiers.training import HANDWRITTEN_REPEAT, handwritten_training

    texts = handwritten_training(DEFAULT_CORPUS)
    unseen = {
        ex.text for name in (*CALIBRATION_SPLITS, *HELD_OUT_SPLITS)
        for ex in load_split(DEFAULT_CORPUS, name)
    }  # fmt: skip
    assert texts and not {ex.text for ex in texts} & unseen
    counts = Counter(ex.text for ex in texts)
    assert set(counts.values()) == {HANDWRITTEN_REPEAT}
    small = handwritten_training(DEFAULT_CORPUS, per_label=50)
    assert len(small) < len(texts) / 3
