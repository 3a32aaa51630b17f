"""A typed Python client of the leasedash REST API, built on httpx, with retries on connection
errors and timeouts.

    from leasedash.client import LeasedashClient
    with LeasedashClient("http://localhost:3000", token="ld_...") as api:
        page = api.contracts(limit=20)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx

API = "/api/v1"


class ApiError(Exception):
    """The server refused the request: its HTTP status, and the field and reason it named."""

    def __init__(self, status: int, field: str, reason: str) -> None:
        self.status, self.field, self.reason = status, field, reason
        super().__init__(f"HTTP {status}: {field}: {reason}")


@dataclass(frozen=True)
class Contract:
    id: int
    reference: str
    company_id: int
    driver_id: int
    product_id: int
    start_date: str
    end_date: str
    months: int
    annual_km: int
    monthly_rent: str
    status: str


@dataclass(frozen=True)
class ContractPage:
    total: int
    limit: int
    offset: int
    items: list[Contract]


@dataclass(frozen=True)
class Projection:
    contract_id: int
    as_of: str
    months_run: int
    km_driven: int | None
    annual_pace: int
    projected_km: int
    off_plan: bool
    quote_needed: bool
    projected_settlement: str | None


@dataclass(frozen=True)
class ImportResult:
    inserted: int
    already_imported: int


class LeasedashClient:
    """Calls /api/v1 with a personal API token; connection errors and timeouts are retried with backoff."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 30.0, retries: int = 3, backoff: float = 0.25,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._retries, self._backoff = retries, backoff
        self._http = httpx.Client(base_url=base_url.rstrip("/") + API, timeout=timeout, transport=transport,
                                  headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})

    def __enter__(self) -> LeasedashClient:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs) -> Any:
        for attempt in range(self._retries + 1):
            try:
                response = self._http.request(method, path, **kwargs)
                break
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadTimeout, httpx.RemoteProtocolError):
                if attempt == self._retries:
                    raise
                time.sleep(self._backoff * 2**attempt)
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", {})
            except ValueError:
                detail = {}
            raise ApiError(response.status_code, str(detail.get("field", "")), str(detail.get("reason", response.text[:200])))
        return response.json()

    def simulate(self, document: dict[str, Any], lang: str = "en") -> dict[str, Any]:
        """The output document of a scenario (spec/scenario.md)."""
        return self._call("POST", "/simulate", json=document, params={"lang": lang})

    def grid_lookup(self, grid: dict[str, Any] | str, months: float, annual_km: float) -> tuple[str, str]:
        """(monthly rent, rule) at a point of a grid."""
        out = self._call("POST", "/grid/lookup", json={"grid": grid, "months": months, "annual_km": annual_km})
        return out["monthly_rent"], out["rule"]

    def contracts(self, limit: int = 50, offset: int = 0, status: str | None = None) -> ContractPage:
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if status:
            params["status"] = status
        out = self._call("GET", "/contracts", params=params)
        return ContractPage(out["total"], out["limit"], out["offset"], [Contract(**c) for c in out["items"]])

    def projection(self, contract_id: int, as_of: str | None = None) -> Projection:
        params = {"as_of": as_of} if as_of else {}
        return Projection(**self._call("GET", f"/contracts/{contract_id}/projection", params=params))

    def portfolio(self, as_of: str | None = None, company: int | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {k: v for k, v in (("as_of", as_of), ("company", company)) if v is not None}
        return self._call("GET", "/portfolio", params=params)

    def import_readings(self, rows: list[dict[str, Any]]) -> ImportResult:
        return ImportResult(**self._call("POST", "/odometer-readings", json=rows))
