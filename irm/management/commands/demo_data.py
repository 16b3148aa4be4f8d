"""`manage.py demo_data`: the demo workspace, its people and every app's story (`make run`)."""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from irm.models import Membership, Role, Team, User, Workspace
from irm.services import workspace_create

DEMO_PASSWORD = "rapport-demo"
DEMO_WORKSPACE_SLUG = "demo"
DEMO_USERS = [
    # email, name, time zone, workspace role, Django admin access
    ("admin@demo.test", "Ada Admin", "Europe/London", Role.ADMIN, True),
    ("manager@demo.test", "Mona Manager", "Europe/Paris", Role.MANAGER, False),
    ("member@demo.test", "Milo Member", "America/New_York", Role.MEMBER, False),
    ("viewer@demo.test", "Vera Viewer", "Asia/Singapore", Role.VIEWER, False),
]
DEMO_TEAMS = {
    "PR": ["admin@demo.test", "manager@demo.test", "member@demo.test"],
    "Digital marketing": ["manager@demo.test", "viewer@demo.test"],
}


class Command(BaseCommand):
    help = "Create (or refresh) the demo workspace and its users. Safe to run any number of times."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        users = {
            email: self._user(email, name, tz, staff) for email, name, tz, _, staff in DEMO_USERS
        }
        workspace = Workspace.objects.filter(slug=DEMO_WORKSPACE_SLUG).first()
        if workspace is None:
            workspace = workspace_create(
                name="Demo PR Agency",
                slug=DEMO_WORKSPACE_SLUG,
                admin=users["admin@demo.test"],
                time_zone="Europe/London",
            )
        memberships = {}
        for email, _name, _tz, role, _staff in DEMO_USERS:
            memberships[email], _ = Membership.objects.update_or_create(
                workspace=workspace, user=users[email], defaults={"role": role}
            )
        for team_name, emails in DEMO_TEAMS.items():
            team, _ = Team.objects.get_or_create(workspace=workspace, name=team_name)
            team.members.set([memberships[email] for email in emails])
        self.stdout.write(f"demo workspace /w/{workspace.slug}/ with {len(users)} users ready")
        self._app_demo_data(workspace, users)

    def _app_demo_data(self, workspace: Workspace, users: dict[str, User]) -> None:
        """Each app may add its own demo rows in `<app>/demo.py` (`create_demo_data`), in
        INSTALLED_APPS order, so irm needs to import none of the apps built on it. Then each
        may finish with `finish_demo_data`, once every app's rows exist: what is derived from
        all of them (contacts' health history reads the timeline outreach and campaigns add)."""
        modules = [
            importlib.import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if config.name != "irm" and importlib.util.find_spec(f"{config.name}.demo")
        ]
        for module in modules:
            module.create_demo_data(workspace=workspace, users=users, stdout=self.stdout)
        for module in modules:
            finish = getattr(module, "finish_demo_data", None)
            if finish is not None:
                finish(workspace=workspace, stdout=self.stdout)

    def _user(self, email: str, name: str, time_zone: str, is_site_admin: bool) -> User:
        try:
            user = User.objects.get_by_natural_key(email)
        except User.DoesNotExist:
            user = User(email=email)
        user.name = name
        user.time_zone = time_zone
        user.is_active = True
        user.is_staff = user.is_superuser = is_site_admin
        # The demo login must always work, even after someone changed the password.
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user
