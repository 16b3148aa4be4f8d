"""Text fingerprints for the "not personalized" rule: word 3-shingles and Jaccard similarity."""

import hashlib
import re

from contacts.normalize import unaccent

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(unaccent(text).lower())


def strip_values(text: str, values) -> str:
    """Remove the merge-field values (their name, handle, ...) so that a template with only a
    name filled in still looks like the template."""
    for value in sorted((v for v in values if v and v.strip()), key=len, reverse=True):
        text = re.sub(re.escape(value), " ", text, flags=re.IGNORECASE)
    return text


_PLACEHOLDER = re.compile(r"\{\w+\}")


def strip_placeholders(template: str) -> str:
    """A template's text without its merge fields ({first_name}, {my_name}, ...)."""
    return _PLACEHOLDER.sub(" ", template)


def shingles(text: str, size: int = 3) -> frozenset[str]:
    tokens = words(text)
    if len(tokens) < size:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def fingerprint(text: str, values=()) -> frozenset[int]:
    """Hashed 3-shingles of a body with the merge values removed: what a pitch stores at send
    and what the guard compares (Jaccard) against templates and other people's pitches."""
    return frozenset(
        int.from_bytes(hashlib.blake2b(item.encode(), digest_size=8).digest(), "big", signed=True)
        for item in shingles(strip_values(text, values))
    )
