"""Demo influencers for `manage.py demo_data`: about 200 believable, made-up people.

Deterministic (one seeded random generator; ids derived from the workspace's), idempotent (the
first demo profile's fixed public id marks the data as there) and fast: rows are built in
Python, written with bulk_create, and the derived fields (last contact, search documents) are
set with a few set-based updates. Dates are relative to the moment it runs, so the demo always
looks current. No real people: names are random pairs of common first and last names, and
every address and website uses reserved example domains.
"""

import math
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from contacts.health.compute import health_backfill, health_day
from contacts.kinds import CONVERSATION_KINDS, REPLY_DUE_BUSINESS_DAYS
from contacts.models import (
    NOT_A_REPLY_KINDS,
    Channel,
    ChannelPermission,
    Commitment,
    CommitmentKind,
    DeliverableType,
    Direction,
    HealthBand,
    HealthSnapshot,
    Influencer,
    InfluencerEmail,
    InfluencerList,
    Interaction,
    InteractionKind,
    ListEntry,
    MetricSnapshot,
    Platform,
    RateCard,
    Sentiment,
    SocialAccount,
    Stage,
)
from contacts.normalize import sort_key, unaccent
from contacts.selectors import search
from contacts.selectors.duplicates import name_key
from contacts.services.profiles import topics_ensure
from contacts.services.timeline import add_business_days, influencer_refresh_last_contact
from irm.models import Team, User, Workspace

SEED = 20240611
INFLUENCER_COUNT = 200
SNAPSHOT_WEEKS = 26

TOPICS = [
    "Sustainable fashion", "Trail running", "Vegan baking", "Zero waste living", "Specialty coffee",
    "Urban gardening", "Budget travel", "Vintage thrifting", "Home fermentation",
    "Natural skincare", "Bouldering", "Cycling commutes", "Indie board games", "Slow living",
    "Plant-based fitness", "Modest fashion", "Film photography", "Sourdough", "Van life",
    "Wild swimming", "Parenting on a budget", "Repair and upcycling", "Tea culture",
    "Beginner yoga", "Natural wine",
]  # fmt: skip

