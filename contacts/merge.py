"""Likely duplicates and merging two profiles of the same person.

Finding duplicates is one set-based SQL query per workspace (no loop over all pairs): the
embedded Postgres has no unaccent, so names are compared through `translate()` with an accent
table built here from Python's unicodedata, the same folding contacts.normalize.unaccent does.

Merging moves every row that points at the dropped profile, found through Django's model
metadata (foreign keys, many-to-many tables, generic foreign keys), so rows of apps built on
contacts (pitches, reminders, collaborations) move too without contacts importing them. A row
that would break a unique key on the kept profile is resolved by a rule per model; a higher app
whose model has such a key registers its rule with `merge_resolver_register`, and a clash
nobody knows how to resolve refuses the merge rather than losing the row.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from contacts import normalize
from contacts.models import (
    ChannelPermission,
    ContactPolicy,
    Direction,
    HealthSnapshot,
    Influencer,
    InfluencerEmail,
    InteractionKind,
    ListEntry,
    MetricSnapshot,
    Platform,
    RateCard,
    SocialAccount,
    Stage,
)
from contacts.normalize import unaccent
from contacts.services import (
    influencer_refresh_search,
    influencer_refresh_total_followers,
    interaction_record,
    social_account_snapshot,
)
from irm.errors import RuleError
from irm.models import AuditAction, User, Workspace
from irm.services import audit_record
from irm.versions import version_claim

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
    "name",
    "pronouns",
    "avatar_url",
    "bio",
    "background",
    "values",
    "audience_notes",
    "location",
    "country",
    "time_zone",
    "phone",
    "website",
    "shipping_address",
    "agent_name",
    "agent_email",
    "keep_in_touch_days",
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


# --- merging -------------------------------------------------------------------------------

Resolver = Callable[..., int]
RESOLVERS: dict[str, Resolver] = {}


def merge_resolver_register(model_label: str) -> Callable[[Resolver], Resolver]:
    """Register how rows of `model_label` ("app.Model") move from the dropped profile to the
    kept one when a unique key could clash. The resolver is called with model, field (the
    foreign key to Influencer), keep, drop and now, resolves the clashes, moves the rest and
    returns how many rows of the dropped profile it kept."""

    def decorator(resolver: Resolver) -> Resolver:
        RESOLVERS[model_label] = resolver
        return resolver

    return decorator


def _move(model, field, keep: Influencer, drop: Influencer) -> int:
    return model._base_manager.filter(**{field.name: drop}).update(**{field.name: keep})


@merge_resolver_register("contacts.InfluencerEmail")
def _move_emails(*, model, field, keep, drop, now) -> int:
    """The same address on both (which the workspace-wide unique key normally prevents): keep
    the kept profile's row. The kept profile's primary address stays primary."""
    kept = InfluencerEmail.objects.filter(influencer=keep).annotate(address=Lower("email"))
    InfluencerEmail.objects.annotate(address=Lower("email")).filter(
        influencer=drop, address__in=kept.values("address")
    ).delete()
    if kept.filter(is_primary=True).exists():
        InfluencerEmail.objects.filter(influencer=drop).update(is_primary=False)
    return _move(model, field, keep, drop)


@merge_resolver_register("contacts.SocialAccount")
def _move_social_accounts(*, model, field, keep, drop, now) -> int:
    """The same platform and handle on both: keep the account with more metric history (then
    more followers, then the fresher one) and give it the other's snapshots of days it lacks."""
    kept = {(a.platform, a.handle): a for a in SocialAccount.objects.filter(influencer=keep)}
    for account in SocialAccount.objects.filter(influencer=drop):
        twin = kept.get((account.platform, account.handle))
        if twin is None:
            continue
        winner, loser = sorted(
            (twin, account),
            # An unknown count is no count: it loses to any known one.
            key=lambda a: (
                a.snapshots.count(),
                a.followers is not None,
                a.followers or 0,
                a.last_updated_at,
            ),
            reverse=True,
        )
        MetricSnapshot.objects.filter(social_account=loser).exclude(
            captured_on__in=MetricSnapshot.objects.filter(social_account=winner).values(
                "captured_on"
            )
        ).update(social_account=winner)
        if winner.engagement_rate is None:
            winner.engagement_rate = loser.engagement_rate
        if winner.followers is None:
            winner.followers = loser.followers
        winner.url = winner.url or loser.url
        winner.verified = winner.verified or loser.verified
        winner.influencer = keep
        loser.delete()
        winner.save(update_fields=["followers", "engagement_rate", "url", "verified", "influencer"])
        social_account_snapshot(account=winner, now=now)
    return _move(model, field, keep, drop)


