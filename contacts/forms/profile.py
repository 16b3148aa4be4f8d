"""Forms for the influencer pages (contacts/forms/profile.py): creating and editing someone,
accounts, rates, open channels, do-not-contact, the health override. They read and check what
people type; the services in contacts/services/ apply the rules and write."""

import re
from decimal import Decimal

from django import forms
from django.core.validators import validate_email
from django.db import models
from django.forms.models import fields_for_model

from contacts import normalize
from contacts.health.weights import OVERRIDE_BANDS
from contacts.models import (
    Channel,
    DeliverableType,
    Influencer,
    Platform,
    Stage,
)
from irm.forms import TIME_ZONE_CHOICES, ZONE_THEIRS, LocalDateField
from irm.models import Team, User, Workspace
from irm.text import name_order
from irm.versions import version_field

# SocialAccount.followers is a PositiveBigIntegerField.
MAX_FOLLOWERS = 9_223_372_036_854_775_807
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,4})?$")


def split_list(text: str) -> list[str]:
    """ "vegan baking, trail running;  travel" -> ["vegan baking", "trail running", "travel"]."""
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


def read_followers(text: str) -> int | None:
    """ "1.2M" -> 1200000; empty -> None; ValidationError for what is not a count."""
    if not text or not text.strip():
        return None
    try:
        value = normalize.count(text)
    except (ValueError, ArithmeticError):
        raise forms.ValidationError(
            "Write the number of followers, e.g. 12500, 12.5K or 1.2M."
        ) from None
    if value > MAX_FOLLOWERS:
        raise forms.ValidationError("That is more followers than anyone has.")
    return value


class WorkspaceChoices:
    """Owner and team choices limited to the workspace, addressed by public id."""

    def _limit_to(self, workspace: Workspace) -> None:
        if "owner" in self.fields:
            self.fields["owner"].queryset = User.objects.filter(
                memberships__workspace=workspace
            ).order_by(name_order(), "email")
            self.fields["owner"].label_from_instance = lambda user: user.name or user.email
        if "team" in self.fields:
            self.fields["team"].queryset = Team.objects.filter(workspace=workspace).order_by("name")


def _owner_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="Nobody yet",
        label="Owner",
        help_text="Who looks after this relationship.",
    )


def _team_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Team.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="No team",
        label="Team",
    )


def _languages_field() -> forms.CharField:
    return forms.CharField(
        required=False,
        label="Languages",
        help_text="Language codes, comma separated, e.g. en, fr.",
    )


def _clean_languages(text: str) -> list[str]:
    codes = [code.lower() for code in split_list(text)]
    for code in codes:
        if not _LANGUAGE.match(code):
            raise forms.ValidationError(f"“{code}” is not a language code; use e.g. en, fr, pt-br.")
    return codes


def _country_field() -> forms.CharField:
    # No max_length: "France" gets the message below rather than a count of characters.
    return forms.CharField(required=False, label="Country", help_text="Two letters, e.g. FR.")


def _clean_country(text: str) -> str:
    text = (text or "").strip()
    if text and not _COUNTRY.match(text):
        raise forms.ValidationError("Use the two-letter country code, e.g. FR or US.")
    return text.upper()


