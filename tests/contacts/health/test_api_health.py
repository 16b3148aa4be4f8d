"""An influencer's health through the API: band, components, reasons, override and history."""

from datetime import UTC, datetime, timedelta

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from contacts.health.compute import health_backfill, health_day
from contacts.health.weights import COMPONENTS
from contacts.models import Direction, HealthBand, HealthSnapshot, InteractionKind, Stage
from contacts.services.timeline import interaction_record
from irm.models import AuditAction, AuditEvent
from tests.contacts.api_client import api_url, client_for, globex_influencer, make_influencer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def ana(personas, time_machine, django_capture_on_commit_callbacks):
    """Ana (engaged: keep in touch every 60 days) answered once in the summer; our last three
    messages went unanswered."""
    time_machine.move_to(NOW, tick=False)
    influencer = make_influencer(personas, "Ana Bakes", stage=Stage.ENGAGED)
    history = [
        (InteractionKind.PITCH, Direction.OUTBOUND, 120),
        (InteractionKind.REPLY, Direction.INBOUND, 118),
        (InteractionKind.PITCH, Direction.OUTBOUND, 60),
        (InteractionKind.FOLLOW_UP, Direction.OUTBOUND, 40),
        (InteractionKind.PITCH, Direction.OUTBOUND, 20),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for kind, direction, days_ago in history:
            interaction_record(
                influencer=influencer,
                kind=kind,
                direction=direction,
                channel="email",
                summary=f"{kind} {days_ago} days ago",
                author=personas.admin if direction == Direction.OUTBOUND else None,
                occurred_at=NOW - timedelta(days=days_ago),
                guard_checked=True,
                now=NOW,
            )
    health_backfill(influencer_ids=[influencer.pk], days=100, now=NOW)
    influencer.refresh_from_db()
    return influencer


def health(user, influencer, slug: str = "acme"):
    return client_for(user).get(api_url("influencer-health", slug, public_id=influencer.public_id))


def override_url(influencer, slug: str = "acme") -> str:
    return api_url("influencer-health-override", slug, public_id=influencer.public_id)


def test_it_reads_the_band_score_and_each_component_with_its_weight(personas, ana):
    response = health(personas.viewer, ana)

    assert response.status_code == 200
    body = response.json()
    snapshot = HealthSnapshot.objects.get(influencer=ana, day=health_day(NOW))
    assert body["band"] == ana.health_band == snapshot.band == HealthBand.COOLING
    assert body["computed_band"] == snapshot.computed_band
    assert body["score"] == ana.health_score == snapshot.score
    assert body["computed_at"] is not None
    assert body["components"] == [
        {
            "key": component.key,
            "label": component.label,
            "weight": component.weight,
            "value": getattr(snapshot, component.key),
        }
        for component in COMPONENTS
    ]
    assert body["override"] is None


def test_it_gives_the_reasons_as_codes_with_their_facts_and_in_words(personas, ana):
    reasons = health(personas.viewer, ana).json()["reasons"]

    assert [reason["code"] for reason in reasons] == [r["code"] for r in ana.health_reasons]
    unanswered = next(reason for reason in reasons if reason["code"] == "unanswered")
    assert unanswered["facts"] == {"count": 3}
    assert unanswered["text"] == "No reply to your last 3 messages"
    assert unanswered["concern"] is True


def test_it_gives_ninety_days_of_history_oldest_first(personas, ana):
    history = health(personas.viewer, ana).json()["history"]

    today = health_day(NOW)
    assert len(history) == 90
    assert history[0]["day"] == (today - timedelta(days=89)).isoformat()
    assert history[-1]["day"] == today.isoformat()
    latest = HealthSnapshot.objects.get(influencer=ana, day=today)
    assert history[-1] == {"day": today.isoformat(), "score": latest.score, "band": latest.band}
    # Scores fall as the pitches go unanswered.
    assert history[0]["score"] > history[-1]["score"]


def test_before_any_computation_it_answers_new_with_empty_values(personas, time_machine):
    time_machine.move_to(NOW, tick=False)
    influencer = make_influencer(personas, "Nia New")

    body = health(personas.viewer, influencer).json()

    assert body["band"] == "new"
    assert body["history"] == []
    assert [component["value"] for component in body["components"]] == [None] * len(COMPONENTS)


def test_a_manager_overrides_the_band_with_a_reason_and_a_last_day(personas, ana):
    until = health_day(NOW) + timedelta(days=14)

    response = client_for(personas.manager).post(
        override_url(ana),
        {"band": "healthy", "reason": "Met at the fair; she is just busy", "until": until},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["band"] == "healthy"
    assert (
        body["computed_band"]
        == HealthSnapshot.objects.get(influencer=ana, day=health_day(NOW)).computed_band
    )
    assert body["computed_band"] != "healthy"
    assert body["override"] == {
        "band": "healthy",
        "reason": "Met at the fair; she is just busy",
        "until": until.isoformat(),
        "by": str(personas.manager.public_id),
        "at": body["override"]["at"],
        "active": True,
    }
    assert AuditEvent.objects.filter(action=AuditAction.HEALTH_OVERRIDE_SET).count() == 1


def test_an_expired_override_shows_as_inactive_and_the_computed_band_returns(
    personas, ana, time_machine
):
    until = health_day(NOW) + timedelta(days=2)
    client_for(personas.admin).post(
        override_url(ana),
        {"band": "thriving", "reason": "Launch week", "until": until},
        format="json",
    )
    later = NOW + timedelta(days=3)
    time_machine.move_to(later, tick=False)
    health_backfill(influencer_ids=[ana.pk], days=0, now=later)

    body = health(personas.viewer, ana).json()

    assert body["override"]["active"] is False
    assert body["band"] == body["computed_band"] != "thriving"


def test_a_manager_clears_the_override(personas, ana):
    client = client_for(personas.manager)
    until = health_day(NOW) + timedelta(days=7)
    client.post(
        override_url(ana), {"band": "thriving", "reason": "Busy", "until": until}, format="json"
    )

    response = client.delete(override_url(ana))

    assert response.status_code == 200
    assert response.json()["override"] is None
    assert response.json()["band"] == response.json()["computed_band"]
    assert AuditEvent.objects.filter(action=AuditAction.HEALTH_OVERRIDE_CLEARED).count() == 1


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        ({"band": "new", "reason": "x", "until": "2026-12-01"}, "band", "Choose a band"),
        ({"band": "healthy", "reason": "   ", "until": "2026-12-01"}, "reason", ""),
        ({"band": "healthy", "reason": "Busy", "until": "2026-11-01"}, "until", "today or later"),
        ({"band": "healthy", "reason": "Busy", "until": "2028-01-01"}, "until", "a year at most"),
        ({"band": "glowing", "reason": "Busy", "until": "2026-12-01"}, "band", ""),
    ],
)
def test_a_bad_override_answers_400_with_a_message_for_the_field(
    personas, ana, sent, field, message
):
    response = client_for(personas.manager).post(override_url(ana), sent, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in errors[field][0]
    ana.refresh_from_db()
    assert ana.health_override_band == ""


@pytest.mark.parametrize("role", ["viewer", "member"])
def test_lower_roles_may_not_override_or_clear(personas, ana, role):
    client = client_for(getattr(personas, role))
    until = (health_day(NOW) + timedelta(days=7)).isoformat()

    posted = client.post(
        override_url(ana), {"band": "thriving", "reason": "Busy", "until": until}, format="json"
    )
    cleared = client.delete(override_url(ana))

    assert posted.status_code == cleared.status_code == 403
    ana.refresh_from_db()
    assert ana.health_override_band == ""


def test_another_workspace_s_influencer_is_not_found(personas):
    gloria = globex_influencer(personas)
    client = client_for(personas.admin)

    assert health(personas.admin, gloria).status_code == 404
    assert client.delete(override_url(gloria)).status_code == 404
    assert health(personas.outsider, gloria, slug="acme").status_code == 404


def test_it_reads_in_the_same_number_of_queries_with_a_long_history(
    personas, ana, django_assert_num_queries
):
    client = client_for(personas.viewer)
    short = make_influencer(personas, "Bea Brief")
    health_backfill(influencer_ids=[short.pk], days=1, now=NOW)
    url = api_url("influencer-health", public_id=short.public_id)
    client.get(url)  # the session's first use

    # session, user, membership, influencer, snapshots
    with django_assert_num_queries(5):
        client.get(url)
    with django_assert_num_queries(5):
        client.get(api_url("influencer-health", public_id=ana.public_id))


def test_the_schema_describes_both_endpoints_with_one_band_enum():
    GENERATOR_STATS.reset()
    document = SchemaGenerator().get_schema(request=None, public=True)
    warnings = [text for text in GENERATOR_STATS._warn_cache if "health/api.py" in text]
    GENERATOR_STATS.reset()

    paths = document["paths"]
    prefix = "/api/v1/w/{slug}/influencers/{public_id}/health/"
    assert set(paths[prefix]) - {"parameters"} == {"get"}
    assert set(paths[f"{prefix}override/"]) - {"parameters"} == {"post", "delete"}
    schemas = document["components"]["schemas"]
    assert schemas["HealthBand"]["enum"] == list(HealthBand.values)
    assert schemas["Health"]["properties"]["band"] == {
        "allOf": [{"$ref": "#/components/schemas/HealthBand"}],
        "description": schemas["Health"]["properties"]["band"]["description"],
    }
    assert not warnings
