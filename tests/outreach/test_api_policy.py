"""The contact policy API: everyone in the workspace reads it, admins change it, per-influencer
overrides inherit what they leave empty, and the guard applies the result."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.facts import contact_policy_effective
from contacts.models import ContactPolicy
from contacts.services import contact_policy_override_save
from tests.factories import InfluencerFactory
from tests.outreach.api_helpers import api_url, client_for, token_client

pytestmark = pytest.mark.django_db

EVERY_VALUE = {
    "cooldown_days": 14,
    "max_follow_ups": 0,
    "follow_up_delay_days": 7,
    "quiet_hours_start": "19:00",
    "quiet_hours_end": "09:00",
    "no_weekends": False,
    "team_cap_per_30_days": 2,
    "decline_memory_days": 366,
    "personalization_required": True,
}
INHERIT_ALL = dict.fromkeys(EVERY_VALUE)


def test_a_viewer_reads_rapports_defaults(personas):
    response = token_client(personas, personas.viewer).get(api_url("contact-policy"))

    assert response.status_code == 200
    assert response.json() == {
        "cooldown_days": 7,
        "max_follow_ups": 1,
        "follow_up_delay_days": 5,
        "quiet_hours_start": "20:00:00",
        "quiet_hours_end": "08:00:00",
        "no_weekends": True,
        "team_cap_per_30_days": 3,
        "decline_memory_days": 183,
        "personalization_required": True,
        "keep_in_touch_days_by_stage": {
            "prospect": 120,
            "aware": 90,
            "engaged": 60,
            "collaborating": 45,
            "ambassador": 30,
        },
    }


def test_an_admin_sets_the_whole_policy_and_the_guard_applies_it(personas):
    ana = InfluencerFactory(workspace=personas.workspace, stage="engaged")

    response = client_for(personas.admin).put(
        api_url("contact-policy"),
        {**EVERY_VALUE, "keep_in_touch_days_by_stage": {"engaged": 21}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["cooldown_days"] == 14
    assert response.json()["keep_in_touch_days_by_stage"]["engaged"] == 21
    assert response.json()["keep_in_touch_days_by_stage"]["prospect"] == 120
    effective = contact_policy_effective(influencer=ana)
    assert effective.cooldown_days == 14 and effective.quiet_hours_start == time(19, 0)
    assert effective.no_weekends is False and effective.keep_in_touch_days == 21


def test_a_patch_changes_only_what_is_sent_and_null_is_the_default(personas):
    client = client_for(personas.admin)
    client.patch(api_url("contact-policy"), {"cooldown_days": 10}, format="json")

    response = client.patch(
        api_url("contact-policy"), {"team_cap_per_30_days": 5, "cooldown_days": None}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["cooldown_days"] == 7
    assert response.json()["team_cap_per_30_days"] == 5
    assert ContactPolicy.objects.get(influencer=None).cooldown_days is None


def test_values_outside_the_limits_are_a_400(personas):
    client = client_for(personas.admin)

    cap = client.patch(api_url("contact-policy"), {"team_cap_per_30_days": 0}, format="json")
    half_quiet = client.patch(
        api_url("contact-policy"), {"quiet_hours_start": "21:00"}, format="json"
    )
    cadence = client.patch(
        api_url("contact-policy"), {"keep_in_touch_days_by_stage": {"aware": 1}}, format="json"
    )

    assert cap.status_code == 400 and "team_cap_per_30_days" in cap.json()["errors"]
    assert half_quiet.status_code == 400
    assert "quiet_hours_end" in half_quiet.json()["errors"]
    assert cadence.status_code == 400
    assert "keep_in_touch_days_by_stage.aware" in cadence.json()["errors"]
    assert not ContactPolicy.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "member", "manager"])
def test_only_admins_change_it(personas, persona):
    response = client_for(getattr(personas, persona)).patch(
        api_url("contact-policy"), {"cooldown_days": 1}, format="json"
    )

    assert response.status_code == 403
    assert not ContactPolicy.objects.exists()


def test_an_outsider_gets_a_404(personas):
    response = client_for(personas.outsider).get(api_url("contact-policy"))

    assert response.status_code == 404


# --- one person's rules --------------------------------------------------------------------------


def test_an_admin_sets_one_persons_rules_and_the_rest_inherits(personas):
    ana = InfluencerFactory(workspace=personas.workspace, name="Ana")
    client_for(personas.admin).patch(
        api_url("contact-policy"), {"cooldown_days": 10}, format="json"
    )
    url = api_url("policy-override", public_id=ana.public_id)

    response = client_for(personas.admin).put(
        url, {**INHERIT_ALL, "team_cap_per_30_days": 1, "no_weekends": False}, format="json"
    )
    read = client_for(personas.viewer).get(url)

    assert response.status_code == 200, response.json()
    assert read.json()["influencer"] == {"public_id": str(ana.public_id), "name": "Ana"}
    assert read.json()["override"]["team_cap_per_30_days"] == 1
    assert read.json()["override"]["cooldown_days"] is None
    assert read.json()["effective"]["team_cap_per_30_days"] == 1
    assert read.json()["effective"]["cooldown_days"] == 10
    assert read.json()["effective"]["no_weekends"] is False


def test_rules_that_set_nothing_are_removed(personas):
    ana = InfluencerFactory(workspace=personas.workspace)
    contact_policy_override_save(influencer=ana, values={"cooldown_days": 30})
    url = api_url("policy-override", public_id=ana.public_id)

    response = client_for(personas.admin).put(url, INHERIT_ALL, format="json")

    assert response.status_code == 200
    assert response.json()["override"] is None
    assert not ContactPolicy.objects.filter(influencer=ana).exists()


def test_an_admin_removes_one_persons_rules(personas):
    ana = InfluencerFactory(workspace=personas.workspace)
    contact_policy_override_save(influencer=ana, values={"cooldown_days": 30})

    response = client_for(personas.admin).delete(
        api_url("policy-override", public_id=ana.public_id)
    )

    assert response.status_code == 204
    assert not ContactPolicy.objects.filter(influencer=ana).exists()


def test_a_manager_may_not_set_one_persons_rules(personas):
    ana = InfluencerFactory(workspace=personas.workspace)

    response = client_for(personas.manager).put(
        api_url("policy-override", public_id=ana.public_id), INHERIT_ALL, format="json"
    )

    assert response.status_code == 403


def test_someone_of_another_workspace_is_a_404(personas):
    gloria = InfluencerFactory(workspace=personas.other_workspace)

    response = client_for(personas.admin).put(
        api_url("policy-override", public_id=gloria.public_id),
        {**INHERIT_ALL, "cooldown_days": 1},
        format="json",
    )

    assert response.status_code == 404
    assert not ContactPolicy.objects.exists()


def test_the_overrides_list_costs_the_same_queries_for_3_and_30(personas):
    client = client_for(personas.viewer)

    def count_queries(total: int) -> int:
        while ContactPolicy.objects.count() < total:
            person = InfluencerFactory(workspace=personas.workspace)
            contact_policy_override_save(influencer=person, values={"cooldown_days": 21})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(api_url("policy-override-list"), {"page_size": 100})
        assert response.status_code == 200
        assert len(response.json()["results"]) == total
        assert response.json()["results"][0]["override"]["cooldown_days"] == 21
        return len(queries)

    assert count_queries(3) == count_queries(30)
