"""The profile's health panel in the browser: a manager overrides the band in place, a mistake
is explained next to the field with the input kept, and the override is cleared again."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.health.weights import health_day
from contacts.models import HealthBand, HealthSnapshot, Influencer
from contacts.services import influencer_create
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_manager_overrides_the_band_and_clears_it(live_server, page, personas):
    ana = influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ana Bakes")
    today = health_day(timezone.now())
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(
            workspace=personas.workspace,
            influencer=ana,
            day=today - timedelta(days=back),
            score=70 - back // 2,
            band=HealthBand.HEALTHY,
            computed_band=HealthBand.HEALTHY,
            recency=80,
            reciprocity=55,
            respect=100,
            owed=60,
            depth=30,
            sentiment=60,
            computed_at=timezone.now(),
        )
        for back in range(60)
    )
    Influencer.objects.filter(pk=ana.pk).update(
        health_score=70,
        health_band=HealthBand.HEALTHY,
        health_reasons=[{"code": "unanswered", "count": 2}, {"code": "campaigns", "count": 1}],
        health_computed_at=timezone.now(),
    )
    sign_in(page, live_server.url, "manager@acme.test")
    page.goto(f"{live_server.url}/w/acme/influencers/{ana.public_id}/")

    panel = page.locator("#health")
    expect(panel.locator(".band")).to_have_text("Healthy")
    expect(panel).to_contain_text("No reply to your last 2 messages")
    expect(panel.locator("meter")).to_have_count(6)
    expect(panel.locator("polyline")).to_have_count(1)

    panel.get_by_text("Override the band").click()
    panel.get_by_label("Band to show").select_option("at_risk")
    panel.get_by_label("Until (included)").fill(f"{today + timedelta(days=7)}")
    panel.get_by_role("button", name="Set the override").click()
    expect(panel).to_contain_text("Say why, so the team understands the override.")
    expect(panel.get_by_label("Band to show")).to_have_value("at_risk")

    panel.get_by_label("Why?").fill("Their agent complained about the last brief")
    panel.get_by_role("button", name="Set the override").click()
    expect(panel.locator(".health-head .band")).to_have_text("At risk")
    expect(panel).to_contain_text("Set to At risk by Manager Person")

    panel.get_by_role("button", name="Clear the override").click()
    expect(panel).to_contain_text("Override cleared: the computed band applies.")
    expect(panel).not_to_contain_text("Their agent complained")
