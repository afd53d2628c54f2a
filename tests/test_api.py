"""The public API: ``timeline.__all__`` is what a user imports, and it is whole.

Whole means: every name imports, every name it ever exported still imports, no attribute of a
package hides a module of the same name, and every type the API returns or raises is in it
(derived from the annotations of the exported functions and of the exported classes' methods,
so a new method that returns a new type is checked by itself).
"""

from __future__ import annotations

import collections.abc
import datetime
import enum
import importlib
import inspect
import pathlib
import pkgutil
import subprocess
import sys
import types
import typing
import warnings

import pytest

import timeline
from timeline.errors import TimelineError

#: ``timeline.__all__`` as it stood before the package was laid out by stage: each of these
#: names must still import.
EXPORTED_IN_0_1 = (  # noqa: SIM905 - the names, as one would read them
    "DATASET_SCHEMA_ID Actor ActorKind Affiliation BuildError Contributor Dataset "
    "DatePhraseError EdtfDate EdtfError Event EventList EventSubtype EventType Evidence "
    "ExternalIds Fatalities FatalitySubset GeoPrecision Hit Hits InvalidDatasetError Overlap "
    "Participant Place Precision Problem RecordError RecordTypeError Relation RelationType Role "
    "Severity Source Status Timeline TimelineError UnknownActorError UnknownEventError "
    "__version__ build converter dataset_schema dump dumps iter_problems load load_default "
    "loads make_converter parse_edtf resolve_phrase unstructure validate"
).split()
#: Names that left ``__all__``: each still imports, with a warning saying where it lives.
MOVED = {"make_converter": "timeline.convert"}


def test_every_exported_name_imports_and_the_list_is_sorted_and_unique():
    for name in timeline.__all__:
        assert getattr(timeline, name) is not None, name
    assert len(set(timeline.__all__)) == len(timeline.__all__)
    assert timeline.__all__ == sorted(timeline.__all__, key=lambda n: (not n.isupper(), n))


def test_star_import_gives_exactly_the_exported_names():
    namespace: dict[str, object] = {}
    exec("from timeline import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(timeline.__all__)


@pytest.mark.parametrize("name", EXPORTED_IN_0_1)
def test_every_name_exported_before_still_imports(name):
    if name in MOVED:
        with pytest.warns(DeprecationWarning, match=MOVED[name]):
            value = getattr(timeline, name)
        assert value is getattr(importlib.import_module(MOVED[name]), name)
    else:
        assert name in timeline.__all__
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            getattr(timeline, name)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        timeline.nothing  # noqa: B018


def _modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(timeline.__path__, prefix="timeline.")
    )


@pytest.mark.parametrize("name", _modules())
def test_no_attribute_hides_a_module_of_the_same_name(name):
    """``import timeline.x.y`` then ``timeline.x.y`` is the module, never a function that
    a package exports under the module's name (``timeline.validate`` once was both)."""
    module = importlib.import_module(name)
    parent_name, _, leaf = name.rpartition(".")
    parent = sys.modules[parent_name]
    assert getattr(parent, leaf) is module


def _timeline_types(annotation: object) -> set[type]:
    """The classes of this package an annotation names, however nested."""
    found: set[type] = set()
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and item.__module__.startswith("timeline."):
            found.add(item)
        stack.extend(typing.get_args(item))
        if isinstance(item, types.UnionType):
            stack.extend(item.__args__)
    return found


def _public_callables():
    for name in timeline.__all__:
        value = getattr(timeline, name)
        if inspect.isfunction(value):
            yield name, value
        elif inspect.isclass(value) and not issubclass(value, enum.Enum | BaseException):
            for attribute, member in vars(value).items():
                if attribute.startswith("_") and attribute != "__iter__":
                    continue
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member):
                    yield f"{name}.{attribute}", member


def _names_annotations_use() -> dict[str, object]:
    """What an annotation may name under ``TYPE_CHECKING``: every class and module of the
    package, and the standard library's names the package annotates with."""
    names: dict[str, object] = {**vars(collections.abc), "Path": pathlib.Path, "datetime": datetime}
    for name in _modules():
        for attribute, value in vars(importlib.import_module(name)).items():
            if inspect.isclass(value) or inspect.ismodule(value):
                names.setdefault(attribute, value)
    return names


def test_every_type_the_api_returns_is_exported():
    exported = {getattr(timeline, name) for name in timeline.__all__}
    known = _names_annotations_use()
    missing: dict[str, set[str]] = {}
    for where, function in _public_callables():
        hints = typing.get_type_hints(function, globalns={**known, **function.__globals__})
        for cls in _timeline_types(hints.get("return")):
            if cls not in exported:
                missing.setdefault(cls.__qualname__, set()).add(where)
    assert not missing, f"returned by the API but not in timeline.__all__: {missing}"


def test_every_exception_of_the_package_is_exported():
    exported = {getattr(timeline, name) for name in timeline.__all__}
    for name in _modules():
        for value in vars(importlib.import_module(name)).values():
            if (
                inspect.isclass(value)
                and issubclass(value, TimelineError)
                and not value.__name__.startswith("_")
            ):
                assert value in exported, f"{value.__module__}.{value.__qualname__}"


def test_help_opens_with_a_map_of_the_api():
    """``help(timeline)`` starts with the whole API in a few lines, names a user can type."""
    text = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pydoc, timeline; print(pydoc.render_doc(timeline, renderer=pydoc.plaintext))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    description = text[text.index("DESCRIPTION") : text.index("PACKAGE CONTENTS")]
    assert len(description.splitlines()) < 45
    assert ":func:" not in description
    assert ":class:" not in description
    for name in ("load", "loads", "iter_problems", "Timeline", "parse_edtf", "build", "Problem"):
        assert name in description, name
