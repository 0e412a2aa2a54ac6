"""The read-only JSON API under /api/v1/ (Django REST framework, described by drf-spectacular).

| module | what |
|---|---|
| views.py | the endpoints: countries, reports, recommendations, threads, evidence, statistics |
| serializers.py | the fields each endpoint shows: only what the public pages show |
| filters.py | the API's FilterSets: the public list's own, with the thread added; evidence's |
| caching.py | responses cached like the public pages, keyed by the same page versions |
| throttling.py | the rate limit per client address, read as django-axes reads it |
| pagination.py | pages whose links are written from the canonical query |
| docs.py | the documentation page, written on the server from the OpenAPI description |
| urls.py | every address, named inside ``app_name = "api"`` |
"""
