"""The import wizard (a CSV file or an Excel workbook): upload, match the columns, check the dry
run, then follow the run.

Members and above import; viewers get 403 on every step (the pages show personal data of whole
files and start writes). Another workspace's import answers 404.
"""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from contacts.models import ImportJob, ImportStatus
from contacts.selectors import imports as import_selectors
from contacts.services import imports
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views import posted, private_file_response

STARTED = (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.DONE, ImportStatus.FAILED)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file or Excel workbook",
        help_text=(
            "An Excel workbook (.xlsx) or a CSV file whose first line names the columns (Name, "
            "Email, Instagram, ...): comma or semicolon separated, UTF-8 or Windows/Latin-1 "
            "text, as Excel and Google Sheets save it. A title or blank lines above the column "
            f"names are skipped. Up to {imports.MAX_FILE_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,text/plain,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    sheet = forms.CharField(
        label="Sheet (Excel workbooks only)",
        required=False,
        max_length=31,
        help_text=(
            "The name of the sheet to import; empty: the first sheet. The next page lists the "
            "workbook's sheets to pick another."
        ),
    )


class SheetForm(forms.Form):
    """Which of the workbook's sheets to import, on the mapping page."""

    def __init__(self, data=None, *, sheets: list[str], current: str) -> None:
        super().__init__(data)
        self.fields["sheet"] = forms.ChoiceField(
            label="Sheet", choices=[(name, name) for name in sheets], initial=current
        )


class MappingForm(forms.Form):
    """One choice per column of the file: the field it is imported as, or ignore."""

    def __init__(self, data=None, *, job: ImportJob) -> None:
        super().__init__(data)
        for index, header in enumerate(job.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=imports.FIELD_CHOICES,
                initial=job.mapping.get(str(index), imports.IGNORE),
            )

    def mapping(self) -> dict[str, str]:
        return {name.removeprefix("column_"): value for name, value in self.cleaned_data.items()}


ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Latin-1)",
    "latin-1": "Latin-1",
}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _facts(job: ImportJob) -> dict[str, str]:
    """What was detected in the file, in words."""
    if job.sheet:
        return {"sheet": job.sheet}
    return {
        "encoding": ENCODINGS.get(job.encoding, job.encoding),
        "delimiter": DELIMITERS.get(job.delimiter, job.delimiter),
    }


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _job_url(name: str, job: ImportJob) -> str:
    return reverse(name, kwargs={"slug": job.workspace.slug, "public_id": job.public_id})


