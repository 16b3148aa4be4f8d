"""Reading an Excel workbook (.xlsx), what most agencies really keep: one sheet becomes the same
table a CSV file gives (headers, then rows with the spreadsheet's row numbers as their lines).

openpyxl reads it in read-only mode (rows are streamed, a big workbook never sits whole in
memory) with the values Excel stored: a number is a number (12000, not "12,000" as formatted),
a date is a date, and a formula's last computed value is read instead of the formula.
"""

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from contacts.imports.csvfile import CsvFile, table_from
from irm.errors import RuleError

ZIP_SIGNATURE = b"PK\x03\x04"


def is_workbook(raw: bytes) -> bool:
    """An .xlsx file is a zip archive; anything else zipped is refused by `workbook_read`."""
    return raw.startswith(ZIP_SIGNATURE)


def cell_text(value: object) -> str:
    """A cell as the import reads text: whole numbers without ".0", dates as ISO dates (with the
    time only when there is one), booleans as yes/no, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _open(raw: bytes):
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise RuleError(
            "This file is a zip archive but not an Excel workbook we can read. Save it from "
            "Excel as .xlsx, or as CSV (File, Save a copy, CSV UTF-8), and upload that.",
            field="file",
        ) from None


def _records(sheet) -> Iterator[tuple[int, list[str]]]:
    """(row number, its cells as text) for each non-blank row, like a CSV file's records."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(value).strip() for value in values]
        if any(cells):
            yield number, cells


def workbook_sheets(raw: bytes) -> list[str]:
    workbook = _open(raw)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def workbook_read(raw: bytes, *, sheet: str = "", limit: int | None = None) -> CsvFile:
    """One sheet of a workbook (the first unless named) as a table. `limit` stops after that
    many records (the mapping page's first values). RuleError for an unreadable workbook,
    a sheet it does not have, or a sheet without a header and rows."""
    workbook = _open(raw)
    try:
        names = list(workbook.sheetnames)
        if not names:
            raise RuleError("This workbook has no sheets.", field="file")
        name = sheet or names[0]
        if name not in names:
            listed = ", ".join(f"“{each}”" for each in names)
            raise RuleError(
                f"This workbook has no sheet “{sheet}”; its sheets are {listed}.", field="sheet"
            )
        found = _records(workbook[name])
        if limit is not None:
            found = (record for _, record in zip(range(limit), found, strict=False))
        try:
            headers, rows = table_from(found)
        except RuleError as error:
            raise RuleError(f"Sheet “{name}”: {error.message}", field="file") from None
    finally:
        workbook.close()
    return CsvFile("", "", headers, rows, sheet=name, sheets=names)
