"""What a CSV row says about a person: the fields a column can be imported as, guessing them
from headers, checking a mapping, and reading one row into a Person (or a RowError)."""

import re
import sys
import zoneinfo
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    ProhibitNullCharactersValidator,
    validate_email,
)
from django.db import models

from contacts import normalize, places
from contacts.models import Influencer, Platform, Stage
from contacts.selectors.exports import cell_restore
from irm.errors import RuleError

# More than anyone's audience: a bigger number is a typo or a pasted phone number.
MAX_FOLLOWERS = 10_000_000_000
# How spreadsheets say a count is not known (dashes, Excel's #N/A): read as an empty cell,
# an unknown count, never a rejected row.
NOT_KNOWN_COUNTS = frozenset(
    {
        "-",
        "\u2013",
        "\u2014",
        "?",
        "n/a",
        "na",
        "n.a.",
        "#n/a",
        "unknown",
        "not known",
        "k.a.",
        "s/d",
    }
)
IGNORE = "ignore"
# Read once: Platform.choices builds its list anew on each access, and every row reads it.
PLATFORM_CHOICES = tuple(Platform.choices)
# (platform, label, its handle field, its followers field), for reading each row.
_PLATFORM_FIELDS = tuple(
    (platform, label, f"{platform}_handle", f"{platform}_followers")
    for platform, label in PLATFORM_CHOICES
)


# --- the fields a column can be imported as ------------------------------------------------


def _fields() -> dict[str, str]:
    fields = {
        IGNORE: "Ignore this column",
        "name": "Name",
        "first_name": "First name",
        "last_name": "Last name",
        "email": "Email(s)",
    }
    for platform, label in Platform.choices:
        fields[f"{platform}_handle"] = f"{label} handle"
    for platform, label in Platform.choices:
        fields[f"{platform}_followers"] = f"{label} followers"
    fields.update(
        {
            "followers": "Followers (of the Platform column's account, else the row's only "
            "or first)",
            "platform": "Platform (whose followers the Followers column counts)",
            "topics": "Topics",
            "stage": "Stage",
            "country": "Country (name or code)",
            "languages": "Languages",
            "location": "Location",
            "time_zone": "Time zone",
            "bio": "Bio",
            "audience_notes": "Audience notes (about their audience, not them)",
            "website": "Website",
            "phone": "Phone",
            "agent_name": "Agent name",
            "agent_email": "Agent email",
        }
    )
    return fields


FIELDS = _fields()
FIELD_CHOICES = list(FIELDS.items())
# Several columns may feed these; every other field takes one column at most.
REPEATABLE = frozenset({IGNORE, "email", "topics", "languages", "audience_notes"})
# Influencer fields an import writes as they are (after checking them like the model does).
PLATFORM_WORDS = {
    "instagram": Platform.INSTAGRAM,
    "ig": Platform.INSTAGRAM,
    "insta": Platform.INSTAGRAM,
    "tiktok": Platform.TIKTOK,
    "tt": Platform.TIKTOK,
    "youtube": Platform.YOUTUBE,
    "yt": Platform.YOUTUBE,
    "x": Platform.X,
    "twitter": Platform.X,
    "twitch": Platform.TWITCH,
    "linkedin": Platform.LINKEDIN,
    "blog": Platform.BLOG,
    "podcast": Platform.PODCAST,
    "newsletter": Platform.NEWSLETTER,
    "substack": Platform.NEWSLETTER,
}
_FOLLOWER_WORDS = {"followers", "follower", "subscribers", "subs", "fans", "audience", "count"}
# "Audience" with only these words (and a platform) is a count: "IG audience", "Audience size".
_AUDIENCE_SIZE_WORDS = {"audience", "size", "total", "count", *PLATFORM_WORDS}
_HANDLE_WORDS = {"handle", "username", "user", "account", "profile", "url", "link", "channel",
                 "page", "id", "name"}  # fmt: skip
