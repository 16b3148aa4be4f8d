"""Normalizing what people type: handles, emails, follower counts, and text for search."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

_HANDLE_URL_PATH = re.compile(r"^/+(?:@|c/|user/|channel/|in/)?([^/?#]+)")


def handle(value: str) -> str:
    """ "@Ana.Bakes", "instagram.com/ana.bakes/", "https://www.tiktok.com/@ana.bakes?lang=fr"
    all become "ana.bakes"."""
    text = value.strip()
    if "/" in text:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        match = _HANDLE_URL_PATH.match(parts.path or "")
        text = match.group(1) if match else text
    return text.lstrip("@").strip().lower()


def email(value: str) -> str:
    return value.strip().lower()


def unaccent(text: str) -> str:
    """ "Zoë Saldaña" -> "Zoe Saldana": what the embedded Postgres's missing unaccent would do."""
    if text.isascii():
        return text  # nothing to decompose (most names, every handle and address of an import)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sort_key(name: str) -> str:
    """ "Léa Dubois" -> "lea dubois": how people expect names to sort (Léa before Lina, Zoë
    with Zoe, "de Vries" among the Ds). Stored as Influencer.sort_name with the "C" collation,
    so the order is the same on every PostgreSQL, ICU or not, whatever the database's locale."""
    return " ".join(unaccent(name).casefold().split())


MAX_COUNT = 10**13  # more followers than people on Earth, a thousand times over: a typo

_SUFFIXES = {"k": Decimal(1_000), "m": Decimal(1_000_000), "b": Decimal(1_000_000_000)}
_THOUSANDS = re.compile(r"\d{1,3}([,.]\d{3})+")
_SEPARATORS = re.compile(r"[,.]")
_NUMBER = re.compile(r"\d+(\.\d+)?")


def count(value: str) -> int:
    """Follower counts as people write them: "1.2M", "98,7K", "85 300", "1,200,000", "12k".
    Raises ValueError for negative or unreadable numbers."""
    text = value.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    if not text:
        raise ValueError("empty")
    multiplier = Decimal(1)
    if text[-1] in _SUFFIXES:
        multiplier = _SUFFIXES[text[-1]]
        text = text[:-1].strip()
        # With a suffix, a single comma is a decimal comma ("98,7K").
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
    text = text.replace(" ", "").replace("_", "")
    if multiplier == 1 and _THOUSANDS.fullmatch(text):
        text = _SEPARATORS.sub("", text)  # thousands separators: "1,200,000", "1.200.000"
    text = text.replace(",", "")
    if text.startswith("-"):
        raise ValueError("negative")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {value!r}")
    try:
        number = Decimal(text) * multiplier
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if number > MAX_COUNT:
        raise ValueError(f"too large: {value!r}")
    return int(number)
