"""The made-up world the demo's stories draw from (contacts.demo): topics, countries with their
cities, names and languages, platforms, rates, the words of bios and evidence, the steps a
relationship usually takes and the drifting partnership's, how far back each stage goes.
Nothing real: names are random pairs of common first and last names. Also the seeded choices
every story uses (weighted, slug) and the Person each story fills in (people.py makes them,
timeline.py and records.py add to them).
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from contacts.models import (
    Channel,
    DeliverableType,
    Direction,
    Influencer,
    Interaction,
    InteractionKind,
    Platform,
    Sentiment,
    SocialAccount,
    Stage,
)
from contacts.selectors.duplicates import name_key

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


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def slug(text: str) -> str:
    """ "Michał Wiśniewska" -> "michalwisniewska": handles and domains are plain ASCII."""
    plain = name_key(text).replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    return "".join(char for char in plain if char.isascii() and char.isalnum())


@dataclass
class Person:
    influencer: Influencer
    topics: list[str]
    accounts: list[SocialAccount] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    events: list[Interaction] = field(default_factory=list)
