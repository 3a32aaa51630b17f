"""The inspection report as a PDF fit to hand to a driver (fpdf2, DejaVu Sans from assets/fonts): in the driver's
language, amounts and dates as they write them and times in the local time of the company's country; the lessor,
the car, the contract and the return; the car outline with numbered damage marks; each damage in words with its
photos, the rule and the repair; the statement as a table and its waterfall; the checklist; and, on the last page
with the totals, both signatures with their time, the version and the content hash they bind. A variant without
costs leaves out every amount, as inspection vendors offer."""

from __future__ import annotations

from sqlmodel import Session

from leasedash.db.models import Inspection
from leasedash.db.scoping import Viewer
from leasedash.domain.car_outline import VIEW
from leasedash.i18n import LANGUAGES, catalog, format_date, format_km, format_money, plural
from leasedash.services import return_wording as words
from leasedash.services.holidays import time_zone
from leasedash.services.inspection_detail import InspectionDetail, JudgedDamage, read_detail
from leasedash.services.inspection_statement import content_hash
from leasedash.services.report_pages import AMBER, FONT, GREEN, INK, LINE, MUTED, OUTLINE_WIDTH, RED, ReportPages, draw_outline, draw_waterfall
from leasedash.settings import photo_dir

THUMB_HEIGHT = 28.0


def report_pdf(session: Session, viewer: Viewer, inspection_id: int, with_costs: bool = True, lang: str | None = None) -> bytes:
    """The report of an inspection the viewer may see, in `lang` (the driver's language when not given)."""
    detail = read_detail(session, viewer, inspection_id)
    digest = content_hash(session, session.get(Inspection, detail.inspection_id))
    lang = lang if lang in LANGUAGES else detail.driver_language if detail.driver_language in LANGUAGES else "en"
    texts = catalog(lang)
    running = texts["report.running"].format(number=detail.inspection_id, reference=detail.reference, version=detail.version,
                                             hash=digest[:12])
    pdf = ReportPages(texts, running)
    pdf.add_page()
    _header(pdf, detail, lang, with_costs)
    _outline_and_checklist(pdf, detail, lang)
    _damages(pdf, detail, lang, with_costs)
    if with_costs and detail.statement is not None:
        _statement(pdf, detail, lang)
    _closing(pdf, detail, digest, lang, with_costs)
    return bytes(pdf.output())


def _header(pdf: ReportPages, detail: InspectionDetail, lang: str, with_costs: bool) -> None:
    t, c, f = pdf.texts, detail.contract, detail.facts
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, c.lessor, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 17)
    title = t["report.self_check" if detail.self_check else "report.title"]
    pdf.cell(0, 9, f"{title} #{detail.inspection_id}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    status = t.get(f"inspection_status.{detail.status}", detail.status)
    pdf.cell(0, 5, status + ("" if with_costs else f" · {t['report.without_costs']}"), new_x="LMARGIN", new_y="NEXT")
    pdf.heading(t["report.contract_and_car"])
    pdf.pair(t["report.contract"], f"{c.reference} · {c.product}")
    pdf.pair(t["report.period"], t["report.period_text"].format(start=format_date(c.start_date, lang), end=format_date(c.end_date, lang),
                                                               months=c.months, km=format_km(c.annual_km, lang)))
    pdf.pair(t["report.car"], f"{c.car} · {t['report.plate']} {c.plate}" + (f" · VIN {c.vin}" if c.vin else ""))
    pdf.pair(t["report.driver"], f"{detail.driver} ({t['report.present' if f.driver_present else 'report.absent']})")
    pdf.heading(t["report.return"])
    pdf.pair(t["report.date_place"], f"{format_date(f.inspection_date, lang)}" + (f", {f.place}" if f.place else ""))
    pdf.pair(t["report.odometer"], format_km(f.odometer_km, lang))
    pdf.pair(t["report.energy"], f"{f.energy_percent} %" + (f" · {t['report.range']} {format_km(f.range_km, lang)}" if f.range_km else ""))
    if detail.statement is not None:
        s = detail.statement
        pdf.pair(t["report.judged_with"], plural("report.judged_text", s.age_months, lang, rules=s.rules_version, prices=s.prices_version))


def _outline_and_checklist(pdf: ReportPages, detail: InspectionDetail, lang: str) -> None:
    t = pdf.texts
    pdf.heading(t["report.outline_and_checklist"])
    top = pdf.get_y() + 1
    if pdf.will_page_break(VIEW[1] * OUTLINE_WIDTH / VIEW[0] + 4):
        pdf.add_page()
        top = pdf.get_y() + 1
    height = draw_outline(pdf, detail, pdf.l_margin + 4, top)
    column = pdf.l_margin + OUTLINE_WIDTH + 16
    pdf.set_xy(column, top)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, t["report.checklist"], new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=8.5)
    for item in detail.checklist:
        pdf.set_text_color(*(GREEN if item.present else RED))
        pdf.cell(5, 4.6, "✓" if item.present else "✗")
        pdf.set_text_color(*INK)
        pdf.cell(70, 4.6, words.name("item", item.name, lang))
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 4.6, t["report.present_item" if item.present else "report.missing_item"], new_x="LEFT", new_y="NEXT")
        pdf.set_x(column)
    pdf.set_text_color(*INK)
    pdf.set_y(max(pdf.get_y(), top + height) + 3)


