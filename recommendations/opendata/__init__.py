"""The open data: the whole public record of one country, or of every country, as a ZIP of CSV
files with a Frictionless data package (``datapackage.json``) describing every column.

| module | what |
|---|---|
| tables.py | each file's rows: reports, recommendations, status history, evidence, statistics |
| dictionary.py | the data package: each file's columns, their types, descriptions and keys |
| archive.py | the ZIP, written as it is sent (a stream: one chunk of rows held at a time) |
| store.py | each ZIP once built, kept on disk until what it holds changes |

Every row comes from a read the public pages use already (the status report's rows of
exports.py, the public status changes and published notes of selectors/updates.py, the masked
statistics of selectors/statistics.py and their CSV rows), so the files hold exactly what the
pages show: never an internal note, a proposal waiting, a value not approved, nor who did what.
"""
