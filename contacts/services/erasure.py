"""Erasing a person, and archiving one (the gentler, reversible way to put someone aside).

Erasure is what a person's request to be forgotten needs, and the only way a profile goes:
the profile stays as an empty shell (ids, dates, erased_at) so rows that must be kept (a
payment's amount, the audit trail) still point somewhere, and everything that says who they
are or what was said goes: their addresses, handles and contact details, timeline entries,
commitments, pitches and their attachments, outbox rows (address, subject, body, files),
inbound messages with their raw files and attachments, import files that name them,
reminders, notifications, campaign notes and contract files, the search document.

contacts imports none of the apps built on it: outreach and campaigns register an `Eraser`
here when they are ready, which counts (for the confirmation page) and erases what they hold.
What is left is a suppression digest per address and handle (contacts.services.suppression), so the
same person seen again is flagged do-not-contact instead of silently becoming a full profile.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from contacts import normalize
from contacts.imports.workbook import is_workbook, workbook_read, workbook_sheets
from contacts.models import (
    ChannelPermission,
    Commitment,
    ContactPolicy,
    HealthBand,
    HealthSnapshot,
    ImportJob,
    ImportStatus,
    Influencer,
    InfluencerEmail,
    Interaction,
    ListEntry,
    RateCard,
    SocialAccount,
    Suppression,
)
from contacts.services import suppression
from contacts.services.profiles import PROFILE_FIELDS
from irm.errors import RuleError
from irm.models import AuditAction, User, Workspace
from irm.outbox import files_delete_on_commit, outbox_rows_naming, outbox_scrub
from irm.services import audit_record

ERASED_NAME = "Erased person"
# Shorter names, handles and phone numbers would match unrelated text when looking for
# copies of them (an outbox body, an import file).
MIN_PHRASE_LENGTH = 4


@dataclass(frozen=True)
class Traces:
    """What identifies the person, read before anything is erased: higher apps look for copies
    of these in what they hold (an unmatched email from their address, a notification naming
    them)."""

    influencer: Influencer
    name: str
    emails: tuple[str, ...]
    handles: tuple[tuple[str, str], ...]  # (platform, handle)
    phone: str
    outbox_ids: list[int] = field(default_factory=list)  # filled by erasers as they go

    @property
    def phrases(self) -> list[str]:
        """Text that names them, for searching a file about people (case does not matter)."""
        values = [self.name, *self.emails, *(handle for _, handle in self.handles), self.phone]
        return sorted({v.strip() for v in values if len(v.strip()) >= MIN_PHRASE_LENGTH})

    @property
    def names(self) -> list[str]:
        """Their full name and addresses: what a message to someone else (a teammate's
        notification) would name them by. A handle or a short name alone would also match
        unrelated messages ("anna" in "Annabel")."""
        values = [self.name, *self.emails]
        return sorted({v.strip() for v in values if len(v.strip()) >= MIN_PHRASE_LENGTH})


@dataclass(frozen=True)
class Held:
    """One kind of thing an erasure removes: "3 pitches"."""

    count: int
    singular: str
    plural: str

    def __str__(self) -> str:
        return f"{self.count} {self.singular if self.count == 1 else self.plural}"


@dataclass(frozen=True)
class Eraser:
    """A higher app's part: `inventory(traces)` lists what it holds about the person,
    `erase(traces, now)` removes it (inside the erasure's transaction; it may add the outbox
    rows it knows of to traces.outbox_ids)."""

    name: str
    inventory: Callable[[Traces], list[Held]]
    erase: Callable[..., None]


ERASERS: dict[str, Eraser] = {}


def eraser_register(eraser: Eraser) -> None:
    """Called from a higher app's AppConfig.ready(); registering twice replaces."""
    ERASERS[eraser.name] = eraser


# --- what they are, what is held -------------------------------------------------------------


def erasure_traces(*, influencer: Influencer) -> Traces:
    emails = tuple(
        InfluencerEmail.objects.filter(influencer=influencer).values_list("email", flat=True)
    )
    handles = tuple(
        SocialAccount.objects.filter(influencer=influencer).values_list("platform", "handle")
    )
    return Traces(
        influencer=influencer,
        name=influencer.name,
        emails=tuple(normalize.email(address) for address in emails),
        handles=handles,
        phone=influencer.phone,
    )


