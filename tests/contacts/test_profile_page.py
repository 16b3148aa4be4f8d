from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contacts.models import MetricSnapshot, Platform
from contacts.services.channels import channel_permission_set, do_not_contact_set
from contacts.services.profiles import influencer_create, rate_card_save, social_account_save
from irm.models import Team

HTMX = {"HX-Request": "true"}


def make_influencer(personas, **extra):
    values = {
        "name": "Zoë Saldaña",
        "emails": ["zoe@example.test", "zoe.work@example.test"],
        "accounts": [
            {
                "platform": "instagram",
                "handle": "@Zoe.Bakes",
                "followers": 1_200_000,
                "engagement_rate": Decimal("3.40"),
            }
        ],
        "topics": ["vegan baking", "travel"],
        "pronouns": "she/her",
        "bio": "Bakes <b>bread</b> at dawn",
        "time_zone": "America/New_York",
        "languages": ["en", "es"],
        "country": "US",
        "location": "Brooklyn",
        "owner": personas.member,
    }
    values.update(extra)
    return influencer_create(workspace=personas.workspace, actor=personas.admin, **values)


def url(influencer, slug="acme"):
    return reverse("contacts:influencer-detail", args=[slug, influencer.public_id])


def test_it_shows_who_they_are_to_a_viewer(client, personas):
    influencer = make_influencer(personas)
    client.force_login(personas.viewer)

    response = client.get(url(influencer))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Zoë Saldaña" in page
    assert "she/her" in page
    assert "Prospect" in page
    assert "Member Person" in page  # the owner
    assert "vegan baking" in page and "travel" in page
    assert "1.2M" in page  # followers, humanized
    assert 'href="https://www.instagram.com/zoe.bakes/"' in page
    assert "3.4%" in page  # engagement, one decimal as everywhere it is shown
    assert "America/New_York" in page
    # Primary email first.
    assert page.index("zoe@example.test") < page.index("zoe.work@example.test")
    # User text is escaped.
    assert "Bakes &lt;b&gt;bread&lt;/b&gt;" in page
    # A viewer reads, and gets no way to write.
    assert "/edit/" not in page
    assert "Record channel" not in page
    assert "Mark as do not contact" not in page


def test_a_member_gets_edit_buttons_and_the_respect_forms(client, personas):
    influencer = make_influencer(personas)
    client.force_login(personas.member)

    page = client.get(url(influencer)).content.decode()

    for section in ("identity", "story", "details", "preferences", "topics", "emails"):
        assert f"/edit/{section}/" in page
    assert "/edit/accounts/" in page and "/edit/rates/" in page
    assert "Record channel" in page
    assert "Mark as do not contact" in page
    assert "Clear do-not-contact" not in page


def test_the_do_not_contact_banner_says_why_since_when_and_who(client, personas):
    influencer = make_influencer(personas)
    do_not_contact_set(
        influencer=influencer,
        reason="Asked us to stop on 3 March",
        actor=personas.manager,
        now=timezone.now() - timedelta(days=3),
    )
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    assert "dnc-banner" in page
    assert "Asked us to stop on 3 March" in page
    assert "set by Manager Person" in page
    # Only an admin sees how to lift it.
    assert "Clear do-not-contact" not in page
    client.force_login(personas.admin)
    assert "Clear do-not-contact" in client.get(url(influencer)).content.decode()


def test_their_local_time_is_shown_in_their_time_zone(client, personas):
    influencer = make_influencer(personas, time_zone="Asia/Tokyo")
    client.force_login(personas.viewer)  # a Paris viewer

    with time_machine.travel(datetime(2026, 1, 15, 9, 30, tzinfo=timezone.get_fixed_timezone(0))):
        page = client.get(url(influencer)).content.decode()

    # 09:30 UTC is 18:30 in Tokyo, 8 hours ahead of Paris in winter.
    assert "Thu 18:30" in page
    assert "8 h ahead of you" in page


def test_a_guessed_time_zone_says_so_and_a_zone_set_by_hand_does_not(client, personas):
    guessed = make_influencer(
        personas, name="Yuki Tanaka", location="Osaka", country="JP", time_zone="Asia/Tokyo",
        time_zone_guessed=True, emails=[], accounts=[],
    )  # fmt: skip
    set_by_hand = make_influencer(personas, time_zone="Asia/Tokyo")
    client.force_login(personas.member)

    page = client.get(url(guessed)).content.decode()
    other = client.get(url(set_by_hand)).content.decode()

    assert "Time zone guessed from Osaka, JP at import: edit the details to set it." in page
    assert "Time zone guessed" not in other


