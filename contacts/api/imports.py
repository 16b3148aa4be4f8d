"""The import jobs API: upload a CSV file (with an optional mapping) and get its dry run, start
the run, follow its progress. The same services as the import pages
(contacts.services.imports), the same reads (contacts.selectors.imports).

Members and above; viewers get 403, another workspace's job 404.
"""

from contextlib import suppress

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, mixins, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.models import ImportJob, ImportStatus
from contacts.selectors import imports as import_selectors
from contacts.services import imports
from irm.api import WorkspaceScopedMixin, error_responses
from irm.api_policies import JsonParser
from irm.errors import RuleError
from irm.models import Role

MAPPING_HELP = (
    "What each column is: `{column: field}`, the column by its header text (when unique) or "
    'its 0-based index, e.g. `{"Full name": "name", "IG": "instagram_handle", "3": "ignore"}`. '
    "Columns left out keep the field guessed from their header. Fields: "
    + ", ".join(f"`{value}`" for value, _ in imports.FIELD_CHOICES)
    + "."
)


# Inline enums (raw schemas): component names such as "StatusEnum" would collide with other
# endpoints' `status` fields and drf-spectacular would warn.
@extend_schema_field(
    {"type": "string", "enum": ImportStatus.values, "description": "Where the import stands."}
)
class ImportStatusField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": [value for value, _ in imports.FIELD_CHOICES]})
class ImportFieldField(serializers.CharField):
    pass


# --- output ----------------------------------------------------------------------------------


class ImportColumnSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="0-based position in the file.")
    header = serializers.CharField()
    field = ImportFieldField(help_text="What the column is imported as.")


class ImportRowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The physical line in the file (the header is 1).")
    reason = serializers.CharField()


class ImportDuplicateSerializer(serializers.Serializer):
    lines = serializers.ListField(child=serializers.IntegerField())
    name = serializers.CharField()
    by = serializers.CharField(help_text="The email or handle the rows share.")


class ImportCreateSampleSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    name = serializers.CharField()


class ImportUpdateSampleSerializer(ImportCreateSampleSerializer):
    changes = serializers.ListField(child=serializers.CharField())


class ImportFollowersToSerializer(serializers.Serializer):
    to = serializers.CharField(help_text="e.g. “Instagram, named in “Platform””.")
    rows = serializers.IntegerField()


class ImportPreviewSerializer(serializers.Serializer):
    """The dry run: counts are complete, lists are the first ones."""

    rows = serializers.IntegerField()
    people = serializers.IntegerField(help_text="Rows about the same person count once.")
    creates = serializers.IntegerField()
    updates = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = serializers.IntegerField(help_text="Rows that would be rejected.")
    combined_rows = serializers.IntegerField(help_text="Rows combined with an earlier row.")
    followers_to = ImportFollowersToSerializer(
        many=True,
        default=list,
        help_text="Whose followers a Followers column counts, and on how many rows each way.",
    )
    columns_notes = serializers.ListField(
        child=serializers.CharField(),
        default=list,
        help_text="Columns read differently from what their header suggests, in words.",
    )
    error_rows = ImportRowErrorSerializer(many=True)
    duplicates = ImportDuplicateSerializer(many=True)
    create_samples = ImportCreateSampleSerializer(many=True)
    update_samples = ImportUpdateSampleSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    unchanged = serializers.IntegerField(help_text="People found already up to date.")
    combined_rows = serializers.IntegerField()
    erased_before = serializers.IntegerField(
        default=0,
        help_text="New people whose address or handle belongs to someone erased before: "
        "added as do-not-contact (“erased on <date>”) with their name, addresses and handles "
        "only.",
    )
    erased_updated = serializers.IntegerField(
        default=0,
        help_text="People already here given an address or handle that belongs to someone "
        "erased before: now do-not-contact (“erased on <date>”).",
    )


