"""The composer: who, on which open channel, about what, with which template, what it says, the
files that go with it, and a verdict panel that follows as you type (htmx posts the form to
`pitch-check`, which saves nothing). Save draft, send now (or mark sent for a DM or a call),
schedule, or, for a manager when the rules allow it, override with a reason.

Without JavaScript the page works the same: the verdict is computed when the page is drawn and a
Check button posts to the check view."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from contacts.models import Channel, Influencer
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.versions import VersionConflict, conflict_rows, with_version
from irm.views import form_rule_error
from outreach.forms import ComposeForm
from outreach.guard import Severity, Verdict, allowed_moment, may_remind_when_allowed
from outreach.models import OPEN_STATUSES, Pitch, PitchStatus, PitchTemplate
from outreach.selectors.composer import (
    ChannelState,
    ComposerChannels,
    composer_channels,
    influencer_choices,
    influencer_for_pitch,
)
from outreach.selectors.guard import pitch_reading, pitch_verdict, primary_email
from outreach.selectors.library import attachment_get, identity_get, template_for_pitch
from outreach.selectors.pitches import pitch_get, pitch_may_edit
from outreach.services import attachments, drafts
from outreach.services.attachments import MAX_ATTACHMENT_BYTES, attachment_add
from outreach.services.drafts import (
    MERGE_FIELDS,
    merge_values,
    pitch_draft_save,
    topic_names,
)
from outreach.services.reminder_plans import remind_when_allowed
from outreach.services.sending import pitch_mark_sent, pitch_send

PAGE = "outreach/compose.html"


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _offered(channels: ComposerChannels, current: str = "") -> list:
    """Open channels; a draft's own channel stays selectable (the guard says why it may not go)."""
    offered = list(channels.open)
    if current and current not in {c.value for c in offered} and current in Channel.values:
        offered.append(ChannelState(current, f"{Channel(current).label} (not open)", False))
    return offered


def _form(request, *, influencer, channels, data=None, initial=None, current=""):
    return ComposeForm(
        data,
        initial=initial,
        workspace=request.workspace,
        channels=_offered(channels, current),
    )


def _current_values(form: ComposeForm, request: HttpRequest) -> dict:
    """What the composer holds right now, valid or not, for the verdict and the preview."""
    if form.is_bound:
        form.is_valid()
    data = form.data if form.is_bound else form.initial
    template = data.get("template")
    return {
        "channel": data.get("channel", ""),
        "topics": topic_names(data.get("topics", "")),
        "subject": data.get("subject", ""),
        "body": data.get("body", ""),
        "template": (
            template_for_pitch(workspace=request.workspace, public_id=template)
            if template
            else None
        ),
    }


def _verdict_view(verdict: Verdict | None, request: HttpRequest) -> dict | None:
    if verdict is None:
        return None
    is_manager = request.membership.may(Role.MANAGER)
    return {
        "verdict": verdict,
        "findings": verdict.findings,
        "blocks": verdict.blocks,
        "holds": [f for f in verdict.findings if f.severity == Severity.HOLD],
        "warnings": verdict.warnings,
        "allowed": verdict.allowed,
        "overridable": verdict.overridable,
        "may_override": is_manager and verdict.overridable,
        "held_until": verdict.held_until,
        "remind": may_remind_when_allowed(verdict),
    }


