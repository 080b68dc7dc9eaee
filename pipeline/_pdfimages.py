"""The sizes of the images a PDF page would decode when rendered, read from the object headers.

Walks the page's ``/XObject`` resources, and those of the form XObjects it uses (a form can hold
forms), with an explicit stack and a visited set, so neither a deep nor a cyclic structure can
exhaust the interpreter. Inline images in content streams are bounded by the stream size and
not counted here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MAX_OBJECTS = 10_000  # a page with more XObjects than this is not a scan


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def embedded_images(page: Any) -> Iterator[tuple[int, int]]:
    """``(width, height)`` of every image XObject reachable from a pypdf page.

    Raises:
        ValueError: more than :data:`MAX_OBJECTS` XObjects (the caller reports a corrupt file).
    """
    stack: list[Any] = [page.get("/Resources")]
    seen: set[int] = set()
    visited = 0
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        if not hasattr(resources, "get"):
            continue
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if hasattr(xobjects, "get_object") else xobjects
        if not hasattr(xobjects, "values"):
            continue
        for ref in xobjects.values():
            key = id(ref) if not hasattr(ref, "idnum") else ref.idnum
            if key in seen:
                continue
            seen.add(key)
            visited += 1
            if visited > MAX_OBJECTS:
                raise ValueError("too many XObjects")
            obj = ref.get_object() if hasattr(ref, "get_object") else ref
            if not hasattr(obj, "get"):
                continue
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                yield _int(obj.get("/Width")), _int(obj.get("/Height"))
            elif subtype == "/Form":
                stack.append(obj.get("/Resources"))
