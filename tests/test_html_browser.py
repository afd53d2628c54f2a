"""The HTML page in a real browser: Debian's Chromium driven by Playwright, at a desktop's and
a phone's width. Measured, clicked and compared with the command line, on the seed dataset and
on a generated one of forty events over two years (tests/generated_timeline.py).

Run as a module (``python -m tests.test_html_browser docs``) it writes the screenshots that
the README and docs/exports.md show.
"""

from __future__ import annotations

import datetime
import itertools
import json
import shutil
import sys
from pathlib import Path

import attrs
import pytest

from tests.generated_timeline import timeline_document
from timeline import Timeline, load, load_default
from timeline.model import Dataset
from timeline.publishing.exports import FORMATS
from timeline.publishing.exports._axis import Axis

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 900), "phone": (412, 915)}
COMPLETE = Path(__file__).parent / "data" / "valid" / "complete.json"

pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None,
    reason="chromium is not installed (CI installs it: apt-get install -y chromium)",
)


def _launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
    )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        yield browser
        browser.close()


@attrs.frozen
class Shown:
    """A dataset, its file (for the command line) and its page."""

    dataset: Dataset
    data: Path | None  # None: the shipped seed, the command line's default
    page: Path

    @property
    def view(self) -> Timeline:
        return Timeline(self.dataset)


@pytest.fixture(scope="module", params=["seed", "generated"])
def shown(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    data = None
    if request.param == "seed":
        dataset = load_default()
    else:
        data = folder / "generated.json"
        data.write_text(json.dumps(timeline_document(), ensure_ascii=False), encoding="utf-8")
        dataset = load(data)
    page = folder / "timeline.html"
    page.write_bytes(FORMATS["html"].render(dataset))
    return Shown(dataset, data, page)


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "timeline.html"
    path.write_bytes(FORMATS["html"].render(load_default()))
    return path


class Visit:
    """A page opened at one width, every request routed: only file: and data: may load."""

    def __init__(self, browser, path: Path, width: int, height: int) -> None:
        self.narrow = width < 640
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def js(self, script: str, arg: object = None):
        return self.page.evaluate(script, arg)

    def visible_ids(self) -> list[str]:
        return self.js(
            "Array.from(document.querySelectorAll('article.event'))"
            ".filter(e => e.offsetParent !== null).map(e => e.dataset.id)"
        )


@pytest.fixture(params=list(WIDTHS))
def visit(request, browser, shown):
    width, height = WIDTHS[request.param]
    opened = Visit(browser, shown.page, width, height)
    yield opened
    # Whatever the test did, nothing left the page and nothing went wrong in it.
    assert opened.refused == []
    assert opened.errors == []
    assert opened.requests == [shown.page.as_uri()]
    opened.page.close()


OVERFLOW = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      out.push(element.tagName + "." + element.className + " " + box.left + ".." + box.right);
    }
  }
  return [document.scrollingElement.scrollWidth, width, out];
}"""


@pytest.mark.parametrize("lanes", ["type", "actor"])
def test_nothing_overflows_horizontally(visit, lanes):
    visit.page.select_option("#lane-mode", lanes)
    # With every fold open too: the evidence, the histories.
    for opened in (False, True):
        if opened:
            visit.js("document.querySelectorAll('details').forEach(d => d.open = true)")
        scroll_width, width, out = visit.js(OVERFLOW)
        assert scroll_width <= width
        assert out == []


def _anchors(visit) -> dict[str, float]:
    """Where each visible event's dot stands along the axis (its centre's x)."""
    return visit.js(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('article.event'))
          .filter(e => e.offsetParent !== null).map(e => {
            const box = e.querySelector('.anchor').getBoundingClientRect();
            return [e.dataset.id, box.left + box.width / 2];
          }))"""
    )


def _anchor_day(view: Timeline, event_id: str):
    bounds = view.bounds(event_id)
    return bounds.earliest if bounds.earliest is not None else bounds.latest


