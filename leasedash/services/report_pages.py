"""The pages of the inspection report and the figures drawn on them (fpdf2): A4 pages in DejaVu Sans (shipped in
assets/fonts) with a running footer, the car outline with a numbered mark per damage, and the statement as a
horizontal waterfall."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

from leasedash.domain.car_outline import OUTLINE, VIEW
from leasedash.i18n import format_money
from leasedash.services import return_wording as words
from leasedash.services.inspection_detail import InspectionDetail, JudgedDamage

FONTS = Path(__file__).resolve().parent.parent.parent / "assets" / "fonts"
FONT = "DejaVu"
INK, MUTED, LINE = (33, 37, 41), (108, 117, 125), (206, 212, 218)
RED, AMBER, GREEN, BLUE = (201, 42, 42), (230, 153, 0), (47, 158, 68), (28, 126, 214)
OUTLINE_WIDTH = 52.0


class ReportPages(FPDF):
    """A4 pages with the report's header line and a footer naming the inspection, its version and the page."""

    def __init__(self, texts: dict[str, str], running: str) -> None:
        super().__init__(format="A4")
        self.texts, self.running = texts, running
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(15, 15, 15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.running, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.texts["report.page"].format(page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(*INK)

    def heading(self, text: str, size: int = 12) -> None:
        if self.will_page_break(14):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", size)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*LINE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.set_font(FONT, size=9)

    def pair(self, label: str, value: str, width: float = 38) -> None:
        self.set_font(FONT, size=9)
        self.set_text_color(*MUTED)
        self.cell(width, 5, label)
        self.set_text_color(*INK)
        self.multi_cell(0, 5, value, align="L", new_x="LMARGIN", new_y="NEXT")


def _marks(detail: InspectionDetail) -> list[tuple[int, float, float, JudgedDamage]]:
    """Each damage's number and where its mark goes in the outline's view (beside the earlier marks of its part)."""
    seen: dict[str, int] = {}
    marks = []
    for number, d in enumerate(detail.damages, 1):
        x, y, w, h = OUTLINE.get(d.part, (VIEW[0] / 2 - 10, VIEW[1] - 20, 20, 20))
        shift = seen.get(d.part, 0)
        seen[d.part] = shift + 1
        marks.append((number, x + w / 2 + shift * 22, y + h / 2, d))
    return marks


def draw_outline(pdf: ReportPages, detail: InspectionDetail, left: float, top: float) -> float:
    """The car outline at (left, top) with each damage's number on its part (amber acceptable, red chargeable): its height."""
    scale = OUTLINE_WIDTH / VIEW[0]
    pdf.set_draw_color(*MUTED)
    pdf.set_fill_color(241, 243, 245)
    for x, y, w, h in OUTLINE.values():
        pdf.rect(left + x * scale, top + y * scale, w * scale, h * scale, style="DF", round_corners=True, corner_radius=0.6)
    pdf.set_font(FONT, "B", 6)
    for number, x, y, d in _marks(detail):
        pdf.set_fill_color(*(AMBER if d.acceptable else RED))
        pdf.circle(left + x * scale, top + y * scale, 2.4, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_xy(left + x * scale - 2.4, top + y * scale - 1.6)
        pdf.cell(4.8, 3.2, str(number), align="C")
    pdf.set_text_color(*INK)
    return VIEW[1] * scale


def draw_waterfall(pdf: ReportPages, detail: InspectionDetail, lang: str) -> None:
    """The statement as horizontal bars: each line from where the previous ones left the total, then the total."""
    t, s = pdf.texts, detail.statement
    rows = [(words.line_label(line.code, lang), line.amount) for line in s.lines]
    height = 6.0 * (len(rows) + 1) + 12
    if pdf.will_page_break(height):
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 6, t["inspect.waterfall"], new_x="LMARGIN", new_y="NEXT")
    running, spans = Decimal(0), []
    for _label, amount in rows:
        spans.append((running, running + amount))
        running += amount
    spans.append((Decimal(0), running))
    low, high = min(min(a, b) for a, b in spans), max(max(a, b) for a, b in spans)
    left, width = pdf.l_margin + 62, pdf.w - pdf.r_margin - pdf.l_margin - 62 - 26
    scale = Decimal(width) / ((high - low) or 1)
    pdf.set_font(FONT, size=7.5)
    for index, ((label, amount), (start, end)) in enumerate(zip([*rows, (t["inspect.total"], running)], spans)):
        y = pdf.get_y()
        total = index == len(rows)
        pdf.set_fill_color(*(BLUE if total else RED if amount > 0 else GREEN))
        x1, x2 = left + float((min(start, end) - low) * scale), left + float((max(start, end) - low) * scale)
        pdf.cell(60, 5, label if pdf.get_string_width(label) < 58 else label[:40] + "…")
        pdf.rect(x1, y + 0.8, max(x2 - x1, 0.4), 3.6, style="F")
        pdf.set_xy(left + width + 2, y)
        pdf.cell(24, 5, format_money(amount, lang), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(y + 6)


