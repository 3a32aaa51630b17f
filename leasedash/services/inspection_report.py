"""The inspection report as a PDF (fpdf2): the car, the checklist, the damages with their photos and the
rule applied, the statement, and two signature fields."""

from __future__ import annotations

from fpdf import FPDF
from sqlmodel import Session

from leasedash.db.scoping import Viewer
from leasedash.services.inspection_detail import InspectionDetail, read_detail
from leasedash.settings import photo_dir

LINE_LABELS = {"km": "Kilometres / grid recalculation", "damages": "Chargeable damages", "loss_of_value": "Loss-of-value reduction",
               "return_insurance": "Return insurance", "missing_items": "Missing items", "energy": "Fuel or charge below the minimum",
               "late_days": "Late return (days)", "late_fee": "Late return (monthly fee)", "vat": "VAT", "deposit": "Deposit"}


def _text(value: str) -> str:
    return value.encode("latin-1", "replace").decode("latin-1")


def report_pdf(session: Session, viewer: Viewer, inspection_id: int) -> bytes:
    """The report of an inspection the viewer may see."""
    detail = read_detail(session, viewer, inspection_id)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _heading(pdf, detail)
    _damages(pdf, detail)
    _statement(pdf, detail)
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(title), new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, detail: InspectionDetail) -> None:
    facts, statement = detail.facts, detail.statement
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _text(f"Return inspection {'(self-check) ' if detail.self_check else ''}#{detail.inspection_id}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for label, value in (
        ("Contract", f"{detail.reference} - {detail.product}"), ("Car", f"{detail.car}, plate {detail.plate}"),
        ("Driver", f"{detail.driver} ({'present' if facts.driver_present else 'absent'})"),
        ("Date and place", f"{facts.inspection_date.isoformat()}, {facts.place or '-'}"),
        ("Odometer", f"{facts.odometer_km:,} km"), ("Fuel or charge", f"{facts.energy_percent} %"),
        ("Judged with", f"rules {statement.rules_version if statement else ''}, prices {statement.prices_version if statement else ''}"),
    ):
        pdf.cell(40, 6, _text(label))
        pdf.cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")
    _section(pdf, "Checklist")
    pdf.set_font("Helvetica", size=9)
    for item in detail.checklist:
        pdf.cell(0, 5, _text(f"{'present' if item.present else 'MISSING'} - {item.name.replace('_', ' ')}"), new_x="LMARGIN", new_y="NEXT")


def _damages(pdf: FPDF, detail: InspectionDetail) -> None:
    _section(pdf, f"Damages ({len(detail.damages)})")
    pdf.set_font("Helvetica", size=9)
    for d in detail.damages:
        verdict = "acceptable" if d.acceptable else f"chargeable: {d.method}, EUR {d.cost:.2f} excl. VAT"
        pdf.multi_cell(0, 5, _text(f"{d.part.replace('_', ' ')} - {d.kind}, {d.length_mm} x {d.width_mm} mm, depth {d.depth_mm} mm, "
                                   f"paint {'broken' if d.paint_broken else 'intact'} - {verdict} (rule {d.rule})"), new_x="LMARGIN", new_y="NEXT")
        for photo in d.photos:
            path = photo_dir() / photo.stored_name
            if photo.content_type.startswith("image/") and path.is_file():
                pdf.image(str(path), w=50)
            else:
                pdf.cell(0, 5, _text(f"attachment: {photo.stored_name}"), new_x="LMARGIN", new_y="NEXT")


def _statement(pdf: FPDF, detail: InspectionDetail) -> None:
    _section(pdf, "Final statement (EUR)")
    pdf.set_font("Helvetica", size=10)
    lines = detail.statement.lines if detail.statement else ()
    for line in lines:
        pdf.cell(120, 6, _text(LINE_LABELS.get(line.code, line.code)))
        pdf.cell(0, 6, f"{line.amount:,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(120, 7, "Total")
    pdf.cell(0, 7, f"{detail.statement.total if detail.statement else 0:,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", size=10)
    for signature in detail.signatures:
        pdf.cell(90, 6, _text(f"{signature.signer.capitalize()}: {signature.name}"))
        pdf.cell(0, 6, _text(f"signed {signature.at:%Y-%m-%d %H:%M} UTC" if signature.at else "signature: ____________________"),
                 new_x="LMARGIN", new_y="NEXT")
