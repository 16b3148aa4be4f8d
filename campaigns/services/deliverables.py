"""Writes for the content they make: deliverables, their review (draft, changes, approval,
publication), their results and the moments worth remembering.

Feedback on a submitted draft is owed like a reply (a contacts Commitment); what is due becomes
a reminder for the collaboration's owner; what happened lands on the influencer's timeline with
the deliverable as its source.
"""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from campaigns.models import (
    Collaboration,
    Deliverable,
    DeliverableResult,
    DeliverableStatus,
    Moment,
    ResultSource,
    Stage,
)
from campaigns.services.delivery import (
    REMINDER_TIME,
    assignee_of,
    check_due_day,
    check_not_future,
    check_url,
    local_moment,
)
from campaigns.services.pipeline import collaboration_advance
from contacts.models import CommitmentKind, DeliverableType, Direction, InteractionKind
from contacts.selectors import open_commitments
from contacts.services import (
    add_business_days,
    commitment_fulfil,
    commitment_open,
    interaction_record,
)
from irm.errors import RuleError
from irm.models import User
from irm.text import sentence
from outreach.models import ReminderKind
from outreach.services import source_reminder_plan, source_reminders_cancel

# A submitted draft deserves an answer within two working days.
FEEDBACK_BUSINESS_DAYS = 2

METRIC_FIELDS = (
    "likes",
    "comments",
    "shares",
    "saves",
    "views",
    "clicks",
    "conversions",
    "positive_comments",
    "neutral_comments",
    "negative_comments",
)
# The largest values the result columns hold (views is a big integer).
METRIC_MAX = {field: 2**31 - 1 for field in METRIC_FIELDS} | {"views": 2**63 - 1}


# --- deliverables and their review --------------------------------------------------------------


def _name(deliverable: Deliverable) -> str:
    return deliverable.title or deliverable.get_kind_display()


def _check_status(deliverable: Deliverable, action: str, allowed: tuple[str, ...]) -> None:
    """Illegal moves are refused with where it stands and where it may go from."""
    if deliverable.status in allowed:
        return
    current = DeliverableStatus(deliverable.status).label.lower()
    wanted = " or ".join(DeliverableStatus(s).label.lower() for s in allowed)
    raise RuleError(
        f"“{_name(deliverable)}” is {current}: it can be {action} only when it is {wanted}."
    )


def _locked(deliverable: Deliverable) -> Deliverable:
    return (
        Deliverable.objects.select_for_update()
        .select_related("collaboration__campaign", "collaboration__influencer")
        .get(pk=deliverable.pk)
    )


def _save_deliverable(deliverable: Deliverable, now: datetime, *fields: str) -> None:
    deliverable.updated_at = now
    deliverable.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def deliverable_add(
    *,
    collaboration: Collaboration,
    kind: str,
    title: str = "",
    due_on: date | None = None,
    actor: User,
    now: datetime,
) -> Deliverable:
    """A piece of content they will make; when it has a due date, the owner is reminded at
    09:00 (workspace time) that day."""
    if kind not in DeliverableType.values:
        raise RuleError("Pick what kind of content it is.", field="kind")
    check_due_day(due_on, "due_on", now=now)
    deliverable = Deliverable.objects.create(
        collaboration=collaboration,
        kind=kind,
        title=(title or "").strip()[:200],
        due_on=due_on,
        created_at=now,
        updated_at=now,
    )
    assignee = assignee_of(collaboration, actor)
    if due_on is not None and assignee is not None:
        influencer = collaboration.influencer
        source_reminder_plan(
            kind=ReminderKind.DELIVERABLE_DUE,
            source=deliverable,
            assignee=assignee,
            influencer=influencer,
            due_at=local_moment(collaboration, due_on, REMINDER_TIME),
            title=f"{influencer.name}: “{_name(deliverable)}” is due today",
            reason=sentence(f"For {collaboration.campaign.name}"),
            suggestion="Check in on how it is going, or agree on a new date.",
            now=now,
        )
    return deliverable


