"""Every event handler a browser can call (each handler Reflex publishes on AppState and every page state under it,
Reflex's setvar included), called as each demo account and without a session, with random and hostile arguments,
addresses and client-stored values: no exception escapes and the gate never logs "unexpected error in an event
handler" — every refusal is a LeaseDashError shown to the user. Prints, for the handlers whose refusals took
longest, the slowest refusal next to the median time of an accepted call (a benchmark, not an assertion)."""

from __future__ import annotations

import asyncio
import inspect
import io
import logging
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import pytest
import reflex as rx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reflex.istate.data import ReflexURL, RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload

from leasedash.state import AppState

ACCOUNTS = (None, "driver@example.com", "fleet@example.com", "admin@example.com")
UNEXPECTED = "unexpected error in an event handler"
OPEN_BY_DESIGN = {("AppState", "require_sign_in"), ("AppState", "set_lang"), ("AppState", "sign_out"),
                  ("LoginState", "skip_when_signed_in"), ("LoginState", "submit"), ("LoginState", "submit_code")}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HOSTILE_TEXT = (
    "", " ", "0", "-1", "1", "2", "3", "12,5", "-21.60", "1e300000", "1e300", "1E5", "NaN", "-Infinity", "9" * 100_000,
    "\ud800", "tm-\udfff", "a\x00b", '=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "../../etc/passwd", "<script>alert(1)</script>",
    "x" * 20_000, "2147483648", "9223372036854775808", "1" + "0" * 30, "None", "true", "{}", "[]", "€ 1.349,88",
    "2026-02-30", "2026-01-01", "9999-12-31", "fr", "nl", "admin", "driver", "__class__", "_detail", "session_token",
)
HOSTILE_NUMBERS = (0, -1, 1, 2, 3, 7, 10**30, 2**31, 2**63, -(2**63), 10**1000, 1e300, float("nan"), float("inf"), -0.0, 0.5)
CLIENT_STORED = ("en", "fr", "nl", "", "xx", ["fr"], {"lang": "fr"}, "\ud800", None)
TIMES: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))


def _hostile_files():
    def upload(name: str, data: bytes) -> rx.UploadFile:
        return rx.UploadFile(file=io.BytesIO(data), path=Path(name) if name else None)

    names = st.sampled_from(["dent.png", "quote.pdf", "a.gif", "", "..", "x" * 300 + ".png", "grid.csv", "grid.json", "drivers.xlsx"])
    contents = st.sampled_from([PNG, b"", b"%PDF-1.4", b'{"months": [' + b"12," * 40_000 + b"12]}", b"\xff\xfe\x00",
                                b"x" * 600_000, b"Km;12;24\n5000;" + b"1" * 200_000 + b";1"])
    return st.lists(st.builds(upload, names, contents), max_size=3)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
_SCALARS = st.one_of(st.sampled_from(HOSTILE_TEXT), st.sampled_from(HOSTILE_NUMBERS), st.integers(0, 60).map(str),
                     st.integers(0, 60), st.booleans(), st.text(max_size=30), _JSON)


def _form_keys(fn) -> list[str]:
    """The keys a form handler reads, from the sources of its page's package."""
    folder = Path(inspect.getfile(inspect.unwrap(fn))).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.py"))
    return sorted(set(re.findall(r"form(?:\.get\(|\[|_text\(form, )\s*[\"'](\w+)[\"']", source))) or ["name"]


def _argument(annotation, fn) -> st.SearchStrategy:
    text = str(annotation)
    if "UploadFile" in text:
        return st.one_of(_hostile_files(), _SCALARS)
    if text.startswith("dict"):
        keys = _form_keys(fn)
        return st.one_of(st.dictionaries(st.sampled_from(keys), _SCALARS, max_size=len(keys)), _SCALARS)
    return _SCALARS


