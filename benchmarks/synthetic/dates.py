"""Dates: the span of a synthetic timeline, the day each event falls around, and the EDTF
date written for it (exact days, uncertain months, intervals, open ends...)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

FIRST_DAY = datetime.date(2015, 1, 1).toordinal()
LAST_DAY = datetime.date(2024, 12, 31).toordinal()


def iso_day(ordinal: int) -> str:
    """A day in ISO 8601 form."""
    return datetime.date.fromordinal(ordinal).isoformat()


def _clamp(ordinal: int) -> int:
    return min(max(ordinal, FIRST_DAY), LAST_DAY)


def base_day(i: int, count: int) -> int:
    """The day event ``i`` of ``count`` falls around: the events run in order over the span."""
    return FIRST_DAY + (i * (LAST_DAY - FIRST_DAY)) // max(1, count)


def event_date(rng: random.Random, base: int) -> tuple[str, bool]:
    """An EDTF date near day ``base``, and whether it has an open end."""
    day = _clamp(base + rng.randint(-20, 20))
    text = iso_day(day)
    r = rng.random()
    if r < 0.62:
        return text, False
    if r < 0.67:
        return text + rng.choice("?~"), False
    if r < 0.70:
        offset = rng.choice(("Z", "+04:30", "+03:00", "-05:00", ""))
        return f"{text}T{rng.randint(0, 23):02d}:{rng.randrange(0, 60, 5):02d}:00{offset}", False
    if r < 0.78:
        return text[:7] + rng.choice(("", "", "~", "?")), False
    if r < 0.81:
        return text[:4], False
    if r < 0.91:
        end = _clamp(day + rng.randint(1, 12))
        if rng.random() < 0.2:
            return f"{text[:7]}/{iso_day(_clamp(day + 40))[:7]}", False
        return f"{text}/{iso_day(end)}", False
    if r < 0.95:
        return f"../{text}", False
    if r < 0.99:
        return f"{text}/..", True
    return (f"/{text}", False) if rng.random() < 0.5 else (f"{text}/", True)
