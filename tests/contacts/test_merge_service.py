from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, models

from contacts.models import (
    Channel,
    ChannelPermission,
    Commitment,
    ContactPolicy,
    Influencer,
    InfluencerEmail,
    InfluencerList,
    Interaction,
    InteractionKind,
    ListEntry,
    MetricSnapshot,
    RateCard,
    SocialAccount,
    Stage,
)
from contacts.selectors import search
from contacts.selectors.duplicates import _influencer_relations
from contacts.services.channels import channel_permission_set, do_not_contact_set
from contacts.services.merge import influencer_merge
from contacts.services.profiles import influencer_create
from contacts.services.timeline import interaction_record
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent, Team
from tests.factories import ProfileFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def person(personas, name, **extra):
    return ProfileFactory(
        workspace=personas.workspace, actor=personas.admin, name=name, now=NOW, **extra
    )


def log(influencer, *, kind, direction, days_ago, author=None, **extra):
    return interaction_record(
        influencer=influencer,
        kind=kind,
        direction=direction,
        summary=f"{kind} {direction}",
        author=author,
        occurred_at=NOW - timedelta(days=days_ago),
        now=NOW,
        **extra,
    )


def merge(personas, keep, drop, **choices):
    return influencer_merge(
        keep=keep, drop=drop, field_choices=choices, actor=personas.manager, now=NOW
    )


def drop_unique_key(statement):
    """Lift a workspace-wide unique key for one test (the rollback restores it): such keys
    normally prevent two profiles from sharing an email or a handle, but rows written before
    they existed must still merge."""
    with connection.cursor() as cursor:
        # Foreign key checks still pending from the fixtures would block the ALTER.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement)


@pytest.fixture
def scrapbook(db):
    """A model of an app built on contacts, known to contacts only through model metadata:
    contacts never imports it, and the merge must still move its rows."""

    class Scrapbook(models.Model):
        influencer = models.ForeignKey(
            Influencer, on_delete=models.CASCADE, related_name="scrapbook_pages"
        )
        label = models.CharField(max_length=40)

        class Meta:
            app_label = "contacts"
            unique_together = [("influencer", "label")]

        def __str__(self) -> str:
            return self.label

    # The table lives in the test's transaction and disappears with its rollback.
    with connection.schema_editor() as editor:
        editor.create_model(Scrapbook)
    yield Scrapbook
    del apps.all_models["contacts"]["scrapbook"]
    apps.clear_cache()


@pytest.fixture
def pair(personas):
    keep = person(
        personas,
        "Zoë Saldaña",
        emails=["zoe@studio.test"],
        accounts=[{"platform": "instagram", "handle": "zoe.makes", "followers": 12_000}],
        topics=["Vegan baking"],
        languages=["en"],
    )
    drop = person(
        personas,
        "Zoe Saldana",
        emails=["zoe.saldana@mail.test", "zoe.backup@mail.test"],
        accounts=[
            {"platform": "tiktok", "handle": "zoe.makes", "followers": 30_000},
            {"platform": "youtube", "handle": "zoebakes", "followers": 500},
        ],
        topics=["Vegan baking", "Trail running"],
        languages=["es", "en"],
        phone="+34 600 123 456",
        bio="Baker and runner in Sevilla.",
    )
    return keep, drop


def test_it_moves_every_related_row_and_deletes_the_duplicate(personas, pair, scrapbook):
    keep, drop = pair
    log(keep, kind="email", direction="outbound", days_ago=40)
    log(drop, kind="pitch", direction="outbound", days_ago=20)
    log(drop, kind="reply", direction="inbound", days_ago=2)  # opens a reply commitment
    channel_permission_set(
        influencer=drop, channel=Channel.EMAIL, is_open=True, evidence="They wrote first",
        actor=personas.member, now=NOW,
    )  # fmt: skip
    RateCard.objects.create(
        workspace=personas.workspace, influencer=drop, deliverable_type="tiktok_video",
        amount=Decimal("400"),
    )  # fmt: skip
    shortlist = InfluencerList.objects.create(workspace=personas.workspace, name="Spring")
    ListEntry.objects.create(influencer_list=shortlist, influencer=drop)
    ContactPolicy.objects.create(workspace=personas.workspace, influencer=drop, cooldown_days=30)
    scrapbook.objects.create(influencer=drop, label="Sevilla market day")
    drop_interactions = set(drop.interactions.values_list("pk", flat=True))

    result = merge(personas, keep, drop)

    assert not Influencer.objects.filter(pk=drop.pk).exists()
    assert set(Interaction.objects.filter(influencer=keep).values_list("pk", flat=True)) >= (
        drop_interactions
    )
    assert Commitment.objects.filter(influencer=keep, fulfilled_at__isnull=True).count() == 1
    assert sorted(keep.social_accounts.values_list("platform", flat=True)) == [
        "instagram", "tiktok", "youtube",
    ]  # fmt: skip
    assert sorted(keep.emails.values_list("email", flat=True)) == [
        "zoe.backup@mail.test", "zoe.saldana@mail.test", "zoe@studio.test",
    ]  # fmt: skip
    assert list(keep.emails.filter(is_primary=True).values_list("email", flat=True)) == [
        "zoe@studio.test"
    ]
    assert keep.rates.get().deliverable_type == "tiktok_video"
    assert keep.channel_permissions.get().channel == Channel.EMAIL
    assert list(keep.lists.all()) == [shortlist]
    assert ContactPolicy.objects.get(influencer=keep).cooldown_days == 30
    assert scrapbook.objects.get().influencer_id == keep.pk
    assert sorted(keep.topics.values_list("name", flat=True)) == ["Trail running", "Vegan baking"]
    assert result.moved["contacts.Scrapbook"] == 1


