"""A second synthetic dataset, made independently of :mod:`benchmarks.synthetic`: data the
reader was not tuned for.

Its events are about 2 KB each (twice the other generator's), and their words are Arabic,
Russian, Chinese, French and Spanish (each source is written in one of them, and the events
it reports are told in its language), so most of the text is multi-byte UTF-8 and a CJK
sentence has no spaces. An event has three to six participants, one to three relations, and
an attack or a protest a full fatality count with subsets; there is one actor for every
~170 participations, so an actor takes part in about 750 events of a million. Every event is
valid: its quotes stand in its sources' texts at their code-point offsets, its relations
link the types their rules allow and point back to events dated no later, and every source
is published after the last event it reports.

The events are made once: the texts are written as the events go (a text is done when no
later event cites it), the events are spooled to a JSON Lines file beside the output, and the
document is then written from its head (which needs the texts' SHA-256) and that spool in
the ``indent2`` layout of :mod:`benchmarks.layouts`. The same arguments give the same bytes.

Command line::

    python -m benchmarks.independent 10000 /tmp/independent-10000.json --seed 0
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import random
import sys
import unicodedata
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.layouts import write_layout_stream
from timeline.model import SUBTYPES, EventType, RelationType
from timeline.temporal import RELATION_RULES

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["EVENTS_PER_ACTOR", "EVENTS_PER_SOURCE", "generate", "main", "texts_dir"]

SCHEMA_ID = "urn:timeline:schema:dataset:1.0.0"
#: Events each source reports (its own; the next block cites it too).
EVENTS_PER_SOURCE = 400
#: About how many events each actor takes part in.
EVENTS_PER_ACTOR = 750
_MEAN_PARTICIPANTS = 4.5
#: Events back a relation may reach.
_WINDOW = 200
_FIRST_DAY = 730_000  # 1999-09-28 as an ordinal

# -- the languages: words, names, places. No English month or weekday name stands in them
# (capitalized or not), so no quote states a date of its own.

_WORDS = {
    "ar": (
        "هجوم مسلح المدينة قوات الأمن أعلنت الحكومة مقتل جرحى انفجار بيان المتحدث الشرطة "
        "اعتقال مفاوضات وقف إطلاق النار احتجاج المتظاهرين الجيش قرب السوق الرئيسي مساء صباح "
        "مصادر محلية وزارة الداخلية السكان الحدود اللاجئين"
    ),
    "ru": (
        "нападение вооружённые силы город заявили власти погибли ранены взрыв заявление "
        "представитель полиция задержаны переговоры прекращение огня протест демонстранты армия "
        "рядом рынок вечером утром источники местные министерство внутренних дел сообщили "
        "жители граница беженцы"
    ),
    "zh": (
        "武装分子 袭击 城市 安全部队 政府 宣布 死亡 受伤 爆炸 声明 发言人 警方 逮捕 谈判 停火 抗议 "
        "示威者 军队 附近 市场 晚上 早上 消息人士 当地 内政部 居民 表示 发生 边境 难民"
    ),
    "fr": (
        "attaque armée sécurité ville déclaré autorités tués blessés explosion communiqué "
        "porte-parole police arrêtés négociations cessez-le-feu manifestation manifestants près "
        "marché soirée matinée sources locales ministère intérieur habitants événement réfugiés "
        "élu frontière"
    ),
    "es": (
        "ataque ejército seguridad ciudad declaró autoridades muertos heridos explosión "
        "comunicado portavoz policía detenidos negociaciones protesta manifestantes cerca "
        "mercado noche madrugada fuentes locales ministerio interior vecinos acción región "
        "camión guardia frontera refugiados"
    ),
}
WORDS = {language: tuple(words.split()) for language, words in _WORDS.items()}
LANGUAGES = tuple(WORDS)
_STOP = {"ar": ".", "ru": ".", "zh": "。", "fr": ".", "es": "."}
_JOIN = {"ar": " ", "ru": " ", "zh": "", "fr": " ", "es": " "}

_GIVEN = {
    "ar": "محمد أحمد علي حسن خالد عمر يوسف إبراهيم سعيد طارق",
    "ru": "Алексей Дмитрий Сергей Ольга Наталья Иван Михаил Анна Елена Павел",
    "zh": "伟 芳 娜 敏 静 强 磊 洋 艳 勇",
    "fr": "François Agnès Renée Loïc Hélène Jérôme Maëlle Noël Anaïs Gaëtan",
    "es": "José Inés Andrés Begoña Ramón Sofía Joaquín Lucía Martín Núria",
}
_FAMILY = {
    "ar": "الحسيني العبيدي الزهراني القاسمي المصري الشامي النجار الخطيب الحداد البغدادي",
    "ru": "Иванов Смирнов Кузнецов Попов Волков Соколов Лебедев Козлов Новиков Морозов",
    "zh": "王 李 张 刘 陈 杨 黄 赵 吴 周",
    "fr": "Lefèvre Bérenger Chevalier Dubœuf Gaudé Léonard Mercier Périer Rousseau Thébault",
    "es": "García Núñez Pérez Gonçalves Ibáñez Martínez Muñoz Ordóñez Sánchez Velázquez",
}
_GROUPS = {
    "ar": ("جبهة", "حركة", "كتائب", "مجلس", "جيش"),
    "ru": ("Фронт", "Движение", "Совет", "Бригада", "Союз"),
    "zh": ("阵线", "运动", "委员会", "旅", "联盟"),
    "fr": ("Front", "Mouvement", "Conseil", "Brigade", "Union"),
    "es": ("Frente", "Movimiento", "Consejo", "Brigada", "Unión"),
}
_PLACES = {
    "ar": (("الموصل", "IQ"), ("حلب", "SY"), ("صنعاء", "YE"), ("بنغازي", "LY"), ("كركوك", "IQ")),
    "ru": (("Донецк", "UA"), ("Харьков", "UA"), ("Грозный", "RU"), ("Махачкала", "RU")),
    "zh": (("喀什", "CN"), ("乌鲁木齐", "CN"), ("昆明", "CN"), ("和田", "CN")),
    "fr": (("Tombouctou", "ML"), ("Niamey", "NE"), ("Ségou", "ML"), ("Kidal", "ML")),
    "es": (("Culiacán", "MX"), ("Medellín", "CO"), ("Cúcuta", "CO"), ("Ayacucho", "PE")),
}
_ROLES = {
    "attack": ("perpetrator", "target", "victim", "reporter"),
    "claim_of_responsibility": ("claimant", "subject", "reporter"),
    "statement": ("speaker", "addressee", "subject"),
    "threat": ("speaker", "target", "addressee"),
    "agreement": ("signatory", "party", "mediator"),
    "negotiation": ("party", "mediator", "reporter"),
}
_DEFAULT_ROLES = ("party", "subject", "reporter", "target")
_TYPES = tuple(t.value for t in EventType)
_TYPE_WEIGHTS = (30, 8, 4, 16, 6, 3, 2, 8, 8, 10, 5)  # in the order of EventType
_VIOLENT = frozenset({"attack", "protest", "arrest", "seizure_of_power"})
_KINDS = ("armed_group", "government", "military", "political_party", "ngo", "media")


def texts_dir(path: Path) -> Path:
    """The folder of a generated dataset's source texts."""
    return path.with_suffix(".texts")


