"""Measuring a classifier on labelled texts.

``evaluate(classifier, examples)`` runs any ``Classifier`` and reports per-service precision,
recall and F1, service macro-F1, authority accuracy, the worst confusion pairs, and — using the
classifier's own ``automatic`` decisions — the precision of automatic deliveries, the
straight-through rate and how many negatives were delivered automatically.
``format_report`` prints it, with a reliability table and the expected calibration error of
the stated confidences (is an answer stated at 0.9 right nine times in ten?).
``evaluate_predictions`` does the same from a model's raw (label, probability) answers and a
threshold.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from classifiers.base import Classifier
from classifiers.calibration import (
    ReliabilityBin,
    expected_calibration_error,
    reliability_table,
)
from classifiers.dataset import NONE, LabelledText, authority_of


@dataclass(frozen=True)
class ClassMetrics:
    """Precision, recall and F1 of one label."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class KindMetrics:
    """How one kind of text (letters, forms, look-alikes, …) went: its straight-through, the
    precision of its automatic deliveries, and why the others went to a person."""

    kind: str
    n: int
    positives: int  # texts that belong to a service
    auto_count: int
    auto_correct: int
    negatives_auto: int
    review_reasons: tuple[tuple[str, int], ...]  # (reason, count), most frequent first

    @property
    def straight_through(self) -> float:
        return self.auto_count / self.positives if self.positives else 0.0

    @property
    def auto_precision(self) -> float:
        return self.auto_correct / self.auto_count if self.auto_count else 1.0


@dataclass(frozen=True)
class Report:
    """The figures of one evaluation run."""

    n: int
    per_class: tuple[ClassMetrics, ...]
    macro_f1: float  # over services (not "none") present in the gold labels
    accuracy: float
    authority_accuracy: float
    confusions: tuple[tuple[str, str, int], ...]  # (gold, predicted, count), worst first
    auto_precision: float  # correct automatic deliveries / automatic deliveries
    straight_through: float  # automatic deliveries / documents that belong to a service
    auto_count: int
    negatives_auto: int  # gold "none" documents delivered automatically
    positives: int
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    # Calibration of the stated confidences (empty when the answers had none).
    ece: float | None = None
    reliability: tuple[ReliabilityBin, ...] = ()
    high_confidence: int = 0  # answers stated at 0.99 or more
    high_confidence_single: int = 0  # of those, without rules and model agreeing
    by_kind: tuple[KindMetrics, ...] = ()  # when the texts carry a kind (hand-written sets)

    def summary(self) -> dict[str, Any]:
        """The headline figures as a JSON-able dict (stored in a model's meta)."""
        return {
            "n": self.n,
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "authority_accuracy": round(self.authority_accuracy, 4),
            "auto_precision": round(self.auto_precision, 4),
            "straight_through": round(self.straight_through, 4),
            "auto_count": self.auto_count,
            "negatives_auto": self.negatives_auto,
        } | ({"ece": round(self.ece, 4)} if self.ece is not None else {})


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def build_report(
    predicted: Sequence[str],
    automatic: Sequence[bool],
    gold: Sequence[str],
    *,
    seconds: float = 0.0,
) -> Report:
    """Compute a report from predicted labels (``"none"`` for no service) and auto flags."""
    n = len(gold)
    labels = sorted(set(gold) | set(predicted))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    for p, g in zip(predicted, gold, strict=True):
        if p == g:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
            confusions[(g, p)] += 1
    per_class = []
    for label in labels:
        prec = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        rec = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        per_class.append(ClassMetrics(label, prec, rec, _f1(prec, rec), tp[label] + fn[label]))
    services = [c for c in per_class if c.label != NONE and c.support > 0]
    macro = sum(c.f1 for c in services) / len(services) if services else 0.0
    auto = [(p, g) for p, a, g in zip(predicted, automatic, gold, strict=True) if a]
    auto_correct = sum(p == g for p, g in auto)
    positives = sum(g != NONE for g in gold)
    return Report(
        n=n,
        per_class=tuple(per_class),
        macro_f1=macro,
        accuracy=sum(tp.values()) / n if n else 0.0,
        authority_accuracy=(
            sum(authority_of(p) == authority_of(g) for p, g in zip(predicted, gold, strict=True))
            / n
            if n
            else 0.0
        ),
        confusions=tuple((g, p, c) for (g, p), c in confusions.most_common(10)),
        auto_precision=auto_correct / len(auto) if auto else 1.0,
        straight_through=len(auto) / positives if positives else 0.0,
        auto_count=len(auto),
        negatives_auto=sum(g == NONE for _, g in auto),
        positives=positives,
        seconds=seconds,
    )


def evaluate_predictions(
    predictions: Sequence[tuple[str, float]], examples: Sequence[LabelledText], threshold: float
) -> Report:
    """Report for a model's raw top (label, probability) answers at ``threshold``."""
    predicted = [label for label, _ in predictions]
    automatic = [label != NONE and p >= threshold for label, p in predictions]
    return build_report(predicted, automatic, [ex.label for ex in examples])