def test_it_visits_every_kind_of_row_that_points_at_an_influencer(personas, pair):
    keep, drop = pair

    result = merge(personas, keep, drop)

    expected = {model._meta.label for model, _field in _influencer_relations()}
    assert expected >= {
        "contacts.Interaction",
        "contacts.Commitment",
        "contacts.SocialAccount",
        "contacts.InfluencerEmail",
        "contacts.RateCard",
        "contacts.ChannelPermission",
        "contacts.ListEntry",
        "contacts.ContactPolicy",
        "contacts.Influencer_topics",
    }
    # Every model with a foreign key (or many-to-many) to Influencer, in any installed app.
    for relation in Influencer._meta.related_objects:
        if not relation.many_to_many:
            assert relation.related_model._meta.label in expected
    assert expected <= set(result.moved)


def test_a_reference_to_the_duplicate_through_a_generic_key_follows_it(personas, pair):
    keep, drop = pair
    other = person(personas, "Ines Duarte")
    mention = log(other, kind="note", direction="internal", days_ago=1, source=drop)

    merge(personas, keep, drop)

    mention.refresh_from_db()
    assert mention.source == keep


def test_denormalized_fields_are_recomputed(personas, pair):
    keep, drop = pair
    log(keep, kind="email", direction="outbound", days_ago=40)
    log(keep, kind="reply", direction="inbound", days_ago=39)
    log(drop, kind="pitch", direction="outbound", days_ago=5)
    log(drop, kind="reply", direction="inbound", days_ago=3)

    merge(personas, keep, drop)

    keep.refresh_from_db()
    assert keep.total_followers == 12_000 + 30_000 + 500
    assert keep.last_outbound_at == NOW - timedelta(days=5)
    assert keep.last_inbound_at == NOW - timedelta(days=3)
    assert keep.last_two_way_at == NOW - timedelta(days=3)
    # The search document now knows the duplicate's handles and email names.
    found = Influencer.objects.filter(search_vector=search.query_for("zoebakes"))
    assert list(found) == [keep]


def test_the_merge_is_on_the_kept_timeline_and_in_the_audit_log(personas, pair):
    keep, drop = pair
    log(drop, kind="pitch", direction="outbound", days_ago=5)
    drop_public_id = drop.public_id

    merge(personas, keep, drop)

    entry = Interaction.objects.get(influencer=keep, kind=InteractionKind.MERGE)
    assert entry.direction == "internal"
    assert entry.author == personas.manager
    assert entry.occurred_at == NOW
    assert "Zoe Saldana" in entry.summary
    assert "2 social accounts" in entry.body
    assert "1 timeline entry" in entry.body
    event = AuditEvent.objects.get(action=AuditAction.INFLUENCERS_MERGED)
    assert event.actor == personas.manager
    assert event.target_id == str(keep.public_id)
    assert event.data["merged"] == str(drop_public_id)
    assert event.data["moved"]["contacts.SocialAccount"] == 2
    assert "Zoe" not in str(event.data)  # ids and counts only


def test_the_chosen_values_win_and_empty_fields_are_filled(personas, pair):
    keep, drop = pair
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    Influencer.objects.filter(pk=keep.pk).update(
        bio="Pastry chef.", stage=Stage.AWARE, owner=personas.member
    )
    Influencer.objects.filter(pk=drop.pk).update(
        stage=Stage.COLLABORATING, owner=personas.manager, team=team,
        do_not_disturb_until=date(2026, 12, 1),
    )  # fmt: skip
    keep.refresh_from_db()
    drop.refresh_from_db()

    result = merge(personas, keep, drop, bio="drop", stage="drop", owner="keep")

    keep.refresh_from_db()
    assert keep.name == "Zoë Saldaña"
    assert keep.bio == "Baker and runner in Sevilla."
    assert keep.stage == Stage.COLLABORATING
    assert keep.owner == personas.member
    assert keep.team == team  # empty on the kept profile: filled
    assert keep.phone == "+34 600 123 456"
    assert keep.languages == ["en", "es"]
    assert keep.do_not_disturb_until == date(2026, 12, 1)
    assert "bio" in result.fields_taken


def test_a_do_not_contact_on_the_duplicate_is_never_lost(personas, pair):
    keep, drop = pair
    do_not_contact_set(influencer=drop, reason="Asked us to stop", actor=personas.member, now=NOW)

    merge(personas, keep, drop)

    keep.refresh_from_db()
    assert keep.do_not_contact
    assert keep.do_not_contact_reason == "Asked us to stop"
    assert keep.do_not_contact_by == personas.member