def test_each_event_stands_along_the_axis_by_its_date(visit, shown):
    view = shown.view
    x = _anchors(visit)
    assert set(x) == {event.id for event in view}
    days = {event_id: _anchor_day(view, event_id) for event_id in x}
    for a in x:
        for b in x:
            if days[a] < days[b]:
                assert x[a] < x[b], (a, b)
            elif days[a] == days[b]:
                assert x[a] == pytest.approx(x[b], abs=0.5), (a, b)
    # The dots of the ticks' days stand at the ticks.
    ticks = visit.js(
        "Array.from(document.querySelectorAll('.tick')).filter(t => t.offsetParent !== null)"
        ".map(t => t.getBoundingClientRect().left)"
    )
    assert ticks == sorted(ticks)
    assert len(ticks) >= 2


AXIS_POINTS = """() => {
  const points = [];
  const centre = r => r.left + r.width / 2;
  for (const row of document.querySelectorAll('article.event')) {
    if (row.offsetParent === null) continue;
    const bar = row.querySelector('.track .bar');
    const box = bar.getBoundingClientRect();
    points.push({id: row.dataset.id, what: 'dot',
      x: centre(row.querySelector('.anchor').getBoundingClientRect())});
    points.push({id: row.dataset.id, what: 'start', x: box.left});
    points.push({id: row.dataset.id, what: 'end', x: box.right});
  }
  for (const tick of document.querySelectorAll('.tick')) {
    if (tick.offsetParent === null) continue;
    points.push({id: tick.dataset.day, what: 'tick', x: tick.getBoundingClientRect().left});
  }
  return points;
}"""


def _axis(view: Timeline) -> Axis:
    return Axis.through(
        day
        for event in view
        for day in (view.bounds(event.id).earliest, view.bounds(event.id).latest)
        if day is not None
    )


def test_the_axis_is_to_scale_within_each_stretch(visit, shown):
    # Each dot, each known end of a bar and each tick stands where its day is on one scale:
    # equal days, equal widths (within a pixel) in every stretch between two cut gaps.
    view = shown.view
    axis = _axis(view)
    days: list[tuple[datetime.date, float]] = []
    for point in visit.js(AXIS_POINTS):
        if point["what"] == "tick":
            days.append((datetime.date.fromisoformat(point["id"]), point["x"]))
            continue
        bounds = view.bounds(point["id"])
        day = {
            "dot": bounds.earliest if bounds.earliest is not None else bounds.latest,
            "start": bounds.earliest,
            "end": bounds.latest,
        }[point["what"]]
        if day is not None:
            days.append((day, point["x"]))
    stretches: dict[int, list[tuple[int, float]]] = {}
    for day, x in days:
        at = max(i for i, s in enumerate(axis.stretches) if s.first <= day.toordinal())
        assert day.toordinal() <= axis.stretches[at].last  # no day of the page in a cut gap
        stretches.setdefault(at, []).append((day.toordinal(), x))
    # The scale in pixels a day, from the stretch that spans the most days.
    widest = max(stretches.values(), key=lambda p: max(p)[0] - min(p)[0])
    (d0, x0), (d1, x1) = min(widest), max(widest)
    assert d1 > d0
    per_day = (x1 - x0) / (d1 - d0)
    for points in stretches.values():
        first_day, first_x = min(points)
        for day, x in points:
            assert x == pytest.approx(first_x + (day - first_day) * per_day, abs=1.0), day
    # Cut gaps stand between stretches, each longer than the page says gaps are cut at.
    assert visit.js(
        "Array.from(document.querySelectorAll('.gap')).filter(g => g.offsetParent !== null)"
        ".map(g => g.title)"
    ) == [f"{cut.days} days without an event, cut" for cut in axis.cuts()]
    assert all(cut.days > axis.long_days for cut in axis.cuts())


def test_the_tick_labels_do_not_overlap(visit):
    boxes = visit.js(
        """() => Array.from(document.querySelectorAll('.tick-label'))
          .filter(l => l.offsetParent !== null)
          .map(l => { const r = l.getBoundingClientRect(); return [r.left, r.right]; })"""
    )
    assert len(boxes) >= 3
    boxes.sort()
    for (_, right), (left, _) in itertools.pairwise(boxes):
        assert right <= left + 0.5, boxes


