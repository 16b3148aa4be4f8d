"""Reading an uploaded CSV file: its encoding, its delimiter, its header and its records with
the physical line where each starts. Anything that is not a usable CSV is a RuleError."""

import codecs
import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from irm.errors import RuleError

_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "an Excel workbook or another zip file"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
)
_NOT_A_CSV = " Save it as CSV (in Excel: File, Save a copy, CSV UTF-8) and upload that."


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without a BOM, UTF-16 with a BOM, else Windows-1252,
    else Latin-1 (which reads any byte). RuleError for binary files."""
    for signature, what in _BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise RuleError(f"This file is {what}, not a CSV file.{_NOT_A_CSV}", field="file")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    elif raw.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise RuleError("This file's text could not be read." + _NOT_A_CSV, field="file")
    sample = text[:8192]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    if "\x00" in sample or controls > len(sample) // 100 + 2:
        raise RuleError(f"This file is not text, so not a CSV file.{_NOT_A_CSV}", field="file")
    return text, encoding


# A physical line with its ending, as io.StringIO(text, newline="") gives them ("\r\n", "\r" or
# "\n"), without its copy of the whole text at four bytes a character.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    return (found.group() for found in _LINE.finditer(text))


def records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, its cells) for each non-blank record. Lines are the
    file's physical lines: a quoted value spanning three lines moves the next record by three."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise RuleError(
                f"Line {line} could not be read ({error}): is a quote opened and never closed?",
                field="file",
            ) from None
        start, line = line, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield start, cells


def detect_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in much of Europe), tab or pipe: csv.Sniffer's guess if the first
    records agree with it, else the candidate whose first records have the most consistent
    number of columns."""
    sample = text[:16384]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    candidates = [",", ";", "\t", "|"]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(candidates)).delimiter
        candidates.remove(sniffed)
        candidates.insert(0, sniffed)
    except (csv.Error, ValueError):
        pass
    best, best_score = ",", (0.0, 0)
    for delimiter in candidates:
        widths = []
        try:
            for _, cells in records(sample, delimiter):
                widths.append(len(cells))
                if len(widths) == 20:
                    break
        except RuleError:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(width == widths[0] for width in widths) / len(widths), widths[0])
        if score[0] == 1.0:
            return delimiter
        if score > best_score:
            best, best_score = delimiter, score
    return best


_LOOKS_LIKE_DATA = re.compile(
    r"^(?:[^@\s]+@[^@\s]+\.\w+|https?://\S+|@\w\S*|[\d\s.,]+[kmb]?)$", re.I
)


def _check_header(cells: list[str]) -> list[str]:
    headers = [cell.replace("\ufeff", "").strip() for cell in cells]
    for header in headers:
        if header and _LOOKS_LIKE_DATA.match(header):
            raise RuleError(
                f"The first line should name the columns (Name, Email, Instagram, ...), but it "
                f"looks like data: “{header[:60]}”. Add a line with the column names on top.",
                field="file",
            )
    return [header or f"Column {index + 1}" for index, header in enumerate(headers)]


# Where the header is looked for: a title, an export date or blank lines often come first.
HEADER_SEARCH_RECORDS = 10


def _filled(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def header_split(
    found: Iterator[tuple[int, list[str]]],
) -> tuple[tuple[int, list[str]] | None, Iterator[tuple[int, list[str]]]]:
    """(the header record, the records after it). The header is the first of the first records
    that fills at least half as many cells as the widest of them (and two at least): a title
    row ("Spring influencers 2025") above it is skipped, as blank rows are by `records`."""
    head = list(itertools.islice(found, HEADER_SEARCH_RECORDS))
    if not head:
        return None, iter(())
    needed = max(2, (max(_filled(cells) for _, cells in head) + 1) // 2)
    at = next((index for index, (_, cells) in enumerate(head) if _filled(cells) >= needed), 0)
    return head[at], itertools.chain(head[at + 1 :], found)


@dataclass
class CsvFile:
    """A table read from a CSV file or one sheet of an Excel workbook (its rows, not its text:
    an import holds them to the end, so the file is not held twice)."""

    encoding: str
    delimiter: str
    headers: list[str]
    # (line, cells) of each non-blank record after the header: a list, or (csv_stream) an
    # iterator that reads them from the file as they are asked for, once.
    rows: list[tuple[int, list[str]]] | Iterator[tuple[int, list[str]]]
    sheet: str = ""  # the workbook's sheet read ("" for a CSV file)
    sheets: list[str] = field(default_factory=list)  # all the workbook's sheets


def table_from(
    found: Iterator[tuple[int, list[str]]],
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The headers and the rows of a table's records; RuleError for a file without them."""
    header, rest = header_split(found)
    if header is None:
        raise RuleError("The file is empty.", field="file")
    headers = _check_header(header[1])
    rows = list(rest)
    if not rows:
        raise RuleError("The file names its columns but has no rows to import.", field="file")
    return headers, rows


def csv_read(raw: bytes, *, encoding: str = "", delimiter: str = "") -> CsvFile:
    """Read a CSV file; detect what is not given. RuleError when it is not a usable CSV."""
    if not raw.strip():
        raise RuleError("The file is empty.", field="file")
    if encoding:
        text = raw.decode(encoding, errors="replace")
    else:
        text, encoding = decode(raw)
    delimiter = delimiter or detect_delimiter(text)
    headers, rows = table_from(records(text, delimiter))
    return CsvFile(encoding, delimiter, headers, rows)


def csv_stream(raw: bytes, *, encoding: str, delimiter: str) -> CsvFile:
    """A stored file read again (its encoding and delimiter known, its header and rows checked
    when it came): its rows an iterator over the text, so no more than one row's cells are held
    at a time."""
    text = raw.decode(encoding, errors="replace")
    header, rest = header_split(records(text, delimiter))
    if header is None:
        raise RuleError("The file is empty.", field="file")
    return CsvFile(encoding, delimiter, _check_header(header[1]), rest)
