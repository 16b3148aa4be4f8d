"""Pitch templates (list, create, edit, archive, with merge-field help and a live preview) and
each person's sending identity in the workspace (From name and signature, and the workspace's
reply-to address, where answers come back)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views import form_rule_error
from outreach.forms import IdentityForm, TemplateForm
from outreach.models import PitchTemplate
from outreach.selectors.library import identity_get, template_get, template_may_edit, templates_list
from outreach.services import drafts, library
from outreach.services.drafts import MERGE_FIELDS
from outreach.services.library import (
    identity_save,
    template_create,
    template_update,
)

# The preview fills merge fields with an example person.
SAMPLE = {"first_name": "Ana", "name": "Ana Rocha"}


def _sample_values(request: HttpRequest) -> dict[str, str]:
    identity = identity_get(workspace=request.workspace, user=request.user)
    my_name = identity.from_name if identity else (request.user.name or request.user.email)
    return {**SAMPLE, "my_name": my_name}


def _preview(request: HttpRequest, form: TemplateForm) -> dict[str, str]:
    values = _sample_values(request)
    subject = form.data.get("subject", "") if form.is_bound else form.initial.get("subject", "")
    body = form.data.get("body", "") if form.is_bound else form.initial.get("body", "")
    return {
        "subject": drafts.render(subject, values),
        "body": drafts.render(body, values),
    }


def _form_context(request, form, template: PitchTemplate | None) -> dict:
    return {
        "form": form,
        "template_row": template,
        "preview": _preview(request, form),
        "merge_fields": MERGE_FIELDS,
        "sample": _sample_values(request),
        "may_edit": template is None
        or template_may_edit(template=template, membership=request.membership),
    }


@require_http_methods(["GET"])
@workspace_view(read=Role.VIEWER)
def templates_index(request: HttpRequest) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    context = {
        "templates": templates_list(workspace=request.workspace, archived=archived),
        "archived": archived,
        "may_create": request.membership.may(Role.MEMBER),
    }
    page = "outreach/templates.html"
    return render(request, f"{page}#template-list" if request.htmx else page, context)


def _template_form(request: HttpRequest, form: TemplateForm, template, save) -> HttpResponse:
    """The template form (new: `template` None). A valid POST is saved by `save` (a service of
    outreach.services.library, given the form's values) and goes back to the templates; a
    rule it breaks comes back on the form (400)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = save(**{name: data[name] for name in ("name", "subject", "body", "topics")})
            except RuleError as error:
                form_rule_error(form, error)
            else:
                messages.success(request, f"Template “{saved.name}” saved.")
                return redirect("outreach:templates", slug=request.workspace.slug)
        status = 400
    context = _form_context(request, form, template)
    page = "outreach/template_form.html"
    return render(
        request, f"{page}#template-form" if request.htmx else page, context, status=status
    )


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def template_new(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST if request.method == "POST" else None)
    save = partial(template_create, workspace=request.workspace, actor=request.user)
    return _template_form(request, form, None, save)


def _editable_template(request: HttpRequest, public_id) -> PitchTemplate:
    template = template_get(workspace=request.workspace, public_id=public_id)
    if request.method != "GET" and not template_may_edit(
        template=template, membership=request.membership
    ):
        raise PermissionDenied("Only its author or a manager can change this template.")
    return template


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.MEMBER)
def template_edit(request: HttpRequest, public_id) -> HttpResponse:
    """Everyone reads a template; its author or a manager edits it."""
    template = _editable_template(request, public_id)
    initial = {
        "name": template.name,
        "subject": template.subject,
        "body": template.body,
        "topics": [topic.name for topic in template.topics.all()],
    }
    form = TemplateForm(request.POST if request.method == "POST" else None, initial=initial)
    return _template_form(request, form, template, partial(template_update, template=template))


@require_POST
@workspace_view(write=Role.MEMBER)
def template_archive(request: HttpRequest, public_id) -> HttpResponse:
    """Archive a template (it leaves the composer's picker), or bring an archived one back."""
    template = _editable_template(request, public_id)
    archived = template.archived_at is None
    library.template_archive(template=template, archived=archived)
    if archived:
        messages.success(request, f"“{template.name}” archived: the composer no longer offers it.")
    else:
        messages.success(request, f"“{template.name}” is back in the composer.")
    if request.htmx:
        context = {
            "templates": templates_list(workspace=request.workspace, archived=not archived),
            "archived": not archived,
            "may_create": True,
        }
        return render(request, "outreach/templates.html#template-list", context)
    return redirect("outreach:templates", slug=request.workspace.slug)


@require_POST
@workspace_view(write=Role.MEMBER)
def template_preview(request: HttpRequest) -> HttpResponse:
    """The template as an example person would read it; nothing is saved."""
    form = TemplateForm(request.POST)
    context = _form_context(request, form, None)
    if request.htmx:
        form.is_valid()
        return render(request, "outreach/template_form.html#template-preview", context)
    status = 200 if form.is_valid() else 400
    return render(request, "outreach/template_form.html", context, status=status)


# --- sending identity ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.VIEWER)
def identity(request: HttpRequest) -> HttpResponse:
    """My From name and signature in this workspace: everyone sets their own."""
    current = identity_get(workspace=request.workspace, user=request.user)
    initial = (
        {"from_name": current.from_name, "signature": current.signature}
        if current
        else {"from_name": request.user.name}
    )
    form = IdentityForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                current = identity_save(
                    workspace=request.workspace,
                    user=request.user,
                    from_name=form.cleaned_data["from_name"],
                    signature=form.cleaned_data["signature"],
                )
            except RuleError as error:
                form_rule_error(form, error)
            else:
                messages.success(request, "Your sending identity is saved.")
                if not request.htmx:
                    return redirect("outreach:identity", slug=request.workspace.slug)
                form = IdentityForm(initial={"from_name": current.from_name,
                                             "signature": current.signature})  # fmt: skip
        if form.errors:
            status = 400
    context = {"form": form, "identity": current, "workspace": request.workspace}
    page = "outreach/identity.html"
    return render(
        request, f"{page}#identity-form" if request.htmx else page, context, status=status
    )
