"""Every API endpoint shows what the public pages show, read from the same rows: the fields of
each recommendation equal its row of the public CSV status report; a recommendation's versions
are its public page's; evidence is the published notes of the public timeline; statistics are
the public statistics CSV's figures, small counts masked. Never an internal note, a staff
member, a status or a value still waiting for review."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Area, Metric, Recommendation, Status
from recommendations.selectors.statistics import cell_labels

from ..factories import EditorFactory, status_proposed
from ..public_data import NEVER_PUBLIC, build_next_year_version, build_site, build_statistics

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def api(client, path, query=""):
    response = client.get(f"{API}{path}" + (f"?{query}" if query else ""))
    assert response.status_code == 200, (path, query, response.content[:300])
    return response.json()


def every_page(client, path, query=""):
    """Every row of a paginated endpoint, page after page through its ``next`` links."""
    rows, url = [], f"{API}{path}" + (f"?{query}" if query else "")
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    return rows


def csv_rows(client, url):
    response = client.get(url)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def site():
    report = build_site(6)
    # One recommendation of 2020 carried into 2021, the others dropped by that report.
    build_next_year_version(report.recommendations.get(position=1), text="Fund the plan.")
    dropped = report.recommendations.get(position=2)
    dropped.closing_note = "The plan was adopted."
    dropped.save()
    return report


@pytest.mark.parametrize(
    "query", ["", "year=all", "year=2020&o=title", "year=all&area=protection&o=-status"]
)
def test_recommendation_fields_equal_the_public_csv_rows(client, site, query):
    areas, statuses = dict(Area.choices), dict(Status.choices)
    export = csv_rows(client, f"{reverse('recommendations:export')}?{query}")
    rows = every_page(client, "recommendations/", query)
    assert len(rows) == len(export) > 0
    for row, line in zip(rows, export, strict=True):
        carried_into = "; ".join(f"{s['report_year']} #{s['position']}" for s in row["successors"])
        supporting = sorted(m["name"] for m in row["supporting_ministries"])
        assert {
            "country": row["country"]["name"],
            "report_year": str(row["report_year"]),
            "position": str(row["position"]),
            "title": row["title"],
            "recommendation": row["text"],
            "area": str(areas[row["area"]]),
            "status": str(statuses[row["status"]]),
            "lead_ministry": (row["lead_ministry"] or {}).get("name", ""),
            "supporting_ministries": "; ".join(supporting),
            "target_date": row["target_date"] or "",
            "overdue": "yes" if row["overdue"] else "no",
            "last_status_change": row["last_status_change"] or "",
            "carried_into": carried_into,
            "dropped_from": str(row["dropped_from"] or ""),
            "closing_note": row["closing_note"],
            "url": row["page"],
        } == {key: line[key] for key in line if key != "latest_public_evidence"}


def test_a_recommendation_has_its_public_pages_thread(client, site):
    rec = site.recommendations.get(position=1)
    page = client.get(rec.get_absolute_url()).context
    body = api(client, f"recommendations/{rec.pk}/")
    assert [v["id"] for v in body["versions"]] == [v.pk for v, _previous in page["versions"]]
    assert [v["status"] for v in body["versions"]] == [v.status for v, _p in page["versions"]]
    assert [s["id"] for s in body["successors"]] == [s.pk for s in page["successors"]]
    assert body["predecessor"] == rec.previous_id
    # Every version names one thread, the id of its first version.
    threads = {api(client, f"recommendations/{v['id']}/")["thread"] for v in body["versions"]}
    assert threads == {rec.previous_id}


def test_a_dropped_recommendation_says_so_as_its_page_does(client, site):
    rec = site.recommendations.get(position=2)
    page = client.get(rec.get_absolute_url()).context
    body = api(client, f"recommendations/{rec.pk}/")
    assert body["dropped_from"] == page["dropped_from"] == 2021
    assert body["closing_note"] == "The plan was adopted."


def test_evidence_is_the_public_timelines_notes(client, site):
    for rec in site.recommendations.all():
        timeline = client.get(rec.get_absolute_url()).context["timeline"]
        shown = [
            (u.ref, u.on.isoformat(), u.text, u.link, u.recommendation.pk)
            for u in timeline
            if u.kind == "evidence"
        ]
        notes = every_page(client, "evidence/", f"thread={rec.previous_id}")
        assert [
            (n["id"], n["happened_on"], n["text"], n["link"], n["recommendation"]) for n in notes
        ] == shown
        assert shown


def test_no_endpoint_shows_an_internal_note_or_a_staff_member(client, site):
    build_statistics()
    rec = site.recommendations.get(position=1)
    note = every_page(client, "evidence/")[0]["id"]
    answers = [
        client.get(f"{API}{path}").content.decode()
        for path in [
            "countries/",
            "countries/saint-lucia/",
            "reports/",
            "recommendations/?year=all",
            f"recommendations/{rec.pk}/",
            "evidence/",
            f"evidence/{note}/",
            "statistics/",
        ]
    ]
    for answer in answers:
        for secret in NEVER_PUBLIC:
            assert secret not in answer


def test_an_internal_note_has_no_address(client, site):
    from recommendations.models import EvidenceNote

    internal = EvidenceNote.objects.exclude(visibility="public").first()
    EvidenceNote.objects.filter(pk=internal.pk).update(public_id="notpublished1")
    assert client.get(f"{API}evidence/notpublished1/").status_code == 404


def test_a_status_waiting_for_review_is_not_shown(client, site):
    rec = site.recommendations.get(position=4)  # not started
    editor = EditorFactory(ministries=[rec.lead_ministry])
    status_proposed(rec, user=editor, status=Status.COMPLETED)
    assert api(client, f"recommendations/{rec.pk}/")["status"] == Status.NOT_STARTED
    rows = every_page(client, "recommendations/", "status=completed")
    assert rec.pk not in {row["id"] for row in rows}


def test_statistics_equal_the_public_statistics_csv(client, site):
    build_statistics()
    body = api(client, "statistics/", "country=saint-lucia")
    export = csv_rows(client, f"{reverse('recommendations:statistics_export')}?country=saint-lucia")
    published = {
        (int(line["period"]), line["metric"], line["breakdown"]): line["value"]
        for line in export
        if not line["source"].startswith("TIP Report")
    }
    small = f"fewer than {body['small_count_threshold'] + 1}"
    shown = {}
    for metric in body["metrics"]:
        labels = cell_labels(Metric.objects.get(code=metric["code"]))
        for figures in metric["periods"]:
            if figures["total"] is None:
                continue
            shown[(figures["period"], metric["code"], "")] = str(figures["total"]["value"])
            for dimension in figures["breakdowns"]:
                for cell in dimension["cells"]:
                    value = {"shown": str(cell["value"]), "small": small}.get(
                        cell["state"], "withheld"
                    )
                    shown[(figures["period"], metric["code"], labels[cell["key"]])] = value
    assert shown == published
    # The small cells of 2024's victims (2 women of 6) are masked, never their count.
    victims = {m["code"]: m for m in body["metrics"]}["victims_identified"]
    cells = [c for p in victims["periods"] for d in p["breakdowns"] for c in d["cells"]]
    assert cells and all(cell["value"] is None for cell in cells)


def test_a_value_waiting_for_review_is_not_shown(client, site):
    police = build_statistics()
    editor = EditorFactory(ministries=[police])
    investigations = Metric.objects.get(code="investigations")
    investigations.ministries.add(police)
    waiting = services.statistics_enter(
        user=editor,
        ministry=police,
        period=2025,
        entries=[services.Entry(metric=investigations, cell="", value=Decimal(7777))],
    )
    assert [row.state for row in waiting] == ["pending"]
    body = api(client, "statistics/", "country=saint-lucia")
    totals = {
        p["period"]: p["total"]
        for m in body["metrics"]
        if m["code"] == "investigations"
        for p in m["periods"]
    }
    assert totals[2025]["value"] == 3
    assert "7777" not in client.get(f"{API}statistics/").content.decode()


def test_countries_and_reports_are_the_dashboards(client, site):
    countries = api(client, "countries/")
    assert countries == [
        {
            "slug": "saint-lucia",
            "name": "Saint Lucia",
            "reports": [
                {"year": 2019, "tier": "Tier 2 Watch List"},
                {"year": 2020, "tier": "Tier 2"},
                {"year": 2021, "tier": "Tier 2"},
            ],
        }
    ]
    timeline = client.get(reverse("recommendations:home")).context["timeline"]
    assert [(r.year, r.tier) for r in timeline] == [
        (r["year"], r["tier"]) for r in countries[0]["reports"]
    ]
    reports = api(client, "reports/", "country=saint-lucia&year=2020")["results"]
    assert reports == [
        {
            "country": {"slug": "saint-lucia", "name": "Saint Lucia"},
            "year": 2020,
            "tier": "Tier 2",
            "recommendation_count": 6,
        }
    ]


def test_an_unknown_recommendation_or_country_is_not_found(client, site):
    assert client.get(f"{API}recommendations/{2**63}/").status_code == 404
    assert client.get(f"{API}recommendations/99999/").status_code == 404
    assert client.get(f"{API}countries/nowhere/").status_code == 404
    response = client.get(f"{API}statistics/?country=nowhere")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_dates_are_iso_dates(client, site):
    row = api(client, "recommendations/", "year=2020&o=title")["results"][0]
    assert datetime.date.fromisoformat(row["target_date"]) == datetime.date(2020, 12, 31)
    assert Recommendation.objects.get(pk=row["id"]).target_date.isoformat() == row["target_date"]
