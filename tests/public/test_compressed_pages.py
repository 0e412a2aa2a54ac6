"""Cached public pages go out compressed to browsers that accept gzip, and whole to the others;
a key's day turns at the site's midnight."""

import datetime
import gzip
import zoneinfo
from unittest import mock

import pytest
from django.test import Client

from recommendations.public import cache as page_cache
from recommendations.public import middleware

from ..public_data import build_site

pytestmark = pytest.mark.django_db

PAGES = ["/", "/recommendations/", "/recommendations/?status=in_progress", "/fr/"]


@pytest.fixture
def site(db):
    return build_site(3)


def asked(url, encoding=None, method="get"):
    """A visitor without a session (served by PublicPageMiddleware), accepting ``encoding``."""
    headers = {} if encoding is None else {"accept-encoding": encoding}
    response = getattr(Client(), method)(url, headers=headers)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("url", PAGES)
def test_a_page_is_compressed_for_a_browser_that_accepts_gzip_and_reads_the_same(site, url):
    whole = asked(url)  # rendered, then stored
    assert "Content-Encoding" not in whole
    for _first_then_from_the_cache in range(2):
        compressed = asked(url, "gzip, deflate, br")
        assert compressed["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed.content) == whole.content
        assert int(compressed["Content-Length"]) == len(compressed.content)
        assert len(compressed.content) < len(whole.content) / 3
        # Both forms say they depend on Accept-Encoding, so no shared cache mixes them up.
        for response in (whole, compressed):
            assert "Accept-Encoding" in response["Vary"]
        assert compressed["Content-Security-Policy"] == whole["Content-Security-Policy"]
        assert compressed["Content-Language"] == whole["Content-Language"]


def test_the_first_view_of_a_page_is_compressed_too(site):
    response = asked("/recommendations/?area=prevention", "gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"<!DOCTYPE html>" in gzip.decompress(response.content)


@pytest.mark.parametrize(
    ("encoding", "compressed"),
    [
        ("gzip", True),
        ("GZIP;q=0.5, identity", True),
        ("br, gzip;q=1.0", True),
        ("gzip;q=0", False),
        ("gzip; q=0.000, deflate", False),
        ("deflate, br", False),
        ("", False),
        ("xgzip", False),
    ],
)
def test_only_a_browser_that_accepts_gzip_gets_it(site, encoding, compressed):
    asked("/")
    response = asked("/", encoding)
    assert (response.get("Content-Encoding") == "gzip") is compressed
    assert response.content.startswith(b"\x1f\x8b") is compressed


def test_head_of_a_compressed_page_gives_its_length_and_no_body(site):
    body = asked("/", "gzip").content
    head = asked("/", "gzip", method="head")
    assert head.content == b""
    assert int(head["Content-Length"]) == len(body)


def test_a_signed_in_staff_member_gets_the_page_whole(client, site, django_user_model):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    asked("/", "gzip")
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"<!DOCTYPE html>")


@pytest.mark.parametrize("zone", ["America/St_Lucia", "Pacific/Kiritimati", "UTC"])
def test_the_day_of_a_key_turns_at_the_sites_midnight(settings, zone):
    settings.TIME_ZONE = zone
    local = zoneinfo.ZoneInfo(zone)
    midnight = datetime.datetime(2027, 3, 31, tzinfo=local)
    now = [(midnight - datetime.timedelta(seconds=1)).timestamp()]
    today = page_cache.Today(clock=lambda: now[0])
    assert today() == "2027-03-30"
    now[0] += 1
    assert today() == "2027-03-31"
    # Read once a minute at the most, and never carried past a midnight.
    now[0] += 30
    assert today() == "2027-03-31"
    now[0] = (midnight + datetime.timedelta(days=1)).timestamp()
    assert today() == "2027-04-01"


def test_a_key_names_its_entry_form_so_an_earlier_release_entries_are_never_read(rf):
    key = page_cache.page_key(rf.get("/"), "1.c7", "final")
    assert key.startswith(f"final{page_cache.ENTRY_FORMAT}:1.c7:")


def test_addresses_are_remembered_for_short_query_strings_only(site):
    middleware.remembered_addresses.clear()
    short = "/recommendations/?status=in_progress&utm_source=mail"
    with mock.patch.object(middleware, "_address", side_effect=middleware._address) as worked_out:
        asked(short)
        asked(short)
        assert worked_out.call_count == 1
        assert len(middleware.remembered_addresses) == 1
        long_junk = "status=in_progress&junk=" + "x" * middleware.LONGEST_PATH
        page = asked(f"/recommendations/?{long_junk}").content
        asked(f"/recommendations/?{long_junk}")
        assert worked_out.call_count == 3  # worked out each time, never remembered
    assert len(middleware.remembered_addresses) == 1
    # Served the canonical page all the same, from the cache.
    assert page == asked("/recommendations/?status=in_progress").content
