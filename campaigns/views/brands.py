"""Brands, under /w/<slug>/campaigns/brands/: the PR team's clients and what each stands for.
Anyone in the workspace reads them; members and up add and edit."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from campaigns.forms import BrandForm
from campaigns.models import Brand
from campaigns.selectors.campaigns import brand_get, brands_with_campaign_counts
from campaigns.services.campaigns import brand_create, brand_update
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views import form_rule_error


def _brand_get(request: HttpRequest, public_id) -> Brand:
    return brand_get(workspace=request.workspace, public_id=public_id)


@require_GET
@workspace_view(read=Role.VIEWER)
def brand_list(request: HttpRequest) -> HttpResponse:
    brands = brands_with_campaign_counts(workspace=request.workspace)
    return render(
        request,
        "campaigns/brands.html",
        {"brands": brands, "may_write": request.membership.may(Role.MEMBER)},
    )


def _brand_form_page(request, form, brand, status=200) -> HttpResponse:
    return render(
        request, "campaigns/brand_form.html", {"form": form, "brand": brand}, status=status
    )


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def brand_create_view(request: HttpRequest) -> HttpResponse:
    form = BrandForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            brand = brand_create(
                workspace=request.workspace, actor=request.user, **form.cleaned_data
            )
        except RuleError as error:
            form_rule_error(form, error)
        else:
            messages.success(request, f"{brand.name} added.")
            return redirect("campaigns:brand-list", request.workspace.slug)
    return _brand_form_page(request, form, None, 400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def brand_edit(request: HttpRequest, public_id) -> HttpResponse:
    brand = _brand_get(request, public_id)
    initial = {name: getattr(brand, name) for name in BrandForm.base_fields}
    form = BrandForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            brand = brand_update(brand=brand, actor=request.user, **form.cleaned_data)
        except RuleError as error:
            form_rule_error(form, error)
        else:
            messages.success(request, f"{brand.name} saved.")
            return redirect("campaigns:brand-list", request.workspace.slug)
    return _brand_form_page(request, form, brand, 400 if form.errors else 200)
