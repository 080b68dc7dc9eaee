"""The catalogue of authorities and services as the pages need it (names in the user's language)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from classifiers.catalogue import Catalogue, load_catalogue


@dataclass(frozen=True)
class ServiceChoice:
    id: str
    authority: str  # the provider on the given day
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
    """Services grouped by the authority providing them on ``on`` (today)."""
    day = on or dt.date.today()
    cat = catalogue()
    groups: dict[str, list[ServiceChoice]] = {}
    for s in cat.services:
        provider = s.provider_on(day)
        groups.setdefault(provider, []).append(
            ServiceChoice(s.id, provider, s.name(language), s.instruction(language))
        )
    return [
        (authority_name(a.id, language), groups[a.id]) for a in cat.authorities if a.id in groups
    ]


def known_services(on: dt.date | None = None) -> dict[str, str]:
    """service id → the authority providing it on ``on`` (for :func:`pipeline.review.decide`)."""
    day = on or dt.date.today()
    return {s.id: s.provider_on(day) for s in catalogue().services}


def authorities(language: str) -> list[tuple[str, str]]:
    return [(a.id, a.name(language)) for a in catalogue().authorities]
