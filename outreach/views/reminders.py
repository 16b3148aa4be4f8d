"""The reminders page, under /w/<slug>/reminders/: what needs doing, overdue, today and in the
next two weeks, in the viewer's own time zone; mine or my teams'. Each reminder says why now,
when we last spoke with the person and what would help next; it is done, snoozed (a day, a week,
until a date) or dismissed here, and "Write" opens the composer, where the contact guard checks.
A small form adds a reminder of one's own.

Anyone in the workspace reads their page; members and up act, and only on reminders they may
act on (their own; managers on anyone's). htmx swaps the row and the counts; without JavaScript
the forms post and come back here."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from contacts.models import Influencer
from irm.access import workspace_view
from irm.errors import RuleError
from irm.forms import LocalDateField, LocalTimeField, wall_clock_moment
from irm.models import Role
from irm.paths import RowPath
from irm.views import form_rule_error
from outreach import selectors
from outreach.models import OPEN_STATUSES, Reminder, ReminderKind
from outreach.selectors import reminders as reminder_selectors
from outreach.services.reminder_plans import custom_reminder_create
from outreach.services.reminders import (
    reminder_dismiss,
    reminder_done,
    reminder_may_act,
    reminder_snooze,
)

PAGE = "outreach/reminders.html"
ROW = "outreach/_reminder_row.html"
SCOPES = {"me": "Mine", "team": "My teams"}
# htmx tells which region asked (HX-Target): the influencer search of the add form refills only
# its choices; anything else redraws the list.
CHOICES_TARGET = "reminder-influencer"
DEFAULT_HOUR = time(9, 0)
# Rows drawn per section unless the person asks for all ("?show=all"): hundreds of overdue rows,
# each with its forms, made the page take seconds to draw and to read; the counts stay whole.
SECTION_ROWS = 25
SHOW_ALL = "all"


@dataclass
class Section:
    key: str
    title: str
    empty: str
    reminders: list  # the rows drawn: the first SECTION_ROWS unless all were asked for
    count: int  # how many the section holds

    @property
    def hidden_count(self) -> int:
        return self.count - len(self.reminders)


class CustomReminderForm(forms.Form):
    """A reminder of one's own: what, when (the viewer's wall clock), optionally about whom."""

    title = forms.CharField(max_length=200, label="What to remember")
    # The time beside it names the zone both are read in.
    day = LocalDateField(label="Day", whose=None)
    at = LocalTimeField(label="Time")
    q = forms.CharField(required=False, max_length=200, label="Find an influencer")
    influencer = forms.UUIDField(required=False, label="About (optional)")
    note = forms.CharField(
        required=False,
        max_length=300,
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, now: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self) -> dict:
        data = super().clean()
        day, at = data.get("day"), data.get("at")
        if day is not None and at is not None:
            try:
                data["due_at"] = wall_clock_moment(datetime.combine(day, at))
            except forms.ValidationError as error:
                self.add_error("at", error)
            else:
                if data["due_at"] <= self.now:
                    self.add_error("day", "Pick a moment in the future.")
        return data


# --- reading ------------------------------------------------------------------------------------


def _scope(source) -> str:
    scope = source.get("scope", "me")
    return scope if scope in SCOPES else "me"


def _kind(source) -> str:
    kind = source.get("kind", "")
    return kind if kind in ReminderKind.values else ""


def _show_all(source) -> bool:
    return source.get("show") == SHOW_ALL


def _page_url(request: HttpRequest, scope: str, kind: str, *, show_all: bool = False) -> str:
    url = reverse("outreach:reminders", args=[request.workspace.slug])
    query = {}
    if scope != "me":
        query["scope"] = scope
    if kind:
        query["kind"] = kind
    if show_all:
        query["show"] = SHOW_ALL
    return f"{url}?{urlencode(query)}" if query else url


def _last_contact(influencer: Influencer | None) -> tuple[str, datetime] | None:
    """When we last heard from or spoke with them, from the influencer's own last_* fields
    (loaded with the row, so no query per reminder)."""
    if influencer is None:
        return None
    moments = [
        ("Last conversation", influencer.last_two_way_at),
        ("They last wrote", influencer.last_inbound_at),
        ("We last wrote", influencer.last_outbound_at),
    ]
    known = [(label, moment) for label, moment in moments if moment is not None]
    return max(known, key=lambda item: item[1]) if known else None


# A row's links, each reversed once per request and filled in per row (irm.paths.RowPath): a
# page of rows would otherwise reverse each of them per row (an action and its hx-post, the
# person, the pitch, the composer).
ACTIONS = {
    "done": "outreach:reminder-done",
    "snooze": "outreach:reminder-snooze",
    "dismiss": "outreach:reminder-dismiss",
}
LINKS = {
    "person": "contacts:influencer-detail",
    "pitch": "outreach:pitch-detail",
    "draft": "outreach:pitch-edit",
}


def _row_paths(request: HttpRequest) -> dict[str, RowPath]:
    paths = getattr(request, "reminder_row_paths", None)
    if paths is None:
        slug = request.workspace.slug
        paths = {key: RowPath(name, slug) for key, name in (ACTIONS | LINKS).items()}
        request.reminder_row_paths = paths
    return paths


def _write_url(request: HttpRequest) -> str:
    url = getattr(request, "reminder_write_url", None)
    if url is None:
        url = reverse("outreach:pitch-new", args=[request.workspace.slug])
        request.reminder_write_url = url
    return url


def _action_urls(request: HttpRequest, reminder: Reminder) -> dict[str, str]:
    paths = _row_paths(request)
    return {key: paths[key](reminder.public_id) for key in ACTIONS}


def _link(request: HttpRequest, key: str, public_id) -> str:
    return _row_paths(request)[key](public_id)


def _decorate(request: HttpRequest, reminder: Reminder) -> Reminder:
    """What a row needs that is about the viewer: may they act on it, may they write."""
    may_write = request.membership.may(Role.MEMBER)
    reminder.may_act = may_write and reminder_may_act(
        reminder=reminder, actor=request.user, role=request.membership.role
    )
    reminder.may_pitch = (
        may_write and reminder.influencer is not None and reminder.influencer.erased_at is None
    )
    reminder.last_contact = _last_contact(reminder.influencer)
    reminder.is_open = reminder.status in OPEN_STATUSES
    reminder.action_urls = _action_urls(request, reminder)
    if reminder.influencer is not None:
        reminder.person_url = _link(request, "person", reminder.influencer.public_id)
        reminder.write_url = _write_url(request)
    if reminder.pitch is not None:
        reminder.pitch_url = _link(request, "pitch", reminder.pitch.public_id)
        drafts = getattr(reminder.pitch, "draft_follow_ups", None)
        if drafts:
            reminder.draft_url = _link(request, "draft", drafts[0].public_id)
    return reminder


def _sections(
    request: HttpRequest, scope: str, kind: str, now: datetime, *, show_all: bool = False
) -> list[Section]:
    buckets = reminder_selectors.reminders_by_day(
        workspace=request.workspace,
        user=request.user,
        now=now,
        scope=scope,
        kind=kind,
        limit=None if show_all else SECTION_ROWS,
    )
    for reminder in (*buckets.overdue, *buckets.today, *buckets.upcoming):
        _decorate(request, reminder)
    upcoming = f"Nothing planned for the next {reminder_selectors.UPCOMING_DAYS} days."
    return [
        Section(
            "overdue",
            "Overdue",
            "Nothing overdue: nobody has been left waiting.",
            buckets.overdue,
            buckets.counts["overdue"],
        ),
        Section(
            "today", "Today", "Nothing else due today.", buckets.today, buckets.counts["today"]
        ),
        Section("upcoming", "Upcoming", upcoming, buckets.upcoming, buckets.counts["upcoming"]),
    ]


def _row_context(request: HttpRequest, scope: str, kind: str) -> dict:
    today = timezone.now().astimezone(request.user.zone).date()
    return {
        # A snooze to a date starts tomorrow, the person's tomorrow.
        "snooze_min": (today + timedelta(days=1)).isoformat(),
        "scope": scope,
        "kind": kind,
        "show_assignee": scope == "team",
    }


def _form(request: HttpRequest, now: datetime, data=None, initial=None) -> CustomReminderForm:
    if initial is None:
        tomorrow = now.astimezone(request.user.zone).date() + timedelta(days=1)
        initial = {"day": tomorrow, "at": DEFAULT_HOUR}
    return CustomReminderForm(data, initial=initial, now=now, auto_id="new-reminder-%s")


def _choices(request: HttpRequest, q: str, chosen) -> list[Influencer]:
    """Who a reminder may be about: matches for `q`, or the people the viewer owns; the one
    already chosen stays in the list."""
    rows = selectors.influencer_choices(workspace=request.workspace, user=request.user, q=q)
    if chosen is not None and chosen not in rows:
        rows.insert(0, chosen)
    return rows


def _chosen(request: HttpRequest, value) -> Influencer | None:
    public_id = _uuid(value)
    if public_id is None:
        return None
    return selectors.attach_influencer_get(workspace=request.workspace, public_id=public_id)


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _context(
    request: HttpRequest,
    *,
    scope: str,
    kind: str,
    now: datetime,
    form: CustomReminderForm | None = None,
    chosen: Influencer | None = None,
    show_all: bool = False,
) -> dict:
    may_write = request.membership.may(Role.MEMBER)
    sections = _sections(request, scope, kind, now, show_all=show_all)
    context = {
        **_row_context(request, scope, kind),
        "sections": sections,
        "show_all_url": _page_url(request, scope, kind, show_all=True),
        "total": sum(section.count for section in sections),
        "scopes": SCOPES,
        "kinds": ReminderKind.choices,
        "may_write": may_write,
        "zone": request.user.time_zone,
    }
    if may_write:
        form = form or _form(request, now)
        q = (form.data.get("q", "") if form.is_bound else form.initial.get("q", "")) or ""
        context["form"] = form
        context["q"] = q.strip()
        context["choices"] = _choices(request, q, chosen)
        context["chosen"] = chosen
    return context


@require_GET
@workspace_view(read=Role.VIEWER)
def reminders(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    scope, kind = _scope(request.GET), _kind(request.GET)
    if request.htmx and request.htmx.target == CHOICES_TARGET:
        if not request.membership.may(Role.MEMBER):
            raise PermissionDenied("Your role may not add reminders.")
        chosen = _chosen(request, request.GET.get("influencer"))
        q = request.GET.get("q", "").strip()
        context = {"choices": _choices(request, q, chosen), "chosen": chosen, "q": q}
        return render(request, f"{PAGE}#reminder-influencer", context)
    # Without JavaScript the form's "Find" button comes back here with what was typed.
    initial = None
    if "q" in request.GET:
        initial = {key: request.GET.get(key, "") for key in ("title", "day", "at", "note", "q")}
    form = _form(request, now, initial=initial) if initial else None
    chosen = _chosen(request, request.GET.get("influencer"))
    context = _context(
        request,
        scope=scope,
        kind=kind,
        now=now,
        form=form,
        chosen=chosen,
        show_all=_show_all(request.GET),
    )
    template = f"{PAGE}#reminders-board" if request.htmx else PAGE
    return render(request, template, context)


# --- acting on one reminder ---------------------------------------------------------------------


def _actionable(request: HttpRequest, public_id) -> Reminder:
    """404 outside the workspace; 403 for a reminder the person may not act on (a teammate's,
    for a member: they see it on the team view, so it is not hidden from them)."""
    reminder = reminder_selectors.reminder_get(workspace=request.workspace, public_id=public_id)
    if not reminder_may_act(reminder=reminder, actor=request.user, role=request.membership.role):
        raise PermissionDenied("Only its assignee or a manager can act on this reminder.")
    return reminder


def _row_response(
    request: HttpRequest,
    reminder: Reminder,
    *,
    done: str = "",
    error: str = "",
    typed_until: str = "",
    status=200,
) -> HttpResponse:
    """The row as it now is, and the section counts (out of band) for the page around it."""
    now = timezone.now()
    scope, kind = _scope(request.POST), _kind(request.POST)
    reminder = _decorate(request, reminder)
    reminder.action_error = error
    reminder.action_done = done
    reminder.typed_until = typed_until
    context = {**_row_context(request, scope, kind), "reminder": reminder}
    row = render_to_string(ROW, context, request=request)
    counts = render_to_string(
        f"{PAGE}#reminder-counts",
        {"sections": _sections(request, scope, kind, now), "counts_oob": True, **context},
        request=request,
    )
    return HttpResponse(row + counts, status=status)


def _refused(request: HttpRequest, reminder: Reminder, message: str) -> HttpResponse:
    """A refusal shows on the row, with a 400: htmx swaps it, a plain POST draws the page.
    A snooze date typed there stays in its field, to be corrected rather than typed again."""
    typed_until = request.POST.get("until", "").strip()[:10]
    if request.htmx:
        return _row_response(request, reminder, error=message, typed_until=typed_until, status=400)
    now = timezone.now()
    scope, kind = _scope(request.POST), _kind(request.POST)
    context = _context(request, scope=scope, kind=kind, now=now)
    rows = [row for section in context["sections"] for row in section.reminders]
    shown = next((row for row in rows if row.pk == reminder.pk), None)
    if shown is not None:
        shown.action_error = message
        shown.typed_until = typed_until
    else:  # closed meanwhile, or beyond the two weeks shown: say it at the top
        messages.error(request, message)
    return render(request, PAGE, context, status=400)


def _after(request: HttpRequest, reminder: Reminder, done: str) -> HttpResponse:
    if request.htmx:
        return _row_response(request, reminder, done=done)
    messages.success(request, done)
    scope, kind = _scope(request.POST), _kind(request.POST)
    return redirect(_page_url(request, scope, kind))


def _close(request: HttpRequest, public_id, service, said: str) -> HttpResponse:
    """Done and dismiss: the reminder closed by `service` as this person, then the row (or the
    page) says `said` with its title; a refusal comes back on the row."""
    reminder = _actionable(request, public_id)
    try:
        reminder = service(reminder=reminder, actor=request.user)
    except RuleError as error:
        return _refused(request, reminder, error.message)
    return _after(request, reminder, f"{said}: “{reminder.title}”.")


@require_POST
@workspace_view(write=Role.MEMBER)
def reminder_done_view(request: HttpRequest, public_id) -> HttpResponse:
    return _close(request, public_id, reminder_done, "Done")


@require_POST
@workspace_view(write=Role.MEMBER)
def reminder_dismiss_view(request: HttpRequest, public_id) -> HttpResponse:
    return _close(request, public_id, reminder_dismiss, "Dismissed")


def _snooze_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        return None


@require_POST
@workspace_view(write=Role.MEMBER)
def reminder_snooze_view(request: HttpRequest, public_id) -> HttpResponse:
    """A day, a week (`choice` 1d / 1w), or until a date (`choice` "date" with `until`): the
    date brings it back at 09:00 the person's time."""
    reminder = _actionable(request, public_id)
    choice = request.POST.get("choice", "")
    until = None
    if choice == "date":
        until = _snooze_date(request.POST.get("until", ""))
        if until is None:
            return _refused(request, reminder, "Pick the day it should come back.")
    try:
        reminder = reminder_snooze(
            reminder=reminder, actor=request.user, choice=choice, until=until
        )
    except RuleError as error:
        return _refused(request, reminder, error.message)
    local = timezone.localtime(reminder.due_at, request.user.zone)
    when = f"{local:%a} {local.day} {local:%b} at {local:%H:%M}"
    return _after(request, reminder, f"Snoozed: “{reminder.title}” comes back {when} your time.")


