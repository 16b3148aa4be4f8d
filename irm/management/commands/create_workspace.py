"""`manage.py create_workspace`: a workspace and its first admin, from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from irm.errors import RuleError
from irm.services import workspace_create_for_email


class Command(BaseCommand):
    help = (
        "Create a workspace and make someone its admin. Without an account yet, they get one "
        "and an email (through the outbox) with a link to choose their password."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the workspace's address: /w/<slug>/")
        parser.add_argument("--name", help="e.g. 'Acme PR' (default: from the slug)")
        parser.add_argument("--admin", required=True, help="email of the first admin")
        parser.add_argument("--time-zone", default="UTC", help="IANA name, e.g. Europe/Paris")

    def handle(
        self, *args, slug: str, name: str | None, admin: str, time_zone: str, **options
    ) -> None:
        try:
            workspace, account_created = workspace_create_for_email(
                name=name or slug.replace("-", " ").capitalize(),
                slug=slug,
                admin_email=admin,
                time_zone=time_zone,
            )
        except RuleError as error:
            raise CommandError(error.message) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created workspace {workspace.name} at /w/{workspace.slug}/")
        if account_created:
            self.stdout.write(
                f"Created an account for {admin.strip()} and emailed them a link to choose a "
                "password (a superuser can read it on the Outbox page, /outbox/)."
            )
