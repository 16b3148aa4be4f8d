"""The workspace's contact policy, and one person's overrides of it.

Everyone in the workspace reads both pages (the rules explain every verdict of the guard);
only admins change them. Changes are not audited: AuditEvent has no action for them.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from contacts.facts import POLICY_DEFAULTS
from contacts.models import ContactPolicy, Influencer, Stage, default_keep_in_touch_by_stage
from contacts.selectors import policy as policy_selectors
from contacts.services import policy as policy_services
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views import posted

UNITS = [("days", "days"), ("months", "months")]
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LABELS = {
    "cooldown_days": "Days between two contacts",
    "max_follow_ups": "Follow-ups per pitch",
    "follow_up_delay_days": "Days before a follow-up",
    "quiet_hours_start": "Quiet hours start",
    "quiet_hours_end": "Quiet hours end",
    "no_weekends": "No contact at weekends",
    "team_cap_per_30_days": "Contacts per person in any 30 days (whole team)",
    "decline_memory": "Remember a declined topic for",
    "personalization_required": "Warn when a pitch is not personalized",
}
HELP = {
    "cooldown_days": "Nobody on the team contacts the same person again before this.",
    "max_follow_ups": "One polite follow-up is plenty.",
    "follow_up_delay_days": "A follow-up waits this long after the pitch.",
    "quiet_hours_start": "In their time zone. The same start and end: no quiet hours.",
    "quiet_hours_end": "In their time zone.",
    "no_weekends": "Saturdays and Sundays in their time zone: pitches wait for Monday.",
    "team_cap_per_30_days": "Pitches, emails, DMs and calls by anyone on the team.",
    "decline_memory": "Nobody pitches them that topic again before then.",
    "personalization_required": "When a body reads like its template or like one sent to others.",
}


def _integer(name: str, *, required: bool = True) -> forms.IntegerField:
    low, high, _unit = policy_services.LIMITS[name]
    return forms.IntegerField(min_value=low, max_value=high, required=required, label=LABELS[name])


def _value_text(name: str, value) -> str:
    """A policy value as the pages say it: yes/no, 20:00, "6 months"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "strftime"):
        return value.strftime("%H:%M")
    if name == "decline_memory_days":
        amount, unit = policy_selectors.months_or_days(value)
        return f"{amount} {unit.removesuffix('s') if amount == 1 else unit}"
    return str(value)


def _label(name: str) -> str:
    return LABELS["decline_memory"] if name == "decline_memory_days" else LABELS[name]


class WorkspacePolicyForm(forms.Form):
    cooldown_days = _integer("cooldown_days")
    max_follow_ups = _integer("max_follow_ups")
    follow_up_delay_days = _integer("follow_up_delay_days")
    quiet_hours_start = forms.TimeField(label=LABELS["quiet_hours_start"], widget=TIME_INPUT)
    quiet_hours_end = forms.TimeField(label=LABELS["quiet_hours_end"], widget=TIME_INPUT)
    no_weekends = forms.BooleanField(required=False, label=LABELS["no_weekends"])
    team_cap_per_30_days = _integer("team_cap_per_30_days")
    decline_memory_amount = forms.IntegerField(
        min_value=0, max_value=3650, label=LABELS["decline_memory"]
    )
    decline_memory_unit = forms.ChoiceField(choices=UNITS, label="Unit")
    personalization_required = forms.BooleanField(
        required=False, label=LABELS["personalization_required"]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        low, high = policy_services.KEEP_IN_TOUCH_LIMITS
        builtin = default_keep_in_touch_by_stage()
        for stage, label in Stage.choices:
            self.fields[f"keep_in_touch_{stage}"] = forms.IntegerField(
                min_value=low,
                max_value=high,
                label=f"{label}, days",
                help_text=f"Rapport's default: {builtin[stage]} days.",
            )
        for name, value in POLICY_DEFAULTS.items():
            field = "decline_memory_amount" if name == "decline_memory_days" else name
            key = "decline_memory" if name == "decline_memory_days" else name
            default = _value_text(name, value)
            self.fields[field].help_text = f"{HELP[key]} Rapport's default: {default}."

    def keep_in_touch_fields(self) -> list:
        return [self[f"keep_in_touch_{stage}"] for stage in Stage.values]

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in policy_selectors.POLICY_FIELDS if name in data}
        values["decline_memory_days"] = policy_selectors.days_from(
            data["decline_memory_amount"], data["decline_memory_unit"]
        )
        values["keep_in_touch_days_by_stage"] = {
            stage: data[f"keep_in_touch_{stage}"] for stage in Stage.values
        }
        return values


