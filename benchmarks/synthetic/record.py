"""What an event record holds: its keys in canonical order, the types of event with the
weight of each in a dataset, and the subtypes each type allows."""

from __future__ import annotations

from timeline.model import SUBTYPES, EventType

#: The keys of an event, in canonical order.
EVENT_KEYS = (
    "id", "type", "subtype", "title", "summary", "date", "date_text", "place", "participants",
    "fatalities", "status", "evidence", "relations",
)  # fmt: skip
#: The types of event, with their weights in a dataset.
TYPE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("attack", 30),
    ("statement", 20),
    ("claim_of_responsibility", 8),
    ("threat", 6),
    ("agreement", 4),
    ("withdrawal", 3),
    ("seizure_of_power", 2),
    ("announcement", 8),
    ("negotiation", 6),
    ("protest", 8),
    ("arrest", 5),
)
#: The subtypes each type of event allows, sorted.
SUBTYPE_CHOICES: dict[str, tuple[str, ...]] = {
    t.value: tuple(sorted(s.value for s in SUBTYPES[t])) for t in EventType
}
