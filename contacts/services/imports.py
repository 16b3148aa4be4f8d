"""Importing influencers from a CSV file or an Excel workbook: upload, mapping, dry run, run.

Reading the files (CSV, workbooks, a row into a person) is pure and lives in contacts.imports;
matching and deciding in contacts.services.imports_matching, the set-based writes of a chunk in
contacts.services.imports_writer, the reads (lists, one job, the mapping page's samples) in
contacts.selectors.imports. Each stage is a service on ImportJob:
1. `import_job_upload` keeps the file in media storage (web and workers share it), detects the
   encoding, the delimiter and the header (or reads the workbook's sheet), and guesses the
   mapping. A file that is neither (binary, empty, no header, no rows) is refused with a
   message and no job is kept.
2. `import_job_map` checks a mapping (CSV column -> field) and stores the dry run.
3. `import_job_queue` moves a previewed job to `queued` and starts contacts.tasks.import_run on
   commit (queued by its name: contacts.tasks imports this module);
   `import_jobs_start_waiting` (every few minutes) asks again for jobs still queued.
4. `import_job_run` (that task) claims the job by compare-and-set, writes chunk by chunk, each
   set-based in a few statements (contacts.services.imports_writer), keeps processed_rows for
   the progress bar and writes the rejected rows.

The dry run and the run share one plan: parse every row (unreadable ones are rejected with their
line number), combine the rows of the file that describe one person (a shared email or handle),
then match each person against the workspace by any email or any handle. A person who matches
two different influencers is an error, never a merge. Matching makes a re-import idempotent:
the same file again finds everyone and changes nothing.
"""

import codecs
import csv
import io
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from contacts.imports.csvfile import CsvFile, csv_read, csv_stream
from contacts.imports.rows import (
    FIELD_CHOICES,
    IGNORE,
    mapping_check,
    mapping_guess,
)
from contacts.imports.workbook import is_workbook, workbook_read
from contacts.models import ImportJob, ImportStatus
from contacts.selectors.exports import cell_safe
from contacts.services.imports_matching import (
    NO_LONGER_A_MEMBER,
    Decision,
    Outcome,
    Plan,
    Planned,
    Rejected,
    RunContext,
    decide,
    existing_influencers,
    match,
    plan,
    refusal,
)
from contacts.services.imports_writer import chunk_write
from irm.access import membership_find
from irm.celery import task_queue
from irm.errors import RuleError
from irm.models import Membership, User, Workspace

__all__ = [
    "FIELD_CHOICES",
    "IGNORE",
    "MAX_FILE_BYTES",
    "NO_LONGER_A_MEMBER",
    "import_job_map",
    "import_job_preview",
    "import_job_queue",
    "import_job_run",
    "import_job_sheet_pick",
    "import_job_upload",
    "mapping_check",
    "mapping_guess",
]

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
# Rows written per transaction: the progress bar moves and the work is kept chunk by chunk.
# A chunk's statements do not grow with it (contacts.services.imports_writer); its memory and
# the time its influencers stay locked do.
CHUNK_ROWS = 2000
# Rows the dry run matches at a time (it writes nothing, so holds no lock).
PREVIEW_ROWS = 1000
# How much of each list the dry run keeps to show (the counts are always complete).
PREVIEW_SAMPLES = 25
PREVIEW_ERRORS = 200


def table_read(raw: bytes, *, encoding: str = "", delimiter: str = "", sheet: str = "") -> CsvFile:
    """A CSV file or a workbook's sheet (the first unless named), read the same way."""
    if is_workbook(raw):
        return workbook_read(raw, sheet=sheet)
    return csv_read(raw, encoding=encoding, delimiter=delimiter)


def _job_csv(job: ImportJob) -> CsvFile:
    """The job's stored table, its rows read as they are asked for (a CSV file's, once)."""
    with job.file.open("rb") as stored:
        raw = stored.read()
    if is_workbook(raw):
        return workbook_read(raw, sheet=job.sheet)
    return csv_stream(raw, encoding=job.encoding, delimiter=job.delimiter)


# --- the dry run ----------------------------------------------------------------------------