def test_the_same_email_on_both_keeps_one_row(personas, pair):
    keep, drop = pair
    drop_unique_key("DROP INDEX contacts_email_unique")
    InfluencerEmail.objects.create(
        workspace=personas.workspace, influencer=drop, email="Zoe@Studio.test"
    )

    merge(personas, keep, drop)

    assert sorted(keep.emails.values_list("email", flat=True)) == [
        "zoe.backup@mail.test", "zoe.saldana@mail.test", "zoe@studio.test",
    ]  # fmt: skip


def test_the_same_handle_on_the_same_platform_keeps_the_richer_account(personas, pair):
    keep, drop = pair
    drop_unique_key("ALTER TABLE contacts_socialaccount DROP CONSTRAINT contacts_handle_unique")
    kept_account = keep.social_accounts.get()
    twin = SocialAccount.objects.create(
        workspace=personas.workspace, influencer=drop, platform="instagram",
        handle="zoe.makes", followers=11_000, verified=True,
    )  # fmt: skip
    days = [date(2026, 10, d) for d in (1, 8, 15)]
    for day in days:
        MetricSnapshot.objects.create(social_account=twin, captured_on=day, followers=10_000)
    MetricSnapshot.objects.create(social_account=kept_account, captured_on=days[0], followers=1)

    merge(personas, keep, drop)

    account = keep.social_accounts.get(platform="instagram")
    assert account.pk == twin.pk  # the longer history wins
    assert account.verified
    history = dict(account.snapshots.values_list("captured_on", "followers"))
    assert history[days[0]] == 10_000
    # Its own history plus the other account's days it lacked (today's, recorded at creation).
    assert len(history) == MetricSnapshot.objects.filter(social_account=account).count() == 4
    assert not SocialAccount.objects.filter(pk=kept_account.pk).exists()


def test_lists_rates_channels_and_policies_on_both_are_combined(personas, pair):
    keep, drop = pair
    shortlist = InfluencerList.objects.create(workspace=personas.workspace, name="Spring")
    for influencer in (keep, drop):
        ListEntry.objects.create(influencer_list=shortlist, influencer=influencer)
    RateCard.objects.create(
        workspace=personas.workspace, influencer=keep, deliverable_type="instagram_post",
        amount=Decimal("300"), updated_at=NOW - timedelta(days=300),
    )  # fmt: skip
    RateCard.objects.create(
        workspace=personas.workspace, influencer=drop, deliverable_type="instagram_post",
        amount=Decimal("450"), updated_at=NOW - timedelta(days=10),
    )  # fmt: skip
    ChannelPermission.objects.create(
        workspace=personas.workspace, influencer=keep, channel=Channel.EMAIL, is_open=True,
        evidence="Business email on profile", recorded_at=NOW - timedelta(days=1),
    )  # fmt: skip
    ChannelPermission.objects.create(
        workspace=personas.workspace, influencer=drop, channel=Channel.EMAIL, is_open=False,
        evidence="Asked to use DMs", recorded_at=NOW - timedelta(days=90),
    )  # fmt: skip
    ContactPolicy.objects.create(workspace=personas.workspace, influencer=keep, cooldown_days=7)
    ContactPolicy.objects.create(workspace=personas.workspace, influencer=drop, cooldown_days=60)

    merge(personas, keep, drop)

    assert ListEntry.objects.filter(influencer_list=shortlist).count() == 1
    assert keep.rates.get().amount == Decimal("450")  # the most recently updated
    assert keep.channel_permissions.get().evidence == "Business email on profile"
    assert ContactPolicy.objects.get(influencer=keep).cooldown_days == 7
    assert ContactPolicy.objects.filter(influencer__isnull=False).count() == 1


def test_a_clash_nobody_knows_how_to_resolve_refuses_the_merge(personas, pair, scrapbook):
    keep, drop = pair
    scrapbook.objects.create(influencer=keep, label="Market day")
    scrapbook.objects.create(influencer=drop, label="Market day")

    with pytest.raises(RuleError, match="cannot be combined"):
        merge(personas, keep, drop)

    assert Influencer.objects.filter(pk=drop.pk).exists()
    assert scrapbook.objects.filter(influencer=drop).count() == 1


def test_a_profile_cannot_be_merged_into_itself(personas, pair):
    keep, _drop = pair

    with pytest.raises(RuleError, match="itself"):
        merge(personas, keep, keep)


def test_profiles_of_two_workspaces_cannot_be_merged(personas, pair):
    keep, _drop = pair
    stranger = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Zoe Saldana"
    )

    with pytest.raises(RuleError, match="same workspace"):
        merge(personas, keep, stranger)

    assert Influencer.objects.filter(pk=stranger.pk).exists()


def test_an_unknown_field_choice_is_refused(personas, pair):
    keep, drop = pair

    with pytest.raises(RuleError):
        merge(personas, keep, drop, total_followers="drop")
    with pytest.raises(RuleError):
        merge(personas, keep, drop, bio="both")
