"""The OpenAPI description at /api/v1/schema/ validates (drf-spectacular's validator, against
the OpenAPI 3 JSON schema) and describes every endpoint; the documentation page at
/api/v1/docs/ is plain HTML written from it, with nothing from another site and no script."""

import re

import pytest
from drf_spectacular.validation import validate_schema

from recommendations.api.docs import api_schema

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/countries/",
    "/api/v1/countries/{slug}/",
    "/api/v1/reports/",
    "/api/v1/recommendations/",
    "/api/v1/recommendations/{id}/",
    "/api/v1/evidence/",
    "/api/v1/evidence/{public_id}/",
    "/api/v1/statistics/",
}


def test_the_schema_validates_and_describes_every_endpoint(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert set(schema["paths"]) == ENDPOINTS
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_the_schema_lists_the_public_lists_filters(client):
    from recommendations.public.filters import RecommendationFilter

    operation = api_schema()["paths"]["/api/v1/recommendations/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {*RecommendationFilter.base_filters, "thread", "page"}


def test_a_recommendations_fields_are_described(client):
    fields = api_schema()["components"]["schemas"]["RecommendationDetail"]["properties"]
    assert {"id", "thread", "status", "predecessor", "successors", "versions"} <= set(fields)
    assert "internal" not in str(fields).lower()


def test_the_documentation_page_needs_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    for path in ENDPOINTS:
        assert f"GET {path}" in page
    assert "<script" not in page and " style=" not in page
    addresses = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert addresses and all(address.startswith(("/", "#")) for address in addresses)
    # The strict Content-Security-Policy is sent with it.
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_documentation_page_is_valid_html(client, tmp_path):
    from ..public.test_public_html import nu_checker_errors

    page = tmp_path / "api-docs.html"
    page.write_bytes(client.get("/api/v1/docs/").content)
    assert nu_checker_errors([page]) == []


def test_the_api_root_lists_the_endpoints(client):
    body = client.get("/api/v1/").json()
    assert set(body) == {"countries", "reports", "recommendations", "evidence"}
    assert body["recommendations"] == "http://testserver/api/v1/recommendations/"