def test_unknown_follower_counts_read_unknown_and_the_total_counts_the_known(client, personas):
    influencer = make_influencer(
        personas,
        accounts=[
            {"platform": "instagram", "handle": "zoe.bakes", "followers": 4_700},
            {"platform": "tiktok", "handle": "zoetok"},
        ],
    )
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    assert '<span class="muted" title="Followers not known">unknown</span>' in page
    assert '<data value="4700">4.7K</data> <small class="muted">(1 not known)</small>' in page


def test_the_open_door_ledger_lists_channels_with_evidence(client, personas):
    influencer = make_influencer(personas)
    channel_permission_set(
        influencer=influencer,
        channel="email",
        is_open=True,
        evidence="They emailed us first",
        actor=personas.member,
    )
    channel_permission_set(
        influencer=influencer,
        channel="whatsapp",
        is_open=False,
        evidence="Asked us to use email only",
        actor=personas.admin,
    )
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    assert "They emailed us first" in page and "door-open" in page
    assert "Asked us to use email only" in page and "door-closed" in page
    assert "Member Person" in page and "Alice Admin" in page


def test_a_channel_recorded_by_an_account_deleted_since_shows_a_dash(client, personas):
    influencer = make_influencer(personas)
    channel_permission_set(
        influencer=influencer,
        channel="email",
        is_open=True,
        evidence="They emailed us first",
        actor=personas.member,
    )
    personas.member.delete()
    client.force_login(personas.viewer)

    response = client.get(url(influencer))

    assert response.status_code == 200
    assert "They emailed us first</td>\n      <td>—</td>" in response.content.decode()


def test_the_rate_card_and_preferences_are_shown(client, personas):
    influencer = make_influencer(personas, keep_in_touch_days=45)
    rate_card_save(
        influencer=influencer, deliverable_type="instagram_reel", amount=Decimal("1500.00")
    )
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    assert "Instagram reel" in page and "1,500 EUR" in page
    assert "Every 45 days" in page


def test_without_a_cadence_it_shows_the_workspace_default_for_their_stage(client, personas):
    influencer = make_influencer(personas, stage="engaged")
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    assert "Every 60 days" in page
    assert "cadence for engaged" in page


@time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=timezone.get_fixed_timezone(0)))
def test_the_trend_chart_is_an_accessible_svg_with_a_summary_and_a_table(client, personas):
    influencer = make_influencer(personas)
    account = influencer.social_accounts.get()
    # The last 90 days end today in the workspace's time zone (Paris: already 11 March).
    today = timezone.localdate(timezone.now(), personas.workspace.zone)
    MetricSnapshot.objects.filter(social_account=account).delete()
    for days_ago, followers in ((90, 1_000_000), (45, 1_050_000), (0, 1_120_000)):
        MetricSnapshot.objects.create(
            social_account=account,
            captured_on=today - timedelta(days=days_ago),
            followers=followers,
            engagement_rate=Decimal("3.10"),
        )
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    assert '<svg viewBox="0 0 640 180" role="img"' in page
    assert "<polyline" in page
    assert "+12% in 90 days" in page
    assert "The numbers behind the chart" in page
    assert "<td>1050000</td>" in page
    assert "cdn" not in page.lower()


def test_the_accounts_table_and_the_trend_show_the_same_engagement_rate(client, personas):
    influencer = make_influencer(personas)
    account = influencer.social_accounts.get()
    today = timezone.localdate(timezone.now(), personas.workspace.zone)
    MetricSnapshot.objects.create(
        social_account=account,
        captured_on=today - timedelta(days=30),
        followers=1_100_000,
        engagement_rate=Decimal("3.15"),
    )
    social_account_save(
        influencer=influencer,
        platform=account.platform,
        handle=account.handle,
        engagement_rate=Decimal("4.25"),
    )
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    table = page[page.index('<table class="accounts-table">') :]
    assert "<td>4.3%</td>" in table[: table.index("</table>")]  # the accounts table
    assert "Engagement rate 3.2% → 4.3%" in page  # the trend's summary
    assert "<title>4.3%</title>" in page  # the trend's last dot
    assert "4.25%" not in page and "4.2%" not in page


# 18:00 on 17 Nov in Los Angeles is already 18 Nov in UTC, the day snapshots are kept by.
@time_machine.travel(datetime(2026, 11, 18, 2, 0, tzinfo=timezone.get_fixed_timezone(0)))
def test_the_trend_ends_on_todays_numbers_in_a_workspace_behind_utc(client, personas):
    personas.workspace.time_zone = "America/Los_Angeles"
    personas.workspace.save(update_fields=["time_zone"])
    influencer = make_influencer(personas)
    account = influencer.social_accounts.get()
    account.snapshots.update(captured_on=datetime(2026, 10, 18).date())
    social_account_save(
        influencer=influencer,
        platform=account.platform,
        handle=account.handle,
        engagement_rate=Decimal("4.25"),
    )
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    table = page[page.index('<table class="accounts-table">') :]
    assert "<td>4.3%</td>" in table[: table.index("</table>")]
    assert "Engagement rate 3.4% → 4.3%" in page
    assert "<title>4.3%</title>" in page


