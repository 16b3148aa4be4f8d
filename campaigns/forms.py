"""Forms for the campaign pages. They only read and shape input; the rules (names taken, dates in
order, owners in the workspace) live in campaigns.services, whose RuleError the views put
back on these forms under the field it names."""

import re

from django import forms

from campaigns.models import Brand, CampaignStatus, Stage
from contacts.models import Channel
from irm.errors import RuleError
from irm.forms import LocalDateField
from irm.models import Team, User, Workspace
from irm.text import name_order
from irm.versions import version_field

_TAG_SPLIT = re.compile(r"[\s,]+")


def error_to_form(form: forms.Form, error: RuleError) -> None:
    """Show a service's refusal next to the field it is about (or on top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class BrandForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name")
    description = forms.CharField(
        required=False, label="Description", widget=forms.Textarea(attrs={"rows": 3})
    )
    values = forms.CharField(
        required=False,
        label="What the brand stands for",
        help_text="Its values and causes, so briefs and pitches fit both the brand and the people.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.URLField(required=False, max_length=500, label="Website", assume_scheme="https")


class CampaignForm(forms.Form):
    """Every field of the brief. Choices are this workspace's brands, members and teams only."""

    name = forms.CharField(max_length=150, label="Name")
    brand = forms.ModelChoiceField(
        queryset=Brand.objects.none(), label="Brand", to_field_name="public_id"
    )
    status = forms.ChoiceField(choices=CampaignStatus.choices, label="Status")
    goal = forms.CharField(required=False, label="Goal", widget=forms.Textarea(attrs={"rows": 2}))
    story = forms.CharField(
        required=False,
        label="Story",
        help_text="The brief: the story we tell together.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    key_messages = forms.CharField(
        required=False, label="Key messages", widget=forms.Textarea(attrs={"rows": 3})
    )
    dos = forms.CharField(required=False, label="Do's", widget=forms.Textarea(attrs={"rows": 3}))
    donts = forms.CharField(
        required=False, label="Don'ts", widget=forms.Textarea(attrs={"rows": 3})
    )
    hashtags = forms.CharField(
        required=False,
        label="Hashtags",
        help_text="Separated by spaces or commas, e.g. #springtrails #ad",
    )
    disclosure = forms.CharField(
        required=False,
        label="Disclosure",
        help_text="How partnerships are disclosed, e.g. #ad and the paid-partnership label.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_on = LocalDateField(required=False, label="Starts on", whose=None)
    ends_on = LocalDateField(required=False, label="Ends on", whose=None)
    budget = forms.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2, label="Budget"
    )
    currency = forms.CharField(max_length=3, initial="EUR", label="Currency")
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Owner", to_field_name="public_id"
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label="Team", to_field_name="public_id"
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = Brand.objects.filter(workspace=workspace)
        self.fields["owner"].queryset = User.objects.filter(
            memberships__workspace=workspace
        ).order_by(name_order(), "email")
        self.fields["owner"].label_from_instance = lambda user: user.name or user.email
        self.fields["team"].queryset = Team.objects.filter(workspace=workspace).order_by("name")

    def clean_hashtags(self) -> list[str]:
        return [tag for tag in _TAG_SPLIT.split(self.cleaned_data.get("hashtags", "")) if tag]


class CampaignEditForm(CampaignForm):
    """The brief as edited, with the version it was opened at (irm/versions.py)."""

    version = version_field()


class InviteForm(forms.Form):
    """One personal invitation per chosen person, each its own draft in the composer."""

    subject = forms.CharField(max_length=200, required=False, label="Subject")
    body = forms.CharField(
        label="Invitation",
        help_text="Merge fields: {first_name}, {name}, {my_name}.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.EMAIL, label="Channel")


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices)
    position = forms.IntegerField(required=False, min_value=0)
    # Required by the pipeline for a move past several stages; its length is checked there too,
    # so a long one comes back with what was typed.
    reason = forms.CharField(required=False)
