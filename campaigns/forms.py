"""Forms for the campaign pages: brands, the brief, the board (invite, move), one
collaboration's page (offers, contract, payments, shipment, deliverables and their review,
results, moments), the exchange rates page and the results import. They only read and shape
input; the rules (names taken, dates in order, what may follow what, amounts) live in
campaigns.services, whose RuleError the views put back on these forms under the field it names
(irm.views.form_rule_error)."""

import re

from django import forms

from campaigns.models import Brand, CampaignStatus, Stage
from campaigns.selectors.campaigns import brands_of, workspace_members, workspace_teams
from campaigns.services.deliverables import METRIC_FIELDS
from contacts.models import Channel, DeliverableType
from irm.forms import LocalDateField, LocalDateTimeField
from irm.models import Team, User, Workspace
from irm.versions import version_field

_TAG_SPLIT = re.compile(r"[\s,]+")


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
        self.fields["brand"].queryset = brands_of(workspace=workspace)
        self.fields["owner"].queryset = workspace_members(workspace=workspace)
        self.fields["owner"].label_from_instance = lambda user: user.name or user.email
        self.fields["team"].queryset = workspace_teams(workspace=workspace)

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


# --- one collaboration's page, the exchange rates page and the results import ---------------

# How many deliverable rows the offer form shows; an offer rarely pays for more kinds at once.
OFFER_ITEM_ROWS = 3


def _money(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_digits=12, decimal_places=2
    )


def _currency(initial: str = "EUR") -> forms.CharField:
    return forms.CharField(label="Currency", max_length=3, initial=initial)


class LaidOut(forms.Form):
    """A form drawn by templates/campaigns/_laid_out_form.html: `layout` lists its fields in
    order, a tuple of names standing side by side on one row."""

    layout: tuple = ()

    @property
    def layout_rows(self) -> list[tuple[bool, list]]:
        """(side by side?, the bound fields) for each row of `layout`."""
        rows = []
        for row in self.layout:
            names = row if isinstance(row, tuple) else (row,)
            rows.append((isinstance(row, tuple), [self[name] for name in names]))
        return rows


class _OwnIds(LaidOut):
    """Several forms share a page (a currency on the offer, the payment and the shipment): each
    names its inputs' ids after itself so every label points at its own input."""

    id_prefix = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class OfferForm(_OwnIds):
    id_prefix = "offer"

    fee = _money("Fee")
    currency = _currency()
    product = forms.CharField(label="Product", max_length=300, required=False)
    product_value = _money("Product value")
    affiliate_percent = forms.DecimalField(
        label="Affiliate share (%)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    cross_promotion = forms.CharField(
        label="Cross-promotion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. we share their post on the brand's account",
    )
    other_value = forms.CharField(
        label="Other value", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        types = [("", "—"), *DeliverableType.choices]
        for row in range(1, OFFER_ITEM_ROWS + 1):
            self.fields[f"item_{row}_type"] = forms.ChoiceField(
                label=f"Deliverable {row}", choices=types, required=False
            )
            self.fields[f"item_{row}_quantity"] = forms.IntegerField(
                label=f"How many ({row})", min_value=1, max_value=100, required=False
            )

    def item_rows(self) -> list[tuple]:
        return [
            (self[f"item_{row}_type"], self[f"item_{row}_quantity"])
            for row in range(1, OFFER_ITEM_ROWS + 1)
        ]

    def items(self) -> list[tuple[str, int]]:
        chosen = []
        for row in range(1, OFFER_ITEM_ROWS + 1):
            kind = self.cleaned_data.get(f"item_{row}_type")
            if kind:
                chosen.append((kind, self.cleaned_data.get(f"item_{row}_quantity") or 1))
        return chosen


class ContractForm(_OwnIds):
    """The status comes from the button pressed: one per move the contract may make."""

    id_prefix = "contract"

    status = forms.CharField(max_length=10)
    signed_on = LocalDateField(label="Signed on", required=False)
    file = forms.FileField(label="Contract file (PDF or Word)", required=False)


class PaymentForm(_OwnIds):
    id_prefix = "payment"

    amount = _money("Amount", required=True)
    currency = _currency()
    due_on = LocalDateField(label="Due on", whose=None)
    note = forms.CharField(label="Note", max_length=300, required=False)

    layout = (("amount", "currency", "due_on"), "note")


class PaidForm(forms.Form):
    paid_on = LocalDateField(label="Paid on", required=False)


class ShipmentForm(_OwnIds):
    id_prefix = "shipment"

    # Left to the service to require, so its message is the one shown.
    items = forms.CharField(
        label="What is sent",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    value = _money("Value")
    currency = _currency()
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    carrier = forms.CharField(label="Carrier", max_length=80, required=False)
    tracking = forms.CharField(label="Tracking number", max_length=120, required=False)

    layout = ("items", ("value", "currency"), "address", ("carrier", "tracking"))


class DeliverableForm(_OwnIds):
    id_prefix = "deliverable"

    kind = forms.ChoiceField(label="Kind", choices=DeliverableType.choices)
    title = forms.CharField(label="Title", max_length=200, required=False)
    due_on = LocalDateField(label="Due on", required=False, whose=None)

    layout = (("kind", "title", "due_on"),)


class DraftForm(forms.Form):
    draft_url = forms.CharField(label="Link to the draft", max_length=500)


class ChangesForm(forms.Form):
    comment = forms.CharField(
        label="What should change", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class PublishForm(forms.Form):
    published_url = forms.CharField(label="Published at (URL)", max_length=500)
    published_at = LocalDateTimeField(label="Published on")


METRIC_LABELS = {
    "likes": "Likes",
    "comments": "Comments",
    "shares": "Shares",
    "saves": "Saves",
    "views": "Views",
    "clicks": "Clicks",
    "conversions": "Conversions",
    "positive_comments": "Positive comments",
    "neutral_comments": "Neutral comments",
    "negative_comments": "Negative comments",
}


class ResultsForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in METRIC_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=METRIC_LABELS[name], min_value=0, required=False, initial=0
            )


class MomentForm(_OwnIds):
    id_prefix = "moment"

    text = forms.CharField(
        label="The moment, in words",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text="The best comment, what the audience said, what changed.",
    )
    deliverable = forms.ChoiceField(label="About (optional)", required=False, choices=[])

    layout = ("text", "deliverable")

    def __init__(self, *args, deliverables=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].choices = [("", "The whole collaboration")] + [
            (str(d.public_id), str(d)) for d in deliverables
        ]


class ExchangeRateForm(LaidOut):
    from_currency = forms.CharField(label="From (1 unit of)", max_length=3)
    to_currency = forms.CharField(label="To", max_length=3)
    rate = forms.DecimalField(label="Rate", max_digits=14, decimal_places=6)
    as_of = LocalDateField(label="As of", whose=None)

    layout = (("from_currency", "to_currency", "rate", "as_of"),)


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A column with the deliverable id or the published URL, and metric columns "
        "(likes, comments, shares, saves, views, clicks, conversions, positive, neutral or "
        "negative comments).",
    )
