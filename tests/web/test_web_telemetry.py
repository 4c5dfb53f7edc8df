"""kith sends nothing anywhere: FastAPI's own OpenTelemetry stays off in kith's app, whatever tracing the
process has set up and whatever ``FASTAPI_OTEL_AUTO_CONFIGURE`` says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

# run in a process of its own: a tracer provider is set once per process, for good
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from opentelemetry import trace
    from opentelemetry.trace import NoOpTracer, TracerProvider

    started = []

    class RecordingTracer(NoOpTracer):
        def start_span(self, name, *args, **kwargs):
            started.append(name)
            return super().start_span(name, *args, **kwargs)

        def start_as_current_span(self, name, *args, **kwargs):
            started.append(name)
            return super().start_as_current_span(name, *args, **kwargs)

    class Recording(TracerProvider):
        def get_tracer(self, *args, **kwargs):
            return RecordingTracer()

    trace.set_tracer_provider(Recording())

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from kith.web.app import create_app

    plain = FastAPI()  # FastAPI as it comes, the check that the recording sees what it would trace
    plain.get("/x")(lambda: {})
    TestClient(plain).get("/x")
    seen = {"plain": list(started)}
    started.clear()
    web = TestClient(create_app(), base_url="http://127.0.0.1:8765", raise_server_exceptions=False)
    answers = [web.get(path).status_code for path in ("/", "/people", "/api/people", "/api/people/999")]
    seen.update(kith=list(started), answers=answers)
    print(json.dumps(seen))
    """
)


def test_fastapi_traces_nothing_of_kiths_requests(tmp_path):
    environment = {
        **os.environ,
        "KITH_HOME": str(tmp_path / "home"),
        "KITH_NOW": "2026-06-15T12:00:00+00:00",
        "FASTAPI_OTEL_AUTO_CONFIGURE": "true",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9/",  # nothing listens there
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "fastapi.endpoint" in seen["plain"]  # FastAPI's default would have traced
    assert seen["answers"] == [200, 200, 200, 404]
    assert seen["kith"] == []
