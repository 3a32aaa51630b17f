"""The state of /mobility-plan: the fleet manager sets the company's mobility plan and car policy (seed 000)."""

from __future__ import annotations

import reflex as rx

from leasedash import routes
from leasedash.domain.car_offer import car_catalogue
from leasedash.errors import InvalidInput
from leasedash.services.mobility_plans import plan_sheet, save_company_plan
from leasedash.state import AppState, guarded

DURATION_CHOICES = ("12", "24", "36", "48", "60")
KM_CHOICES = ("10000", "15000", "20000", "25000", "30000", "35000", "40000", "50000")
SEGMENT_CHOICES = ("A", "B", "C", "D", "SUV")
FUEL_CHOICES = ("petrol", "diesel", "hybrid", "ev")
FIELDS = ("budget", "discount", "cap", "co2", "default_months", "default_km")
MAX_FIELD = 40


def make_choices() -> tuple[str, ...]:
    """The makes of the lessor's catalogue."""
    return tuple(sorted({car.make for car in car_catalogue()}))


GROUPS = {"durations": DURATION_CHOICES, "km_bands": KM_CHOICES, "segments": SEGMENT_CHOICES, "fuels": FUEL_CHOICES, "makes": make_choices()}


def _order(value: str):
    return (0, int(value)) if value.isdigit() else (1, value)


class PlanState(AppState):
    """The plan as the form shows it (numbers as typed), its version kept on the server for the stale-write check."""

    values: dict[str, str] = {}
    durations: list[str] = []
    km_bands: list[str] = []
    makes: list[str] = []
    segments: list[str] = []
    fuels: list[str] = []
    may_adapt: bool = True
    contribution_allowed: bool = False
    saved: bool = False
    _version: int | None = None
    _loaded_for: tuple[int, int] | None = None

    @rx.event
    @guarded()
    def load(self):
        """The company's plan; a driver (or an admin without a company) is sent to /offers. Loading again the plan
        the form already holds (a reconnecting browser runs on_load again) keeps what was typed and the saved notice."""
        viewer = self.viewer()
        if viewer.role not in ("fleet_manager", "admin") or viewer.company_id is None:
            return rx.redirect(routes.OFFERS)
        sheet = plan_sheet(viewer)
        if self._loaded_for == (viewer.user_id, viewer.company_id) and self._version == sheet.version:
            return None
        self._loaded_for = (viewer.user_id, viewer.company_id)
        p = sheet.plan
        self.values = {"budget": f"{p.monthly_budget:f}", "cap": "" if p.contribution_cap is None else f"{p.contribution_cap:f}",
                       "co2": "" if p.co2_cap is None else str(p.co2_cap), "discount": f"{(p.standard_discount * 100).normalize():f}",
                       "default_months": str(p.months), "default_km": str(p.km)}
        self.durations, self.km_bands = [str(m) for m in p.durations], [str(k) for k in p.annual_km]
        self.makes, self.segments, self.fuels = list(p.makes), list(p.segments), list(p.fuels)
        self.may_adapt, self.contribution_allowed = p.driver_may_adapt, p.contribution_allowed
        self._version, self.saved = sheet.version, False
        return None

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_value(self, name: str, value: str):
        if name not in FIELDS:
            raise InvalidInput("plan", f"no field {str(name)[:40]!r} in the plan", "bad_argument")
        self.values = {**self.values, name: str(value)[:MAX_FIELD]}

    @rx.event
    @guarded("fleet_manager", "admin")
    def toggle(self, group: str, value: str, on: bool):
        """Tick or untick one choice of a group of the form (durations, km bands, makes, segments, fuels)."""
        if group not in GROUPS or value not in GROUPS[group]:
            raise InvalidInput("plan", f"no choice {str(value)[:40]!r} in {str(group)[:40]!r}", "choice")
        current = getattr(self, group)
        setattr(self, group, sorted({*current, value}, key=_order) if on else [v for v in current if v != value])

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_may_adapt(self, on: bool):
        self.may_adapt = bool(on)

    @rx.event
    @guarded("fleet_manager", "admin")
    def set_contribution_allowed(self, on: bool):
        self.contribution_allowed = bool(on)

    @rx.event
    @guarded("fleet_manager", "admin")
    def save(self):
        self.saved = False
        v = self.values
        form = {"monthly_budget": v.get("budget", ""), "durations": self.durations, "annual_km": self.km_bands,
                "default_months": v.get("default_months", ""), "default_annual_km": v.get("default_km", ""), "driver_may_adapt": self.may_adapt,
                "contribution_allowed": self.contribution_allowed, "contribution_cap": v.get("cap", ""), "makes": self.makes,
                "segments": self.segments, "fuels": self.fuels, "co2_cap": v.get("co2", ""), "standard_discount": v.get("discount", "")}
        self._version = save_company_plan(self.viewer(), form, self._version)
        self.saved = True
