"""The 400, 403, 404 and 500 answers (handler400 ... handler500 in irm/urls.py).

A page answers inside the product's layout: the workspace's navigation when the person is in
the workspace the address names, what happened, what their role may do (403), and a way back.
For an htmx request the same page is sent and htmx swaps its main into the current page's main
(base.html's responseHandling), so the navigation and the address stay. The API keeps its JSON:
under /api/ these answer `{"detail": ...}` like DRF does, a 500 and a too-large body (413)
included (irm.middleware.ApiErrorMiddleware answers the ones a view raises).
"""

import re

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

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
        "back_url": back_url(request),
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
        "back_url": back_url(request),
    }
    return render(request, "irm/error.html", context, status=404)


SERVER_ERROR_DETAIL = (
    "Rapport failed to answer this request; the error is logged. Try again, and if it happens "
    "again tell your workspace's admin what you were doing."
)


def too_big_detail() -> str:
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return f"The request is larger than Rapport accepts ({megabytes:g} MB); send less at once."


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refuses before any view reads it: a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE (413), too many fields, a malformed header (400)."""
    too_big = isinstance(exception, RequestDataTooBig)
    status = 413 if too_big else 400
    detail = too_big_detail() if too_big else "Rapport could not read this request."
    if _is_api(request):
        return api_bad_request(detail, status=status)
    context = {"status": status, "detail": detail, "back_url": back_url(request)}
    return render(request, "irm/error.html", context, status=status)


def api_bad_request(detail: str, *, status: int = 400) -> JsonResponse:
    """The API's 400 shape (irm.api_policies.api_exception_handler): `errors` always there."""
    body = {"detail": detail}
    if status == 400:
        body["errors"] = {"non_field_errors": [detail]}
    return JsonResponse(body, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected error: JSON under /api/ so a client can always parse the answer; the
    plain 500 page otherwise (it renders no template that could fail in turn)."""
    if _is_api(request):
        return JsonResponse({"detail": SERVER_ERROR_DETAIL}, status=500)
    return defaults.server_error(request)


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


def _from_this_site(request: HttpRequest, referer: str) -> bool:
    """Whether the referring page is another page of this site. A request refused for its Host
    header (DisallowedHost, answered by bad_request) has no host to compare with."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    return url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ) and not referer.endswith(request.get_full_path())


def back_url(request: HttpRequest) -> str:
    """Where "Go back" leads: the page an htmx request came from (htmx shows the error inside
    it), else the page the link was followed from on this site, else the workspace's home."""
    # A request refused by a middleware before HtmxMiddleware ran (a body too large for the
    # CSRF check) has no request.htmx.
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.current_url_abs_path:
        return htmx.current_url_abs_path
    referer = request.headers.get("referer", "")
    if referer and _from_this_site(request, referer):
        return referer
    workspace = getattr(request, "workspace", None)
    if workspace is not None:
        return reverse("contacts:home", args=[workspace.slug])
    return reverse("irm:home")
