"""The data dictionary of the open data: a Frictionless tabular data package
(https://specs.frictionlessdata.io/tabular-data-package/), ``datapackage.json``, describing each
file and every column of it (its name, type, description, the format of a date, the values a
label can take) and the keys that join the files.

Each file's columns are named here in the order its rows (tables.py) write them; a test reads
every file back against this description with the Frictionless library. The descriptions are in
the language the archive is built in, as its labels (statuses, areas, tiers) are. The columns
with a French version (``_fr``, tables.py) come after every other column of their file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import Area, Status, Tier
from ..translation import FRENCH

DATE_FORMAT = "%Y-%m-%d"
# How exports.py writes a CSV: every field quoted, CRLF line ends, a UTF-8 byte order mark
# (read as such by a reader told "utf-8").
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\r\n"}
STATE_DEPARTMENT_REPORT = "https://www.state.gov/trafficking-in-persons-report/"


@dataclass(frozen=True)
class Table:
    """One file of the package: its name (``<name>.csv``), title, what it holds, its columns
    (Table Schema fields) and keys."""

    name: str
    title: str
    description: str
    fields: list[dict]
    primary_key: list[str] | None = None
    foreign_keys: list[dict] | None = None

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def resource(self) -> dict:
        schema = {"fields": self.fields}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": DIALECT,
            "schema": schema,
        }


def _string(name, description, **extra) -> dict:
    return {"name": name, "type": "string", "description": description, **extra}


def _integer(name, description, **extra) -> dict:
    return {"name": name, "type": "integer", "description": description, **extra}


def _date(name, description) -> dict:
    return {"name": name, "type": "date", "format": DATE_FORMAT, "description": description}


def _labels(choices) -> dict:
    return {"constraints": {"enum": [str(label) for _value, label in choices]}}


def _french_labels(choices) -> dict:
    with override(FRENCH):
        return _labels(choices)


def _french(name: str, column: str) -> dict:
    """The French version of the file's column ``column``, empty where none was entered."""
    return _string(
        name,
        _("“%(column)s” in French, empty where no French version was entered.")
        % {"column": column},
    )


def _required() -> dict:
    return {"constraints": {"required": True}}


def _key(fields, resource, reference) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": reference}}


def _country():
    return _string("country", _("The country's name."), **_required())


def _place_of_recommendation() -> list[dict]:
    """Who a status change or a note is about, beside its recommendation's id."""
    return [
        _integer(
            "recommendation_id",
            _("The recommendation it concerns (its id in recommendations.csv)."),
            **_required(),
        ),
        _country(),
        _integer("report_year", _("The year of that recommendation's report.")),
        _integer("position", _("That recommendation's number in its report.")),
    ]


def reports_table() -> Table:
    return Table(
        name="reports",
        title=_("Reports"),
        description=_("Each TIP Report country chapter imported: its year and its tier."),
        fields=[
            _country(),
            _integer("year", _("The year of the TIP Report."), **_required()),
            _string("tier", _("The country's tier in that report."), **_labels(Tier.choices)),
            _integer("recommendations", _("How many prioritized recommendations it makes.")),
            _string("url", _("The address of its dashboard."), format="uri"),
            _french("country_fr", "country"),
        ],
        primary_key=["country", "year"],
    )


def recommendations_table() -> Table:
    return Table(
        name="recommendations",
        title=_("Recommendations"),
        description=_(
            "Each prioritized recommendation of every report, with its status, owners and "
            "dates, and its thread across the years: the recommendation of the report before "
            "that it follows, the later ones that carried it over, or the report that dropped it."
        ),
        fields=[
            _integer("id", _("The recommendation's id, as in its address."), **_required()),
            _integer(
                "previous_id",
                _("The id of the recommendation of the report before that this one follows."),
            ),
            _country(),
            _integer("report_year", _("The year of its report.")),
            _integer("position", _("Its number in its report.")),
            _string("title", _("A short title.")),
            _string("recommendation", _("The recommendation's wording, as the report gives it.")),
            _string("area", _("Its 3P area."), **_labels(Area.choices)),
            _string("status", _("Its approved status."), **_labels(Status.choices)),
            _string("lead_ministry", _("The ministry that leads it.")),
            _string("supporting_ministries", _("The ministries that support it, joined by “; ”.")),
            _date("target_date", _("When it should be done.")),
            {
                "name": "overdue",
                "type": "boolean",
                "trueValues": ["yes"],
                "falseValues": ["no"],
                "description": _(
                    "Whether, on the day the file was built, it is open work (of its country's "
                    "latest report) past its target date and not completed."
                ),
            },
            _date(
                "last_status_change", _("The day of the latest status change across its thread.")
            ),
            _string(
                "latest_public_evidence",
                _(
                    "The latest published evidence note across its thread: its date, its text, "
                    "its link."
                ),
            ),
            _string(
                "carried_into",
                _("The recommendations of later reports that carried it over (year and number)."),
            ),
            _integer(
                "dropped_from", _("The year of the next report, when that report dropped it.")
            ),
            _string("closing_note", _("The task force's closing note, when it was dropped.")),
            _string("url", _("The address of its page."), format="uri"),
            _string(
                "documents",
                _(
                    "Its thread's published evidence documents, joined by “; ”: each one's name, "
                    "type, size in bytes and download address."
                ),
            ),
            _french("country_fr", "country"),
            _french("title_fr", "title"),
            _french("recommendation_fr", "recommendation"),
            _string("area_fr", _("Its 3P area, in French."), **_french_labels(Area.choices)),
            _string(
                "status_fr", _("Its approved status, in French."), **_french_labels(Status.choices)
            ),
            _french("lead_ministry_fr", "lead_ministry"),
            _string(
                "supporting_ministries_fr",
                _(
                    "The ministries that support it, each named in French where it has a French "
                    "name, else in English, joined by “; ”."
                ),
            ),
            _french("latest_public_evidence_fr", "latest_public_evidence"),
        ],
        primary_key=["id"],
        foreign_keys=[
            _key(["country", "report_year"], "reports", ["country", "year"]),
            _key(["previous_id"], "", ["id"]),
        ],
    )


