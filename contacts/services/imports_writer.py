"""The run's writer: one chunk of the file's people (a few thousand rows) matched, decided and
written in a constant number of statements, whatever the chunk's size.

It writes what the services write for each person one by one (contacts.services.profiles:
influencer_create, influencer_update, influencer_add_email, social_account_save,
influencer_set_topics, do_not_contact_set), the same values in the same rows:
- a new person: the profile (sort name, tidied country and languages, checked as the model
  checks it), their addresses (the first primary), accounts with today's metric snapshot,
  total_followers, topics (made on first use, with the file's spelling), the search document;
  someone erased before (contacts.services.suppression) only as a minimal profile, flagged
  do-not-contact with its timeline entry and audit event;
- a matched person: the changed fields (version bumped, a stage change on the timeline, health
  recomputed on commit when its stage or cadence changed), new addresses and accounts (each
  checked against the erased ones), changed counts with their snapshot, new topics,
  total_followers and the search document.
tests/contacts/import_reference.py keeps the one-by-one path; tests/contacts/test_import_oracle.py
proves both store the same. The run (contacts.services.imports) calls chunk_write per chunk;
matching and deciding who may be changed are in contacts.services.imports_matching.
"""

from dataclasses import dataclass, field
from datetime import UTC, date
from functools import cache
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

from django.db import connection, models
from django.db.models.functions import Lower

from contacts import normalize
from contacts.imports.columns import rows_insert, rows_update
from contacts.models import (
    Direction,
    Influencer,
    InfluencerEmail,
    Interaction,
    InteractionKind,
    MetricSnapshot,
    SocialAccount,
    Stage,
    SuppressionKind,
    Topic,
)
from contacts.selectors import search
from contacts.services import suppression
from contacts.services.health import PROFILE_INPUTS, health_refresh_on_commit
from contacts.services.imports_matching import (
    Decision,
    Existing,
    Outcome,
    Planned,
    RunContext,
    decided,
    existing_influencers,
    match,
)
from contacts.services.profiles import DO_NOT_CONTACT_FIELDS, PROFILE_FIELDS, influencer_clean
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent

# What an update saves of a profile (influencer_update saves the whole row; these are the
# fields it can change, the others keep the values they have).
UPDATED_FIELDS = [*PROFILE_FIELDS, "stage", "time_zone_guessed", "sort_name", "updated_at",
                  "version"]  # fmt: skip
OWNER_GONE = "The owner must be a member of this workspace."
TEAM_ELSEWHERE = "The team must belong to this workspace."


def _erased_dates(context: RunContext, people) -> dict[tuple[str, str, str], date]:
    """When each address and handle of the chunk was erased, if it was: one query."""
    values = []
    for person in people:
        values += suppression.suppression_values(emails=person.emails, handles=person.accounts)
    return suppression.suppression_dates(
        workspace=context.workspace, key=context.suppression_key, values=values
    )


def _email_key(address: str) -> tuple[str, str, str]:
    return (SuppressionKind.EMAIL, "", normalize.email(address))


def _handle_key(platform: str, handle: str) -> tuple[str, str, str]:
    return (SuppressionKind.HANDLE, platform, normalize.handle(handle))


# Where a new account sorts among accounts with as many followers: after every stored one (ids
# come from one sequence), in the order added.
NEW_ACCOUNT = 2**62


@dataclass
class _Parts:
    """What a profile's search document and total_followers are made of, as they will stand
    once the chunk is written (influencer_refresh_search, influencer_refresh_total_followers)."""

    # (platform, handle) -> [followers, the account's id (or where a new one sorts)]
    accounts: dict[tuple[str, str], list] = field(default_factory=dict)
    emails: list[tuple[bool, str]] = field(default_factory=list)  # (primary, address)
    topics: dict[str, str | None] = field(default_factory=dict)  # lower name -> name, if known
    followers_changed: bool = False


@cache
def _profile_defaults() -> tuple[dict[str, Any], tuple[models.Field, ...]]:
    """What a new Influencer holds before anything is set: the fixed defaults, and the fields
    whose default is made for each row (a uuid4, a fresh list)."""
    fixed, made = {}, []
    for model_field in Influencer._meta.concrete_fields:
        if model_field.primary_key:
            fixed[model_field.attname] = None
        elif model_field.has_default() and callable(model_field.default):
            made.append(model_field)
        else:
            fixed[model_field.attname] = model_field.get_default()
    return fixed, tuple(made)


