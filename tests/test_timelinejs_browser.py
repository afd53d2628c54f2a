"""The TimelineJS export in the real TimelineJS 3 (the npm package of tests/js's lock file), in
Debian's Chromium driven by Playwright, with every request refused but the folder's own files.

The page is docs/exports.md's recipe as written there: its ``sed`` line and its page, so the
recipe cannot drift from what is tested. Run as a module (``python -m
tests.test_timelinejs_browser docs``) it writes the screenshot docs/exports.md shows.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.generated_timeline import timeline_document
from timeline import load_default
from timeline.publishing.exports.timelinejs import GROUPS as TIMELINEJS_GROUPS

ROOT = Path(__file__).parent.parent
CHROMIUM = "/usr/bin/chromium"
DIST = Path(__file__).parent / "js" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
DOC = ROOT / "docs" / "exports.md"
SIZE = (1280, 800)

pytestmark = [
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None,
        reason="chromium is not installed (CI installs it: apt-get install -y chromium)",
    ),
    pytest.mark.skipif(
        not (DIST / "js" / "timeline.js").is_file(),
        reason="TimelineJS is not installed (CI installs it: npm ci --prefix tests/js)",
    ),
]


def recipe() -> tuple[list[str], str]:
    """The recipe's shell lines and its page, read from docs/exports.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n### A page that works from a folder, offline\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    shell = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    page = re.search(r"```html\n(.*?)```", section, re.DOTALL)
    assert shell is not None
    assert page is not None
    return shell.group(1).splitlines(), page.group(1)


def build(folder: Path, run_cli, *extra: str) -> Path:
    """The recipe run in ``folder``: TimelineJS's dist copied, the export, the page."""
    lines, page = recipe()
    npm, export, sed = lines
    assert npm.endswith("cp -r node_modules/@knight-lab/timelinejs/dist timelinejs")
    assert "@knight-lab/timelinejs@3.9.11" in npm  # the version of the tests' lock file
    shutil.copytree(DIST, folder / "timelinejs")  # the copy, without the network
    (folder / "template.html").write_text(page, encoding="utf-8")
    words = shlex.split(export)
    assert words[0] == "timeline"
    result = run_cli(*words[1:], *extra, cwd=folder)
    assert result.returncode == 0, result.stderr
    assert sed.startswith("sed ")
    subprocess.run(sed, shell=True, cwd=folder, check=True, timeout=60)
    return folder / "index.html"


