"""Story: who they are (contacts.demo). The builder every story writes through (one seeded random
generator, ids derived from the workspace's), each person's profile, social accounts, addresses
and extras, and the few likely duplicates teammates and imports create. Their timeline is told
in contacts.demo.timeline, which the builder inherits.
"""

import math
import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from contacts.demo.timeline import Timeline
from contacts.demo.world import (
    AGENCIES,
    AUDIENCES,
    BACKGROUNDS,
    CAUSES,
    COUNTRIES,
    COUNTRY_NAMES,
    COUNTRY_WEIGHTS,
    HANDLE_WORDS,
    JOBS,
    PLATFORM_URLS,
    PLATFORM_WEIGHTS,
    SEED,
    STAGE_WEIGHTS,
    TOPICS,
    Person,
    slug,
    weighted,
)
from contacts.models import (
    Influencer,
    Interaction,
    SocialAccount,
    Stage,
)
from contacts.normalize import sort_key, unaccent
from contacts.selectors.duplicates import name_key
from irm.models import Team, User, Workspace


class Builder(Timeline):
    """Builds every person of the demo in memory, in a fixed order; the writes come after."""

    def __init__(self, *, workspace: Workspace, users: dict[str, User], now: datetime) -> None:
        self.rng = random.Random(SEED)
        self.workspace = workspace
        self.now = now
        self.today = timezone.localdate(now)
        self.admin = users["admin@demo.test"]
        self.owners = [
            (users["admin@demo.test"], 15),
            (users["manager@demo.test"], 35),
            (users["member@demo.test"], 40),
            (None, 10),
        ]
        self.teams = {team.name: team for team in Team.objects.filter(workspace=workspace)}
        self.people: list[Person] = []
        self.names: set[str] = set()
        # Handle -> whose it is: a person may use one handle on several platforms, but two
        # people sharing one would look like the same person on the duplicates page.
        self.handles: dict[str, str] = {}
        self.addresses: set[str] = set()
        self.events: list[Interaction] = []

    def public_id(self, kind: str, index: int) -> uuid.UUID:
        return uuid.uuid5(self.workspace.public_id, f"demo:{kind}:{index}")

    # --- who they are ---

    def _name(self, firsts, lasts) -> tuple[str, str]:
        while True:
            first, pronouns = self.rng.choice(firsts)
            name = f"{first} {self.rng.choice(lasts)}"
            if name_key(name) not in self.names:
                self.names.add(name_key(name))
                return name, pronouns

    def _handle(self, name: str, topic: str) -> str:
        first, last = slug(name.split(" ")[0]), slug(name.split(" ", 1)[1])
        word = HANDLE_WORDS[topic]
        candidates = [
            f"{first}.{word}",
            f"{first}{last}",
            f"{word}with{first}",
            f"{first}_{last}",
            f"{first}.{last}.{word}",
            f"{first}{last}{self.rng.randint(2, 99)}",
        ]
        start = self.rng.randrange(3)
        for handle in candidates[start:] + candidates[:start]:
            if handle not in self.handles:
                self.handles[handle] = name
                return handle
        raise AssertionError("the last candidate is practically always free")

    def person(self, index: int) -> Person:
        rng = self.rng
        weights = [COUNTRY_WEIGHTS.get(country[0], 3) for country in COUNTRIES]
        code, cities, languages, firsts, lasts = rng.choices(COUNTRIES, weights=weights)[0]
        city, zone = rng.choice(cities)
        name, pronouns = self._name(firsts, lasts)
        topics = rng.sample(TOPICS, k=rng.choice([1, 2, 2, 3]))
        stage = weighted(rng, STAGE_WEIGHTS)
        owner = weighted(rng, self.owners)
        team = weighted(
            rng, [(self.teams.get("PR"), 55), (self.teams.get("Digital marketing"), 35), (None, 10)]
        )
        spoken = list(languages)
        if "en" not in spoken and rng.random() < 0.5:
            spoken.append("en")
        influencer = Influencer(
            public_id=self.public_id("influencer", index),
            workspace=self.workspace,
            name=name,
            sort_name=sort_key(name),
            pronouns=pronouns if rng.random() < 0.8 else "",
            bio=f"{topics[0]} from {city}. "
            + rng.choice(
                [
                    "Honest reviews, no fluff.",
                    "Small steps, shared weekly.",
                    f"Also into {topics[-1].lower()}.",
                    "Tutorials, mistakes and the occasional win.",
                    "Here for the community, not the algorithm.",
                ]
            ),
            background=rng.choice(BACKGROUNDS).format(job=rng.choice(JOBS), city=city),
            values="; ".join(rng.sample(CAUSES, k=rng.choice([1, 2]))),
            audience_notes=rng.choice(AUDIENCES).format(country_name=COUNTRY_NAMES[code]),
            location=city,
            country=code,
            time_zone=zone,
            languages=sorted(set(spoken)),
            stage=stage,
            owner=owner,
            team=team,
            created_by=owner or self.admin,
        )
        person = Person(influencer=influencer, topics=topics)
        self._accounts(person)
        self._profile_extras(person)
        return person

    def _accounts(self, person: Person) -> None:
        rng, influencer = self.rng, person.influencer
        count = rng.choices([1, 2, 3], weights=[45, 38, 17])[0]
        platforms = []
        while len(platforms) < count:
            platform = weighted(rng, PLATFORM_WEIGHTS)
            if platform not in platforms:
                platforms.append(platform)
        # Log-normal reach: most are micro creators (5k-80k), a few pass a million.
        main = int(min(max(math.exp(rng.gauss(10.3, 1.25)), 900), 3_800_000))
        for position, platform in enumerate(platforms):
            followers = main if position == 0 else int(main * rng.uniform(0.05, 0.9))
            if position and rng.random() < 0.6:
                handle = person.accounts[0].handle  # the same handle everywhere
            else:
                handle = self._handle(influencer.name, person.topics[0])
            engagement = max(0.4, 9.0 - math.log10(max(followers, 10)) * 1.3 + rng.gauss(0, 0.8))
            url_pattern = PLATFORM_URLS.get(platform)
            person.accounts.append(
                SocialAccount(
                    workspace=self.workspace,
                    influencer=influencer,
                    platform=platform,
                    handle=handle,
                    url=url_pattern.format(handle) if url_pattern else "",
                    followers=followers,
                    engagement_rate=Decimal(f"{engagement:.2f}"),
                    verified=followers > 250_000 and rng.random() < 0.7,
                    last_updated_at=self.now - timedelta(days=rng.randint(0, 6)),
                )
            )
        influencer.total_followers = sum(account.followers for account in person.accounts)

    def _profile_extras(self, person: Person) -> None:
        rng, influencer = self.rng, person.influencer
        handle = person.accounts[0].handle.replace("_", ".")
        if rng.random() < 0.85:
            address = f"{handle}@{rng.choice(['example.com', 'example.net', 'example.org'])}"
            if address not in self.addresses:
                self.addresses.add(address)
                person.emails.append(address)
        if rng.random() < 0.35:
            influencer.website = f"https://{handle.replace('.', '')}.example"
        if influencer.country == "GB" and rng.random() < 0.4:
            influencer.phone = f"+44 7700 900{rng.randint(100, 999)}"  # Ofcom's drama range
        elif influencer.country == "US" and rng.random() < 0.4:
            influencer.phone = f"+1 555 01{rng.randint(10, 99)}"
        if influencer.total_followers > 300_000:
            agency = rng.choice(AGENCIES)
            influencer.agent_name = f"{rng.choice(['Sophie', 'Daniel', 'Noa', 'Ruth'])} at {agency}"
            influencer.agent_email = f"partnerships@{slug(agency)}.example"
        if influencer.stage in {Stage.COLLABORATING, Stage.AMBASSADOR}:
            influencer.shipping_address = f"c/o Studio, {influencer.location}"


