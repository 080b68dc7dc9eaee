"""No active content in a PDF the pipeline keeps or delivers.

A customer's PDF may carry things that run when an authority's clerk opens it. Pages copied from
a born-digital PDF into the searchable PDF keep them, so :func:`sanitize_pdf` runs on every
searchable PDF right after it is written (one call in ``steps.run_ocr``) and removes:

- the document's ``/OpenAction`` and every additional-actions dictionary ``/AA`` (document, page,
  annotation, form field);
- the ``/JavaScript`` and ``/EmbeddedFiles`` name trees, ``/XFA`` forms;
- every action other than an internal ``/GoTo`` (``/JavaScript``, ``/Launch``, ``/URI``,
  ``/SubmitForm``, ``/ImportData``, ``/GoToR``, ``/GoToE``, ``/Rendition``, …), wherever an
  ``/A`` or a ``/Next`` chain holds it (links, outline items, form fields);
- file-attachment, screen, movie, sound and rich-media annotations.

The walk covers every object reachable from the trailer with an explicit stack (a crafted deep
structure cannot exhaust the interpreter's recursion). pikepdf (qpdf) does the parsing and the
rewrite; its failures become :class:`UnsafePdfError`, so an unreadable PDF is never delivered
unsanitised. The original upload stays as it was received, by SHA-256, and is never delivered.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from .errors import UnsafePdfError

SAFE_ACTIONS = frozenset({"/GoTo"})
DROPPED_KEYS = ("/OpenAction", "/AA", "/JS", "/XFA")
DROPPED_NAME_TREES = ("/JavaScript", "/EmbeddedFiles")
DROPPED_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"}
)


def _unsafe_action(action: Any) -> bool:
    import pikepdf

    if not isinstance(action, pikepdf.Dictionary):
        return True
    kind = str(action.get("/S", ""))
    return kind not in SAFE_ACTIONS


def _clean(obj: Any, removed: Counter[str]) -> list[Any]:
    """Remove active content from one dictionary; return its children to visit."""
    import pikepdf

    for key in DROPPED_KEYS:
        if key in obj:
            removed[key[1:]] += 1
            del obj[key]
    for key in DROPPED_NAME_TREES:
        if key in obj:
            removed[key[1:]] += 1
            del obj[key]
    for key in ("/A", "/Next"):
        if key in obj:
            value = obj[key]
            actions = list(value) if isinstance(value, pikepdf.Array) else [value]
            if any(_unsafe_action(a) for a in actions):
                kinds = {
                    str(a.get("/S", "?")) for a in actions if isinstance(a, pikepdf.Dictionary)
                }
                for kind in kinds or {"?"}:
                    removed[kind.lstrip("/")] += 1
                del obj[key]
    if "/Annots" in obj and isinstance(obj["/Annots"], pikepdf.Array):
        kept = pikepdf.Array()
        for annot in obj["/Annots"]:
            subtype = (
                str(annot.get("/Subtype", "")) if isinstance(annot, pikepdf.Dictionary) else ""
            )
            if subtype in DROPPED_ANNOTATIONS:
                removed[subtype.lstrip("/")] += 1
                continue
            kept.append(annot)
        obj["/Annots"] = kept
    return [obj[k] for k in obj.keys() if k not in ("/Parent", "/P")]  # noqa: SIM118


def sanitize_pdf(path: Path) -> dict[str, int]:
    """Remove active content from the PDF at ``path`` in place (written atomically).

    Returns:
        What was removed, e.g. ``{"OpenAction": 1, "Launch": 1, "EmbeddedFiles": 1}``; empty
        for a clean file (which is then left byte for byte as it was).

    Raises:
        UnsafePdfError: pikepdf cannot read or write the file.
    """
    import pikepdf

    removed: Counter[str] = Counter()
    try:
        with pikepdf.open(path) as pdf:
            stack: list[Any] = [pdf.trailer]
            seen: set[tuple[int, int]] = set()
            while stack:
                obj = stack.pop()
                if isinstance(obj, pikepdf.Stream | pikepdf.Dictionary):
                    if obj.is_indirect:
                        if obj.objgen in seen:
                            continue
                        seen.add(obj.objgen)
                    target = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
                    stack.extend(_clean(target, removed))
                elif isinstance(obj, pikepdf.Array):
                    if obj.is_indirect:
                        if obj.objgen in seen:
                            continue
                        seen.add(obj.objgen)
                    stack.extend(obj)
            if not removed:
                return {}
            tmp = path.with_name(f".{path.name}.safe")
            pdf.save(tmp)
    except pikepdf.PdfError as e:
        raise UnsafePdfError() from e
    os.replace(tmp, path)
    return dict(removed)


def active_content(path: Path) -> dict[str, int]:
    """What :func:`sanitize_pdf` would remove, without changing the file (for tests, audits)."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="aspa-pdfsafe-") as tmp:
        copy = Path(tmp) / "check.pdf"
        shutil.copyfile(path, copy)
        return sanitize_pdf(copy)
