"""The staff outbox pages: every email Rapport sent or will send, readable in the app.

Site admins only (Django `is_staff`); anyone else signed in gets 404, as if the pages did not
exist, and anonymous visitors are sent to sign in.
"""

from collections.abc import Callable
from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from irm.errors import RuleError
from irm.models import EmailStatus
from irm.outbox import (
    outbox_body_visible,
    outbox_email_get,
    outbox_email_page,
    outbox_email_resolve,
)


def staff_only(view: Callable) -> Callable:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_staff:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@staff_only
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in EmailStatus.values:
        status = ""
    page = outbox_email_page(status=status, page=request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": EmailStatus.choices}
    template = "irm/outbox.html#outbox-rows" if request.htmx else "irm/outbox.html"
    return render(request, template, context)


def _detail_context(request: HttpRequest, email) -> dict:
    return {
        "email": email,
        "body_visible": outbox_body_visible(email=email, user=request.user),
    }


@require_GET
@staff_only
def outbox_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    email = outbox_email_get(public_id=public_id)
    return render(request, "irm/outbox_detail.html", _detail_context(request, email))


@require_POST
@staff_only
def outbox_resolve(request: HttpRequest, public_id: UUID) -> HttpResponse:
    email = outbox_email_get(public_id=public_id)
    error = ""
    try:
        email = outbox_email_resolve(
            email=email, resolution=request.POST.get("resolution", ""), actor=request.user
        )
    except RuleError as problem:
        error = problem.message
        email = outbox_email_get(public_id=public_id)  # show what it is now
    if request.htmx:
        context = {**_detail_context(request, email), "resolve_error": error, "resolved": not error}
        return render(request, "irm/outbox_detail.html#outbox-status", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Your decision is recorded.")
    return redirect("irm:outbox-detail", public_id=email.public_id)
