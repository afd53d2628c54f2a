"""The HTML page in a real browser: Debian's Chromium driven by Playwright, at a desktop's and
a phone's width. Measured, clicked and compared with the command line.

Run as a module (``python -m tests.test_html_browser docs``) it writes the screenshots that
the README and docs/exports.md show.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from timeline import Timeline, load, load_default
from timeline.publishing.exports import FORMATS

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


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "timeline.html"
    path.write_bytes(FORMATS["html"].render(load_default()))
    return path


class Visit:
    """A page opened at one width, every request routed: only file: and data: may load."""

    def __init__(self, browser, path: Path, width: int, height: int) -> None:
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
def visit(request, browser, seed_file):
    width, height = WIDTHS[request.param]
    opened = Visit(browser, seed_file, width, height)
    yield opened
    # Whatever the test did, nothing left the page and nothing went wrong in it.
    assert opened.refused == []
    assert opened.errors == []
    assert opened.requests == [seed_file.as_uri()]
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


def test_each_event_stands_along_the_axis_by_its_date(visit):
    view = Timeline(load_default())
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


def test_the_axis_follows_the_page_order(visit):
    order = [event.id for event in Timeline(load_default())]
    x = _anchors(visit)
    positions = [x[event_id] for event_id in order]
    assert positions == sorted(positions)


def _cli_events(run_cli, name: str) -> set[str]:
    result = run_cli("actor", name, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {event["id"] for event in json.loads(result.stdout)["events"]}


@pytest.mark.parametrize("lanes", ["type", "actor"])
def test_the_actor_filter_keeps_what_timeline_actor_lists(visit, run_cli, lanes):
    visit.page.select_option("#lane-mode", lanes)
    names = visit.js(
        "Array.from(document.querySelectorAll('#filter-actor option'))"
        ".filter(o => o.value).map(o => [o.value, o.textContent])"
    )
    assert "Islamic State" in [text for _, text in names]
    for value, text in names:
        visit.page.select_option("#filter-actor", value)
        expected = _cli_events(run_cli, value)
        shown = visit.visible_ids()
        assert set(shown) == expected, text
        total = len(load_default().events)
        count = f"All {total} events" if len(shown) == total else f"{len(shown)} of {total}"
        assert count in visit.page.inner_text("#shown")
    # The Islamic State's filter keeps its branch's attacks (its part, IS-Khorasan).
    visit.page.select_option("#filter-actor", label="Islamic State")
    assert "kabul-airport-suicide-bombing" in visit.visible_ids()
    visit.page.select_option("#filter-actor", "")
    assert len(visit.visible_ids()) == len(load_default().events)


def test_type_and_certainty_filters(visit):
    view = Timeline(load_default())
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


def test_relations_are_drawn_between_the_events(visit):
    dataset = load_default()
    relations = sum(len(event.relations) for event in dataset.events)
    assert visit.js("document.querySelectorAll('#relations path.relation').length") == relations
    # Filtered to an actor, only the relations between events still shown are drawn.
    visit.page.select_option("#filter-type", "attack")
    assert visit.js("document.querySelectorAll('#relations path.relation').length") == 0


def test_the_relations_of_the_event_pointed_at_stand_out(visit):
    dataset = load_default()
    lit = "document.querySelectorAll('#relations path.relation.lit').length"
    assert visit.js(lit) == 0  # faint until the reader points at an event
    bombing = "kabul-airport-suicide-bombing"
    touching = sum(
        1 for event in dataset.events for r in event.relations if bombing in (event.id, r.event)
    )
    assert touching > 0
    visit.page.hover(f'[data-id="{bombing}"] h3.title')
    assert visit.js(lit) == touching


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


def test_evidence_opens_on_demand(visit):
    summary = visit.page.locator("#event-kabul-airport-suicide-bombing details.more > summary")
    body = visit.page.locator("#event-kabul-airport-suicide-bombing .more-body")
    assert not body.is_visible()
    summary.click()
    assert body.is_visible()
    assert "A suicide bomber" in body.inner_text() or "“" in body.inner_text()


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
def test_every_lane_lists_its_events_in_the_page_order(visit, lanes):
    order = {event.id: i for i, event in enumerate(Timeline(load_default()))}
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
