"""The report page, its CSV export, share links (managers create and revoke them) and the public
read-only page behind one."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Moment, ReportShareLink, Stage
from irm.models import AuditAction, AuditEvent
from irm.services import secret_hash
from tests.campaigns.test_report import (
    collaborate,
    make_campaign,
    make_influencer,
    pay,
    publish,
)


@pytest.fixture
def campaign(personas):
    campaign = make_campaign(personas)
    ana = collaborate(campaign, make_influencer(personas, "Ana Rocha", 10_000), Stage.PUBLISHED)
    publish(
        ana,
        due_on=date(2026, 11, 10),
        published_at=datetime(2026, 11, 9, tzinfo=UTC),
        likes=400,
        comments=50,
        shares=30,
        saves=20,
        positive_comments=40,
        neutral_comments=10,
    )
    pay(ana, "500.00")
    Moment.objects.create(collaboration=ana, text="Readers asked where to buy.")
    # A name a spreadsheet would run as a formula.
    formula = collaborate(campaign, make_influencer(personas, '=HYPERLINK("x")', 1_000))
    pay(formula, "100.00", paid=False)
    return campaign


def report_url(personas, campaign, name="campaigns:report", **extra):
    return reverse(
        name, kwargs={"slug": personas.workspace.slug, "public_id": campaign.public_id, **extra}
    )


def create_link(client, personas, campaign, **data):
    client.force_login(personas.manager)
    return client.post(report_url(personas, campaign, "campaigns:report-share-create"), data)


def secret_in(response) -> str:
    match = re.search(r'value="http://testserver/r/([^/"]+)/"', response.content.decode())
    assert match, "the new link is shown"
    return match.group(1)


# --- the page ------------------------------------------------------------------------------


def test_it_is_a_404_to_an_outsider(client, personas, campaign):
    client.force_login(personas.outsider)

    assert client.get(report_url(personas, campaign)).status_code == 404
    assert client.get(report_url(personas, campaign, "campaigns:report-csv")).status_code == 404


def test_another_workspaces_campaign_is_a_404_inside_this_one(client, personas):
    theirs = make_campaign(personas, name="Theirs")
    theirs.workspace = personas.other_workspace
    theirs.save(update_fields=["workspace"])
    client.force_login(personas.viewer)

    assert client.get(report_url(personas, theirs)).status_code == 404


def test_a_viewer_reads_the_report_without_share_links(client, personas, campaign):
    ReportShareLink.objects.create(
        campaign=campaign,
        secret_hash=secret_hash("someone-elses"),
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(personas.viewer)

    response = client.get(report_url(personas, campaign))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Rocha" in page and "Readers asked where to buy." in page
    assert "<svg" in page and "The numbers behind the chart" in page
    assert "Share with a client" not in page and "Revoke" not in page


def test_an_htmx_read_is_the_whole_report_too(client, personas, campaign):
    client.force_login(personas.viewer)

    response = client.get(report_url(personas, campaign), headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "At a glance" in page and "Share with a client" not in page


def test_a_manager_sees_the_share_links_with_expiry_and_last_use(client, personas, campaign):
    ReportShareLink.objects.create(
        campaign=campaign,
        secret_hash=secret_hash("in-use"),
        expires_at=timezone.now() + timedelta(days=3),
        last_used_at=timezone.now(),
    )
    client.force_login(personas.manager)

    page = client.get(report_url(personas, campaign)).content.decode()

    assert "Share with a client" in page and "Revoke" in page and "active" in page


@pytest.mark.parametrize("persona", ["viewer", "member"])
def test_viewers_and_members_cannot_create_or_revoke_share_links(
    client, personas, campaign, persona
):
    link = ReportShareLink.objects.create(
        campaign=campaign,
        secret_hash=secret_hash("kept"),
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(getattr(personas, persona))

    created = client.post(
        report_url(personas, campaign, "campaigns:report-share-create"), {"expires_in_days": 7}
    )
    revoked = client.post(
        report_url(personas, campaign, "campaigns:report-share-revoke", link_id=link.public_id)
    )

    assert created.status_code == 403 and revoked.status_code == 403
    assert ReportShareLink.objects.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None


# --- CSV -----------------------------------------------------------------------------------


def test_the_csv_has_a_row_per_influencer_then_the_total(client, personas, campaign):
    client.force_login(personas.viewer)

    response = client.get(report_url(personas, campaign, "campaigns:report-csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="report-spring-trails-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert [row["influencer"] for row in rows] == ['\'=HYPERLINK("x")', "Ana Rocha", "Total"]
    ana, total = rows[1], rows[2]
    assert ana["engagement"] == "500" and ana["engagement rate %"] == "5.00"
    assert ana["comments per 1k followers"] == "5.00" and ana["positive %"] == "80.00"
    assert ana["paid"] == "500.00" and ana["cost per engagement"] == "1.00"
    assert ana["on time %"] == "100.00"
    assert rows[0]["engagement rate %"] == "0.00" and rows[0]["cost per engagement"] == ""
    assert total["cost"] == "600.00" and total["engagement"] == "500"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_the_csv_says_cannot_compare_without_an_exchange_rate(client, personas, campaign):
    ana = campaign.collaborations.get(influencer__name="Ana Rocha")
    pay(ana, "50.00", "CHF")
    client.force_login(personas.viewer)

    response = client.get(report_url(personas, campaign, "campaigns:report-csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[1]["cost"] == "cannot compare" and rows[1]["cost per engagement"] == (
        "cannot compare"
    )
    assert rows[2]["paid"] == "cannot compare"


# --- share links ---------------------------------------------------------------------------


def test_a_manager_creates_a_link_shown_once_and_kept_as_a_hash(client, personas, campaign):
    response = create_link(client, personas, campaign, expires_in_days=7)

    assert response.status_code == 200
    secret = secret_in(response)
    link = ReportShareLink.objects.get()
    assert link.secret_hash == secret_hash(secret) and secret not in link.secret_hash
    assert link.created_by == personas.manager
    assert abs(link.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    # Shown once: the page afterwards lists it without the secret.
    assert secret not in client.get(report_url(personas, campaign)).content.decode()


def test_an_empty_expiry_lasts_thirty_days(client, personas, campaign):
    create_link(client, personas, campaign)

    link = ReportShareLink.objects.get()
    assert abs(link.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


@pytest.mark.parametrize("days", [0, 181, "soon"])
def test_an_expiry_outside_one_to_180_days_is_refused(client, personas, campaign, days):
    response = create_link(client, personas, campaign, expires_in_days=days)

    assert response.status_code == 400
    assert not ReportShareLink.objects.exists()


def test_htmx_answers_with_the_share_links_region(client, personas, campaign):
    client.force_login(personas.manager)

    response = client.post(
        report_url(personas, campaign, "campaigns:report-share-create"),
        {"expires_in_days": 30},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="share-links"')
    assert "Copy this link now" in page and "<html" not in page


def test_the_shared_page_shows_the_report_read_only(client, personas, campaign):
    secret = secret_in(create_link(client, personas, campaign))
    client.logout()

    response = client.get(reverse("report-share:report", kwargs={"secret": secret}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Rocha" in page and "Readers asked where to buy." in page and "<svg" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # No way into the app: no navigation, no links but the stylesheets, no forms.
    assert "<nav" not in page and "<form" not in page
    assert re.findall(r'href="([^"]+)"', page) == [
        "/static/vendor/pico/pico.jade.min.css",
        "/static/css/app.css",
    ]
    assert ReportShareLink.objects.get().last_used_at is not None


def test_the_shared_page_leaks_no_other_campaign(client, personas, campaign):
    other = make_campaign(personas, name="Winter secrets")
    collaborate(other, make_influencer(personas, "Zed Hidden", 3_000), Stage.AGREED)
    Moment.objects.create(collaboration=other.collaborations.get(), text="An unannounced launch.")
    secret = secret_in(create_link(client, personas, campaign))
    client.logout()

    page = client.get(reverse("report-share:report", kwargs={"secret": secret})).content.decode()

    assert "Spring trails" in page
    for hidden in ("Winter secrets", "Zed Hidden", "An unannounced launch."):
        assert hidden not in page


def test_an_expired_link_is_a_kind_404(client, personas, campaign):
    secret = secret_in(create_link(client, personas, campaign, expires_in_days=1))
    client.logout()
    url = reverse("report-share:report", kwargs={"secret": secret})

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        response = client.get(url)

    assert response.status_code == 404
    assert "This report link does not work" in response.content.decode()
    assert "Ana Rocha" not in response.content.decode()
    assert ReportShareLink.objects.get().last_used_at is None


def test_a_revoked_link_is_a_404(client, personas, campaign):
    secret = secret_in(create_link(client, personas, campaign))
    link = ReportShareLink.objects.get()

    revoked = client.post(
        report_url(personas, campaign, "campaigns:report-share-revoke", link_id=link.public_id)
    )
    client.logout()

    assert revoked.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    response = client.get(reverse("report-share:report", kwargs={"secret": secret}))
    assert response.status_code == 404
    assert "This report link does not work" in response.content.decode()


def test_creating_and_revoking_a_link_are_audited_with_ids_only(client, personas, campaign):
    create_link(client, personas, campaign, expires_in_days=7)
    link = ReportShareLink.objects.get()
    revoke = report_url(personas, campaign, "campaigns:report-share-revoke", link_id=link.public_id)
    client.post(revoke)
    client.post(revoke)  # a second revoke changes nothing and records nothing

    events = AuditEvent.objects.filter(target_id=str(link.public_id)).order_by("created_at")
    assert [(e.action, e.actor, e.workspace) for e in events] == [
        (AuditAction.REPORT_LINK_CREATED, personas.manager, personas.workspace),
        (AuditAction.REPORT_LINK_REVOKED, personas.manager, personas.workspace),
    ]
    assert events[0].data == {"campaign": str(campaign.public_id), "days": 7}


def test_an_unknown_link_is_a_404_even_signed_in(client, personas, campaign):
    client.force_login(personas.admin)

    response = client.get(reverse("report-share:report", kwargs={"secret": "made-up"}))

    assert response.status_code == 404
    assert "This report link does not work" in response.content.decode()


def test_a_link_of_another_campaign_cannot_be_revoked_through_this_one(client, personas, campaign):
    other = make_campaign(personas, name="Winter")
    link = ReportShareLink.objects.create(
        campaign=other,
        secret_hash=secret_hash("other"),
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(personas.manager)

    response = client.post(
        report_url(personas, campaign, "campaigns:report-share-revoke", link_id=link.public_id)
    )

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_report_page_works_for_an_empty_campaign(client, personas):
    campaign = make_campaign(personas, budget=Decimal("1000"))
    client.force_login(personas.viewer)

    page = client.get(report_url(personas, campaign)).content.decode()

    assert "Nobody has agreed to this campaign yet" in page
    assert "No engagement recorded yet." in page