def test_the_trend_waits_for_two_days_of_numbers(client, personas):
    influencer = make_influencer(personas)
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()

    assert "Not enough history for a trend yet" in page
    assert "<polyline" not in page


def test_another_account_trend_comes_as_a_partial_with_htmx(client, personas):
    influencer = make_influencer(personas)
    other = social_account_save(
        influencer=influencer, platform=Platform.TIKTOK, handle="zoe.tok", followers=5000
    )
    client.force_login(personas.viewer)

    response = client.get(
        url(influencer) + f"?trend={other.public_id}", headers={**HTMX, "HX-Target": "trend"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "TikTok @zoe.tok</strong>" in page
    # Without htmx the same link is the whole page with that account's trend.
    full = client.get(url(influencer) + f"?trend={other.public_id}").content.decode()
    assert "<html" in full and "TikTok @zoe.tok</strong>" in full


def test_the_timeline_loads_into_the_profile_and_has_a_plain_link(client, personas):
    influencer = make_influencer(personas)
    client.force_login(personas.viewer)

    page = client.get(url(influencer)).content.decode()
    timeline = reverse("contacts:timeline", args=["acme", influencer.public_id])

    assert '<section id="timeline"' in page
    assert f'hx-get="{timeline}"' in page
    assert 'hx-trigger="load' in page
    assert f'<a href="{timeline}">Open the timeline</a>' in page


def test_another_workspaces_influencer_answers_404(client, personas):
    influencer = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Secret Person"
    )
    client.force_login(personas.admin)

    assert client.get(url(influencer)).status_code == 404
    assert client.get(url(influencer), headers=HTMX).status_code == 404


def test_an_outsider_gets_404(client, personas):
    influencer = make_influencer(personas)
    client.force_login(personas.outsider)

    assert client.get(url(influencer)).status_code == 404


def test_an_erased_influencer_answers_404(client, personas):
    influencer = make_influencer(personas)
    influencer.erased_at = timezone.now()
    influencer.save(update_fields=["erased_at"])
    client.force_login(personas.admin)

    assert client.get(url(influencer)).status_code == 404


def test_a_section_read_view_comes_alone_with_htmx_and_as_the_page_without(client, personas):
    influencer = make_influencer(personas)
    client.force_login(personas.viewer)
    section = reverse("contacts:influencer-section", args=["acme", influencer.public_id, "story"])

    partial = client.get(section, headers=HTMX)
    full = client.get(section)

    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert 'id="story-heading"' in partial.content.decode()
    assert full.status_code == 200 and "<html" in full.content.decode()
    unknown = reverse("contacts:influencer-section", args=["acme", influencer.public_id, "nope"])
    assert client.get(unknown).status_code == 404


@pytest.mark.parametrize("size", [10, 200])
def test_its_query_count_does_not_grow_with_accounts_rates_and_channels(
    client, personas, django_assert_num_queries, size
):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    influencer = make_influencer(personas, team=team)
    do_not_contact_set(influencer=influencer, reason="Asked us to stop", actor=personas.member)
    today = timezone.localdate(timezone.now(), personas.workspace.zone)
    platforms = list(Platform.values)
    deliverables = ["instagram_post", "instagram_reel", "tiktok_video"]
    channels = ["email", "instagram_dm", "phone"]
    for index in range(size):
        account = social_account_save(
            influencer=influencer,
            platform=platforms[index % len(platforms)],
            handle=f"zoe{index}",
            followers=1000 + index,
            engagement_rate=Decimal("2.50"),
        )
        MetricSnapshot.objects.create(
            social_account=account,
            captured_on=today - timedelta(days=30),
            followers=900 + index,
            engagement_rate=Decimal("2.00"),
        )
        rate_card_save(
            influencer=influencer,
            deliverable_type=deliverables[index % 3],
            amount=Decimal(100 + index),
            currency=f"E{chr(65 + index // 26)}{chr(65 + index % 26)}",
        )
        channel_permission_set(
            influencer=influencer,
            channel=channels[index % 3],
            is_open=True,
            evidence=f"Evidence {index}",
            actor=personas.member,
        )
    client.force_login(personas.member)

    # session, user, membership, influencer (+owner, team, do-not-contact author), emails,
    # topics, accounts, their snapshots, rates, channels (+recorded by), workspace policy,
    # health snapshots
    with django_assert_num_queries(12):
        assert client.get(url(influencer)).status_code == 200
