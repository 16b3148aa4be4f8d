"""Campaign pages, under /w/<slug>/campaigns/: the list (filtered in the URL), the brief's
create and edit forms, and a campaign's page with its budget and the board of collaborations.

On the board each card moves to the stages the pipeline allows (buttons, or dragging between
columns, which posts the same form); further ahead past several stages at once (a deal agreed by
phone) it asks why first: the card's "skip ahead" form, which a drop on a column further ahead
opens with that stage chosen. The service refuses anything else with a message and writes every
move, with its reason, on the influencer's timeline. People are shortlisted from a search, and
invited with one personal draft each through the contact guard: nothing is sent from here, the
member opens the draft in the composer, where the guard checks it again.

Anyone in the workspace reads; members and up write. htmx swaps the board; without JavaScript
the forms post and come back here."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns.forms import CampaignEditForm, CampaignForm, InviteForm, MoveForm
from campaigns.models import Campaign, CampaignStatus, Collaboration, Stage
from campaigns.selectors.campaigns import (
    brands_of,
    campaign_budget,
    campaign_get,
    campaigns_filtered,
    workspace_members,
    workspace_teams,
)
from campaigns.selectors.collaborations import (
    campaign_board_rows,
    campaign_collaboration_get,
    campaign_collaborations_chosen,
    collaboration_invite_state,
    influencer_find,
    influencer_list_find,
    shortlist_suggestions,
)
from campaigns.services.campaigns import campaign_create, campaign_update
from campaigns.services.pipeline import (
    MOVE_REASON_MAX,
    TRANSITIONS,
    collaboration_invite,
    collaboration_move,
    collaboration_shortlist,
    collaboration_shortlist_list,
    stages_ahead,
)
from contacts.selectors import influencer_lists
from irm.access import may_edit_campaign, may_reassign, require_campaign_edit, workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.text import sentence
from irm.versions import VersionConflict, conflict_rows, with_version
from irm.views import form_rule_error
from outreach.models import PitchStatus

PAGE = "campaigns/campaign_detail.html"


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _campaign_get(request: HttpRequest, public_id) -> Campaign:
    return campaign_get(workspace=request.workspace, public_id=public_id)


def _may_write(request: HttpRequest, campaign: Campaign | None = None) -> bool:
    """May write at all, or (given a campaign) change this one (irm/access.py)."""
    if campaign is None:
        return request.membership.may(Role.MEMBER)
    return may_edit_campaign(membership=request.membership, campaign=campaign)


def _campaign_to_change(request: HttpRequest, public_id) -> Campaign:
    """The campaign, when this person may change it: 404 for another workspace's, 403 (before
    any input) for a member whose it is not."""
    campaign = _campaign_get(request, public_id)
    require_campaign_edit(membership=request.membership, campaign=campaign, path=request.path)
    return campaign


# --- the list ----------------------------------------------------------------------------------


@dataclass
class ListFilters:
    status: str = ""
    brand: str = ""
    owner: str = ""
    team: str = ""

    @classmethod
    def from_query(cls, params) -> "ListFilters":
        filters = cls(**{name: params.get(name, "").strip() for name in cls.__dataclass_fields__})
        if filters.status not in CampaignStatus.values:
            filters.status = ""
        for name in ("brand", "owner", "team"):
            if _uuid(getattr(filters, name)) is None:
                setattr(filters, name, "")
        return filters

    @property
    def active(self) -> bool:
        return any((self.status, self.brand, self.owner, self.team))


@require_GET
@workspace_view(read=Role.VIEWER)
def campaign_list(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    filters = ListFilters.from_query(request.GET)
    context = {
        "campaigns": campaigns_filtered(workspace=workspace, filters=filters),
        "filters": filters,
        "statuses": CampaignStatus.choices,
        "brands": brands_of(workspace=workspace),
        "owners": workspace_members(workspace=workspace),
        "teams": workspace_teams(workspace=workspace),
        "may_write": _may_write(request),
        # Managers read the exchange rates offers are compared through; admins set them.
        "may_see_rates": request.membership.may(Role.MANAGER),
    }
    template = "campaigns/campaign_list.html"
    if request.htmx:
        template += "#campaign-rows"
    return render(request, template, context)


# --- create and edit ---------------------------------------------------------------------------


def _form_page(request, form, campaign, conflict=None) -> HttpResponse:
    status = 400 if form.errors else 200
    context = {"form": form, "campaign": campaign, "conflict": conflict}
    return render(request, "campaigns/campaign_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(
        data, workspace=request.workspace, initial={"owner": request.user.public_id}
    )
    if data is not None and form.is_valid():
        try:
            campaign = campaign_create(
                workspace=request.workspace, actor=request.user, **form.cleaned_data
            )
        except RuleError as error:
            form_rule_error(form, error)
        else:
            messages.success(request, f"{campaign.name} created.")
            return redirect("campaigns:campaign-detail", request.workspace.slug, campaign.public_id)
    return _form_page(request, form, None)


def _initial(campaign: Campaign) -> dict:
    initial = {name: getattr(campaign, name) for name in CampaignEditForm.base_fields}
    initial.update(
        brand=campaign.brand.public_id,
        owner=campaign.owner.public_id if campaign.owner else None,
        team=campaign.team.public_id if campaign.team else None,
        hashtags=" ".join(campaign.hashtags),
    )
    return initial


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def campaign_edit(request: HttpRequest, public_id) -> HttpResponse:
    campaign = _campaign_to_change(request, public_id)
    data = request.POST if request.method == "POST" else None
    form = _edit_form(request, data, campaign)
    if data is not None and form.is_valid():
        changes = dict(form.cleaned_data)
        try:
            campaign = campaign_update(
                campaign=campaign, actor=request.user, version=changes.pop("version"), **changes
            )
        except VersionConflict as conflict:
            return _conflicted(request, conflict.current, conflict)
        except RuleError as error:
            form_rule_error(form, error)
        else:
            messages.success(request, f"{campaign.name} saved.")
            return redirect("campaigns:campaign-detail", request.workspace.slug, campaign.public_id)
    return _form_page(request, form, campaign)


def _edit_form(request: HttpRequest, data, campaign: Campaign) -> CampaignEditForm:
    form = CampaignEditForm(data, workspace=request.workspace, initial=_initial(campaign))
    if not may_reassign(membership=request.membership):
        # Owner and team stay as they are: reassigning is a manager's (what is posted is
        # ignored for a disabled field).
        for name in ("owner", "team"):
            form.fields[name].disabled = True
            form.fields[name].help_text = "A manager may reassign it."
    return form


def _conflicted(request: HttpRequest, current: Campaign, conflict: VersionConflict) -> HttpResponse:
    """Someone saved the campaign while this person edited it: the form again with what they
    typed, the saved values beside it, and the current version, so saving again keeps theirs."""
    current = _campaign_get(request, current.public_id)
    data = with_version(request.POST, prefix=None, version=current.version)
    form = _edit_form(request, data, current)
    form.is_valid()
    rows = conflict_rows(form, saved=_initial(current))
    form.add_error(None, conflict.message)
    return _form_page(request, form, current, conflict=rows)


# --- the campaign and its board ----------------------------------------------------------------


@dataclass
class Column:
    stage: str
    label: str
    cards: list


def _invite_state(collaboration: Collaboration) -> str:
    """What the board can say without asking the guard: a draft that made them Invited was ready
    when it was written (the composer checks again on sending); a shortlisted person's draft was
    blocked or held, and that state is asked for per card after the page (see invite_state), so
    the board costs the same number of queries at any size."""
    pitch = collaboration.invitation
    if pitch is None:
        return ""
    if pitch.status != PitchStatus.DRAFT:
        return pitch.get_status_display().lower()
    if collaboration.stage == Stage.SHORTLISTED:
        return "pending"
    return "ready"


@dataclass
class SkipAhead:
    """A move past several stages that came back for its reason (or was refused with one
    typed): the card's skip-ahead form opens again with what was chosen and typed."""

    card: int
    stage: str
    position: int | None
    reason: str
    error: str


