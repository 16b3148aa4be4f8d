"""The outreach page (drafts, scheduled, held, blocked, waiting, answered; mine, my team's or
everyone's), one pitch with its verdict, delivery and conversation, and what is done to a pitch
after it went: log their answer, start the one follow-up, cancel. Attachments are served here,
after the workspace check, never from a public address."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from contacts.models import Channel, InteractionKind
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import EmailStatus, Role
from irm.paths import RowPath
from irm.templatetags.local_time import calendar_days
from irm.views import form_rule_error, private_file_response
from outreach.forms import AnswerForm
from outreach.models import ADMITTED_UNSENT, Pitch, PitchStatus
from outreach.selectors import pitches
from outreach.selectors.composer import working_email
from outreach.selectors.guard import pitch_verdict
from outreach.selectors.library import attachment_get
from outreach.selectors.pitches import (
    SCOPES,
    outreach_board,
    pitch_conversation,
    pitch_get,
    pitch_may_edit,
)
from outreach.services import sending
from outreach.services.answers import pitch_log_answer
from outreach.services.follow_ups import follow_up_start

# How a pitch's outbox row reads on its page.
DELIVERY_LABELS = {
    EmailStatus.PENDING: "Queued",
    EmailStatus.SENDING: "Sending",
    EmailStatus.SENT: "Sent",
    EmailStatus.FAILED: "Failed",
    EmailStatus.UNKNOWN: "Unknown: it may or may not have left; check before sending again",
}
CANCELLABLE = (PitchStatus.DRAFT, *ADMITTED_UNSENT, PitchStatus.BLOCKED)
ANSWERABLE = (PitchStatus.SENT, PitchStatus.REPLIED)


@require_GET
@workspace_view(read=Role.VIEWER)
def index(request: HttpRequest) -> HttpResponse:
    default = "mine" if request.membership.may(Role.MEMBER) else "everyone"
    scope = request.GET.get("scope", default)
    if scope not in SCOPES:
        scope = default
    now = timezone.now()
    columns = outreach_board(workspace=request.workspace, user=request.user, scope=scope, now=now)
    # Each row's link, reversed once per page and filled in per row (hundreds of rows).
    detail = RowPath("outreach:pitch-detail", request.workspace.slug)
    for column in columns:
        for pitch in column.pitches:
            pitch.detail_url = detail(pitch.public_id)
    context = {
        "columns": columns,
        "scope": scope,
        "scopes": SCOPES,
        "may_pitch": request.membership.may(Role.MEMBER),
        "limit": pitches.BOARD_LIMIT,  # read at each request: tests lower it
    }
    template = "outreach/index.html#outreach-board" if request.htmx else "outreach/index.html"
    return render(request, template, context)


# --- one pitch --------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, pitch: Pitch, answer_form: AnswerForm | None = None):
    now = timezone.now()
    may_edit = pitch_may_edit(pitch=pitch, membership=request.membership)
    may_write = request.membership.may(Role.MEMBER)
    verdict = pitch.verdict or None
    live_verdict = None
    if pitch.status == PitchStatus.DRAFT:
        live_verdict = pitch_verdict(pitch=pitch, now=now)
    if answer_form is None and may_write and pitch.status in ANSWERABLE:
        answer_form = AnswerForm(now=now)
    email = pitch.outbox_email
    bounced = may_write and pitch.delivery_failed_at is not None and pitch.channel == Channel.EMAIL
    conversation = pitch_conversation(pitch=pitch)
    thread = conversation.thread
    open_follow_up = next(
        (item for item in conversation.follow_ups if item.status == PitchStatus.DRAFT), None
    )
    return {
        "pitch": pitch,
        "influencer": pitch.influencer,
        "their_zone": ZoneInfo(pitch.influencer.time_zone or "UTC"),
        "verdict": verdict,
        "live_verdict": live_verdict,
        "delivery": DELIVERY_LABELS.get(email.status, email.status) if email else "",
        "delivery_status": email.status if email else "",
        "conversation": conversation,
        "open_follow_up": open_follow_up,
        "answer_form": answer_form if may_write and pitch.status in ANSWERABLE else None,
        "may_edit": may_edit,
        "may_cancel": may_edit and pitch.status in CANCELLABLE,
        "may_follow_up": (
            may_edit
            and pitch.status == PitchStatus.SENT
            and not pitch.follow_up_of_id
            and pitch.delivery_failed_at is None
        ),
        # A bounced email is answered by writing to an address that works, not by a follow-up
        # (which would go to the same address and bounce too).
        "offer_another_address": bounced,
        "working_address": working_email(influencer=pitch.influencer) if bounced else "",
        "days_waiting": calendar_days(pitch.sent_at, now=now) if pitch.sent_at else None,
        "is_email": pitch.channel == Channel.EMAIL,
        # The emails of the thread, ours and theirs; members decide an auto-reply's return date.
        "thread": thread,
        # What people logged about it by hand (the emails themselves are in the thread).
        "logged_entries": [
            entry
            for entry in conversation.entries
            if not (thread and entry.kind in (InteractionKind.PITCH, InteractionKind.FOLLOW_UP))
        ],
        "may_decide_away": may_write,
    }


def _detail(request: HttpRequest, pitch: Pitch, status: int = 200, **kwargs) -> HttpResponse:
    context = _detail_context(request, pitch, **kwargs)
    template = "outreach/pitch.html#pitch-panel" if request.htmx else "outreach/pitch.html"
    return render(request, template, context, status=status)


def _after_write(request: HttpRequest, pitch: Pitch) -> HttpResponse:
    if request.htmx:
        fresh = pitch_get(workspace=request.workspace, public_id=pitch.public_id)
        return _detail(request, fresh)
    return redirect("outreach:pitch-detail", slug=request.workspace.slug, public_id=pitch.public_id)


@require_GET
@workspace_view(read=Role.VIEWER)
def pitch_detail(request: HttpRequest, public_id) -> HttpResponse:
    pitch = pitch_get(workspace=request.workspace, public_id=public_id)
    return _detail(request, pitch)


@require_POST
@workspace_view(write=Role.MEMBER)
def pitch_cancel(request: HttpRequest, public_id) -> HttpResponse:
    pitch = pitch_get(workspace=request.workspace, public_id=public_id)
    if not pitch_may_edit(pitch=pitch, membership=request.membership):
        raise PermissionDenied("Only its author or a manager can cancel this pitch.")
    try:
        sending.pitch_cancel(pitch=pitch)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Pitch cancelled: it will not be sent.")
    return _after_write(request, pitch)


@require_POST
@workspace_view(write=Role.MEMBER)
def pitch_answer(request: HttpRequest, public_id) -> HttpResponse:
    """Log what they answered: replied, accepted, declined (with the topics, which the guard
    remembers), or no response. Any member may log it: they may have answered anyone."""
    pitch = pitch_get(workspace=request.workspace, public_id=public_id)
    now = timezone.now()
    form = AnswerForm(request.POST, now=now)
    if form.is_valid():
        data = form.cleaned_data
        try:
            pitch_log_answer(
                pitch=pitch,
                answer=data["answer"],
                actor=request.user,
                declined_topics=data["declined_topics"],
                note=data["note"],
                answered_at=data["answered_at"],
                now=now,
            )
        except RuleError as error:
            form_rule_error(form, error)
        else:
            messages.success(request, _answer_message(data["answer"], pitch))
            return _after_write(request, pitch)
    return _detail(request, pitch, status=400, answer_form=form)


def _answer_message(answer: str, pitch: Pitch) -> str:
    name = pitch.influencer.name
    return {
        PitchStatus.REPLIED: f"{name}'s reply is on the timeline.",
        PitchStatus.ACCEPTED: f"{name} accepted: it is on the timeline.",
        PitchStatus.DECLINED: f"{name} declined: Rapport will not pitch those topics for a while.",
        PitchStatus.NO_RESPONSE: "Marked as no response.",
    }[answer]


@require_POST
@workspace_view(write=Role.MEMBER)
def pitch_follow_up(request: HttpRequest, public_id) -> HttpResponse:
    """Start the one polite follow-up: its draft opens in the composer."""
    pitch = pitch_get(workspace=request.workspace, public_id=public_id)
    if not pitch_may_edit(pitch=pitch, membership=request.membership):
        raise PermissionDenied("Only its author or a manager can follow up this pitch.")
    try:
        draft = follow_up_start(pitch=pitch, actor=request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return _detail(request, pitch, status=400)
    url = reverse("outreach:pitch-edit", args=[request.workspace.slug, draft.public_id])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# --- attachments --------------------------------------------------------------------------------


@require_GET
@workspace_view(read=Role.VIEWER)
def attachment_download(request: HttpRequest, public_id) -> HttpResponse:
    """A pitch's file, for anyone in its workspace; always downloaded, never shown inline."""
    attachment = attachment_get(workspace=request.workspace, public_id=public_id)
    return private_file_response(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )
