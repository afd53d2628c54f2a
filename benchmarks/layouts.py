"""The same dataset written the ways other tools write JSON: the layouts a reader must take.

A dataset file is not always laid out as ``timeline dump`` writes it: ``jq -c`` and
``JSON.stringify`` write it on one line, ``json.dumps`` without an indent puts a space after
each comma and colon, a Windows editor ends lines with CRLF, some tools indent with tabs, sort
the keys (so ``sources`` comes after ``events``) or escape every non-ASCII character. Each
layout here is one of those, applied to a parsed document; the records mean the same in every
layout, so a reader must give the same verdict and the same problems (pointers and codes) on
all of them. ``no-texts`` also drops the stored texts of the sources (``path`` and ``sha256``),
which leaves the quotes nothing to be checked against: a different dataset, read the same way.

The benchmarks write each generated size in every layout, and the tests compare the verdicts
of the layouts of one dataset.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["LAYOUTS", "layout_text", "write_layout"]


def _without_texts(document: Mapping[str, Any]) -> dict[str, Any]:
    sources = [
        {key: value for key, value in source.items() if key not in ("path", "sha256")}
        if isinstance(source, Mapping)
        else source
        for source in document.get("sources", [])
    ]
    return {**document, "sources": sources} if "sources" in document else dict(document)


def _dumps(**options: Any) -> Callable[[Mapping[str, Any]], str]:
    def dumps(document: Mapping[str, Any]) -> str:
        return json.dumps(document, **{"ensure_ascii": False, **options}) + "\n"

    return dumps


#: Each layout's name and how it writes a document (as text; CRLF is written as such).
LAYOUTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "indent2": _dumps(indent=2),
    "indent4": _dumps(indent=4),
    "tabs": _dumps(indent="\t"),
    "minified": _dumps(),  # json.dumps' default: one line, ", " and ": "
    "compact": _dumps(separators=(",", ":")),  # jq -c, JSON.stringify
    "crlf": lambda document: _dumps(indent=2)(document).replace("\n", "\r\n"),
    "sorted-keys": _dumps(indent=2, sort_keys=True),  # "sources" after "events"
    "ascii": _dumps(indent=2, ensure_ascii=True),  # every non-ASCII character escaped
    "no-texts": lambda document: _dumps(indent=2)(_without_texts(document)),
}


def layout_text(document: Mapping[str, Any], layout: str) -> str:
    """The JSON text of ``document`` in ``layout`` (one of :data:`LAYOUTS`)."""
    try:
        write = LAYOUTS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}") from None
    return write(document)


def write_layout(document: Mapping[str, Any], layout: str, path: Path) -> None:
    """Write ``document`` to ``path`` in ``layout``, as UTF-8, line ends untranslated."""
    Path(path).write_bytes(layout_text(document, layout).encode("utf-8"))
