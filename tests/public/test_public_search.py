"""The public search costs the same whatever is typed: only its first words count, on the list
and in the CSV export, and a longer search is answered with a note, never a server error."""

import csv
import io
import re
import string

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.public.filters import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, search_words

from ..public_data import EXPORT, LIST, build_site

pytestmark = pytest.mark.django_db

CUT_NOTE = "were used; the rest was ignored"


def many_words(count):
    """``count`` distinct words of two to four characters."""
    return " ".join(string.ascii_lowercase[i % 26] + str(i // 26) for i in range(count))


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline="")))[1:]


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_a_search_of_five_thousand_words_is_answered_not_a_server_error(client, url):
    build_site(2)
    client.raise_request_exception = False
    response = client.get(url, {"q": many_words(5000)})
    assert response.status_code == 200


THREAD_PATH_LIKE = re.compile(r'"thread_path"(?:::text)?\)?\s+LIKE\b')


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_a_long_search_holds_at_most_the_bounded_number_of_conditions(client, url):
    build_site(2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": many_words(2000)})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    # Each word is looked for in the title and in the text; a read across the thread compares
    # paths with two fixed conditions, whatever the search.
    conditions = [
        len(re.findall(r"\bLIKE\b", q["sql"])) - len(THREAD_PATH_LIKE.findall(q["sql"]))
        for q in queries.captured_queries
    ]
    assert 0 < max(conditions) <= 2 * SEARCH_MAX_WORDS


def test_only_the_first_words_of_a_search_count_on_the_list_and_in_the_csv(client):
    build_site(4)
    # The words that count find recommendation 2 of 2020; a word past the bound would find
    # nothing if it counted.
    query = {"q": "ADOPT fund NUMBER 1 " * 30 + "absent-word"}
    listed = client.get(LIST, query).context["recommendations"]
    assert [(rec.report.year, rec.position) for rec in listed] == [(2020, 2)]
    rows = csv_rows(client.get(EXPORT, query))
    assert len(rows) == 1


def test_the_words_that_count_are_the_first_distinct_ones_within_the_length():
    assert search_words("plan plan PLAN law") == (["plan", "PLAN", "law"], False)
    words, cut = search_words(many_words(SEARCH_MAX_WORDS + 1))
    assert len(words) == SEARCH_MAX_WORDS and cut
    words, cut = search_words("x" * (SEARCH_MAX_LENGTH + 50))
    assert words == ["x" * SEARCH_MAX_LENGTH] and cut
    assert search_words("   ") == ([], False)


def test_the_list_says_when_words_of_a_search_were_ignored(client):
    build_site(1)
    assert CUT_NOTE not in client.get(LIST, {"q": "plan"}).content.decode()
    content = client.get(LIST, {"q": many_words(40)}).content.decode()
    assert (
        f"Only the first {SEARCH_MAX_WORDS} words and {SEARCH_MAX_LENGTH} characters "
        "of your search were used; the rest was ignored." in content
    )


def test_the_note_on_an_ignored_part_of_a_search_is_in_french_on_french_pages(client):
    build_site(1)
    content = client.get(f"/fr{LIST}", {"q": many_words(40)}).content.decode()
    assert CUT_NOTE not in content
    assert f"Seuls les {SEARCH_MAX_WORDS} premiers mots" in content
