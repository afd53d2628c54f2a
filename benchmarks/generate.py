"""Synthetic timeline datasets of any size: valid, realistic, deterministic, written streaming.

``generate(path, events, seed=..., invalid=...)`` writes a dataset in canonical form (what
:func:`timeline.dumps` writes) with one source per 1000 events, whose texts are written
beside the dataset (``OUT.texts/source-00001.txt``); every evidence quote stands in its text
at its code-point offsets. The document is written event by event and never held whole in
memory, so a million events (about a gigabyte) take little memory.

Generation runs the event stream twice with the same random state: the first pass writes the
source texts (their SHA-256 must be known before the sources are written, at the top of the
document), the second writes the document. With ``invalid=f`` that fraction of events gets
one realistic mutation each; ``OUT.mutations.json`` says which events were mutated and how.

Command line::

    python -m benchmarks.generate 10000 /tmp/events-10000.json --seed 0 --invalid 0.01
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import random
import re
import sys
import unicodedata
from collections import deque
from pathlib import Path
from typing import Any

from timeline.model import SUBTYPES, EventType

__all__ = ["EVENTS_PER_SOURCE", "MUTATION_KINDS", "generate", "main", "mutations_path", "texts_dir"]

SCHEMA_ID = "urn:timeline:schema:dataset:1.0.0"
#: Events per source document (the last source takes the rest).
EVENTS_PER_SOURCE = 1000
#: Events a relation or a duplicated id may reach back to.
WINDOW = 300
FIRST_DAY = datetime.date(2015, 1, 1).toordinal()
LAST_DAY = datetime.date(2024, 12, 31).toordinal()

#: The keys of an event, in canonical order.
EVENT_KEYS = (
    "id", "type", "subtype", "title", "summary", "date", "date_text", "place", "participants",
    "fatalities", "status", "evidence", "relations",
)  # fmt: skip
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


def texts_dir(path: Path) -> Path:
    """The folder of a generated dataset's source texts."""
    return path.with_suffix(".texts")


def mutations_path(path: Path) -> Path:
    """The sidecar that lists a generated dataset's mutations."""
    return path.with_suffix(".mutations.json")


# -- the world: places, actors, vocabulary ------------------------------------------------------

# (ISO code, name, demonym, [(place, admin1, latitude, longitude)]); the first place is the capital.
COUNTRIES: tuple[tuple[str, str, str, tuple[tuple[str, str, float, float], ...]], ...] = (
    (
        "AF",
        "Afghanistan",
        "Afghan",
        (
            ("Kabul", "Kabul", 34.5553, 69.2075),
            ("Kandahār", "Kandahar", 31.6289, 65.7372),
            ("Herāt", "Herat", 34.3529, 62.2040),
            ("Mazār-i-Sharīf", "Balkh", 36.7090, 67.1109),
            ("Jalālābād", "Nangarhar", 34.4265, 70.4515),
            ("Kunduz", "Kunduz", 36.7280, 68.8570),
            ("Lashkar Gāh", "Helmand", 31.5930, 64.3700),
            ("Ghazni", "Ghazni", 33.5536, 68.4269),
        ),
    ),
    (
        "PK",
        "Pakistan",
        "Pakistani",
        (
            ("Islamabad", "Islamabad Capital Territory", 33.6844, 73.0479),
            ("Peshāwar", "Khyber Pakhtunkhwa", 34.0151, 71.5249),
            ("Quetta", "Balochistan", 30.1798, 66.9750),
            ("Karachi", "Sindh", 24.8607, 67.0011),
        ),
    ),
    (
        "IQ",
        "Iraq",
        "Iraqi",
        (
            ("Baghdad", "Baghdad", 33.3152, 44.3661),
            ("Mosul", "Nineveh", 36.3450, 43.1450),
            ("Kirkūk", "Kirkuk", 35.4681, 44.3922),
            ("Erbil", "Erbil", 36.1911, 44.0092),
        ),
    ),
    (
        "SY",
        "Syria",
        "Syrian",
        (
            ("Damascus", "Damascus", 33.5138, 36.2765),
            ("Aleppo", "Aleppo", 36.2021, 37.1343),
            ("Idlib", "Idlib", 35.9306, 36.6339),
            ("Deir ez-Zor", "Deir ez-Zor", 35.3359, 40.1408),
        ),
    ),
    (
        "YE",
        "Yemen",
        "Yemeni",
        (
            ("Sanaa", "Amanat al-Asimah", 15.3694, 44.1910),
            ("Aden", "Aden", 12.7855, 45.0187),
            ("Marib", "Marib", 15.4543, 45.3269),
            ("Al Ḥudaydah", "Al Hudaydah", 14.7978, 42.9545),
        ),
    ),
    (
        "SO",
        "Somalia",
        "Somali",
        (
            ("Mogadishu", "Banaadir", 2.0469, 45.3182),
            ("Kismayo", "Lower Juba", -0.3582, 42.5454),
            ("Baidoa", "Bay", 3.1138, 43.6498),
        ),
    ),
    (
        "ML",
        "Mali",
        "Malian",
        (
            ("Bamako", "Bamako", 12.6392, -8.0029),
            ("Gao", "Gao", 16.2666, -0.0400),
            ("Tombouctou", "Tombouctou", 16.7666, -3.0026),
            ("Mopti", "Mopti", 14.4843, -4.1827),
        ),
    ),
    (
        "NG",
        "Nigeria",
        "Nigerian",
        (
            ("Abuja", "Federal Capital Territory", 9.0765, 7.3986),
            ("Maiduguri", "Borno", 11.8311, 13.1510),
            ("Kano", "Kano", 12.0022, 8.5920),
        ),
    ),
    (
        "BF",
        "Burkina Faso",
        "Burkinabè",
        (
            ("Ouagadougou", "Centre", 12.3714, -1.5197),
            ("Djibo", "Sahel", 14.1022, -1.6306),
        ),
    ),
    (
        "UA",
        "Ukraine",
        "Ukrainian",
        (
            ("Kyiv", "Kyiv City", 50.4501, 30.5234),
            ("Kharkiv", "Kharkiv Oblast", 49.9935, 36.2304),
            ("Odesa", "Odesa Oblast", 46.4825, 30.7233),
        ),
    ),
    (
        "LY",
        "Libya",
        "Libyan",
        (
            ("Tripoli", "Tripoli", 32.8872, 13.1913),
            ("Benghazi", "Benghazi", 32.1167, 20.0667),
        ),
    ),
    ("QA", "Qatar", "Qatari", (("Doha", "Doha", 25.2854, 51.5310),)),
    ("CH", "Switzerland", "Swiss", (("Genève", "Geneva", 46.2044, 6.1432),)),
    (
        "TR",
        "Türkiye",
        "Turkish",
        (
            ("Ankara", "Ankara", 39.9334, 32.8597),
            ("İstanbul", "Istanbul", 41.0082, 28.9784),
        ),
    ),
    (
        "US",
        "United States",
        "American",
        (("Washington", "District of Columbia", 38.9072, -77.0369),),
    ),
)
#: Countries where the fighting is (talks, too, happen elsewhere).
CONFLICT_COUNTRIES = ("AF", "PK", "IQ", "SY", "YE", "SO", "ML", "NG", "BF", "UA", "LY")