def _keep_newest(model, keep, drop, key: list[str], newest: str) -> None:
    """Where both profiles have a row with the same `key`, delete the older one."""
    kept = {tuple(getattr(r, k) for k in key): r for r in model.objects.filter(influencer=keep)}
    for row in model.objects.filter(influencer=drop):
        twin = kept.get(tuple(getattr(row, k) for k in key))
        if twin is None:
            continue
        if getattr(row, newest) > getattr(twin, newest):
            twin.delete()
        else:
            row.delete()


@merge_resolver_register("contacts.RateCard")
def _move_rates(*, model, field, keep, drop, now) -> int:
    """A rate for the same deliverable and currency on both: the most recently updated wins."""
    _keep_newest(RateCard, keep, drop, ["deliverable_type", "currency"], "updated_at")
    return _move(model, field, keep, drop)


@merge_resolver_register("contacts.ChannelPermission")
def _move_channels(*, model, field, keep, drop, now) -> int:
    """The same channel on both: the most recently recorded permission is the one that holds."""
    _keep_newest(ChannelPermission, keep, drop, ["channel"], "recorded_at")
    return _move(model, field, keep, drop)


@merge_resolver_register("contacts.ContactPolicy")
def _move_policy(*, model, field, keep, drop, now) -> int:
    """One contact policy per person: the kept profile's, else the duplicate's."""
    if ContactPolicy.objects.filter(influencer=keep).exists():
        ContactPolicy.objects.filter(influencer=drop).delete()
        return 0
    return _move(model, field, keep, drop)


@merge_resolver_register("contacts.HealthSnapshot")
def _drop_health_history(*, model, field, keep, drop, now) -> int:
    """Health history belongs to a timeline that no longer exists on its own: the duplicate's
    snapshots go, and the kept profile's health is recomputed from the joined timeline."""
    HealthSnapshot.objects.filter(influencer=drop).delete()
    return 0


@merge_resolver_register("contacts.ListEntry")
def _move_list_entries(*, model, field, keep, drop, now) -> int:
    """Lists are joined: a list holding both keeps the kept profile's entry."""
    ListEntry.objects.filter(
        influencer=drop,
        influencer_list__in=ListEntry.objects.filter(influencer=keep).values("influencer_list"),
    ).delete()
    return _move(model, field, keep, drop)


