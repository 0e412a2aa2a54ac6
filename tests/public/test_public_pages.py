import datetime
import re

import pytest
from django.urls import reverse
from django.views.defaults import server_error

from recommendations.models import EvidenceNote, Recommendation, Tier, Visibility
from recommendations.selectors.updates import safe_link
from recommendations.templatetags.tipt_public import word_diff

from ..factories import (
    CountryFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
)
from ..public_data import HOME, LIST, NEVER_PUBLIC, build_site

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def listed(client, query=""):
    """The recommendations a list page shows, as (year, position) in page order."""
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    return [(rec.report.year, rec.position) for rec in response.context["recommendations"]]


# --- the dashboard --------------------------------------------------------------------------


def test_dashboard_shows_progress_of_the_default_countrys_latest_report(client):
    build_site(8)
    CountryFactory(name="Barbados", slug="barbados")  # no report: never chosen
    response = client.get(HOME)
    content = response.content.decode()
    assert response.context["report"].year == 2020
    assert "Saint Lucia: the 2020 TIP Report recommendations" in content
    # Statuses cycle in-progress, completed, stalled, not started: 2 of each of 8.
    assert "2 of 8 completed" in content
    assert '<progress id="overall-progress" max="8" value="2"' in content
    overall = response.context["overall"]
    assert [count for _status, _label, count in overall.by_status()] == [2, 2, 2, 2]
    # Even positions have a 2020 target date; the unfinished ones among them are overdue.
    assert response.context["overdue"] == 4
    assert "?country=saint-lucia&amp;year=2020&amp;overdue=yes" in content


def test_dashboard_counts_by_area_and_lead_ministry(client):
    build_site(8)
    response = client.get(HOME)
    areas = {
        str(tally.label): (tally.total, tally.completed) for tally in response.context["areas"]
    }
    # Areas cycle through the four; completed ones are positions 2 and 6 (both protection).
    assert areas == {
        "Prosecution": (2, 0),
        "Protection": (2, 2),
        "Prevention": (2, 0),
        "Partnership": (2, 0),
    }
    ministries = {tally.label: tally.total for tally in response.context["ministries"]}
    assert ministries == {
        "Saint Lucia Ministry 0": 3,
        "Saint Lucia Ministry 1": 3,
        "Saint Lucia Ministry 2": 2,
    }
    content = response.content.decode()
    assert content.count('class="status-bar status-bar-small"') == 4 + 3


def test_dashboard_ministry_table_lists_unassigned_recommendations_last(client):
    report = build_site(2)
    RecommendationFactory(report=report, position=3, lead_ministry=None)
    labels = [tally.label for tally in client.get(HOME).context["ministries"]]
    assert labels[-1] == "No lead ministry yet" and len(labels) == 3


def test_dashboard_status_bar_widths_follow_the_counts(client):
    build_site(4)
    content = page(client, HOME)
    bar = content[content.index('class="status-bar status-bar-large"') :]
    bar = bar[: bar.index("</svg>")]
    widths = re.findall(
        r'class="segment segment-(\w+)"[^>]* x="([\d.]+)" y="0" width="([\d.]+)"', bar
    )
    assert widths == [
        ("not_started", "0.000", "25.000"),
        ("in_progress", "25.000", "25.000"),
        ("stalled", "50.000", "25.000"),
        ("completed", "75.000", "25.000"),
    ]


def test_dashboard_tier_timeline_links_every_year(client):
    build_site(2)
    content = page(client, HOME)
    assert "Tier 2 Watch List" in content
    assert "?country=saint-lucia&amp;year=2019" in content
    earlier = client.get(f"{HOME}?country=saint-lucia&year=2019")
    assert earlier.context["report"].year == 2019
    assert earlier.context["report"].tier == Tier.TIER_2_WATCH_LIST


def test_dashboard_switches_country_without_javascript(client):
    build_site(2)
    other = ReportFactory(country=CountryFactory(name="Barbados", slug="barbados"), year=2021)
    RecommendationFactory(report=other, position=1, title="Barbados first recommendation")
    content = page(client, HOME)
    assert '<select name="country" id="country-switch">' in content
    assert '<option value="barbados">Barbados</option>' in content
    assert '<option value="saint-lucia" selected>Saint Lucia</option>' in content
    switched = client.get(f"{HOME}?country=barbados")
    assert switched.context["report"] == other
    assert "Barbados first recommendation" in switched.content.decode()


def test_dashboard_hides_the_switcher_with_a_single_country(client):
    build_site(2)
    assert 'id="country-switch"' not in page(client, HOME)