# (country, cities with their time zone, languages, first names (name, pronouns), last names)
SHE, HE, THEY = "she/her", "he/him", "they/them"
COUNTRIES = [
    ("US", [("New York", "America/New_York"), ("Austin", "America/Chicago"),
            ("Portland", "America/Los_Angeles"), ("Denver", "America/Denver")], ["en"],
     [("Maya", SHE), ("Jordan", THEY), ("Marcus", HE), ("Keisha", SHE), ("Tyler", HE),
      ("Priya", SHE), ("Diego", HE), ("Hannah", SHE), ("Andre", HE), ("Riley", THEY)],
     ["Brooks", "Nguyen", "Carter", "Ramirez", "Okafor", "Bennett", "Holloway", "Park",
      "Whitaker", "Delgado"]),
    ("GB", [("London", "Europe/London"), ("Manchester", "Europe/London"),
            ("Bristol", "Europe/London"), ("Glasgow", "Europe/London")], ["en"],
     [("Amelia", SHE), ("Oliver", HE), ("Imogen", SHE), ("Callum", HE), ("Aisha", SHE),
      ("Rhys", HE), ("Freya", SHE), ("Sami", THEY)],
     ["Hughes", "Patel", "Fletcher", "McKenzie", "Ashworth", "Okoro", "Pemberton", "Khan"]),
    ("FR", [("Paris", "Europe/Paris"), ("Lyon", "Europe/Paris"), ("Marseille", "Europe/Paris"),
            ("Bordeaux", "Europe/Paris")], ["fr", "en"],
     [("Léa", SHE), ("Hugo", HE), ("Chloé", SHE), ("Mathis", HE), ("Inès", SHE),
      ("Théo", HE), ("Manon", SHE), ("Yanis", HE)],
     ["Lefèvre", "Moreau", "Girard", "Benali", "Rousseau", "Fontaine", "Mercier", "Diallo"]),
    ("DE", [("Berlin", "Europe/Berlin"), ("Hamburg", "Europe/Berlin"),
            ("Munich", "Europe/Berlin"), ("Leipzig", "Europe/Berlin")], ["de", "en"],
     [("Lena", SHE), ("Jonas", HE), ("Mia", SHE), ("Felix", HE), ("Emre", HE),
      ("Clara", SHE), ("Noah", HE), ("Alex", THEY)],
     ["Schneider", "Becker", "Yilmaz", "Hoffmann", "Krüger", "Wagner", "Vogel", "Schäfer"]),
    ("ES", [("Madrid", "Europe/Madrid"), ("Barcelona", "Europe/Madrid"),
            ("Sevilla", "Europe/Madrid"), ("Valencia", "Europe/Madrid")], ["es", "en"],
     [("Lucía", SHE), ("Pablo", HE), ("Carmen", SHE), ("Álvaro", HE), ("Nerea", SHE),
      ("Iker", HE), ("Marta", SHE), ("Sergio", HE)],
     ["García", "Romero", "Navarro", "Ibáñez", "Castillo", "Ortega", "Muñoz", "Serrano"]),
    ("IT", [("Milan", "Europe/Rome"), ("Rome", "Europe/Rome"), ("Turin", "Europe/Rome"),
            ("Bologna", "Europe/Rome")], ["it", "en"],
     [("Giulia", SHE), ("Luca", HE), ("Chiara", SHE), ("Matteo", HE), ("Sara", SHE),
      ("Davide", HE)],
     ["Rossi", "Esposito", "Conti", "Ricci", "Marino", "Galli", "Ferraro"]),
    ("NL", [("Amsterdam", "Europe/Amsterdam"), ("Utrecht", "Europe/Amsterdam"),
            ("Rotterdam", "Europe/Amsterdam")], ["nl", "en"],
     [("Sanne", SHE), ("Daan", HE), ("Fleur", SHE), ("Bram", HE), ("Noor", SHE)],
     ["de Vries", "Jansen", "Bakker", "Visser", "van Dijk", "Smit"]),
    ("SE", [("Stockholm", "Europe/Stockholm"), ("Gothenburg", "Europe/Stockholm"),
            ("Malmö", "Europe/Stockholm")], ["sv", "en"],
     [("Elsa", SHE), ("Viktor", HE), ("Saga", SHE), ("Linnea", SHE), ("Oskar", HE)],
     ["Lindqvist", "Berg", "Nyström", "Holm", "Sandberg", "Ekström"]),
    ("PT", [("Lisbon", "Europe/Lisbon"), ("Porto", "Europe/Lisbon")], ["pt", "en"],
     [("Inês", SHE), ("Tiago", HE), ("Beatriz", SHE), ("Rui", HE)],
     ["Ferreira", "Carvalho", "Sousa", "Almeida", "Pinto"]),
    ("PL", [("Warsaw", "Europe/Warsaw"), ("Kraków", "Europe/Warsaw")], ["pl", "en"],
     [("Zofia", SHE), ("Kacper", HE), ("Natalia", SHE), ("Michał", HE)],
     ["Nowak", "Wiśniewska", "Kowalczyk", "Zielińska", "Lewandowski"]),
    ("BR", [("São Paulo", "America/Sao_Paulo"), ("Rio de Janeiro", "America/Sao_Paulo"),
            ("Belo Horizonte", "America/Sao_Paulo")], ["pt"],
     [("Ana Clara", SHE), ("João", HE), ("Larissa", SHE), ("Rafael", HE), ("Camila", SHE),
      ("Thiago", HE)],
     ["Oliveira", "Santos", "Araújo", "Barbosa", "Ribeiro", "Nascimento"]),
    ("MX", [("Mexico City", "America/Mexico_City"), ("Guadalajara", "America/Mexico_City"),
            ("Oaxaca", "America/Mexico_City")], ["es"],
     [("Valeria", SHE), ("Emiliano", HE), ("Ximena", SHE), ("Santiago", HE), ("Renata", SHE)],
     ["Hernández", "Morales", "Cruz", "Vázquez", "Reyes", "Aguilar"]),
    ("CA", [("Toronto", "America/Toronto"), ("Vancouver", "America/Vancouver"),
            ("Montréal", "America/Toronto")], ["en", "fr"],
     [("Avery", THEY), ("Chloe", SHE), ("Ethan", HE), ("Simran", SHE), ("Liam", HE)],
     ["Tremblay", "Singh", "MacDonald", "Gagnon", "Wong", "Campbell"]),
    ("IN", [("Mumbai", "Asia/Kolkata"), ("Bengaluru", "Asia/Kolkata"),
            ("Delhi", "Asia/Kolkata")], ["en", "hi"],
     [("Ananya", SHE), ("Arjun", HE), ("Meera", SHE), ("Rohan", HE), ("Ishita", SHE),
      ("Kabir", HE)],
     ["Sharma", "Iyer", "Menon", "Kapoor", "Reddy", "Banerjee"]),
    ("JP", [("Tokyo", "Asia/Tokyo"), ("Osaka", "Asia/Tokyo"), ("Fukuoka", "Asia/Tokyo")],
     ["ja", "en"],
     [("Yui", SHE), ("Haruto", HE), ("Aoi", THEY), ("Sora", HE), ("Mei", SHE)],
     ["Tanaka", "Sato", "Nakamura", "Kobayashi", "Yamamoto"]),
    ("KR", [("Seoul", "Asia/Seoul"), ("Busan", "Asia/Seoul")], ["ko", "en"],
     [("Ji-woo", SHE), ("Min-jun", HE), ("Seo-yeon", SHE), ("Do-hyun", HE)],
     ["Kim", "Lee", "Choi", "Jung", "Kang"]),
    ("AU", [("Sydney", "Australia/Sydney"), ("Melbourne", "Australia/Melbourne"),
            ("Brisbane", "Australia/Brisbane"), ("Perth", "Australia/Perth")], ["en"],
     [("Matilda", SHE), ("Lachlan", HE), ("Isla", SHE), ("Cooper", HE), ("Zara", SHE)],
     ["Mitchell", "Nguyen", "O'Brien", "Kelly", "Harrison", "Papadopoulos"]),
    ("NG", [("Lagos", "Africa/Lagos"), ("Abuja", "Africa/Lagos")], ["en", "yo"],
     [("Adaeze", SHE), ("Tunde", HE), ("Chiamaka", SHE), ("Emeka", HE), ("Funmi", SHE)],
     ["Adeyemi", "Okonkwo", "Balogun", "Eze", "Olawale"]),
    ("KE", [("Nairobi", "Africa/Nairobi"), ("Mombasa", "Africa/Nairobi")], ["en", "sw"],
     [("Wanjiru", SHE), ("Otieno", HE), ("Akinyi", SHE), ("Kamau", HE)],
     ["Mwangi", "Odhiambo", "Njoroge", "Wambui"]),
]  # fmt: skip
# Bigger markets have more creators.
COUNTRY_WEIGHTS = {"US": 16, "GB": 12, "FR": 12, "DE": 9, "ES": 8, "IT": 6, "CA": 5, "AU": 5}
EUROZONE = {"FR", "DE", "ES", "IT", "NL", "PT"}