def _new_profile(**values: Any) -> SimpleNamespace:
    """A new profile's columns, as Influencer(**values) would hold them, without building the
    model object (a fifth of a create's time): the writer only reads and sets its columns."""
    fixed, made = _profile_defaults()
    row = dict(fixed)
    for model_field in made:
        if model_field.attname not in values:  # created_at and updated_at are always given
            row[model_field.attname] = model_field.get_default()
    row.update(values)
    return SimpleNamespace(**row)


@dataclass
class _Writes:
    """Everything a chunk writes, gathered person by person, then written table by table."""

    context: RunContext
    created: list[SimpleNamespace] = field(default_factory=list)  # new profiles (_new_profile)
    emails: list[tuple[Influencer, str, bool]] = field(default_factory=list)
    new_accounts: list[tuple[Influencer, str, str, int | None]] = field(default_factory=list)
    changed_accounts: list[tuple[int, int]] = field(default_factory=list)
    # (account id or the index of a new account, followers, engagement rate)
    snapshots: list[tuple[int | None, int | None, int | None, Any]] = field(default_factory=list)
    topic_links: dict[tuple[int, str], tuple[Influencer, str]] = field(default_factory=dict)
    entries: list[tuple[Influencer, str, str]] = field(default_factory=list)
    audited: list[Influencer] = field(default_factory=list)
    # Matched profiles this chunk changes in any way, and what each will be made of.
    touched: dict[int, Influencer] = field(default_factory=dict)
    parts: dict[int, _Parts] = field(default_factory=dict)
    health: dict[int, Influencer] = field(default_factory=dict)

    # --- gathering, person by person ---

    def _flag(self, influencer: Influencer, erased_on: date, *, always: bool) -> None:
        """do_not_contact_set for someone erased before: influencer_create flags always,
        influencer_flag_if_erased unless the same reason is set already."""
        reason = suppression.erased_reason(erased_on)
        if not always and influencer.do_not_contact and influencer.do_not_contact_reason == reason:
            return
        actor = self.context.actor
        influencer.do_not_contact = True
        influencer.do_not_contact_reason = reason
        influencer.do_not_contact_since = self.context.now
        influencer.do_not_contact_by_id = actor.pk if actor is not None else None
        self.entries.append(
            (influencer, InteractionKind.DO_NOT_CONTACT, f"Do not contact: {reason}")
        )
        self.audited.append(influencer)
        self.health[id(influencer)] = influencer

    def _link_topics(self, influencer: Influencer, names: list[str]) -> None:
        for name in names:
            name = name.strip()
            if name:
                self.topic_links.setdefault((id(influencer), name.lower()), (influencer, name))
                self.parts[id(influencer)].topics.setdefault(name.lower(), None)

    def create(self, person, decision: Decision, erased: dict) -> Outcome:
        context = self.context
        profile = {name: value for name, value in person.profile.items() if name != "stage"}
        if person.languages:
            profile["languages"] = person.languages
        guessed = profile.pop("time_zone_guessed", False)
        accounts = decision.accounts
        erased_on = None
        if erased:  # a chunk with no address or handle of anyone erased: most of them
            keys = [_email_key(address) for address in person.emails]
            keys += [_handle_key(account["platform"], account["handle"]) for account in accounts]
            erased_on = max((erased[key] for key in keys if key in erased), default=None)
        topics = person.topics
        if erased_on is not None:
            # A minimal profile only, as influencer_create keeps of someone erased before.
            profile = {name: value for name, value in profile.items() if name == "time_zone"}
            topics = []
            accounts = [{**account, "followers": None} for account in accounts]
        influencer = _new_profile(
            workspace_id=context.workspace.pk,
            name=person.name.strip(),
            owner_id=context.owner.pk if context.owner is not None else None,
            stage=person.profile.get("stage", Stage.PROSPECT),
            created_by_id=context.actor.pk if context.actor is not None else None,
            created_at=context.now,
            updated_at=context.now,
            time_zone_guessed=guessed,
            **profile,
        )
        influencer_clean(influencer, check=False)
        self.created.append(influencer)
        self.parts[id(influencer)] = _Parts()
        for position, address in enumerate(person.emails):
            self._add_email(influencer, normalize.email(address), position == 0)
        for account in accounts:
            self._new_account(influencer, account)
        self.parts[id(influencer)].followers_changed = bool(accounts)
        self._link_topics(influencer, topics)
        if erased_on is not None:
            self._flag(influencer, erased_on, always=True)
        return Outcome("create", erased_on=erased_on)

    def _add_email(self, influencer: Influencer, address: str, primary: bool) -> None:
        self.emails.append((influencer, address, primary))
        self.parts[id(influencer)].emails.append((primary, address))

    def _new_account(self, influencer: Influencer, account: dict) -> None:
        followers = account["followers"]
        handle = normalize.handle(account["handle"])
        self.new_accounts.append((influencer, account["platform"], handle, followers))
        index = len(self.new_accounts) - 1
        self.parts[id(influencer)].accounts[(account["platform"], handle)] = [
            followers,
            NEW_ACCOUNT + index,
        ]
        if followers is not None:
            self.snapshots.append((None, index, followers, None))

    def _touch(self, influencer: Influencer, current: Existing) -> _Parts:
        """A matched profile this chunk changes: what it is made of now, once."""
        if id(influencer) not in self.parts:
            self.touched[id(influencer)] = influencer
            self.parts[id(influencer)] = _Parts(
                accounts={
                    key: [followers, current.account_rows[key][0]]
                    for key, followers in current.accounts.items()
                },
                emails=[(primary, address) for address, primary in current.email_rows],
                topics={name.lower(): name for name in current.topics},
            )
        return self.parts[id(influencer)]

    def _profile_update(self, influencer: Influencer, changes: dict) -> str:
        """influencer_update's part: "" once applied, else why not (nothing is changed)."""
        context = self.context
        if influencer.owner_id is not None and influencer.owner_id not in context.member_ids:
            return OWNER_GONE
        if influencer.team_id is not None and influencer.team_id not in context.team_ids:
            return TEAM_ELSEWHERE
        changes = dict(changes)
        if changes.get("time_zone", influencer.time_zone) != influencer.time_zone:
            changes.setdefault("time_zone_guessed", False)
        before = {name: getattr(influencer, name) for name in UPDATED_FIELDS}
        health_before = [getattr(influencer, name) for name in PROFILE_INPUTS]
        old_stage = influencer.stage
        for name, value in changes.items():
            setattr(influencer, name, value.strip() if isinstance(value, str) else value)
        try:
            influencer_clean(influencer, queries=False)
        except RuleError as error:
            for name, value in before.items():
                setattr(influencer, name, value)
            return error.message
        influencer.updated_at = context.now
        influencer.version += 1
        if influencer.stage != old_stage:
            summary = f"Stage: {Stage(old_stage).label} → {influencer.get_stage_display()}"
            self.entries.append((influencer, InteractionKind.STAGE_CHANGE, summary))
        if [getattr(influencer, name) for name in PROFILE_INPUTS] != health_before:
            self.health[id(influencer)] = influencer
        return ""

    def update(self, decision: Decision, current: Existing, erased: dict) -> Outcome:
        influencer = current.influencer
        if decision.changes and (refused := self._profile_update(influencer, decision.changes)):
            return Outcome("error", refused)
        parts = self._touch(influencer, current)
        flagged_on = None
        for address in decision.new_emails:
            address = normalize.email(address)
            # influencer_add_email: the first address someone has is their primary one.
            self._add_email(influencer, address, not parts.emails)
            if (erased_on := erased.get(_email_key(address))) is not None:
                self._flag(influencer, erased_on, always=False)
                flagged_on = erased_on
        for account in decision.accounts:
            key = (account["platform"], normalize.handle(account["handle"]))
            if key in current.account_rows:
                account_id, rate = current.account_rows[key]
                followers = account["followers"]
                if followers is None:
                    followers = current.accounts[key]
                self.changed_accounts.append((account_id, followers))
                parts.accounts[key][0] = followers
                if followers is not None or rate is not None:
                    self.snapshots.append((account_id, None, followers, rate))
            else:
                self._new_account(influencer, account)
                if (erased_on := erased.get(_handle_key(*key))) is not None:
                    self._flag(influencer, erased_on, always=False)
                    flagged_on = erased_on
            parts.followers_changed = True
        if decision.topics is not None:
            self._link_topics(
                influencer, [name for name in decision.topics if name.lower() not in parts.topics]
            )
        return Outcome("update", erased_on=flagged_on)

    # --- writing, table by table ---

    def write(self) -> None:
        """About fifteen statements, whatever the number of people."""
        topics = self._topics()
        self._documents(topics)
        self._influencers()
        self._emails()
        self._accounts()
        self._topic_links(topics)
        self._updates()
        self._timeline_and_audit()
        for influencer in self.health.values():
            health_refresh_on_commit(influencer_id=influencer.id, now=self.context.now)

    def _topics(self) -> dict[str, tuple[int, str]]:
        """topics_ensure for the whole chunk: each topic by its name whatever its case, made
        with the spelling of the first person who needs it. Lower name -> (id, its name)."""
        wanted: dict[str, str] = {}
        for _, name in self.topic_links.values():
            wanted.setdefault(name.lower(), name)
        if not wanted:
            return {}
        workspace = self.context.workspace
        found = {
            name.lower(): (pk, name)
            for pk, name in Topic.objects.filter(workspace=workspace)
            .alias(lower_name=Lower("name"))
            .filter(lower_name__in_array=list(wanted))
            .values_list("id", "name")
        }
        missing = [name for lower, name in wanted.items() if lower not in found]
        new_ids = rows_insert(
            Topic,
            rows=len(missing),
            columns={"name": missing},
            common={"workspace_id": workspace.pk},
        )
        found.update({name.lower(): (pk, name) for name, pk in zip(missing, new_ids, strict=True)})
        return found

    def _documents(self, topics: dict[str, tuple[int, str]]) -> None:
        """Each written profile's search document (influencer_refresh_search) and, where its
        accounts changed, total_followers (the sum of the counts known), from what it will be
        made of: handles by followers (most first, unknown last, then by id), addresses (the
        primary first, then in the database's order) and topic names (in the database's
        order), as the services read them back. One query: the database's order of the texts."""
        for parts in self.parts.values():
            for lower, name in parts.topics.items():
                parts.topics[lower] = name or topics[lower][1]
        rank = _collation_ranks(
            [address for parts in self.parts.values() for _, address in parts.emails]
            + [name for parts in self.parts.values() for name in parts.topics.values()]
        )
        for influencer in [*self.created, *self.touched.values()]:
            parts = self.parts[id(influencer)]
            accounts = sorted(
                (followers is None, -(followers or 0), order, handle)
                for (_, handle), (followers, order) in parts.accounts.items()
            )
            emails = sorted(parts.emails, key=lambda email: (not email[0], rank[email[1]]))
            influencer.search_vector = search.document(
                influencer.name,
                " ".join(handle for *_, handle in accounts),
                " ".join(address.split("@")[0] for _, address in emails),
                influencer.bio,
                " ".join(sorted(parts.topics.values(), key=rank.__getitem__)),
                influencer.location,
                influencer.agent_name,
            )
            if parts.followers_changed:
                known = [
                    followers for followers, _ in parts.accounts.values() if followers is not None
                ]
                influencer.total_followers = sum(known) if known else None

    def _influencers(self) -> None:
        fields = [f.attname for f in Influencer._meta.concrete_fields if not f.primary_key]
        ids = rows_insert(
            Influencer,
            rows=len(self.created),
            columns={name: list(map(attrgetter(name), self.created)) for name in fields},
        )
        for influencer, pk in zip(self.created, ids, strict=True):
            influencer.id = pk

    def _emails(self) -> None:
        rows_insert(
            InfluencerEmail,
            rows=len(self.emails),
            columns={
                "influencer_id": [influencer.id for influencer, _, _ in self.emails],
                "email": [address for _, address, _ in self.emails],
                "is_primary": [primary for _, _, primary in self.emails],
            },
            common={"workspace_id": self.context.workspace.pk},
        )

    def _accounts(self) -> None:
        now = self.context.now
        new_ids = rows_insert(
            SocialAccount,
            rows=len(self.new_accounts),
            columns={
                "influencer_id": [row[0].id for row in self.new_accounts],
                "platform": [row[1] for row in self.new_accounts],
                "handle": [row[2] for row in self.new_accounts],
                "followers": [row[3] for row in self.new_accounts],
            },
            common={"workspace_id": self.context.workspace.pk, "last_updated_at": now},
        )
        rows_update(
            SocialAccount,
            ids=[pk for pk, _ in self.changed_accounts],
            columns={
                "followers": [followers for _, followers in self.changed_accounts],
                "last_updated_at": [now] * len(self.changed_accounts),
            },
        )
        # social_account_snapshot: today's (UTC) point holds the numbers as they stand.
        rows_insert(
            MetricSnapshot,
            rows=len(self.snapshots),
            columns={
                "social_account_id": [
                    pk if pk is not None else new_ids[index] for pk, index, _, _ in self.snapshots
                ],
                "followers": [followers for _, _, followers, _ in self.snapshots],
                "engagement_rate": [rate for _, _, _, rate in self.snapshots],
            },
            common={"captured_on": now.astimezone(UTC).date()},
            on_conflict="ON CONFLICT (social_account_id, captured_on) DO UPDATE SET "
            "followers = EXCLUDED.followers, engagement_rate = EXCLUDED.engagement_rate",
        )

    def _topic_links(self, topics: dict[str, tuple[int, str]]) -> None:
        links = list(self.topic_links.values())
        rows_insert(
            Influencer.topics.through,
            rows=len(links),
            columns={
                "influencer_id": [influencer.id for influencer, _ in links],
                "topic_id": [topics[name.lower()][0] for _, name in links],
            },
        )

    def _updates(self) -> None:
        """Every matched profile the chunk changes, in one statement: what influencer_update
        saves (the whole row, here the fields it may change), the do-not-contact fields,
        total_followers and the search vector. An unchanged field is written as it is."""
        rows = list(self.touched.values())
        names = [*UPDATED_FIELDS, "total_followers", "search_vector"]
        names += [f.attname for f in Influencer._meta.concrete_fields
                  if f.name in DO_NOT_CONTACT_FIELDS]  # fmt: skip
        rows_update(
            Influencer,
            ids=[row.pk for row in rows],
            columns={name: [getattr(row, name) for row in rows] for name in names},
        )

    def _timeline_and_audit(self) -> None:
        """interaction_record's entries (internal ones: no last contact or reply to keep) and
        audit_record's events, for stage changes and do-not-contact flags."""
        context = self.context
        actor_id = context.actor.pk if context.actor is not None else None
        rows_insert(
            Interaction,
            rows=len(self.entries),
            columns={
                "influencer_id": [influencer.id for influencer, _, _ in self.entries],
                "kind": [kind for _, kind, _ in self.entries],
                "summary": [summary.strip()[:300] for _, _, summary in self.entries],
            },
            common={
                "workspace_id": context.workspace.pk,
                "direction": Direction.INTERNAL,
                "author_id": actor_id,
                "occurred_at": context.now,
                "created_at": context.now,
            },
        )
        rows_insert(
            AuditEvent,
            rows=len(self.audited),
            columns={"target_id": [str(influencer.public_id) for influencer in self.audited]},
            common={
                "workspace_id": context.workspace.pk,
                "actor_id": actor_id,
                "action": AuditAction.DO_NOT_CONTACT_SET,
                "target_type": "influencer",
                "created_at": context.now,
            },
        )