class InfluencerCreateForm(WorkspaceChoices, forms.Form):
    name = forms.CharField(max_length=150, label="Name")
    email = forms.EmailField(required=False, label="Email", help_text="Their main address.")
    platform = forms.ChoiceField(
        choices=[("", "Choose a platform"), *Platform.choices], required=False, label="Platform"
    )
    handle = forms.CharField(
        max_length=200, required=False, label="Handle", help_text="e.g. @ana.bakes or a link."
    )
    followers = forms.CharField(
        max_length=40, required=False, label="Followers", help_text="e.g. 12500, 12.5K or 1.2M."
    )
    topics = forms.CharField(
        required=False, label="Topics", help_text="What they cover, comma separated."
    )
    stage = forms.ChoiceField(choices=Stage.choices, initial=Stage.PROSPECT, label="Stage")
    owner = _owner_field()
    team = _team_field()
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, label="Time zone")
    country = _country_field()
    languages = _languages_field()

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_to(workspace)
        for name, field in self.fields.items():
            # The messages checked while typing land in check-<name> (influencer_form.html).
            described = f"check-{name}" + (
                f" {self[name].auto_id}_helptext" if field.help_text else ""
            )
            field.widget.attrs["aria-describedby"] = described
        self.fields["name"].widget.attrs["autofocus"] = True

    def clean_handle(self) -> str:
        return normalize.handle(self.cleaned_data["handle"])

    def clean_followers(self) -> int | None:
        return read_followers(self.cleaned_data["followers"])

    def clean_topics(self) -> list[str]:
        return split_list(self.cleaned_data["topics"])

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data["country"])

    def clean_languages(self) -> list[str]:
        return _clean_languages(self.cleaned_data["languages"])

    def clean(self):
        cleaned = super().clean()
        handle, platform = cleaned.get("handle"), cleaned.get("platform")
        if handle and not platform:
            self.add_error("handle", "Choose the platform of this handle.")
        elif platform and not handle and "handle" not in self.errors:
            self.add_error("platform", "Add their handle on this platform, or leave it empty.")
        if cleaned.get("followers") is not None and not handle and "handle" not in self.errors:
            self.add_error("followers", "Followers belong to an account: add its handle.")
        return cleaned

    def account(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("handle"):
            return None
        return {
            "platform": data["platform"],
            "handle": data["handle"],
            "followers": data.get("followers"),
        }


# --- the profile's sections, edited in place ---


class ProfileSectionForm(forms.Form):
    """One section of the profile as a form: `initial_from(influencer)` fills it for editing."""

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    @classmethod
    def initial_from(cls, influencer: Influencer) -> dict:
        return {}


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        # A link typed without its scheme ("ana.blog") is https.
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class SectionForm(ProfileSectionForm):
    """A form over some of the influencer's own fields: labels, limits and help come from the
    model; `changes()` gives what influencer_update takes."""

    model_fields: tuple[str, ...] = ()

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, workspace=workspace, **kwargs)
        generated = fields_for_model(
            Influencer, fields=self.model_fields, formfield_callback=_formfield
        )
        for name in self.model_fields:
            if name not in self.declared_fields:
                self.fields[name] = generated[name]
        # Keep the model's order of fields as written in model_fields.
        self.order_fields(self.model_fields)
        self.fields["version"] = version_field()
        if isinstance(self, WorkspaceChoices):
            self._limit_to(workspace)

    @classmethod
    def initial_from(cls, influencer: Influencer) -> dict:
        initial = {name: getattr(influencer, name) for name in cls.model_fields}
        return {**initial, "version": influencer.version}

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.model_fields}


class IdentityForm(WorkspaceChoices, SectionForm):
    model_fields = ("name", "pronouns", "avatar_url", "stage", "owner", "team")
    owner = _owner_field()
    team = _team_field()


class StoryForm(SectionForm):
    model_fields = ("bio", "background", "values", "audience_notes")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["background"].label = "Background and story"
        self.fields["values"].label = "Values and causes"
        for name in self.model_fields:
            self.fields[name].widget.attrs["rows"] = 3


class DetailsForm(SectionForm):
    model_fields = (
        "location",
        "country",
        "time_zone",
        "languages",
        "website",
        "phone",
        "shipping_address",
        "agent_name",
        "agent_email",
    )
    country = _country_field()
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, label="Time zone")
    languages = _languages_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent_name"].label = "Agent or manager"
        self.fields["agent_email"].label = "Agent's email"
        self.fields["shipping_address"].widget.attrs["rows"] = 3

    @classmethod
    def initial_from(cls, influencer: Influencer) -> dict:
        initial = super().initial_from(influencer)
        initial["languages"] = ", ".join(influencer.languages)
        return initial

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data["country"])

    def clean_languages(self) -> list[str]:
        return _clean_languages(self.cleaned_data["languages"])


class PreferencesForm(SectionForm):
    model_fields = ("keep_in_touch_days", "do_not_disturb_until")
    keep_in_touch_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        label="Keep in touch every (days)",
        help_text="Empty: the workspace's cadence for their stage.",
    )
    do_not_disturb_until = LocalDateField(
        required=False,
        label="Do not disturb until",
        help_text="Away (leave, holidays): no contact before this day.",
        whose=ZONE_THEIRS,
    )


