"""The ``html`` export: one self-contained page, checked as text and in headless Chromium."""

from __future__ import annotations

import datetime
import html
import itertools
import json
import re

import attrs
import pytest

import timeline
from tests import generated_timeline
from tests.conftest import DATA
from timeline import Timeline, load, load_default
from timeline.dates import parse_edtf
from timeline.model import EventType, RelationType
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports._axis import Axis
from timeline.publishing.exports.html import CERTAINTIES

MINIMAL = DATA / "valid" / "minimal.json"
MARKUP_TITLE = "<script>alert(1)</script> & <b>bold</b>"
DATA_SCRIPT = re.compile(
    r'<script type="application/json" id="timeline-data">(.*?)</script>', re.DOTALL
)
# Every place a page can refer to an address: src and href attributes, CSS url(), @import.
REFERENCES = re.compile(
    r"""(?:\b(?:src|href|action|poster|srcset)\s*=\s*["']?[^"'\s>]*"""
    r"""|url\(\s*["']?[^)]*|@import[^;]*)""",
    re.IGNORECASE,
)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Any request that tries to leave file:// fails: no name resolves, the proxy is closed.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
)


@pytest.fixture(scope="module", params=["seed", "minimal"])
def dataset(request):
    return load_default() if request.param == "seed" else load(MINIMAL)


def _page(dataset) -> str:
    return FORMATS["html"].render(dataset).decode("utf-8")


def _without_data(page: str) -> str:
    """The page without its JSON data and without the sources' addresses shown as text."""
    page = DATA_SCRIPT.sub("", page)
    return re.sub(r'<span class="url">.*?</span>', "", page)


def test_registered_as_html():
    exporter = FORMATS["html"]
    assert (exporter.suffix, exporter.media_type) == (".html", "text/html; charset=utf-8")


def test_a_complete_html5_page(dataset):
    page = _page(dataset)
    assert page.startswith("<!DOCTYPE html>\n<html lang=")
    assert page.endswith("</html>\n")
    assert '<meta charset="utf-8">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media (max-width:" in page


def test_the_page_refers_to_no_address(dataset):
    page = _page(dataset)
    for reference in REFERENCES.findall(page):
        assert "//" not in reference, reference
    # The only addresses in the page come from the dataset: in the JSON data and in the text.
    assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}", _without_data(page), re.I)
    assert "<link" not in page
    assert "<img" not in page
    assert "<iframe" not in page
    assert not re.search(r"<script[^>]*\bsrc", page)


def test_a_source_url_is_text_not_a_link():
    seed = load_default()
    with_url = attrs.evolve(
        seed,
        sources=tuple(attrs.evolve(s, url="https://example.org/a?b=1&c=2") for s in seed.sources),
    )
    page = _page(with_url)
    assert '<span class="url">https://example.org/a?b=1&amp;c=2</span>' in page
    # The only links are to the page's own rows (a relation's other event).
    assert set(re.findall(r'href="([^"#]*)', page)) <= {""}
    assert not re.search(r"https?:", _without_data(page))


def test_every_event_is_a_row_in_the_timelines_order(dataset):
    page = _page(dataset)
    order = [event.id for event in Timeline(dataset)]
    rows = re.findall(
        r'<article class="event" id="event-([^"]+)" data-id="[^"]+" data-type="([^"]+)"', page
    )
    assert sorted(event_id for event_id, _ in rows) == sorted(order)
    # The rows stand in lanes by type (as the page opens), each lane in the timeline's order,
    # the lanes in the order of their first event.
    types_of = {event.id: event.type.value for event in dataset.events}
    types = [event_type for _, event_type in rows]
    lanes = list(dict.fromkeys(types))
    assert lanes == list(dict.fromkeys(types_of[event_id] for event_id in order))
    for event_type in set(types):
        lane = [event_id for event_id, t in rows if t == event_type]
        assert lane == [event_id for event_id in order if types_of[event_id] == event_type]
    for event in dataset.events:
        assert f'<h3 class="title">{html.escape(event.title)}</h3>' in page


def _axis_of(page: str) -> str:
    axis = page[page.index('<div class="axis">') :]
    return axis[: axis.index("</div></div>")]


