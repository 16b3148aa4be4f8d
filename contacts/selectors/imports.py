"""Reads of imports (contacts.models.ImportJob), always inside one workspace: the start page's
and the API's lists, one import (404 for anyone else's), and what the mapping page shows of the
stored file (the first values of each column, a workbook's sheets). The stages that write are
in contacts.services.imports.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from contacts.imports.csvfile import header_split, records
from contacts.imports.workbook import workbook_read, workbook_sheets
from contacts.models import ImportJob
from irm.errors import RuleError
from irm.models import Workspace

# Records read for the mapping page's first values of a workbook's columns.
SAMPLE_RECORDS = 50


def import_job_samples(*, job: ImportJob, per_column: int = 3) -> list[list[str]]:
    """The first values of each column, for the mapping page (reads the start of the file)."""
    try:
        with job.file.open("rb") as stored:
            head = stored.read() if job.sheet else stored.read(65536)
    except (FileNotFoundError, ValueError):
        return [[] for _ in job.headers]
    samples: list[list[str]] = [[] for _ in job.headers]
    if job.sheet:
        try:
            rows = iter(workbook_read(head, sheet=job.sheet, limit=SAMPLE_RECORDS).rows)
        except RuleError:
            return samples
    else:
        text = head.decode(job.encoding or "utf-8", errors="ignore")
        rows = records(text, job.delimiter or ",")
    try:
        if not job.sheet:
            _, rows = header_split(rows)
        for _, cells in rows:
            for index, cell in enumerate(cells[: len(samples)]):
                if cell.strip() and len(samples[index]) < per_column:
                    samples[index].append(cell.strip()[:80])
            if all(len(values) >= per_column for values in samples):
                break
    except RuleError:
        pass  # a cut in the middle of a quoted value at 64 KB: the samples so far will do
    return samples


def import_job_sheets(*, job: ImportJob) -> list[str]:
    """The sheets of a workbook's job, for the mapping page to offer; [] for a CSV file or a
    file no longer stored."""
    if not job.sheet:
        return []
    try:
        with job.file.open("rb") as stored:
            return workbook_sheets(stored.read())
    except (FileNotFoundError, ValueError, RuleError):
        return [job.sheet]


def import_jobs_of(*, workspace: Workspace) -> QuerySet[ImportJob]:
    """The workspace's imports, newest first, with who uploaded them (the API's list)."""
    return (
        ImportJob.objects.filter(workspace=workspace)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def import_jobs_recent(*, workspace: Workspace, limit: int = 20) -> QuerySet[ImportJob]:
    """The latest imports, for the start page (one query whatever their number)."""
    return import_jobs_of(workspace=workspace)[:limit]


def import_job_get(*, workspace: Workspace, public_id) -> ImportJob:
    """One import of this workspace; 404 for anyone else's."""
    return get_object_or_404(
        ImportJob.objects.select_related("workspace", "created_by"),
        workspace=workspace,
        public_id=public_id,
    )
