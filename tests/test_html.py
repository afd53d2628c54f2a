"""The ``html`` export: one self-contained page, checked as text and in headless Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import attrs
import pytest

from tests.conftest import DATA
from timeline import Timeline, load, load_default
from timeline.dates import parse_edtf
from timeline.publishing.exports import FORMATS

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
    assert not re.search(r"href\s*=", page)
    assert not re.search(r"https?:", _without_data(page))


def test_every_event_is_a_card_in_chronological_order(dataset):
    page = _page(dataset)
    order = [event.id for event in Timeline(dataset)]
    assert re.findall(r'<article class="card" id="event-([^"]+)"', page) == order
    for event in dataset.events:
        assert f"<h4>{html.escape(event.title)}</h4>" in page


def test_year_and_month_headings():
    page = _page(load(MINIMAL))
    assert '<h2 class="year">2021</h2>' in page
    assert '<h3 class="month">August 2021</h3>' in page
    seed = _page(load_default())
    assert seed.index("Start not known") < seed.index('<h2 class="year">2020</h2>')
    assert '<h3 class="month">February 2020</h3>' in seed


@pytest.mark.parametrize(
    ("date", "month"),
    [
        # The heading places an event by its start, whatever the interval's width.
        ("2021-08-26/..", "August 2021"),
        ("2021-08-26/2022-03-01", "August 2021"),
        ("2021-08/2021-10", "August 2021"),
        ("2021/2021-08-26", "2021, month not known"),
        ("2021", "2021, month not known"),
    ],
)
def test_the_month_heading_follows_the_start(date, month):
    dataset = load(MINIMAL)
    bombing = attrs.evolve(dataset.events[0], date=parse_edtf(date))
    page = _page(attrs.evolve(dataset, events=(bombing, *dataset.events[1:])))
    assert f'<h3 class="month">{month}</h3>' in page


def test_card_details_of_the_minimal_bombing():
    page = _page(load(MINIMAL))
    card = page[page.index('id="event-kabul-airport-bombing"') :]
    card = card[: card.index("</article>")]
    assert '<p class="date">2021-08-26</p>' in card
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


def test_markup_in_a_title_is_escaped():
    minimal = load(MINIMAL)
    events = tuple(
        attrs.evolve(e, title=MARKUP_TITLE) if e.id == "kabul-airport-bombing-claim" else e
        for e in minimal.events
    )
    page = _page(attrs.evolve(minimal, events=events))
    assert MARKUP_TITLE not in page
    assert "<b>bold</b>" not in page
    assert f"<h4>{html.escape(MARKUP_TITLE)}</h4>" in page
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


# --- in a real browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    found = shutil.which("chromium")
    if found is None:
        pytest.skip("chromium is not installed (CI installs it: apt-get install -y chromium)")
    return found


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "timeline.html"
    path.write_bytes(FORMATS["html"].render(load_default()))
    return path


def _browse(chromium, tmp_path, page, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_the_browser_shows_every_title(chromium, seed_page, tmp_path):
    dom = _browse(chromium, tmp_path, seed_page, "--dump-dom").stdout
    for event in load_default().events:
        assert html.escape(event.title, quote=False) in dom
    # The script ran (with the network cut off): it showed the filters and counted the events.
    assert '<form id="controls" onsubmit="return false">' in dom
    assert f"All {len(load_default().events)} events" in dom
    timeline = dom[dom.index('<main id="timeline"') :].split("</main>")[0]
    assert not re.search(r"\shidden\b(?!-)", timeline)  # no card or heading hidden


@pytest.mark.parametrize("size", ["412,915", "1280,900"])
def test_screenshots_at_phone_and_desktop_width(chromium, seed_page, tmp_path, size):
    shot = tmp_path / "timeline.png"
    _browse(chromium, tmp_path, seed_page, f"--window-size={size}", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert f"{width},{height}" == size
    assert len(data) > 10_000  # not a blank page


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
        "<blockquote><p>“A suicide bomber struck the airport gate”</p>"
        "<footer>— <cite>Attack at the airport</cite></footer></blockquote>" in card
    )
    assert (
        '<blockquote class="citation"><p>the wire gives 183 dead, 13 of them US service '
        "members</p><p>“plus de cent morts”</p><footer>— <cite>A wire report without a stored "
        'text</cite>, para. 2, <span class="unverified">not verified against a text</span>, '
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


@pytest.fixture(scope="module")
def complete_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "complete.html"
    path.write_bytes(FORMATS["html"].render(load(COMPLETE)))
    return path


def test_the_browser_shows_citations_and_folds_the_reports(chromium, complete_page, tmp_path):
    dom = _browse(chromium, tmp_path, complete_page, "--dump-dom").stdout
    assert "not verified against a text" in dom
    assert '<details class="reports"><summary>History: 2 reports</summary>' in dom