# (id, name, kind, aliases, part_of)
FIXED_ACTORS: tuple[tuple[str, str, str, tuple[str, ...], str | None], ...] = (
    ("united-nations", "United Nations", "international_organisation", ("UN",), None),
    (
        "unama",
        "United Nations Assistance Mission in Afghanistan",
        "international_organisation",
        ("UNAMA",),
        "united-nations",
    ),
    (
        "minusma",
        "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        "international_organisation",
        ("MINUSMA",),
        "united-nations",
    ),
    (
        "world-food-programme",
        "World Food Programme",
        "international_organisation",
        ("WFP",),
        "united-nations",
    ),
    (
        "nato",
        "North Atlantic Treaty Organization",
        "international_organisation",
        ("NATO", "the Alliance"),
        None,
    ),
    (
        "resolute-support",
        "Resolute Support Mission",
        "international_organisation",
        ("RSM",),
        "nato",
    ),
    ("african-union", "African Union", "international_organisation", ("AU",), None),
    (
        "atmis",
        "African Union Transition Mission in Somalia",
        "international_organisation",
        ("ATMIS", "AMISOM"),
        "african-union",
    ),
    ("european-union", "European Union", "international_organisation", ("EU",), None),
    (
        "icrc",
        "International Committee of the Red Cross",
        "international_organisation",
        ("ICRC", "Red Cross"),
        None,
    ),
    ("taliban", "Taliban", "armed_group", ("the Taliban", "Islamic Emirate"), None),
    ("haqqani-network", "Haqqani network", "armed_group", ("the Haqqanis",), "taliban"),
    ("islamic-state", "Islamic State", "armed_group", ("IS", "ISIS", "Daesh"), None),
    (
        "islamic-state-khorasan",
        "Islamic State – Khorasan Province",
        "armed_group",
        ("IS-Khorasan", "ISKP", "IS-K"),
        "islamic-state",
    ),
    (
        "islamic-state-west-africa",
        "Islamic State West Africa Province",
        "armed_group",
        ("ISWAP",),
        "islamic-state",
    ),
    ("al-qaeda", "al-Qaeda", "armed_group", ("al-Qaida", "AQ"), None),
    (
        "aqim",
        "al-Qaeda in the Islamic Maghreb",
        "armed_group",
        ("AQIM",),
        "al-qaeda",
    ),
    (
        "jnim",
        "Jama'at Nasr al-Islam wal-Muslimin",
        "armed_group",
        ("JNIM",),
        "al-qaeda",
    ),
    ("al-shabaab", "al-Shabaab", "armed_group", ("Harakat al-Shabaab al-Mujahideen",), "al-qaeda"),
    ("boko-haram", "Boko Haram", "armed_group", ("JAS",), None),
    ("houthis", "Houthis", "armed_group", ("Ansar Allah", "Ansarullah"), None),
    ("ttp", "Tehrik-i-Taliban Pakistan", "armed_group", ("TTP", "Pakistani Taliban"), None),
)

