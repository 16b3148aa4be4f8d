"""The contact guard's one door: `pitch_verdict` reads what the guard needs about one person and
evaluates it (outreach.guard.evaluate), for the composer, the send service, the pages, the API and
contacts' respect registry alike. `guard_context_load` gathers the guard's context in two queries
whatever their history; `pitch_guard_load` adds what sending a saved pitch needs (its topics, the
address it goes to, the author's identity, its files) to the same two."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, F, Func, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, JSONObject

from contacts import facts
from contacts.models import ChannelPermission, Influencer, InfluencerEmail, SocialAccount, Topic
from irm.selectors import instances_from_rows
from outreach.guard import (
    RECENT_BODIES_DAYS,
    GuardContext,
    Policy,
    Verdict,
    evaluate,
    normalize_topics,
)
from outreach.models import (
    ADMITTED_UNSENT,
    Pitch,
    PitchAttachment,
    PitchStatus,
    SendingIdentity,
)


@dataclass(frozen=True)
class GuardReading:
    """A verdict and the facts it was reached on (sending reuses them rather than read the
    same rows again)."""

    verdict: Verdict
    facts: "PitchGuardFacts"

    @property
    def context(self) -> GuardContext:
        return self.facts.context


def pitch_verdict(*, now: datetime, pitch: Pitch | None = None, **composed) -> Verdict:
    """The guard's verdict: for a saved pitch as it stands (`pitch` alone), or for a contact
    being composed or logged (`influencer`, `channel`, `topics`, `body`, `template_body`,
    `follow_up_of`: see pitch_reading; `pitch` then is the draft being edited, left out of its
    own count)."""
    return pitch_reading(now=now, pitch=pitch, **composed).verdict


def pitch_reading(
    *,
    now: datetime,
    pitch: Pitch | None = None,
    influencer: Influencer | None = None,
    channel: str = "",
    topics=(),
    body: str = "",
    template_body: str = "",
    follow_up_of: Pitch | None = None,
) -> GuardReading:
    """pitch_verdict with the facts and context it was reached on. For a saved pitch, its lists
    read with the facts are kept as its prefetched ones (pitch_lists_keep)."""
    if influencer is None:
        read = pitch_guard_load(pitch=pitch, now=now)
        pitch_lists_keep(pitch=pitch, facts=read)
        channel, topics, body = pitch.channel, read.topics, pitch.body
    else:
        read = _guard_facts(
            influencer=influencer,
            now=now,
            follow_up_of=follow_up_of,
            template_body=template_body,
            exclude_pitch=pitch,
        )
    verdict = evaluate(read.context, channel=channel, topics=topics, body=body, now=now)
    return GuardReading(verdict=verdict, facts=read)


def _merge_values(influencer: Influencer, handles: list[str]) -> tuple[str, ...]:
    first = influencer.name.split()[0] if influencer.name.split() else ""
    return (influencer.name, first, *handles, *(f"@{h}" for h in handles))


@dataclass(frozen=True)
class PitchGuardFacts:
    """What sending one pitch needs to know, read together: the guard's context, the pitch's
    topics and where an email goes (primary_email's rule); and what sending and its answer
    show: the author's sending identity, the pitch's files and the topics they declined."""

    context: GuardContext
    topics: tuple[str, ...]
    primary_email: str
    identity: SendingIdentity | None = None
    lists: dict[str, list] = field(default_factory=dict)


def guard_context_load(
    *,
    influencer: Influencer,
    now: datetime,
    follow_up_of: Pitch | None = None,
    template_body: str = "",
    exclude_pitch: Pitch | None = None,
) -> GuardContext:
    """Everything the guard needs about one person, in two queries whatever their history:
    1 their effective policy (it sets how far back to look), 2 one row of all the rest."""
    return _guard_facts(
        influencer=influencer,
        now=now,
        follow_up_of=follow_up_of,
        template_body=template_body,
        exclude_pitch=exclude_pitch,
    ).context


def pitch_guard_load(*, pitch: Pitch, now: datetime) -> PitchGuardFacts:
    """The guard's context for sending this pitch (its own admission left out), its topics and
    its email address, in the same two queries as guard_context_load; in one when the pitch
    was read with its contact policy rows (`policy_rows`: contacts.facts.contact_policy_rows,
    as outreach.services reads it under the lock)."""
    rows = getattr(pitch, "policy_rows", None)
    return _guard_facts(
        influencer=pitch.influencer,
        now=now,
        follow_up_of=Pitch(pk=pitch.follow_up_of_id) if pitch.follow_up_of_id else None,
        template_body=pitch.template.body if pitch.template_id else "",
        exclude_pitch=pitch,
        policy=(
            facts.contact_policy_from_rows(influencer=pitch.influencer, rows=rows)
            if rows is not None
            else None
        ),
    )


# The lists of a pitch its answer shows, read with the guard's facts when it is sent.
PITCH_LISTS = {"topics": Topic, "declined_topics": Topic, "attachments": PitchAttachment}


def pitch_lists_keep(*, pitch: Pitch, facts: PitchGuardFacts) -> None:
    """Keep the lists the facts row read as the pitch's prefetched ones (what
    prefetch_related leaves), so the send and its answer do not read them again."""
    cache = pitch.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in facts.lists.items():
        queryset = getattr(pitch, name).all()
        queryset._result_cache = rows
        queryset._prefetch_done = True
        cache[name] = queryset


def _json_rows(queryset: QuerySet) -> ArraySubquery:
    """Every column of a queryset's rows, as JSON objects (read back by _instances)."""
    names = [item.attname for item in queryset.model._meta.concrete_fields]
    return ArraySubquery(queryset.values(json=JSONObject(**{name: name for name in names})))


