"""Command-line hooks of the classifier: ``aspa train``, ``aspa eval`` and friends.

The plain functions ``cmd_train``, ``cmd_eval``, ``cmd_bench`` do the work and return values;
the typer ``app`` below only parses options and prints. The lead mounts ``app`` (or calls the
functions) from ``aspa/cli/``; errors are ``AspaError``s for the one CLI handler there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from classifiers import kernels
from classifiers.bench import LatencyReport, bench_classifier
from classifiers.dataset import DEFAULT_CORPUS, SPLIT_NAMES, load_split
from classifiers.decision import build_classifier
from classifiers.evaluate import evaluate, format_report
from classifiers.feedback import load_corrections
from classifiers.model import ModelClassifier, ModelMeta
from classifiers.ocr_eval import OcrFunction, ocr_examples, sample_examples, tesseract_ocr
from classifiers.registry import ModelRegistry, Promotion, promote
from classifiers.training import ModelInfo, TrainConfig, train_model
from pipeline.errors import ConfigurationError

DEFAULT_MIN_CONFIDENCE = 0.5


_models_dir: Callable[[], Path] | None = None


def configure(models_dir: Callable[[], Path] | None) -> None:
    """Where the models are when a command is given no folder (``aspa`` passes its settings')."""
    global _models_dir
    _models_dir = models_dir


def default_models_dir() -> Path:
    """The configured models folder (``ASPA_MODEL_DIR``, else ``<ASPA_DATA_DIR>/models``)."""
    if _models_dir is None:
        raise ConfigurationError(
            "The model commands are not connected to a models folder (classifiers.cli.configure)."
        )
    return _models_dir()


@dataclass(frozen=True)
class TrainOutcome:
    """What ``cmd_train`` did."""

    skipped: bool  # --if-missing and a model was already active
    info: ModelInfo | None
    promotion: Promotion | None
    corrections: int
    kernels_pinned: bool = True

    def format(self) -> str:
        if self.skipped or self.info is None:
            return "A model is already active; nothing trained (--if-missing)."
        i, p = self.info, self.promotion
        test = i.metrics["test"]
        lines = [
            f"trained model {i.version} in {i.train_seconds:.0f} s on {i.n_train} examples "
            f"({self.corrections} from corrections)",
            f"  threshold (dev, precision >= 0.995): {i.threshold:.3f}",
            "  test, the model alone at that threshold (`aspa eval` measures it with the rules):",
            f"    macro-F1 {test['macro_f1']:.4f}, authority accuracy "
            f"{test['authority_accuracy']:.4f}, automatic precision {test['auto_precision']:.4f}, "
            f"straight-through {test['straight_through']:.4f}, negatives automatic "
            f"{test['negatives_auto']}",
        ]
        calibration = _calibration_line(i)
        if calibration:
            lines.append(calibration)
        if p is not None:
            state = "activated" if p.activated else "NOT activated"
            lines.append(f"  {state}: {p.reason}")
        if not self.kernels_pinned:
            lines.append(
                "  numeric kernels: as this processor offers them, not pinned "
                "(classifiers/kernels.py): another machine may train another version"
            )
        return "\n".join(lines)


def _calibration_line(info: ModelInfo) -> str:
    """What the model's calibration was fitted on (empty for an uncalibrated model)."""
    cal = ModelClassifier.load(info.path).calibration
    if not cal.weights:
        return ""
    m = cal.metrics
    return (
        f"  calibration: temperature {cal.temperature:.2f}, confidence map fitted on "
        f"{cal.fitted_on} ({cal.n} documents), expected calibration error there "
        f"{m.get('ece_raw', float('nan')):.3f} -> {m.get('ece_fitted', float('nan')):.3f}"
    )


def check_split(split: str) -> None:
    """A usage error (exit code 2) for a split name the corpus does not have."""
    if split not in SPLIT_NAMES:
        raise typer.BadParameter(
            f"no split {split!r}; the splits are {', '.join(SPLIT_NAMES)}", param_hint="--split"
        )


def _usable(model_dir: Path) -> bool:
    """Whether the active model can be kept: its metadata reads and its map is not stale."""
    try:
        return not ModelMeta.read(model_dir).calibration.stale
    except (OSError, ValueError, KeyError, TypeError):
        return False  # unreadable: a new model replaces it


def cmd_train(
    *,
    corpus_dir: Path = DEFAULT_CORPUS,
    models_dir: Path | None = None,
    seed: int = 0,
    if_missing: bool = False,
    feedback_dir: Path | None = None,
    config: TrainConfig | None = None,
) -> TrainOutcome:
    """Train a model (with the corrections in ``feedback_dir``) and activate it if not worse.

    With ``if_missing``, do nothing when a model is already active, unless its confidence map
    is stale (trained by an older version for other inputs: it sends everything to review).
    Training pins numpy's kernels (``classifiers.kernels``): the ``aspa`` command starts again
    with them, so that every x86-64 machine trains the same version.
    """
    registry = ModelRegistry(models_dir or default_models_dir())
    active = registry.active_path()
    if if_missing and active is not None and _usable(active):
        return TrainOutcome(True, None, None, 0)
    kernels.pin_kernels()  # the command may start again here, with them
    corrections = load_corrections(feedback_dir)
    info = train_model(
        corpus_dir, registry.root, seed=seed, extra_examples=corrections, config=config
    )
    promotion = promote(registry, info.version, load_split(corpus_dir, "test"))
    return TrainOutcome(False, info, promotion, len(corrections), kernels.pinned())


def cmd_eval(
    *,
    corpus_dir: Path = DEFAULT_CORPUS,
    models_dir: Path | None = None,
    ocr: bool = False,
    limit: int | None = None,
    split: str = "test",
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ocr_function: OcrFunction | None = None,
    seed: int = 0,
) -> str:
    """Evaluate the active classifier (rules + model) and return the printable report.

    With ``ocr``, the split's texts (or a fixed-seed sample of ``limit``) are rendered as
    scanned pages and read back by ``ocr_function`` (default: Tesseract directly; the lead
    passes ``classifiers.ocr_eval.pipeline_ocr(ocr_document, ctx)``), and the report compares
    the same documents before and after OCR.
    """
    classifier = build_classifier(models_dir or default_models_dir(), min_confidence=min_confidence)
    examples = load_split(corpus_dir, split)
    title = f"{split} split, classifier {classifier.version}"
    if not ocr:
        if limit is not None:
            examples = examples[:limit]
        return format_report(evaluate(classifier, examples), title=title)
    ocred = ocr_examples(examples, ocr_function or tesseract_ocr, seed=seed, limit=limit)
    # The same sample, as text, for the comparison (ocr_examples keeps the order it chose).
    originals = sample_examples(examples, seed=seed, limit=limit)
    clean = evaluate(classifier, originals)
    after = evaluate(classifier, ocred)
    return "\n\n".join(
        [
            format_report(clean, title=f"{title} - texts", per_class=False),
            format_report(after, title=f"{title} - rendered pages through OCR"),
            f"OCR changes: macro-F1 {after.macro_f1 - clean.macro_f1:+.4f}, authority accuracy "
            f"{after.authority_accuracy - clean.authority_accuracy:+.4f}, automatic precision "
            f"{after.auto_precision - clean.auto_precision:+.4f}, straight-through "
            f"{after.straight_through - clean.straight_through:+.4f}",
        ]
    )


def cmd_bench(
    *,
    corpus_dir: Path = DEFAULT_CORPUS,
    models_dir: Path | None = None,
    limit: int | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> LatencyReport:
    """Classification latency of the active classifier on the test split's texts."""
    classifier = build_classifier(models_dir or default_models_dir(), min_confidence=min_confidence)
    texts = [ex.text for ex in load_split(corpus_dir, "test")][:limit]
    return bench_classifier(classifier, texts)


app = typer.Typer(help="Train, evaluate and manage the document classifier.", no_args_is_help=True)

CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Corpus folder (train/dev/test.jsonl).")]
ModelsOpt = Annotated[
    Path | None, typer.Option("--out", "--models", help="Models folder (default: data dir/models).")
]


@app.command("train")
def train_command(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    out: ModelsOpt = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Only if no model is active.")
    ] = False,
    feedback_dir: Annotated[
        Path | None, typer.Option("--feedback-dir", help="Corrections to include.")
    ] = None,
) -> None:
    """Train a model; it becomes active only if not worse on the test split."""
    outcome = cmd_train(
        corpus_dir=corpus,
        models_dir=out,
        seed=seed,
        if_missing=if_missing,
        feedback_dir=feedback_dir,
    )
    typer.echo(outcome.format())


@app.command("eval")
def eval_command(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    out: ModelsOpt = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="Render pages and read them by OCR.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many documents.")] = None,
    split: Annotated[
        str,
        typer.Option(
            help="train | dev | test | handwritten_test | handwritten_calib | handwritten_fresh"
            " | handwritten_fresh2 | … | handwritten_fresh55"
        ),
    ] = "test",
) -> None:
    """Print precision, recall, F1, authority accuracy and straight-through rate."""
    check_split(split)
    typer.echo(cmd_eval(corpus_dir=corpus, models_dir=out, ocr=ocr, limit=limit, split=split))


@app.command("bench")
def bench_command(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    out: ModelsOpt = None,
    limit: Annotated[int | None, typer.Option(help="At most this many documents.")] = None,
) -> None:
    """Print classification latency (median, p95) and documents per second."""
    typer.echo(cmd_bench(corpus_dir=corpus, models_dir=out, limit=limit).format())


@app.command("rollback")
def rollback_command(out: ModelsOpt = None) -> None:
    """Re-activate the previously active model."""
    version = ModelRegistry(out or default_models_dir()).rollback()
    typer.echo(f"active model: {version}")


@app.command("activate")
def activate_command(version: str, out: ModelsOpt = None) -> None:
    """Activate a saved model version (no regression check: an operator's decision)."""
    registry = ModelRegistry(out or default_models_dir())
    registry.activate(version)
    meta = ModelClassifier.load(registry.path(version)).meta
    typer.echo(f"active model: {version} (trained {meta.trained_at})")