def _states() -> list[type]:
    import leasedash.leasedash  # noqa: F401  (registers every page state)

    def below(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("leasedash."):
                yield sub
                yield from below(sub)

    return [AppState, *below(AppState)]


def _handlers() -> list[tuple[type, str]]:
    """Each handler a state publishes itself (inherited ones are fuzzed once, on the state that defines them)."""
    return [(cls, name) for cls in _states() for name in sorted(cls.event_handlers) if name in vars(cls) or name == "setvar"]


def _call(state, handler_name: str, arguments: dict, depth: int = 0) -> list:
    """Run one handler as Reflex does: arguments transformed by their annotations, generators drained, and a
    handler of the same state that it answers with (on_load's projection) run after it; what they answered."""
    handler = type(state).event_handlers[handler_name]
    result = handler.fn(state, **_prepare_event_payload(handler, arguments))
    answers = []

    async def drain():
        if inspect.isasyncgen(result):
            answers.extend([update async for update in result])
        else:
            answers.append(await result)

    if inspect.isgenerator(result):
        answers.extend(result)
    elif inspect.isasyncgen(result) or inspect.iscoroutine(result):
        asyncio.run(drain())
    else:
        answers.append(result)
    for answer in list(answers):
        if isinstance(answer, rx.event.EventHandler) and answer.state is type(state) and depth < 2:
            answers += _call(state, answer.fn.__name__, {}, depth + 1)
    return answers


ADDRESSES = st.one_of(st.just(""), st.tuples(st.sampled_from(["id", "offer", "contract"]), st.sampled_from(HOSTILE_TEXT[:30])).map(
    lambda kv: f"?{kv[0]}={quote(kv[1].encode('utf-8', 'surrogatepass'), safe='')}"))


def test_every_published_handler_goes_through_a_gate():
    """Reflex publishes every public method of a state: only the handlers that need no session are open, by design."""
    open_handlers = {(cls.__name__, name) for cls, name in _handlers()
                     if not hasattr(cls.event_handlers[name].fn, "__wrapped__")}
    assert open_handlers == OPEN_BY_DESIGN


@pytest.mark.parametrize(("cls", "name"), _handlers(), ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_no_handler_fails_on_any_argument(cls, name, own_state, caplog):
    fn = cls.event_handlers[name].fn
    hints = {p.name: p.annotation for p in list(inspect.signature(fn).parameters.values())[1:]}
    arguments = st.fixed_dictionaries({p: _argument(a, fn) for p, a in hints.items()})

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(email=st.sampled_from(ACCOUNTS), address=ADDRESSES, arguments=arguments, loaded=st.booleans(),
           lang=st.sampled_from(CLIENT_STORED))
    def run(email, address, arguments, loaded, lang):
        state = own_state(cls, email)
        state.router = RouterData(url=ReflexURL(f"http://localhost/page{address}"))
        state.lang = lang
        if email is None:
            state.session_token = lang
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            if loaded and "load" in cls.event_handlers and name != "load":
                _call(state, "load", {})
            started = time.perf_counter()
            answers = _call(state, name, arguments)
            took = time.perf_counter() - started
        assert UNEXPECTED not in caplog.text, caplog.text[-3000:]
        refused = state.problem or state.field_problems or any("/login" in str(a) for a in answers)
        TIMES[f"{cls.__name__}.{name}"]["refused" if refused else "accepted"].append(took)

    run()


def test_zz_the_slowest_refusals_next_to_an_accepted_call(capsys):
    """Not an assertion: the figures of the run, for the closing note."""
    rows = sorted(((max(t["refused"]), kind, statistics.median(t["accepted"]) if t["accepted"] else None)
                   for kind, t in TIMES.items() if t["refused"]), reverse=True)[:12]
    lines = [f"{kind}: slowest refusal {slow * 1000:.1f} ms, median accepted "
             + (f"{accepted * 1000:.1f} ms" if accepted is not None else "none accepted") for slow, kind, accepted in rows]
    with capsys.disabled():
        print("\nPage handlers, the 12 slowest refusals against accepted calls:\n  " + "\n  ".join(lines))