_HEADER_SYNONYMS = {
    "name": {"name", "full name", "fullname", "influencer", "influencer name", "creator",
             "creator name", "contact", "contact name", "display name", "talent", "talent name",
             "nom", "nom complet", "nombre", "nome"},
    "first_name": {"first name", "firstname", "first", "given name", "prenom", "vorname"},
    "last_name": {"last name", "lastname", "last", "surname", "family name", "nom de famille"},
    "email": {"email", "emails", "email address", "email addresses", "mail", "courriel",
              "contact email", "business email", "work email", "personal email"},
    "followers": {"followers", "follower count", "followers count", "total followers",
                  "audience", "audience size", "reach", "subscribers", "fans", "abonnes"},
    "topics": {"topics", "topic", "niche", "niches", "category", "categories", "tags", "tag",
               "interests", "themes", "vertical", "verticals"},
    "stage": {"stage", "pipeline stage", "relationship stage", "status"},
    "platform": {"platform", "main platform", "primary platform", "network", "social network",
                 "social platform", "channel", "plateforme", "plataforma"},
    "country": {"country", "country code", "country region", "country or region", "pays",
                "pais", "land", "country of residence", "home country", "based in country"},
    "languages": {"language", "languages", "langue", "langues", "lang", "langs", "idioma"},
    "location": {"location", "city", "based in", "place", "town", "region", "ville", "ciudad",
                 "city town", "city region", "stadt", "citta"},
    "time_zone": {"time zone", "timezone", "tz"},
    "bio": {"bio", "biography", "description", "about"},
    "website": {"website", "web site", "site", "url", "web", "homepage"},
    "phone": {"phone", "phone number", "mobile", "telephone", "tel", "cell"},
    "agent_name": {"agent", "agent name", "manager", "manager name", "management", "agency",
                   "representative"},
    "agent_email": {"agent email", "manager email", "management email", "agency email"},
}  # fmt: skip
_LANGUAGE_NAMES = {
    "english": "en", "anglais": "en", "french": "fr", "francais": "fr", "spanish": "es",
    "espanol": "es", "german": "de", "deutsch": "de", "italian": "it", "italiano": "it",
    "portuguese": "pt", "portugues": "pt", "dutch": "nl", "nederlands": "nl", "polish": "pl",
    "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "greek": "el",
    "turkish": "tr", "arabic": "ar", "japanese": "ja", "chinese": "zh", "korean": "ko",
    "russian": "ru", "hindi": "hi",
}  # fmt: skip


def _header_words(header: str) -> str:
    text = re.sub(r"[^a-z0-9@]+", " ", normalize.unaccent(header).lower()).strip()
    for joined, spaced in (("tiktok", "tik tok"), ("email", "e mail"), ("youtube", "you tube")):
        text = text.replace(spaced, joined)
    return text


def field_for_header(header: str) -> str:
    """The field a column header most likely means ("IG followers" -> instagram_followers);
    IGNORE when it is not a header we know."""
    words = _header_words(header)
    for name, synonyms in _HEADER_SYNONYMS.items():
        if words in synonyms:
            return name
    tokens = set(words.replace("@", " ").split())
    if "audience" in tokens and tokens - _AUDIENCE_SIZE_WORDS:
        # "Audience country", "Top audience city", "IG audience gender": who follows them,
        # never where they live themselves.
        return "audience_notes"
    platforms = {PLATFORM_WORDS[token] for token in tokens if token in PLATFORM_WORDS}
    if len(platforms) == 1:
        platform = platforms.pop()
        rest = tokens - set(PLATFORM_WORDS)
        if rest & _FOLLOWER_WORDS:
            return f"{platform}_followers"
        if rest <= _HANDLE_WORDS:
            return f"{platform}_handle"
    if "email" in tokens and not tokens & {"agent", "manager", "management", "agency"}:
        return "email"
    return IGNORE


def mapping_guess(headers: list[str]) -> dict[str, str]:
    """Column index (as a string) -> field, each single-column field used once at most."""
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        guess = field_for_header(header)
        if guess not in REPEATABLE and guess in taken:
            guess = IGNORE
        taken.add(guess)
        mapping[str(index)] = guess
    return mapping


