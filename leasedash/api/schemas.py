"""Request and response bodies of the REST API (the OpenAPI spec is generated from these)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Problem(BaseModel):
    """Why a request was refused: the field at fault and the reason."""

    field: str
    reason: str


class ProblemResponse(BaseModel):
    detail: Problem


class GridLookup(BaseModel):
    grid: dict[str, Any] | str = Field(description="a grid as JSON ({months, annual_km, rents}) or the lessor's table as text")
    months: float = Field(gt=0, le=1200)
    annual_km: float = Field(ge=0, le=10_000_000)


class GridQuoteOut(BaseModel):
    monthly_rent: str
    rule: str


class ContractOut(BaseModel):
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


class ContractPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ContractOut]


class ProjectionOut(BaseModel):
    contract_id: int
    as_of: str
    months_run: int
    km_driven: int | None
    annual_pace: int
    projected_km: int
    off_plan: bool
    quote_needed: bool
    projected_settlement: str | None


class SettlementTotals(BaseModel):
    invoices: str
    refunds: str
    net: str


class PortfolioTotals(BaseModel):
    as_of: str
    contracts: int
    monthly_spend: str
    projected_settlement: SettlementTotals
    off_plan: int
    quote_needed: int


class ImportResult(BaseModel):
    inserted: int
    already_imported: int
