"""Staff accounts in the staff workspace: each user's role (secretariat or ministry editor),
ministries and mail language, set as add_staff sets them, and what only a superuser may hand out
or change."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, services
from ..models import Ministry

User = get_user_model()


class MinistriesOfTheirCountries(forms.ModelMultipleChoiceField):
    """Each ministry with its country: two governments may both have a "Ministry of Labour"."""

    def label_from_instance(self, ministry):
        return f"{ministry} ({ministry.country})"


class RoleFieldsMixin(forms.Form):
    """The role and ministries of a staff user, as add_staff sets them."""

    role = forms.ChoiceField(
        label=_("role"),
        choices=roles.ROLE_CHOICES,
        required=False,
        help_text=_(
            "Secretariat: everything, and the only role that publishes evidence. Ministry "
            "editor: the recommendations of their ministries only."
        ),
    )
    ministries = MinistriesOfTheirCountries(
        label=_("ministries"),
        queryset=Ministry.objects.select_related("country").order_by("country__name_en", "name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The ministries this person works for."),
    )

    language = forms.ChoiceField(
        label=_("language of emails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,
        help_text=_("The reminders and review mails TIPT sends this person are in this language."),
    )

    def _set_role_initial(self):
        if self.instance.pk:
            names = self.instance.groups.values_list("name", flat=True)
            found = [roles.ROLE_OF_GROUP[name] for name in names if name in roles.ROLE_OF_GROUP]
            self.fields["role"].initial = found[0] if found else ""
            self.fields["ministries"].initial = list(self.instance.ministries.all())
            self.fields["language"].initial = roles.language_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == "editor" and not cleaned.get("ministries"):
            self.add_error("ministries", gettext("An editor works for at least one ministry."))
        return cleaned


class StaffUserChangeForm(RoleFieldsMixin, UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_role_initial()


class StaffUserCreationForm(RoleFieldsMixin, AdminUserCreationForm):
    pass


ROLE_FIELDSET = (_("Role in the workspace"), {"fields": ["role", "ministries", "language"]})
# The same, for a page the user may only view: the admin shows read-only fields through the
# model or the admin class, never the form, and "ministries" and "language" are form fields.
READ_ONLY_ROLE_FIELDSET = (
    _("Role in the workspace"),
    {
        "fields": ["role", "ministry_list", "mail_language"],
        "description": _("Only a superuser may change this account."),
    },
)
# Only a superuser hands out these; the secretariat gives roles instead.
SUPERUSER_ONLY_FIELDS = {"is_superuser", "groups", "user_permissions"}

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    list_display = ["username", "email", "role", "ministry_list", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "ministries"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
        ROLE_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "ministries")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        read_only = not self.has_change_permission(request, obj)
        hidden = set() if request.user.is_superuser else SUPERUSER_ONLY_FIELDS
        if read_only:
            # Nothing to do with it (the reset button would be refused), nothing to learn.
            hidden = {*hidden, "password"}
        result = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in hidden]
            result.append((name, {**options, "fields": fields}))
        return [*result, READ_ONLY_ROLE_FIELDSET if read_only else ROLE_FIELDSET]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.staff_user_set_role(
            user=form.instance,
            role=form.cleaned_data.get("role", ""),
            ministries=form.cleaned_data.get("ministries", []),
            by=request.user,
        )
        language = form.cleaned_data.get("language")
        if language and language != roles.language_of(form.instance):
            services.staff_profile_set_language(
                user=form.instance, language=language, by=request.user
            )

    @admin.display(description=_("role"))
    def role(self, user):
        names = {group.name for group in user.groups.all()}
        if roles.SECRETARIAT in names:
            return gettext("Secretariat")
        if roles.EDITOR in names:
            return gettext("Ministry editor")
        return gettext("Superuser") if user.is_superuser else "-"

    @admin.display(description=_("ministries"))
    def ministry_list(self, user):
        return ", ".join(str(m) for m in user.ministries.all()) or "-"

    @admin.display(description=_("language of emails"))
    def mail_language(self, user):
        code = roles.language_of(user)
        return dict(settings.LANGUAGES).get(code, code)