PLATFORM_WEIGHTS = [
    (Platform.INSTAGRAM, 50), (Platform.TIKTOK, 28), (Platform.YOUTUBE, 18), (Platform.BLOG, 6),
    (Platform.PODCAST, 5), (Platform.NEWSLETTER, 5), (Platform.X, 4), (Platform.TWITCH, 2),
    (Platform.LINKEDIN, 2),
]  # fmt: skip
PLATFORM_URLS = {
    Platform.INSTAGRAM: "https://www.instagram.com/{}/",
    Platform.TIKTOK: "https://www.tiktok.com/@{}",
    Platform.YOUTUBE: "https://www.youtube.com/@{}",
    Platform.X: "https://x.com/{}",
    Platform.TWITCH: "https://www.twitch.tv/{}",
    Platform.LINKEDIN: "https://www.linkedin.com/in/{}/",
}
PLATFORM_DELIVERABLES = {
    Platform.INSTAGRAM: [DeliverableType.INSTAGRAM_POST, DeliverableType.INSTAGRAM_REEL,
                         DeliverableType.INSTAGRAM_STORY],
    Platform.TIKTOK: [DeliverableType.TIKTOK_VIDEO],
    Platform.YOUTUBE: [DeliverableType.YOUTUBE_VIDEO, DeliverableType.YOUTUBE_SHORT],
    Platform.BLOG: [DeliverableType.BLOG_POST],
    Platform.PODCAST: [DeliverableType.PODCAST_MENTION],
    Platform.NEWSLETTER: [DeliverableType.NEWSLETTER_MENTION],
    Platform.TWITCH: [DeliverableType.LIVE_STREAM],
}  # fmt: skip
# Euros per thousand followers, roughly what creators quote.
RATE_PER_THOUSAND = {
    DeliverableType.INSTAGRAM_POST: 10, DeliverableType.INSTAGRAM_REEL: 14,
    DeliverableType.INSTAGRAM_STORY: 4, DeliverableType.TIKTOK_VIDEO: 9,
    DeliverableType.YOUTUBE_VIDEO: 25, DeliverableType.YOUTUBE_SHORT: 8,
    DeliverableType.BLOG_POST: 30, DeliverableType.PODCAST_MENTION: 20,
    DeliverableType.NEWSLETTER_MENTION: 22, DeliverableType.LIVE_STREAM: 12,
}  # fmt: skip
HANDLE_WORDS = {
    "Sustainable fashion": "wears", "Trail running": "runs", "Vegan baking": "bakes",
    "Zero waste living": "zerowaste", "Specialty coffee": "brews", "Urban gardening": "grows",
    "Budget travel": "roams", "Vintage thrifting": "thrifts", "Home fermentation": "ferments",
    "Natural skincare": "glows", "Bouldering": "climbs", "Cycling commutes": "rides",
    "Indie board games": "plays", "Slow living": "slowly", "Plant-based fitness": "lifts",
    "Modest fashion": "styles", "Film photography": "shoots", "Sourdough": "loaves",
    "Van life": "vanlife", "Wild swimming": "swims", "Parenting on a budget": "parents",
    "Repair and upcycling": "mends", "Tea culture": "steeps", "Beginner yoga": "flows",
    "Natural wine": "pours",
}  # fmt: skip
CAUSES = [
    "Fair pay for garment workers",
    "Access to the outdoors for everyone",
    "Animal welfare",
    "Cutting food waste",
    "Mental health without stigma",
    "Body neutrality",
    "Local, independent shops",
    "Climate action",
    "Disability visibility",
    "LGBTQ+ representation",
    "Honest sponsorship disclosure",
    "Second-hand first",
]
BACKGROUNDS = [
    "Started posting during a career break and never stopped.",
    "Former {job} who turned a side project into a full-time channel.",
    "Began with a blog in 2016; moved to video when the audience asked for it.",
    "Grew the account by answering every comment personally for the first two years.",
    "Came to it through a community club in {city}; still runs its weekend meet-ups.",
    "Trained as a {job}; the channel is where the professional and the personal meet.",
]
JOBS = ["teacher", "nurse", "architect", "pastry chef", "engineer", "journalist", "designer"]
AUDIENCES = [
    "Mostly 25 to 34, many in {country_name}; they save posts and come back with questions.",
    "A young audience (18 to 24) that comments a lot and shares to stories.",
    "Parents and professionals in their thirties and forties; fewer comments, loyal viewers.",
    "Beginners who want honest, step-by-step advice rather than polished perfection.",
    "A close community: a Discord and a monthly live Q&A.",
]
COUNTRY_NAMES = {
    "US": "the US", "GB": "the UK", "FR": "France", "DE": "Germany", "ES": "Spain",
    "IT": "Italy", "NL": "the Netherlands", "SE": "Sweden", "PT": "Portugal", "PL": "Poland",
    "BR": "Brazil", "MX": "Mexico", "CA": "Canada", "IN": "India", "JP": "Japan",
    "KR": "South Korea", "AU": "Australia", "NG": "Nigeria", "KE": "Kenya",
}  # fmt: skip
EMAIL_EVIDENCE = [
    "Business email on their Instagram profile",
    "They emailed us first after the spring newsletter",
    "Listed in their media kit for partnerships",
    "Asked us to email them when we met at a press day",
]
DM_EVIDENCE = [
    "They DM'd us after our giveaway",
    "Their bio says DMs are open for collaborations",
    "Replied to our story and asked us to write here",
]
DO_NOT_CONTACT_REASONS = [
    "Asked us to stop pitching: no longer works with brands.",
    "Said no to all gifting after a courier left a parcel out in the rain.",
    "On a long break from social media; asked for no contact until further notice.",
    "Signed an exclusive deal with a competitor for two years.",
]
CAMPAIGNS = ["spring launch", "refill range", "autumn capsule", "city pop-up", "holiday box"]
AGENCIES = ["Northlight Talent", "Bright Room Agency", "Kindred Creators", "Field & Frame"]