def likely_duplicates(builder: Builder, people: list[Person]) -> list[Person]:
    """Second profiles of a few people, as imports and busy teammates create them: the name
    typed without accents, an initial for the last name, the same website."""
    rng, made, chosen = builder.rng, [], []

    def pick(test) -> Person:
        found = next(p for p in people if test(p) and p not in chosen and p.accounts)
        chosen.append(found)
        return found

    accented = pick(lambda p: unaccent(p.influencer.name) != p.influencer.name)
    typed_plain = pick(lambda p: unaccent(p.influencer.name) != p.influencer.name)
    with_email = pick(lambda p: bool(p.emails) and len(p.influencer.name.split()) == 2)
    with_site = pick(lambda p: bool(p.influencer.website))
    first, last = with_email.influencer.name.split()
    specs = [
        # (original, name of the second profile, same handle elsewhere, same email name)
        (accented, unaccent(accented.influencer.name), True, False),
        (typed_plain, unaccent(typed_plain.influencer.name).lower(), False, False),
        (with_email, f"{first} {last[0]}.", True, True),
        (with_site, with_site.influencer.name, False, False),
    ]
    for index, (original, name, same_handle, same_email) in enumerate(specs):
        source, account = original.influencer, original.accounts[0]
        twin = Influencer(
            public_id=builder.public_id("duplicate", index),
            workspace=builder.workspace,
            name=name,
            sort_name=sort_key(name),
            country=source.country,
            time_zone=source.time_zone,
            location=source.location,
            languages=source.languages,
            website=source.website if original is with_site else "",
            stage=Stage.PROSPECT,
            owner=rng.choice([builder.admin, None]),
            created_by=builder.admin,
            created_at=builder.now - timedelta(days=rng.randint(2, 30)),
        )
        person = Person(influencer=twin, topics=original.topics[:1])
        if same_handle:
            taken = {other.platform for other in original.accounts}
            platform = next(value for value, _weight in PLATFORM_WEIGHTS if value not in taken)
            handle = account.handle
        else:
            platform, handle = account.platform, f"{account.handle}.official"
        person.accounts.append(
            SocialAccount(
                workspace=builder.workspace,
                influencer=twin,
                platform=platform,
                handle=handle,
                followers=max(100, account.followers // rng.randint(4, 30)),
            )
        )
        if same_email:
            person.emails.append(f"{original.emails[0].split('@')[0]}@mail.example")
        twin.total_followers = sum(a.followers for a in person.accounts)
        made.append(person)
    return made
