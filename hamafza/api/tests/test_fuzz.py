"""Fuzzing the API from its own OpenAPI document (schemathesis, no server: the Django WSGI app):
every operation, called with generated input (valid and invalid) by a directorate token and by a
trainer token over seeded tenant data, never answers 5xx, answers only a status its document
lists, and always with a body the document publishes for that status.

A few examples per operation keep the suite fast; a larger run:
    FUZZ_EXAMPLES=200 .venv/bin/pytest hamafza/api/tests/test_fuzz.py
(any FUZZ_EXAMPLES also adds schemathesis's coverage phase: boundary values of every field)."""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from hamafza.accounts.models import ApiToken
from hamafza.api.api import api

LARGE = "FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]

config = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": LARGE}, "stateful": {"enabled": False}},
        "generation": {"database": "none"},
    }
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"), config=config)
schema.app = WSGIHandler()


@pytest.fixture
def tokens(world, users):
    """A directorate and a trainer of Tehran, each with a live token, over the shared world
    (districts, schools, venues, agencies) and a program with a published lesson."""
    from hamafza.catalogue.tests.factories import published_program

    published_program(domain__municipality=world.tehran, lessons=2)
    # The test's transaction must survive each request: the WSGI handler would close the
    # connection at the end of a request (Django's test client turns this off the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {role: ApiToken.issue(users[role], "fuzz")[1] for role in ("directorate", "trainer")}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LARGE,  # the suite's run is the same every time; a large run explores
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_within_its_schema(case, tokens):
    for key in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