def _thumbnails(pdf: ReportPages, d: JudgedDamage, x0: float) -> None:
    images = [p for p in d.photos if p.content_type.startswith("image/") and (photo_dir() / p.stored_name).is_file()]
    others = [p for p in d.photos if p not in images]
    if images:
        if pdf.will_page_break(THUMB_HEIGHT + 2):
            pdf.add_page()
        x, y = x0, pdf.get_y() + 1
        for photo in images:
            info = pdf.image(str(photo_dir() / photo.stored_name), x=x, y=y, h=THUMB_HEIGHT, keep_aspect_ratio=True)
            x += float(info.rendered_width) + 3
        pdf.set_y(y + THUMB_HEIGHT + 2)
    if others:
        pdf.set_x(x0)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 4.5, pdf.texts["report.attachments"].format(count=len(others)), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)


def _damages(pdf: ReportPages, detail: InspectionDetail, lang: str, with_costs: bool) -> None:
    t = pdf.texts
    pdf.heading(t["report.damages"])
    if not detail.damages:
        pdf.cell(0, 6, t["report.no_damage"], new_x="LMARGIN", new_y="NEXT")
    for number, d in enumerate(detail.damages, 1):
        if pdf.will_page_break(22):
            pdf.add_page()
        y, x0 = pdf.get_y() + 1, pdf.l_margin + 9
        pdf.set_fill_color(*(AMBER if d.acceptable else RED))
        pdf.circle(pdf.l_margin + 3, y + 2.6, 3, style="F")
        pdf.set_font(FONT, "B", 7)
        pdf.set_text_color(255, 255, 255)
        pdf.set_xy(pdf.l_margin, y + 0.8)
        pdf.cell(6, 3.6, str(number), align="C")
        pdf.set_text_color(*INK)
        pdf.set_xy(x0, y)
        pdf.set_font(FONT, "B", 9.5)
        verdict = t["inspect.acceptable" if d.acceptable else "inspect.chargeable"]
        size = words.size_text(d.length_mm, d.width_mm, d.depth_mm, d.tread_mm, lang)
        head = f"{words.name('part', d.part, lang)} · {words.name('kind', d.kind, lang)}" + (f" · {size}" if size else "")
        pdf.cell(130, 5.2, head)
        pdf.set_text_color(*(AMBER if d.acceptable else RED))
        pdf.cell(0, 5.2, verdict + ("" if d.acceptable or not with_costs else f" · {format_money(d.cost, lang)}"), align="R",
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.set_font(FONT, size=8.5)
        lines = [words.damage_why(d.rule, d.exceeded, d.figures, d.kind, lang)]
        if d.paint_broken:
            lines.append(t["report.paint_broken"])
        if not d.acceptable and d.method:
            lines.append(t["report.repair"].format(method=words.name("method", d.method, lang)))
        pdf.set_x(x0)
        pdf.multi_cell(0, 4.4, " · ".join(lines), align="L", new_x="LMARGIN", new_y="NEXT")
        _thumbnails(pdf, d, x0)
        pdf.ln(1.5)


def _statement(pdf: ReportPages, detail: InspectionDetail, lang: str) -> None:
    t, s = pdf.texts, detail.statement
    pdf.heading(t["inspect.statement"])
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for line in s.lines:
        why = words.line_why(line.code, line.facts, s.km_explanation, lang)
        if pdf.will_page_break(12):
            pdf.add_page()
        pdf.set_font(FONT, "B", 9)
        pdf.cell(width - 32, 5, words.line_label(line.code, lang))
        pdf.cell(32, 5, format_money(line.amount, lang), align="R", new_x="LMARGIN", new_y="NEXT")
        if why:
            pdf.set_font(FONT, size=7.5)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(width - 36, 3.8, why, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(*INK)
        pdf.ln(0.8)
    pdf.set_draw_color(*INK)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_font(FONT, "B", 10.5)
    pdf.cell(width - 32, 7, t["inspect.total"])
    pdf.cell(32, 7, format_money(s.total, lang), align="R", new_x="LMARGIN", new_y="NEXT")
    draw_waterfall(pdf, detail, lang)
    _advice(pdf, detail, lang)


def _advice(pdf: ReportPages, detail: InspectionDetail, lang: str) -> None:
    t, s = pdf.texts, detail.statement
    if not s.advice:
        return
    pdf.heading(t["inspect.advice"], size=10)
    numbers = {d.damage_id: n for n, d in enumerate(detail.damages, 1)}
    pdf.set_font(FONT, size=8.5)
    for a in s.advice:
        text = " · ".join((f"#{numbers.get(a.damage_id, '?')}", t["inspect.repair_now"].format(amount=format_money(a.repair_now, lang)),
                           t["inspect.pay_later"].format(amount=format_money(a.pay_later, lang)),
                           t[f"inspect.cheaper.{a.cheaper}"].format(amount=format_money(a.saving, lang))))
        pdf.multi_cell(0, 4.6, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _closing(pdf: ReportPages, detail: InspectionDetail, digest: str, lang: str, with_costs: bool) -> None:
    """The totals and both signatures, kept together on the last page."""
    t, zone = pdf.texts, time_zone(detail.country)
    if pdf.will_page_break(78):
        pdf.add_page()
    pdf.heading(t["report.signatures"])
    charged = sum(1 for d in detail.damages if not d.acceptable)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, plural("report.charged_count", charged, lang), new_x="LMARGIN", new_y="NEXT")
    if with_costs and detail.statement is not None:
        pdf.cell(0, 6, t["report.total_due"].format(amount=format_money(detail.statement.total, lang)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(0, 4.4, t["report.content"].format(version=detail.version, hash=digest), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    top, half = pdf.get_y(), (pdf.w - pdf.l_margin - pdf.r_margin - 6) / 2
    for index, signature in enumerate(detail.signatures):
        x = pdf.l_margin + index * (half + 6)
        pdf.set_draw_color(*LINE)
        pdf.rect(x, top, half, 40)
        pdf.set_xy(x + 3, top + 2)
        pdf.set_font(FONT, "B", 9.5)
        pdf.cell(half - 6, 5.5, t[f"inspect.signer.{signature.signer}"], new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, size=8.5)
        if signature.at is None:
            lines = [t["report.not_signed"]]
        else:
            matches = signature.content_hash == digest
            lines = [signature.name, t["report.signed_at"].format(moment=words.moment(signature.at, zone, lang), zone=zone.key),
                     t["report.signed_version"].format(version=signature.version, hash=signature.content_hash[:16]),
                     t["report.signature_matches" if matches else "report.signature_differs"]]
        for line in lines:
            pdf.multi_cell(half - 6, 4.6, line, align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_y(top + 42)
