"""Writes for the collaboration pipeline: shortlisting influencers, moving them along the
board, and inviting them with one personal pitch draft each through the contact guard (brands
and campaigns themselves are written in campaigns/services/campaigns.py).

Nothing here sends anything: an invitation is a draft the member reviews and sends from the
composer, where the guard checks it again. Every move of a collaboration lands on the
influencer's timeline, so the relationship keeps its history across campaigns. The rules of the
moves live here only: what a person may do (TRANSITIONS, and skipping ahead with a reason) and
what follows by itself from what happened (collaboration_advance, which the services recording
offers, drafts, publications and payments call).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from campaigns.models import Campaign, Collaboration, Stage
from contacts.models import Direction, Influencer, InfluencerList, InteractionKind
from contacts.services import interaction_record
from irm.errors import RuleError
from irm.models import Role, User
from outreach.guard import Verdict
from outreach.models import Pitch, PitchStatus
from outreach.selectors import pitch_verdict
from outreach.services import pitch_create, pitch_draft_save

# The pipeline in its order: a collaboration goes forward along it, or ends declined or
# cancelled. Automatic moves and moves past several stages at once only go forward along it.
PIPELINE: tuple[str, ...] = (
    Stage.SHORTLISTED,
    Stage.INVITED,
    Stage.NEGOTIATING,
    Stage.AGREED,
    Stage.IN_REVIEW,
    Stage.PUBLISHED,
    Stage.COMPLETED,
)
# Where a person may move a collaboration from each stage in one step. Declined and cancelled
# ones may start again from the shortlist; a completed one stays completed. Further ahead along
# PIPELINE is allowed too, with a reason (a deal agreed by phone): see stages_skipped.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.SHORTLISTED: (Stage.INVITED, Stage.CANCELLED),
    Stage.INVITED: (Stage.NEGOTIATING, Stage.AGREED, Stage.DECLINED, Stage.CANCELLED),
    Stage.NEGOTIATING: (Stage.AGREED, Stage.DECLINED, Stage.CANCELLED),
    Stage.AGREED: (Stage.IN_REVIEW, Stage.CANCELLED),
    Stage.IN_REVIEW: (Stage.PUBLISHED, Stage.AGREED, Stage.CANCELLED),
    Stage.PUBLISHED: (Stage.COMPLETED,),
    Stage.COMPLETED: (),
    Stage.DECLINED: (Stage.SHORTLISTED,),
    Stage.CANCELLED: (Stage.SHORTLISTED,),
}


def is_ahead(current: str, stage: str) -> bool:
    """Whether `stage` comes after `current` along the pipeline (never for a declined or
    cancelled one: those start again from the shortlist)."""
    if current not in PIPELINE or stage not in PIPELINE:
        return False
    return PIPELINE.index(stage) > PIPELINE.index(current)


def stages_ahead(current: str) -> list[str]:
    """The stages ahead of `current` that no one-step move reaches: a person skips ahead to
    them with a reason."""
    one_step = TRANSITIONS[current]
    return [stage for stage in PIPELINE if is_ahead(current, stage) and stage not in one_step]


def stages_skipped(current: str, stage: str) -> list[str]:
    """The stages a move from `current` to `stage` jumps over, when it is not one step: empty
    for a one-step move, or for one that is not forward at all."""
    if stage in TRANSITIONS[current] or not is_ahead(current, stage):
        return []
    return list(PIPELINE[PIPELINE.index(current) + 1 : PIPELINE.index(stage)])


def _label(stage: str) -> str:
    return Stage(stage).label


# --- the pipeline ------------------------------------------------------------------------------


def _column_end(campaign_id: int, stage: str) -> int:
    last = Collaboration.objects.filter(campaign_id=campaign_id, stage=stage).aggregate(
        last=Max("position")
    )["last"]
    return 0 if last is None else last + 1


def _place(collaboration: Collaboration, position: int | None) -> None:
    """Put it at `position` in its column (the end when None) and number the column 0, 1, 2...
    in its new order, so the board's order is the positions' order."""
    column = list(
        Collaboration.objects.select_for_update()
        .filter(campaign_id=collaboration.campaign_id, stage=collaboration.stage)
        .exclude(pk=collaboration.pk)
        .order_by("position", "created_at", "pk")
    )
    index = len(column) if position is None else max(0, min(position, len(column)))
    column.insert(index, collaboration)
    changed = []
    for number, row in enumerate(column):
        if row.pk == collaboration.pk:
            collaboration.position = number
        elif row.position != number:
            row.position = number
            changed.append(row)
    if changed:
        Collaboration.objects.bulk_update(changed, ["position"])


def _lock(collaboration: Collaboration) -> Collaboration:
    return (
        Collaboration.objects.select_for_update(of=("self",))
        .select_related("campaign", "influencer")
        .get(pk=collaboration.pk)
    )


@transaction.atomic
def collaboration_shortlist(
    *,
    campaign: Campaign,
    influencer: Influencer,
    actor: User,
    owner: User | None = None,
    now: datetime | None = None,
) -> Collaboration:
    """1. check they belong to the campaign's workspace, are not erased and not in it yet,
    2. add them at the end of the Shortlisted column, 3. note it on their timeline."""
    now = now or timezone.now()
    if influencer.workspace_id != campaign.workspace_id:
        raise RuleError("This influencer is not in this workspace.", field="influencer")
    if influencer.erased_at is not None:
        raise RuleError("This profile was erased: it cannot join a campaign.", field="influencer")
    if owner is not None and not owner.memberships.filter(workspace=campaign.workspace_id).exists():
        raise RuleError("The owner must be a member of this workspace.", field="owner")
    # Serializes shortlisting into one campaign, so the same person is not added twice at once.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if Collaboration.objects.filter(campaign=campaign, influencer=influencer).exists():
        raise RuleError(f"{influencer.name} is in this campaign already.", field="influencer")
    collaboration = Collaboration.objects.create(
        workspace_id=campaign.workspace_id,
        campaign=campaign,
        influencer=influencer,
        stage=Stage.SHORTLISTED,
        stage_changed_at=now,
        position=_column_end(campaign.pk, Stage.SHORTLISTED),
        owner=owner or actor,
        created_at=now,
        updated_at=now,
    )
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.NOTE,
        direction=Direction.INTERNAL,
        summary=f"Shortlisted for {campaign.name}",
        author=actor,
        occurred_at=now,
        source=collaboration,
        now=now,
    )
    return collaboration


# A named list is shortlisted person by person (each lands on their timeline): this many at most
# in one go keeps the request short; a bigger list is better split.
LIST_SHORTLIST_MAX = 200


@dataclass(frozen=True)
class ListShortlist:
    added: list[Collaboration]
    already_in: list[str]  # names of people in the campaign already


@transaction.atomic
def collaboration_shortlist_list(
    *,
    campaign: Campaign,
    influencer_list: InfluencerList,
    actor: User,
    now: datetime | None = None,
) -> ListShortlist:
    """Shortlist everyone on a named list of the campaign's workspace who is not in the
    campaign yet (erased profiles are left out), in the list's name order."""
    now = now or timezone.now()
    if influencer_list.workspace_id != campaign.workspace_id:
        raise RuleError("This list is not in this workspace.", field="list")
    people = list(
        Influencer.objects.filter(
            listentry__influencer_list=influencer_list, erased_at__isnull=True
        ).order_by("sort_name", "pk")
    )
    if len(people) > LIST_SHORTLIST_MAX:
        raise RuleError(
            f"This list holds {len(people)} people; shortlist at most {LIST_SHORTLIST_MAX} at "
            "once (split the list, or shortlist from the search).",
            field="list",
        )
    present = set(
        Collaboration.objects.filter(campaign=campaign, influencer__in=people).values_list(
            "influencer_id", flat=True
        )
    )
    added = [
        collaboration_shortlist(campaign=campaign, influencer=person, actor=actor, now=now)
        for person in people
        if person.pk not in present
    ]
    already_in = [person.name for person in people if person.pk in present]
    return ListShortlist(added=added, already_in=already_in)


