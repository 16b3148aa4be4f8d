"""The outreach pages, under /w/<slug>/outreach/ (namespace "outreach"): the outreach board and
one pitch (board.py), the composer with its live verdict and attachments (compose.py), templates
and sending identities (library.py). Views are thin: selectors in outreach.pages, writes in
outreach.services (the guard) and outreach.compose."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header


def field_error(form, error) -> None:
    """Put a service's message on the form field it names, or on the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def file_response(attachment) -> HttpResponse:
    """A kept file (a pitch's, or one that came by email) for a person already allowed to see
    it: always downloaded, never shown inline, and never cached by a shared proxy. Read whole
    (kept files are small, at most 10 MB) so nothing is left open if the client goes away."""
    try:
        with attachment.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404("This file is no longer in storage.") from None
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
