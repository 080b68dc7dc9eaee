"""The trained bag-of-words text classifier, run without spaCy.

A model trained by ``classifiers.training`` with ``architecture="bow"`` is spaCy's
``TextCatBOW.v3`` (``ngram_size`` 1, exclusive classes) behind a whitespace tokenizer: each
distinct token of ``model_text`` (its ORTH hash, MurmurHash64A of the UTF-8 bytes, seed 1, or
the symbol id of one of spaCy's symbol names) counts into thinc's ``SparseLinear.v2`` (two
MurmurHash3 x86_32 buckets per token and class), then softmax. Importing spaCy and
``spacy.load`` cost ~1 s of CPU per process, more than a day of predictions at a counter; this
module reads the same weights (``pipeline/textcat/model``, thinc's msgpack) and computes the
same scores in the same float32 order, so the probabilities are bit-identical
(``tests/test_bow.py`` compares both on the corpus). :func:`load` returns None for any other
model shape; the caller then uses spaCy.
"""

from __future__ import annotations

import functools
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SYMBOLS_FILE = Path(__file__).with_name("spacy_symbols.json")
_ORTH = 65  # spacy.attrs.ORTH
_MODEL_NAME = "with_cpu(extract_ngrams>>resizable(sparse_linear))>>with_cpu(softmax_activation)"
_M64 = 0xC6A4A7935BD1E995
_MASK64 = (1 << 64) - 1


@functools.lru_cache(maxsize=1)
def _symbols() -> dict[str, int]:
    """spaCy's symbol names and ids (``spacy.symbols.IDS``): the ORTH of such a string is its
    id, not its hash."""
    data: dict[str, int] = json.loads(SYMBOLS_FILE.read_text(encoding="utf-8"))
    return data


def murmurhash64a(data: bytes, seed: int) -> int:
    """MurmurHash64A (murmurhash's ``hash64``), as spaCy hashes strings."""
    n = len(data)
    h = (seed ^ (n * _M64)) & _MASK64
    end = n - n % 8
    for (k,) in struct.iter_unpack("<Q", data[:end]):
        k = (k * _M64) & _MASK64
        k ^= k >> 47
        k = (k * _M64) & _MASK64
        h ^= k
        h = (h * _M64) & _MASK64
    tail = data[end:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * _M64) & _MASK64
    h ^= h >> 47
    h = (h * _M64) & _MASK64
    h ^= h >> 47
    return h


@functools.lru_cache(maxsize=1 << 16)
def orth(text: str) -> int:
    """spaCy's ORTH id of a token's text."""
    sym = _symbols().get(text)
    return sym if sym is not None else murmurhash64a(text.encode("utf-8"), 1)


def _murmur3_32(keys: np.ndarray, seed: int) -> np.ndarray:
    """thinc's ``MurmurHash3_x86_32_uint64`` of uint64 keys, vectorised (uint32 wraps)."""
    c1, c2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
    h = np.full(keys.shape, seed, dtype=np.uint32)
    for part in (keys & np.uint64(0xFFFFFFFF), keys >> np.uint64(32)):
        k = part.astype(np.uint32) * c1
        k = (k << np.uint32(15)) | (k >> np.uint32(17))
        k = k * c2
        h ^= k
        h = (h << np.uint32(13)) | (h >> np.uint32(19))
        h = h * np.uint32(5) + np.uint32(0xE6546B64)
    h ^= np.uint32(8)
    h ^= h >> np.uint32(16)
    h = h * np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h = h * np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


@dataclass(frozen=True)
class BowTextcat:
    """Labels, weights ``W`` (classes × length) and bias ``b`` of a bag-of-words textcat."""

    labels: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Distinct token keys (ascending), their counts, and their two weight columns."""
        keys = np.array([orth(t) for t in text.split(" ") if t], dtype=np.uint64)
        keys, counts = np.unique(keys, return_counts=True)
        length = np.uint32(self.weights.shape[1])
        idx1 = (_murmur3_32(keys, 0) % length).astype(np.intp)
        idx2 = (_murmur3_32(keys, 1) % length).astype(np.intp)
        return counts.astype(np.float32), idx1, idx2

    def logits(self, text: str) -> np.ndarray:
        """Bias plus the sparse linear layer's sum, in thinc's order: per class, starting from
        the bias, for each key ascending ``+= W[idx1] * count`` then ``+= W[idx2] * count``,
        every step rounded to float32 (a sequential ``add.accumulate``)."""
        values, idx1, idx2 = self._features(text)
        n_out = self.bias.shape[0]
        terms = np.empty((n_out, 1 + 2 * len(values)), dtype=np.float32)
        terms[:, 0] = self.bias
        terms[:, 1::2] = self.weights[:, idx1] * values
        terms[:, 2::2] = self.weights[:, idx2] * values
        return np.add.accumulate(terms, axis=1, dtype=np.float32)[:, -1]

    def cats(self, text: str) -> dict[str, float]:
        """Every label's probability (thinc's softmax), as spaCy's ``doc.cats``."""
        x = self.logits(text)
        e = np.exp(x - np.max(x))
        e /= e.sum()
        return {label: float(p) for label, p in zip(self.labels, e, strict=True)}