def _listed(labels: list[str], last: str = "or") -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} {last} {labels[-1]}"


def _illegal_move(current: str, stage: str) -> str:
    allowed = TRANSITIONS[current]
    if not allowed:
        return f"A {_label(current).lower()} collaboration stays {_label(current).lower()}."
    targets = _listed([_label(s) for s in allowed])
    ahead = " (or further ahead, with a reason)" if stages_ahead(current) else ""
    return (
        f"A collaboration moves from {_label(current)} to {targets}{ahead}, not to {_label(stage)}."
    )


# Long enough for "agreed by phone with her agent on Monday, contract to follow"; the timeline
# keeps it whole.
MOVE_REASON_MAX = 500


def _move(
    collaboration: Collaboration,
    *,
    stage: str,
    actor: User | None,
    position: int | None,
    now: datetime,
    reason: str = "",
) -> Collaboration:
    old = collaboration.stage
    collaboration.stage = stage
    collaboration.stage_changed_at = now
    collaboration.updated_at = now
    _place(collaboration, position)
    collaboration.save(update_fields=["stage", "stage_changed_at", "position", "updated_at"])
    # A completed collaboration is its own kind of entry: relationship health counts them.
    done = stage == Stage.COMPLETED
    interaction_record(
        influencer=collaboration.influencer,
        kind=InteractionKind.COLLABORATION_DONE if done else InteractionKind.STAGE_CHANGE,
        direction=Direction.INTERNAL,
        summary=f"{collaboration.campaign.name}: {_label(old)} → {_label(stage)}",
        body=reason,
        author=actor,
        occurred_at=now,
        source=collaboration,
        now=now,
    )
    return collaboration


