import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from irm.models import User

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
            "email_notifications": "Email me when a reminder fires",
            "daily_digest": "Send me a daily digest at 08:00 my time",
        }