def test_dashboard_answers_404_for_an_unknown_country_or_year(client):
    build_site(1)
    page(client, f"{HOME}?country=atlantis", status=404)
    page(client, f"{HOME}?country=saint-lucia&year=1999", status=404)


def test_dashboard_falls_back_to_the_latest_report_without_the_default_country(client, settings):
    settings.TIPT_DEFAULT_COUNTRY = "nowhere"
    build_site(1)
    assert client.get(HOME).context["report"].year == 2020


def test_dashboard_without_any_report_says_so(client):
    assert "No report has been imported yet" in page(client, HOME)


def test_dashboard_latest_updates_show_public_evidence_and_status_changes(client):
    build_site(3)
    content = page(client, HOME)
    assert "Public evidence 2: the plan was tabled in Parliament." in content
    assert "Status now:" in content


# --- the list -------------------------------------------------------------------------------


def test_list_rows_show_position_title_status_ministry_target_date_and_last_update(client):
    build_site(1)
    content = page(client, f"{LIST}?year=2020")
    row = content[content.index("<tbody>") : content.index("</tbody>")]
    assert '<td class="rec-position" data-label="No.">1</td>' in row
    assert "Adopt and fund the national action plan, number 0" in row
    assert 'class="badge badge-in_progress"' in row and "In progress" in row
    assert "Saint Lucia Ministry 0" in row
    assert '<time datetime="2020-12-31">' in row and "Overdue" in row
    # The last update is the later of the status change (Jan 1 2021) and the evidence (Nov 1).
    assert '<time datetime="2021-01-01">' in row


def test_list_without_filters_shows_the_latest_report_in_priority_order(client):
    build_site(2)
    assert listed(client) == [(2020, 1), (2020, 2)]


def test_list_of_all_years_shows_latest_report_first_in_priority_order(client):
    build_site(2)
    assert listed(client, "year=all") == [(2020, 1), (2020, 2), (2019, 1), (2019, 2)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2019", [(2019, 1), (2019, 2), (2019, 3), (2019, 4)]),
        ("year=2020&status=completed", [(2020, 2)]),
        ("year=all&status=not_started", [(2020, 4), (2019, 1), (2019, 2), (2019, 3), (2019, 4)]),
        ("year=2020&area=protection", [(2020, 2)]),
        ("area=partnership", [(2020, 4)]),
        ("year=2020&overdue=yes", [(2020, 1), (2020, 3)]),
        ("year=2020&overdue=no", [(2020, 2), (2020, 4)]),
        ("year=all&q=number+3", [(2020, 4), (2019, 4)]),
        ("q=number+3", [(2020, 4)]),
        ("q=ADOPT+fund+NUMBER+1", [(2020, 2)]),
        ("country=saint-lucia&year=2020&q=draft", []),
    ],
)
def test_list_filters(client, query, expected):
    build_site(4)
    assert listed(client, query) == expected


def test_list_ministry_filter_matches_lead_or_supporting(client):
    build_site(4)
    # Ministry 1 leads position 2 and supports positions 1 and 4 (each is supported by the
    # next ministry of three).
    slug = Recommendation.objects.get(report__year=2020, position=2).lead_ministry.slug
    assert listed(client, f"year=2020&ministry={slug}") == [(2020, 1), (2020, 2), (2020, 4)]


def test_list_country_filter(client):
    build_site(1)
    other = ReportFactory(country=CountryFactory(name="Barbados", slug="barbados"), year=2020)
    RecommendationFactory(report=other, position=1)
    assert listed(client, "country=barbados") == [(2020, 1)]
    assert len(listed(client)) == 2  # each country's latest report
    assert len(listed(client, "year=all")) == 3


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("year", [(2019, 1), (2019, 2), (2019, 3), (2020, 1), (2020, 2), (2020, 3)]),
        ("-status", [(2020, 2), (2020, 3), (2020, 1), (2019, 1), (2019, 2), (2019, 3)]),
        ("status", [(2019, 1), (2019, 2), (2019, 3), (2020, 1), (2020, 3), (2020, 2)]),
        ("-title", [(2019, 3), (2019, 2), (2019, 1), (2020, 3), (2020, 2), (2020, 1)]),
        ("target_date", [(2020, 1), (2020, 3), (2020, 2), (2019, 1), (2019, 2), (2019, 3)]),
        # A 2019 recommendation's last update is its thread's: that of its 2020 successor.
        ("-last_update", [(2020, 3), (2019, 3), (2020, 2), (2019, 2), (2020, 1), (2019, 1)]),
    ],
)
def test_list_sorts_by_the_whitelisted_orderings(client, ordering, expected):
    build_site(3)
    assert listed(client, f"year=all&o={ordering}") == expected


