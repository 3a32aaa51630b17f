"""What a browser may pass to an event handler: every argument is checked against the handler's annotation before
the handler runs (the gate does it, state.guarded), so a handler never meets a list where it reads text, a number
no database column holds, or text no database stores (a lone surrogate, a NUL character)."""

from __future__ import annotations

import functools
import inspect
import math
import types
import typing
from typing import Any

from leasedash.domain.text import storable
from leasedash.errors import InvalidInput

MAX_WHOLE = 2**31 - 1
_JSON_TYPES = (str, int, float, bool, dict, list, type(None))
MAX_ITEMS = 10_000
_CODE = "bad_argument"


def checked_arguments(fn):
    """`fn` behind a check of its arguments: a missing, extra or ill-typed one is refused (InvalidInput naming
    it, code bad_argument) before `fn` runs. The check is a plain call, so a generator or coroutine function
    keeps its kind of result."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def call(self, *args, **kwargs):
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError:
            raise InvalidInput("arguments", f"{fn.__name__} takes {', '.join(list(signature.parameters)[1:]) or 'nothing'}",
                               _CODE, {"name": "arguments"}) from None
        hints = _hints(fn)
        for name, value in list(bound.arguments.items())[1:]:
            hint = hints.get(name, Any)
            if hint is str and _whole(value):
                value = bound.arguments[name] = str(value)
            if not _fits(value, hint):
                raise InvalidInput(name, f"{_kind(value)} does not fit {hint}", _CODE, {"name": name})
            if not _clean(value):
                raise InvalidInput(name, "text with a lone surrogate or a NUL character, or too many items", _CODE, {"name": name})
        return fn(*bound.args, **bound.kwargs)

    return call


@functools.cache
def _hints(fn) -> dict[str, Any]:
    return typing.get_type_hints(fn)


def _fits(value: Any, hint: Any) -> bool:
    """Whether a value sent by the browser is of the annotated type. Text and ids are told apart by the handler's
    own bounded parser, not here: a `str` or `int` argument is text or a whole number within a database integer
    (Reflex hands on as it is the text it could not read as a number; a page sends an id from a var as a number,
    which a `str` argument gets as its digits). Where the annotation names an object only the server builds (an
    uploaded file), no JSON value fits."""
    origin = typing.get_origin(hint)
    if hint is Any or hint is inspect.Parameter.empty:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, member) for member in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint in (int, str):
        return isinstance(value, str) or _whole(value)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and abs(value) <= 1e12
    if hint is dict or origin is dict:
        return isinstance(value, dict)
    if hint is list or origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return isinstance(value, list) and len(value) <= MAX_ITEMS and all(_fits(v, item) for v in value)
    return not isinstance(value, _JSON_TYPES)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_WHOLE <= value <= MAX_WHOLE


def _clean(value: Any) -> bool:
    """No text anywhere in the value that a database refuses, and not more than MAX_ITEMS values in all."""
    pending, seen = [value], 0
    while pending:
        item = pending.pop()
        seen += 1
        if seen > MAX_ITEMS:
            return False
        if isinstance(item, str):
            if not storable(item):
                return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return True


def _kind(value: Any) -> str:
    return type(value).__name__