def _lines(rows: list[tuple[int, list[str]]]) -> list[int]:
    return [line for line, _ in rows]


def _importer(job: ImportJob) -> Membership | None:
    """Whoever started the import, as a member of its workspace with their teams' ids (one
    query, once per dry run or run); None once they have left it."""
    if job.created_by_id is None:
        return None
    return membership_find(user_id=job.created_by_id, workspace_id=job.workspace_id)


def import_job_preview(*, job: ImportJob, csv_file: CsvFile | None = None) -> dict:
    """What the import would do, without writing: counts of creates, updates, unchanged people,
    rows combined inside the file and row errors (with line numbers and reasons, a person the
    importer may not change among them), and samples."""
    csv_file = csv_file or _job_csv(job)
    importer = _importer(job)
    owner = importer.user if importer is not None else None
    items = plan(csv_file=csv_file, mapping=job.mapping, keep_cells=False)
    report: dict[str, Any] = {
        "rows": items.rows,
        "columns_notes": _columns_notes(job),
        "followers_to": [],
        "people": 0,
        "creates": 0,
        "updates": 0,
        "unchanged": 0,
        "errors": 0,
        "combined_rows": items.combined_rows(),
        "create_samples": [],
        "update_samples": [],
        "duplicates": [],
        "error_rows": [],
    }
    followers_to: Counter = Counter()

    def reject(line: int, reason: str) -> None:
        report["errors"] += 1
        if len(report["error_rows"]) < PREVIEW_ERRORS:
            report["error_rows"].append({"line": line, "reason": reason})

    # Whether the importer may add people: the same answer for everyone of the file.
    create_refusal = refusal(Decision("create"), importer, owner)
    # A thousand rows at a time, in file order: matched, decided, counted, then let go.
    for chunk in _chunks(items, rows=PREVIEW_ROWS):
        planned = [item for item in chunk if isinstance(item, Planned)]
        matches = match(workspace=job.workspace, people=[item.person for item in planned])
        existing = existing_influencers(pk for found in matches for pk in found)
        decisions: dict[int, Decision] = {}
        for item, matched in zip(planned, matches, strict=True):
            decision = decide(person=item.person, matched=matched, existing=existing)
            if decision.action == "create":
                refused = create_refusal
            else:
                refused = refusal(decision, importer, owner)
            if refused:
                decision = Decision("error", refused)
            decisions[id(item)] = decision
        for item in chunk:
            if isinstance(item, Rejected):
                reject(item.line, item.reason)
                continue
            report["people"] += 1
            followers_to.update(item.person.followers_to)
            decision = decisions[id(item)]
            if item.combined_by and len(report["duplicates"]) < PREVIEW_SAMPLES:
                report["duplicates"].append(
                    {
                        "lines": _lines(item.rows),
                        "name": item.person.name,
                        "by": item.combined_by,
                    }
                )
            if decision.action == "error":
                for line in _lines(item.rows):
                    reject(line, decision.reason)
            elif decision.action == "create":
                report["creates"] += 1
                if len(report["create_samples"]) < PREVIEW_SAMPLES:
                    report["create_samples"].append(
                        {"line": item.rows[0][0], "name": item.person.name}
                    )
            elif decision.action == "unchanged":
                report["unchanged"] += 1
            else:
                report["updates"] += 1
                if len(report["update_samples"]) < PREVIEW_SAMPLES:
                    report["update_samples"].append(
                        {
                            "line": item.rows[0][0],
                            "name": decision.influencer.name,
                            "changes": decision.changed(),
                        }
                    )
    report["error_rows"].sort(key=lambda row: row["line"])
    report["importable"] = report["rows"] - report["errors"]
    report["followers_to"] = [{"to": how, "rows": rows} for how, rows in followers_to.items()]
    return report


def _columns_notes(job: ImportJob) -> list[str]:
    """What the dry run says about columns read differently from what their header suggests."""
    notes = []
    for index, header in enumerate(job.headers):
        if job.mapping.get(str(index)) == "audience_notes":
            theirs = "country" if "countr" in header.lower() else "details"
            notes.append(
                f"“{header}” describes their audience, not them: it goes into their audience "
                f"notes, never into their own {theirs}."
            )
    return notes


