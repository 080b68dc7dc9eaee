"""The catalogue of authorities and services (``catalogue.yaml``), loaded and validated once.

The YAML is the single source of truth for ids, names (fi/sv/en), form codes, title phrases,
keywords, advisor instructions and provider changes. ``load_catalogue()`` caches per path, so a
process parses it once; every value object is frozen.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from pipeline.errors import ConfigurationError

DEFAULT_PATH = Path(__file__).with_name("catalogue.yaml")
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGUAGES = ("fi", "sv", "en")
BASES = ("statutory", "agreement")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SERVICE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^[A-Z]{0,4}\s?\d{1,4}[A-Za-z]?$|^[A-Z]{2,4}(?:\.\d)?$|^EUR\.1$")


@dataclass(frozen=True)
class CodeStyle:
    """How an authority prints its form codes.

    Attributes:
        language_suffixes: suffix letter -> language ("r" -> "sv", "e" -> "en").
        edition_footer: True if footers carry the code and an edition ("AT 1 01.24").
        footer_prefix: a prefix printed before the code in footers ("VEROH 5010 1.2024").
    """

    language_suffixes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    edition_footer: bool = False
    footer_prefix: str | None = None


@dataclass(frozen=True)
class Authority:
    """A service provider: Kela, Verohallinto, the municipality…"""

    id: str
    basis: str  # statutory | agreement
    names: Mapping[str, str]
    aliases: tuple[str, ...]
    code_style: CodeStyle = CodeStyle()

    def name(self, language: str = "fi") -> str:
        """The authority's name in ``language`` (falls back to Finnish)."""
        return self.names.get(language) or self.names["fi"]


@dataclass(frozen=True)
class FormCode:
    """A paper form's code as printed ("AT 1", "5010", "14A"); ``confirmed`` is False for
    codes not confirmed from the authority's own pages."""

    code: str
    confirmed: bool = True
    note: str | None = None


@dataclass(frozen=True)
class ProviderChange:
    """From ``valid_from`` on, the service is provided by ``authority``."""

    authority: str
    valid_from: dt.date
    note: str | None = None


@dataclass(frozen=True)
class Service:
    """One service of one authority, with everything the classifier and the advisor need."""

    id: str
    authority: str
    names: Mapping[str, str]
    form_codes: tuple[FormCode, ...]
    titles: Mapping[str, tuple[str, ...]]
    keywords: Mapping[str, tuple[str, ...]]
    instructions: Mapping[str, str]
    provider_changes: tuple[ProviderChange, ...] = ()
    #: Services of other authorities that customers' own words mix up with this one (both
    #: ways: the catalogue lists a pair once and the loader adds the other side).
    confused_with: tuple[str, ...] = ()

    def name(self, language: str = "fi") -> str:
        """The service's name in ``language`` (falls back to Finnish)."""
        return self.names.get(language) or self.names["fi"]

    def instruction(self, language: str = "fi") -> str:
        """The advisor's check-list sentence in ``language`` (falls back to Finnish)."""
        return self.instructions.get(language) or self.instructions["fi"]

    def provider_on(self, on: dt.date) -> str:
        """The id of the authority that provides this service on date ``on``."""
        provider = self.authority
        for change in sorted(self.provider_changes, key=lambda c: c.valid_from):
            if change.valid_from <= on:
                provider = change.authority
        return provider


