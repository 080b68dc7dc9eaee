"""The catalogue of authorities and services as the pages need it (names in the user's language)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from classifiers.catalogue import Catalogue, ProviderChange, load_catalogue

from .i18n import gettext
from .messages import N_

MOVED = N_("→ %(provider)s since %(date)s")
MOVED_FROM = N_("%(authority)s → %(provider)s since %(date)s")


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


def day_text(day: dt.date, language: str) -> str:
    """A date as people write it: 1.1.2025 in Finnish and Swedish, 2025-01-01 in English."""
    return day.isoformat() if language == "en" else f"{day.day}.{day.month}.{day.year}"


def _change_in_force(changes: tuple[ProviderChange, ...], on: dt.date) -> ProviderChange | None:
    past = [c for c in changes if c.valid_from <= on]
    return max(past, key=lambda c: c.valid_from) if past else None


def destination(
    authority_id: str | None, service_id: str | None, on: dt.date, language: str
) -> str:
    """Where routing sends a document of ``service_id`` received on ``on``, as people read it.

    A service that changed provider says so: "TE-toimisto → Kunta 1.1.2025 alkaen". This is the
    provider :func:`pipeline.steps.create_deliveries` uses for that day.
    """
    if not authority_id:
        return ""
    try:
        s = catalogue().service(service_id or "")
    except KeyError:
        return authority_name(authority_id, language)
    provider = s.provider_on(on)
    change = _change_in_force(s.provider_changes, on)
    if provider == s.authority or change is None:
        return authority_name(provider, language)
    return gettext(
        language,
        MOVED_FROM,
        authority=authority_name(s.authority, language),
        provider=authority_name(provider, language),
        date=day_text(change.valid_from, language),
    )


def provider_on(service_id: str | None, authority_id: str, on: dt.date) -> str:
    """The provider routing uses for ``service_id`` on ``on`` (``authority_id`` if unknown)."""
    try:
        return catalogue().service(service_id or "").provider_on(on)
    except KeyError:
        return authority_id


def choices(language: str, on: dt.date | None = None) -> list[tuple[str, list[ServiceChoice]]]:
    """Services grouped by their catalogue authority, in catalogue order.

    A service that has moved to another provider by ``on`` (the day the document was received;
    today by default) says so in its name, with the date: the pipeline delivers it to whoever
    provides it on the day the document was received.
    """
    day = on or dt.date.today()
    cat = catalogue()
    groups: dict[str, list[ServiceChoice]] = {}
    for s in cat.services:
        name = s.name(language)
        provider = s.provider_on(day)
        change = _change_in_force(s.provider_changes, day)
        if provider != s.authority and change is not None:
            moved = gettext(
                language,
                MOVED,
                provider=authority_name(provider, language),
                date=day_text(change.valid_from, language),
            )
            name = f"{name} ({moved})"
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