# --- the stages -----------------------------------------------------------------------------


@transaction.atomic
def import_job_upload(
    *,
    workspace: Workspace,
    actor: User,
    file: File,
    mapping: dict[str, str] | None = None,
    sheet: str = "",
    now: datetime | None = None,
) -> ImportJob:
    """1. refuse what is neither a CSV file nor an Excel workbook (too big, binary, empty, no
    header, no rows), 2. keep it in media storage, 3. detect encoding, delimiter and headers
    (a workbook: read `sheet`, else its first) and guess the mapping, 4. with a mapping given
    (the API), check it and store the dry run at once."""
    now = now or timezone.now()
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise RuleError(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it in parts.",
            field="file",
        )
    file.seek(0)
    content = file.read()
    csv_file = table_read(content, sheet=sheet.strip())
    filename = (file.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    job = ImportJob(
        workspace=workspace,
        created_by=actor,
        original_name=(filename or "import.csv")[-255:],
        encoding=csv_file.encoding,
        delimiter=csv_file.delimiter,
        sheet=csv_file.sheet,
        headers=csv_file.headers,
        mapping=mapping_guess(csv_file.headers),
        total_rows=len(csv_file.rows),
        created_at=now,
    )
    if mapping is not None:
        job.mapping = mapping_check(headers=job.headers, mapping=mapping, base=job.mapping)
    extension = "xlsx" if csv_file.sheet else "csv"
    job.file.save(f"{job.public_id}.{extension}", ContentFile(content), save=False)
    job.save()
    if mapping is not None:
        job.preview = import_job_preview(job=job, csv_file=csv_file)
        job.status = ImportStatus.PREVIEWED
        job.save(update_fields=["preview", "status"])
    return job


def _check_not_started(job: ImportJob) -> None:
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED):
        raise RuleError(f"This import is {job.get_status_display().lower()} already.")


@transaction.atomic
def import_job_sheet_pick(*, job: ImportJob, sheet: str) -> ImportJob:
    """Read another sheet of the same workbook: its headers, rows and guessed mapping replace
    the ones of the sheet read before, and the job waits for its columns again (`uploaded`)."""
    job = ImportJob.objects.select_for_update().select_related("workspace").get(pk=job.pk)
    _check_not_started(job)
    if not job.sheet:
        raise RuleError("Only an Excel workbook has sheets to pick from.", field="sheet")
    csv_file = _job_csv_sheet(job, sheet=sheet.strip())
    job.sheet = csv_file.sheet
    job.headers = csv_file.headers
    job.mapping = mapping_guess(csv_file.headers)
    job.total_rows = len(csv_file.rows)
    job.preview = {}
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=["sheet", "headers", "mapping", "total_rows", "preview", "status"])
    return job


def _job_csv_sheet(job: ImportJob, *, sheet: str) -> CsvFile:
    with job.file.open("rb") as stored:
        return workbook_read(stored.read(), sheet=sheet)


