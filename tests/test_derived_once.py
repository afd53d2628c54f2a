"""The derived bounds are derived once: the Timeline of the dataset ``timeline.load`` returns
takes those validation derived, and they are the bounds a derivation of its own gives."""

from __future__ import annotations

import gc
import json
from typing import TYPE_CHECKING

import pytest

import timeline
from benchmarks.generate import generate
from timeline import temporal
from timeline.temporal import chronological

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("once") / "events.json"
    generate(path, 800, seed=9)
    return path


def _derived(dataset: timeline.Dataset) -> tuple[list[str], dict[str, object]]:
    """The order and bounds of a derivation of the dataset's own (its events given as a new
    list, which no remembered derivation names)."""
    ordered, derived = chronological(list(dataset.events), list(dataset.sources))
    return [event.id for event in ordered], {key: derived[key] for key in derived}


@pytest.mark.parametrize("layout", ["ours", "sources-last"])
def test_the_timeline_of_a_loaded_dataset_takes_the_bounds_validation_derived(
    generated: Path, layout: str
) -> None:
    path = generated
    if layout == "sources-last":
        document = json.loads(path.read_text(encoding="utf-8"))
        document["sources"] = document.pop("sources")
        path = path.with_name("sources-last.json")
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    dataset = timeline.load(path)
    key = (id(dataset.events), id(dataset.sources))
    remembered = temporal._REMEMBERED[key][1]
    view = timeline.Timeline(dataset)
    assert view.derived_bounds is remembered
    assert key not in temporal._REMEMBERED  # taken: the view keeps them
    order, bounds = _derived(dataset)
    assert [event.id for event in view] == order
    assert {key: view.derived_bounds[key] for key in view.derived_bounds} == bounds
    assert timeline.Timeline(dataset).derived_bounds is not remembered  # a second view derives
    # Every event's bounds made, what made them is let go; each event's place is kept.
    assert remembered._events is None
    assert [remembered.index(event.id) for event in dataset.events] == list(
        range(len(dataset.events))
    )


def test_the_bounds_of_a_dataset_that_is_gone_are_not_kept(generated: Path) -> None:
    dataset = timeline.load(generated)
    key = (id(dataset.events), id(dataset.sources))
    assert key in temporal._REMEMBERED
    del dataset
    gc.collect()
    assert key not in temporal._REMEMBERED
