"""The inbox, under /w/<slug>/inbox/: email to the workspace's reply-to address that found no
pitch and no influencer waits here until a person says who it is about (or creates them from
it) or discards it; a discarded one can be put back. Also the answer to an auto-reply's return
date (set do-not-disturb or ignore it), asked on the pitch page.

Anyone in the workspace reads; members and up act. The writes are outreach/services/inbox.py's
services: what they refuse comes back as a form error with everything typed kept."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.text import sentence
from irm.views import private_file_response
from outreach import selectors
from outreach.models import InboundKind, InboundMessage, InboundStatus
from outreach.selectors.inbound_matching import their_address
from outreach.services.inbox import (
    inbound_attach,
    inbound_away_decide,
    inbound_discard,
    inbound_restore,
)
from outreach.views import board

TABS = {InboundStatus.UNMATCHED: "Unmatched", InboundStatus.DISCARDED: "Discarded"}
PAGE_SIZE = 25
# htmx tells which region asked (HX-Target): a row action redraws the list, a search on the
# message page redraws only the suggestions, anything else the message.
LIST_TARGET = "inbox-list"
CHOICES_TARGET = "influencer-choices"
PITCH_TARGET = "pitch-panel"
# The event the navigation's unmatched count listens for, so it follows what people do here.
CHANGED_EVENT = "inbox-changed"


class AttachForm(forms.Form):
    """Who an inbound message is about: a chosen influencer, or a name to create one from it;
    and whether to remember the address it came from on their profile."""

    ATTACH = "attach"
    CREATE = "create"

    action = forms.ChoiceField(
        choices=[(ATTACH, "Attach to influencer"), (CREATE, "Create influencer")],
        required=False,
    )
    q = forms.CharField(required=False, max_length=200, label="Find the influencer")
    influencer = forms.UUIDField(required=False, label="Who is it about?")
    remember_address = forms.BooleanField(required=False)
    new_influencer_name = forms.CharField(required=False, max_length=200, label="Name")

    @property
    def creating(self) -> bool:
        return self.is_bound and self.data.get("action") == self.CREATE


# --- the list ------------------------------------------------------------------------------------


def _tab(value: str | None) -> str:
    return value if value in TABS else InboundStatus.UNMATCHED


def _inbox_context(request: HttpRequest, tab: str, page_number) -> dict:
    counts = selectors.inbox_counts(workspace=request.workspace)
    rows = selectors.inbox_messages(workspace=request.workspace, status=tab)
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    return {
        "tab": tab,
        "tabs": [(key, label, counts[key]) for key, label in TABS.items()],
        "page": page,
        "may_act": request.membership.may(Role.MEMBER),
        "reply_to": request.workspace.reply_to_address,
    }


@require_GET
@workspace_view(read=Role.VIEWER)
def inbox(request: HttpRequest) -> HttpResponse:
    context = _inbox_context(request, _tab(request.GET.get("tab")), request.GET.get("page"))
    template = "outreach/inbox.html#inbox-list" if request.htmx else "outreach/inbox.html"
    return render(request, template, context)


@require_GET
@workspace_view(read=Role.VIEWER)
def inbox_count(request: HttpRequest) -> HttpResponse:
    """The unmatched count beside "Inbox" in the navigation. Loaded by htmx after the page, so
    no page pays a query for it (and pages without JavaScript show the link alone)."""
    counts = selectors.inbox_counts(workspace=request.workspace)
    context = {"unmatched": counts[InboundStatus.UNMATCHED]}
    return render(request, "outreach/inbox.html#nav-count", context)


def _inbox_url(request: HttpRequest, tab: str = InboundStatus.UNMATCHED) -> str:
    url = reverse("outreach:inbox", args=[request.workspace.slug])
    return url if tab == InboundStatus.UNMATCHED else f"{url}?{urlencode({'tab': tab})}"


# --- one message ---------------------------------------------------------------------------------


def _message_url(request: HttpRequest, message: InboundMessage) -> str:
    return reverse("outreach:inbox-message", args=[request.workspace.slug, message.public_id])


def _name_for_new(message: InboundMessage) -> str:
    """The sender's display name, when the sender is the person it is about."""
    if message.kind in (InboundKind.REPLY, InboundKind.AUTO_REPLY):
        return message.from_name
    return ""


def _message_context(
    request: HttpRequest, message: InboundMessage, *, form: AttachForm | None = None, chosen=None
) -> dict:
    may_write = request.membership.may(Role.MEMBER)
    may_act = may_write and message.status != InboundStatus.MATCHED
    if form is None:
        form = AttachForm(initial={"q": request.GET.get("q", "")})
    q = (form["q"].value() or "").strip()
    chosen_id = str(chosen.public_id) if chosen is not None else ""
    if not chosen_id and form.is_bound and not form.creating:
        chosen_id = (form.data.get("influencer") or "").strip()
    return {
        "message": message,
        # The name to create someone with: what was typed, else the sender's display name.
        "new_name": (
            form.data.get("new_influencer_name", "") if form.creating else _name_for_new(message)
        ),
        "their_address": their_address(message),
        "form": form,
        "q": q,
        "choices": (
            selectors.attach_choices(workspace=request.workspace, q=q, chosen=chosen)
            if may_act
            else []
        ),
        "chosen_id": chosen_id,
        "may_act": may_act,
        "may_decide_away": may_write,
        "back_tab": message.status if message.status in TABS else InboundStatus.UNMATCHED,
    }


def _message(request: HttpRequest, message: InboundMessage, status: int = 200, **kwargs):
    context = _message_context(request, message, **kwargs)
    if request.htmx and request.htmx.target == CHOICES_TARGET:
        template = "outreach/inbox_message.html#influencer-choices"
    elif request.htmx:
        template = "outreach/inbox_message.html#message-panel"
    else:
        template = "outreach/inbox_message.html"
    return render(request, template, context, status=status)


@require_GET
@workspace_view(read=Role.VIEWER)
def message_detail(request: HttpRequest, public_id) -> HttpResponse:
    message = selectors.inbound_get(workspace=request.workspace, public_id=public_id)
    return _message(request, message)


def _changed(response: HttpResponse) -> HttpResponse:
    response["HX-Trigger"] = CHANGED_EVENT
    return response


def _after_write(request: HttpRequest, message: InboundMessage, plain_url: str) -> HttpResponse:
    """htmx: the region that asked, redrawn (a row's list, or the message); otherwise back to
    a page, the message saying what happened."""
    if not request.htmx:
        return redirect(plain_url)
    if request.htmx.target == LIST_TARGET:
        tab = _tab(request.POST.get("tab"))
        context = _inbox_context(request, tab, request.POST.get("page"))
        return _changed(render(request, "outreach/inbox.html#inbox-list", context))
    fresh = selectors.inbound_get(workspace=request.workspace, public_id=message.public_id)
    return _changed(_message(request, fresh))


def _refused(request: HttpRequest, message: InboundMessage, error: str) -> HttpResponse:
    messages.error(request, error)
    if request.htmx and request.htmx.target == LIST_TARGET:
        tab = _tab(request.POST.get("tab"))
        context = _inbox_context(request, tab, request.POST.get("page"))
        return render(request, "outreach/inbox.html#inbox-list", context, status=400)
    fresh = selectors.inbound_get(workspace=request.workspace, public_id=message.public_id)
    return _message(request, fresh, status=400)


def _attach_error(form: AttachForm, error: RuleError) -> None:
    """A refusal goes on the field the person can fix: the name when creating, the choice or
    the "remember" box when attaching."""
    if form.creating:
        field = "new_influencer_name" if error.field in ("influencer", "name") else None
    else:
        field = {"influencer": "influencer", "email": "remember_address"}.get(error.field)
    form.add_error(field, error.message)


