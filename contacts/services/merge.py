"""Merging two profiles of the same person (influencer_merge); finding them is
contacts/selectors/duplicates.py.

Merging moves every row that points at the dropped profile, found through Django's model
metadata (foreign keys, many-to-many tables, generic foreign keys), so rows of apps built on
contacts (pitches, reminders, collaborations) move too without contacts importing them. A row
that would break a unique key on the kept profile is resolved by a rule per model; a higher app
whose model has such a key registers its rule with `merge_resolver_register`, and a clash
nobody knows how to resolve refuses the merge rather than losing the row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
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
    RateCard,
    SocialAccount,
)
from contacts.selectors.duplicates import (
    DROP,
    KEEP,
    MERGE_FIELDS,
    _empty,
    _influencer_relations,
    _raw,
    _relation_name,
)
from contacts.services.profiles import (
    influencer_refresh_search,
    influencer_refresh_total_followers,
    social_account_snapshot,
)
from contacts.services.timeline import interaction_record
from irm.errors import RuleError
from irm.models import AuditAction, User
from irm.services import audit_record
from irm.versions import version_claim

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


def _move_generic_references(
    keep: Influencer, drop: Influencer, models_by_label: dict[str, type[models.Model]]
) -> dict[str, int]:
    """Rows that point at the dropped profile through a GenericForeignKey (a timeline entry
    whose source is an influencer, say) point at the kept one instead. Each label counted is
    noted in `models_by_label` with its model."""
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
            models_by_label[f"{model._meta.label}.{generic.name}"] = model
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


def _moved_in_words(
    moved: dict[str, int], models_by_label: dict[str, type[models.Model]]
) -> list[str]:
    """The rows moved, as a person says them; each label's model is the one the merge visited
    (no lookup by label in the app registry)."""
    return [
        f"{count} {_relation_name(models_by_label[label], count)}"
        for label, count in moved.items()
        if count
    ]


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
    models_by_label: dict[str, type[models.Model]] = {}
    for model, fk in _influencer_relations():
        models_by_label[model._meta.label] = model
        resolver = RESOLVERS.get(model._meta.label, _move_generic)
        moved[model._meta.label] = moved.get(model._meta.label, 0) + resolver(
            model=model, field=fk, keep=keep, drop=drop, now=now
        )
    moved.update(_move_generic_references(keep, drop, models_by_label))
    drop_name, drop_public_id = drop.name, drop.public_id
    Influencer.objects.filter(pk=drop.pk).delete()

    influencer_refresh_total_followers(influencer=keep)
    influencer_refresh_search(influencer=keep)
    moved_words = ", ".join(_moved_in_words(moved, models_by_label))
    lines = [f"Moved from the duplicate: {moved_words or 'nothing'}."]
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