def _guard_facts(
    *,
    influencer: Influencer,
    now: datetime,
    follow_up_of: Pitch | None,
    template_body: str,
    exclude_pitch: Pitch | None,
    policy: facts.EffectivePolicy | None = None,
) -> PitchGuardFacts:
    if policy is None:
        policy = facts.contact_policy_effective(influencer=influencer)
    since = facts.contact_window_start(now=now, cooldown_days=policy.cooldown_days)
    memory_start = now - timedelta(days=policy.decline_memory_days)
    row = _facts_row(
        influencer=influencer,
        now=now,
        since=since,
        memory_start=memory_start,
        follow_up_of=follow_up_of,
        exclude_pitch=exclude_pitch,
    )
    channels = [_parsed(item, "since") for item in row["channel_rows"]]
    emails = [_parsed(item, "bounced_at") for item in row["address_rows"]]
    context = GuardContext(
        name=influencer.name,
        zone=_zone(influencer),
        policy=Policy.of(policy),
        do_not_contact=influencer.do_not_contact,
        do_not_contact_reason=influencer.do_not_contact_reason,
        erased=influencer.erased_at is not None,
        archived=influencer.archived_at is not None,
        do_not_disturb_until=influencer.do_not_disturb_until,
        open_channels=frozenset(c["channel"] for c in channels if c["is_open"]),
        closed_channels={
            c["channel"]: (c["since"], c["evidence"]) for c in channels if not c["is_open"]
        },
        topics=normalize_topics(row["topic_names"]),
        outbound_at=tuple(sorted([*row["contacted_at"], *row["admissions"]], reverse=True)),
        declined_topics=_declined(_parsed(item, "at") for item in row["declines"]),
        waiting_since=row["waiting_reply_since"],
        last_spoken_at=row["spoken_at"],
        last_inbound_at=influencer.last_inbound_at,
        follow_ups_admitted=row.get("follow_ups_admitted"),
        template_body=template_body,
        merge_values=_merge_values(influencer, row["handle_names"]),
        recent_fingerprints=tuple(frozenset(f) for f in row["recent_fingerprints"] if f),
        email_bounced=_email_bounced(emails),
    )
    lists = {
        name: instances_from_rows(model, row[f"pitch_{name}"])
        for name, model in PITCH_LISTS.items()
        if f"pitch_{name}" in row
    }
    identities = instances_from_rows(SendingIdentity, row.get("pitch_identity", []))
    return PitchGuardFacts(
        context=context,
        topics=tuple(topic.name for topic in lists.get("topics", ())),
        primary_email=emails[0]["email"] if emails else "",
        identity=identities[0] if identities else None,
        lists=lists,
    )


