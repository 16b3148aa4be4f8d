"""Who may see and do what inside a workspace: the one place pages and the API ask.

Order matters and is the same everywhere: another workspace (or none) answers 404, a role that
may not act answers 403, and only then is input validated.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from irm.models import AuditAction, Membership, Role, User
from irm.services import audit_record

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def membership_get(*, user: User, slug: str) -> Membership:
    """The user's membership in the workspace `slug`, with the workspace; 404 for outsiders."""
    if not user.is_authenticated:
        raise Http404("No such workspace.")
    membership = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace__slug=slug, user=user)
        .first()
    )
    if membership is None:
        raise Http404("No such workspace.")
    return membership


def require_role(*, membership: Membership, role: str, path: str = "") -> None:
    """403 (and an audit event) unless the membership's role reaches `role`."""
    if membership.may(role):
        return
    audit_record(
        action=AuditAction.PERMISSION_DENIED,
        actor=membership.user,
        workspace=membership.workspace,
        data={"role": membership.role, "needs": role, "path": path},
    )
    raise PermissionDenied(f"Your role ({membership.get_role_display()}) may not do this.")


def workspace_view(*, read: str = Role.VIEWER, write: str = Role.MEMBER) -> Callable:
    """Decorate a page view taking `slug`: resolves request.membership / request.workspace and
    checks the role for the method (`read` for GET/HEAD, `write` for anything else)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_get(user=request.user, slug=slug)
            # Set before the role check: the 403 page shows the workspace's navigation and
            # what this role may do (irm/views/errors.py).
            request.membership = membership
            request.workspace = membership.workspace
            needed = read if request.method in SAFE_METHODS else write
            require_role(membership=membership, role=needed, path=request.path)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# What each role may do, in the words the 403 page shows a person who was refused (each role
# may also do everything the roles before it may: see Role).
ROLE_ABILITIES: dict[str, str] = {
    Role.VIEWER: (
        "read everything in the workspace (influencers, timelines, outreach, campaigns and "
        "reports) and keep your own API tokens and calendar feed"
    ),
    Role.MEMBER: (
        "everything a viewer may, and add influencers, log on their timelines, write and send "
        "pitches, answer replies and run collaborations on your own and your team's records, "
        "and export the influencer list"
    ),
    Role.MANAGER: (
        "everything a member may, on every record: reassign owners, override a soft contact "
        "rule with a reason, set health overrides and share campaign reports"
    ),
    Role.ADMIN: (
        "everything a manager may, and change the workspace's settings: members and roles, "
        "teams, the contact policy and exchange rates, and clear do-not-contact"
    ),
}
