"""From rows to decisions: combine the rows of one file that describe the same person, match
each person against the workspace, and decide (create, update, unchanged or error), with what
every chunk of one run shares (RunContext) and what happened to each person (Outcome).

Private to the import services (contacts.services.imports and imports_writer), not a selector:
its reads serve the dry run and the run alone, and the run's (existing_influencers with
lock=True) lock the rows it is about to write inside the chunk's transaction.
"""

import marshal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower

import contacts.imports.columns  # noqa: F401  (the in_array lookup)
from contacts.imports.csvfile import CsvFile
from contacts.imports.rows import Person, RowError, person_from_row
from contacts.models import Influencer, InfluencerEmail, Platform, SocialAccount
from contacts.services import suppression
from irm.access import may_create_influencer, may_edit_influencer
from irm.models import Membership, Role, Team, User, Workspace

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


# What the plan keeps of each person until their chunk comes: the person packed (marshal: one
# bytes object, which the cycle collector never walks), their rows' lines (an int for a row of
# its own), and the key that combined them. A hundred thousand Person objects with their lists
# and dicts took a hundred megabytes; packed they take a quarter of it.
_Packed = tuple[bytes, int | tuple[tuple[int, Any], ...], str]


def _pack(person: Person) -> bytes:
    return marshal.dumps(
        (
            person.lines,
            person.name,
            person.emails,
            person.accounts,
            person.topics,
            person.languages,
            person.profile,
            person.followers_to,
        )
    )


def _unpack(packed: bytes) -> Person:
    return Person(*marshal.loads(packed))


class Plan:
    """The file's people and rejected rows, ordered by the line where each starts (so progress
    follows the file). Iterating gives each as a Planned (its person unpacked anew, for its
    chunk only) or a Rejected; `rows` is the number of rows read."""

    def __init__(self, entries: list["_Packed | Rejected"], rows: int):
        self.entries = entries
        self.rows = rows

    def __iter__(self) -> Iterator[Planned | Rejected]:
        for entry in self.entries:
            if isinstance(entry, Rejected):
                yield entry
                continue
            packed, rows, combined_by = entry
            if isinstance(rows, int):
                rows = ((rows, ()),)
            yield Planned(_unpack(packed), list(rows), combined_by)

    def combined_rows(self) -> int:
        """Rows that joined the row where their person starts."""
        return sum(
            len(entry[1]) - 1
            for entry in self.entries
            if not isinstance(entry, Rejected) and not isinstance(entry[1], int)
        )


def _key_text(key: tuple[str, str]) -> str:
    """A match key as one string (a tuple of two costs three objects per key)."""
    return f"{key[0]}\x1f{key[1]}"


def plan(*, csv_file: CsvFile, mapping: dict[str, str], keep_cells: bool = True) -> Plan:
    """Every row as a person or a rejected row; rows that share an email or a handle become
    one person. Reads csv_file.rows once, as they come (a list, or an iterator over the file:
    no row's cells are held after its person is read). `keep_cells=False`: a person's rows keep
    their lines only, with () for their cells (the run reads the cells of the few rows it
    rejects again; the dry run shows lines only)."""
    # In file order: each row's packed person, or its Rejected. Person i is the i-th packed.
    entries: list[bytes | Rejected] = []
    lines: list[int] = []  # person -> their line
    cells_of: list[Any] = []  # person -> their cells (keep_cells)
    parent: list[int] = []
    owner_of_key: dict[str, int] = {}
    shared_key: dict[int, tuple[str, str]] = {}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    rows = 0
    for line, cells in csv_file.rows:
        rows += 1
        try:
            person = person_from_row(
                line=line, cells=cells, headers=csv_file.headers, mapping=mapping
            )
        except RowError as error:
            entries.append(Rejected(line, cells, str(error)))
            continue
        index = len(lines)
        entries.append(_pack(person))
        lines.append(line)
        if keep_cells:
            cells_of.append(cells)
        parent.append(index)
        for key in person.match_keys():
            text = _key_text(key)
            owner = owner_of_key.setdefault(text, index)
            if owner != index:
                mine, theirs = root(index), root(owner)
                if mine != theirs:
                    # The group's root is always its first person (the smallest index).
                    first, second = sorted((mine, theirs))
                    parent[second] = first
                    shared_key.setdefault(first, key)
    del owner_of_key
    members: dict[int, list[int]] = {}
    for index in range(len(parent)):
        head = root(index)
        if head != index:
            members.setdefault(head, [head]).append(index)
    packed_of = [entry for entry in entries if not isinstance(entry, Rejected)]
    planned: list[_Packed | Rejected] = []
    index = -1
    for entry in entries:
        if isinstance(entry, Rejected):
            planned.append(entry)
            continue
        index += 1
        if parent[index] != index:
            continue  # combined with the person of an earlier row
        if index not in members:
            rows_kept = ((lines[index], cells_of[index]),) if keep_cells else lines[index]
            planned.append((entry, rows_kept, ""))
            continue
        group = members[index]
        person = _unpack(entry)
        for other in group[1:]:
            person.absorb(_unpack(packed_of[other]))
        rows_kept = tuple((lines[other], cells_of[other] if keep_cells else ()) for other in group)
        planned.append((_pack(person), rows_kept, _describe_key(shared_key[index])))
    return Plan(planned, rows)


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


# --- one run ---------------------------------------------------------------------------------


@dataclass
class RunContext:
    """What every chunk of one run shares, read once per run."""

    workspace: Workspace
    actor: User | None
    importer: Membership | None
    owner: User | None
    now: datetime
    suppression_key: bytes | None
    member_ids: frozenset[int]
    team_ids: frozenset[int]

    @cached_property
    def create_refusal(self) -> str:
        """Whether the importer may add people: the same answer for everyone of the run."""
        return refusal(Decision("create"), self.importer, self.owner)

    @classmethod
    def load(cls, *, workspace, actor, importer, now) -> "RunContext":
        """Three queries: the suppression key, the members and the teams of the workspace."""
        return cls(
            workspace=workspace,
            actor=actor,
            importer=importer,
            owner=importer.user if importer is not None else None,
            now=now,
            suppression_key=suppression.suppression_key(workspace=workspace),
            member_ids=frozenset(
                Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True)
            ),
            team_ids=frozenset(
                Team.objects.filter(workspace=workspace).values_list("id", flat=True)
            ),
        )


@dataclass
class Outcome:
    """What happened to one person of the chunk."""

    action: str  # "create", "update", "unchanged" or "error"
    reason: str = ""
    erased_on: date | None = None  # given an address or handle of someone erased before


def decided(context: RunContext, person, matched: dict, existing: dict) -> Decision:
    """decide, then whether the importer may: a refusal makes the person an error."""
    decision = decide(person=person, matched=matched, existing=existing)
    if decision.action == "create":
        refused = context.create_refusal
    else:
        refused = refusal(decision, context.importer, context.owner)
    return Decision("error", refused) if refused else decision
