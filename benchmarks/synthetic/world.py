"""The actors and places of a synthetic dataset, made once per seed, and how texts name them.

Also the name helpers: :func:`fold` (a name as validation compares names, so that no two
actors share one) and :func:`slugify` (the ids of actors and events).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.vocabulary import (
    COMMUNITIES,
    COMPANY_NOUNS,
    CONFLICT_COUNTRIES,
    COUNTRIES,
    FIRST_NAMES,
    FIXED_ACTORS,
    GROUP_NOUNS,
    GROUP_PREFIXES,
    LAST_NAMES,
    MEDIA_NOUNS,
    NGO_ADJECTIVES,
    NGO_NOUNS,
    OTHER_NOUNS,
    PARTY_ADJECTIVES,
    PARTY_NOUNS,
    POSITIONS,
    TITLES,
    VARIANTS,
)

if TYPE_CHECKING:
    import random
    from collections.abc import Callable


def fold(name: str) -> str:
    """A name as validation compares names: case-folded, without accents."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "\u0131": "i", "ø": "o", "ß": "ss", "'": ""})


def slugify(text: str) -> str:
    """A slug of a name: ASCII letters and digits in words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


class World:
    """The actors and places every event draws from, made once per seed."""

    def __init__(self, rng: random.Random, events: int) -> None:
        self.rng = rng
        self.actors: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.names: set[str] = set()  # folded names and aliases in use
        self.pool: dict[str, list[str]] = {}  # category -> actor ids
        self.local: dict[tuple[str, str], list[str]] = {}  # (category, country) -> actor ids
        self.display: dict[str, tuple[str, ...]] = {}  # actor id -> name and aliases
        self.places = [
            (code, place)
            for code, _, _, places in COUNTRIES
            if code in CONFLICT_COUNTRIES
            for place in places
        ]
        self.talk_places = [(code, places[0]) for code, _, _, places in COUNTRIES]
        self.country_names = {code: name for code, name, _, _ in COUNTRIES}
        self._core()
        target = min(3000, max(200, events // 3))
        self._generated(target - len(self.actors))

    # -- adding actors ---------------------------------------------------------------------

    def _free(self, name: str) -> bool:
        return fold(name) not in self.names

    def _add(
        self,
        name: str,
        kind: str,
        category: str,
        *,
        actor_id: str | None = None,
        aliases: tuple[str, ...] = (),
        part_of: str | None = None,
        affiliations: list[dict[str, str]] | None = None,
        description: str | None = None,
        country: str | None = None,
    ) -> str:
        base = actor_id or slugify(name)[:90].strip("-")
        actor_id, n = base, 1
        while actor_id in self.ids:
            n += 1
            actor_id = f"{base}-{n}"
        self.ids.add(actor_id)
        self.names.add(fold(name))
        kept: list[str] = []
        for alias in aliases:
            if alias != name and self._free(alias):
                self.names.add(fold(alias))
                kept.append(alias)
        actor: dict[str, Any] = {"id": actor_id, "name": name, "kind": kind}
        if kept:
            actor["aliases"] = kept
        if part_of is not None:
            actor["part_of"] = part_of
        if affiliations:
            actor["affiliations"] = affiliations
        if description is not None:
            actor["description"] = description
        self.actors.append(actor)
        self.pool.setdefault(category, []).append(actor_id)
        if country is not None:
            self.local.setdefault((category, country), []).append(actor_id)
        self.display[actor_id] = (name, *kept)
        return actor_id

    def _core(self) -> None:
        for actor_id, name, kind, aliases, part_of in FIXED_ACTORS:
            category = "international" if kind == "international_organisation" else "group"
            self._add(name, kind, category, actor_id=actor_id, aliases=aliases, part_of=part_of)
        self.capital_police: dict[str, str] = {}
        for code, name, demonym, places in COUNTRIES:
            state = self._add(
                name, "state", "state", aliases=(f"the {demonym} state",), country=code
            )
            government = self._add(
                f"Government of {name}",
                "government",
                "government",
                aliases=(f"{demonym} government", f"the {demonym} authorities"),
                part_of=state,
                country=code,
            )
            self._add(
                f"{demonym} Armed Forces",
                "military",
                "military",
                aliases=(f"{demonym} army", f"{demonym} troops"),
                part_of=state,
                country=code,
            )
            ministry = self._add(
                f"{demonym} Ministry of Interior",
                "government",
                "government",
                aliases=(f"{demonym} interior ministry",),
                part_of=government,
                country=code,
            )
            police = self._add(
                f"{demonym} National Police",
                "government",
                "police",
                aliases=(f"{demonym} police",),
                part_of=ministry,
                country=code,
            )
            for place, _, _, _ in places[1:]:
                self._add(
                    f"{place} Provincial Police",
                    "government",
                    "police",
                    part_of=police,
                    country=code,
                )
            self.capital_police[code] = police

    def _generated(self, count: int) -> None:
        rng = self.rng
        kinds = (
            ("person", 55),
            ("armed_group", 12),
            ("political_party", 6),
            ("media", 7),
            ("ngo", 6),
            ("company", 4),
            ("population_group", 6),
            ("other", 4),
        )
        names = [k for k, _ in kinds]
        weights = [w for _, w in kinds]
        organisations: list[str] = []
        for _ in range(max(0, count)):
            kind = rng.choices(names, weights)[0]
            if kind == "person":
                self._person(organisations)
            else:
                organisations.append(self._organisation(kind))

    def _unique(self, make: Callable[[], str]) -> str:
        """A fresh name from ``make()``, numbered when no fresh one comes in a few tries."""
        name = make()
        for _ in range(8):
            if self._free(name):
                return name
            name = make()
        n = 2
        while not self._free(f"{name} {n}"):
            n += 1
        return f"{name} {n}"

    def _organisation(self, kind: str) -> str:
        rng = self.rng
        code, (city, province, _, _) = self.pick_place()
        demonym = next(d for c, _, d, _ in COUNTRIES if c == code)
        if kind == "armed_group":
            name = self._unique(lambda: f"{rng.choice(GROUP_PREFIXES)} {rng.choice(GROUP_NOUNS)}")
            words = re.findall(r"[A-Za-z]+", name)
            acronym = "".join(w[0].upper() for w in words if w != "al")
            parent = rng.choice(self.pool["group"]) if rng.random() < 0.3 else None
            return self._add(
                name,
                kind,
                "group",
                aliases=(acronym, f"{name} fighters"),
                part_of=parent,
                description=f"Armed group active around {city} ({province}).",
                country=code,
            )
        if kind == "political_party":
            name = self._unique(
                lambda: f"{demonym} {rng.choice(PARTY_ADJECTIVES)} {rng.choice(PARTY_NOUNS)}"
            )
            return self._add(name, kind, "party", country=code)
        if kind == "media":
            name = self._unique(lambda: f"{self.pick_place()[1][0]} {rng.choice(MEDIA_NOUNS)}")
            return self._add(name, kind, "media", aliases=(f"the {name}",))
        if kind == "ngo":
            name = self._unique(
                lambda: f"{demonym} {rng.choice(NGO_ADJECTIVES)} {rng.choice(NGO_NOUNS)}"
            )
            return self._add(name, kind, "ngo", country=code)
        if kind == "company":
            name = self._unique(lambda: f"{self.pick_place()[1][0]} {rng.choice(COMPANY_NOUNS)}")
            return self._add(name, kind, "company")
        if kind == "population_group":
            name = self._unique(lambda: f"{rng.choice(COMMUNITIES)} community of {province}")
            return self._add(
                name, kind, "population", description=f"Civilians of {province}.", country=code
            )
        name = self._unique(lambda: f"{self.pick_place()[1][0]} {rng.choice(OTHER_NOUNS)}")
        return self._add(name, kind, "other")

    def _person(self, organisations: list[str]) -> str:
        rng = self.rng

        def make() -> str:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if rng.random() < 0.3:
                middle = rng.choice([n for n in FIRST_NAMES if n != first])
                return f"{first} {middle} {last}"
            return f"{first} {last}"

        name = self._unique(make)
        aliases = [f"{rng.choice(TITLES)} {name}"]
        variant = name
        for a, b in VARIANTS:
            variant = variant.replace(a, b)
        if variant != name:
            aliases.append(variant)
        homes = [*self.pool["group"], *self.pool["government"], *organisations]
        affiliations = [
            {"actor": actor, "position": rng.choice(POSITIONS)}
            for actor in dict.fromkeys(rng.choice(homes) for _ in range(rng.choice((1, 1, 2))))
        ]
        return self._add(
            name, "person", "person", aliases=tuple(aliases), affiliations=affiliations
        )

    # -- picking actors and places -----------------------------------------------------------

    def pick_place(self) -> tuple[str, tuple[str, str, float, float]]:
        """A place where the fighting is: its country code and (name, admin1, lat, lon)."""
        return self.rng.choice(self.places)

    def pick(self, *categories: str) -> str:
        pools = [self.pool[c] for c in categories if self.pool.get(c)]
        return self.rng.choice(self.rng.choice(pools))

    def pick_local(self, country: str, *categories: str) -> str:
        """Mostly an actor of the country, else any."""
        pools = [self.local[(c, country)] for c in categories if self.local.get((c, country))]
        if pools and self.rng.random() < 0.85:
            return self.rng.choice(self.rng.choice(pools))
        return self.pick(*categories)

    def call(self, actor_id: str) -> str:
        """How a text names an actor: its name, sometimes an alias."""
        names = self.display[actor_id]
        return names[0] if len(names) == 1 or self.rng.random() < 0.7 else self.rng.choice(names)