@transaction.atomic
def collaboration_advance(
    *,
    collaboration: Collaboration,
    stage: str,
    actor: User | None,
    because: str,
    now: datetime,
    only_from: Iterable[str] | None = None,
) -> Collaboration | None:
    """The move that follows from what happened (an accepted offer, a draft submitted, a
    post published, the last payment made), made by the service that records it, in its
    transaction. It only goes forward from where the card is now, so it never undoes a move a
    person made since (a card moved on to Published stays there when a late draft comes in)
    and never revives a declined or cancelled collaboration. It lands on the timeline like a
    person's move, with `because` as its reason. `only_from` narrows the stages it moves from.
    None when it does not move."""
    collaboration = _lock(collaboration)
    if not is_ahead(collaboration.stage, stage):
        return None
    if only_from is not None and collaboration.stage not in only_from:
        return None
    return _move(collaboration, stage=stage, actor=actor, position=None, now=now, reason=because)


def invitation_admitted(*, pitch: Pitch, actor: User, now: datetime) -> Collaboration | None:
    """The invitation of a collaboration left Shortlisted (blocked or held when drafted) was
    sent from the composer once the guard allowed it: they are invited now."""
    collaboration = Collaboration.objects.filter(invitation=pitch).first()
    if collaboration is None:
        return None
    return collaboration_advance(
        collaboration=collaboration,
        stage=Stage.INVITED,
        actor=actor,
        because="The invitation was sent.",
        now=now,
    )


@transaction.atomic
def collaboration_move(
    *,
    collaboration: Collaboration,
    stage: str,
    actor: User,
    position: int | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Collaboration:
    """1. refuse a move the pipeline does not allow (inviting goes through
    collaboration_invite), and one past several stages at once without a reason,
    2. move it into the new column at `position` (the end by default),
    3. write the change on the influencer's timeline, with the reason when one was given."""
    now = now or timezone.now()
    collaboration = _lock(collaboration)
    if stage not in Stage.values:
        raise RuleError(f"“{stage}” is not a stage of the pipeline.", field="stage")
    current = collaboration.stage
    if stage == current:
        # Dropped back into its own column: only its place changes, which is not a move.
        if position is not None:
            _place(collaboration, position)
            collaboration.save(update_fields=["position"])
        return collaboration
    if stage == Stage.INVITED and stage in TRANSITIONS[current]:
        raise RuleError(
            "Invite them with Invite: it drafts their personal invitation through the contact "
            "rules, and they move to Invited when it may go.",
            field="stage",
        )
    skipped = stages_skipped(current, stage)
    if stage not in TRANSITIONS[current] and not skipped:
        raise RuleError(_illegal_move(current, stage), field="stage")
    reason = (reason or "").strip()
    if skipped and not reason:
        raise RuleError(
            f"Moving from {_label(current)} to {_label(stage)} skips "
            f"{_listed([_label(s) for s in skipped], 'and')}: say why (for example, “agreed "
            "by phone”), so the timeline keeps it.",
            field="reason",
        )
    if len(reason) > MOVE_REASON_MAX:
        raise RuleError(f"A reason is at most {MOVE_REASON_MAX} characters long.", field="reason")
    return _move(collaboration, stage=stage, actor=actor, position=position, now=now, reason=reason)


@transaction.atomic
def collaboration_reorder(
    *, collaboration: Collaboration, position: int, now: datetime | None = None
) -> Collaboration:
    """Move it up or down within its column (0 is the top); the others close ranks."""
    now = now or timezone.now()
    collaboration = _lock(collaboration)
    _place(collaboration, position)
    collaboration.updated_at = now
    collaboration.save(update_fields=["position", "updated_at"])
    return collaboration


# --- invitations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """What inviting did: the draft, the guard's verdict on it now, and the collaboration (moved
    to Invited only when the draft may go now)."""

    collaboration: Collaboration
    pitch: Pitch
    verdict: Verdict

    @property
    def ready(self) -> bool:
        return self.verdict.allowed and self.verdict.held_until is None


@transaction.atomic
def collaboration_invite(
    *,
    collaboration: Collaboration,
    actor: User,
    actor_role: str,
    subject: str,
    body: str,
    channel: str,
    topics: Iterable[str] = (),
    now: datetime | None = None,
) -> Invitation:
    """1. draft their personal invitation as a pitch about this campaign (merge fields filled
    for them; an earlier draft of the invitation is reused), 2. ask the guard about it,
    3. ready: record it and move them to Invited; blocked or held: keep the draft and leave
    them Shortlisted, with the reason shown on the board. Nothing is sent: the member sends the
    draft from the composer."""
    now = now or timezone.now()
    if Role.rank(actor_role) < Role.rank(Role.MEMBER):
        raise RuleError("Viewers cannot invite influencers.")
    collaboration = _lock(collaboration)
    if collaboration.stage != Stage.SHORTLISTED:
        raise RuleError(
            f"{collaboration.influencer.name} is {_label(collaboration.stage).lower()} in this "
            "campaign: only someone shortlisted is invited."
        )
    if not body.strip():
        raise RuleError("Write the invitation.", field="body")
    draft = collaboration.invitation
    if draft is not None and draft.status != PitchStatus.DRAFT:
        draft = None
    if draft is None:
        # pitch_create keeps the campaign as the pitch's context; the draft is then written
        # through the composer's save, which fills and checks the merge fields.
        draft = pitch_create(
            influencer=collaboration.influencer,
            author=actor,
            channel=channel,
            context=collaboration.campaign,
            now=now,
        )
    draft = pitch_draft_save(
        influencer=collaboration.influencer,
        author=actor,
        channel=channel,
        subject=subject,
        body=body,
        topics=topics,
        pitch=draft,
        now=now,
    )
    verdict = pitch_verdict(pitch=draft, now=now)
    collaboration.invitation = draft
    collaboration.updated_at = now
    collaboration.save(update_fields=["invitation", "updated_at"])
    invitation = Invitation(collaboration=collaboration, pitch=draft, verdict=verdict)
    if invitation.ready:
        _move(collaboration, stage=Stage.INVITED, actor=actor, position=None, now=now)
    return invitation