def test_list_refuses_an_ordering_outside_the_whitelist(client):
    build_site(2)
    response = client.get(f"{LIST}?o=lead_ministry__staff__password")
    assert response.status_code == 200
    assert list(response.context["recommendations"]) == []
    assert "Some filters were not understood" in response.content.decode()


def test_list_paginates_and_page_links_keep_the_filters(client):
    build_site(25)
    first = client.get(f"{LIST}?year=2020&o=title")
    assert len(first.context["recommendations"]) == 20
    content = first.content.decode()
    assert "Page 1 of 2" in content
    assert 'href="?year=2020&amp;o=title&amp;page=2"' in content
    second = client.get(f"{LIST}?year=2020&o=title&page=2")
    assert len(second.context["recommendations"]) == 5
    page(client, f"{LIST}?page=99", status=404)


def test_list_download_link_carries_the_filters_but_not_the_page(client):
    build_site(25)
    content = page(client, f"{LIST}?year=2020&status=stalled&page=1")
    export = reverse("recommendations:export")
    assert f'href="{export}?year=2020&amp;status=stalled">Download CSV</a>' in content


def test_list_form_shows_the_chosen_filters(client):
    build_site(2)
    content = page(client, f"{LIST}?status=stalled&q=plan")
    assert '<option value="stalled" selected>Stalled</option>' in content
    assert 'name="q" value="plan"' in content


# --- one recommendation ---------------------------------------------------------------------


def test_detail_shows_text_status_ministries_and_target_date(client):
    report = build_site(2)
    rec = report.recommendations.get(position=1)
    content = page(client, rec.get_absolute_url())
    assert rec.text in content
    assert 'class="badge badge-in_progress"' in content
    assert "Saint Lucia Ministry 0" in content  # lead
    assert "Saint Lucia Ministry 1" in content  # supporting
    assert '<time datetime="2020-12-31">' in content and "Overdue" in content


def test_detail_shows_each_version_across_the_years_with_a_word_diff(client):
    report = build_site(1)
    rec = report.recommendations.get()
    later = RecommendationFactory(
        report=ReportFactory(country=report.country, year=2021),
        position=4,
        text="Fund the national action plan, number 0, to fight trafficking.",
        previous=rec,
    )
    content = page(client, rec.get_absolute_url())
    assert f'href="{rec.previous.get_absolute_url()}"' in content
    assert f'href="{later.get_absolute_url()}"' in content
    assert "2020, recommendation 1 (this page)" in content
    # 2019 -> 2020: "Draft a" became "Adopt and fund the".
    assert (
        '<del><span class="visually-hidden">removed: </span>Draft a</del> '
        '<ins><span class="visually-hidden">added: </span>Adopt and fund the</ins> '
        "national action plan"
    ) in content
    # 2020 -> 2021: "Adopt and fund" became "Fund".
    assert '<ins><span class="visually-hidden">added: </span>Fund</ins>' in content


def test_detail_of_an_earlier_version_links_to_the_later_one(client):
    report = build_site(1)
    rec = report.recommendations.get()
    content = page(client, rec.previous.get_absolute_url())
    assert f'href="{rec.get_absolute_url()}"' in content
    assert "2019, recommendation 1 (this page)" in content


def test_detail_without_lineage_says_so(client):
    rec = RecommendationFactory()
    assert "No earlier or later version" in page(client, rec.get_absolute_url())


def test_detail_timeline_dates_status_changes_and_public_evidence_with_links(client):
    report = build_site(1)
    rec = report.recommendations.get()
    content = page(client, rec.get_absolute_url())
    timeline = content[content.index('<ol class="timeline">') :]
    assert '<time datetime="2021-01-01">' in timeline
    assert "Status changed from Not started to In progress." in timeline
    assert "Public evidence 0: the plan was tabled in Parliament." in timeline
    assert 'href="https://example.gov/plan.pdf"' in timeline
    # Latest date first.
    assert timeline.index("2021-01-01") < timeline.index("2020-11-01")
    change = rec.status_changes.get()
    note = rec.evidence_notes.public().get()
    assert f'id="status-{change.pk}"' in timeline and f'id="evidence-{note.public_id}"' in timeline


def test_detail_of_an_unknown_recommendation_is_404(client):
    page(client, reverse("recommendations:detail", args=[999999]), status=404)


def test_word_diff_escapes_every_word():
    html = word_diff("Train <b>police</b> officers", 'Train <script>alert("x")</script> judges')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert html.startswith("Train <del>")