def load(pipeline_dir: Path) -> BowTextcat | None:
    """The model in a saved spaCy pipeline folder, or None unless it is exactly the shape
    this module computes (whitespace tokenizer, ``textcat`` alone, TextCatBOW.v3 with
    unigrams over ORTH, SparseLinear.v2, softmax)."""
    try:
        cfg = json.loads((pipeline_dir / "textcat" / "cfg").read_text(encoding="utf-8"))
        tokenizer = _unpack((pipeline_dir / "tokenizer").read_bytes())
        model = _unpack((pipeline_dir / "textcat" / "model").read_bytes())
        meta = json.loads((pipeline_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, IndexError, struct.error):
        return None
    plain_tokens = all(
        tokenizer.get(k) is None
        for k in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match")
    ) and not tokenizer.get("exceptions")
    nodes, attrs, params = model.get("nodes", []), model.get("attrs", []), model.get("params", [])
    names = [n.get("name") for n in nodes]
    if (
        not plain_tokens
        or meta.get("pipeline") != ["textcat"]
        or not names
        or names[0] != _MODEL_NAME
        or names[5:] != ["extract_ngrams", "resizable(sparse_linear)", "sparse_linear"]
        or _unpack(attrs[0].get("multi_label", b"\xc3")) is not False
        or _unpack(attrs[5].get("ngram_size", b"\x00")) != 1
        or _unpack(attrs[5].get("attr", b"\x00")) != _ORTH
        or _unpack(attrs[7].get("v1_indexing", b"\xc3")) is not False
    ):
        return None
    labels = tuple(cfg["labels"])
    dims = nodes[7]["dims"]
    n_out, length = int(dims["nO"]), int(dims["length"])
    w, b = params[7].get("W"), params[7].get("b")
    if (
        not isinstance(w, np.ndarray)
        or not isinstance(b, np.ndarray)
        or len(labels) != n_out
        or w.shape != (n_out * length,)
        or b.shape != (n_out,)
    ):
        return None
    return BowTextcat(labels, w.reshape(n_out, length), b.copy())


# --- a small msgpack reader (the formats thinc and srsly write), with srsly's numpy arrays ----


def _unpack(data: bytes) -> Any:
    value, end = _read(memoryview(data), 0)
    if end != len(data):
        raise ValueError("trailing bytes after the msgpack value")
    return value


_FIXED = {0xC0: None, 0xC2: False, 0xC3: True}
_NUM = {
    0xCA: ">f", 0xCB: ">d", 0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q",
    0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q",
}  # fmt: skip
_LEN = {0xC4: ">B", 0xC5: ">H", 0xC6: ">I", 0xD9: ">B", 0xDA: ">H", 0xDB: ">I"}
_COUNT = {0xDC: ">H", 0xDD: ">I", 0xDE: ">H", 0xDF: ">I"}


def _read(buf: memoryview, pos: int) -> tuple[Any, int]:
    tag = buf[pos]
    pos += 1
    if tag <= 0x7F:
        return tag, pos
    if tag >= 0xE0:
        return tag - 0x100, pos
    if 0xA0 <= tag <= 0xBF:
        n = tag & 0x1F
        return str(buf[pos : pos + n], "utf-8"), pos + n
    if 0x90 <= tag <= 0x9F:
        return _array(buf, pos, tag & 0x0F)
    if 0x80 <= tag <= 0x8F:
        return _map(buf, pos, tag & 0x0F)
    if tag in _FIXED:
        return _FIXED[tag], pos
    if tag in _NUM:
        fmt = _NUM[tag]
        return struct.unpack_from(fmt, buf, pos)[0], pos + struct.calcsize(fmt)
    if tag in _LEN:
        fmt = _LEN[tag]
        n = struct.unpack_from(fmt, buf, pos)[0]
        pos += struct.calcsize(fmt)
        raw = buf[pos : pos + n]
        return (bytes(raw) if tag <= 0xC6 else str(raw, "utf-8")), pos + n
    if tag in _COUNT:
        fmt = _COUNT[tag]
        n = struct.unpack_from(fmt, buf, pos)[0]
        pos += struct.calcsize(fmt)
        return _array(buf, pos, n) if tag <= 0xDD else _map(buf, pos, n)
    raise ValueError(f"msgpack type 0x{tag:02x} is not used by thinc models")


def _array(buf: memoryview, pos: int, n: int) -> tuple[list[Any], int]:
    out = []
    for _ in range(n):
        value, pos = _read(buf, pos)
        out.append(value)
    return out, pos


def _map(buf: memoryview, pos: int, n: int) -> tuple[Any, int]:
    out: dict[Any, Any] = {}
    for _ in range(n):
        key, pos = _read(buf, pos)
        value, pos = _read(buf, pos)
        out[key] = value
    nd = {k.decode() if isinstance(k, bytes) else k: v for k, v in out.items()}
    if nd.get("nd") is True and nd.get("kind", b"") in (b"", ""):
        # srsly's msgpack_numpy: {nd, type, kind, shape, data}
        dtype = np.dtype(nd["type"].decode() if isinstance(nd["type"], bytes) else nd["type"])
        return np.frombuffer(nd["data"], dtype=dtype).reshape(nd["shape"]), pos
    return out, pos
