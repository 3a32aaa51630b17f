"""The REST API through the httpx client, against the running app: scoping, status codes, limits."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import httpx
import pytest
from sqlmodel import select

from leasedash.client import ApiError, LeasedashClient
from leasedash.db.models import Contract, User
from leasedash.db.session import session_scope
from leasedash.services.api_tokens import create_token, revoke_token
from leasedash.services.auth import viewer_of
from tests.conftest import FIXTURES, golden_files


def client(app_server, token: str) -> LeasedashClient:
    return LeasedashClient(app_server.url, token)


def _ids(app_server):
    with session_scope(app_server.db_url) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        own = s.exec(select(Contract).where(Contract.driver_id == driver.id)).one().id
        colleague = s.exec(select(Contract).where(Contract.company_id == driver.company_id, Contract.id != own, Contract.status == "active")).first().id
        other = s.exec(select(Contract).where(Contract.company_id != driver.company_id, Contract.status == "active")).first().id
        return own, colleague, other, driver.company_id


def test_no_token_or_a_revoked_one_is_401(app_server, api_tokens):
    response = httpx.get(app_server.url + "/api/v1/contracts")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    with session_scope(app_server.db_url) as s:
        user = s.exec(select(User).where(User.email == "driver@example.com")).one()
        token, row = create_token(s, viewer_of(user), "to revoke")
        revoke_token(s, viewer_of(user), row.id)
    with pytest.raises(ApiError) as err, client(app_server, token) as api:
        api.contracts()
    assert err.value.status == 401


def test_a_driver_sees_only_their_contract(app_server, api_tokens):
    own, colleague, other, _ = _ids(app_server)
    with client(app_server, api_tokens["driver@example.com"]) as api:
        page = api.contracts()
        assert [c.id for c in page.items] == [own] and page.total == 1
        assert api.projection(own).contract_id == own
        for foreign in (colleague, other):
            with pytest.raises(ApiError) as err:
                api.projection(foreign)
            assert err.value.status == 404
        with pytest.raises(ApiError) as err:
            api.portfolio()
        assert err.value.status == 403


def test_a_fleet_manager_sees_their_company_only(app_server, api_tokens):
    own, colleague, other, company = _ids(app_server)
    with client(app_server, api_tokens["fleet@example.com"]) as api:
        page = api.contracts(limit=500)
        assert {c.company_id for c in page.items} == {company}
        assert api.projection(colleague).contract_id == colleague
        with pytest.raises(ApiError) as err:
            api.projection(other)
        assert err.value.status == 404
        totals = api.portfolio()
        assert totals["contracts"] > 0
        with pytest.raises(ApiError) as err:
            api.portfolio(company=company + 1)
        assert err.value.status == 403
    with client(app_server, api_tokens["admin@example.com"]) as api:
        assert api.portfolio(company=company) == totals
        assert api.portfolio()["contracts"] > totals["contracts"]


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.stem)
def test_simulate_reproduces_the_golden_examples(app_server, api_tokens, path):
    golden = json.loads(path.read_text())
    with client(app_server, api_tokens["driver@example.com"]) as api:
        out = api.simulate(golden["scenario"])
    for key, value in golden["expected"].items():
        if key == "first_invoice":
            assert {k: out[key][k] for k in value} == value
        else:
            assert out[key] == value


def test_invalid_input_is_422_naming_the_field(app_server, api_tokens):
    with client(app_server, api_tokens["driver@example.com"]) as api:
        with pytest.raises(ApiError) as err:
            api.simulate({"product": {"kind": "grid"}, "contract": {"months": 48, "annual_km": 15000}})
        assert (err.value.status, err.value.field) == (422, "product.grid")
        with pytest.raises(ApiError) as err:
            api.grid_lookup("Km annuel\t12 mo.\t24 mo.\n5.000\t100\tabc\n10.000\t110\t90", 12, 5000)
        assert err.value.status == 422 and "row 1 (5000 km), column 2 (24 months)" in err.value.reason
        assert api.grid_lookup({"months": [12, 24], "annual_km": [5000, 10000], "rents": [["100", "90"], ["110", "95"]]}, 18, 7500) == ("98.75", "interpolated")


def test_request_size_is_capped(app_server, api_tokens):
    big = json.dumps({"product": {"name": "x" * 2_000_000}})
    response = httpx.post(app_server.url + "/api/v1/simulate", content=big, headers={
        "Authorization": f"Bearer {api_tokens['driver@example.com']}", "Content-Type": "application/json"})
    assert response.status_code == 413


def test_odometer_import_is_idempotent_and_all_or_nothing(app_server, api_tokens):
    own, colleague, other, _ = _ids(app_server)
    rows = [{"reading_id": f"api-{own}-1", "contract_id": own, "date": "2026-11-01", "km": 35000, "source": "telematics"},
            {"reading_id": f"api-{colleague}-1", "contract_id": colleague, "date": "2026-11-01", "km": 12000}]
    with client(app_server, api_tokens["fleet@example.com"]) as api:
        bad = [*rows, {"reading_id": "api-bad", "contract_id": own, "date": "yesterday", "km": 1}]
        with pytest.raises(ApiError) as err:
            api.import_readings(bad)
        assert (err.value.status, err.value.field) == (422, "row 3.date")
        first = api.import_readings(rows)
        again = api.import_readings(rows)
    assert (first.inserted, first.already_imported, again.inserted, again.already_imported) == (2, 0, 0, 2)
    with client(app_server, api_tokens["driver@example.com"]) as api, pytest.raises(ApiError) as err:
        api.import_readings([{"reading_id": "api-x", "contract_id": colleague, "date": "2026-11-01", "km": 1}])
    assert err.value.status == 422 and err.value.field == "row 1.contract_id"


def _raw_get(app_server, path: str, token: str) -> tuple[int, str]:
    """GET a path exactly as written: httpx would remove its dot segments before sending it."""
    address = urlsplit(app_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def test_exports_are_served_to_their_owner_only(app_server, api_tokens, monkeypatch):
    import asyncio
    import datetime as dt

    import numpy as np

    from leasedash.services.exports import write_fleet_csv
    from leasedash.services.fleet import fleet_data
    from leasedash.settings import export_dir

    monkeypatch.setenv("REFLEX_DB_URL", app_server.db_url)
    with session_scope(app_server.db_url) as s:
        owner = s.exec(select(User).where(User.email == "fleet@example.com")).one()
    data = fleet_data(dt.date.today(), owner.company_id, app_server.db_url)

    async def export() -> str:
        return [url async for _, url in write_fleet_csv(data, np.arange(3), owner.id)][-1]

    name = asyncio.run(export()).partition("?")[0].rsplit("/", 1)[1]
    try:
        fetched = {email: httpx.get(f"{app_server.url}/api/v1/exports/{name}", headers={"Authorization": f"Bearer {token}"})
                   for email, token in api_tokens.items()}
    finally:
        (export_dir() / name).unlink()
    mine = fetched.pop("fleet@example.com")
    assert mine.status_code == 200 and mine.text.startswith("contract_id,reference") and len(mine.text.splitlines()) == 4
    assert {email: r.status_code for email, r in fetched.items()} == {"driver@example.com": 404, "admin@example.com": 404}
    assert all("no such export among yours" in r.text for r in fetched.values())

    token = api_tokens["admin@example.com"]
    status, body = _raw_get(app_server, "/api/v1/exports/%2e%2e", token)
    assert status == 404 and "no such export among yours" in body                       # ".." reaches the route and is refused
    for path in ("/api/v1/exports/../../../../../etc/passwd", "/api/v1/exports/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                 f"/api/v1/exports/{owner.id}-..%2f..%2f..%2f..%2fetc%2fpasswd", f"/api/v1/exports/..%2fexports%2f{name}"):
        status, body = _raw_get(app_server, path, token)
        assert status == 404 and "root:" not in body and "contract_id,reference" not in body, path


def test_the_client_retries_connection_errors():
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] < 3:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"total": 0, "limit": 50, "offset": 0, "items": []})

    with LeasedashClient("http://leasedash.test", "ld_x", transport=httpx.MockTransport(flaky), backoff=0) as api:
        assert api.contracts().total == 0
    assert calls["n"] == 3

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with LeasedashClient("http://leasedash.test", "ld_x", transport=httpx.MockTransport(down), retries=2, backoff=0) as api, pytest.raises(httpx.ConnectError):
        api.contracts()


def test_photos_and_reports_are_served_only_to_who_may_see_the_inspection(app_server, api_tokens, tmp_path):
    import datetime as dt

    from leasedash.domain.inspection import Damage
    from leasedash.services import inspections as svc
    from leasedash.services.photos import save_photo

    own, _, other, company = _ids(app_server)
    png = FIXTURES / "dent.png"
    with session_scope(app_server.db_url) as s:
        fleet = viewer_of(s.exec(select(User).where(User.email == "fleet@example.com")).one())
        inspection = svc.create_inspection(s, fleet, own, dt.date.today())
        damage = svc.add_damage(s, fleet, inspection.id, Damage("bonnet", "dent", 40))
        photo_id = save_photo(s, fleet, inspection.id, damage.id, "dent.png", png.read_bytes()).id
        stranger = s.exec(select(User).where(User.role == "driver", User.company_id != company)).first()
        stranger_token = create_token(s, viewer_of(stranger), "stranger")[0]

    for token, status in ((api_tokens["driver@example.com"], 200), (api_tokens["admin@example.com"], 200), (stranger_token, 404)):
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{app_server.url}/api/v1/photos/{photo_id}", headers=headers).status_code == status
        report = httpx.get(f"{app_server.url}/api/v1/inspections/{inspection.id}/report.pdf", headers=headers)
        assert report.status_code == status
        if status == 200:
            assert report.content.startswith(b"%PDF")
    assert httpx.get(f"{app_server.url}/api/v1/photos/{photo_id}").status_code == 401