INHERIT_CHOICES = [("", "As the workspace"), ("yes", "Yes"), ("no", "No")]


class OverrideForm(forms.Form):
    """Every value is optional: empty inherits the workspace's."""

    def __init__(self, *args, inherited: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, text in inherited.items():
            field = "decline_memory_amount" if name == "decline_memory_days" else name
            self.fields[field].help_text = f"Empty: as the workspace ({text})."

    cooldown_days = _integer("cooldown_days", required=False)
    max_follow_ups = _integer("max_follow_ups", required=False)
    follow_up_delay_days = _integer("follow_up_delay_days", required=False)
    quiet_hours_start = forms.TimeField(
        required=False, label=LABELS["quiet_hours_start"], widget=TIME_INPUT
    )
    quiet_hours_end = forms.TimeField(
        required=False, label=LABELS["quiet_hours_end"], widget=TIME_INPUT
    )
    no_weekends = forms.ChoiceField(
        choices=INHERIT_CHOICES, required=False, label=LABELS["no_weekends"]
    )
    team_cap_per_30_days = _integer("team_cap_per_30_days", required=False)
    decline_memory_amount = forms.IntegerField(
        min_value=0, max_value=3650, required=False, label=LABELS["decline_memory"]
    )
    decline_memory_unit = forms.ChoiceField(choices=UNITS, label="Unit", required=False)
    personalization_required = forms.ChoiceField(
        choices=INHERIT_CHOICES, required=False, label=LABELS["personalization_required"]
    )

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data.get(name)
            for name in policy_selectors.POLICY_FIELDS
            if name in self.fields and name not in ("no_weekends", "personalization_required")
        }
        for name in ("no_weekends", "personalization_required"):
            values[name] = {"yes": True, "no": False}.get(data.get(name) or "")
        amount = data.get("decline_memory_amount")
        values["decline_memory_days"] = (
            None
            if amount is None
            else policy_selectors.days_from(amount, data.get("decline_memory_unit") or "days")
        )
        return values


# Service field names -> the form field that shows the error.
FORM_FIELD = {"decline_memory_days": "decline_memory_amount"}


def _rule_broken(form: forms.Form, error: RuleError) -> None:
    field = FORM_FIELD.get(error.field, error.field)
    if field == "keep_in_touch_days_by_stage":
        field = None
    form.add_error(field if field in form.fields else None, error.message)


def _profile_url(request: HttpRequest, influencer: Influencer) -> str | None:
    try:
        return reverse(
            "contacts:influencer-detail",
            kwargs={"slug": request.workspace.slug, "public_id": influencer.public_id},
        )
    except NoReverseMatch:  # the profile page is not part of this build
        return None


def _describe(row: ContactPolicy) -> list[str]:
    """What an override sets, in words."""
    return [
        f"{_label(name)}: {_value_text(name, getattr(row, name))}"
        for name in policy_selectors.overridden_fields(row)
    ]


def _initial(policy: policy_selectors.WorkspacePolicy) -> dict:
    amount, unit = policy_selectors.months_or_days(policy.decline_memory_days)
    initial = {name: getattr(policy, name) for name in policy_selectors.POLICY_FIELDS}
    initial.update(decline_memory_amount=amount, decline_memory_unit=unit)
    for stage, days in policy.keep_in_touch_days_by_stage.items():
        initial[f"keep_in_touch_{stage}"] = days
    return initial


def _policy_page(request: HttpRequest, form: WorkspacePolicyForm | None, status: int = 200):
    workspace = request.workspace
    policy = policy_selectors.workspace_policy(workspace=workspace)
    is_admin = request.membership.may(Role.ADMIN)
    if form is None and is_admin:
        form = WorkspacePolicyForm(initial=_initial(policy))
    overrides = [
        {
            "influencer": row.influencer,
            "profile_url": _profile_url(request, row.influencer),
            "settings": _describe(row),
        }
        for row in policy_selectors.policy_overrides(workspace=workspace)
    ]
    builtin_cadence = default_keep_in_touch_by_stage()
    context = {
        "policy": policy,
        "form": form,
        "is_admin": is_admin,
        "rows": [
            (
                _label(name),
                _value_text(name, getattr(policy, name)),
                _value_text(name, POLICY_DEFAULTS[name]),
            )
            for name in policy_selectors.POLICY_FIELDS
        ],
        "stages": [
            (label, policy.keep_in_touch_days_by_stage[value], builtin_cadence[value])
            for value, label in Stage.choices
        ],
        "overrides": overrides,
    }
    template = "contacts/policy.html#policy-panel" if request.htmx else "contacts/policy.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.ADMIN)