def _folded(name: str) -> str:
    """A name as the ambiguity check compares it: without case and accents."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _day(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


class _Texts:
    """The source texts, written as quotes are added; each is written out once no later
    event cites it, and its SHA-256 kept for the head."""

    def __init__(self, folder: Path, count: int) -> None:
        self.folder = folder
        self.chunks: dict[int, list[str]] = {}
        self.lengths = [0] * count
        self.digests = [""] * count

    def add(self, k: int, text: str) -> int:
        chunks = self.chunks.setdefault(k, [])
        start = self.lengths[k]
        chunks.append(text)
        self.lengths[k] += len(text)
        return start

    def finish(self, k: int) -> None:
        data = "".join(self.chunks.pop(k, [])).encode("utf-8")
        self.digests[k] = hashlib.sha256(data).hexdigest()
        (self.folder / f"text-{k + 1:05d}.txt").write_bytes(data)


class _Maker:
    """Makes the actors, then the events one by one, adding their quotes to the texts."""

    def __init__(self, events: int, seed: int, texts: _Texts) -> None:
        self.rng = random.Random(f"independent-{seed}")
        self.count = events
        self.texts = texts
        self.sources = len(texts.lengths)
        self.span = max(400, events // 50)  # days the events cover, in index order
        self.actors = self._actors(max(24, round(events * _MEAN_PARTICIPANTS / EVENTS_PER_ACTOR)))
        self.recent: deque[tuple[str, str, bool]] = deque(maxlen=_WINDOW)  # id, type, happened

    def day(self, i: int) -> int:
        return _FIRST_DAY + i * self.span // max(1, self.count)

    def published(self, k: int) -> int:
        """Source ``k`` is published after the last event that cites it (the next block's)."""
        last = min(self.count, (k + 2) * EVENTS_PER_SOURCE) - 1
        return self.day(max(0, last)) + 3

    def language(self, k: int) -> str:
        return LANGUAGES[k % len(LANGUAGES)]

    def sentence(self, language: str, low: int = 8, high: int = 18) -> str:
        words = self.rng.choices(WORDS[language], k=self.rng.randint(low, high))
        text = _JOIN[language].join(words)
        return text[0].upper() + text[1:] + _STOP[language]

    def _actors(self, count: int) -> list[dict[str, Any]]:
        rng = self.rng
        seen: set[str] = set()
        actors: list[dict[str, Any]] = []
        for n in range(count):
            language = LANGUAGES[n % len(LANGUAGES)]
            person = rng.random() < 0.5
            sep = "" if language == "zh" else " "
            for attempt in range(50):
                if person:
                    given = _GIVEN[language].split()
                    parts = [rng.choice(_FAMILY[language].split()), *rng.sample(given, 2)]
                    if language != "zh":
                        parts = parts[1:] + parts[:1]
                    name = sep.join(parts)
                else:
                    words = rng.sample(WORDS[language], 2)
                    name = sep.join([rng.choice(_GROUPS[language]), *words])
                if attempt >= 10:
                    name = f"{name} {n}"
                if _folded(name) not in seen:
                    break
            seen.add(_folded(name))
            actor: dict[str, Any] = {
                "id": f"{'person' if person else 'group'}-{n + 1}",
                "name": name,
                "kind": "person" if person else rng.choice(_KINDS),
            }
            if rng.random() < 0.3:
                actor["aliases"] = [f"Actor {n + 1}"]
            groups = [a["id"] for a in actors[-40:] if not a["id"].startswith("person")]
            if groups and not person and rng.random() < 0.2:
                actor["part_of"] = rng.choice(groups)
            if groups and person and rng.random() < 0.4:
                actor["affiliations"] = [
                    {"actor": rng.choice(groups), "position": self.sentence(language, 1, 2)}
                ]
            if rng.random() < 0.5:
                actor["description"] = self.sentence(language, 6, 14)
            actors.append(actor)
        return actors

    def quote(self, i: int, k: int, language: str) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.5:
            self.texts.add(k, self.sentence(language) + _JOIN[language])
        text = self.sentence(language, 14, 30)
        if rng.random() < 0.5:
            text += _JOIN[language] + self.sentence(language, 6, 12)
        start = self.texts.add(k, text)
        self.texts.add(k, "\n\n" if rng.random() < 0.3 else _JOIN[language] or " ")
        return {
            "source": f"text-{k + 1:05d}",
            "quote": text,
            "start": start,
            "end": start + len(text),
        }

    def event(self, i: int) -> dict[str, Any]:
        rng = self.rng
        k = min(i // EVENTS_PER_SOURCE, self.sources - 1)
        language = self.language(k)
        kind = rng.choices(_TYPES, _TYPE_WEIGHTS)[0]
        status = {"threat": "threatened"}.get(kind, "occurred")
        if kind in ("negotiation", "announcement") and rng.random() < 0.2:
            status = "planned"
        event: dict[str, Any] = {"id": f"{kind.replace('_', '-')}-{i + 1}", "type": kind}
        subtypes = sorted(s.value for s in SUBTYPES[EventType(kind)])
        if subtypes and rng.random() < 0.8:
            event["subtype"] = rng.choice(subtypes)
        event["title"] = self.sentence(language, 4, 8)
        event["summary"] = " ".join(self.sentence(language) for _ in range(rng.randint(2, 4)))
        event["date"] = _day(self.day(i))
        if rng.random() < 0.2:
            event["date_text"] = self.sentence(language, 2, 3)
        name, country = rng.choice(_PLACES[language])
        place: dict[str, Any] = {"name": name, "country": country}
        if rng.random() < 0.7:
            place["latitude"] = round(rng.uniform(-60, 60), 4)
            place["longitude"] = round(rng.uniform(-170, 170), 4)
            place["geo_precision"] = rng.choice(("exact", "near", "district"))
        event["place"] = place
        chosen = rng.sample(self.actors, rng.randint(3, 6))
        roles = _ROLES.get(kind, _DEFAULT_ROLES)
        event["participants"] = [{"actor": a["id"], "role": rng.choice(roles)} for a in chosen]
        happened = status in ("occurred", "ongoing")
        if happened and kind in _VIOLENT:
            low = rng.randint(0, 40)
            best = low + rng.randint(0, 10)
            subsets = [
                {"best": rng.randint(0, low // 2), "actor": chosen[1]["id"]},
                {"low": rng.randint(0, low // 3), "description": self.sentence(language, 2, 4)},
            ]
            event["fatalities"] = {
                "low": low,
                "best": best,
                "high": best + rng.randint(0, 15),
                "text": self.sentence(language, 3, 6),
                "subsets": subsets,
            }
        event["status"] = status
        evidence = [self.quote(i, k, language)]
        for _ in range(rng.randint(0, 2)):
            cited = k - 1 if k >= 1 and rng.random() < 0.3 else k
            evidence.append(self.quote(i, cited, self.language(cited)))
        event["evidence"] = evidence
        relations = self.relations(kind)
        if relations:
            event["relations"] = relations
        self.recent.append((event["id"], kind, happened))
        return event

    def relations(self, kind: str) -> list[dict[str, str]]:
        """One to three relations to recent events (dated no later), of types their rules
        allow: a claim claims an attack, seizure or arrest that has happened."""
        rng = self.rng
        found: list[dict[str, str]] = []
        targets: set[str] = set()
        own = EventType(kind)
        for _ in range(rng.randint(1, 3) if self.recent else 0):
            target, target_kind, happened = rng.choice(self.recent)
            relation = rng.choice(
                (RelationType.FOLLOWS, RelationType.RESPONDS_TO, RelationType.REFERS_TO,
                 RelationType.CRITICISES, RelationType.CLAIMS_RESPONSIBILITY_FOR)
            )  # fmt: skip
            if relation is RelationType.CLAIMS_RESPONSIBILITY_FOR and not happened:
                continue
            if target in targets or not RELATION_RULES[relation].links(own, EventType(target_kind)):
                continue
            targets.add(target)
            found.append({"type": relation.value, "event": target})
        return found

    def events(self) -> Iterator[dict[str, Any]]:
        for i in range(self.count):
            k = min(i // EVENTS_PER_SOURCE, self.sources - 1)
            if i % EVENTS_PER_SOURCE == 0 and k >= 2:
                self.texts.finish(k - 2)  # no later event cites it
            yield self.event(i)
        for k in range(max(0, self.sources - 2), self.sources):
            self.texts.finish(k)

    def source(self, k: int) -> dict[str, Any]:
        language = self.language(k)
        source: dict[str, Any] = {
            "id": f"text-{k + 1:05d}",
            "title": self.sentence(language, 3, 7),
            "language": language,
        }
        if k % 5 == 2:
            source["translated_from"] = "en"
        source["publisher"] = f"Agence {k % 17 + 1}"
        source["published"] = _day(self.published(k))
        source["url"] = f"https://archive.example.net/{language}/{k + 1}"
        source["path"] = f"{self.texts.folder.name}/text-{k + 1:05d}.txt"
        source["sha256"] = self.texts.digests[k]
        return source


def generate(path: Path, events: int, *, seed: int = 0) -> None:
    """Write ``events`` independent events to ``path`` (``indent2``, ``events`` last), their
    source texts to ``path.with_suffix(".texts")``. The same arguments give the same bytes."""
    if events < 1:
        raise ValueError("the number of events must be at least 1")
    path = Path(path)
    folder = texts_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("text-*.txt"):
        old.unlink()
    texts = _Texts(folder, max(1, math.ceil(events / EVENTS_PER_SOURCE)))
    maker = _Maker(events, seed, texts)
    spool = path.with_name(path.name + ".events.jsonl")
    with spool.open("w", encoding="utf-8", newline="\n") as out:
        for event in maker.events():
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
    head = {
        "$schema": SCHEMA_ID,
        "id": f"independent-{events}-seed-{seed}",
        "title": f"Independent synthetic timeline ({events} events, seed {seed})",
        "version": "1.0.0",
        "license": "CC0-1.0",
        "description": "Made by benchmarks.independent: multilingual, large events, invented.",
        "sources": [maker.source(k) for k in range(len(texts.lengths))],
        "actors": maker.actors,
        "events": [],
    }

    def spooled() -> Iterator[dict[str, Any]]:
        with spool.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)

    partial = path.with_name(path.name + ".part")
    with partial.open("wb") as document:
        write_layout_stream(head, spooled(), "indent2", document)
    partial.replace(path)
    spool.unlink()


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.independent N OUT.json [--seed S]``."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.independent", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("events", type=int, help="the number of events")
    parser.add_argument("out", type=Path, help="the dataset file to write")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    args = parser.parse_args(argv)
    try:
        generate(args.out, args.events, seed=args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
