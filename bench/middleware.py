"""Records the SQL of one request when the harness asks (header X-Bench-Capture: <file name>)
into BENCH_CAPTURE_DIR, so the same statements can be replayed and timed directly."""

import json
import os
import re
import time
from pathlib import Path

from django.db import connection

SAFE_NAME = re.compile(r"^[a-z0-9_.-]{1,80}$")


class QueryCaptureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        folder = os.environ.get("BENCH_CAPTURE_DIR", "")
        self.folder = Path(folder) if folder else None

    def __call__(self, request):
        name = request.headers.get("X-Bench-Capture", "")
        if self.folder is None or not SAFE_NAME.match(name):
            return self.get_response(request)
        connection.force_debug_cursor = True
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        finally:
            connection.force_debug_cursor = False
        record = {
            "status": response.status_code,
            "seconds": time.perf_counter() - started,
            "queries": [query["sql"] for query in connection.queries],
        }
        (self.folder / f"{name}.json").write_text(json.dumps(record))
        return response