def status_history_table() -> Table:
    return Table(
        name="status_history",
        title=_("Status history"),
        description=_(
            "Every approved status change, as each recommendation's timeline shows it: the day, "
            "from which status to which. A change an editor proposed is here once approved."
        ),
        fields=[
            *_place_of_recommendation(),
            _date("changed_on", _("The day the status changed.")),
            _string(
                "old_status",
                _("The status before (empty for the first one)."),
                **_labels(Status.choices),
            ),
            _string("new_status", _("The status after."), **_labels(Status.choices)),
            _french("country_fr", "country"),
        ],
        foreign_keys=[_key(["recommendation_id"], "recommendations", ["id"])],
    )


def evidence_table() -> Table:
    return Table(
        name="evidence",
        title=_("Evidence"),
        description=_(
            "Every published evidence note: what was done about a recommendation, and when."
        ),
        fields=[
            _string(
                "id", _("The note's public id, as on the recommendation's page."), **_required()
            ),
            *_place_of_recommendation(),
            _date("happened_on", _("The day it happened.")),
            _string("text", _("What was done.")),
            _string("link", _("A link to the evidence, when there is one."), format="uri"),
            _date("published_on", _("The day it was published.")),
            _french("country_fr", "country"),
            _french("text_fr", "text"),
        ],
        primary_key=["id"],
        foreign_keys=[_key(["recommendation_id"], "recommendations", ["id"])],
    )


def statistics_table(small_label: str) -> Table:
    return Table(
        name="statistics",
        title=_("Statistics"),
        description=_(
            "The approved TIP statistics of every reporting period with a figure, as the "
            "statistics page publishes them, beside what the TIP Report says of each period."
        ),
        fields=[
            _country(),
            _integer(
                "period",
                _(
                    "The reporting period, named by the report it feeds: 2021 runs from 1 April "
                    "2020 to 31 March 2021."
                ),
            ),
            _string("metric", _("The metric's code.")),
            _string(
                "source",
                _("Who gives the figure: the ministry that entered it, or the TIP Report."),
            ),
            _string("breakdown", _("The breakdown cell (empty for the total).")),
            _string(
                "value",
                _(
                    "The figure; for a breakdown cell of a few people “%(small)s”, or "
                    "“%(withheld)s” when it could be worked out from the figures beside it."
                )
                % {"small": small_label, "withheld": _("withheld")},
            ),
            _string("unit", _("“count”, or the currency of an amount of money.")),
            _french("country_fr", "country"),
            _string(
                "metric_name_fr",
                _("The metric's name in French, empty where no French version was entered."),
            ),
            _string(
                "source_fr",
                _(
                    "“source” in French: the ministry's French name (empty where none was "
                    "entered), or the TIP Report."
                ),
            ),
        ],
    )


def every_table(small_label: str) -> list[Table]:
    """The files of the package, in its order (``small_label``: what a small count reads)."""
    return [
        reports_table(),
        recommendations_table(),
        status_history_table(),
        evidence_table(),
        statistics_table(small_label),
    ]


def data_package(*, name: str, title: str, created: str, homepage: str, tables) -> dict:
    """The content of ``datapackage.json`` for ``tables``, built at ``created`` (ISO 8601)."""
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": _(
            "The public record of the TIP Report recommendations tracker: reports, "
            "recommendations, their status history, published evidence and approved statistics. "
            "Nothing internal: only what the public pages show."
        ),
        "created": created,
        "homepage": homepage,
        "sources": [{"title": _("Trafficking in Persons Report"), "path": STATE_DEPARTMENT_REPORT}],
        "resources": [table.resource() for table in tables],
    }
