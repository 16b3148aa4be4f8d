"""Every message a person reads that the suite produces is checked for a double full stop
("first..", "Ana R.."): the autouse fixture `messages_end_with_one_full_stop` (tests/conftest.py)
watches the rule errors of every app, the contact guard's findings and the flash messages."""

import re
from contextlib import contextmanager

from django.contrib.messages.storage.base import BaseStorage

from contacts.imports.rows import RowError
from irm.errors import RuleError
from outreach.guard import Finding

# Two full stops, not an ellipsis ("..." is a sentence people write).
DOUBLE_FULL_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
RULE_ERRORS = (RuleError, RowError)


def double_full_stops(texts: list[str]) -> list[str]:
    return [text for text in texts if DOUBLE_FULL_STOP.search(text)]


@contextmanager
def messages_seen(monkeypatch):
    """Collects the text of every rule error raised, guard finding made and flash message
    added while it is open."""
    seen: list[str] = []

    def watch(cls, name, text_of):
        original = getattr(cls, name)

        def watched(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            seen.append(str(text_of(self, *args, **kwargs)))
            return result

        monkeypatch.setattr(cls, name, watched)

    for error in RULE_ERRORS:
        watch(error, "__init__", lambda self, *args, **kwargs: self.args[0] if self.args else "")
    watch(Finding, "__init__", lambda self, *args, **kwargs: self.message)
    watch(BaseStorage, "add", lambda self, level, message, *args, **kwargs: message)
    yield seen
