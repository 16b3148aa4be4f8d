"""Input of the outreach pages. Forms read and shape what was typed; the rules (the contact
guard, templates' merge fields, attachments) live in the services, whose messages the views put
on these forms."""

from datetime import datetime

from django import forms

from contacts.models import Channel
from irm.forms import LocalDateTimeField
from irm.versions import version_field
from outreach.models import PitchStatus, PitchTemplate
from outreach.services.drafts import topic_names


class TopicsField(forms.CharField):
    """Comma-separated topics: “Trail running, gear”."""

    def to_python(self, value) -> list[str]:
        return topic_names(super().to_python(value) or "")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value


class ComposeForm(forms.Form):
    """The composer: what the pitch says and what to do with it (the button pressed)."""

    ACTIONS = ("save", "send", "schedule", "override")

    template = forms.ModelChoiceField(
        queryset=PitchTemplate.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="— No template —",
        label="Template",
    )
    channel = forms.ChoiceField(choices=Channel.choices, label="Channel")
    topics = TopicsField(
        required=False,
        label="Topics",
        help_text="Comma-separated, e.g. Trail running, gear.",
    )
    subject = forms.CharField(max_length=200, required=False, label="Subject")
    body = forms.CharField(
        required=False,
        strip=False,
        label="Message",
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    send_at = LocalDateTimeField(required=False, label="Send at")
    override_reason = forms.CharField(
        required=False,
        label="Why override the contact rules?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The draft's version when the composer opened it (irm/versions.py); none for a new pitch.
    version = version_field()

    def __init__(self, *args, workspace, channels: list, **kwargs) -> None:
        kwargs.setdefault("auto_id", "compose-%s")
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = PitchTemplate.objects.filter(
            workspace=workspace, archived_at__isnull=True
        ).order_by("name")
        # Only open doors are offered; anything else posted is refused by the guard, with why.
        self.fields["channel"].widget.choices = [(c.value, c.label) for c in channels]

    @property
    def action(self) -> str:
        action = self.data.get("action", "save") if self.is_bound else "save"
        return action if action in self.ACTIONS else "save"

    def clean(self):
        data = super().clean()
        if self.action == "schedule":
            send_at = data.get("send_at")
            # When it goes is the send service's rule (outreach.services); here only that
            # a moment was given.
            if send_at is None and "send_at" not in self.errors:
                self.add_error("send_at", "Pick when it should go.")
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[
            (PitchStatus.REPLIED, "Replied"),
            (PitchStatus.ACCEPTED, "Accepted"),
            (PitchStatus.DECLINED, "Declined"),
            (PitchStatus.NO_RESPONSE, "No response"),
        ],
        widget=forms.RadioSelect,
        label="Their answer",
    )
    declined_topics = TopicsField(
        required=False,
        label="Topics they said no to",
        help_text="Empty: the pitch's topics. Rapport will not pitch these again for a while.",
    )
    note = forms.CharField(
        required=False, label="What they said", widget=forms.Textarea(attrs={"rows": 3})
    )
    answered_at = LocalDateTimeField(required=False, label="When (empty: now)")

    def __init__(self, *args, now: datetime, **kwargs) -> None:
        kwargs.setdefault("auto_id", "answer-%s")
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_answered_at(self):
        moment = self.cleaned_data.get("answered_at")
        if moment is not None and moment > self.now:
            raise forms.ValidationError("This has not happened yet: pick a moment in the past.")
        return moment


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name")
    subject = forms.CharField(max_length=200, required=False, label="Subject")
    body = forms.CharField(strip=False, label="Text", widget=forms.Textarea(attrs={"rows": 12}))
    topics = TopicsField(
        required=False, label="Topics", help_text="Comma-separated; pitches start with these."
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "template-%s")
        super().__init__(*args, **kwargs)


class IdentityForm(forms.Form):
    from_name = forms.CharField(
        max_length=120,
        label="From name",
        help_text="Pitches show “<your From name> via <workspace>”.",
    )
    signature = forms.CharField(
        required=False,
        label="Signature",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added under every email pitch you send from this workspace.",
    )
