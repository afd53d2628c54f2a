"""A handful of errors spread through a valid dataset: what a failing CI run looks like.

:func:`with_faults` takes a stream of valid events and puts six faults of different kinds in
it, at the first event, a quarter, the middle, three quarters, nine tenths and the last event,
so that a reader that stops at the first problem, or reads the file again to place them, pays
for it wherever they stand. Each fault is one of the mistakes a maintainer makes by hand, and
each is reported by its own code; none breaks another record (the duplicated id is a copy of an
event inserted beside it, so no reference loses its target). It works on the events of either
generator, and is applied while a layout is written
(:func:`benchmarks.layouts.write_layout_stream`), so every layout carries the same faults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from timeline.model import SUBTYPES, EventType

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["FAULTS", "fault_plan", "fault_positions", "faulted", "with_faults"]

#: The faults, in the order they stand in the file: where (a fraction of the events), the
#: code ``timeline validate`` reports, and what is done.
FAULTS: tuple[tuple[float, str, str], ...] = (
    (0.0, "date-invalid", "the first event's date is 30 February"),
    (0.25, "unknown-actor", "a participant names an actor that does not exist"),
    (0.5, "duplicate-id", "a copy of the middle event is inserted after it"),
    (0.75, "fatalities-order", "the fatalities' low is above their high"),
    (0.9, "subtype-mismatch", "a subtype belongs to another type"),
    (1.0, "unknown-event", "the last event refers to an event that does not exist"),
)


def fault_positions(count: int) -> list[int]:
    """The index of the event each fault of :data:`FAULTS` is put in, for ``count`` events."""
    if count < len(FAULTS):
        raise ValueError(f"a handful of faults needs at least {len(FAULTS)} events")
    return [min(count - 1, int(fraction * (count - 1))) for fraction, _, _ in FAULTS]


def _other_subtype(kind: str) -> str:
    own = SUBTYPES[EventType(kind)]
    return min(s.value for t in EventType for s in SUBTYPES[t] if s not in own)


def faulted(event: dict[str, Any], code: str) -> list[dict[str, Any]]:
    """What stands in place of ``event`` with the fault of ``code`` (one of :data:`FAULTS`):
    the event changed, or (``duplicate-id``) the event and its copy."""
    if code == "duplicate-id":
        return [event, dict(event)]
    event = dict(event)
    if code == "date-invalid":
        event["date"] = "2021-02-30"
    elif code == "unknown-actor":
        participants = [dict(p) for p in event.get("participants", [{"role": "subject"}])]
        participants[0]["actor"] = "no-such-actor-anywhere"
        event["participants"] = participants
    elif code == "fatalities-order":
        event["fatalities"] = {"low": 12, "high": 3}
        event["status"] = "occurred"
    elif code == "subtype-mismatch":
        event["subtype"] = _other_subtype(event["type"])
    elif code == "unknown-event":
        missing = {"type": "refers_to", "event": "no-such-event-anywhere"}
        event["relations"] = [*event.get("relations", []), missing]
    else:
        raise ValueError(f"no fault is called {code!r}")
    return [event]


def fault_plan(count: int) -> dict[int, str]:
    """The code of the fault each faulty event of ``count`` gets, by the event's index."""
    return dict(zip(fault_positions(count), (code for _, code, _ in FAULTS), strict=True))


def with_faults(events: Iterable[dict[str, Any]], count: int) -> Iterator[dict[str, Any]]:
    """``events`` (``count`` of them) with the faults of :data:`FAULTS`: one event more,
    the copy that duplicates an id."""
    plan = fault_plan(count)
    for index, event in enumerate(events):
        code = plan.get(index)
        if code is None:
            yield event
        else:
            yield from faulted(event, code)
