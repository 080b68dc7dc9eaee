"""Evidence that ties a document to the Finnish authority of a service, and look-alikes.

Topic alone is not enough for an automatic delivery: a Swedish child-benefit form shares every
word with Kela's ``LL 1`` except who issued it. ``provenance(...)`` collects, for the chosen
service, what the rule classifier found (form codes, titles, keywords, the authority's name)
and whether the text names an issuer or identifier of ``lookalikes.yaml`` (another country's
authority, an insurer, a bank, ...).

* ``has_evidence``: a form code of the service (anything but a bare number), a title phrase
  of the service, or the name (or postal address alias) of its authority;
* ``lookalike``: another country's authority or register identifier (a "personnummer") named
  on the first lines, or anywhere while the service's authority is not named; or a private
  issuer (an insurer, a bank, a pension company, ...) on the first lines — its letterhead —
  while the authority is not named. A bank further down is usually content: the pledgee of a
  mortgage application, the account of a change-of-account notice.

Automatic delivery needs ``has_evidence and not lookalike`` (``classifiers.decision``).
Only catalogue phrases and look-alike names are reported, never the document's own words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from classifiers._evidence import HEADER_LINES, fold

LOOKALIKES_PATH = Path(__file__).with_name("lookalikes.yaml")
FOREIGN_KINDS = frozenset({"foreign_authority", "identifier"})


@dataclass(frozen=True)
class Lookalikes:
    """The compiled look-alike list."""

    names: dict[str, tuple[str, str]]  # folded name -> (name as listed, kind)
    exact: frozenset[str]  # names matched case-sensitively (as listed)
    regex: re.Pattern[str]

    def kind(self, name: str) -> str:
        """The kind of a listed name (``bank``, ``foreign_authority``, ``identifier``, ...)."""
        return self.names[fold(name)][1]

    def find(self, text: str) -> list[tuple[str, int]]:
        """(name as listed, position) of every look-alike name in ``text``."""
        out = []
        for m in self.regex.finditer(fold(text)):
            name = self.names[m.group()][0]
            if name in self.exact and text[m.start() : m.end()] != name:
                continue  # "varma" the adjective, not Varma the pension company
            out.append((name, m.start()))
        return out


@functools.cache
def load_lookalikes(path: Path = LOOKALIKES_PATH) -> Lookalikes:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names: dict[str, tuple[str, str]] = {}
    exact: set[str] = set()
    for kind, items in data["issuers"].items():
        for name in items:
            names.setdefault(fold(name), (name, kind))
            if len(name) <= 5 or name.isupper():
                exact.add(name)
    for marker in data["markers"]:
        names.setdefault(fold(marker), (marker, "identifier"))
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    regex = re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")
    return Lookalikes(names, frozenset(exact), regex)


@dataclass(frozen=True)
class Provenance:
    """What ties a document to the chosen service's authority (or to someone else)."""

    service: str | None
    authority: str | None
    authority_named: bool = False
    codes: tuple[str, ...] = ()  # "AT 1 (strong)"
    titles: tuple[str, ...] = ()  # catalogue title phrases of the service
    keywords: tuple[str, ...] = ()  # catalogue keywords of the service (topic, not evidence)
    lookalikes: tuple[str, ...] = ()  # look-alike issuers / identifiers named
    foreign_in_header: bool = False  # another country's authority or identifier, first lines
    foreign_named: bool = False  # ... anywhere
    private_in_header: bool = False  # an insurer, bank, ... on the first lines
    model_terms: tuple[tuple[str, float], ...] = field(default=())

    @property
    def has_evidence(self) -> bool:
        return self.authority_named or bool(self.codes) or bool(self.titles) or bool(self.keywords)

    @property
    def lookalike(self) -> bool:
        if self.foreign_in_header:
            return True
        return not self.authority_named and (self.foreign_named or self.private_in_header)

    @property
    def strong_rule_match(self) -> bool:
        """A form code with context (not bare, not "weak") plus a title of the service."""
        return bool(self.titles) and any(
            c.endswith(("(strong)", "(context)", "(edge)")) for c in self.codes
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "authority": self.authority,
            "authority_named": self.authority_named,
            "codes": list(self.codes),
            "titles": list(self.titles),
            "keywords": list(self.keywords),
            "lookalikes": list(self.lookalikes),
            "has_evidence": self.has_evidence,
            "lookalike": self.lookalike,
            "model_terms": [[t, w] for t, w in self.model_terms],
        }


def _header_end(text: str) -> int:
    """Offset of the end of the first ``HEADER_LINES`` non-empty lines."""
    for seen, m in enumerate(re.finditer(r"[^\n]*\S[^\n]*(\n|$)", text), start=1):
        if seen >= HEADER_LINES:
            return m.end()
    return len(text)


def provenance(
    text: str,
    service: str | None,
    authority: str | None,
    rules_details: Mapping[str, Any],
    *,
    model_terms: Sequence[tuple[str, float]] = (),
) -> Provenance:
    """The provenance of ``service`` in ``text`` from the rule classifier's ``details``."""
    lookalikes = load_lookalikes()
    found = lookalikes.find(text)
    header_end = _header_end(text)
    names = tuple(dict.fromkeys(name for name, _ in found))
    foreign = [pos for name, pos in found if lookalikes.kind(name) in FOREIGN_KINDS]
    private = [pos for name, pos in found if lookalikes.kind(name) not in FOREIGN_KINDS]
    foreign_in_header = any(pos < header_end for pos in foreign)
    private_in_header = any(pos < header_end for pos in private)
    if service is None:
        return Provenance(
            None, None, lookalikes=names, foreign_in_header=foreign_in_header,
            foreign_named=bool(foreign), private_in_header=private_in_header,
        )  # fmt: skip
    codes = tuple(
        dict.fromkeys(
            f"{c['code']} ({c['strength']})"
            for c in _rows(rules_details, "codes")
            if c.get("service") == service and c.get("strength") != "bare"
        )
    )
    titles = tuple(
        dict.fromkeys(
            t["phrase"] for t in _rows(rules_details, "titles") if t["service"] == service
        )
    )
    keywords = tuple(
        dict.fromkeys(
            k["phrase"] for k in _rows(rules_details, "keywords") if k["service"] == service
        )
    )
    named = authority in set(_names(rules_details))
    return Provenance(
        service, authority, named, codes, titles, keywords, names,
        foreign_in_header=foreign_in_header, foreign_named=bool(foreign),
        private_in_header=private_in_header, model_terms=tuple(model_terms),
    )  # fmt: skip


def _rows(details: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    rows = details.get(key, [])
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _names(details: Mapping[str, Any]) -> list[str]:
    names = details.get("authorities_named", [])
    return [str(n) for n in names] if isinstance(names, list) else []