def test_the_seed_axis_cuts_the_months_before_august_2021():
    seed = load_default()
    axis = _axis_of(_page(seed))
    # The agreement's stretch is labelled by its day; August 2021 by every other day on a wide
    # screen, by Mondays on a phone (but the 16th, too close to the agreement's label).
    assert '<span class="tick-label" style="--x:10.353%" data-day="2020-02-29">29 Feb' in axis
    assert 'data-day="2021-08-30">30 Aug<span>2021</span>' in axis
    assert re.findall(r'class="tick-label(?: narrow-only)?"[^>]*data-day="([^"]+)"', axis) == [
        "2020-02-29",
        "2021-08-23",
        "2021-08-30",
    ]
    # One cut: the 18 months between the agreement and August 2021, as the name says.
    assert axis.count('class="gap"') == 1
    assert 'title="533 days without an event, cut">//' in axis
    assert "Time (to scale; gaps of more than 91 days without an event cut, marked //)" in axis
    page = _page(seed)
    legend = page[page.index('<ul class="legend">') :]
    assert "Time to scale; gaps of more than 91 days without an event cut, marked //" in legend


def test_an_axis_without_a_long_gap_says_only_to_scale():
    document = generated_timeline.timeline_document()
    page = _page(timeline.loads(json.dumps(document)))
    axis = _axis_of(page)
    assert 'class="gap"' not in axis
    assert "Time (to scale)" in axis
    # Two years: quarters on a wide screen, half years on a phone, labelled by the month.
    assert ">Apr<span>2020</span>" in axis
    assert re.findall(r'class="tick-label"[^>]*data-day="([^"]+)"', axis) == [
        "2020-01-01",
        "2020-07-01",
        "2021-01-01",
        "2021-07-01",
    ]


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("days", "cut"),
    [
        # Equal days, equal widths: one scale along the axis; a gap is cut only when long.
        (["2021-08-01", "2021-08-11", "2021-08-31"], False),
        (["2020-01-01", "2020-01-15", "2020-02-10", "2020-03-01"], False),
        (["2019-01-01", "2021-08-01", "2021-08-20"], True),
        (["2015-06-01", "2015-06-03", "2019-01-01", "2019-01-05", "2024-12-31"], True),
    ],
)
def test_the_axis_is_linear_within_each_stretch(days, cut):
    axis = Axis.through(_day(d) for d in days)
    assert bool(axis.cuts()) is cut
    for stretch in axis.stretches:
        inside = [_day(d) for d in days if stretch.first <= _day(d).toordinal() <= stretch.last]
        for a, b in itertools.pairwise(inside):
            assert axis.x(b) - axis.x(a) == pytest.approx((b - a).days * axis.scale, abs=0.002)
    for cut_gap in axis.cuts():
        assert cut_gap.days > axis.long_days
    # The later day always stands further along, a cut or not.
    places = [axis.x(_day(d)) for d in days]
    assert places == sorted(places)
    assert len(set(places)) == len(places)


@pytest.mark.parametrize(
    ("date", "bar"),
    [
        # How each end is drawn: stated by the date, derived from elsewhere, or open.
        ("2021-08-26", "start-stated end-stated"),
        ("2021-08-20/2021-08-24", "start-stated end-stated"),
        ("2021-08-26/..", "start-stated end-derived soft"),  # its source's publication
        ("../2021-08-26", "start-open end-stated soft"),
    ],
)
def test_the_bar_says_how_each_end_is_known(date, bar):
    dataset = load(MINIMAL)
    bombing = attrs.evolve(dataset.events[0], date=parse_edtf(date))
    page = _page(attrs.evolve(dataset, events=(bombing, *dataset.events[1:])))
    row = page[page.index(f'id="event-{bombing.id}"') :]
    assert f'<span class="bar {bar}"></span>' in row[: row.index("</article>")]


def test_a_bound_a_relation_closes_is_drawn_derived():
    page = _page(load_default())
    row = page[page.index('id="event-taliban-threaten-countermeasures"') :]
    row = row[: row.index("</article>")]
    assert '<span class="bar start-derived end-stated soft"></span>' in row
    assert (
        "earliest 30 August 2021 (it responds to Rocket attack on Kabul airport"
        " (kabul-airport-rocket-attack): a response comes on or after what it responds to)"
        in html.unescape(row)
    )
    assert 'data-certainty="derived"' in row  # known to the day only once derived


