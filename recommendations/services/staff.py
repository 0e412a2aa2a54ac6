"""Staff accounts: a person's role (secretariat, ministry editor, or none), the ministries
they work for and the language of the mail TIPT sends them, set from the admin by the
secretariat or on the command line (``add_staff``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .. import roles
from ..models import Ministry, StaffProfile
from ..writes import writing


class StaffAccountError(Exception):
    """A staff account that cannot be saved as asked; the message says why."""


def staff_user_set_role(*, user, role: str, ministries, by=None) -> None:
    """Give ``user`` one role (or none) and the ministries they work for.

    ``by`` is the person making the change (None on the command line) and must be the
    secretariat; nobody but a superuser changes a superuser.
    """
    if role not in roles.GROUP_OF_ROLE and role != "":
        raise StaffAccountError(_("Unknown role %(role)r.") % {"role": role})
    _require_staff_manager(user, by)
    with writing():
        role_groups = Group.objects.filter(name__in=roles.GROUP_OF_ROLE.values())
        user.groups.remove(*role_groups)
        if role:
            user.groups.add(Group.objects.get(name=roles.GROUP_OF_ROLE[role]))
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        user.ministries.set(ministries)
        roles.forget(user)


def _require_staff_manager(user, by) -> None:
    """Refuse ``by`` (None: the command line) a change of ``user``'s account unless they are
    the secretariat; nobody but a superuser changes a superuser."""
    if by is None:
        return
    if not roles.secretariat_may(by, "auth.change_user"):
        raise PermissionDenied(_("Only the secretariat manages staff."))
    if user.is_superuser and not by.is_superuser:
        raise PermissionDenied(_("Only a superuser changes a superuser."))


def staff_profile_set_language(*, user, language: str, by=None) -> StaffProfile:
    """Write the mail TIPT sends ``user`` in ``language`` (one of settings.LANGUAGES); ``by``
    as for staff_user_set_role."""
    if language not in dict(settings.LANGUAGES):
        raise StaffAccountError(
            _("Unknown language %(language)r; choose one of: %(languages)s.")
            % {"language": language, "languages": ", ".join(dict(settings.LANGUAGES))}
        )
    _require_staff_manager(user, by)
    with writing():
        profile, _created = StaffProfile.objects.update_or_create(
            user=user, defaults={"language": language}
        )
    user.tipt_profile = profile
    return profile


def staff_role_check(*, role: str, ministry_slugs=()) -> list[Ministry]:
    """The ministries named by ``ministry_slugs``, if the role and every slug are known."""
    if role not in roles.GROUP_OF_ROLE:
        raise StaffAccountError(
            _("Unknown role %(role)r; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(roles.GROUP_OF_ROLE)}
        )
    ministries = list(Ministry.objects.filter(slug__in=ministry_slugs))
    unknown = sorted(set(ministry_slugs) - {m.slug for m in ministries})
    if unknown:
        raise StaffAccountError(
            _("Unknown ministry %(slugs)s; known ministries: %(known)s.")
            % {
                "slugs": ", ".join(unknown),
                "known": ", ".join(Ministry.objects.values_list("slug", flat=True)) or "-",
            }
        )
    if role == "editor" and not ministries:
        raise StaffAccountError(_("An editor works for at least one ministry: give --ministry."))
    return ministries


def staff_user_save(
    *,
    username: str,
    role: str,
    ministry_slugs=(),
    email: str | None = None,
    password: str | None = None,
    language: str | None = None,
):
    """Create or update a staff account with its role and ministries (``add_staff``), and the
    language of its mail when given (else a new account's is settings.LANGUAGE_CODE and an
    existing one keeps its own).

    Returns ``(user, created)``. A password, when given, must pass the password validators.
    """
    ministries = staff_role_check(role=role, ministry_slugs=ministry_slugs)
    User = get_user_model()
    with writing():
        user, created = User.objects.get_or_create(username=username)
        user.is_staff = True
        if email is not None:
            user.email = email
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        staff_user_set_role(user=user, role=role, ministries=ministries)
        if language is not None:
            staff_profile_set_language(user=user, language=language)
    return user, created