class TopicsForm(ProfileSectionForm):
    topics = forms.CharField(
        required=False,
        label="Topics",
        help_text="What they cover, comma separated.",
        widget=forms.TextInput(),
    )

    @classmethod
    def initial_from(cls, influencer: Influencer) -> dict:
        return {"topics": ", ".join(topic.name for topic in influencer.topics.all())}

    def clean_topics(self) -> list[str]:
        names = split_list(self.cleaned_data["topics"])
        for name in names:
            if len(name) > 60:
                raise forms.ValidationError(f"“{name[:20]}…” is too long for a topic (60 at most).")
        return names


class EmailsForm(ProfileSectionForm):
    emails = forms.CharField(
        required=False,
        label="Email addresses",
        help_text="One per line; the first one is their primary address.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_from(cls, influencer: Influencer) -> dict:
        return {"emails": "\n".join(row.email for row in influencer.emails.all())}

    def clean_emails(self) -> list[str]:
        addresses = split_list(self.cleaned_data["emails"])
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(f"“{address}” is not an email address.") from None
        return addresses


class SocialAccountForm(ProfileSectionForm):
    platform = forms.ChoiceField(choices=Platform.choices, label="Platform")
    handle = forms.CharField(max_length=200, label="Handle", help_text="e.g. @ana.bakes or a link.")
    followers = forms.CharField(
        max_length=40, required=False, label="Followers", help_text="e.g. 12500, 12.5K or 1.2M."
    )
    engagement_rate = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        label="Engagement rate (%)",
    )
    url = forms.URLField(
        max_length=500, required=False, assume_scheme="https", label="Link to the account"
    )
    verified = forms.BooleanField(required=False, label="Verified account")

    def clean_handle(self) -> str:
        handle = normalize.handle(self.cleaned_data["handle"])
        if not handle:
            raise forms.ValidationError("Enter the handle, e.g. @ana.bakes.")
        return handle

    def clean_followers(self) -> int | None:
        return read_followers(self.cleaned_data["followers"])


class RateCardForm(ProfileSectionForm):
    deliverable_type = forms.ChoiceField(choices=DeliverableType.choices, label="Deliverable")
    amount = forms.DecimalField(
        min_value=Decimal(0), max_digits=12, decimal_places=2, label="Amount"
    )
    currency = forms.CharField(
        min_length=3, max_length=3, initial="EUR", label="Currency", help_text="e.g. EUR, USD."
    )
    notes = forms.CharField(max_length=200, required=False, label="Notes")

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if not currency.isalpha():
            raise forms.ValidationError("Use a three-letter currency code, e.g. EUR.")
        return currency


class ChannelPermissionForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices, label="Channel")
    is_open = forms.TypedChoiceField(
        choices=[("open", "They opened it to us"), ("closed", "They closed it")],
        coerce=lambda value: value == "open",
        initial="open",
        widget=forms.RadioSelect,
        label="Open or closed",
    )
    evidence = forms.CharField(
        max_length=300,
        label="How do we know?",
        help_text="e.g. “They emailed us first”, “Business email on their profile”.",
    )
    since = LocalDateField(required=False, label="Since", help_text="Empty: today.")


class DoNotContactForm(forms.Form):
    reason = forms.CharField(
        label="Why should nobody contact them?",
        help_text="The team sees this everywhere they could reach out.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HealthOverrideForm(forms.Form):
    """A manager's band over the computed one. The band and the reason are checked by
    contacts.services.health_overrides.health_override_set, whose messages say what is expected."""

    band = forms.CharField(
        required=False,
        label="Band to show",
        widget=forms.Select(
            choices=[("", "Choose a band")] + [(band.value, band.label) for band in OVERRIDE_BANDS]
        ),
    )
    reason = forms.CharField(
        required=False,
        max_length=300,
        label="Why?",
        help_text="The team sees this next to the band.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    until = LocalDateField(
        label="Until (included)",
        help_text="The computed band comes back the day after.",
        whose=None,
        error_messages={
            "required": "Choose the last day the override counts.",
            "invalid": "Enter a date, e.g. 2026-12-31.",
        },
    )
