"""The methodology page, /about/ and /fr/about/: the statuses, who decides and reviews them, the
thread's words, the periods, the small-count rule and the licence, as the site's settings make
them; linked from every page and cached like the other public pages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from recommendations.models import Status
from recommendations.public.about import DATA_LICENCE_NAME, DATA_LICENCE_URL, STATUS_MEANINGS

from ..factories import RecommendationFactory
from .test_caching import queries_for

pytestmark = pytest.mark.django_db

ABOUT = reverse("recommendations:about")


def text_of(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_about_names_every_status_with_its_meaning(client):
    text = text_of(client.get(ABOUT))
    for status in Status:
        assert str(status.label) in text
        assert str(STATUS_MEANINGS[status]) in text
    assert "Carried over" in text and "Dropped" in text


def test_about_says_the_small_count_threshold_of_the_setting(client, settings):
    settings.TIPT_SMALL_COUNT_THRESHOLD = 7
    text = text_of(client.get(ABOUT))
    assert "a cell of 1 to 7 people is shown as “fewer than 8”" in text


@pytest.mark.parametrize(
    ("rule", "said", "not_said"),
    [
        ("all", "Every status change an editor makes is a proposal", "Other changes take effect"),
        (
            "completed",
            "A change to “Completed” made by an editor is a proposal",
            "Every status change an",
        ),
        ("none", "takes effect when they save it", "is a proposal"),
    ],
)
def test_about_says_which_status_changes_the_secretariat_reviews(
    client, settings, rule, said, not_said
):
    settings.TIPT_STATUS_REVIEW = rule
    text = text_of(client.get(ABOUT))
    assert said in text
    assert not_said not in text
    assert "The secretariat's own changes need no approval." in text


def test_about_states_the_current_reporting_period(client, settings):
    with translation.override("en"):
        text = text_of(client.get(ABOUT))
    assert re.search(r"period (\d{4}), from 1 April (\d{4}) to 31 March \1", text)


def test_about_states_the_licence_with_a_link(client):
    html = client.get(ABOUT).content.decode()
    assert f'<a href="{DATA_LICENCE_URL}" rel="license">' in html
    assert DATA_LICENCE_NAME in html


def test_about_in_french(client, settings):
    settings.TIPT_SMALL_COUNT_THRESHOLD = 4
    response = client.get("/fr" + ABOUT)
    text = text_of(response)
    assert '<html lang="fr">' in response.content.decode()
    assert "Comment lire les données" in text
    assert "une case de 1 à 4 personnes s'affiche « moins de 5 »" in text
    assert "Non commencée" in text and "Reprise" in text and "Abandonnée" in text
    assert "licence Creative Commons" in text


@pytest.mark.parametrize("url", ["/", "/recommendations/", "/statistics/", "/fr/"])
def test_every_page_links_to_about_in_its_navigation_and_footer(client, url):
    RecommendationFactory()
    html = client.get(url).content.decode()
    about = "/fr" + ABOUT if url.startswith("/fr/") else ABOUT
    nav, footer = html.split("</header>")[0], html.split('<footer class="site-footer">')[1]
    assert f'href="{about}"' in nav
    assert f'href="{about}"' in footer


def test_about_is_marked_current_in_the_navigation_on_itself(client):
    assert f'href="{ABOUT}" aria-current="page"' in client.get(ABOUT).content.decode()


def test_about_is_cached_like_the_other_public_pages(client):
    first = client.get(ABOUT).content
    assert queries_for(client, ABOUT) == 1  # the page versions, then the cache
    assert client.get(ABOUT).content == first


@pytest.mark.parametrize(
    "url",
    ["/", "/recommendations/", "/statistics/", ABOUT, "/fr/", "/fr" + ABOUT, "/no-such-page/"],
)
def test_every_public_page_has_its_own_meta_description(client, url):
    RecommendationFactory()
    html = client.get(url).content.decode()
    descriptions = re.findall(r'<meta name="description" content="([^"]+)">', html)
    assert len(descriptions) == 1 and len(descriptions[0]) > 50, url
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_meta_descriptions_differ_by_page_and_language(client):
    rec = RecommendationFactory()
    urls = ["/", "/recommendations/", rec.get_absolute_url(), "/statistics/", ABOUT]
    urls += ["/fr" + url for url in urls]
    found = {
        url: re.search(
            r'<meta name="description" content="([^"]+)">', client.get(url).content.decode()
        )[1]
        for url in urls
    }
    assert len(set(found.values())) == len(urls), found
