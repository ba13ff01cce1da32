"""Property-based checks of /api/v1 against its OpenAPI document.

Schemathesis generates requests from the document (valid and invalid bodies, odd path
values, missing and wrong headers) and checks each response: never a server error, a
status the document lists, a body that matches the schema given for that status.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from campaign.api.openapi import openapi_document
from campaign.api.tokens import create_token
from campaign.models import Scope, utcnow
from tests.factories import make_appeal, make_signature

# The operations, read from the document itself so that a new one is checked too.
OPERATIONS = [
    (method.upper(), path)
    for path, item in openapi_document("http://localhost")["paths"].items()
    for method in item
    if method in ("get", "post", "put", "patch", "delete")
]


@pytest.fixture
def api(app, session) -> schemathesis.schemas.BaseSchema:
    appeal = make_appeal(session, slug="kem-sokha")
    make_signature(session, appeal, email="first@example.org")
    session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def bearer(session) -> dict[str, str]:
    _, secret = create_token(session, "Property checks", list(Scope), user=None, now=utcnow())
    session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_answer_matches_the_document(api, bearer, method: str, path: str) -> None:
    operation = api[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        case.call_and_validate(headers=bearer)

    check()
