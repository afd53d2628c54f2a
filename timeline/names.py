"""Names of actors: how look-ups compare them, and an index from every name to its actors.

An actor is found by its id, its canonical name or any of its aliases, ignoring case, accents
and runs of spaces: "ÎS-Khorosan", "is-khorosan" and "IS-Khorosan" are one name. The build
resolves the names annotations use this way, the actor view finds actors this way, and
validation warns when one name would find two actors.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from timeline.model import Actor

__all__ = ["NameIndex", "fold"]


def fold(name: str) -> str:
    """A name as look-ups compare it: case-folded, without accents, spaces collapsed.

    >>> fold("  Îslamic   State ")
    'islamic state'
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


class NameIndex:
    """Every id, name and alias of a set of actors, folded, with the actors it names."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self._ids: defaultdict[str, set[str]] = defaultdict(set)
        for actor in actors:
            for name in (actor.id, actor.name, *actor.aliases):
                self._ids[fold(name)].add(actor.id)

    def lookup(self, name: str) -> frozenset[str]:
        """The ids of the actors ``name`` names (none, one, or several when ambiguous)."""
        return frozenset(self._ids.get(fold(name), ()))

    def closest(self, name: str, count: int = 3) -> list[str]:
        """The ids of the actors whose names are most like ``name``, best first."""
        close = difflib.get_close_matches(fold(name), list(self._ids), n=count * 2, cutoff=0.5)
        found: list[str] = []
        for match in close:
            for actor_id in sorted(self._ids[match]):
                if actor_id not in found:
                    found.append(actor_id)
        return found[:count]
