"""The reference implementation of an import's run: every person written one by one through
the services, as the import did before its set-based writer (contacts.services.imports_writer). The
product no longer runs it; test_import_oracle.py runs both on the same files and compares what
they store. Kept as it was (batches of 250 rows, a savepoint per person)."""

from collections.abc import Iterator
from contextlib import nullcontext
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from contacts.imports.rows import Person
from contacts.models import ImportJob, ImportStatus, Stage
from contacts.services import profiles as profile_services
from contacts.services.imports import _importer, _job_csv, _rejected_csv, logger
from contacts.services.imports_matching import (
    Decision,
    Planned,
    Rejected,
    decide,
    existing_influencers,
    match,
    plan,
    refusal,
)
from irm.errors import RuleError

BATCH_ROWS = 250


def _write(decision: Decision, person: Person, job: ImportJob, owner, now) -> bool:
    """Write one person; True when they were created, or given an address or handle, flagged
    as someone erased before (the services check every new address and handle)."""
    actor = job.created_by
    if decision.action == "create":
        profile = {name: value for name, value in person.profile.items() if name != "stage"}
        if person.languages:
            profile["languages"] = person.languages
        created = profile_services.influencer_create(
            workspace=job.workspace,
            actor=actor,
            name=person.name,
            emails=person.emails,
            accounts=decision.accounts,
            topics=person.topics,
            owner=owner,
            stage=person.profile.get("stage", Stage.PROSPECT),
            now=now,
            **profile,
        )
        return created.erased_on is not None
    influencer = decision.influencer
    if decision.changes:
        influencer = profile_services.influencer_update(
            influencer=influencer, actor=actor, now=now, **decision.changes
        )
    for address in decision.new_emails:
        profile_services.influencer_add_email(
            influencer=influencer, email=address, actor=actor, now=now
        )
    for account in decision.accounts:
        profile_services.social_account_save(influencer=influencer, now=now, actor=actor, **account)
    if decision.topics is not None:
        profile_services.influencer_set_topics(influencer=influencer, names=decision.topics)
    return getattr(influencer, "erased_on", None) is not None


def _batches(items: list[Planned | Rejected]) -> Iterator[list[Planned | Rejected]]:
    batch, rows = [], 0
    for item in items:
        batch.append(item)
        rows += len(item.rows) if isinstance(item, Planned) else 1
        if rows >= BATCH_ROWS:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def import_job_run_one_by_one(*, job_id: int, now: datetime | None = None) -> ImportJob | None:
    """Run a queued import (contacts.tasks.import_run). Not one transaction: each batch of rows
    commits with the job's progress, so the page shows it live and a failure keeps what was
    done.

    1. claim the job: queued -> running by compare-and-set; a duplicate task finds nothing to
       claim and does nothing (returns None);
    2. plan the rows (the dry run's reading, combining and matching);
    3. per batch, in one transaction: match, then write each person in a savepoint; a person
       the importer may not change (irm.access, checked against who they are now) or the
       services refuse is rejected with the reason, the others are kept;
       processed_rows and the counts move with the batch;
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
    rejected: list[Rejected] = []
    unchanged = erased_before = erased_updated = 0
    try:
        csv_file = _job_csv(job)
        items = plan(csv_file=csv_file, mapping=job.mapping)
        # New people belong to whoever imported them, while they are still in the workspace.
        importer = _importer(job)
        owner = importer.user if importer is not None else None
        for batch in _batches(items):
            counts = {"created": 0, "updated": 0, "errors": 0, "rows": 0}
            with transaction.atomic():
                people = [item for item in batch if isinstance(item, Planned)]
                matches = match(workspace=job.workspace, people=[p.person for p in people])
                existing = existing_influencers(pk for found in matches for pk in found)
                matched = {id(item): found for item, found in zip(people, matches, strict=True)}
                for item in batch:
                    if isinstance(item, Rejected):
                        rejected.append(item)
                        counts["errors"] += 1
                        counts["rows"] += 1
                        continue
                    counts["rows"] += len(item.rows)
                    decision = decide(
                        person=item.person, matched=matched[id(item)], existing=existing
                    )
                    if refused := refusal(decision, importer, owner):
                        decision = Decision("error", refused)
                    reason = decision.reason
                    if decision.action in ("create", "update"):
                        # A create is one atomic service call: its own savepoint is enough.
                        # An update makes several, so it gets one around them all.
                        person_savepoint = decision.action == "update"
                        try:
                            with transaction.atomic() if person_savepoint else nullcontext():
                                flagged = _write(decision, item.person, job, owner, now)
                            if decision.action == "create":
                                erased_before += flagged
                            else:
                                erased_updated += flagged
                        except RuleError as error:
                            reason = error.message
                        except (IntegrityError, DataError):
                            reason = "Another change to the same influencer got there first."
                    if decision.action == "unchanged":
                        unchanged += 1
                    elif not reason:
                        counts["created" if decision.action == "create" else "updated"] += 1
                    else:
                        rejected += [Rejected(line, cells, reason) for line, cells in item.rows]
                        counts["errors"] += len(item.rows)
                ImportJob.objects.filter(pk=job.pk).update(
                    processed_rows=F("processed_rows") + counts["rows"],
                    created_count=F("created_count") + counts["created"],
                    updated_count=F("updated_count") + counts["updated"],
                    error_count=F("error_count") + counts["errors"],
                )
        job.refresh_from_db()
        if rejected:
            job.rejected_file.save(
                f"{job.public_id}.csv", ContentFile(_rejected_csv(csv_file, rejected)), save=False
            )
        job.preview = {
            **job.preview,
            "result": {
                "unchanged": unchanged,
                "erased_before": erased_before,
                "erased_updated": erased_updated,
                "combined_rows": sum(
                    len(item.rows) - 1 for item in items if isinstance(item, Planned)
                ),
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
