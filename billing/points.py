"""Service points: seeding the ``service_points`` table from configuration."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from .errors import BillingInputError
from .models import ServicePoint


@dataclass(frozen=True)
class ServicePointSpec:
    id: str
    name: str
    municipality: str
    languages: tuple[str, ...] = ("fi",)


def read_service_points(path: Path) -> list[ServicePointSpec]:
    """Read ``service_points:`` from a YAML file (see ``service_points.example.yaml``)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise BillingInputError(f"Cannot read service points from {path.name}: {e}") from None
    specs = []
    for row in data.get("service_points") or []:
        try:
            langs = row.get("languages") or ["fi"]
            specs.append(
                ServicePointSpec(
                    str(row["id"]),
                    str(row.get("name") or row["id"]),
                    str(row["municipality"]),
                    tuple(str(x) for x in langs),
                )
            )
        except (KeyError, TypeError, AttributeError):
            raise BillingInputError("Each service point needs an id and a municipality.") from None
    return specs


def seed_service_points(session: Session, points: Iterable[ServicePointSpec]) -> int:
    """Insert or update service points (configuration, not ledger: updating is fine).

    Events already posted keep the municipality they were posted with.

    Returns:
        How many points were written.
    """
    n = 0
    for p in points:
        row = session.get(ServicePoint, p.id)
        if row is None:
            row = ServicePoint(id=p.id)
            session.add(row)
        row.name, row.municipality, row.languages = p.name, p.municipality, ",".join(p.languages)
        n += 1
    session.flush()
    return n
