"""Text people read: sentences built from parts that may already end one, and names in the
order people expect."""

from django.db.models import F, Func, Value
from django.db.models.functions import Collate, Lower

SENTENCE_ENDS = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """`text` ending with one full stop. A part typed by a person ("They emailed us first.") or
    a name ("Ana R.") may already end with one: "first.." and "R.." read as typing mistakes."""
    text = text.rstrip()
    return text if text.endswith(SENTENCE_ENDS) else f"{text}."


def name_order(field: str = "name") -> Lower:
    """An ORDER BY for people's names where they are few and not stored with a sort key
    (members, owner choices): unaccented by PostgreSQL's own normalize() (core, no extension
    and no ICU), then lower-cased and compared under the "C" collation, so "Léa" comes before
    "Lina" and "zoe" sits with "Zoë" on every server, as with contacts' stored sort_name."""
    decomposed = Func(F(field), template="normalize(%(expressions)s, NFKD)")
    unaccented = Func(
        decomposed, Value("[\u0300-\u036f]"), Value(""), Value("g"), function="regexp_replace"
    )
    return Lower(Collate(unaccented, "C"))