def _context(
    request: HttpRequest,
    *,
    influencer: Influencer,
    form: ComposeForm,
    channels: ComposerChannels,
    now: datetime,
    pitch: Pitch | None = None,
) -> dict:
    values = _current_values(form, request)
    author = pitch.author if pitch is not None and pitch.author else request.user
    merge = merge_values(influencer=influencer, author=author)
    verdict = None
    if values["channel"] in Channel.values:
        verdict = pitch_verdict(
            influencer=influencer,
            channel=values["channel"],
            topics=values["topics"],
            body=drafts.render(values["body"], merge),
            template_body=values["template"].body if values["template"] is not None else "",
            pitch=pitch,
            follow_up_of=pitch.follow_up_of if pitch is not None else None,
            now=now,
        )
    identity = identity_get(workspace=request.workspace, user=author)
    workspace = request.workspace
    from_name = identity.from_name if identity else (author.name or author.email)
    slug = workspace.slug
    return {
        "influencer": influencer,
        "pitch": pitch,
        "form": form,
        "channels": channels,
        "verdict": _verdict_view(verdict, request),
        "preview": {
            "subject": drafts.render(values["subject"], merge),
            "body": drafts.render(values["body"], merge),
            "signature": identity.signature if identity else "",
            "from": f"{from_name} via {workspace.name}",
            "reply_to": workspace.reply_to_address,
            "to": primary_email(influencer=influencer),
            "is_email": values["channel"] == Channel.EMAIL,
        },
        "their_topics": [topic.name for topic in influencer.topics.all()],
        "attachments": list(pitch.attachments.all()) if pitch is not None else [],
        "merge_fields": MERGE_FIELDS,
        "merge_values": merge,
        "has_identity": identity is not None,
        "their_now": now.astimezone(ZoneInfo(influencer.time_zone or "UTC")),
        "their_zone": influencer.time_zone or "UTC",
        "action_url": (
            reverse("outreach:pitch-edit", args=[slug, pitch.public_id])
            if pitch is not None
            else f"{reverse('outreach:pitch-new', args=[slug])}?influencer={influencer.public_id}"
        ),
        "check_url": reverse("outreach:pitch-check", args=[slug]),
        "template_url": (
            reverse("outreach:pitch-edit", args=[slug, pitch.public_id])
            if pitch is not None
            else reverse("outreach:pitch-new", args=[slug])
        ),
        "max_attachment_mb": MAX_ATTACHMENT_BYTES // (1024 * 1024),
        "is_manager": request.membership.may(Role.MANAGER),
        "manual_channel": values["channel"] not in ("", Channel.EMAIL),
    }


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = f"{PAGE}#composer" if request.htmx else PAGE
    return render(request, template, context, status=status)


def _initial_for_new(request: HttpRequest, influencer: Influencer, channels, template):
    default_channel = next(
        (c.value for c in channels.open if c.value == Channel.EMAIL),
        channels.open[0].value if channels.open else "",
    )
    initial = {"channel": request.GET.get("channel") or default_channel}
    if template is not None:
        initial.update(_template_initial(influencer, request.user, template))
    return initial


def _template_initial(influencer: Influencer, author, template: PitchTemplate) -> dict:
    merge = merge_values(influencer=influencer, author=author)
    return {
        "template": str(template.public_id),
        "subject": drafts.render(template.subject, merge),
        "body": drafts.render(template.body, merge),
        "topics": ", ".join(topic.name for topic in template.topics.all()),
    }


def _fields_only(request: HttpRequest) -> bool:
    """An htmx request for the fields alone: the template picker refilling subject and body."""
    return bool(request.htmx) and request.htmx.target == "composer-fields"


def _fields(request: HttpRequest, context: dict) -> HttpResponse:
    """The fields refilled from a template; the form then checks itself again."""
    response = render(request, f"{PAGE}#composer-fields", context)
    response["HX-Trigger-After-Settle"] = "templateApplied"
    return response


