"""Delivery connectors: folder, S3/MinIO, webhook, SMTP and in-memory, plus routing.

Connectors import their client libraries lazily through their own modules; importing this
package stays cheap.
"""

from __future__ import annotations

from .base import Connector, DeliveryPackage, Receipt, package_sha256
from .folder import FolderConnector
from .memory import FlakyConnector, MemoryConnector, StoredPackage
from .package import MANIFEST_SCHEMA, build_package, sha256_file
from .routing import Route, RoutingTable, default_routing, load_routing

__all__ = [
    "MANIFEST_SCHEMA",
    "Connector",
    "DeliveryPackage",
    "FlakyConnector",
    "FolderConnector",
    "MemoryConnector",
    "Receipt",
    "Route",
    "RoutingTable",
    "StoredPackage",
    "build_package",
    "default_routing",
    "load_routing",
    "package_sha256",
    "sha256_file",
]
