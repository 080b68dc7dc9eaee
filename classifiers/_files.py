"""The files of a saved model folder (written by ``classifiers.training``, read by
``classifiers.model`` and ``classifiers.registry``; a module of its own so that reading a model
does not import the training code and spaCy)."""

from __future__ import annotations

PIPELINE_DIR = "pipeline"
META_FILE = "meta.json"
NGRAMS_FILE = "ngrams.bin"  # the training texts' word trigrams (classifiers._features)