def _board(campaign: Campaign, skip: SkipAhead | None = None) -> list[Column]:
    rows = campaign_board_rows(campaign=campaign)
    columns = {stage: Column(stage, label, []) for stage, label in Stage.choices}
    labels = dict(Stage.choices)
    for collaboration in rows:
        collaboration.next_stages = [
            (stage, labels[stage]) for stage in TRANSITIONS[collaboration.stage]
        ]
        collaboration.further_stages = [
            (stage, labels[stage]) for stage in stages_ahead(collaboration.stage)
        ]
        collaboration.skip = skip if skip and skip.card == collaboration.pk else None
        collaboration.invite_state = _invite_state(collaboration)
        columns[collaboration.stage].cards.append(collaboration)
    return list(columns.values())


def _detail_context(
    request: HttpRequest, campaign: Campaign, skip: SkipAhead | None = None
) -> dict:
    q = request.GET.get("q", "").strip()
    may_write = _may_write(request, campaign)
    return {
        "campaign": campaign,
        "budget": campaign_budget(campaign=campaign),
        "columns": _board(campaign, skip),
        "may_write": may_write,
        "q": q,
        "suggestions": shortlist_suggestions(workspace=request.workspace, campaign=campaign, q=q),
        # Only people who may shortlist see the lists to shortlist from.
        "named_lists": influencer_lists(workspace=request.workspace) if may_write else [],
        "invite_form": InviteForm(),
        "move_reason_max": MOVE_REASON_MAX,
    }


