"""Documents changed in one place, for the tests that put hostile values anywhere in a scenario document."""

from __future__ import annotations

import copy


def places(node, prefix: tuple = ()):
    """Every place in a document a value can be put: the whole of it, each key of each object, each item of each list."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from places(value, (*prefix, i))


def put(document, place: tuple, value):
    """A copy of `document` with `value` at `place` (the whole document when `place` is empty)."""
    if not place:
        return value
    out = copy.deepcopy(document)
    node = out
    for step in place[:-1]:
        node = node[step]
    node[place[-1]] = value
    return out
