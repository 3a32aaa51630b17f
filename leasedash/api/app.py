"""/api/v1: simulate, grid lookup, contracts, projections, portfolio totals, odometer import, exports.
Personal API tokens only (Authorization: Bearer ld_...), never the browser's session; the same scoping as the pages.
The pages' downloads go through signed links (leasedash.api.files), not through this API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from leasedash.api import files, imports, returns
from leasedash.api.limits import capped, refuse
from leasedash.api.schemas import (
    ContractOut, ContractPage, GridLookup, GridQuoteOut, ImportResult, PortfolioTotals, ProblemResponse, ProjectionOut,
)
from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.queries import count_contracts, get_contract, list_contracts
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError, parse_grid, simulate_document
from leasedash.domain.errors import GridError
from leasedash.domain.money import parse_decimal
from leasedash.services.api_tokens import user_of_token
from leasedash.services.auth import viewer_of
from leasedash.services.end_of_lease import decision
from leasedash.services.odometer_import import import_odometer_readings
from leasedash.services.fleet import fleet_data
from leasedash.services.portfolio import detail_rows, totals_json
from leasedash.domain.portfolio import totals

MAX_BODY_BYTES = 1_048_576
PREFIX = "/api/v1"


class Unauthorized(Exception):
    """No valid token or session."""


class BodyLimit:
    """Refuse request bodies over MAX_BODY_BYTES (an import's own limit on its route) with 413, whether or not they
    announce their length: the body is counted as it streams (api/limits.capped)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        limit = imports.body_limit(scope["path"]) or MAX_BODY_BYTES

        async def too_large(answer: Send) -> None:
            await refuse(answer, 413, "body", f"larger than {limit} bytes")

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await too_large(send)
            return
        await capped(self.app, scope, receive, send, limit, too_large)


api = FastAPI(
    title="leasedash API",
    version="1",
    description="Lease contracts, what changing them costs, and where a fleet is heading. Authenticate with a personal API token: "
                "`Authorization: Bearer ld_...` (created on /tokens).",
    openapi_url=f"{PREFIX}/openapi.json",
    docs_url=f"{PREFIX}/docs",
    redoc_url=None,
)
api.add_middleware(BodyLimit)
api.include_router(files.router)
api.include_router(returns.router)
api.include_router(imports.router)

_ERRORS = {401: {"model": ProblemResponse}, 403: {"model": ProblemResponse}, 404: {"model": ProblemResponse}, 422: {"model": ProblemResponse}}


def _problem(status: int, field: str, reason: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"detail": {"field": field, "reason": reason}}, status_code=status, headers=headers)


@api.exception_handler(Unauthorized)
async def _unauthorized(_request: Request, _exc: Unauthorized) -> JSONResponse:
    return _problem(401, "authorization", "a valid API token is needed (Authorization: Bearer ld_...)", {"WWW-Authenticate": "Bearer"})


@api.exception_handler(AccessDenied)
async def _forbidden(_request: Request, exc: AccessDenied) -> JSONResponse:
    return _problem(403, "role", str(exc))


@api.exception_handler(NotFound)
async def _not_found(_request: Request, exc: NotFound) -> JSONResponse:
    return _problem(404, "id", str(exc))


@api.exception_handler(GridError)
async def _grid_error(_request: Request, exc: GridError) -> JSONResponse:
    return _problem(422, exc.field, exc.describe_all())


@api.exception_handler(LeaseInputError)
async def _invalid(_request: Request, exc: LeaseInputError) -> JSONResponse:
    return _problem(422, exc.field, exc.reason)


@api.exception_handler(StarletteHTTPException)
async def _unreadable_body(request: Request, exc: StarletteHTTPException) -> Response:
    """A body FastAPI cannot parse (nested too deep, a number too long, not UTF-8) is bad input like any other: 422."""
    if exc.status_code == 400:
        return _problem(422, "body", "not valid JSON: nested too deep, a number too long, or not UTF-8")
    return await http_exception_handler(request, exc)


@api.exception_handler(RequestValidationError)
async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {"loc": ("body",), "msg": "invalid request"}
    return _problem(422, ".".join(str(p) for p in first.get("loc", ("body",))), str(first.get("msg", "invalid")))


def caller(request: Request) -> Viewer:
    """The user calling, by their Bearer token; a cookie is never looked at (page scripts of any port of the host
    could send it), so a request without a token is 401."""
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    with session_scope() as s:
        user = user_of_token(s, token)
        if user is None:
            raise Unauthorized
        return viewer_of(user)


Caller = Annotated[Viewer, Depends(caller)]


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LeaseInputError("as_of", f"expected a date as YYYY-MM-DD, got {value!r}") from None


@api.post(f"{PREFIX}/simulate", tags=["scenarios"], responses=_ERRORS)
def simulate(document: dict[str, Any], _viewer: Caller, lang: Annotated[str, Query(pattern="^(en|fr|nl)$")] = "en") -> dict[str, Any]:
    """Run a scenario document (spec/scenario.md) and return the output document."""
    return simulate_document(document).as_json(lang)


@api.post(f"{PREFIX}/grid/lookup", tags=["grids"], responses=_ERRORS)
def grid_lookup(body: GridLookup, _viewer: Caller) -> GridQuoteOut:
    """The monthly rent at any point of a grid, and the rule that gives it."""
    import json

    grid = parse_grid(body.grid if isinstance(body.grid, str) else json.dumps(body.grid))
    quote = grid.quote(parse_decimal(repr(body.months), "months"), parse_decimal(repr(body.annual_km), "annual_km"))
    return GridQuoteOut(monthly_rent=f"{quote.monthly_rent:.2f}", rule=quote.rule)


