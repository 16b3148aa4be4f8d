"""The API's exception handler: JSON errors, a message per field."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions

from irm.api_policies import api_exception_handler, error_messages_by_field
from irm.errors import RuleError


def handle(exc: Exception):
    return api_exception_handler(exc, {"view": None, "args": (), "kwargs": {}, "request": None})


def test_it_keeps_plain_errors_as_a_detail():
    response = handle(exceptions.NotFound("No such influencer."))

    assert (response.status_code, response.data) == (404, {"detail": "No such influencer."})


def test_it_keeps_the_message_of_django_errors():
    denied = handle(PermissionDenied("Your role (Viewer) may not do this."))
    missing = handle(Http404("No such workspace."))

    assert (denied.status_code, denied.data) == (
        403,
        {"detail": "Your role (Viewer) may not do this."},
    )
    assert (missing.status_code, missing.data) == (404, {"detail": "No such workspace."})


def test_it_keeps_the_retry_after_header_of_a_throttled_request():
    response = handle(exceptions.Throttled(wait=12))

    assert response.status_code == 429
    assert response["Retry-After"] == "12"
    assert set(response.data) == {"detail"}


def test_it_puts_a_message_without_a_field_under_non_field_errors():
    response = handle(exceptions.ValidationError("Pick a later date."))

    assert response.status_code == 400
    assert response.data == {
        "detail": "Pick a later date.",
        "errors": {"non_field_errors": ["Pick a later date."]},
    }


def test_it_turns_a_rule_error_into_a_400_with_its_message():
    response = handle(RuleError("Name the token after what will use it.", field="name"))

    assert response.status_code == 400
    assert response.data == {
        "detail": "Name the token after what will use it.",
        "errors": {"name": ["Name the token after what will use it."]},
    }


def test_it_leaves_unexpected_errors_to_django():
    assert handle(RuntimeError("boom")) is None


def test_it_names_nested_fields_with_dotted_paths():
    detail = {
        "name": ["Too long.", "Not allowed."],
        "rows": [{}, {"email": ["Enter a valid email address."]}],
        "address": {"non_field_errors": ["Give a street or a PO box."]},
        "tags": {0: ["Not a valid string."]},
    }

    assert error_messages_by_field(detail) == {
        "name": ["Too long.", "Not allowed."],
        "rows.1.email": ["Enter a valid email address."],
        "address.non_field_errors": ["Give a street or a PO box."],
        "tags.0": ["Not a valid string."],
    }


def test_it_summarises_several_errors_by_the_general_one_first():
    response = handle(
        exceptions.ValidationError(
            {"non_field_errors": ["The dates overlap."], "title": ["Too long."]}
        )
    )

    assert response.data["detail"] == "The dates overlap."
