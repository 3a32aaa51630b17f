"""A company's mobility plan as its fleet manager edits it (seed 000: "le plan de mobilité de votre employeur
détermine le budget auquel vous avez droit et si vous pouvez verser une contribution unique")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import Company, MobilityPlanRecord
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.db.types import utcnow
from leasedash.domain import LeaseInputError
from leasedash.domain.mobility_plan import MobilityPlan, check_plan, mobility_settings
from leasedash.domain.money import parse_decimal

FIELDS = ("monthly_budget", "durations", "annual_km", "default_months", "default_annual_km", "driver_may_adapt", "contribution_allowed",
          "contribution_cap", "makes", "segments", "fuels", "co2_cap", "standard_discount")


def plan_record(session: Session, company_id: int) -> MobilityPlanRecord | None:
    return session.exec(select(MobilityPlanRecord).where(MobilityPlanRecord.company_id == company_id)).first()


def as_plan(values: dict[str, Any] | MobilityPlanRecord) -> MobilityPlan:
    """The domain's plan from a stored record or from the values of the plan form."""
    v = values.model_dump() if isinstance(values, MobilityPlanRecord) else values
    cap = v.get("contribution_cap")
    return MobilityPlan(
        monthly_budget=Decimal(v["monthly_budget"]), durations=tuple(int(m) for m in v["durations"]), annual_km=tuple(int(k) for k in v["annual_km"]),
        default_months=int(v["default_months"]), default_annual_km=int(v["default_annual_km"]), driver_may_adapt=bool(v["driver_may_adapt"]),
        contribution_allowed=bool(v["contribution_allowed"]), contribution_cap=None if cap in (None, "") else Decimal(cap),
        makes=tuple(v.get("makes") or ()), segments=tuple(v.get("segments") or ()), fuels=tuple(v.get("fuels") or ()),
        co2_cap=None if v.get("co2_cap") in (None, "") else int(v["co2_cap"]), standard_discount=Decimal(v["standard_discount"]),
    )


def plan_values(session: Session, company_id: int) -> tuple[dict[str, Any], int | None]:
    """The plan's values (the shipped default when the company has none yet) and its version (None: not saved yet)."""
    record = plan_record(session, company_id)
    if record is None:
        return dict(mobility_settings()["default_plan"]), None
    return {name: getattr(record, name) for name in FIELDS}, record.version


def default_plan_record(company_id: int) -> MobilityPlanRecord:
    """The shipped plan (mobility.json "default_plan"), for a new company or a demo fleet."""
    values = _parsed(mobility_settings()["default_plan"])
    check_plan(as_plan(values))
    return MobilityPlanRecord(company_id=company_id, **{name: values[name] for name in FIELDS})


def company_plan(session: Session, company_id: int) -> MobilityPlan | None:
    """The plan drivers of the company build offers under; None when their fleet manager has not set one."""
    record = plan_record(session, company_id)
    return as_plan(record) if record else None


def _managed_company(session: Session, viewer: Viewer, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None or (viewer.role != "admin" and viewer.company_id != company_id):
        raise NotFound(f"company {company_id}: not among yours")
    if viewer.role not in ("fleet_manager", "admin"):
        raise AccessDenied("only the fleet manager sets the mobility plan")
    return company


def _number(raw: Any, name: str, whole: bool = False) -> Decimal | int:
    """A figure of the plan through the one bounded parser (no exponent, at most 12 digits); refused with plan_number."""
    try:
        value = parse_decimal(raw, name)
    except LeaseInputError:
        value = None
    if value is None or (whole and value != value.to_integral_value()):
        raise LeaseInputError(name, "a whole number is needed" if whole else "a number is needed", code="plan_number")
    return int(value) if whole else value


def _parsed(values: dict[str, Any]) -> dict[str, Any]:
    parsed = dict(values)
    for name in ("monthly_budget", "standard_discount", "contribution_cap"):
        raw = values.get(name)
        parsed[name] = None if name == "contribution_cap" and raw in (None, "") else _number(raw, name)
    for name in ("default_months", "default_annual_km", "co2_cap"):
        raw = values.get(name)
        parsed[name] = None if name == "co2_cap" and raw in (None, "") else _number(raw, name, whole=True)
    for name in ("durations", "annual_km"):
        choices = values.get(name) or ()
        if not isinstance(choices, (list, tuple)):
            raise LeaseInputError(name, "whole numbers are needed", code="plan_number")
        parsed[name] = sorted({_number(v, name, whole=True) for v in choices})
    for name in ("makes", "segments", "fuels"):
        parsed[name] = sorted({str(v).strip() for v in values.get(name) or () if str(v).strip()})
    parsed["driver_may_adapt"] = bool(values.get("driver_may_adapt"))
    parsed["contribution_allowed"] = bool(values.get("contribution_allowed"))
    return parsed


def save_plan(session: Session, viewer: Viewer, company_id: int, values: dict[str, Any], expected_version: int | None) -> MobilityPlanRecord:
    """The fleet manager's plan, checked (budget above zero, durations and km within the lessor's bounds, the default
    among them, cap and CO2 cap not negative, discount within bounds) and saved; a plan changed meanwhile is refused."""
    _managed_company(session, viewer, company_id)
    parsed = _parsed(values)
    check_plan(as_plan(parsed))
    record = plan_record(session, company_id)
    if record is None:
        if expected_version is not None:
            raise StaleWrite("the plan was removed since you opened it: reload it; nothing was saved")
        record = MobilityPlanRecord(company_id=company_id, **{name: parsed[name] for name in FIELDS})
    elif record.version != expected_version:
        raise StaleWrite("the plan was changed by someone else since you opened it: reload it; nothing was saved")
    else:
        for name in FIELDS:
            setattr(record, name, parsed[name])
    record.updated_by, record.updated_at = viewer.user_id, utcnow()
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True)
class PlanSheet:
    """The plan as its editor opens it (the shipped default before the first save) and its version (None: not saved yet)."""

    plan: MobilityPlan
    version: int | None


def _own_company(viewer: Viewer) -> int:
    if viewer.company_id is None:
        raise NotFound("no company of yours to set a plan for")
    return viewer.company_id


def plan_sheet(viewer: Viewer) -> PlanSheet:
    """The fleet manager's company's plan, for the editor."""
    company_id = _own_company(viewer)
    with session_scope() as s:
        _managed_company(s, viewer, company_id)
        values, version = plan_values(s, company_id)
    return PlanSheet(as_plan(values), version)


def save_company_plan(viewer: Viewer, form: dict[str, Any], expected_version: int | None) -> int:
    """Save the plan of the editor's form, its standard discount in percent (save_plan); the new version."""
    company_id = _own_company(viewer)
    try:
        share = parse_decimal(form.get("standard_discount") or "0", "standard_discount") / 100
    except LeaseInputError as exc:
        raise LeaseInputError("standard_discount", exc.reason, code="plan_number") from None
    with session_scope() as s:
        return save_plan(s, viewer, company_id, {**form, "standard_discount": share}, expected_version).version