@dataclass(frozen=True, eq=False)  # identity equality: hashable, one object per loaded file
class Catalogue:
    """All authorities and services in catalogue order, with lookups by id.

    ``authorities`` and ``services`` are tuples (iterate them for lists); use
    ``authority(id)``, ``service(id)`` and ``has_service(id)`` to look one up.
    """

    version: int
    authorities: tuple[Authority, ...]
    services: tuple[Service, ...]
    _authority_by_id: Mapping[str, Authority] = field(init=False, repr=False)
    _service_by_id: Mapping[str, Service] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_authority_by_id", MappingProxyType({a.id: a for a in self.authorities})
        )
        object.__setattr__(
            self, "_service_by_id", MappingProxyType({s.id: s for s in self.services})
        )

    @property
    def authority_ids(self) -> tuple[str, ...]:
        """Authority ids in catalogue order."""
        return tuple(self._authority_by_id)

    @property
    def service_ids(self) -> tuple[str, ...]:
        """Service ids in catalogue order."""
        return tuple(self._service_by_id)

    def authority(self, authority_id: str) -> Authority:
        """Look up an authority.

        Raises:
            KeyError: if there is no such authority.
        """
        return self._authority_by_id[authority_id]

    def service(self, service_id: str) -> Service:
        """Look up a service.

        Raises:
            KeyError: if there is no such service.
        """
        return self._service_by_id[service_id]

    def has_service(self, service_id: str) -> bool:
        """True if ``service_id`` is in the catalogue."""
        return service_id in self._service_by_id

    def services_of(self, authority_id: str) -> tuple[Service, ...]:
        """The services whose (original) authority is ``authority_id``, in catalogue order."""
        return tuple(s for s in self.services if s.authority == authority_id)

    def provider_for(self, service_id: str, on: dt.date) -> str:
        """The authority that provides ``service_id`` on date ``on`` (see ``provider_changes``).

        Raises:
            KeyError: if there is no such service.
        """
        return self._service_by_id[service_id].provider_on(on)

    def service_for_code(self, code: str) -> Service | None:
        """The service whose form code is ``code`` (spacing and case are ignored)."""
        key = _code_key(code)
        for service in self.services:
            if any(_code_key(fc.code) == key for fc in service.form_codes):
                return service
        return None


