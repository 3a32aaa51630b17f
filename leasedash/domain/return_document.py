"""The return document (docs/return-document.md): one JSON document describes a returned car — the contract's
facts, the car, the return, the checklist, the damages, and optionally the rule set and price list inline —
as the scenario document describes a contract. The CLI, the API, the page and the report read the same one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from leasedash.domain.catalogue import seed_products
from leasedash.domain.errors import LeaseInputError
from leasedash.domain.inspection import Damage, PriceList, RuleSet, default_prices, default_rules
from leasedash.domain.money import parse_amount, parse_decimal, parse_whole
from leasedash.domain.projection import add_months
from leasedash.domain.return_statement import check_version
from leasedash.domain.scenario import parse_contract, parse_product

CAR_KINDS = ("car", "van")
ENERGIES = ("fuel", "electric")
POSITIONS = ("", "driver_view", "wiped_area")
MAX_DAMAGES = 200
MAX_TEXT = 200
_FIELDS = {
    "": {"contract", "car", "return", "checklist", "damages", "rules", "prices"},
    "contract": {"reference", "lessor", "product", "start_date", "end_date", "months", "annual_km", "monthly_rent", "delivery_km", "terms"},
    "contract.terms": {"return_insurance_cap", "deposit", "vat_rate", "casco_deductible_rate"},
    "car": {"kind", "first_registration", "catalogue_value", "energy", "plate", "make", "model", "vin"},
    "return": {"date", "odometer_km", "energy_percent", "range_km", "apply_loss_of_value", "place", "driver_present"},
    "checklist": {"missing"},
    "damage": {"part", "kind", "length_mm", "width_mm", "depth_mm", "paint_broken", "position", "tread_mm"},
}


@dataclass(frozen=True)
class ReturnTerms:
    """The product's return settings: the return insurance's cap and the deposit (excl. / incl. VAT as the
    lessor states them), the VAT rate, and the casco deductible as a share of the insured value."""

    vat_rate: Decimal
    return_insurance_cap: Decimal | None = None
    deposit: Decimal | None = None
    casco_deductible_rate: Decimal | None = None


@dataclass(frozen=True)
class ContractFacts:
    """The contract as the scenario engine needs it (`product` is the scenario document's product); the odometer the
    car was delivered with (`delivery_km`): the km driven are the odometer at the return less it."""

    product: dict[str, Any]
    start_date: dt.date
    months: int
    annual_km: int
    monthly_rent: Decimal
    end_date: dt.date
    terms: ReturnTerms
    reference: str = ""
    lessor: str = ""
    delivery_km: int = 0


@dataclass(frozen=True)
class CarFacts:
    """The car: a car or a van, registered when, worth what incl. VAT (options included, before discount)."""

    kind: str
    catalogue_value: Decimal
    electric: bool
    first_registration: dt.date | None = None
    plate: str = ""
    make: str = ""
    model: str = ""
    vin: str = ""


@dataclass(frozen=True)
class HandoverFacts:
    """What the return found: when, the odometer, the fuel or charge left and the range."""

    date: dt.date
    odometer_km: int
    energy_percent: int = 100
    range_km: int = 0
    apply_loss_of_value: bool = False
    place: str = ""
    driver_present: bool = True


@dataclass(frozen=True)
class ReturnDocument:
    """A parsed, validated return document; `rules` and `prices` are None when it uses the active versions."""

    contract: ContractFacts
    car: CarFacts
    handover: HandoverFacts
    missing: tuple[str, ...] = ()
    damages: tuple[Damage, ...] = ()
    rules: RuleSet | None = None
    prices: PriceList | None = None


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LeaseInputError(name or "document", "expected a JSON object")
    unknown = sorted(set(value) - _FIELDS["damage" if name.startswith("damages[") else name])
    if unknown:
        raise LeaseInputError(f"{name}.{unknown[0]}" if name else unknown[0], "is not a field of the return document")
    return value


def _required(data: dict[str, Any], key: str, name: str) -> Any:
    if data.get(key) is None:
        raise LeaseInputError(f"{name}.{key}" if name else key, "is required")
    return data[key]


def _date(value: Any, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise LeaseInputError(name, f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _text(data: dict[str, Any], key: str, name: str) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise LeaseInputError(f"{name}.{key}", f"expected text of at most {MAX_TEXT} characters")
    return value


def _flag(data: dict[str, Any], key: str, name: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise LeaseInputError(f"{name}.{key}", f"expected true or false, got {value!r}")
    return value


def _choice(data: dict[str, Any], key: str, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        raise LeaseInputError(f"{name}.{key}", f"must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def _rate(value: Any, name: str) -> Decimal:
    rate = parse_decimal(value, name)
    if not 0 <= rate <= 1:
        raise LeaseInputError(name, f"a fraction between 0 and 1, got {rate}")
    return rate


def _terms(data: Any, defaults: dict[str, str]) -> ReturnTerms:
    data = {**defaults, **_object(data or {}, "contract.terms")}
    if data.get("vat_rate") is None:
        raise LeaseInputError("contract.terms.vat_rate", "is required when the product is not one of the catalogue's")
    money = {k: parse_amount(data[k], f"contract.terms.{k}") for k in ("return_insurance_cap", "deposit") if data.get(k) is not None}
    if any(v < 0 for v in money.values()):
        raise LeaseInputError("contract.terms", "the insurance cap and the deposit cannot be negative")
    deductible = data.get("casco_deductible_rate")
    return ReturnTerms(_rate(data["vat_rate"], "contract.terms.vat_rate"), money.get("return_insurance_cap"), money.get("deposit"),
                       None if deductible is None else _rate(deductible, "contract.terms.casco_deductible_rate"))


def _contract(data: Any) -> ContractFacts:
    data = _object(data, "contract")
    product, defaults, lessor = _required(data, "product", "contract"), {}, ""
    if isinstance(product, str):
        entry = seed_products().get(product)
        if entry is None:
            raise LeaseInputError("contract.product", f"{product!r} is not a product code of the catalogue ({', '.join(seed_products())})")
        product, defaults, lessor = entry.scenario_product(), dict(entry.settings), entry.lessor
    rules = parse_product(product, "contract.product")
    start = _date(_required(data, "start_date", "contract"), "contract.start_date")
    terms = {k: data.get(k) for k in ("months", "annual_km", "monthly_rent") if data.get(k) is not None}
    signed = parse_contract({**terms, "start_date": start.isoformat()}, rules, "contract")
    end = _date(data["end_date"], "contract.end_date") if data.get("end_date") else add_months(start, signed.months)
    if end <= start:
        raise LeaseInputError("contract.end_date", "must come after the start date")
    return ContractFacts(product, start, signed.months, signed.annual_km, signed.monthly_rent, end, _terms(data.get("terms"), defaults),
                         _text(data, "reference", "contract"), _text(data, "lessor", "contract") or lessor,
                         parse_whole(data.get("delivery_km", 0), "contract.delivery_km"))


def _car(data: Any) -> CarFacts:
    data = _object(data, "car")
    value = parse_amount(_required(data, "catalogue_value", "car"), "car.catalogue_value")
    if value <= 0:
        raise LeaseInputError("car.catalogue_value", f"must be more than zero, got {value}")
    registered = _date(data["first_registration"], "car.first_registration") if data.get("first_registration") else None
    return CarFacts(_choice(data, "kind", "car", CAR_KINDS, "car"), value, _choice(data, "energy", "car", ENERGIES, "fuel") == "electric",
                    registered, *(_text(data, k, "car") for k in ("plate", "make", "model", "vin")))


def _handover(data: Any) -> HandoverFacts:
    data = _object(data, "return")
    energy = parse_whole(data.get("energy_percent", 100), "return.energy_percent")
    if energy > 100:
        raise LeaseInputError("return.energy_percent", f"a level from 0 to 100 %, got {energy}")
    return HandoverFacts(_date(_required(data, "date", "return"), "return.date"),
                         parse_whole(_required(data, "odometer_km", "return"), "return.odometer_km"), energy,
                         parse_whole(data.get("range_km", 0), "return.range_km"), _flag(data, "apply_loss_of_value", "return", False),
                         _text(data, "place", "return"), _flag(data, "driver_present", "return", True))


def _tenths(value: Any, name: str) -> Decimal:
    number = parse_decimal(value, name)
    if number < 0 or number != number.quantize(Decimal("0.1")):
        raise LeaseInputError(name, f"millimetres from 0, to a tenth at most, got {value!r}")
    return number


def _damage(data: Any, name: str) -> Damage:
    data = _object(data, name)
    part = _required(data, "part", name)
    try:
        return Damage(str(part), str(_required(data, "kind", name)), parse_whole(data.get("length_mm", 0), f"{name}.length_mm"),
                      parse_whole(data.get("width_mm", 0), f"{name}.width_mm"), _tenths(data.get("depth_mm", 0), f"{name}.depth_mm"),
                      _flag(data, "paint_broken", name, False), _choice(data, "position", name, POSITIONS, ""),
                      None if data.get("tread_mm") is None else _tenths(data["tread_mm"], f"{name}.tread_mm"))
    except LeaseInputError as exc:
        raise LeaseInputError(exc.field if exc.field.startswith(name) else f"{name}.{exc.field}", exc.reason) from None


def _missing(data: Any) -> tuple[str, ...]:
    missing = _object(data or {}, "checklist").get("missing") or []
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise LeaseInputError("checklist.missing", "expected a list of checklist item names")
    return tuple(missing)


def _inline(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise LeaseInputError(key, "expected a JSON object in the format of leasedash/data")
    if not isinstance(value.get("version"), str) or not value["version"].strip():
        raise LeaseInputError(f"{key}.version", "an inline rule set or price list names its version")
    return value


def _versions(data: dict[str, Any]) -> tuple[RuleSet | None, PriceList | None]:
    rules, prices = _inline(data, "rules"), _inline(data, "prices")
    versions = (None if rules is None else RuleSet(rules["version"], rules), None if prices is None else PriceList(prices["version"], prices))
    if rules is not None:
        check_version("rules", versions[0], versions[1] or default_prices())
    if prices is not None:
        check_version("prices", versions[0] or default_rules(), versions[1])
    return versions


def parse_return_document(data: Any) -> ReturnDocument:
    """Validate a whole return document; raises LeaseInputError naming the field at fault ("damages[2].depth_mm"). Whether
    a part or a checklist item is known is the settlement's check (the rules and prices it is settled with)."""
    data = _object(data, "")
    rules, prices = _versions(data)
    damages = data.get("damages") or []
    if not isinstance(damages, list) or len(damages) > MAX_DAMAGES:
        raise LeaseInputError("damages", f"expected a list of at most {MAX_DAMAGES} damages")
    return ReturnDocument(_contract(_required(data, "contract", "")), _car(_required(data, "car", "")),
                          _handover(_required(data, "return", "")), _missing(data.get("checklist")),
                          tuple(_damage(d, f"damages[{i}]") for i, d in enumerate(damages)), rules, prices)


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def document_json(document: ReturnDocument) -> dict[str, Any]:
    """The document as JSON (docs/return-document.md): what an inspection is exported as."""
    c, car, h = document.contract, document.car, document.handover
    terms = {"vat_rate": str(c.terms.vat_rate), "return_insurance_cap": _amount(c.terms.return_insurance_cap),
             "deposit": _amount(c.terms.deposit),
             "casco_deductible_rate": None if c.terms.casco_deductible_rate is None else str(c.terms.casco_deductible_rate)}
    out: dict[str, Any] = {
        "contract": {"reference": c.reference, "lessor": c.lessor, "product": c.product, "start_date": c.start_date.isoformat(),
                     "end_date": c.end_date.isoformat(), "months": c.months, "annual_km": c.annual_km,
                     "monthly_rent": f"{c.monthly_rent:.2f}", "delivery_km": c.delivery_km,
                     "terms": {k: v for k, v in terms.items() if v is not None}},
        "car": {"kind": car.kind, "first_registration": car.first_registration.isoformat() if car.first_registration else None,
                "catalogue_value": f"{car.catalogue_value:.2f}", "energy": "electric" if car.electric else "fuel",
                "plate": car.plate, "make": car.make, "model": car.model, "vin": car.vin},
        "return": {"date": h.date.isoformat(), "odometer_km": h.odometer_km, "energy_percent": h.energy_percent, "range_km": h.range_km,
                   "apply_loss_of_value": h.apply_loss_of_value, "place": h.place, "driver_present": h.driver_present},
        "checklist": {"missing": list(document.missing)},
        "damages": [{"part": d.part, "kind": d.kind, "length_mm": d.length_mm, "width_mm": d.width_mm, "depth_mm": str(d.depth_mm),
                     "paint_broken": d.paint_broken, "position": d.zone, **({"tread_mm": str(d.tread_mm)} if d.tread_mm is not None else {})}
                    for d in document.damages],
    }
    if document.rules is not None:
        out["rules"] = document.rules.data
    if document.prices is not None:
        out["prices"] = document.prices.data
    return out
