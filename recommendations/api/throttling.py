"""The API's rate limit: TIPT_API_RATE requests per client address, then a 429 with Retry-After
and a JSON body (Django REST framework's throttling).

The client address is read as django-axes reads it for failed sign-ins (django-ipware with
TIPT_PROXY_COUNT, tipt/settings.py): one rule for both, so behind a reverse proxy the API limits
each visitor, not the proxy, and an address a client writes into X-Forwarded-For is ignored.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from rest_framework.throttling import SimpleRateThrottle

from ..public.cache import cache_call


def client_address(request) -> str:
    """The client's address, as django-axes reads it (the connecting address without proxies)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


class _GuardedCache:
    """The cache as the throttle uses it, through the page cache's outage guard: while Redis
    fails, requests are answered unthrottled rather than failing (the cache is an accelerator
    and a shield, not a dependency of every answer)."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, key, default=None):
        value = cache_call(self.cache.get, key)
        return default if value is None else value

    def set(self, key, value, timeout):
        cache_call(self.cache.set, key, value, timeout)


class ClientAddressThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self):
        super().__init__()
        self.cache = _GuardedCache(SimpleRateThrottle.cache)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
