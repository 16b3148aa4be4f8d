"""`manage.py issue_api_token`: an API token for a member, shown once."""

from django.core.management.base import BaseCommand, CommandError

from irm.models import Membership
from irm.services import api_token_create


class Command(BaseCommand):
    help = "Issue an API token for a member of a workspace and print it (shown only once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("slug")
        parser.add_argument("--name", default="Issued from the command line")

    def handle(self, *args, email: str, slug: str, name: str, **options) -> None:
        membership = (
            Membership.objects.select_related("workspace", "user")
            .filter(user__email__iexact=email.strip(), workspace__slug=slug)
            .first()
        )
        if membership is None:
            raise CommandError(f"{email} is not a member of a workspace with the slug {slug}.")
        _token, plain = api_token_create(membership=membership, name=name)
        self.stdout.write(plain)
