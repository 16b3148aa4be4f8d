"""The relationship timeline of one influencer, the quick-log composer, the Activity page.

The timeline is one panel (`contacts/timeline.html#timeline-panel`): last-contact facts, what we
owe them, the composer, the filters and the entries. The profile page loads it with htmx; on
its own it is a full page that works without JavaScript. After any write the panel is rendered
again, so the new entry sits at its place in time and the last-contact facts follow.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.forms.timeline import (
    ActivityFilters,
    InteractionForm,
    TimelineFilters,
    composer_form,
    cursor_decode,
    cursor_encode,
)
from contacts.kinds import SYSTEM_KINDS
from contacts.models import (
    Channel,
    Direction,
    Influencer,
    Interaction,
    InteractionKind,
    Sentiment,
)
from contacts.selectors import influencers as influencer_selectors
from contacts.selectors import timeline as timeline_selectors
from contacts.services import timeline as timeline_services
from irm import selectors as irm_selectors
from irm.access import workspace_view
from irm.dates import DateWords
from irm.errors import RuleError
from irm.models import Role
from irm.paths import RowPath
from irm.views import form_rule_error

PAGE_SIZE = 30
ACTIVITY_PAGE_SIZE = 50
# An entry logged this long after it happened says so ("logged later").
LOGGED_LATER_AFTER = timedelta(hours=24)
# Bodies longer than this fold behind a <details>.
FOLD_BODY_CHARS = 400
FOLD_BODY_LINES = 6

# Lucide icons (irm's {% icon %} tag, static/vendor/lucide/): drawn inline, so a timeline
# reads the same without an emoji font. The kind's name stands next to each one.
KIND_ICONS = {
    InteractionKind.EMAIL: "mail",
    InteractionKind.DM: "message-circle",
    InteractionKind.CALL: "phone",
    InteractionKind.MEETING: "users",
    InteractionKind.EVENT: "ticket",
    InteractionKind.GIFT: "gift",
    InteractionKind.NOTE: "notebook-pen",
    InteractionKind.PITCH: "megaphone",
    InteractionKind.FOLLOW_UP: "repeat",
    InteractionKind.REPLY: "reply",
    InteractionKind.AUTO_REPLY: "bot",
    InteractionKind.DELIVERY_FAILURE: "triangle-alert",
    InteractionKind.CONTENT: "camera",
    InteractionKind.CONTRACT: "file-text",
    InteractionKind.PAYMENT: "banknote",
    InteractionKind.STAGE_CHANGE: "shuffle",
    InteractionKind.DO_NOT_CONTACT: "ban",
    InteractionKind.CHANNEL_CHANGE: "door-open",
    InteractionKind.MERGE: "link",
    InteractionKind.COLLABORATION_DONE: "handshake",
}
DIRECTION_ARROWS = {Direction.INBOUND: "←", Direction.OUTBOUND: "→", Direction.INTERNAL: "•"}


def _decorate(entries: list[Interaction], request: HttpRequest, previous: datetime | None):
    """What each entry shows beyond its fields: a month heading when the month changes (in
    the viewer's time zone, continuing from the page before), icon, folding, who may edit, and
    its labels and dates in words, worked out once per page (EntryTerms) rather than per lookup."""
    may_write = request.membership.may(Role.MEMBER)
    terms = EntryTerms.current()
    month = terms.dates.month(previous) if previous else None
    edit_path = RowPath("contacts:interaction-edit", request.workspace.slug)
    delete_path = RowPath("contacts:interaction-delete", request.workspace.slug)
    for entry in entries:
        entry.month_heading = terms.dates.month(entry.occurred_at)
        entry.starts_month = entry.month_heading != month
        month = entry.month_heading
        entry.edit_url, entry.delete_url = edit_path(entry.public_id), delete_path(entry.public_id)
        entry.icon = KIND_ICONS.get(entry.kind, "dot")
        entry.arrow = DIRECTION_ARROWS.get(entry.direction, "")
        entry.logged_later = entry.created_at - entry.occurred_at > LOGGED_LATER_AFTER
        entry.folded = (
            len(entry.body) > FOLD_BODY_CHARS or entry.body.count("\n") >= FOLD_BODY_LINES
        )
        entry.is_system = entry.kind in SYSTEM_KINDS
        entry.editable = may_write and entry.author_id == request.user.pk and not entry.is_system
        terms.label(entry)
    return entries


@dataclass(frozen=True, slots=True)
class EntryTerms:
    """The labels and date words every entry of a page reads alike, in the active language
    and zone."""

    dates: DateWords
    kinds: dict[str, str]
    directions: dict[str, str]
    channels: dict[str, str]
    sentiments: dict[str, str]

    @classmethod
    def current(cls) -> "EntryTerms":
        return cls(
            dates=DateWords.current(),
            kinds=_labels(InteractionKind),
            directions=_labels(Direction),
            channels=_labels(Channel),
            sentiments=_labels(Sentiment),
        )

    def label(self, entry: Interaction) -> None:
        """What the entry's template shows of its choices and moments, as words."""
        entry.kind_label = self.kinds.get(entry.kind, entry.kind)
        entry.direction_label = self.directions.get(entry.direction, entry.direction)
        entry.channel_label = self.channels.get(entry.channel, entry.channel)
        entry.sentiment_label = self.sentiments.get(entry.sentiment, entry.sentiment)
        entry.occurred_iso = self.dates.iso(entry.occurred_at)
        entry.occurred_words = self.dates.weekday_and_time(entry.occurred_at)
        entry.logged_words = self.dates.day_and_time(entry.created_at)
        entry.logged_day = self.dates.day(entry.created_at)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _page_url(base: str, query: dict[str, str], cursor: tuple[datetime, int] | None) -> str:
    if cursor is None:
        return ""
    params = QueryDict(mutable=True)
    params.update({**query, "before": cursor_encode(cursor)})
    return f"{base}?{params.urlencode()}"


def _commitment_lines(influencer: Influencer, now: datetime) -> list[dict]:
    """What we owe them, in words: "{name} wrote on 12 Nov and is still waiting"."""
    lines = []
    for commitment in timeline_selectors.open_commitments(influencer=influencer):
        lines.append(
            {
                "commitment": commitment,
                "waiting_since": commitment.opened_by.occurred_at
                if commitment.opened_by_id
                else None,
                "overdue": commitment.due_at < now,
            }
        )
    return lines


def _filters_after_write(request: HttpRequest, influencer: Influencer) -> TimelineFilters:
    """After a write, the panel keeps the filters the person was looking at (htmx tells us the
    address the page shows); a plain form post starts unfiltered."""
    current = request.htmx.current_url if request.htmx else None
    if current:
        parts = urlsplit(current)
        if parts.path == _timeline_url(request, influencer):
            return TimelineFilters.from_query(QueryDict(parts.query))
    return TimelineFilters()


def _timeline_url(request: HttpRequest, influencer: Influencer) -> str:
    return reverse("contacts:timeline", args=[request.workspace.slug, influencer.public_id])


def _panel_context(
    request: HttpRequest,
    influencer: Influencer,
    filters: TimelineFilters,
    *,
    before: tuple[datetime, int] | None = None,
    form: InteractionForm | None = None,
) -> dict:
    now = timezone.now()
    entries, cursor = timeline_selectors.timeline_page(
        influencer=influencer, before=before, size=PAGE_SIZE, **filters.selector_kwargs()
    )
    may_log = request.membership.may(Role.MEMBER)
    if may_log and form is None:
        form = composer_form(now=now)
    base = _timeline_url(request, influencer)
    return {
        "influencer": influencer,
        "entries": _decorate(entries, request, before[0] if before else None),
        "next_url": _page_url(base, filters.as_query(), cursor),
        "before": before,
        "timeline_url": base,
        "filters": filters,
        "commitments": _commitment_lines(influencer, now),
        "may_log": may_log,
        "form": form,
        "authors": irm_selectors.workspace_members(workspace=request.workspace).prefetch_related(
            None
        ),
        "kinds": InteractionKind.choices,
        "directions": Direction.choices,
        "channels": Channel.choices,
    }


def _panel(
    request: HttpRequest, influencer: Influencer, filters: TimelineFilters, **kwargs
) -> HttpResponse:
    """The panel alone (htmx), retargeted at the panel whatever the request aimed at."""
    status = kwargs.pop("status", 200)
    context = _panel_context(request, influencer, filters, **kwargs)
    response = render(request, "contacts/timeline.html#timeline-panel", context, status=status)
    response["HX-Retarget"] = "#timeline-panel"
    response["HX-Reswap"] = "outerHTML"
    if status == 200:
        # The profile page listens for this to refresh what it shows from the timeline.
        response["HX-Trigger"] = "timelineChanged"
    return response


@require_GET
@workspace_view(read=Role.VIEWER)
def timeline(request: HttpRequest, public_id) -> HttpResponse:
    influencer = influencer_selectors.influencer_get(
        workspace=request.workspace, public_id=public_id
    )
    filters = TimelineFilters.from_query(request.GET)
    before = cursor_decode(request.GET.get("before", ""))
    context = _panel_context(request, influencer, filters, before=before)
    if request.htmx and before is not None:
        template = "contacts/_timeline_entries.html"
    elif request.htmx and request.htmx.target == "timeline-list":
        template = "contacts/timeline.html#timeline-list"
    elif request.htmx:
        template = "contacts/timeline.html#timeline-panel"
    else:
        template = "contacts/timeline.html"
    return render(request, template, context)


@require_POST
@workspace_view(write=Role.MEMBER)
def interaction_log(request: HttpRequest, public_id) -> HttpResponse:
    """The quick-log composer: it records what already happened (only the future and an empty
    summary are refused)."""
    influencer = influencer_selectors.influencer_get(
        workspace=request.workspace, public_id=public_id
    )
    form = InteractionForm(request.POST)
    filters = _filters_after_write(request, influencer)
    if form.is_valid():
        now = timezone.now()
        changes = form.changes()
        if request.POST.get("occurred_at") == request.POST.get("shown_now"):
            # The pre-filled "now" was not touched: it means now, however long the form was open.
            changes["occurred_at"] = now
        try:
            timeline_services.interaction_record(
                influencer=influencer, author=request.user, now=now, **changes
            )
        except RuleError as error:
            form_rule_error(form, error)
        else:
            messages.success(request, "Logged on the timeline.")
            if request.htmx:
                return _panel(request, influencer, filters)
            return redirect(_timeline_url(request, influencer))
    if request.htmx:
        return _panel(request, influencer, filters, form=form, status=400)
    context = _panel_context(request, influencer, filters, form=form)
    return render(request, "contacts/timeline.html", context, status=400)


def _own_entry(request: HttpRequest, public_id) -> Interaction:
    """The entry, if it is the viewer's own and not a system entry: 404 outside the workspace,
    403 for anyone else's, before any input is read."""
    interaction = timeline_selectors.interaction_get(
        workspace=request.workspace, public_id=public_id
    )
    if interaction.author_id != request.user.pk:
        raise PermissionDenied("Only the author can change this entry.")
    if interaction.kind in SYSTEM_KINDS:
        raise PermissionDenied("Entries Rapport wrote about a change cannot be changed.")
    return interaction


def _edit_form(interaction: Interaction, request: HttpRequest, data=None) -> InteractionForm:
    initial = {
        "kind": interaction.kind,
        "direction": interaction.direction,
        "channel": interaction.channel,
        # To the minute, as the input shows it: an untouched moment is then no change.
        "occurred_at": interaction.occurred_at.replace(second=0, microsecond=0),
        "summary": interaction.summary,
        "body": interaction.body,
        "sentiment": interaction.sentiment,
    }
    return InteractionForm(
        data,
        initial=initial,
        prefix_id=f"edit-{interaction.public_id}",
    )


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def interaction_edit(request: HttpRequest, public_id) -> HttpResponse:
    interaction = _own_entry(request, public_id)
    influencer = interaction.influencer
    form = _edit_form(interaction, request, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changes = {name: value for name, value in form.changes().items()
                       if name in form.changed_data}  # fmt: skip
            try:
                timeline_services.interaction_edit(
                    interaction=interaction, actor=request.user, **changes
                )
            except RuleError as error:
                form_rule_error(form, error)
            else:
                messages.success(request, "Entry updated.")
                if request.htmx:
                    return _panel(request, influencer, _filters_after_write(request, influencer))
                return redirect(_timeline_url(request, influencer))
        status = 400
    context = {
        "entry": interaction,
        "influencer": influencer,
        "form": form,
        "timeline_url": _timeline_url(request, influencer),
    }
    template = "contacts/timeline_edit.html"
    return render(
        request, f"{template}#entry-edit" if request.htmx else template, context, status=status
    )


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def interaction_delete(request: HttpRequest, public_id) -> HttpResponse:
    """GET asks for confirmation (in place with htmx), POST deletes softly (audited)."""
    interaction = _own_entry(request, public_id)
    influencer = interaction.influencer
    if request.method == "POST":
        try:
            timeline_services.interaction_delete(interaction=interaction, actor=request.user)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Entry deleted.")
        if request.htmx:
            return _panel(request, influencer, _filters_after_write(request, influencer))
        return redirect(_timeline_url(request, influencer))
    _decorate([interaction], request, None)
    context = {
        "entry": interaction,
        "influencer": influencer,
        "timeline_url": _timeline_url(request, influencer),
    }
    template = "contacts/timeline_delete.html"
    return render(request, f"{template}#entry-delete" if request.htmx else template, context)


# --- the workspace's Activity page ---------------------------------------------------------------


@require_GET
@workspace_view(read=Role.VIEWER, menus=True)
def activity(request: HttpRequest) -> HttpResponse:
    """Recent timeline entries across the workspace's influencers."""
    filters = ActivityFilters.from_query(request.GET)
    before = cursor_decode(request.GET.get("before", ""))
    entries, cursor = timeline_selectors.activity_page(
        workspace=request.workspace,
        before=before,
        size=ACTIVITY_PAGE_SIZE,
        **filters.selector_kwargs(),
    )
    base = reverse("contacts:activity", args=[request.workspace.slug])
    context = {
        "entries": _decorate(entries, request, before[0] if before else None),
        "next_url": _page_url(base, filters.as_query(), cursor),
        "before": before,
        "activity_url": base,
        "filters": filters,
        "teams": request.menu_teams,
        "owners": request.menu_members,
        "kinds": InteractionKind.choices,
        "show_influencer": True,
    }
    if request.htmx and before is not None:
        template = "contacts/_timeline_entries.html"
    elif request.htmx and request.htmx.target == "activity-list":
        template = "contacts/activity.html#activity-list"
    else:
        template = "contacts/activity.html"
    return render(request, template, context)
