"""Schemathesis against the API's own OpenAPI schema (/api/schema/), with real objects.

Each request is sent with the API token of the admin, manager, member or viewer of "acme", or
of an outsider (admin of "globex"). While an operation runs, the objects the access matrix
creates for its route (tests/**/routes_*.py) exist, and most requests name them in their path
(the others a made-up id or workspace). Valid input (positive mode) and input the schema
forbids (negative mode) are generated; every answer is held to four rules, counted per class:

- server errors: no 5xx;
- schema breaks: the status, content type and body are those the schema documents;
- valid requests refused: a request the schema allows is not refused for its shape (a 400 with
  a message of DRF's own for a field); a business rule's 400, in Rapport's words, is documented
  and not a refusal;
- invalid requests accepted: a request the schema forbids is not answered 2xx.

`make test` runs one example of each mode for a fifth of the operations, a different fifth each
day (API_FUZZ_SHARE=0 to 4 picks one; generating requests is what takes the time);
`make fuzz` (marker `fuzz`) runs DEEP_EXAMPLES of each mode for every operation. Each
example's writes are rolled back, so every request finds the same objects.
"""

import contextlib
import functools
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.urls import resolve
from hypothesis import strategies as st
from rest_framework import fields as drf_fields
from rest_framework import relations as drf_relations
from schemathesis import checks as st_checks
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

ROLES = ["admin", "manager", "member", "viewer", "outsider"]


# --- the seeded world -------------------------------------------------------------------------


@dataclass
class World:
    personas: object
    tokens: dict[str, str]
    real: dict[str, str] = field(default_factory=dict)  # the current path's real objects
    counts: Counter = field(default_factory=Counter)
    samples: dict[str, Counter] = field(default_factory=dict)  # kind -> {problem: count}

    def objects_for(self, path: str) -> dict[str, str]:
        """The path parameters of real objects of "acme" for the schema's `path`: those the
        access matrix's route modules (tests/**/routes_*.py) create for its route."""
        from tests.irm.test_access_matrix import AREAS

        name = _route_name(path)
        for area in AREAS:
            kwargs = area.url_kwargs(name, self.personas, self.personas.admin)
            if kwargs is not None:
                return {key: str(value) for key, value in kwargs.items()}
        return {}


def seed_world(personas) -> World:
    """Tokens of every role in "acme" and of the outsider (admin of "globex")."""
    from irm.models import Membership
    from irm.services import api_token_create

    tokens = {}
    for role in ROLES:
        user = getattr(personas, role)
        workspace = personas.other_workspace if role == "outsider" else personas.workspace
        membership = Membership.objects.get(workspace=workspace, user=user)
        _, tokens[role] = api_token_create(membership=membership, name="Schema run")
    return World(personas=personas, tokens=tokens)


def _route_name(path: str) -> str:
    examples = {"slug": "acme", "channel": "email"}
    filled = re.sub(r"\{(\w+)\}", lambda m: examples.get(m[1], str(uuid.uuid4())), path)
    return resolve(filled).view_name


# --- what counts as a refusal of a valid request ------------------------------------------------


def _stock_messages() -> re.Pattern:
    """DRF's own messages for a field's shape (type, length, format, choice): a request the
    schema allows should never earn one, since the schema says the same thing."""
    messages = set()
    classes = [drf_fields.Field, drf_relations.RelatedField]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        defaults = getattr(cls, "default_error_messages", {})
        messages.update(str(message) for message in defaults.values())
    messages.discard("Null characters are not allowed.")  # documented: see the schema's description
    patterns = [re.escape(message) for message in messages]
    patterns = [re.sub(r"\\\{\w+\\\}", ".+", pattern) for pattern in patterns]
    return re.compile("^(" + "|".join(patterns) + ")$")


STOCK_MESSAGE = _stock_messages()
ALLOWED_FOR_VALID = {401, 403, 404, 409, 429}


def refused_for_its_shape(case, response) -> list[str]:
    if response.status_code < 400 or response.status_code in ALLOWED_FOR_VALID:
        return []
    if response.status_code != 400:
        return [f"{response.status_code}"]
    try:
        errors = response.json().get("errors", {})
    except ValueError:
        return ["400 without JSON"]
    return [
        f"{name}: {message}"
        for name, messages in errors.items()
        for message in messages
        if STOCK_MESSAGE.match(message)
        and not _file_part_dropped(case, message)
        and not _trimmed_to_blank(case, message)
    ]


def _trimmed_to_blank(case, message: str) -> bool:
    """Text is trimmed of surrounding white space before it is checked (as the API's
    description says): a value of spaces only, which `minLength: 1` allows, is blank."""
    return message == "This field may not be blank." and any(
        text and not text.strip() for text in _strings(case.body)
    )


def _file_part_dropped(case, message: str) -> bool:
    # The test transport sends a generated file of a multipart body as a plain field when it
    # has no file name; Django then sees no file. Uploads are tested with real files
    # (tests/contacts/test_import_api.py).
    return message == "No file was submitted." and "multipart" in (case.media_type or "")


# --- the run -----------------------------------------------------------------------------------

