"""Print the README's "how health is computed" block, or write it into README.md.

The block is generated from contacts.health.weights; tests/contacts/health/test_how_page.py
fails while README.md holds an older one, so a weight change comes with its explanation.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contacts.health.explain import markdown, readme_with_block


class Command(BaseCommand):
    help = "Print the health weights block for README.md; --write replaces it in README.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--write",
            action="store_true",
            help="Replace the block between the health-weights markers in README.md.",
        )

    def handle(self, *args, write: bool = False, **options) -> None:
        if not write:
            self.stdout.write(markdown())
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        try:
            updated = readme_with_block(readme.read_text(encoding="utf-8"))
        except ValueError as error:
            raise CommandError(str(error)) from error
        readme.write_text(updated, encoding="utf-8")
        self.stdout.write(f"Updated the health weights block in {readme}.")
