"""Who may use which route: every page and API route, each method, each persona.

The routes come from the URL resolver, so a new route without an entry here fails
`test_every_route_declares_who_may_use_it`: every route must say who may use it.
Django admin (staff only, its own permission system) is covered by its own tests.
"""

import importlib
import pkgutil
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from irm.models import AuditAction, AuditEvent, Invitation, Role, Team
from irm.outbox import email_queue
from irm.services import api_token_create, secret_hash
from tests.access import (
    NOBODY,
    OTHER_TEAM,
    api_route,
    everyone,
    records_owned_by,
    signed_in,
    workspace_route,
)

EXCLUDED_NAMESPACES = {"admin"}


# Route name -> method -> persona -> status. POSTs send no input: a role that may not act
# gets 403 before its (empty) input is validated; one that may act gets 400 for the empty
# input, or 302 for actions that need none.
MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "irm:home": {"GET": signed_in(302)},
    "irm:account": {"GET": signed_in(200), "POST": signed_in(400)},
    "irm:login": {"GET": signed_in(302, anonymous=200), "POST": signed_in(302, anonymous=200)},
    "irm:logout": {"POST": everyone(302)},
    "irm:healthz": {"GET": everyone(200)},
    "irm:workspaces": {"GET": signed_in(200)},
    "irm:invitation-accept": {
        # The link is the credential: a newcomer sees the join form; anyone signed in with
        # another address is told to sign out. Empty input from a newcomer is a 400.
        "GET": everyone(200),
        "POST": {**everyone(200), "anonymous": 400},
    },
    "contacts:home": {"GET": workspace_route(needs="viewer", allowed=200)},
    # Settings open on their first tab, Members; a redirect writes nothing (POST is a 405).
    "irm:settings": {"GET": workspace_route(needs="viewer", allowed=302)},
    "irm:members": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="admin", allowed=400),
    },
    "irm:member-role": {"POST": workspace_route(needs="admin", allowed=400)},
    "irm:member-remove": {"POST": workspace_route(needs="admin", allowed=302)},
    "irm:invitation-revoke": {"POST": workspace_route(needs="admin", allowed=302)},
    "irm:teams": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="admin", allowed=400),
    },
    "irm:team-edit": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="admin", allowed=400),
    },
    "irm:team-delete": {"POST": workspace_route(needs="admin", allowed=302)},
    "irm:tokens": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="viewer", allowed=400),
    },
    "irm:token-revoke": {"POST": workspace_route(needs="viewer", allowed=302)},
    # The API answers 401 (not a redirect) to anonymous requests; tokens: test_api_auth.py.
    "api:me": {"GET": api_route(needs="viewer", allowed=200)},
    "api:schema": {"GET": everyone(200)},
    "api:docs": {"GET": everyone(200)},
    # Password reset: open to everyone; a broken link shows the "no longer works" page.
    "irm:password-reset": {"GET": everyone(200), "POST": everyone(400)},
    "irm:password-reset-done": {"GET": everyone(200)},
    "irm:password-reset-confirm": {"GET": everyone(200), "POST": everyone(200)},
    "irm:password-reset-complete": {"GET": everyone(200)},
    # The outbox pages are for site admins (Django staff; none of the personas): 404 to
    # everyone else signed in (tests/irm/test_views_outbox.py covers staff).
    "irm:outbox": {"GET": signed_in(404)},
    "irm:outbox-detail": {"GET": signed_in(404)},
    "irm:outbox-resolve": {"POST": signed_in(404)},
}


def _area_modules() -> list:
    """Every tests/**/routes_*.py module: each area declares its own routes."""
    import tests

    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(tests.__path__, "tests.")
        if info.name.rpartition(".")[2].startswith("routes_")
    ]


AREAS = _area_modules()
for _area in AREAS:
    MATRIX.update(_area.ROUTES)


def route_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                inner = pattern.namespace or ""
                prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_route_declares_who_may_use_it():
    undeclared = route_names() - set(MATRIX)
    assert not undeclared, f"add these routes to the access matrix: {sorted(undeclared)}"
    assert not set(MATRIX) - route_names(), "the matrix names routes that no longer exist"


CASES = [
    pytest.param(name, method, persona, expected, id=f"{name}-{method}-{persona}")
    for name, methods in MATRIX.items()
    for method, outcomes in methods.items()
    for persona, expected in outcomes.items()
]


INVITATION_TOKEN = "matrix-invitation-token"


