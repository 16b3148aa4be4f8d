"""Story: what happened between us (contacts.demo). A believable timeline per stage, the people
still waiting for our answer, the partnership drifting towards "at risk", the reply commitments
those entries open, and the payments and draft reviews we owe collaborators.
"""

from datetime import datetime, timedelta

from contacts.demo.world import (
    CAMPAIGNS,
    DRIFTING,
    DRIFTING_QUIET_DAYS,
    FOLLOW_UP,
    HISTORY,
    LATER,
    MAIN,
    NEVER,
    STEPS,
    THANKS,
    WAITING,
    Person,
)
from contacts.kinds import CONVERSATION_KINDS, REPLY_DUE_BUSINESS_DAYS
from contacts.models import (
    NOT_A_REPLY_KINDS,
    Channel,
    Commitment,
    CommitmentKind,
    Direction,
    Interaction,
    InteractionKind,
    Stage,
)
from contacts.services.timeline import add_business_days
from irm.models import User


class Timeline:
    """The timeline half of contacts.demo.people.Builder (its rng, now, workspace, admin and
    events)."""

    def timeline(self, person: Person, unanswered: bool, drifting: bool = False) -> None:
        """A believable history for the person's stage, oldest first. The last message of
        theirs is answered, unless `unanswered`: then it is recent and still waiting. When
        `drifting`, the history ends earlier and DRIFTING follows it."""
        rng, influencer = self.rng, person.influencer
        days_back, (low, high) = HISTORY[influencer.stage]
        start = self.now - timedelta(days=rng.randint(days_back // 2, days_back))
        influencer.created_at = influencer.updated_at = start - timedelta(days=rng.randint(1, 20))
        steps = list(STEPS)
        count = rng.randint(low, high)
        if influencer.stage == Stage.AWARE and rng.random() < 0.4:
            steps[2] = FOLLOW_UP  # no answer yet: one polite follow-up, then we wait
            count = min(count, 3)
        sequence = steps[:count] + [rng.choice(LATER) for _ in range(count - len(steps))]
        if sequence and sequence[-1][1] == Direction.INBOUND:
            sequence.append(THANKS)
        # Spread over the relationship, leaving the last days for what is still open.
        quiet_days = DRIFTING_QUIET_DAYS if drifting else 12
        span = int((self.now - start).total_seconds()) - quiet_days * 86_400
        moments = sorted(
            self._office_hours(start + timedelta(seconds=rng.randint(0, span))) for _ in sequence
        )
        if unanswered:
            sequence.append(rng.choice(WAITING))
            moments.append(self._office_hours(self.now - timedelta(days=rng.randint(0, 9))))
        context = {
            "topic": person.topics[0].lower(),
            "campaign": rng.choice(CAMPAIGNS),
            "city": influencer.location,
        }
        main = Channel.EMAIL if person.emails else Channel.INSTAGRAM_DM
        author = influencer.owner or self.admin
        for (kind, direction, channel, summary, sentiment), moment in zip(
            sequence, moments, strict=True
        ):
            if kind == InteractionKind.DM:
                channel = Channel.INSTAGRAM_DM
            self._step(
                person,
                (kind, direction, channel, summary, sentiment),
                occurred_at=min(moment, self.now - timedelta(minutes=30)),
                main=main,
                context=context,
                author=author,
            )
        if drifting:
            self._drift(person, context, main, author)

    def _drift(self, person: Person, context: dict, main: str, author: User) -> None:
        """DRIFTING after their history, at eleven in the morning of each day."""
        for days_ago, step, facts in DRIFTING:
            moment = (self.now - timedelta(days=days_ago)).astimezone(self.workspace.zone)
            self._step(
                person,
                step,
                occurred_at=moment.replace(hour=11, minute=0, second=0, microsecond=0),
                main=main,
                context=context,
                author=author,
                **facts,
            )

    def _step(
        self, person: Person, step: tuple, *, occurred_at, main: str, context: dict, author, **facts
    ) -> None:
        """One step of a story, (kind, direction, channel, summary, sentiment), on the timeline:
        MAIN is the person's usual channel, the summary is filled in from `context`, and what
        they sent has no author of ours."""
        kind, direction, channel, summary, sentiment = step
        self.record(
            person,
            kind=kind,
            direction=direction,
            channel=main if channel == MAIN else channel,
            summary=summary.format(**context),
            sentiment=sentiment,
            occurred_at=occurred_at,
            author=None if direction == Direction.INBOUND else author,
            **facts,
        )

    def record(self, person: Person, *, occurred_at: datetime, **fields) -> None:
        """One timeline entry, kept in time order."""
        event = Interaction(
            public_id=self.public_id("interaction", len(self.events)),
            workspace=self.workspace,
            influencer=person.influencer,
            occurred_at=occurred_at,
            created_at=occurred_at,
            **fields,
        )
        self.events.append(event)
        person.events.append(event)
        person.events.sort(key=lambda entry: entry.occurred_at)

    def _office_hours(self, moment: datetime) -> datetime:
        """The same day during our office hours, at a believable minute."""
        return moment.astimezone(self.workspace.zone).replace(
            hour=self.rng.randint(9, 17),
            minute=self.rng.choice([0, 10, 25, 40, 55]),
            second=0,
            microsecond=0,
        )

    def commitments(self, person: Person) -> list[Commitment]:
        """What contacts.services would have opened while these entries were recorded one by
        one: a real inbound message opens a reply commitment unless one is open; the next
        outbound conversation fulfils it."""
        rows, open_until = [], None
        events = person.events
        for position, event in enumerate(events):
            if event.direction != Direction.INBOUND or event.kind in NOT_A_REPLY_KINDS:
                continue
            if open_until is not None and open_until > event.occurred_at:
                continue
            answer = next(
                (
                    later
                    for later in events[position + 1 :]
                    if later.direction == Direction.OUTBOUND
                    and later.kind in CONVERSATION_KINDS
                    and later.occurred_at > event.occurred_at
                ),
                None,
            )
            rows.append(
                Commitment(
                    workspace=self.workspace,
                    influencer=person.influencer,
                    kind=CommitmentKind.REPLY,
                    description=f"Reply to {person.influencer.name}: {event.summary}"[:300],
                    due_at=add_business_days(
                        event.occurred_at, REPLY_DUE_BUSINESS_DAYS, self.workspace.zone
                    ),
                    opened_by=event,
                    fulfilled_at=answer.occurred_at if answer else None,
                    fulfilled_by=answer,
                    created_at=event.occurred_at,
                )
            )
            open_until = answer.occurred_at if answer else NEVER
        return rows


def payments(builder: "Timeline", people: list[Person]) -> list[Commitment]:
    """A few payments and draft reviews we owe collaborators, some overdue."""
    rows = []
    partners = [p for p in people if p.influencer.stage == Stage.COLLABORATING][:8]
    for position, person in enumerate(partners):
        payment = position % 2 == 0
        rows.append(
            Commitment(
                workspace=builder.workspace,
                influencer=person.influencer,
                kind=CommitmentKind.PAYMENT if payment else CommitmentKind.FEEDBACK,
                description="Pay the invoice for the reel"
                if payment
                else "Feedback on their draft video",
                due_at=builder.now + timedelta(days=position * 3 - 6),
                created_at=builder.now - timedelta(days=14),
            )
        )
    return rows