@require_GET
@workspace_view(read=Role.VIEWER)
def campaign_detail(request: HttpRequest, public_id) -> HttpResponse:
    campaign = _campaign_get(request, public_id)
    return render(request, PAGE, _detail_context(request, campaign))


def _board_answer(request: HttpRequest, campaign: Campaign, status: int = 200) -> HttpResponse:
    """htmx: the board again, with this request's messages; plain: back to the page."""
    if request.htmx:
        return render(request, PAGE + "#board", _detail_context(request, campaign), status=status)
    return redirect("campaigns:campaign-detail", request.workspace.slug, campaign.public_id)


def _board_refused(request: HttpRequest, campaign: Campaign, message: str) -> HttpResponse:
    """The board again with why nothing was done (a 400)."""
    messages.error(request, message)
    return _board_answer(request, campaign, status=400)


def _posted(request: HttpRequest, name: str, find):
    """The workspace's object whose public id was posted as `name` (None when there is none)."""
    public_id = _uuid(request.POST.get(name))
    return find(workspace=request.workspace, public_id=public_id) if public_id else None


def _collaboration_get(request: HttpRequest, campaign: Campaign, collaboration_id):
    return campaign_collaboration_get(campaign=campaign, public_id=collaboration_id)


@require_POST
@workspace_view(write=Role.MEMBER)
def collaboration_move_view(request: HttpRequest, public_id, collaboration_id) -> HttpResponse:
    campaign = _campaign_to_change(request, public_id)
    collaboration = _collaboration_get(request, campaign, collaboration_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _board_refused(request, campaign, "Choose a stage of the pipeline to move them to.")
    data = form.cleaned_data
    try:
        moved = collaboration_move(
            collaboration=collaboration,
            stage=data["stage"],
            position=data["position"],
            reason=data["reason"],
            actor=request.user,
        )
    except RuleError as error:
        messages.error(request, f"{collaboration.influencer.name}: {error.message}")
        if error.field != "reason" and not data["reason"]:
            return _board_answer(request, campaign, status=400)
        # The reason is asked for (or what was typed is kept): the card's skip-ahead form comes
        # back open, in place on the page, whether this was a drop, a button or a plain post.
        skip = SkipAhead(
            card=collaboration.pk,
            stage=data["stage"],
            position=data["position"],
            reason=data["reason"],
            error=error.message,
        )
        context = _detail_context(request, campaign, skip=skip)
        template = PAGE + "#board" if request.htmx else PAGE
        return render(request, template, context, status=400)
    messages.success(request, f"{moved.influencer.name} moved to {Stage(moved.stage).label}.")
    return _board_answer(request, campaign)


@require_GET
@workspace_view(read=Role.MEMBER)
def shortlist_search(request: HttpRequest, public_id) -> HttpResponse:
    campaign = _campaign_get(request, public_id)
    q = request.GET.get("q", "").strip()
    context = {
        "campaign": campaign,
        "q": q,
        "suggestions": shortlist_suggestions(workspace=request.workspace, campaign=campaign, q=q),
        "may_write": _may_write(request, campaign),
    }
    return render(request, PAGE + "#suggestions", context)


@require_POST
@workspace_view(write=Role.MEMBER)
def shortlist_add(request: HttpRequest, public_id) -> HttpResponse:
    campaign = _campaign_to_change(request, public_id)
    influencer = _posted(request, "influencer", influencer_find)
    if influencer is None:
        return _board_refused(request, campaign, "Choose someone from the search to shortlist.")
    try:
        collaboration_shortlist(campaign=campaign, influencer=influencer, actor=request.user)
    except RuleError as error:
        return _board_refused(request, campaign, error.message)
    messages.success(request, f"{influencer.name} shortlisted.")
    return _board_answer(request, campaign)


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


@require_POST
@workspace_view(write=Role.MEMBER)
def shortlist_list(request: HttpRequest, public_id) -> HttpResponse:
    """Everyone on a named list who is not in the campaign yet joins the shortlist."""
    campaign = _campaign_to_change(request, public_id)
    chosen = _posted(request, "list", influencer_list_find)
    if chosen is None:
        return _board_refused(
            request, campaign, "Choose one of the workspace's named lists to shortlist."
        )
    try:
        result = collaboration_shortlist_list(
            campaign=campaign, influencer_list=chosen, actor=request.user
        )
    except RuleError as error:
        return _board_refused(request, campaign, error.message)
    note = f"{_people(len(result.added))} from “{chosen.name}” shortlisted."
    if result.already_in:
        was = "was" if len(result.already_in) == 1 else "were"
        note += f" {_people(len(result.already_in))} {was} in the campaign already."
    messages.success(request, note)
    return _board_answer(request, campaign)


@require_POST
@workspace_view(write=Role.MEMBER)
def invite(request: HttpRequest, public_id) -> HttpResponse:
    """Invite the chosen shortlisted people (one card's form or several at once): one draft each,
    and a line each saying whether it is ready, blocked and why, or held until when."""
    campaign = _campaign_to_change(request, public_id)
    ids = [value for value in map(_uuid, request.POST.getlist("collaboration")) if value]
    chosen = campaign_collaborations_chosen(campaign=campaign, public_ids=ids)
    form = InviteForm(request.POST)
    if not chosen:
        return _board_refused(request, campaign, "Choose who to invite.")
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _board_refused(request, campaign, f"The invitation was not drafted: {first}")
    now = timezone.now()
    for collaboration in chosen:
        name = collaboration.influencer.name
        try:
            invitation = collaboration_invite(
                collaboration=collaboration,
                actor=request.user,
                actor_role=request.membership.role,
                now=now,
                **form.cleaned_data,
            )
        except RuleError as error:
            messages.error(request, f"{name}: {error.message}")
            continue
        state = collaboration_invite_state(collaboration=invitation.collaboration, now=now)
        if invitation.ready:
            messages.success(request, f"{name}: draft ready — open it in the composer to send.")
        else:
            messages.warning(request, sentence(f"{name}: draft kept, {state}"))
    return _board_answer(request, campaign)


@require_GET
@workspace_view(read=Role.VIEWER)
def invite_state(request: HttpRequest, public_id, collaboration_id) -> HttpResponse:
    """One card's invitation as the guard sees it now (asked after the board has loaded)."""
    campaign = _campaign_get(request, public_id)
    collaboration = _collaboration_get(request, campaign, collaboration_id)
    state = collaboration_invite_state(collaboration=collaboration, now=timezone.now())
    # htmx fills the card; without JavaScript the card's "see why" link opens it as a page.
    template = PAGE + "#invite-state" if request.htmx else "campaigns/invite_state.html"
    context = {
        "campaign": campaign,
        "card": collaboration,
        "state": state,
        "may_write": _may_write(request, campaign),
    }
    return render(request, template, context)
