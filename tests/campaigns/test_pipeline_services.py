"""Brands, campaigns and the collaboration pipeline: shortlisting, legal and illegal moves with
their timeline entries, moves past several stages with their reason, reordering a column, and
invitations drafted through the contact guard."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from campaigns.models import Collaboration, Stage
from campaigns.selectors.collaborations import collaboration_invite_state
from campaigns.services.campaigns import (
    brand_create,
    brand_update,
    campaign_create,
    campaign_update,
)
from campaigns.services.pipeline import (
    MOVE_REASON_MAX,
    TRANSITIONS,
    collaboration_invite,
    collaboration_move,
    collaboration_reorder,
    collaboration_shortlist,
    collaboration_shortlist_list,
    stages_ahead,
)
from contacts.models import Channel, Interaction, InteractionKind
from contacts.services import do_not_contact_clear, do_not_contact_set, influencer_create
from contacts.services.lists import influencer_list_add, influencer_list_create
from irm.errors import RuleError
from irm.models import OutboxEmail
from irm.services import team_create
from outreach.models import Pitch, PitchStatus
from outreach.services import pitch_create, pitch_send
from tests.campaigns.conftest import NOW

pytestmark = pytest.mark.django_db

S = Stage
# The pipeline as the product describes it, kept here on its own so the code's table is checked.
ALLOWED = {
    S.SHORTLISTED: [S.INVITED, S.CANCELLED],
    S.INVITED: [S.NEGOTIATING, S.AGREED, S.DECLINED, S.CANCELLED],
    S.NEGOTIATING: [S.AGREED, S.DECLINED, S.CANCELLED],
    S.AGREED: [S.IN_REVIEW, S.CANCELLED],
    S.IN_REVIEW: [S.PUBLISHED, S.AGREED, S.CANCELLED],
    S.PUBLISHED: [S.COMPLETED],
    S.COMPLETED: [],
    S.DECLINED: [S.SHORTLISTED],
    S.CANCELLED: [S.SHORTLISTED],
}
# Further ahead than one step, with a reason (a deal agreed by phone), and what that skips.
AHEAD = {
    S.SHORTLISTED: {
        S.NEGOTIATING: [S.INVITED],
        S.AGREED: [S.INVITED, S.NEGOTIATING],
        S.IN_REVIEW: [S.INVITED, S.NEGOTIATING, S.AGREED],
        S.PUBLISHED: [S.INVITED, S.NEGOTIATING, S.AGREED, S.IN_REVIEW],
        S.COMPLETED: [S.INVITED, S.NEGOTIATING, S.AGREED, S.IN_REVIEW, S.PUBLISHED],
    },
    S.INVITED: {
        S.IN_REVIEW: [S.NEGOTIATING, S.AGREED],
        S.PUBLISHED: [S.NEGOTIATING, S.AGREED, S.IN_REVIEW],
        S.COMPLETED: [S.NEGOTIATING, S.AGREED, S.IN_REVIEW, S.PUBLISHED],
    },
    S.NEGOTIATING: {
        S.IN_REVIEW: [S.AGREED],
        S.PUBLISHED: [S.AGREED, S.IN_REVIEW],
        S.COMPLETED: [S.AGREED, S.IN_REVIEW, S.PUBLISHED],
    },
    S.AGREED: {S.PUBLISHED: [S.IN_REVIEW], S.COMPLETED: [S.IN_REVIEW, S.PUBLISHED]},
    S.IN_REVIEW: {S.COMPLETED: [S.PUBLISHED]},
    S.PUBLISHED: {},
    S.COMPLETED: {},
    S.DECLINED: {},
    S.CANCELLED: {},
}
LEGAL = [(old, new) for old, targets in ALLOWED.items() for new in targets if new != S.INVITED]
SKIPS = [(old, new, skipped) for old, targets in AHEAD.items() for new, skipped in targets.items()]
ILLEGAL = [
    (old, new)
    for old in S.values
    for new in S.values
    if new != old and new not in ALLOWED[old] and new not in AHEAD[old]
]


def listed(labels: list[str], last: str) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" {last} " + labels[-1]


def expected_refusal(old: str, new: str) -> str:
    labels = [S(stage).label for stage in ALLOWED[old]]
    if not labels:
        return f"A {S(old).label.lower()} collaboration stays {S(old).label.lower()}."
    ahead = " (or further ahead, with a reason)" if AHEAD[old] else ""
    return (
        f"A collaboration moves from {S(old).label} to {listed(labels, 'or')}{ahead}, "
        f"not to {S(new).label}."
    )


def at_stage(collaboration, stage):
    Collaboration.objects.filter(pk=collaboration.pk).update(stage=stage)
    collaboration.refresh_from_db()
    return collaboration


@pytest.fixture
def ana_in(campaign, ana, personas):
    return collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )


# --- brands --------------------------------------------------------------------------------------


def test_a_brand_name_is_unique_in_its_workspace_whatever_its_case(personas, brand):
    message = re.escape("A brand named “trailhead” exists already.")
    with pytest.raises(RuleError, match=message) as error:
        brand_create(workspace=personas.workspace, actor=personas.member, name=" trailhead ")
    assert error.value.field == "name"

    other = brand_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Trailhead"
    )
    assert other.name == "Trailhead"


def test_a_brand_is_renamed_but_not_to_another_brands_name(personas, brand):
    brand_create(workspace=personas.workspace, actor=personas.member, name="Summit")

    with pytest.raises(RuleError, match=re.escape("A brand named “SUMMIT” exists already.")):
        brand_update(brand=brand, actor=personas.member, name="SUMMIT")
    renamed = brand_update(brand=brand, actor=personas.member, name="TrailHead", website="")

    assert renamed.name == "TrailHead"


def test_a_brand_needs_a_name_and_a_real_website(personas):
    with pytest.raises(RuleError, match=re.escape("Give the brand a name.")):
        brand_create(workspace=personas.workspace, actor=personas.member, name="  ")
    with pytest.raises(RuleError) as error:
        brand_create(
            workspace=personas.workspace, actor=personas.member, name="X", website="not a url"
        )
    assert error.value.field == "website"


# --- campaigns -----------------------------------------------------------------------------------


def test_a_campaign_keeps_its_brief_and_an_upper_cased_currency(campaign, personas):
    assert campaign.currency == "EUR"
    assert campaign.owner == personas.manager
    assert campaign.status == "planning"


def new_campaign(personas, brand, **values):
    return campaign_create(
        **{
            "workspace": personas.workspace,
            "actor": personas.manager,
            "brand": brand,
            "name": "Autumn",
            "now": NOW,
            **values,
        }
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"starts_on": date(2026, 12, 2), "ends_on": date(2026, 12, 1)},
            "ends_on",
            "The campaign cannot end before it starts.",
        ),
        ({"budget": Decimal("-1")}, "budget", "A budget cannot be negative."),
        ({"currency": "EURO"}, "currency", "A currency is a three-letter code such as EUR"),
        ({"currency": "€"}, "currency", "A currency is a three-letter code such as EUR"),
        ({"name": "  "}, "name", "Give the campaign a name."),
    ],
)
def test_a_campaign_with_a_broken_rule_is_refused(personas, brand, values, field, message):
    with pytest.raises(RuleError, match=message) as error:
        new_campaign(personas, brand, **values)
    assert error.value.field == field


def test_a_campaigns_brand_owner_and_team_belong_to_its_workspace(personas, brand):
    their_brand = brand_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Globex Gear"
    )
    their_team = team_create(workspace=personas.other_workspace, name="PR")

    with pytest.raises(RuleError, match=re.escape("The brand must belong to this workspace.")):
        new_campaign(personas, their_brand)
    with pytest.raises(RuleError, match="The owner must be a member of this workspace"):
        new_campaign(personas, brand, owner=personas.outsider)
    with pytest.raises(RuleError, match=re.escape("The team must belong to this workspace.")):
        new_campaign(personas, brand, team=their_team)
    ours = team_create(workspace=personas.workspace, name="PR")
    assert new_campaign(personas, brand, team=ours, owner=personas.member).team == ours


def test_a_campaign_is_updated_with_the_same_rules(campaign, personas):
    with pytest.raises(RuleError, match="cannot end before it starts"):
        campaign_update(campaign=campaign, actor=personas.manager, ends_on=date(2026, 11, 1))

    updated = campaign_update(
        campaign=campaign,
        actor=personas.manager,
        currency="usd",
        hashtags=["#SpringTrails", " #springtrails", "#ad"],
        now=NOW + timedelta(hours=1),
    )

    updated.refresh_from_db()
    assert updated.currency == "USD"
    assert updated.hashtags == ["#SpringTrails", "#ad"]
    assert updated.updated_at == NOW + timedelta(hours=1)


# --- shortlisting --------------------------------------------------------------------------------


def test_shortlisting_adds_them_to_the_column_and_notes_it_on_their_timeline(
    campaign, ana, ben, personas
):
    first = collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )
    second = collaboration_shortlist(
        campaign=campaign, influencer=ben, actor=personas.member, now=NOW
    )

    assert first.stage == Stage.SHORTLISTED and (first.position, second.position) == (0, 1)
    assert first.owner == personas.member
    entry = Interaction.objects.get(influencer=ana, source_id=str(first.pk))
    assert entry.kind == InteractionKind.NOTE and entry.direction == "internal"
    assert entry.summary == "Shortlisted for Spring trails"
    assert entry.source == first and entry.author == personas.member


def test_someone_already_in_the_campaign_is_not_shortlisted_twice(campaign, ana_in, ana, personas):
    with pytest.raises(RuleError, match=re.escape("Ana Rocha is in this campaign already.")):
        collaboration_shortlist(campaign=campaign, influencer=ana, actor=personas.member, now=NOW)


def test_only_people_of_the_workspace_who_were_not_erased_are_shortlisted(campaign, ana, personas):
    stranger = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Otto"
    )
    with pytest.raises(RuleError, match="not in this workspace"):
        collaboration_shortlist(
            campaign=campaign, influencer=stranger, actor=personas.member, now=NOW
        )
    ana.erased_at = NOW
    with pytest.raises(RuleError, match="This profile was erased"):
        collaboration_shortlist(campaign=campaign, influencer=ana, actor=personas.member, now=NOW)


# --- moves ---------------------------------------------------------------------------------------


def test_the_code_follows_the_pipeline_as_described():
    assert {stage: list(targets) for stage, targets in TRANSITIONS.items()} == ALLOWED
    assert {stage: stages_ahead(stage) for stage in S.values} == {
        stage: list(targets) for stage, targets in AHEAD.items()
    }


@pytest.mark.parametrize(("old", "new"), LEGAL)
def test_every_legal_move_is_made_and_lands_on_the_timeline(ana_in, personas, old, new):
    collaboration = at_stage(ana_in, old)
    later = NOW + timedelta(hours=2)

    moved = collaboration_move(
        collaboration=collaboration, stage=new, actor=personas.manager, now=later
    )

    moved.refresh_from_db()
    assert moved.stage == new and moved.stage_changed_at == later
    # Completing is its own kind of entry: relationship health counts completed collaborations.
    kind = (
        InteractionKind.COLLABORATION_DONE
        if new == Stage.COMPLETED
        else InteractionKind.STAGE_CHANGE
    )
    entry = Interaction.objects.get(kind=kind, source_id=str(moved.pk))
    assert entry.source == moved and entry.direction == "internal"
    assert entry.summary == f"Spring trails: {Stage(old).label} → {Stage(new).label}"
    assert entry.author == personas.manager and entry.occurred_at == later


@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_every_illegal_move_is_refused_with_a_plain_message(ana_in, personas, old, new):
    collaboration = at_stage(ana_in, old)

    with pytest.raises(RuleError) as error:
        collaboration_move(collaboration=collaboration, stage=new, actor=personas.member, now=NOW)

    assert error.value.message == expected_refusal(old, new)
    assert Collaboration.objects.get(pk=collaboration.pk).stage == old
    assert not Interaction.objects.filter(kind=InteractionKind.STAGE_CHANGE).exists()


def test_the_refusals_read_as_sentences(ana_in, personas):
    with pytest.raises(RuleError) as error:
        collaboration_move(collaboration=ana_in, stage=Stage.DECLINED, actor=personas.member)
    assert error.value.message == (
        "A collaboration moves from Shortlisted to Invited or Cancelled (or further ahead, with "
        "a reason), not to Declined."
    )
    with pytest.raises(RuleError) as error:
        collaboration_move(
            collaboration=at_stage(ana_in, Stage.PUBLISHED),
            stage=Stage.IN_REVIEW,
            actor=personas.member,
        )
    assert (
        error.value.message
        == "A collaboration moves from Published to Completed, not to In review."
    )
    with pytest.raises(RuleError) as error:
        collaboration_move(
            collaboration=at_stage(ana_in, Stage.COMPLETED),
            stage=Stage.AGREED,
            actor=personas.member,
        )
    assert error.value.message == "A completed collaboration stays completed."


@pytest.mark.parametrize(("old", "new", "skipped"), SKIPS)
def test_a_move_past_several_stages_asks_why_and_moves_nothing_without_a_reason(
    ana_in, personas, old, new, skipped
):
    collaboration = at_stage(ana_in, old)

    for reason in ("", "  \n "):
        with pytest.raises(RuleError) as error:
            collaboration_move(
                collaboration=collaboration,
                stage=new,
                reason=reason,
                actor=personas.member,
                now=NOW,
            )

        assert error.value.field == "reason"
        assert error.value.message == (
            f"Moving from {S(old).label} to {S(new).label} skips "
            f"{listed([S(stage).label for stage in skipped], 'and')}: say why (for example, "
            "“agreed by phone”), so the timeline keeps it."
        )
    assert Collaboration.objects.get(pk=collaboration.pk).stage == old
    assert (
        not Interaction.objects.filter(source_id=str(collaboration.pk))
        .exclude(kind=InteractionKind.NOTE)
        .exists()
    )


# The refusals above cover every skip; these are made, one from each end of the pipeline.
@pytest.mark.parametrize(
    ("old", "new"),
    [(S.SHORTLISTED, S.AGREED), (S.INVITED, S.COMPLETED), (S.IN_REVIEW, S.COMPLETED)],
)
def test_a_move_past_several_stages_with_a_reason_lands_on_the_timeline_with_it(
    ana_in, personas, old, new
):
    collaboration = at_stage(ana_in, old)
    later = NOW + timedelta(hours=3)

    moved = collaboration_move(
        collaboration=collaboration,
        stage=new,
        reason="  Agreed by phone with her agent; contract to follow.\n",
        actor=personas.manager,
        now=later,
    )

    moved.refresh_from_db()
    assert moved.stage == new and moved.stage_changed_at == later
    kind = (
        InteractionKind.COLLABORATION_DONE
        if new == Stage.COMPLETED
        else InteractionKind.STAGE_CHANGE
    )
    entry = Interaction.objects.get(kind=kind, source_id=str(moved.pk))
    assert entry.summary == f"Spring trails: {S(old).label} → {S(new).label}"
    assert entry.body == "Agreed by phone with her agent; contract to follow."
    assert entry.author == personas.manager and entry.occurred_at == later


def test_a_one_step_move_keeps_a_reason_given_with_it(ana_in, personas):
    moved = collaboration_move(
        collaboration=ana_in,
        stage=Stage.CANCELLED,
        reason="The brand paused the campaign.",
        actor=personas.member,
        now=NOW,
    )

    entry = Interaction.objects.get(kind=InteractionKind.STAGE_CHANGE, source_id=str(moved.pk))
    assert entry.body == "The brand paused the campaign."


def test_a_reason_too_long_is_refused_and_nothing_moves(ana_in, personas):
    with pytest.raises(RuleError) as error:
        collaboration_move(
            collaboration=ana_in,
            stage=Stage.AGREED,
            reason="x" * (MOVE_REASON_MAX + 1),
            actor=personas.member,
            now=NOW,
        )

    assert error.value.field == "reason"
    assert error.value.message == f"A reason is at most {MOVE_REASON_MAX} characters long."
    assert Collaboration.objects.get(pk=ana_in.pk).stage == Stage.SHORTLISTED


def test_inviting_is_done_with_invite_not_by_moving_the_card(ana_in, personas):
    with pytest.raises(RuleError, match="Invite them with Invite") as error:
        collaboration_move(collaboration=ana_in, stage=Stage.INVITED, actor=personas.member)
    assert error.value.field == "stage"
    assert Collaboration.objects.get(pk=ana_in.pk).stage == Stage.SHORTLISTED


def test_an_unknown_stage_is_refused(ana_in, personas):
    with pytest.raises(RuleError, match=re.escape("“paid” is not a stage of the pipeline.")):
        collaboration_move(collaboration=ana_in, stage="paid", actor=personas.member)


def test_a_declined_collaboration_starts_again_from_the_shortlist(ana_in, personas):
    declined = at_stage(ana_in, Stage.DECLINED)

    again = collaboration_move(
        collaboration=declined, stage=Stage.SHORTLISTED, actor=personas.member, now=NOW
    )

    assert again.stage == Stage.SHORTLISTED


def test_a_move_drops_the_card_where_it_was_put_in_the_column(campaign, ana, ben, personas):
    cards = []
    for name in ("Cleo", "Dan"):
        person = influencer_create(workspace=personas.workspace, actor=personas.member, name=name)
        cards.append(
            collaboration_shortlist(
                campaign=campaign, influencer=person, actor=personas.member, now=NOW
            )
        )
    cleo, dan = cards
    collaboration_move(collaboration=cleo, stage=Stage.CANCELLED, actor=personas.member, now=NOW)

    moved = collaboration_move(
        collaboration=dan, stage=Stage.CANCELLED, actor=personas.member, position=0, now=NOW
    )

    column = Collaboration.objects.filter(campaign=campaign, stage=Stage.CANCELLED)
    assert list(column.order_by("position").values_list("pk", "position")) == [
        (moved.pk, 0),
        (cleo.pk, 1),
    ]


def test_reordering_moves_a_card_within_its_column_and_the_others_close_ranks(campaign, personas):
    cards = [
        collaboration_shortlist(
            campaign=campaign,
            influencer=influencer_create(
                workspace=personas.workspace, actor=personas.member, name=name
            ),
            actor=personas.member,
            now=NOW,
        )
        for name in ("Cleo", "Dan", "Eve")
    ]

    collaboration_reorder(collaboration=cards[2], position=0, now=NOW)
    order = Collaboration.objects.filter(campaign=campaign).order_by("position")
    assert list(order.values_list("influencer__name", "position")) == [
        ("Eve", 0),
        ("Cleo", 1),
        ("Dan", 2),
    ]

    collaboration_reorder(collaboration=cards[2], position=99, now=NOW)
    assert list(order.values_list("influencer__name", flat=True)) == ["Cleo", "Dan", "Eve"]
    assert not Interaction.objects.filter(kind=InteractionKind.STAGE_CHANGE).exists()


# --- invitations ---------------------------------------------------------------------------------

INVITATION = (
    "Hi {first_name}, your notes on running the Lavaredo in the rain stayed with us; would you "
    "tell the story of our repairable trail shoes with us this spring?"
)


def invite(collaboration, personas, *, body=INVITATION, channel=Channel.EMAIL, now=NOW, **extra):
    return collaboration_invite(
        collaboration=collaboration,
        actor=personas.member,
        actor_role="member",
        subject="Spring trails with Trailhead",
        body=body,
        channel=channel,
        now=now,
        **extra,
    )


def test_inviting_drafts_one_personal_pitch_each_and_the_guard_decides_who_moves(
    campaign, ana, ben, personas
):
    ana_in = collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )
    ben_in = collaboration_shortlist(
        campaign=campaign, influencer=ben, actor=personas.member, now=NOW
    )
    do_not_contact_set(
        influencer=ben, reason="Moving on from sponsored work", actor=personas.member, now=NOW
    )

    ready = invite(ana_in, personas)
    blocked = invite(ben_in, personas)

    assert ready.ready and not blocked.ready
    ana_in.refresh_from_db()
    ben_in.refresh_from_db()
    assert ana_in.stage == Stage.INVITED and ana_in.invitation == ready.pitch
    assert ben_in.stage == Stage.SHORTLISTED and ben_in.invitation == blocked.pitch
    assert ready.pitch.body.startswith("Hi Ana, your notes")
    assert blocked.pitch.body.startswith("Hi Ben, your notes")
    for pitch in Pitch.objects.all():
        assert pitch.status == PitchStatus.DRAFT and pitch.context == campaign
    assert Pitch.objects.count() == 2
    assert not OutboxEmail.objects.exists()
    assert collaboration_invite_state(collaboration=ana_in, now=NOW) == "ready"
    assert collaboration_invite_state(collaboration=ben_in, now=NOW) == (
        "blocked: Ben Okafor asked not to be contacted: Moving on from sponsored work."
    )
    moves = Interaction.objects.filter(kind=InteractionKind.STAGE_CHANGE)
    assert list(moves.values_list("influencer__name", "summary")) == [
        ("Ana Rocha", "Spring trails: Shortlisted → Invited")
    ]


def test_a_blocked_invitation_is_reused_once_the_block_is_lifted(campaign, ben, personas):
    ben_in = collaboration_shortlist(
        campaign=campaign, influencer=ben, actor=personas.member, now=NOW
    )
    do_not_contact_set(influencer=ben, reason="Busy", actor=personas.member, now=NOW)
    first = invite(ben_in, personas)
    do_not_contact_clear(influencer=ben, actor=personas.admin, actor_role="admin", now=NOW)

    second = invite(ben_in, personas, body="Hi {first_name}, a gentler note about gravel rides.")

    assert second.pitch.pk == first.pitch.pk and second.ready
    assert second.pitch.body == "Hi Ben, a gentler note about gravel rides."
    ben_in.refresh_from_db()
    assert ben_in.stage == Stage.INVITED


def test_a_named_list_bigger_than_the_limit_is_refused_whole(
    campaign, ana, ben, personas, monkeypatch
):
    monkeypatch.setattr("campaigns.services.pipeline.LIST_SHORTLIST_MAX", 1)
    riders = influencer_list_create(
        workspace=personas.workspace, name="Riders", actor=personas.member
    )
    influencer_list_add(
        influencer_list=riders,
        influencer_ids=[str(ana.public_id), str(ben.public_id)],
        actor=personas.member,
    )

    with pytest.raises(RuleError, match="This list holds 2 people; shortlist at most 1"):
        collaboration_shortlist_list(
            campaign=campaign, influencer_list=riders, actor=personas.member, now=NOW
        )
    assert not Collaboration.objects.exists()


def test_a_blocked_invitation_sent_later_from_the_composer_moves_them_to_invited(
    campaign, ben, personas
):
    ben_in = collaboration_shortlist(
        campaign=campaign, influencer=ben, actor=personas.member, now=NOW
    )
    do_not_contact_set(influencer=ben, reason="Busy", actor=personas.member, now=NOW)
    blocked = invite(ben_in, personas)
    do_not_contact_clear(influencer=ben, actor=personas.admin, actor_role="admin", now=NOW)
    later = NOW + timedelta(hours=1)

    pitch_send(pitch=blocked.pitch, actor=personas.member, actor_role="member", now=later)

    ben_in.refresh_from_db()
    assert ben_in.stage == Stage.INVITED and ben_in.stage_changed_at == later
    move = Interaction.objects.get(kind=InteractionKind.STAGE_CHANGE, source_id=str(ben_in.pk))
    assert move.summary == "Spring trails: Shortlisted → Invited"


def test_another_pitch_to_someone_shortlisted_does_not_invite_them(ana_in, ana, personas):
    other = pitch_create(influencer=ana, author=personas.member, channel=Channel.EMAIL, now=NOW)
    other.body = "Hi Ana, a note about something else entirely."
    other.save(update_fields=["body"])

    pitch_send(pitch=other, actor=personas.member, actor_role="member", now=NOW)

    ana_in.refresh_from_db()
    assert ana_in.stage == Stage.SHORTLISTED


def test_a_closed_channel_blocks_the_invitation_with_the_guards_reason(ana_in, personas):
    result = invite(ana_in, personas, channel=Channel.INSTAGRAM_DM)

    assert not result.ready
    assert collaboration_invite_state(collaboration=result.collaboration, now=NOW) == (
        "blocked: Ana Rocha has not opened Instagram DM to us."
    )
    assert Collaboration.objects.get(pk=ana_in.pk).stage == Stage.SHORTLISTED


def test_an_invitation_in_their_quiet_hours_is_held_and_they_stay_shortlisted(ana_in, personas):
    night = NOW.replace(hour=22)

    result = invite(ana_in, personas, now=night)

    assert result.verdict.allowed and not result.ready
    assert Collaboration.objects.get(pk=ana_in.pk).stage == Stage.SHORTLISTED
    ana_in.refresh_from_db()
    assert collaboration_invite_state(collaboration=ana_in, now=night) == (
        "held until Thu 19 Nov at 08:00 their time (UTC)"
    )
    assert collaboration_invite_state(collaboration=ana_in, now=NOW + timedelta(days=1)) == (
        "ready"
    )


def test_invite_state_before_any_invitation(ana_in):
    assert collaboration_invite_state(collaboration=ana_in, now=NOW) == "not invited yet"


def test_only_someone_shortlisted_is_invited_and_viewers_do_not_invite(ana_in, personas):
    with pytest.raises(RuleError, match="Viewers cannot invite"):
        collaboration_invite(
            collaboration=ana_in,
            actor=personas.viewer,
            actor_role="viewer",
            subject="",
            body=INVITATION,
            channel=Channel.EMAIL,
            now=NOW,
        )
    invite(ana_in, personas)
    with pytest.raises(RuleError, match="Ana Rocha is invited in this campaign"):
        invite(ana_in, personas)
    assert Pitch.objects.count() == 1


def test_an_invitation_needs_a_text_with_known_merge_fields(ana_in, personas):
    with pytest.raises(RuleError, match=re.escape("Write the invitation.")):
        invite(ana_in, personas, body="  ")
    with pytest.raises(RuleError, match=re.escape("{nickname} is not a merge field")) as error:
        invite(ana_in, personas, body="Hi {nickname}, about our spring campaign.")
    assert error.value.field == "body"
    assert not Pitch.objects.exists()