FIRST_NAMES = (
    "Abdul", "Ahmad", "Mohammad", "Zabihullah", "Amina", "Fatima", "Hamid", "Rahim", "Karim",
    "Yusuf", "Omar", "Ali", "Hassan", "Hussein", "Layla", "Maryam", "Nasir", "Sayed", "Khalid",
    "Tariq", "Bilal", "Farid", "Jamal", "Samira", "Nadia", "Ibrahim", "Ismail", "Mustafa",
    "Rashid", "Salim", "Walid", "Zainab", "Aisha", "Oleksandr", "Olena", "Amadou", "Moussa",
    "Fatoumata", "Ibrahima", "Aminata", "Chinedu", "Ngozi", "Abubakar", "Emeka", "John",
    "Sarah", "Michael", "Anna", "Pierre", "Sophie", "Mehmet", "Ayşe", "Zoë", "José", "Łukasz",
    "Björn", "Dmytro", "Iryna", "Halima", "Sirajuddin",
)  # fmt: skip
LAST_NAMES = (
    "Haqqani", "Mujahid", "Rahmani", "Karzai", "Ghani", "Akhund", "Baradar", "Yusufzai", "Khan",
    "Durrani", "Popal", "Siddiqui", "Qureshi", "Abbasi", "al-Jabouri", "al-Obaidi", "Hamdan",
    "Saleh", "Hadi", "Farah", "Mohamed", "Warsame", "Keita", "Traoré", "Diallo", "Coulibaly",
    "Touré", "Okafor", "Adeyemi", "Bello", "Shevchenko", "Kovalenko", "Bondarenko", "Smith",
    "Johnson", "Müller", "Dubois", "Y\u0131lmaz", "Öztürk", "García", "Novak", "Kowalski",
    "Lindqvist", "Petrenko", "Nouri", "Sharifi", "Noorzai", "Achakzai", "Stanekzai", "Wardak",
)  # fmt: skip
TITLES = ("Mullah", "General", "Dr", "Colonel", "Sheikh", "Minister", "Ambassador", "Commander")
POSITIONS = (
    "spokesman", "commander", "deputy leader", "minister", "governor", "ambassador",
    "correspondent", "director", "chairman", "chief negotiator", "police chief", "envoy",
)  # fmt: skip
# Transliteration variants that reporters use for the same name.
VARIANTS = (
    ("Mohammad", "Muhammad"), ("Zabihullah", "Sabihullah"), ("Hussein", "Husayn"),
    ("Yusuf", "Yousef"), ("Omar", "Umar"), ("Abdul", "Abd al-"), ("Qureshi", "Qureishi"),
    ("Haqqani", "Haqani"), ("Mujahid", "Mudschahid"), ("Oleksandr", "Alexander"),
    ("Durrani", "Durani"), ("Khalid", "Khaled"), ("Tariq", "Tarek"), ("Shevchenko", "Shevtchenko"),
)  # fmt: skip
GROUP_PREFIXES = ("Jamaat", "Harakat", "Lashkar", "Tehrik", "Ansar", "Jabhat", "Kataib", "Liwa")
GROUP_NOUNS = (
    "al-Nasr", "al-Furqan", "al-Haqq", "al-Islah", "al-Fath", "al-Ahrar", "al-Tawhid",
    "al-Muhajirin", "Khalid ibn al-Walid", "al-Badr", "al-Qassam", "al-Jihad",
)  # fmt: skip
MEDIA_NOUNS = (
    "Herald", "Times", "Daily", "Post", "Radio", "Television", "Tribune", "Observer",
    "Gazette", "Courier", "News Agency", "Broadcasting Corporation",
)  # fmt: skip
NGO_ADJECTIVES = (
    "Humanitarian", "Civic", "Independent", "Women's", "Children's", "Medical", "Human Rights",
    "Refugee", "Mine Action", "Peace",
)  # fmt: skip
NGO_NOUNS = (
    "Relief Committee", "Network", "Foundation", "Watch", "Alliance", "Council", "Initiative",
    "Association",
)  # fmt: skip
COMPANY_NOUNS = (
    "Logistics", "Construction Company", "Telecom", "Mining Company", "Airlines", "Bank",
    "Security Services", "Petroleum", "Trading House",
)  # fmt: skip
PARTY_ADJECTIVES = (
    "National", "Democratic", "Islamic", "Unity", "Progressive", "People's", "Justice",
    "Liberation", "Reform", "Green",
)  # fmt: skip
PARTY_NOUNS = ("Party", "Front", "Movement", "Alliance")
COMMUNITIES = (
    "Hazara", "Pashtun", "Tajik", "Uzbek", "Yazidi", "Kurdish", "Turkmen", "Fulani", "Tuareg",
    "Dogon", "Christian", "Shia", "Sufi", "Displaced", "Nomadic",
)  # fmt: skip
OTHER_NOUNS = ("Chamber of Commerce", "University", "Bar Association", "Council of Elders")