def _import_text(job: ImportJob, name: str) -> str:
    """An import's file as text, to look for them in it ("" if the file is gone)."""
    try:
        with default_storage.open(name, "rb") as stored:
            raw = stored.read()
    except (FileNotFoundError, OSError):
        return ""
    if is_workbook(raw):
        try:
            sheets = [workbook_read(raw, sheet=sheet) for sheet in workbook_sheets(raw)]
        except RuleError:
            return ""
        return "\n".join(
            "\t".join([*table.headers, *(cell for _, cells in table.rows for cell in cells)])
            for table in sheets
        )
    return raw.decode(job.encoding or "utf-8", errors="ignore")


def import_jobs_naming(*, workspace: Workspace, traces: Traces) -> list[ImportJob]:
    """The workspace's imports whose file, rejected-rows file or preview names them."""
    phrases = [phrase.lower() for phrase in traces.phrases]
    if not phrases:
        return []
    found = []
    for job in ImportJob.objects.filter(workspace=workspace).order_by("pk"):
        texts = [str(job.preview), job.original_name]
        texts += [_import_text(job, f.name) for f in (job.file, job.rejected_file) if f.name]
        text = "\n".join(texts).lower()
        if any(phrase in text for phrase in phrases):
            found.append(job)
    return found


def erasure_inventory(*, influencer: Influencer) -> list[Held]:
    """What erasing them removes, for the confirmation page and the API's answer."""
    traces = erasure_traces(influencer=influencer)
    workspace = influencer.workspace
    held = [
        Held(
            Interaction.objects.filter(influencer=influencer).count(),
            "timeline entry",
            "timeline entries",
        ),
        Held(len(traces.emails), "email address", "email addresses"),
        Held(len(traces.handles), "social account", "social accounts"),
        Held(Commitment.objects.filter(influencer=influencer).count(), "commitment", "commitments"),
    ]
    for eraser in ERASERS.values():
        held += eraser.inventory(traces)
    held.append(
        Held(
            outbox_rows_naming(
                workspace=workspace, addresses=traces.emails, phrases=traces.names
            ).count(),
            "email in the outbox",
            "emails in the outbox",
        )
    )
    held.append(
        Held(
            len(import_jobs_naming(workspace=workspace, traces=traces)),
            "import file",
            "import files",
        )
    )
    return [item for item in held if item.count]


# --- erasure ---------------------------------------------------------------------------------


def _forget_import_files(jobs: list[ImportJob]) -> None:
    """The files go; the job keeps its counts. One still waiting to run cannot run any more."""
    for job in jobs:
        files_delete_on_commit([job.file.name, job.rejected_file.name])
        job.file = ""
        job.rejected_file = ""
        job.preview = {}
        job.original_name = "(erased)"
        fields = ["file", "rejected_file", "preview", "original_name"]
        if job.status not in (ImportStatus.DONE, ImportStatus.FAILED):
            job.status = ImportStatus.FAILED
            job.error_message = "Its file was removed when a person it named was erased."
            fields += ["status", "error_message"]
        job.save(update_fields=fields)


def _suppress(workspace: Workspace, traces: Traces, now: datetime, erased_on: date) -> None:
    key = suppression.suppression_key(workspace=workspace, create=True)
    values = suppression.suppression_values(emails=traces.emails, handles=traces.handles)
    Suppression.objects.bulk_create(
        [
            Suppression(
                workspace=workspace,
                kind=kind,
                platform=platform,
                digest=suppression.digest(key, value),
                erased_on=erased_on,
                created_at=now,
            )
            for kind, platform, value in values
        ],
        ignore_conflicts=True,
    )


# Profile fields emptied on erasure (the rest are ids, dates, numbers or choices).
# Every text of the profile but the name (which becomes ERASED_NAME) and the time zone (no
# words about them), in PROFILE_FIELDS' order, and the reasons written about them.
BLANKED_FIELDS = (
    *(
        name
        for name in PROFILE_FIELDS
        if name
        not in ("name", "time_zone", "languages", "keep_in_touch_days", "do_not_disturb_until")
    ),
    "do_not_contact_reason",
    "health_override_reason",
    "health_override_band",
)