def _contract_out(c) -> ContractOut:
    return ContractOut(id=c.id, reference=c.reference, company_id=c.company_id, driver_id=c.driver_id, product_id=c.product_id,
                       start_date=c.start_date.isoformat(), end_date=c.end_date.isoformat(), months=c.months, annual_km=c.annual_km,
                       monthly_rent=f"{c.monthly_rent:.2f}", status=c.status)


@api.get(f"{PREFIX}/contracts", tags=["contracts"], responses=_ERRORS)
def contracts(viewer: Caller, limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
              status: Annotated[str | None, Query(pattern="^(planned|active|ended|terminated)$")] = None) -> ContractPage:
    """The caller's contracts (a driver's own, a fleet manager's company's, an admin's all), paged."""
    with session_scope() as s:
        items = [_contract_out(c) for c in list_contracts(s, viewer, status=status, limit=limit, offset=offset)]
        total = count_contracts(s, viewer, status=status)
    return ContractPage(total=total, limit=limit, offset=offset, items=items)


@api.get(f"{PREFIX}/contracts/{{contract_id}}/projection", tags=["contracts"], responses=_ERRORS)
def contract_projection(contract_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: Caller, as_of: str | None = None) -> ProjectionOut:
    """Where one of the caller's contracts is heading: pace, projected km and end settlement."""
    day = _as_of(as_of)
    with session_scope() as s:
        contract = get_contract(s, viewer, contract_id)
        company = contract.company_id
    run = fleet_data(day, company).run
    hits = (run.contracts.contract_id == contract_id).nonzero()[0]
    if len(hits) == 0:
        raise NotFound(f"contract {contract_id} is not active on {day}")
    row = detail_rows(run, hits)[0]
    return ProjectionOut(as_of=day.isoformat(), **{k: v for k, v in row.items() if k != "company_id"})


@api.get(f"{PREFIX}/contracts/{{contract_id}}/end-options", tags=["contracts"], responses=_ERRORS)
def contract_end_options(contract_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: Caller, as_of: str | None = None,
                         extend: Annotated[int | None, Query(ge=1, le=120)] = None) -> dict[str, Any]:
    """Return at term, extend by `extend` months or buy out one of the caller's contracts: the three paths as their cash
    flows from `as_of` (today), the cheapest, the market value and the buy-out request (the JSON of `leasedash contract
    end-options`)."""
    return decision(viewer, contract_id, _as_of(as_of), extend).as_json()


@api.get(f"{PREFIX}/portfolio", tags=["portfolio"], responses=_ERRORS)
def portfolio(viewer: Caller, as_of: str | None = None, company: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> PortfolioTotals:
    """Portfolio totals on a date: a fleet manager's company, or (admins) any company or all."""
    day = _as_of(as_of)
    if viewer.role == "driver":
        raise AccessDenied("portfolio totals are for fleet managers and admins")
    if viewer.role == "fleet_manager":
        if company is not None and company != viewer.company_id:
            raise AccessDenied("a fleet manager sees their own company only")
        company = viewer.company_id
    run = fleet_data(day, company).run
    return PortfolioTotals(as_of=day.isoformat(), **totals_json(totals(run.contracts, run.projection)))


@api.post(f"{PREFIX}/odometer-readings", tags=["contracts"], responses=_ERRORS)
def odometer_readings(rows: list[dict[str, Any]], viewer: Caller) -> ImportResult:
    """Import readings in bulk: idempotent by reading_id; one malformed row rejects the batch with its row number."""
    with session_scope() as s:
        report = import_odometer_readings(s, viewer, rows)
    return ImportResult(inserted=report.inserted, already_imported=report.already_imported)


@api.get(f"{PREFIX}/exports/{{name}}", tags=["exports"], responses={**_ERRORS, 200: {"content": {"text/csv": {}}}}, response_class=FileResponse)
def export_file(name: str, viewer: Caller):
    """A CSV export written by the fleet page, for the user who made it."""
    return files.serve("export", name, viewer)


@api.get(f"{PREFIX}/photos/{{photo_id}}", tags=["inspections"], responses={**_ERRORS, 200: {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}}},
         response_class=FileResponse)
def photo(photo_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: Caller):
    """A damage photo, for a user who may see its inspection."""
    return files.serve("photo", photo_id, viewer)


@api.get(f"{PREFIX}/quotes/{{quote_id}}", tags=["offers"], responses={**_ERRORS, 200: {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}}},
         response_class=FileResponse)
def dealer_quote(quote_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: Caller):
    """A dealer's quote attached to an offer, for the driver who built it and their fleet manager."""
    return files.serve("quote", quote_id, viewer)


@api.get(f"{PREFIX}/inspections/{{inspection_id}}/report.pdf", tags=["inspections"], responses={**_ERRORS, 200: {"content": {"application/pdf": {}}}},
         response_class=Response)
def inspection_report(inspection_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: Caller) -> Response:
    """The inspection report as a PDF, with two signature fields."""
    return files.serve("report", inspection_id, viewer)


@api.get(f"{PREFIX}/requests/attachments/{{attachment_id}}", tags=["requests"], responses={**_ERRORS, 200: {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}}},
         response_class=FileResponse)
def request_attachment(attachment_id: Annotated[int, Path(ge=1, le=2**31 - 1)], viewer: Caller):
    """A file joined to a service request or its answer document, for a user who may see the request."""
    return files.serve("attachment", attachment_id, viewer)
