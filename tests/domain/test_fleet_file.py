"""The fleet import parser: CSV with `;` or `,`, a decimal comma or point decided per file, dates ISO or DD/MM/YYYY,
headers in French, Dutch or English in any order, the first sheet of an .xlsx through the same checks, and every
refusal named by its row and column."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from leasedash.domain.fleet_cells import decide_mark
from leasedash.domain.fleet_file import FileProblems, Problem, guess_mapping, header_language, mapping_problems, read_sheet, template
from leasedash.domain.fleet_rows import parse_sheet
from leasedash.errors import InvalidInput

TODAY = dt.date(2026, 6, 1)
FR_HEAD = "Référence;E-mail du conducteur;Produit;Date de début;Durée (mois);Km annuels;Loyer mensuel;Marque;Modèle;Plaque"
EN_HEAD = "Plate,Model,Make,Monthly rent,Annual km,Duration (months),Start date,Product,Driver e-mail,Contract reference"


def _parse(text: str, kind: str = "contracts", mark: str | None = None, name: str = "fleet.csv"):
    sheet = read_sheet(name, text.encode("utf-8"))
    mapping = guess_mapping(sheet.headers, kind)
    return parse_sheet(sheet, kind, mapping, mark or decide_mark(sheet, mapping, kind), TODAY)


def _only(text: str, kind: str = "contracts", mark: str | None = None) -> Problem:
    parsed = _parse(text, kind, mark)
    assert parsed.problem_count == 1, [str(p) for p in parsed.problems]
    return parsed.problems[0]


def test_a_french_file_with_semicolons_and_decimal_commas():
    parsed = _parse(f"{FR_HEAD}\nLP-1;Sofie@Example.com;best-deal;15/01/2026;48;15.000;1.536,32;VW;Golf;1-abc-123\n")
    assert parsed.mark == "," and parsed.problem_count == 0
    line = parsed.lines[0]
    assert (line["row"], line["annual_km"], line["monthly_rent"], line["start_date"]) == (2, 15000, Decimal("1536.32"), dt.date(2026, 1, 15))
    assert (line["driver_email"], line["plate"], line["fuel"], line["body"]) == ("sofie@example.com", "1-ABC-123", "petrol", "car")


def test_an_english_file_with_commas_decimal_points_and_columns_in_another_order():
    parsed = _parse(f'{EN_HEAD}\n1-ABC-123,Golf,VW,"1,536.32",15000,48,2026-01-15,best-deal,a@b.be,LP-1\n')
    assert parsed.mark == "." and parsed.problem_count == 0
    assert (parsed.lines[0]["reference"], parsed.lines[0]["monthly_rent"], parsed.lines[0]["annual_km"]) == ("LP-1", Decimal("1536.32"), 15000)


def test_dutch_headers_are_recognised():
    head = "Kenteken;Model;Merk;Maandhuur;Km per jaar;Looptijd (maanden);Startdatum;Product;E-mail bestuurder;Contractreferentie"
    sheet = read_sheet("vloot.csv", f"{head}\n1-ABC-123;Golf;VW;536,32;15000;48;15/01/2026;best-deal;a@b.be;LP-1\n".encode())
    assert header_language(sheet.headers, "contracts") == "nl"
    assert set(guess_mapping(sheet.headers, "contracts")) >= {"reference", "driver_email", "monthly_rent", "annual_km", "plate"}


def test_the_decimal_mark_is_decided_once_for_the_whole_file():
    """A file whose rents say "decimal comma" reads "15.000" as fifteen thousand; one whose rents say "decimal point"
    refuses "15.000" in a whole-number column instead of reading it as 15."""
    comma = _parse(f"{EN_HEAD}\n1-A,Golf,VW,\"536,32\",15.000,48,2026-01-15,best-deal,a@b.be,LP-1\n")
    assert comma.mark == "," and comma.lines[0]["annual_km"] == 15000
    point = _only(f"{EN_HEAD}\n1-A,Golf,VW,536.32,15.000,48,2026-01-15,best-deal,a@b.be,LP-1\n")
    assert (point.row, point.column, point.code) == (2, "Annual km", "import_ambiguous")


def test_without_decimals_a_semicolon_file_reads_a_comma_and_a_comma_file_a_point():
    assert _parse(f"{FR_HEAD}\nLP-1;a@b.be;best-deal;15/01/2026;48;15.000;536;VW;Golf;1-A\n").mark == ","
    assert _parse(f"{EN_HEAD}\n1-A,Golf,VW,536,15000,48,2026-01-15,best-deal,a@b.be,LP-1\n").mark == "."


def test_the_mark_confirmed_by_the_user_wins():
    problem = _only(f"{FR_HEAD}\nLP-1;a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A\n", mark=".")
    assert (problem.column, problem.code) == ("Loyer mensuel", "import_not_number")


@pytest.mark.parametrize("cell, code, column", [
    ("15.000,5", "import_not_whole", "Km annuels"),
    ("abc", "import_not_number", "Km annuels"),
    ("0", "import_out_of_range", "Km annuels"),
    ("250.000", "import_out_of_range", "Km annuels"),
])
def test_refused_annual_km(cell, code, column):
    problem = _only(f"{FR_HEAD}\nLP-1;a@b.be;best-deal;15/01/2026;48;{cell};536,32;VW;Golf;1-A\n")
    assert (problem.row, problem.column, problem.code) == (2, column, code)


def test_the_message_names_row_column_and_reason():
    problem = _only(f"{FR_HEAD}\nLP-1;a@b.be;best-deal;15/01/2026;48;15.000,5;536,32;VW;Golf;1-A\n")
    assert str(problem) == "row 2, column Km annuels: must be a whole number of km, got '15.000,5'"


@pytest.mark.parametrize("row, field, code", [
    ("LP-1;a@b.be;best-deal;15/01/2026;48;15000;536,325;VW;Golf;1-A", "monthly_rent", "import_cents"),
    ("LP-1;a@b.be;best-deal;15/01/2026;48;15000;0;VW;Golf;1-A", "monthly_rent", "import_amount_range"),
    ("LP-1;a@b.be;best-deal;31/02/2026;48;15000;536,32;VW;Golf;1-A", "start_date", "import_not_date"),
    ("LP-1;a@b.be;best-deal;2026/01/15;48;15000;536,32;VW;Golf;1-A", "start_date", "import_not_date"),
    ("LP-1;not-an-address;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A", "driver_email", "import_not_email"),
    ("LP-1;a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1/A", "plate", "import_not_plate"),
    (f"{'X' * 31};a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A", "reference", "import_too_long"),
    (";a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A", "reference", "import_required"),
    ("LP-1;a@b.be;best-deal;15/01/2026;48,5;15000;536,32;VW;Golf;1-A", "months", "import_not_whole"),
])
def test_every_cell_refusal(row, field, code):
    parsed = _parse(f"{FR_HEAD}\n{row}\n")
    assert [(p.row, p.field, p.code) for p in parsed.problems] == [(2, field, code)]


def test_choice_vin_and_registration_refusals():
    head = FR_HEAD + ";Carburant;Numéro de châssis;Première immatriculation"
    parsed = _parse(f"{head}\nLP-1;a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A;kerosene;WVWZZZ1KZAW00000I;10/01/2026\n"
                    "LP-2;a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-B;diesel;;20/01/2026\n")
    assert {(p.row, p.field, p.code) for p in parsed.problems} == {(2, "fuel", "import_not_choice"), (2, "vin", "import_not_vin"),
                                                                   (3, "first_registration", "import_registration_late")}
    fine = _parse(f"{head}\nLP-1;a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A;Électrique;WVWZZZ1KZAW000001;10/01/2026\n")
    assert fine.problem_count == 0 and fine.lines[0]["fuel"] == "ev"


def test_a_reference_or_a_plate_twice_in_the_file_names_both_rows():
    parsed = _parse(f"{FR_HEAD}\nLP-1;a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A\n"
                    "lp-1;b@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-B\n"
                    "LP-3;b@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1 A\n")
    assert [(p.row, p.field, p.code, dict(p.params)["other_row"]) for p in parsed.problems] == [
        (3, "reference", "import_twice", 2), (4, "plate", "import_twice", 2)]


def test_a_missing_required_column_and_a_column_given_twice():
    sheet = read_sheet("f.csv", f"{FR_HEAD}\nLP-1;a@b.be;best-deal;15/01/2026;48;15000;536,32;VW;Golf;1-A\n".encode())
    mapping = guess_mapping(sheet.headers, "contracts")
    del mapping["plate"]
    assert [(p.field, p.code) for p in mapping_problems(sheet.headers, mapping, "contracts")] == [("plate", "import_unmapped")]
    mapping["plate"] = mapping["model"]
    assert [(p.field, p.code) for p in mapping_problems(sheet.headers, mapping, "contracts")] == [("plate", "import_column_twice")]
    assert parse_sheet(sheet, "contracts", mapping, ",", TODAY).lines == []


def test_an_unquoted_decimal_comma_in_a_comma_file_is_refused_for_its_row():
    parsed = _parse(f"{EN_HEAD}\n1-A,Golf,VW,536,32,15000,48,2026-01-15,best-deal,a@b.be,LP-1\n")
    assert [(p.row, p.code) for p in parsed.problems] == [(2, "import_extra_cells")]


def test_readings_in_the_future_or_twice_on_a_day():
    text = "Contract reference,Date,Odometer\nLP-1,2026-06-02,100\nLP-1,2026-01-02,100\nLP-1,2026-01-02,150\n"
    parsed = _parse(text, "readings")
    assert [(p.row, p.field, p.code) for p in parsed.problems] == [(2, "reading_date", "import_future"), (4, "reading_date", "import_twice")]


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_number():
    parsed = _parse(f"\n{FR_HEAD}\n\nLP-1;a@b.be;best-deal;15/01/2026;48;abc;536,32;VW;Golf;1-A\n")
    assert parsed.problems[0].row == 4


def test_file_refusals():
    with pytest.raises(InvalidInput) as empty:
        read_sheet("f.csv", b"\n\n")
    assert empty.value.code == "import_empty"
    with pytest.raises(InvalidInput) as kind:
        read_sheet("fleet.xls", b"\xd0\xcf\x11\xe0")
    assert kind.value.code == "import_type"
    with pytest.raises(InvalidInput) as broken:
        read_sheet("fleet.xlsx", b"PK\x03\x04 not a workbook")
    assert broken.value.code == "import_bad_xlsx"


def test_windows_1252_csv_is_read():
    text = f"{FR_HEAD}\nLP-1;a@b.be;best-deal;15/01/2026;48;15000;536,32;Citroën;C3;1-A\n"
    sheet = read_sheet("f.csv", text.encode("cp1252"))
    assert sheet.headers[0] == "Référence" and sheet.rows[0][7] == "Citroën"


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_first_sheet_with_number_and_date_cells_through_the_same_checks():
    data = _xlsx([["Contract reference", "Driver e-mail", "Product", "Start date", "Months", "Annual km", "Monthly rent", "Make", "Model", "Plate"],
                  ["LP-1", "a@b.be", "best-deal", dt.datetime(2026, 1, 15), 48, 15000, 536.32, "VW", "Golf", "1-A"],
                  ["LP-2", "b@b.be", "best-deal", "15/01/2026", 48, 15000.5, 536.325, "VW", "Golf", "1-B"],
                  ["LP-3", "c@b.be", "best-deal", 46000, 48, "15.000", "536,32", "VW", "Golf", "1-C"]])
    sheet = read_sheet("fleet.xlsx", data)
    assert sheet.layout == "xlsx"
    mapping = guess_mapping(sheet.headers, "contracts")
    parsed = parse_sheet(sheet, "contracts", mapping, decide_mark(sheet, mapping, "contracts"), TODAY)
    assert parsed.lines[0]["start_date"] == dt.date(2026, 1, 15) and parsed.lines[0]["monthly_rent"] == Decimal("536.32")
    assert {(p.row, p.field, p.code) for p in parsed.problems} == {
        (3, "annual_km", "import_not_whole"), (3, "monthly_rent", "import_cents"), (4, "start_date", "import_not_date")}
    assert parsed.mark == ","


def test_templates_in_three_languages_and_two_formats_read_back():
    for lang in ("fr", "nl", "en"):
        csv_sheet = read_sheet("t.csv", template("contracts", lang, "csv"))
        assert len(guess_mapping(csv_sheet.headers, "contracts")) == 19
        assert header_language(csv_sheet.headers, "contracts") == lang
        xlsx = load_workbook(io.BytesIO(template("readings", lang, "xlsx")))
        assert xlsx.worksheets[0].max_row == 1
        assert len(guess_mapping(read_sheet("t.xlsx", template("readings", lang, "xlsx")).headers, "readings")) == 4


def test_file_problems_keep_the_first_ones_and_count_all():
    lines = "".join(f"LP-{i};a@b.be;best-deal;15/01/2026;48;x;536,32;VW;Golf;1-{i}\n" for i in range(300))
    parsed = _parse(f"{FR_HEAD}\n{lines}")
    assert (len(parsed.problems), parsed.problem_count) == (200, 300)
    error = FileProblems(parsed.problems, parsed.problem_count)
    assert error.total == 300 and error.field == "file"
