"""A manager's override of the computed band: who may set it, what it needs, the audit trail,
and how long it lasts (contacts.services.health_overrides)."""

from datetime import timedelta

import pytest

from contacts.health.weights import health_day, override_is_active
from contacts.models import HealthBand, HealthSnapshot
from contacts.services.health import health_recompute
from contacts.services.health_overrides import health_override_clear, health_override_set
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent
from tests.contacts.health.history import DAY, NOW, compute, pitch, record, reply
from tests.factories import InfluencerFactory

TODAY = health_day(NOW)
REASON = "She signed a year-long ambassador deal yesterday"


@pytest.fixture
def ana(personas):
    influencer = InfluencerFactory(workspace=personas.workspace, name="Ana Rocha")
    record(reply(influencer, NOW - 200 * DAY), *(pitch(influencer, NOW - d * DAY) for d in (3, 2)))
    compute(influencer, NOW)
    assert influencer.health_band == HealthBand.COOLING
    return influencer


def override(ana, actor, **values):
    arguments = {"band": HealthBand.THRIVING, "reason": REASON, "until": TODAY + 10 * DAY}
    return health_override_set(influencer=ana, actor=actor, now=NOW, **{**arguments, **values})


def refused(call, *args, **kwargs) -> RuleError:
    with pytest.raises(RuleError) as caught:
        call(*args, **kwargs)
    return caught.value


def audit_events(action):
    return AuditEvent.objects.filter(action=action)


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_set_the_band_shown_and_the_computed_one_stays(ana, personas, role):
    actor = personas.by_name(role)

    ana = override(ana, actor)

    assert (ana.health_band, ana.health_override_band) == (HealthBand.THRIVING, "thriving")
    assert (ana.health_override_reason, ana.health_override_until) == (REASON, TODAY + 10 * DAY)
    assert (ana.health_override_by, ana.health_override_at) == (actor, NOW)
    snapshot = HealthSnapshot.objects.get(influencer=ana, day=TODAY)
    assert (snapshot.band, snapshot.computed_band) == (HealthBand.THRIVING, HealthBand.COOLING)
    assert ana.health_score == snapshot.score  # the score is still the computed one
    assert override_is_active(ana, NOW)


def test_setting_an_override_is_audited_with_ids_only(ana, personas):
    override(ana, personas.manager)

    event = audit_events(AuditAction.HEALTH_OVERRIDE_SET).get()
    assert (event.workspace, event.actor) == (personas.workspace, personas.manager)
    assert (event.target_type, event.target_id) == ("influencer", str(ana.public_id))
    assert event.data == {"band": "thriving", "until": (TODAY + 10 * DAY).isoformat()}
    assert event.created_at == NOW
    assert REASON not in str(event.data) and "Ana" not in str(event.data)


@pytest.mark.parametrize("role", ["member", "viewer", "outsider"])
def test_other_roles_may_not_override(ana, personas, role):
    error = refused(override, ana, personas.by_name(role), band="not a band")

    assert error.message == "Only managers may override a relationship's health."
    ana.refresh_from_db()
    assert (ana.health_band, ana.health_override_band) == (HealthBand.COOLING, "")
    assert not AuditEvent.objects.filter(action=AuditAction.HEALTH_OVERRIDE_SET).exists()


@pytest.mark.parametrize("role", ["member", "viewer", "outsider"])
def test_other_roles_may_not_clear_an_override(ana, personas, role):
    override(ana, personas.manager)

    error = refused(health_override_clear, influencer=ana, actor=personas.by_name(role), now=NOW)

    assert error.message == "Only managers may override a relationship's health."
    ana.refresh_from_db()
    assert ana.health_band == HealthBand.THRIVING
    assert not audit_events(AuditAction.HEALTH_OVERRIDE_CLEARED).exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"band": "new"},
            "band",
            "Choose a band: thriving, healthy, cooling, at risk, dormant.",
        ),
        (
            {"band": "great"},
            "band",
            "Choose a band: thriving, healthy, cooling, at risk, dormant.",
        ),
        ({"reason": "  "}, "reason", "Say why, so the team understands the override."),
        ({"reason": "x" * 301}, "reason", "Say why in 300 characters or fewer."),
        ({"until": TODAY - DAY}, "until", "The override must last until today or later."),
        ({"until": TODAY + 366 * DAY}, "until", "An override lasts a year at most."),
    ],
)
def test_an_override_needs_a_band_a_reason_and_an_end_within_a_year(
    ana, personas, values, field, message
):
    error = refused(override, ana, personas.manager, **values)

    assert (error.field, error.message) == (field, message)
    ana.refresh_from_db()
    assert (ana.health_band, ana.health_override_band) == (HealthBand.COOLING, "")
    assert not audit_events(AuditAction.HEALTH_OVERRIDE_SET).exists()


@pytest.mark.parametrize("until", [TODAY, TODAY + 365 * DAY])
def test_an_override_may_end_today_or_in_a_year(ana, personas, until):
    assert override(ana, personas.manager, until=until).health_override_until == until


def test_clearing_returns_to_the_computed_band_and_is_audited(ana, personas):
    override(ana, personas.manager, band=HealthBand.AT_RISK)

    ana = health_override_clear(influencer=ana, actor=personas.admin, now=NOW + DAY)

    assert (ana.health_band, ana.health_override_band) == (HealthBand.COOLING, "")
    assert ana.health_override_until is None and ana.health_override_by is None
    event = audit_events(AuditAction.HEALTH_OVERRIDE_CLEARED).get()
    assert (event.actor, event.target_id, event.data) == (personas.admin, str(ana.public_id), {})
    snapshot = HealthSnapshot.objects.get(influencer=ana, day=TODAY + DAY)
    assert snapshot.band == snapshot.computed_band == HealthBand.COOLING


def test_clearing_without_an_override_records_nothing(ana, personas):
    health_override_clear(influencer=ana, actor=personas.manager, now=NOW)

    assert not audit_events(AuditAction.HEALTH_OVERRIDE_CLEARED).exists()


def test_the_override_lasts_through_its_last_day_then_the_computed_band_returns(ana, personas):
    override(ana, personas.manager, band=HealthBand.HEALTHY, until=TODAY + 2 * DAY)

    last_day = NOW + 2 * DAY + timedelta(hours=13)  # 23:00 UTC on the last day
    health_recompute(influencer_ids=[ana.pk], now=last_day)
    ana.refresh_from_db()
    assert ana.health_band == HealthBand.HEALTHY and override_is_active(ana, last_day)

    next_day = NOW + 3 * DAY
    health_recompute(influencer_ids=[ana.pk], now=next_day)
    ana.refresh_from_db()
    assert ana.health_band == HealthBand.COOLING and not override_is_active(ana, next_day)
    bands = HealthSnapshot.objects.filter(influencer=ana).order_by("day")
    assert [(s.band, s.computed_band) for s in bands] == [
        (HealthBand.HEALTHY, HealthBand.COOLING),
        (HealthBand.HEALTHY, HealthBand.COOLING),
        (HealthBand.COOLING, HealthBand.COOLING),
    ]


def test_an_override_set_before_a_later_computation_shows_at_once(ana, personas):
    compute(ana, NOW + timedelta(hours=2))  # the sweep ran later than the manager's clock

    ana = override(ana, personas.manager)

    assert ana.health_band == HealthBand.THRIVING
    assert ana.health_computed_at == NOW + timedelta(hours=2)