def policy(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _policy_page(request, None)
    form = WorkspacePolicyForm(posted(request))
    if not form.is_valid():
        return _policy_page(request, form, status=400)
    try:
        policy_services.contact_policy_save(workspace=request.workspace, values=form.values())
    except RuleError as error:
        _rule_broken(form, error)
        return _policy_page(request, form, status=400)
    messages.success(request, "The contact policy is saved. The guard applies it from now on.")
    if request.htmx:
        return _policy_page(request, None)
    return redirect("contacts:policy", slug=request.workspace.slug)


def _override_initial(row: ContactPolicy | None) -> dict:
    if row is None:
        return {}
    initial = {name: getattr(row, name) for name in policy_selectors.POLICY_FIELDS}
    for name in ("no_weekends", "personalization_required"):
        initial[name] = {True: "yes", False: "no"}.get(initial[name], "")
    if row.decline_memory_days is not None:
        amount, unit = policy_selectors.months_or_days(row.decline_memory_days)
        initial.update(decline_memory_amount=amount, decline_memory_unit=unit)
    return initial


def _inherited(request: HttpRequest) -> dict[str, str]:
    """The workspace's values, as an override page says what an empty field means."""
    workspace_policy = policy_selectors.workspace_policy(workspace=request.workspace)
    return {
        name: _value_text(name, getattr(workspace_policy, name))
        for name in policy_selectors.POLICY_FIELDS
    }


def _override_page(request, influencer: Influencer, form: OverrideForm | None, status=200):
    row = policy_selectors.policy_override_get(influencer=influencer)
    inherited = _inherited(request)
    is_admin = request.membership.may(Role.ADMIN)
    if form is None and is_admin:
        form = OverrideForm(initial=_override_initial(row), inherited=inherited)
    effective = policy_selectors.influencer_policy_effective(influencer=influencer)
    context = {
        "influencer": influencer,
        "profile_url": _profile_url(request, influencer),
        "row": row,
        "form": form,
        "is_admin": is_admin,
        "rows": [
            (
                _label(name),
                _value_text(name, getattr(row, name))
                if row and getattr(row, name) is not None
                else "",
                inherited[name],
                _value_text(name, getattr(effective, name)),
            )
            for name in policy_selectors.POLICY_FIELDS
        ],
    }
    template = "contacts/policy_override.html"
    if request.htmx:
        template += "#override-panel"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.ADMIN)
def policy_override(request: HttpRequest, public_id) -> HttpResponse:
    influencer = get_object_or_404(
        Influencer, workspace=request.workspace, public_id=public_id, erased_at__isnull=True
    )
    if request.method == "GET":
        return _override_page(request, influencer, None)
    if request.POST.get("action") == "clear":
        policy_services.contact_policy_override_clear(influencer=influencer)
        messages.success(request, f"{influencer.name} follows the workspace's policy again.")
        return _after_override(request, influencer)
    form = OverrideForm(posted(request), inherited=_inherited(request))
    if not form.is_valid():
        return _override_page(request, influencer, form, status=400)
    try:
        row = policy_services.contact_policy_override_save(
            influencer=influencer, values=form.values()
        )
    except RuleError as error:
        _rule_broken(form, error)
        return _override_page(request, influencer, form, status=400)
    if row is None:
        messages.success(request, f"{influencer.name} follows the workspace's policy.")
    else:
        messages.success(request, f"The rules for {influencer.name} are saved.")
    return _after_override(request, influencer)


def _after_override(request: HttpRequest, influencer: Influencer) -> HttpResponse:
    if request.htmx:
        return _override_page(request, influencer, None)
    return redirect(
        "contacts:policy-override", slug=request.workspace.slug, public_id=influencer.public_id
    )
