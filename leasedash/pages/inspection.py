"""/returns/inspection?id=N: one inspection or self-check: the facts, the checklist, damages picked on the
car outline and judged against the norm, photos, the statement with its waterfall, the repair advice,
the comparison with the self-check, signatures, disputes and the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import plotly.graph_objects as go
import reflex as rx
from sqlmodel import select

from leasedash import routes
from leasedash.charts.return_charts import statement_waterfall
from leasedash.components.car_outline import OUTLINE, car_outline
from leasedash.components.layout import protected_page
from leasedash.db.errors import AccessDenied, NotFound, StaleWrite
from leasedash.db.models import ChecklistItem, Contract, DamagePhoto, DamageRecord, Inspection, Vehicle
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError
from leasedash.domain.inspection import KINDS, Damage, default_rules
from leasedash.i18n import format_date, format_money
from leasedash.services import inspections as svc
from leasedash.services.photos import save_photo
from leasedash.state import AppState

PARTS = tuple(default_rules().data["parts"])
REFUSALS = (NotFound, AccessDenied, StaleWrite, LeaseInputError, ValueError)


class InspectionState(AppState):
    """The inspection on screen; every change goes through the services, which check the user."""

    inspection_id: int = 0
    info: dict[str, str] = {}
    facts: dict[str, str] = {}
    checklist: list[dict[str, str]] = []
    damages: list[dict[str, str]] = []
    statement: dict = {}
    history: list[dict[str, str]] = []
    compare: list[dict[str, str]] = []
    part: str = "door_front_left"
    kind: str = "scratch"
    length: str = "0"
    width: str = "0"
    depth: str = "0"
    paint_broken: bool = False
    zone: str = "wiped_area"
    tread: str = ""
    photo_damage: str = ""
    sign_name: str = ""
    dispute_reason: str = ""
    error: str = ""

    def _refuse(self, exc: Exception) -> None:
        self.error = self.tr["inspect.error"].format(reason=getattr(exc, "reason", None) or str(exc))

    def _load(self) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        with session_scope() as s:
            i = svc.open_inspection(s, viewer, self.inspection_id)
            contract = s.get(Contract, i.contract_id)
            vehicle = s.get(Vehicle, contract.vehicle_id)
            self.info = {"reference": contract.reference, "car": f"{vehicle.make} {vehicle.model} · {vehicle.plate}", "status": i.status,
                         "self_check": "1" if i.self_check else "", "locked": "1" if i.status in svc.LOCKED else "",
                         "driver_signed": i.driver_signed_by or "", "driver_signed_at": i.driver_signed_at.isoformat() if i.driver_signed_at else "",
                         "inspector_signed": i.inspector_signed_by or "", "inspector_signed_at": i.inspector_signed_at.isoformat() if i.inspector_signed_at else "",
                         "fuel": vehicle.fuel, "version": str(i.version)}
            self.facts = {"date": i.inspection_date.isoformat(), "place": i.place, "odometer": str(i.odometer_km), "energy": str(i.energy_percent),
                          "range": str(i.range_km), "driver_present": "1" if i.driver_present else "", "lov": "1" if i.apply_loss_of_value else ""}
            self.checklist = [{"name": c.name, "present": "1" if c.present else ""}
                              for c in s.exec(select(ChecklistItem).where(ChecklistItem.inspection_id == i.id).order_by(ChecklistItem.id))]
            rows = list(s.exec(select(DamageRecord).where(DamageRecord.inspection_id == i.id).order_by(DamageRecord.id)))
            photos: dict[int, list[str]] = {}
            for p in s.exec(select(DamagePhoto).where(DamagePhoto.damage_id.in_([r.id for r in rows]))):
                photos.setdefault(p.damage_id, []).append(str(p.id))
            self.damages = [{"id": str(r.id), "part": r.part, "kind": r.kind, "size": f"{r.length_mm} × {r.width_mm} mm" + (f", {r.depth_mm} mm" if r.depth_mm else ""),
                             "acceptable": "1" if r.acceptable else "", "rule": r.rule, "method": r.method or "", "cost": f"{r.cost:.2f}",
                             "photos": ",".join(photos.get(r.id, []))} for r in rows]
            self.statement = i.statement or {}
            self.history = [{"action": e.action, "reason": e.reason, "who": email, "at": e.at.date().isoformat()} for e, email in svc.history(s, i)]
            others = list(s.exec(select(Inspection).where(Inspection.contract_id == i.contract_id).order_by(Inspection.id)))
            counts: dict[int, list[int]] = {}
            for r in s.exec(select(DamageRecord).where(DamageRecord.inspection_id.in_([o.id for o in others]))):
                tally = counts.setdefault(r.inspection_id, [0, 0])
                tally[0] += 1
                tally[1] += 0 if r.acceptable else 1
            self.compare = [{"what": "self" if o.self_check else "inspector", "id": str(o.id), "count": str(counts.get(o.id, [0, 0])[0]),
                             "charged": str(counts.get(o.id, [0, 0])[1]), "total": (o.statement or {}).get("total", "0.00")} for o in others]
        if not self.photo_damage and self.damages:
            self.photo_damage = self.damages[-1]["id"]

    @rx.event
    def load(self):
        if self.viewer() is None:
            return rx.redirect(routes.LOGIN)
        self.error = ""
        try:
            self.inspection_id = int(self.router.url.query_parameters.get("id", "0"))
        except ValueError:
            self.inspection_id = 0
        self._reload()
        return None

    def _reload(self) -> None:
        try:
            self._load()
        except REFUSALS:
            self.info, self.damages, self.statement = {}, [], {}
            self.error = self.error or self.tr["common.not_found"]

    def _act(self, action) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        self.error = ""
        try:
            with session_scope() as s:
                action(s, viewer)
        except REFUSALS as exc:
            self._refuse(exc)
        self._reload()

    # facts and checklist
    @rx.event
    def save_facts(self, form: dict):
        def act(s, viewer):
            svc.update_facts(s, viewer, self.inspection_id, int(self.info.get("version", "0")) or None,
                             inspection_date=dt.date.fromisoformat(form.get("date") or self.facts["date"]), place=form.get("place", "")[:200],
                             odometer_km=int(form.get("odometer") or 0), energy_percent=int(form.get("energy") or 0), range_km=int(form.get("range") or 0),
                             driver_present=bool(form.get("driver_present")), apply_loss_of_value=bool(form.get("lov")))
        self._act(act)

    @rx.event
    def toggle_item(self, name: str, present: bool):
        self._act(lambda s, viewer: svc.set_item(s, viewer, self.inspection_id, name, present))

    # damages
    @rx.event
    def select_part(self, part: str):
        if part in PARTS:
            self.part = part

    @rx.event
    def set_field(self, field: str, value: str):
        if field in ("kind", "length", "width", "depth", "zone", "tread", "photo_damage", "sign_name", "dispute_reason", "part"):
            setattr(self, field, value)

    @rx.event
    def set_paint_broken(self, value: bool):
        self.paint_broken = bool(value)

    @rx.event
    def add_damage(self):
        try:
            damage = Damage(self.part, self.kind, int(self.length or 0), int(self.width or 0), Decimal(self.depth or "0"), self.paint_broken,
                            self.zone if self.part in ("windscreen", "rear_window") else "", Decimal(self.tread) if self.tread else None)
        except (LeaseInputError, ValueError, InvalidOperation) as exc:
            self._refuse(exc)
            return
        self._act(lambda s, viewer: svc.add_damage(s, viewer, self.inspection_id, damage))
        self.photo_damage = self.damages[-1]["id"] if self.damages else ""

    @rx.event
    def remove_damage(self, damage_id: str):
        self._act(lambda s, viewer: svc.remove_damage(s, viewer, self.inspection_id, int(damage_id)))

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]):
        """Photos are checked on the server (type by content, size, name) and stored privately."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        self.error = ""
        for file in files[:5]:
            data = await file.read(6 * 1024 * 1024)
            try:
                with session_scope() as s:
                    save_photo(s, viewer, self.inspection_id, int(self.photo_damage or 0), (file.name or file.filename or ""), data)
            except REFUSALS as exc:
                self._refuse(exc)
        self._reload()
        return None

    # signatures and disputes
    @rx.event
    def sign(self):
        self._act(lambda s, viewer: svc.sign(s, viewer, self.inspection_id, self.sign_name))

    @rx.event
    def dispute(self):
        self._act(lambda s, viewer: svc.dispute(s, viewer, self.inspection_id, self.dispute_reason))

    @rx.event
    def settle(self):
        self._act(lambda s, viewer: svc.settle(s, viewer, self.inspection_id))

    # views
    @rx.var
    def marks(self) -> dict[str, str]:
        out = {part: "" for part in OUTLINE}
        for d in self.damages:
            if d["part"] in out and out[d["part"]] != "chargeable":
                out[d["part"]] = "acceptable" if d["acceptable"] else "chargeable"
        return out

    @rx.var
    def part_label(self) -> str:
        return self.tr.get(f"part.{self.part}", self.part)

    @rx.var
    def part_options(self) -> list[dict[str, str]]:
        return [{"id": p, "label": self.tr[f"part.{p}"]} for p in PARTS]

    @rx.var
    def kind_options(self) -> list[dict[str, str]]:
        return [{"id": k, "label": self.tr[f"kind.{k}"]} for k in KINDS]

    @rx.var
    def checklist_view(self) -> list[dict[str, str]]:
        return [{**c, "label": self.tr[f"item.{c['name']}"]} for c in self.checklist]

    @rx.var
    def damages_view(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        out = []
        for d in self.damages:
            rule = d["rule"]
            rule_text = tr.get(f"rule.{rule}") or tr.get(f"rule.{rule.rsplit('.', 1)[0]}", rule)
            out.append({**d, "part_text": tr[f"part.{d['part']}"], "kind_text": tr[f"kind.{d['kind']}"], "rule_text": rule_text,
                        "verdict": tr["inspect.acceptable" if d["acceptable"] else "inspect.chargeable"],
                        "method_text": tr.get(f"method.{d['method']}", "") if d["method"] else "",
                        "cost_text": "" if d["acceptable"] else format_money(Decimal(d["cost"]), lang),
                        "photo_links": d["photos"]})
        return out

    @rx.var
    def photo_urls(self) -> list[dict[str, str]]:
        return [{"damage": d["id"], "url": f"/api/v1/photos/{p}", "label": f"#{p}"} for d in self.damages for p in d["photos"].split(",") if p]

    @rx.var
    def statement_view(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        return [{"label": tr.get(f"line.{line['code']}", line["code"]), "amount": format_money(Decimal(line["amount"]), lang), "code": line["code"],
                 "why": self._line_explanation(line)} for line in self.statement.get("lines", [])]

    def _line_explanation(self, line: dict) -> str:
        lang, tr, facts = self.lang, self.tr, line.get("facts", {})
        key = f"lineexp.{line['code']}"
        if line["code"] == "km":
            return self.statement.get("km_explanation", {}).get(lang, "")
        if line["code"] == "missing_items":
            return ", ".join(tr.get(f"item.{i}", i) for i in facts.get("items", []))
        if key not in tr:
            return ""
        values = {**facts}
        if "cap" in facts:
            values["cap"] = format_money(Decimal(facts["cap"]), lang)
        if "base" in facts:
            values["base"] = format_money(Decimal(facts["base"]), lang)
        if "rate" in facts:
            values["rate"] = f"{Decimal(facts['rate']) * 100:.0f}"
        return tr[key].format(**values)

    @rx.var
    def total_text(self) -> str:
        return format_money(Decimal(self.statement.get("total", "0")), self.lang) if self.statement else ""

    @rx.var
    def age_text(self) -> str:
        if not self.statement:
            return ""
        return self.tr["inspect.age"].format(months=self.statement.get("age_months", 0), rules=self.statement.get("rules_version", ""),
                                             prices=self.statement.get("prices_version", ""))

    @rx.var
    def waterfall(self) -> go.Figure:
        lines = self.statement.get("lines", []) if self.statement else []
        if not lines:
            return go.Figure()
        tr = self.tr
        return statement_waterfall([tr.get(f"line.{line['code']}", line["code"]) for line in lines], [float(line["amount"]) for line in lines],
                                   tr["inspect.total"], tr["inspect.waterfall"])

    @rx.var
    def advice_view(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        parts = {d["id"]: tr[f"part.{d['part']}"] + " · " + tr[f"kind.{d['kind']}"] for d in self.damages}
        return [{"what": parts.get(str(a["damage_id"]), ""), "now": tr["inspect.repair_now"].format(amount=format_money(Decimal(a["repair_now"]), lang)),
                 "later": tr["inspect.pay_later"].format(amount=format_money(Decimal(a["pay_later"]), lang)),
                 "verdict": tr[f"inspect.cheaper.{a['cheaper']}"].format(amount=format_money(Decimal(a["saving"]), lang)),
                 "color": "green" if a["cheaper"] == "repair_now" else "blue"}
                for a in (self.statement.get("advice", []) if self.statement else [])]

    @rx.var
    def compare_view(self) -> list[dict[str, str]]:
        if {c["what"] for c in self.compare} != {"self", "inspector"}:
            return []
        lang, tr = self.lang, self.tr
        return [{"text": tr["inspect.compare_line"].format(what=tr["returns.self_check" if c["what"] == "self" else "returns.inspection"] + f" #{c['id']}",
                                                           damages=c["count"], charged=c["charged"], total=format_money(Decimal(c["total"]), lang))}
                for c in self.compare]

    @rx.var
    def signatures(self) -> list[str]:
        info, tr, lang = self.info, self.tr, self.lang
        if not info or info.get("self_check"):
            return []
        out = []
        for who, key in (("driver", "inspect.signed_driver"), ("inspector", "inspect.signed_inspector")):
            name, at = info.get(f"{who}_signed", ""), info.get(f"{who}_signed_at", "")
            out.append(tr[key].format(name=name, date=format_date(dt.datetime.fromisoformat(at).date(), lang)) if name else
                       tr[key].format(name=tr["inspect.unsigned"], date="").rstrip(", "))
        return out

    @rx.var
    def history_view(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        return [{"text": f"{format_date(dt.date.fromisoformat(h['at']), lang)} · {tr.get('inspect.action.' + h['action'], h['action'])} · {h['who']}"
                 + (f" — {h['reason']}" if h["reason"] else "")} for h in self.history]

    @rx.var
    def title(self) -> str:
        if not self.info:
            return ""
        what = self.tr["returns.self_check" if self.info.get("self_check") else "returns.inspection"]
        return f"{what} #{self.inspection_id} · {self.info['reference']}"

    @rx.var
    def status_text(self) -> str:
        return self.tr.get(f"inspection_status.{self.info.get('status', '')}", "") if self.info else ""

    @rx.var
    def report_url(self) -> str:
        return f"/api/v1/inspections/{self.inspection_id}/report.pdf"


def _facts() -> rx.Component:
    f = InspectionState.facts
    field = lambda key, name, kind="text": rx.vstack(rx.text(AppState.tr[key], size="2"),  # noqa: E731
                                                     rx.input(name=name, default_value=f[name], type=kind, id=f"fact-{name}", width="100%",
                                                              key=name + InspectionState.info["version"].to(str)), spacing="1", width="100%")
    return rx.card(rx.form(rx.vstack(
        rx.heading(AppState.tr["inspect.facts"], size="4"),
        rx.grid(field("inspect.date", "date", "date"), field("inspect.place", "place"), field("inspect.odometer", "odometer", "number"),
                field("inspect.energy", "energy", "number"), field("inspect.range", "range", "number"), columns=rx.breakpoints(initial="1", sm="2", md="5"),
                spacing="3", width="100%"),
        rx.hstack(rx.checkbox(AppState.tr["inspect.driver_present"], name="driver_present", default_checked=f["driver_present"] == "1",
                              key="dp" + InspectionState.info["version"].to(str)),
                  rx.checkbox(AppState.tr["inspect.loss_of_value"], name="lov", default_checked=f["lov"] == "1", key="lov" + InspectionState.info["version"].to(str)),
                  spacing="4", wrap="wrap"),
        rx.button(AppState.tr["inspect.save"], type="submit", id="save-facts", disabled=InspectionState.info["locked"] == "1"),
        spacing="3", width="100%"), on_submit=InspectionState.save_facts, width="100%"), width="100%")


def _checklist() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["inspect.checklist"], size="4"),
        rx.grid(rx.foreach(InspectionState.checklist_view, lambda c: rx.checkbox(
            c["label"], checked=c["present"] == "1", on_change=lambda v: InspectionState.toggle_item(c["name"], v),
            disabled=InspectionState.info["locked"] == "1")), columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="2", width="100%"),
        spacing="3", width="100%"), width="100%")


def _damage_form() -> rx.Component:
    num = lambda key, field, value: rx.vstack(rx.text(AppState.tr[key], size="1"),  # noqa: E731
                                              rx.input(value=value, on_change=lambda v: InspectionState.set_field(field, v), inputmode="decimal",
                                                       width="7rem", id=f"damage-{field}"), spacing="1")
    return rx.card(rx.grid(
        rx.vstack(rx.text(AppState.tr["inspect.outline"], size="2", weight="medium"),
                  car_outline(InspectionState.part, InspectionState.marks, InspectionState.select_part), align="center", spacing="2"),
        rx.vstack(
            rx.text(AppState.tr["inspect.part"], size="2"),
            rx.select.root(rx.select.trigger(id="damage-part"), rx.select.content(rx.foreach(InspectionState.part_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                           value=InspectionState.part, on_change=InspectionState.select_part),
            rx.text(AppState.tr["inspect.kind"], size="2"),
            rx.select.root(rx.select.trigger(id="damage-kind"), rx.select.content(rx.foreach(InspectionState.kind_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                           value=InspectionState.kind, on_change=lambda v: InspectionState.set_field("kind", v)),
            rx.hstack(num("inspect.length", "length", InspectionState.length), num("inspect.width", "width", InspectionState.width),
                      num("inspect.depth", "depth", InspectionState.depth), num("inspect.tread", "tread", InspectionState.tread), spacing="3", wrap="wrap"),
            rx.checkbox(AppState.tr["inspect.paint_broken"], checked=InspectionState.paint_broken, on_change=InspectionState.set_paint_broken, id="damage-paint"),
            rx.cond((InspectionState.part == "windscreen") | (InspectionState.part == "rear_window"), rx.radio_group.root(
                rx.hstack(rx.radio_group.item(value="driver_view"), rx.text(AppState.tr["inspect.zone.driver_view"], size="2"),
                          rx.radio_group.item(value="wiped_area"), rx.text(AppState.tr["inspect.zone.wiped_area"], size="2"), spacing="2", align="center"),
                value=InspectionState.zone, on_change=lambda v: InspectionState.set_field("zone", v))),
            rx.button(rx.icon("plus", size=16), AppState.tr["inspect.add_damage"], " — ", InspectionState.part_label, on_click=InspectionState.add_damage,
                      id="add-damage", disabled=InspectionState.info["locked"] == "1"),
            spacing="2", width="100%"),
        columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"), width="100%")


def _damage_row(d) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(d["part_text"], weight="medium"), rx.text(d["kind_text"], " · ", d["size"], size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(rx.badge(d["verdict"], color_scheme=rx.cond(d["acceptable"] == "1", "green", "red"))),
        rx.table.cell(rx.text(d["rule_text"], size="1")),
        rx.table.cell(rx.vstack(rx.text(d["method_text"], size="2"), rx.text(d["cost_text"], weight="medium"), spacing="0")),
        rx.table.cell(rx.button(AppState.tr["inspect.remove"], size="1", variant="ghost", color_scheme="red", on_click=InspectionState.remove_damage(d["id"]),
                                disabled=InspectionState.info["locked"] == "1")),
    )


def _damages() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["inspect.damages"], size="4"),
        rx.table.root(rx.table.body(rx.foreach(InspectionState.damages_view, _damage_row)), size="1", width="100%", id="damages-table"),
        rx.cond(InspectionState.damages.length() > 0, rx.hstack(
            rx.select.root(rx.select.trigger(), rx.select.content(rx.foreach(InspectionState.damages_view, lambda d: rx.select.item(d["part_text"] + " · " + d["kind_text"], value=d["id"])))
                           , value=InspectionState.photo_damage, on_change=lambda v: InspectionState.set_field("photo_damage", v)),
            rx.upload(rx.text(AppState.tr["inspect.photo"], size="2"), id="photo-upload", multiple=True, max_files=5, max_size=5 * 1024 * 1024,
                      accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/pdf": [".pdf"]},
                      on_drop=InspectionState.upload_photo, border=f"1px dashed {rx.color('gray', 7)}", padding="0.5rem", border_radius="8px"),
            spacing="3", align="center", wrap="wrap")),
        rx.cond(InspectionState.photo_urls.length() > 0, rx.hstack(rx.text(AppState.tr["inspect.photos"], size="2"),
                rx.foreach(InspectionState.photo_urls, lambda p: rx.link(p["label"], href=p["url"], is_external=True)), spacing="2", wrap="wrap")),
        spacing="3", width="100%"), width="100%")


def _statement() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["inspect.statement"], size="4"),
        rx.grid(
            rx.table.root(rx.table.body(
                rx.foreach(InspectionState.statement_view, lambda l: rx.table.row(
                    rx.table.cell(rx.vstack(rx.text(l["label"], size="2"), rx.text(l["why"], size="1", color_scheme="gray"), spacing="0")),
                    rx.table.cell(l["amount"], text_align="right", white_space="nowrap"))),
                rx.table.row(rx.table.cell(rx.text(AppState.tr["inspect.total"], weight="bold")),
                             rx.table.cell(rx.text(InspectionState.total_text, weight="bold", id="statement-total"), text_align="right"))), size="1", id="statement-table"),
            rx.plotly(data=InspectionState.waterfall, use_resize_handler=True, width="100%", id="statement-waterfall"),
            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        rx.text(InspectionState.age_text, size="1", color_scheme="gray"),
        rx.cond(InspectionState.advice_view.length() > 0, rx.vstack(
            rx.heading(AppState.tr["inspect.advice"], size="3"),
            rx.foreach(InspectionState.advice_view, lambda a: rx.hstack(rx.text(a["what"], weight="medium", size="2"), rx.text(a["now"], size="2"),
                                                                         rx.text(a["later"], size="2"), rx.badge(a["verdict"], color_scheme=a["color"].to(str)),
                                                                         spacing="3", wrap="wrap")), spacing="2", id="repair-advice")),
        rx.cond(InspectionState.compare_view.length() > 0, rx.vstack(
            rx.heading(AppState.tr["inspect.compare"], size="3"), rx.foreach(InspectionState.compare_view, lambda c: rx.text(c["text"], size="2")), spacing="1")),
        spacing="3", width="100%"), width="100%")


def _signatures() -> rx.Component:
    return rx.card(rx.vstack(
        rx.foreach(InspectionState.signatures, lambda t: rx.text(t, size="2")),
        rx.cond(InspectionState.info["locked"] == "1", rx.callout(AppState.tr["inspect.locked"], icon="lock", size="1")),
        rx.cond(InspectionState.info["self_check"] != "1", rx.hstack(
            rx.input(placeholder=AppState.tr["inspect.sign_name"], value=InspectionState.sign_name, on_change=lambda v: InspectionState.set_field("sign_name", v),
                     id="sign-name", width="14rem"),
            rx.button(rx.icon("signature", size=16), AppState.tr["inspect.sign"], on_click=InspectionState.sign, id="sign"),
            rx.input(placeholder=AppState.tr["inspect.dispute_reason"], value=InspectionState.dispute_reason,
                     on_change=lambda v: InspectionState.set_field("dispute_reason", v), id="dispute-reason", width="16rem"),
            rx.button(AppState.tr["inspect.dispute"], on_click=InspectionState.dispute, variant="soft", color_scheme="amber", id="dispute"),
            rx.cond(AppState.is_manager, rx.button(AppState.tr["inspect.settle"], on_click=InspectionState.settle, variant="soft", id="settle")),
            spacing="2", wrap="wrap")),
        rx.link(rx.button(rx.icon("file-text", size=16), AppState.tr["inspect.report"], variant="outline"), href=InspectionState.report_url, is_external=True, id="report"),
        rx.cond(InspectionState.history_view.length() > 0, rx.vstack(rx.text(AppState.tr["inspect.history"], weight="medium", size="2"),
                                                                      rx.foreach(InspectionState.history_view, lambda h: rx.text(h["text"], size="1")), spacing="1")),
        spacing="3", width="100%"), width="100%")


@protected_page(routes.INSPECTION, "leasedash — inspection", on_load=[InspectionState.load])
def inspection_page() -> rx.Component:
    return rx.vstack(
        rx.cond(InspectionState.error != "", rx.callout(InspectionState.error, icon="triangle-alert", color_scheme="red", id="inspection-error", width="100%")),
        rx.cond(InspectionState.info.length() > 0, rx.vstack(
            rx.hstack(rx.vstack(rx.heading(InspectionState.title, size="6"), rx.text(InspectionState.info["car"], size="2", color_scheme="gray"), spacing="1"),
                      rx.spacer(), rx.badge(InspectionState.status_text, size="3", id="inspection-status"), width="100%", align="center"),
            _facts(), _checklist(), _damage_form(), _damages(), _statement(), _signatures(),
            spacing="4", width="100%")),
        spacing="4", width="100%",
    )
