from django.urls import reverse

from irm.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD


def test_a_sign_in_is_audited(client, user):
    client.post(reverse("irm:login"), {"username": user.email, "password": TEST_PASSWORD})

    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert event.actor == user


def test_a_failed_sign_in_is_audited_without_the_address_typed(client, user):
    client.post(reverse("irm:login"), {"username": user.email, "password": "wrong"})
    client.post(reverse("irm:login"), {"username": "nobody@example.test", "password": "wrong"})

    events = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).order_by("created_at")
    assert [event.actor for event in events] == [user, None]
    for event in events:
        assert "example.test" not in str(event.data)
