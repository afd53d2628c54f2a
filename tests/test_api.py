"""The public API: what a user imports from ``timeline``, and it is whole.

The public names are the functions and constants of ``timeline.__all__`` and the classes the
package re-exports one by one (``from timeline.model import Event as Event``, which type
checkers take as an export, PEP 484); the classes stay out of ``__all__`` so that
``help(timeline)`` is the package's map, not every record's documentation.

Whole means: every name imports, every name it ever exported still imports, no attribute of a
package hides a module of the same name, every type the API returns or raises is public
(derived from the annotations of the public functions and of the public classes' methods, so a
new method that returns a new type is checked by itself), and the map in the package's
docstring names every public class.
"""

from __future__ import annotations

import ast
import collections.abc
import datetime
import enum
import importlib
import inspect
import pathlib
import pkgutil
import re
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
#: Names that left the API: each still imports, with a warning saying where it lives.
MOVED = {"make_converter": "timeline.convert"}


def _reexported_classes() -> list[str]:
    """The names ``timeline/__init__.py`` imports as ``Name as Name``: its re-exports."""
    tree = ast.parse(pathlib.Path(timeline.__file__).read_text(encoding="utf-8"))
    return [
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name
    ]


REEXPORTED = _reexported_classes()
#: Every public name of the package.
PUBLIC = sorted({*timeline.__all__, *REEXPORTED})


def test_every_exported_name_imports_and_the_list_is_sorted_and_unique():
    for name in PUBLIC:
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
        assert name in PUBLIC
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
    for name in PUBLIC:
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
    exported = {getattr(timeline, name) for name in PUBLIC}
    known = _names_annotations_use()
    missing: dict[str, set[str]] = {}
    for where, function in _public_callables():
        hints = typing.get_type_hints(function, globalns={**known, **function.__globals__})
        for cls in _timeline_types(hints.get("return")):
            if cls not in exported:
                missing.setdefault(cls.__qualname__, set()).add(where)
    assert not missing, f"returned by the API but not exported by timeline: {missing}"


def test_every_exception_of_the_package_is_exported():
    exported = {getattr(timeline, name) for name in PUBLIC}
    for name in _modules():
        for value in vars(importlib.import_module(name)).values():
            if (
                inspect.isclass(value)
                and issubclass(value, TimelineError)
                and not value.__name__.startswith("_")
            ):
                assert value in exported, f"{value.__module__}.{value.__qualname__}"


def _help_text() -> str:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import pydoc, timeline; print(pydoc.render_doc(timeline, renderer=pydoc.plaintext))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_help_opens_with_a_map_of_the_api_and_fits_a_few_screens():
    """``help(timeline)`` starts with the whole API in a few lines, names a user can type,
    and documents the functions only: a few screens, not every record's page."""
    text = _help_text()
    description = text[text.index("DESCRIPTION") : text.index("PACKAGE CONTENTS")]
    assert len(description.splitlines()) < 50
    assert ":func:" not in description
    assert ":class:" not in description
    words = set(re.findall(r"\w+", description))
    missing = [name for name in PUBLIC if name not in words and name != "__version__"]
    assert not missing, f"public names the map of help(timeline) does not name: {missing}"
    assert len(text.splitlines()) < 250
    assert "class " not in text.split("FUNCTIONS")[1]


def test_classes_are_reexported_by_name_and_functions_are_all():
    """``__all__`` holds no class (pydoc would document each in full); each class is
    re-exported as ``Name as Name`` so that type checkers take it as public; ``import *``
    gives the functions."""
    for name in timeline.__all__:
        assert not inspect.isclass(getattr(timeline, name)), name
    for name in REEXPORTED:
        assert inspect.isclass(getattr(timeline, name)), name
    public_classes = {
        name
        for name, value in vars(timeline).items()
        if inspect.isclass(value) and not name.startswith("_")
    }
    assert public_classes == set(REEXPORTED)
