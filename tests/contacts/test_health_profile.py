"""The profile's health panel (band, score, override, reasons, components, 90-day trend) and a
manager's override set and cleared from it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.health.compute import health_day
from contacts.health.services import health_override_set
from contacts.models import HealthBand, HealthSnapshot, Influencer
from contacts.services.profiles import influencer_create
from irm.models import AuditAction, AuditEvent
from tests.contacts.api_client import globex_influencer

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
REASONS = [
    {"code": "unanswered", "count": 3},
    {"code": "waiting", "since": "2026-11-12T10:00:00+00:00", "count": 1},
    {"code": "campaigns", "count": 2},
]
COMPUTED_AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def profile_url(influencer) -> str:
    return reverse("contacts:influencer-detail", args=["acme", influencer.public_id])


def override_url(influencer, clear: bool = False) -> str:
    name = "contacts:influencer-health-override" + ("-clear" if clear else "")
    return reverse(name, args=["acme", influencer.public_id])


def health_section(page: str) -> str:
    return page.split('<section id="health"')[1].split("</section>")[0]


@pytest.fixture
def ana(personas) -> Influencer:
    return influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ana Bakes")


def computed(influencer: Influencer, days: int, *, score: int = 48) -> Influencer:
    """Health as the computation leaves it: the current values on the row and one snapshot a
    day, the newest today, scores climbing by one a day (from 0) up to `score`."""
    today = health_day(timezone.now())
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(
            workspace=influencer.workspace,
            influencer=influencer,
            day=today - timedelta(days=back),
            score=max(score - back, 0),
            band=HealthBand.COOLING,
            computed_band=HealthBand.COOLING,
            recency=10,
            reciprocity=25,
            respect=70,
            owed=40,
            depth=30,
            sentiment=60,
            computed_at=COMPUTED_AT,
        )
        for back in range(days)
    )
    Influencer.objects.filter(pk=influencer.pk).update(
        health_score=score,
        health_band=HealthBand.COOLING,
        health_reasons=REASONS,
        health_computed_at=COMPUTED_AT,
    )
    influencer.refresh_from_db()
    return influencer


# --- the panel --------------------------------------------------------------------------------


def test_someone_never_computed_shows_new_and_when_health_appears(client, personas, ana):
    client.force_login(personas.viewer)

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert '<span class="band band-new">New</span>' in panel
    assert "health appears after the first two-way contact with Ana Bakes" in panel
    assert "or after the next nightly run" in panel
    assert "health-score" not in panel and "<meter" not in panel
    how = reverse("contacts:health-how", kwargs={"slug": "acme"})
    assert f'<a href="{how}">How health is computed</a>' in panel


def test_it_shows_band_score_reasons_and_components(client, personas, ana):
    computed(ana, days=3)
    client.force_login(personas.viewer)

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert '<span class="band band-cooling">Cooling</span>' in panel
    assert '<span class="health-score">48<small class="muted">/100</small></span>' in panel
    # Concerns and strengths are told apart, in words and with the name.
    concern = '<li class="reason-concern"><span class="visually-hidden">Concern: </span>'
    strength = '<li class="reason-strength"><span class="visually-hidden">Strength: </span>'
    assert f"{concern}No reply to your last 3 messages</li>" in panel
    assert f"{concern}Ana Bakes wrote on 12 Nov and is still waiting</li>" in panel
    assert f"{strength}Two campaigns together this year</li>" in panel
    # Six bars with their label and question, from the newest snapshot.
    assert panel.count("<meter") == 6
    assert 'title="Do they answer, and do they come to us?">Reciprocity</label>' in panel
    assert 'id="health-reciprocity" min="0" max="100"' in panel and 'value="25"' in panel
    assert "Are they waiting on us?" in panel
    assert "What we owe them" in panel and "Partnership depth" in panel


def test_computed_at_reads_in_the_viewers_time_zone(client, personas, ana):
    computed(ana, days=1)
    personas.viewer.time_zone = "Asia/Tokyo"
    personas.viewer.save(update_fields=["time_zone"])
    client.force_login(personas.viewer)

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert "20 Nov 2026, 21:00 JST" in panel


def test_the_trend_draws_90_days_with_a_table_and_a_sentence(client, personas, ana):
    computed(ana, days=120, score=100)
    client.force_login(personas.viewer)

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert '<svg viewBox="0 0 300 64" role="img"' in panel
    assert "Health score of Ana Bakes over the last 90 days" in panel
    points = panel.split('<polyline class="line" points="')[1].split('"')[0].split()
    assert len(points) == 90
    # Older days are outside the window; the table lists the same 90 days.
    assert panel.count('<tr><th scope="row">') == 90
    first_day = health_day(timezone.now()) - timedelta(days=89)
    assert f"Up 89 points since {first_day:%-d %b} (11 → 100)." in panel
    # Band floors are drawn as thresholds.
    assert panel.count('<line class="floor"') == 3


def test_one_day_of_history_says_the_trend_comes_later(client, personas, ana):
    computed(ana, days=1)
    client.force_login(personas.viewer)

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert "The trend appears once health has been computed on two different days." in panel


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_the_panel_costs_the_same_queries_with_0_and_90_days_of_history(
    client, personas, ana, role
):
    client.force_login(getattr(personas, role))
    with CaptureQueriesContext(connection) as empty:
        assert client.get(profile_url(ana)).status_code == 200

    computed(ana, days=90)
    health_override_set(
        influencer=ana,
        band=HealthBand.AT_RISK,
        reason="Their agent complained",
        until=health_day(timezone.now()) + timedelta(days=5),
        actor=personas.manager,
    )
    with CaptureQueriesContext(connection) as full:
        page = client.get(profile_url(ana)).content.decode()

    assert len(full.captured_queries) == len(empty.captured_queries)
    assert health_section(page).count('<tr><th scope="row">') == 90


def test_an_active_override_says_which_band_why_who_and_until(client, personas, ana):
    until = health_day(timezone.now()) + timedelta(days=10)
    health_override_set(
        influencer=ana,
        band=HealthBand.AT_RISK,
        reason="Their agent complained",
        until=until,
        actor=personas.manager,
    )
    client.force_login(personas.viewer)

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert '<span class="band band-at_risk">At risk</span>' in panel
    assert f"Set to At risk by Manager Person</strong>, until {until:%-d %b %Y}" in panel
    assert "“Their agent complained”" in panel
    # The computation's own band is still told.
    assert "without the override it would be New" in panel
    # A viewer reads it and gets no form.
    assert "Clear the override" not in panel and "Set the override" not in panel


def test_an_expired_override_is_shown_as_expired(client, personas, ana):
    yesterday = health_day(timezone.now()) - timedelta(days=1)
    Influencer.objects.filter(pk=ana.pk).update(
        health_override_band=HealthBand.THRIVING,
        health_override_reason="Launch week",
        health_override_until=yesterday,
        health_override_by=personas.manager,
        health_override_at=timezone.now() - timedelta(days=8),
    )
    client.force_login(personas.manager)

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert 'class="health-override is-expired"' in panel
    assert f"Override expired</strong> on {yesterday:%-d %b %Y}" in panel
    assert "Manager Person had set Thriving (“Launch week”)" in panel
    assert "Clear the override" in panel
    assert "<summary>Override the band</summary>" in panel


@pytest.mark.parametrize("role", ["viewer", "member"])
def test_viewers_and_members_get_no_override_form(client, personas, ana, role):
    client.force_login(getattr(personas, role))

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert override_url(ana) not in panel


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_get_the_override_form(client, personas, ana, role):
    client.force_login(getattr(personas, role))

    panel = health_section(client.get(profile_url(ana)).content.decode())

    assert f'hx-post="{override_url(ana)}"' in panel
    assert '<option value="at_risk">At risk</option>' in panel
    assert '<option value="new">' not in panel
    assert 'name="override-until"' in panel and 'name="override-reason"' in panel


# --- setting and clearing an override ---------------------------------------------------------


def posted(band="at_risk", reason="Their agent complained", days=10) -> dict:
    until = health_day(timezone.now()) + timedelta(days=days)
    return {"override-band": band, "override-reason": reason, "override-until": f"{until}"}


def test_a_manager_sets_an_override_with_htmx_and_gets_the_panel(client, personas, ana):
    client.force_login(personas.manager)

    response = client.post(override_url(ana), posted(), **HX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert '<span class="band band-at_risk">At risk</span>' in page
    assert 'class="saved-note" role="status">Shown as At risk until' in page
    ana.refresh_from_db()
    assert ana.health_band == HealthBand.AT_RISK
    assert ana.health_override_reason == "Their agent complained"
    assert ana.health_override_by == personas.manager
    event = AuditEvent.objects.get(action=AuditAction.HEALTH_OVERRIDE_SET)
    assert event.actor == personas.manager


def test_without_htmx_setting_redirects_to_the_panel(client, personas, ana):
    client.force_login(personas.admin)

    response = client.post(override_url(ana), posted(band="thriving"))

    assert response.status_code == 302
    assert response["Location"] == profile_url(ana) + "#health"
    ana.refresh_from_db()
    assert ana.health_band == HealthBand.THRIVING


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (posted(reason="   "), "reason", "Say why, so the team understands the override."),
        (posted(band=""), "band", "Choose a band: thriving, healthy, cooling, at risk, dormant."),
        (posted(band="new"), "band", "Choose a band: thriving"),
        (posted(days=-1), "until", "The override must last until today or later."),
        (posted(days=400), "until", "An override lasts a year at most."),
        ({**posted(), "override-until": "next week"}, "until", "Enter a date, e.g. 2026-12-31."),
        ({**posted(), "override-until": ""}, "until", "Choose the last day the override counts."),
    ],
)
def test_bad_input_is_explained_inline_and_the_input_kept(
    client, personas, ana, data, field, message
):
    client.force_login(personas.manager)

    response = client.post(override_url(ana), data, **HX)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" not in page
    assert message in page
    assert '<details class="health-override-set" open>' in page
    # What was typed is still there to correct.
    if data["override-reason"].strip():
        assert data["override-reason"] in page
    if data["override-until"]:
        assert f'value="{data["override-until"]}"' in page
    if data["override-band"] in {"at_risk", "thriving"}:
        assert f'<option value="{data["override-band"]}" selected>' in page
    assert field in response.context["override_form"].errors
    ana.refresh_from_db()
    assert ana.health_override_band == ""
    assert not AuditEvent.objects.filter(action=AuditAction.HEALTH_OVERRIDE_SET).exists()


def test_bad_input_without_htmx_shows_the_whole_profile_with_the_form_open(client, personas, ana):
    client.force_login(personas.manager)

    response = client.post(override_url(ana), posted(reason=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page and "Say why, so the team understands the override." in page


def test_a_manager_clears_an_override(client, personas, ana):
    health_override_set(
        influencer=ana,
        band=HealthBand.THRIVING,
        reason="Launch week",
        until=health_day(timezone.now()) + timedelta(days=3),
        actor=personas.manager,
    )
    client.force_login(personas.manager)

    response = client.post(override_url(ana, clear=True), **HX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Override cleared: the computed band applies." in page
    assert "Launch week" not in page
    ana.refresh_from_db()
    assert ana.health_override_band == "" and ana.health_band == HealthBand.NEW
    assert AuditEvent.objects.filter(action=AuditAction.HEALTH_OVERRIDE_CLEARED).count() == 1

    plain = client.post(override_url(ana, clear=True))
    assert plain.status_code == 302 and plain["Location"] == profile_url(ana) + "#health"


@pytest.mark.parametrize("role", ["viewer", "member"])
@pytest.mark.parametrize("clear", [False, True])
def test_viewers_and_members_may_not_override(client, personas, ana, role, clear):
    client.force_login(getattr(personas, role))

    response = client.post(override_url(ana, clear=clear), posted(), **HX)

    assert response.status_code == 403
    ana.refresh_from_db()
    assert ana.health_override_band == ""


@pytest.mark.parametrize("clear", [False, True])
def test_another_workspaces_influencer_is_not_found(client, personas, clear):
    theirs = globex_influencer(personas)
    client.force_login(personas.manager)

    response = client.post(override_url(theirs, clear=clear), posted(), **HX)

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.health_override_band == ""


def test_an_outsider_is_not_found(client, personas, ana):
    client.force_login(personas.outsider)

    assert client.post(override_url(ana), posted()).status_code == 404
