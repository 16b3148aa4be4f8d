"""The outreach pages, under /w/<slug>/outreach/ (namespace "outreach"): the outreach board and
one pitch (board.py), the composer with its live verdict and attachments (compose.py), templates
and sending identities (library.py). Views are thin: selectors in outreach.pages, writes in
outreach.services (the guard) and outreach.compose."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def render_zoned(
    request: HttpRequest, template: str, context: dict, status: int = 200
) -> HttpResponse:
    """Dates and times on these pages are the viewer's wall clock unless a template says
    “their time”."""
    with timezone.override(request.user.zone):
        return render(request, template, context, status=status)


def field_error(form, error) -> None:
    """Put a service's message on the form field it names, or on the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
