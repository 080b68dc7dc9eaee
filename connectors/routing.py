"""Routing configuration: which connector(s) deliver an authority's (and service's) documents.

The file is YAML (see ``routing.example.yaml`` and ``connectors/README.md``)::

    version: 1
    connectors:              # named connector definitions; the name is the route name
      kela-s3: {type: s3, endpoint: ..., bucket: ..., access_key_env: ..., secret_key_env: ...}
      outbox: {type: folder}
    routes:                  # rules; the most specific rule wins
      - {authority: kela, service: toimeentulotuki, to: [kela-s3, kela-webhook]}
      - {authority: kela, to: [kela-s3]}
      - {authority: "*", to: [outbox]}

Secrets are never in the file: it names environment variables (``secret_env: ...``) that are
resolved when the file is loaded; a missing variable is a :class:`ConfigurationError` naming the
key. Loading validates everything (unknown keys, bad values, dangling connector names) and
raises one error listing every problem. Building a connector does no network I/O.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from pipeline.errors import ConfigurationError, PermanentDeliveryError
from pipeline.retry import RetryPolicy

from .base import Connector
from .routing_schema import (
    SPEC_TYPES,
    WILDCARD,
    FolderSpec,
    MemorySpec,
    RouteRule,
    RoutingFile,
    S3Spec,
    SmtpSpec,
    WebhookSpec,
)


class _Lazy:
    """Builds a connector once, on first use, thread-safely."""

    def __init__(self, factory: Callable[[], Connector]) -> None:
        self._factory = factory
        self._value: Connector | None = None
        self._lock = threading.Lock()

    def get(self) -> Connector:
        with self._lock:
            if self._value is None:
                self._value = self._factory()
            return self._value


@dataclass(frozen=True)
class Route:
    """One named delivery target; ``name`` goes into the ``deliveries.connector`` column."""

    name: str
    kind: str
    spec: BaseModel = field(repr=False)
    _lazy: _Lazy = field(repr=False, compare=False)

    def build(self) -> Connector:
        """The connector of this route (built on first call, then cached)."""
        return self._lazy.get()

    @property
    def retry(self) -> RetryPolicy | None:
        """The route's own delivery retry schedule (None: the runtime's default)."""
        spec = getattr(self.spec, "retry", None)
        return spec.policy() if spec is not None else None


@dataclass(frozen=True)
class RoutingTable:
    """The loaded routing: routes by name and the rules that pick them."""

    routes: Mapping[str, Route]
    rules: tuple[RouteRule, ...]
    source: Path | None = None

    def routes_for(self, authority: str, service: str | None = None) -> list[Route]:
        """The routes for a document, most specific rule first.

        Precedence: (authority, service) > (authority) > (``*``, service) > (``*``).

        Raises:
            ConfigurationError: no rule matches (no ``authority: "*"`` rule either).
        """
        candidates = [
            (authority, service),
            (authority, None),
            (WILDCARD, service),
            (WILDCARD, None),
        ]
        for auth, svc in candidates:
            for rule in self.rules:
                if rule.authority == auth and _same_service(rule.service, svc, authority):
                    return [self.routes[n] for n in rule.to]
        where = f" (service {service!r})" if service else ""
        src = str(self.source) if self.source else "the routing file"
        raise ConfigurationError(
            f"No delivery route for authority {authority!r}{where}: add a rule for it "
            f'to {src}, or a default rule with authority: "*".'
        )

    def route(self, name: str) -> Route:
        """The route with this name (as stored in ``deliveries.connector``).

        Raises:
            PermanentDeliveryError: no such route any more (the routing file changed); the
                delivery goes to dead letter until an operator restores the route.
        """
        try:
            return self.routes[name]
        except KeyError:
            raise PermanentDeliveryError(
                f"No connector named {name!r} in the routing configuration; restore it in "
                "the routing file, then retry the delivery."
            ) from None

    def names(self) -> list[str]:
        """Every route name."""
        return sorted(self.routes)


def _same_service(rule_service: str | None, service: str | None, authority: str) -> bool:
    """A rule may name a service in full (``kela.toimeentulotuki``) or without its authority."""
    if rule_service is None or service is None:
        return rule_service == service
    return rule_service in (service, service.removeprefix(f"{authority}."))


def default_routing(outbox_dir: Path) -> RoutingTable:
    """Every authority to the folder connector at ``outbox_dir`` (route name ``folder``)."""
    spec = FolderSpec(type="folder", root=outbox_dir)
    route = Route(
        name="folder",
        kind="folder",
        spec=spec,
        _lazy=_Lazy(lambda: _build_folder(spec, "folder", outbox_dir)),
    )
    rule = RouteRule(authority=WILDCARD, to=["folder"])
    return RoutingTable(routes={"folder": route}, rules=(rule,), source=None)


def fixed_routing(connector: Connector, *, name: str = "fixed") -> RoutingTable:
    """Every authority to one given connector instance (tests, demos, fault injection)."""
    route = Route(
        name=name, kind="memory", spec=MemorySpec(type="memory"), _lazy=_Lazy(lambda: connector)
    )
    rule = RouteRule(authority=WILDCARD, to=[name])
    return RoutingTable(routes={name: route}, rules=(rule,), source=None)


def load_routing(
    path: Path | None,
    *,
    outbox_dir: Path,
    environ: Mapping[str, str],
    authorities: Collection[str] | None = None,
) -> RoutingTable:
    """Load and validate the routing file, resolving secrets from ``environ``.

    Args:
        path: the YAML file; ``None`` gives :func:`default_routing`.
        outbox_dir: root of folder connectors that name no ``root``.
        environ: where ``*_env`` secrets are looked up (pass ``os.environ``).
        authorities: when given, every one of them must have a route (checked at load).

    Raises:
        ConfigurationError: the file is missing, not YAML, or invalid; the message lists every
            problem with the key that has it.
    """
    if path is None:
        return default_routing(outbox_dir)
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"Routing file {path} not found (ASPA_ROUTING_FILE).") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigurationError(f"Routing file {path} is not valid YAML{at}.") from e
    if not isinstance(raw, dict):
        raise ConfigurationError(f"Routing file {path} must be a mapping with version: 1.")
    try:
        parsed = RoutingFile.model_validate(raw)
    except ValidationError as e:
        raise ConfigurationError(_format_errors(path, e)) from None

    problems: list[str] = []
    base_dir = path.parent
    routes: dict[str, Route] = {}
    for name, spec in parsed.connectors.items():
        secrets = _resolve_secrets(name, spec, environ, problems)
        routes[name] = Route(
            name=name,
            kind=spec.type,
            spec=spec,
            _lazy=_Lazy(_factory(name, spec, secrets, outbox_dir, base_dir)),
        )
    seen: set[tuple[str, str | None]] = set()
    for i, rule in enumerate(parsed.routes):
        key = (rule.authority, rule.service)
        if key in seen:
            svc = f", service {rule.service!r}" if rule.service else ""
            problems.append(f"routes.{i}: a second rule for authority {rule.authority!r}{svc}")
        seen.add(key)
        for name in rule.to:
            if name not in routes:
                problems.append(
                    f"routes.{i}.to: no connector named {name!r} "
                    f"(defined: {', '.join(sorted(routes)) or 'none'})"
                )
    if not problems and authorities is not None:
        table = RoutingTable(routes=routes, rules=tuple(parsed.routes), source=path)
        for authority in sorted(authorities):
            try:
                table.routes_for(authority)
            except ConfigurationError:
                problems.append(f"routes: no rule for authority {authority!r} and no '*' rule")
    if problems:
        raise ConfigurationError(
            f"Invalid routing file {path}:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return RoutingTable(routes=routes, rules=tuple(parsed.routes), source=path)


def _format_errors(path: Path, error: ValidationError) -> str:
    lines = []
    for err in error.errors():
        loc = [str(p) for p in err["loc"]]
        # Drop the discriminator tag pydantic inserts: connectors.<name>.<type>.<field>.
        if len(loc) > 3 and loc[0] == "connectors" and loc[2] in SPEC_TYPES:
            del loc[2]
        key = ".".join(loc) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling)"
        elif err["type"] == "union_tag_invalid":
            msg = f"type must be one of {', '.join(SPEC_TYPES)}"
        elif err["type"] == "union_tag_not_found":
            msg = f"type is missing (one of {', '.join(SPEC_TYPES)})"
        elif err["type"] == "string_pattern_mismatch":
            msg = _PATTERN_HINTS.get(_last_name(loc), msg)
        elif err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        lines.append(f"  - {key}: {msg}")
    return f"Invalid routing file {path}:\n" + "\n".join(lines)


_PATTERN_HINTS = {
    "authority": 'must be a lowercase authority id such as kela, or "*" for every authority',
    "bucket": "must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
    "to": "must be connector names: lowercase letters, digits, '-', '_', '.', at most 40",
    "[key]": "connector names: lowercase letters, digits, '-', '_', '.', at most 40",
    "sender": "must be an e-mail address",
    "recipients": "must be e-mail addresses",
}


def _last_name(loc: list[str]) -> str:
    for part in reversed(loc):
        if not part.isdigit():
            return part
    return ""


def _resolve_secrets(
    name: str, spec: BaseModel, environ: Mapping[str, str], problems: list[str]
) -> dict[str, str]:
    secrets: dict[str, str] = {}
    for key, value in spec:
        if key.endswith("_env") and value is not None:
            # Every *_env key names an environment variable that holds a secret.
            found = environ.get(value, "")
            if not found:
                problems.append(
                    f"connectors.{name}.{key}: environment variable {value} is not set or empty"
                )
            secrets[key.removesuffix("_env")] = found
    if isinstance(spec, S3Spec) and bool(spec.access_key_env) != bool(spec.secret_key_env):
        problems.append(
            f"connectors.{name}: access_key_env and secret_key_env must be given together"
        )
    if isinstance(spec, SmtpSpec) and bool(spec.username) != bool(spec.password_env):
        problems.append(f"connectors.{name}: username and password_env must be given together")
    return secrets


def _factory(
    name: str, spec: BaseModel, secrets: dict[str, str], outbox_dir: Path, base_dir: Path
) -> Callable[[], Connector]:
    if isinstance(spec, FolderSpec):
        return lambda: _build_folder(spec, name, outbox_dir, base_dir)
    if isinstance(spec, MemorySpec):
        from .memory import MemoryConnector

        return lambda: MemoryConnector(name=name)
    if isinstance(spec, S3Spec):
        return lambda: _build_s3(spec, name, secrets, base_dir)
    if isinstance(spec, WebhookSpec):
        return lambda: _build_webhook(spec, name, secrets, base_dir)
    if isinstance(spec, SmtpSpec):
        return lambda: _build_smtp(spec, name, secrets, base_dir)
    raise AssertionError(f"unknown connector spec {type(spec).__name__}")


def _abs(path: Path | None, base_dir: Path) -> Path | None:
    if path is None:
        return None
    path = path.expanduser()
    return path if path.is_absolute() else base_dir / path


def _build_folder(
    spec: FolderSpec, name: str, outbox_dir: Path, base_dir: Path | None = None
) -> Connector:
    from .folder import FolderConnector

    root = _abs(spec.root, base_dir or Path.cwd()) or outbox_dir
    return FolderConnector(root, name=name)


def _build_s3(spec: S3Spec, name: str, secrets: dict[str, str], base_dir: Path) -> Connector:
    from .s3 import S3Connector

    ca = _abs(spec.ca_file, base_dir)
    return S3Connector(
        endpoint=spec.endpoint,
        bucket=spec.bucket,
        prefix=spec.prefix,
        access_key=secrets.get("access_key") or None,
        secret_key=secrets.get("secret_key") or None,
        secure=spec.secure,
        region=spec.region,
        sse=spec.sse == "s3",
        connect_timeout=spec.connect_timeout,
        read_timeout=spec.read_timeout,
        deadline=spec.deadline,
        retries=spec.retries,
        ca_file=str(ca) if ca else None,
        name=name,
    )


def _build_webhook(
    spec: WebhookSpec, name: str, secrets: dict[str, str], base_dir: Path
) -> Connector:
    from .webhook import WebhookConnector

    ca = _abs(spec.ca_file, base_dir)
    verify: bool | str = str(ca) if (ca and spec.verify_tls) else spec.verify_tls
    return WebhookConnector(
        url=spec.url,
        secret=secrets["secret"],
        connect_timeout=spec.connect_timeout,
        read_timeout=spec.read_timeout,
        write_timeout=spec.write_timeout,
        headers=spec.headers,
        verify=verify,
        name=name,
    )


def _build_smtp(spec: SmtpSpec, name: str, secrets: dict[str, str], base_dir: Path) -> Connector:
    from .smtp import SmtpConnector

    ca = _abs(spec.ca_file, base_dir)
    return SmtpConnector(
        host=spec.host,
        port=spec.port,
        security=spec.security,
        sender=spec.sender,
        recipients=spec.recipients,
        username=spec.username,
        password=secrets.get("password") or None,
        timeout=spec.timeout,
        deadline=spec.deadline,
        ca_file=str(ca) if ca else None,
        message_id_domain=spec.message_id_domain,
        name=name,
    )
