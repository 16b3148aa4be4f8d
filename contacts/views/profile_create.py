"""Adding someone new: the create form, with warnings about likely duplicates while typing
(influencer_check) and the note shown when the person was erased before. The profile page
itself is contacts/views/profile.py.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from contacts.forms.profile import (
    InfluencerCreateForm,
)
from contacts.selectors.profiles import (
    Duplicates,
    influencer_duplicates,
)
from contacts.services import profiles as profile_services
from contacts.views.profile import erased_note, profile_url, rule_broken_onto
from irm.access import (
    CREATE_REFUSED,
    may_create_influencer,
    may_reassign,
    membership_team_ids,
    workspace_view,
)
from irm.errors import RuleError
from irm.models import Role
from irm.views import posted


def _create_form(request: HttpRequest) -> InfluencerCreateForm:
    initial = {"owner": request.user.public_id, "time_zone": request.workspace.time_zone}
    form = InfluencerCreateForm(posted(request), initial=initial, workspace=request.workspace)
    if not may_reassign(membership=request.membership):
        # A member adds people owned by themselves or one of their teams (irm/access.py).
        owner, team = form.fields["owner"], form.fields["team"]
        owner.queryset = owner.queryset.filter(pk=request.user.pk)
        team.queryset = team.queryset.filter(pk__in=membership_team_ids(request.membership))
        owner.help_text = "You, or nobody if one of your teams looks after them."
    return form


def _duplicates(request: HttpRequest, form: InfluencerCreateForm) -> Duplicates:
    """Who they may already be, from what was typed so far (valid or not)."""
    data = form.data
    return influencer_duplicates(
        workspace=request.workspace,
        name=data.get("name", ""),
        email=data.get("email", ""),
        platform=data.get("platform", ""),
        handle=data.get("handle", ""),
    )


def _clash_errors(form: InfluencerCreateForm, duplicates: Duplicates) -> None:
    if duplicates.email_clash and "email" not in form.errors:
        form.add_error("email", f"This address belongs to {duplicates.email_clash.name} already.")
    if duplicates.handle_clash and "handle" not in form.errors:
        form.add_error("handle", f"This handle belongs to {duplicates.handle_clash.name} already.")


def _create_page(request, form, duplicates, status: int = 200) -> HttpResponse:
    context = {"form": form, "duplicates": duplicates}
    return render(request, "contacts/influencer_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def influencer_create(request: HttpRequest) -> HttpResponse:
    form = _create_form(request)
    if request.method == "GET":
        return _create_page(request, form, None)
    valid = form.is_valid()
    duplicates = _duplicates(request, form)
    _clash_errors(form, duplicates)
    if valid and not may_create_influencer(
        membership=request.membership,
        owner=form.cleaned_data["owner"],
        team=form.cleaned_data["team"],
    ):
        form.add_error("owner", CREATE_REFUSED)
    if valid and not form.errors:
        data = form.cleaned_data
        account = form.account()
        try:
            influencer = profile_services.influencer_create(
                workspace=request.workspace,
                actor=request.user,
                name=data["name"],
                emails=[data["email"]] if data["email"] else [],
                accounts=[account] if account else [],
                topics=data["topics"],
                owner=data["owner"],
                team=data["team"],
                stage=data["stage"],
                time_zone=data["time_zone"],
                country=data["country"],
                languages=data["languages"],
            )
        except RuleError as error:
            rule_broken_onto(form, error)
        else:
            if influencer.erased_on is not None:
                messages.warning(request, erased_note(influencer))
            else:
                messages.success(request, f"{influencer.name} added.")
            url = profile_url(request, influencer)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return _create_page(request, form, duplicates, status=400)


@require_POST
@workspace_view(write=Role.MEMBER)
def influencer_check(request: HttpRequest) -> HttpResponse:
    """What the create form says while someone types: problems with what is filled in so far
    (an empty field is not a problem yet) and who they may already be."""
    form = _create_form(request)
    form.is_valid()
    duplicates = _duplicates(request, form)
    _clash_errors(form, duplicates)
    for name in list(form.errors):
        if name in form.fields and not str(form.data.get(name, "")).strip():
            del form.errors[name]
    context = {"form": form, "duplicates": duplicates, "checking": True}
    return render(request, "contacts/influencer_form.html#influencer-checks", context)
