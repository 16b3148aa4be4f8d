from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from irm.errors import IrmError
from irm.models import User
from irm.services import workspace_create


class Command(BaseCommand):
    help = "Create a workspace with an existing user as its admin."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the workspace's address: /w/<slug>/")
        parser.add_argument("--name", required=True, help="e.g. 'Acme PR'")
        parser.add_argument("--admin", required=True, help="email of the first admin")
        parser.add_argument("--time-zone", default="UTC", help="IANA name, e.g. Europe/Paris")

    def handle(self, *args, slug: str, name: str, admin: str, time_zone: str, **options) -> None:
        try:
            user = User.objects.get_by_natural_key(admin)
        except User.DoesNotExist:
            raise CommandError(f"No user with the email {admin}. Create it first.") from None
        try:
            workspace = workspace_create(name=name, slug=slug, admin=user, time_zone=time_zone)
        except IrmError as error:
            raise CommandError(error.message) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created workspace {workspace.name} at /w/{workspace.slug}/")
