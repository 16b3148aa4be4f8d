"""Reading an Excel workbook: its sheets, the values as Excel stores them, a title above the
headers. tests/files/agency_roster.xlsx is an agency's roster as such files really look (a
merged title, an export note, a blank row, then the headers; a second and a third sheet)."""

from datetime import date, datetime, time
from pathlib import Path

import pytest

from contacts.imports.workbook import cell_text, workbook_read, workbook_sheets
from irm.errors import RuleError

WORKBOOK = (Path(__file__).parent.parent / "files" / "agency_roster.xlsx").read_bytes()


def test_it_reads_the_first_sheet_below_its_title_with_spreadsheet_row_numbers():
    table = workbook_read(WORKBOOK)

    assert (table.sheet, table.sheets) == ("Roster", ["Roster", "Archive", "Notes"])
    assert table.headers[:3] == ["Full name", "E-mail address", "IG handle"]
    line, cells = table.rows[0]
    assert line == 5  # the row number Excel shows
    # Numbers and dates as Excel stores them, not as a format shows them ("48,200", "03/02").
    assert cells[6] == "48200"
    assert cells[12] == "2025-02-03"
    assert cells[11] == "+34 612 345 678"
    assert len(table.rows) == 9


def test_it_reads_the_sheet_the_person_names():
    table = workbook_read(WORKBOOK, sheet="Archive")

    assert table.headers == [
        "Full name",
        "E-mail address",
        "IG handle",
        "Instagram followers",
        "Country/Region",
        "City",
    ]
    assert table.rows == [
        (2, ["Nina Rossi", "nina@cucina.example", "nina.cucina", "23000", "Italia", "Roma"])
    ]


def test_a_sheet_it_does_not_have_is_refused_with_the_sheets_it_has():
    with pytest.raises(RuleError) as error:
        workbook_read(WORKBOOK, sheet="Sheet1")

    assert error.value.message == (
        "This workbook has no sheet “Sheet1”; its sheets are “Roster”, “Archive”, “Notes”."
    )
    assert error.value.field == "sheet"


def test_a_sheet_without_rows_under_a_header_says_which_sheet():
    with pytest.raises(RuleError, match=r"Sheet “Notes”: .* has no rows to import"):
        workbook_read(WORKBOOK, sheet="Notes")


def test_a_zip_that_is_no_workbook_is_refused_clearly():
    with pytest.raises(RuleError, match="not an Excel workbook we can read"):
        workbook_sheets(b"PK\x03\x04 not really a zip")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (12000, "12000"),
        (12000.0, "12000"),
        (4.25, "4.25"),
        (True, "yes"),
        (datetime(2025, 3, 1), "2025-03-01"),
        (datetime(2025, 3, 1, 9, 30), "2025-03-01 09:30:00"),
        (date(2025, 3, 1), "2025-03-01"),
        (time(9, 30), "09:30:00"),
        ("@ana", "@ana"),
    ],
)
def test_cells_read_as_the_import_reads_text(value, text):
    assert cell_text(value) == text
