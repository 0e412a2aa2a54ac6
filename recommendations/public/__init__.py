"""The anonymous public site: the dashboard, the filtered list, each recommendation's story, the
CSV export and the Atom feed, in English and under /fr/ in French.

It shows only what the public may see: public fields and published evidence, never an internal
note, nor who changed or wrote what. Every page, the export and the feed read a fixed number of
queries whatever the amount of data (tests/public/test_public_queries.py pins them); the pages
and the feed are cached whole until what they show changes, the export streams.

views.py (thin views), urls.py (every address, named), filters.py (the FilterSets the list, its
export and the dashboard share), feeds.py (the Atom feed), statistics.py (the statistics page
and its CSV), data.py (the open data's page and ZIPs, recommendations/opendata/), documents.py
(a published evidence document's download, checked at each request and never cached) and
cache.py (the page cache's read side). The reads behind the pages are the QuerySet methods of
models.py and selectors/ (the tallies, the public updates); the status report's CSV is
recommendations/exports.py, shared with the staff workspace.
"""
