"""The import run through a real Celery worker: the web process uploads into media storage and
queues on commit, a worker process on the same database and media folder imports the file, and
a duplicate message for the same job changes nothing."""

import pytest
from django.core.files.base import ContentFile

from contacts.models import ImportJob, ImportStatus, Influencer
from contacts.services import imports
from contacts.tasks import import_run
from tests.processes import PYTHON, process_env, start, stop, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def worker(tmp_path, settings, transactional_db):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    env = process_env(MEDIA_ROOT=str(media))
    command = [PYTHON, "-m", "celery", "-A", "irm", "worker", "--pool", "solo", "-l", "INFO"]
    process = start(command, env=env, log=tmp_path / "worker.log")
    yield process
    stop(process)


def test_a_real_worker_imports_the_file_and_ignores_a_duplicate_message(worker, personas, tmp_path):
    text = (
        "Full name;E-mail;Instagram;IG followers\n"
        "Ada Stone;ada@example.test;ada.bakes;1,2M\n"
        "Ben Ray;ben@example.test;benray;98,7K\n"
        "Ada S.;ada@example.test;;\n"
        "Cy;cy@;;\n"
    )
    job = imports.import_job_upload(
        workspace=personas.workspace,
        actor=personas.member,
        file=ContentFile(text.encode("cp1252"), name="people.csv"),
    )
    job = imports.import_job_map(job=job, mapping={})

    imports.import_job_queue(job=job)  # autocommit here: the task leaves on commit, at once

    log = tmp_path / "worker.log"
    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).status in (ImportStatus.DONE, ImportStatus.FAILED),
        timeout=90,
        what=f"the worker to finish the import (log: {log})",
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.error_message
    assert (job.processed_rows, job.created_count, job.error_count) == (4, 2, 1)
    assert sorted(Influencer.objects.values_list("name", flat=True)) == ["Ada Stone", "Ben Ray"]
    assert job.rejected_file

    # A second message for the same job (a redelivery): the claim fails, nothing changes.
    duplicate = import_run.delay(job.pk)
    wait_for(
        lambda: f"{duplicate.id}] succeeded" in log.read_text(),
        timeout=60,
        what=f"the worker to run the duplicate message (log: {log})",
    )
    finished_at = job.finished_at
    job.refresh_from_db()
    assert (job.finished_at, job.created_count) == (finished_at, 2)
    assert Influencer.objects.count() == 2
    assert "'not claimed'" in log.read_text()
