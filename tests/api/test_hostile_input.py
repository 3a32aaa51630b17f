"""Every REST route (each route of the FastAPI app under /api, enumerated from it) driven in-process with random and
hostile path parameters, query parameters and bodies, as each demo account: no answer is a server error, a refusal
of bad input is 422 naming the field, and each case of issue 16 has its own regression test. Prints, per kind of
request, the slowest refusal next to the time of a valid request of the same kind (a benchmark, not an assertion)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import statistics
import time
from collections import defaultdict
from urllib.parse import quote

import pytest
from fastapi import params
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from leasedash.api import api
from leasedash.db.models import Contract, User
from leasedash.db.session import session_scope
from leasedash.services.api_tokens import create_token
from leasedash.services.auth import viewer_of
from leasedash.services.demo import load_demo
from tests.support.documents import places, put
from tests.conftest import FIXTURES, golden_files

ACCOUNTS = ("driver@example.com", "fleet@example.com", "admin@example.com")
GOLDEN = [json.loads(p.read_text(encoding="utf-8"))["scenario"] for p in golden_files()]
HOSTILE_TEXT = ["", "0", "-1", "1", "2", "3", "2147483648", "9" * 5000, "1e300000", "1e300", "NaN", "-Infinity", "\ud800", "x\x00y",
                "../../etc/passwd", "%2e%2e%2f", "<script>", "=1+1", "2026-02-30", "9999-12-31", "fr", "en", "active", " " * 50]
HOSTILE_VALUES = [None, True, False, 0, -1, 1, 2**31, 2**63, 10**30, 1e300, -1e300, 0.5, [], {}, [[[[]]]], {"a": {"b": []}}, *HOSTILE_TEXT]
VALUES = st.one_of(st.sampled_from(HOSTILE_VALUES), st.integers(), st.floats(), st.text(max_size=20),
                   st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=6),
                                lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                                max_leaves=6))
RAW_BODIES = [b"", b"{", b"[" * 100_000 + b"]" * 100_000, b'{"a": ' + b"9" * 100_000 + b"}", b"\xff\xfe\xfd", b"null", b'"x"',
              b'{"months": [' + b"12," * 40_000 + b"12]}"]
TIMES: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))


@pytest.fixture(scope="module")
def rest(tmp_path_factory):
    """A TestClient on the API over a demo database of its own, and a Bearer token for each demo account."""
    from leasedash.services.schema import upgrade_to_head

    url = f"sqlite:///{tmp_path_factory.mktemp('rest') / 'rest.db'}"
    upgrade_to_head(url)
    load_demo(60, seed=7, url=url, today=dt.date.today())
    patch = pytest.MonkeyPatch()
    patch.setenv("REFLEX_DB_URL", url)
    tokens = {}
    with session_scope(url) as s:
        for email in ACCOUNTS:
            tokens[email] = create_token(s, viewer_of(s.exec(select(User).where(User.email == email)).one()), "fuzz")[0]
        contracts = [c.id for c in s.exec(select(Contract).limit(3))]
    with TestClient(api, raise_server_exceptions=True) as client:
        yield client, tokens, contracts
    patch.undo()


def _routes(routes=None) -> list[APIRoute]:
    """Every route of the API, those of the routers it includes too (their paths are written in full)."""
    found = []
    for route in api.routes if routes is None else routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _routes(route.original_router.routes)
    return found


def _call(client, route: APIRoute, method: str, path_values: dict, query: dict, body, token: str | None):
    path = route.path_format.format(**{k: _segment(v) for k, v in path_values.items()})
    path += "?" + "&".join(f"{_segment(k)}={_segment(v)}" for k, v in query.items()) if query else ""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    started = time.perf_counter()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    if _is_form(route):
        response = client.request(method, path, headers=headers, files={"file": ("f.csv", raw)})
    else:
        response = client.request(method, path, content=raw, headers={**headers, "Content-Type": "application/json"})
    TIMES[f"{method} {route.path}"]["valid" if response.status_code < 400 else "refused"].append(time.perf_counter() - started)
    return response


def _segment(value) -> str:
    """A value as a client percent-encodes it into a URL (a lone surrogate as the bytes UTF-8 would give it)."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def _is_form(route: APIRoute) -> bool:
    return any(isinstance(p.field_info, params.Form) for p in route.dependant.body_params)


def _assert_answered(response) -> None:
    assert response.status_code < 500, response.text[:2000]
    if response.status_code == 422:
        detail = response.json()["detail"]
        assert isinstance(detail, dict) and detail.get("field") is not None and detail.get("reason"), response.text[:500]


def _valid_requests(contracts: list[int]) -> dict[str, list[tuple[dict, dict, object]]]:
    """Per route, requests a client would rightly send (path values, query, body): the times a refusal is set against."""
    reading = {"reading_id": "ok-{n}", "contract_id": contracts[0], "date": "2025-06-01", "km": 4000}
    return {
        "/api/v1/simulate": [({}, {}, d) for d in GOLDEN],
        "/api/v1/grid/lookup": [({}, {}, {"grid": (FIXTURES / "leaseplus_grid_003.txt").read_text(encoding="utf-8"), "months": m, "annual_km": 15000})
                                for m in (12, 30, 48)],
        "/api/v1/contracts": [({}, {"limit": n}, None) for n in (10, 50, 500)],
        "/api/v1/contracts/{contract_id}/projection": [({"contract_id": c}, {}, None) for c in contracts],
        "/api/v1/portfolio": [({}, {}, None)] * 3,
        "/api/v1/odometer-readings": [({}, {}, [{**reading, "reading_id": f"ok-{n}", "km": 4000 + n}]) for n in range(3)],
        "/api/v1/imports/template/{kind}": [({"kind": k}, {}, None) for k in ("contracts", "readings")],
    }


