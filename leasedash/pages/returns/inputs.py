"""What a user sends from the inspection page, read with the field named: ids, the return's facts and a damage's
sizes go through the bounded parsers, a part or a zone through an allowlist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from leasedash.domain.inspection import Damage, default_rules
from leasedash.domain.money import parse_decimal, parse_whole
from leasedash.errors import InvalidInput, NotFound
from leasedash.services.inspection_detail import InspectionFacts

PARTS = tuple(default_rules().data["parts"])
GLASS = ("windscreen", "rear_window")
ZONES = ("driver_view", "wiped_area")
MAX_MM = 10_000
MAX_TENTHS = Decimal("999.9")
MAX_ID = 2**31 - 1


def record_id(value: str | int, field: str) -> int:
    """The id of an inspection or a damage; one no row can have is not found."""
    number = parse_whole(value, field, 1)
    if number > MAX_ID:
        raise NotFound(f"{field} {number}: no such {field}")
    return number


def part(value: str) -> str:
    if value not in PARTS:
        raise InvalidInput("part", f"{value!r} is not a part of the car outline", "choice")
    return value


def _millimetres(form: dict, field: str) -> int:
    value = parse_whole(form.get(field) or "0", field)
    if value > MAX_MM:
        raise InvalidInput(field, f"at most {MAX_MM} mm", "damage_mm_max", {"maximum": MAX_MM})
    return value


def _tenths(text: str, field: str) -> Decimal:
    """A depth or a tread in mm, to a tenth of a millimetre."""
    value = parse_decimal(text, field)
    if value != value.quantize(Decimal("0.1")) or not 0 <= value <= MAX_TENTHS:
        raise InvalidInput(field, f"from 0 to {MAX_TENTHS} mm, with at most one decimal", "damage_tenths", {"maximum": MAX_TENTHS})
    return value


def _day(text: str, field: str, default: dt.date) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise InvalidInput(field, f"expected a date as YYYY-MM-DD, got {text!r}", "date_iso") from None


def facts_from_form(form: dict, current: InspectionFacts) -> InspectionFacts:
    """The facts form: an empty date keeps the one recorded, an empty number is 0."""
    return InspectionFacts(
        _day(form.get("inspection_date", ""), "inspection_date", current.inspection_date), str(form.get("place", ""))[:200],
        parse_whole(form.get("odometer_km") or "0", "odometer_km"), parse_whole(form.get("energy_percent") or "0", "energy_percent"),
        parse_whole(form.get("range_km") or "0", "range_km"), bool(form.get("driver_present")), bool(form.get("apply_loss_of_value")))


def damage_from_form(on_part: str, form: dict) -> Damage:
    """The damage form for the part picked on the outline; the zone counts on glass only."""
    zone = str(form.get("zone") or "wiped_area") if on_part in GLASS else ""
    if zone and zone not in ZONES:
        raise InvalidInput("zone", f"must be one of {', '.join(ZONES)}", "choice")
    tread = form.get("tread_mm") or ""
    return Damage(part(on_part), str(form.get("kind", "")), _millimetres(form, "length_mm"), _millimetres(form, "width_mm"),
                  _tenths(form.get("depth_mm") or "0", "depth_mm"), bool(form.get("paint_broken")), zone,
                  _tenths(tread, "tread_mm") if tread else None)
