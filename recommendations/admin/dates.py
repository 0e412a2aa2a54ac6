"""The date fields of the staff workspace: each reads the formats of the page's language
(tipt/formats/, day first and ISO), shows its date in the first of them, says beside itself which
format it expects, and refuses a date that does not exist in those words."""

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.utils import formats
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext

# The day every date field's help gives as its example.
EXAMPLE_DATE = datetime.date(2027, 3, 31)


def expected_date_format() -> str:
    """How the page's language writes a date, as a person reads it: "DD/MM/YYYY, for example
    31/03/2027" (in French "JJ/MM/AAAA, par exemple 31/03/2027")."""
    shown = formats.get_format("DATE_INPUT_FORMATS")[0]
    pattern = (
        shown.replace("%d", pgettext("date format", "DD"))
        .replace("%m", pgettext("date format", "MM"))
        .replace("%Y", pgettext("date format", "YYYY"))
    )
    return gettext("%(pattern)s, for example %(example)s") % {
        "pattern": pattern,
        "example": EXAMPLE_DATE.strftime(shown),
    }


def invalid_date_message() -> str:
    return gettext("Enter a date that exists, as %(expected)s.") % {
        "expected": expected_date_format()
    }


expected_date_format_lazy = lazy(expected_date_format, str)()
invalid_date_message_lazy = lazy(invalid_date_message, str)()


class StaffDateField(forms.DateField):
    """A date typed by staff: day first or ISO, with the expected format beside it (after the
    field's own help, if any)."""

    widget = AdminDateWidget

    def __init__(self, **kwargs):
        own_help = kwargs.get("help_text")
        kwargs["help_text"] = (
            format_lazy("{} {}", own_help, expected_date_format_lazy)
            if own_help
            else expected_date_format_lazy
        )
        super().__init__(**kwargs)
        self.error_messages["invalid"] = invalid_date_message_lazy


# For a ModelAdmin's or an inline's formfield_overrides: every model date field is a StaffDateField.
DATE_FIELD_OPTIONS = {models.DateField: {"form_class": StaffDateField}}