CLASSES = {
    "ServerError": "server errors",
    "ContentTypeServerError": "server errors",
    "JsonSchemaError": "schema breaks",
    "MalformedJson": "schema breaks",
    "UndefinedStatusCode": "schema breaks",
    "UndefinedContentType": "schema breaks",
    "MissingContentType": "schema breaks",
    "MalformedMediaType": "schema breaks",
    "AcceptedNegativeData": "invalid requests accepted",
}
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
    st_checks.negative_data_rejection,
]
BOUNDED_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", 1))
BOUNDED_SHARES = 5
DEEP_EXAMPLES = int(os.environ.get("API_FUZZ_DEEP_EXAMPLES", 20))


@functools.cache
def api_schema():
    """The schema as /api/schema/ serves it, loaded once per run. Requests carry a real token
    (not generated ones: tests/irm/test_api_auth.py covers bad tokens), and no parameter the
    schema does not name (the API ignores unknown query parameters, as its description says)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
    schema.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)
    return schema


def operations() -> list:
    return [result.ok() for result in api_schema().get_all_operations()]


@pytest.fixture
def world(personas):
    # No throttling: the run sends far more requests a minute than a person would.
    rates = {"anon": None, "user": None}
    # Requests go through Django's WSGI handler, which closes the database connection when a
    # request ends; kept open (as Django's test client does) so they see the test's rows.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with override_settings(
            REST_FRAMEWORK={**_rest_framework(), "DEFAULT_THROTTLE_RATES": rates}
        ):
            yield seed_world(personas)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _rest_framework() -> dict:
    from django.conf import settings

    return settings.REST_FRAMEWORK


def send(case, world: World, who: str, pick: int) -> None:
    """Send the case as `who`; most cases name the real objects of the workspace."""
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.tokens[who]}"}
    path = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if path is not None and path.mode.is_negative:
        pass  # the path itself is the invalid part: keep it
    elif world.real and pick % 5:
        case.path_parameters.update(world.real)
    elif "slug" in case.path_parameters and pick % 3:
        case.path_parameters["slug"] = "acme"
    # Each example's writes are undone: the next one finds the same objects.
    savepoint = transaction.savepoint()
    try:
        response = case.call()
        problems = judge(case, response)
    finally:
        transaction.savepoint_rollback(savepoint)
    world.counts["requests"] += 1
    for kind, detail in problems:
        world.counts[kind] += 1
        label = f"{case.operation.label} -> {response.status_code}: {detail}"[:900]
        world.samples.setdefault(kind, Counter())[label] += 1


def judge(case, response) -> list[tuple[str, str]]:
    problems = []
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        failures = list(group.exceptions)
    except Failure as failure:
        failures = [failure]
    else:
        failures = []
    for failure in failures:
        if trimmed_to_fit(case, failure):
            continue
        kind = CLASSES.get(type(failure).__name__, type(failure).__name__)
        problems.append((kind, f"{failure.title}: {failure.message}"))
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive:
        refusals = refused_for_its_shape(case, response)
        if refusals:
            problems.append(("valid requests refused", "; ".join(refusals)))
    return problems


def trimmed_to_fit(case, failure) -> bool:
    """Text is trimmed of surrounding white space before its length is checked (DRF's
    CharField, as the API's description says): an over-long value that is long only by its
    white space is accepted, rightly."""
    message = failure.message
    if type(failure).__name__ != "AcceptedNegativeData" or "maxLength" not in message:
        return False
    if message.count("violates") != 1:
        return False
    return any(text != text.strip() for text in _strings(case.body))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def report(world: World) -> str:
    lines = [f"{world.counts['requests']} requests"]
    for kind in sorted(set(world.counts) - {"requests"}):
        lines.append(f"{kind}: {world.counts[kind]}")
        for sample, count in world.samples[kind].most_common():
            lines.append(f"  {count} x {sample}")
    return "\n".join(lines)


def run_every_operation(
    world: World, *, examples: int, deterministic: bool, share: int | None = None
) -> None:
    """Every operation, or every BOUNDED_SHARES-th one from `share` on."""
    chosen = operations() if share is None else operations()[share::BOUNDED_SHARES]
    for operation in chosen:
        # The route's objects exist while its requests run, and are gone for the next route.
        route_savepoint = transaction.savepoint()
        world.real = world.objects_for(operation.path)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=deterministic,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            )
            @hypothesis.given(
                case=operation.as_strategy(generation_mode=mode),
                who=st.sampled_from(ROLES),
                pick=st.integers(min_value=0, max_value=10_000),
            )
            def run(case, who, pick):
                send(case, world, who, pick)

            # Unsatisfiable: nothing to get wrong (negative mode, no parameter and no body).
            with contextlib.suppress(hypothesis.errors.Unsatisfiable):
                run()
        transaction.savepoint_rollback(route_savepoint)


def test_every_operation_answers_as_its_schema_says(world):
    share = int(os.environ.get("API_FUZZ_SHARE", date.today().toordinal() % BOUNDED_SHARES))
    run_every_operation(world, examples=BOUNDED_EXAMPLES, deterministic=True, share=share)

    print(report(world))
    assert set(world.counts) == {"requests"}, report(world)


@pytest.mark.fuzz
def test_every_operation_answers_as_its_schema_says_deeply(world):
    # Fresh examples on every run by hand; the same ones under CI (as Hypothesis' own CI profile
    # does), so a red CI is a change's doing, not the draw's.
    deterministic = os.environ.get("CI", "").lower() == "true"
    run_every_operation(world, examples=DEEP_EXAMPLES, deterministic=deterministic)

    print(report(world))
    assert set(world.counts) == {"requests"}, report(world)