@require_POST
@workspace_view(write=Role.MEMBER)
def message_attach(request: HttpRequest, public_id) -> HttpResponse:
    """Attach to a chosen influencer (optionally remembering the address), or create one from
    the message: it then lands on their timeline as if it had matched by itself."""
    message = selectors.inbound_get(workspace=request.workspace, public_id=public_id)
    form = AttachForm(request.POST)
    chosen = None
    data = form.cleaned_data if form.is_valid() else {}
    if data and not form.creating and data["influencer"] is not None:
        chosen = selectors.attach_influencer_get(
            workspace=request.workspace, public_id=data["influencer"]
        )
        if chosen is None:
            form.add_error("influencer", "Choose an influencer of this workspace.")
    if not form.errors:
        try:
            attached = inbound_attach(
                message=message,
                actor=request.user,
                influencer=None if form.creating else chosen,
                new_influencer_name=data["new_influencer_name"] if form.creating else "",
                remember_address=data["remember_address"] and not form.creating,
                now=timezone.now(),
            )
        except RuleError as error:
            _attach_error(form, error)
        else:
            name = attached.influencer.name
            if form.creating:
                messages.success(request, f"{name} was created from this message.")
            else:
                messages.success(request, sentence(f"Attached to {name}"))
            return _after_write(request, message, _message_url(request, message))
    return _message(request, message, status=400, form=form, chosen=chosen)


def _move(request: HttpRequest, public_id, service, said, plain_url) -> HttpResponse:
    """Discarding and restoring: the service moves the message (or refuses), then the page
    says what happened (`said(message)`) and goes to `plain_url(message)` without htmx."""
    message = selectors.inbound_get(workspace=request.workspace, public_id=public_id)
    try:
        service(message=message, actor=request.user, now=timezone.now())
    except RuleError as error:
        return _refused(request, message, error.message)
    messages.success(request, said(message))
    return _after_write(request, message, plain_url(message))


def _discarded(message: InboundMessage) -> str:
    subject = message.subject or f"the message from {message.from_address or 'an unknown sender'}"
    return f"Discarded “{subject}”: it is kept under Discarded for a while."


@require_POST
@workspace_view(write=Role.MEMBER)
def message_discard(request: HttpRequest, public_id) -> HttpResponse:
    return _move(
        request, public_id, inbound_discard, _discarded, lambda message: _inbox_url(request)
    )


@require_POST
@workspace_view(write=Role.MEMBER)
def message_restore(request: HttpRequest, public_id) -> HttpResponse:
    return _move(
        request,
        public_id,
        inbound_restore,
        lambda message: "Put back in the Unmatched inbox.",
        lambda message: _message_url(request, message),
    )


# --- an auto-reply's return date -----------------------------------------------------------------


@require_POST
@workspace_view(write=Role.MEMBER)
def away_decide(request: HttpRequest, public_id) -> HttpResponse:
    """Set their do-not-disturb until the date their auto-reply gave, or ignore it. Asked on
    the pitch page (answered with its panel) and on the message's own page."""
    message = selectors.inbound_get(workspace=request.workspace, public_id=public_id)
    decision = request.POST.get("decision", "")
    error = ""
    if decision not in ("set", "ignore"):
        error = "Choose to set do-not-disturb or to ignore the return date."
    else:
        try:
            decided = inbound_away_decide(
                message=message, apply=decision == "set", actor=request.user, now=timezone.now()
            )
        except RuleError as refused:
            error = refused.message
        else:
            name = decided.influencer.name
            if decision == "set":
                until = f"{decided.away_until:%-d %b %Y}"
                messages.success(request, f"{name} is on do-not-disturb until {until}.")
            else:
                messages.success(request, f"{name}'s return date is ignored.")
    if error:
        messages.error(request, error)
    on_pitch = message.pitch_id is not None and (
        not request.htmx or request.htmx.target == PITCH_TARGET
    )
    if on_pitch:
        pitch = selectors.pitch_get(workspace=request.workspace, public_id=message.pitch.public_id)
        if error or request.htmx:
            return board._detail(request, pitch, status=400 if error else 200)
        return redirect(
            "outreach:pitch-detail", slug=request.workspace.slug, public_id=pitch.public_id
        )
    if error:
        return _message(request, message, status=400)
    return _after_write(request, message, _message_url(request, message))


# --- files ---------------------------------------------------------------------------------------


@require_GET
@workspace_view(read=Role.VIEWER)
def attachment_download(request: HttpRequest, public_id) -> HttpResponse:
    """A file that came by email, for anyone in its workspace: always downloaded, never shown
    inline (it comes from outside), and only when its bytes were kept."""
    attachment = selectors.inbound_attachment_get(workspace=request.workspace, public_id=public_id)
    return private_file_response(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )
