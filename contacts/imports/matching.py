"""From rows to decisions: combine the rows of one file that describe the same person, match
each person against the workspace, and decide (create, update, unchanged or error)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower

import contacts.imports.columns  # noqa: F401  (the in_array lookup)
from contacts.imports.csvfile import CsvFile
from contacts.imports.rows import Person, RowError, person_from_row
from contacts.models import Influencer, InfluencerEmail, Platform, SocialAccount
from irm.access import may_create_influencer, may_edit_influencer
from irm.models import Membership, Role, User, Workspace

# Keys looked up per query when matching (keeps IN lists and memory small on big files).
LOOKUP_CHUNK = 2000


# --- the plan: rows -> people, shared by the dry run and the run ----------------------------


@dataclass(slots=True)
class Rejected:
    line: int
    cells: list[str]
    reason: str


@dataclass(slots=True)
class Planned:
    """One person of the file: the rows that describe them, combined."""

    person: Person
    rows: list[tuple[int, list[str]]]
    combined_by: str = ""  # the shared email or handle, when several rows were combined


def _describe_key(key: tuple[str, str]) -> str:
    kind, value = key
    if kind == "email":
        return value
    if kind == "name":
        return f"the name “{value}”"
    return f"{Platform(kind).label} @{value}"


def plan(
    *, csv_file: CsvFile, mapping: dict[str, str], keep_cells: bool = True
) -> list[Planned | Rejected]:
    """Every row as a person or a rejected row; rows that share an email or a handle become
    one person. Ordered by the line where each starts, so progress follows the file.
    `keep_cells=False`: a person's rows keep their lines only, with () for their cells, and
    csv_file.rows is emptied as it is read (the run, which holds the whole plan: it reads the
    cells of the few rows it rejects again)."""
    people: list[Person] = []
    rows_of: list[list[tuple[int, list[str]]]] = []
    items: list[tuple[int, Planned | Rejected | int]] = []
    parent: list[int] = []
    owner_of_key: dict[tuple[str, str], int] = {}
    shared_key: dict[int, tuple[str, str]] = {}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for position, (line, cells) in enumerate(csv_file.rows):
        if not keep_cells:
            csv_file.rows[position] = None  # each row's cells go as its person comes
        try:
            person = person_from_row(
                line=line, cells=cells, headers=csv_file.headers, mapping=mapping
            )
        except RowError as error:
            items.append((line, Rejected(line, cells, str(error))))
            continue
        index = len(people)
        people.append(person)
        rows_of.append([(line, cells if keep_cells else ())])
        parent.append(index)
        for key in person.match_keys():
            if key in owner_of_key:
                mine, theirs = root(index), root(owner_of_key[key])
                if mine != theirs:
                    first, second = sorted((mine, theirs))
                    parent[second] = first
                    shared_key.setdefault(first, key)
            else:
                owner_of_key[key] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(people)):
        groups.setdefault(root(index), []).append(index)
    for head, members in groups.items():
        person = people[members[0]]
        rows = list(rows_of[members[0]])
        for other in members[1:]:
            person.absorb(people[other])
            rows += rows_of[other]
        combined_by = _describe_key(shared_key[head]) if len(members) > 1 else ""
        items.append((rows[0][0], Planned(person, rows, combined_by)))
    items.sort(key=lambda item: item[0])
    return [item for _, item in items]


# --- matching people against the workspace ---------------------------------------------------


def chunks(values: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def match(*, workspace: Workspace, people: list[Person]) -> list[dict[int, str]]:
    """For each person, the influencers they match: id -> how ("ana@x.com", "Instagram @ana").
    By any normalized email or handle; people with neither match by their exact name."""
    by_email: dict[str, int] = {}
    emails = sorted({address for person in people for address in person.emails})
    for chunk in chunks(emails):
        rows = (
            InfluencerEmail.objects.annotate(address=Lower("email"))
            .filter(workspace=workspace, address__in_array=chunk)
            .values_list("address", "influencer_id")
        )
        by_email.update(rows)
    by_handle: dict[tuple[str, str], int] = {}
    handles = sorted({key for person in people for key in person.accounts})
    for chunk in chunks(handles):
        wanted: dict[str, list[str]] = {}
        for platform, handle in chunk:
            wanted.setdefault(platform, []).append(handle)
        condition = Q()
        for platform, platform_handles in wanted.items():
            condition |= Q(platform=platform, handle__in_array=platform_handles)
        rows = SocialAccount.objects.filter(condition, workspace=workspace).values_list(
            "platform", "handle", "influencer_id"
        )
        by_handle.update({(platform, handle): pk for platform, handle, pk in rows})
    by_name: dict[str, list[int]] = {}
    names = sorted({p.name.lower() for p in people if not p.emails and not p.accounts})
    for chunk in chunks(names):
        rows = (
            Influencer.objects.annotate(lower_name=Lower("name"))
            .filter(workspace=workspace, erased_at__isnull=True, lower_name__in_array=chunk)
            .values_list("lower_name", "id")
        )
        for name, pk in rows:
            by_name.setdefault(name, []).append(pk)
    matches = []
    for person in people:
        found: dict[int, str] = {}
        for address in person.emails:
            if address in by_email:
                found.setdefault(by_email[address], address)
        for key in person.accounts:
            if key in by_handle:
                found.setdefault(by_handle[key], _describe_key(key))
        if not person.emails and not person.accounts:
            for pk in by_name.get(person.name.lower(), []):
                found[pk] = f"the name “{person.name}”"
        matches.append(found)
    return matches


@dataclass
class Existing:
    """A matched influencer and what a comparison needs: their emails, accounts and topics."""

    influencer: Influencer
    emails: set[str] = field(default_factory=set)
    accounts: dict[tuple[str, str], int | None] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    # (platform, handle) -> (the account's id, its engagement rate): what the run's writer
    # needs to update an account and record its snapshot.
    account_rows: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    # Their addresses as stored, with the primary flag: the writer's search document.
    email_rows: list[tuple[str, bool]] = field(default_factory=list)


def existing_influencers(ids: Iterable[int], *, lock: bool = False) -> dict[int, Existing]:
    """The matched influencers, four queries per thousand. Plain values rather than prefetched
    related objects: a re-import compares every row, and that is five times faster. `lock`:
    the run holds them (select_for_update) from its decision to its writes."""
    found: dict[int, Existing] = {}
    for chunk in chunks(sorted(set(ids)), 1000):
        rows = Influencer.objects.filter(pk__in_array=chunk).defer("search_vector")
        if lock:
            rows = rows.select_for_update(of=("self",)).order_by("pk")
        found.update({row.pk: Existing(row) for row in rows})
        emails = InfluencerEmail.objects.filter(influencer_id__in_array=chunk)
        for pk, address, primary in emails.values_list("influencer_id", "email", "is_primary"):
            found[pk].emails.add(address.lower())
            found[pk].email_rows.append((address, primary))
        accounts = SocialAccount.objects.filter(influencer_id__in_array=chunk)
        for pk, account_id, platform, handle, followers, rate in accounts.values_list(
            "influencer_id", "id", "platform", "handle", "followers", "engagement_rate"
        ):
            found[pk].accounts[(platform, handle)] = followers
            found[pk].account_rows[(platform, handle)] = (account_id, rate)
        topics = Influencer.topics.through.objects.filter(influencer_id__in_array=chunk)
        for pk, name in topics.order_by("topic__name").values_list("influencer_id", "topic__name"):
            found[pk].topics.append(name)
    return found


@dataclass
class Decision:
    action: str  # "create", "update", "unchanged" or "error"
    reason: str = ""
    influencer: Influencer | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    new_emails: list[str] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)
    topics: list[str] | None = None  # the full list to set, when it grows

    def changed(self) -> list[str]:
        """What an update changes, in words for the dry run."""
        words = [Influencer._meta.get_field(name).verbose_name for name in self.changes]
        words += [f"email {address}" for address in self.new_emails]
        for account in self.accounts:
            label = Platform(account["platform"]).label
            words.append(f"{label} @{account['handle']}")
        if self.topics is not None:
            words.append("topics")
        return words


def decide(*, person: Person, matched: dict[int, str], existing: dict[int, Existing]) -> Decision:
    """Create, update (with exactly what changes), leave unchanged, or refuse the person."""
    if len(matched) > 1:
        described = []
        for pk, how in matched.items():
            who = f"“{existing[pk].influencer.name}”" if pk in existing else "another influencer"
            described.append(f"{who} (by {how})")
        if all(how.startswith("the name") for how in matched.values()):
            return Decision(
                "error",
                f"Several influencers are named “{person.name}”: add an email or a handle to say "
                "which one this is.",
            )
        return Decision(
            "error",
            "Matches two different influencers: "
            + " and ".join(described)
            + ". Merge them first, or fix this row.",
        )
    if not matched:
        if not person.name:
            return Decision(
                "error", "No name, and no influencer has this email or handle to update."
            )
        accounts = [
            {"platform": platform, "handle": handle, "followers": followers}
            for (platform, handle), followers in person.accounts.items()
        ]
        return Decision("create", accounts=accounts)
    current = existing[next(iter(matched))]
    influencer = current.influencer
    if influencer.erased_at is not None:
        return Decision("error", "This email or handle belonged to a profile that was erased.")
    decision = Decision("unchanged", influencer=influencer)
    # Filled cells replace what is stored, empty ones change nothing. Their name stays: a
    # spreadsheet's "Ada S." must not rename a profile someone curated (and a name match would
    # otherwise rewrite its own key).
    profile = dict(person.profile)
    set_by_someone = not influencer.time_zone_guessed and (
        influencer.time_zone != Influencer._meta.get_field("time_zone").default
    )
    if profile.get("time_zone_guessed") and set_by_someone:
        # A zone someone set stays: a guess only fills the default one.
        del profile["time_zone"], profile["time_zone_guessed"]
    for name, value in profile.items():
        if getattr(influencer, name) != value:
            decision.changes[name] = value
    if person.languages:
        languages = sorted(set(influencer.languages) | set(person.languages))
        if languages != sorted(influencer.languages):
            decision.changes["languages"] = languages
    decision.new_emails = [address for address in person.emails if address not in current.emails]
    for key, followers in person.accounts.items():
        # An account they have with an unknown count (None) is still theirs: only a count the
        # file knows, and a different one, updates it.
        if key not in current.accounts or (
            followers is not None and followers != current.accounts[key]
        ):
            platform, handle = key
            decision.accounts.append(
                {"platform": platform, "handle": handle, "followers": followers}
            )
    known_topics = {name.lower() for name in current.topics}
    new_topics = [topic for topic in person.topics if topic.lower() not in known_topics]
    if new_topics:
        decision.topics = current.topics + new_topics
    if decision.changes or decision.new_emails or decision.accounts or decision.topics:
        decision.action = "update"
    return decision


NO_LONGER_A_MEMBER = (
    "Whoever started this import is no longer a member of this workspace: someone who is may "
    "import the file again."
)


def refusal(decision: Decision, importer: Membership | None, owner: User | None) -> str:
    """Why the importer may not write this person (irm.access, as on the pages), or "".
    A row that would only confirm what is stored changes nothing and needs no right."""
    if decision.action not in ("create", "update"):
        return ""
    if importer is None:
        return NO_LONGER_A_MEMBER
    if decision.action == "create":
        if may_create_influencer(membership=importer, owner=owner, team=None):
            return ""
        return f"Your role ({importer.get_role_display()}) may not add influencers."
    influencer = decision.influencer
    if may_edit_influencer(membership=importer, influencer=influencer):
        return ""
    if not importer.may(Role.MEMBER):
        return f"Your role ({importer.get_role_display()}) may not change influencers."
    whose = "another team" if influencer.team_id is not None else "another member"
    return f"Owned by {whose}: a manager may import changes to it."