def mapping_check(
    *, headers: list[str], mapping: dict, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The mapping made complete and canonical (every column, by index), or RuleError.

    Columns may be named by index ("0") or, when the header is unique, by header text; columns
    left out keep their field in `base` (e.g. the guess from the headers), else are ignored."""
    if not isinstance(mapping, dict) or not all(
        isinstance(target, str | None) for target in mapping.values()
    ):
        raise RuleError(
            'Give the mapping as {column: field}, e.g. {"Full name": "name"}.',
            field="mapping",
        )
    by_header = {}
    for index, header in enumerate(headers):
        by_header.setdefault(header, []).append(index)
    checked = dict.fromkeys((str(index) for index in range(len(headers))), IGNORE)
    checked.update({key: value for key, value in (base or {}).items() if key in checked})
    for column, target in mapping.items():
        target = (target or IGNORE).strip()
        if str(column).isdigit() and int(column) < len(headers):
            index = int(column)
        elif len(by_header.get(column, [])) == 1:
            index = by_header[column][0]
        else:
            raise RuleError(f"The file has no column “{column}”.", field="mapping")
        if target not in FIELDS:
            raise RuleError(
                f"“{target}” is not a field an import can fill (column “{headers[index]}”).",
                field="mapping",
            )
        checked[str(index)] = target
    used: dict[str, list[str]] = {}
    for index, target in checked.items():
        used.setdefault(target, []).append(headers[int(index)])
    for target, columns in used.items():
        if target not in REPEATABLE and len(columns) > 1:
            names = " and ".join(f"“{column}”" for column in columns)
            raise RuleError(
                f"{names} are both imported as {FIELDS[target]}: choose one.", field="mapping"
            )
    identifying = {"name", "first_name", "last_name", "email"} | {
        f"{platform}_handle" for platform in Platform.values
    }
    if not identifying & set(used):
        raise RuleError(
            "Choose the column with their name, or at least one with an email or a handle to "
            "find them by.",
            field="mapping",
        )
    for platform, label in Platform.choices:
        if f"{platform}_followers" in used and f"{platform}_handle" not in used:
            raise RuleError(
                f"{label} followers need the column with the {label} handle too.",
                field="mapping",
            )
    if "followers" in used and not any(target.endswith("_handle") for target in used):
        raise RuleError("Followers need a column with a handle to belong to.", field="mapping")
    return checked


# --- one row: what it says about a person ----------------------------------------------------


class RowError(Exception):
    pass


@dataclass(slots=True)
class Person:
    """What one row (or several rows of one file combined) says about a person. Slots: an
    import holds one for each row of its file."""

    lines: list[int]
    name: str = ""
    emails: list[str] = field(default_factory=list)
    # (platform, normalized handle) -> followers (None: not given)
    accounts: dict[tuple[str, str], int | None] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    # stage, country, location, ..., and time_zone_guessed (True when the zone was guessed)
    profile: dict[str, Any] = field(default_factory=dict)
    # Where a Followers column's count went, in words for the dry run (one per row).
    followers_to: list[str] = field(default_factory=list)

    def match_keys(self) -> list[tuple[str, str]]:
        keys = [("email", address) for address in self.emails] + list(self.accounts)
        if not keys and self.name:
            # With nothing else to tell people apart, a name is the key (re-imports find them).
            keys.append(("name", self.name.lower()))
        return keys

    def absorb(self, other: "Person") -> None:
        """Another row about the same person: the first value of each field wins, lists merge."""
        self.lines.extend(other.lines)
        self.name = self.name or other.name
        self.emails += [address for address in other.emails if address not in self.emails]
        for key, followers in other.accounts.items():
            if self.accounts.get(key) is None:
                self.accounts[key] = followers
        self.topics += [t for t in other.topics if t.lower() not in map(str.lower, self.topics)]
        self.languages += [code for code in other.languages if code not in self.languages]
        guessed, given = (
            self.profile.get("time_zone_guessed"),
            other.profile.get("time_zone_guessed"),
        )
        if guessed and given is False:
            # A zone the file gives beats one guessed from another row's city.
            self.profile.pop("time_zone")
            self.profile.pop("time_zone_guessed")
        for name, value in other.profile.items():
            self.profile.setdefault(name, value)
        self.followers_to += other.followers_to


# Compiled once: re.split(pattern, ...) looks each pattern up in re's cache on every call, a
# few times per row of a big file.
_TOPICS_SPLIT = re.compile(r"[,;|\n]+")
_EMAILS_SPLIT = re.compile(r"[\s,;]+")
_LANGUAGES_SPLIT = re.compile(r"[\s,;|/]+")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,4})?")


def _split(value: str) -> list[str]:
    return [part.strip() for part in _TOPICS_SPLIT.split(value) if part.strip()]


@cache
def _plain_text(name: str) -> tuple[bool, int]:
    """(whether the model checks no more of this field than a length and no NUL character,
    that length): such a value that passes both is what field.clean returns, without its
    validators' calls (a third of reading a row)."""
    model_field = Influencer._meta.get_field(name)
    limit = model_field.max_length or sys.maxsize
    plain = (
        type(model_field) in (models.CharField, models.TextField)
        and not model_field.choices
        and model_field.editable
        and all(
            isinstance(validator, ProhibitNullCharactersValidator)
            or (isinstance(validator, MaxLengthValidator) and validator.limit_value == limit)
            for validator in model_field.validators
        )
    )
    return plain, limit


def _check_model_field(name: str, value: str, label: str) -> str:
    """The same checks the model makes (length, URL, email, time zone), without a query."""
    plain, limit = _plain_text(name)
    if plain and value and len(value) <= limit and "\x00" not in value:
        return value
    try:
        return Influencer._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        raise RowError(f"{label} “{value[:60]}”: {' '.join(error.messages)}") from None


def _count(value: str, label: str) -> int:
    try:
        number = normalize.count(value)
    except (ValueError, ArithmeticError) as error:
        if str(error) == "negative":
            raise RowError(f"{label} “{value[:40]}”: followers cannot be negative.") from None
        if str(error).startswith("too large"):
            number = MAX_FOLLOWERS + 1
        else:
            raise RowError(f"{label} “{value[:40]}” is not a number of followers.") from None
    if number > MAX_FOLLOWERS:
        raise RowError(f"{label} “{value[:40]}” is more followers than anyone has.")
    return number


@cache
def _time_zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def _stage(value: str) -> str:
    wanted = value.strip().lower()
    for stage, label in Stage.choices:
        if wanted in (stage, label.lower()):
            return stage
    labels = ", ".join(label for _, label in Stage.choices)
    raise RowError(f"Stage “{value[:40]}” is not one of {labels}.")


def _platform(value: str) -> str | None:
    """ "Instagram", "IG", "TikTok", "YouTube channel" -> the platform; None when unknown."""
    words = _header_words(value).replace("@", " ").split()
    found = {PLATFORM_WORDS[word] for word in words if word in PLATFORM_WORDS}
    return found.pop() if len(found) == 1 else None


def _followers_account(
    person: Person, named: tuple[str, str] | None, handle_order: list[str]
) -> tuple[tuple[str, str] | None, str]:
    """The account a Followers column counts, and how it was chosen (for the dry run): the
    platform a Platform column names, else the row's only account, else the first platform
    column of the file that has a handle on this row. None without any handle."""
    if named is not None:
        platform, header = named
        for key in person.accounts:
            if key[0] == platform:
                return key, f"{Platform(platform).label}, named in “{header}”"
    if len(person.accounts) == 1:
        key = next(iter(person.accounts))
        return key, f"{Platform(key[0]).label}, the row's only account"
    for platform in handle_order:
        for key in person.accounts:
            if key[0] == platform:
                return key, f"{Platform(platform).label}, the file's first handle column"
    return None, "left out: the row has no handle"


def _language(value: str) -> str:
    code = _LANGUAGE_NAMES.get(normalize.unaccent(value).lower(), value.lower())
    if not _LANGUAGE_CODE.fullmatch(code):
        raise RowError(f"Language “{value[:40]}”: use a code such as en, fr or pt-br.")
    return code.replace("_", "-")


def _handle_order(mapping: dict) -> list[str]:
    """The platforms of the file's handle columns, in column order."""
    return [
        target.removesuffix("_handle")
        for _, target in sorted(mapping.items(), key=lambda item: int(item[0]))
        if target.endswith("_handle")
    ]


@lru_cache(maxsize=16)
def _read_columns(
    mapping: tuple[tuple[str, str], ...], headers: tuple[str, ...]
) -> tuple[tuple[int, str, str, bool], ...]:
    """(position, field, header, whether it counts followers) of each column a mapping reads,
    in the mapping's order: worked out once per file rather than for each of its rows."""
    return tuple(
        (int(index), target, headers[int(index)], target.endswith("followers"))
        for index, target in mapping
        if target != IGNORE
    )


def person_from_row(*, line: int, cells: list[str], headers: list[str], mapping: dict) -> Person:
    """Read one row with the mapping. RowError (a reason a person can act on) when a value
    cannot be imported: a bad email, count, stage, country, time zone, ..."""
    if len(cells) > len(headers) and any(cell.strip() for cell in cells[len(headers) :]):
        raise RowError(
            f"This line has {len(cells)} values but the file has {len(headers)} columns: does "
            "a value contain the separator without quotes around it?"
        )
    values = {}  # field -> [(column header, value)], in column order
    width = len(cells)
    for position, target, header, is_count in _read_columns(tuple(mapping.items()), tuple(headers)):
        # Our own files (the rejected rows, an export) come back without their formula quote.
        value = cell_restore(cells[position].strip()) if position < width else ""
        if is_count and value.lower() in NOT_KNOWN_COUNTS:
            value = ""
        if value:
            values.setdefault(target, []).append((header, value))
    person = Person(lines=[line])
    for label, value in values.get("email", []):
        for address in _EMAILS_SPLIT.split(value):
            address = normalize.email(address.strip("<>\"'"))
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError:
                raise RowError(f"{label}: “{address[:60]}” is not an email address.") from None
            if address not in person.emails:
                person.emails.append(address)
    for platform, platform_label, handle_field, followers_field in _PLATFORM_FIELDS:
        handle = ""
        for label, value in values.get(handle_field, ()):
            handle = normalize.handle(value)
            # split() is [handle] exactly when the handle has no whitespace at all.
            if not handle or len(handle) > 200 or handle.split() != [handle]:
                raise RowError(f"{label}: “{value[:60]}” is not a handle.")
        followers = None
        for label, value in values.get(followers_field, ()):
            if not handle:
                raise RowError(f"{label} “{value[:40]}” but no {platform_label} handle.")
            followers = _count(value, label)
        if handle:
            person.accounts[(platform, handle)] = followers
    named = None
    for label, value in values.get("platform", []):
        platform = _platform(value)
        named = (platform, label) if platform else None
    for label, value in values.get("followers", []):
        followers = _count(value, label)
        key, how = _followers_account(person, named, _handle_order(mapping))
        person.followers_to.append(how)
        if key is not None and person.accounts[key] is None:
            person.accounts[key] = followers
    for label, value in values.get("topics", []):
        for topic in _split(value):
            if len(topic) > 60:
                raise RowError(f"{label}: topic “{topic[:60]}…” is longer than 60 characters.")
            if topic.lower() not in map(str.lower, person.topics):
                person.topics.append(topic)
    for _, value in values.get("languages", []):
        for part in _LANGUAGES_SPLIT.split(value):
            code = _language(part) if part else ""
            if code and code not in person.languages:
                person.languages.append(code)
    for _, value in values.get("stage", []):
        person.profile["stage"] = _stage(value)
    for label, value in values.get("country", []):
        code = places.country_code(value)
        if code is None:
            raise RowError(
                f"{label} “{value[:40]}” is not a country we know: write its name (Spain, "
                "España) or its two-letter code (ES)."
            )
        person.profile["country"] = code
    for label, value in values.get("time_zone", []):
        zone = _time_zones().get(value.replace(" ", "_").lower())
        if zone is None:
            raise RowError(f"{label} “{value[:40]}” is not a time zone, e.g. Europe/Paris.")
        person.profile["time_zone"] = zone
        person.profile["time_zone_guessed"] = False
    audience = [f"{label}: {value}" for label, value in values.get("audience_notes", [])]
    if audience:
        person.profile["audience_notes"] = _check_model_field(
            "audience_notes", "\n".join(audience), "Audience notes"
        )
    for label, value in values.get("website", []):
        url = value if "://" in value else f"https://{value}"
        person.profile["website"] = _check_model_field("website", url, label)
    for name in ("location", "bio", "phone", "agent_name", "agent_email"):
        for label, value in values.get(name, []):
            if name == "agent_email":
                value = normalize.email(value)
            person.profile[name] = _check_model_field(name, value, label)
    if "time_zone" not in person.profile and (
        "location" in person.profile or "country" in person.profile
    ):
        # No zone in the file: their city's, else their country's when it has one zone. Never
        # UTC by default for someone in Osaka; the profile says the zone was guessed.
        zone = places.time_zone_guess(
            city=person.profile.get("location", ""), country=person.profile.get("country", "")
        )
        if zone is not None:
            person.profile["time_zone"] = zone
            person.profile["time_zone_guessed"] = True
    names = [" ".join(value.split()) for _, value in values.get("name", [])]
    if not names:
        names = [" ".join(value.split()) for part in ("first_name", "last_name")
                 for _, value in values.get(part, [])]  # fmt: skip
    if names:
        person.name = _check_model_field("name", " ".join(names), "Name")
    if not person.name and not person.emails and not person.accounts:
        raise RowError("No name, email or handle on this line.")
    return person