@pytest.mark.parametrize(
    "quote",
    [
        "plain words, neither end marked",
        "“We will fight,” he said",  # begins with a mark
        "At the moment, it is calm, said the spokesman. “That takes a lot of patience.”",
        '"Enough"',  # both
        "he said: «non»",
    ],
)
def test_a_quote_is_shown_as_written_in_a_blockquote(quote):
    dataset = load(MINIMAL)
    bombing = dataset.events[0]
    first = bombing.evidence[0]
    assert first.start is not None
    quoted = attrs.evolve(first, quote=quote, end=first.start + len(quote))
    evidence = (quoted, *bombing.evidence[1:])
    bombing = attrs.evolve(bombing, evidence=evidence)
    page = _page(attrs.evolve(dataset, events=(bombing, *dataset.events[1:])))
    # No mark added at either end, whatever the quote begins or ends with: the blockquote
    # shows that it is a quote.
    assert f"<blockquote><p>{html.escape(quote)}</p>" in page
    assert "blockquote{" in page


def test_no_quote_of_the_seed_shows_added_marks():
    seed = load_default()
    page = html.unescape(_page(seed))
    assert not re.search('““|””|“"|"”', page)
    for event in seed.events:
        for evidence in event.evidence:
            if evidence.quote is not None and evidence.has_offsets:
                assert f"<blockquote><p>{evidence.quote}</p>" in page


def test_card_details_of_the_minimal_bombing():
    page = _page(load(MINIMAL))
    card = page[page.index('id="event-kabul-airport-bombing"') :]
    card = card[: card.index("</article>")]
    assert '<p class="when">2021-08-26</p>' in card
    assert "attack · suicide bombing" in card
    assert "Islamic State – Khorasan Province" in card
    assert "(perpetrator)" in card
    assert "A suicide bomber struck the airport gate" in card
    assert "<cite>Attack at the airport</cite>" in card


def test_filters_list_the_actors_and_types(dataset):
    page = _page(dataset)
    for event in dataset.events:
        assert f'<option value="{event.type.value}">' in page
        for participant in event.participants:
            assert f'<option value="{participant.actor}">' in page
    assert '<select id="lane-mode">' in page
    for certainty in CERTAINTIES:
        assert f'<option value="{certainty}">' in page


def test_markup_in_a_title_is_escaped():
    minimal = load(MINIMAL)
    events = tuple(
        attrs.evolve(e, title=MARKUP_TITLE) if e.id == "kabul-airport-bombing-claim" else e
        for e in minimal.events
    )
    page = _page(attrs.evolve(minimal, events=events))
    assert MARKUP_TITLE not in page
    assert "<b>bold</b>" not in page
    assert f'<h3 class="title">{html.escape(MARKUP_TITLE)}</h3>' in page
    # Only the page's own two scripts end with </script>: the title's cannot.
    assert page.count("</script>") == 2
    data = json.loads(DATA_SCRIPT.search(page).group(1))
    assert MARKUP_TITLE in [event["title"] for event in data["events"]]


def test_the_json_data_holds_the_events_in_order(dataset):
    match = DATA_SCRIPT.search(_page(dataset))
    assert match is not None
    data = json.loads(match.group(1))
    assert [event["id"] for event in data["events"]] == [e.id for e in Timeline(dataset)]
    assert all("display_date" in event for event in data["events"])


def test_two_renders_give_the_same_bytes(dataset):
    assert FORMATS["html"].render(dataset) == FORMATS["html"].render(dataset)


COMPLETE = DATA / "valid" / "complete.json"


