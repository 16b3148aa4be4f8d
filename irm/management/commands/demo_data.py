from django.core.management.base import BaseCommand
from django.db import transaction

from irm.models import User

DEMO_PASSWORD = "rapport-demo"
DEMO_USERS = [
    # email, name, time zone, Django admin access
    ("admin@demo.test", "Ada Admin", "Europe/London", True),
    ("manager@demo.test", "Mona Manager", "Europe/Paris", False),
    ("member@demo.test", "Milo Member", "America/New_York", False),
    ("viewer@demo.test", "Vera Viewer", "Asia/Singapore", False),
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo users. Safe to run any number of times."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for email, name, time_zone, is_site_admin in DEMO_USERS:
            try:
                user = User.objects.get_by_natural_key(email)
                created = False
            except User.DoesNotExist:
                user = User(email=email)
                created = True
            user.name = name
            user.time_zone = time_zone
            user.is_active = True
            user.is_staff = user.is_superuser = is_site_admin
            # The demo login must always work, even after someone changed the password.
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.stdout.write(f"{'created' if created else 'refreshed'} {email}")
