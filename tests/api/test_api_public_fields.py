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
from django.utils import translation

from recommendations import services
from recommendations.models import (
    Area,
    EvidenceNote,
    Metric,
    Ministry,
    Recommendation,
    Status,
)
from recommendations.selectors.statistics import cell_labels

from ..factories import EditorFactory, status_proposed
from ..public_data import (
    NEVER_PUBLIC,
    SITE_FR,
    build_french_versions,
    build_next_year_version,
    build_site,
    build_statistics,
)

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
    build_french_versions(report.recommendations.get(position=1))
    return report


# The public CSV's columns the API gives elsewhere: the latest evidence is the evidence
# endpoint's, the documents are downloaded from the public pages.
NOT_IN_THE_ROW = {"latest_public_evidence", "latest_public_evidence_fr", "documents"}


def _joined(names) -> str:
    return "; ".join(sorted(names))


@pytest.mark.parametrize(
    "query", ["", "year=all", "year=2020&o=title", "year=all&area=protection&o=-status"]
)
def test_recommendation_fields_equal_the_public_csv_rows(client, site, query):
    areas, statuses = dict(Area.choices), dict(Status.choices)
    with translation.override("fr"):
        areas_fr = {value: str(label) for value, label in Area.choices}
        statuses_fr = {value: str(label) for value, label in Status.choices}
    export = csv_rows(client, f"{reverse('recommendations:export')}?{query}")
    rows = every_page(client, "recommendations/", query)
    assert len(rows) == len(export) > 0
    for row, line in zip(rows, export, strict=True):
        carried_into = "; ".join(f"{s['report_year']} #{s['position']}" for s in row["successors"])
        supporting = row["supporting_ministries"]
        lead = row["lead_ministry"] or {}
        # A ministry list is named in French where there is a French name, else in English.
        line["supporting_ministries"] = _joined(line["supporting_ministries"].split("; "))
        line["supporting_ministries_fr"] = _joined(line["supporting_ministries_fr"].split("; "))
        assert {
            "country": row["country"]["name"],
            "report_year": str(row["report_year"]),
            "position": str(row["position"]),
            "title": row["title"],
            "recommendation": row["text"],
            "area": str(areas[row["area"]]),
            "status": str(statuses[row["status"]]),
            "lead_ministry": lead.get("name", ""),
            "supporting_ministries": _joined(m["name"] for m in supporting),
            "target_date": row["target_date"] or "",
            "overdue": "yes" if row["overdue"] else "no",
            "last_status_change": row["last_status_change"] or "",
            "carried_into": carried_into,
            "dropped_from": str(row["dropped_from"] or ""),
            "closing_note": row["closing_note"],
            "url": row["page"],
            "country_fr": row["country"]["name_fr"] or "",
            "title_fr": row["title_fr"] or "",
            "recommendation_fr": row["text_fr"] or "",
            "area_fr": areas_fr[row["area"]],
            "status_fr": statuses_fr[row["status"]],
            "lead_ministry_fr": lead.get("name_fr") or "",
            "supporting_ministries_fr": _joined(m["name_fr"] or m["name"] for m in supporting),
        } == {key: line[key] for key in line if key not in NOT_IN_THE_ROW}
    # The French columns were compared with French, not only with empty cells.
    assert {line["country_fr"] for line in export} == {SITE_FR.country}
    translated = site.recommendations.get(position=1).pk in {row["id"] for row in rows}
    assert translated or query != "year=all"
    assert {line["title_fr"] for line in export} - {""} == (
        {SITE_FR.title} if translated else set()
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_french_version_is_in_the_french_field_the_english_stays_english(client, site, language):
    """Whatever the reader's language, ``title`` is the English and ``title_fr`` the French
    version, null where staff entered none."""
    client.cookies["django_language"] = language
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    first = site.recommendations.get(position=1)
    other = site.recommendations.get(position=3)
    rows = {
        row["id"]: row
        for row in client.get(f"{API}recommendations/?year=2020", **headers).json()["results"]
    }
    detail = client.get(f"{API}recommendations/{first.pk}/", **headers).json()
    for row in [rows[first.pk], detail]:
        assert (row["title"], row["title_fr"]) == (first.title_en, SITE_FR.title)
        assert (row["text"], row["text_fr"]) == (first.text_en, SITE_FR.text)
        assert row["country"] == {
            "slug": "saint-lucia",
            "name": "Saint Lucia",
            "name_fr": SITE_FR.country,
        }
        lead = row["lead_ministry"]
        assert (lead["name"], lead["name_fr"]) == (first.lead_ministry.name_en, SITE_FR.ministry)
    untranslated = rows[other.pk]
    assert untranslated["title"] == other.title_en and untranslated["title_fr"] is None
    assert untranslated["text_fr"] is None and untranslated["lead_ministry"]["name_fr"] is None
    notes = every_page(client, "evidence/", f"recommendation={first.pk}")
    assert [(n["text"], n["text_fr"]) for n in notes] == [
        ("Public evidence 0: the plan was tabled in Parliament.", SITE_FR.note)
    ]
    assert {
        n["text_fr"] for n in every_page(client, "evidence/", f"recommendation={other.pk}")
    } == {None}
    countries = client.get(f"{API}countries/", **headers).json()
    assert [(c["name"], c["name_fr"]) for c in countries] == [("Saint Lucia", SITE_FR.country)]


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
            "name_fr": SITE_FR.country,
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
            "country": {"slug": "saint-lucia", "name": "Saint Lucia", "name_fr": SITE_FR.country},
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


def test_statistics_name_metrics_and_sources_in_both_languages_as_the_csv(client, site):
    police = build_statistics()
    Metric.objects.filter(code="investigations").update(name_fr="Enquêtes ouvertes")
    Ministry.objects.filter(pk=police.pk).update(name_fr="Police royale")
    body = api(client, "statistics/", "country=saint-lucia")
    export = csv_rows(client, f"{reverse('recommendations:statistics_export')}?country=saint-lucia")
    assert (body["country"]["name"], body["country"]["name_fr"]) == ("Saint Lucia", SITE_FR.country)
    metrics = {metric["code"]: metric for metric in body["metrics"]}
    investigations = metrics["investigations"]
    assert investigations["name"] == Metric.objects.get(code="investigations").name_en
    assert investigations["name_fr"] == "Enquêtes ouvertes"
    assert metrics["victims_identified"]["name_fr"] is None
    total = next(p["total"] for p in investigations["periods"] if p["total"])
    assert (total["source"], total["source_fr"]) == ("Royal Police Force", "Police royale")
    # The CSV's French columns say the same.
    names = {(line["metric"], line["source"]): line for line in export}
    line = names[("investigations", "Royal Police Force")]
    assert (line["metric_name_fr"], line["source_fr"]) == ("Enquêtes ouvertes", "Police royale")
    assert {line["country_fr"] for line in export} == {SITE_FR.country}
