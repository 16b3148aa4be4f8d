"""Workspace pages: switcher, members and invitations, teams, my API tokens.

Every view under /w/<slug>/ goes through `workspace_view`, which answers 404 to outsiders and
403 to a role that may not act, before any input is read.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from irm import selectors, services
from irm.access import ROLE_ABILITIES, ROLE_TABLE, ROLE_TABLE_HEAD, workspace_view
from irm.errors import RuleError
from irm.forms import (
    ApiTokenForm,
    InviteForm,
    JoinForm,
    PrivacySettingsForm,
    RoleForm,
    TeamForm,
)
from irm.models import Role
from irm.text import sentence
from irm.views import form_rule_error, posted

LAST_WORKSPACE_KEY = "last_workspace"


def _rule_broken(form, error: RuleError) -> None:
    form_rule_error(form, error)


@require_GET
@login_required
def workspace_list(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of_user(user=request.user)
    return render(request, "irm/workspace_list.html", {"memberships": memberships})


# --- members and invitations -----------------------------------------------------------------


@require_GET
@workspace_view(read=Role.VIEWER)
def settings_home(request: HttpRequest) -> HttpResponse:
    """/w/<slug>/settings/, the address the README gives: settings open on their first tab."""
    return redirect("irm:members", slug=request.workspace.slug)


def _members_page(request: HttpRequest, invite_form: InviteForm, status: int = 200) -> HttpResponse:
    workspace = request.workspace
    context = {
        "members": selectors.workspace_members(workspace=workspace),
        "invitations": selectors.workspace_open_invitations(
            workspace=workspace, now=timezone.now()
        ),
        "invite_form": invite_form,
        "roles": Role.choices,
        "is_admin": request.membership.may(Role.ADMIN),
        # What each role may do: the README's table (irm/access.py).
        "role_table_head": ROLE_TABLE_HEAD,
        "role_table": ROLE_TABLE,
        "role_abilities": [(label, ROLE_ABILITIES[value]) for value, label in Role.choices],
    }
    template = "irm/members.html#members-panel" if request.htmx else "irm/members.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.ADMIN)
def members(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _members_page(request, InviteForm())
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, form, status=400)
    try:
        invitation = services.invitation_create(
            workspace=request.workspace,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
    except RuleError as error:
        _rule_broken(form, error)
        return _members_page(request, form, status=400)
    messages.success(request, f"Invitation sent to {invitation.email}.")
    if request.htmx:
        return _members_page(request, InviteForm())
    return redirect("irm:members", slug=request.workspace.slug)


@require_POST
@workspace_view(write=Role.ADMIN)
def member_role(request: HttpRequest, public_id) -> HttpResponse:
    membership = selectors.membership_get_by_public_id(
        workspace=request.workspace, public_id=public_id
    )
    form = RoleForm(request.POST)
    status = 200
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        status = 400
    else:
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], actor=request.user
            )
            name = membership.user.name or membership.user.email
            messages.success(request, f"{name} is now {membership.get_role_display().lower()}.")
        except RuleError as error:
            messages.error(request, error.message)
            status = 400
    if request.htmx:
        return _members_page(request, InviteForm(), status=status)
    if status == 400:
        return _members_page(request, InviteForm(), status=status)
    return redirect("irm:members", slug=request.workspace.slug)


@require_POST
@workspace_view(write=Role.ADMIN)
def member_remove(request: HttpRequest, public_id) -> HttpResponse:
    membership = selectors.membership_get_by_public_id(
        workspace=request.workspace, public_id=public_id
    )
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return _members_page(request, InviteForm(), status=400)
    messages.success(request, f"{membership.user.name or membership.user.email} was removed.")
    if membership.user_id == request.user.pk:
        return redirect("irm:workspaces")
    if request.htmx:
        return _members_page(request, InviteForm())
    return redirect("irm:members", slug=request.workspace.slug)


@require_POST
@workspace_view(write=Role.ADMIN)
def invitation_revoke(request: HttpRequest, public_id) -> HttpResponse:
    invitation = selectors.invitation_get(workspace=request.workspace, public_id=public_id)
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return _members_page(request, InviteForm(), status=400)
    messages.success(request, f"The invitation for {invitation.email} was revoked.")
    if request.htmx:
        return _members_page(request, InviteForm())
    return redirect("irm:members", slug=request.workspace.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: a newcomer creates an account, a signed-in person with
    the invited address joins, anyone else is told what to do."""
    invitation = services.invitation_find(plain_token=token)
    now = timezone.now()
    if invitation is None:
        raise Http404("This invitation link is not valid.")
    context = {"invitation": invitation, "open": invitation.is_open(now)}
    user = request.user
    has_account = selectors.user_exists(email=invitation.email)
    if not context["open"]:
        return render(request, "irm/invitation.html", context, status=410)
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "irm/invitation.html", {**context, "wrong_person": True})
        if request.method == "POST":
            membership = services.invitation_accept(invitation=invitation, user=user, now=now)
            messages.success(request, sentence(f"Welcome to {membership.workspace.name}"))
            return redirect("contacts:home", slug=membership.workspace.slug)
        return render(request, "irm/invitation.html", context)
    if has_account:
        return render(request, "irm/invitation.html", {**context, "sign_in_first": True})
    form = JoinForm(posted(request), email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create_for_invitation(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
            membership = services.invitation_accept(invitation=invitation, user=user, now=now)
        except RuleError as error:
            _rule_broken(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, sentence(f"Welcome to {membership.workspace.name}"))
            return redirect("contacts:home", slug=membership.workspace.slug)
    status = 400 if form.errors else 200
    return render(request, "irm/invitation.html", {**context, "form": form}, status=status)


# --- teams -----------------------------------------------------------------------------------


def _teams_page(request: HttpRequest, form: TeamForm, status: int = 200) -> HttpResponse:
    context = {
        "teams": selectors.workspace_teams(workspace=request.workspace),
        "form": form,
        "is_admin": request.membership.may(Role.ADMIN),
    }
    template = "irm/teams.html#teams-panel" if request.htmx else "irm/teams.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.ADMIN)
def teams(request: HttpRequest) -> HttpResponse:
    form = TeamForm(posted(request), workspace=request.workspace)
    if request.method == "GET":
        return _teams_page(request, form)
    if not form.is_valid():
        return _teams_page(request, form, status=400)
    try:
        team = services.team_create(workspace=request.workspace, name=form.cleaned_data["name"])
        services.team_set_members(team=team, memberships=list(form.cleaned_data["members"]))
    except RuleError as error:
        _rule_broken(form, error)
        return _teams_page(request, form, status=400)
    messages.success(request, f"Team “{team.name}” created.")
    if request.htmx:
        return _teams_page(request, TeamForm(workspace=request.workspace))
    return redirect("irm:teams", slug=request.workspace.slug)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.ADMIN)
def team_edit(request: HttpRequest, public_id) -> HttpResponse:
    team = selectors.team_get(workspace=request.workspace, public_id=public_id)
    initial = {"name": team.name, "members": list(team.members.all())}
    form = TeamForm(posted(request), workspace=request.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_rename(team=team, name=form.cleaned_data["name"])
            services.team_set_members(team=team, memberships=list(form.cleaned_data["members"]))
        except RuleError as error:
            _rule_broken(form, error)
        else:
            messages.success(request, f"Team “{team.name}” saved.")
            return redirect("irm:teams", slug=request.workspace.slug)
    status = 400 if form.errors else 200
    context = {"team": team, "form": form, "is_admin": request.membership.may(Role.ADMIN)}
    return render(request, "irm/team_edit.html", context, status=status)


@require_POST
@workspace_view(write=Role.ADMIN)
def team_delete(request: HttpRequest, public_id) -> HttpResponse:
    team = selectors.team_get(workspace=request.workspace, public_id=public_id)
    services.team_delete(team=team)
    messages.success(request, f"Team “{team.name}” deleted.")
    if request.htmx:
        return _teams_page(request, TeamForm(workspace=request.workspace))
    return redirect("irm:teams", slug=request.workspace.slug)


# --- my API tokens -----------------------------------------------------------------------------


def _tokens_page(
    request: HttpRequest, form: ApiTokenForm, new_token: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "tokens": selectors.api_tokens_of(membership=request.membership),
        "form": form,
        "new_token": new_token,
    }
    template = "irm/tokens.html#tokens-panel" if request.htmx else "irm/tokens.html"
    return render(request, template, context, status=status)


# A new token is shown once on this page: never kept by a cache, whoever asks.
@never_cache
@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.VIEWER)
def tokens(request: HttpRequest) -> HttpResponse:
    """Anyone in the workspace may hold tokens: a token acts with its holder's role."""
    form = ApiTokenForm(posted(request))
    if request.method == "GET":
        return _tokens_page(request, form)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    try:
        _token, plain = services.api_token_create(
            membership=request.membership, name=form.cleaned_data["name"]
        )
    except RuleError as error:
        _rule_broken(form, error)
        return _tokens_page(request, form, status=400)
    # Shown in this response only: the token is stored hashed and cannot be shown again.
    return _tokens_page(request, ApiTokenForm(), new_token=plain)


@require_POST
@workspace_view(write=Role.VIEWER)
def token_revoke(request: HttpRequest, public_id) -> HttpResponse:
    token = selectors.api_token_get(membership=request.membership, public_id=public_id)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token “{token.name}” revoked. Anything using it stops working.")
    if request.htmx:
        return _tokens_page(request, ApiTokenForm())
    return redirect("irm:tokens", slug=request.workspace.slug)


# --- privacy ---------------------------------------------------------------------------------


def _privacy_page(request: HttpRequest, form: PrivacySettingsForm, status: int = 200):
    context = {"form": form, "is_admin": request.membership.may(Role.ADMIN)}
    template = "irm/privacy.html#privacy-panel" if request.htmx else "irm/privacy.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.ADMIN)
def privacy(request: HttpRequest) -> HttpResponse:
    """The workspace's stated purpose (quoted by the privacy notice) and its retention."""
    workspace = request.workspace
    initial = {
        "privacy_purpose": workspace.privacy_purpose,
        "retention_months": workspace.retention_months,
    }
    form = PrivacySettingsForm(posted(request), initial=initial)
    if request.method == "GET":
        return _privacy_page(request, form)
    if not form.is_valid():
        return _privacy_page(request, form, status=400)
    try:
        services.workspace_privacy_update(
            workspace=workspace,
            purpose=form.cleaned_data["privacy_purpose"],
            retention_months=form.cleaned_data["retention_months"],
        )
    except RuleError as error:
        _rule_broken(form, error)
        return _privacy_page(request, form, status=400)
    messages.success(request, "Privacy settings saved.")
    if request.htmx:
        return _privacy_page(request, PrivacySettingsForm(initial=initial | form.cleaned_data))
    return redirect("irm:privacy", slug=workspace.slug)