def _unique_keys(model, field) -> list[tuple[list[str], Q | None]]:
    """The model's unique keys that include `field`: (the other fields, the key's condition)."""
    keys = []
    if field.unique:
        keys.append(([], None))
    for together in model._meta.unique_together:
        if field.name in together:
            keys.append(([name for name in together if name != field.name], None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field.name in constraint.fields:
            others = [name for name in constraint.fields if name != field.name]
            keys.append((others, constraint.condition))
    return keys


def _move_generic(*, model, field, keep, drop, now) -> int:
    """Rows of tables contacts does not know: moved, unless a unique key clashes. A clash in a
    many-to-many table is a union (the row exists already); anywhere else the merge is refused
    so nothing is lost: the app that owns the table registers a resolver."""
    manager = model._base_manager
    for others, condition in _unique_keys(model, field):
        twins = manager.filter(**{field.name: keep}, **{name: OuterRef(name) for name in others})
        clashing = manager.filter(**{field.name: drop}).filter(Exists(twins))
        if condition is not None:
            clashing = clashing.filter(condition).filter(Exists(twins.filter(condition)))
        if not clashing.exists():
            continue
        if model._meta.auto_created:
            clashing.delete()
            continue
        raise RuleError(
            f"Both profiles have {model._meta.verbose_name_plural} that cannot be combined "
            "automatically. Remove the extra one from one profile, then merge."
        )
    return _move(model, field, keep, drop)


def _move_generic_references(keep: Influencer, drop: Influencer) -> dict[str, int]:
    """Rows that point at the dropped profile through a GenericForeignKey (a timeline entry
    whose source is an influencer, say) point at the kept one instead."""
    content_type = ContentType.objects.get_for_model(Influencer)
    moved = {}
    for model in apps.get_models():
        for generic in model._meta.private_fields:
            if not isinstance(generic, GenericForeignKey):
                continue
            id_field = model._meta.get_field(generic.fk_field)
            textual = isinstance(id_field, models.CharField | models.TextField)
            old, new = (str(drop.pk), str(keep.pk)) if textual else (drop.pk, keep.pk)
            count = model._base_manager.filter(
                **{generic.ct_field: content_type, generic.fk_field: old}
            ).update(**{generic.fk_field: new})
            moved[f"{model._meta.label}.{generic.name}"] = count
    return moved


def _merge_profile(keep: Influencer, drop: Influencer, choices: dict[str, str]) -> list[str]:
    """Apply the person's choices and the fixed rules to `keep`; returns the labels of fields
    that took the duplicate's value."""
    taken = []
    for name in MERGE_FIELDS:
        kept, dropped = _raw(keep, name), _raw(drop, name)
        if _empty(dropped) or kept == dropped:
            continue
        if _empty(kept) or choices.get(name, KEEP) == DROP:
            setattr(keep, Influencer._meta.get_field(name).attname, dropped)
            taken.append(str(Influencer._meta.get_field(name).verbose_name))
    keep.sort_name = normalize.sort_key(keep.name)
    keep.languages = sorted(set(keep.languages) | set(drop.languages))
    if drop.do_not_disturb_until and (
        keep.do_not_disturb_until is None or drop.do_not_disturb_until > keep.do_not_disturb_until
    ):
        keep.do_not_disturb_until = drop.do_not_disturb_until
    if drop.do_not_contact and not keep.do_not_contact:
        keep.do_not_contact = True
        keep.do_not_contact_reason = drop.do_not_contact_reason
        keep.do_not_contact_since = drop.do_not_contact_since
        keep.do_not_contact_by_id = drop.do_not_contact_by_id
        taken.append("do not contact")
    if drop.created_at < keep.created_at:
        keep.created_at = drop.created_at
        keep.created_by_id = drop.created_by_id
    return taken


@dataclass
class MergeResult:
    influencer: Influencer
    # "app.Model" (or "app.Model.generic_field") -> rows moved; every relation visited is here.
    moved: dict[str, int] = field(default_factory=dict)
    fields_taken: list[str] = field(default_factory=list)


def _moved_in_words(moved: dict[str, int]) -> list[str]:
    words = []
    for label, count in moved.items():
        if count:
            model = apps.get_model(*label.split(".")[:2])
            words.append(f"{count} {_relation_name(model, count)}")
    return words


@transaction.atomic
def influencer_merge(
    *,
    keep: Influencer,
    drop: Influencer,
    field_choices: dict[str, str] | None = None,
    actor: User,
    now: datetime | None = None,
) -> MergeResult:
    """Merge `drop` into `keep`, who is the same person:
    1. lock both profiles (in id order, so two merges cannot deadlock) and check them,
    2. apply the chosen field values and the fixed rules (joined languages and topics, the
       later do-not-disturb, do-not-contact from either),
    3. move every related row, resolving unique-key clashes, and generic references,
    4. delete `drop`, recompute total_followers, the last_* fields and the search document,
    5. record the merge on the kept timeline and in the audit log (ids only)."""
    now = now or timezone.now()
    choices = dict(field_choices or {})
    for name, choice in choices.items():
        if name not in MERGE_FIELDS:
            raise RuleError(f"“{name}” is not a field you can choose.", field=name)
        if choice not in (KEEP, DROP):
            raise RuleError("Choose the value of one of the two profiles.", field=name)
    if keep.pk == drop.pk:
        raise RuleError("A profile cannot be merged into itself.")
    if keep.workspace_id != drop.workspace_id:
        raise RuleError("Only profiles of the same workspace can be merged.")
    locked = {
        person.pk: person
        for person in Influencer.objects.select_for_update()
        .filter(pk__in=[keep.pk, drop.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise RuleError("One of these profiles no longer exists: it was merged already.")
    keep, drop = locked[keep.pk], locked[drop.pk]
    if keep.erased_at or drop.erased_at:
        raise RuleError("An erased profile cannot be merged.")

    fields_taken = _merge_profile(keep, drop, choices)
    keep.updated_at = now
    # The merge is an edit of the kept profile: someone editing it since before gets a conflict.
    version_claim(row=keep, expected=None)
    keep.save()

    moved = {}
    for model, fk in _influencer_relations():
        resolver = RESOLVERS.get(model._meta.label, _move_generic)
        moved[model._meta.label] = moved.get(model._meta.label, 0) + resolver(
            model=model, field=fk, keep=keep, drop=drop, now=now
        )
    moved.update(_move_generic_references(keep, drop))
    drop_name, drop_public_id = drop.name, drop.public_id
    Influencer.objects.filter(pk=drop.pk).delete()

    influencer_refresh_total_followers(influencer=keep)
    influencer_refresh_search(influencer=keep)
    lines = [f"Moved from the duplicate: {', '.join(_moved_in_words(moved)) or 'nothing'}."]
    if fields_taken:
        lines.append(f"Values kept from the duplicate: {', '.join(fields_taken)}.")
    # interaction_record also recomputes the last_* fields from the whole, joined, timeline.
    interaction_record(
        influencer=keep,
        kind=InteractionKind.MERGE,
        direction=Direction.INTERNAL,
        summary=f"Merged the duplicate profile “{drop_name}” into this one",
        body="\n".join(lines),
        author=actor,
        occurred_at=now,
        now=now,
    )
    audit_record(
        action=AuditAction.INFLUENCERS_MERGED,
        actor=actor,
        workspace=keep.workspace,
        target=keep,
        data={
            "merged": str(drop_public_id),
            "moved": {label: count for label, count in moved.items() if count},
        },
        now=now,
    )
    keep.refresh_from_db()
    return MergeResult(influencer=keep, moved=moved, fields_taken=fields_taken)