@transaction.atomic
def import_job_map(*, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Check the mapping, then store it with the dry run: the job is `previewed`."""
    job = ImportJob.objects.select_for_update().select_related("workspace").get(pk=job.pk)
    _check_not_started(job)
    job.mapping = mapping_check(headers=job.headers, mapping=mapping, base=job.mapping)
    job.preview = import_job_preview(job=job)
    job.status = ImportStatus.PREVIEWED
    job.save(update_fields=["mapping", "preview", "status"])
    return job


@transaction.atomic
def import_job_queue(*, job: ImportJob) -> ImportJob:
    """previewed (or failed: a second try) -> queued, by compare-and-set so a double click
    queues one run; then the task on commit. A second try starts from the first row again:
    the rows written before the failure match and are left as they are."""
    won = ImportJob.objects.filter(
        pk=job.pk, status__in=(ImportStatus.PREVIEWED, ImportStatus.FAILED)
    ).update(status=ImportStatus.QUEUED, error_message="", finished_at=None)
    job.refresh_from_db()
    if not won:
        if job.status == ImportStatus.UPLOADED:
            raise RuleError("Choose what each column is first, and check the dry run.")
        _check_not_started(job)
    job_id = job.pk

    def start() -> None:
        try:
            task_queue("contacts.tasks.import_run", job_id)
        except Exception as error:  # the broker (Redis) is unreachable: the request goes on
            logger.warning(
                "Import %s waits for import_jobs_start_waiting, the broker is unreachable (%s)",
                job_id,
                error,
            )

    transaction.on_commit(start)
    return job


def import_jobs_start_waiting() -> int:
    """Every five minutes (beat): ask a worker again for each job still queued. Its message may
    never have reached the broker (Redis was down) or been lost with it (a Redis restarted
    without its data); a second message for a job already waiting, or running by then, finds
    nothing to claim and does nothing. Returns how many were asked for."""
    waiting = list(
        ImportJob.objects.filter(status=ImportStatus.QUEUED).values_list("pk", flat=True)
    )
    for job_id in waiting:
        task_queue("contacts.tasks.import_run", job_id)
    return len(waiting)


def _chunks(items: Plan, *, rows: int) -> Iterator[list[Planned | Rejected]]:
    """The plan's items, about `rows` rows at a time: each chunk's people are unpacked for it
    and let go after it."""
    batch, count = [], 0
    for item in items:
        batch.append(item)
        count += len(item.rows) if isinstance(item, Planned) else 1
        if count >= rows:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


OVERTAKEN = "Another change to the same influencer got there first."


def _chunk_run(context: RunContext, people: list[Planned]) -> list[Outcome]:
    """chunk_write in a savepoint. A statement the database refuses (someone else gave an
    address or a handle of the chunk to another profile between the match and the write) undoes
    the chunk; its halves are tried again, down to the one person who is then rejected."""
    try:
        with transaction.atomic():
            return chunk_write(context=context, items=people)
    except (IntegrityError, DataError) as error:
        logger.warning("import: %s people of a chunk tried again: %s", len(people), error)
        if len(people) == 1:
            return [Outcome("error", OVERTAKEN)]
    middle = len(people) // 2
    return _chunk_run(context, people[:middle]) + _chunk_run(context, people[middle:])


def _rejected_csv(csv_file: CsvFile, rejected: list[Rejected]) -> bytes:
    """The rejected rows as they were, with the line and the reason: fix them, upload again.
    Cells a spreadsheet would run as formulas are quoted as the export does (cell_safe); the
    import takes that quote off again when the file comes back. A workbook's rows are written
    comma separated, their line being the sheet's row number."""
    output = io.StringIO(newline="")
    writer = csv.writer(output, delimiter=csv_file.delimiter or ",", lineterminator="\r\n")
    writer.writerow([cell_safe(header) for header in [*csv_file.headers, "Line", "Reason"]])
    width = len(csv_file.headers)
    for row in sorted(rejected, key=lambda row: row.line):
        cells = (row.cells + [""] * width)[: max(width, len(row.cells))]
        writer.writerow([cell_safe(cell) for cell in [*cells, row.line, row.reason]])
    # With a BOM: Excel then reads it as UTF-8.
    return codecs.BOM_UTF8 + output.getvalue().encode("utf-8")


def _rejected_cells(job: ImportJob, rejected: list[Rejected]) -> None:
    """The cells of the rows rejected while writing, read from the stored file again (the run
    does not hold a whole file's cells; a row rejected on reading keeps its own)."""
    wanted = {row.line for row in rejected if not row.cells}
    if not wanted:
        return
    cells_of = {line: cells for line, cells in _job_csv(job).rows if line in wanted}
    for row in rejected:
        if not row.cells:
            row.cells = cells_of.get(row.line, [])


def _run_chunks(job: ImportJob, now: datetime):
    """Steps 2 and 3 of import_job_run: plan the file, then match, decide and write it chunk by
    chunk. Returns the counts kept for the summary, the file, its plan and the rejected rows."""
    rejected: list[Rejected] = []
    unchanged = erased_before = erased_updated = 0
    csv_file = _job_csv(job)
    # The people hold what the run needs; the cells go (_rejected_cells reads back the few).
    items = plan(csv_file=csv_file, mapping=job.mapping, keep_cells=False)
    # New people belong to whoever imported them, while they are still in the workspace.
    context = RunContext.load(
        workspace=job.workspace, actor=job.created_by, importer=_importer(job), now=now
    )
    for chunk in _chunks(items, rows=CHUNK_ROWS):
        counts = {"created": 0, "updated": 0, "errors": 0, "rows": 0}
        with transaction.atomic():
            _commit_without_waiting()
            people = [item for item in chunk if isinstance(item, Planned)]
            outcomes = dict(zip(map(id, people), _chunk_run(context, people), strict=True))
            for item in chunk:
                if isinstance(item, Rejected):
                    rejected.append(item)
                    counts["errors"] += 1
                    counts["rows"] += 1
                    continue
                counts["rows"] += len(item.rows)
                outcome = outcomes[id(item)]
                if outcome.action == "unchanged":
                    unchanged += 1
                elif outcome.action == "error":
                    rejected += [Rejected(line, cells, outcome.reason) for line, cells in item.rows]
                    counts["errors"] += len(item.rows)
                else:
                    key = "created" if outcome.action == "create" else "updated"
                    counts[key] += 1
                    if outcome.erased_on is not None and key == "created":
                        erased_before += 1
                    elif outcome.erased_on is not None:
                        erased_updated += 1
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=F("processed_rows") + counts["rows"],
                created_count=F("created_count") + counts["created"],
                updated_count=F("updated_count") + counts["updated"],
                error_count=F("error_count") + counts["errors"],
            )
    return unchanged, erased_before, erased_updated, csv_file, items.combined_rows(), rejected


