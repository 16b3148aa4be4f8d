import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from irm.models import AuditAction, Membership, Role, User, Workspace
from irm.outbox import email_queue
from irm.services import audit_record
from irm.text import name_order

TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


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
