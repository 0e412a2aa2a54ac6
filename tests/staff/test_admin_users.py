import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from recommendations import roles

from ..admin_forms import changeform_data, login
from ..factories import EditorFactory, MinistryFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def test_user_page_shows_the_role_and_ministries(client, secretariat):
    labour = MinistryFactory(name="Department of Labour")
    editor = EditorFactory(ministries=[labour])
    response = login(client, secretariat).get(change_url(editor))
    form = response.context["adminform"].form
    assert form["role"].value() == "editor"
    assert [int(pk) for pk in form["ministries"].value()] == [labour.pk]
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Ministry editor" in listing and str(labour) in listing


def test_secretariat_turns_an_editor_into_the_secretariat(client, secretariat):
    labour, police = MinistryFactory(), MinistryFactory()
    editor = EditorFactory(ministries=[labour])
    login(client, secretariat)
    data = changeform_data(client.get(change_url(editor)))
    data.update(role="editor", ministries=[str(labour.pk), str(police.pk)])
    assert client.post(change_url(editor), data).status_code == 302
    editor = User.objects.get(pk=editor.pk)
    assert roles.is_editor(editor) and roles.ministry_ids(editor) == {labour.pk, police.pk}
    data["role"] = "secretariat"
    assert client.post(change_url(editor), data).status_code == 302
    promoted = User.objects.get(pk=editor.pk)
    assert roles.is_secretariat(promoted)
    assert list(promoted.groups.values_list("name", flat=True)) == [roles.SECRETARIAT]


def test_an_editor_needs_a_ministry(client, secretariat):
    user = UserFactory()
    login(client, secretariat)
    data = changeform_data(client.get(change_url(user)))
    data.update(role="editor", ministries=[])
    response = client.post(change_url(user), data)
    assert response.status_code == 200
    assert "An editor works for at least one ministry." in response.content.decode()
    assert not roles.is_editor(User.objects.get(pk=user.pk))


def test_adding_a_user_sets_role_and_ministries(client, secretariat):
    police = MinistryFactory()
    login(client, secretariat)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new.focal",
            "email": "focal@example.org",
            "usable_password": "true",
            "password1": "a long enough pass phrase",
            "password2": "a long enough pass phrase",
            "role": "editor",
            "ministries": [str(police.pk)],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new.focal")
    assert user.is_staff and roles.is_editor(user)
    assert list(user.ministries.all()) == [police]


def test_secretariat_cannot_make_anyone_a_superuser(client, secretariat):
    user = UserFactory()
    login(client, secretariat)
    response = client.get(change_url(user))
    assert "is_superuser" not in response.context["adminform"].form.fields
    data = changeform_data(response)
    data.update(is_superuser="on", role="secretariat")
    assert client.post(change_url(user), data).status_code == 302
    saved = User.objects.get(pk=user.pk)
    assert not saved.is_superuser and roles.is_secretariat(saved)


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1A!", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
    ],
)
def test_admin_password_form_refuses_weak_passwords(client, password, message, secretariat):
    user = EditorFactory()
    before = User.objects.get(pk=user.pk).password
    login(client, secretariat)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(url, {"password1": password, "password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(pk=user.pk).password == before


def test_secretariat_sees_a_superusers_account_read_only(client, secretariat):
    superuser = UserFactory(is_superuser=True, username="root.admin")
    login(client, secretariat)
    response = client.get(change_url(superuser))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Only a superuser may change this account." in content
    assert "root.admin" in content and "Superuser" in content
    assert 'name="username"' not in content and 'name="role"' not in content
    assert superuser.password.rsplit("$", 1)[-1][:6] not in content
    assert "Reset password" not in content
    data = {"username": "renamed", "email": "x@example.org", "role": "secretariat"}
    assert client.post(change_url(superuser), data).status_code == 403
    assert User.objects.get(pk=superuser.pk).username == "root.admin"


def test_a_users_ministries_are_offered_with_their_country(client, secretariat):
    lucia = MinistryFactory(
        name="Ministry of Labour", short_name="Labour", country__name="Saint Lucia"
    )
    barbados = MinistryFactory(
        name="Ministry of Labour", short_name="Labour", country__name="Barbados"
    )
    editor = EditorFactory(ministries=[lucia])
    form = login(client, secretariat).get(change_url(editor)).context["adminform"].form
    labels = {str(value): label for value, label in form.fields["ministries"].choices}
    assert labels[str(lucia.pk)] == "Labour (Saint Lucia)"
    assert labels[str(barbados.pk)] == "Labour (Barbados)"


def test_secretariat_sets_the_language_of_a_persons_mail(client, secretariat):
    editor = EditorFactory()
    login(client, secretariat)
    data = changeform_data(client.get(change_url(editor)))
    assert data["language"] == "en"
    data["language"] = "fr"
    assert client.post(change_url(editor), data).status_code == 302
    assert roles.language_of(User.objects.get(pk=editor.pk)) == "fr"
    data = changeform_data(client.get(change_url(editor)))
    assert data["language"] == "fr"