def _page(request, template: str, partial: str, context: dict, status: int = 200):
    name = f"contacts/{template}#{partial}" if request.htmx else f"contacts/{template}"
    return render(request, name, context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def import_start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_job_upload(
                workspace=request.workspace,
                actor=request.user,
                file=form.cleaned_data["file"],
                sheet=form.cleaned_data["sheet"],
            )
        except RuleError as error:
            form.add_error("sheet" if error.field == "sheet" else "file", error.message)
        else:
            return _redirect(request, _job_url("contacts:import-map", job))
    context = {
        "form": form,
        "jobs": import_selectors.import_jobs_recent(workspace=request.workspace),
    }
    status = 400 if form.errors else 200
    return _page(request, "import_start.html", "import-start", context, status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def import_map(request: HttpRequest, public_id) -> HttpResponse:
    job = import_selectors.import_job_get(workspace=request.workspace, public_id=public_id)
    if request.method == "GET" and job.status in STARTED:
        return redirect(_job_url("contacts:import-job", job))
    form = MappingForm(posted(request), job=job)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_job_map(job=job, mapping=form.mapping())
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            return _redirect(request, _job_url("contacts:import-preview", job))
    return _map_page(request, job, form, status=400 if form.errors else 200)


def _map_page(request, job: ImportJob, form: MappingForm, *, sheet_form=None, status=200):
    samples = import_selectors.import_job_samples(job=job)
    columns = [(form[f"column_{index}"], samples[index]) for index in range(len(job.headers))]
    sheets = import_selectors.import_job_sheets(job=job)
    if sheet_form is None and len(sheets) > 1:
        sheet_form = SheetForm(sheets=sheets, current=job.sheet)
    context = {
        "job": job,
        "facts": _facts(job),
        "form": form,
        "sheet_form": sheet_form,
        "columns": columns,
        "step": "map",
    }
    return _page(request, "import_map.html", "import-mapping", context, status)


@require_POST
@workspace_view(write=Role.MEMBER)
def import_sheet(request: HttpRequest, public_id) -> HttpResponse:
    """Another sheet of the workbook: its columns are guessed again on the mapping page."""
    job = import_selectors.import_job_get(workspace=request.workspace, public_id=public_id)
    sheet_form = SheetForm(
        request.POST, sheets=import_selectors.import_job_sheets(job=job), current=""
    )
    if sheet_form.is_valid():
        try:
            imports.import_job_sheet_pick(job=job, sheet=sheet_form.cleaned_data["sheet"])
        except RuleError as error:
            sheet_form.add_error("sheet", error.message)
        else:
            return _redirect(request, _job_url("contacts:import-map", job))
    return _map_page(request, job, MappingForm(job=job), sheet_form=sheet_form, status=400)


@require_GET
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def import_preview(request: HttpRequest, public_id) -> HttpResponse:
    job = import_selectors.import_job_get(workspace=request.workspace, public_id=public_id)
    if job.status == ImportStatus.UPLOADED:
        return redirect(_job_url("contacts:import-map", job))
    return _preview_page(request, job)


def _preview_page(request: HttpRequest, job: ImportJob, status: int = 200) -> HttpResponse:
    context = {
        "job": job,
        "facts": _facts(job),
        "report": job.preview,
        "importable": job.preview.get("rows", 0) - job.preview.get("errors", 0),
        "columns": [
            (header, dict(imports.FIELD_CHOICES)[job.mapping.get(str(index), imports.IGNORE)])
            for index, header in enumerate(job.headers)
        ],
        "step": "preview",
    }
    return _page(request, "import_preview.html", "import-preview", context, status)


@require_POST
@workspace_view(write=Role.MEMBER)
def import_run(request: HttpRequest, public_id) -> HttpResponse:
    job = import_selectors.import_job_get(workspace=request.workspace, public_id=public_id)
    try:
        job = imports.import_job_queue(job=job)
    except RuleError as error:
        messages.error(request, error.message)
        return _preview_page(request, job, status=400)
    messages.success(request, f"Importing {job.original_name}: follow it here.")
    return _redirect(request, _job_url("contacts:import-job", job))


@require_GET
@workspace_view(read=Role.MEMBER)
def import_job(request: HttpRequest, public_id) -> HttpResponse:
    """The job's status, progress and summary. htmx polls the progress partial every second
    while the job is queued or running; the partial it gets once done no longer polls."""
    job = import_selectors.import_job_get(workspace=request.workspace, public_id=public_id)
    context = {
        "job": job,
        "facts": _facts(job),
        "polling": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "percent": round(100 * job.processed_rows / job.total_rows) if job.total_rows else 0,
        "result": job.preview.get("result", {}),
        "step": "run",
    }
    return _page(request, "import_job.html", "import-progress", context)


@require_GET
@workspace_view(read=Role.MEMBER)
def import_rejected(request: HttpRequest, public_id) -> HttpResponse:
    """The rejected rows with their reasons, read from storage after the access checks (never
    from a public media URL). Read whole: at most the size of an upload."""
    job = import_selectors.import_job_get(workspace=request.workspace, public_id=public_id)
    if not job.rejected_file:
        raise Http404("This import rejected no rows.")
    name = f"rejected-{PurePath(job.original_name).stem or 'rows'}.csv"
    return private_file_response(
        job.rejected_file,
        name=name,
        content_type="text/csv; charset=utf-8",
        missing="The rejected rows are no longer stored.",
    )
