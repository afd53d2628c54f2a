"""The mutations of an invalid dataset: the kinds (with the problem codes each must produce),
which events get which kind, and how each kind turns a valid event into an invalid one."""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.dates import base_day, iso_day
from benchmarks.synthetic.record import EVENT_KEYS, SUBTYPE_CHOICES

if TYPE_CHECKING:
    from collections import deque

#: The mutations of an invalid dataset, with the problem code each one must produce.
MUTATION_KINDS: dict[str, tuple[str, ...]] = {
    "wrong-json-type": ("schema-type",),
    "bad-event-type": ("schema-enum",),
    "subtype-mismatch": ("subtype-mismatch",),
    "unknown-key": ("schema-unknown-key",),
    "dangling-actor": ("unknown-actor",),
    "dangling-event": ("unknown-event",),
    "dangling-source": ("unknown-source",),
    "impossible-date": ("date-invalid",),
    "reversed-interval": ("date-reversed",),
    "quote-offsets": ("quote-mismatch", "quote-out-of-range"),
    "fatalities-order": ("fatalities-order",),
    "duplicate-id": ("duplicate-id",),
}


def mutation_plan(count: int, fraction: float, seed: int) -> dict[int, str]:
    """Which events get which mutation: a fixed choice for the arguments."""
    rng = random.Random(f"timeline-mutations-{seed}")
    chosen = sorted(rng.sample(range(count), round(count * fraction)))
    kinds = list(MUTATION_KINDS)
    plan: dict[int, str] = {}
    for index in chosen:
        kind = kinds[rng.randrange(len(kinds))]
        if kind == "duplicate-id" and (index == 0 or index - 1 in plan):
            kind = "unknown-key"  # a duplicate copies the id of the unmutated event just before
        plan[index] = kind
    return plan


def mutate(
    i: int,
    event: dict[str, Any],
    kind: str,
    *,
    seed: int,
    count: int,
    sources: int,
    actor_ids: set[str],
    recent: deque[tuple[int, str, str]],
) -> dict[str, Any]:
    """Turn event ``i`` of ``count`` into an invalid one by a mutation of ``kind``, in place;
    its entry in the mutations file. ``actor_ids`` are the dataset's actors, ``sources`` the
    number of its sources, ``recent`` the (index, id, type) of the last unmutated events."""
    rng = random.Random(f"timeline-mutation-{seed}-{i}")
    at = f"/events/{i}"
    detail = ""
    if kind == "wrong-json-type":
        choice = rng.randrange(3)
        if choice == 0:
            event["title"] = len(event["title"])
            at, detail = f"{at}/title", "title is a number"
        elif choice == 1:
            event["evidence"][0]["start"] = str(event["evidence"][0]["start"])
            at, detail = f"{at}/evidence/0/start", "start is a string"
        else:
            event["participants"] = {"actor": event.get("participants", [{}])[0].get("actor")}
            at, detail = f"{at}/participants", "participants is an object"
    elif kind == "bad-event-type":
        event["type"] = rng.choice(("bombing", "Attack", "press_conference", "kidnapping"))
        at, detail = f"{at}/type", f"type {event['type']!r}"
    elif kind == "subtype-mismatch":
        others = [s for t, subs in SUBTYPE_CHOICES.items() if t != event["type"] for s in subs]
        subtype = rng.choice(sorted(others))
        event["subtype"] = subtype
        detail = f"subtype {subtype!r} for type {event['type']!r}"
    elif kind == "unknown-key":
        key = rng.choice(("colour", "sumary", "casualties", "source", "notes"))
        event[key] = "added by hand"
        at, detail = f"{at}/{key}", f"key {key!r}"
    elif kind == "dangling-actor":
        participants = event.setdefault("participants", [{"actor": "x", "role": "party"}])
        actor = participants[0]["actor"]
        inner = [
            j
            for j in range(1, len(actor) - 1)
            if actor[j - 1 : j + 2].isalnum()  # a letter inside a word: the slug stays valid
        ]
        typo = actor[: (j := rng.choice(inner))] + actor[j + 1 :] if inner else actor + "x"
        while typo in actor_ids:
            typo += "x"
        participants[0]["actor"] = typo
        at, detail = f"{at}/participants/0/actor", f"actor {typo!r}"
    elif kind == "dangling-event":
        stem = event["id"].rsplit("-", 1)[0]
        missing = f"{stem}-{count + i + 1}"  # no event has a number past the count
        event.setdefault("relations", []).append({"type": "follows", "event": missing})
        n = len(event["relations"]) - 1
        at, detail = f"{at}/relations/{n}/event", f"event {missing!r}"
    elif kind == "dangling-source":
        missing = f"source-{sources + 1 + rng.randrange(100):05d}"
        event["evidence"][0]["source"] = missing
        at, detail = f"{at}/evidence/0/source", f"source {missing!r}"
    elif kind == "impossible-date":
        year = re.findall("[0-9]{4}", event["date"])[0]
        event["date"] = rng.choice((f"{year}-02-30", f"{year}-04-31", f"{year}-13"))
        at, detail = f"{at}/date", f"date {event['date']!r}"
    elif kind == "reversed-interval":
        day = base_day(i, count)
        event["date"] = f"{iso_day(day + rng.randint(2, 9))}/{iso_day(day)}"
        at, detail = f"{at}/date", f"date {event['date']!r}"
    elif kind == "quote-offsets":
        evidence = event["evidence"][0]
        shift = -1 if evidence["start"] > 0 else 1
        evidence["start"] += shift
        evidence["end"] += shift
        at, detail = f"{at}/evidence/0/quote", f"offsets shifted by {shift}"
    elif kind == "fatalities-order":
        old = event.get("fatalities", {})
        best = old.get("best", old.get("low", 10))
        fatalities = {"low": best + rng.randint(1, 9), "best": best}
        fatalities.update((k, v) for k, v in old.items() if k in ("text", "subsets"))
        event["fatalities"] = fatalities
        at, detail = f"{at}/fatalities", f"low {fatalities['low']} > best {best}"
    elif kind == "duplicate-id":
        index, other = recent[-1][:2]
        event["id"] = other
        at, detail = f"{at}/id", f"id of /events/{index}"
    # An edited event keeps the canonical key order; an unknown key goes last.
    order = {key: n for n, key in enumerate(EVENT_KEYS)}
    reordered = sorted(event.items(), key=lambda item: order.get(item[0], len(order)))
    event.clear()
    event.update(reordered)
    return {
        "index": i,
        "id": event["id"],
        "kind": kind,
        "codes": list(MUTATION_KINDS[kind]),
        "pointer": at,
        "detail": detail,
    }
