"""What an event of each type says: its title, summary, quotes, participants, fatalities,
status and the relation it would have to an earlier event. One method per event type,
mixed into :class:`benchmarks.synthetic.events.EventStream`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.record import SUBTYPE_CHOICES
from benchmarks.synthetic.vocabulary import (
    ATTACK_VERBS,
    CHANNELS,
    FACTS,
    FILLERS,
    GOALS,
    SITES,
    TOPICS,
)

if TYPE_CHECKING:
    import random

    from benchmarks.synthetic.world import World

#: What an event of a type says: title, summary, quotes, (actor, role) participants,
#: fatalities, status, and the type of a relation to an earlier event.
Content = tuple[str, str, list[str], list[tuple[str, str]], dict[str, Any] | None, str, str | None]


class EventContent:
    """The content of each type of event, one method ``_<type>`` per type: drawn with the
    stream's random state from its world, about the country of the event (``home``)."""

    rng: random.Random
    world: World
    home: str

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

    def _attack(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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

    def _claim_of_responsibility(
        self, subtype: str | None, city: str, province: str, when: str
    ) -> Content:
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

    def _statement(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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

    def _threat(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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

    def _agreement(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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

    def _withdrawal(self, subtype: str | None, city: str, province: str, when: str) -> Content:
        rng, world = self.rng, self.world
        force = world.pick_local(self.home, "military", "international")
        main = f"{world.call(force)} completed the withdrawal of its troops from {city} {when}"
        extra = f"The last soldiers left the base in {province} before dawn"
        summary = f"{main}. {rng.choice(FILLERS)}"
        title = f"Troops withdraw from {city}"
        status = "occurred" if rng.random() < 0.7 else "expected"
        return title, summary, [main, extra], [(force, "subject")], None, status, "follows"

    def _seizure_of_power(
        self, subtype: str | None, city: str, province: str, when: str
    ) -> Content:
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

    def _announcement(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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

    def _negotiation(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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

    def _protest(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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

    def _arrest(self, subtype: str | None, city: str, province: str, when: str) -> Content:
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