def _picker(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    context = {
        "q": q,
        "choices": influencer_choices(workspace=request.workspace, user=request.user, q=q),
    }
    template = "outreach/pick.html#pick-results" if request.htmx else "outreach/pick.html"
    return render(request, template, context)


# --- new pitch ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def pitch_new(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    raw = request.GET.get("influencer") or request.POST.get("influencer")
    public_id = _uuid(raw)
    if public_id is None:
        if request.method == "POST":
            messages.error(request, "Choose who the pitch is for.")
            response = _picker(request)
            response.status_code = 400
            return response
        return _picker(request)
    influencer = influencer_for_pitch(workspace=request.workspace, public_id=public_id)
    channels = composer_channels(influencer=influencer)
    if request.method == "GET":
        template = template_for_pitch(
            workspace=request.workspace, public_id=request.GET.get("template")
        )
        initial = _initial_for_new(request, influencer, channels, template)
        if template is None and request.GET.get("template") is not None:
            # The picker set back to “no template”: keep what was typed.
            initial.update({k: request.GET.get(k, "") for k in ("subject", "body", "topics")})
        form = _form(request, influencer=influencer, channels=channels, initial=initial)
        context = _context(request, influencer=influencer, form=form, channels=channels, now=now)
        if _fields_only(request):
            return _fields(request, context)
        return _page(request, context)
    form = _form(request, influencer=influencer, channels=channels, data=request.POST)
    return _act(request, influencer=influencer, channels=channels, form=form, pitch=None, now=now)


# --- a draft ------------------------------------------------------------------------------------


def _editable_draft(request: HttpRequest, public_id) -> Pitch:
    """404 outside the workspace, 403 for someone else's pitch (managers may act on any)."""
    pitch = pitch_get(workspace=request.workspace, public_id=public_id)
    if not pitch_may_edit(pitch=pitch, membership=request.membership):
        raise PermissionDenied("Only its author or a manager can change this pitch.")
    return pitch


def _draft_initial(pitch: Pitch) -> dict:
    return {
        "channel": pitch.channel,
        "topics": ", ".join(topic.name for topic in pitch.topics.all()),
        "subject": pitch.subject,
        "body": pitch.body,
        "template": str(pitch.template.public_id) if pitch.template else "",
        "version": pitch.version,
    }


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def pitch_edit(request: HttpRequest, public_id) -> HttpResponse:
    pitch = _editable_draft(request, public_id)
    detail = reverse("outreach:pitch-detail", args=[request.workspace.slug, pitch.public_id])
    if pitch.status != PitchStatus.DRAFT:
        messages.info(request, f"This pitch is {pitch.get_status_display().lower()}.")
        return HttpResponseClientRedirect(detail) if request.htmx else redirect(detail)
    now = timezone.now()
    influencer = pitch.influencer
    channels = composer_channels(influencer=influencer)
    if request.method == "GET":
        initial = _draft_initial(pitch)
        if "template" in request.GET:
            template = template_for_pitch(
                workspace=request.workspace, public_id=request.GET.get("template")
            )
            if template is not None:
                initial.update(_template_initial(influencer, pitch.author, template))
            else:
                initial["template"] = ""
        form = _form(
            request,
            influencer=influencer,
            channels=channels,
            initial=initial,
            current=pitch.channel,
        )
        context = _context(
            request, influencer=influencer, form=form, channels=channels, now=now, pitch=pitch
        )
        if _fields_only(request):
            return _fields(request, context)
        return _page(request, context)
    form = _form(
        request,
        influencer=influencer,
        channels=channels,
        data=request.POST,
        current=pitch.channel,
    )
    return _act(request, influencer=influencer, channels=channels, form=form, pitch=pitch, now=now)


def _act(
    request: HttpRequest,
    *,
    influencer: Influencer,
    channels: ComposerChannels,
    form: ComposeForm,
    pitch: Pitch | None,
    now: datetime,
) -> HttpResponse:
    """1. save the draft, 2. keep its new files, 3. do what the button said: save, send now,
    schedule, or override. A refusal leaves the draft saved and shows why, with a 400."""

    def refused(draft: Pitch | None) -> HttpResponse:
        context = _context(
            request, influencer=influencer, form=form, channels=channels, now=now, pitch=draft
        )
        return _page(request, context, status=400)

    if not form.is_valid():
        return refused(pitch)
    data = form.cleaned_data
    try:
        pitch = pitch_draft_save(
            influencer=influencer,
            author=pitch.author if pitch is not None and pitch.author else request.user,
            channel=data["channel"],
            subject=data["subject"],
            body=data["body"],
            topics=data["topics"],
            template=data["template"],
            pitch=pitch,
            version=data["version"] if pitch is not None else None,
            now=now,
        )
    except VersionConflict as conflict:
        return _conflicted(request, pitch, conflict, channels=channels, now=now)
    except RuleError as error:
        form_rule_error(form, error)
        return refused(pitch)
    # Saved: a refusal below shows the composer again, and its next save starts from this version.
    form.data = with_version(form.data, prefix=None, version=pitch.version)
    for upload in request.FILES.getlist("attachments"):
        try:
            attachment_add(pitch=pitch, upload=upload, now=now)
        except RuleError as error:
            form.add_error(None, error.message)
            return refused(pitch)
    slug = request.workspace.slug
    if form.action == "save":
        messages.success(request, "Draft saved.")
        url = reverse("outreach:pitch-edit", args=[slug, pitch.public_id])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    # Scheduling goes to pitch_send whatever the channel: it decides what may be scheduled.
    sends_itself = pitch.channel == Channel.EMAIL or form.action == "schedule"
    send = pitch_send if sends_itself else pitch_mark_sent
    kwargs = {
        "pitch": pitch,
        "actor": request.user,
        "actor_role": request.membership.role,
        "now": now,
    }
    if form.action == "override":
        kwargs["override_reason"] = data["override_reason"]
    if form.action == "schedule":
        kwargs["send_at"] = data["send_at"]
    try:
        pitch = send(**kwargs)
    except RuleError as error:
        if error.field == "reason":
            form.add_error("override_reason", error.message)
        else:
            form_rule_error(form, error)
        return refused(pitch)
    messages.success(request, _sent_message(pitch, request))
    url = reverse("outreach:pitch-detail", args=[slug, pitch.public_id])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _conflicted(
    request: HttpRequest,
    pitch: Pitch,
    conflict: VersionConflict,
    *,
    channels: ComposerChannels,
    now: datetime,
) -> HttpResponse:
    """Someone saved the draft while this person edited it: the composer again with what they
    typed, the saved draft beside it, and the current version, so saving again keeps theirs.
    Nothing was sent, whichever button was pressed."""
    current = pitch_get(workspace=request.workspace, public_id=pitch.public_id)
    data = with_version(request.POST, prefix=None, version=current.version)
    form = _form(
        request,
        influencer=current.influencer,
        channels=channels,
        data=data,
        current=current.channel,
    )
    saved = _draft_initial(current)
    form.initial = saved
    form.is_valid()
    # The topics field compares lists (what it reads from the comma-separated text).
    saved_topics = [topic.name for topic in current.topics.all()]
    rows = conflict_rows(form, saved={**saved, "topics": saved_topics})
    form.add_error(None, conflict.message)
    context = _context(
        request, influencer=current.influencer, form=form, channels=channels, now=now, pitch=current
    )
    context["conflict"] = rows
    return _page(request, context, status=400)


def _sent_message(pitch: Pitch, request: HttpRequest) -> str:
    name = pitch.influencer.name
    if pitch.status == PitchStatus.HELD:
        holds = [f for f in pitch.verdict.get("findings", []) if f["severity"] == "hold"]
        text = holds[0]["message"] if holds else f"Held until {name}'s next allowed moment."
    elif pitch.status == PitchStatus.SCHEDULED:
        local = timezone.localtime(pitch.send_at, request.user.zone)
        text = f"Scheduled for {local:%a} {local.day} {local:%b at %H:%M} your time."
    elif pitch.channel == Channel.EMAIL:
        text = f"Sent to {name}: the email is in the outbox."
    else:
        text = f"Recorded as sent to {name} on {pitch.get_channel_display()}."
    if pitch.override_reason:
        text += " The override and its reason are recorded."
    return text


# --- the live verdict ---------------------------------------------------------------------------


def _posted_composer(
    request: HttpRequest, *, now: datetime
) -> tuple[Pitch | None, Influencer, ComposerChannels, ComposeForm] | HttpResponse:
    """The composer as it was posted, for the live verdict and "remind me when allowed" alike:
    the draft being edited (None for a new pitch), who it is for, their channels and the form
    bound to what was typed. With no one chosen yet, the picker comes back instead (400)."""
    pitch = None
    pitch_id = _uuid(request.POST.get("pitch"))
    if pitch_id is not None:
        pitch = _editable_draft(request, pitch_id)
        influencer = pitch.influencer
    else:
        influencer_id = _uuid(request.POST.get("influencer"))
        if influencer_id is None:
            messages.error(request, "Choose who the pitch is for.")
            response = _picker(request)
            response.status_code = 400
            return response
        influencer = influencer_for_pitch(workspace=request.workspace, public_id=influencer_id)
    channels = composer_channels(influencer=influencer)
    form = _form(
        request,
        influencer=influencer,
        channels=channels,
        data=request.POST,
        current=pitch.channel if pitch else "",
    )
    return pitch, influencer, channels, form


@require_POST
@workspace_view(write=Role.MEMBER)
def pitch_check(request: HttpRequest) -> HttpResponse:
    """The verdict and the preview for the composer as it stands; nothing is saved."""
    now = timezone.now()
    posted = _posted_composer(request, now=now)
    if isinstance(posted, HttpResponse):
        return posted
    pitch, influencer, channels, form = posted
    context = _context(
        request, influencer=influencer, form=form, channels=channels, now=now, pitch=pitch
    )
    if request.htmx:
        return render(request, f"{PAGE}#composer-live", context)
    return _page(request, context)


# --- remind me when allowed ---------------------------------------------------------------------


@require_POST
@workspace_view(write=Role.MEMBER)
def pitch_remind(request: HttpRequest) -> HttpResponse:
    """ "Remind me when allowed": the composer's verdict is checked again as it stands and, when
    only time stands in the way, a cooldown_over reminder is planned for the allowed moment
    (planning twice keeps one). The composer comes back as it was, with what was typed."""
    now = timezone.now()
    posted = _posted_composer(request, now=now)
    if isinstance(posted, HttpResponse):
        return posted
    pitch, influencer, channels, form = posted
    channel = request.POST.get("channel", "")
    moment = None
    if channel in Channel.values:
        reading = pitch_reading(
            influencer=influencer,
            channel=channel,
            topics=topic_names(request.POST.get("topics", "")),
            pitch=pitch,
            follow_up_of=pitch.follow_up_of if pitch is not None else None,
            now=now,
        )
        moment = allowed_moment(reading.context, reading.verdict)
    context = _context(
        request, influencer=influencer, form=form, channels=channels, now=now, pitch=pitch
    )
    status = 200
    if moment is None:
        context["remind_error"] = (
            "There is nothing to wait for: either it may go now, or time alone will not allow it."
        )
        status = 400
    else:
        reminder = remind_when_allowed(
            influencer=influencer,
            user=request.user,
            allowed_at=moment,
            follow_up_of=pitch.follow_up_of if pitch is not None else None,
            now=now,
        )
        if reminder is None:
            context["remind_error"] = f"{influencer.name} asked not to be contacted."
            status = 400
        elif reminder.status not in OPEN_STATUSES:
            # Planning is idempotent per day: the one for that day was already closed.
            context["remind_error"] = (
                f"Your reminder for that day is {reminder.get_status_display().lower()} already."
            )
            status = 400
        else:
            context["remind_set"] = reminder
    if request.htmx:
        return render(request, f"{PAGE}#composer-live", context, status=status)
    shown = context["verdict"] and context["verdict"]["findings"]
    if "remind_error" in context and not shown:  # the verdict panel has no place for it
        messages.error(request, context["remind_error"])
    return _page(request, context, status=status)


# --- attachments of a draft ---------------------------------------------------------------------


@require_POST
@workspace_view(write=Role.MEMBER)
def attachment_remove(request: HttpRequest, public_id) -> HttpResponse:
    attachment = attachment_get(workspace=request.workspace, public_id=public_id)
    pitch = _editable_draft(request, attachment.pitch.public_id)
    try:
        attachments.attachment_remove(attachment=attachment)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{attachment.name}” removed.")
    name = "pitch-edit" if pitch.status == PitchStatus.DRAFT else "pitch-detail"
    url = reverse(f"outreach:{name}", args=[request.workspace.slug, pitch.public_id])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