def test_the_legend_says_what_the_axis_does(visit, shown):
    axis = _axis(shown.view)
    words = visit.page.inner_text(".legend li.scale")
    if axis.cuts():
        assert words == (
            f"Time to scale; gaps of more than {axis.long_days} days without an event cut,"
            " marked //"
        )
    else:
        assert words == "Time to scale"


def test_the_axis_follows_the_page_order(visit, shown):
    order = [event.id for event in shown.view]
    x = _anchors(visit)
    positions = [x[event_id] for event_id in order]
    assert positions == sorted(positions)


def _cli_events(run_cli, name: str, data: Path | None) -> set[str]:
    result = run_cli("actor", name, *([str(data)] if data else []), "--format", "json")
    assert result.returncode == 0, result.stderr
    return {event["id"] for event in json.loads(result.stdout)["events"]}


@pytest.mark.parametrize("lanes", ["type", "actor"])
def test_the_actor_filter_keeps_what_timeline_actor_lists(visit, shown, run_cli, lanes):
    visit.page.select_option("#lane-mode", lanes)
    names = visit.js(
        "Array.from(document.querySelectorAll('#filter-actor option'))"
        ".filter(o => o.value).map(o => [o.value, o.textContent])"
    )
    total = len(shown.dataset.events)
    for value, text in names:
        visit.page.select_option("#filter-actor", value)
        expected = _cli_events(run_cli, value, shown.data)
        ids = visit.visible_ids()
        assert set(ids) == expected, text
        count = f"All {total} events" if len(ids) == total else f"{len(ids)} of {total}"
        assert count in visit.page.inner_text("#shown")
    visit.page.select_option("#filter-actor", "")
    assert len(visit.visible_ids()) == total


def test_a_parent_actor_keeps_its_parts_and_members_events(visit, shown):
    # The Islamic State's filter keeps its branch's attacks (its part, IS-Khorasan), the
    # Taliban's its spokesman's statements (a member); the generated Northern Front keeps its
    # brigades', the Liberty Party its leader's.
    parents = {
        "islamic-state": "islamic-state-khorasan",
        "taliban": "zabihullah-mujahid",
        "northern-front": "northern-front-east",
        "liberty-party": "ana-sorel",
    }
    actors = {actor.id for actor in shown.dataset.actors}
    for parent, child in parents.items():
        if parent not in actors:
            continue
        visit.page.select_option("#filter-actor", parent)
        kept = set(visit.visible_ids())
        of_child = {
            e.id for e in shown.dataset.events if child in {p.actor for p in e.participants}
        }
        assert of_child
        assert of_child <= kept, parent


def test_type_and_certainty_filters(visit, shown):
    view = shown.view
    visit.page.select_option("#filter-type", "attack")
    assert set(visit.visible_ids()) == {e.id for e in view if e.type.value == "attack"}
    visit.page.select_option("#filter-type", "")
    visit.page.select_option("#filter-certainty", "open")
    open_ended = {
        e.id for e in view if None in (view.bounds(e.id).earliest, view.bounds(e.id).latest)
    }
    assert set(visit.visible_ids()) == open_ended
    visit.page.select_option("#filter-certainty", "day")
    days = {
        e.id
        for e in view
        if e.date.earliest is not None
        and e.date.earliest == e.date.latest
        and view.bounds(e.id).earliest_basis.kind.value == "date"
        and view.bounds(e.id).latest_basis.kind.value == "date"
    }
    assert set(visit.visible_ids()) == days
    # A lane with nothing left in it is hidden, heading and all.
    hidden = visit.js(
        "Array.from(document.querySelectorAll('.by-type section.lane'))"
        ".filter(l => l.offsetParent === null).map(l => l.dataset.lane)"
    )
    assert set(hidden) == {e.type.value for e in view} - {view.event(i).type.value for i in days}


ARROWS = """() => {
  const box = document.getElementById('relations').getBoundingClientRect();
  const dot = id => {
    const r = document.querySelector('[data-id="' + id + '"] .anchor').getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  return Array.from(document.querySelectorAll('#relations path.relation')).map(path => {
    const start = path.getPointAtLength(0);
    const end = path.getPointAtLength(path.getTotalLength());
    return {from: path.dataset.from, to: path.dataset.to,
      start: [start.x + box.left, start.y + box.top], end: [end.x + box.left, end.y + box.top],
      fromDot: dot(path.dataset.from), toDot: dot(path.dataset.to)};
  });
}"""


def _touches(point: list[float], box: list[float], slack: float = 1.5) -> bool:
    """Whether a point lies on or in a box (left, top, right, bottom), within ``slack`` px."""
    x, y = point
    left, top, right, bottom = box
    return left - slack <= x <= right + slack and top - slack <= y <= bottom + slack


def _relation_pairs(dataset) -> list[tuple[str, str]]:
    return [(event.id, relation.event) for event in dataset.events for relation in event.relations]


@pytest.mark.parametrize("lanes", ["type", "actor"])
def test_each_arrow_runs_from_the_event_to_the_one_it_names(visit, shown, lanes):
    if visit.narrow:
        pytest.skip("no arrows on a phone: the cards name their relations (the next test)")
    visit.page.select_option("#lane-mode", lanes)
    arrows = visit.js(ARROWS)
    assert sorted((a["from"], a["to"]) for a in arrows) == sorted(_relation_pairs(shown.dataset))
    for arrow in arrows:
        assert _touches(arrow["start"], arrow["fromDot"]), arrow
        assert _touches(arrow["end"], arrow["toDot"]), arrow
    # Filtered to a type, only the relations between events still shown are drawn.
    visit.page.select_option("#filter-type", "attack")
    kept = set(visit.visible_ids())
    assert {(a["from"], a["to"]) for a in visit.js(ARROWS)} == {
        (a, b) for a, b in _relation_pairs(shown.dataset) if a in kept and b in kept
    }


def test_on_a_phone_each_card_names_its_relations(visit, shown):
    if not visit.narrow:
        pytest.skip("a wide screen draws arrows (the test above)")
    assert visit.js("document.querySelectorAll('#relations path.relation').length") == 0
    named = visit.js(
        """() => Array.from(document.querySelectorAll('article.event')).flatMap(row =>
          Array.from(row.querySelectorAll('.label .links a'))
            .filter(a => a.offsetParent !== null)
            .map(a => [row.dataset.id, a.getAttribute('href').slice('#event-'.length),
                       a.closest('li').textContent]))"""
    )
    expected = []
    for event in shown.dataset.events:
        for relation in event.relations:
            words = relation.type.value.replace("_", " ")
            expected.append((event.id, relation.event, f"{words} →"))
            expected.append((relation.event, event.id, f"{words} → this"))
    assert sorted((a, b) for a, b, _ in named) == sorted((a, b) for a, b, _ in expected)
    texts = {(a, b): text for a, b, text in named}
    for a, b, words in expected:
        assert words in texts[(a, b)], (a, b)
    # The link takes the reader to the other event's card.
    first = named[0]
    visit.page.locator(f'[data-id="{first[0]}"] .links a[href="#event-{first[1]}"]').click()
    assert visit.js("location.hash") == f"#event-{first[1]}"


def test_the_relations_of_the_event_pointed_at_stand_out(visit, shown):
    if visit.narrow:
        pytest.skip("no arrows on a phone")
    pairs = _relation_pairs(shown.dataset)
    lit = "document.querySelectorAll('#relations path.relation.lit').length"
    assert visit.js(lit) == 0  # faint until the reader points at an event
    # The event with the most relations (in the seed, the suicide bombing).
    busiest = max(
        (event.id for event in shown.view), key=lambda i: sum(i in pair for pair in pairs)
    )
    touching = sum(busiest in pair for pair in pairs)
    assert touching > 0
    visit.page.hover(f'[data-id="{busiest}"] h3.title')
    assert visit.js(lit) == touching
    # An arrow between two lanes is drawn only while lit.
    hidden = visit.js(
        """() => Array.from(document.querySelectorAll('#relations path.relation'))
          .filter(p => getComputedStyle(p).visibility === 'hidden')
          .map(p => p.classList.contains('across') && !p.classList.contains('lit'))"""
    )
    assert all(hidden)