@pytest.mark.parametrize("route", _routes(), ids=lambda r: f"{sorted(r.methods)[0]} {r.path}")
def test_no_route_answers_a_server_error(rest, route):
    client, tokens, contracts = rest
    names = re.findall(r"{(\w+)}", route.path_format)
    queries = [p.alias for p in route.dependant.query_params]
    has_body = route.body_field is not None
    bodies = st.one_of(VALUES, st.sampled_from(RAW_BODIES), st.sampled_from(GOLDEN).flatmap(_mutated)) if has_body else st.none()

    @settings(max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(path_values=st.fixed_dictionaries({n: st.one_of(st.sampled_from(HOSTILE_TEXT), st.sampled_from(contracts).map(str)) for n in names}),
           query=st.dictionaries(st.sampled_from(queries or ["x"]), st.sampled_from(HOSTILE_TEXT), max_size=len(queries)),
           body=bodies, email=st.sampled_from((None, *ACCOUNTS)))
    def run(path_values, query, body, email):
        for method in route.methods:
            _assert_answered(_call(client, route, method, path_values, query, body, tokens.get(email)))

    for path_values, query, body in _valid_requests(contracts).get(route.path, []):
        for method in route.methods:
            assert _call(client, route, method, path_values, query, body, tokens["admin@example.com"]).status_code < 400
    run()


def _mutated(document: dict) -> st.SearchStrategy:
    """A golden scenario with one value, anywhere in it, replaced by a random or hostile one."""
    paths = list(places(document))
    return st.tuples(st.sampled_from(paths), VALUES).map(lambda pv: put(document, *pv))


def _grid_scenario() -> dict:
    """The first golden Lease Plus scenario, without its events."""
    return {**copy.deepcopy(next(d for d in GOLDEN if d["product"]["kind"] == "grid")), "events": []}


def _post(client, tokens, path: str, body, raw: bytes | None = None):
    headers = {"Authorization": f"Bearer {tokens['driver@example.com']}"}
    started = time.perf_counter()
    if raw is not None:
        response = client.post(path, content=raw, headers={**headers, "Content-Type": "application/json"})
    else:
        response = client.post(path, json=body, headers=headers)
    TIMES[f"POST {path}"]["valid" if response.status_code < 400 else "refused"].append(time.perf_counter() - started)
    return response


def _refused(response, field: str) -> None:
    assert response.status_code == 422, response.text[:500]
    assert response.json()["detail"]["field"] == field, response.text[:500]


def test_a_40000_entry_grid_months_in_simulate_is_refused_at_once(rest):
    client, tokens, _ = rest
    document = _grid_scenario()
    grid = document["product"]["grid"]
    grid["months"] = list(range(1, 40_001))
    assert len(json.dumps(document)) > 200_000
    _refused(_post(client, tokens, "/api/v1/simulate", document), "product.grid.months")
    assert _post(client, tokens, "/api/v1/simulate", _grid_scenario()).status_code == 200


@pytest.mark.parametrize(("path", "value", "field"), [
    (("contract", "annual_km"), "9" * 100_000, "contract.annual_km"),
    (("contract", "monthly_rent"), 10**30, "contract.monthly_rent"),
    (("product", "grid", "rents", 0, 0), 1e300, "product.grid.rents"),
])
def test_each_hostile_number_of_the_issue_is_422_naming_its_field(rest, path, value, field):
    client, tokens, _ = rest
    _refused(_post(client, tokens, "/api/v1/simulate", put(_grid_scenario(), path, value)), field)


@pytest.mark.parametrize("raw", [b'{"contract": {"annual_km": ' + b"9" * 100_000 + b"}}", b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe{"],
                         ids=["100,000-digit number", "nested 100,000 deep", "not UTF-8"])
def test_a_body_json_cannot_read_is_422_on_the_body(rest, raw):
    client, tokens, _ = rest
    _refused(_post(client, tokens, "/api/v1/simulate", None, raw), "body")


def test_a_body_past_1_mib_is_413_as_it_streams_without_a_declared_length(rest):
    client, tokens, _ = rest

    def chunks():
        yield b'{"name": "'
        yield from (b"x" * 600_000 for _ in range(3))
        yield b'"}'

    response = client.post("/api/v1/simulate", content=chunks(), headers={"Authorization": f"Bearer {tokens['driver@example.com']}"})
    assert response.status_code == 413 and response.json()["detail"]["field"] == "body"


def test_a_reading_id_with_a_lone_surrogate_is_refused_under_its_row(rest):
    client, tokens, contracts = rest
    raw = ('[{"reading_id": "tm-\\ud800", "contract_id": %d, "date": "2025-03-01", "km": 2500}]' % contracts[0]).encode()
    headers = {"Authorization": f"Bearer {tokens['admin@example.com']}", "Content-Type": "application/json"}
    response = client.post("/api/v1/odometer-readings", content=raw, headers=headers)
    _refused(response, "row 1.reading_id")


def test_zz_the_slowest_refusal_next_to_a_valid_request(capsys):
    """Not an assertion: the figures of the run, for the closing note."""
    lines = []
    for kind, times in sorted(TIMES.items()):
        if times["refused"]:
            valid = f"{statistics.median(times['valid']) * 1000:.1f} ms" if times["valid"] else "no valid request"
            lines.append(f"{kind}: slowest refusal {max(times['refused']) * 1000:.1f} ms, median valid {valid}")
    with capsys.disabled():
        print("\nREST refusals against valid requests:\n  " + "\n  ".join(lines))