def evaluate(classifier: Classifier, examples: Sequence[LabelledText]) -> Report:
    """Run ``classifier`` on every example and report; a Prediction without a service counts
    as ``"none"``."""
    started = time.perf_counter()
    predicted: list[str] = []
    automatic: list[bool] = []
    confidences: list[float] = []
    single: list[bool] = []
    reasons: list[str] = []
    for ex in examples:
        pred = classifier.classify(ex.text)
        predicted.append(pred.service or NONE)
        automatic.append(bool(pred.automatic and pred.service))
        confidences.append(pred.confidence)
        single.append(pred.details.get("decision") != "agreement")
        reasons.append(str(pred.details.get("review_reason") or "review"))
    gold = [ex.label for ex in examples]
    report = build_report(predicted, automatic, gold, seconds=time.perf_counter() - started)
    correct = [p == g for p, g in zip(predicted, gold, strict=True)]
    return replace(
        report,
        ece=expected_calibration_error(confidences, correct),
        reliability=tuple(reliability_table(confidences, correct)),
        high_confidence=sum(c >= 0.99 for c in confidences),
        high_confidence_single=sum(
            c >= 0.99 for c, s in zip(confidences, single, strict=True) if s
        ),
        by_kind=by_kind(examples, predicted, automatic, reasons),
    )


def by_kind(
    examples: Sequence[LabelledText],
    predicted: Sequence[str],
    automatic: Sequence[bool],
    reasons: Sequence[str],
) -> tuple[KindMetrics, ...]:
    """Per kind of text (only when the examples carry kinds), most frequent kind first."""
    kinds = Counter(ex.kind for ex in examples if ex.kind)
    out = []
    for kind, n in kinds.most_common():
        rows = [
            (ex, p, a, r)
            for ex, p, a, r in zip(examples, predicted, automatic, reasons, strict=True)
            if ex.kind == kind
        ]
        auto = [(ex, p) for ex, p, a, _ in rows if a]
        why = Counter(r for _, _, a, r in rows if not a)
        out.append(
            KindMetrics(
                kind=kind,
                n=n,
                positives=sum(ex.label != NONE for ex, *_ in rows),
                auto_count=len(auto),
                auto_correct=sum(p == ex.label for ex, p in auto),
                negatives_auto=sum(ex.label == NONE for ex, _ in auto),
                review_reasons=tuple(why.most_common()),
            )
        )
    return tuple(out)


def format_report(report: Report, *, title: str = "Evaluation", per_class: bool = True) -> str:
    """A plain-text report for the terminal."""
    lines = [
        f"{title}: {report.n} documents ({report.positives} belong to a service)",
        f"  service macro-F1       {report.macro_f1:.4f}",
        f"  service accuracy       {report.accuracy:.4f}",
        f"  authority accuracy     {report.authority_accuracy:.4f}",
        f"  automatic deliveries   {report.auto_count}  precision {report.auto_precision:.4f}",
        f"  straight-through rate  {report.straight_through:.4f}",
        f"  negatives delivered automatically  {report.negatives_auto}",
    ]
    if report.seconds:
        lines.append(
            f"  time {report.seconds:.1f} s ({1000 * report.seconds / max(report.n, 1):.1f} ms/doc)"
        )
    if report.ece is not None:
        lines.append(
            f"  expected calibration error {report.ece:.4f} (10 bins); stated >= 0.99: "
            f"{report.high_confidence} ({report.high_confidence_single} without rules and "
            "model agreeing)"
        )
        lines.append(f"  {'confidence':>12} {'n':>5} {'stated':>7} {'right':>7}")
        lines += [
            f"  {b.low:5.2f}-{b.high:4.2f}  {b.count:5d} {b.confidence:7.3f} {b.accuracy:7.3f}"
            for b in report.reliability
        ]
    if report.by_kind:
        lines.append(
            f"  {'kind':12} {'n':>4} {'straight-through':>16} {'automatic':>9} {'precision':>9}"
            "  to a person, why"
        )
        for k in report.by_kind:
            st = f"{k.straight_through:.3f}" if k.positives else "-"
            why = ", ".join(f"{r} {c}" for r, c in k.review_reasons) or "-"
            negatives = f" ({k.negatives_auto} negatives)" if k.negatives_auto else ""
            lines.append(
                f"  {k.kind:12} {k.n:4d} {st:>16} {k.auto_count:9d} {k.auto_precision:9.3f}"
                f"{negatives}  {why}"
            )
    if report.confusions:
        lines.append("  worst confusions (gold -> predicted: count)")
        lines += [f"    {g} -> {p}: {c}" for g, p, c in report.confusions[:8]]
    if per_class:
        lines.append(f"  {'label':28} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>4}")
        lines += [
            f"  {c.label:28} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.support:4d}"
            for c in report.per_class
        ]
    return "\n".join(lines)
