"""HTML: one self-contained page that shows the timeline, for reading in a browser.

The page needs no server and no network: its CSS and its script are inline, it loads no font,
no image and no script from anywhere, so it works opened from a file (``file://``). It shows the
events in chronological order under year and month headings, each as a card with its date as
precise as the source allows (and what the date rests on), its type and subtype, its title and
summary, its actors with their roles (a perpetrator's attribution: claimed, suspected,
confirmed), its evidence with its sources (a quote checked against its text, or a citation's
locator and note marked as not verified against a text; who a statement is attributed to) and,
folded, the history of its reports. The cards stand in lanes, one per event type
or one per actor (the event's first participant), and two menus filter them by actor and by
type. On a narrow screen (a phone) the lanes fold into one column.

The cards are written into the HTML itself, so the page reads without JavaScript; the script
only switches the lanes and filters. The events are also in the page as JSON (the JSON Lines
fields, see :func:`timeline.publishing.exports.jsonl.event_record`, plus ``display_date``) in
``<script type="application/json" id="timeline-data">``, with ``</`` written ``<\\/`` so no
text can end the script early. Every text is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from timeline.dates import MONTH_NAMES, Precision, describe_date, parse_edtf
from timeline.publishing.exports._exporter import Exporter
from timeline.publishing.exports.jsonl import event_record
from timeline.query.provenance import (
    NOT_VERIFIED,
    according_to,
    actor_name,
    date_basis_text,
    history,
    report_summary,
    reported_text,
    source_ids,
    source_title,
)
from timeline.query.views import Timeline

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from timeline.model import Actor, Dataset, Event, Evidence, Source

__all__ = ["EXPORTER", "page_data", "render"]

_NO_ACTOR = ""  # the actor lane of an event without participants

_CSS = """\
:root{color-scheme:light;--ink:#1d2330;--muted:#5a6273;--line:#d5d9e2;--paper:#f6f7f9}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:var(--paper)}
header.page,footer.page{padding:1rem 1.25rem;background:#fff;border-bottom:1px solid var(--line)}
footer.page{border-top:1px solid var(--line);border-bottom:0;font-size:.875rem;color:var(--muted)}
h1{margin:0 0 .25rem;font-size:1.5rem;line-height:1.2}
.description{margin:.25rem 0 0;color:var(--muted)}
#controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin-top:.75rem}
#controls label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
#controls select{font:inherit;font-size:1rem;padding:.3rem;min-width:10rem;max-width:100%}
#shown{font-size:.875rem;color:var(--muted)}
.scroller{overflow-x:auto;padding:0 1.25rem 1rem}
.lanes{display:grid;grid-auto-flow:row dense;gap:.75rem;align-items:start}
.view-type .lanes{grid-template-columns:repeat(var(--type-lanes),minmax(11rem,1fr));
min-width:calc(var(--type-lanes)*11.75rem)}
.view-actor .lanes{grid-template-columns:repeat(var(--actor-lanes),minmax(11rem,1fr));
min-width:calc(var(--actor-lanes)*11.75rem)}
.view-type .card,.view-type .lane-head{grid-column:var(--type-lane)}
.view-actor .card,.view-actor .lane-head{grid-column:var(--actor-lane)}
.view-type .lane-heads.by-actor,.view-actor .lane-heads.by-type{display:none}
.lane-heads{position:sticky;top:0;z-index:1;padding:.5rem 0;background:var(--paper);
border-bottom:1px solid var(--line)}
.lane-head{font-weight:600;font-size:.85rem;color:var(--muted)}
.lane-head::first-letter{text-transform:uppercase}
h2.year{margin:1.25rem 0 .25rem;font-size:1.4rem}
h3.month{margin:.75rem 0 .5rem;font-size:1rem;color:var(--muted);font-weight:600}
.card{background:#fff;border:1px solid var(--line);border-left:.35rem solid
hsl(var(--hue) 55% 45%);border-radius:.4rem;padding:.6rem .75rem;overflow-wrap:anywhere}
.card h4{margin:.2rem 0 .35rem;font-size:1rem;line-height:1.3}
.date{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
.date-text{font-weight:400;color:var(--muted)}
.kind{margin:0;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;
color:hsl(var(--hue) 55% 32%)}
.summary{margin:.25rem 0}
.actors{margin:.35rem 0;padding:0;list-style:none;font-size:.9rem}
.role{color:var(--muted)}
blockquote{margin:.5rem 0 0;padding:.35rem .6rem;border-left:3px solid var(--line);
background:var(--paper);font-size:.9rem}
blockquote p{margin:0}
blockquote footer{margin-top:.25rem;font-size:.8rem;color:var(--muted)}
blockquote.citation{border-left-style:dashed;background:#fff}
.unverified{font-style:italic}
.date-basis{margin:0;font-size:.8rem;color:var(--muted)}
details.reports{margin:.5rem 0 0;font-size:.9rem}
details.reports summary{cursor:pointer;color:var(--muted)}
details.reports ol{margin:.35rem 0 0;padding-left:1.25rem}
details.reports li{margin-bottom:.35rem}
details.reports p{margin:0}
.sources{padding:0 1.25rem 1rem}
.sources li{overflow-wrap:anywhere}
@media (max-width:40rem){
.scroller{padding:0 .75rem 1rem}
.view-type .lanes,.view-actor .lanes{grid-template-columns:1fr;min-width:0}
.view-type .card,.view-actor .card{grid-column:1}
.lane-heads{display:none!important}
#controls label,#controls select{width:100%}
}
"""

_SCRIPT = """\
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var events = {};
  data.events.forEach(function (event) { events[event.id] = event; });
  var view = document.getElementById("timeline");
  var laneMode = document.getElementById("lane-mode");
  var actorFilter = document.getElementById("filter-actor");
  var typeFilter = document.getElementById("filter-type");
  var shown = document.getElementById("shown");

  function takesPart(event, actor) {
    return event.participants.some(function (p) { return p.actor === actor; });
  }

  function filter() {
    var actor = actorFilter.value;
    var type = typeFilter.value;
    var count = 0;
    var cards = view.querySelectorAll(".card");
    Array.prototype.forEach.call(cards, function (card) {
      var event = events[card.getAttribute("data-id")];
      var keep = Boolean(event) && (!type || event.type === type) &&
        (!actor || takesPart(event, actor));
      card.hidden = !keep;
      if (keep) { count += 1; }
    });
    var groups = view.querySelectorAll("section.month, section.year");
    Array.prototype.forEach.call(groups, function (group) {
      group.hidden = !group.querySelector(".card:not([hidden])");
    });
    shown.textContent = count === cards.length
      ? "All " + count + " events"
      : count + " of " + cards.length + " events";
  }

  function lanes() {
    view.className = "scroller view-" + laneMode.value;
  }

  laneMode.addEventListener("change", lanes);
  actorFilter.addEventListener("change", filter);
  typeFilter.addEventListener("change", filter);
  document.getElementById("controls").hidden = false;
  lanes();
  filter();
}());
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _label(value: str) -> str:
    """An enum value as a reader reads it: ``suicide_bombing`` as ``suicide bombing``."""
    return value.replace("_", " ")


def _heading(event: Event) -> tuple[str, str]:
    """The year and month headings an event stands under, in the timeline's order."""
    date = event.date
    if date.earliest is None:
        # An open start ("../2021-08-30") comes first in the order, before any known start.
        end = date.latest
        month = f"by {MONTH_NAMES[end.month - 1]} {end.year}" if end is not None else "date unknown"
        return "Start not known", month
    year = str(date.earliest.year)
    # The heading places the event by its start: the month is known when the start names one
    # (an interval's precision is its width, which says nothing of where it starts).
    start = parse_edtf(date.text.split("/")[0]) if date.is_interval else date
    if start.precision.is_coarser_than(Precision.MONTH):
        return year, f"{year}, month not known"
    return year, f"{MONTH_NAMES[date.earliest.month - 1]} {year}"


def _actor_lane(event: Event) -> str:
    return event.participants[0].actor if event.participants else _NO_ACTOR


def _hue(index: int) -> int:
    return (index * 47 + 210) % 360


def _evidence(
    evidence: Evidence, actors: Mapping[str, Actor], sources: Mapping[str, Source]
) -> str:
    """A piece of evidence as a blockquote: a quote checked against its text, or a citation
    (the curator's note, a quote if any, the locator) marked as not verified; its footer names
    the source and who the statement is attributed to."""
    footer = [f"<cite>{_e(source_title(evidence.source, sources))}</cite>"]
    if evidence.has_offsets:
        said = [f"<p>“{_e(evidence.quote)}”</p>"]
        kind = ""
    else:
        said = [f"<p>{_e(evidence.note)}</p>"] if evidence.note else []
        if evidence.quote is not None:
            said.append(f"<p>“{_e(evidence.quote)}”</p>")
        if evidence.locator:
            footer.append(_e(evidence.locator))
        footer.append(f'<span class="unverified">{_e(NOT_VERIFIED)}</span>')
        kind = ' class="citation"'
    if evidence.attribution is not None:
        footer.append(_e(according_to(evidence.attribution, actors, sources)))
    return f"<blockquote{kind}>{''.join(said)}<footer>— {', '.join(footer)}</footer></blockquote>"


def _reports(event: Event, actors: Mapping[str, Actor], sources: Mapping[str, Source]) -> str:
    """The history of the event's reports, folded: one item per report in order of report,
    when and by which source, what it gives, and its evidence."""
    entries = history(event, sources)
    if not entries:
        return ""
    items = []
    for entry in entries:
        when = reported_text(entry)
        gives = report_summary(entry.report, actors)
        quotes = "".join(_evidence(e, actors, sources) for e in entry.report.evidence)
        items.append(
            f'<li><p><span class="reported">{_e(when)}</span>, '
            f"<cite>{_e(source_title(entry.report.source, sources))}</cite>: {_e(gives)}</p>"
            f"{quotes}</li>"
        )
    count = f"{len(entries)} report{'' if len(entries) == 1 else 's'}"
    return (
        f'<details class="reports"><summary>History: {count}</summary>'
        f"<ol>{''.join(items)}</ol></details>"
    )


def _card(
    event: Event,
    actors: Mapping[str, Actor],
    sources: Mapping[str, Source],
    type_lanes: Sequence[str],
    actor_lanes: Sequence[str],
) -> str:
    type_lane = type_lanes.index(event.type.value)
    actor_lane = actor_lanes.index(_actor_lane(event))
    style = f"--type-lane:{type_lane + 1};--actor-lane:{actor_lane + 1};--hue:{_hue(type_lane)}"
    ids = " ".join(dict.fromkeys(p.actor for p in event.participants))
    lines = [
        f'<article class="card" id="event-{_e(event.id)}" data-id="{_e(event.id)}"'
        f' data-type="{_e(event.type.value)}" data-actors="{_e(ids)}" style="{style}">'
    ]
    date = f'<p class="date">{_e(describe_date(event.date))}'
    if event.date_text:
        date += f' <span class="date-text">(“{_e(event.date_text)}”)</span>'
    lines.append(date + "</p>")
    basis = date_basis_text(event, sources)
    if basis is not None:
        lines.append(f'<p class="date-basis">date {_e(basis)}</p>')
    kind = _e(_label(event.type.value))
    if event.subtype is not None:
        kind += f" · {_e(_label(event.subtype.value))}"
    lines.append(f'<p class="kind">{kind}</p>')
    lines.append(f"<h4>{_e(event.title)}</h4>")
    if event.summary:
        lines.append(f'<p class="summary">{_e(event.summary)}</p>')
    if event.place is not None:
        lines.append(f'<p class="place">{_e(event.place.name)}</p>')
    if event.participants:
        lines.append('<ul class="actors">')
        for participant in event.participants:
            name = actor_name(participant.actor, actors)
            role = _label(participant.role.value)
            if participant.attribution is not None:
                role += f", {participant.attribution.value}"
            lines.append(
                f'<li><span class="actor">{_e(name)}</span>'
                f' <span class="role">({_e(role)})</span></li>'
            )
        lines.append("</ul>")
    if event.fatalities is not None and event.fatalities.text:
        lines.append(f'<p class="fatalities">Deaths: {_e(event.fatalities.text)}</p>')
    lines += [_evidence(evidence, actors, sources) for evidence in event.evidence]
    reports = _reports(event, actors, sources)
    if reports:
        lines.append(reports)
    lines.append("</article>")
    return "\n".join(lines)


def _lane_heads(kind: str, lanes: Sequence[str], names: Mapping[str, str]) -> str:
    heads = "".join(
        f'<div class="lane-head" style="--{kind}-lane:{number}">{_e(names[lane])}</div>'
        for number, lane in enumerate(lanes, start=1)
    )
    return f'<div class="lanes lane-heads by-{kind}" aria-hidden="true">{heads}</div>'


def _options(choices: Sequence[tuple[str, str]], everything: str) -> str:
    options = [f'<option value="">{_e(everything)}</option>']
    options += [f'<option value="{_e(value)}">{_e(text)}</option>' for value, text in choices]
    return "".join(options)


def _source_item(source: Source) -> str:
    parts = [f"<cite>{_e(source.title)}</cite>"]
    if source.publisher:
        parts.append(_e(source.publisher))
    if source.published is not None:
        parts.append(_e(source.published.text))
    if source.citation:
        parts.append(_e(source.citation))
    if source.url:
        # As text, not as a link: the page itself refers to no address.
        parts.append(f'<span class="url">{_e(source.url)}</span>')
    return f"<li>{', '.join(parts)}</li>"


def page_data(dataset: Dataset) -> dict[str, Any]:
    """The JSON the page carries: the dataset's title and its events in chronological order."""
    return _page_data(Timeline(dataset))


def _page_data(view: Timeline) -> dict[str, Any]:
    dataset = view.dataset
    return {
        "id": dataset.id,
        "title": dataset.title,
        "version": dataset.version,
        "events": [
            event_record(event, view.actors, view.sources)
            | {"display_date": describe_date(event.date)}
            for event in view
        ],
    }


def _script_json(document: Mapping[str, Any]) -> str:
    """JSON that can stand inside a ``<script>`` element: no ``</`` and no ``<!--`` in it."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def render(dataset: Dataset) -> bytes:
    """The dataset as one self-contained HTML5 page (UTF-8, a line end at the end)."""
    view = Timeline(dataset)
    events = list(view)
    actors = view.actors
    sources = view.sources
    type_lanes = sorted({event.type.value for event in events})

    def by_name(actor_ids: set[str]) -> list[str]:
        return sorted(actor_ids, key=lambda i: (actor_name(i, actors), i))

    lane_ids = {_actor_lane(event) for event in events}
    actor_lanes = by_name(lane_ids - {_NO_ACTOR}) + ([_NO_ACTOR] if _NO_ACTOR in lane_ids else [])
    actor_names = {i: actor_name(i, actors) for i in actor_lanes} | {_NO_ACTOR: "No actor named"}
    taking_part = by_name({p.actor for event in events for p in event.participants})

    body: list[str] = []
    year = month = None
    for event in events:
        event_year, event_month = _heading(event)
        if (event_year, event_month) != (year, month):
            if month is not None:
                body.append("</div></section>")
            if event_year != year:
                if year is not None:
                    body.append("</section>")
                body.append(f'<section class="year"><h2 class="year">{_e(event_year)}</h2>')
            body.append(
                f'<section class="month"><h3 class="month">{_e(event_month)}</h3>'
                '<div class="lanes">'
            )
            year, month = event_year, event_month
        body.append(_card(event, actors, sources, type_lanes, actor_lanes))
    if month is not None:
        body.append("</div></section></section>")

    description = (
        f'<p class="description">{_e(dataset.description)}</p>' if dataset.description else ""
    )
    actor_choices = [(i, actor_name(i, actors)) for i in taking_part]
    type_choices = [(t, _label(t)) for t in type_lanes]
    cited = {source_id for event in events for source_id in source_ids(event)}
    used_sources = [source for source in dataset.sources if source.id in cited]
    page = f"""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="timeline export --to html">
<title>{_e(dataset.title)}</title>
<style>
{_CSS}</style>
</head>
<body>
<header class="page">
<h1>{_e(dataset.title)}</h1>
{description}
<form id="controls" hidden onsubmit="return false">
<label>Lanes <select id="lane-mode"><option value="type">by type</option>\
<option value="actor">by actor</option></select></label>
<label>Actor <select id="filter-actor">{_options(actor_choices, "All actors")}</select></label>
<label>Type <select id="filter-type">{_options(type_choices, "All types")}</select></label>
<output id="shown" for="filter-actor filter-type">All {len(events)} events</output>
</form>
</header>
<main id="timeline" class="scroller view-type" \
style="--type-lanes:{len(type_lanes)};--actor-lanes:{len(actor_lanes)}">
{_lane_heads("type", type_lanes, {t: _label(t) for t in type_lanes})}
{_lane_heads("actor", actor_lanes, actor_names)}
{chr(10).join(body)}
</main>
<section class="sources">
<h2>Sources</h2>
<ul>
{chr(10).join(_source_item(source) for source in used_sources)}
</ul>
</section>
<footer class="page">{_e(dataset.title)} ({_e(dataset.id)} {_e(dataset.version)}), \
licence {_e(dataset.license)}: {len(events)} events.</footer>
<script type="application/json" id="timeline-data">{_script_json(_page_data(view))}</script>
<script>
{_SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")


#: The HTML exporter.
EXPORTER = Exporter(
    name="html", suffix=".html", media_type="text/html; charset=utf-8", render=render
)
