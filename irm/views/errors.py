"""The 403 and 404 pages (handler403 / handler404 in irm/urls.py).

A page answers inside the product's layout: the workspace's navigation when the person is in
the workspace the address names, what happened, what their role may do (403), and a way back.
For an htmx request the same page is sent and htmx swaps its main into the current page's main
(base.html's responseHandling), so the navigation and the address stay. The API keeps its JSON:
under /api/ these answer `{"detail": ...}` like DRF does.
"""

import re

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from irm.access import ROLE_ABILITIES, membership_get

WORKSPACE_PATH = re.compile(r"^/w/(?P<slug>[-\w]+)/")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        detail = _detail(exception) or "You do not have permission to perform this action."
        return JsonResponse({"detail": detail}, status=403)
    membership = _membership(request)
    context = {
        "status": 403,
        "detail": _detail(exception) or "You may not do this.",
        "role": membership.get_role_display().lower() if membership else "",
        "abilities": ROLE_ABILITIES.get(membership.role, "") if membership else "",
        "back_url": _back_url(request),
    }
    return render(request, "irm/error.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    _membership(request)
    context = {
        "status": 404,
        # An address that matches no route says nothing worth showing (the resolver's
        # internals); a view's own Http404 names what is missing ("No such influencer.").
        "detail": "" if isinstance(exception, Resolver404) else _detail(exception),
        "back_url": _back_url(request),
    }
    return render(request, "irm/error.html", context, status=404)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


# get_object_or_404's own words ("No Influencer matches the given query."), in a person's.
_QUERY_MISS = re.compile(r"^No (?P<model>[\w ]+) matches the given query\.$")


def _detail(exception: Exception) -> str:
    args = getattr(exception, "args", ())
    detail = args[0] if args and isinstance(args[0], str) else ""
    if match := _QUERY_MISS.match(detail):
        return f"No such {match['model'].lower()}."
    return detail


def _membership(request: HttpRequest):
    """The person's membership in the workspace the address names, set on the request for the
    layout's navigation; None for an outsider (whose page names no workspace) or anyone else.
    workspace_view has usually set it already, before refusing."""
    membership = getattr(request, "membership", None)
    if membership is not None:
        return membership
    match = WORKSPACE_PATH.match(request.path_info)
    if match is None or not request.user.is_authenticated:
        return None
    try:
        membership = membership_get(user=request.user, slug=match["slug"])
    except Http404:
        return None
    request.membership = membership
    request.workspace = membership.workspace
    return membership


def _back_url(request: HttpRequest) -> str:
    """Where "Go back" leads: the page an htmx request came from (htmx shows the error inside
    it), else the page the link was followed from on this site, else the workspace's home."""
    if request.htmx and request.htmx.current_url_abs_path:
        return request.htmx.current_url_abs_path
    referer = request.headers.get("referer", "")
    from_this_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if referer and from_this_site and not referer.endswith(request.get_full_path()):
        return referer
    workspace = getattr(request, "workspace", None)
    if workspace is not None:
        return reverse("irm:workspace-home", args=[workspace.slug])
    return reverse("irm:home")