class ImportJobSerializer(serializers.ModelSerializer):
    status = ImportStatusField()
    columns = serializers.SerializerMethodField()
    mapping_problem = serializers.SerializerMethodField()
    preview = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "public_id",
            "original_name",
            "status",
            "encoding",
            "delimiter",
            "sheet",
            "headers",
            "columns",
            "mapping_problem",
            "preview",
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
            "error_count",
            "result",
            "error_message",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "headers": {"help_text": "The column names (the line that names them)."},
            "sheet": {"help_text": "The workbook's sheet read; empty for a CSV file."},
        }

    @extend_schema_field(ImportColumnSerializer(many=True))
    def get_columns(self, job: ImportJob) -> list[dict]:
        return [
            {"index": index, "header": header, "field": job.mapping.get(str(index), "ignore")}
            for index, header in enumerate(job.headers)
        ]

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text="Why the dry run could not run with the current mapping (uploaded jobs).",
        )
    )
    def get_mapping_problem(self, job: ImportJob) -> str | None:
        if job.status != ImportStatus.UPLOADED:
            return None
        try:
            imports.mapping_check(headers=job.headers, mapping=job.mapping)
        except RuleError as error:
            return error.message
        return None

    @extend_schema_field(ImportPreviewSerializer(allow_null=True))
    def get_preview(self, job: ImportJob) -> dict | None:
        if "rows" not in job.preview:
            return None
        return ImportPreviewSerializer(job.preview).data

    @extend_schema_field(ImportResultSerializer(allow_null=True))
    def get_result(self, job: ImportJob) -> dict | None:
        result = job.preview.get("result")
        return ImportResultSerializer(result).data if result else None


# --- input -----------------------------------------------------------------------------------


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="An Excel workbook (.xlsx), or a CSV file: UTF-8 (with or without BOM) or "
        "Windows-1252/Latin-1, comma or semicolon separated, a line naming the columns first "
        "(a title or blank lines above it are skipped)."
    )
    mapping = serializers.JSONField(
        required=False, help_text=MAPPING_HELP + " In a multipart body: a JSON string."
    )
    sheet = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=31,
        default="",
        help_text="An Excel workbook's sheet to import; empty: its first sheet.",
    )


class ImportRunSerializer(serializers.Serializer):
    mapping = serializers.JSONField(
        required=False,
        help_text="Change the mapping before starting (the dry run is computed again). "
        + MAPPING_HELP,
    )


# --- views -----------------------------------------------------------------------------------


class ImportJobsView(WorkspaceScopedMixin, generics.GenericAPIView):
    read_role = Role.MEMBER
    write_role = Role.MEMBER
    serializer_class = ImportJobSerializer
    lookup_field = "public_id"

    def get_queryset(self):
        if self.workspace is None:  # schema generation
            return ImportJob.objects.none()
        return import_selectors.import_jobs_of(workspace=self.workspace)

    def get_object(self) -> ImportJob:
        return import_selectors.import_job_get(
            workspace=self.workspace, public_id=self.kwargs["public_id"]
        )


class ImportJobList(ImportJobsView, mixins.ListModelMixin):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="List imports",
        description="The workspace's CSV imports, newest first.",
        responses={200: ImportJobSerializer(many=True), **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        summary="Upload a CSV file",
        description=(
            "Keeps the file, detects its encoding, delimiter and headers, and guesses what each "
            "column is from its header. With a `mapping` (or when the guess is usable) the "
            "response carries the dry run (`preview`): creates, updates, rows combined inside "
            "the file, and row errors with their line numbers. Nothing is written to the "
            "influencers until `run`. A file that is not a CSV answers 400."
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportJobSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        given = ImportUploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        mapping = given.validated_data.get("mapping")
        job = imports.import_job_upload(
            workspace=self.workspace,
            actor=request.user,
            file=given.validated_data["file"],
            mapping=mapping,
            sheet=given.validated_data["sheet"],
        )
        if mapping is None:
            # The guessed mapping may not be enough: then `mapping_problem` says why.
            with suppress(RuleError):
                job = imports.import_job_map(job=job, mapping={})
        return Response(self.get_serializer(job).data, status=status.HTTP_201_CREATED)


class ImportJobDetail(ImportJobsView):
    @extend_schema(
        summary="An import",
        description="Status, progress (`processed_rows` of `total_rows`) and counts.",
        responses={200: ImportJobSerializer, **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(self.get_serializer(self.get_object()).data)


class ImportJobRun(ImportJobsView):
    # A mapping is a JSON object: a form body could only lose it (an empty POST still runs).
    parser_classes = [JsonParser]

    @extend_schema(
        summary="Start an import",
        description=(
            "Queues the import (optionally with a new mapping). Poll the import for progress; "
            "rows the services refuse are counted in `error_count`, the others are written. "
            "Starting it twice runs it once: an import that has started answers 400."
        ),
        request=ImportRunSerializer,
        responses={202: ImportJobSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        job = self.get_object()
        given = ImportRunSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        mapping = given.validated_data.get("mapping")
        with transaction.atomic():
            if mapping is not None or job.status == ImportStatus.UPLOADED:
                job = imports.import_job_map(job=job, mapping=mapping or {})
            job = imports.import_job_queue(job=job)
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)
