"""The JSON API fuzzed from its own OpenAPI document (Schemathesis): no 500 on any input, and every
response matches the schema the document gives for it.

Schemathesis reads the document when this module is imported, so the app serves a home of its own
(not the per-test one), filled once through the API itself.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from starlette.testclient import TestClient

from kith.settings import Settings
from kith.web.app import create_app

#: API clients on another interface send a bearer token and need no CSRF token (README)
TOKEN = "fuzz-" + "t" * 40
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: What cannot match, and why. Both checks judge how strict the request schema is, not the responses:
#: - positive_data_acceptance wants every schema-valid request accepted, but kith checks meaning the
#:   schema cannot say (a name must resolve to one person, "next blursday" is no date, a PEEC statement
#:   is at most 75 words in all, a due date needs a promise) and answers those with a 400 and one line;
#: - negative_data_rejection wants every schema-violating request refused, but the API reads JSON as
#:   Pydantic does by default (lax mode: 0 and 1 for false and true, "5" for 5), as clients expect.
#: Every response is still checked: no 500, a documented status, content type, headers and schema.
NOT_ABOUT_RESPONSES = [positive_data_acceptance, negative_data_rejection]
HOME = Path(tempfile.mkdtemp(prefix="kith-api-fuzz-"))
# the ASGI client Schemathesis drives the app with calls itself "testserver": allowed as --allow-host would
APP = create_app(
    Settings(home=HOME, database_url=f"sqlite:///{HOME / 'kith.db'}"),
    access_token=TOKEN,
    allowed_hosts=["testserver"],
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, headers=AUTH)


@pytest.fixture(scope="module", autouse=True)
def network():
    """Someone to find, a promise, an invitation, a favour and a PEEC statement, as a user would add them."""
    api = TestClient(APP, base_url="http://testserver", headers=AUTH)
    jane = api.post(
        "/api/people", json={"name": "Jane Doe", "emails": ["jane@acme.example"], "company": "Acme"}
    )
    assert jane.status_code in (200, 201), jane.text
    api.post("/api/people", json={"name": "Sam Lee", "company": "Initech"})
    api.post("/api/interactions", json={"kind": "coffee", "names": ["Jane Doe"], "when": "2026-06-01"})
    yield
    shutil.rmtree(HOME, ignore_errors=True)


@schema.parametrize()
@settings(
    derandomize=True,  # the same requests on every run: repeatable in CI
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_any_input_within_its_schema(case):
    case.call_and_validate(headers=AUTH, excluded_checks=NOT_ABOUT_RESPONSES)
