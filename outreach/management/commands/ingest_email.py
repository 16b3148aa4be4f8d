"""`manage.py ingest_email [FILE ...]`: take raw emails from files, stdin or an mbox.

Wired to a mail server, e.g. a Postfix alias that pipes each message in:
    replies: "|/srv/rapport/manage.py ingest_email --recipient ${recipient}"
"""

import mailbox
import sys

from django.core.management.base import BaseCommand, CommandError

from irm.errors import RuleError
from outreach.services.inbound import inbound_ingest


class Command(BaseCommand):
    help = (
        "Ingest raw inbound emails (RFC 822) into Rapport: each file is one message; with no "
        "file or '-', one message is read from stdin; --mbox reads every message of a mailbox "
        "(an archive, dated by its headers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Raw message files ('-' for stdin).")
        parser.add_argument("--mbox", action="append", default=[], help="An mbox file.")
        parser.add_argument(
            "--historical",
            action="store_true",
            help="Messages from an archive, not arriving now: date each by its newest Received "
            "header (else its Date). Messages from --mbox always are.",
        )
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="The envelope recipient, when the headers may not show it (BCC).",
        )

    def handle(self, *args, **options):
        recipients = tuple(options["recipient"])
        refused = 0
        for label, raw, historical in self._messages(options):
            try:
                result = inbound_ingest(
                    raw=raw, envelope_recipients=recipients, historical=historical
                )
            except RuleError as error:
                refused += 1
                self.stderr.write(f"{label}: refused: {error.message}")
                continue
            message = result.message
            where = message.influencer.name if message.influencer_id else message.note
            self.stdout.write(
                f"{label}: {result.outcome} ({message.get_kind_display().lower()}) "
                f"in {message.workspace.slug}: {where}"
            )
        if refused:
            raise CommandError(f"{refused} message(s) refused.")

    def _messages(self, options):
        """(label, raw message, whether it is dated by its headers) for each message."""
        files = options["files"] or ([] if options["mbox"] else ["-"])
        historical = options["historical"]
        for name in files:
            if name == "-":
                yield "stdin", sys.stdin.buffer.read(), historical
                continue
            try:
                with open(name, "rb") as handle:
                    yield name, handle.read(), historical
            except OSError as error:
                raise CommandError(f"{name}: {error.strerror}") from None
        for path in options["mbox"]:
            try:
                box = mailbox.mbox(path, create=False)
            except (OSError, mailbox.Error) as error:
                raise CommandError(f"{path}: {error}") from None
            try:
                for index, key in enumerate(box.keys(), start=1):
                    # A mailbox file is an archive: its messages came when they came.
                    yield f"{path}#{index}", box.get_bytes(key), True
            finally:
                box.close()
