"""Full-text search on the embedded Postgres, which has neither unaccent nor pg_trgm.

Text is unaccented in Python on both sides and indexed with the `simple` configuration (no
stemming: names and handles are not English words); each query word becomes an escaped prefix
term, so "zoe" and "zoë" find "Zoë Saldaña", and no input can make the query fail.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Value

from contacts.normalize import unaccent

_WORD = re.compile(r"\w+", re.UNICODE)


def document(*parts: str) -> str:
    """Words only: Postgres's parser would keep "zoe.cooks" or "ana-bakes" as one token, while
    a query is split into words, so punctuation becomes spaces on both sides."""
    text = unaccent(" ".join(part for part in parts if part)).lower()
    return " ".join(_WORD.findall(text))


def vector_for(text: str) -> SearchVector:
    return SearchVector(Value(text), config="simple")


def query_for(user_text: str) -> SearchQuery | None:
    """ "zoë sal" -> 'zoe':* & 'sal':*. None when the input has no word at all."""
    words = _WORD.findall(unaccent(user_text).lower())
    if not words:
        return None
    # Words contain only \w characters, so quoting them makes the tsquery syntax-safe.
    raw = " & ".join(f"'{word}':*" for word in words[:12])
    return SearchQuery(raw, search_type="raw", config="simple")
