"""A generated dataset for the timeline page: forty events over two years, from a seed.

The seed dataset spans a few weeks and fifteen events; the page must also read well on what a
dataset grows into. :func:`timeline_document` writes one that has a bit of everything the page
draws: every event type, single days, closed intervals, a month, open starts and open ends,
events that have not happened, actors with parts and members (their lanes and the actor
filter), and relations of every type, each between event types the relation may link and on
dates that agree with it (a relation's holder comes entirely after what it names, a part lies
within its whole), so that the dataset is valid and its derived bounds close some open ends.

The same seed gives the same dataset. Sources are citations (no text kept), one at the end of
every other month, and each event is reported by a source published after it.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from timeline.model import EventType, RelationType, Status
from timeline.temporal import HAPPENED, RELATION_RULES

Json = dict[str, Any]

FIRST = datetime.date(2020, 1, 1)
LAST = datetime.date(2021, 12, 31)

ACTORS: list[Json] = [
    {"id": "northern-front", "name": "Northern Front", "kind": "armed_group"},
    {
        "id": "northern-front-east",
        "name": "Northern Front – Eastern Brigade",
        "kind": "armed_group",
        "part_of": "northern-front",
    },
    {
        "id": "northern-front-west",
        "name": "Northern Front – Western Brigade",
        "kind": "armed_group",
        "part_of": "northern-front",
    },
    {"id": "republic", "name": "Government of the Republic", "kind": "government"},
    {
        "id": "republic-army",
        "name": "Army of the Republic",
        "kind": "military",
        "part_of": "republic",
    },
    {
        "id": "interior-ministry",
        "name": "Ministry of the Interior",
        "kind": "government",
        "part_of": "republic",
    },
    {"id": "liberty-party", "name": "Liberty Party", "kind": "political_party"},
    {
        "id": "ana-sorel",
        "name": "Ana Sorel",
        "kind": "person",
        "affiliations": [{"actor": "liberty-party", "position": "leader"}],
    },
    {
        "id": "tomas-reyes",
        "name": "Tomás Reyes",
        "kind": "person",
        "affiliations": [{"actor": "liberty-party", "position": "spokesman"}],
    },
    {"id": "peace-council", "name": "Regional Peace Council", "kind": "international_organisation"},
    {"id": "river-towns", "name": "People of the river towns", "kind": "population_group"},
]

#: Who may act in an event of each type, and in which role; a second participant, if any.
_CAST: dict[EventType, tuple[list[str], str, str | None]] = {
    EventType.ATTACK: (["northern-front-east", "northern-front-west"], "perpetrator", "victim"),
    EventType.CLAIM_OF_RESPONSIBILITY: (
        ["northern-front", "northern-front-east", "northern-front-west"],
        "claimant",
        None,
    ),
    EventType.AGREEMENT: (["republic", "northern-front"], "signatory", "signatory"),
    EventType.STATEMENT: (
        ["ana-sorel", "tomas-reyes", "interior-ministry", "peace-council"],
        "speaker",
        None,
    ),
    EventType.THREAT: (["northern-front", "northern-front-west"], "speaker", "addressee"),
    EventType.WITHDRAWAL: (["republic-army"], "party", None),
    EventType.SEIZURE_OF_POWER: (["northern-front-west"], "perpetrator", None),
    EventType.ANNOUNCEMENT: (["republic", "interior-ministry"], "speaker", None),
    EventType.NEGOTIATION: (["peace-council"], "mediator", "party"),
    EventType.PROTEST: (["river-towns", "liberty-party"], "party", None),
    EventType.ARREST: (["interior-ministry"], "perpetrator", "target"),
}

_PLACES = ["Harbour Gate", "the river crossing", "Eastern District", "the capital", "Mount Pel"]
_WHAT = {
    EventType.ATTACK: "Attack at {place}",
    EventType.CLAIM_OF_RESPONSIBILITY: "{who} claims the attack",
    EventType.AGREEMENT: "Agreement signed on {place}",
    EventType.STATEMENT: "{who} speaks on {place}",
    EventType.THREAT: "{who} threatens reprisals over {place}",
    EventType.WITHDRAWAL: "Troops withdraw from {place}",
    EventType.SEIZURE_OF_POWER: "{who} takes {place}",
    EventType.ANNOUNCEMENT: "{who} announces measures for {place}",
    EventType.NEGOTIATION: "Talks on {place}",
    EventType.PROTEST: "Protest in {place}",
    EventType.ARREST: "Arrests in {place}",
}


class _Plan:
    """One event being planned: its days as the generator knows them."""

    def __init__(self, index: int, type_: EventType, lo: datetime.date, hi: datetime.date):
        self.index = index
        self.type = type_
        self.lo = lo  # the first day it may fall on (an open start: its known end)
        self.hi = hi  # the last day (an open end: the publication of its source)
        self.date = ""
        self.status = Status.OCCURRED
        self.relations: list[Json] = []
        self.id = f"{type_.value.replace('_', '-')}-{index:02d}"


def _sources() -> list[Json]:
    sources = []
    year, month = 2020, 2
    while (year, month) <= (2021, 12):
        last = (datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(1)
        sources.append(
            {
                "id": f"bulletin-{year}-{month:02d}",
                "title": f"Regional bulletin, {last.strftime('%B %Y')}",
                "language": "en",
                "publisher": "Example Wire",
                "published": last.isoformat(),
                "citation": f"Example Wire, regional bulletin of {last.isoformat()}.",
            }
        )
        month += 2
        if month > 12:
            year, month = year + 1, month - 12
    return sources


def _day(rng: random.Random, lo: datetime.date, hi: datetime.date) -> datetime.date:
    return lo + datetime.timedelta(rng.randrange((hi - lo).days + 1))


def _plans(rng: random.Random, events: int) -> list[_Plan]:
    types = list(EventType)
    chosen = types + [rng.choice(types) for _ in range(events - len(types) - 7)]
    rng.shuffle(chosen)
    plans = []
    for i, type_ in enumerate(chosen):
        day = _day(rng, FIRST, LAST - datetime.timedelta(40))
        shape = rng.random()
        plan = _Plan(i, type_, day, day)
        if type_ is EventType.PROTEST and all(p.status is not Status.ONGOING for p in plans):
            plan.date = f"{day.isoformat()}/.."  # still going on when last reported
            plan.status = Status.ONGOING
            plan.hi = day + datetime.timedelta(60)
        elif type_ is EventType.NEGOTIATION or shape < 0.2:
            plan.hi = day + datetime.timedelta(rng.randint(3, 30))
            plan.date = f"{day.isoformat()}/{plan.hi.isoformat()}"
        elif shape < 0.27:
            plan.lo = day.replace(day=1)
            plan.hi = (plan.lo + datetime.timedelta(32)).replace(day=1) - datetime.timedelta(1)
            plan.date = day.strftime("%Y-%m")
        elif shape < 0.4:
            plan.date = f"../{day.isoformat()}"  # said to have happened by then
        else:
            plan.date = day.isoformat()
        plans.append(plan)
    # Claims a few days after the attacks, seizures and arrests they claim.
    claimed = [p for p in plans if p.type in RELATION_RULES[_CLAIMS].targets and p.hi == p.lo]
    for target in rng.sample(claimed, min(3, len(claimed))):
        day = target.hi + datetime.timedelta(rng.randint(0, 3))
        claim = _Plan(len(plans), EventType.CLAIM_OF_RESPONSIBILITY, day, day)
        claim.date = day.isoformat()
        claim.relations.append({"type": _CLAIMS.value, "event": target.id})
        plans.append(claim)
    # Parts of the longest talks, within its days; and what is still to come.
    whole = max(
        (p for p in plans if p.date.count("/") == 1 and ".." not in p.date),
        key=lambda p: p.hi - p.lo,
    )
    for type_ in (EventType.STATEMENT, EventType.PROTEST):
        day = _day(rng, whole.lo, whole.hi)
        part = _Plan(len(plans), type_, day, day)
        part.date = day.isoformat()
        part.relations.append({"type": RelationType.PART_OF.value, "event": whole.id})
        plans.append(part)
    for type_, status in (
        (EventType.AGREEMENT, Status.PLANNED),
        (EventType.ATTACK, Status.THREATENED),
    ):
        day = _day(rng, LAST - datetime.timedelta(30), LAST)
        plan = _Plan(len(plans), type_, day, day)
        plan.date, plan.status = day.isoformat(), status
        plans.append(plan)
    return plans


_CLAIMS = RelationType.CLAIMS_RESPONSIBILITY_FOR


def _relate(rng: random.Random, plans: list[_Plan], each: int) -> None:
    """Relations of every type between events that may stand in them: the holder comes after
    what it names (a reference to a planned event is allowed before it)."""
    for kind in RelationType:
        if kind in (_CLAIMS, RelationType.PART_OF):
            continue
        rule = RELATION_RULES[kind]
        pairs = [
            (s, t)
            for s in plans
            for t in plans
            if s is not t
            and rule.links(s.type, t.type)
            and t.status in HAPPENED
            and s.status in HAPPENED
            and t.hi < s.lo
            and (s.lo - t.hi).days < 120
        ]
        for s, t in rng.sample(pairs, min(each, len(pairs))):
            if all(r["event"] != t.id for r in s.relations):
                s.relations.append({"type": kind.value, "event": t.id})


def _source_after(sources: list[Json], day: datetime.date) -> str:
    for source in sources:
        if datetime.date.fromisoformat(source["published"]) >= day:
            return str(source["id"])
    return str(sources[-1]["id"])


def _source_before(sources: list[Json], day: datetime.date) -> str:
    before = [s for s in sources if datetime.date.fromisoformat(s["published"]) < day]
    return str((before or sources)[-1]["id"])


def _event(rng: random.Random, plan: _Plan, sources: list[Json]) -> Json:
    names = {a["id"]: a["name"] for a in ACTORS}
    actors, role, second = _CAST[plan.type]
    who = rng.choice(actors)
    participants = [{"actor": who, "role": role}]
    if second is not None:
        other = rng.choice([a for a in ("republic", "river-towns", "liberty-party") if a != who])
        participants.append({"actor": other, "role": second})
    place = rng.choice(_PLACES)
    title = _WHAT[plan.type].format(who=names[who], place=place)
    if plan.status in HAPPENED:
        source = _source_after(sources, plan.hi)
    else:
        source = _source_before(sources, plan.lo)
    event: Json = {
        "id": plan.id,
        "type": plan.type.value,
        "title": title[0].upper() + title[1:],
        "date": plan.date,
        "participants": participants,
        "status": plan.status.value,
        "evidence": [
            {
                "source": source,
                "locator": f"item {rng.randint(1, 30)}",
                "note": f"the bulletin reports: {title}",
            }
        ],
    }
    if plan.type is EventType.ATTACK and plan.status in HAPPENED:
        event["fatalities"] = {"best": rng.randint(0, 40)}
    if plan.relations:
        event["relations"] = plan.relations
    return event


def timeline_document(seed: int = 14, events: int = 40) -> Json:
    """A valid dataset document of ``events`` events over 2020 and 2021, the same for the
    same seed (at least 20 events, so that every type and relation finds room)."""
    rng = random.Random(seed)
    sources = _sources()
    plans = _plans(rng, events)
    _relate(rng, plans, each=3)
    return {
        "$schema": "urn:timeline:schema:dataset:1.1.0",
        "id": f"generated-{seed}",
        "title": f"A generated timeline ({events} events, seed {seed})",
        "version": "1.0.0",
        "license": "CC0-1.0",
        "description": "Two years of made-up events, for testing the timeline page.",
        "sources": sources,
        "actors": ACTORS,
        "events": [_event(rng, plan, sources) for plan in plans],
    }