def url_for(name: str, personas, acting_user) -> str:
    """The route's URL with objects of the personas' workspace ("acme")."""
    for area in AREAS:
        kwargs = area.url_kwargs(name, personas, acting_user)
        if kwargs is not None:
            return reverse(name, kwargs=kwargs)
    workspace = personas.workspace
    pattern_kwargs = {"slug": workspace.slug}
    if name in {"irm:member-role", "irm:member-remove"}:
        pattern_kwargs["public_id"] = personas.membership(personas.member).public_id
    elif name == "irm:invitation-revoke":
        pattern_kwargs["public_id"] = _invitation(personas).public_id
    elif name in {"irm:team-edit", "irm:team-delete"}:
        pattern_kwargs["public_id"] = Team.objects.create(workspace=workspace, name="PR").public_id
    elif name == "irm:token-revoke":
        # A person's own token: anyone else's answers 404 (tested in the tokens tests).
        holder = acting_user if _is_member(personas, acting_user) else personas.admin
        token, _ = api_token_create(membership=personas.membership(holder), name="Script")
        pattern_kwargs["public_id"] = token.public_id
    elif name == "irm:invitation-accept":
        _invitation(personas)
        return reverse(name, kwargs={"token": INVITATION_TOKEN})
    elif name == "irm:password-reset-confirm":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "not-a-valid-token"})
    elif name in {"irm:outbox-detail", "irm:outbox-resolve"}:
        email = email_queue(to="someone@example.test", subject="Hi", body="Hello", kind="test")
        return reverse(name, kwargs={"public_id": email.public_id})
    return _reverse(name, pattern_kwargs)


def _is_member(personas, user) -> bool:
    return user is not None and user.memberships.filter(workspace=personas.workspace).exists()


def _invitation(personas) -> Invitation:
    invitation, _ = Invitation.objects.get_or_create(
        token_hash=secret_hash(INVITATION_TOKEN),
        defaults={
            "workspace": personas.workspace,
            "email": "newcomer@example.test",
            "role": Role.MEMBER,
            "invited_by": personas.admin,
            "expires_at": timezone.now() + timedelta(days=3),
        },
    )
    return invitation


def _reverse(name: str, kwargs: dict) -> str:
    # Routes take both kwargs, the slug only, or none.
    for keys in (("slug", "public_id"), ("slug",), ()):
        try:
            return reverse(name, kwargs={key: kwargs[key] for key in keys if key in kwargs})
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


@pytest.mark.parametrize(("name", "method", "persona", "expected"), CASES)
def test_route_answers_each_persona(client, personas, name, method, persona, expected):
    acting_user = personas.by_name(persona)
    if acting_user is not None:
        client.force_login(acting_user)
    url = url_for(name, personas, acting_user)

    response = client.generic(method, url)

    assert response.status_code == expected, (
        f"{method} {url} as {persona}: {response.status_code}, expected {expected}"
    )


# --- the team dimension ------------------------------------------------------------------------
#
# Every route that changes an influencer's profile or a campaign (each area's GUARDED), as the
# member: on a record of their team they get what the matrix says (above, where every record is
# their team's), on another team's a 403, and on one nobody owns what the README's table says
# (a profile: as their team's; a campaign: 403).

GUARDED = {name: entry for area in AREAS for name, entry in getattr(area, "GUARDED", {}).items()}


def _member_on(ownership: str, record: str, name: str, method: str) -> int:
    on_their_team = MATRIX[name][method]["member"]
    if ownership == OTHER_TEAM or (ownership == NOBODY and record == "campaign"):
        return 403
    return on_their_team


TEAM_CASES = [
    pytest.param(name, record, method, id=f"{name}-{method}")
    for name, (record, methods) in GUARDED.items()
    for method in methods
]


def test_every_guarded_route_is_in_the_matrix_and_lets_the_member_act_on_their_team():
    for name, (record, methods) in GUARDED.items():
        assert record in {"influencer", "campaign"}, name
        for method in methods:
            assert MATRIX[name][method]["member"] != 403, f"{method} {name}"
            assert MATRIX[name][method]["viewer"] == 403, f"{method} {name}"


@pytest.mark.parametrize(("name", "record", "method"), TEAM_CASES)
def test_member_answers_by_whose_record_it_is(client, personas, name, record, method):
    client.force_login(personas.member)
    for ownership in (OTHER_TEAM, NOBODY):
        expected = _member_on(ownership, record, name, method)
        # Each ownership on a fresh workspace state: what one made, the next does not see.
        with transaction.atomic():
            with records_owned_by(ownership):
                url = url_for(name, personas, personas.member)

            response = client.generic(method, url)

            assert response.status_code == expected, (
                f"{method} {url} as a member on {ownership}'s record: "
                f"{response.status_code}, expected {expected}"
            )
            refused = AuditEvent.objects.filter(
                action=AuditAction.PERMISSION_DENIED, actor=personas.member
            )
            assert refused.exists() == (expected == 403)
            transaction.set_rollback(True)
