"""The API keeps its contract: every operation, fuzzed against the document.

Schemathesis reads /api/openapi.json and makes requests for each operation
from its parameter and body schemas, both valid ones and ones the schemas
refuse; they go to the app in this process.
No answer may be a server error, and each one's status, content type and
body must be ones the document gives for its operation. Runs are
derandomized, so every run sends the same requests. CONTRACT_EXAMPLES
(default 5) sets how many per operation, for a longer run in CI:
`CONTRACT_EXAMPLES=200 pytest tests/core/test_contract.py`.
"""

import os
from collections.abc import Callable

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=int(os.environ.get("CONTRACT_EXAMPLES", "5")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_every_operation_keeps_the_contract(
    app: Flask, login_headers: Callable[[str], dict[str, str]]
) -> None:
    """No answer is a server error or one the document does not describe."""
    document = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    results = list(document.get_all_operations())
    assert results, "the document describes no operation"
    for result in results:
        assert isinstance(result, Ok), result.err()

        # Schemathesis' own pytest plugin fails on pytest 9.2, so each
        # operation gets a hypothesis test of its own, run here.
        operation = result.ok()
        cases = st.one_of(
            operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
        )

        @EXAMPLES
        @given(case=cases)
        def keeps_the_contract(case) -> None:
            case.call_and_validate(headers=login_headers(case.path), checks=CHECKS)

        keeps_the_contract()
