"""What the browser benchmarks share: the app served from a copy of the project (its own frontend build), browser
contexts with an empty HTTP cache signed in from a saved storage state, and the timing of first loads and of
events, each measured from the user's action to what the page shows."""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.dev_server import CHROMIUM_ARGS, copy_project, p95, running_app, sign_in_page  # noqa: E402

VIEWPORT = {"width": 1280, "height": 900}
SIGNED_IN = "document.querySelector('#user-menu') !== null"


def drawn(chart_id: str) -> str:
    """A JS predicate: the Plotly chart `chart_id` has drawn at least one trace (a heatmap is drawn as an image)."""
    return (f"(() => {{ const el = document.getElementById('{chart_id}'); return !!el && !!el.querySelector('.main-svg') "
            "&& !!el.querySelector('.main-svg .trace, .main-svg .hm image'); })()")


@contextmanager
def served(url: str | None, db_url: str | None = None, demo_contracts: int = 300) -> Iterator[str]:
    """The app at `url` when given, else one served from a copy of the project on `db_url` (a new SQLite file by
    default, with a demo fleet of `demo_contracts` when it holds none), its build and log in a temporary folder."""
    if url:
        with nullcontext(url) as given:
            yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="leasedash-bench-"))
    if db_url and db_url.startswith("sqlite:///") and not db_url.startswith("sqlite:////"):
        db_url = f"sqlite:///{Path(db_url.removeprefix('sqlite:///')).resolve()}"
    project = copy_project(folder / "app")
    print(f"serving from {project} (log: {folder / 'app.log'}); building the frontend takes a few minutes", flush=True)
    with running_app(db_url or f"sqlite:///{folder / 'bench.db'}", folder / "app.log", demo_contracts, project=project) as base:
        yield base


def launch(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def signed_in(browser, base: str, email: str) -> dict:
    """The storage state of a session signed in through /login (the session lives in local storage)."""
    context = browser.new_context(viewport=VIEWPORT)
    sign_in_page(context.new_page(), base, email)
    state = context.storage_state()
    context.close()
    return state


def first_load(browser, state: dict, base: str, path: str, ready: str, timeout: float = 120_000) -> float:
    """Milliseconds from the start of the navigation to `path` in a new context (an empty HTTP cache) until `ready`
    (a JS expression) holds, read by the page's own clock (performance.now(), polled at every frame)."""
    context = browser.new_context(viewport=VIEWPORT, storage_state=state)
    page = context.new_page()
    page.goto(base + path, wait_until="commit")
    elapsed = page.wait_for_function(f"({ready}) ? performance.now() : false", timeout=timeout, polling="raf").json_value()
    context.close()
    return float(elapsed)


def first_loads(browser, state: dict, base: str, pages: dict[str, str], rounds: int = 3) -> dict[str, list[float]]:
    """Every page's first load `rounds` times, the pages taking turns."""
    out: dict[str, list[float]] = {path: [] for path in pages}
    for _ in range(rounds):
        for path, ready in pages.items():
            out[path].append(first_load(browser, state, base, path, ready))
    return out


def in_page(page, act: str, *predicates: str, before: str, timeout: float = 30_000) -> list[float]:
    """Milliseconds, by the page's own clock, from running the JS statement `act` until each JS predicate of
    `before`'s value (`b`) holds in turn, polled at every frame: the user's action to what the page shows, with
    nothing of the test driver in between."""
    waits = "".join(f"while (!(({p})(b))) {{ if (performance.now() - t0 > {timeout}) throw new Error('timed out'); "
                    "await new Promise(r => requestAnimationFrame(r)); } out.push(performance.now() - t0); " for p in predicates)
    script = f"async () => {{ const b = {before}; const out = []; const t0 = performance.now(); {act}; {waits} return out; }}"
    return [float(t) for t in page.evaluate(script)]


def clicked(selector: str) -> str:
    return f"document.querySelector('{selector}').click()"


def trivial_events(page, count: int) -> list[float]:
    """A trivial event's round trip on /fleet: the list of contracts to adapt shown or hidden (one bool var)."""
    shown = "document.querySelector('#fleet-advice-list') !== null"
    return [in_page(page, clicked("#fleet-advice-toggle"), f"(b) => ({shown}) !== b", before=shown)[0] for _ in range(count)]


def summary(label: str, timings: list[float]) -> str:
    return f"{label:34s} p50 {statistics.median(timings):6.0f} ms   p95 {p95(timings):6.0f} ms   ({len(timings)})"


def median(timings: list[float]) -> float:
    return statistics.median(timings)


def print_ratios(series: list[tuple[list[float], list[float]]], event: str, what: str, target: str) -> None:
    """Each run's trivial events and `event`s with the ratio of their p95, then the median of those ratios."""
    ratios = []
    for n, (trivial, timed) in enumerate(series, 1):
        ratios.append(p95(timed) / p95(trivial))
        print(summary(f"#{n} trivial event (advice shown/hidden)", trivial))
        print(summary(f"#{n} {event}", timed) + f"   ratio of p95 {ratios[-1]:.2f}x")
    print(f"{what} / trivial event, p95: {median(ratios):.2f}x, the median of {len(ratios)} runs of {len(series[0][1])} ({target})")
