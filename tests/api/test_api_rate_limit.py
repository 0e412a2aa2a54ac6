"""The API is rate-limited per client address, read as django-axes reads it for failed
sign-ins: past the limit a clear 429 with Retry-After and a JSON body; other addresses go on;
behind a proxy, each client behind it counts apart, and an address a client writes into
X-Forwarded-For does not let it escape."""

import pytest
from django.test import Client

from recommendations.api.throttling import ClientAddressThrottle

from ..factories import CountryFactory

pytestmark = pytest.mark.django_db

LIMIT = 3
URL = "/api/v1/countries/"
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def low_limit(monkeypatch):
    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"api": f"{LIMIT}/minute"})
    CountryFactory()


def get(address="10.0.0.1", forwarded_for=None, url=URL):
    meta = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client().get(url, **meta)


def test_past_the_limit_a_clear_429_with_retry_after():
    assert [get().status_code for _ in range(LIMIT)] == [200] * LIMIT
    refused = get()
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"]


def test_cached_answers_count_against_the_limit_too():
    # The same address, answered from the cache after the first: still limited.
    statuses = [get(url="/api/v1/recommendations/").status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]


def test_every_endpoint_shares_one_limit():
    urls = ["/api/v1/countries/", "/api/v1/reports/", "/api/v1/schema/", "/api/v1/docs/"]
    assert [get(url=url).status_code for url in urls] == [200, 200, 200, 429]


def test_another_address_is_not_limited():
    for _ in range(LIMIT + 1):
        get("10.0.0.1")
    assert get("10.0.0.2").status_code == 200


def test_without_a_proxy_a_forwarded_for_header_is_ignored():
    for n in range(LIMIT):
        assert get(forwarded_for=f"203.0.113.{n}").status_code == 200
    assert get(forwarded_for="198.51.100.7").status_code == 429


def test_behind_a_proxy_each_client_counts_apart(behind_one_proxy):
    for _ in range(LIMIT):
        assert get(PROXY, forwarded_for="203.0.113.5").status_code == 200
    assert get(PROXY, forwarded_for="203.0.113.5").status_code == 429
    # Another visitor behind the same proxy.
    assert get(PROXY, forwarded_for="203.0.113.6").status_code == 200


def test_behind_a_proxy_a_forged_address_does_not_escape(behind_one_proxy):
    for n in range(LIMIT):
        # The client wrote an address of its own before the one the proxy appended.
        assert get(PROXY, forwarded_for=f"10.9.9.{n}, 203.0.113.5").status_code == 200
    assert get(PROXY, forwarded_for="10.9.9.99, 203.0.113.5").status_code == 429


def test_a_rate_of_no_known_form_is_refused_at_start(monkeypatch, tmp_path, settings):
    import runpy
    from pathlib import Path

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("DJANGO_ENV_FILE", str(tmp_path / "none.env"))
    monkeypatch.setenv("TIPT_API_RATE", "5/fortnight")
    with pytest.raises(ImproperlyConfigured, match="TIPT_API_RATE"):
        runpy.run_path(str(Path(settings.BASE_DIR) / "tipt" / "settings.py"))