# --- a reminder of one's own --------------------------------------------------------------------


@require_POST
@workspace_view(write=Role.MEMBER)
def reminder_new(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    scope, kind = _scope(request.POST), _kind(request.POST)
    form = _form(request, now, data=request.POST)
    chosen = None
    if form.is_valid() and form.cleaned_data["influencer"] is not None:
        chosen = _chosen(request, form.cleaned_data["influencer"])
        if chosen is None:
            form.add_error("influencer", "Choose an influencer of this workspace.")
    if form.is_valid():
        data = form.cleaned_data
        try:
            reminder = custom_reminder_create(
                workspace=request.workspace,
                actor=request.user,
                title=data["title"],
                due_at=data["due_at"],
                influencer=chosen,
                note=data["note"],
                now=now,
            )
        except RuleError as error:
            form_rule_error(form, error)
        else:
            return _created(request, reminder, scope, kind, now)
    context = _context(request, scope=scope, kind=kind, now=now, form=form, chosen=chosen)
    template = f"{PAGE}#reminder-form" if request.htmx else PAGE
    return render(request, template, context, status=400)


def _created(request: HttpRequest, reminder: Reminder, scope: str, kind: str, now: datetime):
    local = timezone.localtime(reminder.due_at, request.user.zone)
    text = f"We will remind you {local:%a} {local.day} {local:%b} at {local:%H:%M} your time."
    if not request.htmx:
        messages.success(request, f"Reminder added: “{reminder.title}”. {text}")
        return redirect(_page_url(request, scope, kind))
    # htmx: a fresh form with the confirmation, and the list redrawn around the new reminder.
    context = _context(request, scope=scope, kind=kind, now=now)
    context["created"] = f"Added “{reminder.title}”. {text}"
    form = render_to_string(f"{PAGE}#reminder-form", context, request=request)
    board = render_to_string(
        f"{PAGE}#reminders-board", {**context, "board_oob": True}, request=request
    )
    return HttpResponse(form + board)