STAGE_WEIGHTS = [
    (Stage.PROSPECT, 38), (Stage.AWARE, 28), (Stage.ENGAGED, 15), (Stage.COLLABORATING, 13),
    (Stage.AMBASSADOR, 6),
]  # fmt: skip
# A relationship as it usually unfolds: (kind, direction, channel, summary, sentiment). MAIN is
# the person's usual channel (email when we have an address, else Instagram DMs).
MAIN = "main"
K, D, S = InteractionKind, Direction, Sentiment
STEPS = [
    (K.NOTE, D.INTERNAL, "", "Spotted through their {topic} posts; a fit for the {campaign}", ""),
    (K.PITCH, D.OUTBOUND, MAIN, "Pitched the {campaign}, {topic} angle", ""),
    (K.REPLY, D.INBOUND, MAIN, "Replied: interested, asked for the brief and timing", S.POSITIVE),
    (K.EMAIL, D.OUTBOUND, MAIN, "Sent the brief and two date options", ""),
    (K.CALL, D.OUTBOUND, Channel.PHONE, "Intro call: their audience, what they won't promote",
     S.POSITIVE),
    (K.GIFT, D.OUTBOUND, "", "Sent the starter kit, no strings attached", ""),
    (K.DM, D.INBOUND, MAIN, "Thanked us for the kit; loved the refill packaging", S.POSITIVE),
    (K.DM, D.OUTBOUND, MAIN, "Glad it arrived; asked what they would change", ""),
    (K.MEETING, D.OUTBOUND, Channel.IN_PERSON,
     "Coffee in {city}: co-created the story for the {campaign}", S.POSITIVE),
    (K.CONTRACT, D.OUTBOUND, MAIN, "Sent the agreement: one reel, usage rights for 3 months", ""),
    (K.CONTENT, D.INBOUND, "", "Published their {campaign} piece; warm comments", S.POSITIVE),
    (K.PAYMENT, D.OUTBOUND, "", "Paid the invoice, on time", ""),
    (K.EMAIL, D.INBOUND, MAIN, "Shared the results and ideas for next season", S.POSITIVE),
    (K.EMAIL, D.OUTBOUND, MAIN, "Thanked them; proposed a long-term partnership", ""),
    (K.EVENT, D.OUTBOUND, Channel.IN_PERSON, "Came to our community breakfast", S.POSITIVE),
    (K.NOTE, D.INTERNAL, "", "Prefers mornings; never schedule shoots on Sundays", ""),
]  # fmt: skip
FOLLOW_UP = (K.FOLLOW_UP, D.OUTBOUND, MAIN, "One polite follow-up on the pitch", "")
THANKS = (K.EMAIL, D.OUTBOUND, MAIN, "Answered and thanked them", "")
WAITING = [
    (K.EMAIL, D.INBOUND, MAIN, "Asked whether the autumn dates still work", S.NEUTRAL),
    (K.EMAIL, D.INBOUND, MAIN, "Sent their rate card and a question on usage rights", S.NEUTRAL),
    (K.DM, D.INBOUND, MAIN, "Asked for a second kit for a giveaway", S.POSITIVE),
    (K.REPLY, D.INBOUND, MAIN, "Would we join their charity live stream?", S.POSITIVE),
]
# What a long partnership adds, in no particular order.
LATER = [
    (K.CALL, D.OUTBOUND, Channel.PHONE, "Quarterly check-in call: plans for the next season",
     S.POSITIVE),
    (K.GIFT, D.OUTBOUND, "", "Sent the new season's samples", ""),
    (K.EMAIL, D.OUTBOUND, MAIN, "Asked for their feedback on the new formula", ""),
    (K.EMAIL, D.INBOUND, MAIN, "Detailed feedback on the new formula, with photos", S.POSITIVE),
    (K.CONTENT, D.INBOUND, "", "Mentioned our refill stations in a story, unpaid", S.POSITIVE),
    (K.MEETING, D.OUTBOUND, Channel.IN_PERSON, "Planned the {campaign} shoot together",
     S.POSITIVE),
    (K.PAYMENT, D.OUTBOUND, "", "Paid the quarterly ambassador fee", ""),
    (K.NOTE, D.INTERNAL, "", "Their audience asked for {topic} tips: idea for a joint guide", ""),
    (K.EVENT, D.OUTBOUND, Channel.IN_PERSON, "Hosted a workshop at our {city} pop-up",
     S.POSITIVE),
    (K.DM, D.INBOUND, MAIN, "Sent a voice note: loved the workshop crowd", S.POSITIVE),
]  # fmt: skip
# A partnership drifting towards "at risk" (contacts.health): the last real exchange, a
# complaint, is over five months old, and since then we only pitched, once off-topic and once
# past the cooldown, with no answer. (days ago, entry, respect facts); no randomness, so the
# other people's stories stay as they were.
DRIFTING = [
    (166, (K.EMAIL, D.INBOUND, MAIN, "Unhappy the last invoice was paid six weeks late",
           S.NEGATIVE), {}),
    (165, (K.EMAIL, D.OUTBOUND, MAIN, "Apologised for the late payment", ""), {}),
    (70, (K.PITCH, D.OUTBOUND, MAIN, "Pitched the {campaign} again, {topic} angle", ""), {}),
    (58, (K.FOLLOW_UP, D.OUTBOUND, MAIN, "Followed up on the pitch", ""),
     {"contact_rule_overridden": True}),
    (24, (K.PITCH, D.OUTBOUND, MAIN, "Pitched the city pop-up, a lifestyle angle", ""),
     {"off_topic": True}),
]  # fmt: skip
DRIFTING_QUIET_DAYS = 175  # the rest of their history ends before the complaint
NEVER = datetime.max.replace(tzinfo=UTC)
HEALTH_HISTORY_DAYS = 90

# How far back the relationship goes and how many timeline entries it has, per stage.
HISTORY = {
    Stage.PROSPECT: (120, (0, 2)),
    Stage.AWARE: (300, (2, 5)),
    Stage.ENGAGED: (400, (5, 10)),
    Stage.COLLABORATING: (550, (9, 16)),
    Stage.AMBASSADOR: (730, (16, 26)),
}


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _slug(text: str) -> str:
    """ "Michał Wiśniewska" -> "michalwisniewska": handles and domains are plain ASCII."""
    plain = name_key(text).replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    return "".join(char for char in plain if char.isascii() and char.isalnum())


@dataclass
class _Person:
    influencer: Influencer
    topics: list[str]
    accounts: list[SocialAccount] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    events: list[Interaction] = field(default_factory=list)


class _Builder:
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
        self.people: list[_Person] = []
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
        first, last = _slug(name.split(" ")[0]), _slug(name.split(" ", 1)[1])
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

    def person(self, index: int) -> _Person:
        rng = self.rng
        weights = [COUNTRY_WEIGHTS.get(country[0], 3) for country in COUNTRIES]
        code, cities, languages, firsts, lasts = rng.choices(COUNTRIES, weights=weights)[0]
        city, zone = rng.choice(cities)
        name, pronouns = self._name(firsts, lasts)
        topics = rng.sample(TOPICS, k=rng.choice([1, 2, 2, 3]))
        stage = _weighted(rng, STAGE_WEIGHTS)
        owner = _weighted(rng, self.owners)
        team = _weighted(
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
        person = _Person(influencer=influencer, topics=topics)
        self._accounts(person)
        self._profile_extras(person)
        return person

    def _accounts(self, person: _Person) -> None:
        rng, influencer = self.rng, person.influencer
        count = rng.choices([1, 2, 3], weights=[45, 38, 17])[0]
        platforms = []
        while len(platforms) < count:
            platform = _weighted(rng, PLATFORM_WEIGHTS)
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

    def _profile_extras(self, person: _Person) -> None:
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
            influencer.agent_email = f"partnerships@{_slug(agency)}.example"
        if influencer.stage in {Stage.COLLABORATING, Stage.AMBASSADOR}:
            influencer.shipping_address = f"c/o Studio, {influencer.location}"

    # --- what happened between us ---

    def timeline(self, person: _Person, unanswered: bool, drifting: bool = False) -> None:
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
            occurred_at = min(moment, self.now - timedelta(minutes=30))
            if kind == InteractionKind.DM:
                channel = Channel.INSTAGRAM_DM
            self.record(
                person,
                kind=kind,
                direction=direction,
                channel=main if channel == MAIN else channel,
                summary=summary.format(**context),
                sentiment=sentiment,
                occurred_at=occurred_at,
                author=None if direction == Direction.INBOUND else author,
            )
        if drifting:
            self._drift(person, context, main, author)

    def _drift(self, person: _Person, context: dict, main: str, author: User) -> None:
        """DRIFTING after their history, at eleven in the morning of each day."""
        for days_ago, (kind, direction, channel, summary, sentiment), facts in DRIFTING:
            moment = (self.now - timedelta(days=days_ago)).astimezone(self.workspace.zone)
            self.record(
                person,
                kind=kind,
                direction=direction,
                channel=main if channel == MAIN else channel,
                summary=summary.format(**context),
                sentiment=sentiment,
                occurred_at=moment.replace(hour=11, minute=0, second=0, microsecond=0),
                author=None if direction == Direction.INBOUND else author,
                **facts,
            )

    def record(self, person: _Person, *, occurred_at: datetime, **fields) -> None:
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

    def commitments(self, person: _Person) -> list[Commitment]:
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


def _already_there(workspace: Workspace) -> bool:
    marker = uuid.uuid5(workspace.public_id, "demo:influencer:0")
    return Influencer.objects.filter(workspace=workspace, public_id=marker).exists()


@transaction.atomic
def create_demo_data(*, workspace: Workspace, users: dict[str, User], stdout) -> None:
    """About 200 influencers with accounts, metric history, rates, open channels, timelines
    and commitments, plus a few likely duplicates to merge. Creates nothing on a second run."""
    if _already_there(workspace):
        stdout.write("demo influencers already there")
        return
    now = timezone.now()
    builder = _Builder(workspace=workspace, users=users, now=now)
    rng = builder.rng
    topics = {topic.name: topic for topic in topics_ensure(workspace=workspace, names=TOPICS)}

    people = [builder.person(index) for index in range(INFLUENCER_COUNT)]
    waiting = {
        position
        for position, person in enumerate(people)
        if position % 9 == 4 and person.influencer.stage != Stage.PROSPECT
    }
    partners = [
        position
        for position, person in enumerate(people)
        if person.influencer.stage in {Stage.ENGAGED, Stage.COLLABORATING}
        and position not in waiting
    ]
    drifting = set(partners[2::9])
    for position, person in enumerate(people):
        builder.timeline(person, unanswered=position in waiting, drifting=position in drifting)
    dnc = [p for p in people if p.influencer.stage in {Stage.PROSPECT, Stage.AWARE}][3::37][:4]
    for person, reason in zip(dnc, DO_NOT_CONTACT_REASONS, strict=False):
        influencer = person.influencer
        last = person.events[-1].occurred_at if person.events else influencer.created_at
        since = min(last + timedelta(days=rng.randint(1, 20)), now - timedelta(days=1))
        influencer.do_not_contact = True
        influencer.do_not_contact_reason = reason
        influencer.do_not_contact_since = since
        influencer.do_not_contact_by = influencer.owner or builder.admin
        # As contacts.services.do_not_contact_set writes it on the timeline.
        builder.record(
            person,
            kind=InteractionKind.DO_NOT_CONTACT,
            direction=Direction.INTERNAL,
            summary=f"Do not contact: {reason}",
            occurred_at=since,
            author=influencer.do_not_contact_by,
        )
    for person in people[7::41]:
        person.influencer.do_not_disturb_until = builder.today + timedelta(days=rng.randint(5, 21))
    duplicates = _likely_duplicates(builder, people)
    people += duplicates

    Influencer.objects.bulk_create([person.influencer for person in people])
    person_topics = Influencer.topics.through
    person_topics.objects.bulk_create(
        person_topics(influencer=person.influencer, topic=topics[name])
        for person in people
        for name in person.topics
    )
    accounts = [account for person in people for account in person.accounts]
    SocialAccount.objects.bulk_create(accounts)
    MetricSnapshot.objects.bulk_create(_snapshots(builder, accounts), batch_size=5_000)
    InfluencerEmail.objects.bulk_create(
        InfluencerEmail(
            workspace=workspace,
            influencer=person.influencer,
            email=address,
            is_primary=position == 0,
            created_at=person.influencer.created_at,
        )
        for person in people
        for position, address in enumerate(person.emails)
    )
    RateCard.objects.bulk_create(_rates(builder, people))
    ChannelPermission.objects.bulk_create(_channels(builder, people))
    Interaction.objects.bulk_create(
        [event for person in people for event in person.events], batch_size=2_000
    )
    Commitment.objects.bulk_create(
        [row for person in people for row in builder.commitments(person)]
        + _payments(builder, people)
    )
    _lists(builder, people)

    for person in people:
        influencer_refresh_last_contact(influencer=person.influencer, now=now)
    _search_documents(people)
    stdout.write(
        f"demo influencers: {len(people)} with {len(accounts)} social accounts and "
        f"{len(builder.events)} timeline entries"
    )


def finish_demo_data(*, workspace: Workspace, stdout) -> None:
    """Once every app's demo rows exist: 90 days of health history, rebuilt from the timeline
    as it stood each day (one statement a day for everyone), so the dashboard's trend and the
    profiles' sparklines have a past. Nothing to do when that history is already there."""
    now = timezone.now()
    first_day = health_day(now) - timedelta(days=HEALTH_HISTORY_DAYS)
    if HealthSnapshot.objects.filter(workspace=workspace, day=first_day).exists():
        stdout.write("demo health history already there")
        return
    people = list(
        Influencer.objects.filter(workspace=workspace, erased_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    health_backfill(influencer_ids=people, days=HEALTH_HISTORY_DAYS, now=now)
    bands = Counter(Influencer.objects.filter(pk__in=people).values_list("health_band", flat=True))
    summary = ", ".join(
        f"{count} {HealthBand(band).label.lower()}"
        for band, count in sorted(bands.items(), key=lambda item: HealthBand.values.index(item[0]))
    )
    stdout.write(f"demo health: {HEALTH_HISTORY_DAYS} days of history; today {summary}")


def _likely_duplicates(builder: _Builder, people: list[_Person]) -> list[_Person]:
    """Second profiles of a few people, as imports and busy teammates create them: the name
    typed without accents, an initial for the last name, the same website."""
    rng, made, chosen = builder.rng, [], []

    def pick(test) -> _Person:
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
        person = _Person(influencer=twin, topics=original.topics[:1])
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


def _snapshots(builder: _Builder, accounts: list[SocialAccount]) -> list[MetricSnapshot]:
    """Weekly followers for six months, growing towards today's count with some noise. Today's
    snapshot is the account as it stands (the trend ends where the accounts table does), and
    an account with no engagement rate has none in its history either."""
    rng, rows = builder.rng, []
    for account in accounts:
        growth = rng.uniform(-0.05, 0.45)
        start = account.followers / (1 + growth)
        for week in range(SNAPSHOT_WEEKS, -1, -1):
            progress = 1 - week / SNAPSHOT_WEEKS
            noise = 1 + rng.gauss(0, 0.01) if week else 1
            # Drawn every week, today's included, so the rest of the demo stays as it was.
            drawn = Decimal(f"{rng.gauss(0, 0.25):.2f}")
            wobble = drawn if week else Decimal(0)
            engagement = account.engagement_rate
            if engagement is not None:
                engagement = max(Decimal("0.10"), engagement + wobble)
            rows.append(
                MetricSnapshot(
                    social_account=account,
                    captured_on=builder.today - timedelta(weeks=week),
                    followers=max(0, int((start + (account.followers - start) * progress) * noise)),
                    engagement_rate=engagement,
                )
            )
    return rows


def _rates(builder: _Builder, people: list[_Person]) -> list[RateCard]:
    rng, rows = builder.rng, []
    for person in people:
        influencer = person.influencer
        if influencer.total_followers < 8_000 or rng.random() < 0.3:
            continue
        currency = (
            "EUR"
            if influencer.country in EUROZONE
            else "GBP"
            if influencer.country == "GB"
            else "USD"
        )
        for account in person.accounts[:2]:
            for deliverable in PLATFORM_DELIVERABLES.get(account.platform, [])[:2]:
                amount = account.followers / 1000 * RATE_PER_THOUSAND[deliverable]
                amount = max(50, round(amount * rng.uniform(0.7, 1.3) / 50) * 50)
                rows.append(
                    RateCard(
                        public_id=builder.public_id("rate", len(rows)),
                        workspace=builder.workspace,
                        influencer=influencer,
                        deliverable_type=deliverable,
                        amount=Decimal(amount),
                        currency=currency,
                        notes=rng.choice(["", "", "Usage rights 3 months included", "Excl. VAT"]),
                        updated_at=builder.now - timedelta(days=rng.randint(10, 300)),
                    )
                )
    return rows


def _channels(builder: _Builder, people: list[_Person]) -> list[ChannelPermission]:
    """Open doors with their evidence: email for most who have one, DMs for some."""
    rng, rows = builder.rng, []
    for person in people:
        influencer = person.influencer
        since = influencer.created_at + timedelta(days=1)
        recorder = influencer.owner or builder.admin
        if person.emails and rng.random() < 0.8:
            rows.append(
                ChannelPermission(
                    workspace=builder.workspace,
                    influencer=influencer,
                    channel=Channel.EMAIL,
                    is_open=True,
                    since=since,
                    evidence=rng.choice(EMAIL_EVIDENCE),
                    recorded_by=recorder,
                    recorded_at=since,
                )
            )
        has_instagram = any(a.platform == Platform.INSTAGRAM for a in person.accounts)
        if has_instagram and rng.random() < 0.45:
            closed = rng.random() < 0.1
            rows.append(
                ChannelPermission(
                    workspace=builder.workspace,
                    influencer=influencer,
                    channel=Channel.INSTAGRAM_DM,
                    is_open=not closed,
                    since=since,
                    evidence="Asked us not to DM: prefers email"
                    if closed
                    else rng.choice(DM_EVIDENCE),
                    recorded_by=recorder,
                    recorded_at=since,
                )
            )
        if influencer.agent_email and rng.random() < 0.7:
            rows.append(
                ChannelPermission(
                    workspace=builder.workspace,
                    influencer=influencer,
                    channel=Channel.AGENT_EMAIL,
                    is_open=True,
                    since=since,
                    evidence="Their agent asked to be the first contact for paid work",
                    recorded_by=recorder,
                    recorded_at=since,
                )
            )
    for position, row in enumerate(rows):
        row.public_id = builder.public_id("channel", position)
    return rows


def _payments(builder: _Builder, people: list[_Person]) -> list[Commitment]:
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


def _lists(builder: _Builder, people: list[_Person]) -> None:
    manager = builder.owners[1][0]
    wanted = {
        "Spring launch shortlist": (
            "Creators who fit the spring launch story.",
            "Sustainable fashion",
        ),
        "Outdoor season": ("Runners, swimmers and climbers for the summer range.", "Trail running"),
    }
    for name, (description, topic) in wanted.items():
        if InfluencerList.objects.filter(workspace=builder.workspace, name__iexact=name).exists():
            continue
        shortlist = InfluencerList.objects.create(
            workspace=builder.workspace, name=name, description=description, created_by=manager
        )
        members = [p for p in people if topic in p.topics and not p.influencer.do_not_contact]
        ListEntry.objects.bulk_create(
            ListEntry(influencer_list=shortlist, influencer=p.influencer, added_by=manager)
            for p in members[:12]
        )


def _search_documents(people: list[_Person]) -> None:
    """The same document contacts.services.influencer_refresh_search builds, for everyone in
    one statement."""
    ids, documents = [], []
    for person in people:
        influencer = person.influencer
        ids.append(influencer.pk)
        documents.append(
            search.document(
                influencer.name,
                " ".join(account.handle for account in person.accounts),
                " ".join(address.split("@")[0] for address in person.emails),
                influencer.bio,
                " ".join(person.topics),
                influencer.location,
                influencer.agent_name,
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE contacts_influencer AS i SET search_vector = to_tsvector('simple', d.doc) "
            "FROM unnest(%s::bigint[], %s::text[]) AS d(id, doc) WHERE i.id = d.id",
            [ids, documents],
        )
