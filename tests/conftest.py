import contextlib
import os
from dataclasses import dataclass

import pytest
import redis
from hypothesis import settings

from irm.models import Membership, Role, User, Workspace
from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory, WorkspaceFactory
from tests.punctuation import double_full_stops, messages_seen


@pytest.fixture
def user(db):
    return UserFactory(email="ada@example.test", name="Ada Lovelace")


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client


@dataclass
class Personas:
    """One workspace ("acme") with a person in each role, and an outsider who is admin of
    another workspace ("globex")."""

    workspace: Workspace
    other_workspace: Workspace
    admin: User
    manager: User
    member: User
    viewer: User
    outsider: User

    def membership(self, user: User) -> Membership:
        return Membership.objects.get(workspace=self.workspace, user=user)

    def by_name(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def personas(db) -> Personas:
    admin = UserFactory(email="admin@acme.test", name="Alice Admin")
    workspace = WorkspaceFactory(name="Acme PR", slug="acme", admin=admin, time_zone="Europe/Paris")
    people = {}
    for role in (Role.MANAGER, Role.MEMBER, Role.VIEWER):
        people[role] = UserFactory(email=f"{role}@acme.test", name=f"{role.label} Person")
        MembershipFactory(workspace=workspace, user=people[role], role=role)
    outsider = UserFactory(email="outsider@globex.test", name="Otto Outsider")
    other = WorkspaceFactory(name="Globex Media", slug="globex", admin=outsider)
    return Personas(
        workspace=workspace,
        other_workspace=other,
        admin=admin,
        manager=people[Role.MANAGER],
        member=people[Role.MEMBER],
        viewer=people[Role.VIEWER],
        outsider=outsider,
    )


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters (irm/security.py) live in Redis, outside the test's transaction:
    each test starts with none, whatever the tests before it asked for."""
    from django.core.cache import cache

    from irm.redis_client import redis_client
    from irm.security import THROTTLE_KEY_PREFIX

    pattern = cache.make_key(f"{THROTTLE_KEY_PREFIX}:*")
    client = redis_client()
    with contextlib.suppress(redis.RedisError):  # a test that needs Redis fails on its own
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)
    yield


@pytest.fixture(autouse=True)
def messages_end_with_one_full_stop(monkeypatch):
    """A sentence built from a part that already ends one ("They emailed us first.") must not
    end "first..": every message the tests make a person read is checked (tests/punctuation.py)."""
    with messages_seen(monkeypatch) as seen:
        yield
    doubled = double_full_stops(seen)
    if doubled:
        pytest.fail(f"Messages ending with two full stops: {doubled}")


# Bounded example counts in `make test`; HYPOTHESIS_PROFILE=deep for longer runs.
settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_sessionfinish(session, exitstatus):
    """Drop this run's task queue (irm/settings/test.py names one per run): tasks queued after
    commit by tests that started no worker would otherwise stay in Redis."""
    from django.conf import settings as django_settings

    from irm.redis_client import redis_client

    with contextlib.suppress(redis.RedisError):  # a run without Redis has nothing to clean
        redis_client().delete(django_settings.CELERY_TASK_DEFAULT_QUEUE)