@transaction.atomic
def deliverable_submit_draft(
    *, deliverable: Deliverable, draft_url: str, actor: User | None, now: datetime
) -> Deliverable:
    """1. planned or changes requested -> draft submitted, with its link,
    2. on the timeline (from them),
    3. we owe them feedback within two working days: a commitment opened by that entry (each
       draft its own, so a second round is owed again),
    4. the collaboration moves on to In review (when it is not there or further yet)."""
    deliverable = _locked(deliverable)
    _check_status(
        deliverable,
        "submitted as a draft",
        (DeliverableStatus.PLANNED, DeliverableStatus.CHANGES_REQUESTED),
    )
    draft_url = check_url(draft_url, "draft_url")
    deliverable.status = DeliverableStatus.DRAFT_SUBMITTED
    deliverable.draft_url = draft_url
    _save_deliverable(deliverable, now, "status", "draft_url")
    collaboration = deliverable.collaboration
    influencer = collaboration.influencer
    entry = interaction_record(
        influencer=influencer,
        kind=InteractionKind.CONTENT,
        direction=Direction.INBOUND,
        summary=f"Draft submitted: {_name(deliverable)}",
        body=draft_url,
        author=actor,
        occurred_at=now,
        source=deliverable,
        now=now,
    )
    commitment_open(
        influencer=influencer,
        kind=CommitmentKind.FEEDBACK,
        description=(
            f"Give {influencer.name} feedback on the draft of “{_name(deliverable)}” "
            f"for {collaboration.campaign.name}"
        ),
        due_at=add_business_days(now, FEEDBACK_BUSINESS_DAYS, collaboration.workspace.zone),
        source=entry,
        now=now,
    )
    collaboration_advance(
        collaboration=collaboration,
        stage=Stage.IN_REVIEW,
        actor=actor,
        because=f"{influencer.name} submitted a draft of “{_name(deliverable)}”.",
        now=now,
    )
    return deliverable


def _fulfil_feedback(deliverable: Deliverable, now: datetime) -> None:
    """The open feedback commitments that this deliverable's drafts opened."""
    influencer = deliverable.collaboration.influencer
    owed = (
        open_commitments(influencer=influencer)
        .filter(kind=CommitmentKind.FEEDBACK)
        .prefetch_related("source")
    )
    for commitment in owed:
        entry = commitment.source
        if (
            entry is not None
            and getattr(entry, "source_type_id", None)
            == ContentType.objects.get_for_model(Deliverable).pk
            and entry.source_id == str(deliverable.pk)
        ):
            commitment_fulfil(commitment=commitment, now=now)


def _decide(
    deliverable: Deliverable,
    *,
    status: str,
    summary: str,
    comment: str,
    actor: User | None,
    now: datetime,
) -> Deliverable:
    deliverable.status = status
    deliverable.review_comment = comment
    _save_deliverable(deliverable, now, "status", "review_comment")
    _fulfil_feedback(deliverable, now)
    # Told to them, so an outbound conversation entry: it also answers the draft's message.
    interaction_record(
        influencer=deliverable.collaboration.influencer,
        kind=InteractionKind.EMAIL,
        direction=Direction.OUTBOUND,
        summary=summary,
        body=comment,
        author=actor,
        occurred_at=now,
        source=deliverable,
        now=now,
    )
    return deliverable


@transaction.atomic
def deliverable_request_changes(
    *, deliverable: Deliverable, comment: str, actor: User | None, now: datetime
) -> Deliverable:
    deliverable = _locked(deliverable)
    _check_status(deliverable, "sent back for changes", (DeliverableStatus.DRAFT_SUBMITTED,))
    comment = (comment or "").strip()
    if not comment:
        raise RuleError("Say what should change.", field="comment")
    return _decide(
        deliverable,
        status=DeliverableStatus.CHANGES_REQUESTED,
        summary=f"Changes requested: {_name(deliverable)}",
        comment=comment,
        actor=actor,
        now=now,
    )


