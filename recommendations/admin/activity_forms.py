"""The activity page's filters: a GET form of person, ministry, recommendation and dates. A
plain form rather than a FilterSet: the activity merges several tables (selectors/activity.py),
not one queryset."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ..calendar import LAST_PLAUSIBLE_YEAR
from ..models import Ministry, Recommendation
from ..selectors.activity import ActivityFilters, person_name
from ..translation import in_page_language
from .dates import StaffDateField


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user, "")


class ActivityFilterForm(forms.Form):
    person = PersonField(
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        required=False,
        label=_("Person"),
        empty_label=_("Anyone"),
    )
    ministry = forms.ModelChoiceField(
        queryset=Ministry.objects.order_by(in_page_language("name")),
        required=False,
        label=_("Ministry (lead or supporting)"),
        empty_label=_("Any ministry"),
    )
    recommendation = forms.ModelChoiceField(
        queryset=Recommendation.objects.none(),
        required=False,
        label=_("Recommendation number"),
        help_text=_("Its number in the staff workspace, as in its page's address."),
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={
            "invalid_choice": _("No recommendation you may see has this number."),
        },
    )
    date_from = StaffDateField(required=False, label=_("From"))
    date_to = StaffDateField(required=False, label=_("To"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["recommendation"].queryset = Recommendation.objects.visible_to(
            user
        ).with_report()

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date comes before the start date."))
        for name in ("date_from", "date_to"):
            # The day after the last is read too (activity.py): 31/12/9999 has none.
            if cleaned.get(name) and cleaned[name].year > LAST_PLAUSIBLE_YEAR:
                self.add_error(
                    name, _("Give a date before %(year)s.") % {"year": LAST_PLAUSIBLE_YEAR + 1}
                )
        return cleaned

    def filters(self) -> ActivityFilters:
        """The filters chosen, for a valid form."""
        return ActivityFilters(user=self.user, **self.cleaned_data)
