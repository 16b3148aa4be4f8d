"""Who may use the CSV import pages and API (see tests/access.py): members and above; viewers
get 403 on every step, outsiders 404."""

from django.core.files.base import ContentFile

from contacts.services import imports
from tests.access import api_route, workspace_route

CSV = b"Name,Email\nAda Stone,ada@example.test\nnot-an-email-row,nope\n"

ROUTES = {
    "contacts:import-start": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    "contacts:import-job": {"GET": workspace_route(needs="member", allowed=200)},
    "contacts:import-map": {
        "GET": workspace_route(needs="member", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
    # A CSV file has no sheets to pick: the form answers 400 with its message.
    "contacts:import-sheet": {"POST": workspace_route(needs="member", allowed=400)},
    "contacts:import-preview": {"GET": workspace_route(needs="member", allowed=200)},
    "contacts:import-run": {"POST": workspace_route(needs="member", allowed=302)},
    "contacts:import-rejected": {"GET": workspace_route(needs="member", allowed=200)},
    "api:contacts-api:import-list": {
        "GET": api_route(needs="member", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    "api:contacts-api:import-detail": {"GET": api_route(needs="member", allowed=200)},
    "api:contacts-api:import-run": {"POST": api_route(needs="member", allowed=202)},
}

# Routes that need a job past the dry run.
PREVIEWED = {"contacts:import-preview", "contacts:import-run", "api:contacts-api:import-run"}


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    workspace = personas.workspace
    if name in {"contacts:import-start", "api:contacts-api:import-list"}:
        return {"slug": workspace.slug}
    job = imports.import_job_upload(
        workspace=workspace, actor=personas.admin, file=ContentFile(CSV, name="people.csv")
    )
    if name in PREVIEWED:
        job = imports.import_job_map(job=job, mapping={})
    if name == "contacts:import-rejected":
        job.rejected_file.save(f"{job.public_id}.csv", ContentFile(b"Name,Line,Reason\n"))
    return {"slug": workspace.slug, "public_id": job.public_id}