def test_card_shows_citations_attribution_date_basis_and_reports():
    page = _page(load(COMPLETE))
    card = page[page.index('id="event-kabul-airport-bombing"') :]
    card = card[: card.index("</article>")]
    assert (
        '<p class="date-basis">date taken from another source: '
        "A wire report without a stored text (wire)</p>" in card
    )
    assert '<span class="role">(perpetrator, claimed)</span>' in card
    # The quote checked against its text, then the citation marked as not verified.
    assert (
        "<blockquote><p>A suicide bomber struck the airport gate</p>"
        "<footer>— <cite>Attack at the airport</cite></footer></blockquote>" in card
    )
    assert (
        '<blockquote class="citation"><p>the wire gives 183 dead, 13 of them US service '
        'members</p><p class="quote">plus de cent morts</p><footer>— <cite>A wire report without '
        'a stored text</cite>, para. 2, <span class="unverified">not verified against a text'
        "</span>, "
        "according to the group&#x27;s own statement</footer></blockquote>" in card
    )
    # The history, folded: the reports in order of report.
    history = card[card.index('<details class="reports"><summary>History: 2 reports</summary>') :]
    assert history.index("2021-08</span>, <cite>A wire report") < history.index(
        "2021-08-28</span>, <cite>Attack at the airport</cite>: date 2021-08-26 (from “26 August”)"
    )
    assert "perpetrators Islamic State – Khorasan Province (claimed)" in history
    # Both sources behind the event are listed, the one without a text too.
    sources = page[page.index('<section class="sources">') :]
    assert "<cite>A wire report without a stored text</cite>" in sources


def test_the_generated_dataset_has_a_bit_of_everything_the_page_draws():
    document = generated_timeline.timeline_document()
    problems = list(timeline.iter_problems(document))
    # Valid: its evidence are citations, which no text can confirm (warnings only).
    assert {p.code for p in problems} <= {"evidence-unverifiable"}
    dataset = timeline.loads(json.dumps(document))
    view = Timeline(dataset)
    events = dataset.events
    assert len(events) == 40
    assert {e.type for e in events} == set(EventType)
    assert {r.type for e in events for r in e.relations} == set(RelationType)
    days = [d for e in events for d in (e.date.earliest, e.date.latest) if d is not None]
    assert (max(days) - min(days)).days > 600  # two years
    bounds = [view.bounds(e.id) for e in events]
    assert any(b.earliest is None for b in bounds)  # an open start nothing closes
    assert any(e.date.earliest is None and view.bounds(e.id).earliest for e in events)
    assert any(e.date.latest is None for e in events)  # an open end
    assert any(e.date.earliest != e.date.latest for e in events if e.date.latest is not None)
    actors = {a.id: a for a in dataset.actors}
    assert any(a.part_of for a in actors.values())
    assert any(a.affiliations for a in actors.values())
    assert any(e.status.value != "occurred" for e in events)
    assert generated_timeline.timeline_document() == document  # the same seed, the same data


def _card(page: str, event_id: str) -> str:
    card = page[page.index(f'id="event-{event_id}"') :]
    return card[: card.index("</article>")]


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_each_card_gives_its_date_as_timeline_show_does(run_cli):
    # The derived bounds where they narrow the stated date, marked *, the stated date beneath;
    # else the stated date alone: what `timeline show` writes in its date column.
    seed = load_default()
    page = _page(seed)
    lines = run_cli("show").stdout.decode().splitlines()
    narrowed = 0
    for event in seed.events:
        card = _card(page, event.id)
        at = next(i for i, line in enumerate(lines) if line.endswith(f" {event.title}"))
        # (the words the date was read from follow it: ``2021-08-26 (from on Thursday)``)
        when = _text(re.search(r'<p class="when">(.*?)</p>', card).group(1)).split(" (from ")[0]
        assert lines[at].startswith(f"{when} "), event.id
        stated = re.search(r'<p class="stated">(.*?)</p>', card)
        if when.endswith(" *"):
            narrowed += 1
            assert stated is not None
            assert _text(stated.group(1)).startswith(lines[at + 1].split("  ")[0]), event.id
        else:
            assert stated is None
    assert narrowed > 0
    threat = _card(page, "taliban-threaten-countermeasures")
    assert '<p class="when">2021-08-30 <abbr class="narrowed"' in threat
    assert '<p class="stated">stated by 2021-08-30' in threat


def test_the_count_of_a_one_event_page_is_singular():
    dataset = load(DATA / "valid" / "minimal.json")
    one = attrs.evolve(dataset, events=dataset.events[:1])
    page = FORMATS["html"].render(one).decode("utf-8")
    assert "The one event</output>" in page
    assert "All 1 events" not in page
    # the script that recounts after a filter says it alike
    assert 'rows.length === 1 ? " event" : " events"' in page
