"""Likely duplicates and what merging two profiles of the same person would do (reads; the merge
itself is contacts/services/merge.py).

Finding duplicates is one set-based SQL query per workspace (no loop over all pairs): the
embedded Postgres has no unaccent, so names are compared through `translate()` with an accent
table built here from Python's unicodedata, the same folding contacts.normalize.unaccent does.
merge_comparison puts the choosable fields side by side; merge_related_counts counts the rows
each profile has in every table that points at influencers, found through Django's model
metadata.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Count, F, Prefetch

from contacts.models import (
    Influencer,
    Platform,
    SocialAccount,
    Stage,
)
from contacts.normalize import unaccent
from contacts.services.profiles import PROFILE_FIELDS
from irm.models import Workspace

# --- likely duplicates ---------------------------------------------------------------------

DUPLICATE_PAGE_SIZE = 100
# Characters between name words that do not make two names different: "Anne-Marie" is
# "Anne Marie", "J. Doe" is "J Doe".
NAME_SEPARATORS = r"[\s._,'\u2019-]+"
# How many leading letters of the name two profiles sharing an email name must share too, so
# info@a.com and info@b.com do not make every agency's clients duplicates of each other.
NAME_PREFIX_LENGTH = 3
# Phone numbers compare on their last digits: "+33 6 12 34 56 78" is "06 12 34 56 78".
PHONE_DIGITS = 9


def _accent_table() -> tuple[str, str]:
    """translate()'s two arguments: accented letters of the Latin, Greek and Cyrillic blocks
    and their plain letter, then the combining marks alone (removed: translate drops characters
    of the first argument that have no counterpart in the second).

    translate() looks each character up from the start of the table, so the table opens with
    the plain letters mapped to themselves: the common characters are found at once instead of
    after some 600 comparisons (20,000 names: 0.1 s instead of 1.5 s)."""
    sources = list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ-.'")
    targets = list(sources)
    ranges = [range(0xC0, 0x250), range(0x370, 0x500), range(0x1E00, 0x1F00)]
    for block in ranges:
        for code in block:
            char = chr(code)
            plain = unaccent(char)
            if plain != char and len(plain) == 1:
                sources.append(char)
                targets.append(plain)
    marks = "".join(chr(code) for code in range(0x300, 0x370))
    return "".join(sources) + marks, "".join(targets)


ACCENTED, PLAIN = _accent_table()


def name_key(name: str) -> str:
    """What two names must share to be "the same name": "Zoë  Saldaña" and "zoe saldana"."""
    return re.sub(NAME_SEPARATORS, " ", unaccent(name).lower()).strip()


# One row per (pair, reason): low and high influencer ids, a reason code and its detail.
# Every part joins inside one workspace; the handle part uses contacts_handle_unique's index.
DUPLICATES_SQL = """
WITH keyed AS (
    SELECT id, created_at,
           trim(regexp_replace(lower(CASE WHEN name ~ '^[ -~]*$' THEN name
                                         ELSE translate(name, %(accented)s, %(plain)s) END),
                               %(separators)s, ' ', 'g')) AS name_key,
           nullif(regexp_replace(lower(website), '^https?://(www[.])?|/+$', '', 'g'), '')
               AS site,
           CASE WHEN length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 7
                THEN right(regexp_replace(phone, '[^0-9]', '', 'g'), %(phone_digits)s) END
               AS phone_key
    FROM contacts_influencer
    WHERE workspace_id = %(workspace)s AND erased_at IS NULL
),
mails AS (
    SELECT e.influencer_id, split_part(lower(e.email), '@', 1) AS local_part
    FROM contacts_influenceremail e JOIN keyed k ON k.id = e.influencer_id
    WHERE e.workspace_id = %(workspace)s
),
handles AS (
    SELECT s.influencer_id, s.handle, s.platform
    FROM contacts_socialaccount s JOIN keyed k ON k.id = s.influencer_id
    WHERE s.workspace_id = %(workspace)s AND length(s.handle) >= 3
),
reasons AS (
    SELECT a.id AS low, b.id AS high, 'name' AS reason, '' AS detail
    FROM keyed a JOIN keyed b ON b.name_key = a.name_key AND a.id < b.id
    WHERE a.name_key <> ''
    UNION
    SELECT a.influencer_id, b.influencer_id, 'email', a.local_part
    FROM mails a
    JOIN mails b ON b.local_part = a.local_part AND a.influencer_id < b.influencer_id
    JOIN keyed ka ON ka.id = a.influencer_id
    JOIN keyed kb ON kb.id = b.influencer_id
    WHERE left(ka.name_key, %(prefix)s) = left(kb.name_key, %(prefix)s)
    UNION
    SELECT a.influencer_id, b.influencer_id, 'handle',
           a.handle || ' ' || a.platform || ' ' || b.platform
    FROM handles a
    JOIN handles b ON b.handle = a.handle AND a.influencer_id < b.influencer_id
    UNION
    SELECT a.id, b.id, 'website', a.site
    FROM keyed a JOIN keyed b ON b.site = a.site AND a.id < b.id
    UNION
    SELECT a.id, b.id, 'phone', ''
    FROM keyed a JOIN keyed b ON b.phone_key = a.phone_key AND a.id < b.id
)
SELECT low, high, array_agg(reason ORDER BY reason, detail),
       array_agg(detail ORDER BY reason, detail), count(*) OVER ()