SITES = (
    "a checkpoint", "a mosque", "a crowded market", "the police headquarters", "a wedding hall",
    "a military base", "a girls' school", "the governor's compound", "a bus station",
    "a hospital", "the airport gate", "a fuel depot", "an army convoy", "a hotel",
    "a ministry building", "a refugee camp",
)  # fmt: skip
TOPICS = (
    "the killing of civilians", "the closure of girls' schools", "the detention of journalists",
    "rising food prices", "the postponement of elections", "the blockade of the city",
    "the treatment of prisoners", "cuts to humanitarian aid", "the expulsion of aid workers",
    "the curfew", "the destruction of crops", "attacks on health workers",
)  # fmt: skip
GOALS = (
    "hold elections within two years", "release all prisoners of war", "reopen the border crossing",
    "protect aid convoys", "guarantee safe passage for civilians", "rebuild the destroyed bridges",
    "restore electricity to the city", "investigate the killings", "disarm the militias",
    "return the displaced families to their villages",
)  # fmt: skip
FACTS = (
    "its forces had fired on the convoy", "foreign fighters were among the dead",
    "the talks had stalled", "the hostages had been moved across the border",
    "the air strike had hit a school", "its commanders had met in secret",
    "the ceasefire had been broken several times",
)  # fmt: skip
WHEN = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
    "on Sunday", "late on Friday", "early on Tuesday", "overnight", "last week", "yesterday",
    "at dawn", "in the afternoon",
)  # fmt: skip
CHANNELS = ("Telegram", "its Amaq news agency", "a website", "social media", "a video message")
# Sentences between the quotes of a source text; some are not ASCII, one is not in the BMP,
# so that code points, UTF-16 units and bytes all differ.
FILLERS = (
    "The situation remained tense throughout the region.",
    "Officials did not respond to requests for comment.",
    "Reporting by Zoë Müller and Łukasz Nowak; editing by Björn Åström.",
    "Temperatures in the valley reached 41 °C, complicating relief work.",
    "📰 Live updates follow below.",
    "« Nous condamnons fermement cette attaque », a diplomat said.",
    "Local elders in قندهار urged calm.",
    "Residents of Київ described a sleepless night.",
    "Prices for flour rose by 30 % in a week — the highest since 2012.",
    "The information could not be independently verified.",
    "Witnesses said the streets emptied within minutes.",
    "Aid agencies warned of a shortage of medicine and clean water.",
    "Ministers met again in Genève to discuss the next steps.",
    "A curfew was imposed from 9 p.m. to 5 a.m.",
)  # fmt: skip
PUBLISHERS = (
    "Regional Press Agency", "Frontline Wire", "Global News Service", "Nachrichtendienst Süd",
    "Agence de presse du Sahel",
)  # fmt: skip

# Event types with their weights, and the labels of subtypes in titles.
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
SUBTYPE_CHOICES: dict[str, tuple[str, ...]] = {
    t.value: tuple(sorted(s.value for s in SUBTYPES[t])) for t in EventType
}
ATTACK_VERBS = {
    "suicide_bombing": ("Suicide bombing", "A suicide bomber blew himself up at {site} in {city}"),
    "bombing": ("Bombing", "A roadside bomb exploded near {site} in {city}"),
    "rocket_attack": ("Rocket attack", "Several rockets struck {site} in {city}"),
    "armed_assault": ("Armed assault", "Gunmen stormed {site} in {city}"),
    "air_strike": ("Air strike", "An air strike hit {site} near {city}"),
    "shelling": ("Shelling", "Artillery shells landed on {site} in {city}"),
    "assassination": ("Assassination", "Gunmen shot dead an official outside {site} in {city}"),
    "hostage_taking": ("Hostage taking", "Attackers seized dozens of hostages at {site} in {city}"),
}  # fmt: skip


def _fold(name: str) -> str:
    """A name as validation compares names: case-folded, without accents."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "\u0131": "i", "ø": "o", "ß": "ss", "'": ""})


def slugify(text: str) -> str:
    """A slug of a name: ASCII letters and digits in words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


class _World:
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
        return _fold(name) not in self.names

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
        self.names.add(_fold(name))
        kept: list[str] = []
        for alias in aliases:
            if alias != name and self._free(alias):
                self.names.add(_fold(alias))
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

    def _unique(self, make: Any) -> str:
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

    def _place(self) -> tuple[str, tuple[str, str, float, float]]:
        return self.rng.choice(self.places)

    def _organisation(self, kind: str) -> str:
        rng = self.rng
        code, (city, province, _, _) = self._place()
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
            name = self._unique(lambda: f"{self._place()[1][0]} {rng.choice(MEDIA_NOUNS)}")
            return self._add(name, kind, "media", aliases=(f"the {name}",))
        if kind == "ngo":
            name = self._unique(
                lambda: f"{demonym} {rng.choice(NGO_ADJECTIVES)} {rng.choice(NGO_NOUNS)}"
            )
            return self._add(name, kind, "ngo", country=code)
        if kind == "company":
            name = self._unique(lambda: f"{self._place()[1][0]} {rng.choice(COMPANY_NOUNS)}")
            return self._add(name, kind, "company")
        if kind == "population_group":
            name = self._unique(lambda: f"{rng.choice(COMMUNITIES)} community of {province}")
            return self._add(
                name, kind, "population", description=f"Civilians of {province}.", country=code
            )
        name = self._unique(lambda: f"{self._place()[1][0]} {rng.choice(OTHER_NOUNS)}")
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

    # -- picking actors ---------------------------------------------------------------------

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


# -- dates ------------------------------------------------------------------------------------