@transaction.atomic
def deliverable_approve(
    *, deliverable: Deliverable, comment: str = "", actor: User | None, now: datetime
) -> Deliverable:
    deliverable = _locked(deliverable)
    _check_status(deliverable, "approved", (DeliverableStatus.DRAFT_SUBMITTED,))
    return _decide(
        deliverable,
        status=DeliverableStatus.APPROVED,
        summary=f"Draft approved: {_name(deliverable)}",
        comment=(comment or "").strip(),
        actor=actor,
        now=now,
    )


@transaction.atomic
def deliverable_publish(
    *,
    deliverable: Deliverable,
    published_url: str,
    published_at: datetime,
    actor: User | None,
    now: datetime,
) -> Deliverable:
    """approved -> published: its due reminders no longer apply; on the timeline; the
    collaboration moves on to Published (when it is not there or further yet)."""
    deliverable = _locked(deliverable)
    _check_status(deliverable, "published", (DeliverableStatus.APPROVED,))
    published_url = check_url(published_url, "published_url")
    if published_at is None:
        raise RuleError("Give when it was published.", field="published_at")
    check_not_future(published_at, now, "published_at", "The publishing time")
    deliverable.status = DeliverableStatus.PUBLISHED
    deliverable.published_url = published_url
    deliverable.published_at = published_at
    _save_deliverable(deliverable, now, "status", "published_url", "published_at")
    source_reminders_cancel(source=deliverable, reason="It was published.", now=now)
    interaction_record(
        influencer=deliverable.collaboration.influencer,
        kind=InteractionKind.CONTENT,
        direction=Direction.INBOUND,
        summary=f"Published: {_name(deliverable)}",
        body=published_url,
        author=actor,
        occurred_at=published_at,
        source=deliverable,
        now=now,
    )
    collaboration_advance(
        collaboration=deliverable.collaboration,
        stage=Stage.PUBLISHED,
        actor=actor,
        because=f"“{_name(deliverable)}” was published.",
        now=now,
    )
    return deliverable


# --- results ------------------------------------------------------------------------------------


def metrics_check(metrics: dict) -> dict[str, int]:
    """Whole, non-negative counts for known metrics only."""
    unknown = set(metrics) - set(METRIC_FIELDS)
    if unknown:
        raise TypeError(f"unknown metrics: {sorted(unknown)}")
    checked = {}
    for field, value in metrics.items():
        label = field.replace("_", " ")
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleError(f"The {label} must be a whole number.", field=field)
        if value < 0:
            raise RuleError(f"The {label} cannot be negative.", field=field)
        if value > METRIC_MAX[field]:
            raise RuleError(f"The {label} number is too large.", field=field)
        checked[field] = value
    return checked


@transaction.atomic
def deliverable_result_save(
    *,
    deliverable: Deliverable,
    actor: User | None,
    source: str = ResultSource.MANUAL,
    now: datetime | None = None,
    **metrics: int,
) -> DeliverableResult:
    """What a published deliverable did. Metrics not given keep their value, so a later
    measurement or import updates the one result rather than adding another."""
    if source not in ResultSource.values:
        raise ValueError(f"unknown result source: {source}")
    if deliverable.status != DeliverableStatus.PUBLISHED:
        raise RuleError(
            f"“{_name(deliverable)}” is not published yet: results come after publishing."
        )
    checked = metrics_check(metrics)
    defaults = {**checked, "source": source}
    if now is not None:
        defaults["measured_at"] = now
    result, _ = DeliverableResult.objects.update_or_create(
        deliverable=deliverable, defaults=defaults
    )
    return result


@transaction.atomic
def moment_add(
    *,
    collaboration: Collaboration,
    text: str,
    deliverable: Deliverable | None = None,
    actor: User | None,
    now: datetime,
) -> Moment:
    """A highlight in words, of the collaboration or one of its deliverables."""
    text = (text or "").strip()
    if not text:
        raise RuleError("Write down the moment.", field="text")
    if deliverable is not None and deliverable.collaboration_id != collaboration.pk:
        raise RuleError("This deliverable belongs to another collaboration.", field="deliverable")
    return Moment.objects.create(
        collaboration=collaboration,
        deliverable=deliverable,
        text=text,
        author=actor,
        created_at=now,
    )