def test_word_diff_of_identical_text_marks_nothing():
    assert word_diff("Same words here.", "Same words here.") == "Same words here."


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.gov/a.pdf", True),
        ("HTTP://example.gov/a", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.gov/a", False),
        ("ftp://example.gov/a", False),
        ("http:///nohost", False),
        ("", False),
    ],
)
def test_only_http_links_are_kept(url, kept):
    assert safe_link(url) == (url.strip() if kept else "")


def test_a_javascript_link_never_becomes_an_href(client):
    rec = RecommendationFactory()
    # Saved past the form's validation, as a direct database write could.
    EvidenceNoteFactory(
        recommendation=rec,
        happened_on=datetime.date(2020, 1, 1),
        text="Published with a bad link",
        link="javascript:alert(document.cookie)",
        visibility=Visibility.PUBLIC,
    )
    for url in (rec.get_absolute_url(), HOME, reverse("recommendations:feed")):
        content = page(client, url)
        assert "javascript:" not in content.lower(), url
    assert "Published with a bad link" in page(client, rec.get_absolute_url())


def test_markup_in_staff_fields_renders_inert(client):
    ministry = MinistryFactory(name="<script>alert('m')</script>")
    rec = RecommendationFactory(
        title="<img src=x onerror=alert(1)>",
        text="<script>alert('t')</script>",
        lead_ministry=ministry,
        report=ReportFactory(country=CountryFactory(slug="saint-lucia")),
    )
    EvidenceNoteFactory(recommendation=rec, text="<script>alert('n')</script>", visibility="public")
    for url in (HOME, LIST, rec.get_absolute_url()):
        content = page(client, url)
        assert "<script>alert" not in content and "<img src=x" not in content, url
        assert "&lt;script&gt;alert(" in content, url


# --- nothing internal, ever ------------------------------------------------------------------


def test_internal_notes_staff_names_and_emails_never_appear_on_any_public_response(client):
    report = build_site(3)
    rec = report.recommendations.get(position=1)
    urls = [
        HOME,
        f"{HOME}?country=saint-lucia&year=2019",
        LIST,
        f"{LIST}?q=SENTINEL",
        rec.get_absolute_url(),
        rec.previous.get_absolute_url(),
        reverse("recommendations:export"),
        reverse("recommendations:feed"),
        "/fr/",
        f"/fr{rec.get_absolute_url()}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        for secret in NEVER_PUBLIC:
            assert secret not in text, (url, secret)
    # The internal note exists, and a search for its words finds nothing public.
    assert EvidenceNote.objects.filter(visibility=Visibility.INTERNAL).count() == 3
    assert listed(client, "q=Jane+Roe") == []


# --- error pages and languages ---------------------------------------------------------------


def test_not_found_page_is_friendly_and_in_the_sites_look(client):
    response = client.get("/no-such-page/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in content and 'href="/static/css/site.css"' in content
    assert f'href="{LIST}"' in content


def test_server_error_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in content and 'href="/static/css/site.css"' in content


def test_a_french_page_shows_french_text(client):
    build_site(2)
    content = page(client, "/fr/")
    assert '<html lang="fr">' in content
    assert "Tableau de bord" in content
    assert "Progression globale" in content
    # The country's name has no French version: the English, marked as such.
    assert '<span lang="en">Saint Lucia</span> : les recommandations du rapport TIP 2020' in content
    listing = page(client, f"/fr{LIST}?status=in_progress")
    assert "En cours" in listing and "Télécharger le CSV" in listing


def test_each_page_links_to_itself_in_the_other_language(client):
    report = build_site(1)
    rec = report.recommendations.get()
    content = page(client, f"{rec.get_absolute_url()}")
    assert f'<a href="/fr{rec.get_absolute_url()}" lang="fr" hreflang="fr">Français</a>' in content
    french = page(client, f"/fr{LIST}?status=stalled")
    assert f'<a href="{LIST}?status=stalled" lang="en" hreflang="en">English</a>' in french


def test_english_pages_keep_their_fixed_paths_whatever_the_browser_language(client):
    build_site(1)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/recommendations/99999999999999999999999/",
        f"{HOME}?country=saint-lucia&year=99999999999999999999",
    ],
)
def test_out_of_range_numbers_are_not_found_rather_than_errors(client, url):
    build_site(1)
    page(client, url, status=404)


@pytest.mark.parametrize(
    "query",
    ["year=99999999999999999999", "q=nul%00byte", "ministry=x%00y", "country=%00", "o=,,"],
)
def test_list_and_export_survive_odd_query_strings(client, query):
    build_site(1)
    page(client, f"{LIST}?{query}")
    page(client, f"{reverse('recommendations:export')}?{query}")