def _day(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


def _clamp(ordinal: int) -> int:
    return min(max(ordinal, FIRST_DAY), LAST_DAY)


def _date(rng: random.Random, base: int) -> tuple[str, bool]:
    """An EDTF date near day ``base``, and whether it has an open end."""
    day = _clamp(base + rng.randint(-20, 20))
    text = _day(day)
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
            return f"{text[:7]}/{_day(_clamp(day + 40))[:7]}", False
        return f"{text}/{_day(end)}", False
    if r < 0.95:
        return f"../{text}", False
    if r < 0.99:
        return f"{text}/..", True
    return (f"/{text}", False) if rng.random() < 0.5 else (f"{text}/", True)


# -- source texts -----------------------------------------------------------------------------


class _Texts:
    """The texts of the sources as quotes are added: written in one pass, measured in the other.

    Each text opens with a title line; each quote follows a sentence or two of other text,
    so the offsets of the quotes are those a reader would find.
    """

    def __init__(self, folder: Path | None, count: int) -> None:
        self.folder = folder
        self.lengths = [0] * count
        self.chunks: dict[int, list[str]] = {}
        self.digests: list[str] = [""] * count
        for k in range(count):
            self._append(k, f"{_source_title(k)}\n\n")

    def _append(self, k: int, text: str) -> None:
        self.lengths[k] += len(text)
        if self.folder is not None:
            self.chunks.setdefault(k, []).append(text)

    def add(self, k: int, quote: str, rng: random.Random) -> int:
        """Add a quote to source ``k``'s text; its start offset in code points."""
        if rng.random() < 0.6:
            self._append(k, rng.choice(FILLERS) + " ")
        start = self.lengths[k]
        self._append(k, quote)
        self._append(k, ".\n\n" if rng.random() < 0.3 else ". ")
        return start

    def finish(self, k: int) -> None:
        """Source ``k`` receives no more quotes: write its text."""
        self._append(k, "\n")
        if self.folder is None:
            return
        data = "".join(self.chunks.pop(k)).encode("utf-8")
        self.digests[k] = hashlib.sha256(data).hexdigest()
        (self.folder / f"source-{k + 1:05d}.txt").write_bytes(data)


def _source_title(k: int) -> str:
    return f"Regional security digest no. {k + 1}"


# -- events -----------------------------------------------------------------------------------


class _Events:
    """The stream of events: deterministic for a seed, the same in both passes."""

    def __init__(
        self,
        world: _World,
        seed: int,
        count: int,
        sources: int,
        plan: dict[int, str],
        texts: _Texts,
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

    def __iter__(self) -> Any:
        for i in range(self.count):
            k = self._source_of(i)
            if i % EVENTS_PER_SOURCE == 0 and k >= 2 and i < self.sources * EVENTS_PER_SOURCE:
                self.texts.finish(k - 2)  # no later event quotes it
            yield self._event(i)
        for k in range(max(0, self.sources - 2), self.sources):
            self.texts.finish(k)

    def _source_of(self, i: int) -> int:
        return min(i // EVENTS_PER_SOURCE, self.sources - 1)

    def _base_day(self, i: int) -> int:
        return FIRST_DAY + (i * (LAST_DAY - FIRST_DAY)) // max(1, self.count)

    def _event(self, i: int) -> dict[str, Any]:
        rng, world = self.rng, self.world
        kind = rng.choices([t for t, _ in TYPE_WEIGHTS], [w for _, w in TYPE_WEIGHTS])[0]
        subtypes = SUBTYPE_CHOICES[kind]
        subtype = rng.choice(subtypes) if subtypes and rng.random() < 0.9 else None
        code, (city, province, lat, lon) = world._place()
        self.home = code  # the country the event is about, wherever it takes place
        if kind in ("agreement", "negotiation") and rng.random() < 0.5:
            code, (city, province, lat, lon) = rng.choice(world.talk_places)
        date, open_end = _date(rng, self._base_day(i))
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
        relations = self._relations(relation)
        if relations:
            event["relations"] = relations
        kind_of_mutation = self.plan.get(i)
        if kind_of_mutation is None:
            self.recent.append((i, event_id, kind))
        else:
            self._mutate(i, event, kind_of_mutation)
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

    def _relations(self, preferred: str | None) -> list[dict[str, str]]:
        rng = self.rng
        if not self.recent:
            return []
        relations: list[dict[str, str]] = []
        if preferred == "claims_responsibility_for":
            for _, target_id, kind in reversed(self.recent):
                if kind == "attack":
                    relations.append({"type": preferred, "event": target_id})
                    break
        elif preferred is not None and rng.random() < 0.5:
            relations.append({"type": preferred, "event": rng.choice(self.recent)[1]})
        if rng.random() < 0.12:
            target = rng.choice(self.recent)[1]
            if all(r["event"] != target for r in relations):
                relation = rng.choice(("follows", "refers_to", "part_of", "responds_to"))
                relations.append({"type": relation, "event": target})
        return relations

    # -- the content of each type of event ---------------------------------------------------

    def _fatalities(self, victims: list[str]) -> dict[str, Any] | None:
        rng = self.rng
        if rng.random() < 0.2:
            return None
        n = int(rng.paretovariate(1.2)) + rng.randint(0, 4)
        scheme = rng.random()
        if scheme < 0.4:
            fatalities: dict[str, Any] = {"best": n, "text": f"{n} people were killed"}
        elif scheme < 0.6:
            fatalities = {"low": n + 1, "text": f"more than {n} people were killed"}
        elif scheme < 0.8:
            fatalities = {
                "low": n,
                "high": n + rng.randint(1, 20),
                "text": f"between {n} and {n + 5} dead",
            }
            fatalities["text"] = f"between {n} and {fatalities['high']} dead"
        else:
            high = n + rng.randint(2, 30)
            fatalities = {"low": n, "best": n + (high - n) // 2, "high": high}
            fatalities["text"] = f"at least {n} and perhaps as many as {high} killed"
        total = next(fatalities[k] for k in ("low", "best", "high") if k in fatalities)
        if total >= 2 and rng.random() < 0.35:
            subsets = []
            for _ in range(rng.choice((1, 1, 2))):
                count = rng.randint(1, max(1, total // 2))
                subset: dict[str, Any] = {"best": count}
                if victims and rng.random() < 0.5:
                    subset["actor"] = rng.choice(victims)
                else:
                    who = rng.choice(("civilians", "children", "police officers", "soldiers"))
                    subset["text"] = f"{count} of them {who}"
                    subset["description"] = who
                subsets.append(subset)
            fatalities["subsets"] = subsets
        return fatalities

    def _attack(self, subtype: str | None, city: str, province: str, when: str) -> tuple:
        rng, world = self.rng, self.world
        label, sentence = ATTACK_VERBS[subtype or rng.choice(SUBTYPE_CHOICES["attack"])]
        site = rng.choice(SITES)
        perpetrator = world.pick("group", "group", "military")
        victim = world.pick_local(self.home, "police", "military", "population", "government")
        if rng.random() < 0.15:
            victim = world.pick("person")
        participants = [(perpetrator, "perpetrator"), (victim, rng.choice(("target", "victim")))]
        if rng.random() < 0.25:
            participants.append((world.pick("media"), "reporter"))
        fatalities = self._fatalities([victim])
        toll = fatalities["text"] if fatalities and "text" in fatalities else "causing casualties"
        main = sentence.format(site=site, city=city) + f" {when}, {toll}"
        claim = (
            f"{world.call(perpetrator)} said in a statement on {rng.choice(CHANNELS)} "
            f"that its fighters had carried out the attack in {city}"
        )
        summary = (
            f"{sentence.format(site=site, city=city)}, in {province} province. "
            f"{world.call(perpetrator)} is held responsible; "
            f"{world.call(victim)} {rng.choice(('was the target', 'suffered losses'))}. "
            f"{rng.choice(FILLERS)}"
        )
        title = f"{label} at {site.removeprefix('a ').removeprefix('the ')} in {city}"
        return title, summary, [main, claim], participants, fatalities, "occurred", None

    def _claim_of_responsibility(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        group = world.pick("group")
        channel = rng.choice(CHANNELS)
        name = world.call(group)
        main = f"{name} claimed responsibility for the attack in {city} in a statement on {channel}"
        extra = f"The claim, published {when}, could not be verified"
        summary = (
            f"{name} claims the attack in {city} ({province}) through {channel}. "
            "The claim names no fighters and gives no details of the operation."
        )
        title = f"{name} claims the attack in {city}"
        participants = [(group, "claimant")]
        return (
            title,
            summary,
            [main, extra],
            participants,
            None,
            "occurred",
            ("claims_responsibility_for"),
        )

    def _statement(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        speaker = world.pick("person")
        other = world.pick_local(self.home, "government", "group", "international", "state")
        s, o = world.call(speaker), world.call(other)
        goal, topic, fact = rng.choice(GOALS), rng.choice(TOPICS), rng.choice(FACTS)
        sentences = {
            "criticism": (f"{s} criticised {o} for {topic}", "criticises"),
            "pledge": (f"{s} pledged that {o} would {goal}", "responds_to"),
            "expectation": (f"{s} said he expected {o} to {goal} within months", None),
            "admission": (f"{s} admitted {when} that {fact}", "refers_to"),
            "denial": (f"{s} denied that {fact}", "responds_to"),
            "appeal": (f"{s} appealed to {o} to {goal}", None),
        }
        key = subtype or rng.choice(tuple(sentences))
        main, relation = sentences[key]
        extra = f"Speaking to reporters in {city} {when}, {s} also addressed {topic}"
        role = "addressee" if key in ("appeal", "criticism") else "subject"
        summary = (
            f"{main}. The remarks were made in {city} ({province}). "
            f"{o} did not comment immediately."
        )
        title = f"{s}: statement on {topic.removeprefix('the ')}"
        return (
            title,
            summary,
            [main, extra],
            [(speaker, "speaker"), (other, role)],
            None,
            ("occurred"),
            relation,
        )

    def _threat(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        group = world.pick("group")
        target = world.pick_local(self.home, "government", "military", "international", "state")
        g, t = world.call(group), world.call(target)
        if subtype == "retaliation":
            main = f"{g} threatened to retaliate against {t} for the raid near {city}"
            relation: str | None = "responds_to"
        else:
            main = f"{g} warned that its attacks on {t} in {province} would continue"
            relation = None
        extra = f"The warning was issued {when} in a message on {rng.choice(CHANNELS)}"
        summary = f"{main}. Security was tightened in {city} after the message."
        title = f"{g} threatens {t}"
        participants = [(group, "speaker"), (target, "target")]
        return title, summary, [main, extra], participants, None, "threatened", relation

    def _agreement(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        a = world.pick_local(self.home, "government", "state")
        b = world.pick_local(self.home, "group", "party")
        mediator = world.pick("international", "state")
        label = (subtype or "agreement").replace("_", " ")
        main = (
            f"Representatives of {world.call(a)} and {world.call(b)} signed a {label} "
            f"in {city} {when}"
        )
        extra = f"The talks were mediated by {world.call(mediator)}"
        summary = f"{main}. The text commits both sides to {rng.choice(GOALS)}."
        title = f"{label.capitalize()} signed in {city}"
        participants = [(a, "signatory"), (b, "signatory"), (mediator, "mediator")]
        status = "occurred" if rng.random() < 0.8 else "planned"
        return title, summary, [main, extra], participants, None, status, "follows"

    def _withdrawal(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        force = world.pick_local(self.home, "military", "international")
        main = f"{world.call(force)} completed the withdrawal of its troops from {city} {when}"
        extra = f"The last soldiers left the base in {province} before dawn"
        summary = f"{main}. {rng.choice(FILLERS)}"
        title = f"Troops withdraw from {city}"
        status = "occurred" if rng.random() < 0.7 else "expected"
        return title, summary, [main, extra], [(force, "subject")], None, status, "follows"

    def _seizure_of_power(self, subtype: str | None, city: str, province: str, when: str):
        world = self.world
        group = world.pick_local(self.home, "group", "military")
        if subtype == "coup":
            main = f"Officers of {world.call(group)} seized power in {city} {when}"
        else:
            main = f"Fighters of {world.call(group)} entered {city} {when} and took the palace"
        extra = f"Government officials fled {province} as the fighters advanced"
        summary = f"{main}. The government's leaders left the country."
        title = f"{world.call(group)} takes power in {city}"
        return title, summary, [main, extra], [(group, "perpetrator")], None, "occurred", None

    def _announcement(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        actor = world.pick_local(self.home, "government", "group", "party")
        a = world.call(actor)
        if subtype == "government_formation":
            main = f"{a} announced the formation of a caretaker government in {city} {when}"
        else:
            main = f"{a} announced {when} that it would {rng.choice(GOALS)}"
        extra = f"The announcement was read out on state television in {city}"
        summary = f"{main}. Observers in {province} reacted with caution."
        title = f"{a} makes an announcement in {city}"
        status = rng.choice(("occurred", "occurred", "planned"))
        return title, summary, [main, extra], [(actor, "speaker")], None, status, None

    def _negotiation(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        a = world.pick_local(self.home, "government", "state")
        b = world.pick_local(self.home, "group", "party")
        label = "peace talks" if subtype == "peace_talks" else "consultations"
        main = (
            f"Delegations of {world.call(a)} and {world.call(b)} met in {city} {when} for {label}"
        )
        extra = f"A further round of {label} is due next month"
        summary = f"{main}. The agenda included {rng.choice(TOPICS)}."
        title = f"{label.capitalize()} in {city}"
        participants = [(a, "party"), (b, "party")]
        if rng.random() < 0.5:
            participants.append((world.pick("international"), "mediator"))
        status = rng.choice(("occurred", "occurred", "planned", "ongoing"))
        return title, summary, [main, extra], participants, None, status, "follows"

    def _protest(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        crowd = world.pick_local(self.home, "population", "party", "ngo")
        target = world.pick_local(self.home, "government", "group")
        topic = rng.choice(TOPICS)
        main = f"Hundreds of people protested in {city} {when} against {topic}"
        extra = (
            f"The protesters, organised by {world.call(crowd)}, marched to the governor's office"
        )
        summary = f"{main}. They called on {world.call(target)} to act."
        title = f"Protest in {city} against {topic.removeprefix('the ')}"
        participants = [(crowd, "party"), (target, "addressee")]
        return title, summary, [main, extra], participants, None, "occurred", None

    def _arrest(self, subtype: str | None, city: str, province: str, when: str):
        rng, world = self.rng, self.world
        police = world.pick_local(self.home, "police")
        n = rng.randint(2, 40)
        main = f"{world.call(police)} arrested {n} suspects in {city} {when}"
        if rng.random() < 0.7:
            suspect = world.pick_local(self.home, "group")
            extra = f"Among those detained were members of {world.call(suspect)}, officials said"
        else:
            suspect = world.pick("person")
            extra = f"Among those detained was {world.call(suspect)}, officials said"
        summary = f"{main}. The arrests followed a raid in {province}."
        title = f"Arrests in {city}"
        participants = [(police, "perpetrator"), (suspect, "subject")]
        return title, summary, [main, extra], participants, None, "occurred", "follows"

    # -- mutations -----------------------------------------------------------------------------

    def _mutate(self, i: int, event: dict[str, Any], kind: str) -> None:
        rng = random.Random(f"timeline-mutation-{self.seed}-{i}")
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
            while typo in self.actor_ids:
                typo += "x"
            participants[0]["actor"] = typo
            at, detail = f"{at}/participants/0/actor", f"actor {typo!r}"
        elif kind == "dangling-event":
            stem = event["id"].rsplit("-", 1)[0]
            missing = f"{stem}-{self.count + i + 1}"  # no event has a number past the count
            event.setdefault("relations", []).append({"type": "follows", "event": missing})
            n = len(event["relations"]) - 1
            at, detail = f"{at}/relations/{n}/event", f"event {missing!r}"
        elif kind == "dangling-source":
            missing = f"source-{self.sources + 1 + rng.randrange(100):05d}"
            event["evidence"][0]["source"] = missing
            at, detail = f"{at}/evidence/0/source", f"source {missing!r}"
        elif kind == "impossible-date":
            year = re.findall("[0-9]{4}", event["date"])[0]
            event["date"] = rng.choice((f"{year}-02-30", f"{year}-04-31", f"{year}-13"))
            at, detail = f"{at}/date", f"date {event['date']!r}"
        elif kind == "reversed-interval":
            day = self._base_day(i)
            event["date"] = f"{_day(day + rng.randint(2, 9))}/{_day(day)}"
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
            index, other = self.recent[-1][:2]
            event["id"] = other
            at, detail = f"{at}/id", f"id of /events/{index}"
        # An edited event keeps the canonical key order; an unknown key goes last.
        order = {key: n for n, key in enumerate(EVENT_KEYS)}
        reordered = sorted(event.items(), key=lambda item: order.get(item[0], len(order)))
        event.clear()
        event.update(reordered)
        self.mutations.append(
            {
                "index": i,
                "id": event["id"],
                "kind": kind,
                "codes": list(MUTATION_KINDS[kind]),
                "pointer": at,
                "detail": detail,
            }
        )


def _mutation_plan(count: int, fraction: float, seed: int) -> dict[int, str]:
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


# -- writing ------------------------------------------------------------------------------------


def _indented(value: Any, prefix: str) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + prefix)


def generate(path: Path, events: int, *, seed: int = 0, invalid: float = 0.0) -> None:
    """Write a synthetic dataset of ``events`` events to ``path``, its source texts to
    ``path.with_suffix(".texts")`` and, when ``invalid`` > 0, the list of mutated events to
    ``path.with_suffix(".mutations.json")``. The same arguments give the same bytes."""
    if events < 0:
        raise ValueError("the number of events cannot be negative")
    if not 0.0 <= invalid <= 1.0:
        raise ValueError("the invalid fraction lies between 0 and 1")
    path = Path(path)
    folder = texts_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("source-*.txt"):
        old.unlink()
    sources = max(1, math.ceil(events / EVENTS_PER_SOURCE))
    plan = _mutation_plan(events, invalid, seed)

    # Pass 1: the source texts (their digests go into the document's head).
    written = _Texts(folder, sources)
    world = _World(random.Random(f"timeline-world-{seed}"), events)
    for _ in _Events(world, seed, events, sources, plan, written):
        pass

    # Pass 2: the document, event by event.
    world = _World(random.Random(f"timeline-world-{seed}"), events)
    stream = _Events(world, seed, events, sources, plan, _Texts(None, sources))
    head = {
        "$schema": SCHEMA_ID,
        "id": f"synthetic-{events}-seed-{seed}",
        "title": f"Synthetic timeline ({events} events, seed {seed})",
        "version": "1.0.0",
        "license": "CC0-1.0",
        "description": "A synthetic dataset for benchmarks, made by benchmarks.generate: "
        "realistic in shape, invented in content."
        + (f" {invalid:.2%} of its events carry a deliberate error." if invalid else ""),
        "sources": [_source(folder, k, written.digests[k], events) for k in range(sources)],
        "actors": world.actors,
        "events": [],
    }
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        text = _indented(head, "")
        if events:
            out.write(text[: -len("[]\n}")] + "[\n")  # the head leaves "events": [] open
            for n, event in enumerate(stream):
                out.write(("    " if n == 0 else ",\n    ") + _indented(event, "    "))
            out.write("\n  ]\n}\n")
        else:
            out.write(text + "\n")
    partial.replace(path)
    sidecar = mutations_path(path)
    if invalid:
        record = {"events": events, "seed": seed, "invalid": invalid, "mutations": stream.mutations}
        sidecar.write_text(_indented(record, "") + "\n", encoding="utf-8")
    elif sidecar.exists():
        sidecar.unlink()


def _source(folder: Path, k: int, digest: str, events: int) -> dict[str, Any]:
    last = min(events, (k + 1) * EVENTS_PER_SOURCE) - 1
    day = FIRST_DAY + (max(last, 0) * (LAST_DAY - FIRST_DAY)) // max(1, events) + 21
    source: dict[str, Any] = {
        "id": f"source-{k + 1:05d}",
        "title": _source_title(k),
        "language": "en",
    }
    if k % 7 == 3:
        source["translated_from"] = "fr"
    source["publisher"] = PUBLISHERS[k % len(PUBLISHERS)]
    source["published"] = _day(day)
    source["url"] = f"https://news.example.org/digests/{k + 1:05d}"
    source["path"] = f"{folder.name}/source-{k + 1:05d}.txt"
    source["sha256"] = digest
    return source


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.generate N OUT.json [--seed S] [--invalid FRACTION]``."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("events", type=int, help="the number of events")
    parser.add_argument("out", type=Path, help="the dataset file to write")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    parser.add_argument(
        "--invalid",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="the fraction of events to mutate into errors (default 0)",
    )
    args = parser.parse_args(argv)
    try:
        generate(args.out, args.events, seed=args.seed, invalid=args.invalid)
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
