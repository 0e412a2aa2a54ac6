import pytest
from django.urls import reverse

from ..conftest import SEED_RECOMMENDATIONS


def test_healthz_answers_ok_without_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_home_lists_the_loaded_recommendations(client, seed_report):
    response = client.get(reverse("recommendations:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Saint Lucia" in content
    for rec in seed_report.recommendations.all():
        assert rec.title in content
    assert len(SEED_RECOMMENDATIONS) == seed_report.recommendations.count()