FROM reasons
GROUP BY low, high
ORDER BY count(DISTINCT reason) DESC, low, high
LIMIT %(limit)s
"""


@dataclass
class DuplicatePair:
    """Two profiles that look like one person; `keep` is the older one, suggested to keep."""

    keep: Influencer
    drop: Influencer
    reasons: list[str]

    @property
    def people(self) -> tuple[Influencer, Influencer]:
        return self.keep, self.drop


@dataclass
class DuplicatePairs:
    pairs: list[DuplicatePair]
    total: int


def _reasons_in_words(reasons: list[str], details: list[str]) -> list[str]:
    texts, handles = [], {}
    for reason, detail in zip(reasons, details, strict=True):
        if reason == "handle":
            handle, *platforms = detail.rsplit(" ", 2)
            handles.setdefault(handle, set()).update(Platform(p).label for p in platforms)
        elif reason == "name":
            texts.append("Same name once accents and capital letters are set aside.")
        elif reason == "email":
            texts.append(
                f"Both have an email address starting “{detail}@” and their names start alike."
            )
        elif reason == "website":
            texts.append(f"Same website: {detail}.")
        else:
            texts.append("Same phone number.")
    for handle, labels in sorted(handles.items()):
        *others, last = sorted(labels)
        texts.append(f"Same handle @{handle} on {', '.join(others)} and {last}.")
    return list(dict.fromkeys(texts))


def duplicate_pairs(*, workspace: Workspace, limit: int = DUPLICATE_PAGE_SIZE) -> DuplicatePairs:
    """Likely duplicate pairs of the workspace, the pairs with most reasons first, each with
    its reasons in plain words. A fixed number of queries whatever the number of pairs."""
    params = {
        "workspace": workspace.pk,
        "accented": ACCENTED,
        "plain": PLAIN,
        "separators": NAME_SEPARATORS,
        "phone_digits": PHONE_DIGITS,
        "prefix": NAME_PREFIX_LENGTH,
        "limit": limit,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # Postgres cannot estimate joins over the CTEs and expects millions of rows: with JIT
        # on, it would spend seconds compiling a query that runs in a fraction of one.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(DUPLICATES_SQL, params)
        rows = cursor.fetchall()
    if not rows:
        return DuplicatePairs(pairs=[], total=0)
    ids = {pk for low, high, *_ in rows for pk in (low, high)}
    profiles = (
        Influencer.objects.filter(pk__in=ids)
        .select_related("owner", "team")
        .prefetch_related(
            Prefetch(
                "social_accounts",
                queryset=SocialAccount.objects.order_by(F("followers").desc(nulls_last=True)),
            ),
            "emails",
        )
        .in_bulk()
    )
    pairs = []
    for low, high, reasons, details, _total in rows:
        first, second = sorted(
            (profiles[low], profiles[high]), key=lambda person: (person.created_at, person.pk)
        )
        pairs.append(
            DuplicatePair(keep=first, drop=second, reasons=_reasons_in_words(reasons, details))
        )
    return DuplicatePairs(pairs=pairs, total=rows[0][4])


# --- comparing two profiles ----------------------------------------------------------------

# Profile fields a person chooses between when both profiles have a different value. Anything
# else is decided by a rule: languages and topics are joined, the later do-not-disturb date
# and a do-not-contact on either profile are kept (their wish, whichever profile holds it).
MERGE_FIELDS = (
    *(name for name in PROFILE_FIELDS if name not in ("languages", "do_not_disturb_until")),
    "owner",
    "team",
    "stage",
)
KEEP, DROP = "keep", "drop"


def _raw(influencer: Influencer, name: str):
    field = Influencer._meta.get_field(name)
    return getattr(influencer, field.attname)


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _shown(influencer: Influencer, name: str) -> str:
    value = getattr(influencer, name)
    if _empty(value):
        return ""
    if name == "stage":
        return Stage(value).label
    if name == "owner":
        return value.name or value.email
    return str(value)


@dataclass
class FieldComparison:
    name: str
    label: str
    keep_value: str
    drop_value: str
    # Both profiles have a value and they differ: the person chooses.
    conflict: bool
    # No conflict, and the kept profile is empty there: the duplicate's value fills it.
    filled_from_drop: bool


def merge_comparison(*, keep: Influencer, drop: Influencer) -> list[FieldComparison]:
    """Each choosable field side by side (for the merge page). No queries beyond the owner and
    team already selected with both profiles."""
    rows = []
    for name in MERGE_FIELDS:
        kept, dropped = _raw(keep, name), _raw(drop, name)
        rows.append(
            FieldComparison(
                name=name,
                label=str(Influencer._meta.get_field(name).verbose_name).capitalize(),
                keep_value=_shown(keep, name),
                drop_value=_shown(drop, name),
                conflict=not _empty(kept) and not _empty(dropped) and kept != dropped,
                filled_from_drop=_empty(kept) and not _empty(dropped),
            )
        )
    return rows


def _influencer_relations() -> Iterator[tuple[type[models.Model], models.ForeignKey]]:
    """Every (model, foreign key to Influencer) of every installed app, including the tables
    behind many-to-many fields on either side. Explicit `through` models (ListEntry) come as
    their own foreign keys; auto-created ones (topics) are yielded here."""
    for relation in Influencer._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            if through._meta.auto_created:
                yield through, through._meta.get_field(relation.field.m2m_reverse_field_name())
            continue
        yield relation.related_model, relation.field
    for m2m in Influencer._meta.many_to_many:
        through = m2m.remote_field.through
        if through._meta.auto_created:
            yield through, through._meta.get_field(m2m.m2m_field_name())


# What people call contacts' own rows; other apps' rows go by their models' verbose names.
RELATION_NAMES = {
    "contacts.Interaction": ("timeline entry", "timeline entries"),
    "contacts.Commitment": ("thing we owe them", "things we owe them"),
    "contacts.InfluencerEmail": ("email address", "email addresses"),
    "contacts.ChannelPermission": ("open channel record", "open channel records"),
    "contacts.RateCard": ("rate", "rates"),
    "contacts.ListEntry": ("named list", "named lists"),
    "contacts.ContactPolicy": ("contact rule override", "contact rule overrides"),
}


def _relation_name(model, count: int) -> str:
    """How a person calls rows of `model`: for a many-to-many table, what it links to."""
    if model._meta.label in RELATION_NAMES:
        singular, plural = RELATION_NAMES[model._meta.label]
        return singular if count == 1 else plural
    if model._meta.auto_created:
        model = next(
            f.related_model
            for f in model._meta.fields
            if f.is_relation and f.related_model is not Influencer
        )
    return str(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural)


def merge_related_counts(*, keep: Influencer, drop: Influencer) -> list[tuple[str, int, int]]:
    """(what, rows of the kept profile, rows of the duplicate) for every kind of related row
    either profile has: one query per related table, whatever the number of rows."""
    counts = []
    for model, fk in _influencer_relations():
        per_profile = dict(
            model._base_manager.filter(**{f"{fk.name}__in": [keep.pk, drop.pk]})
            .values_list(fk.attname)
            .annotate(rows=Count("pk"))
            .order_by()
        )
        kept, dropped = per_profile.get(keep.pk, 0), per_profile.get(drop.pk, 0)
        if kept or dropped:
            counts.append((_relation_name(model, 2), kept, dropped))
    return counts
