"""Classification: the catalogue, identifier validators, field extraction, language detection
and the rule classifier, behind the ``Classifier`` protocol of ``classifiers.base``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from classifiers.base import Classifier, ExtractedField, Prediction
from classifiers.catalogue import (
    Authority,
    Catalogue,
    CodeStyle,
    FormCode,
    ProviderChange,
    Service,
    load_catalogue,
    parse_catalogue,
    provider_for,
)
from classifiers.decision import CombinedClassifier, build_classifier
from classifiers.evaluate import evaluate, format_report
from classifiers.feedback import record_correction
from classifiers.fields import extract_fields
from classifiers.language import detect_language
from classifiers.loader import load_classifier
from classifiers.model import ModelClassifier
from classifiers.rules import RuleClassifier

if TYPE_CHECKING:
    from classifiers.training import train_model

from classifiers.validators import (
    Hetu,
    format_iban,
    is_valid_hetu,
    is_valid_iban,
    is_valid_ytunnus,
    make_rf_reference,
    mask_hetu,
    mask_iban,
    mask_reference,
    parse_date,
    parse_hetu,
    parse_iban,
    parse_rf_reference,
    parse_viitenumero,
    parse_ytunnus,
)

__all__ = [
    "Authority",
    "Catalogue",
    "Classifier",
    "CodeStyle",
    "CombinedClassifier",
    "ExtractedField",
    "FormCode",
    "Hetu",
    "ModelClassifier",
    "Prediction",
    "ProviderChange",
    "RuleClassifier",
    "Service",
    "build_classifier",
    "detect_language",
    "evaluate",
    "extract_fields",
    "format_iban",
    "format_report",
    "is_valid_hetu",
    "is_valid_iban",
    "is_valid_ytunnus",
    "load_catalogue",
    "load_classifier",
    "make_rf_reference",
    "mask_hetu",
    "mask_iban",
    "mask_reference",
    "parse_catalogue",
    "parse_date",
    "parse_hetu",
    "parse_iban",
    "parse_rf_reference",
    "parse_viitenumero",
    "parse_ytunnus",
    "provider_for",
    "record_correction",
    "train_model",
]


def __getattr__(name: str) -> object:
    # Training imports spaCy: only ``aspa train`` and the tests need it (PEP 562).
    if name == "train_model":
        from classifiers.training import train_model

        return train_model
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