def _collation_ranks(values: list[str]) -> dict[str, int]:
    """Each text's place in the database's own order (its collation, which Python's sort does
    not know): what ORDER BY email or ORDER BY name gives. One query."""
    if not values:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT value FROM unnest(%s::text[]) AS value ORDER BY value", [values]
        )
        return {value: place for place, (value,) in enumerate(cursor.fetchall())}


def chunk_write(*, context: RunContext, items: list[Planned]) -> list[Outcome]:
    """Match, decide and write these people (in file order); their outcomes, in the same order.
    The influencers to update are locked, read again and decided again before the writes (as
    influencer_update locks and reads the row it changes); the others are left unlocked, so a
    re-import that changes nothing takes no lock. A person refused (the importer's role, a
    field the model refuses, ...) is left out; the others are written."""
    people = [item.person for item in items]
    matches = match(workspace=context.workspace, people=people)
    existing = existing_influencers(pk for found in matches for pk in found)
    decisions = [
        decided(context, person, matched, existing)
        for person, matched in zip(people, matches, strict=True)
    ]
    updated = {d.influencer.pk for d in decisions if d.action == "update"}
    if updated:
        existing.update(existing_influencers(updated, lock=True))
        decisions = [
            decided(context, person, matched, existing) if decision.action == "update" else decision
            for person, matched, decision in zip(people, matches, decisions, strict=True)
        ]
    erased = _erased_dates(context, people)
    writes = _Writes(context)
    outcomes = []
    for person, decision in zip(people, decisions, strict=True):
        if decision.action == "create":
            outcome = writes.create(person, decision, erased)
        elif decision.action == "update":
            outcome = writes.update(decision, existing[decision.influencer.pk], erased)
        else:
            outcome = Outcome(decision.action, decision.reason)
        outcomes.append(outcome)
    writes.write()
    return outcomes
