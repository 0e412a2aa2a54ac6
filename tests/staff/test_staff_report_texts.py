"""The staff pages that list rows joined to their reports read none of the reports' long texts
(Report.LONG_TEXTS): each of them would carry a whole chapter per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..admin_forms import login
from ..public.test_public_queries import report_texts_read
from ..public_data import build_site

pytestmark = pytest.mark.django_db

LISTS = [
    "admin:recommendations_recommendation_changelist",
    "admin:recommendations_evidencenote_changelist",
    "admin:recommendations_statuschange_changelist",
    "admin:review",
    "admin:index",
]


@pytest.mark.parametrize("name", LISTS)
def test_no_staff_list_carries_a_reports_long_texts(client, secretariat, name):
    build_site(5)
    login(client, secretariat)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert report_texts_read(queries.captured_queries) == []
