from decimal import Decimal

import pytest
from django.urls import reverse

from contacts.models import (
    Influencer,
    InfluencerEmail,
    Interaction,
    InteractionKind,
    MetricSnapshot,
    RateCard,
    SocialAccount,
)
from contacts.services.profiles import influencer_create, rate_card_save
from irm.models import Team

HTMX = {"HX-Request": "true"}


@pytest.fixture
def influencer(personas):
    return influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Ana Bakes",
        emails=["ana@example.test"],
        accounts=[{"platform": "instagram", "handle": "ana.bakes", "followers": 12_000}],
        topics=["baking"],
        time_zone="Europe/Paris",
    )


def edit_url(influencer, section):
    return reverse("contacts:influencer-edit", args=["acme", influencer.public_id, section])


def identity(**values):
    data = {"name": "Ana Bakes", "pronouns": "", "avatar_url": "", "stage": "prospect"}
    data.update(values)
    return {f"identity-{key}": value for key, value in data.items()}


def test_edit_swaps_in_a_form_with_htmx(client, personas, influencer):
    client.force_login(personas.member)

    response = client.get(edit_url(influencer, "story"), headers=HTMX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert 'hx-post="' + edit_url(influencer, "story") + '"' in page
    assert 'hx-target="#story"' in page
    assert 'name="story-bio"' in page and "autofocus" in page
    assert "Cancel" in page


def test_editing_the_name_keeps_a_main_heading_on_the_page(client, personas, influencer):
    client.force_login(personas.member)

    page = client.get(edit_url(influencer, "identity"), headers=HTMX).content.decode()

    assert '<h1 id="identity-heading">Edit the name, stage and owner of Ana Bakes</h1>' in page
    assert "<h2" not in page.split("</h1>")[0]


def test_without_javascript_edit_is_the_whole_page_with_the_form_in_place(
    client, personas, influencer
):
    client.force_login(personas.member)

    page = client.get(edit_url(influencer, "details")).content.decode()

    assert "<html" in page
    assert 'name="details-location"' in page
    # The other sections stay readable around it.
    assert 'id="story-heading">Their story' in page


def test_saving_with_htmx_swaps_the_read_view_back(client, personas, influencer):
    client.force_login(personas.member)
    data = {
        "story-bio": "Sourdough every morning",
        "story-background": "Left finance to bake",
        "story-values": "Zero waste",
        "story-audience_notes": "Home bakers, 25-40",
    }

    response = client.post(edit_url(influencer, "story"), data, headers=HTMX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<form" not in page
    assert "Left finance to bake" in page and "Saved." in page
    influencer.refresh_from_db()
    assert influencer.values == "Zero waste"


def test_saving_without_htmx_redirects_to_the_section(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        edit_url(influencer, "preferences"),
        {"preferences-keep_in_touch_days": "30", "preferences-do_not_disturb_until": "2026-08-31"},
    )

    assert response.status_code == 302
    assert response.url.endswith(f"/influencers/{influencer.public_id}/#preferences")
    influencer.refresh_from_db()
    assert influencer.keep_in_touch_days == 30
    assert str(influencer.do_not_disturb_until) == "2026-08-31"


def test_bad_input_is_a_400_that_keeps_what_was_typed(client, personas, influencer):
    client.force_login(personas.member)
    data = {
        "details-location": "Lyon",
        "details-country": "France",
        "details-time_zone": "Europe/Paris",
        "details-languages": "fr, en",
        "details-website": "not a website",
        "details-phone": "",
        "details-shipping_address": "",
        "details-agent_name": "Agent Smith",
        "details-agent_email": "",
    }

    for headers in (HTMX, {}):
        response = client.post(edit_url(influencer, "details"), data, headers=headers)

        assert response.status_code == 400
        page = response.content.decode()
        assert "two-letter country code" in page
        assert 'value="Lyon"' in page and 'value="Agent Smith"' in page
        assert 'value="France"' in page
    influencer.refresh_from_db()
    assert influencer.location == ""


def test_a_rule_broken_in_the_service_is_a_400_on_the_field(client, personas, influencer):
    other = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Bea", emails=["bea@example.test"]
    )
    client.force_login(personas.member)

    response = client.post(
        edit_url(influencer, "emails"),
        {"emails-emails": "ana@example.test\nBEA@example.test"},
        headers=HTMX,
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "belongs to Bea already" in page
    assert "BEA@example.test" in page
    assert list(InfluencerEmail.objects.filter(influencer=other).values_list("email", flat=True))
    assert not InfluencerEmail.objects.filter(influencer=influencer, email="bea@example.test")


def test_identity_changes_owner_team_and_stage_and_logs_the_stage(client, personas, influencer):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    client.force_login(personas.manager)  # reassigning is a manager's

    response = client.post(
        edit_url(influencer, "identity"),
        identity(
            name="Ana B. Bakes",
            pronouns="she/her",
            stage="engaged",
            owner=str(personas.manager.public_id),
            team=str(team.public_id),
        ),
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "profileChanged"  # the timeline region reloads
    influencer.refresh_from_db()
    assert (influencer.name, influencer.stage) == ("Ana B. Bakes", "engaged")
    assert influencer.owner == personas.manager and influencer.team == team
    assert Interaction.objects.filter(
        influencer=influencer, kind=InteractionKind.STAGE_CHANGE
    ).exists()


def test_an_owner_or_team_from_another_workspace_is_refused(client, personas, influencer):
    foreign_team = Team.objects.create(workspace=personas.other_workspace, name="Spies")
    client.force_login(personas.manager)  # reassigning is a manager's

    response = client.post(
        edit_url(influencer, "identity"),
        identity(owner=str(personas.outsider.public_id), team=str(foreign_team.public_id)),
        headers=HTMX,
    )

    assert response.status_code == 400
    influencer.refresh_from_db()
    assert influencer.owner is None and influencer.team is None


def test_a_member_changes_the_name_and_stage_but_not_the_owner_or_team(
    client, personas, influencer
):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    client.force_login(personas.member)
    form = client.get(edit_url(influencer, "identity")).content.decode()
    assert 'name="identity-owner"' in form and "A manager may reassign them." in form

    response = client.post(
        edit_url(influencer, "identity"),
        identity(
            name="Ana B. Bakes", owner=str(personas.member.public_id), team=str(team.public_id)
        ),
    )

    assert response.status_code == 302
    influencer.refresh_from_db()
    assert influencer.name == "Ana B. Bakes"
    assert influencer.owner is None and influencer.team is None


@pytest.mark.parametrize("htmx", [False, True])
def test_a_member_may_not_edit_another_teams_profile_nor_see_its_edit_buttons(
    client, personas, influencer, htmx
):
    team = Team.objects.create(workspace=personas.workspace, name="Digital marketing")
    Influencer.objects.filter(pk=influencer.pk).update(owner=personas.manager, team=team)
    client.force_login(personas.member)
    headers = HTMX if htmx else {}

    refused = client.post(edit_url(influencer, "story"), {"story-bio": "Hi"}, headers=headers)
    page = client.get(
        reverse("contacts:influencer-detail", args=["acme", influencer.public_id])
    ).content.decode()

    assert refused.status_code == 403
    influencer.refresh_from_db()
    assert influencer.bio == ""
    assert edit_url(influencer, "story") not in page
    assert edit_url(influencer, "identity") not in page
    assert ">Pitch</a>" in page  # anyone who writes may pitch anyone, through the guard
    assert 'name="dnc-reason"' in page  # and stop all contact


def test_topics_are_replaced_from_a_comma_separated_list(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        edit_url(influencer, "topics"), {"topics-topics": "sourdough, Travel ,  zero waste"}
    )

    assert response.status_code == 302
    assert sorted(influencer.topics.values_list("name", flat=True)) == [
        "Travel",
        "sourdough",
        "zero waste",
    ]


def test_emails_are_replaced_and_the_first_one_becomes_primary(client, personas, influencer):
    client.force_login(personas.member)

    client.post(
        edit_url(influencer, "emails"),
        {"emails-emails": "Ana.Pro@example.test\nana@example.test"},
        headers=HTMX,
    )

    rows = list(InfluencerEmail.objects.filter(influencer=influencer).order_by("-is_primary"))
    assert [(row.email, row.is_primary) for row in rows] == [
        ("ana.pro@example.test", True),
        ("ana@example.test", False),
    ]


def test_an_account_is_added_with_a_written_follower_count(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        edit_url(influencer, "accounts"),
        {
            "accounts-platform": "youtube",
            "accounts-handle": "https://www.youtube.com/@AnaBakesTV",
            "accounts-followers": "1.2M",
            "accounts-engagement_rate": "4.5",
            "accounts-url": "",
            "accounts-verified": "on",
        },
        headers=HTMX,
    )

    assert response.status_code == 200
    account = SocialAccount.objects.get(influencer=influencer, platform="youtube")
    assert (account.handle, account.followers, account.verified) == ("anabakestv", 1_200_000, True)
    influencer.refresh_from_db()
    assert influencer.total_followers == 1_212_000
    page = response.content.decode()
    assert "1.2M" in page
    # The trend chart follows the accounts, out of band.
    assert 'id="trend"' in page and 'hx-swap-oob="true"' in page


def test_unreadable_followers_keep_the_input(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        edit_url(influencer, "accounts"),
        {"accounts-platform": "tiktok", "accounts-handle": "ana", "accounts-followers": "lots"},
        headers=HTMX,
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Write the number of followers" in page and 'value="lots"' in page


def test_an_account_can_be_removed(client, personas, influencer):
    account = influencer.social_accounts.get()
    client.force_login(personas.member)
    delete = reverse(
        "contacts:influencer-account-delete",
        args=["acme", influencer.public_id, account.public_id],
    )

    response = client.post(delete, headers=HTMX)

    assert response.status_code == 200
    assert "<form" in response.content.decode()  # still editing the accounts
    assert not SocialAccount.objects.filter(pk=account.pk).exists()
    assert not MetricSnapshot.objects.filter(social_account_id=account.pk).exists()
    influencer.refresh_from_db()
    assert influencer.total_followers is None  # no account left: no count known, not 0


def test_another_influencers_account_cannot_be_removed_through_this_one(
    client, personas, influencer
):
    other = influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Bea",
        accounts=[{"platform": "tiktok", "handle": "bea"}],
    )
    account = other.social_accounts.get()
    client.force_login(personas.member)
    delete = reverse(
        "contacts:influencer-account-delete",
        args=["acme", influencer.public_id, account.public_id],
    )

    assert client.post(delete).status_code == 404
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_rates_are_added_updated_and_removed(client, personas, influencer):
    client.force_login(personas.member)
    data = {
        "rates-deliverable_type": "instagram_post",
        "rates-amount": "450",
        "rates-currency": "eur",
        "rates-notes": "Includes one story",
    }

    assert client.post(edit_url(influencer, "rates"), data, headers=HTMX).status_code == 200
    data["rates-amount"] = "500"
    response = client.post(edit_url(influencer, "rates"), data, headers=HTMX)

    rate = RateCard.objects.get(influencer=influencer)
    assert (rate.amount, rate.currency, rate.notes) == (Decimal("500"), "EUR", "Includes one story")
    assert "Instagram post" in response.content.decode()
    delete = reverse(
        "contacts:influencer-rate-delete", args=["acme", influencer.public_id, rate.public_id]
    )
    response = client.post(delete)
    assert response.status_code == 302
    assert response.url.endswith("/edit/rates/#rates")
    assert not RateCard.objects.exists()


def test_a_negative_rate_is_refused(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        edit_url(influencer, "rates"),
        {"rates-deliverable_type": "tiktok_video", "rates-amount": "-5", "rates-currency": "EUR"},
        headers=HTMX,
    )

    assert response.status_code == 400
    assert 'value="-5"' in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_viewer_may_not_edit(client, personas, influencer, method):
    client.force_login(personas.viewer)

    response = getattr(client, method)(edit_url(influencer, "story"), headers=HTMX)

    assert response.status_code == 403


def test_a_viewer_may_not_remove_a_rate(client, personas, influencer):
    rate = rate_card_save(influencer=influencer, deliverable_type="blog_post", amount=Decimal(90))
    client.force_login(personas.viewer)
    delete = reverse(
        "contacts:influencer-rate-delete", args=["acme", influencer.public_id, rate.public_id]
    )

    assert client.post(delete).status_code == 403
    assert RateCard.objects.filter(pk=rate.pk).exists()


def test_an_outsider_gets_404_even_for_a_valid_edit(client, personas, influencer):
    client.force_login(personas.outsider)

    response = client.post(edit_url(influencer, "identity"), identity(name="Hacked"))

    assert response.status_code == 404
    assert Influencer.objects.get(pk=influencer.pk).name == "Ana Bakes"


def test_an_unknown_section_answers_404(client, personas, influencer):
    client.force_login(personas.member)

    assert client.get(edit_url(influencer, "secrets")).status_code == 404
