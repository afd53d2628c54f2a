"""The stream of events of a synthetic dataset: deterministic for a seed, the same in both
passes. Each event gets its type, date, place, evidence (quotes added to the source texts)
and relations to recent events; the planned ones are then mutated."""

from __future__ import annotations

import random
from collections import deque
from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.content import EventContent
from benchmarks.synthetic.dates import base_day, event_date
from benchmarks.synthetic.mutations import mutate
from benchmarks.synthetic.record import SUBTYPE_CHOICES, TYPE_WEIGHTS
from benchmarks.synthetic.sources import EVENTS_PER_SOURCE, publication_day
from benchmarks.synthetic.vocabulary import WHEN
from benchmarks.synthetic.world import slugify
from timeline.dates import parse_edtf
from timeline.model import EventType, RelationType
from timeline.temporal import RELATION_RULES, Constraint

if TYPE_CHECKING:
    from collections.abc import Iterator

    from benchmarks.synthetic.sources import SourceTexts
    from benchmarks.synthetic.world import World

#: Events a relation or a duplicated id may reach back to.
WINDOW = 300
#: What a relation to an event needs of it: its type, its own first and last days (ordinals)
#: and whether it has happened.
_Own = tuple[EventType, int | None, int | None, bool]


class EventStream(EventContent):
    """The stream of events: deterministic for a seed, the same in both passes."""

    def __init__(
        self,
        world: World,
        seed: int,
        count: int,
        sources: int,
        plan: dict[int, str],
        texts: SourceTexts,
    ) -> None:
        self.world = world
        self.rng = random.Random(f"timeline-events-{seed}")
        self.seed = seed
        self.count = count
        self.sources = sources
        self.plan = plan
        self.texts = texts
        self.recent: deque[tuple[int, str, str]] = deque(maxlen=WINDOW)  # (index, id, type)
        self.actor_ids = world.ids
        self.mutations: list[dict[str, Any]] = []
        self.home = ""
        self.bounds: dict[str, _Own] = {}  # the own bounds of the recent events, by id

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(self.count):
            k = self._source_of(i)
            if i % EVENTS_PER_SOURCE == 0 and k >= 2 and i < self.sources * EVENTS_PER_SOURCE:
                self.texts.finish(k - 2)  # no later event quotes it
            yield self._event(i)
        for k in range(max(0, self.sources - 2), self.sources):
            self.texts.finish(k)

    def _source_of(self, i: int) -> int:
        return min(i // EVENTS_PER_SOURCE, self.sources - 1)

    def _event(self, i: int) -> dict[str, Any]:
        rng, world = self.rng, self.world
        kind = rng.choices([t for t, _ in TYPE_WEIGHTS], [w for _, w in TYPE_WEIGHTS])[0]
        subtypes = SUBTYPE_CHOICES[kind]
        subtype = rng.choice(subtypes) if subtypes and rng.random() < 0.9 else None
        code, (city, province, lat, lon) = world.pick_place()
        self.home = code  # the country the event is about, wherever it takes place
        if kind in ("agreement", "negotiation") and rng.random() < 0.5:
            code, (city, province, lat, lon) = rng.choice(world.talk_places)
        date, open_end = event_date(rng, base_day(i, self.count))
        when = rng.choice(WHEN)
        content = getattr(self, f"_{kind}")(subtype, city, province, when)
        title, summary, quotes, participants, fatalities, status, relation = content
        if open_end and status == "occurred":
            status = "ongoing"
        event_id = f"{slugify(subtype or kind)}-{slugify(city)}-{i + 1}"
        event: dict[str, Any] = {"id": event_id, "type": kind}
        if subtype is not None:
            event["subtype"] = subtype
        event["title"] = title
        if rng.random() < 0.95:
            event["summary"] = summary
        event["date"] = date
        if rng.random() < 0.3:
            event["date_text"] = when
        if rng.random() < 0.93:
            event["place"] = self._place(rng, code, city, province, lat, lon)
        if participants:
            event["participants"] = [{"actor": a, "role": r} for a, r in participants]
        if fatalities is not None:
            event["fatalities"] = fatalities
        event["status"] = status
        event["evidence"] = self._evidence(i, quotes)
        own = self._own_bounds(kind, date, status, event["evidence"])
        relations = self._relations(relation, own)
        if relations:
            event["relations"] = relations
        kind_of_mutation = self.plan.get(i)
        if kind_of_mutation is None:
            if len(self.recent) == self.recent.maxlen:
                self.bounds.pop(self.recent[0][1], None)
            self.recent.append((i, event_id, kind))
            self.bounds[event_id] = own
        else:
            record = mutate(
                i,
                event,
                kind_of_mutation,
                seed=self.seed,
                count=self.count,
                sources=self.sources,
                actor_ids=self.actor_ids,
                recent=self.recent,
            )
            self.mutations.append(record)
        return event

    @staticmethod
    def _place(
        rng: random.Random, code: str, city: str, province: str, lat: float, lon: float
    ) -> dict[str, Any]:
        place: dict[str, Any] = {"name": city, "country": code}
        if rng.random() < 0.6:
            place["admin1"] = province
        if rng.random() < 0.7:
            place["latitude"] = round(lat + rng.uniform(-0.05, 0.05), 4)
            place["longitude"] = round(lon + rng.uniform(-0.05, 0.05), 4)
            if rng.random() < 0.8:
                place["geo_precision"] = rng.choice(("exact", "near", "district", "province"))
        return place

    def _evidence(self, i: int, quotes: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        k = self._source_of(i)
        evidence = []
        for n, quote in enumerate(quotes[: 2 if rng.random() < 0.35 else 1]):
            source = k - 1 if n == 1 and k >= 1 and rng.random() < 0.5 else k
            start = self.texts.add(source, quote, rng)
            evidence.append(
                {
                    "source": f"source-{source + 1:05d}",
                    "quote": quote,
                    "start": start,
                    "end": start + len(quote),
                }
            )
        return evidence

    def _own_bounds(
        self, kind: str, date: str, status: str, evidence: list[dict[str, Any]]
    ) -> _Own:
        """The event's type, its days (the latest bounded by the publication of its sources
        when it has happened: see timeline.temporal) and whether it has happened."""
        parsed = parse_edtf(date)
        earliest = None if parsed.earliest is None else parsed.earliest.toordinal()
        latest = None if parsed.latest is None else parsed.latest.toordinal()
        happened = status in ("occurred", "ongoing")
        if happened:
            for quoted in evidence:
                k = int(quoted["source"].rsplit("-", 1)[1]) - 1
                day = publication_day(k, self.count)
                latest = day if latest is None else min(latest, day)
        return (EventType(kind), earliest, latest, happened)

    def _holds(self, relation: str, own: _Own, target_id: str) -> bool:
        """Whether the relation links the two types and its constraint already holds on the
        events' own bounds: no relation narrows a date, so none contradicts one."""
        kind, earliest, latest, _ = own
        other_kind, other_earliest, other_latest, happened = self.bounds[target_id]
        rule = RELATION_RULES[RelationType(relation)]
        if not rule.links(kind, other_kind):
            return False
        if not rule.holds(happened):
            return True
        if other_earliest is not None and (earliest is None or earliest < other_earliest):
            return False
        if rule.constraint is Constraint.WITHIN:  # the part ends by the end of the whole
            return other_latest is None or (latest is not None and latest <= other_latest)
        return latest is None or (other_latest is not None and other_latest <= latest)

    def _relations(self, preferred: str | None, own: _Own) -> list[dict[str, str]]:
        rng = self.rng
        if not self.recent:
            return []
        relations: list[dict[str, str]] = []
        if preferred == "claims_responsibility_for":
            for _, target_id, kind in reversed(self.recent):
                if kind == "attack" and self._holds(preferred, own, target_id):
                    relations.append({"type": preferred, "event": target_id})
                    break
        elif preferred is not None and rng.random() < 0.5:
            target = rng.choice(self.recent)[1]
            if self._holds(preferred, own, target):
                relations.append({"type": preferred, "event": target})
        if rng.random() < 0.12:
            target = rng.choice(self.recent)[1]
            relation = rng.choice(("follows", "refers_to", "part_of", "responds_to"))
            if all(r["event"] != target for r in relations) and self._holds(relation, own, target):
                relations.append({"type": relation, "event": target})
        return relations
