"""What every app's views share: reading a POST, putting a rule error on a form, handing out a
kept file. A page of rows reverses each link once with irm.paths.RowPath."""

from django.db.models.fields.files import FieldFile
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.http import content_disposition_header

from irm.errors import RuleError


def posted(request: HttpRequest) -> QueryDict | None:
    """Form data for a POST (even an empty one, which must fail validation), None otherwise."""
    return request.POST if request.method == "POST" else None


def form_rule_error(form: Form, error: RuleError) -> None:
    """Put a service's message on the form field it names, or on the whole form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def private_file_response(
    stored: FieldFile,
    *,
    name: str,
    content_type: str,
    missing: str = "This file is no longer in storage.",
) -> HttpResponse:
    """A kept file for a person already allowed to see it: always downloaded, never shown
    inline, never cached by a shared proxy. Read whole (kept files are small, at most an
    upload's size) so nothing is left open if the client goes away."""
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404(missing) from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
