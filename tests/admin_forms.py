"""The staff workspace's addresses, and building admin form posts from the page a person would
have in front of them."""

import datetime
import html
import re

from django.forms import MultiWidget
from django.urls import reverse
from django_otp.oath import totp

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

CHANGELIST = reverse("admin:recommendations_recommendation_changelist")
NOTES = reverse("admin:recommendations_evidencenote_changelist")
STAFF_EXPORT = reverse("admin:recommendations_recommendation_export")


def change_url(rec):
    return reverse("admin:recommendations_recommendation_change", args=[rec.pk])


def note_url(note):
    return reverse("admin:recommendations_evidencenote_change", args=[note.pk])


def login(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def authenticator_code(device):
    """The code a TOTP device's authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def _put(data, key, value):
    if value is None:
        data[key] = ""
    elif isinstance(value, bool):
        if value:
            data[key] = "on"
    elif isinstance(value, list | tuple):
        data[key] = [str(v) for v in value]
    elif isinstance(value, datetime.date):
        data[key] = value.isoformat()
    else:
        data[key] = str(value)


def _put_field(data, form, name):
    bound = form[name]
    if isinstance(bound.field.widget, MultiWidget):
        for index, part in enumerate(bound.field.widget.decompress(bound.value())):
            _put(data, f"{bound.html_name}_{index}", part)
    else:
        _put(data, bound.html_name, bound.value())


def changeform_data(response) -> dict:
    """The POST data of an admin change form exactly as the GET ``response`` showed it."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put_field(data, form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            _put(data, management.add_prefix(name), management[name].value())
        for subform in formset.initial_forms:
            for name in subform.fields:
                _put_field(data, subform, name)
    return data


def change_posted(client, url, **changes):
    """The response to the admin change form at ``url`` posted as its page showed it, but for
    ``changes``."""
    return client.post(url, {**changeform_data(client.get(url)), **changes})


def shown_and_posted(client, url, **changes) -> tuple[dict, object]:
    """The admin change form at ``url`` as its page showed it (its POST data), and the response
    to it posted as shown but for ``changes``."""
    shown = changeform_data(client.get(url))
    return shown, client.post(url, {**shown, **changes})


def add_inline_form(data, prefix, **fields) -> dict:
    """Append one new inline form (e.g. an evidence note) to ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        _put(data, f"{prefix}-{index}-{name}", value)
    return data


def action_data(action, objects, *, apply=False, **fields) -> dict:
    """What a change list posts for ``action`` on the ticked ``objects``: the action's first
    step (its confirmation page), or with ``apply`` the confirmed action with its ``fields``."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    if apply:
        data["apply"] = "1"
    return {**data, **fields}


def posted_back(page, button) -> dict:
    """What a browser posts from an action's page by its button ``button``: every hidden input,
    a name given several times with each of its values."""
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"', page):
        data.setdefault(name, []).append(html.unescape(value))
    return {**data, button: "1"}


def confirmed(client, data):
    """Post ``data`` (an action's first page, filled in, by its "review" button), then confirm
    the page that shows what changes, as a person would: the confirmation's response."""
    page = client.post(CHANGELIST, {**data, "review": "1"}).content.decode()
    return client.post(CHANGELIST, posted_back(page, "apply"), follow=True)


# --- the report import's preview


def hidden_fields(page):
    """What a browser posts back from the preview: its hidden inputs and the hidden text."""
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    }
    text = re.search(r'<textarea name="text" hidden[^>]*>\n(.*?)</textarea>', page, re.S)
    fields["text"] = html.unescape(text.group(1))
    return fields


def selected_links(page, kind="previous"):
    """{field name: selected value} of the preview's predecessor (or area) choices."""
    choices = {}
    pattern = rf'<select name="({kind}_\d+)"[^>]*>(.*?)</select>'
    for name, body in re.findall(pattern, page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        choices[name] = chosen.group(1) if chosen else ""
    return choices


def as_posted(page):
    """Everything the preview's form posts as it stands: hidden fields and every choice."""
    return {**hidden_fields(page), **selected_links(page), **selected_links(page, "area")}
