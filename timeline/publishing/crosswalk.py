"""A crosswalk from the event types and subtypes to CAMEO codes and ACLED event types, and from
a date's bounds to ACLED's and UCDP GED's codes of date precision.

Each entry of :data:`CROSSWALK` gives, for an event type and optionally a subtype, the
:class:`Codes` another coding scheme would give the same event, where the mapping is clear. A
field is ``None`` where it is not: a scheme without a category for the event, or with several
that the type alone cannot choose between. :func:`codes_for` looks a subtype up first and
falls back to its type's entry (``(type, None)``), so an ``agreement`` of any subtype is a
CAMEO ``057``.

Sources:

* CAMEO: *CAMEO Conflict and Mediation Event Observations Event and Actor Codebook*, version
  1.1b3 (Philip A. Schrodt, Event Data Project, Pennsylvania State University, March 2012),
  chapter 2, the verb codebook. CAMEO codes are strings of two to four digits with leading
  zeros (``"057"`` is not ``"57"``), so they are kept as strings.
* ACLED: the *ACLED Codebook* (Armed Conflict Location & Event Data Project), the 2023 and
  2024 editions, whose event types and sub-event types are those introduced in 2019. The
  names are spelled as ACLED spells them in its ``event_type`` and ``sub_event_type``
  columns.

Left out on purpose (every field ``None``): an ``attack`` without a subtype, an
``armed_assault`` (CAMEO 18 or 19, ACLED Battles or Violence against civilians, depending on
who is attacked), a ``withdrawal`` (CAMEO ``0874`` is a retreat, not an agreed withdrawal), a
``seizure_of_power`` (ACLED's territorial sub-event types depend on whether there was
fighting; CAMEO has no coup code), an ``announcement``. Statements, threats, negotiations,
claims of responsibility and protests have CAMEO codes but no ACLED event type: ACLED does
not record statements, and it splits demonstrations between Protests and Riots by whether
the demonstrators are violent.

The codes of date precision (:func:`acled_time_precision`, :func:`ucdp_date_prec`) take the
first and last possible day of an event and code the number of days between them, both
inclusive, as each scheme does:

* ACLED's ``time_precision`` (*ACLED Codebook*, the section on event dates): 1 for a day,
  2 for a range within a week, 3 for a range within a month; ACLED has no code for less, so a
  wider or open range has none (``None``).
* UCDP GED's ``date_prec`` (*UCDP Georeferenced Event Dataset Codebook*, the variables
  ``date_prec``, ``date_start`` and ``date_end``): 1 for the exact day, 2 for a range of 2 to 6
  days, 3 for the week (7 days), 4 for 8 days up to a month (31 days, so a calendar month is
  4), 5 for more than a month up to a year (366 days); a wider or open range has none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from timeline.model import EventSubtype, EventType

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

__all__ = [
    "CROSSWALK",
    "NO_CODES",
    "Codes",
    "acled_time_precision",
    "codes_for",
    "ucdp_date_prec",
]


@attrs.frozen(kw_only=True)
class Codes:
    """The codes other schemes give an event; ``None`` where the mapping is not clear."""

    #: The CAMEO event code, as a string (``"1831"``, ``"057"``).
    cameo: str | None = None
    #: The ACLED ``event_type`` (``"Explosions/Remote violence"``).
    acled_event_type: str | None = None
    #: The ACLED ``sub_event_type`` (``"Suicide bomb"``).
    acled_sub_event_type: str | None = None


#: The codes of an event with no entry in the crosswalk.
NO_CODES = Codes()

_E, _S = EventType, EventSubtype
_REMOTE = "Explosions/Remote violence"
_STRATEGIC = "Strategic developments"

#: The crosswalk: (event type, subtype or None for the whole type) to its codes.
CROSSWALK: Mapping[tuple[EventType, EventSubtype | None], Codes] = {
    # CAMEO 1831 "Carry out suicide bombing"; ACLED "Suicide bomb".
    (_E.ATTACK, _S.SUICIDE_BOMBING): Codes(
        cameo="1831", acled_event_type=_REMOTE, acled_sub_event_type="Suicide bomb"
    ),
    # CAMEO 183 "Conduct suicide, car, or other non-military bombing"; ACLED's sub-event type
    # depends on the device (suicide bomb, remote explosive, grenade).
    (_E.ATTACK, _S.BOMBING): Codes(cameo="183", acled_event_type=_REMOTE),
    # CAMEO has no rocket code of its own (194 is artillery and tanks).
    (_E.ATTACK, _S.ROCKET_ATTACK): Codes(acled_event_type=_REMOTE),
    # CAMEO 195 "Employ aerial weapons"; ACLED "Air/drone strike".
    (_E.ATTACK, _S.AIR_STRIKE): Codes(
        cameo="195", acled_event_type=_REMOTE, acled_sub_event_type="Air/drone strike"
    ),
    # CAMEO 194 "Fight with artillery and tanks"; ACLED "Shelling/artillery/missile attack".
    (_E.ATTACK, _S.SHELLING): Codes(
        cameo="194",
        acled_event_type=_REMOTE,
        acled_sub_event_type="Shelling/artillery/missile attack",
    ),
    # CAMEO 186 "Assassinate"; ACLED codes an assassination by who was killed and how.
    (_E.ATTACK, _S.ASSASSINATION): Codes(cameo="186"),
    # CAMEO 181 "Abduct, hijack, or take hostage"; ACLED's abduction is violence against
    # civilians, and hostages are not always civilians.
    (_E.ATTACK, _S.HOSTAGE_TAKING): Codes(cameo="181"),
    # CAMEO 015 "Acknowledge or claim responsibility"; ACLED records no claims.
    (_E.CLAIM_OF_RESPONSIBILITY, None): Codes(cameo="015"),
    # CAMEO 057 "Sign formal agreement"; ACLED "Strategic developments" / "Agreement".
    (_E.AGREEMENT, None): Codes(
        cameo="057", acled_event_type=_STRATEGIC, acled_sub_event_type="Agreement"
    ),
    # CAMEO 010 "Make statement, not specified below" (the residual statement code).
    (_E.STATEMENT, None): Codes(cameo="010"),
    # CAMEO 111 "Criticize or denounce".
    (_E.STATEMENT, _S.CRITICISM): Codes(cameo="111"),
    # CAMEO 015 "Acknowledge or claim responsibility" (admitting an error or wrongdoing).
    (_E.STATEMENT, _S.ADMISSION): Codes(cameo="015"),
    # CAMEO 016 "Deny responsibility".
    (_E.STATEMENT, _S.DENIAL): Codes(cameo="016"),
    # CAMEO 020 "Make an appeal or request, not specified below".
    (_E.STATEMENT, _S.APPEAL): Codes(cameo="020"),
    # CAMEO 130 "Threaten, not specified below".
    (_E.THREAT, None): Codes(cameo="130"),
    # CAMEO 046 "Engage in negotiation".
    (_E.NEGOTIATION, None): Codes(cameo="046"),
    # CAMEO 040 "Consult, not specified below".
    (_E.NEGOTIATION, _S.CONSULTATION): Codes(cameo="040"),
    # CAMEO 140 "Engage in political dissent, not specified below".
    (_E.PROTEST, None): Codes(cameo="140"),
    # CAMEO 173 "Arrest, detain, or charge with legal action"; ACLED "Arrests".
    (_E.ARREST, None): Codes(
        cameo="173", acled_event_type=_STRATEGIC, acled_sub_event_type="Arrests"
    ),
}
del _E, _S


def codes_for(event_type: EventType, subtype: EventSubtype | None) -> Codes:
    """The codes of an event type and subtype: the subtype's entry, else its type's, else none.

    >>> codes_for(EventType.ATTACK, EventSubtype.SUICIDE_BOMBING).cameo
    '1831'
    >>> codes_for(EventType.AGREEMENT, EventSubtype.CEASEFIRE).acled_sub_event_type
    'Agreement'
    >>> codes_for(EventType.WITHDRAWAL, EventSubtype.TROOP_WITHDRAWAL) == NO_CODES
    True
    """
    if subtype is not None:
        codes = CROSSWALK.get((event_type, subtype))
        if codes is not None:
            return codes
    return CROSSWALK.get((event_type, None), NO_CODES)


def _days(earliest: datetime.date | None, latest: datetime.date | None) -> int | None:
    """The number of days from ``earliest`` to ``latest``, both inclusive; ``None`` when
    either is not known."""
    if earliest is None or latest is None:
        return None
    days = (latest - earliest).days + 1
    if days < 1:
        raise ValueError(f"latest {latest} is before earliest {earliest}")
    return days


#: ACLED's ``time_precision`` by the widest range, in days, that has it.
_ACLED_TIME_PRECISION = ((1, 1), (7, 2), (31, 3))
#: UCDP GED's ``date_prec`` by the widest range, in days, that has it.
_UCDP_DATE_PREC = ((1, 1), (6, 2), (7, 3), (31, 4), (366, 5))


def _code(table: tuple[tuple[int, int], ...], days: int | None) -> int | None:
    if days is None:
        return None
    for widest, code in table:
        if days <= widest:
            return code
    return None


def acled_time_precision(
    earliest: datetime.date | None, latest: datetime.date | None
) -> int | None:
    """ACLED's ``time_precision`` of an event that happened on some day from ``earliest`` to
    ``latest``: 1 the day, 2 within a week, 3 within a month (31 days); ``None`` when the range
    is wider or either end is not known.

    >>> import datetime
    >>> day = datetime.date(2021, 8, 26)
    >>> acled_time_precision(day, day), acled_time_precision(day, datetime.date(2021, 8, 30))
    (1, 2)
    >>> acled_time_precision(None, day) is None
    True
    """
    return _code(_ACLED_TIME_PRECISION, _days(earliest, latest))


def ucdp_date_prec(earliest: datetime.date | None, latest: datetime.date | None) -> int | None:
    """UCDP GED's ``date_prec`` of an event that happened on some day from ``earliest`` to
    ``latest``: 1 the exact day, 2 a range of 2 to 6 days, 3 the week (7 days), 4 8 days up to
    a month (31 days), 5 more than a month up to a year (366 days); ``None`` when the range is
    wider or either end is not known.

    >>> import datetime
    >>> day = datetime.date(2021, 8, 26)
    >>> ucdp_date_prec(day, day), ucdp_date_prec(day, datetime.date(2021, 8, 30))
    (1, 2)
    >>> ucdp_date_prec(datetime.date(2021, 8, 1), datetime.date(2021, 8, 31))
    4
    """
    return _code(_UCDP_DATE_PREC, _days(earliest, latest))
