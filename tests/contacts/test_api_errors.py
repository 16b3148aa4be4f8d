"""Rule errors of any app answer 400 with the same JSON as invalid input: the exception
handler's generic rule (irm.api_policies.is_rule_error), which irm states without importing
the apps above it."""

from irm.api_policies import api_exception_handler, is_rule_error
from irm.errors import RuleError


def handle(exc: Exception):
    return api_exception_handler(exc, {"view": None, "args": (), "kwargs": {}, "request": None})


def test_a_contacts_rule_error_is_a_400_on_its_field():
    response = handle(RuleError("Enter the handle, e.g. @ana.bakes.", field="handle"))

    assert response.status_code == 400
    assert response.data == {
        "detail": "Enter the handle, e.g. @ana.bakes.",
        "errors": {"handle": ["Enter the handle, e.g. @ana.bakes."]},
    }


def test_a_rule_error_of_no_field_is_under_non_field_errors():
    response = handle(RuleError("Only a workspace admin can clear do-not-contact."))

    assert response.status_code == 400
    assert response.data["errors"] == {
        "non_field_errors": ["Only a workspace admin can clear do-not-contact."]
    }


def test_both_apps_errors_say_they_are_rule_errors():
    assert is_rule_error(RuleError("x"))
    assert is_rule_error(RuleError("x", field="name"))


class SaysSoWithAMessage(RuleError):
    """A subclass of the one rule error (as outreach.guard.GuardRefused is)."""


class SaysSoWithoutAMessage(Exception):
    """Not a rule error: an exception of no rule, with no message."""


class HasAMessageOnly(Exception):
    message = "Something broke"


def test_any_error_that_says_so_and_has_a_message_is_a_rule_error():
    response = handle(SaysSoWithAMessage("Pick a later date."))

    assert response.status_code == 400
    assert response.data == {
        "detail": "Pick a later date.",
        "errors": {"non_field_errors": ["Pick a later date."]},
    }


def test_other_errors_stay_unexpected_errors():
    # Django's 500 handling and logging apply to them: no message leaks into a 400.
    assert handle(SaysSoWithoutAMessage()) is None
    assert handle(HasAMessageOnly()) is None


def test_only_the_class_can_say_so():
    error = HasAMessageOnly()
    error.is_rule_error = True

    assert not is_rule_error(error)