@pytest.mark.parametrize("lanes", ["type", "actor"])
def test_headings_stay_visible_while_the_page_scrolls(visit, lanes):
    visit.page.select_option("#lane-mode", lanes)
    # Into the tallest lane, past its top: its heading sticks below the axis, the axis on top.
    top = visit.js(
        """() => {
          const lanes = Array.from(document.querySelectorAll('section.lane'))
            .filter(l => l.offsetParent !== null);
          const tallest = lanes.reduce((a, b) => (b.offsetHeight > a.offsetHeight ? b : a));
          tallest.id = 'tallest';
          return tallest.getBoundingClientRect().top + window.scrollY;
        }"""
    )
    visit.js("y => window.scrollTo(0, y)", top + 60)
    axis = visit.page.locator(".axis").bounding_box()
    head = visit.page.locator("#tallest .lane-head").bounding_box()
    assert visit.js("window.scrollY") > 0
    assert axis["y"] == pytest.approx(0, abs=1)
    assert head["y"] == pytest.approx(axis["y"] + axis["height"], abs=1.5)
    # The heading stands above the lane's rows, not under them.
    hit = visit.js(
        "([x, y]) => document.elementFromPoint(x, y).closest('.lane-head') !== null",
        [head["x"] + 5, head["y"] + head["height"] / 2],
    )
    assert hit


def test_evidence_opens_on_demand(visit, shown):
    event = shown.dataset.events[0]
    summary = visit.page.locator(f"#event-{event.id} details.more > summary")
    body = visit.page.locator(f"#event-{event.id} .more-body")
    assert not body.is_visible()
    summary.click()
    assert body.is_visible()
    evidence = event.evidence[0]
    assert (evidence.quote or evidence.note or "") in body.inner_text()


def test_the_complete_case_shows_citations_and_folds_the_reports(browser, tmp_path):
    path = tmp_path / "complete.html"
    path.write_bytes(FORMATS["html"].render(load(COMPLETE)))
    visit = Visit(browser, path, 1280, 900)
    visit.js("document.querySelectorAll('details.more').forEach(d => d.open = true)")
    text = visit.page.inner_text("main")
    assert "not verified against a text" in text
    assert "History: 2 reports" in text
    assert visit.refused == []
    assert visit.errors == []


@pytest.mark.parametrize("name", list(WIDTHS))
def test_screenshot_at_each_width(browser, seed_file, tmp_path, name):
    width, height = WIDTHS[name]
    shot = _screenshot(browser, seed_file, tmp_path / f"{name}.png", width, height)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (
        width,
        height,
    )


def _screenshot(browser, page: Path, shot: Path, width: int, height: int) -> Path:
    visit = Visit(browser, page, width, height)
    visit.page.screenshot(path=str(shot))
    visit.page.close()
    return shot


def main(folder: str) -> None:
    """Write docs' screenshots of the seed dataset's page: timeline-desktop.png and
    timeline-phone.png."""
    from playwright.sync_api import sync_playwright

    target = Path(folder).resolve()
    page = target / "timeline-screenshot.html"
    page.write_bytes(FORMATS["html"].render(load_default()))
    try:
        with sync_playwright() as playwright:
            browser = _launch(playwright)
            for name, (width, height) in WIDTHS.items():
                _screenshot(browser, page, target / f"timeline-{name}.png", width, height)
            browser.close()
    finally:
        page.unlink()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")


@pytest.mark.parametrize("lanes", ["type", "actor"])
def test_every_lane_lists_its_events_in_the_page_order(visit, shown, lanes):
    order = {event.id: i for i, event in enumerate(shown.view)}
    visit.page.select_option("#lane-mode", lanes)
    shown = visit.js(
        "mode => Array.from(document.querySelectorAll('.lanes.by-' + mode + ' [data-lane]'))"
        ".map(l => Array.from(l.querySelectorAll('article.event')).map(r => r.dataset.id))"
        ".filter(ids => ids.length)",
        lanes,
    )
    assert sum(len(ids) for ids in shown) == len(order)
    for ids in shown:
        assert [order[i] for i in ids] == sorted(order[i] for i in ids)
    firsts = [order[ids[0]] for ids in shown]
    assert firsts == sorted(firsts)  # the lanes stand in the order of their first event
