import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from irm.models import User
from tests.factories import UserFactory


def test_it_keeps_emails_unique_whatever_their_case(db):
    UserFactory(email="Grace@Example.test")

    with pytest.raises(IntegrityError):
        UserFactory(email="grace@example.TEST")


def test_it_explains_a_duplicate_email_on_validation(db):
    UserFactory(email="grace@example.test")
    duplicate = User(email="GRACE@example.test", time_zone="UTC")
    duplicate.set_password("a-long-password")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "already uses this email" in str(error.value)


def test_it_rejects_an_unknown_time_zone(db):
    person = User(email="tz@example.test", time_zone="Mars/Olympus_Mons", password="x")

    with pytest.raises(ValidationError) as error:
        person.full_clean()

    assert "not a known time zone" in str(error.value)


def test_it_finds_the_login_by_email_case_insensitively(db):
    person = UserFactory(email="Linus@Example.test")

    assert User.objects.get_by_natural_key("linus@example.TEST") == person