def _commit_without_waiting() -> None:
    """This transaction (a chunk with the job's progress) commits without waiting for its WAL
    to reach the disk: a chunk's commit waited longer than its writes took. Nothing is lost
    that the job says is done: a crash loses whole chunks, their progress with them (the job
    stays running at the rows before them), and the job's final save, committed as usual,
    flushes every chunk's WAL before it (the WAL is written in order)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def import_job_run(*, job_id: int, now: datetime | None = None) -> ImportJob | None:
    """Run a queued import (contacts.tasks.import_run). Not one transaction: each chunk of rows
    commits with the job's progress, so the page shows it live and a failure keeps what was
    done.

    1. claim the job: queued -> running by compare-and-set; a duplicate task finds nothing to
       claim and does nothing (returns None);
    2. plan the rows (the dry run's reading, combining and matching);
    3. per chunk of about CHUNK_ROWS rows, in one transaction: match, decide and write its
       people set-based (contacts.services.imports_writer: a few statements whatever the
       chunk's size);
       a person the importer may not change (irm.access, checked against who they are now) or
       the model refuses is rejected with the reason, the others are kept; processed_rows and
       the counts move with the chunk;
    4. write the rejected rows' CSV and the summary: done (or failed with a message)."""
    now = now or timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING,
        started_at=now,
        processed_rows=0,
        created_count=0,
        updated_count=0,
        error_count=0,
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("workspace", "created_by").get(pk=job_id)
    try:
        unchanged, erased_before, erased_updated, csv_file, combined, rejected = _run_chunks(
            job, now
        )
        job.refresh_from_db()
        if rejected:
            _rejected_cells(job, rejected)
            job.rejected_file.save(
                f"{job.public_id}.csv", ContentFile(_rejected_csv(csv_file, rejected)), save=False
            )
        job.preview = {
            **job.preview,
            "result": {
                "unchanged": unchanged,
                "erased_before": erased_before,
                "erased_updated": erased_updated,
                "combined_rows": combined,
            },
        }
        job.status = ImportStatus.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["rejected_file", "preview", "status", "finished_at"])
    except Exception:
        logger.exception("import job %s failed", job_id)
        job.refresh_from_db()
        job.status = ImportStatus.FAILED
        job.finished_at = timezone.now()
        job.error_message = (
            f"The import stopped after {job.processed_rows} of {job.total_rows} rows on an "
            "unexpected error. The rows before it were imported; importing the file again "
            "updates them and adds the rest."
        )
        job.save(update_fields=["status", "finished_at", "error_message"])
    return job
