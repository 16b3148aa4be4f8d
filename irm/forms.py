"""What every app's forms share: dates and times read and shown in a named time zone (the
viewer's or the influencer's), with the zone said beside the field."""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from irm.models import AuditAction, Membership, Role, User, Workspace
from irm.outbox import email_queue
from irm.services import audit_record
from irm.text import name_order

TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


# --- dates and times people type -----------------------------------------------------------------
# One rule for every form: what a person types is their wall clock in the zone named next to the
# input. "Yours" is the active zone (irm.middleware.UserTimeZoneMiddleware activates the viewer's),
# so a moment is read in it, stored as an aware instant, and shown back in it; "theirs" is an
# influencer's, which the form names (ZONE_THEIRS with `zone_name`).

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ISO_DAY = "%Y-%m-%d"
ZONE_YOURS = "Your time zone"
ZONE_THEIRS = "Their time zone"


class _ZoneNamed:
    """An input followed by the zone its value is read in, which it describes (aria)."""

    def __init__(self, attrs=None, format=None, *, whose: str | None = ZONE_YOURS) -> None:
        super().__init__(attrs, format=format)
        self.whose = whose
        self.zone_name = ""  # empty: the active zone

    def render(self, name, value, attrs=None, renderer=None):
        if self.whose is None:
            return super().render(name, value, attrs, renderer)
        attrs = dict(attrs or {})
        note_id = f"{attrs['id']}-zone" if attrs.get("id") else ""
        if note_id:
            attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} {note_id}".strip()
        note = zone_note(note_id=note_id, whose=self.whose, zone_name=self.zone_name)
        return format_html("{}{}", super().render(name, value, attrs, renderer), note)


def zone_note(*, note_id: str = "", whose: str = ZONE_YOURS, zone_name: str = "") -> str:
    """What stands beside an input that takes a date or a time: "Your time zone: America/New
    York" (the active zone unless `zone_name` is given). Inputs written by hand in a template
    use it through the `zone_note` tag (irm.templatetags.local_time)."""
    zone = zone_name or timezone.get_current_timezone_name()
    return format_html(
        '<small class="field-zone"{}>{}: {}</small>',
        format_html(' id="{}"', note_id) if note_id else "",
        whose,
        zone.replace("_", " "),
    )


class ZonedDateTimeInput(_ZoneNamed, forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, **kwargs) -> None:
        super().__init__(attrs, format=DATETIME_LOCAL, **kwargs)


class ZonedDateInput(_ZoneNamed, forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, **kwargs) -> None:
        super().__init__(attrs, format=ISO_DAY, **kwargs)


class ZonedTimeInput(_ZoneNamed, forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, **kwargs) -> None:
        super().__init__(attrs, format="%H:%M", **kwargs)


def _clock_change(naive: datetime) -> forms.ValidationError | None:
    """Why a wall clock cannot be read in the active zone, if a DST change skips or repeats it."""
    zone = timezone.get_current_timezone()
    before = naive.replace(tzinfo=zone, fold=0).utcoffset()
    after = naive.replace(tzinfo=zone, fold=1).utcoffset()
    if before == after:
        return None
    name = timezone.get_current_timezone_name()
    if before < after:
        message = f"{naive:%Y-%m-%d %H:%M} does not exist in {name}: the clocks go forward then."
    else:
        message = f"{naive:%Y-%m-%d %H:%M} happens twice in {name}: the clocks go back then."
    return forms.ValidationError(
        f"{message} Pick a time outside that hour.", code="ambiguous_timezone"
    )


def wall_clock_moment(naive: datetime) -> datetime:
    """A wall clock typed by the viewer as an aware moment in the active zone; a time a DST
    change skips or repeats is refused (ValidationError) rather than guessed."""
    error = _clock_change(naive)
    if error is not None:
        raise error
    return naive.replace(tzinfo=timezone.get_current_timezone())


class LocalDateTimeField(forms.DateTimeField):
    """A moment typed on the viewer's wall clock: cleaned to an aware datetime in the active
    zone, and an instant is shown back in it."""

    widget = ZonedDateTimeInput
    input_formats = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
    default_error_messages = {"invalid": "Enter a date and a time, e.g. 2026-12-31 14:30."}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            # Django's own message names neither the cause nor what to do.
            raise _clock_change(error.params["datetime"]) or error from None


class LocalDateField(forms.DateField):
    """A day typed by a person. `whose` names the zone it is a day of (yours by default, theirs
    for an influencer's, None for a calendar date that is no moment, like a campaign's start)."""

    default_error_messages = {"invalid": "Enter a date, e.g. 2026-12-31."}

    def __init__(self, *, whose: str | None = ZONE_YOURS, **kwargs) -> None:
        kwargs.setdefault("widget", ZonedDateInput(whose=whose))
        super().__init__(**kwargs)


class LocalTimeField(forms.TimeField):
    """A time of day on the viewer's wall clock (with a day from a LocalDateField)."""

    widget = ZonedTimeInput
    input_formats = ["%H:%M", "%H:%M:%S"]
    default_error_messages = {"invalid": "Enter a time, e.g. 14:30."}


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "That email and password do not match an account. Please try again.",
        "inactive": "This account is deactivated. Ask your workspace admin.",
    }


class AccountForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)

    class Meta:
        model = User
        fields = ["name", "time_zone", "email_notifications", "daily_digest"]
        labels = {
            "email_notifications": "Email me at once when something needs me now",
            "daily_digest": "Send me a daily digest at 08:00 my time",
        }


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class TeamForm(forms.Form):
    name = forms.CharField(max_length=80, label="Team name")
    members = forms.ModelMultipleChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Membership.objects.filter(workspace=workspace)
            .select_related("user")
            .order_by(name_order("user__name"), "user__email")
        )
        self.fields["members"].label_from_instance = lambda m: m.user.name or m.user.email


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label="Token name",
        help_text="What will use it, e.g. “Weekly reporting script”.",
    )


class JoinForm(forms.Form):
    """A newcomer accepting an invitation creates their account with it."""

    name = forms.CharField(max_length=150, label="Your name")
    password1 = forms.CharField(label="Choose a password", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Repeat the password", widget=forms.PasswordInput)

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset request, delivered through the outbox. Django's `save()` calls
    `send_mail` once per active account with this address and never for an unknown one, so
    the page that follows is the same either way (no account enumeration)."""

    email = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        user = context["user"]
        path = reverse(
            "irm:password-reset-confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        context = {
            **context,
            "reset_url": f"{settings.SITE_URL}{path}",
            "valid_days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
        }
        subject = " ".join(render_to_string(subject_template_name, context).split())
        body = render_to_string(email_template_name, context)
        with transaction.atomic():
            email_queue(
                to=to_email,
                subject=subject,
                body=body,
                kind="password_reset",
                from_address=from_email,
            )
            audit_record(action=AuditAction.PASSWORD_RESET_REQUESTED, actor=user, target=user)


class PrivacySettingsForm(forms.Form):
    privacy_purpose = forms.CharField(
        label="Why we keep information about people",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The privacy notice sent to a person quotes this.",
    )
    retention_months = forms.IntegerField(
        label="Keep message bodies and timeline texts for (months)",
        required=False,
        help_text="Older bodies are removed every night; dates, kinds and summaries stay, so "
        "relationship health does not change. Empty: keep them.",
    )
