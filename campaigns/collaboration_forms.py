"""Forms of the collaboration page, the exchange rates page and the results import. They read
input only: every rule (what may follow what, amounts, dates) is the services' to decide, and
their messages come back onto these forms."""

from django import forms

from campaigns.services.deliverables import METRIC_FIELDS
from contacts.models import DeliverableType
from irm.forms import LocalDateField, LocalDateTimeField

# How many deliverable rows the offer form shows; an offer rarely pays for more kinds at once.
OFFER_ITEM_ROWS = 3


def _money(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_digits=12, decimal_places=2
    )


def _currency(initial: str = "EUR") -> forms.CharField:
    return forms.CharField(label="Currency", max_length=3, initial=initial)


class _OwnIds(forms.Form):
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


class DeliverableForm(_OwnIds):
    id_prefix = "deliverable"

    kind = forms.ChoiceField(label="Kind", choices=DeliverableType.choices)
    title = forms.CharField(label="Title", max_length=200, required=False)
    due_on = LocalDateField(label="Due on", required=False, whose=None)


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

    def __init__(self, *args, deliverables=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].choices = [("", "The whole collaboration")] + [
            (str(d.public_id), str(d)) for d in deliverables
        ]


class ExchangeRateForm(forms.Form):
    from_currency = forms.CharField(label="From (1 unit of)", max_length=3)
    to_currency = forms.CharField(label="To", max_length=3)
    rate = forms.DecimalField(label="Rate", max_digits=14, decimal_places=6)
    as_of = LocalDateField(label="As of", whose=None)


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A column with the deliverable id or the published URL, and metric columns "
        "(likes, comments, shares, saves, views, clicks, conversions, positive, neutral or "
        "negative comments).",
    )
