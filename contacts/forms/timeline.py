"""Input of the timeline pages (contacts/forms/timeline.py): the quick-log composer, the filters
and the page cursor."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone

from contacts.kinds import SYSTEM_KINDS
from contacts.models import Channel, Direction, InteractionKind, Sentiment
from irm.forms import DATETIME_LOCAL, LocalDateTimeField

# What a person may log by hand: the system entries record changes made elsewhere.
LOGGABLE_KINDS = [choice for choice in InteractionKind.choices if choice[0] not in SYSTEM_KINDS]

INTERACTION_FIELDS = ("kind", "direction", "channel", "occurred_at", "summary", "body", "sentiment")


class InteractionForm(forms.Form):
    """Log (or edit) one fact of the timeline. The moment is read in the viewer's time zone; the
    future is refused by the service, with its message, on this form's field."""

    kind = forms.ChoiceField(choices=LOGGABLE_KINDS, initial=InteractionKind.NOTE)
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.OUTBOUND)
    channel = forms.ChoiceField(
        choices=[("", "—"), *Channel.choices], required=False, label="Channel"
    )
    occurred_at = LocalDateTimeField(label="When it happened")
    summary = forms.CharField(
        max_length=300,
        label="Summary",
        widget=forms.TextInput(attrs={"placeholder": "What happened, in a few words"}),
    )
    body = forms.CharField(
        required=False,
        label="Details",
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
    )
    sentiment = forms.ChoiceField(
        choices=[("", "—"), *Sentiment.choices], required=False, label="Sentiment"
    )

    def __init__(self, *args, prefix_id: str = "log", **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in INTERACTION_FIELDS}


def composer_form(*, now: datetime) -> InteractionForm:
    """Pre-filled with now to the minute, as the page's hidden `shown_now` repeats it: the
    view tells an untouched "now" from a typed moment by comparing the two."""
    shown = timezone.localtime(now).strftime(DATETIME_LOCAL)
    return InteractionForm(initial={"occurred_at": shown})


# --- the page cursor ---------------------------------------------------------------------------


def cursor_encode(cursor: tuple[datetime, int] | None) -> str:
    """`<occurred_at in UTC, ISO 8601>_<id>`: where the next page starts."""
    if cursor is None:
        return ""
    occurred_at, pk = cursor
    return f"{occurred_at.astimezone(UTC).isoformat()}_{pk}"


def cursor_decode(value: str) -> tuple[datetime, int] | None:
    """The cursor, or None for anything malformed (a hand-edited link starts over)."""
    moment, _, pk = value.strip().rpartition("_")
    try:
        occurred_at = datetime.fromisoformat(moment)
        number = int(pk)
    except ValueError:
        return None
    if occurred_at.tzinfo is None or not 0 < number < 2**63:
        return None
    return occurred_at, number


# --- filters -------------------------------------------------------------------------------------


def _uuid_text(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


@dataclass
class TimelineFilters:
    """The timeline's filters as they stand in the URL; unknown values are ignored."""

    kind: str = ""
    direction: str = ""
    channel: str = ""
    author: str = ""  # User public_id

    @classmethod
    def from_query(cls, params: QueryDict) -> "TimelineFilters":
        def pick(name: str, choices) -> str:
            value = params.get(name, "").strip()
            return value if value in {choice for choice, _ in choices} else ""

        return cls(
            kind=pick("kind", InteractionKind.choices),
            direction=pick("direction", Direction.choices),
            channel=pick("channel", Channel.choices),
            author=_uuid_text(params.get("author", "").strip()),
        )

    def as_query(self) -> dict[str, str]:
        return {name: value for name, value in vars(self).items() if value}

    @property
    def active(self) -> bool:
        return bool(self.as_query())

    def selector_kwargs(self) -> dict:
        return {
            "kinds": [self.kind] if self.kind else None,
            "direction": self.direction,
            "channel": self.channel,
            "author": self.author,
        }


@dataclass
class ActivityFilters:
    """The Activity page's filters: the influencer's team and owner ("none": without), a kind."""

    team: str = ""
    owner: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, params: QueryDict) -> "ActivityFilters":
        def public_id(name: str) -> str:
            value = params.get(name, "").strip()
            return "none" if value == "none" else _uuid_text(value)

        kind = params.get("kind", "").strip()
        return cls(
            team=public_id("team"),
            owner=public_id("owner"),
            kind=kind if kind in InteractionKind.values else "",
        )

    def as_query(self) -> dict[str, str]:
        values = {"team": self.team, "owner": self.owner, "kind": self.kind}
        return {name: value for name, value in values.items() if value}

    def selector_kwargs(self) -> dict:
        return {"team": self.team, "owner": self.owner, "kinds": [self.kind] if self.kind else None}