def _facts_row(
    *,
    influencer: Influencer,
    now: datetime,
    since: datetime,
    memory_start: datetime,
    follow_up_of: Pitch | None,
    exclude_pitch: Pitch | None,
) -> dict:
    """One row: each set the guard reads about them as an array (a correlated subquery on the
    index that serves it alone), so the count of queries never grows with their history."""
    person = OuterRef("pk")
    admitted = Pitch.objects.filter(
        influencer=person, status__in=ADMITTED_UNSENT, admitted_at__gte=since
    )
    if exclude_pitch is not None:
        admitted = admitted.exclude(pk=exclude_pitch.pk)
    declined = Pitch.declined_topics.through.objects.filter(
        pitch__influencer=person,
        pitch__status=PitchStatus.DECLINED,
        pitch__answered_at__gte=memory_start,
    )
    recent_bodies = Pitch.objects.filter(
        workspace=OuterRef("workspace_id"),
        sent_at__gte=now - timedelta(days=RECENT_BODIES_DAYS),
    ).exclude(influencer=person)
    optional = {}
    if follow_up_of is not None:
        optional["follow_ups_admitted"] = Coalesce(
            Subquery(_follow_ups_admitted(follow_up_of, exclude_pitch)), 0
        )
    if exclude_pitch is not None:
        pitch = exclude_pitch
        for name in ("topics", "declined_topics"):
            chosen = getattr(Pitch, name).through.objects.filter(pitch=pitch.pk).values("topic")
            # In the order prefetch_related reads them (the models' ordering).
            optional[f"pitch_{name}"] = _json_rows(
                Topic.objects.filter(pk__in=chosen).order_by("name")
            )
        optional["pitch_attachments"] = _json_rows(
            PitchAttachment.objects.filter(pitch=pitch.pk).order_by("uploaded_at")
        )
        optional["pitch_identity"] = _json_rows(
            SendingIdentity.objects.filter(workspace=pitch.workspace_id, user=pitch.author_id)
        )
    return (
        Influencer.objects.filter(pk=influencer.pk)
        .values(
            channel_rows=ArraySubquery(
                ChannelPermission.objects.filter(influencer=person)
                .order_by("pk")
                .values(
                    json=JSONObject(
                        channel="channel", is_open="is_open", since="since", evidence="evidence"
                    )
                )
            ),
            topic_names=ArraySubquery(
                Influencer.topics.through.objects.filter(influencer=person).values("topic__name")
            ),
            contacted_at=ArraySubquery(
                facts.outbound_contacts()
                .filter(influencer=person, occurred_at__gte=since)
                .order_by()
                .values("occurred_at")
            ),
            admissions=ArraySubquery(admitted.order_by().values("admitted_at")),
            declines=ArraySubquery(
                declined.order_by().values(
                    json=JSONObject(name="topic__name", at="pitch__answered_at")
                )
            ),
            recent_fingerprints=ArraySubquery(
                recent_bodies.order_by().values(json=Func("fingerprint", function="to_jsonb"))
            ),
            waiting_reply_since=Subquery(facts.waiting_reply_since().filter(influencer=person)[:1]),
            spoken_at=Subquery(
                facts.spoken_with(now=now).filter(influencer=person).values("occurred_at")[:1]
            ),
            handle_names=ArraySubquery(
                SocialAccount.objects.filter(influencer=person).values("handle")
            ),
            address_rows=ArraySubquery(
                InfluencerEmail.objects.filter(influencer=person)
                .order_by(*PRIMARY_EMAIL_FIRST)
                .values(
                    json=JSONObject(
                        email="email", bounced_at="bounced_at", bounce_reason="bounce_reason"
                    )
                )
            ),
            **optional,
        )
        .get()
    )


def _follow_ups_admitted(original: Pitch, exclude_pitch: Pitch | None) -> QuerySet:
    """How many follow-ups of the original were admitted (the one being sent left out)."""
    return (
        Pitch.objects.filter(follow_up_of=original.pk, admitted_at__isnull=False)
        .exclude(pk=getattr(exclude_pitch, "pk", None))
        .order_by()
        .values("follow_up_of")
        .annotate(count=Count("pk"))
        .values("count")
    )


def _parsed(item, key: str) -> dict:
    """A JSON object of the facts row with its timestamp `key` read back as a datetime."""
    value = item[key]
    return {**item, key: datetime.fromisoformat(value) if value else None}


def _declined(rows) -> dict[str, datetime]:
    """topic (normalized) -> when they last declined it."""
    declined: dict[str, datetime] = {}
    for row in rows:
        if row["name"]:
            key = next(iter(normalize_topics([row["name"]])))
            declined[key] = max(row["at"], declined.get(key, row["at"]))
    return declined


def _email_bounced(emails: list[dict]) -> tuple[str, datetime, str] | None:
    """The latest bounce when every address of theirs bounced (one working address is enough)."""
    if not emails or any(row["bounced_at"] is None for row in emails):
        return None
    latest = max(emails, key=lambda row: row["bounced_at"])
    return latest["email"], latest["bounced_at"], latest["bounce_reason"]


def _zone(influencer: Influencer) -> ZoneInfo:
    return ZoneInfo(influencer.time_zone or "UTC")


# Where an email pitch goes: their primary address, unless it bounced and another did not.
PRIMARY_EMAIL_FIRST = (F("bounced_at").asc(nulls_first=True), "-is_primary", "email")


def primary_email(*, influencer: Influencer) -> str:
    """Where an email pitch goes (PRIMARY_EMAIL_FIRST)."""
    row = (
        InfluencerEmail.objects.filter(influencer=influencer).order_by(*PRIMARY_EMAIL_FIRST).first()
    )
    return row.email if row else ""