def _code_key(code: str) -> str:
    return re.sub(r"\s+", "", code).upper()


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Catalogue:
    try:
        # libyaml's parser when PyYAML has it (its wheels do): 5 ms instead of 45 ms of CPU
        # at every start-up, the same data (SafeConstructor either way).
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as e:
        raise ConfigurationError(f"Cannot read the catalogue {path.name}: {e}") from e
    return parse_catalogue(raw)


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate the catalogue (cached per path, so parsed once per process).

    Args:
        path: a catalogue YAML file; defaults to ``classifiers/catalogue.yaml``.

    Raises:
        ConfigurationError: if the file is missing, malformed or inconsistent.
    """
    return _load(Path(path or DEFAULT_PATH).resolve())


def provider_for(service_id: str, on: dt.date, catalogue: Catalogue | None = None) -> str:
    """The id of the authority providing ``service_id`` on ``on`` (default catalogue).

    TE services, for example, are provided by the municipality from 2025-01-01.

    Raises:
        KeyError: if there is no such service.
    """
    return (catalogue or load_catalogue()).provider_for(service_id, on)


# ----------------------------------------------------------------------------- parsing


def _fail(message: str) -> ConfigurationError:
    return ConfigurationError(f"Catalogue: {message}")


def _names(raw: Any, where: str, *, all_languages: bool = True) -> Mapping[str, str]:
    if not isinstance(raw, dict):
        raise _fail(f"{where} must be a mapping of language to text")
    out: dict[str, str] = {}
    for lang, text in raw.items():
        if lang not in LANGUAGES:
            raise _fail(f"{where}: unknown language {lang!r}")
        if not isinstance(text, str) or not text.strip():
            raise _fail(f"{where}.{lang} must be non-empty text")
        out[lang] = text.strip()
    missing = [lang for lang in LANGUAGES if lang not in out]
    if all_languages and missing:
        raise _fail(f"{where} lacks {', '.join(missing)}")
    return MappingProxyType(out)


def _phrases(raw: Any, where: str) -> Mapping[str, tuple[str, ...]]:
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, dict):
        raise _fail(f"{where} must be a mapping of language to a list of phrases")
    out: dict[str, tuple[str, ...]] = {}
    for lang, items in raw.items():
        if lang not in LANGUAGES:
            raise _fail(f"{where}: unknown language {lang!r}")
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise _fail(f"{where}.{lang} must be a list of non-empty phrases")
        out[lang] = tuple(i.strip().lower() for i in items)
    return MappingProxyType(out)


def _code_style(raw: Any, where: str) -> CodeStyle:
    if raw is None:
        return CodeStyle()
    if not isinstance(raw, dict):
        raise _fail(f"{where}.code_style must be a mapping")
    suffixes = raw.get("language_suffixes") or {}
    if not all(len(k) == 1 and v in LANGUAGES for k, v in suffixes.items()):
        raise _fail(f"{where}.code_style.language_suffixes must map one letter to fi/sv/en")
    return CodeStyle(
        language_suffixes=MappingProxyType(dict(suffixes)),
        edition_footer=bool(raw.get("edition_footer", False)),
        footer_prefix=raw.get("footer_prefix"),
    )


def _date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as e:
        raise _fail(f"{where}: {raw!r} is not an ISO date") from e


def parse_catalogue(raw: Any) -> Catalogue:
    """Validate a parsed YAML document and build the catalogue.

    Raises:
        ConfigurationError: on any structural or referential error.
    """
    if not isinstance(raw, dict):
        raise _fail("the top level must be a mapping")
    authorities: dict[str, Authority] = {}
    for item in raw.get("authorities") or []:
        aid = item.get("id")
        if not isinstance(aid, str) or not _ID.match(aid):
            raise _fail(f"bad authority id {aid!r}")
        if aid in authorities:
            raise _fail(f"duplicate authority {aid}")
        if item.get("basis") not in BASES:
            raise _fail(f"authority {aid}: basis must be one of {BASES}")
        aliases = item.get("aliases") or []
        if not all(isinstance(a, str) and a for a in aliases):
            raise _fail(f"authority {aid}: aliases must be strings")
        authorities[aid] = Authority(
            id=aid,
            basis=item["basis"],
            names=_names(item.get("names"), f"authority {aid}.names"),
            aliases=tuple(aliases),
            code_style=_code_style(item.get("code_style"), f"authority {aid}"),
        )
    if not authorities:
        raise _fail("no authorities")

    services: dict[str, Service] = {}
    seen_codes: dict[str, str] = {}
    for item in raw.get("services") or []:
        sid = item.get("id")
        if not isinstance(sid, str) or not _SERVICE_ID.match(sid):
            raise _fail(f"bad service id {sid!r}")
        if sid in services:
            raise _fail(f"duplicate service {sid}")
        aid = item.get("authority")
        if aid not in authorities or not sid.startswith(f"{aid}."):
            raise _fail(f"service {sid}: authority {aid!r} unknown or not the id's prefix")
        codes: list[FormCode] = []
        for fc in item.get("form_codes") or []:
            code = str(fc.get("code", "")).strip()
            if not _CODE.match(code):
                raise _fail(f"service {sid}: form code {code!r} is not code-shaped")
            key = _code_key(code)
            if key in seen_codes:
                raise _fail(f"form code {code} used by {seen_codes[key]} and {sid}")
            seen_codes[key] = sid
            codes.append(FormCode(code, bool(fc.get("confirmed", True)), fc.get("note")))
        titles = _phrases(item.get("titles"), f"service {sid}.titles")
        if not codes and not titles:
            raise _fail(f"service {sid} has neither form codes nor titles")
        changes = []
        for ch in item.get("provider_changes") or []:
            if ch.get("authority") not in authorities:
                raise _fail(f"service {sid}: provider change to unknown {ch.get('authority')!r}")
            changes.append(
                ProviderChange(
                    ch["authority"], _date(ch.get("valid_from"), f"service {sid}"), ch.get("note")
                )
            )
        services[sid] = Service(
            id=sid,
            authority=aid,
            names=_names(item.get("names"), f"service {sid}.names"),
            form_codes=tuple(codes),
            titles=titles,
            keywords=_phrases(item.get("keywords"), f"service {sid}.keywords"),
            instructions=_names(item.get("instructions"), f"service {sid}.instructions"),
            provider_changes=tuple(sorted(changes, key=lambda c: c.valid_from)),
        )
    if not services:
        raise _fail("no services")
    confused: dict[str, set[str]] = {sid: set() for sid in services}
    for item in raw.get("services") or []:
        for other in item.get("confused_with") or []:
            if other not in services or other == item["id"]:
                raise _fail(f"service {item['id']}: confused_with {other!r} is no other service")
            confused[item["id"]].add(other)
            confused[other].add(item["id"])
    services = {
        sid: replace(svc, confused_with=tuple(sorted(confused[sid])))
        for sid, svc in services.items()
    }
    return Catalogue(
        version=int(raw.get("version", 1)),
        authorities=tuple(authorities.values()),
        services=tuple(services.values()),
    )
