"""Likely duplicates, and merging two profiles of the same person.

Viewers read both pages (the comparison helps anyone spot the same person twice); merging is
a manager's decision, since it rewrites two relationships' history into one.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from contacts.models import Influencer
from contacts.selectors import influencers as influencer_selectors
from contacts.selectors.duplicates import (
    KEEP,
    MERGE_FIELDS,
    duplicate_pairs,
    merge_comparison,
    merge_related_counts,
)
from contacts.services.merge import influencer_merge
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.text import sentence


@require_GET
@workspace_view(read=Role.VIEWER)
def duplicates(request: HttpRequest) -> HttpResponse:
    found = duplicate_pairs(workspace=request.workspace)
    context = {
        "pairs": found.pairs,
        "total": found.total,
        "may_merge": request.membership.may(Role.MANAGER),
    }
    template = "contacts/duplicates.html"
    return render(request, f"{template}#duplicate-pairs" if request.htmx else template, context)


def _public_id(value: str) -> uuid.UUID:
    """A malformed id names no profile of this workspace: 404, like someone else's."""
    try:
        return uuid.UUID(value.strip())
    except (AttributeError, ValueError):
        raise Http404("No such influencer.") from None


def _profile_url(request: HttpRequest, influencer: Influencer) -> str:
    try:
        return reverse(
            "contacts:influencer-detail",
            kwargs={"slug": request.workspace.slug, "public_id": influencer.public_id},
        )
    except NoReverseMatch:
        return reverse("contacts:duplicates", kwargs={"slug": request.workspace.slug})


def _merge_page(
    request: HttpRequest,
    keep: Influencer,
    drop: Influencer,
    *,
    choices: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    choices = choices or {}
    rows = merge_comparison(keep=keep, drop=drop)
    for row in rows:
        row.choice = choices.get(row.name, KEEP)
    context = {
        "keep": keep,
        "drop": drop,
        "rows": rows,
        "conflicts": [row for row in rows if row.conflict],
        "related": merge_related_counts(keep=keep, drop=drop),
        "languages": sorted(set(keep.languages) | set(drop.languages)),
        "error": error,
        "may_merge": request.membership.may(Role.MANAGER),
    }
    template = "contacts/merge.html"
    return render(
        request, f"{template}#merge-panel" if request.htmx else template, context, status=status
    )


def _pair(request: HttpRequest, data) -> tuple[Influencer, Influencer] | None:
    keep_id, drop_id = data.get("keep", ""), data.get("drop", "")
    if not keep_id or not drop_id:
        return None
    keep = influencer_selectors.influencer_get(
        workspace=request.workspace, public_id=_public_id(keep_id)
    )
    drop = influencer_selectors.influencer_get(
        workspace=request.workspace, public_id=_public_id(drop_id)
    )
    return keep, drop


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.MANAGER)
def merge_profiles(request: HttpRequest) -> HttpResponse:
    """GET ?keep=&drop= compares the two side by side; POST merges `drop` into `keep` with the
    value chosen for each field both profiles fill differently (`choice-<field>`)."""
    data = request.POST if request.method == "POST" else request.GET
    pair = _pair(request, data)
    if pair is None:
        if request.method == "GET":
            messages.info(request, "Pick a pair of profiles to compare.")
            return redirect("contacts:duplicates", slug=request.workspace.slug)
        return render(
            request,
            "contacts/merge_missing.html",
            {"error": "Choose the profile to keep and the one to merge into it."},
            status=400,
        )
    keep, drop = pair
    if keep.pk == drop.pk:
        return render(
            request,
            "contacts/merge_missing.html",
            {"error": "These are one and the same profile: there is nothing to merge."},
            status=400,
        )
    if request.method == "GET":
        return _merge_page(request, keep, drop)

    choices = {name: data[f"choice-{name}"] for name in MERGE_FIELDS if data.get(f"choice-{name}")}
    try:
        result = influencer_merge(keep=keep, drop=drop, field_choices=choices, actor=request.user)
    except RuleError as error:
        return _merge_page(request, keep, drop, choices=choices, error=error.message, status=400)
    messages.success(request, sentence(f"{drop.name} was merged into {result.influencer.name}"))
    destination = _profile_url(request, result.influencer)
    if request.htmx:
        return HttpResponseClientRedirect(destination)
    return redirect(destination)
