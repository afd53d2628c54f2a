"""HTML: one self-contained page that shows the timeline, for reading in a browser.

The page needs no server and no network: its CSS and its script are inline, it loads no font,
no image and no script from anywhere, so it works opened from a file (``file://``).

It is a timeline drawn along a time axis, to scale but for long empty gaps, which are cut
(:mod:`timeline.publishing.exports._axis`). Each event is a row in the order of
:class:`~timeline.query.views.Timeline` (the order of ``timeline show``): its date as
``timeline show`` gives it (the derived bounds where they narrow the stated date, marked, the
stated date beneath: :func:`~timeline.query.provenance.narrowed_text`), its title and type on
the left, and on the axis its
derived bounds (:meth:`Timeline.bounds`) drawn as a bar, with a dot where the event is placed
(its derived earliest day, else its latest). An end the event's date states is drawn solid; an
end only the derived bounds close (a relation, a source's publication) is dashed and the bar
hatched; an end nothing closes fades out to the edge of the axis. Relations are drawn as
arrows from dot edge to dot edge (the script draws them once the rows are laid out: faint,
and clear for the event the reader points at, focuses or opens; an arrow between two lanes
only then) and listed in words. On a narrow screen no arrow is drawn: each card names its
relations under its title, with a link to the other event. Below each row, folded, are
its evidence and details: summary, place, actors with their roles, death toll, what each
bound rests on, relations, evidence with its sources (a quote checked against its text, or a
citation marked as not verified; a quote shown as written, in a blockquote, no marks added)
and the history of its reports.

The rows stand in lanes, by event type or by actor (an actor with its parts and members: the
lane of an event's first participant's topmost actor), and the controls filter them by actor
(its parts and members included, as ``timeline actor`` does), by type and by how certain the
date is. The axis and the lane headings stay at the top of the screen while the page scrolls.
On a narrow screen (a phone) each row stacks its words above its bar.

The rows are written into the HTML itself, so the page reads without JavaScript; the script
only switches the lanes, filters and draws the relations. The events are also in the page as
JSON (the JSON Lines fields, see :func:`timeline.publishing.exports.jsonl.event_record`, plus
``display_date``), with each actor's events (``actor_events``) and the relations, in
``<script type="application/json" id="timeline-data">``, with ``</`` written ``<\\/`` so no
text can end the script early. Every text is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from timeline.dates import MONTH_NAMES, describe_date
from timeline.publishing.exports._axis import Axis
from timeline.publishing.exports._exporter import Exporter
from timeline.publishing.exports.jsonl import event_record
from timeline.query.provenance import (
    NOT_VERIFIED,
    according_to,
    actor_name,
    date_basis_text,
    ends_text,
    history,
    narrowed_text,
    report_summary,
    reported_text,
    source_ids,
    source_title,
)
from timeline.query.views import AmbiguousActorError, Timeline
from timeline.temporal import BasisKind

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping, Sequence

    from timeline.model import Actor, Dataset, Event, Evidence, Source
    from timeline.temporal import Basis, Bounds

__all__ = ["CERTAINTIES", "EXPORTER", "page_data", "render"]

_NO_ACTOR = ""  # the actor lane of an event without participants

#: How certain an event's date is, as the certainty filter offers it: its date states one
#: day; its date states both ends; both ends are known but one only from its relations or its
#: sources' publication (to the day or not); an end is not known at all.
CERTAINTIES = {
    "day": "known to the day",
    "stated": "between stated dates",
    "derived": "narrowed by relations or sources",
    "open": "open-ended",
}

#: What the mark of a narrowed date says.
_NARROWED = (
    "the date narrowed by the event's relations or its sources' publication (its derived "
    "bounds; the details say what each end rests on)"
)

_CSS = """\
:root{color-scheme:light;--ink:#1d2330;--muted:#555d6e;--line:#d5d9e2;--paper:#f6f7f9;
--label:19rem;--axis-h:3rem;--rel:#6b4fa0}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:var(--paper)}
header.page,footer.page{padding:1rem 1.25rem;background:#fff;border-bottom:1px solid var(--line)}
footer.page{border-top:1px solid var(--line);border-bottom:0;font-size:.875rem;color:var(--muted)}
h1{margin:0 0 .25rem;font-size:1.5rem;line-height:1.2}
.description{margin:.25rem 0 0;color:var(--muted);max-width:60rem}
#controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin-top:.75rem}
#controls label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
#controls select{font:inherit;font-size:1rem;padding:.3rem;min-width:10rem;max-width:100%;
color:var(--ink)}
#shown{font-size:.9rem;color:var(--ink);font-weight:600;padding-bottom:.35rem}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.75rem 0 0;padding:0;
list-style:none;font-size:.8rem;color:var(--muted)}
.legend li{display:flex;align-items:center;gap:.4rem}
.legend .track{width:3.5rem;height:1rem;margin:0;flex:none}
.legend .bar{--x0:10%;--x1:90%}
.legend .arrow{color:var(--rel);font-weight:700}
main{position:relative;overflow:clip;padding:0 1.25rem 1rem}
#relations{position:absolute;left:0;top:0;z-index:0;pointer-events:none;overflow:hidden}
#relations path{fill:none;stroke:var(--rel);stroke-width:1.5;opacity:.14}
#relations path.lit{stroke-width:2.5;opacity:.95}
#relations path.across:not(.lit){visibility:hidden}
#relations marker path{fill:var(--rel);stroke:none;opacity:.8}
.axis{position:sticky;top:0;z-index:3;display:grid;
grid-template-columns:var(--label) minmax(0,1fr);height:var(--axis-h);
background:var(--paper);border-bottom:1px solid var(--ink)}
.axis-name{align-self:end;padding:0 .5rem .3rem 0;font-size:.8rem;color:var(--muted)}
.ticks{position:relative;margin:0 .75rem}
.tick{position:absolute;bottom:0;height:.45rem;border-left:1px solid var(--ink);
left:var(--x)}
.tick-label{position:absolute;bottom:.5rem;width:3.6rem;text-align:center;font-size:.72rem;
line-height:1.15;color:var(--ink);font-variant-numeric:tabular-nums;
left:clamp(0px,calc(var(--x) - 1.8rem),calc(100% - 3.6rem))}
.tick-label span{display:block;color:var(--muted)}
.gap{position:absolute;bottom:-.45rem;left:var(--x);transform:translateX(-50%);
padding:0 .15rem;background:var(--paper);font-size:.75rem;line-height:1;color:var(--muted);
letter-spacing:-.1em}
.lane{position:relative}
.lane-head{position:sticky;top:var(--axis-h);z-index:2;margin:0;padding:.35rem 0;
background:var(--paper);border-bottom:1px solid var(--line);font-size:1rem}
.lane-head::first-letter{text-transform:uppercase}
.lane-with{font-weight:400;font-size:.85rem;color:var(--muted)}
.event{position:relative;z-index:1;display:grid;
grid-template-columns:var(--label) minmax(0,1fr);align-items:center;
border-bottom:1px solid var(--line);padding:.35rem 0}
.label{padding-right:.5rem;min-width:0;overflow-wrap:anywhere;background:var(--paper)}
.when{margin:0;font-size:.85rem;font-variant-numeric:tabular-nums}
.date-text{color:var(--muted)}
.date-text q{quotes:none;font-style:italic}
.stated{margin:0;font-size:.8rem;color:var(--muted);font-variant-numeric:tabular-nums}
abbr.narrowed{text-decoration:none;cursor:help}
.title{margin:.05rem 0;font-size:.95rem;line-height:1.3}
.kind{margin:0;font-size:.72rem;text-transform:uppercase;letter-spacing:.03em;
color:hsl(var(--hue) 55% 30%)}
.track{position:relative;height:1.6rem;margin:0 .75rem}
.bar{position:absolute;top:.5rem;height:.6rem;left:var(--x0);
width:max(calc(var(--x1) - var(--x0)),0px);background:hsl(var(--hue) 55% 42%);
border-radius:1px}
.bar.soft{background:repeating-linear-gradient(135deg,hsl(var(--hue) 55% 42% / .7) 0 3px,
hsl(var(--hue) 55% 42% / .2) 3px 6px)}
.bar::before,.bar::after{content:"";position:absolute;top:-.3rem;height:1.2rem;
border-left:2px solid hsl(var(--hue) 55% 25%)}
.bar::before{left:-1px}
.bar::after{right:-1px}
.bar.start-derived::before,.bar.end-derived::after{border-left-style:dotted;
border-left-width:3px}
.bar.start-open::before,.bar.end-open::after{display:none}
.bar.start-open{-webkit-mask-image:linear-gradient(to right,transparent,#000 70%);
mask-image:linear-gradient(to right,transparent,#000 70%)}
.bar.end-open{-webkit-mask-image:linear-gradient(to left,transparent,#000 70%);
mask-image:linear-gradient(to left,transparent,#000 70%)}
.anchor{position:absolute;top:.4rem;left:var(--xa);width:.8rem;height:.8rem;
margin-left:-.4rem;border-radius:50%;background:#fff;border:3px solid hsl(var(--hue) 55% 30%)}
details.more{grid-column:1/-1;margin:.1rem 0 .2rem;font-size:.9rem}
details.more>summary{cursor:pointer;color:var(--muted);font-size:.8rem;width:max-content;
max-width:100%}
details.more[open]>summary{margin-bottom:.35rem}
.more-body{background:#fff;border:1px solid var(--line);border-left:.3rem solid
hsl(var(--hue) 55% 42%);border-radius:.3rem;padding:.5rem .75rem;overflow-wrap:anywhere;
max-width:60rem}
.more-body p{margin:.2rem 0}
.more-body ul{margin:.2rem 0;padding-left:1.1rem}
.bounds{color:var(--muted)}
.relations a{color:var(--rel)}
.links{margin:.15rem 0 0;padding:0;list-style:none;font-size:.8rem;color:var(--muted)}
.links li{margin:.1rem 0}
.links a{color:var(--rel)}
.narrow-only,.legend li.narrow-only{display:none}
blockquote{margin:.5rem 0 0;padding:.35rem .75rem;border-left:4px solid
hsl(var(--hue) 45% 62%);background:var(--paper);font-size:.9rem;font-style:italic}
blockquote p{margin:0}
blockquote footer{margin-top:.25rem;font-size:.8rem;font-style:normal;color:var(--muted)}
blockquote.citation{border-left:3px dashed var(--line);background:#fff;font-style:normal}
blockquote.citation p.quote{margin-top:.2rem;padding-left:.5rem;font-style:italic;
border-left:2px solid hsl(var(--hue) 45% 62%)}
.unverified{font-style:italic}
.date-basis{font-size:.8rem;color:var(--muted)}
details.reports{margin:.5rem 0 0}
details.reports summary{cursor:pointer;color:var(--muted)}
details.reports ol{margin:.35rem 0 0;padding-left:1.25rem}
details.reports li{margin-bottom:.35rem}
.sources{padding:0 1.25rem 1rem}
.sources li{overflow-wrap:anywhere}
@media (max-width:40rem){
:root{--axis-h:2.6rem}
header.page{padding:.75rem}
main{padding:0 .75rem 1rem}
.sources{padding:0 .75rem 1rem}
.axis,.event{grid-template-columns:minmax(0,1fr)}
.axis-name{display:none}
.ticks{margin:0 .5rem}
.wide-only,.legend li.wide-only,#relations{display:none}
.narrow-only{display:block}
.legend li.narrow-only{display:flex}
.track{margin:.15rem .5rem 0}
#controls{display:grid;grid-template-columns:1fr 1fr}
#controls select{width:100%;min-width:0}
}
"""

_SCRIPT = """\
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var main = document.getElementById("timeline");
  var rows = Array.prototype.slice.call(main.querySelectorAll("article.event"));
  // Every lane lists its events in the page's order (that of timeline show), whichever lane
  // mode first held them.
  var order = {};
  data.events.forEach(function (event, i) { order[event.id] = i; });
  rows.sort(function (a, b) {
    return order[a.getAttribute("data-id")] - order[b.getAttribute("data-id")];
  });
  var rowOf = {};
  rows.forEach(function (row) { rowOf[row.getAttribute("data-id")] = row; });
  var laneMode = document.getElementById("lane-mode");
  var actorFilter = document.getElementById("filter-actor");
  var typeFilter = document.getElementById("filter-type");
  var certaintyFilter = document.getElementById("filter-certainty");
  var shown = document.getElementById("shown");
  var svg = document.getElementById("relations");
  var SVG = svg.namespaceURI;

  function lanes() {
    var mode = laneMode.value;
    var box = main.querySelector(".lanes.by-" + mode);
    rows.forEach(function (row) {
      var lane = box.querySelector('[data-lane="' + row.getAttribute("data-lane-" + mode) + '"]');
      lane.querySelector(".rows").appendChild(row);
    });
    Array.prototype.forEach.call(main.querySelectorAll(".lanes"), function (each) {
      each.hidden = each !== box;
    });
    filter();
  }

  function filter() {
    var actor = actorFilter.value;
    var type = typeFilter.value;
    var certainty = certaintyFilter.value;
    var ofActor = actor ? data.actor_events[actor] || [] : null;
    var count = 0;
    rows.forEach(function (row) {
      var keep = (!ofActor || ofActor.indexOf(row.getAttribute("data-id")) >= 0) &&
        (!type || row.getAttribute("data-type") === type) &&
        (!certainty || row.getAttribute("data-certainty") === certainty);
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    Array.prototype.forEach.call(main.querySelectorAll("section.lane"), function (lane) {
      lane.hidden = !lane.querySelector("article.event:not([hidden])");
    });
    var noun = rows.length === 1 ? " event" : " events";
    shown.textContent = rows.length === 1 && count === 1
      ? "The one event"
      : count === rows.length
      ? "All " + count + noun
      : count + " of " + rows.length + noun;
    draw();
  }

  // On a narrow screen the rows stack and an arrow would cross every card between its ends:
  // the cards name their relations instead (.links), and no arrow is drawn.
  var narrow = window.matchMedia("(max-width: 40rem)");

  function dot(row, box) {
    var place = row.querySelector(".anchor").getBoundingClientRect();
    return {x: place.left + place.width / 2 - box.left, y: place.top + place.height / 2 - box.top,
      r: place.height / 2};
  }

  function draw() {
    var box = main.getBoundingClientRect();
    svg.setAttribute("width", String(Math.floor(box.width)));
    svg.setAttribute("height", String(Math.floor(box.height)));
    Array.prototype.slice.call(svg.querySelectorAll("path.relation")).forEach(function (old) {
      svg.removeChild(old);
    });
    if (narrow.matches) { return; }
    data.relations.forEach(function (relation) {
      var from = rowOf[relation.from];
      var to = rowOf[relation.to];
      if (!from || !to || from.hidden || to.hidden) { return; }
      // From the edge of one dot to the edge of the other, leaving and reaching each
      // upright, so that the head of the arrow touches the dot it points at.
      var a = dot(from, box);
      var b = dot(to, box);
      var down = b.y > a.y ? 1 : -1;
      var y0 = a.y + down * a.r;
      var y1 = b.y - down * b.r;
      var middle = (y0 + y1) / 2;
      var path = document.createElementNS(SVG, "path");
      // Between two lanes an arrow runs behind the headings between them: it is drawn
      // only while one of its events is pointed at, focused or open.
      var across = from.closest("section.lane") !== to.closest("section.lane");
      path.setAttribute("class", across ? "relation across" : "relation");
      path.setAttribute("data-across", across ? "yes" : "");
      path.setAttribute("d", "M" + a.x + " " + y0 + " C" + a.x + " " + middle + " " +
        b.x + " " + middle + " " + b.x + " " + y1);
      path.setAttribute("marker-end", "url(#arrow)");
      path.setAttribute("data-from", relation.from);
      path.setAttribute("data-to", relation.to);
      var title = document.createElementNS(SVG, "title");
      title.textContent = relation.words;
      path.appendChild(title);
      svg.appendChild(path);
    });
    light();
  }

  // The relations of the event the reader points at, focuses or opens stand out; the others
  // stay faint, so that the lines do not cross the page for nothing.
  var pointed = null;
  function light() {
    var open = {};
    Array.prototype.forEach.call(main.querySelectorAll("details[open]"), function (fold) {
      var row = fold.closest("[data-id]");
      if (row) { open[row.getAttribute("data-id")] = true; }
    });
    if (pointed) { open[pointed] = true; }
    Array.prototype.forEach.call(svg.querySelectorAll("path.relation"), function (path) {
      var lit = open[path.getAttribute("data-from")] || open[path.getAttribute("data-to")];
      var across = path.getAttribute("data-across") ? " across" : "";
      path.setAttribute("class", "relation" + across + (lit ? " lit" : ""));
    });
  }
  function point(event) {
    var row = event.target.closest ? event.target.closest("[data-id]") : null;
    var id = row ? row.getAttribute("data-id") : null;
    if (id !== pointed) { pointed = id; light(); }
  }
  main.addEventListener("mouseover", point);
  main.addEventListener("focusin", point);

  laneMode.addEventListener("change", lanes);
  actorFilter.addEventListener("change", filter);
  typeFilter.addEventListener("change", filter);
  certaintyFilter.addEventListener("change", filter);
  main.addEventListener("toggle", draw, true);
  window.addEventListener("resize", draw);
  narrow.addEventListener("change", draw);
  document.getElementById("controls").hidden = false;
  lanes();
}());
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _label(value: str) -> str:
    """An enum value as a reader reads it: ``suicide_bombing`` as ``suicide bombing``."""
    return value.replace("_", " ")


def _day_words(day: datetime.date) -> str:
    """``26 August 2021``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _hue(index: int) -> int:
    return (index * 47 + 210) % 360


def _certainty(bounds: Bounds) -> str:
    """The key of :data:`CERTAINTIES` that describes these bounds."""
    if bounds.earliest is None or bounds.latest is None:
        return "open"
    stated = BasisKind.DATE
    if bounds.earliest_basis.kind is not stated or bounds.latest_basis.kind is not stated:
        return "derived"
    return "day" if bounds.earliest == bounds.latest else "stated"


def _end_state(day: datetime.date | None, basis: Basis) -> str:
    """How an end is drawn: ``stated`` by the date, ``derived`` from elsewhere, or ``open``."""
    if day is None:
        return "open"
    return "stated" if basis.kind is BasisKind.DATE else "derived"


def _bounds_words(event: Event, bounds: Bounds, view: Timeline) -> str:
    """The derived bounds in words, each end with what it rests on in the words of
    ``timeline show`` (:func:`~timeline.query.provenance.basis_text`): ``earliest 30 August
    2021 (it responds to …: a response comes on or after what it responds to)``."""
    ends = []
    for name, day, why in ends_text(event, bounds, view.event, view.sources):
        if day is None:
            ends.append(f"{name} not known")
        else:
            ends.append(f"{name} {_day_words(day)} ({why})")
    return "; ".join(ends)


def _lane_root(actor_id: str, actors: Mapping[str, Actor]) -> str:
    """The topmost actor above this one: through ``part_of``, else its first affiliation."""
    seen = {actor_id}
    while True:
        actor = actors.get(actor_id)
        if actor is None:
            return actor_id
        above = actor.part_of
        if above is None and actor.affiliations:
            above = actor.affiliations[0].actor
        if above is None or above in seen:
            return actor_id
        seen.add(above)
        actor_id = above


def _actor_lane(event: Event, actors: Mapping[str, Actor]) -> str:
    if not event.participants:
        return _NO_ACTOR
    return _lane_root(event.participants[0].actor, actors)


def _evidence(
    evidence: Evidence, actors: Mapping[str, Actor], sources: Mapping[str, Source]
) -> str:
    """A piece of evidence as a blockquote: a quote checked against its text, or a citation
    (the curator's note, a quote if any, the locator) marked as not verified; its footer names
    the source and who the statement is attributed to."""
    footer = [f"<cite>{_e(source_title(evidence.source, sources))}</cite>"]
    if evidence.has_offsets:
        said = [f"<p>{_e(evidence.quote or '')}</p>"]
        kind = ""
    else:
        said = [f"<p>{_e(evidence.note)}</p>"] if evidence.note else []
        if evidence.quote is not None:
            said.append(f'<p class="quote">{_e(evidence.quote)}</p>')
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


def _relation_items(event: Event, view: Timeline) -> list[str]:
    """The event's relations both ways as list items, each a link to the other event's row:
    ``claims responsibility for → <the attack>``, ``<the claim> claims responsibility for →
    this``."""
    items = [
        f"<li>{_e(_label(linked.type.value))} → "
        f'<a href="#event-{_e(linked.event.id)}">{_e(linked.event.title)}</a></li>'
        for linked in view.related_from(event.id)
    ]
    items += [
        f'<li><a href="#event-{_e(linked.event.id)}">{_e(linked.event.title)}</a> '
        f"{_e(_label(linked.type.value))} → this</li>"
        for linked in view.related_to(event.id)
    ]
    return items


def _relations(event: Event, view: Timeline) -> str:
    """The event's relations in its details."""
    items = _relation_items(event, view)
    if not items:
        return ""
    return f'<p>Relations:</p><ul class="relations">{"".join(items)}</ul>'


def _details(event: Event, view: Timeline, bounds: Bounds) -> str:
    """The folded part of a row: what the row does not show, and the evidence."""
    actors, sources = view.actors, view.sources
    lines = []
    if event.summary:
        lines.append(f'<p class="summary">{_e(event.summary)}</p>')
    lines.append(
        f'<p class="bounds">Placed by its bounds: {_e(_bounds_words(event, bounds, view))}.</p>'
    )
    basis = date_basis_text(event, sources)
    if basis is not None:
        lines.append(f'<p class="date-basis">date {_e(basis)}</p>')
    if event.place is not None:
        lines.append(f'<p class="place">Place: {_e(event.place.name)}</p>')
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
    lines.append(_relations(event, view))
    lines += [_evidence(evidence, actors, sources) for evidence in event.evidence]
    lines.append(_reports(event, actors, sources))
    return (
        '<details class="more"><summary>Evidence and details</summary>'
        f'<div class="more-body">{"".join(lines)}</div></details>'
    )


def _row(event: Event, view: Timeline, axis: Axis, hue: int, actor_lane: str) -> str:
    """An event as a row: its words, its bounds on the axis, its details folded."""
    bounds = view.bounds(event.id)
    start = _end_state(bounds.earliest, bounds.earliest_basis)
    end = _end_state(bounds.latest, bounds.latest_basis)
    x0 = axis.x(bounds.earliest)
    x1 = max(x0, axis.x(bounds.latest, end=True))
    anchor = axis.x(bounds.earliest if bounds.earliest is not None else bounds.latest)
    soft = "" if start == end == "stated" else " soft"
    style = f"--hue:{hue};--x0:{x0}%;--x1:{x1}%;--xa:{anchor}%"
    # The date as `timeline show` gives it: the derived bounds where they narrow the stated
    # date, marked, with the stated date beneath.
    stated = _e(describe_date(event.date))
    if event.date_text:
        stated += f' <span class="date-text">(from <q>{_e(event.date_text)}</q>)</span>'
    narrowed = narrowed_text(event, bounds)
    if narrowed is None:
        when = f'<p class="when">{stated}</p>'
    else:
        when = (
            f'<p class="when">{_e(narrowed)} <abbr class="narrowed" title="{_e(_NARROWED)}">'
            f'*</abbr></p><p class="stated">stated {stated}</p>'
        )
    kind = _e(_label(event.type.value))
    if event.subtype is not None:
        kind += f" · {_e(_label(event.subtype.value))}"
    if event.status.value != "occurred":
        kind += f" · {_e(event.status.value)}"
    place = _bounds_words(event, bounds, view)
    # On a narrow screen, where no arrow is drawn, the card names its relations.
    items = _relation_items(event, view)
    links = f'<ul class="links narrow-only">{"".join(items)}</ul>' if items else ""
    return (
        f'<article class="event" id="event-{_e(event.id)}" data-id="{_e(event.id)}"'
        f' data-type="{_e(event.type.value)}" data-lane-type="{_e(event.type.value)}"'
        f' data-lane-actor="{_e(actor_lane)}" data-certainty="{_certainty(bounds)}"'
        f' style="{style}">\n'
        f'<div class="label">{when}'
        f'<h3 class="title">{_e(event.title)}</h3><p class="kind">{kind}</p>{links}</div>\n'
        f'<div class="track" role="img" aria-label="{_e(place)}" title="{_e(place)}">'
        f'<span class="bar start-{start} end-{end}{soft}"></span>'
        f'<span class="anchor"></span></div>\n'
        f"{_details(event, view, bounds)}\n</article>"
    )


def _lane(key: str, heading: str, rows: Sequence[str], with_text: str = "") -> str:
    extra = f' <span class="lane-with">{_e(with_text)}</span>' if with_text else ""
    return (
        f'<section class="lane" data-lane="{_e(key)}">'
        f'<h2 class="lane-head">{_e(heading)}{extra}</h2>'
        f'<div class="rows">{chr(10).join(rows)}</div></section>'
    )


def _scale_words(axis: Axis) -> str:
    """What the axis does, in words: ``to scale; gaps of more than 91 days without an event
    cut, marked //`` (the cut only when it cuts a gap)."""
    if not axis.cuts():
        return "to scale"
    return f"to scale; gaps of more than {axis.long_days} days without an event cut, marked //"


def _axis_html(axis: Axis) -> str:
    parts = []
    for tick in axis.ticks():
        only = "" if tick.wide and tick.narrow else " wide-only" if tick.wide else " narrow-only"
        first, second = tick.label()
        below = f"<span>{_e(second)}</span>" if second else ""
        place = f'style="--x:{tick.x}%" data-day="{tick.day.isoformat()}"'
        parts.append(
            f'<span class="tick{only}" {place}></span>'
            f'<span class="tick-label{only}" {place}>{_e(first)}{below}</span>'
        )
    for cut in axis.cuts():
        parts.append(
            f'<span class="gap" style="--x:{cut.x}%"'
            f' title="{cut.days} days without an event, cut">//</span>'
        )
    return (
        f'<div class="axis"><div class="axis-name">Time ({_e(_scale_words(axis))})</div>'
        f'<div class="ticks">{"".join(parts)}</div></div>'
    )


_LEGEND = """\
<ul class="legend">
<li class="scale">Time {scale}</li>
<li><span class="track" style="--hue:210"><span class="bar start-stated end-stated"></span>\
</span>dates the source states</li>
<li><span class="track" style="--hue:210"><span class="bar start-derived end-stated soft">\
</span></span>an end known only from relations or sources (dotted)</li>
<li><span class="track" style="--hue:210"><span class="bar start-open end-stated soft">\
</span></span>an end not known</li>
<li>* a date narrowed by relations or sources, the stated date beneath</li>
<li class="wide-only"><span class="arrow">→</span>a relation (a claim → what it claims): \
point at an event to see its own</li>
<li class="narrow-only"><span class="arrow">→</span>a relation, named under the event with \
a link to the other one</li>
</ul>"""


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


def _actor_events(view: Timeline) -> dict[str, list[str]]:
    """Each actor's events with its parts' and members', as ``timeline actor`` lists them
    (the actors without any left out)."""
    found = {}
    for actor in view.dataset.actors:
        try:
            rows = view.actor_events(actor.id, include_parts=True, include_members=True)
            ids = list(dict.fromkeys(row.event.id for row in rows))
        except AmbiguousActorError:
            # An id that is also another actor's name or alias: `timeline actor` refuses it
            # too; the filter keeps the events the actor itself takes part in.
            ids = [e.id for e in view if any(p.actor == actor.id for p in e.participants)]
        if ids:
            found[actor.id] = ids
    return found


def page_data(dataset: Dataset) -> dict[str, Any]:
    """The JSON the page carries: the dataset's title, its events in the timeline's order,
    each actor's events (with its parts' and members') and the relations."""
    return _page_data(Timeline(dataset))


def _page_data(view: Timeline) -> dict[str, Any]:
    dataset = view.dataset
    return {
        "id": dataset.id,
        "title": dataset.title,
        "version": dataset.version,
        "events": [
            event_record(event, view.actors, view.sources, bounds=view.bounds(event.id))
            | {"display_date": describe_date(event.date)}
            for event in view
        ],
        "actor_events": _actor_events(view),
        "relations": [
            {
                "from": event.id,
                "to": relation.event,
                "type": relation.type.value,
                "words": f"{event.title} {_label(relation.type.value)} "
                f"{view.event(relation.event).title}",
            }
            for event in view
            for relation in event.relations
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
    derived = [view.bounds(event.id) for event in events]
    axis = Axis.through(
        day for bounds in derived for day in (bounds.earliest, bounds.latest) if day is not None
    )
    # Lanes in the order of their first event, so that the page opens on the earliest one.
    type_lanes = list(dict.fromkeys(event.type.value for event in events))
    hues = {t: _hue(i) for i, t in enumerate(type_lanes)}

    def by_name(actor_ids: set[str]) -> list[str]:
        return sorted(actor_ids, key=lambda i: (actor_name(i, actors), i))

    lane_of = {event.id: _actor_lane(event, actors) for event in events}
    lane_ids = set(lane_of.values())
    actor_lanes = [lane for lane in dict.fromkeys(lane_of[e.id] for e in events) if lane] + (
        [_NO_ACTOR] if _NO_ACTOR in lane_ids else []
    )
    rows = {
        event.id: _row(event, view, axis, hues[event.type.value], lane_of[event.id])
        for event in events
    }

    type_html = [
        _lane(t, _label(t), [rows[e.id] for e in events if e.type.value == t]) for t in type_lanes
    ]
    actor_html = []
    for lane in actor_lanes:
        first = by_name(
            {e.participants[0].actor for e in events if lane_of[e.id] == lane and e.participants}
            - {lane}
        )
        with_text = f"with {', '.join(actor_name(i, actors) for i in first)}" if first else ""
        heading = actor_name(lane, actors) if lane else "No actor named"
        actor_html.append(_lane(lane, heading, [], with_text))

    description = (
        f'<p class="description">{_e(dataset.description)}</p>' if dataset.description else ""
    )
    actor_events = _actor_events(view)
    actor_choices = [(i, actor_name(i, actors)) for i in by_name(set(actor_events))]
    type_choices = [(t, _label(t)) for t in sorted(type_lanes)]
    certainty_choices = list(CERTAINTIES.items())
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
<label>Date <select id="filter-certainty">\
{_options(certainty_choices, "Any certainty")}</select></label>
<output id="shown" for="filter-actor filter-type filter-certainty">\
{"The one event" if len(events) == 1 else f"All {len(events)} events"}</output>
</form>
{_LEGEND.format(scale=_e(_scale_words(axis)))}
</header>
<main id="timeline">
<svg id="relations" aria-hidden="true"><defs><marker id="arrow" viewBox="0 0 10 10" \
refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
<path d="M0 0L10 5L0 10z"/></marker></defs></svg>
{_axis_html(axis)}
<div class="lanes by-type">
{chr(10).join(type_html)}
</div>
<div class="lanes by-actor" hidden>
{chr(10).join(actor_html)}
</div>
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
    name="html",
    summary="one self-contained page that shows the timeline",
    suffix=".html",
    media_type="text/html; charset=utf-8",
    render=render,
)
