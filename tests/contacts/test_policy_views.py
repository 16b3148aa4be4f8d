"""The contact policy pages: everyone reads, admins change; one person's rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.facts import contact_policy_effective
from contacts.models import ContactPolicy
from contacts.services.policy import contact_policy_override_save
from tests.factories import InfluencerFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}

VALID = {
    "cooldown_days": "10",
    "max_follow_ups": "1",
    "follow_up_delay_days": "4",
    "quiet_hours_start": "21:00",
    "quiet_hours_end": "07:30",
    "no_weekends": "on",
    "team_cap_per_30_days": "2",
    "decline_memory_amount": "12",
    "decline_memory_unit": "months",
    "personalization_required": "on",
    "keep_in_touch_prospect": "100",
    "keep_in_touch_aware": "80",
    "keep_in_touch_engaged": "50",
    "keep_in_touch_collaborating": "40",
    "keep_in_touch_ambassador": "20",
}


def url(slug="acme"):
    return reverse("contacts:policy", kwargs={"slug": slug})


def override_url(influencer):
    return reverse(
        "contacts:policy-override",
        kwargs={"slug": influencer.workspace.slug, "public_id": influencer.public_id},
    )


def test_an_admin_sees_the_form_with_the_defaults(client, personas):
    client.force_login(personas.admin)

    response = client.get(url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html and 'name="cooldown_days"' in html
    assert 'value="7"' in html and "Rapport&#x27;s default: 7." in html
    assert "Rapport&#x27;s default: 6 months." in html
    assert 'aria-current="page">Contact policy</a>' in html


def test_a_viewer_reads_the_policy_without_a_form(client, personas):
    client.force_login(personas.viewer)

    response = client.get(url())

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="cooldown_days"' not in html
    assert "Only admins change the contact policy." in html
    assert "6 months" in html and "Ambassador" in html


def test_htmx_gets_the_panel_only(client, personas):
    client.force_login(personas.viewer)

    response = client.get(url(), **HX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="policy-panel"')
    assert "<html" not in html


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_an_admin_saves_the_policy(client, personas, headers):
    ana = InfluencerFactory(workspace=personas.workspace, stage="ambassador")
    client.force_login(personas.admin)

    response = client.post(url(), VALID, **headers)

    if headers:
        assert response.status_code == 200
        assert "The contact policy is saved" in response.content.decode()
    else:
        assert response.status_code == 302 and response["Location"] == url()
    effective = contact_policy_effective(influencer=ana)
    assert effective.cooldown_days == 10
    assert effective.decline_memory_days == 366
    assert effective.keep_in_touch_days == 20
    assert effective.quiet_hours_end.strftime("%H:%M") == "07:30"


def test_bad_values_are_a_400_with_the_form(client, personas):
    client.force_login(personas.admin)

    response = client.post(url(), {**VALID, "team_cap_per_30_days": "0", "cooldown_days": "x"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert not ContactPolicy.objects.exists()


def test_a_decline_memory_too_long_is_refused_by_the_rule(client, personas):
    client.force_login(personas.admin)

    response = client.post(url(), {**VALID, "decline_memory_amount": "200"})

    assert response.status_code == 400
    assert "Choose between 0 and 3650 days." in response.content.decode()


@pytest.mark.parametrize("persona", ["viewer", "member", "manager"])
def test_only_admins_save(client, personas, persona):
    client.force_login(getattr(personas, persona))

    response = client.post(url(), VALID)

    assert response.status_code == 403
    assert not ContactPolicy.objects.exists()


def test_an_outsider_gets_a_404(client, personas):
    client.force_login(personas.outsider)

    assert client.get(url()).status_code == 404


def test_the_page_lists_overrides_in_the_same_queries_for_3_and_30(client, personas):
    client.force_login(personas.viewer)

    def page_with(total: int) -> tuple[int, str]:
        while ContactPolicy.objects.filter(influencer__isnull=False).count() < total:
            person = InfluencerFactory(workspace=personas.workspace)
            contact_policy_override_save(influencer=person, values={"no_weekends": False})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url())
        assert response.status_code == 200
        return len(queries), response.content.decode()

    three_queries, three = page_with(3)
    thirty_queries, thirty = page_with(30)

    assert three_queries == thirty_queries
    assert three.count("No contact at weekends: no") == 3
    assert thirty.count("No contact at weekends: no") == 30


# --- one person's rules ------------------------------------------------------------------------


def test_an_admin_sets_one_persons_rules(client, personas):
    ana = InfluencerFactory(workspace=personas.workspace, name="Ana Bakes")
    client.force_login(personas.admin)

    page = client.get(override_url(ana))
    response = client.post(
        override_url(ana), {"cooldown_days": "21", "no_weekends": "no", "decline_memory_unit": ""}
    )

    assert page.status_code == 200 and "Contact rules for" in page.content.decode()
    assert response.status_code == 302
    row = ContactPolicy.objects.get(influencer=ana)
    assert row.cooldown_days == 21 and row.no_weekends is False
    assert row.team_cap_per_30_days is None
    listing = client.get(url()).content.decode()
    assert "Ana Bakes" in listing and "Days between two contacts: 21" in listing


def test_half_quiet_hours_are_a_400(client, personas):
    ana = InfluencerFactory(workspace=personas.workspace)
    client.force_login(personas.admin)

    response = client.post(override_url(ana), {"quiet_hours_start": "18:00"}, **HX)

    assert response.status_code == 400
    assert "Give both the start and the end" in response.content.decode()
    assert not ContactPolicy.objects.exists()


def test_an_admin_clears_one_persons_rules(client, personas):
    ana = InfluencerFactory(workspace=personas.workspace)
    contact_policy_override_save(influencer=ana, values={"cooldown_days": 30})
    client.force_login(personas.admin)

    response = client.post(override_url(ana), {"action": "clear"}, **HX)

    assert response.status_code == 200
    assert "follows the workspace" in response.content.decode()
    assert not ContactPolicy.objects.filter(influencer=ana).exists()


def test_a_viewer_reads_one_persons_rules_but_may_not_change_them(client, personas):
    ana = InfluencerFactory(workspace=personas.workspace)
    contact_policy_override_save(influencer=ana, values={"cooldown_days": 30})
    client.force_login(personas.viewer)

    page = client.get(override_url(ana))
    post = client.post(override_url(ana), {"action": "clear"})

    assert page.status_code == 200
    assert "30" in page.content.decode() and 'name="cooldown_days"' not in page.content.decode()
    assert post.status_code == 403
    assert ContactPolicy.objects.filter(influencer=ana).exists()


def test_someone_of_another_workspace_is_a_404(client, personas):
    gloria = InfluencerFactory(workspace=personas.other_workspace)
    client.force_login(personas.admin)

    response = client.get(
        reverse("contacts:policy-override", kwargs={"slug": "acme", "public_id": gloria.public_id})
    )

    assert response.status_code == 404
