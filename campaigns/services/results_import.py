"""Results from a spreadsheet: the numbers a platform's insights export (or a person's sheet)
gives per post, matched to the campaign's published deliverables by id or by URL, and saved
through deliverable_result_save (a write, so in campaigns/services/results_import.py).

Forgiving with what spreadsheets produce (UTF-8 or Latin-1, commas or semicolons, "1.2K",
"12,345" or "12.345"), strict with what it saves: each row is saved whole or not at all, and
every row left out is reported with its line number and why.
"""

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.db import transaction

from campaigns.models import Campaign, Deliverable, DeliverableStatus, ResultSource
from campaigns.services.deliverables import METRIC_FIELDS, deliverable_result_save
from irm.errors import RuleError
from irm.models import User

ID_HEADERS = {"deliverable", "deliverable_id", "id", "public_id"}
URL_HEADERS = {"url", "published_url", "link", "post_url", "post", "permalink"}
# What spreadsheets call the metrics, after lower-casing and joining words with "_".
METRIC_HEADERS = {name: name for name in METRIC_FIELDS} | {
    "positive": "positive_comments",
    "neutral": "neutral_comments",
    "negative": "negative_comments",
    "positive_comment": "positive_comments",
    "neutral_comment": "neutral_comments",
    "negative_comment": "negative_comments",
    "like": "likes",
    "comment": "comments",
    "share": "shares",
    "save": "saves",
    "view": "views",
    "click": "clicks",
    "conversion": "conversions",
    "link_clicks": "clicks",
}
SUFFIXES = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
# 1,234 / 1.234 / 1 234 / 1'234: digits in groups of three after the first.
GROUPED = re.compile(r"^\d{1,3}([.,' \u00a0\u202f]\d{3})+$")
SHORT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([kmb])$", re.IGNORECASE)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.created + self.updated


class _RowError(Exception):
    pass


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Windows save "CSV" in their local code page; Latin-1 reads anything.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def parse_count(raw: str) -> int | None:
    """A count as people write it, or None for an empty cell. Raises ValueError otherwise."""
    value = raw.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not value or value in {"-", "\u2013"}:
        return None
    if value.startswith("-"):
        raise ValueError("cannot be negative")
    short = SHORT.match(value)
    if short:
        number = float(short.group(1).replace(",", "."))
        return round(number * SUFFIXES[short.group(2).lower()])
    if value.isdigit():
        return int(value)
    if GROUPED.match(value):
        return int(re.sub(r"\D", "", value))
    raise ValueError("is not a whole number")


def _normal_url(url: str) -> str:
    """The same post written a little differently: scheme, "www.", case of the host, tracking
    parameters and a trailing slash do not matter; the path does (it is case-sensitive)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


@transaction.atomic
def results_import_csv(
    *, campaign: Campaign, data: bytes | str, actor: User | None, now: datetime
) -> ImportReport:
    """1. read the header: an id or URL column and at least one metric,
    2. per row: find the campaign's deliverable, read every metric, then save the row whole,
    3. report each row left out with its line number and reason.
    Importing again updates the results rather than adding more."""
    report = ImportReport()
    text = _text(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    header = next(reader, None)
    if not header:
        raise RuleError("The file is empty.", field="file")
    keys = [_header_key(h) for h in header]
    id_column = next((i for i, k in enumerate(keys) if k in ID_HEADERS), None)
    url_column = next((i for i, k in enumerate(keys) if k in URL_HEADERS), None)
    metric_columns = {}
    for index, key in enumerate(keys):
        metric = METRIC_HEADERS.get(key)
        if metric is not None and metric not in metric_columns.values():
            metric_columns[index] = metric
        elif index not in (id_column, url_column) and header[index].strip():
            report.ignored_columns.append(header[index].strip())
    if id_column is None and url_column is None:
        raise RuleError(
            "The file needs a column with the deliverable id or the published URL.", field="file"
        )
    if not metric_columns:
        raise RuleError(
            "The file has no metric columns (likes, comments, shares, saves, views, clicks, "
            "conversions, positive, neutral or negative comments).",
            field="file",
        )

    deliverables = list(
        Deliverable.objects.filter(collaboration__campaign=campaign).select_related("result")
    )
    by_id = {str(d.public_id): d for d in deliverables}
    by_url = {
        _normal_url(d.published_url): d
        for d in deliverables
        if d.status == DeliverableStatus.PUBLISHED and d.published_url
    }

    saved_before = {d.pk for d in deliverables if hasattr(d, "result")}
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        try:
            deliverable = _find(row, id_column, url_column, by_id, by_url)
            metrics = _metrics(row, metric_columns)
            existed = deliverable.pk in saved_before
            try:
                deliverable_result_save(
                    deliverable=deliverable,
                    actor=actor,
                    source=ResultSource.CSV,
                    now=now,
                    **metrics,
                )
            except RuleError as error:
                raise _RowError(error.message) from None
        except _RowError as error:
            report.errors.append(f"line {start}: {error}")
            continue
        if existed:
            report.updated += 1
        else:
            report.created += 1
            # A second row for it in the same file updates what the first one made.
            saved_before.add(deliverable.pk)
    return report


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _find(row, id_column, url_column, by_id, by_url) -> Deliverable:
    public_id = _cell(row, id_column)
    url = _cell(row, url_column)
    if public_id:
        try:
            public_id = str(uuid.UUID(public_id))
        except ValueError:
            raise _RowError(f"“{public_id}” is not a deliverable id") from None
        deliverable = by_id.get(public_id)
        if deliverable is None:
            raise _RowError("no deliverable of this campaign has this id")
        if deliverable.status != DeliverableStatus.PUBLISHED:
            raise _RowError(f"“{deliverable}” is not published yet")
        return deliverable
    if url:
        deliverable = by_url.get(_normal_url(url))
        if deliverable is None:
            raise _RowError("no published deliverable of this campaign has this URL")
        return deliverable
    raise _RowError("no deliverable id or URL")


def _metrics(row, metric_columns) -> dict[str, int]:
    metrics = {}
    for index, metric in metric_columns.items():
        raw = _cell(row, index)
        try:
            value = parse_count(raw)
        except ValueError as error:
            raise _RowError(f"{metric.replace('_', ' ')} “{raw}” {error}") from None
        if value is not None:
            metrics[metric] = value
    if not metrics:
        raise _RowError("no metrics in this row")
    return metrics
