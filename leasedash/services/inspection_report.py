"""The inspection report as a PDF (fpdf2): the car, the checklist, the damages with their photos and the
rule applied, the statement, and two signature fields."""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF
from sqlmodel import Session, select

from leasedash.db.models import ChecklistItem, Contract, DamagePhoto, DamageRecord, Product, User, Vehicle
from leasedash.db.scoping import Viewer
from leasedash.services.inspections import open_inspection
from leasedash.settings import photo_dir

LINE_LABELS = {"km": "Kilometres / grid recalculation", "damages": "Chargeable damages", "loss_of_value": "Loss-of-value reduction",
               "return_insurance": "Return insurance", "missing_items": "Missing items", "energy": "Fuel or charge below the minimum",
               "late_days": "Late return (days)", "late_fee": "Late return (monthly fee)", "vat": "VAT", "deposit": "Deposit"}


def _text(value: str) -> str:
    return value.encode("latin-1", "replace").decode("latin-1")


def report_pdf(session: Session, viewer: Viewer, inspection_id: int) -> bytes:
    """The report of an inspection the viewer may see."""
    inspection = open_inspection(session, viewer, inspection_id)
    contract = session.get(Contract, inspection.contract_id)
    vehicle, product = session.get(Vehicle, contract.vehicle_id), session.get(Product, contract.product_id)
    driver = session.get(User, contract.driver_id)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _text(f"Return inspection {'(self-check) ' if inspection.self_check else ''}#{inspection.id}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for label, value in (
        ("Contract", f"{contract.reference} - {product.name}"), ("Car", f"{vehicle.make} {vehicle.model}, plate {vehicle.plate}"),
        ("Driver", f"{driver.first_name} {driver.last_name} ({'present' if inspection.driver_present else 'absent'})"),
        ("Date and place", f"{inspection.inspection_date.isoformat()}, {inspection.place or '-'}"),
        ("Odometer", f"{inspection.odometer_km:,} km"), ("Fuel or charge", f"{inspection.energy_percent} %"),
        ("Judged with", f"rules {inspection.statement.get('rules_version', '') if inspection.statement else ''}, "
                        f"prices {inspection.statement.get('prices_version', '') if inspection.statement else ''}"),
    ):
        pdf.cell(40, 6, _text(label))
        pdf.cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")
    items = list(session.exec(select(ChecklistItem).where(ChecklistItem.inspection_id == inspection.id).order_by(ChecklistItem.id)))
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Checklist", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for item in items:
        pdf.cell(0, 5, _text(f"{'present' if item.present else 'MISSING'} - {item.name.replace('_', ' ')}"), new_x="LMARGIN", new_y="NEXT")
    damages = list(session.exec(select(DamageRecord).where(DamageRecord.inspection_id == inspection.id).order_by(DamageRecord.id)))
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, f"Damages ({len(damages)})", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for d in damages:
        verdict = "acceptable" if d.acceptable else f"chargeable: {d.method}, EUR {d.cost:.2f} excl. VAT"
        pdf.multi_cell(0, 5, _text(f"{d.part.replace('_', ' ')} - {d.kind}, {d.length_mm} x {d.width_mm} mm, depth {d.depth_mm} mm, "
                                   f"paint {'broken' if d.paint_broken else 'intact'} - {verdict} (rule {d.rule})"), new_x="LMARGIN", new_y="NEXT")
        for photo in session.exec(select(DamagePhoto).where(DamagePhoto.damage_id == d.id)):
            path = photo_dir() / photo.stored_name
            if photo.content_type.startswith("image/") and path.is_file():
                pdf.image(str(path), w=50)
            else:
                pdf.cell(0, 5, _text(f"attachment: {photo.stored_name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Final statement (EUR)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in (inspection.statement or {}).get("lines", []):
        pdf.cell(120, 6, _text(LINE_LABELS.get(line["code"], line["code"])))
        pdf.cell(0, 6, f"{Decimal(line['amount']):,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(120, 7, "Total")
    pdf.cell(0, 7, f"{Decimal((inspection.statement or {}).get('total', '0')):,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", size=10)
    for role, name, when in (("Driver", inspection.driver_signed_by, inspection.driver_signed_at),
                             ("Inspector", inspection.inspector_signed_by, inspection.inspector_signed_at)):
        pdf.cell(90, 6, _text(f"{role}: {name or ''}"))
        pdf.cell(0, 6, _text(f"signed {when:%Y-%m-%d %H:%M} UTC" if when else "signature: ____________________"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
