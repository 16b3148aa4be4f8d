"""An influencer's relationship health in the API, under /api/v1/w/<slug>/influencers/<id>/.

`health/` reads the band (the override while it lasts, else the computed one), the score, the
components of the latest snapshot with their weights, the reasons as codes with their facts and
in words, the override and 90 days of history. `health/override/` sets (POST) or clears
(DELETE) a manager's override through contacts.services.health_overrides, which records it in the
audit log and recomputes at once.

Routes: included by contacts/api_urls.py (namespace "api:contacts-api").
"""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.api.base import READ_ERRORS, WRITE_ERRORS, InfluencerChildView
from contacts.health.reasons import is_concern, reason_text
from contacts.health.weights import COMPONENTS, health_day, override_is_active
from contacts.models import HealthBand, HealthSnapshot, Influencer
from contacts.services.health_overrides import health_override_clear, health_override_set
from irm.api import error_responses
from irm.models import Role

HISTORY_DAYS = 90

# --- serializers -------------------------------------------------------------------------------


class HealthComponentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.IntegerField(help_text="Its share of the score; the weights add to 100.")
    value = serializers.IntegerField(
        allow_null=True, help_text="0-100 on the latest snapshot; null before the first one."
    )


class HealthReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text='What the reason is about, e.g. "unanswered".')
    facts = serializers.DictField(help_text='Its numbers and dates, e.g. {"count": 3}.')
    text = serializers.CharField(help_text="The reason in words, as the pages show it.")
    concern = serializers.BooleanField(help_text="True when it pulls health down.")


class HealthOverrideSerializer(serializers.Serializer):
    band = serializers.ChoiceField(choices=HealthBand.choices)
    reason = serializers.CharField()
    until = serializers.DateField(help_text="Its last day (inclusive, UTC).")
    by = serializers.UUIDField(allow_null=True, help_text="Public id of the manager who set it.")
    at = serializers.DateTimeField(allow_null=True)
    active = serializers.BooleanField(help_text="False once its last day has passed.")


class HealthHistorySerializer(serializers.Serializer):
    day = serializers.DateField()
    score = serializers.IntegerField()
    band = serializers.ChoiceField(choices=HealthBand.choices)


class HealthSerializer(serializers.Serializer):
    band = serializers.ChoiceField(
        choices=HealthBand.choices, help_text="What everyone sees: the override while it lasts."
    )
    computed_band = serializers.ChoiceField(
        choices=HealthBand.choices, allow_null=True, help_text="What the computation says."
    )
    score = serializers.IntegerField(
        allow_null=True, help_text="0-100; null until computed, and while the band is new."
    )
    components = HealthComponentSerializer(many=True)
    reasons = HealthReasonSerializer(many=True)
    override = HealthOverrideSerializer(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    history = HealthHistorySerializer(
        many=True, help_text=f"One snapshot a day over the last {HISTORY_DAYS} days, oldest first."
    )


class HealthOverrideInputSerializer(serializers.Serializer):
    band = serializers.ChoiceField(
        choices=HealthBand.choices, help_text='Any band but "new", which only history gives.'
    )
    reason = serializers.CharField(max_length=300, help_text="Why, for the team and the audit.")
    until = serializers.DateField(help_text="The last day it applies (UTC), within a year.")


# --- reading -----------------------------------------------------------------------------------


def _reason(reason: dict, name: str, now) -> dict:
    facts = {key: value for key, value in reason.items() if key != "code"}
    return {
        "code": reason.get("code", ""),
        "facts": facts,
        "text": reason_text(reason, name, now=now),
        "concern": is_concern(reason),
    }


def _override(influencer: Influencer, now) -> dict | None:
    if not influencer.health_override_band:
        return None
    by = influencer.health_override_by
    return {
        "band": influencer.health_override_band,
        "reason": influencer.health_override_reason,
        "until": influencer.health_override_until,
        "by": by.public_id if by else None,
        "at": influencer.health_override_at,
        "active": override_is_active(influencer, now),
    }


def influencer_health(*, influencer: Influencer, now=None) -> dict:
    """The health endpoint's answer, in two queries: the snapshots of the last 90 days and,
    when none is that recent, the latest one (for the components)."""
    now = now or timezone.now()
    since = health_day(now) - timedelta(days=HISTORY_DAYS - 1)
    snapshots = HealthSnapshot.objects.filter(influencer=influencer).order_by("-day")
    history = list(reversed(snapshots.filter(day__gte=since)))
    latest = history[-1] if history else snapshots.first()
    return {
        "band": influencer.health_band,
        "computed_band": latest.computed_band if latest else None,
        "score": influencer.health_score,
        "components": [
            {
                "key": component.key,
                "label": component.label,
                "weight": component.weight,
                "value": getattr(latest, component.key) if latest else None,
            }
            for component in COMPONENTS
        ],
        "reasons": [_reason(reason, influencer.name, now) for reason in influencer.health_reasons],
        "override": _override(influencer, now),
        "computed_at": influencer.health_computed_at,
        "history": [
            {"day": snapshot.day, "score": snapshot.score, "band": snapshot.band}
            for snapshot in history
        ],
    }


# --- views -------------------------------------------------------------------------------------


class HealthView(InfluencerChildView):
    http_method_names = ["get", "head", "options"]
    serializer_class = HealthSerializer

    @extend_schema(
        summary="Read an influencer's relationship health",
        description="The band and score with the components they come from, the top reasons "
        "(codes with their facts, and in words), a manager's override if any, and one "
        f"snapshot a day for the last {HISTORY_DAYS} days. How it is computed: "
        "`/w/<slug>/health/how/`.",
        responses={200: HealthSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(HealthSerializer, influencer_health(influencer=self.influencer))


class HealthOverrideView(InfluencerChildView):
    http_method_names = ["post", "delete", "options"]
    serializer_class = HealthOverrideInputSerializer
    write_role = Role.MANAGER

    @extend_schema(
        summary="Override an influencer's health band",
        description="Show `band` instead of the computed one until `until` (inclusive), with "
        "a reason. Managers and admins; audited; health is recomputed at once.",
        request=HealthOverrideInputSerializer,
        responses={200: HealthSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        data = self.input(HealthOverrideInputSerializer)
        influencer = health_override_set(
            influencer=self.influencer, actor=request.user, now=timezone.now(), **data
        )
        return self.output(HealthSerializer, influencer_health(influencer=influencer))

    @extend_schema(
        summary="Clear an influencer's health override",
        description="Back to the computed band. Managers and admins; audited.",
        responses={200: HealthSerializer, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id) -> Response:
        influencer = health_override_clear(
            influencer=self.influencer, actor=request.user, now=timezone.now()
        )
        return self.output(HealthSerializer, influencer_health(influencer=influencer))