def _anonymize(influencer: Influencer, actor: User, now: datetime, erased_on: date) -> None:
    influencer.name = ERASED_NAME
    influencer.sort_name = normalize.sort_key(ERASED_NAME)
    for name in BLANKED_FIELDS:
        setattr(influencer, name, "")
    influencer.languages = []
    influencer.time_zone = "UTC"
    influencer.search_vector = None
    influencer.health_reasons = []
    influencer.health_band = HealthBand.NEW
    influencer.health_score = None
    influencer.health_override_until = None
    influencer.total_followers = None
    # Nobody may contact an erased person; the reason is the erasure itself.
    influencer.do_not_contact = True
    influencer.do_not_contact_reason = suppression.erased_reason(erased_on)
    influencer.do_not_contact_since = now
    influencer.do_not_contact_by = actor
    influencer.erased_at = now
    influencer.updated_at = now
    influencer.save()
    influencer.topics.clear()


@transaction.atomic
def influencer_erase(
    *, workspace: Workspace, influencer: Influencer, actor: User, now: datetime | None = None
) -> list[Held]:
    """Erase everything that says who they are (callers check that the actor is an admin).

    1. lock the profile and read its traces (addresses, handles, name),
    2. each registered higher app erases what it holds (pitches, inbound mail, campaigns),
    3. outbox rows to them or naming them, and import files naming them, are scrubbed,
    4. contacts' own rows go (timeline, commitments, emails, accounts, rates, channels,
       policy, list entries, health history),
    5. a suppression digest per address and handle is kept, the profile becomes an empty
       shell, and one audit event (ids and counts only) records it.
    Returns what was removed, in the confirmation's words."""
    now = now or timezone.now()
    influencer = (
        Influencer.objects.select_for_update()
        .select_related("workspace")
        .get(pk=influencer.pk, workspace=workspace)
    )
    if influencer.erased_at is not None:
        raise RuleError("This person was erased already.")
    held = erasure_inventory(influencer=influencer)
    traces = erasure_traces(influencer=influencer)
    for eraser in ERASERS.values():
        eraser.erase(traces=traces, now=now)
    outbox_scrub(
        workspace=workspace,
        ids=traces.outbox_ids,
        addresses=traces.emails,
        phrases=traces.names,
        now=now,
    )
    _forget_import_files(import_jobs_naming(workspace=workspace, traces=traces))
    for model in (
        Commitment,
        Interaction,
        HealthSnapshot,
        ListEntry,
        RateCard,
        ChannelPermission,
        ContactPolicy,
        SocialAccount,
        InfluencerEmail,
    ):
        model.objects.filter(influencer=influencer).delete()
    # "Erased on <date>" is the workspace's calendar day, as every date its people read.
    erased_on = timezone.localtime(now, workspace.zone).date()
    _suppress(workspace, traces, now, erased_on)
    _anonymize(influencer, actor, now, erased_on)
    audit_record(
        action=AuditAction.INFLUENCER_ERASED,
        actor=actor,
        workspace=workspace,
        target=influencer,
        data={"removed": {item.plural: item.count for item in held}},
        now=now,
    )
    return held


# --- archive ---------------------------------------------------------------------------------


def _archived_set(
    influencer: Influencer, *, archived: bool, action: str, actor: User, now: datetime | None
) -> Influencer:
    """Archive (archived=True) or restore the person; audited only when it changed something,
    so doing it twice changes nothing."""
    now = now or timezone.now()
    updated = Influencer.objects.filter(pk=influencer.pk, archived_at__isnull=archived).update(
        archived_at=now if archived else None,
        archived_by=actor if archived else None,
        updated_at=now,
    )
    if updated:
        audit_record(
            action=action, actor=actor, workspace=influencer.workspace, target=influencer, now=now
        )
    influencer.refresh_from_db(fields=["archived_at", "archived_by", "updated_at"])
    return influencer


@transaction.atomic
def influencer_archive(
    *, influencer: Influencer, actor: User, now: datetime | None = None
) -> Influencer:
    """Put them aside (a manager's call): out of lists, dashboards, reminders and outreach,
    everything kept. Archiving twice changes nothing."""
    return _archived_set(
        influencer, archived=True, action=AuditAction.INFLUENCER_ARCHIVED, actor=actor, now=now
    )


@transaction.atomic
def influencer_restore(
    *, influencer: Influencer, actor: User, now: datetime | None = None
) -> Influencer:
    """Back in lists, dashboards, reminders and outreach."""
    return _archived_set(
        influencer, archived=False, action=AuditAction.INFLUENCER_RESTORED, actor=actor, now=now
    )
