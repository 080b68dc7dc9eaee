"""The catalogue of authorities and services as the pages need it (names in the user's language)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from classifiers.catalogue import Catalogue, load_catalogue


@dataclass(frozen=True)
class ServiceChoice:
    id: str
    authority: str  # the catalogue authority (the provider may have changed, see choices)
    name: str
    instruction: str


def catalogue() -> Catalogue:
    return load_catalogue()


def authority_name(authority_id: str | None, language: str) -> str:
    if not authority_id:
        return ""
    try:
        return catalogue().authority(authority_id).name(language)
    except KeyError:
        return authority_id


def service_name(service_id: str | None, language: str) -> str:
    if not service_id:
        return ""
    try:
        return catalogue().service(service_id).name(language)
    except KeyError:
        return service_id


def instruction(service_id: str | None, language: str) -> str:
    if not service_id:
        return ""
    try:
        return catalogue().service(service_id).instruction(language)
    except KeyError:
        return ""


def choices(language: str, on: dt.date | None = None) -> list[tuple[str, list[ServiceChoice]]]:
    """Services grouped by their catalogue authority, in catalogue order.

    A service that has moved to another provider by ``on`` (today) says so in its name; the
    pipeline delivers it to whoever provides it on the day the document was received.
    """
    day = on or dt.date.today()
    cat = catalogue()
    groups: dict[str, list[ServiceChoice]] = {}
    for s in cat.services:
        name = s.name(language)
        provider = s.provider_on(day)
        if provider != s.authority:
            name = f"{name} (→ {authority_name(provider, language)})"
        groups.setdefault(s.authority, []).append(
            ServiceChoice(s.id, s.authority, name, s.instruction(language))
        )
    return [
        (authority_name(a.id, language), groups[a.id]) for a in cat.authorities if a.id in groups
    ]


def known_services() -> dict[str, str]:
    """service id → its catalogue authority (what :func:`pipeline.review.decide` checks)."""
    return {s.id: s.authority for s in catalogue().services}


def providers_of(service_id: str, on: dt.date | None = None) -> set[str]:
    """Who may be billed for a service: its catalogue authority and today's provider."""
    try:
        s = catalogue().service(service_id)
    except KeyError:
        return set()
    return {s.authority, s.provider_on(on or dt.date.today())}


def authorities(language: str) -> list[tuple[str, str]]:
    return [(a.id, a.name(language)) for a in catalogue().authorities]
