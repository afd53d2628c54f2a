"""The published schema's patterns mean one thing to every validator: ECMA-262's reading
(JSON Schema's), Python's ``re`` (``jsonschema``, ``check-jsonschema``) and the compiled
validator (``jsonschema-rs``) accept the same strings, line breaks and other scripts' digits
included. Each pattern is found by walking the schema, so a new one is covered by itself."""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.schema import dataset_schema, ecma_regex


def _patterns(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            found.add(node["pattern"])
        for child in node.values():
            found |= _patterns(child)
    elif isinstance(node, list):
        for child in node:
            found |= _patterns(child)
    return found


PATTERNS = sorted(_patterns(dataset_schema()))
_HARD = ["\n", "\r\n", "\r", "\u2028", " ", "\t", "\0", "٣", "\ud800"]


def test_the_schema_has_patterns_to_check():
    assert len(PATTERNS) >= 8


def _strings(pattern: str) -> st.SearchStrategy[str]:
    """Strings the pattern accepts, and the same with a hard character before, inside or
    after them."""
    accepted = st.from_regex(ecma_regex(pattern), fullmatch=True)
    hard = st.sampled_from(_HARD)
    return st.one_of(
        accepted,
        st.tuples(accepted, hard).map(lambda pair: pair[0] + pair[1]),
        st.tuples(hard, accepted).map(lambda pair: pair[0] + pair[1]),
        st.tuples(accepted, hard, st.integers(0, 40)).map(
            lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
        ),
    )


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_validator_reads_a_pattern_alike(pattern, data):
    text = data.draw(_strings(pattern))
    ecma = ecma_regex(pattern).search(text) is not None
    python = re.search(pattern, text) is not None  # as jsonschema reads the published schema
    if "\ud800" not in text:  # the compiled validator takes only what UTF-8 can hold
        compiled = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
        assert compiled.is_valid(text) == ecma, (pattern, text)
    assert python == ecma, (pattern, text)
    if text.endswith(("\n", "\r", "\u2028")) and "[^" not in pattern:
        assert not ecma, (pattern, text)  # a pattern of listed characters takes no line break