class Visit:
    """The page opened at a desktop's size; requests outside its folder are refused."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": SIZE[0], "height": SIZE[1]})
        self.errors: list[str] = []
        self.refused: list[str] = []
        self.root = path.parent.as_uri() + "/"
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function(
            "() => window.timeline && window.timeline.config"
            " && document.querySelectorAll('.tl-timemarker').length > 0"
        )
        self.page.wait_for_timeout(1000)  # TimelineJS lays out the markers after a frame

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.root):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()


SLIDES = """() => window.timeline.config.events.map(e => ({
  id: e.unique_id,
  start: e.start_date.data,
  end: e.end_date ? e.end_date.data : null,
  shown: (document.getElementById(e.unique_id)
          .querySelector('.tl-headline-date') || {textContent: null}).textContent,
  headline: document.getElementById(e.unique_id).querySelector('.tl-headline').textContent,
}))"""

MARKERS = """() => Array.from(document.querySelectorAll('.tl-timemarker')).map(m => {
  const box = m.querySelector('.tl-timemarker-content-container').getBoundingClientRect();
  return [m.id, box.left, box.top, box.right, box.bottom];
})"""

GROUPS = """() => Array.from(document.querySelectorAll('.tl-timegroup-message'))
  .map(g => g.textContent)"""


def overlapping(markers: list[list]) -> list[tuple[str, str]]:
    """The pairs of markers whose boxes overlap (by more than a pixel each way)."""
    pairs = []
    for i, (a, left, top, right, bottom) in enumerate(markers):
        for b, left2, top2, right2, bottom2 in markers[i + 1 :]:
            if left < right2 - 1 and left2 < right - 1 and top < bottom2 - 1 and top2 < bottom - 1:
                pairs.append((a, b))
    return pairs


def _date(parts: dict) -> tuple:
    return tuple(parts.get(key) for key in ("year", "month", "day", "hour", "minute"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.mark.parametrize("groups", [True, False], ids=["groups", "no-groups"])
def test_timelinejs_renders_the_seed_offline(browser, run_cli, tmp_path, groups):
    page = build(tmp_path, run_cli, *([] if groups else ["--no-groups"]))
    exported = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))
    visit = Visit(browser, page)
    try:
        assert visit.errors == []
        assert visit.refused == []  # nothing but the folder's files: no font, no CDN
        slides = visit.page.evaluate(SLIDES)
        # One slide per event, each with the dates of the export.
        assert sorted(s["id"] for s in slides) == sorted(e.id for e in load_default().events)
        by_id = {slide["unique_id"]: slide for slide in exported["events"]}
        for slide in slides:
            wanted = by_id[slide["id"]]
            assert _date(slide["start"]) == _date(wanted["start_date"]), slide["id"]
            assert slide["shown"] == wanted["display_date"], slide["id"]
            if "end_date" in wanted:
                assert _date(slide["end"]) == _date(wanted["end_date"]), slide["id"]
            else:
                assert slide["end"] is None, slide["id"]
        # The group rows are labelled in words, or there are none.
        labels = visit.page.evaluate(GROUPS)
        if groups:
            assert sorted(labels) == sorted({s["group"] for s in exported["events"]})
            assert all("_" not in label for label in labels)
        else:
            assert labels == []
        # The recipe's rows are enough for the seed: no marker lies over another.
        markers = visit.page.evaluate(MARKERS)
        assert len(markers) == len(slides)
        assert overlapping(markers) == []
    finally:
        visit.page.close()


@pytest.mark.parametrize("seed", [14, 3])
def test_timelinejs_keeps_the_markers_of_a_grown_dataset_apart(browser, run_cli, tmp_path, seed):
    # Forty events of every type over two years (tests/generated_timeline.py), the default
    # (grouped) export, the recipe's page at a desktop's size: each group a handful of types,
    # so that TimelineJS has rows enough for every marker.
    document = timeline_document(seed=seed, events=40)
    (tmp_path / "dataset.json").write_text(json.dumps(document), encoding="utf-8")
    page = build(tmp_path, run_cli, "dataset.json")
    exported = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))
    visit = Visit(browser, page)
    try:
        assert visit.errors == []
        assert visit.refused == []
        markers = visit.page.evaluate(MARKERS)
        assert len(markers) == len(document["events"]) == 40
        labels = visit.page.evaluate(GROUPS)
        assert sorted(labels) == sorted({s["group"] for s in exported["events"]})
        assert set(labels) <= set(TIMELINEJS_GROUPS)
        assert overlapping(markers) == []
    finally:
        visit.page.close()


def _screenshot(folder: Path) -> None:  # pragma: no cover - run by hand for the docs
    import tempfile

    from playwright.sync_api import sync_playwright

    def run(*args: str, cwd: Path | None = None):
        return subprocess.run(
            [sys.executable, "-m", "timeline", *args], cwd=cwd, capture_output=True, check=False
        )

    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = build(Path(work), run)
        visit = Visit(browser, page)
        # The crowded end of August, where the markers would overlap without the recipe's rows.
        visit.page.evaluate("() => window.timeline.goToId('kabul-airport-rocket-attack')")
        visit.page.wait_for_timeout(1500)
        visit.page.screenshot(path=str(folder / "timelinejs-desktop.png"))
        browser.close()


if __name__ == "__main__":  # pragma: no cover
    _screenshot(ROOT / (sys.argv[1] if len(sys.argv) > 1 else "docs"))
