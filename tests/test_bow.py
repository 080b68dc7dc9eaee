"""The bag-of-words model without spaCy gives spaCy's probabilities, bit for bit."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from classifiers import _bow
from classifiers._features import model_text
from classifiers._files import PIPELINE_DIR
from classifiers.dataset import DEFAULT_CORPUS, load_split
from classifiers.model import ModelClassifier
from classifiers.testing import small_model

spacy = pytest.importorskip("spacy")
pytestmark = pytest.mark.slow  # trains a (small) model once per session
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model() -> ModelClassifier:
    return ModelClassifier.load(small_model().path)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return spacy.load(small_model().path / PIPELINE_DIR)


def test_orth_is_spacys_string_id() -> None:
    vocab = spacy.blank("xx").vocab
    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyzäöå_#0123456789€ß"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    words += ["number", "root", "det", "_", "mark", "a" * 8, "a" * 16, "ä" * 7]
    assert [_bow.orth(w) for w in words] == [vocab.strings.add(w) for w in words]


def test_symbols_are_spacys() -> None:
    from spacy.symbols import IDS

    assert _bow._symbols() == dict(IDS)


def test_the_small_model_runs_without_spacy(model: ModelClassifier) -> None:
    assert model._bow is not None and model._nlp is None
    code = (
        "import sys; from classifiers.model import ModelClassifier as M; "
        f"m = M.load({str(small_model().path)!r}); m.predict('asumistuki hakemus'); "
        "m.explain('asumistuki hakemus kela', 'kela.asumistuki'); "
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'spacy', 'thinc', 'srsly'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert out.stdout.strip() == "[]"


def test_probabilities_are_spacys(model: ModelClassifier, nlp) -> None:  # type: ignore[no-untyped-def]
    assert model._bow is not None
    texts = [t.text for t in load_split(DEFAULT_CORPUS, "test")]
    texts += ["number root det mark", "x", "kela " * 500]
    compared = 0
    for text in texts:
        doc_text = model_text(text, model.meta.features)
        if doc_text.strip():
            assert model._bow.cats(doc_text) == nlp(doc_text).cats
            compared += 1
    assert compared > 500


def test_explanations_are_spacys(model: ModelClassifier, nlp) -> None:  # type: ignore[no-untyped-def]
    by_spacy = ModelClassifier(nlp, model.meta, model.path)
    examples = load_split(DEFAULT_CORPUS, "test")[:60]
    explained = 0
    for ex in examples:
        for label in {ex.label, model.predict(ex.text)[0][0]}:
            ours = model.explain(ex.text, label)
            assert ours == by_spacy.explain(ex.text, label)
            explained += bool(ours)
    assert explained > 20
    word_docs = [model_text(w, model.meta.features) for w in ("asumistuki", "verokortti", "x")]
    linear = nlp.get_pipe("textcat").model.layers[0]
    ref = np.asarray(linear.predict([nlp.make_doc(d) for d in word_docs]))
    assert model._bow is not None
    assert np.array_equal(np.stack([model._bow.logits(d) for d in word_docs]), ref)


def test_another_shape_is_left_to_spacy(tmp_path: Path) -> None:
    assert _bow.load(tmp_path) is None  # nothing there
    src = small_model().path / PIPELINE_DIR
    broken = tmp_path / "pipeline"
    (broken / "textcat").mkdir(parents=True)
    for name in ("tokenizer", "meta.json", "textcat/cfg"):
        (broken / name).write_bytes((src / name).read_bytes())
    data = (src / "textcat" / "model").read_bytes()
    (broken / "textcat" / "model").write_bytes(data.replace(b"sparse_linear", b"sparse_lineaX", 1))
    assert _bow.load(broken) is None
    meta = json.loads((src / "meta.json").read_text())
    assert meta["pipeline"] == ["textcat"]
